//! Autosave, and two tabs of one browser: every write compares the stored
//! version with the one this tab last read or wrote; a conflict keeps this
//! tab's edits as a new saved plan.

use super::*;
use crate::app::saved::Written;

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

pub(super) fn superseded(session: Session) {
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
pub(super) fn keep_copy(store: Store, session: Session) -> Result<String, String> {
    let mut plan = store.plan.get_untracked();
    plan.name = format!("{} (edits from another tab)", plan.name);
    let text = saved::encode(&plan, js_sys::Date::now());
    storage()?
        .set(&key(&new_id()), &text)
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
    let id = session.plan_id.get_untracked();
    let edited = session.has_edits(store);
    let result = storage().and_then(|mut s| {
        store.plan.with_untracked(|p| {
            let known = session.saved_at.get_untracked();
            crate::app::saved::write(&mut s, &id, p, known, edited, js_sys::Date::now())
        })
    });
    match result {
        Ok(Written::Superseded) => superseded(session),
        Ok(Written::Unchanged) => {}
        Ok(Written::Saved(now)) => {
            session.saved_at.set(Some(now));
            session.last_saved.set_value(Some(store.plan.get_untracked()));
            session.plans_changed.update(|n| *n += 1);
            if session.notice.with_untracked(|n| n.as_ref().is_some_and(|n| n.offer == Some(Offer::ExportJson))) {
                session.notice.set(None);
            }
        }
        Err(message) => session.tell(
            Tone::Problem,
            format!("Could not save to this browser: {message}; the last good save is kept. Your edits stay on this page; export the plan as JSON to keep a copy."),
            Some(Offer::ExportJson),
        ),
    }
}
