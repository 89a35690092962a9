//! The plan's problems, listed beside the results (so the list appearing
//! never shifts the field being typed in), each a link to its field.

use super::store::Store;
use leptos::prelude::*;

/// Every problem of the current plan, each a link to its field.
#[component]
pub fn Problems(store: Store) -> impl IntoView {
    let unfolded: crate::ui::editor::Unfolded = expect_context();
    let problems = Memo::new(move |_| store.problems());
    view! {
        <div class="problems" role="status" aria-live="polite">
            <Show when=move || problems.with(|p| !p.is_empty())>
                <p>
                    <strong>
                        {move || crate::formats::numbers::plural(
                            problems.with(Vec::len),
                            "problem",
                        )}
                    </strong>
                    " in the plan. The results are out of date: they show the last valid plan until the problems are fixed."
                </p>
                <ul>
                    {move || {
                        problems
                            .get()
                            .into_iter()
                            .map(|(path, message)| {
                                let href = format!("#{}", path.element_id());
                                let whole = store
                                    .plan
                                    .with_untracked(|p| crate::report::whole_name(p, &path))
                                    .map(|name| format!(" ({})", crate::ui::shown_name(&name)));
                                let at = path.clone();
                                let reveal = move |ev: leptos::ev::MouseEvent| {
                                    ev.prevent_default();
                                    unfolded.reveal(&at);
                                    crate::ui::focus::go_to(at.clone());
                                };
                                // A problem of a whole scenario or tier names it too.
                                // Not a jump through the address: it would
                                // replace a plan link there.
                                view! {
                                    <li>
                                        // A field in a folded tier is built when its tier unfolds.
                                        <a href=href on:click=reveal>
                                            <code>{path.to_string()}</code>
                                        </a>
                                        {whole}
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
