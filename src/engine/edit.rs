//! Structural edits a planner makes to a plan (add, duplicate, remove, move,
//! rename), kept here so the app and the tests share one definition. Each
//! leaves a plan the validator can judge; none panics on a bad index.

use super::number::Num;
use super::path::is_name_char;
use super::plan::{
    Category, Component, Growth, Metric, Plan, Quantity, Scenario, Segment, Tier, USERS,
};
use super::validate::metric_id_fault;
use std::collections::BTreeMap;

/// `base`, or `base-2`, `base-3`, ... : the first not in `taken`.
pub fn fresh_id<'a>(base: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let free = |id: &str| !taken.clone().any(|t| t == id);
    if free(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| free(id))
        .unwrap_or_default()
}

/// Moves item `i` one place up (`by` -1) or down (`by` 1), if it can.
pub fn shift<T>(list: &mut [T], i: usize, by: isize) {
    let j = i as isize + by;
    if i < list.len() && j >= 0 && (j as usize) < list.len() {
        list.swap(i, j as usize);
    }
}

/// Removes item `i` if it exists.
pub fn remove<T>(list: &mut Vec<T>, i: usize) {
    if i < list.len() {
        list.remove(i);
    }
}

impl Plan {
    pub fn add_scenario(&mut self) {
        let id = fresh_id("scenario", self.scenarios.iter().map(|s| s.id.as_str()));
        let n = self.scenarios.len() + 1;
        self.scenarios.push(Scenario {
            id,
            label: format!("Scenario {n}"),
            growth: default_compound(),
        });
    }

    pub fn add_metric(&mut self) {
        let id = fresh_id("metric", self.metrics.iter().map(|m| m.id.as_str()));
        self.metrics.push(Metric {
            id,
            label: "New driver".to_string(),
            unit: "per month".to_string(),
            from: USERS.to_string(),
            factor: Num::Fixed(1.0),
            base: Num::Fixed(0.0),
            accumulate: false,
        });
    }

    /// A new largest tier: a copy of the last one's limits at ten times the
    /// size, with no components (or a first tier carrying 1,000 users).
    pub fn add_tier(&mut self) {
        let id = fresh_id("tier", self.tiers.iter().map(|t| t.id.as_str()));
        let limits = match self.tiers.last() {
            Some(last) => crate::order::map_of(
                (last.limits.iter()).map(|(k, v)| (k.clone(), Num::Fixed(v.median() * 10.0))),
            ),
            None => crate::order::map_of([(USERS.to_string(), Num::Fixed(1000.0))]),
        };
        let n = self.tiers.len() + 1;
        self.tiers.push(Tier {
            id,
            label: format!("Tier {n}"),
            limits,
            components: Vec::new(),
            targets: BTreeMap::new(),
        });
    }

    /// Inserts a copy of tier `i` right after it, with a fresh id.
    pub fn duplicate_tier(&mut self, i: usize) {
        let Some(tier) = self.tiers.get(i) else {
            return;
        };
        let mut copy = tier.clone();
        let base = format!("{}-copy", tier.id);
        copy.id = fresh_id(&base, self.tiers.iter().map(|t| t.id.as_str()));
        copy.label = format!("{} (copy)", tier.label);
        self.tiers.insert(i + 1, copy);
    }

    pub fn add_component(&mut self, tier: usize) {
        let Some(t) = self.tiers.get_mut(tier) else {
            return;
        };
        t.components.push(Component {
            name: "New component".to_string(),
            category: Category::Compute,
            unit: "instance".to_string(),
            unit_cost: Num::Fixed(0.0),
            quantity: Quantity::Fixed(Num::Fixed(1.0)),
        });
    }

    /// Adds a limit on the first of `users` and the metrics the tier does not limit yet.
    pub fn add_limit(&mut self, tier: usize) {
        let keys: Vec<String> = std::iter::once(USERS.to_string())
            .chain(self.metrics.iter().map(|m| m.id.clone()))
            .collect();
        let Some(t) = self.tiers.get_mut(tier) else {
            return;
        };
        if let Some(k) = keys.into_iter().find(|k| !t.limits.contains_key(k)) {
            t.limits.insert(k, Num::Fixed(1000.0));
        }
    }

