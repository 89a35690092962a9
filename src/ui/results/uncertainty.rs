//! The plan's uncertainty: P10 / P50 / P90 figures, fan charts of users and
//! monthly cost, tier odds, the total cost histogram and the sensitivity
//! tornado. Every figure comes from `engine::simulate`.

use crate::engine::simulate::{
    sensitivity, MonthBand, Percentiles, ScenarioSimulation, Sensitivity, Simulator,
    DEFAULT_SAMPLES,
};
use crate::engine::{inputs, Num, Plan};
use crate::formats::numbers::{money, percent, quantity};
use crate::formats::uncertainty as uncertainty_format;
use crate::report::input_label;
use crate::ui::charts::spec::{ChartSpec, Fan, Plot, Series, Unit};
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

/// Paths run at once when the plan settles: within a frame (about 5 ms).
const FIRST_SLICE: usize = 2_000;
/// A later slice runs paths for about this long before it yields to the page.
const SLICE_MS: f64 = 8.0;

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

/// A simulation refining in the background, a slice per task.
struct Job {
    sim: Simulator,
    shown: Shown,
    /// Figures are refreshed each time the paths run double.
    next_refresh: usize,
    /// When the run began, and the work so far (ms), without intermediate refreshes.
    started: f64,
    work: f64,
    /// The next slice; dropping the job cancels it.
    _next: Option<gloo::timers::callback::Timeout>,
}

/// Where a run shows its figures and progress.
#[derive(Clone, Copy)]
struct Outputs {
    job: StoredValue<Option<Job>, LocalStorage>,
    figures: RwSignal<Option<Run>>,
    progress: RwSignal<Option<(usize, usize)>>,
}

impl Outputs {
    /// Runs the first slice at once, then the rest a slice per task.
    fn start(self, shown: Shown, mut sim: Simulator) {
        let started = now();
        sim.run(FIRST_SLICE);
        self.show(&shown, &mut sim);
        let mut job = Job {
            next_refresh: 2 * FIRST_SLICE,
            work: now() - started,
            started,
            shown,
            sim,
            _next: None,
        };
        self.next(&mut job);
        self.job.set_value(Some(job));
    }

    fn show(self, shown: &Shown, sim: &mut Simulator) {
        let (done, total) = sim.progress();
        let summary = sim.summary();
        let Some(s) = summary.scenarios.into_iter().next() else {
            return;
        };
        self.figures.set(Some(Arc::new(Figures {
            shown: shown.clone(),
            seed: summary.seed,
            sim: s,
            done: done == total,
        })));
        self.progress.set((done < total).then_some((done, total)));
    }

