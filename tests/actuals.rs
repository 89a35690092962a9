//! Actuals (MODEL.md section 11, issue 14): calendar months, validation of
//! actuals, the compound and logistic fits, the backtest, the plan against
//! what happened, and rebaselining. Expected figures come from closed forms
//! computed here, not from the engine's own run.

mod support;

use headroom::engine::actuals::{
    backtest, calibration, closest, fit_compound, fit_logistic, fitted_logistic, fitted_scenario,
    history, rebaseline, t95, tracking,
};
use headroom::engine::calendar::CalendarMonth;
use headroom::engine::{forecast, validate, Num};
use serde_json::json;
use support::{base, decode};

/// Student's t 0.95 quantiles from published tables (to 9 decimals).
#[test]
fn the_t_quantile_matches_the_tables() {
    for (df, t) in [
        (1, 6.313751515),
        (2, 2.919985580),
        (5, 2.015048373),
        (10, 1.812461123),
        (30, 1.697260887),
    ] {
        assert!((t95(df) - t).abs() < 2e-9, "df {df}: {}", t95(df));
    }
}

/// A tiny seeded generator of standard normal numbers (Box-Muller), so the
/// noisy series are the same on every run.
struct Normal(u64);
impl Normal {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn next(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

#[test]
fn an_exact_geometric_history_fits_its_rate_with_no_range() {
    let points: Vec<(f64, f64)> = (-12..=0)
        .map(|m| (m as f64, 5000.0 * 1.08f64.powi(m)))
        .collect();
    let f = fit_compound(&points).unwrap();
    assert!((f.rate - 0.08).abs() < 1e-12, "{}", f.rate);
    assert!((f.initial_users - 5000.0).abs() < 1e-6);
    assert!(
        (f.rate_high - f.rate_low).abs() < 1e-12,
        "no residual, no range"
    );
    assert!(f.residual_sd < 1e-12);
    assert!((f.r_squared - 1.0).abs() < 1e-12);
}

/// The closed form of least squares on the logs, written the other way
/// (normal equations in raw sums), with the slope's standard error.
#[test]
fn a_noisy_history_fits_the_least_squares_line_of_its_logs() {
    let mut z = Normal(7);
    let points: Vec<(f64, f64)> = (-17..=0)
        .map(|m| {
            let m = m as f64;
            (m, (9.0 + 0.11 * m + 0.04 * z.next()).exp())
        })
        .collect();
    let f = fit_compound(&points).unwrap();
    let n = points.len() as f64;
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(a, b), p| (a + p.0, b + p.1.ln()));
    let sxx: f64 = points.iter().map(|p| p.0 * p.0).sum();
    let sxy: f64 = points.iter().map(|p| p.0 * p.1.ln()).sum();
    let b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    let a = (sy - b * sx) / n;
    let sse: f64 = points
        .iter()
        .map(|p| (p.1.ln() - a - b * p.0).powi(2))
        .sum();
    let se = (sse / (n - 2.0) / (sxx - sx * sx / n)).sqrt();
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * y.abs().max(1.0);
    assert!(
        close(f.rate, b.exp() - 1.0),
        "{} vs {}",
        f.rate,
        b.exp() - 1.0
    );
    assert!(close(f.initial_users, a.exp()));
    assert!(close(f.rate_low, (b - t95(16) * se).exp() - 1.0));
    assert!(close(f.rate_high, (b + t95(16) * se).exp() - 1.0));
    assert!(close(f.residual_sd, (sse / (n - 2.0)).sqrt()));
    assert!(f.rate_low < 0.11 + 0.02 && f.rate_high > 0.11 - 0.02);
}

/// The 90% range is honest: over many noisy histories, the true rate falls
/// inside it about 90% of the time (binomial sd of 400 draws: 1.5%).
#[test]
fn the_rate_range_holds_the_true_rate_nine_times_in_ten() {
    let mut z = Normal(11);
    let truth = 0.06f64.exp() - 1.0;
    let inside = (0..400)
        .filter(|_| {
            let points: Vec<(f64, f64)> = (-9..=0)
                .map(|m| (m as f64, (7.0 + 0.06 * m as f64 + 0.05 * z.next()).exp()))
                .collect();
            let f = fit_compound(&points).unwrap();
            f.rate_low <= truth && truth <= f.rate_high
        })
        .count();
    assert!((340..=380).contains(&inside), "{inside} of 400");
}

#[test]
fn too_short_or_non_positive_history_gives_no_fit_and_says_why() {
    let e = fit_compound(&[(-1.0, 10.0), (0.0, 12.0)]).unwrap_err();
    assert_eq!(
        e,
        "a fit needs the users of at least 3 months up to month 0, got 2"
    );
    let e = fit_compound(&[(-2.0, 10.0), (-1.0, 0.0), (0.0, 12.0)]).unwrap_err();
    assert_eq!(
        e,
        "a fit needs users above 0 in every month, got 0 in month -1"
    );
    assert!(fit_logistic(&[(0.0, 1.0)]).is_err());
}

fn logistic(r: f64, k: f64, u0: f64, m: f64) -> f64 {
    k / (1.0 + (k - u0) / u0 * (-r * m).exp())
}

#[test]
fn the_logistic_fit_recovers_a_logistic_history() {
    let points: Vec<(f64, f64)> = (-20..=0)
        .map(|m| (m as f64, logistic(0.25, 80_000.0, 50_000.0, m as f64)))
        .collect();
    let f = fit_logistic(&points).unwrap();
    assert!((f.rate - 0.25).abs() < 1e-4, "{f:?}");
    assert!((f.capacity / 80_000.0 - 1.0).abs() < 1e-4, "{f:?}");
    assert!((f.initial_users / 50_000.0 - 1.0).abs() < 1e-4, "{f:?}");
    assert!(f.r_squared > 0.999_999);
    // With 2% noise the parameters stay within a few percent.
    let mut z = Normal(5);
    let noisy: Vec<(f64, f64)> = points
        .iter()
        .map(|&(m, u)| (m, u * (1.0 + 0.02 * z.next())))
        .collect();
    let g = fit_logistic(&noisy).unwrap();
    assert!((g.capacity / 80_000.0 - 1.0).abs() < 0.1, "{g:?}");
    assert!((g.rate / 0.25 - 1.0).abs() < 0.2, "{g:?}");
}

/// A history still growing exponentially has no ceiling to find: the best
/// curve runs into the bound, so there is no fit rather than a wild one.
#[test]
fn an_exponential_history_gives_no_logistic_fit() {
    let points: Vec<(f64, f64)> = (-18..=0)
        .map(|m| (m as f64, 1000.0 * 1.15f64.powi(m + 18)))
        .collect();
    let e = fit_logistic(&points).unwrap_err();
    assert!(e.starts_with("no logistic fit"), "{e}");
}

/// The logistic fit's squared error is no worse than that of a fine grid
/// around it (the minimum is reached to 1e-6 of its value).
#[test]
fn the_logistic_fit_is_a_minimum() {
    let mut z = Normal(9);
    let points: Vec<(f64, f64)> = (-14..=0)
        .map(|m| {
            (
                m as f64,
                logistic(0.3, 20_000.0, 12_000.0, m as f64) * (1.0 + 0.03 * z.next()),
            )
        })
        .collect();
    let f = fit_logistic(&points).unwrap();
    let sse = |r: f64, k: f64, u: f64| -> f64 {
        points
            .iter()
            .map(|p| (p.1 - logistic(r, k, u, p.0)).powi(2))
            .sum()
    };
    let best = sse(f.rate, f.capacity, f.initial_users);
    for dr in [-1e-3, 0.0, 1e-3] {
        for dk in [-1e-3, 0.0, 1e-3] {
            for du in [-1e-3, 0.0, 1e-3] {
                let other = sse(
                    f.rate * (1.0 + dr),
                    f.capacity * (1.0 + dk),
                    f.initial_users * (1.0 + du),
                );
                assert!(
                    best <= other * (1.0 + 1e-6),
                    "{best} > {other} at {dr} {dk} {du}"
                );
            }
        }
    }
}

/// A backtest by hand: fit on the first k points, forecast the rest with
/// the prediction interval of section 11.
#[test]
fn the_backtest_forecasts_the_held_out_months_by_the_formula() {
    let points = vec![
        (-5.0, 100.0),
        (-4.0, 112.0),
        (-3.0, 121.0),
        (-2.0, 135.0),
        (-1.0, 150.0),
        (0.0, 160.0),
    ];
    let b = backtest(&points, 2).unwrap();
    // Fit on months -5..-2: x mean -3.5, Sxx 5.
    let xs = [-5.0, -4.0, -3.0, -2.0];
    let ys: Vec<f64> = [100.0f64, 112.0, 121.0, 135.0]
        .iter()
        .map(|u| u.ln())
        .collect();
    let ym = ys.iter().sum::<f64>() / 4.0;
    let slope = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| (x + 3.5) * (y - ym))
        .sum::<f64>()
        / 5.0;
    let a = ym + 3.5 * slope;
    let s = (xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| (y - a - slope * x).powi(2))
        .sum::<f64>()
        / 2.0)
        .sqrt();
    let mut abs_pct = 0.0;
    let mut inside = 0;
    for (h, (m, actual)) in b.compound.months.iter().zip([(-1.0, 150.0), (0.0, 160.0)]) {
        let centre = a + slope * m;
        let spread = t95(2) * s * (1.0 + 0.25 + (m + 3.5f64).powi(2) / 5.0).sqrt();
        assert_eq!(h.month, m);
        assert!((h.forecast - centre.exp()).abs() < 1e-9 * centre.exp());
        assert!((h.low - (centre - spread).exp()).abs() < 1e-9 * h.low);
        assert!((h.high - (centre + spread).exp()).abs() < 1e-9 * h.high);
        abs_pct += (centre.exp() / actual - 1.0f64).abs();
        inside += usize::from(h.low <= actual && actual <= h.high);
    }
    assert!((b.compound.mape - abs_pct / 2.0).abs() < 1e-12);
    assert_eq!(b.compound.coverage, Some(inside as f64 / 2.0));
    assert_eq!(b.holdout, 2);
    // Four points leave one degree of freedom for the logistic interval.
    assert!(b.logistic.as_ref().is_none_or(|l| l.coverage.is_some()));
    // Too few left to fit, or nothing held out.
    assert_eq!(
        backtest(&points, 4).unwrap_err(),
        "holding out 4 months leaves 2 of the 6 months of history to fit, and a fit needs 3"
    );
    assert_eq!(
        backtest(&points, 0).unwrap_err(),
        "a backtest holds out at least 1 month"
    );
    // An exact history: every held-out month is its forecast, inside its
    // zero-width interval.
    let exact: Vec<(f64, f64)> = (-6..=0)
        .map(|m| (m as f64, 100.0 * 1.1f64.powi(m + 6)))
        .collect();
    let b = backtest(&exact, 3).unwrap();
    assert_eq!(b.compound.coverage, Some(1.0));
    assert!(b.compound.mape < 1e-12);
}

