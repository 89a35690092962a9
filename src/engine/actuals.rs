//! Actuals (MODEL.md section 11): growth fitted from a plan's history, the
//! fit's backtest, and the plan checked against what happened since.
//! Logs and exponentials come from libm, so every platform agrees.

use super::forecast::{Forecast, ScenarioForecast};
use super::number::{Dist, Num};
use super::plan::{Actual, Growth, Plan, Scenario, Segment};
use libm::{exp, log};

/// A month's observed users, as fits read them: (month, users).
pub type Observed = (f64, f64);

/// The history a fit reads: the actual users of months <= 0.
pub fn history(plan: &Plan) -> Vec<Observed> {
    (plan.actuals.iter())
        .filter(|a| a.month <= 0)
        .filter_map(|a| Some((f64::from(a.month), a.users?)))
        .collect()
}

/// Student's t quantile 0.95 with `df` degrees of freedom (statrs), to 10
/// significant digits so that every platform uses the same number.
pub fn t95(df: usize) -> f64 {
    use statrs::distribution::{ContinuousCDF, StudentsT};
    let t = StudentsT::new(0.0, 1.0, df.max(1) as f64)
        .map(|d| d.inverse_cdf(0.95))
        .unwrap_or(f64::NAN);
    (t * 1e9).round() / 1e9
}

/// The least-squares line ln(users) = a + b * month, and what it says.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CompoundFit {
    /// e^b - 1.
    pub rate: f64,
    /// The 90% range of the rate: e^(b -/+ t se(b)) - 1.
    pub rate_low: f64,
    pub rate_high: f64,
    /// e^a: the fitted users at month 0.
    pub initial_users: f64,
    /// R^2 of the line, in ln(users).
    pub r_squared: f64,
    /// s: the residuals' standard deviation, in ln(users).
    pub residual_sd: f64,
    #[serde(skip)]
    pub line: Line,
}

/// A fitted line in ln(users) with what its prediction interval needs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Line {
    pub a: f64,
    pub b: f64,
    pub n: usize,
    pub mean_month: f64,
    /// Sum of the squared deviations of the months.
    pub sxx: f64,
    pub s: f64,
}

impl Line {
    /// e^(a + b m) and its 90% prediction interval.
    pub fn predict(&self, m: f64) -> (f64, f64, f64) {
        let centre = self.a + self.b * m;
        let n = self.n as f64;
        let spread = t95(self.n - 2)
            * self.s
            * (1.0 + 1.0 / n + (m - self.mean_month).powi(2) / self.sxx).sqrt();
        (exp(centre), exp(centre - spread), exp(centre + spread))
    }
}

/// Why a series gives no fit, or none yet.
fn usable(points: &[Observed]) -> Result<(), String> {
    if points.len() < 3 {
        return Err(format!(
            "a fit needs the users of at least 3 months up to month 0, got {}",
            points.len()
        ));
    }
    if let Some((m, u)) = points.iter().find(|p| !p.1.is_finite() || p.1 <= 0.0) {
        return Err(format!(
            "a fit needs users above 0 in every month, got {u} in month {m}"
        ));
    }
    Ok(())
}

/// The compound fit of `points` (at least 3, every count above 0).
pub fn fit_compound(points: &[Observed]) -> Result<CompoundFit, String> {
    usable(points)?;
    let n = points.len() as f64;
    let ys: Vec<f64> = points.iter().map(|p| log(p.1)).collect();
    let (a, b, mean_month, sxx) = line_through(points, &ys);
    let mean_y = ys.iter().sum::<f64>() / n;
    let sse: f64 = (points.iter().zip(&ys))
        .map(|(p, y)| (y - a - b * p.0).powi(2))
        .sum();
    let sst: f64 = ys.iter().map(|y| (y - mean_y).powi(2)).sum();
    let s = (sse / (n - 2.0)).sqrt();
    let half = t95(points.len() - 2) * s / sxx.sqrt();
    let fit = CompoundFit {
        rate: exp(b) - 1.0,
        rate_low: exp(b - half) - 1.0,
        rate_high: exp(b + half) - 1.0,
        initial_users: exp(a),
        // A flat history is fitted exactly.
        r_squared: if sst > 0.0 { 1.0 - sse / sst } else { 1.0 },
        residual_sd: s,
        line: Line {
            a,
            b,
            n: points.len(),
            mean_month,
            sxx,
            s,
        },
    };
    let figures = [fit.rate, fit.rate_low, fit.rate_high, fit.initial_users];
    if !figures.iter().all(|v| v.is_finite()) {
        return Err(TOO_WILD.into());
    }
    Ok(fit)
}

