//! Actuals (MODEL.md section 11): what really happened, by month, typed,
//! pasted from a spreadsheet or imported as CSV (`formats::actuals`).

use crate::app::actuals::{driver_columns, drivers_to_add};
use crate::engine::edit::remove;
use crate::engine::Num;
use crate::engine::{validate, Actual, Path, Plan};
use crate::formats::actuals::{merge, read, to_csv, told};
use crate::formats::input::{parse_actual_month, parse_observed, show, NumberKind};
use crate::ui::fields::{action, text_field};
use crate::ui::store::Store;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Actuals(store: Store) -> impl IntoView {
    let n = store.plan.with_untracked(|p| p.actuals.len());
    // The rows are built once per editor rebuild; adding a column rebuilds.
    let (drivers, more) = store.plan.with_untracked(|p| {
        let columns = store
            .actual_drivers
            .with_untracked(|a| driver_columns(p, a));
        let more = drivers_to_add(p, &columns);
        (columns, more)
    });
    let add_driver = move |id: String| {
        if !id.is_empty() {
            store.actual_drivers.update(|d| d.push(id));
            store.shape.update(|n| *n += 1);
        }
    };
    let pasted = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let take = move |text: String| match read_into(store, &text) {
        Ok(what) => {
            pasted.set(String::new());
            problem.set(None);
            let left = store.plan.with_untracked(|p| p.actuals.clone());
            store.actuals_read.set(Some((what, left)));
        }
        Err(why) => {
            problem.set(Some(why));
            store.actuals_read.set(None);
        }
    };
    let add = move || {
        store.restructure(None, |p: &mut Plan| {
            let month = p.actuals.last().map_or(0, |a| a.month + 1);
            p.actuals.push(Actual {
                month,
                users: None,
                cost: None,
                metrics: Default::default(),
            });
        })
    };
    super::section(
        "Actuals",
        "actuals",
        view! {
            <p class="hint">
                "What really happened, by month: 0 is now, -1 the month before. Paste rows from a spreadsheet (a month number or a date such as 2026-07, users, cost; a header row may name drivers too) or add months one by one. A pasted month's figures replace those it gives; the rest stay."
            </p>
            <div class="actual-rows">{(0..n).map(|i| row(store, i, &drivers)).collect_view()}</div>
            <div class="row-actions">
                <button type="button" class="add" on:click=move |_| add()>
                    "+ Add month"
                </button>
                {(!more.is_empty()).then(|| driver_picker(more, add_driver))}
            </div>
            {paste_field(store, pasted, problem)}
            <p class="hint read-status" id="actuals-read" role="status">
                {move || read_status(store)}
            </p>
            {file_actions(store, move || take(pasted.get_untracked()), take, problem)}
        },
    )
}

/// Read the pasted rows (`read`), import a CSV file (`take` its text) and
/// export the actuals as CSV (a refused download told in `problem`).
fn file_actions(
    store: Store,
    read: impl Fn() + 'static,
    take: impl Fn(String) + Copy + 'static,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let export = move || {
        let (text, stem) = store
            .plan
            .with_untracked(|p| (to_csv(p), crate::ui::session::file_stem(p)));
        let failed =
            crate::ui::session::download(&format!("{stem}-actuals.csv"), "text/csv", &text)
                .is_err();
        problem.set(failed.then(|| "The browser refused the download.".to_string()));
    };
    view! {
        <div class="row-actions">
            <button type="button" on:click=move |_| read()>
                "Read pasted rows"
            </button>
            <button type="button" on:click=move |_| choose_csv(take)>
                "Import actuals (CSV)…"
            </button>
            <button
                type="button"
                on:click=move |_| export()
                prop:disabled=move || store.plan.with(|p| p.actuals.is_empty())
            >
                "Export actuals (CSV)"
            </button>
        </div>
    }
}

/// "Add a driver's column": the drivers with no column yet (`more`, as
/// id and label).
fn driver_picker(
    more: Vec<(String, String)>,
    add_driver: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label class="add-driver">
            "Add a driver's column "
            <select id="actuals-add-driver" on:change=move |ev| add_driver(event_target_value(&ev))>
                <option value="" selected>
                    "choose…"
                </option>
                {more
                    .into_iter()
                    .map(|(id, label)| view! { <option value=id>{label}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The box rows are pasted into, with the problem of the last read.
fn paste_field(
    store: Store,
    pasted: RwSignal<String>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field paste" class:invalid=move || problem.with(Option::is_some)>
            <label for="actuals-paste">"Paste rows"</label>
            <textarea
                id="actuals-paste"
                rows="4"
                spellcheck="false"
                placeholder="2026-05\t9,800\t3,020"
                prop:value=move || pasted.get()
                on:input=move |ev| {
                    pasted.set(event_target_value(&ev));
                    store.actuals_read.set(None);
                }
            ></textarea>
            <p class="error" id="actuals-paste-error" role="alert">
                {move || problem.get()}
            </p>
        </div>
    }
}

/// What the last read took in, while the actuals are still what it left.
fn read_status(store: Store) -> Option<String> {
    store.actuals_read.with(|r| {
        r.as_ref()
            .filter(|(_, left)| store.plan.with(|p| p.actuals == *left))
            .map(|(what, _)| what.clone())
    })
}

/// Reads pasted or imported rows into the plan (one undoable edit) and
/// says what it read, or says what is wrong with them; nothing is
/// half-read.
fn read_into(store: Store, text: &str) -> Result<String, String> {
    let plan = store.plan.get_untracked();
    let pasted = read(text, &plan).map_err(|e| e.to_string())?;
    let what = told(&plan, &pasted);
    let next = merge(&plan, &pasted);
    let own =
        |p: &Path| p.starts_with(&Path::field("actuals")) || p.starts_with(&Path::field("start"));
    if let Some(e) = validate(&next).into_iter().find(|e| own(&e.path)) {
        return Err(format!("not read: {e}"));
    }
    store.restructure(Some(&Path::field("actuals")), move |p| {
        p.actuals = next.actuals;
        p.start = next.start;
    });
    Ok(what)
}

/// Asks for a CSV file and reads it with `take`. The file input is made
/// for the moment, so the page keeps one plan-file input.
fn choose_csv(take: impl Fn(String) + Copy + 'static) {
    let Ok(input) = document().create_element("input") else {
        return;
    };
    let input: web_sys::HtmlInputElement = input.unchecked_into();
    input.set_type("file");
    input.set_accept(".csv,.tsv,.txt,text/csv,text/plain");
    let picked = input.clone();
    let on_change = wasm_bindgen::closure::Closure::once_into_js(move || {
        let Some(file) = picked.files().and_then(|f| f.get(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => take(text.as_string().unwrap_or_default()),
                Err(_) => take(String::new()),
            }
        });
    });
    input.set_onchange(Some(on_change.unchecked_ref()));
    input.click();
}

/// The users or the cost of an actual, by its JSON key.
fn slot<'a>(a: &'a mut Actual, key: &str) -> &'a mut Option<f64> {
    if key == "users" {
        &mut a.users
    } else {
        &mut a.cost
    }
}

