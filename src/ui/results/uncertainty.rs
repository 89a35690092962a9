//! The plan's uncertainty: P10 / P50 / P90 figures, fan charts of users and
//! monthly cost, tier odds, the total cost histogram and the sensitivity
//! tornado. Every figure comes from `engine::simulate`.

use crate::app::cards;
use crate::app::chart::ChartSpec;
use crate::app::slices::Slices;
use crate::app::uncertainty::{
    cost_fan, no_spread, tier_odds, tornado_spec, total_histogram, users_fan,
};
use crate::engine::simulate::{
    sensitivity, ScenarioSimulation, Sensitivity, Simulator, DEFAULT_SAMPLES,
};
use crate::engine::{inputs, Num, Plan};
use crate::formats::numbers::quantity;
use crate::formats::uncertainty as uncertainty_format;
use crate::ui::charts::Chart;
use crate::ui::fields::text_field;
use crate::ui::session::{download, file_stem};
use crate::ui::store::{Shown, Store};
use leptos::prelude::*;
use std::sync::Arc;

fn has_ranges(plan: &Plan) -> bool {
    let mut any = false;
    inputs::each(plan, &mut |_, i| any |= matches!(i.num, Num::Range { .. }));
    any
}

/// Records a performance measure of `duration` ms of work that began at
/// `start` (read by scripts/report.sh; slices of a run are summed).
fn record(name: &str, start: f64, duration: f64) {
    use wasm_bindgen::JsCast;
    let Some(perf) = window().performance() else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &start.into());
    let _ = js_sys::Reflect::set(&options, &"duration".into(), &duration.into());
    if let Ok(measure) = js_sys::Reflect::get(&perf, &"measure".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = measure.call2(&perf, &name.into(), &options);
    }
}

fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// The figures of a simulation with the plan and forecast they came from,
/// so that a chart never pairs a run with a newer plan.
struct Figures {
    shown: Shown,
    seed: u64,
    sim: ScenarioSimulation,
    /// Every path has run: these figures are final.
    done: bool,
}

type Run = Arc<Figures>;

/// A simulation refining in the background, a slice per task
/// (`app::slices`).
struct Job {
    slices: Slices,
    shown: Shown,
    /// Which run this is: a slice scheduled for an older run does nothing.
    id: u64,
    /// When the run began (ms).
    started: f64,
}

/// Where a run shows its figures and progress.
#[derive(Clone, Copy)]
struct Outputs {
    job: StoredValue<Option<Job>, LocalStorage>,
    figures: RwSignal<Option<Run>>,
    progress: RwSignal<Option<(usize, usize)>>,
    seed: RwSignal<u64>,
    /// Runs started so far (the latest run's id).
    runs: StoredValue<u64>,
}

impl Outputs {
    /// Runs the first slice at once, then the rest a slice per task.
    fn start(self, shown: Shown, sim: Simulator) {
        self.seed.set(sim.seed());
        self.runs.update_value(|n| *n += 1);
        let mut job = Job {
            slices: Slices::new(sim),
            shown,
            id: self.runs.get_value(),
            started: now(),
        };
        self.step(&mut job);
        self.job.set_value(Some(job));
    }

    /// One slice of work; its figures and progress go on screen.
    fn step(self, job: &mut Job) {
        let sliced = job.slices.slice(&mut now);
        let (done, total) = sliced.progress;
        if let Some(sim) = sliced.figures {
            self.figures.set(Some(Arc::new(Figures {
                shown: job.shown.clone(),
                seed: self.seed.get_untracked(),
                sim,
                done: done == total,
            })));
        }
        self.progress
            .set((!sliced.finished).then_some((done, total)));
        if sliced.finished {
            // The run's own work, and its time to the final figures (with
            // the page's other tasks between its slices).
            record("headroom:simulate", job.started, job.slices.work);
            record("headroom:simulate-wall", job.started, now() - job.started);
        } else {
            let id = job.id;
            crate::ui::soon(move || self.slice(id));
        }
    }

