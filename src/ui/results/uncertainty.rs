//! The plan's uncertainty: P10 / P50 / P90 figures, fan charts of users and
//! monthly cost, tier odds, the total cost histogram and the sensitivity
//! tornado. Every figure comes from `engine::simulate`.

use crate::app::cards;
use crate::app::chart::{ChartSpec, Fan, Plot, Series, Unit};
use crate::engine::simulate::{
    sensitivity, MonthBand, Percentiles, ScenarioSimulation, Sensitivity, Simulator,
    DEFAULT_SAMPLES,
};
use crate::engine::{inputs, Num, Plan};
use crate::formats::numbers::quantity;
use crate::formats::uncertainty as uncertainty_format;
use crate::report::input_label;
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

/// Paths summarized first when the plan settles (within a frame for the
/// benchmark plan, about 5 ms); later refreshes come as the paths double.
const FIRST_SLICE: usize = 2_000;
/// A slice of work (paths, or the months of a summary) runs for about this
/// long before it yields to the page, whatever the size of the plan.
const SLICE_MS: f64 = 8.0;
/// Paths in the first batch, before the time of one path is known.
const FIRST_BATCH: usize = 8;

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

/// What a run does in its next slice.
enum Phase {
    /// Runs paths up to the next refresh.
    Paths,
    /// Summarizes the paths run so far, some months a slice (a summary of
    /// 100,000 paths over 120 months is far more than one slice).
    Summary(Vec<MonthBand>),
}

/// A simulation refining in the background, a slice per task.
struct Job {
    sim: Simulator,
    shown: Shown,
    phase: Phase,
    /// Figures are refreshed each time the paths run double.
    next_refresh: usize,
    /// Paths per batch, sized from the time the last batch took.
    batch: usize,
    /// When the run began, and its work so far (ms): paths and the final
    /// summary, without intermediate refreshes.
    started: f64,
    work: f64,
    /// The next slice; dropping the job cancels it.
    _next: Option<gloo::timers::callback::Timeout>,
}

impl Job {
    /// Runs paths until the slice's time is up or a refresh is due; true
    /// when a summary is due.
    fn run_paths(&mut self, t: f64) -> bool {
        let target = self.next_refresh.min(self.sim.progress().1);
        while self.sim.progress().0 < target && now() - t < SLICE_MS {
            let before = now();
            let n = self.batch.min(target - self.sim.progress().0);
            self.sim.run(n);
            let per_path = ((now() - before) / n as f64).max(1e-4);
            let left = (SLICE_MS - (now() - t)).max(0.0);
            self.batch = ((left / per_path) as usize).clamp(1, 500);
        }
        self.sim.progress().0 >= target
    }

    /// Adds months to the summary until the slice's time is up; the
    /// figures once every month is in.
    fn summarize(
        &mut self,
        t: f64,
        mut bands: Vec<MonthBand>,
    ) -> Result<ScenarioSimulation, Vec<MonthBand>> {
        let months = self.sim.months();
        while bands.len() < months {
            let m = bands.len();
            bands.extend(self.sim.bands(0, m..m + 1));
            if now() - t >= SLICE_MS && bands.len() < months {
                return Err(bands);
            }
        }
        self.sim
            .summary_of(vec![bands])
            .scenarios
            .into_iter()
            .next()
            .ok_or_else(Vec::new)
    }
}

/// Where a run shows its figures and progress.
#[derive(Clone, Copy)]
struct Outputs {
    job: StoredValue<Option<Job>, LocalStorage>,
    figures: RwSignal<Option<Run>>,
    progress: RwSignal<Option<(usize, usize)>>,
    seed: RwSignal<u64>,
}

impl Outputs {
    /// Runs the first slice at once, then the rest a slice per task.
    fn start(self, shown: Shown, sim: Simulator) {
        self.seed.set(sim.seed());
        let mut job = Job {
            next_refresh: FIRST_SLICE,
            batch: FIRST_BATCH,
            phase: Phase::Paths,
            work: 0.0,
            started: now(),
            shown,
            sim,
            _next: None,
        };
        self.step(&mut job);
        self.job.set_value(Some(job));
    }

