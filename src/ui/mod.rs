//! The browser app (Leptos, client-side rendered). Thin by design: the plan
//! lives in one signal (`store`), the forecast is a memo of it, and the
//! components render them and send edits; the engine does the computing.

mod charts;
mod editor;
mod fields;
mod problems;
mod results;
mod session;
mod store;
mod toolbar;

use leptos::prelude::*;
use store::Store;
use wasm_bindgen::JsCast;

/// Mounts the app on the page's body (the wasm entry point calls this).
pub fn start() {
    console_error_panic_hook_lite();
    if let Some(el) = document().get_element_by_id("loading") {
        el.remove();
    }
    leptos::mount::mount_to_body(App);
}

/// Panics should not happen; if one does, say so in the console rather
/// than leave a silent, frozen page.
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        leptos::logging::error!("Headroom hit an internal error: {info}");
    }));
}

#[component]
fn App() -> impl IntoView {
    let session = session::Session {
        origin: RwSignal::new(session::Origin::Saved),
        notice: RwSignal::new(None),
        presenting: RwSignal::new(false),
        saved_at: RwSignal::new(None),
    };
    let store = Store::new(session::start(session));
    session::autosave(store, session);
    session::follow_links(store, session);
    drop_files_to_import(store, session);
    let viewport = charts::Viewport(RwSignal::new(0));
    provide_context(viewport);
    let listener = gloo::events::EventListener::new(&window(), "resize", move |_| {
        viewport.0.update(|n| *n += 1)
    });
    // The app lives as long as the page.
    listener.forget();

    view! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true"></span>
                <span class="name">"Headroom"</span>
                <span class="tagline">"capacity and cost planner"</span>
            </div>
            <h1 class="plan-name">{move || store.plan.with(|p| p.name.clone())}</h1>
            <Show when=move || !session.presenting.get()>
                <editor::PlanHeader store=store />
                // On narrow screens the results sit below the editor: one tap away.
                <a class="jump" href="#results">"See the forecast ↓"</a>
            </Show>
            <toolbar::Toolbar store=store session=session />
        </header>
        <toolbar::NoticeBar store=store session=session />
        <main class="layout" class:presenting=move || session.presenting.get()>
            <Show when=move || !session.presenting.get()>
                <editor::Editor store=store />
            </Show>
            <results::Results store=store />
        </main>
    }
}

/// A plan file dropped anywhere on the page is imported (after validation).
fn drop_files_to_import(store: Store, session: session::Session) {
    use gloo::events::{EventListener, EventListenerOptions};
    let options = EventListenerOptions::enable_prevent_default();
    EventListener::new_with_options(&window(), "dragover", options, |e| e.prevent_default())
        .forget();
    EventListener::new_with_options(&window(), "drop", options, move |e| {
        e.prevent_default();
        let file = e
            .dyn_ref::<web_sys::DragEvent>()
            .and_then(|d| d.data_transfer())
            .and_then(|t| t.files())
            .and_then(|l| l.get(0));
        if let Some(f) = file {
            session::import_file(store, session, f);
        }
    })
    .forget();
}
