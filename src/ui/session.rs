//! Where the plan comes from and goes: browser storage (autosave), plan
//! links, files, and the presentation view. What happens to them is told in
//! a notice; nothing here throws edits away.

use super::store::Store;
use crate::engine::Plan;
use crate::formats::{csv, link, plan_json, saved};
use crate::presets;
use gloo::timers::callback::Timeout;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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

/// Each saved plan is one record at `headroom.plan.<id>`; a damaged record is
/// moved to `<key>.damaged` before anything overwrites it.
const PREFIX: &str = "headroom.plan.";
/// The id of the plan last open in this browser.
const CURRENT: &str = "headroom.current";

fn key(id: &str) -> String {
    format!("{PREFIX}{id}")
}

/// The stored text of saved plan `id`, if storage has one.
fn record(id: &str) -> Option<String> {
    s_get(&key(id))
}

/// The stored text at storage key `key`, if storage has one.
fn s_get(key: &str) -> Option<String> {
    storage().ok()?.get_item(key).ok().flatten()
}

/// Saved plan `id`, read back: none if absent, else the plan or why not.
fn load(id: &str) -> Option<Result<(Plan, f64), String>> {
    record(id).as_deref().map(saved::decode)
}

/// A fresh plan id: the time and a random part, so two tabs never collide.
fn new_id() -> String {
    format!(
        "{:x}{:04x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 65536.0) as u32
    )
}
/// Autosave waits this long after the last edit (at most this much typing is
/// lost if the tab dies; nothing relies on `unload`).
const AUTOSAVE_MS: u32 = 400;

impl Session {
    fn tell(&self, tone: Tone, text: impl Into<String>, offer: Option<Offer>) {
        self.notice.set(Some(Notice {
            tone,
            text: text.into(),
            offer,
        }));
    }
}

