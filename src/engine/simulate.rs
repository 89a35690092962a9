//! Uncertainty (MODEL.md section 7): Monte Carlo simulation over the plan's
//! ranged inputs, and a sensitivity ranking of every input.

use super::forecast::{overflow, run, run_path, PathOutcome};
use super::inputs::{self, Input};
use super::model::Model;
use super::number::{Dist, Num};
use super::plan::Plan;
use super::validate::{validate, PlanError};
use super::EventKind;
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

pub const MAX_SAMPLES: usize = 100_000;
pub const DEFAULT_SAMPLES: usize = 2_000;
/// The seed used when neither the caller nor the plan gives one.
pub const DEFAULT_SEED: u64 = 1;
/// A 90% interval spans this many standard deviations each side of the mean.
const Z95: f64 = 1.644_853_626_951_472_2;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Percentiles {
    pub p5: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub p95: f64,
}

impl Percentiles {
    /// Percentiles of ascending `sorted` values (linear between ranks).
    pub fn of(sorted: &[f64]) -> Percentiles {
        let at = |p: f64| {
            if sorted.is_empty() {
                return f64::NAN;
            }
            let x = p * (sorted.len() - 1) as f64;
            let (i, frac) = (x.floor() as usize, x - x.floor());
            let next = sorted[(i + 1).min(sorted.len() - 1)];
            sorted[i] + (next - sorted[i]) * frac
        };
        Percentiles {
            p5: at(0.05),
            p10: at(0.10),
            p50: at(0.50),
            p90: at(0.90),
            p95: at(0.95),
        }
    }

