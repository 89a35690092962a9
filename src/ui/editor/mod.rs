//! The plan editor: every part of the plan (MODEL.md sections 0-5) as
//! labelled fields, in the order a planner fills them in.

mod header;
mod metrics;
mod policy;
mod scenarios;
mod tiers;

use super::store::{field_id, Store};
use leptos::prelude::*;

pub use header::PlanHeader;

#[component]
pub fn Editor(store: Store) -> impl IntoView {
    view! {
        <section class="editor" aria-label="Plan editor">
            <Problems store=store />
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

/// Every problem of the current plan, each a link to its field.
#[component]
fn Problems(store: Store) -> impl IntoView {
    let problems = Memo::new(move |_| {
        let mut list: Vec<(String, String)> = store.drafts.with(|d| {
            d.iter()
                .map(|(p, d)| (p.clone(), d.message.clone()))
                .collect()
        });
        store.outcome.with(|o| {
            for e in &o.errors {
                if !list.iter().any(|(p, _)| *p == e.path) {
                    list.push((e.path.clone(), e.message.clone()));
                }
            }
        });
        list
    });
    view! {
        <div class="problems" role="status" aria-live="polite">
            <Show when=move || problems.with(|p| !p.is_empty())>
                <p>
                    <strong>
                        {move || match problems.with(Vec::len) {
                            1 => "1 problem".to_string(),
                            n => format!("{n} problems"),
                        }}
                    </strong>
                    " in the plan; the results show the last valid plan until they are fixed."
                </p>
                <ul>
                    {move || {
                        problems
                            .get()
                            .into_iter()
                            .map(|(path, message)| {
                                let href = format!("#{}", field_id(&path));
                                view! {
                                    <li>
                                        <a href=href><code>{path}</code></a>
                                        ": "
                                        {message}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </div>
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
