//! Every numeric input of a plan, with its path and valid domain, in one
//! fixed order: what a simulation draws and a sensitivity run varies.

use super::number::Num;
use super::path::Path;
use super::plan::{Growth, Plan, Point, Quantity};
use super::validate::Domain;

/// One numeric input of a plan.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub num: &'a Num,
    pub domain: Domain,
}

/// Walks the plan's numeric inputs, calling `f(path, input)` for each.
pub fn each<'a>(plan: &'a Plan, f: &mut dyn FnMut(Path, Input<'a>)) {
    let mut put = |path: Path, num: &'a Num, domain: Domain| f(path, Input { num, domain });
    put(
        Path::field("initial_users"),
        &plan.initial_users,
        Domain::USERS,
    );
    for (i, s) in plan.scenarios.iter().enumerate() {
        let g = Path::scenario(i).key("growth");
        match &s.growth {
            Growth::Compound { segments, churn } => {
                for (j, seg) in segments.iter().enumerate() {
                    put(
                        g.clone().key("segments").at(j).key("rate"),
                        &seg.rate,
                        Domain::RATE,
                    );
                }
                put(g.key("churn"), churn, Domain::CHURN);
            }
            Growth::Table { points } => {
                for (j, Point(_, users)) in points.iter().enumerate() {
                    put(g.clone().key("points").at(j).at(1), users, Domain::USERS);
                }
            }
            Growth::Logistic { rate, capacity } => {
                put(g.clone().key("rate"), rate, Domain::POSITIVE);
                put(g.key("capacity"), capacity, Domain::USERS);
            }
        }
    }
    for (i, m) in plan.metrics.iter().enumerate() {
        put(Path::metric(i).key("factor"), &m.factor, Domain::ANY);
        put(Path::metric(i).key("base"), &m.base, Domain::ANY);
    }
    for (i, t) in plan.tiers.iter().enumerate() {
        for (k, v) in &t.limits {
            put(Path::limit(i, k), v, Domain::POSITIVE);
        }
        for (j, c) in t.components.iter().enumerate() {
            let at = Path::component(i, j);
            put(
                at.clone().key("unit_cost"),
                &c.unit_cost,
                Domain::NON_NEGATIVE,
            );
            match &c.quantity {
                Quantity::Fixed(n) => put(at.key("quantity"), n, Domain::NON_NEGATIVE),
                Quantity::Usage { factor, .. } => put(
                    at.key("quantity").key("factor"),
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
                    let q = at.key("quantity");
                    put(q.clone().key("per"), per, Domain::POSITIVE);
                    if let Some(a) = autoscale {
                        put(
                            q.clone().key("autoscale").key("target"),
                            &a.target,
                            Domain::UTILIZATION,
                        );
                    }
                    if let Some(n) = min {
                        put(q.clone().key("min"), n, Domain::NON_NEGATIVE);
                    }
                    if let Some(n) = max {
                        put(q.key("max"), n, Domain::max_replicas(autoscale.is_some()));
                    }
                }
            }
        }
    }
    let p = &plan.policy;
    put(
        Path::field("policy").key("target_utilization"),
        &p.target_utilization,
        Domain::UTILIZATION,
    );
    put(
        Path::field("policy").key("warn_utilization"),
        &p.warn_utilization,
        Domain::UTILIZATION,
    );
    put(
        Path::field("policy").key("cost_jump"),
        &p.cost_jump,
        Domain::NON_NEGATIVE,
    );
    if let Some(b) = &p.monthly_budget {
        put(
            Path::field("policy").key("monthly_budget"),
            b,
            Domain::NON_NEGATIVE,
        );
    }
    if let Some(pricing) = &plan.pricing {
        for (name, d) in [("reserved", &pricing.reserved), ("spot", &pricing.spot)] {
            if let Some(d) = d {
                let at = Path::field("pricing").key(name);
                put(at.clone().key("coverage"), &d.coverage, Domain::FRACTION);
                put(at.key("discount"), &d.discount, Domain::FRACTION);
            }
        }
        if let Some(k) = &pricing.commitment {
            let at = Path::field("pricing").key("commitment").key("discount");
            put(at, &k.discount, Domain::FRACTION_BELOW_ONE);
        }
    }
}

/// Whether any input of the plan is a range (so a simulation has spread).
pub fn has_ranges(plan: &Plan) -> bool {
    let mut any = false;
    each(plan, &mut |_, i| any |= matches!(i.num, Num::Range { .. }));
    any
}

/// Whether two references name the same input of one plan.
pub fn same(a: &Num, b: &Num) -> bool {
    std::ptr::eq(a, b)
}

/// The valid values of the input at `path`, if `path` names one.
pub fn domain_at(plan: &Plan, path: &Path) -> Option<Domain> {
    let mut found = None;
    each(plan, &mut |p, input| {
        if found.is_none() && p == *path {
            found = Some(input.domain);
        }
    });
    found
}
