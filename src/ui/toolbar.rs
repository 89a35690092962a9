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
        match session.origin.get() {
            session::Origin::Link => return "Not saved: opened from a link".to_string(),
            session::Origin::Superseded => {
                return "Not saved: a newer version is saved in another tab".to_string()
            }
            session::Origin::Saved => {}
        }
        let failing = session.notice.with(|n| {
            n.as_ref()
                .is_some_and(|n| n.offer == Some(Offer::ExportJson))
        });
        match session.saved_at.get() {
            None => "Not saved yet".to_string(),
            Some(at) => {
                let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at));
                let time = format!("{:02}:{:02}", d.get_hours(), d.get_minutes());
                if failing {
                    format!("Last saved at {time}; newer edits are not saved")
                } else {
                    format!("Saved in this browser at {time}")
                }
            }
        }
    };
    view! {
        <div class="toolbar" role="toolbar" aria-label="Plan actions">
            <Show when=move || !session.presenting.get()>
                <button type="button" aria-keyshortcuts="Control+Z"
                    disabled=move || store.history.with(|h| h.undo.is_empty())
                    on:click=move |_| super::undo_redo(store, true)>"Undo"</button>
                <button type="button" aria-keyshortcuts="Control+Shift+Z"
                    disabled=move || store.history.with(|h| h.redo.is_empty())
                    on:click=move |_| super::undo_redo(store, false)>"Redo"</button>
            </Show>
            <button type="button" on:click=move |_| session::copy_link(store, session)>"Copy link"</button>
            <button type="button" aria-pressed=move || if session.presenting.get() { "true" } else { "false" }
                on:click=move |_| session::set_presenting(session, !session.presenting.get_untracked())>
                {move || if session.presenting.get() { "Edit plan" } else { "Present" }}
            </button>
            <Show when=move || !session.presenting.get()>
                <button type="button" on:click=move |_| { if let Some(i) = file.get() { i.click() } }>"Import JSON…"</button>
            </Show>
            <button type="button" on:click=move |_| session::export_json(store, session)>"Export JSON"</button>
            <button type="button" on:click=move |_| session::export_csv(store, session)>"Export CSV"</button>
            <input node_ref=file type="file" accept=".json,application/json" hidden=true aria-hidden="true" tabindex="-1"
                on:change=move |_| {
                    let Some(input) = file.get() else { return };
                    if let Some(f) = input.files().and_then(|l| l.get(0)) {
                        session::import_file(store, session, f);
                    }
                    input.set_value("");
                } />
            <span class="saved-state" role="status">{saved}</span>
        </div>
    }
}

#[component]
pub fn NoticeBar(store: Store, session: Session) -> impl IntoView {
    move || {
        session.notice.get().map(|n| {
            let problem = n.tone == Tone::Problem;
            view! {
                <div class="notice" class:problem=problem role=if problem { "alert" } else { "status" }>
                    <p>{n.text.clone()}</p>
                    {(n.offer == Some(Offer::SaveLinkedPlan)).then(|| view! {
                        <button type="button" class="primary" on:click=move |_| session::keep_linked_plan(store, session)>"Save to this browser"</button>
                    })}
                    {(n.offer == Some(Offer::LoadNewer)).then(|| view! {
                        <button type="button" class="primary" on:click=move |_| session::load_newer(store, session)>"Load the newer version"</button>
                    })}
                    {(matches!(n.offer, Some(Offer::ExportJson | Offer::LoadNewer))).then(|| view! {
                        <button type="button" on:click=move |_| session::export_json(store, session)>"Export JSON"</button>
                    })}
                    <button type="button" class="dismiss" aria-label="Dismiss this message" on:click=move |_| session.notice.set(None)>"✕"</button>
                </div>
            }
        })
    }
}