    /// Renames a metric and every reference to it (other metrics' `from`,
    /// tier limits, component quantities, actual values), so a rename never
    /// breaks the plan.
    /// Does nothing if the new id is taken.
    pub fn rename_metric(&mut self, i: usize, new_id: &str) {
        let Some(old) = self.metrics.get(i).map(|m| m.id.clone()) else {
            return;
        };
        if old == new_id || new_id == USERS || self.metrics.iter().any(|m| m.id == new_id) {
            return;
        }
        self.metrics[i].id = new_id.to_string();
        for m in &mut self.metrics {
            if m.from == old {
                m.from = new_id.to_string();
            }
        }
        for t in &mut self.tiers {
            if let Some(v) = t.limits.remove(&old) {
                t.limits.insert(new_id.to_string(), v);
            }
            for c in &mut t.components {
                match &mut c.quantity {
                    Quantity::Usage { metric, .. } | Quantity::Sized { metric, .. }
                        if *metric == old =>
                    {
                        *metric = new_id.to_string()
                    }
                    _ => {}
                }
            }
        }
        for a in &mut self.actuals {
            if let Some(v) = a.metrics.remove(&old) {
                a.metrics.insert(new_id.to_string(), v);
            }
        }
    }

    /// Gives each metric whose id is refused for its characters or as a
    /// reserved name ([`metric_id_fault`]: a plan from before that rule,
    /// as an old link carries) a valid id made from it, its references
    /// renamed with it. The new id is a name the plan uses nowhere, so no
    /// other reference starts to point at it.
    pub fn name_metric_ids(&mut self) {
        for i in 0..self.metrics.len() {
            let id = self.metrics[i].id.clone();
            if id.trim().is_empty() || metric_id_fault(&id).is_none() {
                continue;
            }
            let mut base: String = (id.chars())
                .map(|c| if is_name_char(c) { c } else { '_' })
                .collect();
            if !base.chars().any(|c| c.is_ascii_alphanumeric()) {
                base = "metric".into();
            }
            if metric_id_fault(&base).is_some() {
                base.push_str("_driver"); // a reserved name
            }
            // Free in any case: ids apart only in case are refused too.
            let used: Vec<String> = (self.names_used().iter())
                .map(|n| n.to_ascii_lowercase())
                .collect();
            let lower = base.to_ascii_lowercase();
            let free = fresh_id(&lower, used.iter().map(String::as_str));
            let new = format!("{base}{}", &free[lower.len()..]);
            if id == USERS {
                // Every reference to `users` means the user count.
                self.metrics[i].id = new;
            } else {
                self.rename_metric(i, &new);
            }
        }
    }

    /// Every name a metric reference could hold in this plan: ids, sources,
    /// limit keys, component quantities' metrics, actuals' keys.
    fn names_used(&self) -> Vec<String> {
        let mut used: Vec<String> = (self.metrics.iter())
            .flat_map(|m| [m.id.clone(), m.from.clone()])
            .collect();
        for t in &self.tiers {
            used.extend(t.limits.keys().cloned());
            used.extend(t.components.iter().filter_map(|c| match &c.quantity {
                Quantity::Usage { metric, .. } | Quantity::Sized { metric, .. } => {
                    Some(metric.clone())
                }
                _ => None,
            }));
        }
        used.extend(self.actuals.iter().flat_map(|a| a.metrics.keys().cloned()));
        used
    }

    /// Removes metric `i` and the values the actuals observed of it (a
    /// month left with no figure goes too); other references stay, for the
    /// validator to name. Nothing past the end.
    pub fn remove_metric(&mut self, i: usize) {
        if i >= self.metrics.len() {
            return;
        }
        let id = self.metrics.remove(i).id;
        for a in &mut self.actuals {
            a.metrics.remove(&id);
        }
        self.actuals
            .retain(|a| a.users.is_some() || a.cost.is_some() || !a.metrics.is_empty());
    }