/// A history whose fit overflows (its range or forecast is past any number).
const TOO_WILD: &str = "the users of the history vary too widely for a compound fit (its 90% range overflows); check it for mistyped counts";

/// The logistic curve of section 2 that fits the history's users best.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LogisticFit {
    pub rate: f64,
    pub capacity: f64,
    /// Users at month 0 on the curve.
    pub initial_users: f64,
    /// R^2 in users (the curve minimises the squared error of users).
    pub r_squared: f64,
}

impl LogisticFit {
    pub fn at(&self, m: f64) -> f64 {
        logistic(self.rate, self.capacity, self.initial_users, m)
    }
}

/// The squared error of users about the curve `q` = (r, K, u0).
fn squared_error(points: &[Observed], q: [f64; 3]) -> f64 {
    (points.iter())
        .map(|p| (p.1 - logistic(q[0], q[1], q[2], p.0)).powi(2))
        .sum()
}

fn logistic(r: f64, k: f64, u0: f64, m: f64) -> f64 {
    k / (1.0 + ((k - u0) / u0) * exp(-r * m))
}

/// The logistic fit: least squares of users over (r, K, u0), K in
/// (max users, 100 * max users]. A log grid over K, each with the line of
/// ln(K / u - 1) as a start, then Levenberg-Marquardt on all three. A
/// minimum on the upper bound of K (a history that shows no slowing) or a
/// rate not above 0 is no fit.
pub fn fit_logistic(points: &[Observed]) -> Result<LogisticFit, String> {
    usable(points)?;
    let top = points.iter().map(|p| p.1).fold(0.0, f64::max);
    let (lo, hi) = (top * (1.0 + 1e-6), top * 100.0);
    let sse = |q: [f64; 3]| squared_error(points, q);
    const GRID: usize = 120;
    let start = (0..=GRID)
        .map(|i| lo * (hi / lo).powf(i as f64 / GRID as f64))
        .filter_map(|k| linearized(points, k))
        .min_by(|x, y| sse(*x).total_cmp(&sse(*y)))
        .ok_or("no logistic curve passes near this history")?;
    let best = levenberg_marquardt(points, start, (lo, hi));
    let no_ceiling = best[1] >= hi * (1.0 - 1e-6);
    if no_ceiling || best[0] <= 0.0 || !best.iter().all(|v| v.is_finite()) {
        return Err(
            "no logistic fit: the history shows no slowing toward a ceiling within 100 times its largest count"
                .into(),
        );
    }
    let n = points.len() as f64;
    let mean = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sst: f64 = points.iter().map(|p| (p.1 - mean).powi(2)).sum();
    let e = sse(best);
    Ok(LogisticFit {
        rate: best[0],
        capacity: best[1],
        initial_users: best[2],
        r_squared: if sst > 0.0 { 1.0 - e / sst } else { 1.0 },
    })
}

/// The least-squares line y = a + b * month through the points' months and
/// `ys`: (a, b, the mean month, Sxx).
fn line_through(points: &[Observed], ys: &[f64]) -> (f64, f64, f64, f64) {
    let n = points.len() as f64;
    let mean_month = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = ys.iter().sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_month).powi(2)).sum();
    let sxy: f64 = (points.iter().zip(ys))
        .map(|(p, y)| (p.0 - mean_month) * (y - mean_y))
        .sum();
    let b = sxy / sxx;
    (mean_y - b * mean_month, b, mean_month, sxx)
}

/// (r, K, u0) from the line ln(K / u - 1) = ln c - r m, for a fixed K.
fn linearized(points: &[Observed], k: f64) -> Option<[f64; 3]> {
    let ys: Vec<f64> = points.iter().map(|p| log(k / p.1 - 1.0)).collect();
    let (ln_c, slope, _, _) = line_through(points, &ys);
    let c = exp(ln_c);
    let q = [-slope, k, k / (1.0 + c)];
    (q.iter().all(|v| v.is_finite()) && q[0] > 0.0).then_some(q)
}

