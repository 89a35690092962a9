//! Figure cards: a label, the figure, and a detail line (left out when
//! empty). The summary of a scenario, its simulation, and an autoscaled
//! component's day.

use crate::engine::day::ComponentDay;
use crate::engine::simulate::ScenarioSimulation;
use crate::engine::{Event, Forecast, Plan};
use crate::formats::numbers::{money, percent, quantity, thousands};
use crate::report::{self, describe};

/// (label, figure, detail).
pub type Card = (String, String, String);

/// The summary cards of scenario `s` of a forecast (none if it is gone).
pub fn summary(plan: &Plan, forecast: &Forecast, s: usize) -> Option<Vec<Card>> {
    let sf = forecast.scenarios.get(s)?;
    let sum = report::summary(sf)?;
    let cur = &plan.currency;
    let h = plan.horizon_months;
    let rtl = report::rtl_names(plan);
    let event = |e: &Option<Event>, none: &str| {
        e.as_ref().map_or((none.to_string(), String::new()), |e| {
            let told = describe(plan, e);
            (
                format!("Month {}", e.month),
                report::isolate_names(&rtl, &told),
            )
        })
    };
    let (tier_when, tier_what) = event(&sum.first_tier_change, "None");
    let (alert_when, alert_what) = event(&sum.first_alert, "None");
    Some(vec![
        (
            "Users at month ".to_string() + &h.to_string(),
            quantity(sum.users.round()),
            String::new(),
        ),
        (
            format!("Monthly cost at month {h}"),
            money(sum.monthly_cost, cur),
            String::new(),
        ),
        (
            format!("Total cost, months 1-{h}"),
            money(sum.total_cost, cur),
            String::new(),
        ),
        (
            "Cost per user per month".to_string(),
            sum.cost_per_user.map_or("–".to_string(), |c| {
                crate::formats::numbers::money_per_unit(c, cur)
            }),
            format!("at month {h}"),
        ),
        ("First tier change".to_string(), tier_when, tier_what),
        ("First alert".to_string(), alert_when, alert_what),
    ])
}

/// P10 / P50 / P90 cards and the odds that matter to a planner.
pub fn uncertainty(plan: &Plan, s: &ScenarioSimulation) -> Vec<Card> {
    let cur = &plan.currency;
    let last = s.months.last();
    let h = plan.horizon_months;
    let mut out = Vec::new();
    if let Some(m) = last {
        out.push((
            format!("Users at month {h}"),
            quantity(m.users.p50.round()),
            format!(
                "P10 {} · P90 {}",
                quantity(m.users.p10.round()),
                quantity(m.users.p90.round())
            ),
        ));
    }
    let mut total = format!(
        "P10 {} · P90 {}",
        money(s.total_cost.p10, cur),
        money(s.total_cost.p90, cur)
    );
    // A few costly paths past P90 (those that outgrow a tier) pull the
    // mean out of the band: said, so equal P10 and P90 do not read as
    // a cost that cannot move.
    let (p10, p90, mean) = (s.total_cost.p10, s.total_cost.p90, s.total_cost_mean);
    let slack = 1e-9 * p10.abs().max(p90.abs()).max(1.0);
    if mean < p10 - slack || mean > p90 + slack {
        total += &format!(" · mean {}, outside them", money(mean, cur));
    }
    out.push((
        format!("Total cost, months 1-{h}"),
        money(s.total_cost.p50, cur),
        total,
    ));
    // Without downgrades, being on the largest tier by month 12 means reaching it.
    let by = (h as usize).min(12);
    if let (Some(m), Some(tier)) = (s.months.get(by), plan.tiers.last()) {
        let share = m.tier_share.last().copied().unwrap_or(0.0);
        out.push((
            report::isolate_names(
                &report::rtl_names(plan),
                &format!("Chance of {} by month {by}", tier.label),
            ),
            percent(share),
            "share of paths on the largest tier".into(),
        ));
    }
    if plan.policy.monthly_budget.is_some() {
        out.push((
            "Budget risk".into(),
            percent(s.over_budget_share),
            "paths with a month over the monthly budget".into(),
        ));
    }
    out.push((
        "Capacity risk".into(),
        percent(s.over_capacity_share),
        "paths with a month over capacity".into(),
    ));
    out
}

/// The cards of an autoscaled component's day.
pub fn day(plan: &Plan, d: &ComponentDay) -> Vec<Card> {
    let f = &d.figures;
    let share = if f.peak_replicas > 0.0 {
        1.0 - f.average_replicas / f.peak_replicas
    } else {
        0.0
    };
    vec![
        (
            "Average replicas".into(),
            thousands(f.average_replicas, 2),
            format!("peak {}", quantity(f.peak_replicas)),
        ),
        (
            "Replica-hours a day".into(),
            thousands(f.replica_hours, 1),
            String::new(),
        ),
        (
            "Saving against the peak all day".into(),
            money(f.saving, &plan.currency),
            format!("{} a month", percent(share)),
        ),
        (
            "Minutes over target".into(),
            f.minutes_over_target.to_string(),
            "a day".into(),
        ),
        (
            "Minutes over capacity".into(),
            f.minutes_over_capacity.to_string(),
            format!("unserved {}", percent(f.unserved_share)),
        ),
    ]
}
