//! Uncertainty (MODEL.md section 7): Monte Carlo simulation over the plan's
//! ranged inputs.

use super::forecast::{run_path, PathOutcome};
use super::inputs::{self, Input};
use super::model::{Model, RangedParts};
use super::number::{Dist, Num};
pub use super::percentiles::Percentiles;
use super::plan::Plan;
pub use super::sensitivity::{sensitivity, Impact, Sensitivity, Sweep};
use super::validate::{validate, PlanError};
use crate::commitment::Demand;
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

pub const MAX_SAMPLES: usize = 100_000;
pub const DEFAULT_SAMPLES: usize = 2_000;
/// The seed used when neither the caller nor the plan gives one.
pub const DEFAULT_SEED: u64 = 1;
/// A 90% interval spans this many standard deviations each side of the mean.
const Z95: f64 = 1.644_853_626_951_472_2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthBand {
    pub month: u32,
    pub users: Percentiles,
    pub cost: Percentiles,
    pub cumulative_cost: Percentiles,
    /// Share of paths on each tier (indexed like `plan.tiers`).
    pub tier_share: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    #[serde(with = "packed")]
    pub totals: Vec<f64>,
    /// Share of paths with a month over the budget (0 without a budget).
    pub over_budget_share: f64,
    /// Share of paths with a month over capacity.
    pub over_capacity_share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Simulation {
    pub seed: u64,
    pub scenarios: Vec<ScenarioSimulation>,
}

/// One draw of a ranged input from its distribution, pulled into its domain.
fn draw(normals: &mut Normals, input: &Input) -> f64 {
    let Num::Range { low, high, dist } = *input.num else {
        return input.num.median();
    };
    let z = normals.next();
    let v = match dist {
        Dist::Normal => (low + high) / 2.0 + z * (high - low) / (2.0 * Z95),
        Dist::Lognormal => {
            let (a, b) = (libm::log(low), libm::log(high));
            libm::exp((a + b) / 2.0 + z * (b - a) / (2.0 * Z95))
        }
    };
    input.domain.clamp(v)
}

/// Standard normal draws: Box-Muller, both numbers of each pair used, with
/// libm's log and sincos so that native and wasm builds draw bit-identical
/// numbers from one seed. The square root is the processor's: IEEE 754
/// rounds it exactly on every platform, as libm's does in software (which
/// cost a tenth of a path's time in wasm).
struct Normals {
    rng: Xoshiro256PlusPlus,
    spare: Option<f64>,
}

impl Normals {
    fn new(seed: u64) -> Normals {
        Normals {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            spare: None,
        }
    }

    /// The stream as it stands after `n` draws, without computing them:
    /// each pair of draws takes two numbers of the generator.
    fn skip(&mut self, n: usize) {
        for _ in 0..n / 2 * 2 {
            self.rng.next_u64();
        }
        if n % 2 == 1 {
            self.next();
        }
    }

    // Not inlined: one body for every caller (1 KB of wasm otherwise).
    #[inline(never)]
    fn next(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        // In (0, 1]: log(0) is never taken.
        let mut unit = || ((self.rng.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
        let (u1, u2) = (unit(), unit());
        let r = (-2.0 * libm::log(u1)).sqrt();
        let (sin, cos) = libm::sincos(std::f64::consts::TAU * u2);
        self.spare = Some(r * sin);
        r * cos
    }
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

/// `samples` paths cut into `n` blocks of near-equal size (at least one
/// block, none empty), for [`Simulator::block`].
pub fn blocks(samples: usize, n: usize) -> Vec<std::ops::Range<usize>> {
    let n = n.clamp(1, samples.max(1));
    (0..n)
        .map(|i| samples * i / n..samples * (i + 1) / n)
        .collect()
}

/// Simulates only the scenarios `which` (indices). Draws do not depend on
/// the scenario, so each result equals that scenario's in [`simulate`].
pub fn simulate_scenarios(
    plan: &Plan,
    which: &[usize],
    samples: usize,
    seed: Option<u64>,
) -> Result<Simulation, Vec<PlanError>> {
    let mut sim = Simulator::new(plan, which, samples, seed)?;
    sim.run(samples);
    Ok(sim.summary())
}

/// A simulation in progress. Paths run in chunks, so a page can show rough
/// figures at once and refine them between frames; the figures after all
/// the paths are the same however they were chunked.
pub struct Simulator {
    plan: Plan,
    seed: u64,
    /// Paths this simulator runs (all of them, or its block of a split run).
    samples: usize,
    done: usize,
    /// Paths whose values were taken away (`take_paths`).
    taken: usize,
    normals: Normals,
    /// The model at the inputs' medians, its ranged parts redrawn per path.
    model: Model,
    parts: RangedParts,
    draws: Vec<f64>,
    path: PathOutcome,
    which: Vec<usize>,
    per: Vec<Collector>,
    /// Each collector's paths on their way to it (none held between runs).
    tiles: Vec<Tile>,
    /// D(m) of the first simulated scenario's paths, for the commitment
    /// optimiser (only when asked for).
    demand: Option<Demand>,
    /// Keep nothing but the demand (a run for the optimiser alone).
    demand_only: bool,
}

/// The values of some paths of a run, for each simulated scenario: what
/// [`Simulator::take_paths`] gives and [`Simulator::add_paths`] pools. Its
/// buffers of numbers travel as bytes (one copy, not a number at a time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paths {
    done: usize,
    /// Months in each path of the run these come from, and the first
    /// month of the values held ([`Paths::split`] cuts by month).
    months: usize,
    from: usize,
    per: Vec<Collector>,
}

impl Paths {
    /// How many paths these are.
    pub fn len(&self) -> usize {
        self.done
    }

    pub fn is_empty(&self) -> bool {
        self.done == 0
    }

    /// These paths cut by month into one part per window of `windows`
    /// (ascending, covering the months held), so that each part goes to
    /// the one who summarizes those months. Every part keeps the paths'
    /// counts; the totals go with the last month.
    pub fn split(self, windows: &[std::ops::Range<usize>]) -> Vec<Paths> {
        let mut parts: Vec<Paths> = (windows.iter())
            .map(|w| Paths {
                done: self.done,
                months: self.months,
                from: self.from + w.start,
                per: Vec::new(),
            })
            .collect();
        for c in self.per {
            for (part, c) in parts.iter_mut().zip(c.split(windows)) {
                part.per.push(c);
            }
        }
        parts
    }
}

/// `n` windows of `months` months, in order, the first ones shorter (some
/// empty when there are more windows than months); the last ends at
/// `months`.
pub fn windows(months: usize, n: usize) -> Vec<std::ops::Range<usize>> {
    let n = n.max(1);
    (0..n)
        .map(|i| months * i / n..months * (i + 1) / n)
        .collect()
}

/// A list of numbers as its little-endian bytes.
mod packed {
    use serde::{de, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        s.serialize_bytes(&bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        d.deserialize_byte_buf(Bytes)
    }

    struct Bytes;

    impl<'de> de::Visitor<'de> for Bytes {
        type Value = Vec<f64>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("numbers as little-endian bytes")
        }

        fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Vec<f64>, E> {
            if !b.len().is_multiple_of(8) {
                return Err(E::invalid_length(b.len(), &self));
            }
            let number = |c: &[u8]| f64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            Ok(b.chunks_exact(8).map(number).collect())
        }

        fn visit_byte_buf<E: de::Error>(self, b: Vec<u8>) -> Result<Vec<f64>, E> {
            self.visit_bytes(&b)
        }

        // Formats without bytes (JSON) write them as a list of numbers.
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<f64>, A::Error> {
            let mut b = Vec::new();
            while let Some(x) = seq.next_element::<u8>()? {
                b.push(x);
            }
            self.visit_bytes(&b)
        }
    }
}

/// A list of lists of numbers, each as its bytes.
mod packed_rows {
    use serde::ser::SerializeSeq;
    use serde::{de, Deserializer, Serializer};

    struct Row<'a>(&'a [f64]);

    impl serde::Serialize for Row<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            super::packed::serialize(self.0, s)
        }
    }

    pub fn serialize<S: Serializer>(rows: &[Vec<f64>], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(rows.len()))?;
        for r in rows {
            seq.serialize_element(&Row(r))?;
        }
        seq.end()
    }

    struct RowOut(Vec<f64>);

    impl<'de> serde::Deserialize<'de> for RowOut {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::packed::deserialize(d).map(RowOut)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<f64>>, D::Error> {
        struct Rows;
        impl<'de> de::Visitor<'de> for Rows {
            type Value = Vec<Vec<f64>>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of packed rows")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut rows = Vec::new();
                while let Some(RowOut(r)) = seq.next_element()? {
                    rows.push(r);
                }
                Ok(rows)
            }
        }
        d.deserialize_seq(Rows)
    }
}

