//! Following the plan with runs: a simulation of the settled plan's
//! scenario 150 ms after typing pauses, on the workers of `ui::pool` when
//! they are ready, else on this page a slice per task (`app::slices`), a
//! newer plan cancelling an older run; and the sensitivity (the tornado)
//! the same way. What they give is shown by `super`.

use crate::app::pool::{split, Gather, Partial, SensitivityJob};
use crate::app::slices::{Slices, SLICE_MS};
use crate::app::uncertainty::sensitivity_holds;
use crate::engine::inputs;
use crate::engine::simulate::{ScenarioSimulation, Sensitivity, Simulator, Sweep};
use crate::ui::pool;
use crate::ui::store::Shown;
use crate::ui::{now, record};
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;

/// The figures of a simulation with the plan and forecast they came from,
/// so that a chart never pairs a run with a newer plan.
pub(super) struct Figures {
    pub(super) shown: Shown,
    pub(super) seed: u64,
    pub(super) sim: ScenarioSimulation,
    /// Every path has run: these figures are final.
    pub(super) done: bool,
    /// The background workers that ran them (0: this page).
    pub(super) workers: usize,
}

pub(super) type Run = Arc<Figures>;

/// Where a run's work is done.
enum Work {
    /// On this page, a slice per task (`app::slices`).
    Here(Box<Slices>),
    /// On the workers; the page gathers each round's figures.
    Workers(Gather),
}

/// A simulation refining in the background.
struct Job {
    work: Work,
    shown: Shown,
    /// Which run this is: a slice or a reply for an older run does nothing.
    id: u64,
    scenario: usize,
    samples: usize,
    /// When the run began (ms).
    started: f64,
    /// Paths in the figures on screen when the run moved to the workers:
    /// their rounds show once they have as many (figures never go back).
    floor: usize,
}

/// Where a run shows its figures and progress.
#[derive(Clone, Copy)]
pub(super) struct Outputs {
    job: StoredValue<Option<Job>, LocalStorage>,
    pub(super) figures: RwSignal<Option<Run>>,
    pub(super) progress: RwSignal<Option<(usize, usize)>>,
    seed: RwSignal<u64>,
    /// Runs started so far (the latest run's id).
    runs: StoredValue<u64>,
    pool: pool::Status,
}

impl Outputs {
    /// Starts a run of `samples` paths of `scenario`: on the workers when
    /// they are ready, else on this page. False if the plan cannot run.
    fn start(self, shown: Shown, scenario: usize, samples: usize) -> bool {
        let started = now();
        pool::ensure_started(self.pool);
        let Ok(check) = Simulator::pooled(&shown.plan, &[scenario], samples, None) else {
            return false;
        };
        let seed = check.seed();
        self.seed.set(seed);
        self.runs.update_value(|n| *n += 1);
        let id = self.runs.get_value();
        let blocks = split(id, &shown.plan, &[scenario], samples, seed, pool::ready());
        let workers = blocks.len();
        let run = pool::Run {
            id,
            deliver: Rc::new(move |partial| self.gathered(id, partial)),
            progress: Rc::new(move |paths| self.moved_on(id, paths)),
            failed: Rc::new(move || self.on_page(id)),
        };
        let remote = pool::ready() > 0 && pool::run(run, blocks);
        let work = if remote {
            self.progress.set(Some((0, samples)));
            Work::Workers(Gather::new(id, samples, workers))
        } else {
            pool::cancel();
            match Simulator::new(&shown.plan, &[scenario], samples, Some(seed)) {
                Ok(sim) => Work::Here(Box::new(Slices::new(sim))),
                Err(_) => return false,
            }
        };
        let mut job = Job {
            work,
            shown,
            id,
            scenario,
            samples,
            started,
            floor: 0,
        };
        self.step(&mut job);
        self.job.set_value(Some(job));
        true
    }

    /// One slice of work; its figures and progress go on screen.
    fn step(self, job: &mut Job) {
        let Work::Here(slices) = &mut job.work else {
            return;
        };
        let sliced = slices.slice(&mut now);
        let (done, total) = sliced.progress;
        if let Some(sim) = sliced.figures {
            self.show(&job.shown, 0, sim, done == total);
        }
        self.progress
            .set((!sliced.finished).then_some((done, total)));
        if sliced.finished {
            // The run's own work, and its time to the final figures (with
            // the page's other tasks between its slices).
            record("headroom:simulate", job.started, slices.work);
            record("headroom:simulate-wall", job.started, now() - job.started);
        } else {
            let id = job.id;
            crate::ui::soon(move || self.slice(id));
        }
    }