/// Minimises the squared error of users from `q` = (r, K, u0), K kept in
/// `bounds` and r, u0 above 0.
fn levenberg_marquardt(points: &[Observed], mut q: [f64; 3], bounds: (f64, f64)) -> [f64; 3] {
    let sse = |q: [f64; 3]| squared_error(points, q);
    let mut lambda = 1e-3;
    let mut err = sse(q);
    for _ in 0..500 {
        let (jtj, jtr) = normal_equations(points, q);
        let mut improved = false;
        while lambda < 1e12 {
            let mut a = jtj;
            for (i, row) in a.iter_mut().enumerate() {
                row[i] += lambda * jtj[i][i].max(1e-300);
            }
            let Some(step) = solve3(a, jtr) else {
                lambda *= 10.0;
                continue;
            };
            let next = [
                (q[0] + step[0]).max(1e-12),
                (q[1] + step[1]).clamp(bounds.0, bounds.1),
                (q[2] + step[2]).max(1e-12),
            ];
            let e = sse(next);
            if e < err {
                let gain = (err - e) / err.max(1e-300);
                q = next;
                err = e;
                lambda = (lambda / 10.0).max(1e-12);
                improved = gain > 1e-15;
                break;
            }
            lambda *= 10.0;
        }
        if !improved {
            break;
        }
    }
    q
}

/// JᵀJ and Jᵀr of the residuals of users at `q` = (r, K, u0).
fn normal_equations(points: &[Observed], q: [f64; 3]) -> ([[f64; 3]; 3], [f64; 3]) {
    let [r, k, u0] = q;
    let c = k / u0 - 1.0;
    let mut jtj = [[0.0; 3]; 3];
    let mut jtr = [0.0; 3];
    for &(m, u) in points {
        let e = exp(-r * m);
        let d = 1.0 + c * e;
        let f = k / d;
        let grad = [
            k * c * m * e / (d * d),
            1.0 / d - k * e / (u0 * d * d),
            k * k * e / (u0 * u0 * d * d),
        ];
        for i in 0..3 {
            jtr[i] += grad[i] * (u - f);
            for j in 0..3 {
                jtj[i][j] += grad[i] * grad[j];
            }
        }
    }
    (jtj, jtr)
}

/// Solves a 3x3 system by Cramer's rule; none if it is singular.
fn solve3(a: [[f64; 3]; 3], b: [f64; 3]) -> Option<[f64; 3]> {
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(a);
    if d == 0.0 || !d.is_finite() {
        return None;
    }
    let mut x = [0.0; 3];
    for (i, xi) in x.iter_mut().enumerate() {
        let mut m = a;
        for row in 0..3 {
            m[row][i] = b[row];
        }
        *xi = det(m) / d;
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// A held-out month of a backtest.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HeldOut {
    #[serde(serialize_with = "whole")]
    pub month: f64,
    pub actual: f64,
    pub forecast: f64,
    /// The 90% prediction interval.
    pub low: f64,
    pub high: f64,
}

/// A month number, written as the whole number it is.
fn whole<S: serde::Serializer>(m: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(*m as i64)
}

/// How well a fit on the earlier history forecast the held-out months.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Accuracy {
    /// Mean of |forecast / actual - 1|.
    pub mape: f64,
    /// Share of held-out months inside the interval, bounds included; none
    /// when no interval can be given.
    pub coverage: Option<f64>,
    pub months: Vec<HeldOut>,
}

fn accuracy(months: Vec<HeldOut>) -> Accuracy {
    let n = months.len() as f64;
    let mape = months
        .iter()
        .map(|h| (h.forecast / h.actual - 1.0).abs())
        .sum::<f64>()
        / n;
    // Bounds included, to the last bits: an exact fit's interval has no
    // width, and its forecast may differ from the actual in the 16th digit.
    let slack = |v: f64| v.abs() * 1e-12;
    let inside = (months.iter())
        .filter(|h| h.low - slack(h.low) <= h.actual && h.actual <= h.high + slack(h.high))
        .count();
    let has_interval = months.iter().all(|h| h.low.is_finite());
    Accuracy {
        mape,
        coverage: has_interval.then_some(inside as f64 / n),
        months,
    }
}

