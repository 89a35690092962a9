//! The four charts' contents, taken from a forecast (no computing here:
//! every figure comes from the engine or `report`).

use super::chart::{ChartSpec, Plot, Series, Unit};
use crate::engine::{Forecast, Plan};
use crate::report::{bottleneck_series, cost_stack, tier_spans};

/// A scenario's label by index (empty if the index is gone).
pub fn label(plan: &Plan, s: usize) -> String {
    plan.scenarios
        .get(s)
        .map_or_else(String::new, |x| x.label.clone())
}

/// One line per scenario of the value `pick` takes each month.
fn per_scenario(
    plan: &Plan,
    f: &Forecast,
    title: String,
    y_label: String,
    unit: Unit,
    pick: fn(&crate::engine::MonthForecast) -> f64,
) -> ChartSpec {
    let series = f
        .scenarios
        .iter()
        .map(|sf| Series {
            name: label(plan, sf.scenario),
            colour: sf.scenario,
            values: sf.months.iter().map(pick).collect(),
        })
        .collect();
    ChartSpec::months_chart(title, y_label, unit, series)
}

pub fn users(plan: &Plan, f: &Forecast) -> ChartSpec {
    per_scenario(
        plan,
        f,
        format!("Users per scenario over {} months", plan.horizon_months),
        "Users".into(),
        Unit::Users,
        |m| m.users,
    )
}

pub fn cumulative(plan: &Plan, f: &Forecast) -> ChartSpec {
    per_scenario(
        plan,
        f,
        "Cumulative cost per scenario".into(),
        format!("{} to date", plan.currency),
        Unit::Money(plan.currency.clone()),
        |m| m.cumulative_cost,
    )
}

fn tier_bands(plan: &Plan, f: &Forecast, s: usize) -> Vec<(u32, u32, String)> {
    tier_spans(&f.scenarios[s])
        .into_iter()
        .map(|(a, b, t)| {
            (
                a,
                b,
                plan.tiers
                    .get(t)
                    .map_or_else(String::new, |x| x.label.clone()),
            )
        })
        .collect()
}

pub fn cost(plan: &Plan, f: &Forecast, s: usize) -> ChartSpec {
    let sf = &f.scenarios[s];
    ChartSpec {
        title: format!(
            "Monthly cost by category, {} scenario, with the tier in use",
            label(plan, s)
        ),
        y_label: format!("{} per month", plan.currency),
        unit: Unit::Money(plan.currency.clone()),
        series: cost_stack(plan, sf)
            .into_iter()
            .map(|(name, colour, values)| Series {
                name,
                colour,
                values,
            })
            .collect(),
        stacked: true,
        lines: Vec::new(),
        bands: tier_bands(plan, f, s),
        fans: Vec::new(),
        points: Vec::new(),
        first_month: 0,
        start: None,
        centred: false,
        plot: Plot::Months,
    }
}

pub fn utilization(plan: &Plan, f: &Forecast, s: usize) -> ChartSpec {
    let sf = &f.scenarios[s];
    let p = &plan.policy;
    ChartSpec {
        title: format!(
            "Bottleneck utilization, {} scenario, against warn and target",
            label(plan, s)
        ),
        y_label: "Utilization of the tier's limit".into(),
        unit: Unit::Percent,
        series: vec![Series {
            name: "Bottleneck utilization".into(),
            colour: 0,
            values: bottleneck_series(sf),
        }],
        stacked: false,
        lines: vec![
            (
                format!("warn {:.0}%", p.warn_utilization.median() * 100.0),
                p.warn_utilization.median(),
            ),
            (
                format!("target {:.0}%", p.target_utilization.median() * 100.0),
                p.target_utilization.median(),
            ),
        ],
        bands: tier_bands(plan, f, s),
        fans: Vec::new(),
        points: Vec::new(),
        first_month: 0,
        start: None,
        centred: false,
        plot: Plot::Months,
    }
}