    /// One slice of work: paths, then some months of a summary, and so on
    /// while the slice has time.
    fn step(self, job: &mut Job) {
        let t = now();
        loop {
            let at = now();
            let final_summary = job.sim.finished();
            match std::mem::replace(&mut job.phase, Phase::Paths) {
                Phase::Paths => {
                    if job.run_paths(t) {
                        job.phase = Phase::Summary(Vec::new());
                    }
                    job.work += now() - at;
                    let (done, total) = job.sim.progress();
                    self.progress.set(Some((done, total)));
                }
                Phase::Summary(bands) => {
                    match job.summarize(t, bands) {
                        Ok(sim) => self.show(job, sim),
                        Err(bands) => job.phase = Phase::Summary(bands),
                    }
                    // Only the final summary counts as the run's own work.
                    if final_summary {
                        job.work += now() - at;
                    }
                }
            }
            let idle = job.sim.finished() && matches!(job.phase, Phase::Paths);
            if idle || now() - t >= SLICE_MS {
                break;
            }
        }
        self.next(job);
    }

    fn show(self, job: &mut Job, sim: ScenarioSimulation) {
        let (done, total) = job.sim.progress();
        self.figures.set(Some(Arc::new(Figures {
            shown: job.shown.clone(),
            seed: self.seed.get_untracked(),
            sim,
            done: done == total,
        })));
        self.progress.set((done < total).then_some((done, total)));
        job.next_refresh = 2 * done;
    }

    /// Schedules the next slice, or records the finished run.
    fn next(self, job: &mut Job) {
        if job.sim.finished() && matches!(job.phase, Phase::Paths) {
            record("headroom:simulate", job.started, job.work);
            return;
        }
        job._next = Some(gloo::timers::callback::Timeout::new(0, move || {
            self.slice()
        }));
    }