fn storage() -> Result<web_sys::Storage, String> {
    match window().local_storage() {
        Ok(Some(s)) => Ok(s),
        _ => Err(
            "this browser does not allow the page to store data (private mode or blocked storage)"
                .to_string(),
        ),
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
    let current = storage()
        .ok()
        .and_then(|s| s.get_item(CURRENT).ok().flatten());
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
    match storage().map(|s| s.get_item(&key(&id)).ok().flatten()) {
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
                    if let Ok(s) = storage() {
                        if s.set_item(&format!("{}.damaged", key(&id)), &text).is_ok() {
                            let _ = s.remove_item(&key(&id));
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

/// A plan link pasted into the address of an open page (a hash change, no
/// reload) opens like a fresh one: as an unsaved copy, or with its message.
pub fn follow_links(store: Store, session: Session) {
    crate::ui::listen(&window(), "hashchange", move |_| {
        let hash = window().location().hash().unwrap_or_default();
        // A jump to a field (a problem's link) is not a plan link.
        if hash.len() <= 1 || document().get_element_by_id(&hash[1..]).is_some() {
            return;
        }
        match link::decode(&hash) {
            Ok(plan) => {
                // Save pending edits of the plan being left first.
                if session.origin.get_untracked() == Origin::Saved {
                    save_now(store, session);
                }
                session.origin.set(Origin::Link);
                session.plan_id.set(new_id());
                store.replace(plan);
                session.tell(
                    Tone::Info,
                    "Opened from a link: this is a copy, not saved in this browser. Your own saved plans are untouched.",
                    Some(Offer::SaveLinkedPlan),
                );
            }
            Err(e) => session.tell(
                Tone::Problem,
                format!("{e} The plan on screen is unchanged."),
                None,
            ),
        }
    });
}

/// Saves the plan shortly after each edit, unless it is a linked copy; and
/// at once when the page is hidden or left, so no edit waits on a timer
/// that a closing tab would never run.
pub fn autosave(store: Store, session: Session) {
    Effect::new(move |first: Option<()>| {
        store.plan.track();
        // The plan as opened is not an edit.
        if first.is_none() || session.origin.get_untracked() != Origin::Saved {
            return;
        }
        // Replacing the timer drops (cancels) the one before.
        session
            .pending
            .set_value(Some(Timeout::new(AUTOSAVE_MS, move || {
                save_now(store, session)
            })));
    });
    let flush = move || {
        // Cancels the timer; saving writes only if there are edits.
        session.pending.set_value(None);
        match session.origin.get_untracked() {
            Origin::Saved => save_now(store, session),
            // Edits this tab could not save over a newer version: keep them.
            Origin::Superseded if session.has_edits(store) => keep_as_new(store, session),
            _ => {}
        }
    };
    crate::ui::listen(&document(), "visibilitychange", move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            flush();
        }
    });
    crate::ui::listen(&window(), "pagehide", move |_| flush());
}

/// When the record in storage was saved, if there is a readable one.
fn stored_at(session: Session) -> Option<f64> {
    load(&session.plan_id.get_untracked())?
        .ok()
        .map(|(_, at)| at)
}

fn superseded(session: Session) {
    session.origin.set(Origin::Superseded);
    session.tell(
        Tone::Problem,
        "This plan was changed and saved in another tab or window. This tab has stopped saving so it cannot overwrite that newer version. Load the newer version (this tab's edits are then kept as a new saved plan), keep this tab's plan as a new saved plan, or export it as JSON.",
        Some(Offer::LoadNewer),
    );
}

/// Notices saves by other tabs of this browser (storage events).
pub fn watch_other_tabs(session: Session) {
    crate::ui::listen(&window(), "storage", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        let mine = key(&session.plan_id.get_untracked());
        if e.key().as_deref() == Some(mine.as_str())
            && e.new_value().is_some()
            && session.origin.get_untracked() == Origin::Saved
        {
            superseded(session);
        }
    });
}

/// Replaces this tab's plan with the newer one saved by another tab. Edits
/// this tab made first are kept as a new saved plan, never dropped.
pub fn load_newer(store: Store, session: Session) {
    match load(&session.plan_id.get_untracked()) {
        Some(Ok((plan, at))) => {
            let kept = session.has_edits(store).then(|| keep_copy(store, session));
            session.last_saved.set_value(Some(plan.clone()));
            store.replace(plan);
            session.saved_at.set(Some(at));
            session.origin.set(Origin::Saved);
            match kept {
                Some(Ok(name)) => session.tell(Tone::Info, format!("This tab's edits are kept as a new saved plan, \"{name}\"."), None),
                Some(Err(message)) => session.tell(Tone::Problem, format!("This tab's edits could not be kept: {message}. Undo brings them back."), None),
                None => session.notice.set(None),
            }
        }
        _ => session.tell(Tone::Problem, "The newer version could not be read; this tab's plan is unchanged. Export it as JSON to keep it.", Some(Offer::ExportJson)),
    }
}

/// Writes this tab's plan as a new saved plan beside the one it was opened
/// as (two tabs disagreed); gives its name.
fn keep_copy(store: Store, session: Session) -> Result<String, String> {
    let mut plan = store.plan.get_untracked();
    plan.name = format!("{} (edits from another tab)", plan.name);
    let text = saved::encode(&plan, js_sys::Date::now());
    storage()?
        .set_item(&key(&new_id()), &text)
        .map_err(|_| "the browser's storage is full".to_string())?;
    session.plans_changed.update(|n| *n += 1);
    Ok(plan.name)
}

/// "Keep this tab's plan": it goes on as a saved plan of its own, and the
/// newer version stays as the other tab saved it.
pub fn keep_as_new(store: Store, session: Session) {
    store
        .plan
        .update(|p| p.name = format!("{} (edits from another tab)", p.name));
    session.plan_id.set(new_id());
    session.saved_at.set(None);
    session.origin.set(Origin::Saved);
    session.notice.set(None);
    save_now(store, session);
}

/// Writes this tab's plan to storage. It compares before it writes: the
/// record must still be the version this tab last read or wrote, whatever
/// state the tab thinks it is in, so a newer save elsewhere is never lost.
pub fn save_now(store: Store, session: Session) {
    if session.origin.get_untracked() != Origin::Saved {
        return;
    }
    let theirs = stored_at(session);
    if theirs.is_some() && theirs != session.saved_at.get_untracked() {
        superseded(session);
        return;
    }
    if theirs.is_some() && !session.has_edits(store) {
        return;
    }
    // Strictly later than the version replaced, even on a coarse clock.
    let now = js_sys::Date::now().max(theirs.unwrap_or(0.0) + 1.0);
    let text = store.plan.with_untracked(|p| saved::encode(p, now));
    let id = session.plan_id.get_untracked();
    let result = storage().and_then(|s| {
        let _ = s.set_item(CURRENT, &id);
        s.set_item(&key(&id), &text).map_err(|_| {
            "the browser's storage is full or refused the write; the last good save is kept"
                .to_string()
        })
    });
    match result {
        Ok(()) => {
            session.saved_at.set(Some(now));
            session.last_saved.set_value(Some(store.plan.get_untracked()));
            session.plans_changed.update(|n| *n += 1);
            if session.notice.with_untracked(|n| n.as_ref().is_some_and(|n| n.offer == Some(Offer::ExportJson))) {
                session.notice.set(None);
            }
        }
        Err(message) => session.tell(
            Tone::Problem,
            format!("Could not save to this browser: {message}. Your edits stay on this page; export the plan as JSON to keep a copy."),
            Some(Offer::ExportJson),
        ),
    }
}

/// "Save to this browser" for a plan opened from a link: it becomes a saved
/// plan of its own, beside (never over) the visitor's plans.
pub fn keep_linked_plan(store: Store, session: Session) {
    session.plan_id.set(new_id());
    session.saved_at.set(None);
    session.origin.set(Origin::Saved);
    session.notice.set(None);
    // The address no longer needs the link: a reload opens the saved plan.
    if let Ok(history) = window().history() {
        let location = window().location();
        let url = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    save_now(store, session);
}

/// The address of the app with `plan` in its fragment.
pub fn link_to(plan: &Plan) -> String {
    let location = window().location();
    format!(
        "{}{}{}#{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        link::encode(plan)
    )
}

pub fn copy_link(store: Store, session: Session) {
    let url = store.plan.with_untracked(link_to);
    let clipboard = window().navigator().clipboard();
    let promise = clipboard.write_text(&url);
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => session.tell(
                Tone::Info,
                format!("Link copied ({} characters). It carries the whole plan; opening it sends nothing to a server.", url.len()),
                None,
            ),
            Err(_) => session.tell(Tone::Info, format!("Copy this link: {url}"), None),
        }
    });
}

