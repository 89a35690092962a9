//! Events and alerts of a scenario's forecast (MODEL.md section 6).

use super::forecast::MonthForecast;
use super::metrics::value_of;
use super::model::Model;
use super::sizing;

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub month: u32,
    pub kind: EventKind,
}

/// Limits are indices into a tier's limits (key order); tiers and
/// components are indices into the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// The tier differs from last month's; `limit` is the old tier's limit
    /// that forced an upgrade (none for a downgrade).
    TierChange {
        from: usize,
        to: usize,
        limit: Option<usize>,
        utilization: Option<f64>,
    },
    /// A limit of the current tier first passes warn_utilization; the limit
    /// would pass target_utilization in `target_month` (if within the horizon).
    ApproachingLimit {
        tier: usize,
        limit: usize,
        utilization: f64,
        target_month: Option<u32>,
    },
    /// Months `month..=until` where no tier fits (`limit`: the largest tier's
    /// bottleneck) or sized components (`components`) hit their max.
    OverCapacity {
        until: u32,
        tier: usize,
        limit: Option<usize>,
        components: Vec<usize>,
    },
    /// cost / previous cost - 1 > cost_jump; `increase` is none from a cost of 0.
    CostJump {
        previous_cost: f64,
        cost: f64,
        increase: Option<f64>,
    },
    /// Months `month..=until` whose cost passes the monthly budget.
    OverBudget { until: u32, cost: f64, budget: f64 },
    /// Months `month..=until` in which an autoscaled component's day has
    /// minutes over capacity (its first month's figures): replicas that
    /// are too few, or not ready in time (MODEL.md section 10).
    ElasticShortfall {
        until: u32,
        tier: usize,
        component: usize,
        minutes: u32,
        unserved_share: f64,
    },
}

impl EventKind {
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::TierChange { .. } => "tier_change",
            EventKind::ApproachingLimit { .. } => "approaching_limit",
            EventKind::OverCapacity { .. } => "over_capacity",
            EventKind::CostJump { .. } => "cost_jump",
            EventKind::OverBudget { .. } => "over_budget",
            EventKind::ElasticShortfall { .. } => "elastic_shortfall",
        }
    }

    /// The last month of an event that spans months.
    pub fn until(&self) -> Option<u32> {
        match self {
            EventKind::OverCapacity { until, .. }
            | EventKind::OverBudget { until, .. }
            | EventKind::ElasticShortfall { until, .. } => Some(*until),
            _ => None,
        }
    }
}

/// All events of one scenario, ordered by month.
pub fn detect(
    model: &Model,
    months: &[MonthForecast],
    users: &[f64],
    metrics: &[Vec<f64>],
) -> Vec<Event> {
    let mut events = Vec::new();
    tier_changes(model, months, users, metrics, &mut events);
    approaching_limits(model, months, users, metrics, &mut events);
    over_capacity(months, &mut events);
    cost_jumps(model, months, &mut events);
    over_budget(model, months, &mut events);
    elastic_shortfalls(months, &mut events);
    crate::order::sort_by_key(&mut events, |e| e.month); // stable: same-month events keep the order above
    events
}

fn tier_changes(
    model: &Model,
    months: &[MonthForecast],
    users: &[f64],
    metrics: &[Vec<f64>],
    out: &mut Vec<Event>,
) {
    for w in months.windows(2) {
        let (prev, cur) = (&w[0], &w[1]);
        if prev.tier == cur.tier {
            continue;
        }
        let (limit, utilization) = if cur.tier > prev.tier {
            let u =
                sizing::utilization(&model.tiers[prev.tier], users, metrics, cur.month as usize);
            let b = sizing::bottleneck(&u);
            (b, b.map(|i| u[i]))
        } else {
            (None, None)
        };
        out.push(Event {
            month: cur.month,
            kind: EventKind::TierChange {
                from: prev.tier,
                to: cur.tier,
                limit,
                utilization,
            },
        });
    }
}

