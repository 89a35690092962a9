//! A validated plan compiled for computing: every input resolved to one
//! number (its median, or a simulation draw) and every reference to an index,
//! so the monthly loop does no string look-ups.

// `|n| value(n)` reborrows the `&mut dyn FnMut`; passing `value` itself would move it.
#![allow(clippy::redundant_closure)]

use super::day::{self, Scaling};
use super::number::Num;
use super::plan::*;
use std::sync::Arc;

/// Where a limit or quantity reads its value each month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Source {
    Users,
    Metric(usize),
}

#[derive(Debug, Clone, PartialEq)]
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
    /// 1 - coverage * discount per category (indexed `Category as usize`).
    pub price_factor: [f64; Category::ALL.len()],
    /// MODEL.md section 12.
    pub commitment: Option<super::commitment::CommitmentModel>,
}

#[derive(Debug, Clone, PartialEq)]
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

#[derive(Debug, Clone, PartialEq)]
pub struct MetricModel {
    pub from: Source,
    pub factor: f64,
    pub base: f64,
    pub accumulate: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TierModel {
    pub limits: Vec<LimitModel>,
    pub components: Vec<ComponentModel>,
}

impl TierModel {
    /// Every component has a fixed quantity: the tier costs the same each month.
    pub fn is_fixed(&self) -> bool {
        (self.components.iter()).all(|c| matches!(c.quantity, QuantityModel::Fixed(_)))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LimitModel {
    pub source: Source,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComponentModel {
    pub category: Category,
    pub unit_cost: f64,
    /// unit_cost * price_factor(category)
    pub effective_unit_cost: f64,
    pub quantity: QuantityModel,
}

#[derive(Debug, Clone, PartialEq)]
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
        /// Replicas through a day of load (MODEL.md section 10).
        scaling: Option<Box<Scaling>>,
    },
}

impl Model {
    /// Compiles a plan that has passed validation, drawing each numeric input
    /// through `value` (the median for a forecast, a sample in a simulation).
    pub fn build(plan: &Plan, value: &mut impl FnMut(&Num) -> f64) -> Model {
        let mut model = Model::shape(plan);
        model.redraw(plan, &RangedParts::every(plan), value);
        model
    }

    /// The model's structure (references resolved, numbers not yet filled).
    fn shape(plan: &Plan) -> Model {
        let horizon = plan.horizon_months as usize;
        let source = |id: &str| source_of(plan, id);
        let mut days = day::Compiler::new(Arc::new(day::shape(plan.daily_profile.as_deref())));
        Model {
            horizon,
            initial_users: 0.0,
            growth: plan
                .scenarios
                .iter()
                .map(|s| growth_shape(&s.growth, horizon))
                .collect(),
            metrics: (plan.metrics.iter())
                .map(|m| MetricModel {
                    from: source(&m.from),
                    factor: 0.0,
                    base: 0.0,
                    accumulate: m.accumulate,
                })
                .collect(),
            metric_order: metric_order(plan),
            tiers: (plan.tiers.iter())
                .map(|t| TierModel {
                    limits: (t.limits.keys())
                        .map(|k| LimitModel {
                            source: source(k),
                            value: 0.0,
                        })
                        .collect(),
                    components: t
                        .components
                        .iter()
                        .map(|c| component_shape(plan, c, &mut days))
                        .collect(),
                })
                .collect(),
            target: 0.0,
            warn: 0.0,
            allow_downgrade: plan.policy.allow_downgrade,
            cost_jump: 0.0,
            budget: plan.policy.monthly_budget.as_ref().map(|_| 0.0),
            price_factor: [1.0; Category::ALL.len()],
            commitment: super::commitment::CommitmentModel::shape(plan),
        }
    }