fn with_actuals(actuals: serde_json::Value) -> serde_json::Value {
    let mut v = base();
    v["actuals"] = actuals;
    v
}

#[test]
fn actuals_are_checked_with_their_paths() {
    let mut v = with_actuals(json!([
        {"month": -2, "users": -1},
        {"month": -2, "cost": 5},
        {"month": 0, "metrics": {"nope": 3}},
        {"month": 200, "users": 1},
        {"month": 201},
        {"month": 202, "users": 2e12},
    ]));
    v["start"] = json!("2026-03");
    let errors: Vec<String> = validate(&decode(&v))
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(
        errors,
        [
            "actuals[0].users: must be a finite number >= 0, got -1",
            "actuals[1].month: must come after month -2 of the entry before it, got -2",
            "actuals[2].metrics.nope: no driver with id \"nope\"",
            "actuals[3].month: must be from -120 to 120, got 200",
            "actuals[4].month: must be from -120 to 120, got 201",
            "actuals[4]: gives no figure: add users, cost or a driver's value",
            "actuals[5].month: must be from -120 to 120, got 202",
            "actuals[5].users: must be at most 10^12, got 2000000000000",
        ]
    );
    let bad = |text: &str| {
        let mut v = base();
        v["start"] = json!(text);
        headroom::formats::plan_json::decode(&v.to_string())
            .unwrap_err()
            .to_string()
    };
    assert!(bad("2026-13").starts_with("start: month must be 01 to 12, got \"2026-13\""));
    assert!(bad("March 2026").starts_with("start: must be a calendar month as \"YYYY-MM\""));
    assert!(bad("1492-10").starts_with("start: year must be 1900 to 2200"));
    let mut v = with_actuals(json!([{"month": -1.5, "users": 3}]));
    v["x"] = json!(null);
    v.as_object_mut().unwrap().remove("x");
    let e = headroom::formats::plan_json::decode(&v.to_string())
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("actuals[0].month: invalid type: number `-1.5`, expected a whole number"),
        "{e}"
    );
}

