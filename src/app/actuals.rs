//! What the app shows of a plan's actuals (issue 14): the actual points on
//! the charts, the plan against them (cards and a table), and the fitted
//! growth with its backtest and chart. Every figure comes from
//! `engine::actuals`.

use super::cards::Card;
use super::chart::{ChartSpec, Series, Unit};
use crate::engine::actuals::{
    backtest, closest, fit_compound, fit_logistic, history, track, Backtest, CompoundFit,
    LogisticFit, Observed,
};
use crate::engine::calendar::date;
use crate::engine::{Forecast, Plan};
use crate::formats::numbers::{percent, quantity};

/// The colour of actual points (grey: not a scenario's).
pub const ACTUAL_COLOUR: usize = 6;

/// One value per month 0..=H of what actually happened (NaN where none).
fn observed(
    plan: &Plan,
    months: usize,
    pick: fn(&crate::engine::Actual) -> Option<f64>,
) -> Vec<f64> {
    let mut out = vec![f64::NAN; months];
    for a in &plan.actuals {
        if let (Ok(m), Some(v)) = (usize::try_from(a.month), pick(a)) {
            if let Some(slot) = out.get_mut(m) {
                *slot = v;
            }
        }
    }
    out
}

/// `spec` (a chart by month from month 0) with the actual users or cost as
/// dots, when the plan has any in its months.
pub fn with_actuals(plan: &Plan, mut spec: ChartSpec, cost: bool) -> ChartSpec {
    spec.start = plan.start;
    let months = spec.months();
    let (name, values) = if cost {
        ("Actual cost", observed(plan, months, |a| a.cost))
    } else {
        ("Actual users", observed(plan, months, |a| a.users))
    };
    if values.iter().any(|v| v.is_finite()) {
        spec.points.push(Series {
            name: name.into(),
            colour: ACTUAL_COLOUR,
            values,
        });
    }
    spec
}

/// The drivers (metric ids, in the plan's order) whose values the actuals
/// editor shows as columns: those with a value in some actual, and those
/// the planner added a column for (`added`) that the plan still has.
pub fn driver_columns(plan: &Plan, added: &[String]) -> Vec<String> {
    (plan.metrics.iter())
        .filter(|m| {
            added.contains(&m.id) || plan.actuals.iter().any(|a| a.metrics.contains_key(&m.id))
        })
        .map(|m| m.id.clone())
        .collect()
}

/// The drivers without a column yet: (id, label) to offer.
pub fn drivers_to_add(plan: &Plan, columns: &[String]) -> Vec<(String, String)> {
    (plan.metrics.iter())
        .filter(|m| !columns.contains(&m.id))
        .map(|m| (m.id.clone(), m.label.clone()))
        .collect()
}

/// A share with its sign: "+12.0%", "-3.5%".
fn signed(v: f64) -> String {
    if v > 0.0 {
        format!("+{}", percent(v))
    } else {
        percent(v)
    }
}

/// The card of scenario `s` against the actuals: how far actual users run
/// from it, and the closest scenario. None without actuals since month 0.
pub fn tracking_cards(plan: &Plan, f: &Forecast, s: usize) -> Option<Vec<Card>> {
    let sf = f.scenarios.get(s)?;
    let t = track(plan, sf);
    let drift = t.drift?;
    let label = |i: usize| plan.scenarios.get(i).map_or("", |x| x.label.as_str());
    let tracks: Vec<_> = f.scenarios.iter().map(|x| track(plan, x)).collect();
    let best = closest(&tracks).map_or_else(
        || "no scenario is closer than the others".to_string(),
        |i| format!("closest: {}", label(i)),
    );
    let side = if drift >= 0.0 { "above" } else { "below" };
    Some(vec![(
        format!("Actual users against {}", label(s)),
        signed(drift),
        format!(
            "Actual users run {} {side} {} over {} month{}; {best}",
            percent(drift.abs()),
            label(s),
            t.months,
            if t.months == 1 { "" } else { "s" }
        ),
    )])
}

/// The table of scenario `s` against the actuals: month, date, forecast,
/// actual, error and error %.
pub fn tracking_rows(plan: &Plan, f: &Forecast, s: usize) -> Vec<[String; 6]> {
    let Some(sf) = f.scenarios.get(s) else {
        return Vec::new();
    };
    (track(plan, sf).users.iter())
        .map(|u| {
            let sign = if u.error > 0.0 { "+" } else { "" };
            [
                u.month.to_string(),
                date(plan.start, u.month as i32).unwrap_or_default(),
                quantity(u.forecast.round()),
                quantity(u.actual.round()),
                format!("{sign}{}", quantity(u.error.round())),
                u.error_share.map_or("-".into(), signed),
            ]
        })
        .collect()
}

/// Everything fitted from a plan's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub points: Vec<Observed>,
    pub compound: Result<CompoundFit, String>,
    pub logistic: Result<LogisticFit, String>,
    pub backtest: Result<Backtest, String>,
}

