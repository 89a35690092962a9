//! The plan editor: every part of the plan (MODEL.md sections 0-5) as
//! labelled fields, in the order a planner fills them in.

mod actuals;
mod elastic;
mod header;
mod metrics;
mod policy;
mod scenarios;
mod tiers;

use super::store::Store;
use leptos::prelude::*;

pub use elastic::PutAway;
pub(crate) use header::preset_options;
pub use header::PlanHeader;
pub use tiers::Unfolded;

#[component]
pub fn Editor(store: Store) -> impl IntoView {
    // On first load the fields (four fifths of the page's elements) come
    // the task after the first frame; a large plan's, the task after its
    // figures when it opens.
    let first = super::after_first_frame();
    let shown = move || first.get() && !store.fields_later.get();
    view! {
        <section class="editor" aria-label="Plan editor" aria-busy=move || (!shown()).to_string()>
            <Show when=shown fallback=|| view! { <p class="pending">"Loading the editor…"</p> }>
                // Keyed by the shape counter: a structural edit (or undo) makes
                // fresh fields from the plan. A plain reactive block would patch
                // the old inputs in place, and an input the user has typed in
                // ignores a new value attribute. Typing never gets here.
                // Nothing while a large plan's fields wait: they are not
                // rebuilt only to be dropped.
                <For
                    each=move || (!store.fields_later.get()).then(|| store.shape.get())
                    key=|shape| *shape
                    children=move |_| {
                        super::mark("headroom:editor-ready");
                        view! {
                            <header::PlanFields store=store />
                            <scenarios::Scenarios store=store />
                            <metrics::Metrics store=store />
                            <tiers::Tiers store=store />
                            <elastic::DailyProfile store=store />
                            <policy::PolicyAndPricing store=store />
                            <actuals::Actuals store=store />
                        }
                    }
                />
            </Show>
        </section>
    }
}

/// A titled part of the editor that folds away.
pub fn section(title: &'static str, id: &'static str, body: impl IntoView) -> impl IntoView {
    view! {
        <details class="section" open=true id=id>
            <summary>
                <h2>{title}</h2>
            </summary>
            <div class="section-body">{body}</div>
        </details>
    }
}
