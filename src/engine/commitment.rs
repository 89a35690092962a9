//! Commitments (MODEL.md section 12): the cost of a month under a committed
//! amount, and the amount that minimises the mean total cost over a set of
//! paths (a simulation's, or a plan's single path).

use super::model::Model;
use super::plan::{Category, Plan};
use super::validate::PlanError;

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
    let n = demand.paths();
    let term = (term_months as usize).min(demand.len);
    if n == 0 {
        return Err("no paths to choose a commitment from".into());
    }
    if term == 0 {
        return Err(format!(
            "the commitment starts in month {}, after the horizon",
            demand.first
        ));
    }
    let paths = Sorted::new(demand, term);
    let discount = demand.discounts.iter().sum::<f64>() / n as f64;
    let mut pairs = paths.demand.clone();
    let best_amount = smallest_amount(&mut pairs, 1.0 - discount);
    let largest = paths.demand.iter().copied().fold(0.0, f64::max);
    let mut wanted = amounts(largest, best_amount);
    wanted.extend(also.iter().filter(|a| a.is_finite() && **a >= 0.0));
    wanted.sort_unstable_by(f64::total_cmp);
    wanted.dedup();
    let curve = curve(demand, &paths, &wanted);
    let at = |a: f64| {
        curve
            .iter()
            .find(|c| c.amount == a)
            .map_or(f64::NAN, |c| c.mean_total)
    };
    let (none, at_best) = (at(0.0), at(best_amount));
    let saving = none - at_best;
    let unused = paths.demand.iter().filter(|&&d| d < best_amount).count();
    Ok(Optimum {
        term_months,
        months: term,
        discount,
        samples: n,
        curve,
        best: Best {
            amount: best_amount,
            mean_total: at_best,
            saving,
            saving_share: if none > 0.0 { saving / none } else { 0.0 },
            unused_chance: unused as f64 / paths.demand.len() as f64,
            break_even_utilization: 1.0 - discount,
        },
    })
}

/// The smallest A >= 0 at which the share of `values` above A is at most
/// `share`: where the mean cost stops falling (its slope per path is term
/// months x (1 - discount) less the count of months above A). Reorders
/// `values` (a selection, not a sort).
fn smallest_amount(values: &mut [f64], share: f64) -> f64 {
    let n = values.len();
    // Noise below one part in 10^9 does not move a count.
    let allowed = (share * n as f64 * (1.0 + 1e-9)).floor() as usize;
    if allowed >= n {
        return 0.0;
    }
    let (_, at, _) = values.select_nth_unstable_by(n - 1 - allowed, f64::total_cmp);
    at.max(0.0)
}

/// CURVE_POINTS amounts from 0 to `largest`, and `best` in its place.
fn amounts(largest: f64, best: f64) -> Vec<f64> {
    let last = (CURVE_POINTS - 1) as f64;
    let mut out: Vec<f64> = (0..CURVE_POINTS)
        .map(|i| largest * i as f64 / last)
        .collect();
    out.push(best);
    out
}

/// Each path's term months sorted, with running sums, so the cost of any
/// amount takes one binary search a path. One buffer for all the paths.
struct Sorted {
    term: usize,
    /// Path after path, each ascending.
    demand: Vec<f64>,
    /// Per path, term + 1 sums: [k] is the sum of its k smallest.
    sums: Vec<f64>,
}

impl Sorted {
    fn new(d: &Demand, term: usize) -> Sorted {
        let n = d.paths();
        let mut demand = Vec::with_capacity(n * term);
        let mut sums = Vec::with_capacity(n * (term + 1));
        for p in 0..n {
            let from = demand.len();
            demand.extend_from_slice(d.term_of(p, term));
            demand[from..].sort_unstable_by(f64::total_cmp);
            let mut acc = 0.0;
            sums.push(acc);
            for x in &demand[from..] {
                acc += x;
                sums.push(acc);
            }
        }
        Sorted { term, demand, sums }
    }
}

/// The mean and P10 / P90 of the paths' totals at each of the ascending
/// `amounts`. A path's total with amount A committed is its total with
/// nothing committed, plus the payments, less the demand they cover; each
/// path walks its sorted months once across all the amounts.
fn curve(demand: &Demand, paths: &Sorted, amounts: &[f64]) -> Vec<CurvePoint> {
    let (n, term) = (demand.paths(), paths.term);
    // totals[i * n + p]: path p's total at amounts[i]; each path's count
    // of months at or below the amount only grows along the amounts.
    let mut totals = vec![0.0; amounts.len() * n];
    let mut below = vec![0usize; n];
    for (i, &a) in amounts.iter().enumerate() {
        let row = &mut totals[i * n..(i + 1) * n];
        for (p, (t, k)) in row.iter_mut().zip(below.iter_mut()).enumerate() {
            let months = &paths.demand[p * term..(p + 1) * term];
            while *k < term && months[*k] <= a {
                *k += 1;
            }
            let covered = paths.sums[p * (term + 1) + *k] + (term - *k) as f64 * a;
            *t = demand.base[p] + term as f64 * a * (1.0 - demand.discounts[p]) - covered;
        }
    }
    let mut keys = Vec::with_capacity(n);
    (amounts.iter().zip(totals.chunks(n)))
        .map(|(&amount, t)| {
            let (p10_total, p90_total) = super::percentiles::p10_p90(t, &mut keys);
            CurvePoint {
                amount,
                mean_total: t.iter().sum::<f64>() / n as f64,
                p10_total,
                p90_total,
            }
        })
        .collect()
}

/// Paths the optimiser runs: `samples` when the plan has a range, else its
/// one path (every path would be the same).
pub fn paths_for(plan: &Plan, samples: usize) -> usize {
    let mut ranged = false;
    super::inputs::each(plan, &mut |_, i| {
        ranged |= matches!(i.num, super::Num::Range { .. })
    });
    if ranged {
        samples
    } else {
        1
    }
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