/// The fits of `plan`'s history and a backtest holding out `holdout`
/// months; none when the plan has no history at all.
pub fn fitted(plan: &Plan, holdout: usize) -> Option<Fitted> {
    if plan.actuals.is_empty() {
        return None;
    }
    // Even without history the cards say why there is no fit.
    let points = history(plan);
    Some(Fitted {
        compound: fit_compound(&points),
        logistic: fit_logistic(&points),
        backtest: backtest(&points, holdout),
        points,
    })
}

/// When the plan's initial users sit more than 10% from where its history
/// puts month 0 (the actual of month 0, else the compound fit's e^a): what
/// to say, and the users to start from instead. A fitted scenario grows
/// from the plan's initial users (MODEL.md section 11), so without this a
/// fit drawn from 9,800 users would start its forecast from 1,000.
pub fn start_mismatch(plan: &Plan, f: &Fitted) -> Option<(String, f64)> {
    let (observed, users) = match plan.actuals.iter().find(|a| a.month == 0) {
        Some(crate::engine::Actual { users: Some(u), .. }) => (true, *u),
        _ => (false, f.compound.as_ref().ok()?.initial_users),
    };
    let users = users.round();
    let initial = plan.initial_users.median();
    if users <= 0.0 || (initial / users - 1.0).abs() <= 0.1 {
        return None;
    }
    let whence = if observed {
        "the actual of month 0 is"
    } else {
        "the compound fit puts month 0 at"
    };
    Some((
        format!(
            "This plan starts from {} users; {whence} {}. Every scenario, a fitted one too, grows from the plan's initial users.",
            quantity(initial.round()),
            quantity(users)
        ),
        users,
    ))
}

/// The fits and the backtest as cards.
pub fn fit_cards(f: &Fitted) -> Vec<Card> {
    let mut out = Vec::new();
    match &f.compound {
        Ok(c) => out.push((
            "Compound fit".into(),
            format!("{} a month", percent(c.rate)),
            format!(
                "90% range {} to {} · R² {:.3} · month-0 users {}",
                percent(c.rate_low),
                percent(c.rate_high),
                c.r_squared,
                quantity(c.initial_users.round())
            ),
        )),
        Err(why) => out.push(("Compound fit".into(), "none".into(), why.clone())),
    }
    out.push(match &f.logistic {
        // Three parameters pass through three points: an R² of 1 then
        // says nothing of the fit.
        Ok(l) if f.points.len() <= 3 => (
            "Logistic fit".into(),
            format!("ceiling {} users", quantity(l.capacity.round())),
            format!(
                "rate {:.3} a month · through all {} months exactly: too few to judge it",
                l.rate,
                f.points.len()
            ),
        ),
        Ok(l) => (
            "Logistic fit".into(),
            format!("ceiling {} users", quantity(l.capacity.round())),
            format!("rate {:.3} a month · R² {:.3}", l.rate, l.r_squared),
        ),
        Err(why) => ("Logistic fit".into(), "none".into(), why.clone()),
    });
    out.push(match &f.backtest {
        Ok(b) => {
            let inside = (b.compound.coverage)
                .map(|c| (c * b.compound.months.len() as f64).round() as usize)
                .unwrap_or(0);
            // The logistic interval comes from its residuals (engine docs).
            let logistic = b.logistic.as_ref().map_or(String::new(), |l| {
                let inside = l.coverage.map_or(String::new(), |c| {
                    let k = (c * l.months.len() as f64).round();
                    format!(
                        ", {k} of {} inside its interval from the residuals",
                        l.months.len()
                    )
                });
                format!(" · logistic {} mean error{inside}", percent(l.mape))
            });
            (
                match b.holdout {
                    1 => "Backtest, last month held out".to_string(),
                    k => format!("Backtest, last {k} months held out"),
                },
                format!("{} mean error", percent(b.compound.mape)),
                format!(
                    "{inside} of {} inside the compound fit's 90% interval{logistic}",
                    b.compound.months.len()
                ),
            )
        }
        Err(why) => ("Backtest".into(), "none".into(), why.clone()),
    });
    out
}

