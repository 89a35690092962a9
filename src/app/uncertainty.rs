//! The charts of a plan's uncertainty, taken from a simulation and a
//! sensitivity run: fans of users and monthly cost around the plain
//! forecast, the odds of each tier, the total cost histogram and the
//! sensitivity tornado.

use crate::app::chart::{ChartSpec, Fan, Plot, Series, Unit};
use crate::engine::simulate::{MonthBand, Percentiles, ScenarioSimulation, Sensitivity};
use crate::engine::Plan;
use crate::report::input_label;

pub use crate::report::no_spread;

/// Why the total cost has no spread while users have one, if so: every
/// path runs the same tiers, whose costs do not follow users; and paths
/// past the largest tier are priced as it, which understates them.
pub fn flat_cost_note(s: &ScenarioSimulation) -> Option<String> {
    let users = s.months.last().map(|m| (m.users.p10, m.users.p90));
    let flat = crate::report::has_no_spread(crate::report::total_range(s), None);
    if !flat || no_spread(s) || users.is_none() {
        return None;
    }
    let mut note = "Users vary across the paths but the total cost does not: each month's tier is the same on every path, and its costs do not follow users.".to_string();
    if s.over_capacity_share > 0.0 {
        note += &format!(
            " {} of paths outgrow the largest tier, and are priced as it: add a larger tier to see what they would cost.",
            crate::formats::numbers::percent(s.over_capacity_share)
        );
    }
    Some(note)
}

/// The simulation's status line: waiting for typing to pause, `done` of
/// `total` paths run, or the last run's paths and seed (`last`), which
/// anyone opening the plan reproduces.
pub fn status(
    pending: bool,
    progress: Option<(usize, usize)>,
    last: Option<(usize, u64)>,
) -> Option<String> {
    use crate::formats::numbers::quantity;
    match (pending, progress) {
        (true, _) => Some("Simulating…".to_string()),
        (false, Some((done, total))) => Some(format!(
            "Simulating… {} of {} paths",
            quantity(done as f64),
            quantity(total as f64),
        )),
        (false, None) => last.map(|(samples, seed)| {
            format!(
                "{} paths, seed {seed}; anyone opening this plan gets the same figures.",
                quantity(samples as f64),
            )
        }),
    }
}

fn label(plan: &Plan, s: &ScenarioSimulation) -> String {
    crate::app::charts::label(plan, s.scenario)
}

fn fan(
    name: &str,
    colour: usize,
    months: &[MonthBand],
    pick: fn(&MonthBand) -> Percentiles,
) -> Fan {
    let get = |f: fn(&Percentiles) -> f64| months.iter().map(|m| f(&pick(m))).collect();
    Fan {
        name: name.into(),
        colour,
        p5: get(|p| p.p5),
        p10: get(|p| p.p10),
        p50: get(|p| p.p50),
        p90: get(|p| p.p90),
        p95: get(|p| p.p95),
    }
}

/// A fan of the simulated `band` with the plain forecast's `plain` dashed.
fn fan_chart(
    f: &crate::engine::Forecast,
    s: &ScenarioSimulation,
    (title, y_label, unit): (String, String, Unit),
    (name, colour): (&str, usize),
    plain: fn(&crate::engine::MonthForecast) -> f64,
    band: fn(&MonthBand) -> Percentiles,
) -> ChartSpec {
    let plain = f
        .scenarios
        .get(s.scenario)
        .map(|x| x.months.iter().map(plain).collect())
        .unwrap_or_default();
    let mut spec = ChartSpec::months_chart(
        title,
        y_label,
        unit,
        vec![Series {
            name: "Plain forecast".into(),
            colour: super::chart::PLAIN_FORECAST,
            values: plain,
        }],
    );
    spec.fans = vec![fan(name, colour, &s.months, band)];
    spec
}

pub fn users_fan(plan: &Plan, f: &crate::engine::Forecast, s: &ScenarioSimulation) -> ChartSpec {
    let title = format!(
        "Users, {} scenario: P5-P95 and P10-P90 bands, median, plain forecast dashed",
        label(plan, s)
    );
    fan_chart(
        f,
        s,
        (title, "Users".into(), Unit::Users),
        ("Simulated users", 0),
        |m| m.users,
        |m| m.users,
    )
}

