//! The forecast as JSON (the command line's `--format json`): per scenario
//! `{"scenario", "label", "months": [...], "events": [...], "total_cost"}`.
//! Numbers are full precision; ids are the plan's own.

use crate::engine::{Event, EventKind, Plan, ScenarioForecast};
use serde_json::{json, Map, Value};

/// One scenario's forecast as a JSON object.
pub fn scenario(plan: &Plan, s: &ScenarioForecast) -> Value {
    let months: Vec<Value> = s.months.iter().map(|m| month(plan, m)).collect();
    let events: Vec<Value> = s.events.iter().map(|e| event(plan, e)).collect();
    let sc = &plan.scenarios[s.scenario];
    let mut v = json!({
        "scenario": sc.id,
        "label": sc.label,
        "months": months,
        "events": events,
        "total_cost": s.total_cost,
    });
    // Only a plan with actuals: one without computes and reads as before.
    if !plan.actuals.is_empty() {
        let t = crate::engine::actuals::track(plan, s);
        v["tracking"] = json!({"mean_abs_log_error": t.mean_abs_log_error, "months": t.months});
    }
    v
}

/// The forecast of several scenarios: an array, or for a plan with actuals
/// `{"scenarios": [...], "closest_scenario"}` (the id of the scenario
/// closest to the actual users, MODEL.md section 11; null without any).
pub fn scenarios(plan: &Plan, f: &crate::engine::Forecast) -> Value {
    let all: Vec<Value> = f.scenarios.iter().map(|s| scenario(plan, s)).collect();
    if plan.actuals.is_empty() {
        return Value::Array(all);
    }
    let tracks = crate::engine::actuals::tracking(plan, f);
    let closest = crate::engine::actuals::closest(&tracks)
        .and_then(|i| f.scenarios.get(i))
        .map(|s| plan.scenarios[s.scenario].id.clone());
    json!({"scenarios": all, "closest_scenario": closest})
}

fn month(plan: &Plan, m: &crate::engine::MonthForecast) -> Value {
    let tier = &plan.tiers[m.tier];
    let metrics =
        super::object((plan.metrics.iter().zip(&m.metrics)).map(|(d, v)| (d.id.clone(), json!(v))));
    let utilization =
        super::object((tier.limits.keys().zip(&m.utilization)).map(|(k, u)| (k.clone(), json!(u))));
    let components: Vec<Value> = tier
        .components
        .iter()
        .zip(&m.components)
        .map(|(c, cm)| {
            let mut v = json!({"name": c.name, "category": c.category, "quantity": cm.quantity, "cost": cm.cost, "at_max": cm.at_max});
            // An autoscaled component: its quantity is the average replicas.
            if let Some(d) = &cm.day {
                v["autoscale"] = day_json(d);
            }
            v
        })
        .collect();
    let mut v = json!({
        "month": m.month,
        "users": m.users,
        "metrics": metrics,
        "tier": tier.id,
        "utilization": utilization,
        "bottleneck": m.bottleneck.and_then(|b| plan.limit_key(m.tier, b)),
        "over_capacity": m.over_capacity,
        "components": components,
        "cost": m.cost,
        "cumulative_cost": m.cumulative_cost,
        "cost_per_user": m.cost_per_user,
        "cost_per_capacity_unit": m.cost_per_capacity_unit,
    });
    if let Some(date) = crate::engine::calendar::date(plan.start, m.month as i32) {
        v["date"] = json!(date);
    }
    if let Some(c) = &m.commitment {
        v["commitment"] = json!({"demand": c.demand, "committed": c.committed, "on_demand": c.on_demand, "unused": c.unused});
    }
    if let Some(a) = crate::engine::actuals::actual_at(plan, m.month) {
        let mut actual = Map::new();
        if let Some(u) = a.users {
            actual.insert("users".into(), json!(u));
        }
        if let Some(c) = a.cost {
            actual.insert("cost".into(), json!(c));
        }
        for (id, x) in &a.metrics {
            actual.insert(id.clone(), json!(x));
        }
        v["actual"] = Value::Object(actual);
    }
    v
}

/// One event: `{"month", "kind", ...}` with ids, never indices.
pub fn event(plan: &Plan, e: &Event) -> Value {
    let tier_id = |t: usize| plan.tiers[t].id.clone();
    let mut v = match &e.kind {
        EventKind::TierChange {
            from,
            to,
            limit,
            utilization,
        } => json!({
            "from": tier_id(*from), "to": tier_id(*to),
            "limit": limit.and_then(|l| plan.limit_key(*from, l)), "utilization": utilization,
        }),
        EventKind::ApproachingLimit {
            tier,
            limit,
            utilization,
            target_month,
        } => json!({
            "tier": tier_id(*tier), "limit": plan.limit_key(*tier, *limit),
            "utilization": utilization, "target_month": target_month,
        }),
        EventKind::OverCapacity {
            until,
            tier,
            limit,
            components,
        } => json!({
            "until": until, "tier": tier_id(*tier),
            "limit": limit.and_then(|l| plan.limit_key(*tier, l)),
            "components": components.iter().map(|&c| plan.tiers[*tier].components[c].name.clone()).collect::<Vec<_>>(),
        }),
        EventKind::CostJump {
            previous_cost,
            cost,
            increase,
        } => json!({
            "previous_cost": previous_cost, "cost": cost, "increase": increase,
        }),
        EventKind::OverBudget {
            until,
            cost,
            budget,
        } => json!({"until": until, "cost": cost, "budget": budget}),
        EventKind::ElasticShortfall {
            until,
            tier,
            component,
            minutes,
            unserved_share,
        } => json!({
            "until": until,
            "tier": plan.tiers[*tier].id,
            "component": plan.tiers[*tier].components[*component].name,
            "minutes_over_capacity": minutes,
            "unserved_share": unserved_share,
        }),
    };
    let obj = v.as_object_mut().expect("events are objects");
    obj.insert("month".into(), json!(e.month));
    obj.insert("kind".into(), json!(e.kind.name()));
    v
}

/// The figures of an autoscaled component's reported day (MODEL.md
/// section 10), as the forecast JSON and `headroom day` give them.
pub fn day_json(d: &crate::engine::day::DayFigures) -> Value {
    json!({
        "average_replicas": d.average_replicas,
        "peak_replicas": d.peak_replicas,
        "replica_hours": d.replica_hours,
        "minutes_over_target": d.minutes_over_target,
        "minutes_over_capacity": d.minutes_over_capacity,
        "unserved_share": d.unserved_share,
        "saving": d.saving,
    })
}
