//! The browser app (Leptos, client-side rendered). Thin by design: the plan
//! lives in one signal (`store`), the forecast is a memo of it, and the
//! components render them and send edits; the engine does the computing.

mod charts;
mod compare;
mod editor;
mod fields;
mod focus;
mod pool;
mod problems;
mod results;
mod session;
mod store;
mod toolbar;

use leptos::prelude::*;
use store::Store;
use wasm_bindgen::JsCast;

/// Listens to `event` on `target` for as long as the current component
/// lives: the listener is owned by it and removed with it.
pub(crate) fn listen(
    target: &web_sys::EventTarget,
    event: &'static str,
    on_event: impl FnMut(&web_sys::Event) + 'static,
) {
    use gloo::events::{EventListener, EventListenerOptions};
    let options = EventListenerOptions::enable_prevent_default();
    StoredValue::new_local(EventListener::new_with_options(
        target, event, options, on_event,
    ));
}

/// Runs `f` in a task of its own, soon (a timer; the closure frees itself
/// once called). Timers, not a message channel: the few ms a browser puts
/// between nested timers leave room for the page's other tasks.
pub fn soon(f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let once = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ = window().set_timeout_with_callback(once.unchecked_ref());
}

/// Resolves in a later task (a zero-delay timeout), for async work that
/// should not run on in the task it began in.
pub async fn next_task() {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
}

/// Records a performance measure of `duration` ms of work that began at
/// `start` (read by scripts/report.sh).
pub fn record(name: &str, start: f64, duration: f64) {
    let Some(perf) = window().performance() else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &start.into());
    let _ = js_sys::Reflect::set(&options, &"duration".into(), &duration.into());
    if let Ok(measure) = js_sys::Reflect::get(&perf, &"measure".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = measure.call2(&perf, &name.into(), &options);
    }
}

/// A flag that turns true in the task after the page's first frame (true
/// at once after that): the parts of the page that can wait (the editor's
/// fields, the results below the charts) are built then, so the first
/// charts are laid out, drawn and painted without waiting for them.
pub fn after_first_frame() -> RwSignal<bool> {
    thread_local!(static PAINTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    let later = RwSignal::new(PAINTED.get());
    if !later.get_untracked() {
        request_animation_frame(move || {
            soon(move || {
                PAINTED.set(true);
                later.set(true);
            })
        });
    }
    later
}

/// A plan's name as the page shows it outside its field: a name the plan's
/// rules refuse (a control character or a text-direction override, while
/// it is being typed or in a stored plan) shows those escaped, as its
/// error quotes them, not reordering the words around them.
pub fn shown_name(name: &str) -> String {
    crate::formats::escape_controls(name, false).into_owned()
}

/// Marks a moment on the page's performance timeline (read by
/// scripts/report.sh).
pub fn mark(name: &str) {
    if let Some(perf) = window().performance() {
        let _ = perf.mark(name);
    }
}

/// The page's clock (ms).
pub fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

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
    let session = session::Session::new();
    let store = Store::new(session::start(session));
    provide_context(editor::Unfolded(RwSignal::new(Default::default())));
    provide_context(pool::Status::new());
    provide_context(session);
    provide_context(editor::PutAway(StoredValue::new(Default::default())));
    session::autosave(store, session);
    session::follow_links(store, session);
    session::scenario_in_address(store);
    session::watch_other_tabs(session);
    undo_redo_keys(store);
    drop_files_to_import(store, session);
    let viewport = charts::Viewport(RwSignal::new(0));
    provide_context(viewport);
    // Printing lays the charts out anew: redraw them at the printed size.
    for event in ["resize", "beforeprint", "afterprint"] {
        listen(&window(), event, move |_| viewport.0.update(|n| *n += 1));
    }

    view! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true"></span>
                <span class="name">"Headroom"</span>
                <span class="tagline">"capacity and cost planner"</span>
            </div>
            <h1 class="plan-name">{move || store.plan.with(|p| shown_name(p.title()))}</h1>
            <Show when=move || !session.presenting.get()>
                <editor::PlanHeader store=store />
                // On narrow screens the results sit below the editor: one tap away.
                <a class="jump" href="#results">
                    "See the forecast ↓"
                </a>
            </Show>
            <toolbar::Toolbar store=store session=session />
        </header>
        <Show when=move || !session.presenting.get()>
            <toolbar::PlansPanel store=store session=session />
        </Show>
        <toolbar::NoticeBar store=store session=session />
        <Show
            when=move || session.comparing.with(Option::is_none)
            fallback=move || view! { <compare::CompareView store=store session=session /> }
        >
            <main class="layout" class:presenting=move || session.presenting.get()>
                <Show when=move || !session.presenting.get()>
                    <editor::Editor store=store />
                </Show>
                <results::Results store=store />
            </main>
        </Show>
    }
}

/// A plan file dropped anywhere on the page is imported (after validation).
fn drop_files_to_import(store: Store, session: session::Session) {
    listen(&window(), "dragover", |e| e.prevent_default());
    listen(&window(), "drop", move |e| {
        e.prevent_default();
        let file = e
            .dyn_ref::<web_sys::DragEvent>()
            .and_then(|d| d.data_transfer())
            .and_then(|t| t.files())
            .and_then(|l| l.get(0));
        if let Some(f) = file {
            session::import_file(store, session, f);
        }
    });
}

/// Undo or redo a step, keeping the keyboard focus on the same field.
pub(crate) fn undo_redo(store: Store, undo: bool) {
    let focused = document()
        .active_element()
        .map(|e| e.id())
        .filter(|id| id.starts_with("f-"));
    store.step(undo);
    if let Some(id) = focused {
        // The editor rebuilds before the next frame; focus the field again then.
        request_animation_frame(move || {
            if let Some(el) = document()
                .get_element_by_id(&id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    }
}

/// Ctrl+Z (Cmd+Z) undoes a plan edit anywhere on the page; Ctrl+Shift+Z or
/// Ctrl+Y redoes it.
fn undo_redo_keys(store: Store) {
    listen(&window(), "keydown", move |e| {
        let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if !(k.ctrl_key() || k.meta_key()) || k.alt_key() {
            return;
        }
        // A text area (the actuals' paste box) keeps its own undo.
        if k.target()
            .is_some_and(|t| t.dyn_ref::<web_sys::HtmlTextAreaElement>().is_some())
        {
            return;
        }
        let key = k.key().to_lowercase();
        let undo = key == "z" && !k.shift_key();
        let redo = (key == "z" && k.shift_key()) || key == "y";
        if undo || redo {
            k.prevent_default();
            undo_redo(store, undo);
        }
    });
}