    /// The next slice of run `id`, if it is still the current run.
    fn slice(self, id: u64) {
        let current = |j: &mut Option<Job>| j.take_if(|j| j.id == id);
        let Some(mut job) = self.job.try_update_value(current).flatten() else {
            return;
        };
        self.step(&mut job);
        self.job.set_value(Some(job));
    }
}

#[component]
pub fn Uncertainty(
    store: Store,
    shown: Memo<Option<Shown>>,
    scenario: Memo<usize>,
) -> impl IntoView {
    let samples = RwSignal::new(DEFAULT_SAMPLES);
    let (shown, pending) = settled(shown);
    let ranged =
        Memo::new(move |_| shown.with(|x| x.as_ref().is_some_and(|x| has_ranges(&x.plan))));
    let out = follow(shown, scenario, samples);
    let run = out.figures;
    let progress = out.progress;
    let sens = Memo::new(move |_| -> Option<Arc<Sensitivity>> {
        let s = scenario.get();
        shown.with(|x| sensitivity(&x.as_ref()?.plan, s).ok().map(Arc::new))
    });
    let spec = move |f: fn(&Plan, &crate::engine::Forecast, &ScenarioSimulation) -> ChartSpec| {
        Memo::new(move |_| {
            let r = run.get()?;
            Some(f(&r.shown.plan, &r.shown.forecast, &r.sim))
        })
    };
    let users = spec(users_fan);
    let cost = spec(cost_fan);
    let odds = spec(tier_odds);
    let histogram = spec(total_histogram);
    let tornado = Memo::new(move |_| {
        let s = sens.get()?;
        shown.with(|x| x.as_ref().map(|x| tornado_spec(&x.plan, &s)))
    });
    view! {
        <section class="uncertainty" aria-labelledby="uncertainty-title">
            <h2 id="uncertainty-title">"Uncertainty"</h2>
            <Show
                when=move || ranged.get()
                fallback=|| {
                    view! {
                        <p class="hint">
                            "Every number here is certain. Type a range such as “15% to 30%” or “400 to 600” into any number to see bands, the odds of each tier and the budget risk."
                        </p>
                    }
                }
            >
                <SimSettings store samples pending progress run />
                {move || {
                    run.get()
                        .and_then(|r| crate::report::dropped_paths(r.sim.samples, r.sim.failed))
                        .map(|(text, unreliable)| {
                            view! {
                                <p
                                    class="sim-dropped"
                                    class:problem=unreliable
                                    role=if unreliable { "alert" } else { "status" }
                                >
                                    {text}
                                </p>
                            }
                        })
                }}
                {move || {
                    run.get()
                        .filter(|r| r.sim.failed < r.sim.samples && no_spread(&r.sim))
                        .map(|_| {
                            view! {
                                <p class="hint sim-no-spread">
                                    "Every path gives the same figures: no range in this plan changes users or cost. Type a range such as “15% to 30%” into a growth rate or a driver to see how far they could move."
                                </p>
                            }
                        })
                }}
                <dl class="cards">
                    {move || {
                        run.get()
                            .filter(|r| r.sim.failed < r.sim.samples && !no_spread(&r.sim))
                            .map(|r| cards::uncertainty(&r.shown.plan, &r.sim))
                            .map(super::card_list)
                    }}
                </dl>
                <div class="charts">
                    <Chart spec=users id="chart-users-fan" />
                    <Chart spec=cost id="chart-cost-fan" />
                    <Chart spec=odds id="chart-tier-odds" />
                    <Chart spec=histogram id="chart-total-histogram" />
                </div>
            </Show>
            <div class="charts">
                <Chart spec=tornado id="chart-tornado" />
            </div>
        </section>
    }
}

