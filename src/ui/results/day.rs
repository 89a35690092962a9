//! Elastic capacity in the results (MODEL.md section 10): the day of an
//! autoscaled component in a month the planner picks (load against ready
//! capacity, replicas, hold ranges), its cards, and the saving and risk of
//! every month.

use crate::app::{cards, day};
use crate::engine::day::{month_days, ComponentDay};
use crate::ui::charts::Chart;
use crate::ui::store::Shown;
use leptos::prelude::*;

#[component]
pub fn Elastic(shown: Memo<Option<Shown>>, scenario: Memo<usize>) -> impl IntoView {
    let elastic = Memo::new(move |_| {
        shown.with(|x| x.as_ref().is_some_and(|x| day::has_autoscaling(&x.plan)))
    });
    let horizon =
        Memo::new(move |_| shown.with(|x| x.as_ref().map_or(0, |x| x.plan.horizon_months)));
    let month = RwSignal::new(None::<u32>);
    let picked = RwSignal::new(0usize);
    // The month shown: the planner's, else the last with an autoscaled
    // component in use.
    let opening = Memo::new(move |_| {
        let s = scenario.get();
        shown.with(|x| (x.as_ref()).map_or(0, |x| day::opening_month(&x.plan, &x.forecast, s)))
    });
    let at = Memo::new(move |_| month.get().unwrap_or(opening.get()).min(horizon.get()));
    let days = Memo::new(move |_| {
        let (s, m) = (scenario.get(), at.get());
        shown.with(|x| {
            let x = x.as_ref()?;
            if !day::has_autoscaling(&x.plan) {
                return None;
            }
            let (t, days) = month_days(&x.plan, s, m as usize).ok()?;
            Some((x.clone(), t, days))
        })
    });
    let chosen = move || {
        days.with(|d| {
            d.as_ref().and_then(|(x, t, ds)| {
                ds.get(picked.get())
                    .or(ds.first())
                    .map(|d| (x.clone(), *t, d.clone()))
            })
        })
    };
    let load = Memo::new(move |_| chosen().map(|(x, t, d)| day::load_chart(&x.plan, t, &d)));
    let replicas =
        Memo::new(move |_| chosen().map(|(x, t, d)| day::replicas_chart(&x.plan, t, &d)));
    let saving = Memo::new(move |_| {
        let s = scenario.get();
        shown.with(|x| {
            x.as_ref()
                .and_then(|x| day::saving_chart(&x.plan, &x.forecast, s))
        })
    });
    let risk = Memo::new(move |_| {
        let s = scenario.get();
        shown.with(|x| x.as_ref().and_then(|x| day::risk_chart(&x.forecast, s)))
    });
    view! {
        <Show when=move || elastic.get()>
            <section class="elastic" aria-labelledby="elastic-title">
                <h2 id="elastic-title">"A day of load"</h2>
                <div class="day-settings">
                    {month_slider(month, at, horizon)}
                    {component_select(days, picked, move || chosen().is_none())}
                    <p class="hint" role="status">
                        {move || days.with(|d| day_note(d, scenario.get(), at.get()))}
                    </p>
                </div>
                <dl class="cards day-cards">
                    {move || chosen().map(|(x, _, d)| super::card_list(cards::day(&x.plan, &d)))}
                </dl>
                <div class="charts">
                    <Show when=move || chosen().is_some()>
                        <Chart spec=load id="chart-day-load" />
                        <Chart spec=replicas id="chart-day-replicas" />
                    </Show>
                    <Chart spec=saving id="chart-day-saving" />
                    <Chart spec=risk id="chart-day-risk" />
                </div>
            </section>
        </Show>
    }
}

/// The month's days: what is shown, the tier in use and its autoscaled
/// components' days.
type Days = Memo<Option<(Shown, usize, Vec<ComponentDay>)>>;

/// The month whose day is shown: the planner's pick (`month`), else `at`.
fn month_slider(month: RwSignal<Option<u32>>, at: Memo<u32>, horizon: Memo<u32>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="day-month">{move || format!("Month {}", at.get())}</label>
            <div class="control">
                <input
                    id="day-month"
                    type="range"
                    min="0"
                    max=move || horizon.get().to_string()
                    prop:value=move || at.get().to_string()
                    on:input=move |ev| month.set(event_target_value(&ev).parse().ok())
                />
            </div>
        </div>
    }
}

/// Which autoscaled component's day is shown (hidden when none is).
fn component_select(
    days: Days,
    picked: RwSignal<usize>,
    hidden: impl Fn() -> bool + Send + Sync + 'static,
) -> impl IntoView {
    let options = move || {
        days.with(|d| {
            d.as_ref().map(|(x, t, ds)| {
                (ds.iter().enumerate())
                    .map(|(i, d)| {
                        let name = x.plan.tiers[*t].components[d.component].name.clone();
                        view! {
                            <option value=i.to_string() selected=i == picked.get_untracked()>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <div class="field" class:hidden=hidden>
            <label for="day-component">"Component"</label>
            <div class="control">
                <select
                    id="day-component"
                    on:change=move |ev| { picked.set(event_target_value(&ev).parse().unwrap_or(0)) }
                >
                    {options}
                </select>
            </div>
        </div>
    }
}

/// The tier in use at month `at`, or why no day is shown.
fn day_note(days: &Option<(Shown, usize, Vec<ComponentDay>)>, scenario: usize, at: u32) -> String {
    match days {
        Some((x, t, ds)) if ds.is_empty() => {
            day::no_day_note(&x.plan, &x.forecast, scenario, *t, at)
        }
        Some((x, t, _)) => format!("Tier {} at month {at}.", x.plan.tiers[*t].label),
        None => String::new(),
    }
}