pub fn cost_fan(plan: &Plan, f: &crate::engine::Forecast, s: &ScenarioSimulation) -> ChartSpec {
    let title = format!(
        "Monthly cost, {} scenario: bands, median, plain forecast dashed",
        label(plan, s)
    );
    let axis = format!("{} per month", plan.currency);
    fan_chart(
        f,
        s,
        (title, axis, Unit::Money(plan.currency.clone())),
        ("Simulated cost", 5),
        |m| m.cost,
        |m| m.cost,
    )
}

pub fn tier_odds(plan: &Plan, _: &crate::engine::Forecast, s: &ScenarioSimulation) -> ChartSpec {
    let series = plan
        .tiers
        .iter()
        .enumerate()
        .map(|(t, tier)| Series {
            name: tier.label.clone(),
            colour: t,
            values: s
                .months
                .iter()
                .map(|m| m.tier_share.get(t).copied().unwrap_or(0.0))
                .collect(),
        })
        .filter(|x| x.values.iter().any(|v| *v > 0.0))
        .collect();
    let mut spec = ChartSpec::months_chart(
        format!("Chance of each tier by month, {} scenario", label(plan, s)),
        "Share of paths".into(),
        Unit::Percent,
        series,
    );
    spec.stacked = true;
    spec
}

pub fn total_histogram(
    plan: &Plan,
    _: &crate::engine::Forecast,
    s: &ScenarioSimulation,
) -> ChartSpec {
    const BINS: usize = 30;
    let (lo, hi) = (
        s.totals.first().copied().unwrap_or(0.0),
        s.totals.last().copied().unwrap_or(0.0),
    );
    // Every path at one total: centre its bar on an axis 10% wide.
    let (lo, hi) = if hi - lo <= 1e-9 * hi.abs().max(1.0) {
        let pad = (lo.abs() * 0.05).max(1.0);
        (lo - pad, lo + pad)
    } else {
        (lo, hi)
    };
    let width = (hi - lo) / BINS as f64;
    let edges: Vec<f64> = (0..=BINS).map(|i| lo + width * i as f64).collect();
    let mut counts = vec![0.0; BINS];
    for t in &s.totals {
        counts[(((t - lo) / width) as usize).min(BINS - 1)] += 1.0;
    }
    let n = s.totals.len().max(1) as f64;
    let h = plan.horizon_months;
    let marker = plan
        .policy
        .monthly_budget
        .as_ref()
        .map(|b| (format!("budget x {h} months"), b.median() * h as f64));
    let mut spec = ChartSpec::months_chart(
        format!(
            "Total cost over {h} months, {} scenario: share of paths",
            label(plan, s)
        ),
        format!("Total cost ({})", plan.currency),
        Unit::Money(plan.currency.clone()),
        vec![Series {
            name: "Share of paths".into(),
            colour: 0,
            values: counts.iter().map(|c| c / n).collect(),
        }],
    );
    spec.plot = Plot::Histogram { edges, marker };
    spec
}

/// Whether a sensitivity run of `old` holds for `new`: the sweep moves
/// each input between its ends with no random draws, so a plan that
/// differs only in its seed has the same tornado (no rerun, which on one
/// worker would delay the simulation the new seed asks for).
pub fn sensitivity_holds(old: &Plan, new: &Plan) -> bool {
    if old.seed == new.seed {
        return old == new;
    }
    let mut reseeded = old.clone();
    reseeded.seed = new.seed;
    reseeded == *new
}

pub fn tornado_spec(plan: &Plan, s: &Sensitivity) -> ChartSpec {
    let rows: Vec<(String, f64, f64)> = s
        .impacts
        .iter()
        .filter_map(|i| {
            Some((
                input_label(plan, &i.path),
                i.total_cost[0]?,
                i.total_cost[1]?,
            ))
        })
        .take(8)
        .collect();
    let scenario = plan
        .scenarios
        .get(s.scenario)
        .map_or("", |x| x.label.as_str());
    let mut spec = ChartSpec::months_chart(
        format!("What moves the total cost most, {scenario} scenario: each input at its low end (blue) and high end (orange)"),
        format!("Total cost ({})", plan.currency),
        Unit::Money(plan.currency.clone()),
        Vec::new(),
    );
    spec.plot = Plot::Tornado {
        base: s.total_cost,
        rows,
    };
    spec
}
