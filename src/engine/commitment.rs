//! Commitments (MODEL.md section 12): the cost of a month under a committed
//! amount, and the amount that minimises the mean total cost over a set of
//! paths (a simulation's, or a plan's single path).

use super::model::Model;
use super::plan::{Category, Plan};
use super::validate::PlanError;
use std::borrow::Borrow;

/// A plan's commitment, compiled: the numbers of one path.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitmentModel {
    pub amount: f64,
    pub discount: f64,
    /// Term months within 1..=horizon.
    pub term: std::ops::RangeInclusive<usize>,
    /// Indexed `Category as usize`: the categories under the commitment.
    pub covers: [bool; Category::ALL.len()],
}

/// A month of the term, split the way a bill shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CommitmentMonth {
    /// D(m): the on-demand cost of the committed categories.
    pub demand: f64,
    /// amount * (1 - discount), paid whether used or not.
    pub committed: f64,
    /// max(0, D(m) - amount), paid at on-demand prices.
    pub on_demand: f64,
    /// max(0, amount - D(m)).
    pub unused: f64,
}

impl CommitmentModel {
    pub fn shape(plan: &Plan) -> Option<CommitmentModel> {
        let c = plan.pricing.as_ref()?.commitment.as_ref()?;
        let mut covers = [false; Category::ALL.len()];
        for cat in &c.categories {
            covers[*cat as usize] = true;
        }
        Some(CommitmentModel {
            amount: c.amount,
            discount: 0.0,
            term: c.term(plan.horizon_months),
            covers,
        })
    }

    /// The month's split, or none outside the term (where D(m) is paid as is).
    pub fn month(&self, m: usize, demand: f64) -> Option<CommitmentMonth> {
        self.term
            .contains(&m)
            .then(|| split(self.amount, self.discount, demand))
    }

    /// What the committed categories cost in month `m`.
    pub fn cost(&self, m: usize, demand: f64) -> f64 {
        self.month(m, demand)
            .map_or(demand, |s| s.committed + s.on_demand)
    }
}

/// Section 12's cost of a term month with `amount` committed.
pub fn split(amount: f64, discount: f64, demand: f64) -> CommitmentMonth {
    CommitmentMonth {
        demand,
        committed: amount * (1.0 - discount),
        on_demand: (demand - amount).max(0.0),
        unused: (amount - demand).max(0.0),
    }
}

/// Whether a component of `category` is under the model's commitment.
pub fn covered(model: &Model, category: Category) -> bool {
    (model.commitment.as_ref()).is_some_and(|c| c.covers[category as usize])
}

/// What the optimiser reads of each path: its discount, its total cost with
/// nothing committed, and D(m) of the months a term may cover.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Demand {
    /// The first month kept (the commitment's start month).
    pub first: usize,
    /// Months kept per path.
    pub len: usize,
    /// The plan's last month.
    pub horizon: usize,
    pub discounts: Vec<f64>,
    /// Total cost at the horizon with nothing committed, per path.
    pub base: Vec<f64>,
    /// D(m) of months first..first+len, path after path.
    pub months: Vec<f64>,
}

/// The longest term the optimiser compares (the three-year reservation).
pub const LONGEST_TERM: usize = 36;

/// Terms the optimiser compares, when the horizon holds them.
pub const TERMS: [u32; 2] = [12, 36];

impl Demand {
    /// Keeps the months a plan's commitment or any compared term may cover.
    pub fn for_plan(plan: &Plan) -> Option<Demand> {
        let c = plan.pricing.as_ref()?.commitment.as_ref()?;
        let first = c.start_month.max(1) as usize;
        let longest = LONGEST_TERM.max(c.term_months as usize);
        let last = (first + longest - 1).min(plan.horizon_months as usize);
        Some(Demand {
            first,
            len: (last + 1).saturating_sub(first),
            horizon: plan.horizon_months as usize,
            ..Demand::default()
        })
    }

    /// Adds a path: its discount, total with nothing committed and D(m) by month.
    pub fn add(&mut self, discount: f64, base: f64, demand: &[f64]) {
        self.discounts.push(discount);
        self.base.push(base);
        let kept = demand.iter().skip(self.first).take(self.len);
        self.months.extend(kept);
    }

    pub fn paths(&self) -> usize {
        self.base.len()
    }