    /// Refills the numbers of the `parts` of `self` (built from `plan`)
    /// through `value`, in place: a simulation's per-path model, without
    /// compiling or allocating again. Numbers are computed only here.
    pub fn redraw(
        &mut self,
        plan: &Plan,
        parts: &RangedParts,
        value: &mut impl FnMut(&Num) -> f64,
    ) {
        if parts.initial_users {
            self.initial_users = value(&plan.initial_users);
        }
        for ((g, s), _) in (self.growth.iter_mut().zip(&plan.scenarios))
            .zip(&parts.growth)
            .filter(|(_, &on)| on)
        {
            fill_growth(g, &s.growth, value);
        }
        if parts.metrics {
            for (model, m) in self.metrics.iter_mut().zip(&plan.metrics) {
                model.factor = value(&m.factor);
                model.base = value(&m.base);
            }
        }
        if parts.pricing {
            for c in Category::ALL {
                self.price_factor[c as usize] = price_factor(plan.pricing.as_ref(), c, value);
            }
            for c in self.tiers.iter_mut().flat_map(|t| &mut t.components) {
                c.effective_unit_cost = c.unit_cost * self.price_factor[c.category as usize];
            }
            let commitment = plan.pricing.as_ref().and_then(|p| p.commitment.as_ref());
            if let (Some(m), Some(c)) = (&mut self.commitment, commitment) {
                m.discount = value(&c.discount);
            }
        }
        for ((t, tier), _) in (self.tiers.iter_mut().zip(&plan.tiers))
            .zip(&parts.tiers)
            .filter(|(_, &on)| on)
        {
            for (l, v) in t.limits.iter_mut().zip(tier.limits.values()) {
                l.value = value(v);
            }
            for (c, comp) in t.components.iter_mut().zip(&tier.components) {
                fill_component(c, comp, value);
                c.effective_unit_cost = c.unit_cost * self.price_factor[c.category as usize];
            }
        }
        if parts.policy {
            let p = &plan.policy;
            self.target = value(&p.target_utilization);
            self.warn = value(&p.warn_utilization);
            self.cost_jump = value(&p.cost_jump);
            if let (Some(b), Some(n)) = (&mut self.budget, &p.monthly_budget) {
                *b = value(n);
            }
        }
    }
}

/// Which parts of a plan's model read a ranged input.
#[derive(Debug, Clone, PartialEq)]
pub struct RangedParts {
    pub initial_users: bool,
    /// Per scenario.
    pub growth: Vec<bool>,
    pub metrics: bool,
    pub pricing: bool,
    /// Per tier.
    pub tiers: Vec<bool>,
    pub policy: bool,
}

impl RangedParts {
    /// Every part: what a whole build fills.
    pub fn every(plan: &Plan) -> RangedParts {
        RangedParts::uniform(plan, true)
    }

    fn uniform(plan: &Plan, on: bool) -> RangedParts {
        RangedParts {
            initial_users: on,
            growth: vec![on; plan.scenarios.len()],
            metrics: on,
            pricing: on,
            tiers: vec![on; plan.tiers.len()],
            policy: on,
        }
    }

