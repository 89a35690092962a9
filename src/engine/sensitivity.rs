//! Sensitivity (issue 5): how far each input, moved alone between its two
//! ends, moves a scenario's total cost and first tier change.

use super::forecast::{overflow, run};
use super::inputs;
use super::model::Model;
use super::number::Num;
use super::path::{Path, Step};
use super::plan::Plan;
use super::validate::{validate, PlanError};
use super::EventKind;

/// How much one input moves a scenario's results between its two ends.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Impact {
    /// The input's path, e.g. `scenarios[1].growth.segments[0].rate`.
    pub path: Path,
    /// The input's values at the two ends: its range, or its value -/+ 10%.
    pub values: [f64; 2],
    /// Total cost over the horizon at each end (none if it overflowed).
    pub total_cost: [Option<f64>; 2],
    /// Month of the first tier change at each end.
    pub first_tier_change: [Option<u32>; 2],
    /// |total cost at high - total cost at low|.
    pub swing: f64,
}

/// The base case (every input at its median) of a sensitivity run.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sensitivity {
    pub scenario: usize,
    pub total_cost: f64,
    pub first_tier_change: Option<u32>,
    /// Largest swing first; inputs that change nothing are left out.
    pub impacts: Vec<Impact>,
}

/// One-at-a-time sensitivity of scenario `scenario`: each input at its low
/// and high end (ranged inputs by their range, plain ones by -10% and +10%),
/// all others at their medians.
pub fn sensitivity(plan: &Plan, scenario: usize) -> Result<Sensitivity, Vec<PlanError>> {
    let mut sweep = Sweep::new(plan, scenario)?;
    sweep.step(usize::MAX);
    Ok(sweep.finish())
}

/// A [`sensitivity`] run a few inputs at a time, so that a page can run a
/// large plan's (thousands of forecasts) between frames.
pub struct Sweep {
    plan: Plan,
    scenario: usize,
    base_total: Option<f64>,
    base_change: Option<u32>,
    /// The tiers the scenario uses at its medians.
    used: Vec<bool>,
    /// Inputs to move, by their place in [`inputs::each`]'s walk.
    todo: Vec<usize>,
    next: usize,
    impacts: Vec<Impact>,
}

impl Sweep {
    pub fn new(plan: &Plan, scenario: usize) -> Result<Sweep, Vec<PlanError>> {
        let errors = validate(plan);
        if !errors.is_empty() {
            return Err(errors);
        }
        plan.check_scenario(scenario)?;
        let mut sweep = Sweep {
            plan: plan.clone(),
            scenario,
            base_total: None,
            base_change: None,
            used: vec![false; plan.tiers.len()],
            todo: Vec::new(),
            next: 0,
            impacts: Vec::new(),
        };
        let model = Model::build(plan, &mut |n: &Num| n.median());
        let sf = run(&model, scenario);
        for m in &sf.months {
            sweep.used[m.tier] = true;
        }
        (sweep.base_total, sweep.base_change) = outcome(&model, &sf);
        // The price and fixed count of a component in a tier the scenario
        // never uses move nothing (tiers are chosen by their limits, not
        // their cost): skipped, which spares a large plan most of its
        // forecasts.
        let mut k = 0;
        inputs::each(plan, &mut |path, _| {
            if !unused_component_price(&path, &sweep.used) {
                sweep.todo.push(k);
            }
            k += 1;
        });
        Ok(sweep)
    }

    /// Inputs moved so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.todo.len())
    }

    pub fn finished(&self) -> bool {
        self.next == self.todo.len()
    }

    /// Moves up to `count` more inputs (two forecasts each).
    pub fn step(&mut self, count: usize) {
        let end = self.todo.len().min(self.next.saturating_add(count));
        let wanted = &self.todo[self.next..end];
        let mut picked = Vec::with_capacity(wanted.len());
        let mut k = 0;
        inputs::each(&self.plan, &mut |path, input| {
            if wanted.binary_search(&k).is_ok() {
                picked.push((path, input));
            }
            k += 1;
        });
        for (path, input) in picked {
            if let Some(impact) = self.impact(path, input) {
                self.impacts.push(impact);
            }
        }
        self.next = end;
    }

    /// The input at `path` at its two ends, all others at their medians;
    /// none if it changes nothing.
    fn impact(&self, path: Path, input: inputs::Input) -> Option<Impact> {
        let ends = match *input.num {
            Num::Range { low, high, .. } => [low, high],
            Num::Fixed(v) if v != 0.0 => [v * 0.9, v * 1.1],
            Num::Fixed(_) => return None,
        };
        let values = ends.map(|v| input.domain.clamp(v));
        let [lo, hi] = values.map(|v| {
            let model = Model::build(&self.plan, &mut |n: &Num| {
                if inputs::same(input.num, n) {
                    v
                } else {
                    n.median()
                }
            });
            outcome(&model, &run(&model, self.scenario))
        });
        let swing = match (lo.0, hi.0) {
            (Some(a), Some(b)) => (b - a).abs(),
            _ => f64::INFINITY,
        };
        if swing == 0.0 && lo.1 == hi.1 && lo.1 == self.base_change {
            return None;
        }
        Some(Impact {
            path,
            values,
            total_cost: [lo.0, hi.0],
            first_tier_change: [lo.1, hi.1],
            swing,
        })
    }

    /// The impacts, largest swing first (then the most months moved).
    pub fn finish(self) -> Sensitivity {
        let months_moved = |i: &Impact| match i.first_tier_change {
            [Some(a), Some(b)] => a.abs_diff(b),
            [None, None] => 0,
            _ => u32::MAX,
        };
        let mut impacts = self.impacts;
        crate::order::sort_by(&mut impacts, |a, b| {
            b.swing
                .total_cmp(&a.swing)
                .then(months_moved(b).cmp(&months_moved(a)))
        });
        Sensitivity {
            scenario: self.scenario,
            total_cost: self.base_total.unwrap_or(f64::NAN),
            first_tier_change: self.base_change,
            impacts,
        }
    }
}

/// A forecast's total cost (none if it overflowed) and first tier change.
fn outcome(model: &Model, sf: &super::ScenarioForecast) -> (Option<f64>, Option<u32>) {
    let change = (sf.events.iter())
        .find(|e| matches!(e.kind, EventKind::TierChange { .. }))
        .map(|e| e.month);
    (
        overflow(sf, model).is_none().then_some(sf.total_cost),
        change,
    )
}

/// `tiers[i].components[j].unit_cost` or `.quantity` (a fixed count) of a
/// tier `i` that `used` says the scenario never uses.
fn unused_component_price(path: &Path, used: &[bool]) -> bool {
    let Some(t) = path.index_of("tiers") else {
        return false;
    };
    let priced = match path.steps() {
        [_, _, Step::Key(list), Step::Index(_), Step::Key(what)] => {
            list == "components" && (what == "unit_cost" || what == "quantity")
        }
        _ => false,
    };
    priced && !used.get(t).copied().unwrap_or(true)
}
