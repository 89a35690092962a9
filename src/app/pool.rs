//! A run split over a pool of workers, as plain types and steps (the
//! browser's glue, `ui::pool`, only carries the messages). Each worker
//! runs one block of the run's paths (by index, so every path draws what
//! it draws in one run) and owns one window of its months: after each
//! round of paths, every worker cuts the values it ran by month and sends
//! each window's part to the worker that owns it, which summarizes its
//! months over every path of the round. The page only stitches the
//! windows' figures together ([`Gather`]). A lone worker owns every month
//! and summarizes its paths where they ran. Percentiles are taken over the
//! pooled values, so the figures are those of one run on one thread, bit
//! for bit, and no path's values ever pass through the page.

use super::commitment::{Choice, Choosing};
use crate::engine::simulate::{
    blocks, sensitivity, windows, Paths, Sensitivity, Simulation, Simulator,
};
use crate::engine::Plan;
use crate::formats::plan_json;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The most workers a page starts, however many cores it has.
pub const MOST_WORKERS: usize = 8;
/// Paths run between two checks for a newer run (a few ms of work).
pub const CHUNK: usize = 500;

/// The workers a page starts with `cores` cores: `?workers=N` in the
/// address (`search`) when given (0: none), else one per core but the one
/// the page draws on (on 2 cores, two workers starve the page: its longest
/// task during a run doubles), at least one; at most [`MOST_WORKERS`].
/// A `?workers` that cannot be followed as written comes with the reason,
/// for the page to say (a silent fallback would mislead a measurement).
pub fn wanted(search: &str, cores: usize) -> (usize, Option<String>) {
    let default = cores.saturating_sub(1).clamp(1, MOST_WORKERS);
    let asked =
        (search.trim_start_matches('?').split('&')).find_map(|kv| kv.strip_prefix("workers="));
    let Some(asked) = asked else {
        return (default, None);
    };
    // As typed: `%20` is a space, `+` too (a query's convention).
    let typed = crate::formats::address::percent_decode(&asked.replace('+', " "));
    let asked = match typed.trim() {
        "" => "(blank)",
        t => t,
    };
    match asked.parse::<usize>() {
        Ok(n) if n <= MOST_WORKERS => (n, None),
        Ok(_) => (
            MOST_WORKERS,
            Some(format!(
                "?workers={asked} is more than the most, {MOST_WORKERS}; using {MOST_WORKERS}"
            )),
        ),
        Err(_) => (
            default,
            Some(format!(
                "?workers={asked} is not a whole number from 0 to {MOST_WORKERS}; using {default}"
            )),
        ),
    }
}

/// One worker's share of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// Which run this is: messages of older runs are dropped.
    pub run: u64,
    /// The plan as its file: sent once per run, and read by the code that
    /// reads plan files (its own JS-value reader would cost 30 KB of wasm).
    pub plan: String,
    pub which: Vec<usize>,
    pub samples: usize,
    pub seed: u64,
    /// This worker's index, of `workers`.
    pub worker: usize,
    pub workers: usize,
}

impl Block {
    /// The paths this worker runs.
    fn paths(&self) -> Range<usize> {
        let all = blocks(self.samples, self.workers);
        all.get(self.worker).cloned().unwrap_or(0..0)
    }
}

/// The blocks of run `run` over `workers` workers.
pub fn split(
    run: u64,
    plan: &Plan,
    which: &[usize],
    samples: usize,
    seed: u64,
    workers: usize,
) -> Vec<Block> {
    let workers = workers.clamp(1, samples.max(1));
    (0..workers)
        .map(|worker| Block {
            run,
            plan: plan_json::encode(plan),
            which: which.to_vec(),
            samples,
            seed,
            worker,
            workers,
        })
        .collect()
}

/// A block's paths run by the end of each round: its share of the run's.
fn block_rounds(samples: usize, block: usize) -> Vec<usize> {
    // In u64: on wasm32 a usize product of 100,000 x 50,000 overflows.
    let share = |n: usize| (n as u64 * block as u64).div_ceil(samples.max(1) as u64);
    (super::slices::refreshes(samples).into_iter())
        .map(|n| share(n).min(block as u64) as usize)
        .collect()
}

/// One worker's values of one round, for the owner of some months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub run: u64,
    pub round: usize,
    /// The worker that owns these months.
    pub to: usize,
    pub paths: Paths,
}

/// An owner's figures for its months after a round (the owner of the last
/// month adds the totals and shares).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partial {
    pub run: u64,
    pub round: usize,
    pub owner: usize,
    pub figures: Simulation,
}

struct Running {
    block: Block,
    /// The paths of this worker's block.
    sim: Simulator,
    /// Every path's values of the months this worker owns; none when it
    /// is the only worker: its own paths are then every path, summarized
    /// where they ran (no copy of its values each round).
    owner: Option<Simulator>,
    windows: Vec<Range<usize>>,
    /// Paths of the block run by the end of each round.
    targets: Vec<usize>,
    /// The round being run, and the round being summarized.
    round: usize,
    summarizing: usize,
    /// Parts that arrived, not yet pooled.
    queue: Vec<Part>,
}