    /// The job of run `id`, taken out, if it is still the current run.
    fn take_job(self, id: u64) -> Option<Job> {
        let current = |j: &mut Option<Job>| j.take_if(|j| j.id == id);
        self.job.try_update_value(current).flatten()
    }

    /// Figures of the paths run so far by `workers` workers (0: here).
    fn show(self, shown: &Shown, workers: usize, sim: ScenarioSimulation, done: bool) {
        self.figures.set(Some(Arc::new(Figures {
            workers,
            shown: shown.clone(),
            seed: self.seed.get_untracked(),
            sim,
            done,
        })));
    }

    /// The next slice of run `id`, if it is still the current run.
    fn slice(self, id: u64) {
        let Some(mut job) = self.take_job(id) else {
            return;
        };
        self.step(&mut job);
        self.job.set_value(Some(job));
    }

    /// An owner's figures for run `id`, from the workers: on screen when
    /// they complete a round.
    fn gathered(self, id: u64, partial: Partial) {
        let Some(mut job) = self.take_job(id) else {
            return;
        };
        if let Work::Workers(gather) = &mut job.work {
            if let Some((sim, last)) = gather.add(partial) {
                let sim = sim.scenarios.into_iter().next();
                if let Some(sim) = sim.filter(|s| last || s.samples >= job.floor) {
                    if last {
                        self.progress.set(None);
                    } else {
                        // The workers may already be past this round.
                        self.advance(sim.samples);
                    }
                    self.show(&job.shown, gather.workers(), sim, last);
                }
                if last {
                    pool::done(id);
                    // On workers, the page's part is small: the run's time
                    // is its time to the final figures.
                    let wall = now() - job.started;
                    record("headroom:simulate", job.started, wall);
                    record("headroom:simulate-wall", job.started, wall);
                }
            }
        }
        self.job.set_value(Some(job));
    }

    /// The workers of run `id` have run `paths` paths: the progress bar
    /// moves on between rounds (it never goes back, and stays gone once
    /// the final figures are in).
    fn moved_on(self, id: u64, paths: usize) {
        if self
            .job
            .with_value(|j| j.as_ref().is_some_and(|j| j.id == id))
        {
            self.advance(paths);
        }
    }

    /// The progress bar at `paths` paths, never back and never past the
    /// run's end (and not shown again once the run is over).
    fn advance(self, paths: usize) {
        self.progress.update(|p| {
            if let Some((done, total)) = p {
                *done = paths.clamp(*done, *total);
            }
        });
    }

    /// A run begun on this page while the workers were starting moves to
    /// them once they are all ready, unless it is half done.
    fn to_workers(self) {
        let early = |j: &Job| match &j.work {
            Work::Here(slices) => slices.progress().0 * 2 < j.samples,
            Work::Workers(_) => false,
        };
        let Some(job) = self
            .job
            .try_update_value(|j| j.take_if(|j| early(j)))
            .flatten()
        else {
            return;
        };
        let floor = (self.figures).with_untracked(|f| f.as_ref().map_or(0, |f| f.sim.samples));
        if self.start(job.shown, job.scenario, job.samples) {
            self.job.update_value(|j| {
                if let Some(j) = j {
                    j.floor = floor;
                }
            });
        }
    }

    /// Run `id`'s workers failed: the page runs it again itself.
    fn on_page(self, id: u64) {
        if let Some(job) = self.take_job(id) {
            self.start(job.shown, job.scenario, job.samples);
        }
    }
}

/// pairs it with a newer plan.
type Tornado = Arc<(Shown, Sensitivity)>;