    /// Schedules the next slice, or records the finished run.
    fn next(self, job: &mut Job) {
        if job.sim.finished() {
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
        let t = now();
        while !job.sim.finished() && now() - t < SLICE_MS {
            job.sim.run(500);
        }
        let (done, total) = job.sim.progress();
        if done >= job.next_refresh || done == total {
            let shown = job.shown.clone();
            let before = now();
            self.show(&shown, &mut job.sim);
            job.next_refresh = 2 * done;
            // Only the final summary counts as the run's own work.
            job.work += if done == total { now() - t } else { before - t };
        } else {
            self.progress.set(Some((done, total)));
            job.work += now() - t;
        }
        self.next(&mut job);
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
    // The simulation follows the forecast once typing pauses (150 ms), so
    // each keystroke stays within a frame; the first run is immediate.
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
    let shown = settled;
    let ranged =
        Memo::new(move |_| shown.with(|x| x.as_ref().is_some_and(|x| has_ranges(&x.plan))));
    let out = Outputs {
        job: StoredValue::new_local(None),
        figures: RwSignal::new(None),
        progress: RwSignal::new(None),
    };
    // A new plan, scenario or sample count replaces any run in progress.
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
    let export_problem = RwSignal::new(false);
    let export = move |_| {
        let Some(r) = run.get_untracked() else { return };
        let text = uncertainty_format::simulation_text(&r.shown.plan, r.seed, &r.sim);
        let id = (r.shown.plan.scenarios.get(r.sim.scenario)).map_or("", |s| s.id.as_str());
        let name = format!("{}-simulation-{id}.json", file_stem(&r.shown.plan));
        export_problem.set(download(&name, "application/json", &text).is_err());
    };
    view! {
        <section class="uncertainty" aria-labelledby="uncertainty-title">
            <h2 id="uncertainty-title">"Uncertainty"</h2>
            <Show
                when=move || ranged.get()
                fallback=|| view! {
                    <p class="hint">"Every number here is certain. Type a range such as “15% to 30%” or “400 to 600” into any number to see bands, the odds of each tier and the budget risk."</p>
                }
            >
                <div class="sim-settings">
                    <div class="field">
                        <label for="samples">"Sample paths"</label>
                        <div class="control">
                            <select id="samples" prop:value=move || samples.get().to_string()
                                on:change=move |ev| if let Ok(n) = event_target_value(&ev).parse() { samples.set(n) }>
                                {[500usize, 2_000, 10_000, 50_000, 100_000].map(|n| view! {
                                    <option value=n.to_string() selected=n == DEFAULT_SAMPLES>{quantity(n as f64)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                    {seed_field(store)}
                    <p class="hint" role="status">{move || match (pending.get(), progress.get()) {
                        (true, _) => Some("Simulating…".to_string()),
                        (false, Some((done, total))) => Some(format!("Simulating… {} of {} paths", quantity(done as f64), quantity(total as f64))),
                        (false, None) => run.get().map(|r| format!("{} paths, seed {}; anyone opening this plan gets the same figures.", quantity(r.sim.samples as f64), r.seed)),
                    }}</p>
                    {move || progress.get().map(|(done, total)| view! {
                        <progress class="sim-progress" max=total.to_string() value=done.to_string() aria-label="Simulation progress"></progress>
                    })}
                    <button type="button" class="sim-export" on:click=export
                        prop:disabled=move || !run.with(|r| r.as_ref().is_some_and(|r| r.done))>
                        "Export simulation (JSON)"
                    </button>
                    {move || export_problem.get().then(|| view! { <p class="field-error" role="alert">"The browser refused the download."</p> })}
                </div>
                <dl class="cards">
                    {move || run.get().map(|r| cards(&r.shown.plan, &r.sim)).unwrap_or_default().into_iter().map(|(label, value, detail)| view! {
                        <div class="card-figure">
                            <dt>{label}</dt>
                            <dd class="figure">{value}</dd>
                            <dd class="detail">{detail}</dd>
                        </div>
                    }).collect_view()}
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

/// The plan's `seed`: part of the plan, so a link carries it.
fn seed_field(store: Store) -> impl IntoView {
    text_field(
        store,
        "Seed",
        "seed".into(),
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

fn label(plan: &Plan, s: &ScenarioSimulation) -> String {
    super::specs::label(plan, s.scenario)
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
    let width = ((hi - lo) / BINS as f64).max(1e-9);
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

/// P10 / P50 / P90 cards and the odds that matter to a planner.
fn cards(plan: &Plan, s: &ScenarioSimulation) -> Vec<(String, String, String)> {
    let cur = &plan.currency;
    let last = s.months.last();
    let h = plan.horizon_months;
    let mut out = Vec::new();
    if let Some(m) = last {
        out.push((
            format!("Users at month {h}"),
            quantity(m.users.p50.round()),
            format!(
                "P10 {} · P90 {}",
                quantity(m.users.p10.round()),
                quantity(m.users.p90.round())
            ),
        ));
    }
    out.push((
        format!("Total cost, months 1-{h}"),
        money(s.total_cost.p50, cur),
        format!(
            "P10 {} · P90 {}",
            money(s.total_cost.p10, cur),
            money(s.total_cost.p90, cur)
        ),
    ));
    // Without downgrades, being on the largest tier by month 12 means reaching it.
    let by = (h as usize).min(12);
    if let (Some(m), Some(tier)) = (s.months.get(by), plan.tiers.last()) {
        let share = m.tier_share.last().copied().unwrap_or(0.0);
        out.push((
            format!("Chance of {} by month {by}", tier.label),
            percent(share),
            "share of paths on the largest tier".into(),
        ));
    }
    if plan.policy.monthly_budget.is_some() {
        out.push((
            "Budget risk".into(),
            percent(s.over_budget_share),
            "paths with a month over the monthly budget".into(),
        ));
    }
    out.push((
        "Capacity risk".into(),
        percent(s.over_capacity_share),
        "paths with a month over capacity".into(),
    ));
    out
}
