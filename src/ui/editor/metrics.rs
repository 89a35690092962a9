//! Drivers: the metrics derived from users (MODEL.md section 3).

use crate::engine::edit::shift;
use crate::engine::{Path, Plan, USERS};
use crate::formats::input::NumberKind;
use crate::ui::fields::{
    action, check_field, move_actions, number_field, select_field, string_field, text_field,
};
use crate::ui::store::Store;
use leptos::prelude::*;

/// `users` and every driver id, with their labels, for "from" and limit pickers.
pub fn quantity_options(p: &Plan, except: Option<usize>) -> Vec<(String, String)> {
    std::iter::once((USERS.to_string(), "Users".to_string()))
        .chain(
            p.metrics
                .iter()
                .enumerate()
                .filter(|(k, _)| Some(*k) != except)
                .map(|(_, m)| (m.id.clone(), format!("{} ({})", m.label, m.id))),
        )
        .collect()
}

#[component]
pub fn Metrics(store: Store) -> impl IntoView {
    let n = store.plan.with_untracked(|p| p.metrics.len());
    let add = move || store.restructure(None, Plan::add_metric);
    super::section(
        "Drivers",
        "drivers",
        view! {
            <p class="hint">
                "Each driver is base + factor × another driver or users; accumulating ones add up month by month (stored data)."
            </p>
            {(0..n).map(|i| metric(store, i, n)).collect_view()}
            <button type="button" class="add" on:click=move |_| add()>
                "+ Add driver"
            </button>
        },
    )
}

fn metric(store: Store, i: usize, n: usize) -> impl IntoView {
    let base = Path::metric(i);
    let id_field = text_field(
        store,
        "Id",
        base.clone().key("id"),
        "",
        Box::new(move |p| p.metrics.get(i).map_or(String::new(), |m| m.id.clone())),
        Box::new(move |p, text| rename_driver(store, p, i, text)),
    );
    view! {
        <fieldset class="card compact">
            <legend>
                {move || {
                    store
                        .plan
                        .with(|p| {
                            p.metrics.get(i).map(|m| format!("Driver {}: {}", i + 1, m.label))
                        })
                }}
            </legend>
            {driver_actions(store, i, n)}
            <div class="grid">
                {string_field(
                    store,
                    "Label",
                    base.clone().key("label"),
                    move |p| p.metrics.get_mut(i).map(|m| &mut m.label),
                )} {id_field}
                {string_field(
                    store,
                    "Unit",
                    base.clone().key("unit"),
                    move |p| p.metrics.get_mut(i).map(|m| &mut m.unit),
                )}
                {select_field(
                    store,
                    "From",
                    base.clone().key("from"),
                    move |p| quantity_options(p, Some(i)),
                    move |p| p.metrics.get(i).map_or(String::new(), |m| m.from.clone()),
                    move |store, v| {
                        store
                            .edit(|p| {
                                if let Some(m) = p.metrics.get_mut(i) {
                                    m.from = v;
                                }
                            })
                    },
                )}
                {number_field(
                    store,
                    "Factor",
                    base.clone().key("factor"),
                    NumberKind::Decimal,
                    move |p| p.metrics.get_mut(i).map(|m| &mut m.factor),
                )}
                {number_field(
                    store,
                    "Base",
                    base.clone().key("base"),
                    NumberKind::Count,
                    move |p| p.metrics.get_mut(i).map(|m| &mut m.base),
                )}
                {check_field(
                    store,
                    "Accumulate month by month",
                    base.clone().key("accumulate"),
                    move |p| p.metrics.get_mut(i).map(|m| &mut m.accumulate),
                )}
            </div>
        </fieldset>
    }
}

/// Moving driver `i` (of `n`) up or down, and removing it.
fn driver_actions(store: Store, i: usize, n: usize) -> impl IntoView {
    let title = |k: usize, way: &str| format!("Move driver {} {way}", k + 1);
    let shift_by = move |by| {
        store.restructure(Some(&Path::field("metrics")), move |p| {
            shift(&mut p.metrics, i, by)
        })
    };
    view! {
        <div class="card-actions">
            {move_actions(i, n, title, shift_by)}
            {action(
                "Remove",
                format!("Remove driver {}", i + 1),
                move || {
                    store.restructure(Some(&Path::field("metrics")), |p| p.remove_metric(i));
                    if n > 1 {
                        crate::ui::focus::field(Path::metric(i.min(n - 2)).key("label"));
                    }
                },
            )}
        </div>
    }
}

/// Renames driver `i` to `text` (trimmed), refusing an empty id, `users`
/// and another driver's id; the actuals' columns follow the new id.
fn rename_driver(store: Store, p: &mut Plan, i: usize, text: &str) -> Result<(), String> {
    let id = text.trim();
    if id.is_empty() {
        return Err("enter an id, e.g. peak_concurrent".to_string());
    }
    if id == USERS {
        return Err("\"users\" is reserved for the plan's user count".to_string());
    }
    if p.metrics
        .iter()
        .enumerate()
        .any(|(k, m)| k != i && m.id == id)
    {
        return Err(format!("another driver already has the id \"{id}\""));
    }
    let old = p.metrics.get(i).map(|m| m.id.clone()).unwrap_or_default();
    // Its actuals column shows when it has values or was added.
    let observed = p.actuals.iter().any(|a| a.metrics.contains_key(&old))
        || store.actual_drivers.with_untracked(|d| d.contains(&old));
    p.rename_metric(i, id);
    store.keys.update(|k| *k += 1);
    // The actuals' columns are named by id: rebuild them (keeping
    // this field's focus), and carry an added empty column over.
    store.actual_drivers.update(|d| {
        for x in d.iter_mut().filter(|x| **x == old) {
            *x = id.to_string();
        }
    });
    if observed {
        let focus = crate::ui::focus::remember();
        store.shape.update(|n| *n += 1);
        focus.restore();
    }
    Ok(())
}