/// Values of each month across paths, for one scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Collector {
    #[serde(with = "packed_rows")]
    users: Vec<Vec<f64>>,
    #[serde(with = "packed_rows")]
    cost: Vec<Vec<f64>>,
    #[serde(with = "packed_rows")]
    cumulative: Vec<Vec<f64>>,
    tiers: Vec<Vec<usize>>,
    #[serde(with = "packed")]
    totals: Vec<f64>,
    over_budget: usize,
    over_capacity: usize,
    failed: usize,
}

impl Collector {
    fn new(months: usize, tiers: usize, samples: usize) -> Collector {
        // Not `vec![..; months]`: a clone would drop the capacity.
        let rows = || (0..months).map(|_| Vec::with_capacity(samples)).collect();
        Collector {
            users: rows(),
            cost: rows(),
            cumulative: rows(),
            tiers: vec![vec![0; tiers]; months],
            totals: Vec::with_capacity(samples),
            over_budget: 0,
            over_capacity: 0,
            failed: 0,
        }
    }

    /// Cut by month windows (see [`Paths::split`]): ascending, so each
    /// month's rows move to their window's part, never copied (months
    /// between two windows are dropped).
    fn split(self, windows: &[std::ops::Range<usize>]) -> Vec<Collector> {
        fn take<T>(rows: &mut std::vec::IntoIter<T>, skip: usize, n: usize) -> Vec<T> {
            if skip > 0 {
                rows.nth(skip - 1);
            }
            rows.by_ref().take(n).collect()
        }
        let last = windows.len().saturating_sub(1);
        let mut totals = Some(self.totals);
        let mut users = self.users.into_iter();
        let mut cost = self.cost.into_iter();
        let mut cumulative = self.cumulative.into_iter();
        let mut tiers = self.tiers.into_iter();
        let mut at = 0;
        let mut parts = Vec::with_capacity(windows.len());
        for (i, w) in windows.iter().enumerate() {
            let (skip, n) = (w.start.saturating_sub(at), w.len());
            at = at.max(w.end);
            parts.push(Collector {
                users: take(&mut users, skip, n),
                cost: take(&mut cost, skip, n),
                cumulative: take(&mut cumulative, skip, n),
                tiers: take(&mut tiers, skip, n),
                totals: if i == last {
                    totals.take().unwrap_or_default()
                } else {
                    Vec::new()
                },
                over_budget: self.over_budget,
                over_capacity: self.over_capacity,
                failed: self.failed,
            });
        }
        parts
    }