    /// Changes the key of a tier's limit, keeping its value; refuses a key
    /// the tier already limits.
    pub fn rekey_limit(&mut self, tier: usize, old: &str, new: &str) {
        let Some(t) = self.tiers.get_mut(tier) else {
            return;
        };
        if old == new || t.limits.contains_key(new) {
            return;
        }
        if let Some(v) = t.limits.remove(old) {
            t.limits.insert(new.to_string(), v);
        }
    }
}

/// How a component's quantity is set (MODEL.md section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityMode {
    Fixed,
    Usage,
    Sized,
}

impl QuantityMode {
    pub const ALL: [QuantityMode; 3] = [
        QuantityMode::Fixed,
        QuantityMode::Usage,
        QuantityMode::Sized,
    ];

    pub fn of(q: &Quantity) -> QuantityMode {
        match q {
            Quantity::Fixed(_) => QuantityMode::Fixed,
            Quantity::Usage { .. } => QuantityMode::Usage,
            Quantity::Sized { .. } => QuantityMode::Sized,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            QuantityMode::Fixed => "fixed",
            QuantityMode::Usage => "usage",
            QuantityMode::Sized => "sized",
        }
    }

    pub fn parse(name: &str) -> Option<QuantityMode> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }
}

impl Plan {
    /// Switches scenario `i` to another growth model, starting it from
    /// values that continue the current one where they can.
    pub fn set_growth_kind(&mut self, i: usize, kind: super::plan::GrowthKind) {
        use super::plan::{GrowthKind, Point};
        let u0 = self.initial_users.median().max(1.0);
        let horizon = self.horizon_months.max(1);
        let Some(s) = self.scenarios.get_mut(i) else {
            return;
        };
        if s.growth.kind() == kind {
            return;
        }
        s.growth = match kind {
            GrowthKind::Compound => default_compound(),
            GrowthKind::Table => Growth::Table {
                points: vec![Point(horizon, Num::Fixed((u0 * 2.0).round()))],
            },
            GrowthKind::Logistic => Growth::Logistic {
                rate: Num::Fixed(0.3),
                capacity: Num::Fixed((u0 * 10.0).round()),
            },
        };
    }

    /// The month a growth period added to scenario `i`'s compound growth
    /// would start: the month after the last period ends, or after it
    /// starts when it runs to the horizon (month 1 when there is none).
    /// None when that is past the horizon, or the growth is not compound.
    pub fn next_growth_period(&self, i: usize) -> Option<u32> {
        let Some(Growth::Compound { segments, .. }) = self.scenarios.get(i).map(|s| &s.growth)
        else {
            return None;
        };
        let from = segments.last().map_or(1, |s| s.to.unwrap_or(s.from) + 1);
        (from <= self.horizon_months).then_some(from)
    }

    /// Adds a growth period at the end of scenario `i`'s compound growth
    /// (see [`Plan::next_growth_period`]), to the horizon at the last
    /// period's rate (10% a month for the first), so the forecast does not
    /// move until the rate is changed; a last period left open to the
    /// horizon is closed the month before.
    pub fn add_growth_period(&mut self, i: usize) {
        let Some(from) = self.next_growth_period(i) else {
            return;
        };
        let Some(Growth::Compound { segments, .. }) =
            self.scenarios.get_mut(i).map(|s| &mut s.growth)
        else {
            return;
        };
        let rate = segments.last().map_or(Num::Fixed(0.1), |s| s.rate);
        if let Some(last) = segments.last_mut() {
            last.to.get_or_insert(from - 1);
        }
        segments.push(super::plan::Segment {
            from,
            to: None,
            rate,
        });
    }