    /// Pools another block of the same run's paths.
    pub fn merge(&mut self, other: Demand) {
        self.discounts.extend(other.discounts);
        self.base.extend(other.base);
        self.months.extend(other.months);
    }

    /// D(m) of path `p` in the first `term` kept months.
    fn term_of(&self, p: usize, term: usize) -> &[f64] {
        &self.months[p * self.len..p * self.len + term]
    }
}

/// Mean and P10 / P90 of the total cost with `amount` committed.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CurvePoint {
    pub amount: f64,
    pub mean_total: f64,
    pub p10_total: f64,
    pub p90_total: f64,
}

/// The amount that minimises the mean total cost, and what it risks.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Best {
    pub amount: f64,
    pub mean_total: f64,
    /// Mean total with nothing committed, less `mean_total`.
    pub saving: f64,
    /// `saving` as a share of the mean total with nothing committed.
    pub saving_share: f64,
    /// Share of (path, term month) pairs in which some commitment is unused.
    pub unused_chance: f64,
    /// The share of a commitment that must be used for it to pay: 1 - discount.
    pub break_even_utilization: f64,
}

/// The optimiser's answer for one term.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Optimum {
    /// The term asked for.
    pub term_months: u32,
    /// Months of it within the horizon.
    pub months: usize,
    /// The mean discount over the paths.
    pub discount: f64,
    pub samples: usize,
    /// Ascending amounts from 0 to the largest D(m), the best among them.
    pub curve: Vec<CurvePoint>,
    pub best: Best,
}

/// Amounts the curve shows at the least, evenly from 0 to the largest D(m).
pub const CURVE_POINTS: usize = 64;

/// The best amount for `term_months` from the commitment's start, over the
/// paths of `demand` (section 12), with the curve of cost against amount.
pub fn optimise(demand: &Demand, term_months: u32) -> Result<Optimum, String> {
    optimise_with(demand, term_months, &[])
}

/// [`optimise`], with the curve also at each of `also` (such as the plan's
/// own amount, to compare the best with).
pub fn optimise_with(demand: &Demand, term_months: u32, also: &[f64]) -> Result<Optimum, String> {
    let mut o = Optimiser::new(demand, term_months, also)?;
    while !o.step() {}
    Ok(o.finish().0)
}

/// Where an [`Optimiser`] is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stage {
    /// Sorting each path's term months; paths sorted so far.
    Sorting(usize),
    /// The curve's amounts done so far.
    Curve(usize),
    Done,
}

/// Paths sorted in one step.
const SORT_STEP: usize = 2_048;

/// The optimiser a step at a time, each a few ms for 100,000 paths, so a
/// page can run it between frames: sort each path's months, select the
/// best amount, then the curve one amount a step.
pub struct Optimiser<D: Borrow<Demand>> {
    demand: D,
    term_months: u32,
    term: usize,
    also: Vec<f64>,
    discount: f64,
    stage: Stage,
    /// Each path's term months ascending, with running sums.
    sorted: Sorted,
    best: f64,
    amounts: Vec<f64>,
    /// Per path: its months at or below the amount last done.
    below: Vec<usize>,
    totals: Vec<f64>,
    keys: Vec<i64>,
    curve: Vec<CurvePoint>,
}

impl<D: Borrow<Demand>> Optimiser<D> {
    /// Checks that there are paths and that the term lies within the
    /// horizon (a term the horizon cuts short would be judged on part of
    /// what it costs).
    pub fn new(demand: D, term_months: u32, also: &[f64]) -> Result<Optimiser<D>, String> {
        let d = demand.borrow();
        let (n, term) = (d.paths(), term_months as usize);
        if n == 0 {
            return Err("no paths to choose a commitment from".into());
        }
        if d.first > d.horizon {
            return Err(format!(
                "the commitment starts in month {}, after the horizon (month {})",
                d.first, d.horizon
            ));
        }
        if term == 0 || term > d.len {
            // A term from month 1 cannot start earlier: a shorter one fits.
            let or = match d.first {
                1 => format!("choose a term of at most {} months", d.len),
                _ => "start the term earlier".into(),
            };
            return Err(format!(
                "a {term}-month term from month {} runs past the horizon (month {}); lengthen the horizon to {} months or {or}",
                d.first,
                d.horizon,
                d.first + term.max(1) - 1
            ));
        }
        let discount = d.discounts.iter().sum::<f64>() / n as f64;
        Ok(Optimiser {
            term_months,
            term,
            also: also.to_vec(),
            discount,
            stage: Stage::Sorting(0),
            sorted: Sorted::with_capacity(n, term),
            best: 0.0,
            amounts: Vec::new(),
            below: vec![0; n],
            totals: Vec::with_capacity(n),
            keys: Vec::with_capacity(n),
            curve: Vec::new(),
            demand,
        })
    }

