//! Autosave, and two tabs of one browser: every write compares the stored
//! version with the one this tab last read or wrote; a conflict keeps this
//! tab's edits as a new saved plan.

use super::*;
use crate::app::session::Saved;

/// Autosave waits this long after the last edit (at most this much typing is
/// lost if the tab dies; nothing relies on `unload`).
pub(super) const AUTOSAVE_MS: u32 = 400;

/// Saves the plan shortly after each edit, unless it is a linked copy; and
/// at once when the page is hidden or left, so no edit waits on a timer
/// that a closing tab would never run.
pub fn autosave(store: Store, session: Session) {
    Effect::new(move |first: Option<()>| {
        store.plan.track();
        // The plan as opened is not an edit.
        if first.is_none() || session.origin() != Origin::Saved {
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
        match session.origin() {
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
    // A plan opened from a link is saved only when the visitor says so:
    // leaving with edits to it asks first.
    crate::ui::listen(&window(), "beforeunload", move |e| {
        if session.origin() == Origin::Link && session.has_edits(store) {
            e.prevent_default();
            if let Some(e) = e.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                e.set_return_value("");
            }
        }
    });
}

/// Notices saves by other tabs of this browser (storage events).
pub fn watch_other_tabs(session: Session) {
    crate::ui::listen(&window(), "storage", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        let Some(changed) = e.key() else { return };
        // Another tab added, changed or deleted a saved plan: the list
        // re-reads them.
        if changed.starts_with(PREFIX) {
            session.plans_changed.update(|n| *n += 1);
        }
        if e.new_value().is_none() {
            return;
        }
        let mut notice = None;
        session.tab.update(|t| notice = t.other_tab_wrote(&changed));
        if notice.is_some() {
            session.notice.set(notice);
        }
    });
}

/// Replaces this tab's plan with the newer one saved by another tab. Edits
/// this tab made first are kept as a new saved plan, never dropped.
pub fn load_newer(store: Store, session: Session) {
    let Ok(mut s) = storage() else { return };
    let mut tab = session.tab.get_untracked();
    let now = js_sys::Date::now();
    let loaded = store
        .plan
        .with_untracked(|p| tab.load_newer(&mut s, p, new_id(), now));
    match loaded {
        Ok((plan, notice)) => {
            session.tab.set(tab);
            store.replace(plan);
            session.plans_changed.update(|n| *n += 1);
            session.notice.set(notice);
        }
        Err(notice) => session.notice.set(Some(notice)),
    }
}

/// "Keep this tab's plan": it goes on as a saved plan of its own, and the
/// newer version stays as the other tab saved it.
pub fn keep_as_new(store: Store, session: Session) {
    let mut plan = store.plan.get_untracked();
    session.tab.update(|t| t.keep_as_new(&mut plan, new_id()));
    store.plan.set(plan);
    session.notice.set(None);
    save_now(store, session);
}

/// Writes this tab's plan to storage. It compares before it writes: the
/// record must still be the version this tab last read or wrote, whatever
/// state the tab thinks it is in, so a newer save elsewhere is never lost.
pub fn save_now(store: Store, session: Session) {
    if session.origin() != Origin::Saved {
        return;
    }
    let mut tab = session.tab.get_untracked();
    let mut s = storage();
    let saved = store
        .plan
        .with_untracked(|p| tab.save(s.as_mut().map_err(|e| e.clone()), p, js_sys::Date::now()));
    match saved {
        Saved::Nothing => {}
        Saved::Written => {
            session.tab.set(tab);
            session.plans_changed.update(|n| *n += 1);
            let offered_export = session.notice.with_untracked(|n| {
                n.as_ref()
                    .is_some_and(|n| n.offer == Some(Offer::ExportJson))
            });
            if offered_export {
                session.notice.set(None);
            }
        }
        Saved::Refused(notice) => {
            session.tab.set(tab);
            session.notice.set(Some(notice));
        }
    }
}