    /// Switches a component's quantity to `mode`, keeping the metric it used
    /// and, when the plan forecasts, its quantity in the first month its
    /// tier is in use, so the switch alone moves no cost then:
    /// fixed 6 instances at 10,000 users become one per 1,670 users, not one
    /// per 1,000.
    pub fn set_quantity_mode(&mut self, tier: usize, comp: usize, mode: QuantityMode) {
        let Some(c) = (self.tiers.get(tier)).and_then(|t| t.components.get(comp)) else {
            return;
        };
        if QuantityMode::of(&c.quantity) == mode {
            return;
        }
        let metric = match &c.quantity {
            Quantity::Usage { metric, .. } | Quantity::Sized { metric, .. } => metric.clone(),
            Quantity::Fixed(_) => USERS.to_string(),
        };
        let (q, d) = anchor(self, tier, comp).unwrap_or((0.0, 0.0));
        let quantity = match mode {
            QuantityMode::Fixed => Quantity::Fixed(Num::Fixed(match q > 0.0 {
                true => tidy(q),
                false => 1.0,
            })),
            QuantityMode::Usage => Quantity::Usage {
                metric,
                factor: Num::Fixed(match q > 0.0 && d > 0.0 {
                    true => tidy(q / d),
                    false => 1.0,
                }),
            },
            QuantityMode::Sized => Quantity::Sized {
                metric,
                per: Num::Fixed(match q > 0.0 && d > 0.0 {
                    true => per_for(q.ceil(), d),
                    false => 1000.0,
                }),
                min: Some(Num::Fixed(1.0)),
                max: None,
                autoscale: None,
            },
        };
        self.tiers[tier].components[comp].quantity = quantity;
    }
}

/// The quantity component `comp` of tier `tier` keeps across a switch, and
/// its driver's value then: in the first month its tier is in use with the
/// driver above 0 (the earliest of any scenario; month 0 when the tier is
/// never used), at the medians. None when the plan does not forecast.
fn anchor(plan: &Plan, tier: usize, comp: usize) -> Option<(f64, f64)> {
    let f = crate::forecast(plan).ok()?;
    let c = plan.tiers.get(tier)?.components.get(comp)?;
    let metric = match &c.quantity {
        Quantity::Usage { metric, .. } | Quantity::Sized { metric, .. } => metric.as_str(),
        Quantity::Fixed(_) => USERS,
    };
    let index = plan.metrics.iter().position(|m| m.id == metric);
    let driver =
        |m: &crate::MonthForecast| index.map_or(Some(m.users), |i| m.metrics.get(i).copied());
    let used = (f.scenarios.iter())
        .filter_map(|s| {
            (s.months.iter()).find(|m| m.tier == tier && driver(m).is_some_and(|d| d > 0.0))
        })
        .min_by_key(|m| m.month);
    match used {
        Some(m) => Some((m.components.get(comp)?.quantity, driver(m)?)),
        // Never in use: the quantity its definition gives at month 0.
        None => {
            let m = f.scenarios.first()?.months.first()?;
            let d = driver(m)?;
            let q = match &c.quantity {
                Quantity::Fixed(n) => n.median(),
                Quantity::Usage { factor, .. } => factor.median() * d,
                Quantity::Sized { per, min, max, .. } => {
                    let min = min.as_ref().map_or(0.0, Num::median);
                    super::cost::sized(d, per.median(), min, max.as_ref().map(Num::median)).0
                }
            };
            Some((q, d))
        }
    }
}

/// `v` to 10 significant figures: a quantity carried across a switch loses
/// the float noise of its round trip (6, not 5.999999999999999).
fn tidy(v: f64) -> f64 {
    format!("{v:.9e}").parse().unwrap_or(v)
}

/// A round `per` (three significant figures) that sizes `driver` to exactly
/// `units`, else the exact quotient.
fn per_for(units: f64, driver: f64) -> f64 {
    let exact = driver / units;
    // The power of ten of the third figure (a loop: no pow or log in wasm).
    let mut step = 1.0;
    while step * 1000.0 <= exact {
        step *= 10.0;
    }
    while step * 100.0 > exact {
        step /= 10.0;
    }
    let round = (exact / step).ceil() * step;
    match super::cost::ceil_tolerant(driver / round) == units {
        true => round,
        false => exact,
    }
}

/// The growth a new scenario, or a switch to compound growth, starts with:
/// 10% a month from month 1, no churn.
fn default_compound() -> Growth {
    Growth::Compound {
        segments: vec![Segment {
            from: 1,
            to: None,
            rate: Num::Fixed(0.1),
        }],
        churn: Num::Fixed(0.0),
    }
}