    /// One step; true once every step is done.
    pub fn step(&mut self) -> bool {
        let n = self.demand.borrow().paths();
        self.stage = match self.stage {
            Stage::Sorting(done) => {
                let to = (done + SORT_STEP).min(n);
                for p in done..to {
                    self.sorted.push(self.demand.borrow().term_of(p, self.term));
                }
                if to < n {
                    Stage::Sorting(to)
                } else {
                    self.best()
                }
            }
            Stage::Curve(done) => {
                let a = self.amounts[done];
                let point = self.point(a);
                self.curve.push(point);
                if done + 1 < self.amounts.len() {
                    Stage::Curve(done + 1)
                } else {
                    Stage::Done
                }
            }
            Stage::Done => Stage::Done,
        };
        self.stage == Stage::Done
    }

    /// The answer (once [`Optimiser::step`] says done), and the demand back.
    pub fn finish(self) -> (Optimum, D) {
        let at = |a: f64| {
            (self.curve.iter())
                .find(|c| c.amount == a)
                .map_or(f64::NAN, |c| c.mean_total)
        };
        let (none, at_best) = (at(0.0), at(self.best));
        let saving = none - at_best;
        let pairs = self.sorted.demand.len();
        let unused = self
            .sorted
            .count(|months| months.partition_point(|&d| d < self.best));
        let answer = Optimum {
            term_months: self.term_months,
            months: self.term,
            discount: self.discount,
            samples: self.demand.borrow().paths(),
            best: Best {
                amount: self.best,
                mean_total: at_best,
                saving,
                saving_share: if none > 0.0 { saving / none } else { 0.0 },
                unused_chance: unused as f64 / pairs.max(1) as f64,
                break_even_utilization: 1.0 - self.discount,
            },
            curve: self.curve,
        };
        (answer, self.demand)
    }

    /// How many path-months D(m) > A may have at the best amount: the share
    /// 1 - the mean discount of them (noise below 10^-9 moves no count).
    fn allowed(&self) -> usize {
        let pairs = self.sorted.demand.len() as f64;
        ((1.0 - self.discount) * pairs * (1.0 + 1e-9)).floor() as usize
    }

    /// Path-months above `a`.
    fn above(&self, a: f64) -> usize {
        let term = self.term;
        self.sorted
            .count(|months| term - months.partition_point(|&d| d <= a))
    }

    /// The best amount: 0 when enough is allowed above it, else the
    /// smallest D(m) with at most `allowed` path-months above it, which is
    /// the path-months' D(m) of rank pairs - allowed - 1 (from 0): one
    /// selection, not a bisection of amounts with a pass over every path
    /// at each halving.
    fn best(&mut self) -> Stage {
        let largest = self.sorted.demand.iter().copied().fold(0.0, f64::max);
        let (pairs, allowed) = (self.sorted.demand.len(), self.allowed());
        if self.above(0.0) <= allowed {
            return self.curve_from(0.0, largest);
        }
        // More than `allowed` path-months lie above 0, so the rank exists.
        let rank = pairs - allowed - 1;
        let best = super::percentiles::nth(&self.sorted.demand, rank, &mut self.keys);
        self.curve_from(best, largest)
    }

    /// The curve's amounts: CURVE_POINTS from 0 to `largest`, the best and
    /// the extra ones, ascending.
    fn curve_from(&mut self, best: f64, largest: f64) -> Stage {
        self.best = best;
        let last = (CURVE_POINTS - 1) as f64;
        let mut amounts: Vec<f64> = (0..CURVE_POINTS)
            .map(|i| largest * i as f64 / last)
            .collect();
        amounts.push(best);
        amounts.extend(self.also.iter().filter(|a| a.is_finite() && **a >= 0.0));
        amounts.sort_unstable_by(f64::total_cmp);
        amounts.dedup();
        self.amounts = amounts;
        Stage::Curve(0)
    }