#[test]
fn calendar_months_count_across_years() {
    let m = CalendarMonth::parse("2026-11").unwrap();
    assert_eq!(m.plus(2).to_string(), "2027-01");
    assert_eq!(m.plus(-11).to_string(), "2025-12");
    assert_eq!(m.until(CalendarMonth::parse("2028-02").unwrap()), 15);
    // A plan keeps its start and actuals through its file, and one without
    // them writes neither.
    let mut v = with_actuals(
        json!([{"month": -1, "users": 900}, {"month": 1, "users": 1150, "cost": 99.5}]),
    );
    v["start"] = json!("2026-11");
    let plan = decode(&v);
    let text = headroom::formats::plan_json::encode(&plan);
    assert_eq!(decode(&serde_json::from_str(&text).unwrap()), plan);
    assert!(text.contains("\"start\": \"2026-11\""));
    let plain = headroom::formats::plan_json::encode(&decode(&base()));
    assert!(!plain.contains("start") && !plain.contains("actuals"));
}

/// Two scenarios against actuals by hand: errors, the mean absolute log
/// error, the closest scenario, and calibration against a band.
#[test]
fn the_plan_is_checked_against_what_happened() {
    let mut v = with_actuals(json!([
        {"month": -3, "users": 700},
        {"month": 1, "users": 1150, "cost": 90},
        {"month": 2, "users": 1300},
        {"month": 30, "users": 1}
    ]));
    v["scenarios"] = json!([
        {"id": "slow", "label": "Slow", "growth": {"kind": "compound", "segments": [{"from": 1, "rate": 0.1}]}},
        {"id": "fast", "label": "Fast", "growth": {"kind": "compound", "segments": [{"from": 1, "rate": 0.15}]}}
    ]);
    let plan = decode(&v);
    let f = forecast(&plan).unwrap();
    let t = tracking(&plan, &f);
    // Slow forecasts 1,100 and 1,210; fast 1,150 and 1,322.5.
    assert_eq!(
        t[0].users.len(),
        2,
        "month 30 is past the horizon, -3 before month 0"
    );
    assert!((t[0].users[0].error - 50.0).abs() < 1e-9);
    assert!((t[0].users[1].error_share.unwrap() - (1300.0 / 1210.0 - 1.0)).abs() < 1e-12);
    assert!((t[0].cost[0].error - (90.0 - 100.0)).abs() < 1e-9);
    let slow = ((1150.0f64 / 1100.0).ln().abs() + (1300.0f64 / 1210.0).ln().abs()) / 2.0;
    let fast = (0.0 + (1300.0f64 / 1322.5).ln().abs()) / 2.0;
    assert!((t[0].mean_abs_log_error.unwrap() - slow).abs() < 1e-12);
    assert!((t[1].mean_abs_log_error.unwrap() - fast).abs() < 1e-12);
    assert_eq!(closest(&t), Some(1));
    assert_eq!(t[1].months, 2);
    // Equal errors name no scenario: the first of equals is not closer.
    let mut tied = t.clone();
    tied[0].mean_abs_log_error = tied[1].mean_abs_log_error;
    assert_eq!(closest(&tied), None);
    // A band that holds month 1's users but not month 2's.
    let share = calibration(&plan, |m| {
        Some(if m == 1 { (1000.0, 1200.0) } else { (0.0, 1.0) })
    });
    assert_eq!(
        share,
        Some(2.0 / 3.0),
        "months 1 and 30 inside, month 2 outside"
    );
    assert_eq!(
        closest(&tracking(
            &decode(&base()),
            &forecast(&decode(&base())).unwrap()
        )),
        None
    );
}

