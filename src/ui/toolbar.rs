//! The plan's actions (link, presentation view, files) and the notice that
//! reports what happened to them.

use super::session::{self, Offer, Session, Tone};
use super::store::Store;
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn Toolbar(store: Store, session: Session) -> impl IntoView {
    let file = NodeRef::<html::Input>::new();
    let saved = move || {
        let failing = session.notice.with(|n| {
            n.as_ref()
                .is_some_and(|n| n.offer == Some(Offer::ExportJson))
        });
        let at = session.tab.with(|t| t.saved_at).map(|at| {
            let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at));
            (d.get_hours(), d.get_minutes())
        });
        crate::app::session::saved_state(session.tab.with(|t| t.origin), at, failing)
    };
    view! {
        <div class="toolbar" role="toolbar" aria-label="Plan actions">
            <Show when=move || !session.presenting.get()>{undo_redo(store)}</Show>
            <button type="button" on:click=move |_| session::copy_link(store, session)>
                "Copy link"
            </button>
            <button type="button" on:click=move |_| compare(store, session)>
                "Compare…"
            </button>
            <button
                type="button"
                aria-pressed=move || if session.presenting.get() { "true" } else { "false" }
                on:click=move |_| session::set_presenting(
                    session,
                    !session.presenting.get_untracked(),
                )
            >
                {move || if session.presenting.get() { "Edit plan" } else { "Present" }}
            </button>
            <Show when=move || !session.presenting.get()>
                <button
                    type="button"
                    on:click=move |_| {
                        if let Some(i) = file.get() {
                            i.click()
                        }
                    }
                >
                    "Import JSON…"
                </button>
            </Show>
            <button type="button" on:click=move |_| session::export_json(store, session)>
                "Export JSON"
            </button>
            <button type="button" on:click=move |_| session::export_csv(store, session)>
                "Export CSV"
            </button>
            <input
                node_ref=file
                type="file"
                accept=".json,application/json"
                hidden=true
                aria-hidden="true"
                tabindex="-1"
                on:change=move |_| {
                    let Some(input) = file.get() else { return };
                    if let Some(f) = input.files().and_then(|l| l.get(0)) {
                        session::import_file(store, session, f);
                    }
                    input.set_value("");
                }
            />
            <span class="saved-state" role="status">
                {saved}
            </span>
        </div>
    }
}

/// Undo and Redo (also Ctrl+Z and Ctrl+Shift+Z), off when there is
/// nothing to step to.
fn undo_redo(store: Store) -> impl IntoView {
    let can_redo = move || store.history.with(|h| h.can_redo());
    let step = move |undo: bool| {
        super::undo_redo(store, undo);
        // A button that has run out of steps is disabled, which drops the
        // keyboard's focus to the page: it goes to the other button, which
        // now has a step, once that one is enabled.
        let spent = if undo { !store.can_undo() } else { !can_redo() };
        if spent {
            super::focus::later(if undo { "redo" } else { "undo" }.into());
        }
    };
    view! {
        <button
            type="button"
            id="undo"
            aria-keyshortcuts="Control+Z"
            disabled=move || !store.can_undo()
            on:click=move |_| step(true)
        >
            "Undo"
        </button>
        <button
            type="button"
            id="redo"
            aria-keyshortcuts="Control+Shift+Z"
            disabled=move || !can_redo()
            on:click=move |_| step(false)
        >
            "Redo"
        </button>
    }
}

/// Opens the comparison view on the plan and its selected scenario.
fn compare(store: Store, session: Session) {
    let plan = store.plan.get_untracked();
    let s = store
        .scenario
        .get_untracked()
        .min(plan.scenarios.len().saturating_sub(1));
    session
        .comparing
        .set(Some(crate::app::compare::Comparing::of(plan, s)));
}

#[component]
pub fn NoticeBar(store: Store, session: Session) -> impl IntoView {
    move || {
        session.notice.get().map(|n| {
            let problem = n.tone == Tone::Problem;
            view! {
                <div
                    class="notice"
                    class:problem=problem
                    role=if problem { "alert" } else { "status" }
                >
                    <p>{n.text.clone()}</p>
                    {(n.offer == Some(Offer::SaveLinkedPlan))
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="primary"
                                    on:click=move |_| session::keep_linked_plan(store, session)
                                >
                                    "Save to this browser"
                                </button>
                            }
                        })}
                    {(n.offer == Some(Offer::LoadNewer))
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="primary"
                                    on:click=move |_| session::load_newer(store, session)
                                >
                                    "Load the newer version"
                                </button>
                                <button
                                    type="button"
                                    on:click=move |_| session::keep_as_new(store, session)
                                >
                                    "Keep this tab's plan as a new plan"
                                </button>
                            }
                        })}
                    {(n.offer == Some(Offer::UndoDelete))
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="primary"
                                    on:click=move |_| session::undo_delete(store, session)
                                >
                                    "Undo"
                                </button>
                            }
                        })}
                    {(matches!(n.offer, Some(Offer::ExportJson | Offer::LoadNewer)))
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    on:click=move |_| session::export_json(store, session)
                                >
                                    "Export JSON"
                                </button>
                            }
                        })}
                    <button
                        type="button"
                        class="dismiss"
                        aria-label="Dismiss this message"
                        on:click=move |_| session.notice.set(None)
                    >
                        "✕"
                    </button>
                </div>
            }
        })
    }
}

