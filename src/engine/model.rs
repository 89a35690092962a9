//! A validated plan compiled for computing: every input resolved to one
//! number (its median, or a simulation draw) and every reference to an index,
//! so the monthly loop does no string look-ups.

// `|n| value(n)` reborrows the `&mut dyn FnMut`; passing `value` itself would move it.
#![allow(clippy::redundant_closure)]

use super::number::Num;
use super::plan::*;

/// Where a limit or quantity reads its value each month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Source {
    Users,
    Metric(usize),
}

#[derive(Debug, Clone)]
pub struct Model {
    pub horizon: usize,
    pub initial_users: f64,
    pub growth: Vec<GrowthModel>,
    pub metrics: Vec<MetricModel>,
    /// Metric indices in an order where each metric comes after its `from`.
    pub metric_order: Vec<usize>,
    pub tiers: Vec<TierModel>,
    pub target: f64,
    pub warn: f64,
    pub allow_downgrade: bool,
    pub cost_jump: f64,
    pub budget: Option<f64>,
}

#[derive(Debug, Clone)]
pub enum GrowthModel {
    /// Net monthly rate (rate - churn) for months 1..=horizon, index m-1.
    Compound {
        net_rates: Vec<f64>,
    },
    Table {
        points: Vec<(u32, f64)>,
    },
    Logistic {
        rate: f64,
        capacity: f64,
    },
}

#[derive(Debug, Clone)]
pub struct MetricModel {
    pub from: Source,
    pub factor: f64,
    pub base: f64,
    pub accumulate: bool,
}

#[derive(Debug, Clone)]
pub struct TierModel {
    pub limits: Vec<LimitModel>,
    pub components: Vec<ComponentModel>,
}

#[derive(Debug, Clone)]
pub struct LimitModel {
    pub source: Source,
    pub value: f64,
}

#[derive(Debug, Clone)]
pub struct ComponentModel {
    /// unit_cost * price_factor(category)
    pub effective_unit_cost: f64,
    pub quantity: QuantityModel,
}

#[derive(Debug, Clone)]
pub enum QuantityModel {
    Fixed(f64),
    Usage {
        source: Source,
        factor: f64,
    },
    Sized {
        source: Source,
        per: f64,
        min: f64,
        max: Option<f64>,
    },
}

impl Model {
    /// Compiles a plan that has passed validation, drawing each numeric input
    /// through `value` (the median for a forecast, a sample in a simulation).
    pub fn build(plan: &Plan, value: &mut dyn FnMut(&Num) -> f64) -> Model {
        let horizon = plan.horizon_months as usize;
        let source = |id: &str| source_of(plan, id);
        let growth = plan
            .scenarios
            .iter()
            .map(|s| growth_model(&s.growth, horizon, value))
            .collect();
        let metrics = plan
            .metrics
            .iter()
            .map(|m| MetricModel {
                from: source(&m.from),
                factor: value(&m.factor),
                base: value(&m.base),
                accumulate: m.accumulate,
            })
            .collect();
        let tiers = plan
            .tiers
            .iter()
            .map(|t| TierModel {
                limits: t
                    .limits
                    .iter()
                    .map(|(k, v)| LimitModel {
                        source: source(k),
                        value: value(v),
                    })
                    .collect(),
                components: t
                    .components
                    .iter()
                    .map(|c| component_model(plan, c, value))
                    .collect(),
            })
            .collect();
        let p = &plan.policy;
        Model {
            horizon,
            initial_users: value(&plan.initial_users),
            growth,
            metric_order: metric_order(plan),
            metrics,
            tiers,
            target: value(&p.target_utilization),
            warn: value(&p.warn_utilization),
            allow_downgrade: p.allow_downgrade,
            cost_jump: value(&p.cost_jump),
            budget: p.monthly_budget.as_ref().map(|b| value(b)),
        }
    }
}

/// Resolves `users` or a metric id; validation guarantees the id exists.
pub fn source_of(plan: &Plan, id: &str) -> Source {
    match plan.metrics.iter().position(|m| m.id == id) {
        Some(i) => Source::Metric(i),
        None => Source::Users,
    }
}

fn growth_model(g: &Growth, horizon: usize, value: &mut dyn FnMut(&Num) -> f64) -> GrowthModel {
    match g {
        Growth::Compound { segments, churn } => {
            let churn = value(churn);
            let rates: Vec<(u32, u32, f64)> = segments
                .iter()
                .map(|s| (s.from, s.to.unwrap_or(u32::MAX), value(&s.rate)))
                .collect();
            let net_rates = (1..=horizon as u32)
                .map(|m| {
                    rates
                        .iter()
                        .find(|(from, to, _)| (*from..=*to).contains(&m))
                        .map_or(0.0, |r| r.2)
                        - churn
                })
                .collect();
            GrowthModel::Compound { net_rates }
        }
        Growth::Table { points } => GrowthModel::Table {
            points: points.iter().map(|Point(m, u)| (*m, value(u))).collect(),
        },
        Growth::Logistic { rate, capacity } => GrowthModel::Logistic {
            rate: value(rate),
            capacity: value(capacity),
        },
    }
}

fn component_model(
    plan: &Plan,
    c: &Component,
    value: &mut dyn FnMut(&Num) -> f64,
) -> ComponentModel {
    let quantity = match &c.quantity {
        Quantity::Fixed(n) => QuantityModel::Fixed(value(n)),
        Quantity::Usage { metric, factor } => QuantityModel::Usage {
            source: source_of(plan, metric),
            factor: value(factor),
        },
        Quantity::Sized {
            metric,
            per,
            min,
            max,
        } => QuantityModel::Sized {
            source: source_of(plan, metric),
            per: value(per),
            min: min.as_ref().map_or(0.0, |n| value(n)),
            max: max.as_ref().map(|n| value(n)),
        },
    };
    let unit_cost = value(&c.unit_cost);
    ComponentModel {
        effective_unit_cost: unit_cost * price_factor(plan.pricing.as_ref(), c.category, value),
        quantity,
    }
}

/// 1 - coverage * discount of the program that lists the category, else 1.
fn price_factor(
    pricing: Option<&Pricing>,
    category: Category,
    value: &mut dyn FnMut(&Num) -> f64,
) -> f64 {
    let Some(pricing) = pricing else { return 1.0 };
    for d in [&pricing.reserved, &pricing.spot].into_iter().flatten() {
        if d.categories.contains(&category) {
            return 1.0 - value(&d.coverage) * value(&d.discount);
        }
    }
    1.0
}

/// Orders metrics so each comes after the metric it is derived from.
/// Validation has ruled out cycles and unknown references.
fn metric_order(plan: &Plan) -> Vec<usize> {
    let n = plan.metrics.len();
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let before = order.len();
        for (i, m) in plan.metrics.iter().enumerate() {
            let ready = match source_of(plan, &m.from) {
                Source::Users => true,
                Source::Metric(j) => placed[j],
            };
            if !placed[i] && ready {
                placed[i] = true;
                order.push(i);
            }
        }
        if order.len() == before {
            break; // a cycle: cannot happen after validation
        }
    }
    order
}