#[test]
fn a_fitted_scenario_grows_at_the_fitted_range() {
    let v = with_actuals(json!([
        {"month": -3, "users": 700}, {"month": -2, "users": 800},
        {"month": -1, "users": 880}, {"month": 0, "users": 1000}
    ]));
    let plan = decode(&v);
    let points = history(&plan);
    assert_eq!(points.len(), 4);
    let fit = fit_compound(&points).unwrap();
    let s = fitted_scenario(&plan, &fit, points.len());
    assert_eq!(s.id, "fitted");
    assert_eq!(s.label, "Fitted, compound, 4 months");
    let mut with = plan.clone();
    with.scenarios.push(s.clone());
    assert!(validate(&with).is_empty());
    assert_eq!(fitted_scenario(&with, &fit, 4).id, "fitted-2");
    assert_eq!(
        fitted_scenario(&with, &fit, 4).label,
        "Fitted, compound, 4 months (2)"
    );
    match s.growth {
        headroom::engine::Growth::Compound { segments, .. } => match segments[0].rate {
            Num::Range { low, high, .. } => {
                // Rounded outward to hundredths of a percent: never narrower
                // than the fit, never more than 0.01 points wider each side.
                assert!(low <= fit.rate_low && fit.rate_low - low < 1e-4, "{low}");
                assert!(
                    high >= fit.rate_high && high - fit.rate_high < 1e-4,
                    "{high}"
                );
                for end in [low, high] {
                    let hundredths = end * 1e4;
                    assert!((hundredths - hundredths.round()).abs() < 1e-9, "{end}");
                }
            }
            _ => panic!("a range"),
        },
        _ => panic!("compound"),
    }
}

/// An exact geometric history (+7% a month) fits with no spread: the
/// scenario's rate is the one rate, 7% to the hundredth of a percent; a
/// logistic scenario keeps its rate to 0.01 points and whole users.
#[test]
fn fitted_scenarios_read_as_a_planner_would_type_them() {
    let points: Vec<(f64, f64)> = (-8..=0)
        .map(|m| (m as f64, 1000.0 * 1.07f64.powi(m + 8)))
        .collect();
    let fit = fit_compound(&points).unwrap();
    let plan = decode(&base());
    match &fitted_scenario(&plan, &fit, 9).growth {
        headroom::engine::Growth::Compound { segments, .. } => {
            assert_eq!(segments[0].rate, Num::Fixed(0.07))
        }
        _ => panic!("compound"),
    }
    let points: Vec<(f64, f64)> = (-20..=0)
        .map(|m| (m as f64, logistic(0.25, 80_000.0, 50_000.0, m as f64)))
        .collect();
    let l = fit_logistic(&points).unwrap();
    match fitted_logistic(&plan, &l, 21).growth {
        headroom::engine::Growth::Logistic { rate, capacity, .. } => {
            assert_eq!(rate, Num::Fixed(0.25));
            assert_eq!(capacity, Num::Fixed(80_000.0));
        }
        _ => panic!("logistic"),
    }
}

#[test]
fn rebaselining_starts_the_plan_at_its_latest_actual() {
    let mut v = with_actuals(json!([
        {"month": -2, "users": 800}, {"month": 0, "users": 1000},
        {"month": 3, "users": 1400, "cost": 120}, {"month": 4, "cost": 130}
    ]));
    v["start"] = json!("2026-11");
    let plan = decode(&v);
    let next = rebaseline(&plan).unwrap();
    assert_eq!(next.start.unwrap().to_string(), "2027-02");
    assert_eq!(next.initial_users, Num::Fixed(1400.0));
    let months: Vec<i32> = next.actuals.iter().map(|a| a.month).collect();
    assert_eq!(months, [-5, -3, 0, 1]);
    assert_eq!(next.scenarios, plan.scenarios);
    assert!(validate(&next).is_empty());
    let e = rebaseline(&decode(&with_actuals(json!([{"month": -1, "users": 5}])))).unwrap_err();
    assert!(e.contains("month -1"), "{e}");
    assert!(rebaseline(&decode(&base())).is_err());
}

mod paste {
    use super::*;
    use headroom::formats::actuals::{merge, read, to_csv, told};

    fn plan() -> headroom::engine::Plan {
        let mut v = base();
        v["metrics"] = json!([{"id": "dau", "label": "Daily active users", "unit": "users", "from": "users", "factor": 0.3}]);
        decode(&v)
    }

    fn months(text: &str) -> Vec<(i32, Option<f64>, Option<f64>)> {
        let p = read(text, &plan()).unwrap_or_else(|e| panic!("{e}"));
        p.actuals
            .iter()
            .map(|a| (a.month, a.users, a.cost))
            .collect()
    }

