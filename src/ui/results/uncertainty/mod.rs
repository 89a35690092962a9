//! The plan's uncertainty: P10 / P50 / P90 figures, fan charts of users and
//! monthly cost, tier odds, the total cost histogram and the sensitivity
//! tornado. Every figure comes from `engine::simulate`.

use crate::app::cards;
use crate::app::chart::ChartSpec;
use crate::app::uncertainty::{
    cost_fan, no_spread, status, tier_odds, tornado_spec, total_histogram, users_fan,
};
use crate::engine::simulate::{ScenarioSimulation, DEFAULT_SAMPLES};
use crate::engine::{inputs, Plan};
use crate::formats::numbers::quantity;
use crate::formats::uncertainty as uncertainty_format;
use crate::ui::charts::Chart;
use crate::ui::fields::text_field;
use crate::ui::pool;
use crate::ui::session::{download, file_stem};
use crate::ui::store::{Shown, Store};
use leptos::prelude::*;

mod run;

pub(super) use run::settled;
use run::{follow, follow_sensitivity, Figures, Run};

#[component]
pub fn Uncertainty(
    store: Store,
    shown: Memo<Option<Shown>>,
    scenario: Memo<usize>,
    samples: RwSignal<usize>,
) -> impl IntoView {
    let (shown, pending) = settled(shown);
    let ranged =
        Memo::new(move |_| shown.with(|x| x.as_ref().is_some_and(|x| inputs::has_ranges(&x.plan))));
    let out = follow(shown, scenario, samples, pending);
    let run = out.figures;
    let progress = out.progress;
    let (sens, sweeping) = follow_sensitivity(shown, scenario, pending);
    let spec = move |f: fn(&Plan, &crate::engine::Forecast, &ScenarioSimulation) -> ChartSpec| {
        Memo::new(move |_| {
            let r = run.get()?;
            Some(f(&r.shown.plan, &r.shown.forecast, &r.sim))
        })
    };
    let users = spec(|p, f, s| crate::app::actuals::with_actuals(p, users_fan(p, f, s), false));
    let cost = spec(|p, f, s| crate::app::actuals::with_actuals(p, cost_fan(p, f, s), true));
    let odds = spec(tier_odds);
    let histogram = spec(total_histogram);
    let tornado = Memo::new(move |_| {
        let s = sens.get()?;
        Some(tornado_spec(&s.0.plan, &s.1))
    });
    view! {
        <section
            class="uncertainty"
            aria-labelledby="uncertainty-title"
            class:flat=move || run.with(|r| r.as_ref().is_some_and(|r| no_spread(&r.sim)))
        >
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
                {run_notes(run)}
                <dl class="cards">{move || run.get().and_then(|r| run_cards(&r))}</dl>
                <div class="charts">
                    <Chart spec=users id="chart-users-fan" />
                    <Chart spec=cost id="chart-cost-fan" />
                    <Chart spec=odds id="chart-tier-odds" />
                    <Chart spec=histogram id="chart-total-histogram" />
                </div>
            </Show>
            {move || {
                sweeping
                    .get()
                    .then(|| {
                        view! {
                            <p class="hint tornado-status" role="status">
                                "Finding the inputs that move the total cost most…"
                            </p>
                        }
                    })
            }}
            <div class="charts" class:refreshing=move || sweeping.get()>
                <Chart spec=tornado id="chart-tornado" />
            </div>
        </section>
    }
}

/// What to know before reading a run's figures: paths dropped, no spread
/// at all, a cost that does not move, actuals outside the band.
fn run_notes(run: RwSignal<Option<Run>>) -> impl IntoView {
    let dropped = move || {
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
    };
    let no_spread_note = move || {
        run.get()
            .filter(|r| r.sim.failed < r.sim.samples && no_spread(&r.sim))
            .map(|_| {
                view! {
                    <p class="hint sim-no-spread">
                        "Every path gives the same figures: no range in this plan changes users or cost. Type a range such as “15% to 30%” into a growth rate or a driver to see how far they could move."
                    </p>
                }
            })
    };
    let flat_cost = move || {
        run.get()
            .and_then(|r| crate::app::uncertainty::flat_cost_note(&r.sim))
            .map(|text| view! { <p class="hint sim-flat-cost">{text}</p> })
    };
    let calibration = move || {
        run.get()
            .and_then(|r| crate::app::actuals::calibration(&r.shown.plan, &r.sim))
            .and_then(|(_, alert)| alert)
            .map(|text| {
                view! {
                    <p class="sim-dropped problem" role="alert">
                        {text}
                    </p>
                }
            })
    };
    view! {
        {dropped}
        {no_spread_note}
        {flat_cost}
        {calibration}
    }
}

/// A run's cards (none when no path spreads): its figures, and how the
/// actuals sit in its band.
fn run_cards(r: &Figures) -> Option<impl IntoView> {
    if r.sim.failed == r.sim.samples || no_spread(&r.sim) {
        return None;
    }
    let mut all = cards::uncertainty(&r.shown.plan, &r.sim);
    all.extend(crate::app::actuals::calibration(&r.shown.plan, &r.sim).map(|(card, _)| card));
    Some(super::card_list(all))
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
    let pool: pool::Status = expect_context();
    view! {
        // How many workers are ready: what the next run will use.
        <div class="sim-settings" data-workers-ready=move || pool.ready.get()>
            {samples_select(samples)}
            // Fresh from the plan after a structural edit, an undo or an
            // import, as the editor's fields are (see `editor::Editor`).
            <For
                each=move || std::iter::once(store.shape.get())
                key=|shape| *shape
                children=move |_| seed_field(store)
            />
            <p class="hint" role="status">
                {move || {
                    let last = run.with(|r| r.as_ref().map(|r| (r.sim.samples, r.seed)));
                    status(pending.get(), progress.get(), last)
                }}
            </p>
            {workers_note(run, pool)}
            {move || {
                pool.address.get().map(|why| view! { <p class="sim-workers-address">{why}</p> })
            }}
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
            {export_button(store, pending, progress, run)}
        </div>
    }
}

/// How many paths to simulate.
fn samples_select(samples: RwSignal<usize>) -> impl IntoView {
    view! {
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
    }
}

/// "Export simulation (JSON)": only final figures of the plan as it stands.
fn export_button(
    store: Store,
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
    let not_final = move || {
        !run.with(|r| r.as_ref().is_some_and(|r| r.done))
            || pending.get()
            || progress.with(Option::is_some)
            || store.out_of_date()
    };
    view! {
        <button type="button" class="sim-export" on:click=export prop:disabled=not_final>
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
    }
}

/// Where the figures shown were run: on background workers, or on this
/// page, said quietly, with the reason when workers could not start.
fn workers_note(run: RwSignal<Option<Run>>, pool: pool::Status) -> impl IntoView {
    move || {
        let text = match (run.get()?.workers, pool.unavailable.get()) {
            (0, Some(why)) => {
                format!("Ran on this page: background workers are unavailable ({why}).")
            }
            (0, None) => return None,
            (1, _) => "Ran on 1 background worker.".to_string(),
            (n, _) => format!("Ran on {n} background workers."),
        };
        Some(view! { <p class="sim-workers">{text}</p> })
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
                        .map_err(|_| crate::formats::input::seed_fault(t))?,
                )
            };
            Ok(())
        }),
    )
}