    fn slice(self) {
        let Some(mut job) = self.job.try_update_value(|j| j.take()).flatten() else {
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

fn no_spread(s: &ScenarioSimulation) -> bool {
    crate::report::has_no_spread(
        (s.total_cost.p10, s.total_cost.p90),
        s.months.last().map(|m| (m.users.p10, m.users.p90)),
    )
}

fn label(plan: &Plan, s: &ScenarioSimulation) -> String {
    crate::app::charts::label(plan, s.scenario)
}

fn fan(
    name: &str,
    colour: usize,
    months: &[MonthBand],
    pick: fn(&MonthBand) -> Percentiles,
) -> Fan {
    let get = |f: fn(&Percentiles) -> f64| months.iter().map(|m| f(&pick(m))).collect();
    Fan {
        name: name.into(),
        colour,
        p5: get(|p| p.p5),
        p10: get(|p| p.p10),
        p50: get(|p| p.p50),
        p90: get(|p| p.p90),
        p95: get(|p| p.p95),
    }
}

/// A fan of the simulated `band` with the plain forecast's `plain` dashed.
fn fan_chart(
    f: &crate::engine::Forecast,
    s: &ScenarioSimulation,
    (title, y_label, unit): (String, String, Unit),
    (name, colour): (&str, usize),
    plain: fn(&crate::engine::MonthForecast) -> f64,
    band: fn(&MonthBand) -> Percentiles,
) -> ChartSpec {
    let plain = f
        .scenarios
        .get(s.scenario)
        .map(|x| x.months.iter().map(plain).collect())
        .unwrap_or_default();
    let mut spec = ChartSpec::months_chart(
        title,
        y_label,
        unit,
        vec![Series {
            name: "Plain forecast".into(),
            colour: 6,
            values: plain,
        }],
    );
    spec.fans = vec![fan(name, colour, &s.months, band)];
    spec
}

fn users_fan(plan: &Plan, f: &crate::engine::Forecast, s: &ScenarioSimulation) -> ChartSpec {
    let title = format!(
        "Users, {} scenario: P5-P95 and P10-P90 bands, median, plain forecast dashed",
        label(plan, s)
    );
    fan_chart(
        f,
        s,
        (title, "Users".into(), Unit::Users),
        ("Simulated users", 0),
        |m| m.users,
        |m| m.users,
    )
}

fn cost_fan(plan: &Plan, f: &crate::engine::Forecast, s: &ScenarioSimulation) -> ChartSpec {
    let title = format!(
        "Monthly cost, {} scenario: bands, median, plain forecast dashed",
        label(plan, s)
    );
    let axis = format!("{} per month", plan.currency);
    fan_chart(
        f,
        s,
        (title, axis, Unit::Money(plan.currency.clone())),
        ("Simulated cost", 5),
        |m| m.cost,
        |m| m.cost,
    )
}

fn tier_odds(plan: &Plan, _: &crate::engine::Forecast, s: &ScenarioSimulation) -> ChartSpec {
    let series = plan
        .tiers
        .iter()
        .enumerate()
        .map(|(t, tier)| Series {
            name: tier.label.clone(),
            colour: t,
            values: s
                .months
                .iter()
                .map(|m| m.tier_share.get(t).copied().unwrap_or(0.0))
                .collect(),
        })
        .filter(|x| x.values.iter().any(|v| *v > 0.0))
        .collect();
    let mut spec = ChartSpec::months_chart(
        format!("Chance of each tier by month, {} scenario", label(plan, s)),
        "Share of paths".into(),
        Unit::Percent,
        series,
    );
    spec.stacked = true;
    spec
}

fn total_histogram(plan: &Plan, _: &crate::engine::Forecast, s: &ScenarioSimulation) -> ChartSpec {
    const BINS: usize = 30;
    let (lo, hi) = (
        s.totals.first().copied().unwrap_or(0.0),
        s.totals.last().copied().unwrap_or(0.0),
    );
    // Every path at one total: centre its bar on an axis 10% wide.
    let (lo, hi) = if hi - lo <= 1e-9 * hi.abs().max(1.0) {
        let pad = (lo.abs() * 0.05).max(1.0);
        (lo - pad, lo + pad)
    } else {
        (lo, hi)
    };
    let width = (hi - lo) / BINS as f64;
    let edges: Vec<f64> = (0..=BINS).map(|i| lo + width * i as f64).collect();
    let mut counts = vec![0.0; BINS];
    for t in &s.totals {
        counts[(((t - lo) / width) as usize).min(BINS - 1)] += 1.0;
    }
    let n = s.totals.len().max(1) as f64;
    let h = plan.horizon_months;
    let marker = plan
        .policy
        .monthly_budget
        .as_ref()
        .map(|b| (format!("budget x {h} months"), b.median() * h as f64));
    let mut spec = ChartSpec::months_chart(
        format!(
            "Total cost over {h} months, {} scenario: share of paths",
            label(plan, s)
        ),
        format!("Total cost ({})", plan.currency),
        Unit::Money(plan.currency.clone()),
        vec![Series {
            name: "Share of paths".into(),
            colour: 0,
            values: counts.iter().map(|c| c / n).collect(),
        }],
    );
    spec.plot = Plot::Histogram { edges, marker };
    spec
}

fn tornado_spec(plan: &Plan, s: &Sensitivity) -> ChartSpec {
    let rows: Vec<(String, f64, f64)> = s
        .impacts
        .iter()
        .filter_map(|i| {
            Some((
                input_label(plan, &i.path),
                i.total_cost[0]?,
                i.total_cost[1]?,
            ))
        })
        .take(8)
        .collect();
    let scenario = plan
        .scenarios
        .get(s.scenario)
        .map_or("", |x| x.label.as_str());
    let mut spec = ChartSpec::months_chart(
        format!("What moves the total cost most, {scenario} scenario: each input at its low end (blue) and high end (orange)"),
        format!("Total cost ({})", plan.currency),
        Unit::Money(plan.currency.clone()),
        Vec::new(),
    );
    spec.plot = Plot::Tornado {
        base: s.total_cost,
        rows,
    };
    spec
}