    #[test]
    fn every_accepted_shape_reads() {
        let want = vec![(-2, Some(12500.0), Some(1200.5)), (-1, Some(14000.0), None)];
        // Tabs (a spreadsheet's copy) with thousands separators, no header.
        assert_eq!(months("-2\t12,500\t1,200.50\n-1\t14000\t\n"), want);
        // Commas with quoted thousands, a header in any case and order.
        assert_eq!(
            months("Month,Cost,Users\n-2,\"1,200.50\",\"12,500\"\n-1,,14000\n"),
            want
        );
        // Windows line ends, blank lines, rows out of order, a currency sign.
        assert_eq!(months("-1\t14000\r\n\r\n-2\t12500\t$1200.5\r\n"), want);
        // A driver by its label, and by its id.
        let p = read("month,users,Daily active users\n0,100,30\n", &plan()).unwrap();
        assert_eq!(p.actuals[0].metrics.get("dau"), Some(&30.0));
        // Saved where the comma marks decimals: semicolons apart, points
        // grouping thousands.
        let p = read(
            "month;users;cost\n-2;1.234;100,25\n-1;3000,5;1.234,5\n0;1.000;€1.234,56\n",
            &plan(),
        )
        .unwrap();
        let got: Vec<(i32, Option<f64>, Option<f64>)> = (p.actuals.iter())
            .map(|a| (a.month, a.users, a.cost))
            .collect();
        assert_eq!(
            got,
            [
                (-2, Some(1234.0), Some(100.25)),
                (-1, Some(3000.5), Some(1234.5)),
                (0, Some(1000.0), Some(1234.56))
            ]
        );
        // The same without a header: the first row holds a decimal comma.
        let p = read(
            "-2;1.234;100,25\n-1;3000,5;1.234,5\n0;1.000;€1.234,56\n",
            &plan(),
        );
        let got: Vec<(i32, Option<f64>, Option<f64>)> = (p.unwrap().actuals.iter())
            .map(|a| (a.month, a.users, a.cost))
            .collect();
        assert_eq!(got[0], (-2, Some(1234.0), Some(100.25)));
        assert_eq!(got[1], (-1, Some(3000.5), Some(1234.5)));
        let p = read("-2;1.234,5\n-1;1.500,0\n", &plan()).unwrap();
        assert_eq!(p.actuals[0].users, Some(1234.5));
        let p = read("month\tdau\n0\t31", &plan()).unwrap();
        assert_eq!(p.actuals[0].metrics.get("dau"), Some(&31.0));
    }

    #[test]
    fn dates_count_from_the_plan_start_or_make_the_latest_month_0() {
        let p = read("2026-05\t900\n2026-07\t1000\n2026/06\t950\n", &plan()).unwrap();
        assert_eq!(
            p.start.unwrap().to_string(),
            "2026-07",
            "no start: the latest date is month 0"
        );
        let m: Vec<i32> = p.actuals.iter().map(|a| a.month).collect();
        assert_eq!(m, [-2, -1, 0]);
        let mut dated = plan();
        dated.start = Some(CalendarMonth::parse("2026-06").unwrap());
        let p = read("date,users\n2026-05,900\n2026-08,1000\n", &dated).unwrap();
        assert_eq!(p.start, None, "the plan's start stays");
        let m: Vec<i32> = p.actuals.iter().map(|a| a.month).collect();
        assert_eq!(m, [-1, 2]);
        // Written back as CSV and read again: the same actuals.
        let mut merged = merge(&dated, &p);
        let again = read(&to_csv(&merged), &merged).unwrap();
        assert_eq!(again.actuals, merged.actuals);
        // A month just added, with no figure yet, is not written.
        merged.actuals.push(headroom::engine::Actual {
            month: 5,
            users: None,
            cost: None,
            metrics: Default::default(),
        });
        assert_eq!(
            read(&to_csv(&merged), &merged).unwrap().actuals,
            again.actuals
        );
    }

    #[test]
    fn each_refusal_names_its_row_and_column() {
        let e = |text: &str| read(text, &plan()).unwrap_err().to_string();
        assert_eq!(
            e(""),
            "row 1: nothing to read: paste rows of month and users (and cost)"
        );
        assert_eq!(
            e("-2\t12,500\n-1\tlots\n"),
            "row 2, column 2: users: \"lots\" is not a number, e.g. 12,500"
        );
        assert_eq!(
            e("month,users,visits\n0,1,2\n"),
            "row 1, column 3: \"visits\" is not month, users, cost or a driver (dau)"
        );
        assert_eq!(e("users,month\n1,0\n"), "row 1, column 1: the first column must be the month (a month number or a date such as 2026-07)");
        assert_eq!(
            e("-1\t1.500\n"),
            "row 1, column 2: users: \"1.500\" would read as 1.5, as a point marks decimals; write 1,500 or 1500 if thousands are meant"
        );
        assert_eq!(
            e("-1\t5\n-1\t6\n"),
            "row 2, column 1: month -1 is given twice (rows 1 and 2)"
        );
        assert_eq!(
            e("-1\t-5\n"),
            "row 1, column 2: users must not be negative, got -5"
        );
        assert_eq!(
            e("-1\t5 to 6\n"),
            "row 1, column 2: users is one observed number, not a range"
        );
        assert_eq!(
            e("-1\t5\t1\t9\n"),
            "row 1, column 4: has 4 cells, more than the 3 columns (month, users, cost)"
        );
        assert_eq!(
            e("2026-01\t5\n0\t6\n"),
            "row 2, column 1: months are all month numbers or all dates, not a mix"
        );
        assert_eq!(
            e("month,users\nsoon,5\n"),
            "row 2, column 1: \"soon\" is not a month number or a date such as 2026-07"
        );
        assert_eq!(
            e("month,users,Users\n-5,1,2\n"),
            "row 1, column 3: \"Users\" names the same figure as column 2"
        );
        assert_eq!(
            e("month,users,cost\n"),
            "row 1: only a header: paste the rows under it too"
        );
        assert_eq!(
            e("-1\t5\n0\t\t\n"),
            "row 2: gives no figure: a month needs users, cost or a driver's value"
        );
        assert_eq!(
            e("-2\t0\n-1\t5\n0\t1e308\n"),
            "row 3, column 2: users must be at most 10^12, got 1e308"
        );
        // Rows apart by semicolons: a point there groups thousands, so a
        // point that does not is refused rather than misread.
        assert_eq!(
            e("month;users;cost\n-2;5000;1.5\n"),
            "row 2, column 3: cost: \"1.5\": in rows apart by semicolons a comma marks decimals and a point groups thousands, as in 1.234,5"
        );
        // A control character in a cell is shown escaped.
        assert_eq!(
            e("month,users\n0,5\u{1b}00\n"),
            "row 2, column 2: users: \"5\\u{1b}00\" is not a number, e.g. 12,500"
        );
        assert_eq!(
            e("-2500\t5\n"),
            "row 1, column 1: month -2500 is outside -120 to 120"
        );
        assert_eq!(
            e("1850-01\t5\n"),
            "row 1, column 1: year must be 1900 to 2200, got \"1850-01\""
        );
        assert_eq!(
            e("1990-01\t5\n2026-07\t6\n"),
            "row 1, column 1: this date is month -438 of the plan, outside -120 to 120"
        );
    }

