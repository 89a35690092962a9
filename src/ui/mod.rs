//! The browser app (Leptos, client-side rendered). Thin by design: the plan
//! lives in one signal (`store`), the forecast is a memo of it, and the
//! components render them and send edits; the engine does the computing.

mod charts;
mod editor;
mod fields;
mod problems;
mod results;
mod store;

use crate::presets;
use leptos::prelude::*;
use store::Store;

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
    let plan = presets::find(presets::DEFAULT)
        .and_then(|p| p.plan().ok())
        .unwrap_or_else(presets::blank_plan);
    let store = Store::new(plan);
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
            <editor::PlanHeader store=store />
            // On narrow screens the results sit below the editor: one tap away.
            <a class="jump" href="#results">"See the forecast ↓"</a>
        </header>
        <main class="layout">
            <editor::Editor store=store />
            <results::Results store=store />
        </main>
    }
}
