//! A simulation run in slices of about [`SLICE_MS`] each, so the page stays
//! responsive whatever the plan's size: paths first, then the months of a
//! summary (a summary of 100,000 paths over 120 months is far more than one
//! slice), with figures at the points of [`refreshes`]. The clock is
//! passed in, so the schedule is tested on the host; the app calls
//! [`Slices::slice`] once per task.

use crate::engine::simulate::{MonthBand, ScenarioSimulation, Simulator};

/// Paths summarized first when the plan settles (within a frame for the
/// benchmark plan, about 5 ms); later refreshes come as the paths grow.
pub const FIRST_PATHS: usize = 2_000;
/// Each refresh after the first comes when the paths run have grown this
/// many times: every summary is over all the paths so far, so with 4 the
/// refreshes of a run cost under half of its final summary (with 2 they
/// cost more than it), and a 100,000-path run still refines three times.
pub const REFINE: usize = 4;
/// The paths after which a run of `samples` paths shows figures: the first
/// [`FIRST_PATHS`], again each time the paths have grown [`REFINE`]-fold,
/// and at the end. A refresh past half the run is left out: its figures
/// would soon be replaced, and its summary costs as much as the final one.
/// The page and the workers both follow it.
pub fn refreshes(samples: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut n = FIRST_PATHS;
    while n < samples && (out.is_empty() || 2 * n <= samples) {
        out.push(n);
        n *= REFINE;
    }
    out.push(samples);
    out
}

/// The refresh that comes after `done` paths of a run of `samples`.
fn refresh_after(done: usize, samples: usize) -> usize {
    (refreshes(samples).into_iter())
        .find(|&n| n > done)
        .unwrap_or(samples)
}

/// A slice of work runs for about this long (ms) before it yields.
pub const SLICE_MS: f64 = 8.0;
/// Paths in the first batch, before the time of one path is known.
const FIRST_BATCH: usize = 8;
/// The most paths in one batch, however fast a path is.
const MOST_BATCH: usize = 500;

/// What a run does in its next slice.
enum Phase {
    /// Runs paths up to the next refresh.
    Paths,
    /// Summarizes the paths run so far, some months a slice.
    Summary(Vec<MonthBand>),
}

/// What one slice did.
#[derive(Debug, Default)]
pub struct Sliced {
    /// Paths run so far, of all the run will take.
    pub progress: (usize, usize),
    /// The figures of the paths run so far, when a summary was finished in
    /// this slice (the last such is final once `progress` is complete).
    pub figures: Option<ScenarioSimulation>,
    /// Every path has run and its figures are out: no slice is left.
    pub finished: bool,
}

/// A simulation of one scenario refining slice by slice.
pub struct Slices {
    sim: Simulator,
    phase: Phase,
    /// Figures are refreshed each time the paths run reach this.
    next_refresh: usize,
    /// Paths per batch, sized from the time the last batch took.
    batch: usize,
    /// The run's own work so far (ms): its paths and its final summary,
    /// without the intermediate refreshes.
    pub work: f64,
}

impl Slices {
    /// A run of `sim`'s first scenario, its paths run here.
    pub fn new(sim: Simulator) -> Slices {
        Slices {
            next_refresh: refresh_after(0, sim.progress().1),
            sim,
            phase: Phase::Paths,
            batch: FIRST_BATCH,
            work: 0.0,
        }
    }

    pub fn seed(&self) -> u64 {
        self.sim.seed()
    }

    /// Paths run so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        self.sim.progress()
    }

    /// The paths the run takes in all.
    pub fn samples(&self) -> usize {
        self.sim.progress().1
    }

    /// One slice: paths, then some months of a summary, and so on while
    /// the slice has time. `now` reads the clock in ms.
    pub fn slice(&mut self, now: &mut dyn FnMut() -> f64) -> Sliced {
        let t = now();
        let mut out = Sliced::default();
        loop {
            let at = now();
            let final_summary = self.sim.finished();
            match std::mem::replace(&mut self.phase, Phase::Paths) {
                Phase::Paths => {
                    if self.run_paths(t, now) {
                        self.phase = Phase::Summary(Vec::new());
                    }
                    self.work += now() - at;
                }
                Phase::Summary(bands) => {
                    match self.summarize(t, bands, now) {
                        Ok(sim) => {
                            let (done, samples) = self.sim.progress();
                            self.next_refresh = refresh_after(done, samples);
                            out.figures = Some(sim);
                        }
                        Err(bands) => self.phase = Phase::Summary(bands),
                    }
                    if final_summary {
                        self.work += now() - at;
                    }
                }
            }
            out.finished = self.sim.finished() && matches!(self.phase, Phase::Paths);
            if out.finished || now() - t >= SLICE_MS {
                break;
            }
        }
        out.progress = self.sim.progress();
        out
    }

    /// Runs paths until the slice's time is up or a refresh is due; true
    /// when a summary is due.
    fn run_paths(&mut self, t: f64, now: &mut dyn FnMut() -> f64) -> bool {
        let target = self.next_refresh.min(self.sim.progress().1);
        while self.sim.progress().0 < target && now() - t < SLICE_MS {
            let before = now();
            let n = self.batch.min(target - self.sim.progress().0);
            self.sim.run(n);
            let after = now();
            let per_path = ((after - before) / n as f64).max(1e-4);
            let left = (SLICE_MS - (after - t)).max(0.0);
            self.batch = ((left / per_path) as usize).clamp(1, MOST_BATCH);
        }
        self.sim.progress().0 >= target
    }

    /// Adds months to the summary until the slice's time is up; the
    /// figures once every month is in.
    fn summarize(
        &mut self,
        t: f64,
        mut bands: Vec<MonthBand>,
        now: &mut dyn FnMut() -> f64,
    ) -> Result<ScenarioSimulation, Vec<MonthBand>> {
        let months = self.sim.months();
        while bands.len() < months {
            let m = bands.len();
            bands.extend(self.sim.bands(0, m..m + 1));
            if now() - t >= SLICE_MS && bands.len() < months {
                return Err(bands);
            }
        }
        let summary = self.sim.summary_of(vec![bands]);
        summary.scenarios.into_iter().next().ok_or_else(Vec::new)
    }
}
