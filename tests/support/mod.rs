//! Helpers for building small plans in tests.
#![allow(dead_code)]

use headroom::engine::{forecast, Plan, ScenarioForecast};
use headroom::formats::plan_json;
use serde_json::{json, Value};

/// A minimal valid plan: one scenario at `rate` a month, no metrics, one
/// unlimited tier costing 100. Tests override fields with `with`.
pub fn base() -> Value {
    json!({
        "schema": 1,
        "name": "Test plan",
        "horizon_months": 12,
        "initial_users": 1000,
        "scenarios": [{"id": "s", "label": "S", "growth": {"kind": "compound", "segments": [{"from": 1, "rate": 0.1}]}}],
        "tiers": [{"id": "only", "label": "Only", "components": [
            {"name": "Server", "category": "compute", "unit": "server", "unit_cost": 100, "quantity": 1}
        ]}]
    })
}

/// `plan` with top-level `key` set to `value`.
pub fn with(mut plan: Value, key: &str, value: Value) -> Value {
    plan.as_object_mut().unwrap().insert(key.to_string(), value);
    plan
}

pub fn decode(v: &Value) -> Plan {
    plan_json::decode(&v.to_string()).unwrap_or_else(|e| panic!("test plan does not decode: {e}"))
}

/// The forecast of the plan's first scenario.
pub fn first(v: &Value) -> ScenarioForecast {
    let plan = decode(v);
    let f = forecast(&plan).unwrap_or_else(|e| panic!("test plan is invalid: {e:?}"));
    f.scenarios.into_iter().next().unwrap()
}

/// Validation messages as "path: reason" lines.
pub fn errors(v: &Value) -> Vec<String> {
    match plan_json::load(&v.to_string()) {
        Ok(_) => vec![],
        Err(errs) => errs.iter().map(|e| e.to_string()).collect(),
    }
}

pub fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}
