//! The plan's own fields and the preset picker.

use crate::engine::Path;
use crate::formats::input::NumberKind;
use crate::presets::{self, PRESETS};
use crate::ui::fields::{number_field, string_field, text_field};
use crate::ui::store::Store;
use leptos::prelude::*;

#[component]
pub fn PlanFields(store: Store) -> impl IntoView {
    let horizon = text_field(
        store,
        "Horizon (months)",
        Path::field("horizon_months"),
        " ",
        Box::new(|p| p.horizon_months.to_string()),
        Box::new(|p, text| {
            p.horizon_months = crate::formats::input::parse_month(text)?;
            Ok(())
        }),
    );
    let start = text_field(
        store,
        "Start month (YYYY-MM)",
        Path::field("start"),
        "",
        Box::new(|p| p.start.map_or(String::new(), |s| s.to_string())),
        Box::new(|p, text| {
            p.start = crate::formats::input::parse_start(text)?;
            Ok(())
        }),
    );
    super::section(
        "Plan",
        "plan",
        view! {
            <div class="grid">
                {string_field(store, "Plan name", Path::field("name"), |p| Some(&mut p.name))}
                {string_field(
                    store,
                    "Currency",
                    Path::field("currency"),
                    |p| Some(&mut p.currency),
                )}
                {number_field(
                    store,
                    "Initial users",
                    Path::field("initial_users"),
                    NumberKind::Count,
                    |p| Some(&mut p.initial_users),
                )} {horizon} {start}
            </div>
        },
    )
}

/// "Start from a preset": picks a preset (or a blank plan) and replaces the
/// plan only after the planner confirms.
#[component]
pub fn PlanHeader(store: Store) -> impl IntoView {
    let choice = RwSignal::new(String::new());
    let label_of = |name: &str| -> String {
        if name == "blank" {
            return "a blank plan".to_string();
        }
        presets::find(name)
            .and_then(|p| p.plan().ok())
            .map_or_else(|| name.to_string(), |p| format!("the {} preset", p.name))
    };
    let load = move || {
        let name = choice.get_untracked();
        let plan = if name == "blank" {
            Some(presets::blank_plan())
        } else {
            presets::find(&name).and_then(|p| p.plan().ok())
        };
        if let Some(plan) = plan {
            store.replace(plan);
        }
        choice.set(String::new());
    };
    view! {
        <div class="preset-picker">
            <label for="preset">"Start from"</label>
            <select
                id="preset"
                prop:value=move || choice.get()
                on:change=move |ev| choice.set(event_target_value(&ev))
            >
                <option value="">"Choose a preset…"</option>
                <option value="blank">"Blank plan"</option>
                {preset_options()}
            </select>
            <Show when=move || !choice.get().is_empty()>
                <div class="confirm" role="alertdialog" aria-label="Replace the plan?">
                    <span>
                        {move || {
                            format!(
                                "Replace this plan with {}? Your edits will be lost.",
                                label_of(&choice.get()),
                            )
                        }}
                    </span>
                    <button type="button" class="primary" on:click=move |_| load()>
                        "Replace plan"
                    </button>
                    <button type="button" on:click=move |_| choice.set(String::new())>
                        "Cancel"
                    </button>
                </div>
            </Show>
        </div>
    }
}

/// One option per preset, named by its plan's name.
pub(crate) fn preset_options() -> impl IntoView {
    PRESETS
        .iter()
        .map(|p| view! { <option value=p.name>{p.title()}</option> })
        .collect_view()
}