    #[test]
    fn a_paste_replaces_the_months_it_gives_and_keeps_the_others() {
        let mut p = plan();
        p.actuals = read("-3\t100\n-2\t110\n", &p).unwrap().actuals;
        let pasted = read("-2\t111\t5\n-1\t120\n", &p).unwrap();
        let merged = merge(&p, &pasted);
        let got: Vec<(i32, Option<f64>)> =
            merged.actuals.iter().map(|a| (a.month, a.users)).collect();
        assert_eq!(
            got,
            [(-3, Some(100.0)), (-2, Some(111.0)), (-1, Some(120.0))]
        );
        assert!(validate(&merged).is_empty());
        // A month pasted again keeps the figures the paste leaves out.
        let mut p = merged;
        p.actuals[1].cost = Some(50.0);
        p.actuals[1].metrics.insert("dau".into(), 7.0);
        let again = read("month\tusers\n-2\t115\n0\t130\n", &p).unwrap();
        let merged = merge(&p, &again);
        let a = &merged.actuals[1];
        assert_eq!((a.month, a.users, a.cost), (-2, Some(115.0), Some(50.0)));
        assert_eq!(a.metrics.get("dau"), Some(&7.0));
        assert_eq!(merged.actuals.len(), 4);
        assert_eq!(told(&p, &again), "Read 2 months: 1 new, 1 updated.");
    }

    #[test]
    fn a_paste_says_what_it_read_and_where_it_set_the_start() {
        let p = plan();
        let pasted = read("2026-05\t100\n", &p).unwrap();
        assert_eq!(
            told(&p, &pasted),
            "Read 1 month: 1 new, 0 updated. Start set to 2026-05: the latest pasted month is month 0."
        );
    }
}

/// What the app shows of actuals (`app::actuals`): points at their months,
/// the drift card, the fit chart over the history, dates beside month
/// numbers, and the calibration alert against a simulation's band.
mod shown {
    use super::*;
    use headroom::app::actuals::{
        calibration, driver_columns, drivers_to_add, fit_cards, fit_chart, fitted, residual_chart,
        start_mismatch, tracking_cards, with_actuals as dots_on,
    };
    use headroom::app::charts;

    fn plan() -> headroom::engine::Plan {
        let mut v = with_actuals(json!([
            {"month": -3, "users": 700}, {"month": -2, "users": 800},
            {"month": -1, "users": 880}, {"month": 0, "users": 1000},
            {"month": 2, "users": 1331, "cost": 90}
        ]));
        v["start"] = json!("2026-11");
        decode(&v)
    }

    #[test]
    fn actual_points_sit_at_their_months_with_dates() {
        let p = plan();
        let f = forecast(&p).unwrap();
        let users = dots_on(&p, charts::users(&p, &f), false);
        let dots = &users.points[0];
        assert_eq!(dots.name, "Actual users");
        assert_eq!(dots.values.len(), 13);
        assert_eq!((dots.values[0], dots.values[2]), (1000.0, 1331.0));
        assert!(dots.values[1].is_nan() && dots.values[12].is_nan());
        assert_eq!(
            users.readout(2),
            "Month 2 (Jan 2027): S 1,210; Actual users 1,331"
        );
        let cost = dots_on(&p, charts::cost(&p, &f, 0), true);
        assert_eq!(cost.points[0].values[2], 90.0);
        // A plan without actuals gets no dots.
        let plain = decode(&base());
        let f2 = forecast(&plain).unwrap();
        assert!(dots_on(&plain, charts::users(&plain, &f2), false)
            .points
            .is_empty());
    }

    #[test]
    fn the_drift_card_says_how_far_actual_users_run() {
        let p = plan();
        let f = forecast(&p).unwrap();
        // Month 0: 1,000 against 1,000; month 2: 1,331 against 1,210.
        let drift = ((1331.0f64 / 1210.0).ln() / 2.0).exp() - 1.0;
        let cards = tracking_cards(&p, &f, 0).unwrap();
        assert_eq!(cards[0].1, format!("+{:.1}%", drift * 100.0));
        assert_eq!(
            cards[0].2,
            format!(
                "Actual users run {:.1}% above S over 2 months; closest: S",
                drift * 100.0
            )
        );
        assert!(
            tracking_cards(&decode(&base()), &forecast(&decode(&base())).unwrap(), 0).is_none()
        );
    }