/// One month's actual: its month, users, cost and the value of each driver
/// in `drivers` (by metric id), and a remove button.
fn row(store: Store, i: usize, drivers: &[String]) -> impl IntoView {
    let base = Path::field("actuals").at(i);
    let month = month_field(store, i, &base);
    let users = figure_field(store, i, &base, "Users", "users", NumberKind::Count);
    let cost = figure_field(store, i, &base, "Cost", "cost", NumberKind::Money);
    let drivers: Vec<_> = (drivers.iter())
        .map(|id| driver_field(store, i, &base, id))
        .collect();
    let date = move || {
        store.plan.with(|p| {
            let a = p.actuals.get(i)?;
            crate::engine::calendar::date(p.start, a.month)
        })
    };
    let name = store
        .plan
        .with_untracked(|p| p.actuals.get(i).map_or(0, |a| a.month));
    view! {
        <div class="actual-row">
            {month} <span class="actual-date">{date}</span>
            <div class="actual-figures">{users} {cost} {drivers}</div>
            {action(
                "×",
                format!("Remove the actual of month {name}"),
                move || {
                    store.restructure(Some(&Path::field("actuals")), |p| remove(&mut p.actuals, i))
                },
            )}
        </div>
    }
}

/// An actual's month: a number (0 is now) or a date such as 2026-07.
fn month_field(store: Store, i: usize, base: &Path) -> impl IntoView {
    text_field(
        store,
        "Month",
        base.clone().key("month"),
        " ",
        Box::new(move |p| {
            p.actuals
                .get(i)
                .map_or(String::new(), |a| a.month.to_string())
        }),
        Box::new(move |p, text| {
            let m = parse_actual_month(text, p.start)?;
            if let Some(a) = p.actuals.get_mut(i) {
                a.month = m;
            }
            Ok(())
        }),
    )
}

/// An actual's users or cost (`key`); blank when not observed.
fn figure_field(
    store: Store,
    i: usize,
    base: &Path,
    label: &str,
    key: &'static str,
    kind: NumberKind,
) -> impl IntoView {
    let suffix = if kind == NumberKind::Money {
        crate::ui::fields::CURRENCY
    } else {
        " "
    };
    text_field(
        store,
        label,
        base.clone().key(key),
        suffix,
        Box::new(move |p| {
            (p.actuals.get_mut(i))
                .and_then(|a| *slot(a, key))
                .map_or(String::new(), |v| show(&Num::Fixed(v), kind))
        }),
        Box::new(move |p, text| {
            let v = parse_observed(text, kind)?;
            if let Some(a) = p.actuals.get_mut(i) {
                *slot(a, key) = v;
            }
            Ok(())
        }),
    )
}

/// An actual's value of driver `id`, labelled with the driver's label and
/// unit; blank when not observed.
fn driver_field(store: Store, i: usize, base: &Path, id: &str) -> impl IntoView {
    let id = id.to_string();
    let (label, unit) = store.plan.with_untracked(|p| {
        (p.metrics.iter().find(|m| m.id == id)).map_or((id.clone(), String::new()), |m| {
            (m.label.clone(), m.unit.clone())
        })
    });
    let label = if unit.is_empty() {
        label
    } else {
        format!("{label} ({unit})")
    };
    let key = id.clone();
    text_field(
        store,
        &label,
        base.clone().key("metrics").name(&id),
        " ",
        Box::new(move |p| {
            (p.actuals.get(i))
                .and_then(|a| a.metrics.get(&key))
                .map_or(String::new(), |v| show(&Num::Fixed(*v), NumberKind::Count))
        }),
        Box::new(move |p, text| {
            let v = parse_observed(text, NumberKind::Count)?;
            if let Some(a) = p.actuals.get_mut(i) {
                match v {
                    Some(v) => a.metrics.insert(id.clone(), v),
                    None => a.metrics.remove(&id),
                };
            }
            Ok(())
        }),
    )
}