    /// Pools `other`, whose rows are those of months `from` onwards.
    fn merge_at(&mut self, from: usize, other: Collector) {
        let rows = [
            (&mut self.users, other.users),
            (&mut self.cost, other.cost),
            (&mut self.cumulative, other.cumulative),
        ];
        for (mine, theirs) in rows {
            for (m, t) in mine.iter_mut().skip(from).zip(theirs) {
                // An empty row takes the other's as it is (no copy).
                if m.is_empty() {
                    *m = t;
                } else {
                    m.extend(t);
                }
            }
        }
        for (m, t) in self.tiers.iter_mut().skip(from).zip(other.tiers) {
            for (a, b) in m.iter_mut().zip(t) {
                *a += b;
            }
        }
        self.totals.extend(other.totals);
        self.over_budget += other.over_budget;
        self.over_capacity += other.over_capacity;
        self.failed += other.failed;
    }

    /// Takes in `path` through `tile` (flushed here when full).
    fn add(&mut self, tile: &mut Tile, path: &PathOutcome) {
        if !path.finite {
            self.failed += 1;
            return;
        }
        tile.add(path);
        for (tiers, &t) in self.tiers.iter_mut().zip(&path.tier) {
            tiers[t] += 1;
        }
        self.totals.extend(path.cumulative.last());
        self.over_budget += path.over_budget as usize;
        self.over_capacity += path.over_capacity as usize;
        if tile.held == TILE {
            tile.flush(self);
        }
    }
}