/// The held-out months against `predict` (forecast, low, high by month).
fn held_out(held: &[Observed], predict: impl Fn(f64) -> (f64, f64, f64)) -> Accuracy {
    accuracy(
        (held.iter())
            .map(|&(month, actual)| {
                let (forecast, low, high) = predict(month);
                HeldOut {
                    month,
                    actual,
                    forecast,
                    low,
                    high,
                }
            })
            .collect(),
    )
}

/// A backtest: the last `holdout` months of history held out.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Backtest {
    pub holdout: usize,
    pub compound: Accuracy,
    /// Where the logistic fit converges on the earlier months. Its interval
    /// is the curve times e^(-/+ t s), s the standard deviation of the
    /// residuals of ln(users) about it (k - 3 degrees of freedom, t of
    /// those): none with only 3 months to fit.
    pub logistic: Option<Accuracy>,
}

/// The backtest's usual holdout: 3 months, fewer when the history is too
/// short to keep 3 months to fit (at least 1). The app opens on it and the
/// command line takes it when no holdout is given.
pub const USUAL_HOLDOUT: usize = 3;

/// The longest holdout a history of `points` months allows (3 left to
/// fit), at least 1.
pub fn longest_holdout(points: usize) -> usize {
    points.saturating_sub(3).max(1)
}

/// [`USUAL_HOLDOUT`], or the longest a history of `points` months allows.
pub fn usual_holdout(points: usize) -> usize {
    USUAL_HOLDOUT.min(longest_holdout(points))
}

/// Fits on the first n - `holdout` points and forecasts the rest.
pub fn backtest(points: &[Observed], holdout: usize) -> Result<Backtest, String> {
    usable(points)?;
    let n = points.len();
    if holdout < 1 {
        return Err("a backtest holds out at least 1 month".into());
    }
    if n < holdout + 3 {
        let months = |k: usize| if k == 1 { "month" } else { "months" };
        return Err(format!(
            "holding out {holdout} {} leaves {} of the {n} {} of history to fit, and a fit needs 3",
            months(holdout),
            n.saturating_sub(holdout),
            months(n)
        ));
    }
    let (fitted, held) = points.split_at(n - holdout);
    let line = fit_compound(fitted)?.line;
    let compound = held_out(held, |m| line.predict(m));
    // An error that can be measured: finite, of finite forecasts.
    let measured =
        |a: &Accuracy| a.mape.is_finite() && a.months.iter().all(|h| h.forecast.is_finite());
    if !measured(&compound) || compound.months.iter().any(|h| !h.high.is_finite()) {
        return Err(TOO_WILD.into());
    }
    // A logistic fit whose error cannot be measured is left out as none.
    let logistic = fit_logistic(fitted)
        .ok()
        .map(|fit| {
            let k = fitted.len();
            let spread = (k > 3).then(|| {
                let sse: f64 = (fitted.iter())
                    .map(|p| (log(p.1) - log(fit.at(p.0))).powi(2))
                    .sum();
                t95(k - 3) * (sse / (k - 3) as f64).sqrt()
            });
            held_out(held, |m| {
                let forecast = fit.at(m);
                let (low, high) = spread.map_or((f64::NAN, f64::NAN), |s| {
                    (forecast * exp(-s), forecast * exp(s))
                });
                (forecast, low, high)
            })
        })
        .filter(measured);
    Ok(Backtest {
        holdout,
        compound,
        logistic,
    })
}

/// A month since month 0 with an actual: the figures given, forecast and
/// observed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Tracked {
    pub month: u32,
    pub actual: f64,
    pub forecast: f64,
    /// actual - forecast.
    pub error: f64,
    /// actual / forecast - 1 (none when the forecast is 0).
    pub error_share: Option<f64>,
}

impl Tracked {
    fn new(month: u32, actual: f64, forecast: f64) -> Tracked {
        Tracked {
            month,
            actual,
            forecast,
            error: actual - forecast,
            error_share: (forecast != 0.0).then(|| actual / forecast - 1.0),
        }
    }
}

