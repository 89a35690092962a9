//! Policy (utilization targets, alerts, budget) and discount programs
//! (MODEL.md sections 5-6).

use crate::engine::{Category, Discount, Num, Path, Plan};
use crate::formats::input::NumberKind;
use crate::ui::fields::{check_field, number_field, optional_number_field};
use crate::ui::store::Store;
use leptos::prelude::*;

#[derive(Clone, Copy)]
enum Program {
    Reserved,
    Spot,
}

impl Program {
    fn name(self) -> &'static str {
        match self {
            Program::Reserved => "reserved",
            Program::Spot => "spot",
        }
    }
    fn title(self) -> &'static str {
        match self {
            Program::Reserved => "Reserved / committed-use pricing",
            Program::Spot => "Spot / preemptible pricing",
        }
    }
    fn of(self, p: &mut Plan) -> Option<&mut Discount> {
        let pricing = p.pricing.as_mut()?;
        match self {
            Program::Reserved => pricing.reserved.as_mut(),
            Program::Spot => pricing.spot.as_mut(),
        }
    }
    fn toggle(self, p: &mut Plan, on: bool) {
        let pricing = p.pricing.get_or_insert_with(Default::default);
        let slot = match self {
            Program::Reserved => &mut pricing.reserved,
            Program::Spot => &mut pricing.spot,
        };
        *slot = on.then(|| Discount {
            coverage: Num::Fixed(0.5),
            discount: Num::Fixed(match self {
                Program::Reserved => 0.4,
                Program::Spot => 0.7,
            }),
            categories: match self {
                Program::Reserved => vec![Category::Compute, Category::Database, Category::Cache],
                Program::Spot => vec![Category::Worker],
            },
        });
    }
}

#[component]
pub fn PolicyAndPricing(store: Store) -> impl IntoView {
    super::section(
        "Policy and pricing",
        "policy",
        view! {
            <div class="grid">
                {number_field(
                    store,
                    "Target utilization",
                    Path::field("policy").key("target_utilization"),
                    NumberKind::Percent,
                    |p| Some(&mut p.policy.target_utilization),
                )}
                {number_field(
                    store,
                    "Warn at utilization",
                    Path::field("policy").key("warn_utilization"),
                    NumberKind::Percent,
                    |p| Some(&mut p.policy.warn_utilization),
                )}
                {number_field(
                    store,
                    "Cost jump alert",
                    Path::field("policy").key("cost_jump"),
                    NumberKind::Percent,
                    |p| Some(&mut p.policy.cost_jump),
                )}
                {optional_number_field(
                    store,
                    "Monthly budget (optional)",
                    Path::field("policy").key("monthly_budget"),
                    NumberKind::Money,
                    |p| Some(&mut p.policy.monthly_budget),
                )}
                {check_field(
                    store,
                    "Move down a tier when demand falls",
                    Path::field("policy").key("allow_downgrade"),
                    |p| Some(&mut p.policy.allow_downgrade),
                )}
            </div>
            {program(store, Program::Reserved)}
            {program(store, Program::Spot)}
        },
    )
}

fn program(store: Store, prog: Program) -> impl IntoView {
    let base = Path::field("pricing").key(prog.name());
    let on = store
        .plan
        .try_update_untracked(|p| prog.of(p).is_some())
        .unwrap_or(false);
    let toggle_id = format!("toggle-{}", prog.name());
    let body = on.then(|| {
        let boxes = Category::ALL
            .into_iter()
            .map(|cat| {
                let id = format!("{}-{}", prog.name(), cat.name());
                let checked = store
                    .plan
                    .try_update_untracked(|p| {
                        prog.of(p).is_some_and(|d| d.categories.contains(&cat))
                    })
                    .unwrap_or(false);
                view! {
                    <label class="chip">
                        <input
                            type="checkbox"
                            id=id
                            checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                store
                                    .edit(|p| {
                                        if let Some(d) = prog.of(p) {
                                            d.categories.retain(|c| *c != cat);
                                            if on {
                                                d.categories.push(cat);
                                                d.categories.sort();
                                            }
                                        }
                                    });
                            }
                        />
                        {cat.name()}
                    </label>
                }
            })
            .collect_view();
        view! {
            <div class="grid">
                {number_field(
                    store,
                    "Coverage",
                    base.clone().key("coverage"),
                    NumberKind::Percent,
                    move |p| prog.of(p).map(|d| &mut d.coverage),
                )}
                {number_field(
                    store,
                    "Discount",
                    base.clone().key("discount"),
                    NumberKind::Percent,
                    move |p| prog.of(p).map(|d| &mut d.discount),
                )}
            </div>
            <fieldset class="chips">
                <legend>"Applies to"</legend>
                {boxes}
            </fieldset>
        }
    });
    view! {
        <div class="program">
            <div class="field check">
                <input
                    type="checkbox"
                    id=toggle_id.clone()
                    checked=on
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        store.restructure(None, |p| prog.toggle(p, on))
                    }
                />
                <label for=toggle_id>{prog.title()}</label>
            </div>
            {body}
        </div>
    }
}