    /// Found by filling each part alone and noting whether it read a ranged
    /// number, so this can never disagree with [`Model::redraw`].
    pub fn of(plan: &Plan) -> RangedParts {
        let mut scratch = Model::shape(plan);
        let mut reads_range = |only: &RangedParts| {
            let mut ranged = false;
            scratch.redraw(plan, only, &mut |n: &Num| {
                ranged |= matches!(n, Num::Range { .. });
                n.median()
            });
            ranged
        };
        let one = |set: &dyn Fn(&mut RangedParts)| {
            let mut p = RangedParts::uniform(plan, false);
            set(&mut p);
            p
        };
        RangedParts {
            initial_users: reads_range(&one(&|p| p.initial_users = true)),
            growth: (0..plan.scenarios.len())
                .map(|s| reads_range(&one(&|p| p.growth[s] = true)))
                .collect(),
            metrics: reads_range(&one(&|p| p.metrics = true)),
            pricing: reads_range(&one(&|p| p.pricing = true)),
            tiers: (0..plan.tiers.len())
                .map(|t| reads_range(&one(&|p| p.tiers[t] = true)))
                .collect(),
            policy: reads_range(&one(&|p| p.policy = true)),
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

fn growth_shape(g: &Growth, horizon: usize) -> GrowthModel {
    match g {
        Growth::Compound { .. } => GrowthModel::Compound {
            net_rates: vec![0.0; horizon],
        },
        Growth::Table { points } => GrowthModel::Table {
            points: points.iter().map(|Point(m, _)| (*m, 0.0)).collect(),
        },
        Growth::Logistic { .. } => GrowthModel::Logistic {
            rate: 0.0,
            capacity: 0.0,
        },
    }
}

/// Fills a growth model shaped by [`growth_shape`] from the same growth.
fn fill_growth(out: &mut GrowthModel, g: &Growth, value: &mut impl FnMut(&Num) -> f64) {
    match (g, out) {
        (Growth::Compound { segments, churn }, GrowthModel::Compound { net_rates }) => {
            // Month m takes the first segment that covers it (so later ones
            // are written first), else 0; then less churn.
            net_rates.fill(0.0);
            for s in segments.iter().rev() {
                let rate = value(&s.rate);
                let to =
                    s.to.map_or(net_rates.len(), |t| (t as usize).min(net_rates.len()));
                for r in net_rates
                    .iter_mut()
                    .take(to)
                    .skip(s.from.max(1) as usize - 1)
                {
                    *r = rate;
                }
            }
            let churn = value(churn);
            for r in net_rates.iter_mut() {
                *r -= churn;
            }
        }
        (Growth::Table { points }, GrowthModel::Table { points: out }) => {
            for ((_, u), Point(_, n)) in out.iter_mut().zip(points) {
                *u = value(n);
            }
        }
        (
            Growth::Logistic { rate, capacity },
            GrowthModel::Logistic {
                rate: r,
                capacity: k,
            },
        ) => {
            *r = value(rate);
            *k = value(capacity);
        }
        // A model is only filled from the plan it was shaped from.
        _ => {}
    }
}

fn component_shape(plan: &Plan, c: &Component, days: &mut day::Compiler) -> ComponentModel {
    let quantity = match &c.quantity {
        Quantity::Fixed(_) => QuantityModel::Fixed(0.0),
        Quantity::Usage { metric, .. } => QuantityModel::Usage {
            source: source_of(plan, metric),
            factor: 0.0,
        },
        Quantity::Sized {
            metric,
            max,
            autoscale,
            ..
        } => QuantityModel::Sized {
            source: source_of(plan, metric),
            per: 0.0,
            min: 0.0,
            max: max.as_ref().map(|_| 0.0),
            scaling: (autoscale.as_ref()).map(|a| Box::new(days.compile(a, 0.0))),
        },
    };
    ComponentModel {
        category: c.category,
        unit_cost: 0.0,
        effective_unit_cost: 0.0,
        quantity,
    }
}

/// Fills a component shaped by [`component_shape`] from the same component
/// (its effective unit cost is the caller's, from the price factors).
fn fill_component(out: &mut ComponentModel, c: &Component, value: &mut impl FnMut(&Num) -> f64) {
    match (&c.quantity, &mut out.quantity) {
        (Quantity::Fixed(n), QuantityModel::Fixed(q)) => *q = value(n),
        (Quantity::Usage { factor, .. }, QuantityModel::Usage { factor: f, .. }) => {
            *f = value(factor)
        }
        (
            Quantity::Sized {
                per,
                min,
                max,
                autoscale,
                ..
            },
            QuantityModel::Sized {
                per: p,
                min: lo,
                max: hi,
                scaling,
                ..
            },
        ) => {
            if let (Some(a), Some(s)) = (autoscale, scaling) {
                s.target = value(&a.target);
            }
            *p = value(per);
            *lo = min.as_ref().map_or(0.0, |n| value(n));
            if let (Some(n), Some(hi)) = (max, hi) {
                *hi = value(n);
            }
        }
        _ => {}
    }
    out.unit_cost = value(&c.unit_cost);
}

/// 1 - coverage * discount of the program that lists the category, else 1.
fn price_factor(
    pricing: Option<&Pricing>,
    category: Category,
    value: &mut impl FnMut(&Num) -> f64,
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
