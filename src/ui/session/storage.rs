//! Saved plans in localStorage: one record per plan, read back with why
//! a record cannot be read.

use super::*;

pub(super) use crate::app::saved::{key, Storage, CURRENT, PREFIX};

/// The stored text at storage key `key`, if storage has one.
pub(super) fn s_get(key: &str) -> Option<String> {
    storage().ok()?.get(key)
}

/// Saved plan `id`, read back: none if absent, else the plan or why not.
pub(super) fn load(id: &str) -> Option<Result<(Plan, f64), String>> {
    crate::app::saved::load(&storage().ok()?, id)
}

/// A fresh plan id: the time and a random part, so two tabs never collide.
pub(super) fn new_id() -> String {
    format!(
        "{:x}{:04x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 65536.0) as u32
    )
}

/// The browser's localStorage as a [`Storage`].
pub(super) struct Local(web_sys::Storage);

impl Storage for Local {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get_item(key).ok().flatten()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        (self.0.set_item(key, value)).map_err(|_| crate::app::saved::FULL.to_string())
    }

    fn remove(&mut self, key: &str) {
        let _ = self.0.remove_item(key);
    }

    fn keys(&self) -> Vec<String> {
        let n = self.0.length().unwrap_or(0);
        (0..n)
            .filter_map(|i| self.0.key(i).ok().flatten())
            .collect()
    }
}

pub(super) fn storage() -> Result<Local, String> {
    match window().local_storage() {
        Ok(Some(s)) => Ok(Local(s)),
        _ => Err(
            "this browser does not allow the page to store data (private mode or blocked storage)"
                .to_string(),
        ),
    }
}

/// Where the browser keeps this tab's plan id across reloads (per tab).
const OWN_PLAN: &str = "headroom.tab-plan";

/// The saved plan this tab had open before it was reloaded, if any.
pub(super) fn own_plan() -> Option<String> {
    let tab = window().session_storage().ok().flatten()?;
    tab.get_item(OWN_PLAN).ok().flatten()
}

/// Keeps `id` as this tab's plan for a reload (nothing when the browser
/// refuses: a reload then opens the last saved plan, as before).
pub(super) fn keep_own_plan(id: &str) {
    if let Some(tab) = window().session_storage().ok().flatten() {
        let _ = tab.set_item(OWN_PLAN, id);
    }
}
