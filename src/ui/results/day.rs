//! Elastic capacity in the results (MODEL.md section 10): the day of an
//! autoscaled component in a month the planner picks (load against ready
//! capacity, replicas, hold ranges), its cards, and the saving and risk of
//! every month.

use crate::app::chart::{ChartSpec, Plot, Series, Unit};
use crate::engine::day::{month_days, ComponentDay};
use crate::engine::{Plan, Quantity, ScalePolicy};
use crate::formats::numbers::{money, percent, quantity, thousands};
use crate::ui::charts::Chart;
use crate::ui::store::Shown;
use leptos::prelude::*;

fn has_autoscaling(plan: &Plan) -> bool {
    plan.tiers.iter().flat_map(|t| &t.components).any(|c| {
        matches!(
            c.quantity,
            Quantity::Sized {
                autoscale: Some(_),
                ..
            }
        )
    })
}

/// The per-replica load of component `k` of tier `t`, and the utilization
/// past which a minute is over target (section 10: the target, or the
/// step policy's scale-up threshold), with its name.
fn sizing(plan: &Plan, t: usize, k: usize) -> (f64, f64, &'static str) {
    match &plan.tiers[t].components[k].quantity {
        Quantity::Sized {
            per,
            autoscale: Some(a),
            ..
        } => match a.policy {
            ScalePolicy::Target => (per.median(), a.target.median(), "target"),
            ScalePolicy::Step => (per.median(), a.up.at, "scale-up threshold"),
        },
        _ => (1.0, 1.0, "target"),
    }
}

fn load_chart(plan: &Plan, t: usize, d: &ComponentDay) -> ChartSpec {
    let (per, target, at) = sizing(plan, t, d.component);
    let name = &plan.tiers[t].components[d.component].name;
    let series = |n: &str, colour: usize, f: &dyn Fn(&crate::engine::day::Minute) -> f64| Series {
        name: n.into(),
        colour,
        values: d.minutes.iter().map(f).collect(),
    };
    let mut spec = ChartSpec::months_chart(
        format!("A day of {name}: load against ready capacity"),
        "Load".into(),
        Unit::Users,
        vec![
            series("Load", 5, &|m| m.load),
            series("Ready capacity", 0, &|m| m.ready as f64 * per),
            series(&format!("Ready capacity at {at}"), 2, &|m| {
                m.ready as f64 * per * target
            }),
            // Above 0 only in minutes over target: it marks them.
            series("Load over target", 1, &|m| {
                (m.load - m.ready as f64 * per * target).max(0.0)
            }),
            // Above 0 only in minutes over capacity: it marks them.
            series("Unserved load", 3, &|m| {
                (m.load - m.ready as f64 * per).max(0.0)
            }),
        ],
    );
    spec.plot = Plot::Day;
    spec.bands = holds(plan, t, d);
    spec
}

fn replicas_chart(plan: &Plan, t: usize, d: &ComponentDay) -> ChartSpec {
    let name = &plan.tiers[t].components[d.component].name;
    let mut spec = ChartSpec::months_chart(
        format!("Replicas of {name} through the day (paid for, and ready)"),
        "Replicas".into(),
        Unit::Users,
        vec![
            Series {
                name: "Replicas".into(),
                colour: 0,
                values: d.minutes.iter().map(|m| m.replicas as f64).collect(),
            },
            Series {
                name: "Ready".into(),
                colour: 1,
                values: d.minutes.iter().map(|m| m.ready as f64).collect(),
            },
        ],
    );
    spec.plot = Plot::Day;
    spec.bands = holds(plan, t, d);
    spec
}

