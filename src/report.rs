//! Plain-language wording of a forecast, shared by the command line and the
//! app: the names of limits and what each event means and asks of a planner.

use crate::engine::{Event, EventKind, Plan, USERS};
use crate::formats::numbers::{money, percent};

/// The id (`users` or a metric id) of limit `limit` of tier `tier`.
pub fn limit_key(plan: &Plan, tier: usize, limit: usize) -> Option<String> {
    plan.tiers.get(tier)?.limits.keys().nth(limit).cloned()
}

/// A person's name for `users` or a metric id.
pub fn quantity_label(plan: &Plan, key: &str) -> String {
    if key == USERS {
        return "Users".to_string();
    }
    plan.metrics
        .iter()
        .find(|m| m.id == key)
        .map_or_else(|| key.to_string(), |m| m.label.clone())
}

fn tier_label(plan: &Plan, t: usize) -> &str {
    let tier = &plan.tiers[t];
    if tier.label.trim().is_empty() {
        &tier.id
    } else {
        &tier.label
    }
}

fn months_span(from: u32, until: u32) -> String {
    if from == until {
        format!("Month {from}")
    } else {
        format!("Months {from}-{until}")
    }
}

/// One sentence saying what happened and, for alerts, what to do by when.
pub fn describe(plan: &Plan, e: &Event) -> String {
    let cur = &plan.currency;
    match &e.kind {
        EventKind::TierChange {
            from,
            to,
            limit,
            utilization,
        } => {
            let (a, b) = (tier_label(plan, *from), tier_label(plan, *to));
            match (limit.and_then(|l| limit_key(plan, *from, l)), utilization) {
                (Some(key), Some(u)) => format!(
                    "Month {}: move from {a} to {b} ({} at {} of {a}'s limit).",
                    e.month,
                    quantity_label(plan, &key),
                    percent(*u)
                ),
                _ => format!("Month {}: move down from {a} to {b}.", e.month),
            }
        }
        EventKind::ApproachingLimit {
            tier,
            limit,
            utilization,
            target_month,
        } => {
            let name = limit_key(plan, *tier, *limit)
                .map_or_else(String::new, |k| quantity_label(plan, &k));
            let t = tier_label(plan, *tier);
            let first = format!(
                "Month {}: {name} at {} of {t}'s limit, past the {} warning",
                e.month,
                percent(*utilization),
                percent(warn(plan))
            );
            let next = plan.tiers.get(tier + 1).map(|_| tier_label(plan, tier + 1));
            match (target_month, next) {
                (Some(m), Some(n)) => format!("{first}; plan the move to {n} before month {m}."),
                (Some(m), None) => {
                    format!("{first}; {t} is the largest tier: add a larger one before month {m}.")
                }
                (None, _) => format!(
                    "{first}; it stays within the {} target through month {}.",
                    percent(target(plan)),
                    plan.horizon_months
                ),
            }
        }
        EventKind::OverCapacity {
            until,
            tier,
            limit,
            components,
        } => {
            let t = tier_label(plan, *tier);
            let mut parts = Vec::new();
            if let Some(key) = limit.and_then(|l| limit_key(plan, *tier, l)) {
                parts.push(format!("no tier fits: {} outgrows {t}, the largest tier; add a larger tier or raise its limits", quantity_label(plan, &key)));
            }
            for &c in components {
                let comp = &plan.tiers[*tier].components[c];
                parts.push(format!(
                    "{} needs more than its max; raise the max or move up a tier",
                    comp.name
                ));
            }
            format!(
                "{}: over capacity: {}.",
                months_span(e.month, *until),
                parts.join("; ")
            )
        }
        EventKind::CostJump {
            previous_cost,
            cost,
            increase,
        } => match increase {
            Some(inc) => format!(
                "Month {}: monthly cost rises {} ({} to {}).",
                e.month,
                percent(*inc),
                money(*previous_cost, cur),
                money(*cost, cur)
            ),
            None => format!(
                "Month {}: monthly cost rises from nothing to {}.",
                e.month,
                money(*cost, cur)
            ),
        },
        EventKind::OverBudget {
            until,
            cost,
            budget,
        } => format!(
            "{}: monthly cost {} passes the budget of {}; cut costs or raise the budget.",
            months_span(e.month, *until),
            money(*cost, cur),
            money(*budget, cur)
        ),
    }
}

fn warn(plan: &Plan) -> f64 {
    plan.policy.warn_utilization.median()
}
fn target(plan: &Plan) -> f64 {
    plan.policy.target_utilization.median()
}
