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
}

/// The storage key of the plan being edited; a damaged record is moved to
/// `KEY.damaged` before anything overwrites it.
const KEY: &str = "headroom.plan";
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
    let hash = location.hash().unwrap_or_default();
    if hash.len() > 1 {
        match link::decode(&hash) {
            Ok(plan) => {
                session.origin.set(Origin::Link);
                session.tell(
                    Tone::Info,
                    "Opened from a link: this is a copy, not saved in this browser. Your own saved plan is untouched.",
                    Some(Offer::SaveLinkedPlan),
                );
                return plan;
            }
            Err(e) => session.tell(Tone::Problem, e.to_string(), None),
        }
    }
    match storage().map(|s| s.get_item(KEY).ok().flatten()) {
        Ok(Some(text)) => {
            match saved::decode(&text) {
                Ok((plan, at)) => {
                    session.saved_at.set(Some(at));
                    return plan;
                }
                Err(message) => {
                    if let Ok(s) = storage() {
                        let _ = s.set_item(&format!("{KEY}.damaged"), &text);
                    }
                    session.tell(Tone::Problem, format!("{message}. It is kept aside in storage; the default plan is open instead."), None);
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
    gloo::events::EventListener::new(&window(), "hashchange", move |_| {
        let hash = window().location().hash().unwrap_or_default();
        if hash.len() <= 1 {
            return;
        }
        match link::decode(&hash) {
            Ok(plan) => {
                // Save pending edits of the plan being left first.
                if session.origin.get_untracked() == Origin::Saved {
                    save_now(store, session);
                }
                session.origin.set(Origin::Link);
                store.replace(plan);
                session.tell(
                    Tone::Info,
                    "Opened from a link: this is a copy, not saved in this browser. Your own saved plan is untouched.",
                    Some(Offer::SaveLinkedPlan),
                );
            }
            Err(e) => session.tell(Tone::Problem, format!("{e} The plan on screen is unchanged."), None),
        }
    })
    .forget();
}

/// Saves the plan shortly after each edit, unless it is a linked copy.
pub fn autosave(store: Store, session: Session) {
    let pending = StoredValue::new_local(None::<Timeout>);
    Effect::new(move |first: Option<()>| {
        store.plan.track();
        // The plan as opened is not an edit.
        if first.is_none() || session.origin.get_untracked() != Origin::Saved {
            return;
        }
        // Replacing the timer drops (cancels) the one before.
        pending.set_value(Some(Timeout::new(AUTOSAVE_MS, move || {
            save_now(store, session)
        })));
    });
}

/// When the record in storage was saved, if there is a readable one.
fn stored_at() -> Option<f64> {
    let text = storage().ok()?.get_item(KEY).ok()??;
    saved::decode(&text).ok().map(|(_, at)| at)
}

fn superseded(session: Session) {
    session.origin.set(Origin::Superseded);
    session.tell(
        Tone::Problem,
        "This plan was changed and saved in another tab or window. This tab has stopped saving so it cannot overwrite that newer version. Load the newer version, or export this tab's plan as JSON to keep it.",
        Some(Offer::LoadNewer),
    );
}

/// Notices saves by other tabs of this browser (storage events).
pub fn watch_other_tabs(session: Session) {
    gloo::events::EventListener::new(&window(), "storage", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        if e.key().as_deref() == Some(KEY) && session.origin.get_untracked() == Origin::Saved {
            superseded(session);
        }
    })
    .forget();
}

/// Replaces this tab's plan with the newer one saved by another tab.
pub fn load_newer(store: Store, session: Session) {
    let record = storage().ok().and_then(|s| s.get_item(KEY).ok().flatten());
    match record.as_deref().map(saved::decode) {
        Some(Ok((plan, at))) => {
            store.replace(plan);
            session.saved_at.set(Some(at));
            session.origin.set(Origin::Saved);
            session.notice.set(None);
        }
        _ => session.tell(Tone::Problem, "The newer version could not be read; this tab's plan is unchanged. Export it as JSON to keep it.", Some(Offer::ExportJson)),
    }
}

pub fn save_now(store: Store, session: Session) {
    // Compare before writing: a newer save from another tab is never overwritten.
    if let Some(theirs) = stored_at() {
        if session
            .saved_at
            .get_untracked()
            .is_none_or(|ours| theirs > ours)
            && session.origin.get_untracked() == Origin::Saved
        {
            superseded(session);
            return;
        }
    }
    let now = js_sys::Date::now();
    let text = store.plan.with_untracked(|p| saved::encode(p, now));
    let result = storage().and_then(|s| {
        s.set_item(KEY, &text).map_err(|_| {
            "the browser's storage is full or refused the write; the last good save is kept"
                .to_string()
        })
    });
    match result {
        Ok(()) => {
            session.saved_at.set(Some(now));
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

/// "Save to this browser" for a plan opened from a link.
pub fn keep_linked_plan(store: Store, session: Session) {
    // The plan saved here before is set aside, not lost.
    let previous = storage().ok().and_then(|s| s.get_item(KEY).ok().flatten());
    if let (Some(text), Ok(s)) = (previous, storage()) {
        let _ = s.set_item(&format!("{KEY}.before-link"), &text);
    }
    session.saved_at.set(stored_at());
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
fn download(name: &str, mime: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
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
fn file_stem(plan: &Plan) -> String {
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
                session.origin.set(Origin::Saved);
                store.replace(plan);
                session.tell(Tone::Info, format!("Imported {name}."), None);
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