/// The sensitivity of the settled plan's scenario: on a worker when one is
/// ready (its answer comes a moment later), after the workers start when
/// they are starting, else on this page a few inputs per task.
pub(super) fn follow_sensitivity(
    shown: RwSignal<Option<Shown>>,
    scenario: Memo<usize>,
    pending: RwSignal<bool>,
) -> (RwSignal<Option<Tornado>>, RwSignal<bool>) {
    let sens = RwSignal::new(None);
    let sweeping = RwSignal::new(false);
    let asked = StoredValue::new(0u64);
    let status: pool::Status = expect_context();
    let put = move |x: &Shown, r: Option<Sensitivity>| {
        sweeping.set(false);
        sens.set(r.map(|r| Arc::new((x.clone(), r))));
    };
    Effect::new(move |_| {
        let s = scenario.get();
        // Asked again when the workers become ready or fail.
        status.ready.track();
        status.unavailable.track();
        asked.update_value(|n| *n += 1);
        let id = asked.get_value();
        let current = move || asked.get_value() == id;
        let Some(x) = shown.get() else {
            sweeping.set(false);
            return sens.set(None);
        };
        // A new plan is settling: its scenario may not be this plan's.
        if pending.get_untracked() {
            return;
        }
        // A new seed alone keeps the tornado (unless a sweep is under way,
        // whose answer would replace it).
        let holds = |t: &Option<Tornado>| {
            t.as_ref()
                .is_some_and(|t| t.1.scenario == s && sensitivity_holds(&t.0.plan, &x.plan))
        };
        if !sweeping.get_untracked() && sens.with_untracked(holds) {
            return;
        }
        sweeping.set(true);
        pool::ensure_started(status);
        if pool::starting() {
            return;
        }
        let (x1, x2) = (x.clone(), x.clone());
        let ask = pool::Ask {
            id,
            deliver: Rc::new(move |r: Option<Sensitivity>| put(&x1, r)),
            failed: Rc::new(move || sweep_here(x2.clone(), s, current, put)),
        };
        if !pool::sensitivity(ask, &SensitivityJob::new(id, &x.plan, s)) {
            sweep_here(x, s, current, put);
        }
    });
    (sens, sweeping)
}

/// The sensitivity of `x`'s scenario `s` on this page, a few ms of inputs
/// per task (a large plan's takes seconds), while `current` holds.
fn sweep_here(
    x: Shown,
    s: usize,
    current: impl Fn() -> bool + Copy + 'static,
    put: impl Fn(&Shown, Option<Sensitivity>) + Copy + 'static,
) {
    match Sweep::new(&x.plan, s) {
        Ok(sweep) => go_on(Box::new(sweep), x, current, put),
        Err(_) => put(&x, None),
    }
}

fn go_on(
    mut sweep: Box<Sweep>,
    x: Shown,
    current: impl Fn() -> bool + Copy + 'static,
    put: impl Fn(&Shown, Option<Sensitivity>) + Copy + 'static,
) {
    if !current() {
        return;
    }
    let began = now();
    while !sweep.finished() && now() - began < SLICE_MS {
        sweep.step(1);
    }
    if sweep.finished() {
        put(&x, Some(sweep.finish()));
    } else {
        crate::ui::soon(move || go_on(sweep, x, current, put));
    }
}

/// The forecast to simulate: it follows the plan once typing pauses
/// (150 ms), so each keystroke stays within a frame; the first is at once.
/// Also whether a newer forecast is waiting.
pub(in crate::ui::results) fn settled(
    shown: Memo<Option<Shown>>,
) -> (RwSignal<Option<Shown>>, RwSignal<bool>) {
    let settled = RwSignal::new(shown.get_untracked());
    let pending = RwSignal::new(false);
    let timer = StoredValue::new_local(None::<gloo::timers::callback::Timeout>);
    Effect::new(move |first: Option<()>| {
        let latest = shown.get();
        if first.is_none() {
            return;
        }
        pending.set(true);
        timer.set_value(Some(gloo::timers::callback::Timeout::new(150, move || {
            settled.set(latest);
            pending.set(false);
        })));
    });
    (settled, pending)
}

/// Runs the simulation of the settled forecast; a new plan, scenario or
/// sample count replaces any run in progress.
pub(super) fn follow(
    shown: RwSignal<Option<Shown>>,
    scenario: Memo<usize>,
    samples: RwSignal<usize>,
    pending: RwSignal<bool>,
) -> Outputs {
    let out = Outputs {
        job: StoredValue::new_local(None),
        figures: RwSignal::new(None),
        progress: RwSignal::new(None),
        seed: RwSignal::new(0),
        runs: StoredValue::new(0),
        pool: expect_context(),
    };
    Effect::new(move |_| {
        let (s, n) = (scenario.get(), samples.get());
        let latest = shown.get().filter(|x| inputs::has_ranges(&x.plan));
        // A new plan is settling: its scenario may not be this plan's.
        if pending.get_untracked() {
            return;
        }
        out.job.set_value(None);
        out.progress.set(None);
        if !latest.is_some_and(|x| out.start(x, s, n)) {
            pool::cancel();
            out.figures.set(None);
        }
    });
    Effect::new(move |_| {
        if out.pool.ready.get() > 0 && !pool::starting() {
            out.to_workers();
        }
    });
    out
}
