//! Policy (utilization targets, alerts, budget) and discount programs
//! (MODEL.md sections 5-6).

use crate::engine::{Category, Commitment, Discount, Num, Path, Plan};
use crate::formats::input::{self, NumberKind};
use crate::report::idle_categories;
use crate::ui::fields::{check_field, number_field, optional_number_field, text_field, CURRENCY};
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
    fn categories(self, p: &Plan) -> Option<&[Category]> {
        let pricing = p.pricing.as_ref()?;
        let program = match self {
            Program::Reserved => pricing.reserved.as_ref(),
            Program::Spot => pricing.spot.as_ref(),
        };
        program.map(|d| d.categories.as_slice())
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
            {commitment(store)}
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
        let boxes = chips(store, prog.name(), move |p| {
            prog.of(p).map(|d| &mut d.categories)
        });
        // A program over categories no component is in changes nothing.
        let idle = Memo::new(move |_| {
            store
                .plan
                .with(|p| prog.categories(p).and_then(|c| idle_categories(p, c)))
        });
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
            {move || idle.get().map(|t| view! { <p class="hint idle-note">{t}</p> })}
        }
    });
    switchable(
        store,
        toggle_id,
        prog.title(),
        on,
        move |p, on| prog.toggle(p, on),
        body,
    )
}

fn committed(p: &mut Plan) -> Option<&mut Commitment> {
    p.pricing.as_mut()?.commitment.as_mut()
}

/// A plain number of the commitment (only its discount may be a range).
fn plain(
    store: Store,
    label: &str,
    key: &'static str,
    kind: NumberKind,
    at: fn(&mut Commitment) -> &mut f64,
) -> impl IntoView {
    let suffix = if kind == NumberKind::Money {
        CURRENCY
    } else {
        " "
    };
    text_field(
        store,
        label,
        Path::field("pricing").key("commitment").key(key),
        suffix,
        Box::new(move |p| {
            committed(p).map_or(String::new(), |c| input::show(&Num::Fixed(*at(c)), kind))
        }),
        Box::new(move |p, text| {
            let Num::Fixed(v) = input::parse(text, kind)? else {
                return Err("a plain number: only the discount may be a range".into());
            };
            committed(p)
                .map(|c| *at(c) = v)
                .ok_or_else(|| "the commitment is gone".into())
        }),
    )
}

/// A month count of the commitment: its term or its first month.
fn months(
    store: Store,
    label: &str,
    key: &'static str,
    at: fn(&mut Commitment) -> &mut u32,
) -> impl IntoView {
    text_field(
        store,
        label,
        Path::field("pricing").key("commitment").key(key),
        " ",
        Box::new(move |p| committed(p).map_or(String::new(), |c| at(c).to_string())),
        Box::new(move |p, text| {
            let m = input::parse_month(text)?;
            committed(p)
                .map(|c| *at(c) = m)
                .ok_or_else(|| "the commitment is gone".into())
        }),
    )
}

/// The commitment (MODEL.md section 12): on or off, its amount, discount,
/// term, first month and the categories it covers.
fn commitment(store: Store) -> impl IntoView {
    let on = (store.plan)
        .try_update_untracked(|p| committed(p).is_some())
        .unwrap_or(false);
    let base = Path::field("pricing").key("commitment");
    let body = on.then(|| {
        let boxes = chips(store, "commitment", |p| {
            committed(p).map(|c| &mut c.categories)
        });
        // None ticked is a validation error, told there; none in use is not.
        let idle = Memo::new(move |_| {
            store.plan.with(|p| {
                let c = p.pricing.as_ref()?.commitment.as_ref()?;
                idle_categories(p, &c.categories).filter(|_| !c.categories.is_empty())
            })
        });
        view! {
            <div class="grid">
                {plain(store, "Amount a month", "amount", NumberKind::Money, |c| &mut c.amount)}
                {number_field(
                    store,
                    "Discount",
                    base.clone().key("discount"),
                    NumberKind::Percent,
                    |p| committed(p).map(|c| &mut c.discount),
                )} {months(store, "Term (months)", "term_months", |c| &mut c.term_months)}
                {months(store, "First month", "start_month", |c| &mut c.start_month)}
            </div>
            <fieldset class="chips">
                <legend>"Applies to"</legend>
                {boxes}
            </fieldset>
            {move || idle.get().map(|t| view! { <p class="hint idle-note">{t}</p> })}
        }
    });
    let toggle = |p: &mut Plan, on: bool| {
        if on {
            crate::app::commitment::add(p);
        } else if let Some(pricing) = p.pricing.as_mut() {
            pricing.commitment = None;
        }
    };
    let title = "Commitment: an amount a month, reserved for a term";
    switchable(store, "toggle-commitment".into(), title, on, toggle, body)
}

/// A pricing program that is on or off, with its fields when on.
fn switchable(
    store: Store,
    id: String,
    title: &'static str,
    on: bool,
    toggle: impl Fn(&mut Plan, bool) + Copy + 'static,
    body: Option<impl IntoView>,
) -> impl IntoView {
    view! {
        <div class="program">
            <div class="field check">
                <input
                    type="checkbox"
                    id=id.clone()
                    checked=on
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        store.restructure(None, |p| toggle(p, on))
                    }
                />
                <label for=id>{title}</label>
            </div>
            {body}
        </div>
    }
}

/// A checkbox per category, ticked for those in the list `at` picks out.
fn chips(
    store: Store,
    prefix: &'static str,
    at: impl Fn(&mut Plan) -> Option<&mut Vec<Category>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    Category::ALL
        .into_iter()
        .map(|cat| {
            let checked = (store.plan)
                .try_update_untracked(|p| at(p).is_some_and(|l| l.contains(&cat)))
                .unwrap_or(false);
            view! {
                <label class="chip">
                    <input
                        type="checkbox"
                        id=format!("{prefix}-{}", cat.name())
                        checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            store
                                .edit(|p| {
                                    if let Some(list) = at(p) {
                                        list.retain(|c| *c != cat);
                                        if on {
                                            list.push(cat);
                                            crate::engine::order::sort_by(list, |a, b| a.cmp(b));
                                        }
                                    }
                                });
                        }
                    />
                    {cat.name()}
                </label>
            }
        })
        .collect_view()
}
