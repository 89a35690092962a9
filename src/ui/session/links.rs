//! Plan links in the address (followed when pasted into an open page),
//! copying one, keeping a linked plan, and the presentation view.

use super::*;

/// A plan link pasted into the address of an open page (a hash change, no
/// reload) opens like a fresh one: as an unsaved copy, or with its message.
pub fn follow_links(store: Store, session: Session) {
    crate::ui::listen(&window(), "hashchange", move |_| {
        let hash = window().location().hash().unwrap_or_default();
        // A jump to a field (a problem's link) is not a plan link.
        if hash.len() <= 1 || document().get_element_by_id(&hash[1..]).is_some() {
            return;
        }
        if link::is_comparison(&hash) {
            return open_comparison(session, &hash);
        }
        match link::decode(&hash) {
            Ok(plan) => open_linked(store, session, plan),
            Err(e) => session.tell(
                Tone::Problem,
                format!("{e} The plan on screen is unchanged."),
                None,
            ),
        }
    });
}

/// Opens `plan` as a link opens one: an unsaved copy, beside (never over)
/// this browser's saved plans.
pub fn open_linked(store: Store, session: Session, plan: Plan) {
    session.comparing.set(None);
    // Save pending edits of the plan being left first.
    if session.origin() == Origin::Saved {
        save_now(store, session);
    }
    session.tab.update(|t| {
        t.origin = Origin::Link;
        t.plan_id = new_id();
        t.last_saved = Some(plan.clone());
    });
    store.replace(plan);
    session.tell(
        Tone::Info,
        "Opened from a link: this is a copy, not saved in this browser. Your own saved plans are untouched.",
        Some(Offer::SaveLinkedPlan),
    );
}

/// A comparison link: the comparison view opens read-only, or says why not.
pub fn open_comparison(session: Session, fragment: &str) {
    match link::decode_comparison(fragment) {
        Ok(plans) => session
            .comparing
            .set(Some(crate::app::compare::Comparing::from_link(plans))),
        Err(e) => session.tell(
            Tone::Problem,
            format!(
                "{} The plan on screen is unchanged.",
                e.to_string().replace("plan link", "comparison link")
            ),
            None,
        ),
    }
}

/// The address of the app with `fragment` after `#`.
pub fn address_with(fragment: &str) -> String {
    let location = window().location();
    format!(
        "{}{}{}#{fragment}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
    )
}

/// Copies `url` and says so (or why not).
pub fn copy_text(session: Session, url: String, what: &'static str) {
    let promise = window().navigator().clipboard().write_text(&url);
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => session.tell(
                Tone::Info,
                format!("{what} copied ({} characters). It carries every plan; opening it sends nothing to a server.", url.len()),
                None,
            ),
            Err(_) => session.tell(Tone::Problem, format!("The browser did not allow copying. The {} is: {url}", what.to_lowercase()), None),
        }
    });
}

/// The address without its link (the page's path and query alone), in
/// place: a reload opens this browser's own plan.
pub fn drop_link_from_address() {
    if let Ok(history) = window().history() {
        let location = window().location();
        let url = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// "Save to this browser" for a plan opened from a link: it becomes a saved
/// plan of its own, beside (never over) the visitor's plans.
pub fn keep_linked_plan(store: Store, session: Session) {
    session.tab.set(Tab::unsaved(new_id()));
    session.notice.set(None);
    // The address no longer needs the link: a reload opens the saved plan.
    drop_link_from_address();
    save_now(store, session);
}

/// The address of the app with `plan` in its fragment, and the selected
/// scenario `s` in its query when it is not the one the plan opens on.
pub fn link_to(plan: &Plan, s: usize) -> String {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    format!(
        "{}{}{}#{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        crate::app::session::query_for_scenario(&search, plan, s),
        link::encode(plan)
    )
}

/// Keeps the selected scenario in the address (`?scenario=ID`), so a
/// reload shows the same one.
pub fn scenario_in_address(store: Store) {
    // Its id as the plan now has it: a renamed or removed scenario, or an
    // undone preset, puts the address right too.
    let named = Memo::new(move |_| {
        let s = store.scenario.get();
        store
            .plan
            .with(|p| crate::app::session::named_scenario(p, s).map(String::from))
    });
    Effect::new(move |_| {
        let id = named.get();
        let location = window().location();
        let search = location.search().unwrap_or_default();
        let query = crate::app::session::query_with(&search, "scenario", id.as_deref());
        if query == search {
            return;
        }
        if let Ok(history) = window().history() {
            let url = format!(
                "{}{query}{}",
                location.pathname().unwrap_or_default(),
                location.hash().unwrap_or_default()
            );
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
}

pub fn copy_link(store: Store, session: Session) {
    let problems = untrack(|| store.problems());
    if let Some(why) = crate::app::session::no_link_because(&problems) {
        return session.tell(Tone::Problem, why, None);
    }
    let s = store.scenario.get_untracked();
    let url = store.plan.with_untracked(|p| link_to(p, s));
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
        let search = location.search().unwrap_or_default();
        let url = format!(
            "{}{}{}",
            location.pathname().unwrap_or_default(),
            crate::app::session::query_with(&search, "view", on.then_some("")),
            location.hash().unwrap_or_default()
        );
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
