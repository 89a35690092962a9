//! Elastic capacity's contents (MODEL.md section 10): the charts of an
//! autoscaled component's day and of the months' saving and risk, and the
//! editor's bars of the day of load.

use super::chart::{ChartSpec, Plot, Series, Unit};
use crate::engine::day::ComponentDay;
use crate::engine::{Forecast, Plan, Quantity, ScalePolicy};

/// The top of the editor's bars of the day of load: the profile's largest
/// hour, at least 1 (a profile is normalised to its peak).
pub fn profile_top(plan: &Plan) -> f64 {
    (plan.daily_profile.as_ref()).map_or(1.0, |v| v.iter().copied().fold(1.0, f64::max))
}

/// The hour and value under a pointer at `x`, `y` (fractions of the bars'
/// box, from its top left) when the bars' top is `top`: values go in
/// twentieths of the top, 0 below the box and the top above it; past
/// either side no hour is under the pointer.
pub fn profile_at(x: f64, y: f64, top: f64) -> Option<(usize, f64)> {
    if !(0.0..1.0).contains(&x) {
        return None;
    }
    let hour = ((x * 24.0) as usize).min(23);
    let value = ((1.0 - y).clamp(0.0, 1.0) * top * 20.0).round() / 20.0;
    Some((hour, value))
}

/// Whether any component of the plan autoscales.
pub fn has_autoscaling(plan: &Plan) -> bool {
    plan.tiers
        .iter()
        .flat_map(|t| &t.components)
        .any(autoscales)
}

/// Whether a component autoscales through the day.
fn autoscales(c: &crate::engine::Component) -> bool {
    matches!(
        c.quantity,
        Quantity::Sized {
            autoscale: Some(_),
            ..
        }
    )
}

/// The month a day of load opens on: the last month of `scenario` whose
/// tier has an autoscaled component (a tier without one has no day to
/// show), else the horizon.
pub fn opening_month(plan: &Plan, forecast: &Forecast, scenario: usize) -> u32 {
    last_scaled_month(plan, forecast, scenario).unwrap_or(plan.horizon_months)
}

/// The last month of `scenario` whose tier has an autoscaled component.
fn last_scaled_month(plan: &Plan, forecast: &Forecast, scenario: usize) -> Option<u32> {
    let scaled =
        |t: usize| (plan.tiers.get(t)).is_some_and(|t| t.components.iter().any(autoscales));
    (forecast.scenarios.iter().find(|s| s.scenario == scenario))
        .and_then(|s| s.months.iter().rev().find(|m| scaled(m.tier)))
        .map(|m| m.month)
}

/// What a month whose tier `tier` has no autoscaled component says: pick
/// another month, or, when no month of the scenario has one, that none does.
pub fn no_day_note(
    plan: &Plan,
    forecast: &Forecast,
    scenario: usize,
    tier: usize,
    month: u32,
) -> String {
    let label = plan.tiers.get(tier).map_or("", |t| t.label.as_str());
    let what = format!("Tier {label} (in use at month {month}) has no autoscaled component");
    match last_scaled_month(plan, forecast, scenario) {
        Some(_) => format!("{what}: pick a month of a tier that has one."),
        None => format!("{what}, and no month of this scenario uses a tier that has one."),
    }
}

/// The per-replica load of component `k` of tier `t`, and the utilization
/// past which a minute is over target (section 10: the target, or the
/// step policy's scale-up threshold), with its name.
fn sizing(plan: &Plan, t: usize, k: usize) -> (f64, f64, &'static str) {
    match &plan.tiers[t].components[k].quantity {
        Quantity::Sized {
            per,
            autoscale: Some(a),
            ..
        } => match a.policy {
            ScalePolicy::Target => (per.median(), a.target.median(), "target"),
            ScalePolicy::Step => (per.median(), a.up.at, "scale-up threshold"),
        },
        _ => (1.0, 1.0, "target"),
    }
}

