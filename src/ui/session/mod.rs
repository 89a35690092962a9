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

pub use crate::app::session::{Notice, Offer, Origin, Tab, Tone};

#[derive(Clone, Copy)]
pub struct Session {
    /// Where the plan came from, its saved id and the version last read
    /// or written (`app::session`).
    pub tab: RwSignal<Tab>,
    pub notice: RwSignal<Option<Notice>>,
    pub presenting: RwSignal<bool>,
    /// Bumped whenever the saved plans change (the plan list re-reads them).
    pub plans_changed: RwSignal<u64>,
    /// The last deleted record (storage key, text), for undo.
    pub deleted: RwSignal<Option<(String, String)>>,
    /// The autosave waiting to run; flushed when the page is hidden or left.
    pending: StoredValue<Option<Timeout>, LocalStorage>,
    /// The plans being compared, while the comparison view is open.
    pub comparing: RwSignal<Option<crate::app::compare::Comparing>>,
}

impl Session {
    pub fn new() -> Session {
        Session {
            tab: RwSignal::new(Tab::unsaved(String::new())),
            notice: RwSignal::new(None),
            presenting: RwSignal::new(false),
            plans_changed: RwSignal::new(0),
            deleted: RwSignal::new(None),
            pending: StoredValue::new_local(None),
            comparing: RwSignal::new(None),
        }
    }

    /// This tab's plan differs from the one it last read or wrote.
    fn has_edits(&self, store: Store) -> bool {
        (self.tab).with_untracked(|t| store.plan.with_untracked(|p| t.has_edits(p)))
    }

    /// The id under which this tab saves its plan.
    pub fn plan_id(&self) -> String {
        self.tab.with_untracked(|t| t.plan_id.clone())
    }

    fn origin(&self) -> Origin {
        self.tab.with_untracked(|t| t.origin)
    }
}

impl Session {
    pub(crate) fn tell(&self, tone: Tone, text: impl Into<String>, offer: Option<Offer>) {
        self.notice.set(Some(Notice::new(tone, text, offer)));
    }
}

/// Picks the plan to open with: a plan link in the address, else this
/// browser's saved plan, else the default preset.
pub fn start(session: Session) -> Plan {
    let location = window().location();
    session.presenting.set(
        crate::app::session::query_value(&location.search().unwrap_or_default(), "view").is_some(),
    );
    let mut hash = location.hash().unwrap_or_default();
    // A link whose `#` a mail scanner escaped as `%23` arrives in the path:
    // read it from there, and put the address right.
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    if hash.len() <= 1 {
        use crate::formats::address::{link_in_path, link_in_query};
        // After the query when the link names a scenario (`?scenario=x%23p2.…`).
        let found = link_in_path(&path)
            .map(|(page, fragment)| (page, search.clone(), fragment))
            .or_else(|| link_in_query(&search).map(|(query, f)| (path.clone(), query, f)));
        if let Some((page, query, fragment)) = found {
            let url = format!("{page}{query}#{fragment}");
            if let Ok(history) = window().history() {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
            hash = fragment;
        }
    }
    // A comparison link opens the comparison over this browser's own plan.
    if link::is_comparison(&hash) {
        open_comparison(session, &hash);
        hash = String::new();
    }
    let mut store = storage();
    let own = storage::own_plan();
    let opened = crate::app::session::open_in_tab(
        &hash,
        store.as_mut().map_err(|e| e.clone()),
        own.as_deref(),
        &mut new_id,
    );
    session.tab.set(opened.tab);
    // A reload of this tab opens the plan it has open, whatever other tabs
    // saved since.
    Effect::new(move |_| storage::keep_own_plan(&session.tab.with(|t| t.plan_id.clone())));
    if opened.notice.is_some() {
        session.notice.set(opened.notice);
    }
    if let Some(plan) = opened.plan {
        return plan;
    }
    presets::find(presets::DEFAULT)
        .and_then(|p| p.plan().ok())
        .unwrap_or_else(presets::blank_plan)
}
