//! The results: the selected scenario's summary, the charts, the events
//! and alerts, and the forecast table. Everything here reads the store's
//! outcome (the last valid forecast with its plan); nothing is computed.

mod actuals;
mod commitment;
mod day;
mod summary;
mod table;
mod uncertainty;

use crate::app::actuals::with_actuals;
use crate::app::charts;
use crate::report::describe;
use crate::ui::charts::Chart;
use crate::ui::store::{Shown, Store};
use leptos::prelude::*;

#[component]
pub fn Results(store: Store) -> impl IntoView {
    let shown = Memo::new(move |_| store.outcome.with(|o| o.shown.clone()));
    // The selected scenario, kept within the shown forecast's scenarios.
    let scenario = Memo::new(move |_| {
        let n = shown.with(|s| s.as_ref().map_or(0, |s| s.forecast.scenarios.len()));
        store.scenario.get().min(n.saturating_sub(1))
    });
    let spec = move |f: fn(&Shown, usize) -> crate::app::chart::ChartSpec| {
        Memo::new(move |_| {
            let s = scenario.get();
            shown.with(|x| {
                x.as_ref().map(|x| crate::app::chart::ChartSpec {
                    start: x.plan.start,
                    ..f(x, s)
                })
            })
        })
    };
    let users = spec(|x, _| with_actuals(&x.plan, charts::users(&x.plan, &x.forecast), false));
    let cost = spec(|x, s| with_actuals(&x.plan, charts::cost(&x.plan, &x.forecast, s), true));
    let util = spec(|x, s| charts::utilization(&x.plan, &x.forecast, s));
    let cumulative = spec(|x, _| charts::cumulative(&x.plan, &x.forecast));
    let stale = Memo::new(move |_| store.out_of_date());
    // Paths of a simulation: the Uncertainty and Commitment panels read the same.
    let samples = RwSignal::new(crate::engine::simulate::DEFAULT_SAMPLES);
    let later = crate::ui::after_first_frame();

    view! {
        <section
            class="results"
            id="results"
            class:stale=move || stale.get()
            aria-label="Forecast results"
        >
            <div class="results-head">
                <ScenarioPicker store=store shown=shown scenario=scenario />
            </div>
            <crate::ui::problems::Problems store=store />
            <summary::Cards shown=shown scenario=scenario />
            <div class="charts">
                <Chart spec=users id="chart-users" />
                <Chart spec=cost id="chart-cost" />
                <Chart spec=util id="chart-utilization" />
                <Chart spec=cumulative id="chart-cumulative" />
            </div>
            // Below the charts: built the task after the first frame.
            <Show when=move || later.get() fallback=|| view! { <div class="pending"></div> }>
                <Events shown=shown scenario=scenario />
                <day::Elastic shown=shown scenario=scenario />
                <actuals::ActualsPanel store=store shown=shown scenario=scenario />
                <uncertainty::Uncertainty
                    store=store
                    shown=shown
                    scenario=scenario
                    samples=samples
                />
                <commitment::CommitmentPanel
                    store=store
                    shown=shown
                    scenario=scenario
                    samples=samples
                />
                <table::ForecastTable shown=shown scenario=scenario />
            </Show>
        </section>
    }
}

/// Figure cards (label, figure, detail) as a definition list's items; an
/// empty detail is left out. Shared by the summary, uncertainty and day cards.
pub(super) fn card_list(cards: Vec<(String, String, String)>) -> impl IntoView {
    cards
        .into_iter()
        .map(|(label, value, detail)| {
            view! {
                <div class="card-figure">
                    <dt>{label}</dt>
                    <dd class="figure">{value}</dd>
                    {(!detail.is_empty()).then(|| view! { <dd class="detail">{detail}</dd> })}
                </div>
            }
        })
        .collect_view()
}

#[component]
fn ScenarioPicker(
    store: Store,
    shown: Memo<Option<Shown>>,
    scenario: Memo<usize>,
) -> impl IntoView {
    let labels = Memo::new(move |_| {
        shown.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.plan
                        .scenarios
                        .iter()
                        .map(|x| x.label.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <div class="scenario-picker" role="group" aria-label="Scenario shown in detail">
            <span class="picker-label">"Scenario"</span>
            {move || {
                labels
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| {
                        view! {
                            <button
                                type="button"
                                class="tab"
                                aria-pressed=move || {
                                    if scenario.get() == i { "true" } else { "false" }
                                }
                                on:click=move |_| store.scenario.set(i)
                            >
                                {l}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </div>
        // Printed in the picker's place, which does not print.
        <p class="print-only scenario-printed">
            {move || { labels.with(|l| l.get(scenario.get()).map(|l| format!("{l} scenario"))) }}
        </p>
    }
}

#[component]
fn Events(shown: Memo<Option<Shown>>, scenario: Memo<usize>) -> impl IntoView {
    let items = Memo::new(move |_| {
        let s = scenario.get();
        shown.with(|x| {
            let Some(x) = x else { return Vec::new() };
            let rtl = crate::report::rtl_names(&x.plan);
            x.forecast.scenarios.get(s).map_or_else(Vec::new, |sf| {
                sf.events
                    .iter()
                    .map(|e| {
                        let told = describe(&x.plan, e);
                        (
                            crate::report::is_alert(&e.kind),
                            crate::report::isolate_names(&rtl, &told),
                        )
                    })
                    .collect()
            })
        })
    });
    view! {
        <section class="events" aria-labelledby="events-title">
            <h2 id="events-title">"Events and alerts"</h2>
            {move || {
                let list = items.get();
                if list.is_empty() {
                    view! { <p class="hint">"No tier changes or alerts over the horizon."</p> }
                        .into_any()
                } else {
                    view! {
                        <ul class="event-list">
                            {list
                                .into_iter()
                                .map(|(alert, text)| {
                                    view! {
                                        <li class:alert=alert>
                                            <span class="badge">
                                                {if alert { "Alert" } else { "Change" }}
                                            </span>
                                            {text}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