/// "How long ago", for the plan list.
fn ago(at: f64) -> String {
    let minutes = ((js_sys::Date::now() - at) / 60_000.0).max(0.0) as u64;
    match minutes {
        0 => "changed just now".to_string(),
        1..=59 => format!("changed {minutes} min ago"),
        60..=1439 => format!("changed {} h ago", minutes / 60),
        _ => {
            let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at));
            format!(
                "changed {}-{:02}-{:02}",
                d.get_full_year(),
                d.get_month() + 1,
                d.get_date()
            )
        }
    }
}

/// The plans saved in this browser: open, duplicate, rename, delete (with
/// undo), and new ones from a blank plan or a preset.
#[component]
pub fn PlansPanel(store: Store, session: Session) -> impl IntoView {
    // The list reads (decodes) every saved plan: only while it is open, so
    // that an autosave of a large plan does not read them all again. Its
    // count needs only the records' keys.
    let open = RwSignal::new(false);
    let entries = Memo::new(move |_| {
        session.plans_changed.track();
        if open.get() {
            session::saved_plans()
        } else {
            Vec::new()
        }
    });
    let count = Memo::new(move |_| {
        session.plans_changed.track();
        if open.get() {
            entries.with(Vec::len)
        } else {
            session::saved_count()
        }
    });
    let toggled = move |ev: leptos::ev::Event| {
        let details = event_target::<web_sys::HtmlDetailsElement>(&ev);
        open.set(details.open());
    };
    let new_from = RwSignal::new("blank".to_string());
    let create = move || {
        let name = new_from.get_untracked();
        let plan = crate::presets::find(&name)
            .and_then(|p| p.plan().ok())
            .unwrap_or_else(crate::presets::blank_plan);
        session::new_plan(store, session, plan);
    };
    view! {
        <details class="plans" on:toggle=toggled>
            <summary>{move || format!("Saved plans ({})", count.get())}</summary>
            <ul class="plan-list">
                // Keyed by record and name: a row, and the text in its name
                // field, always show the record they act on.
                <For
                    each=move || entries.get()
                    key=|e| (e.key.clone(), e.name.clone())
                    children=move |e| plan_row(store, session, entries, e)
                />
            </ul>
            <div class="new-plan">
                <label for="new-plan-from">"New plan from"</label>
                <select
                    id="new-plan-from"
                    on:change=move |ev| new_from.set(event_target_value(&ev))
                >
                    <option value="blank">"Blank plan"</option>
                    {crate::ui::editor::preset_options()}
                </select>
                <button type="button" class="primary" on:click=move |_| create()>
                    "Create"
                </button>
            </div>
        </details>
    }
}

/// One saved record in the list: a plan to open, duplicate, rename or
/// delete; or an unreadable record to export or delete.
fn plan_row(
    store: Store,
    session: Session,
    entries: Memo<Vec<session::Entry>>,
    e: session::Entry,
) -> impl IntoView {
    let id = e.id.clone();
    let current = Memo::new(move |_| session.tab.with(|t| t.plan_id == id));
    let del = e.clone();
    let delete_label = format!("Delete saved plan {}", e.name);
    let readable = e.problem.is_none();
    view! {
        <li class:current=move || readable && current.get() class:unreadable=!readable>
            {match e.problem.clone() {
                None => readable_row(store, session, entries, current, e).into_any(),
                Some(why) => {
                    let exp = e.clone();
                    view! {
                        <span class="plan-title">{crate::ui::shown_name(&e.name)}</span>
                        <span class="when problem">{why}</span>
                        <button
                            type="button"
                            on:click=move |_| session::export_record(session, &exp)
                        >
                            "Export"
                        </button>
                    }
                        .into_any()
                }
            }}
            <button
                type="button"
                aria-label=delete_label
                on:click=move |_| session::delete_plan(store, session, &del)
            >
                "Delete"
            </button>
        </li>
    }
}

/// A readable saved plan's name (renamed in place), when it was saved, and
/// its Open (off for the plan open here) and Duplicate buttons.
fn readable_row(
    store: Store,
    session: Session,
    entries: Memo<Vec<session::Entry>>,
    current: Memo<bool>,
    e: session::Entry,
) -> impl IntoView {
    let (open_id, dup_id, ren_id) = (e.id.clone(), e.id.clone(), e.id.clone());
    let when_key = e.key.clone();
    let old_name = e.name.clone();
    view! {
        <input
            type="text"
            class="plan-title"
            aria-label=format!("Name of saved plan {}", e.name)
            value=e.name.clone()
            on:change=move |ev| {
                let renamed = session::rename_plan(
                    store,
                    session,
                    &ren_id,
                    event_target_value(&ev),
                );
                if let Err(why) = renamed {
                    event_target::<web_sys::HtmlInputElement>(&ev).set_value(&old_name);
                    session.tell(Tone::Problem, why, None);
                }
            }
        />
        <span class="when">
            {move || {
                let when = entries
                    .with(|l| l.iter().find(|x| x.key == when_key).map(|x| ago(x.saved_at)));
                when.map(|w| if current.get() { format!("{w} · open here") } else { w })
            }}
        </span>
        <button
            type="button"
            disabled=move || current.get()
            on:click=move |_| session::open_plan(store, session, &open_id)
        >
            "Open"
        </button>
        <button type="button" on:click=move |_| session::duplicate_plan(session, &dup_id)>
            "Duplicate"
        </button>
    }
}
