//! The comparison view (issue 16): two to four plans side by side, a
//! decision table with the best of each row in words, the break-even
//! months, what differs, and the overlaid charts; a link that carries the
//! whole comparison (opened read-only, any plan one click from editing),
//! CSV export, print and present. Figures come from `compare`; the charts'
//! contents from `app::compare`.

use crate::app::compare::{chart, Comparing, Measure};
use crate::compare::{
    break_even_text, compare, not_computed, output, title, Comparison, MAX_COLUMNS,
};
use crate::engine::simulate::DEFAULT_SAMPLES;
use crate::formats::link;
use crate::presets::PRESETS;
use crate::ui::charts::Chart;
use crate::ui::session::{self, Session, Tone};
use crate::ui::store::Store;
use leptos::prelude::*;

#[component]
pub fn CompareView(store: Store, session: Session) -> impl IntoView {
    let comparing = session.comparing;
    let outcome = Memo::new(move |_| {
        comparing.with(|c| {
            let c = c.as_ref()?;
            Some(compare(&c.columns, DEFAULT_SAMPLES).map_err(|(i, e)| not_computed(i, &e)))
        })
    });
    let from_link = Memo::new(move |_| comparing.with(|c| c.as_ref().is_some_and(|c| c.from_link)));
    let shown = move || outcome.get().and_then(Result::ok);
    let spec = move |m: Measure| {
        Memo::new(move |_| outcome.with(|o| o.as_ref()?.as_ref().ok().map(|c| chart(c, m))))
    };
    let (users, cost, cumulative) = (
        spec(Measure::Users),
        spec(Measure::MonthlyCost),
        spec(Measure::CumulativeCost),
    );
    view! {
        <section class="compare" aria-labelledby="compare-title">
            <div class="compare-head">
                <h2 id="compare-title">"Compare plans"</h2>
                {compare_actions(session, outcome)}
            </div>
            <Show when=move || from_link.get()>
                <p class="notice-inline" role="status">
                    "A comparison from a link, read-only here: open any of its plans for editing. Your own saved plans are untouched."
                </p>
            </Show>
            <Show when=move || !from_link.get() && !session.presenting.get()>
                <Picker store comparing />
            </Show>
            {move || {
                outcome
                    .get()
                    .and_then(Result::err)
                    .map(|e| {
                        view! {
                            <p class="sim-dropped problem" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
            {move || shown().map(|c| view! { <Decision store session comparison=c /> })}
            <div class="charts" class:hidden=move || outcome.with(|o| !matches!(o, Some(Ok(_))))>
                <Chart spec=users id="compare-users" />
                <Chart spec=cost id="compare-cost" />
                <Chart spec=cumulative id="compare-cumulative" />
            </div>
        </section>
    }
}

/// What a comparison computes to: its figures, or which plan cannot be
/// computed and why.
type Outcome = Memo<Option<Result<Comparison, String>>>;

/// Copy the comparison's link, export it as CSV, print, present, close.
fn compare_actions(session: Session, outcome: Outcome) -> impl IntoView {
    let comparing = session.comparing;
    let copy = move |_| {
        let Some(fragment) =
            comparing.with_untracked(|c| c.as_ref().map(|c| link::encode_comparison(&c.linked())))
        else {
            return;
        };
        session::copy_text(session, session::address_with(&fragment), "Comparison link");
    };
    let export = move |_| {
        let Some(c) = outcome.get_untracked().and_then(Result::ok) else {
            return;
        };
        if session::download("comparison.csv", "text/csv", &output::csv(&c)).is_err() {
            session.tell(
                Tone::Problem,
                "The browser did not allow the download.",
                None,
            );
        }
    };
    let close = move |_| {
        comparing.set(None);
        forget_address();
    };
    view! {
        <div class="compare-actions">
            <button type="button" on:click=copy>
                "Copy comparison link"
            </button>
            <button type="button" on:click=export>
                "Export comparison (CSV)"
            </button>
            <button
                type="button"
                on:click=move |_| {
                    let _ = window().print();
                }
            >
                "Print"
            </button>
            <button
                type="button"
                aria-pressed=move || if session.presenting.get() { "true" } else { "false" }
                on:click=move |_| session.presenting.update(|p| *p = !*p)
            >
                "Present"
            </button>
            <button type="button" on:click=close>
                "Close"
            </button>
        </div>
    }
}

/// The address without the comparison link, so a reload opens the plan.
fn forget_address() {
    if window()
        .location()
        .hash()
        .is_ok_and(|h| link::is_comparison(&h))
    {
        session::drop_link_from_address();
    }
}

/// The decision table, the break-even months and what differs.
#[component]
fn Decision(store: Store, session: Session, comparison: Comparison) -> impl IntoView {
    let cols = comparison.columns.len();
    let titles: Vec<String> = (0..cols).map(|k| title(&comparison.columns, k)).collect();
    // A plan opens for editing through its own link in the address, so
    // Back returns to the comparison.
    let open = move |k: usize| {
        let plan = session.comparing.with_untracked(|c| {
            c.as_ref()
                .and_then(|c| c.columns.get(k).map(|e| e.plan.clone()))
        });
        if let Some(plan) = plan {
            if window().location().set_hash(&link::encode(&plan)).is_err() {
                session::open_linked(store, session, plan);
            }
        }
    };
    let head = (comparison.columns.iter().enumerate())
        .map(|(k, col)| {
            let scenario = col.entry.plan.scenarios[col.entry.scenario].label.clone();
            view! {
                <th scope="col">
                    <span class=format!("swatch c{k}") aria-hidden="true"></span>
                    {titles[k].clone()}
                    <span class="detail">{scenario}</span>
                    <button type="button" class="open-plan" on:click=move |_| open(k)>
                        "Open for editing"
                    </button>
                </th>
            }
        })
        .collect_view();
    let rows = decision_rows(&comparison);
    let crossings = (comparison.break_even.iter())
        .map(|b| view! { <li>{break_even_text(&comparison.columns, b)}</li> })
        .collect_view();
    let none_cross = comparison.break_even.is_empty() && cols > 1;
    let differences = differences(&comparison, &titles);
    let differs = comparison.differences.len();
    view! {
        // Shown on a phone only (style.css): the plans past the first are off
        // screen, and a clipped column does not say there is more.
        {(cols > 1)
            .then(|| {
                view! {
                    <p class="hint scroll-hint">"Swipe the table sideways to see every plan →"</p>
                }
            })}
        <div class="decision-wrap">
            <table class="decision">
                <caption>"Decision table: the best of each row is named"</caption>
                <thead>
                    <tr>
                        <td></td>
                        {head}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <ul class="break-even">
            {crossings}
            {none_cross
                .then(|| {
                    view! {
                        <li>"No plan's cumulative cost overtakes another's within the horizon."</li>
                    }
                })}
        </ul>
        <details class="differences" open=differs <= 12>
            <summary>{format!("What differs ({differs})")}</summary>
            <ul>{differences}</ul>
        </details>
    }
}

/// The decision table's rows: each row's best plans are in bold, with the
/// row's word for best ("lowest").
fn decision_rows(comparison: &Comparison) -> impl IntoView {
    output::rows(comparison)
        .into_iter()
        .map(|r| {
            let cells = (r.cells.into_iter().enumerate())
                .map(|(k, text)| {
                    if r.best.contains(&k) {
                        view! {
                            <td class="best">
                                <strong>{text}</strong>
                                " ("
                                {r.word}
                                ")"
                            </td>
                        }
                        .into_any()
                    } else {
                        view! { <td>{text}</td> }.into_any()
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{r.name}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view()
}

/// What differs between the first plan and each other, one line each.
fn differences(comparison: &Comparison, titles: &[String]) -> impl IntoView {
    (comparison.differences.iter())
        .map(|d| {
            let text = format!(
                "{} vs {}: {}: {} → {}",
                titles[0], titles[d.plan], d.label, d.a, d.b
            );
            view! { <li>{text}</li> }
        })
        .collect_view()
}

/// The plans in the comparison, each with its scenario, and what can be
/// added: this plan, a saved plan, a preset or a pasted plan link.
#[component]
fn Picker(store: Store, comparing: RwSignal<Option<Comparing>>) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let add = move |plan: crate::engine::Plan| {
        let mut added = false;
        comparing.update(|c| added = c.as_mut().is_some_and(|c| c.add(plan)));
        problem.set((!added).then(|| format!("A comparison holds at most {MAX_COLUMNS} plans.")));
    };
    let chosen = move |value: String| {
        let plan = match value.split_once(':') {
            Some(("this", _)) => Some(Ok(store.plan.get_untracked())),
            Some(("all", _)) => {
                let plan = store.plan.get_untracked();
                comparing.set(Some(crate::app::compare::Comparing::every_scenario(plan)));
                problem.set(None);
                return;
            }
            Some(("preset", name)) => PRESETS.iter().find(|p| p.name == name).map(|p| p.plan()),
            Some(("saved", id)) => session::saved_plan(id),
            _ => None,
        };
        match plan {
            Some(Ok(p)) => add(p),
            Some(Err(e)) => problem.set(Some(e)),
            None => {}
        }
    };
    let pasted = RwSignal::new(String::new());
    let from_link = move |_| {
        let text = pasted.get_untracked();
        let fragment = link::fragment_in(&text);
        match link::decode(&fragment) {
            Ok(p) => {
                add(p);
                pasted.set(String::new());
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    let rows = move || comparing.with(|c| c.as_ref().map(|c| c.columns.len()).unwrap_or(0));
    view! {
        <div class="compare-picker">
            <For
                each=move || 0..rows()
                key=|k| *k
                children=move |k| view! { <PickedRow comparing k /> }
            />
            <div class="compare-add">
                <label for="compare-add">"Add a plan"</label>
                <select
                    id="compare-add"
                    disabled=move || { rows() >= MAX_COLUMNS }
                    on:change=move |ev| {
                        chosen(event_target_value(&ev));
                        event_target::<web_sys::HtmlSelectElement>(&ev).set_value("");
                    }
                >
                    {add_options(store)}
                </select>
                <label for="compare-link">"or a plan link"</label>
                <input
                    id="compare-link"
                    type="text"
                    autocomplete="off"
                    prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))
                />
                <button type="button" on:click=from_link disabled=move || { rows() >= MAX_COLUMNS }>
                    "Add from link"
                </button>
            </div>
            <p class="error" role="status" id="compare-problem">
                {move || problem.get()}
            </p>
        </div>
    }
}

/// What "Add a plan" offers: every scenario of this plan, this plan, the
/// saved plans that read, and the presets.
fn add_options(store: Store) -> impl IntoView {
    let saved = (session::saved_plans().into_iter())
        .filter(|e| e.problem.is_none())
        .map(|e| view! { <option value=format!("saved:{}", e.id)>{e.name}</option> })
        .collect_view();
    let presets = (PRESETS.iter())
        .map(|p| view! { <option value=format!("preset:{}", p.name)>{p.title()}</option> })
        .collect_view();
    view! {
        <option value="">"Choose…"</option>
        <option value="all:">
            {format!("Every scenario of this plan (replaces the columns; up to {MAX_COLUMNS})")}
        </option>
        <option value="this:">
            {move || {
                format!("This plan: {}", store.plan.with(|p| crate::ui::shown_name(p.title())))
            }}
        </option>
        <optgroup label="Saved plans">{saved}</optgroup>
        <optgroup label="Presets">{presets}</optgroup>
    }
}

/// One plan of the comparison: its scenario, and removing it.
#[component]
fn PickedRow(comparing: RwSignal<Option<Comparing>>, k: usize) -> impl IntoView {
    let with = move |f: &dyn Fn(&crate::compare::Entry) -> String| {
        comparing.with(|c| {
            c.as_ref()
                .and_then(|c| c.columns.get(k))
                .map(f)
                .unwrap_or_default()
        })
    };
    let scenarios = move || {
        comparing.with(|c| {
            (c.as_ref().and_then(|c| c.columns.get(k)))
                .map(|e| {
                    e.plan
                        .scenarios
                        .iter()
                        .map(|s| s.label.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let id = format!("compare-scenario-{k}");
    view! {
        <div class="compare-row">
            <span class=format!("swatch c{k}") aria-hidden="true"></span>
            <strong>{move || with(&|e| crate::ui::shown_name(e.plan.title()))}</strong>
            <label for=id.clone()>"Scenario"</label>
            <select
                id=id
                prop:value=move || with(&|e| e.scenario.to_string())
                on:change=move |ev| {
                    if let Ok(s) = event_target_value(&ev).parse::<usize>() {
                        comparing
                            .update(|c| {
                                if let Some(e) = c.as_mut().and_then(|c| c.columns.get_mut(k)) {
                                    e.scenario = s.min(e.plan.scenarios.len().saturating_sub(1));
                                }
                            });
                    }
                }
            >
                {move || {
                    scenarios()
                        .into_iter()
                        .enumerate()
                        .map(|(i, l)| view! { <option value=i.to_string()>{l}</option> })
                        .collect_view()
                }}
            </select>
            <button
                type="button"
                on:click=move |_| {
                    comparing
                        .update(|c| {
                            if let Some(c) = c
                                .as_mut()
                                .filter(|c| c.columns.len() > 1 && k < c.columns.len())
                            {
                                c.columns.remove(k);
                            }
                        })
                }
            >
                "Remove"
            </button>
        </div>
    }
}