/// Shows or leaves the read-only presentation view (`?view` in the address).
pub fn set_presenting(session: Session, on: bool) {
    session.presenting.set(on);
    if let Ok(history) = window().history() {
        let location = window().location();
        let url = format!(
            "{}{}{}",
            location.pathname().unwrap_or_default(),
            if on { "?view" } else { "" },
            location.hash().unwrap_or_default()
        );
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Offers `text` as a file download.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url)
}

/// A file name from the plan's name: "Three-tier platform" gives "three-tier-platform".
pub fn file_stem(plan: &Plan) -> String {
    let stem: String = plan
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "plan".to_string()
    } else {
        stem
    }
}

pub fn export_json(store: Store, session: Session) {
    let (name, text) = store
        .plan
        .with_untracked(|p| (format!("{}.json", file_stem(p)), plan_json::encode(p)));
    if download(&name, "application/json", &text).is_err() {
        session.tell(Tone::Problem, "The browser refused the download.", None);
    }
}

pub fn export_csv(store: Store, session: Session) {
    let shown = store.outcome.with_untracked(|o| o.shown.clone());
    let Some(shown) = shown else {
        session.tell(
            Tone::Problem,
            "There is no valid forecast to export yet: fix the plan's problems first.",
            None,
        );
        return;
    };
    let name = format!("{}-forecast.csv", file_stem(&shown.plan));
    if download(
        &name,
        "text/csv",
        &csv::forecast(&shown.plan, &shown.forecast),
    )
    .is_err()
    {
        session.tell(Tone::Problem, "The browser refused the download.", None);
    }
}

