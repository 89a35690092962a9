//! Saved plans in localStorage: one record per plan, read back with why
//! a record cannot be read.

use super::*;

/// Each saved plan is one record at `headroom.plan.<id>`; a damaged record is
/// moved to `<key>.damaged` before anything overwrites it.
pub(super) const PREFIX: &str = "headroom.plan.";
/// The id of the plan last open in this browser.
pub(super) const CURRENT: &str = "headroom.current";

pub(super) fn key(id: &str) -> String {
    format!("{PREFIX}{id}")
}

/// The stored text of saved plan `id`, if storage has one.
pub(super) fn record(id: &str) -> Option<String> {
    s_get(&key(id))
}

/// The stored text at storage key `key`, if storage has one.
pub(super) fn s_get(key: &str) -> Option<String> {
    storage().ok()?.get_item(key).ok().flatten()
}

/// Saved plan `id`, read back: none if absent, else the plan or why not.
pub(super) fn load(id: &str) -> Option<Result<(Plan, f64), String>> {
    record(id).as_deref().map(saved::decode)
}

/// A fresh plan id: the time and a random part, so two tabs never collide.
pub(super) fn new_id() -> String {
    format!(
        "{:x}{:04x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 65536.0) as u32
    )
}

pub(super) fn storage() -> Result<web_sys::Storage, String> {
    match window().local_storage() {
        Ok(Some(s)) => Ok(s),
        _ => Err(
            "this browser does not allow the page to store data (private mode or blocked storage)"
                .to_string(),
        ),
    }
}

/// When the record in storage was saved, if there is a readable one.
pub(super) fn stored_at(session: Session) -> Option<f64> {
    load(&session.plan_id.get_untracked())?
        .ok()
        .map(|(_, at)| at)
}