    #[test]
    fn the_fit_chart_runs_over_the_history() {
        let p = plan();
        let f = fitted(&p, 1).unwrap();
        let chart = fit_chart(&f, p.start).unwrap();
        assert_eq!(chart.first_month, -3);
        assert_eq!(chart.months(), 4);
        assert_eq!(chart.series[0].name, "Compound fit");
        assert_eq!(chart.points[0].values, [700.0, 800.0, 880.0, 1000.0]);
        let (head, rows) = chart.table();
        assert_eq!(head[0], "Month");
        assert_eq!(rows[0][0], "-3 (Aug 2026)");
        // The backtest's forecast of the held-out month 0 is a dot there.
        assert!(chart.points[1].values[3].is_finite() && chart.points[1].values[2].is_nan());
    }

    /// Residuals are actual / fit - 1 at each history month, one series of
    /// dots per fit; the y axis reaches below zero to show the negative ones.
    #[test]
    fn the_residual_chart_shows_each_fit_against_the_history() {
        let p = plan();
        let f = fitted(&p, 1).unwrap();
        let c = f.compound.as_ref().unwrap();
        let chart = residual_chart(&f, p.start).unwrap();
        assert_eq!(chart.first_month, -3);
        assert!(chart.series.is_empty());
        assert_eq!(chart.points[0].name, "Compound fit residual");
        for (i, users) in [700.0, 800.0, 880.0, 1000.0].into_iter().enumerate() {
            let m = i as f64 - 3.0;
            // The fit through its month-0 users and rate (both checked
            // against the closed form above).
            let fit = c.initial_users * (1.0 + c.rate).powf(m);
            let want = users / fit - 1.0;
            assert!((chart.points[0].values[i] - want).abs() < 1e-9);
        }
        // Least squares on the logs: residuals on both sides of zero.
        let low = chart.points[0].values.iter().copied().fold(0.0, f64::min);
        assert!(low < 0.0 && chart.y_min() < low && chart.y_max() > 0.0);
        assert_eq!(chart.y_max(), -chart.y_min());
        let largest = (chart.points[0].values.iter()).fold(0.0f64, |a, v| a.max(v.abs()));
        assert!((chart.y_max() - (largest * 1.1).max(0.01)).abs() < 1e-15);
        // An exact history: residuals of float noise get an axis of +-1%.
        let exact = with_actuals(json!([
            {"month": -2, "users": 1000}, {"month": -1, "users": 1100}, {"month": 0, "users": 1210}
        ]));
        let e = residual_chart(&fitted(&decode(&exact), 1).unwrap(), None).unwrap();
        assert_eq!((e.y_min(), e.y_max()), (-0.01, 0.01));
        // A plain chart keeps its axis from zero.
        let plain = fit_chart(&f, p.start).unwrap();
        assert_eq!(plain.y_min(), 0.0);
    }

    /// The actuals editor shows a column for each driver with a value and
    /// each one added, in the plan's order; the rest are offered.
    #[test]
    fn driver_columns_follow_the_values_and_the_planners_choice() {
        let mut v = base();
        v["metrics"] = json!([
            {"id": "rps", "label": "Requests", "unit": "req/s", "from": "users", "factor": 0.5},
            {"id": "gb", "label": "Storage", "unit": "GB", "from": "users", "factor": 2}
        ]);
        v["actuals"] = json!([{"month": 0, "users": 10, "metrics": {"gb": 30}}]);
        let p = decode(&v);
        assert_eq!(driver_columns(&p, &[]), ["gb"]);
        assert_eq!(
            drivers_to_add(&p, &["gb".into()]),
            [("rps".into(), "Requests".into())]
        );
        // Added columns come in the plan's order; a removed driver's goes.
        let added = ["gone".to_string(), "rps".to_string()];
        assert_eq!(driver_columns(&p, &added), ["rps", "gb"]);
        assert!(drivers_to_add(&p, &driver_columns(&p, &added)).is_empty());
    }

    /// The backtest card counts the held-out months inside each fit's
    /// interval, the logistic one's too (from its residuals).
    #[test]
    fn the_backtest_card_counts_months_inside_each_interval() {
        let mut z = Normal(3);
        let rows: Vec<serde_json::Value> = (-20..=0)
            .map(|m| {
                let u = logistic(0.25, 80_000.0, 50_000.0, m as f64) * (1.0 + 0.01 * z.next());
                json!({"month": m, "users": u})
            })
            .collect();
        let p = decode(&with_actuals(json!(rows)));
        let f = fitted(&p, 3).unwrap();
        let b = f.backtest.as_ref().unwrap();
        let l = b.logistic.as_ref().expect("the logistic fit converges");
        let inside = |months: &[headroom::engine::actuals::HeldOut]| {
            months
                .iter()
                .filter(|h| h.low <= h.actual && h.actual <= h.high)
                .count()
        };
        let card = &fit_cards(&f)[2];
        assert_eq!(card.0, "Backtest, last 3 months held out");
        let want = format!(
            "{} of 3 inside the compound fit's 90% interval · logistic {:.1}% mean error, {} of 3 inside its interval from the residuals",
            inside(&b.compound.months),
            l.mape * 100.0,
            inside(&l.months)
        );
        assert_eq!(card.2, want);
    }