/// Load against ready capacity through the day, with the minutes over
/// target and over capacity marked.
pub fn load_chart(plan: &Plan, t: usize, d: &ComponentDay) -> ChartSpec {
    let (per, target, at) = sizing(plan, t, d.component);
    let name = &plan.tiers[t].components[d.component].name;
    let series = |n: &str, colour: usize, f: &dyn Fn(&crate::engine::day::Minute) -> f64| Series {
        name: n.into(),
        colour,
        values: d.minutes.iter().map(f).collect(),
    };
    let mut spec = ChartSpec::months_chart(
        format!("A day of {name}: load against ready capacity"),
        "Load".into(),
        Unit::Users,
        vec![
            series("Load", 5, &|m| m.load),
            series("Ready capacity", 0, &|m| m.ready as f64 * per),
            series(&format!("Ready capacity at {at}"), 2, &|m| {
                m.ready as f64 * per * target
            }),
            // Above 0 only in minutes over target: it marks them.
            series("Load over target", 1, &|m| {
                (m.load - m.ready as f64 * per * target).max(0.0)
            }),
            // Above 0 only in minutes over capacity: it marks them.
            series("Unserved load", 3, &|m| {
                (m.load - m.ready as f64 * per).max(0.0)
            }),
        ],
    );
    spec.plot = Plot::Day;
    spec.bands = holds(plan, t, d);
    spec
}

pub fn replicas_chart(plan: &Plan, t: usize, d: &ComponentDay) -> ChartSpec {
    let name = &plan.tiers[t].components[d.component].name;
    let mut spec = ChartSpec::months_chart(
        format!("Replicas of {name} through the day (paid for, and ready)"),
        "Replicas".into(),
        Unit::Users,
        vec![
            Series {
                name: "Replicas".into(),
                colour: 0,
                values: d.minutes.iter().map(|m| m.replicas as f64).collect(),
            },
            Series {
                name: "Ready".into(),
                colour: 1,
                values: d.minutes.iter().map(|m| m.ready as f64).collect(),
            },
        ],
    );
    spec.plot = Plot::Day;
    spec.bands = holds(plan, t, d);
    spec
}

/// Hold ranges as minute spans, shaded on the day charts.
fn holds(plan: &Plan, t: usize, d: &ComponentDay) -> Vec<(u32, u32, String)> {
    match &plan.tiers[t].components[d.component].quantity {
        Quantity::Sized {
            autoscale: Some(a), ..
        } => (a.hold.iter())
            .map(|[f, to]| (f * 60, to * 60 - 1, "no scale-down".to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Saving and minutes over capacity of the autoscaled components, by month.
pub fn saving_chart(plan: &Plan, forecast: &Forecast, s: usize) -> Option<ChartSpec> {
    let sf = forecast.scenarios.get(s)?;
    let sum = |f: fn(&crate::engine::day::DayFigures) -> f64| -> Vec<f64> {
        sf.months
            .iter()
            .map(|m| {
                m.components
                    .iter()
                    .filter_map(|c| c.day.as_ref())
                    .map(f)
                    .sum()
            })
            .collect()
    };
    Some(ChartSpec::months_chart(
        "What autoscaling saves each month, against sizing for the peak all day".into(),
        format!("{} per month", plan.currency),
        Unit::Money(plan.currency.clone()),
        vec![Series {
            name: "Saving".into(),
            colour: 2,
            values: sum(|d| d.saving),
        }],
    ))
}

/// Minutes over capacity of the autoscaled components, by month.
pub fn risk_chart(forecast: &Forecast, s: usize) -> Option<ChartSpec> {
    let sf = forecast.scenarios.get(s)?;
    let values = sf
        .months
        .iter()
        .map(|m| {
            m.components
                .iter()
                .filter_map(|c| c.day.as_ref())
                .map(|d| d.minutes_over_capacity as f64)
                .sum()
        })
        .collect();
    Some(ChartSpec::months_chart(
        "Minutes a day over capacity (load above the ready replicas), by month".into(),
        "Minutes a day".into(),
        Unit::Users,
        vec![Series {
            name: "Minutes over capacity".into(),
            colour: 5,
            values,
        }],
    ))
}