/// Once per stint on a tier: the first month its bottleneck passes warn.
fn approaching_limits(
    model: &Model,
    months: &[MonthForecast],
    users: &[f64],
    metrics: &[Vec<f64>],
    out: &mut Vec<Event>,
) {
    let mut stint: Option<usize> = None;
    let mut warned = false;
    for mf in months {
        if stint != Some(mf.tier) {
            stint = Some(mf.tier);
            warned = false;
        }
        let Some(b) = mf.bottleneck else { continue };
        let utilization = mf.utilization[b];
        if warned || !sizing::passes(utilization, model.warn, 1.0) {
            continue;
        }
        warned = true;
        let limit = &model.tiers[mf.tier].limits[b];
        let target_month = (mf.month as usize..users.len())
            .find(|&m| {
                sizing::passes(
                    value_of(limit.source, users, metrics, m),
                    model.target,
                    limit.value,
                )
            })
            .map(|m| m as u32);
        out.push(Event {
            month: mf.month,
            kind: EventKind::ApproachingLimit {
                tier: mf.tier,
                limit: b,
                utilization,
                target_month,
            },
        });
    }
}

/// One event per run of months with the same cause (tier, limit, components
/// at max): when the cause changes mid-run, the new cause is its own event.
fn over_capacity(months: &[MonthForecast], out: &mut Vec<Event>) {
    type Cause = (usize, Option<usize>, Vec<usize>);
    let cause = |m: &MonthForecast| -> Cause {
        let at_max = m
            .components
            .iter()
            .enumerate()
            .filter(|(_, c)| c.at_max)
            .map(|(i, _)| i)
            .collect();
        (
            m.tier,
            if m.no_tier_fits { m.bottleneck } else { None },
            at_max,
        )
    };
    let close = |open: &mut Option<(u32, Cause)>, until: u32, out: &mut Vec<Event>| {
        if let Some((month, (tier, limit, components))) = open.take() {
            out.push(Event {
                month,
                kind: EventKind::OverCapacity {
                    until,
                    tier,
                    limit,
                    components,
                },
            });
        }
    };
    let mut open: Option<(u32, Cause)> = None;
    for (i, m) in months.iter().enumerate() {
        let now = m.over_capacity.then(|| cause(m));
        let same = matches!((&open, &now), (Some((_, a)), Some(b)) if a == b);
        if !same {
            close(&mut open, if i == 0 { 0 } else { months[i - 1].month }, out);
            open = now.map(|c| (m.month, c));
        }
    }
    close(&mut open, months.last().map_or(0, |m| m.month), out);
}

fn cost_jumps(model: &Model, months: &[MonthForecast], out: &mut Vec<Event>) {
    for w in months.windows(2) {
        let (prev, cur) = (w[0].cost, w[1].cost);
        let increase = (prev > 0.0).then(|| cur / prev - 1.0);
        let jumped = match increase {
            Some(inc) => inc > model.cost_jump,
            None => cur > 0.0,
        };
        if jumped {
            out.push(Event {
                month: w[1].month,
                kind: EventKind::CostJump {
                    previous_cost: prev,
                    cost: cur,
                    increase,
                },
            });
        }
    }
}

fn over_budget(model: &Model, months: &[MonthForecast], out: &mut Vec<Event>) {
    let Some(budget) = model.budget else { return };
    for run in runs(months, |m| m.cost > budget) {
        let first = &months[run.0];
        out.push(Event {
            month: first.month,
            kind: EventKind::OverBudget {
                until: months[run.1].month,
                cost: first.cost,
                budget,
            },
        });
    }
}

/// A run of months per autoscaled component (by its index in the tier in
/// use) whose day has minutes over capacity.
fn elastic_shortfalls(months: &[MonthForecast], out: &mut Vec<Event>) {
    let most = months.iter().map(|m| m.components.len()).max().unwrap_or(0);
    for k in 0..most {
        let short = |m: &MonthForecast| {
            m.components
                .get(k)
                .and_then(|c| c.day)
                .is_some_and(|d| d.minutes_over_capacity > 0)
        };
        for (a, b) in runs(months, short) {
            // A run also ends where the tier (so the component) changes.
            let mut start = a;
            for i in a..=b {
                if i == b || months[i + 1].tier != months[start].tier {
                    let first = &months[start];
                    if let Some(d) = first.components[k].day {
                        out.push(Event {
                            month: first.month,
                            kind: EventKind::ElasticShortfall {
                                until: months[i].month,
                                tier: first.tier,
                                component: k,
                                minutes: d.minutes_over_capacity,
                                unserved_share: d.unserved_share,
                            },
                        });
                    }
                    start = i + 1;
                }
            }
        }
    }
}

/// Index ranges (first, last) of consecutive months where `pred` holds.
fn runs(months: &[MonthForecast], pred: impl Fn(&MonthForecast) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, m) in months.iter().enumerate() {
        match (pred(m), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i - 1));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, months.len() - 1));
    }
    out
}