/// Paths held in a tile before they join a collector's rows.
const TILE: usize = 64;

/// The values of up to [`TILE`] paths, month by month, on their way to a
/// collector's rows: one copy of a run of paths per row, not one push per
/// value into rows far apart in memory (a third of a path's time).
#[derive(Default)]
struct Tile {
    /// Users, cost and cumulative cost: month m's at `m * TILE + path`.
    values: [Vec<f64>; 3],
    held: usize,
}

impl Tile {
    fn add(&mut self, path: &PathOutcome) {
        let j = self.held;
        let sources = [&path.users, &path.cost, &path.cumulative];
        for (values, source) in self.values.iter_mut().zip(sources) {
            values.resize(source.len() * TILE, 0.0);
            for (month, &v) in values.chunks_exact_mut(TILE).zip(source) {
                month[j] = v;
            }
        }
        self.held += 1;
    }

    /// Moves the paths held to the end of `c`'s rows.
    fn flush(&mut self, c: &mut Collector) {
        let rows = [&mut c.users, &mut c.cost, &mut c.cumulative];
        for (values, rows) in self.values.iter().zip(rows) {
            for (row, month) in rows.iter_mut().zip(values.chunks_exact(TILE)) {
                row.extend_from_slice(&month[..self.held]);
            }
        }
        self.held = 0;
    }
}

impl Simulator {
    /// Checks the plan, the scenarios and the sample count (1 to 100,000);
    /// seeded by `seed`, else the plan's `seed`, else [`DEFAULT_SEED`].
    pub fn new(
        plan: &Plan,
        which: &[usize],
        samples: usize,
        seed: Option<u64>,
    ) -> Result<Simulator, Vec<PlanError>> {
        Simulator::block(plan, which, samples, seed, 0..samples)
    }

    /// The paths `paths` (by index) of a run of `samples` paths: they draw
    /// exactly what they draw in the whole run, so blocks run apart (on other
    /// threads or workers) and [merged](Simulator::merge) give the whole
    /// run's figures bit for bit.
    pub fn block(
        plan: &Plan,
        which: &[usize],
        samples: usize,
        seed: Option<u64>,
        paths: std::ops::Range<usize>,
    ) -> Result<Simulator, Vec<PlanError>> {
        if samples == 0 || samples > MAX_SAMPLES {
            return Err(vec![PlanError::new(
                crate::Path::field("samples"),
                format!("must be from 1 to {MAX_SAMPLES}, got {samples}"),
            )]);
        }
        let errors = validate(plan);
        if !errors.is_empty() {
            return Err(errors);
        }
        for &s in which {
            plan.check_scenario(s)?;
        }
        let seed = seed.or(plan.seed).unwrap_or(DEFAULT_SEED);
        let mut parts = RangedParts::of(plan);
        // Scenarios not simulated keep their medians.
        for (s, g) in parts.growth.iter_mut().enumerate() {
            *g &= which.contains(&s);
        }
        if paths.start > paths.end || paths.end > samples {
            return Err(vec![PlanError::new(
                crate::Path::field("samples"),
                format!(
                    "no paths {}..{} in a run of {samples}",
                    paths.start, paths.end
                ),
            )]);
        }
        let months = plan.horizon_months as usize + 1;
        let mut normals = Normals::new(seed);
        // Every path draws each ranged input once.
        normals.skip(paths.start * ranged_inputs(plan).len());
        let samples = paths.len();
        Ok(Simulator {
            seed,
            samples,
            done: 0,
            taken: 0,
            normals,
            model: Model::build(plan, &mut |n: &Num| n.median()),
            parts,
            draws: Vec::new(),
            path: PathOutcome::default(),
            which: which.to_vec(),
            per: (which.iter())
                .map(|_| Collector::new(months, plan.tiers.len(), samples))
                .collect(),
            tiles: which.iter().map(|_| Tile::default()).collect(),
            demand: None,
            demand_only: false,
            plan: plan.clone(),
        })
    }

