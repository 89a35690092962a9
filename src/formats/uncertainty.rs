//! Simulation and sensitivity results as JSON and CSV (the command line's
//! `simulate` and `sensitivity`). Full-precision numbers; ids from the plan.

use super::csv::safe_text;
use super::numbers::csv_number;
use crate::engine::simulate::{Percentiles, ScenarioSimulation, Sensitivity};
use crate::engine::Plan;
use serde_json::{json, Value};

fn bands(p: &Percentiles) -> Value {
    json!({"p5": p.p5, "p10": p.p10, "p50": p.p50, "p90": p.p90, "p95": p.p95})
}

/// One scenario's simulation: the shape issue 5 specifies.
pub fn simulation_json(plan: &Plan, seed: u64, s: &ScenarioSimulation) -> Value {
    let months: Vec<Value> = s
        .months
        .iter()
        .map(|m| {
            let share = super::object(
                (plan.tiers.iter().zip(&m.tier_share)).map(|(t, v)| (t.id.clone(), json!(v))),
            );
            json!({
                "month": m.month,
                "users": bands(&m.users),
                "cost": bands(&m.cost),
                "cumulative_cost": bands(&m.cumulative_cost),
                "tier_share": share,
            })
        })
        .collect();
    let mut total = bands(&s.total_cost);
    total["mean"] = json!(s.total_cost_mean);
    json!({
        "scenario": plan.scenarios[s.scenario].id,
        "samples": s.samples,
        "failed": s.failed,
        "seed": seed,
        "months": months,
        "total_cost": total,
        "over_budget_share": s.over_budget_share,
        "over_capacity_share": s.over_capacity_share,
    })
}

/// One row per scenario-month: percentiles of users, cost and cumulative
/// cost, and the share of paths on each tier.
/// One scenario's simulation as the JSON text `headroom simulate --format
/// json --scenario ID` prints, so a file from the app and one from the
/// command line can be compared byte for byte.
pub fn simulation_text(plan: &Plan, seed: u64, s: &ScenarioSimulation) -> String {
    pretty(&simulation_json(plan, seed, s))
}

/// Indented JSON and a final newline.
pub fn pretty(v: &Value) -> String {
    let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
    text.push('\n');
    text
}

pub fn simulation_csv(plan: &Plan, sims: &[&ScenarioSimulation]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["scenario".to_string(), "month".to_string()];
    for what in ["users", "cost", "cumulative_cost"] {
        for p in ["p5", "p10", "p50", "p90", "p95"] {
            header.push(format!("{what}_{p}"));
        }
    }
    header.extend(
        plan.tiers
            .iter()
            .map(|t| safe_text(&format!("share_{}", t.id))),
    );
    let _ = w.write_record(&header);
    for s in sims {
        for m in &s.months {
            let mut row = vec![
                safe_text(&plan.scenarios[s.scenario].id),
                m.month.to_string(),
            ];
            for p in [&m.users, &m.cost, &m.cumulative_cost] {
                row.extend(
                    [p.p5, p.p10, p.p50, p.p90, p.p95]
                        .iter()
                        .map(|v| csv_number(*v)),
                );
            }
            row.extend(m.tier_share.iter().map(|v| csv_number(*v)));
            let _ = w.write_record(&row);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

pub fn sensitivity_json(plan: &Plan, s: &Sensitivity) -> Value {
    let inputs: Vec<Value> = s
        .impacts
        .iter()
        .map(|i| {
            json!({
                "path": i.path,
                "values": i.values,
                "total_cost": i.total_cost,
                "first_tier_change": i.first_tier_change,
                "swing": if i.swing.is_finite() { json!(i.swing) } else { Value::Null },
            })
        })
        .collect();
    json!({
        "scenario": plan.scenarios[s.scenario].id,
        "total_cost": s.total_cost,
        "first_tier_change": s.first_tier_change,
        "inputs": inputs,
    })
}

pub fn sensitivity_csv(plan: &Plan, all: &[Sensitivity]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "scenario",
        "input",
        "low",
        "high",
        "total_cost_low",
        "total_cost_high",
        "swing",
        "first_tier_change_low",
        "first_tier_change_high",
    ]);
    let opt = |v: Option<f64>| v.map_or(String::new(), csv_number);
    let month = |v: Option<u32>| v.map_or(String::new(), |v| v.to_string());
    for s in all {
        for i in &s.impacts {
            let _ = w.write_record([
                safe_text(&plan.scenarios[s.scenario].id),
                safe_text(&i.path.to_string()),
                csv_number(i.values[0]),
                csv_number(i.values[1]),
                opt(i.total_cost[0]),
                opt(i.total_cost[1]),
                csv_number(i.swing),
                month(i.first_tier_change[0]),
                month(i.first_tier_change[1]),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