/// The history with the fits drawn over it and the backtest's forecasts of
/// the held-out months as dots; months from the first of the history.
pub fn fit_chart(
    f: &Fitted,
    plan_start: Option<crate::engine::calendar::CalendarMonth>,
) -> Option<ChartSpec> {
    let first = f.points.first()?.0;
    let last = f.points.last()?.0;
    let months: Vec<f64> = (0..=(last - first) as usize)
        .map(|i| first + i as f64)
        .collect();
    let dots = |pairs: &mut dyn Iterator<Item = (f64, f64)>| {
        let mut v = vec![f64::NAN; months.len()];
        for (m, x) in pairs {
            if let Some(slot) = v.get_mut((m - first) as usize) {
                *slot = x;
            }
        }
        v
    };
    let mut series = Vec::new();
    if let Ok(c) = &f.compound {
        series.push(Series {
            name: "Compound fit".into(),
            colour: 0,
            values: months.iter().map(|&m| c.line.predict(m).0).collect(),
        });
    }
    if let Ok(l) = &f.logistic {
        series.push(Series {
            name: "Logistic fit".into(),
            colour: 1,
            values: months.iter().map(|&m| l.at(m)).collect(),
        });
    }
    let mut spec = ChartSpec::months_chart(
        format!(
            "Users in the {} month{} of history, with the fits",
            f.points.len(),
            if f.points.len() == 1 { "" } else { "s" }
        ),
        "Users".into(),
        Unit::Users,
        series,
    );
    spec.first_month = first as i32;
    spec.start = plan_start;
    spec.points.push(Series {
        name: "Actual users".into(),
        colour: ACTUAL_COLOUR,
        values: dots(&mut f.points.iter().copied()),
    });
    if let Ok(b) = &f.backtest {
        let held = &b.compound.months;
        spec.points.push(Series {
            name: "Backtest forecast".into(),
            colour: 5,
            values: dots(&mut held.iter().map(|h| (h.month, h.forecast))),
        });
        // The ends of its 90% prediction interval, above and below.
        for (name, end) in [
            ("Backtest 90% interval, low", false),
            ("Backtest 90% interval, high", true),
        ] {
            spec.points.push(Series {
                name: name.into(),
                colour: 4,
                values: dots(
                    &mut held
                        .iter()
                        .map(|h| (h.month, if end { h.high } else { h.low })),
                ),
            });
        }
    }
    Some(spec)
}

/// How far each history month's actual users sit from each fit, as a share
/// of the fit (actual / fit - 1): dots by month, for the eye to catch a
/// pattern the R² hides (a bend the compound line misses).
pub fn residual_chart(
    f: &Fitted,
    plan_start: Option<crate::engine::calendar::CalendarMonth>,
) -> Option<ChartSpec> {
    let first = f.points.first()?.0;
    let last = f.points.last()?.0;
    let len = (last - first) as usize + 1;
    let residuals = |name: &str, colour: usize, fit: &dyn Fn(f64) -> f64| {
        let mut values = vec![f64::NAN; len];
        for &(m, users) in &f.points {
            if let Some(slot) = values.get_mut((m - first) as usize) {
                *slot = users / fit(m) - 1.0;
            }
        }
        Series {
            name: name.into(),
            colour,
            values,
        }
    };
    let mut points = Vec::new();
    if let Ok(c) = &f.compound {
        points.push(residuals("Compound fit residual", 0, &|m| {
            c.line.predict(m).0
        }));
    }
    if let Ok(l) = &f.logistic {
        points.push(residuals("Logistic fit residual", 1, &|m| l.at(m)));
    }
    if points.is_empty() {
        return None;
    }
    let mut spec = ChartSpec::months_chart(
        "Residuals: actual users against each fit".into(),
        "Actual / fit - 1".into(),
        Unit::Percent,
        Vec::new(),
    );
    spec.first_month = first as i32;
    spec.start = plan_start;
    spec.points = points;
    spec.centred = true;
    Some(spec)
}

/// Where the actual users since month 0 fall against a simulation's P5-P95
/// band of users: a card, and an alert naming the months outside it.
pub fn calibration(
    plan: &Plan,
    sim: &crate::engine::simulate::ScenarioSimulation,
) -> Option<(Card, Option<String>)> {
    let band = |m: u32| {
        sim.months
            .get(m as usize)
            .map(|b| (b.users.p5, b.users.p95))
    };
    let share = crate::engine::actuals::calibration(plan, band)?;
    let outside: Vec<String> = (plan.actuals.iter())
        .filter(|a| a.month >= 0)
        .filter_map(|a| {
            let (lo, hi) = band(a.month as u32)?;
            let u = a.users?;
            (u < lo || u > hi).then(|| a.month.to_string())
        })
        .collect();
    let total = (plan.actuals.iter())
        .filter(|a| a.month >= 0 && a.users.is_some())
        .filter(|a| band(a.month as u32).is_some())
        .count();
    let card = (
        "Actual users inside the P5-P95 band".to_string(),
        percent(share),
        format!("{} of {total} months", total - outside.len()),
    );
    // A band of no width: no range moves users, so none can be too narrow.
    let flat = (plan.actuals.iter())
        .filter(|a| a.month >= 0)
        .filter_map(|a| band(a.month as u32))
        .all(|(lo, hi)| lo == hi);
    let alert = (!outside.is_empty()).then(|| {
        let months = format!(
            "month{} {}",
            if outside.len() == 1 { "" } else { "s" },
            outside.join(", ")
        );
        match flat {
            true => format!("Actual users differ from the plan's in {months}, and no range in the plan moves users: a range on a growth rate would show whether they are within reach."),
            false => format!("Actual users left the simulation's P5-P95 band in {months}: the plan's ranges may be too narrow, or off center."),
        }
    });
    Some((card, alert))
}