    /// A simulator of a whole run that runs no paths itself: it only pools
    /// the paths run by blocks elsewhere ([`Simulator::add_paths`]).
    pub fn pooled(
        plan: &Plan,
        which: &[usize],
        samples: usize,
        seed: Option<u64>,
    ) -> Result<Simulator, Vec<PlanError>> {
        let mut sim = Simulator::block(plan, which, samples, seed, 0..0)?;
        sim.samples = samples;
        Ok(sim)
    }

    /// Keeps only what the commitment optimiser reads of each path of the
    /// first simulated scenario (nothing when the plan has no commitment):
    /// a run whose figures (percentiles, tier odds) are not wanted.
    pub fn keep_only_demand(&mut self) {
        self.demand = Demand::for_plan(&self.plan);
        self.demand_only = true;
    }

    /// What was kept for the commitment optimiser, if asked for.
    pub fn take_demand(&mut self) -> Option<Demand> {
        self.demand.take()
    }

    /// The seed the paths are drawn from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Paths run so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.samples)
    }

    pub fn finished(&self) -> bool {
        self.done == self.samples
    }

    /// Runs up to `paths` more paths (never past the sample count).
    pub fn run(&mut self, paths: usize) {
        let ranged = ranged_inputs(&self.plan);
        let count = paths.min(self.samples - self.done);
        for _ in 0..count {
            // Each ranged input is drawn once per path, shared by all scenarios.
            self.draws.clear();
            self.draws
                .extend(ranged.iter().map(|i| draw(&mut self.normals, i)));
            let draws = &self.draws;
            self.model
                .redraw(&self.plan, &self.parts, &mut |n: &Num| match n {
                    Num::Fixed(v) => *v,
                    _ => ranged
                        .iter()
                        .position(|i| inputs::same(i.num, n))
                        .map_or(n.median(), |k| draws[k]),
                });
            let per = self.per.iter_mut().zip(&mut self.tiles);
            for (k, (&s, (c, tile))) in self.which.iter().zip(per).enumerate() {
                run_path(&self.model, s, &mut self.path);
                if !self.demand_only {
                    c.add(tile, &self.path);
                }
                if let (0, Some(d), true) = (k, &mut self.demand, self.path.finite) {
                    let discount = self.model.commitment.as_ref().map_or(0.0, |c| c.discount);
                    d.add(discount, self.path.on_demand_total, &self.path.demand);
                }
            }
        }
        for (c, tile) in self.per.iter_mut().zip(&mut self.tiles) {
            tile.flush(c);
        }
        self.done += count;
    }

    /// Takes in the paths `other` has run, another block of the same run
    /// (same plan, scenarios and seed): the figures are then those of both
    /// blocks, exactly, as percentiles are taken from the pooled values.
    pub fn merge(&mut self, mut other: Simulator) {
        self.samples += other.samples;
        self.add_paths(other.take_paths());
    }

    /// The values of the paths run since the last take, as plain data (a
    /// worker sends them to the page); this simulator keeps none of them.
    pub fn take_paths(&mut self) -> Paths {
        let months = self.months();
        let tiers = self.plan.tiers.len();
        // Room for the paths still to run: pushes then never regrow a row.
        let left = self.samples - self.done;
        let fresh = || Collector::new(months, tiers, left);
        let per = self.per.iter_mut().map(|c| std::mem::replace(c, fresh()));
        let done = self.done - self.taken;
        self.taken = self.done;
        Paths {
            done,
            months,
            from: 0,
            per: per.collect(),
        }
    }

    /// Pools paths run elsewhere (by blocks of the same run) with this
    /// simulator's, all their months or a part ([`Paths::split`]: bands
    /// are then right for that part's months only, and the totals for the
    /// part that holds the last month). Paths that do not fit (another
    /// plan's) are refused.
    pub fn add_paths(&mut self, paths: Paths) -> bool {
        let fits = paths.per.len() == self.per.len()
            && paths.months == self.months()
            && (paths.per.iter()).all(|c| paths.from + c.users.len() <= self.months())
            && self.done + paths.done <= self.samples;
        if fits {
            for (mine, theirs) in self.per.iter_mut().zip(paths.per) {
                mine.merge_at(paths.from, theirs);
            }
            self.done += paths.done;
        }
        fits
    }

    /// The figures of the paths run so far.
    pub fn summary(&mut self) -> Simulation {
        let bands = (0..self.per.len())
            .map(|k| self.bands(k, 0..self.months()))
            .collect();
        self.summary_of(bands)
    }

    /// Months in each path (the horizon and month 0).
    pub fn months(&self) -> usize {
        self.per.first().map_or(0, |c| c.users.len())
    }

    /// The bands of months `months` of the `k`-th simulated scenario, over
    /// the paths run so far: a summary in pieces, so that a page can spread
    /// a large one over several tasks. Run no paths between the pieces.
    pub fn bands(&self, k: usize, months: std::ops::Range<usize>) -> Vec<MonthBand> {
        let Some(c) = self.per.get(k) else {
            return Vec::new();
        };
        let ok = (self.done - c.failed).max(1) as f64;
        let mut keys = Vec::with_capacity(self.done);
        months
            .filter(|&m| m < c.users.len())
            .map(|m| MonthBand {
                month: m as u32,
                users: Percentiles::select_with(&c.users[m], &mut keys),
                cost: Percentiles::select_with(&c.cost[m], &mut keys),
                cumulative_cost: Percentiles::select_with(&c.cumulative[m], &mut keys),
                tier_share: c.tiers[m].iter().map(|&n| n as f64 / ok).collect(),
            })
            .collect()
    }

    /// The summary from every month's bands of each simulated scenario
    /// (from [`Simulator::bands`], in order).
    pub fn summary_of(&mut self, bands: Vec<Vec<MonthBand>>) -> Simulation {
        let done = self.done;
        let scenarios = (self.which.iter().zip(self.per.iter_mut()).zip(bands))
            .map(|((&s, c), months)| summarize(s, done, c, months))
            .collect();
        Simulation {
            seed: self.seed,
            scenarios,
        }
    }
}

