//! The plan editor: every part of the plan (MODEL.md sections 0-5) as
//! labelled fields, in the order a planner fills them in.

mod header;
mod metrics;
mod policy;
mod scenarios;
mod tiers;

use super::store::Store;
use leptos::prelude::*;

pub use header::PlanHeader;

#[component]
pub fn Editor(store: Store) -> impl IntoView {
    view! {
        <section class="editor" aria-label="Plan editor">
            {move || {
                // Rebuilt on structural edits only; typing never gets here.
                store.shape.track();
                view! {
                    <header::PlanFields store=store />
                    <scenarios::Scenarios store=store />
                    <metrics::Metrics store=store />
                    <tiers::Tiers store=store />
                    <policy::PolicyAndPricing store=store />
                }
            }}
        </section>
    }
}

/// A titled part of the editor that folds away.
pub fn section(title: &'static str, id: &'static str, body: impl IntoView) -> impl IntoView {
    view! {
        <details class="section" open=true id=id>
            <summary><h2>{title}</h2></summary>
            <div class="section-body">{body}</div>
        </details>
    }
}