    /// The same figures from unsorted values, by selection (linear time;
    /// reorders `v`).
    pub fn select(v: &mut [f64]) -> Percentiles {
        let n = v.len();
        let mut at = |p: f64| {
            if n == 0 {
                return f64::NAN;
            }
            let x = p * (n - 1) as f64;
            let (i, frac) = (x.floor() as usize, x - x.floor());
            let (_, a, rest) = v.select_nth_unstable_by(i, f64::total_cmp);
            let a = *a;
            if frac == 0.0 || rest.is_empty() {
                return a;
            }
            let b = rest.iter().copied().fold(f64::INFINITY, f64::min);
            a + (b - a) * frac
        };
        Percentiles {
            p5: at(0.05),
            p10: at(0.10),
            p50: at(0.50),
            p90: at(0.90),
            p95: at(0.95),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonthBand {
    pub month: u32,
    pub users: Percentiles,
    pub cost: Percentiles,
    pub cumulative_cost: Percentiles,
    /// Share of paths on each tier (indexed like `plan.tiers`).
    pub tier_share: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioSimulation {
    /// Index into `plan.scenarios`.
    pub scenario: usize,
    /// Paths computed; `failed` of them overflowed and are left out.
    pub samples: usize,
    pub failed: usize,
    pub months: Vec<MonthBand>,
    pub total_cost: Percentiles,
    pub total_cost_mean: f64,
    /// Every path's total cost, ascending (for a histogram).
    pub totals: Vec<f64>,
    /// Share of paths with a month over the budget (0 without a budget).
    pub over_budget_share: f64,
    /// Share of paths with a month over capacity.
    pub over_capacity_share: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    pub seed: u64,
    pub scenarios: Vec<ScenarioSimulation>,
}

/// One draw of a ranged input from its distribution, pulled into its domain.
fn draw(rng: &mut Xoshiro256PlusPlus, input: &Input) -> f64 {
    let Num::Range { low, high, dist } = *input.num else {
        return input.num.median();
    };
    let z = standard_normal(rng);
    let v = match dist {
        Dist::Normal => (low + high) / 2.0 + z * (high - low) / (2.0 * Z95),
        Dist::Lognormal => {
            let (a, b) = (libm::log(low), libm::log(high));
            libm::exp((a + b) / 2.0 + z * (b - a) / (2.0 * Z95))
        }
    };
    input.domain.clamp(v)
}

/// Box-Muller with libm's log and cos, so native and wasm builds draw
/// bit-identical numbers from one seed.
fn standard_normal(rng: &mut Xoshiro256PlusPlus) -> f64 {
    let unit =
        |r: &mut Xoshiro256PlusPlus| ((r.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
    let (u1, u2) = (unit(rng), unit(rng));
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
}

fn ranged_inputs(plan: &Plan) -> Vec<Input<'_>> {
    let mut out = Vec::new();
    inputs::each(plan, &mut |_, i| {
        if matches!(i.num, Num::Range { .. }) {
            out.push(i)
        }
    });
    out
}

/// Values of one month across paths, per scenario.
struct Collector {
    users: Vec<Vec<f64>>,
    cost: Vec<Vec<f64>>,
    cumulative: Vec<Vec<f64>>,
    tiers: Vec<Vec<usize>>,
    totals: Vec<f64>,
    over_budget: usize,
    over_capacity: usize,
    failed: usize,
}

/// Simulates every scenario over `samples` paths (1 to 100,000), seeded by
/// `seed`, else the plan's `seed`, else [`DEFAULT_SEED`].
pub fn simulate(
    plan: &Plan,
    samples: usize,
    seed: Option<u64>,
) -> Result<Simulation, Vec<PlanError>> {
    let all: Vec<usize> = (0..plan.scenarios.len()).collect();
    simulate_scenarios(plan, &all, samples, seed)
}

/// Simulates only the scenarios `which` (indices). Draws do not depend on
/// the scenario, so each result equals that scenario's in [`simulate`].
pub fn simulate_scenarios(
    plan: &Plan,
    which: &[usize],
    samples: usize,
    seed: Option<u64>,
) -> Result<Simulation, Vec<PlanError>> {
    if samples == 0 || samples > MAX_SAMPLES {
        return Err(vec![PlanError::new(
            "samples",
            format!("must be from 1 to {MAX_SAMPLES}, got {samples}"),
        )]);
    }
    let errors = validate(plan);
    if !errors.is_empty() {
        return Err(errors);
    }
    let seed = seed.or(plan.seed).unwrap_or(DEFAULT_SEED);
    let ranged = ranged_inputs(plan);
    let months = plan.horizon_months as usize + 1;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    if let Some(&bad) = which.iter().find(|&&s| s >= plan.scenarios.len()) {
        return Err(vec![PlanError::new(
            "scenarios",
            format!("no scenario number {bad}"),
        )]);
    }
    let mut per: Vec<Collector> = which
        .iter()
        .map(|_| Collector {
            users: vec![Vec::with_capacity(samples); months],
            cost: vec![Vec::with_capacity(samples); months],
            cumulative: vec![Vec::with_capacity(samples); months],
            tiers: vec![vec![0; plan.tiers.len()]; months],
            totals: Vec::with_capacity(samples),
            over_budget: 0,
            over_capacity: 0,
            failed: 0,
        })
        .collect();
    let mut draws = vec![0.0; ranged.len()];
    let mut path = PathOutcome::default();
    for _ in 0..samples {
        // Each ranged input is drawn once per path, shared by all scenarios.
        for (d, input) in draws.iter_mut().zip(&ranged) {
            *d = draw(&mut rng, input);
        }
        let model = Model::build(plan, &mut |n: &Num| match ranged
            .iter()
            .position(|i| inputs::same(i.num, n))
        {
            Some(k) => draws[k],
            None => n.median(),
        });
        for (&s, c) in which.iter().zip(per.iter_mut()) {
            run_path(&model, s, &mut path);
            if !path.finite {
                c.failed += 1;
                continue;
            }
            for m in 0..months {
                c.users[m].push(path.users[m]);
                c.cost[m].push(path.cost[m]);
                c.cumulative[m].push(path.cumulative[m]);
                c.tiers[m][path.tier[m]] += 1;
            }
            c.totals.push(path.cumulative[months - 1]);
            c.over_budget += path.over_budget as usize;
            c.over_capacity += path.over_capacity as usize;
        }
    }
    let scenarios = which
        .iter()
        .zip(per)
        .map(|(&s, c)| summarize(s, samples, c))
        .collect();
    Ok(Simulation { seed, scenarios })
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_unstable_by(f64::total_cmp);
    v
}

fn summarize(scenario: usize, samples: usize, c: Collector) -> ScenarioSimulation {
    let ok = (samples - c.failed).max(1) as f64;
    let months = c
        .users
        .into_iter()
        .zip(c.cost)
        .zip(c.cumulative)
        .zip(c.tiers)
        .enumerate()
        .map(|(m, (((mut u, mut cost), mut cum), tiers))| MonthBand {
            month: m as u32,
            users: Percentiles::select(&mut u),
            cost: Percentiles::select(&mut cost),
            cumulative_cost: Percentiles::select(&mut cum),
            tier_share: tiers.into_iter().map(|n| n as f64 / ok).collect(),
        })
        .collect();
    let totals = sorted(c.totals);
    ScenarioSimulation {
        scenario,
        samples,
        failed: c.failed,
        months,
        total_cost: Percentiles::of(&totals),
        total_cost_mean: totals.iter().sum::<f64>() / ok,
        totals,
        over_budget_share: c.over_budget as f64 / ok,
        over_capacity_share: c.over_capacity as f64 / ok,
    }
}

/// How much one input moves a scenario's results between its two ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    /// The input's JSON path, e.g. `scenarios[1].growth.segments[0].rate`.
    pub path: String,
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
#[derive(Debug, Clone, PartialEq)]
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
    if scenario >= plan.scenarios.len() {
        return Err(vec![PlanError::new(
            "scenarios",
            format!("no scenario number {scenario}"),
        )]);
    }
    let outcome = |target: Option<(&Num, f64)>| {
        let model = Model::build(plan, &mut |n: &Num| match target {
            Some((t, v)) if inputs::same(t, n) => v,
            _ => n.median(),
        });
        let sf = run(&model, scenario);
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
