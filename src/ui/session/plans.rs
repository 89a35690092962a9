//! The saved-plan list: open, new, duplicate, rename, delete and undo.

use super::*;

pub use crate::app::saved::Entry;

/// Every saved record, the most recently changed first; unreadable ones
/// last, so they can still be exported or deleted.
pub fn saved_plans() -> Vec<Entry> {
    storage().map_or_else(|_| Vec::new(), |s| crate::app::saved::entries(&s))
}

/// How many records [`saved_plans`] lists, without reading them.
pub fn saved_count() -> usize {
    storage().map_or(0, |s| crate::app::saved::count(&s))
}

/// A saved plan by id (for the comparison), or why it cannot be read.
pub fn saved_plan(id: &str) -> Option<Result<Plan, String>> {
    load(id).map(|r| r.map(|(p, _)| p))
}

/// Opens plan `plan` as this tab's plan, under its own id.
pub(super) fn switch_to(
    store: Store,
    session: Session,
    id: String,
    plan: Plan,
    saved_at: Option<f64>,
) {
    session.pending.set_value(None);
    if session
        .tab
        .with_untracked(|t| t.origin == Origin::Saved && t.saved_at.is_some())
    {
        save_now(store, session);
    }
    session.tab.set(Tab {
        saved_at,
        last_saved: saved_at.map(|_| plan.clone()),
        ..Tab::unsaved(id)
    });
    store.replace(plan);
    // Undo does not reach across plans.
    store.history.set(Default::default());
}

pub fn open_plan(store: Store, session: Session, id: &str) {
    match load(id) {
        Some(Ok((plan, at))) => {
            switch_to(store, session, id.to_string(), plan, Some(at));
            if let Ok(mut s) = storage() {
                let _ = s.set(CURRENT, id);
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

/// Starts a new saved plan (blank, a preset, or an import). It is saved in
/// the next task: writing a large plan is then not part of the task that
/// shows it (a page hidden or left meanwhile saves it at once).
pub fn new_plan(store: Store, session: Session, plan: Plan) {
    switch_to(store, session, new_id(), plan, None);
    gloo::timers::callback::Timeout::new(0, move || save_now(store, session)).forget();
}

pub fn duplicate_plan(session: Session, id: &str) {
    let Ok(mut s) = storage() else { return };
    let Some(Ok((mut plan, _))) = load(id) else {
        return;
    };
    plan.name = format!("{} (copy)", plan.name);
    let copy = saved::encode(&plan, js_sys::Date::now());
    match s.set(&key(&new_id()), &copy) {
        Ok(()) => session.plans_changed.update(|n| *n += 1),
        Err(_) => session.tell(
            Tone::Problem,
            "The browser's storage is full: the copy was not made.",
            None,
        ),
    }
}

/// Renames saved plan `id`; a blank name is refused (the plan keeps its own).
pub fn rename_plan(store: Store, session: Session, id: &str, name: String) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("A saved plan needs a name: it keeps the one it had.".into());
    }
    if id == session.plan_id() {
        // A rebuild, so that the editor's name field shows the new name too.
        store.restructure(None, |p| p.name = name);
        save_now(store, session);
        return Ok(());
    }
    let Ok(mut s) = storage() else { return Ok(()) };
    let Some(Ok((mut plan, _))) = load(id) else {
        return Ok(());
    };
    plan.name = name;
    let _ = s.set(&key(id), &saved::encode(&plan, js_sys::Date::now()));
    session.plans_changed.update(|n| *n += 1);
    Ok(())
}

/// Deletes a saved record, with an undo in the notice. Deleting the open
/// plan opens the next most recent one (or a new default plan).
pub fn delete_plan(store: Store, session: Session, entry: &Entry) {
    let (Ok(mut s), Some(text)) = (storage(), s_get(&entry.key)) else {
        return;
    };
    s.remove(&entry.key);
    session.deleted.set(Some((entry.key.clone(), text)));
    if entry.problem.is_none() && entry.id == session.plan_id() {
        session.pending.set_value(None);
        session.tab.update(|t| t.origin = Origin::Link); // nothing to save over while switching
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
    if let Ok(mut s) = storage() {
        // Another tab saved this plan again since the delete: bring the
        // deleted version back beside it, under a new id, not over it.
        let stored_key = if s_get(&stored_key).is_some() {
            key(&new_id())
        } else {
            stored_key
        };
        if s.set(&stored_key, &text).is_ok() {
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