/// Hold ranges as minute spans, shaded on the day charts.
fn holds(plan: &Plan, t: usize, d: &ComponentDay) -> Vec<(u32, u32, String)> {
    match &plan.tiers[t].components[d.component].quantity {
        Quantity::Sized {
            autoscale: Some(a), ..
        } => (a.hold.iter())
            .map(|[f, to]| (f * 60, to * 60 - 1, "no scale-down".to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

fn cards(plan: &Plan, d: &ComponentDay) -> Vec<(String, String, String)> {
    let f = &d.figures;
    let share = if f.peak_replicas > 0.0 {
        1.0 - f.average_replicas / f.peak_replicas
    } else {
        0.0
    };
    vec![
        (
            "Average replicas".into(),
            thousands(f.average_replicas, 2),
            format!("peak {}", quantity(f.peak_replicas)),
        ),
        (
            "Replica-hours a day".into(),
            thousands(f.replica_hours, 1),
            String::new(),
        ),
        (
            "Saving against the peak all day".into(),
            money(f.saving, &plan.currency),
            format!("{} a month", percent(share)),
        ),
        (
            "Minutes over target".into(),
            f.minutes_over_target.to_string(),
            "a day".into(),
        ),
        (
            "Minutes over capacity".into(),
            f.minutes_over_capacity.to_string(),
            format!("unserved {}", percent(f.unserved_share)),
        ),
    ]
}

/// Saving and minutes over capacity of the autoscaled components, by month.
fn months_chart(x: &Shown, s: usize) -> Option<ChartSpec> {
    let sf = x.forecast.scenarios.get(s)?;
    let sum = |f: fn(&crate::engine::day::DayFigures) -> f64| -> Vec<f64> {
        sf.months
            .iter()
            .map(|m| {
                m.components
                    .iter()
                    .filter_map(|c| c.day.as_ref())
                    .map(f)
                    .sum()
            })
            .collect()
    };
    Some(ChartSpec::months_chart(
        "What autoscaling saves each month, against sizing for the peak all day".into(),
        format!("{} per month", x.plan.currency),
        Unit::Money(x.plan.currency.clone()),
        vec![Series {
            name: "Saving".into(),
            colour: 2,
            values: sum(|d| d.saving),
        }],
    ))
}

fn risk_chart(x: &Shown, s: usize) -> Option<ChartSpec> {
    let sf = x.forecast.scenarios.get(s)?;
    let values = sf
        .months
        .iter()
        .map(|m| {
            m.components
                .iter()
                .filter_map(|c| c.day.as_ref())
                .map(|d| d.minutes_over_capacity as f64)
                .sum()
        })
        .collect();
    Some(ChartSpec::months_chart(
        "Minutes a day over capacity (load above the ready replicas), by month".into(),
        "Minutes a day".into(),
        Unit::Users,
        vec![Series {
            name: "Minutes over capacity".into(),
            colour: 5,
            values,
        }],
    ))
}

#[component]
pub fn Elastic(shown: Memo<Option<Shown>>, scenario: Memo<usize>) -> impl IntoView {
    let elastic =
        Memo::new(move |_| shown.with(|x| x.as_ref().is_some_and(|x| has_autoscaling(&x.plan))));
    let horizon =
        Memo::new(move |_| shown.with(|x| x.as_ref().map_or(0, |x| x.plan.horizon_months)));
    let month = RwSignal::new(None::<u32>);
    let picked = RwSignal::new(0usize);
    // The month shown: the planner's, else the horizon's last.
    let at = Memo::new(move |_| month.get().unwrap_or(horizon.get()).min(horizon.get()));
    let days = Memo::new(move |_| {
        let (s, m) = (scenario.get(), at.get());
        shown.with(|x| {
            let x = x.as_ref()?;
            if !has_autoscaling(&x.plan) {
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
    let load = Memo::new(move |_| chosen().map(|(x, t, d)| load_chart(&x.plan, t, &d)));
    let replicas = Memo::new(move |_| chosen().map(|(x, t, d)| replicas_chart(&x.plan, t, &d)));
    let saving = Memo::new(move |_| {
        let s = scenario.get();
        shown.with(|x| x.as_ref().and_then(|x| months_chart(x, s)))
    });
    let risk = Memo::new(move |_| {
        let s = scenario.get();
        shown.with(|x| x.as_ref().and_then(|x| risk_chart(x, s)))
    });
    view! {
        <Show when=move || elastic.get()>
            <section class="elastic" aria-labelledby="elastic-title">
                <h2 id="elastic-title">"A day of load"</h2>
                <div class="day-settings">
                    <div class="field">
                        <label for="day-month">{move || format!("Month {}", at.get())}</label>
                        <div class="control">
                            <input id="day-month" type="range" min="0" max=move || horizon.get().to_string()
                                prop:value=move || at.get().to_string()
                                on:input=move |ev| month.set(event_target_value(&ev).parse().ok()) />
                        </div>
                    </div>
                    <div class="field">
                        <label for="day-component">"Component"</label>
                        <div class="control">
                            <select id="day-component" on:change=move |ev| picked.set(event_target_value(&ev).parse().unwrap_or(0))>
                                {move || days.with(|d| d.as_ref().map(|(x, t, ds)| ds.iter().enumerate().map(|(i, d)| {
                                    let name = x.plan.tiers[*t].components[d.component].name.clone();
                                    view! { <option value=i.to_string() selected=i == picked.get_untracked()>{name}</option> }
                                }).collect_view()))}
                            </select>
                        </div>
                    </div>
                    <p class="hint" role="status">{move || days.with(|d| match d {
                        Some((x, t, ds)) if ds.is_empty() => format!("Tier {} (in use at month {}) has no autoscaled component.", x.plan.tiers[*t].label, at.get()),
                        Some((x, t, _)) => format!("Tier {} at month {}.", x.plan.tiers[*t].label, at.get()),
                        None => String::new(),
                    })}</p>
                </div>
                <dl class="cards day-cards">
                    {move || chosen().map(|(x, _, d)| super::card_list(cards(&x.plan, &d)))}
                </dl>
                <div class="charts">
                    <Chart spec=load id="chart-day-load" />
                    <Chart spec=replicas id="chart-day-replicas" />
                    <Chart spec=saving id="chart-day-saving" />
                    <Chart spec=risk id="chart-day-risk" />
                </div>
            </section>
        </Show>
    }
}