/// A worker's side: its block of paths and its window of months.
#[derive(Default)]
pub struct Worker {
    running: Option<Running>,
}

impl Worker {
    /// Starts `block`, dropping any older run.
    pub fn start(&mut self, block: Block) -> Result<(), String> {
        let first = |e: Vec<crate::engine::PlanError>| {
            (e.first()).map_or_else(|| "the block cannot run".into(), |e| e.to_string())
        };
        let plan = plan_json::decode(&block.plan).map_err(|e| e.to_string())?;
        let (plan, which, seed) = (&plan, &block.which, Some(block.seed));
        let sim =
            Simulator::block(plan, which, block.samples, seed, block.paths()).map_err(first)?;
        let owner = match block.workers {
            1 => None,
            _ => Some(Simulator::pooled(plan, which, block.samples, seed).map_err(first)?),
        };
        self.running = Some(Running {
            windows: windows(sim.months(), block.workers),
            targets: block_rounds(block.samples, block.paths().len()),
            round: 0,
            summarizing: 0,
            queue: Vec::new(),
            sim,
            owner,
            block,
        });
        Ok(())
    }

    /// The run in hand and the paths of its block run so far, for the
    /// page's progress bar between rounds.
    pub fn progress(&self) -> Option<(u64, usize)> {
        (self.running.as_ref()).map(|r| (r.block.run, r.sim.progress().0))
    }

    /// Every round of the block has run (or nothing runs).
    pub fn finished(&self) -> bool {
        (self.running.as_ref()).is_none_or(|r| r.round >= r.targets.len())
    }

    /// Runs up to `paths` more paths of the block, not past the end of the
    /// round. At the end of a round: its parts for the other owners, and
    /// the figures its own part completes (it never leaves the worker).
    pub fn run(&mut self, paths: usize) -> (Vec<Part>, Vec<Partial>) {
        let Some(r) = self.running.as_mut() else {
            return Default::default();
        };
        let Some(&target) = r.targets.get(r.round) else {
            return Default::default();
        };
        let done = r.sim.progress().0;
        r.sim.run(paths.min(target.saturating_sub(done)));
        if r.sim.progress().0 < target {
            return Default::default();
        }
        let (round, run, me) = (r.round, r.block.run, r.block.worker);
        r.round += 1;
        if r.owner.is_none() {
            r.summarizing += 1;
            return (Vec::new(), vec![r.partial(round)]);
        }
        let mut parts: Vec<Part> = (r.sim.take_paths().split(&r.windows).into_iter().enumerate())
            .map(|(to, paths)| Part {
                run,
                round,
                to,
                paths,
            })
            .collect();
        let own = parts.remove(me);
        (parts, self.receive(own))
    }

    /// Takes in a part of the months this worker owns; the figures of each
    /// round whose parts are now all in.
    pub fn receive(&mut self, part: Part) -> Vec<Partial> {
        let Some(r) = self.running.as_mut() else {
            return Vec::new();
        };
        // A lone worker takes no parts: it summarizes its own paths.
        if part.run != r.block.run || part.to != r.block.worker || r.owner.is_none() {
            return Vec::new();
        }
        r.queue.push(part);
        let mut out = Vec::new();
        loop {
            let round = r.summarizing;
            let count = r.queue.iter().filter(|p| p.round == round).count();
            if count < r.block.workers {
                return out;
            }
            let (now, later) = std::mem::take(&mut r.queue)
                .into_iter()
                .partition(|p| p.round == round);
            r.queue = later;
            if let Some(owner) = r.owner.as_mut() {
                for p in now {
                    owner.add_paths(p.paths);
                }
            }
            r.summarizing += 1;
            out.push(r.partial(round));
        }
    }
}

impl Running {
    fn partial(&mut self, round: usize) -> Partial {
        let window = self.windows[self.block.worker].clone();
        let owner = self.owner.as_mut().unwrap_or(&mut self.sim);
        let bands = (0..self.block.which.len())
            .map(|k| owner.bands(k, window.clone()))
            .collect();
        let mut figures = owner.summary_of(bands);
        if self.block.worker + 1 < self.block.workers {
            // Only the last month's owner has the totals.
            for s in &mut figures.scenarios {
                s.totals = Vec::new();
            }
        }
        Partial {
            run: self.block.run,
            round,
            owner: self.block.worker,
            figures,
        }
    }
}

/// The page's side: each round's figures, once every owner's are in.
pub struct Gather {
    run: u64,
    workers: usize,
    rounds: usize,
    /// Owners' figures by round, for rounds not yet complete.
    /// Each round's parts as they come (a few rounds at most).
    got: Vec<(usize, Vec<Option<Partial>>)>,
    /// Rounds done (shown or passed over for a newer one).
    shown: usize,
}