    /// Three months are fitted exactly by three parameters: the card says
    /// so, not R² 1; from four months on it gives R².
    #[test]
    fn a_logistic_fit_through_three_months_is_not_given_an_r_squared() {
        let rows = |n: i32| -> Vec<serde_json::Value> {
            (1 - n..=0)
                .map(|m| json!({"month": m, "users": logistic(0.4, 80_000.0, 40_000.0, m as f64)}))
                .collect()
        };
        let f = fitted(&decode(&with_actuals(json!(rows(3)))), 1).unwrap();
        assert!(f.logistic.is_ok(), "{:?}", f.logistic);
        let card = &fit_cards(&f)[1];
        assert_eq!(card.0, "Logistic fit");
        assert!(
            card.2
                .ends_with("through all 3 months exactly: too few to judge it"),
            "{card:?}"
        );
        assert!(!card.2.contains("R²"), "{card:?}");
        let f = fitted(&decode(&with_actuals(json!(rows(5)))), 1).unwrap();
        assert!(fit_cards(&f)[1].2.contains("R² "), "{:?}", fit_cards(&f)[1]);
    }

    /// A fitted scenario grows from the plan's initial users; when they sit
    /// far from the month-0 actual the panel says so and offers that figure.
    #[test]
    fn a_plan_starting_far_from_its_history_is_told() {
        let mut p = plan();
        let f = fitted(&p, 1).unwrap();
        assert_eq!(start_mismatch(&p, &f), None, "1,000 against 1,000");
        p.initial_users = Num::Fixed(100.0);
        let (text, users) = start_mismatch(&p, &f).unwrap();
        assert_eq!(users, 1000.0);
        assert!(
            text.starts_with("This plan starts from 100 users; the actual of month 0 is 1,000."),
            "{text}"
        );
        // No month-0 actual: the compound fit's month-0 users, rounded.
        p.actuals.retain(|a| a.month != 0);
        let f = fitted(&p, 1).unwrap();
        let (text, users) = start_mismatch(&p, &f).unwrap();
        assert_eq!(users, f.compound.as_ref().unwrap().initial_users.round());
        assert!(text.contains("the compound fit puts month 0 at"), "{text}");
        // Within 10%: nothing to say.
        p.initial_users = Num::Fixed(users * 1.09);
        assert_eq!(start_mismatch(&p, &f), None);
    }

    #[test]
    fn actuals_outside_the_simulated_band_raise_an_alert() {
        let mut p = plan();
        p.scenarios[0].growth = headroom::engine::Growth::Compound {
            segments: vec![headroom::engine::Segment {
                from: 1,
                to: None,
                rate: Num::Range {
                    low: 0.05,
                    high: 0.15,
                    dist: headroom::engine::Dist::Normal,
                },
            }],
            churn: Num::Fixed(0.0),
        };
        // Month 2: 1,210 users (10% a month) is inside 1,000 x (1.05..1.15)^2;
        // month 5 far above.
        p.actuals[4].users = Some(1210.0);
        p.actuals.push(headroom::engine::Actual {
            month: 5,
            users: Some(50_000.0),
            cost: None,
            metrics: Default::default(),
        });
        let sim = headroom::engine::simulate::simulate(&p, 2000, Some(1)).unwrap();
        let (card, alert) = calibration(&p, &sim.scenarios[0]).unwrap();
        assert_eq!(card.1, "66.7%");
        assert_eq!(card.2, "2 of 3 months");
        assert_eq!(alert.unwrap(), "Actual users left the simulation's P5-P95 band in month 5: the plan's ranges may be too narrow, or off center.");
        // Without a range the band has no width: no range can be too narrow.
        if let headroom::engine::Growth::Compound { segments, .. } = &mut p.scenarios[0].growth {
            segments[0].rate = Num::Fixed(0.1);
        }
        let sim = headroom::engine::simulate::simulate(&p, 100, Some(1)).unwrap();
        let (card, alert) = calibration(&p, &sim.scenarios[0]).unwrap();
        assert_eq!(card.2, "2 of 3 months", "1,210 is 10% a month exactly");
        assert_eq!(alert.unwrap(), "Actual users differ from the plan's in month 5, and no range in the plan moves users: a range on a growth rate would show whether they are within reach.");
    }

    #[test]
    fn events_of_a_dated_plan_name_their_calendar_month() {
        let mut v = base();
        v["start"] = json!("2026-11");
        v["tiers"] = json!([
            {"id": "small", "label": "Small", "limits": {"users": 2000}, "components": [{"name": "S", "category": "compute", "unit": "server", "unit_cost": 10, "quantity": 1}]},
            {"id": "big", "label": "Big", "components": [{"name": "B", "category": "compute", "unit": "server", "unit_cost": 50, "quantity": 1}]}
        ]);
        let p = decode(&v);
        let f = forecast(&p).unwrap();
        let change = f.scenarios[0]
            .events
            .iter()
            .find(|e| e.kind.name() == "tier_change")
            .unwrap();
        // Small carries 2,000 users; 1,000 x 1.1^m outgrows it within the year.
        let m = change.month;
        let date = CalendarMonth::parse("2026-11")
            .unwrap()
            .plus(m as i32)
            .label();
        let text = headroom::report::describe(&p, change);
        assert!(
            text.starts_with(&format!("Month {m} ({date}): move from Small to Big")),
            "{text}"
        );
    }
}

/// A history so uneven that its fitted range overflows is refused with a
/// reason, not reported as an infinite rate; so is its backtest.
#[test]
fn a_history_whose_fit_overflows_gives_no_fit() {
    let points: Vec<(f64, f64)> = (-3..=0)
        .map(|m| (m as f64, if m % 2 == 0 { 1e-300 } else { 1e12 }))
        .collect();
    let why = "the users of the history vary too widely for a compound fit (its 90% range overflows); check it for mistyped counts";
    assert_eq!(fit_compound(&points[1..]).unwrap_err(), why);
    assert_eq!(backtest(&points, 1).unwrap_err(), why);
}
