//! Random plans for property tests and the benchmark. `valid_plan` makes
//! plans that pass validation; `wild_plan` puts any f64 (NaN, infinities,
//! huge, negative) into every numeric field.
#![allow(dead_code)]

use proptest::prelude::*;
use serde_json::{json, Value};

fn growth(initial: f64) -> impl Strategy<Value = Value> {
    let compound = (
        prop::collection::vec((1u32..12, -0.5f64..1.0), 1..4),
        0.0f64..0.3,
    )
        .prop_map(|(segs, churn)| {
            let mut from = 1;
            let n = segs.len();
            let segments: Vec<Value> = segs
                .into_iter()
                .enumerate()
                .map(|(i, (len, rate))| {
                    let to = from + len - 1;
                    let s = if i + 1 == n {
                        json!({"from": from, "rate": rate})
                    } else {
                        json!({"from": from, "to": to, "rate": rate})
                    };
                    from = to + 1;
                    s
                })
                .collect();
            json!({"kind": "compound", "segments": segments, "churn": churn})
        });
    let table = prop::collection::vec((1u32..20, 0.0f64..1e7), 1..6).prop_map(|pts| {
        let mut month = 0;
        let points: Vec<Value> = pts
            .into_iter()
            .map(|(step, users)| {
                month += step;
                json!([month, users])
            })
            .collect();
        json!({"kind": "table", "points": points})
    });
    let logistic = (0.01f64..2.0, 1.1f64..100.0).prop_map(move |(rate, mult)| {
        json!({"kind": "logistic", "rate": rate, "capacity": (initial.max(1.0)) * mult})
    });
    prop_oneof![compound, table, logistic]
}

fn num(lo: f64, hi: f64) -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => (lo..hi).prop_map(|v| json!(v)),
        1 => (lo..hi, lo..hi).prop_map(|(a, b)| json!({"low": a.min(b), "high": a.max(b)})),
    ]
}

fn metrics() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec((0.0f64..10.0, -100.0f64..100.0, any::<bool>(), any::<prop::sample::Index>()), 0..6).prop_map(|ms| {
        ms.into_iter()
            .enumerate()
            .map(|(i, (factor, base, accumulate, from))| {
                // Each metric derives from users or an earlier metric: no cycles.
                let from = match from.index(i + 1) { 0 => "users".to_string(), j => format!("m{}", j - 1) };
                json!({"id": format!("m{i}"), "label": format!("Metric {i}"), "unit": "u", "from": from,
                       "factor": factor, "base": base, "accumulate": accumulate})
            })
            .collect()
    })
}

fn component(sources: Vec<String>) -> impl Strategy<Value = Value> {
    let cats = [
        "compute", "database", "cache", "worker", "storage", "network", "service", "other",
    ];
    let src = prop::sample::select(sources);
    let quantity = prop_oneof![
        num(0.0, 50.0),
        (src.clone(), 0.0f64..5.0).prop_map(|(m, f)| json!({"metric": m, "factor": f})),
        (
            src,
            0.5f64..1e5,
            0.0f64..3.0,
            prop::option::of(3.0f64..100.0)
        )
            .prop_map(|(m, per, min, max)| match max {
                Some(max) => json!({"metric": m, "per": per, "min": min, "max": max}),
                None => json!({"metric": m, "per": per, "min": min}),
            }),
    ];
    (prop::sample::select(cats.to_vec()), num(0.0, 2000.0), quantity)
        .prop_map(|(cat, cost, q)| json!({"name": "C", "category": cat, "unit": "u", "unit_cost": cost, "quantity": q}))
}

fn tiers(sources: Vec<String>) -> impl Strategy<Value = Vec<Value>> {
    let tier = (
        prop::collection::vec(component(sources.clone()), 0..6),
        prop::collection::btree_map(prop::sample::select(sources), 1.0f64..1e6, 0..3),
    );
    prop::collection::vec(tier, 1..5).prop_map(|ts| {
        ts.into_iter()
            .enumerate()
            .map(|(i, (components, limits))| {
                // Later tiers carry more: scale limits by the tier's rank.
                let limits: serde_json::Map<String, Value> =
                    limits.into_iter().map(|(k, v)| (k, json!(v * 10f64.powi(i as i32)))).collect();
                json!({"id": format!("t{i}"), "label": format!("Tier {i}"), "limits": limits, "components": components})
            })
            .collect()
    })
}

pub fn valid_plan() -> impl Strategy<Value = Value> {
    (1u32..=120, 0.0f64..1e6).prop_flat_map(|(horizon, initial)| {
        (metrics(), prop::collection::vec(growth(initial), 1..4)).prop_flat_map(move |(metrics, growths)| {
            let mut sources = vec!["users".to_string()];
            sources.extend((0..metrics.len()).map(|i| format!("m{i}")));
            let scenarios: Vec<Value> = growths
                .into_iter()
                .enumerate()
                .map(|(i, g)| json!({"id": format!("s{i}"), "label": format!("S{i}"), "growth": g}))
                .collect();
            let policy = (0.5f64..=1.0, 0.0f64..1.0, any::<bool>(), 0.0f64..1.0, prop::option::of(num(0.0, 1e5)));
            let pricing = prop::option::of((0.0f64..=1.0, 0.0f64..=1.0));
            (tiers(sources), policy, pricing).prop_map(move |(tiers, (target, warn_share, down, jump, budget), pricing)| {
                let mut plan = json!({
                    "schema": 1, "name": "Random plan", "horizon_months": horizon, "initial_users": initial,
                    "scenarios": scenarios, "metrics": metrics, "tiers": tiers,
                    "policy": {"target_utilization": target, "warn_utilization": target * warn_share,
                               "allow_downgrade": down, "cost_jump": jump}
                });
                if let Some(b) = budget {
                    plan["policy"]["monthly_budget"] = b;
                }
                if let Some((coverage, discount)) = pricing {
                    plan["pricing"] = json!({"reserved": {"coverage": coverage, "discount": discount, "categories": ["compute", "database"]}});
                }
                plan
            })
        })
    })
}

/// Any f64 bit pattern, weighted toward the awkward ones.
pub fn wild_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(f64::MAX),
        Just(f64::MIN),
        Just(f64::MIN_POSITIVE),
        Just(1e300),
        Just(-1.0),
        any::<f64>(),
    ]
}