impl Gather {
    /// Run `run` of `samples` paths over the `workers` blocks of [`split`].
    pub fn new(run: u64, samples: usize, workers: usize) -> Gather {
        Gather {
            run,
            workers,
            rounds: super::slices::refreshes(samples).len(),
            got: Default::default(),
            shown: 0,
        }
    }

    /// The workers the run is split over.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Takes in an owner's figures; the whole run's figures when they
    /// complete a round newer than any shown, and whether they are final.
    pub fn add(&mut self, p: Partial) -> Option<(Simulation, bool)> {
        if p.run != self.run || p.owner >= self.workers || p.round < self.shown {
            return None;
        }
        let (round, owner, workers) = (p.round, p.owner, self.workers);
        let at = match self.got.iter().position(|(r, _)| *r == round) {
            Some(at) => at,
            None => {
                self.got.push((round, vec![None; workers]));
                self.got.len() - 1
            }
        };
        let slots = &mut self.got[at].1;
        slots[owner] = Some(p);
        if slots.iter().any(Option::is_none) {
            return None;
        }
        let parts = self.got.swap_remove(at).1.into_iter().flatten().collect();
        // Older rounds still incomplete are passed over.
        self.got.retain(|&(r, _)| r > round);
        self.shown = round + 1;
        Some((stitch(parts), self.shown == self.rounds))
    }
}

/// The figures of every owner's months, in month order, with the last
/// owner's totals and shares.
fn stitch(parts: Vec<Partial>) -> Simulation {
    let mut parts = parts.into_iter().map(|p| p.figures);
    let first = parts.next();
    let mut whole = first.unwrap_or(Simulation {
        seed: 0,
        scenarios: Vec::new(),
    });
    for p in parts {
        for (w, s) in whole.scenarios.iter_mut().zip(p.scenarios) {
            w.months.extend(s.months);
            w.totals = s.totals;
            w.total_cost = s.total_cost;
            w.total_cost_mean = s.total_cost_mean;
        }
    }
    whole
}

/// A sensitivity run (the tornado) for a worker: its answer comes back as a
/// [`SensitivityReply`] with the same id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityJob {
    pub id: u64,
    /// The plan as its file (see [`Block::plan`]).
    pub plan: String,
    pub scenario: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityReply {
    pub id: u64,
    /// None when the plan cannot run (the page shows no tornado then).
    pub sensitivity: Option<Sensitivity>,
}

impl SensitivityJob {
    pub fn new(id: u64, plan: &Plan, scenario: usize) -> SensitivityJob {
        SensitivityJob {
            id,
            plan: plan_json::encode(plan),
            scenario,
        }
    }

    pub fn run(&self) -> SensitivityReply {
        let plan = plan_json::decode(&self.plan).ok();
        SensitivityReply {
            id: self.id,
            sensitivity: plan.and_then(|p| sensitivity(&p, self.scenario).ok()),
        }
    }
}

/// The commitment optimiser's run (the Commitment panel) for a worker: it
/// runs in slices between the simulation's chunks, so a newer one takes
/// over at once; its answer comes back as a [`CommitmentReply`] with the
/// same id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitmentJob {
    pub id: u64,
    /// The plan as its file (see [`Block::plan`]).
    pub plan: String,
    pub scenario: usize,
    pub samples: usize,
    pub term: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitmentReply {
    pub id: u64,
    /// The choice, or why there is none (as the page's own run says it).
    pub choice: Result<Choice, String>,
}

impl CommitmentJob {
    pub fn new(id: u64, plan: &Plan, scenario: usize, samples: usize, term: u32) -> CommitmentJob {
        CommitmentJob {
            id,
            plan: plan_json::encode(plan),
            scenario,
            samples,
            term,
        }
    }

    /// The run, ready for its slices; why it cannot run (in the page's own
    /// words), to be the reply at once ([`CommitmentJob::refused`]).
    pub fn start(&self) -> Result<Committing, String> {
        let plan = plan_json::decode(&self.plan).map_err(|e| e.to_string())?;
        let run = Choosing::new(&plan, self.scenario, self.samples, self.term)
            .map_err(|e| e.first().map_or_else(String::new, |e| e.to_string()))?;
        Ok(Committing { id: self.id, run })
    }

    /// The reply of a job that cannot run.
    pub fn refused(&self, why: String) -> CommitmentReply {
        CommitmentReply {
            id: self.id,
            choice: Err(why),
        }
    }
}

/// A [`CommitmentJob`] under way on a worker.
pub struct Committing {
    pub id: u64,
    run: Choosing,
}

impl Committing {
    /// Its next slice of about `budget` ms (`now` reads the clock): the
    /// reply once the run is done.
    pub fn slice(&mut self, now: &dyn Fn() -> f64, budget: f64) -> Option<CommitmentReply> {
        let choice = self.run.slice(now, budget)?;
        Some(CommitmentReply {
            id: self.id,
            choice,
        })
    }

    /// Paths run so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        self.run.progress()
    }
}