/// Reads a plan file; replaces the plan only if it is valid.
pub fn import_file(store: Store, session: Session, file: web_sys::File) {
    let name = file.name();
    leptos::task::spawn_local(async move {
        let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
            Ok(t) => t.as_string().unwrap_or_default(),
            Err(_) => {
                session.tell(Tone::Problem, format!("Could not read {name}."), None);
                return;
            }
        };
        match plan_json::load(&text) {
            Ok(plan) => {
                // An import is a new saved plan; the one on screen stays in the list.
                new_plan(store, session, plan);
                session.tell(Tone::Info, format!("Imported {name} as a new plan."), None);
            }
            Err(errors) => {
                let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                session.tell(
                    Tone::Problem,
                    format!("{name} was not imported; the plan on screen is unchanged. {} problem(s): {}", list.len(), list.join("; ")),
                    None,
                );
            }
        }
    });
}

/// A saved record, as the plan list shows it: a plan, or one that cannot be
/// read (damaged, set aside, or written by a newer Headroom) with why.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The record's key in storage.
    pub key: String,
    pub id: String,
    pub name: String,
    pub saved_at: f64,
    pub problem: Option<String>,
}

/// Every saved record, the most recently changed first; unreadable ones
/// last, so they can still be exported or deleted.
pub fn saved_plans() -> Vec<Entry> {
    let Ok(s) = storage() else { return Vec::new() };
    let n = s.length().unwrap_or(0);
    let mut out: Vec<Entry> = (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter_map(|k| {
            let rest = k.strip_prefix(PREFIX)?;
            let (id, aside) = match rest.strip_suffix(".damaged") {
                Some(id) => (id.to_string(), true),
                None => (rest.to_string(), false),
            };
            if id.contains('.') {
                return None;
            }
            let text = s.get_item(&k).ok().flatten()?;
            Some(match saved::decode(&text) {
                Ok((plan, saved_at)) if !aside => Entry {
                    key: k,
                    id,
                    name: plan.name,
                    saved_at,
                    problem: None,
                },
                Ok((plan, _)) => Entry {
                    key: k,
                    id,
                    name: plan.name,
                    saved_at: 0.0,
                    problem: Some("set aside as damaged".into()),
                },
                Err(why) => Entry {
                    key: k,
                    id,
                    name: "Unreadable saved plan".into(),
                    saved_at: 0.0,
                    problem: Some(why),
                },
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.problem.is_some(), -a.saved_at)
            .partial_cmp(&(b.problem.is_some(), -b.saved_at))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    out
}

/// Offers a stored record, as it is, as a file (to keep or to open in a
/// newer Headroom).
pub fn export_record(session: Session, entry: &Entry) {
    let Some(text) = s_get(&entry.key) else {
        return;
    };
    let name = format!("headroom-saved-{}.json", entry.id);
    if download(&name, "application/json", &text).is_err() {
        session.tell(Tone::Problem, "The browser refused the download.", None);
    }
}

/// Opens plan `plan` as this tab's plan, under its own id.
fn switch_to(store: Store, session: Session, id: String, plan: Plan, saved_at: Option<f64>) {
    session.pending.set_value(None);
    if session.origin.get_untracked() == Origin::Saved && session.saved_at.get_untracked().is_some()
    {
        save_now(store, session);
    }
    session.plan_id.set(id);
    session.saved_at.set(saved_at);
    session.last_saved.set_value(saved_at.map(|_| plan.clone()));
    session.origin.set(Origin::Saved);
    store.replace(plan);
    // Undo does not reach across plans.
    store.history.set(Default::default());
}

pub fn open_plan(store: Store, session: Session, id: &str) {
    match load(id) {
        Some(Ok((plan, at))) => {
            switch_to(store, session, id.to_string(), plan, Some(at));
            if let Ok(s) = storage() {
                let _ = s.set_item(CURRENT, id);
            }
            session.notice.set(None);
        }
        Some(Err(message)) => session.tell(
            Tone::Problem,
            format!("{message}; the plan on screen is unchanged."),
            None,
        ),
        None => session.tell(
            Tone::Problem,
            "That plan is no longer saved in this browser.",
            None,
        ),
    }
}

/// Starts a new saved plan (blank, a preset, or an import).
pub fn new_plan(store: Store, session: Session, plan: Plan) {
    switch_to(store, session, new_id(), plan, None);
    save_now(store, session);
}

pub fn duplicate_plan(session: Session, id: &str) {
    let Ok(s) = storage() else { return };
    let Some(Ok((mut plan, _))) = load(id) else {
        return;
    };
    plan.name = format!("{} (copy)", plan.name);
    let copy = saved::encode(&plan, js_sys::Date::now());
    match s.set_item(&key(&new_id()), &copy) {
        Ok(()) => session.plans_changed.update(|n| *n += 1),
        Err(_) => session.tell(
            Tone::Problem,
            "The browser's storage is full: the copy was not made.",
            None,
        ),
    }
}

pub fn rename_plan(store: Store, session: Session, id: &str, name: String) {
    if id == session.plan_id.get_untracked() {
        // A rebuild, so that the editor's name field shows the new name too.
        store.restructure(None, |p| p.name = name);
        save_now(store, session);
        return;
    }
    let Ok(s) = storage() else { return };
    let Some(Ok((mut plan, _))) = load(id) else {
        return;
    };
    plan.name = name;
    let _ = s.set_item(&key(id), &saved::encode(&plan, js_sys::Date::now()));
    session.plans_changed.update(|n| *n += 1);
}

/// Deletes a saved record, with an undo in the notice. Deleting the open
/// plan opens the next most recent one (or a new default plan).
pub fn delete_plan(store: Store, session: Session, entry: &Entry) {
    let (Ok(s), Some(text)) = (storage(), s_get(&entry.key)) else {
        return;
    };
    let _ = s.remove_item(&entry.key);
    session.deleted.set(Some((entry.key.clone(), text)));
    if entry.problem.is_none() && entry.id == session.plan_id.get_untracked() {
        session.pending.set_value(None);
        session.origin.set(Origin::Link); // nothing to save over while switching
        match saved_plans().into_iter().find(|e| e.problem.is_none()) {
            Some(next) => open_plan(store, session, &next.id),
            None => new_plan(store, session, presets::blank_plan()),
        }
    }
    session.plans_changed.update(|n| *n += 1);
    session.tell(
        Tone::Info,
        format!("Deleted \"{}\".", entry.name),
        Some(Offer::UndoDelete),
    );
}

pub fn undo_delete(store: Store, session: Session) {
    let Some((stored_key, text)) = session.deleted.get_untracked() else {
        return;
    };
    if let Ok(s) = storage() {
        // Another tab saved this plan again since the delete: bring the
        // deleted version back beside it, under a new id, not over it.
        let stored_key = if s_get(&stored_key).is_some() {
            key(&new_id())
        } else {
            stored_key
        };
        if s.set_item(&stored_key, &text).is_ok() {
            session.deleted.set(None);
            session.plans_changed.update(|n| *n += 1);
            let id = stored_key
                .strip_prefix(PREFIX)
                .unwrap_or_default()
                .to_string();
            if key(&id) == stored_key && saved::decode(&text).is_ok() {
                open_plan(store, session, &id);
            }
            session.tell(Tone::Info, "The plan is back.", None);
        }
    }
}
