//! Where the plan comes from and goes: browser storage (autosave), plan
//! links, files, and the presentation view. What happens to them is told in
//! a notice; nothing here throws edits away.

use super::store::Store;
use crate::app::saved::Storage as _;
use crate::engine::Plan;
use crate::formats::{csv, link, plan_json, saved};
use crate::presets;
use gloo::timers::callback::Timeout;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

mod files;
mod links;
mod plans;
mod storage;
mod tabs;
pub use files::*;
pub use links::*;
pub use plans::*;
use storage::*;
pub use tabs::*;

/// Where the plan on screen came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Origin {
    /// This browser's saved plan (or a new one): edits are autosaved.
    Saved,
    /// A plan link: an unsaved copy until the visitor saves it.
    Link,
    /// Another tab saved this browser's plan after this tab last did: this
    /// tab stops saving so that it cannot overwrite the newer save.
    Superseded,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tone {
    Info,
    Problem,
}

/// What the notice offers to do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Offer {
    SaveLinkedPlan,
    ExportJson,
    /// Superseded: load the newer save (or export this tab's plan).
    LoadNewer,
    /// A plan was deleted: bring it back.
    UndoDelete,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub tone: Tone,
    pub text: String,
    pub offer: Option<Offer>,
}

#[derive(Clone, Copy)]
pub struct Session {
    pub origin: RwSignal<Origin>,
    pub notice: RwSignal<Option<Notice>>,
    pub presenting: RwSignal<bool>,
    /// When the plan was last saved to this browser (ms since 1970).
    pub saved_at: RwSignal<Option<f64>>,
    /// The id under which this tab saves its plan.
    pub plan_id: RwSignal<String>,
    /// Bumped whenever the saved plans change (the plan list re-reads them).
    pub plans_changed: RwSignal<u64>,
    /// The last deleted record (storage key, text), for undo.
    pub deleted: RwSignal<Option<(String, String)>>,
    /// The plan as this tab last read or wrote it: edits are what differs.
    pub last_saved: StoredValue<Option<Plan>>,
    /// The autosave waiting to run; flushed when the page is hidden or left.
    pending: StoredValue<Option<Timeout>, LocalStorage>,
}

impl Session {
    pub fn new() -> Session {
        Session {
            origin: RwSignal::new(Origin::Saved),
            notice: RwSignal::new(None),
            presenting: RwSignal::new(false),
            saved_at: RwSignal::new(None),
            plan_id: RwSignal::new(String::new()),
            plans_changed: RwSignal::new(0),
            deleted: RwSignal::new(None),
            last_saved: StoredValue::new(None),
            pending: StoredValue::new_local(None),
        }
    }

    /// This tab's plan differs from the one it last read or wrote.
    fn has_edits(&self, store: Store) -> bool {
        let ours = self.last_saved.read_value();
        store.plan.with_untracked(|p| ours.as_ref() != Some(p))
    }
}

impl Session {
    fn tell(&self, tone: Tone, text: impl Into<String>, offer: Option<Offer>) {
        self.notice.set(Some(Notice {
            tone,
            text: text.into(),
            offer,
        }));
    }
}

/// Picks the plan to open with: a plan link in the address, else this
/// browser's saved plan, else the default preset.
pub fn start(session: Session) -> Plan {
    let location = window().location();
    session
        .presenting
        .set(location.search().unwrap_or_default().contains("view"));
    let mut hash = location.hash().unwrap_or_default();
    // A link whose `#` a mail scanner escaped as `%23` arrives in the path:
    // read it from there, and put the address right.
    let path = location.pathname().unwrap_or_default();
    if hash.len() <= 1 {
        if let Some((page, fragment)) = crate::formats::address::link_in_path(&path) {
            let url = format!("{page}{}#{fragment}", location.search().unwrap_or_default());
            if let Ok(history) = window().history() {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
            hash = fragment;
        }
    }
    if hash.len() > 1 {
        match link::decode(&hash) {
            Ok(plan) => {
                session.origin.set(Origin::Link);
                session.plan_id.set(new_id());
                session.tell(
                    Tone::Info,
                    "Opened from a link: this is a copy, not saved in this browser. Your own saved plans are untouched.",
                    Some(Offer::SaveLinkedPlan),
                );
                return plan;
            }
            Err(e) => session.tell(Tone::Problem, e.to_string(), None),
        }
    }
    // The plan last open here, else the most recently saved one.
    let current = storage().ok().and_then(|s| s.get(CURRENT));
    let id = current
        .filter(|id| record(id).is_some())
        .or_else(|| {
            saved_plans()
                .into_iter()
                .find(|e| e.problem.is_none())
                .map(|e| e.id)
        })
        .unwrap_or_else(new_id);
    session.plan_id.set(id.clone());
    match storage().map(|s| s.get(&key(&id))) {
        Ok(Some(text)) => {
            match saved::decode(&text) {
                Ok((plan, at)) => {
                    session.saved_at.set(Some(at));
                    session.last_saved.set_value(Some(plan.clone()));
                    return plan;
                }
                Err(message) => {
                    // Moved aside (listed in Saved plans, to export or
                    // delete); the default plan opens under a new id.
                    if let Ok(mut s) = storage() {
                        if s.set(&format!("{}.damaged", key(&id)), &text).is_ok() {
                            s.remove(&key(&id));
                        }
                    }
                    session.plan_id.set(new_id());
                    session.tell(Tone::Problem, format!("{message}. It is kept aside in storage (see Saved plans); the default plan is open instead."), None);
                }
            }
        }
        Ok(None) => {}
        Err(message) => session.tell(
            Tone::Problem,
            format!("Plans cannot be saved: {message}. Export the plan as JSON to keep it."),
            None,
        ),
    }
    presets::find(presets::DEFAULT)
        .and_then(|p| p.plan().ok())
        .unwrap_or_else(presets::blank_plan)
}