/// One scenario against the actuals since month 0.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Tracking {
    pub scenario: usize,
    pub users: Vec<Tracked>,
    pub cost: Vec<Tracked>,
    /// Mean |ln(actual / forecast)| of users over the months where neither
    /// is 0; none without such a month.
    pub mean_abs_log_error: Option<f64>,
    /// The months that mean is over.
    pub months: usize,
    /// How far actual users run from the forecast over those months: the
    /// geometric mean of actual / forecast, less 1 (+0.12: 12% above).
    pub drift: Option<f64>,
}

/// The actual of month `m` (0..=H), if any.
pub fn actual_at(plan: &Plan, m: u32) -> Option<&Actual> {
    let m = i32::try_from(m).ok()?;
    plan.actuals.iter().find(|a| a.month == m)
}

/// Every scenario of `forecast` against `plan`'s actuals since month 0.
pub fn tracking(plan: &Plan, forecast: &Forecast) -> Vec<Tracking> {
    (forecast.scenarios.iter())
        .map(|sf| track(plan, sf))
        .collect()
}

/// One scenario's forecast against `plan`'s actuals since month 0.
pub fn track(plan: &Plan, sf: &ScenarioForecast) -> Tracking {
    let mut t = Tracking {
        scenario: sf.scenario,
        users: Vec::new(),
        cost: Vec::new(),
        mean_abs_log_error: None,
        months: 0,
        drift: None,
    };
    for mf in &sf.months {
        let Some(a) = actual_at(plan, mf.month) else {
            continue;
        };
        if let Some(u) = a.users {
            t.users.push(Tracked::new(mf.month, u, mf.users));
        }
        if let Some(c) = a.cost {
            t.cost.push(Tracked::new(mf.month, c, mf.cost));
        }
    }
    let logs: Vec<f64> = (t.users.iter())
        .filter(|u| u.actual > 0.0 && u.forecast > 0.0)
        .map(|u| log(u.actual / u.forecast))
        .collect();
    t.months = logs.len();
    let n = logs.len() as f64;
    if !logs.is_empty() {
        t.mean_abs_log_error = Some(logs.iter().map(|l| l.abs()).sum::<f64>() / n);
        t.drift = Some(exp(logs.iter().sum::<f64>() / n) - 1.0);
    }
    t
}

/// The scenario whose users are closest to the actuals (least mean absolute
/// log error); none without an actual to compare, or when the least error
/// is shared.
pub fn closest(tracks: &[Tracking]) -> Option<usize> {
    let errors: Vec<(usize, f64)> = (tracks.iter())
        .filter_map(|t| Some((t.scenario, t.mean_abs_log_error?)))
        .collect();
    let (best, least) = errors.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1))?;
    // A tie (every scenario still at the plan's initial users, say) names
    // none: the first of equals is not closer.
    let tied = (errors.iter()).any(|&(s, e)| s != best && (e - least).abs() <= 1e-12);
    (!tied).then_some(best)
}

/// The share of the actual users since month 0 inside `band` (P5, P95) of
/// their month, bounds included; none without such an actual.
pub fn calibration(plan: &Plan, band: impl Fn(u32) -> Option<(f64, f64)>) -> Option<f64> {
    let inside: Vec<bool> = (plan.actuals.iter())
        .filter(|a| a.month >= 0)
        .filter_map(|a| {
            let (lo, hi) = band(a.month as u32)?;
            let u = a.users?;
            Some(lo <= u && u <= hi)
        })
        .collect();
    (!inside.is_empty()).then(|| inside.iter().filter(|x| **x).count() as f64 / inside.len() as f64)
}

/// Rates in a fitted scenario are whole hundredths of a percent: a planner
/// reads "2.35% to 4.12%" in the rate field, not sixteen digits of noise.
const HUNDREDTHS: f64 = 1e4;