/// The forecast to simulate: it follows the plan once typing pauses
/// (150 ms), so each keystroke stays within a frame; the first is at once.
/// Also whether a newer forecast is waiting.
fn settled(shown: Memo<Option<Shown>>) -> (RwSignal<Option<Shown>>, RwSignal<bool>) {
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
fn follow(
    shown: RwSignal<Option<Shown>>,
    scenario: Memo<usize>,
    samples: RwSignal<usize>,
) -> Outputs {
    let out = Outputs {
        job: StoredValue::new_local(None),
        figures: RwSignal::new(None),
        progress: RwSignal::new(None),
        seed: RwSignal::new(0),
        runs: StoredValue::new(0),
    };
    Effect::new(move |_| {
        let (s, n) = (scenario.get(), samples.get());
        let latest = shown.get().filter(|x| has_ranges(&x.plan));
        out.job.set_value(None);
        out.progress.set(None);
        match latest.and_then(|x| {
            Simulator::new(&x.plan, &[s], n, None)
                .ok()
                .map(|sim| (x, sim))
        }) {
            Some((x, sim)) => out.start(x, sim),
            None => out.figures.set(None),
        }
    });
    out
}

/// The sample count, the seed, the run's status and progress, and its export.
#[component]
fn SimSettings(
    store: Store,
    samples: RwSignal<usize>,
    pending: RwSignal<bool>,
    progress: RwSignal<Option<(usize, usize)>>,
    run: RwSignal<Option<Run>>,
) -> impl IntoView {
    let export_problem = RwSignal::new(false);
    let export = move |_| {
        let Some(r) = run.get_untracked() else { return };
        let text = uncertainty_format::simulation_text(&r.shown.plan, r.seed, &r.sim);
        let id = (r.shown.plan.scenarios.get(r.sim.scenario)).map_or("", |s| s.id.as_str());
        let name = format!("{}-simulation-{id}.json", file_stem(&r.shown.plan));
        export_problem.set(download(&name, "application/json", &text).is_err());
    };
    view! {
        <div class="sim-settings">
            <div class="field">
                <label for="samples">"Sample paths"</label>
                <div class="control">
                    <select
                        id="samples"
                        prop:value=move || samples.get().to_string()
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse() {
                                samples.set(n)
                            }
                        }
                    >
                        {[500usize, 2_000, 10_000, 50_000, 100_000]
                            .map(|n| {
                                view! {
                                    <option value=n.to_string() selected=n == DEFAULT_SAMPLES>
                                        {quantity(n as f64)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            {seed_field(store)}
            <p class="hint" role="status">
                {move || match (pending.get(), progress.get()) {
                    (true, _) => Some("Simulating…".to_string()),
                    (false, Some((done, total))) => {
                        Some(
                            format!(
                                "Simulating… {} of {} paths",
                                quantity(done as f64),
                                quantity(total as f64),
                            ),
                        )
                    }
                    (false, None) => {
                        run.get()
                            .map(|r| {
                                format!(
                                    "{} paths, seed {}; anyone opening this plan gets the same figures.",
                                    quantity(r.sim.samples as f64),
                                    r.seed,
                                )
                            })
                    }
                }}
            </p>
            {move || {
                progress
                    .get()
                    .map(|(done, total)| {
                        view! {
                            <progress
                                class="sim-progress"
                                max=total.to_string()
                                value=done.to_string()
                                aria-label="Simulation progress"
                            ></progress>
                        }
                    })
            }}
            <button
                type="button"
                class="sim-export"
                on:click=export
                prop:disabled=move || !run.with(|r| r.as_ref().is_some_and(|r| r.done))
            >
                "Export simulation (JSON)"
            </button>
            {move || {
                export_problem
                    .get()
                    .then(|| {
                        view! {
                            <p class="field-error" role="alert">
                                "The browser refused the download."
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The plan's `seed`: part of the plan, so a link carries it.
fn seed_field(store: Store) -> impl IntoView {
    text_field(
        store,
        "Seed",
        crate::engine::Path::field("seed"),
        " ",
        Box::new(|p| p.seed.map_or(String::new(), |s| s.to_string())),
        Box::new(|p, text| {
            let t = text.trim();
            p.seed = if t.is_empty() {
                None
            } else {
                Some(
                    t.parse()
                        .map_err(|_| format!("\"{t}\" is not a whole number from 0 up"))?,
                )
            };
            Ok(())
        }),
    )
}