/// Summarizes `c` with its month bands (its totals are sorted in place).
fn summarize(
    scenario: usize,
    samples: usize,
    c: &mut Collector,
    months: Vec<MonthBand>,
) -> ScenarioSimulation {
    let ok = (samples - c.failed).max(1) as f64;
    // Sorted first, so the mean's sum has one order however paths were chunked.
    c.totals.sort_unstable_by(f64::total_cmp);
    ScenarioSimulation {
        scenario,
        samples,
        failed: c.failed,
        months,
        total_cost: Percentiles::of(&c.totals),
        total_cost_mean: c.totals.iter().sum::<f64>() / ok,
        totals: c.totals.clone(),
        over_budget_share: c.over_budget as f64 / ok,
        over_capacity_share: c.over_capacity as f64 / ok,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cutting by windows moves each window's months, as slicing would give
    /// them: empty windows, gaps and the totals with the last window.
    #[test]
    fn a_split_gives_each_window_its_months() {
        let months = 7;
        let mut c = Collector::new(months, 2, 3);
        for p in 0..3 {
            let at = |m: usize, k: usize| (p * 100 + m * 10 + k) as f64;
            (0..months).for_each(|m| {
                c.users[m].push(at(m, 0));
                c.cost[m].push(at(m, 1));
                c.cumulative[m].push(at(m, 2));
                c.tiers[m][m % 2] += 1;
            });
            c.totals.push(p as f64);
        }
        let whole = c.clone();
        let windows = [0..2, 2..2, 3..3, 3..5, 6..7];
        let parts = c.split(&windows);
        assert_eq!(parts.len(), windows.len());
        for (w, part) in windows.iter().zip(&parts) {
            assert_eq!(part.users, whole.users[w.clone()].to_vec(), "{w:?}");
            assert_eq!(part.cost, whole.cost[w.clone()].to_vec(), "{w:?}");
            assert_eq!(part.cumulative, whole.cumulative[w.clone()], "{w:?}");
            assert_eq!(part.tiers, whole.tiers[w.clone()], "{w:?}");
        }
        assert_eq!(parts[4].totals, whole.totals);
        assert!(parts[..4].iter().all(|p| p.totals.is_empty()));
    }
}