/// `rate` in whole hundredths of a percent: rounded down (`up` false) or up,
/// except that a rate within float noise of a hundredth is that hundredth.
fn hundredths(rate: f64, up: bool) -> f64 {
    let k = rate * HUNDREDTHS;
    let near = k.round();
    let whole = if (k - near).abs() < 1e-6 {
        near
    } else if up {
        k.ceil()
    } else {
        k.floor()
    };
    whole / HUNDREDTHS
}

/// `rate` to the nearest hundredth of a percent.
fn nearest_hundredth(rate: f64) -> f64 {
    (rate * HUNDREDTHS).round() / HUNDREDTHS
}

/// A compound scenario from `fit` of `months` months of history ("Fitted,
/// compound, 14 months"): one segment from month 1 whose rate is the normal
/// range {rate_low, rate_high} rounded outward to hundredths of a percent
/// (never claiming more certainty than the fit), or one rate when the
/// range rounds to one (an exact fit).
pub fn fitted_scenario(plan: &Plan, fit: &CompoundFit, months: usize) -> Scenario {
    let (low, high) = (
        hundredths(fit.rate_low, false),
        hundredths(fit.rate_high, true),
    );
    let exact = fit.rate_high - fit.rate_low < 1e-9;
    let rate = if !exact && low < high {
        Num::Range {
            low,
            high,
            dist: Dist::Normal,
        }
    } else {
        Num::Fixed(nearest_hundredth(fit.rate))
    };
    Scenario {
        id: fitted_id(plan),
        label: fresh_label(plan, format!("Fitted, compound, {months} months")),
        growth: Growth::Compound {
            segments: vec![Segment {
                from: 1,
                to: None,
                rate,
            }],
            churn: Num::Fixed(0.0),
        },
    }
}

/// A logistic scenario from `fit` of `months` months of history ("Fitted,
/// logistic, 14 months"): its rate (to hundredths of a percent) and
/// ceiling (whole users).
pub fn fitted_logistic(plan: &Plan, fit: &LogisticFit, months: usize) -> Scenario {
    Scenario {
        id: fitted_id(plan),
        label: fresh_label(plan, format!("Fitted, logistic, {months} months")),
        growth: Growth::Logistic {
            rate: Num::Fixed(nearest_hundredth(fit.rate)),
            capacity: Num::Fixed(fit.capacity.round()),
        },
    }
}

/// `label`, or "label (2)", "label (3)", ...: the first no scenario of
/// `plan` has, so a fit used twice is told apart in the scenario picker.
fn fresh_label(plan: &Plan, label: String) -> String {
    let nth = |i| format!("{label} ({i})");
    first_free(label.clone(), nth, |l| {
        plan.scenarios.iter().any(|s| s.label == l)
    })
}

/// The first of "fitted", "fitted-2", ... that no scenario of `plan` has.
fn fitted_id(plan: &Plan) -> String {
    let nth = |i| format!("fitted-{i}");
    first_free("fitted".into(), nth, |id| {
        plan.scenarios.iter().any(|s| s.id == id)
    })
}

/// `first`, else the first of `nth(2)`, `nth(3)`, ... not `taken`.
fn first_free(
    first: String,
    nth: impl Fn(usize) -> String,
    taken: impl Fn(&str) -> bool,
) -> String {
    std::iter::once(first)
        .chain((2..).map(nth))
        .find(|x| !taken(x))
        .expect("some name is free")
}

/// A new version of `plan` whose month 0 is its latest actual month with
/// users: `start` moved by as many months (when set), initial users that
/// actual, and every actual renumbered (history kept as negative months).
/// The scenarios, tiers and horizon stay as they are.
pub fn rebaseline(plan: &Plan) -> Result<Plan, String> {
    let latest = (plan.actuals.iter().rev())
        .find_map(|a| Some((a.month, a.users?)))
        .ok_or("no actual gives users to start from")?;
    let (shift, users) = latest;
    if shift <= 0 {
        return Err(format!(
            "the latest actual users are of month {shift}: the plan already starts there or later"
        ));
    }
    let mut next = plan.clone();
    next.start = plan.start.map(|s| s.plus(shift));
    next.initial_users = Num::Fixed(users);
    for a in &mut next.actuals {
        a.month -= shift;
    }
    next.actuals
        .retain(|a| a.month >= *super::validate::ACTUAL_MONTHS.start());
    Ok(next)
}