    /// Mean and P10 / P90 of the paths' totals with `a` committed: each
    /// path's total with nothing committed, plus the payments, less the
    /// demand they cover. Amounts come in ascending order, so each path's
    /// count of months at or below the amount only grows.
    fn point(&mut self, a: f64) -> CurvePoint {
        let d = self.demand.borrow();
        let (n, term) = (d.paths(), self.term);
        self.totals.clear();
        for (p, k) in self.below.iter_mut().enumerate() {
            let months = &self.sorted.demand[p * term..(p + 1) * term];
            while *k < term && months[*k] <= a {
                *k += 1;
            }
            let covered = self.sorted.sums[p * (term + 1) + *k] + (term - *k) as f64 * a;
            self.totals
                .push(d.base[p] + term as f64 * a * (1.0 - d.discounts[p]) - covered);
        }
        let (p10_total, p90_total) = super::percentiles::p10_p90(&self.totals, &mut self.keys);
        CurvePoint {
            amount: a,
            mean_total: self.totals.iter().sum::<f64>() / n as f64,
            p10_total,
            p90_total,
        }
    }
}

/// Each path's term months sorted, with running sums, so the cost of any
/// amount takes one pass a path. One buffer for all the paths.
struct Sorted {
    term: usize,
    /// Path after path, each ascending.
    demand: Vec<f64>,
    /// Per path, term + 1 sums: [k] is the sum of its k smallest.
    sums: Vec<f64>,
}

impl Sorted {
    fn with_capacity(n: usize, term: usize) -> Sorted {
        Sorted {
            term,
            demand: Vec::with_capacity(n * term),
            sums: Vec::with_capacity(n * (term + 1)),
        }
    }

    fn push(&mut self, months: &[f64]) {
        let from = self.demand.len();
        self.demand.extend_from_slice(months);
        self.demand[from..].sort_unstable_by(f64::total_cmp);
        let mut acc = 0.0;
        self.sums.push(acc);
        for x in &self.demand[from..] {
            acc += x;
            self.sums.push(acc);
        }
    }

    /// The sum over paths of `f` of each path's sorted months.
    fn count(&self, f: impl Fn(&[f64]) -> usize) -> usize {
        self.demand.chunks(self.term.max(1)).map(f).sum()
    }
}

/// Paths the optimiser runs: `samples` when the plan has a range, else its
/// one path (every path would be the same).
pub fn paths_for(plan: &Plan, samples: usize) -> usize {
    if super::inputs::has_ranges(plan) {
        samples
    } else {
        1
    }
}

/// The plan's commitment, if it has one.
pub fn commitment_of(plan: &Plan) -> Option<&super::plan::Commitment> {
    plan.pricing.as_ref()?.commitment.as_ref()
}

/// The error of a plan without a commitment to choose an amount for.
pub fn missing() -> PlanError {
    PlanError::new(
        super::Path::field("pricing").key("commitment"),
        "the plan has no commitment: add one with its discount, term and categories to choose an amount",
    )
}

/// Runs the paths of `scenario` the optimiser reads (see [`paths_for`]),
/// seeded as the simulation is, so both read the same paths.
pub fn demand(
    plan: &Plan,
    scenario: usize,
    samples: usize,
    seed: Option<u64>,
) -> Result<Demand, Vec<PlanError>> {
    if plan
        .pricing
        .as_ref()
        .and_then(|p| p.commitment.as_ref())
        .is_none()
    {
        return Err(vec![missing()]);
    }
    let n = paths_for(plan, samples);
    let mut sim = super::simulate::Simulator::new(plan, &[scenario], n, seed)?;
    sim.keep_only_demand();
    sim.run(n);
    sim.take_demand().ok_or_else(|| vec![missing()])
}

/// The terms of [`TERMS`] whose months all fall within the horizon.
pub fn terms_within(plan: &Plan) -> Vec<u32> {
    let start = (plan.pricing.as_ref())
        .and_then(|p| p.commitment.as_ref())
        .map_or(1, |c| c.start_month.max(1));
    TERMS
        .into_iter()
        .filter(|t| start + t - 1 <= plan.horizon_months)
        .collect()
}
