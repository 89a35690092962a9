//! Every numeric input of a plan, with its JSON path and valid domain, in
//! one fixed order: what a simulation draws and a sensitivity run varies.

use super::number::Num;
use super::plan::{Growth, Plan, Point, Quantity};
use super::validate::Domain;

/// One numeric input of a plan.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub num: &'a Num,
    pub domain: Domain,
}

/// Walks the plan's numeric inputs, calling `f(path, input)` for each.
pub fn each<'a>(plan: &'a Plan, f: &mut dyn FnMut(String, Input<'a>)) {
    let mut put = |path: String, num: &'a Num, domain: Domain| f(path, Input { num, domain });
    put("initial_users".into(), &plan.initial_users, Domain::USERS);
    for (i, s) in plan.scenarios.iter().enumerate() {
        let g = format!("scenarios[{i}].growth");
        match &s.growth {
            Growth::Compound { segments, churn } => {
                for (j, seg) in segments.iter().enumerate() {
                    put(format!("{g}.segments[{j}].rate"), &seg.rate, Domain::RATE);
                }
                put(format!("{g}.churn"), churn, Domain::CHURN);
            }
            Growth::Table { points } => {
                for (j, Point(_, users)) in points.iter().enumerate() {
                    put(format!("{g}.points[{j}][1]"), users, Domain::USERS);
                }
            }
            Growth::Logistic { rate, capacity } => {
                put(format!("{g}.rate"), rate, Domain::POSITIVE);
                put(format!("{g}.capacity"), capacity, Domain::USERS);
            }
        }
    }
    for (i, m) in plan.metrics.iter().enumerate() {
        put(format!("metrics[{i}].factor"), &m.factor, Domain::ANY);
        put(format!("metrics[{i}].base"), &m.base, Domain::ANY);
    }
    for (i, t) in plan.tiers.iter().enumerate() {
        for (k, v) in &t.limits {
            put(format!("tiers[{i}].limits.{k}"), v, Domain::POSITIVE);
        }
        for (j, c) in t.components.iter().enumerate() {
            let at = format!("tiers[{i}].components[{j}]");
            put(
                format!("{at}.unit_cost"),
                &c.unit_cost,
                Domain::NON_NEGATIVE,
            );
            match &c.quantity {
                Quantity::Fixed(n) => put(format!("{at}.quantity"), n, Domain::NON_NEGATIVE),
                Quantity::Usage { factor, .. } => put(
                    format!("{at}.quantity.factor"),
                    factor,
                    Domain::NON_NEGATIVE,
                ),
                Quantity::Sized {
                    per,
                    min,
                    max,
                    autoscale,
                    ..
                } => {
                    put(format!("{at}.quantity.per"), per, Domain::POSITIVE);
                    if let Some(a) = autoscale {
                        put(
                            format!("{at}.quantity.autoscale.target"),
                            &a.target,
                            Domain::UTILIZATION,
                        );
                    }
                    if let Some(n) = min {
                        put(format!("{at}.quantity.min"), n, Domain::NON_NEGATIVE);
                    }
                    if let Some(n) = max {
                        put(format!("{at}.quantity.max"), n, Domain::NON_NEGATIVE);
                    }
                }
            }
        }
    }
    let p = &plan.policy;
    put(
        "policy.target_utilization".into(),
        &p.target_utilization,
        Domain::UTILIZATION,
    );
    put(
        "policy.warn_utilization".into(),
        &p.warn_utilization,
        Domain::UTILIZATION,
    );
    put(
        "policy.cost_jump".into(),
        &p.cost_jump,
        Domain::NON_NEGATIVE,
    );
    if let Some(b) = &p.monthly_budget {
        put("policy.monthly_budget".into(), b, Domain::NON_NEGATIVE);
    }
    if let Some(pricing) = &plan.pricing {
        for (name, d) in [("reserved", &pricing.reserved), ("spot", &pricing.spot)] {
            if let Some(d) = d {
                put(
                    format!("pricing.{name}.coverage"),
                    &d.coverage,
                    Domain::FRACTION,
                );
                put(
                    format!("pricing.{name}.discount"),
                    &d.discount,
                    Domain::FRACTION,
                );
            }
        }
    }
}

/// Whether two references name the same input of one plan.
pub fn same(a: &Num, b: &Num) -> bool {
    std::ptr::eq(a, b)
}
