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
    let errors = validate(plan);
    if !errors.is_empty() {
        return Err(errors);
    }
    plan.check_scenario(scenario)?;
    let used = std::cell::RefCell::new(vec![false; plan.tiers.len()]);
    let outcome = |target: Option<(&Num, f64)>| {
        let model = Model::build(plan, &mut |n: &Num| match target {
            Some((t, v)) if inputs::same(t, n) => v,
            _ => n.median(),
        });
        let sf = run(&model, scenario);
        if target.is_none() {
            let mut used = used.borrow_mut();
            for m in &sf.months {
                used[m.tier] = true;
            }
        }
        let change = sf
            .events
            .iter()
            .find(|e| matches!(e.kind, EventKind::TierChange { .. }))
            .map(|e| e.month);
        (overflow(&sf).is_none().then_some(sf.total_cost), change)
    };
    let (base_total, base_change) = outcome(None);
    let mut impacts = Vec::new();
    let mut list = Vec::new();
    inputs::each(plan, &mut |path, i| list.push((path, i)));
    // The price and fixed count of a component in a tier the scenario never
    // uses move nothing (tiers are chosen by their limits, not their cost):
    // skipped, which spares a large plan most of its forecasts.
    list.retain(|(path, _)| !unused_component_price(path, &used.borrow()));
    for (path, input) in list {
        let ends = match *input.num {
            Num::Range { low, high, .. } => [low, high],
            Num::Fixed(v) if v != 0.0 => [v * 0.9, v * 1.1],
            Num::Fixed(_) => continue,
        };
        let values = ends.map(|v| input.domain.clamp(v));
        let [lo, hi] = values.map(|v| outcome(Some((input.num, v))));
        let swing = match (lo.0, hi.0) {
            (Some(a), Some(b)) => (b - a).abs(),
            _ => f64::INFINITY,
        };
        if swing == 0.0 && lo.1 == hi.1 && lo.1 == base_change {
            continue;
        }
        impacts.push(Impact {
            path,
            values,
            total_cost: [lo.0, hi.0],
            first_tier_change: [lo.1, hi.1],
            swing,
        });
    }
    let months_moved = |i: &Impact| match i.first_tier_change {
        [Some(a), Some(b)] => a.abs_diff(b),
        [None, None] => 0,
        _ => u32::MAX,
    };
    impacts.sort_by(|a, b| {
        b.swing
            .total_cmp(&a.swing)
            .then(months_moved(b).cmp(&months_moved(a)))
    });
    Ok(Sensitivity {
        scenario,
        total_cost: base_total.unwrap_or(f64::NAN),
        first_tier_change: base_change,
        impacts,
    })
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
