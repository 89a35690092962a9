//! Scenarios and their growth models (MODEL.md section 2).

use crate::engine::edit::{remove, shift};
use crate::engine::{Growth, GrowthKind, Num, Path, Plan, Point, Segment};
use crate::formats::input::{self, NumberKind};
use crate::ui::fields::{
    action, move_actions, number_field, select_field, string_field, text_field,
};
use crate::ui::store::Store;
use leptos::prelude::*;

fn growth(p: &mut Plan, i: usize) -> Option<&mut Growth> {
    p.scenarios.get_mut(i).map(|s| &mut s.growth)
}

fn segment(p: &mut Plan, i: usize, j: usize) -> Option<&mut Segment> {
    match growth(p, i)? {
        Growth::Compound { segments, .. } => segments.get_mut(j),
        _ => None,
    }
}

fn point(p: &mut Plan, i: usize, j: usize) -> Option<&mut Point> {
    match growth(p, i)? {
        Growth::Table { points } => points.get_mut(j),
        _ => None,
    }
}

#[component]
pub fn Scenarios(store: Store) -> impl IntoView {
    let n = store.plan.with_untracked(|p| p.scenarios.len());
    let add = move || store.restructure(None, Plan::add_scenario);
    super::section(
        "Scenarios",
        "scenarios",
        view! {
            {(0..n).map(|i| scenario(store, i, n)).collect_view()}
            <button type="button" class="add" on:click=move |_| add()>
                "+ Add scenario"
            </button>
        },
    )
}

fn scenario(store: Store, i: usize, n: usize) -> impl IntoView {
    let base = Path::scenario(i);
    let (kind, title) = store
        .plan
        .with_untracked(|p| (p.scenarios[i].growth.kind(), p.scenarios[i].label.clone()));
    let body = match kind {
        GrowthKind::Compound => compound(store, i).into_any(),
        GrowthKind::Table => table(store, i).into_any(),
        GrowthKind::Logistic => logistic(store, i).into_any(),
    };
    // An error about the scenario as a whole (users past 10^12, a cost that
    // overflows) is said here; the problems list links to this card.
    let id = base.element_id();
    let whole = {
        let (base, id) = (base.clone(), id.clone());
        move || {
            store.whole_error(&base).map(|m| {
                view! {
                    <p class="error whole" id=format!("{id}-error") role="alert">
                        {m}
                    </p>
                }
            })
        }
    };
    view! {
        <fieldset class="card" id=id tabindex="-1">
            <legend>{format!("Scenario {}: {title}", i + 1)}</legend>
            {whole}
            {scenario_actions(store, i, n)}
            <div class="grid">
                {string_field(
                    store,
                    "Label",
                    base.clone().key("label"),
                    move |p| p.scenarios.get_mut(i).map(|s| &mut s.label),
                )}
                {string_field(
                    store,
                    "Id",
                    base.clone().key("id"),
                    move |p| p.scenarios.get_mut(i).map(|s| &mut s.id),
                )} {growth_kind(store, i)}
            </div>
            {body}
        </fieldset>
    }
}

/// Moving scenario `i` (of `n`) up or down, and removing it (not the last).
fn scenario_actions(store: Store, i: usize, n: usize) -> impl IntoView {
    let title = |k: usize, way: &str| format!("Move scenario {} {way}", k + 1);
    let shift_by = move |by| {
        store.restructure(Some(&Path::field("scenarios")), move |p| {
            shift(&mut p.scenarios, i, by)
        })
    };
    view! {
        <div class="card-actions">
            {move_actions(i, n, title, shift_by)}
            {(n > 1)
                .then(|| action(
                    "Remove",
                    format!("Remove scenario {}", i + 1),
                    move || {
                        store
                            .restructure(
                                Some(&Path::field("scenarios")),
                                |p| remove(&mut p.scenarios, i),
                            );
                        crate::ui::focus::field(Path::scenario(i.min(n - 2)).key("label"));
                    },
                ))}
        </div>
    }
}

/// The growth model: compound rates, users by month or a logistic curve.
fn growth_kind(store: Store, i: usize) -> impl IntoView {
    select_field(
        store,
        "Growth model",
        Path::scenario(i).key("growth").key("kind"),
        |_| {
            vec![
                ("compound".into(), "Compound rates".into()),
                ("table".into(), "Users by month".into()),
                ("logistic".into(), "Logistic curve".into()),
            ]
        },
        move |p| match p.scenarios.get(i).map(|s| s.growth.kind()) {
            Some(GrowthKind::Compound) => "compound".into(),
            Some(GrowthKind::Table) => "table".into(),
            Some(GrowthKind::Logistic) => "logistic".into(),
            None => String::new(),
        },
        move |store, v| {
            let kind = match v.as_str() {
                "table" => GrowthKind::Table,
                "logistic" => GrowthKind::Logistic,
                _ => GrowthKind::Compound,
            };
            store.restructure(Some(&Path::scenario(i).key("growth")), |p| {
                p.set_growth_kind(i, kind)
            });
        },
    )
}

/// A logistic curve's rate and market size.
fn logistic(store: Store, i: usize) -> impl IntoView {
    let growth_at = Path::scenario(i).key("growth");
    view! {
        <div class="grid">
            {number_field(
                store,
                "Growth rate (logistic)",
                growth_at.clone().key("rate"),
                NumberKind::Percent,
                move |p| match growth(p, i)? {
                    Growth::Logistic { rate, .. } => Some(rate),
                    _ => None,
                },
            )}
            {number_field(
                store,
                "Market size (users)",
                growth_at.key("capacity"),
                NumberKind::Count,
                move |p| match growth(p, i)? {
                    Growth::Logistic { capacity, .. } => Some(capacity),
                    _ => None,
                },
            )}
        </div>
    }
}

fn compound(store: Store, i: usize) -> impl IntoView {
    let base = Path::scenario(i).key("growth");
    let n = store.plan.with_untracked(|p| match &p.scenarios[i].growth {
        Growth::Compound { segments, .. } => segments.len(),
        _ => 0,
    });
    let rows = (0..n).map(|j| growth_period(store, i, j, n)).collect_view();
    let add = move || store.restructure(None, move |p| p.add_growth_period(i));
    view! {
        <div class="rows" role="group" aria-label="Growth periods">
            {rows}
        </div>
        // Off once the periods reach the horizon: a period past it would do nothing.
        <button
            type="button"
            class="add"
            on:click=move |_| add()
            disabled=move || store.plan.with(|p| p.next_growth_period(i).is_none())
        >
            "+ Add growth period"
        </button>
        <div class="grid">
            {number_field(
                store,
                "Monthly churn",
                base.clone().key("churn"),
                NumberKind::Percent,
                move |p| match growth(p, i)? {
                    Growth::Compound { churn, .. } => Some(churn),
                    _ => None,
                },
            )}
        </div>
    }
}

/// Growth period `j` (of `n`) of scenario `i`: its months, its rate, and
/// removing it (the focus then goes to the rate of the period in its
/// place, else to the churn: not to the next period's remove button).
fn growth_period(store: Store, i: usize, j: usize, n: usize) -> impl IntoView {
    let at = Path::scenario(i).key("growth").key("segments").at(j);
    let to = text_field(
        store,
        "To month (blank: end)",
        at.clone().key("to"),
        " ",
        Box::new(move |p| {
            segment(p, i, j)
                .and_then(|s| s.to)
                .map_or(String::new(), |m| m.to_string())
        }),
        Box::new(move |p, text| {
            let to = if text.trim().is_empty() {
                None
            } else {
                Some(input::parse_month(text)?)
            };
            if let Some(s) = segment(p, i, j) {
                s.to = to;
            }
            Ok(())
        }),
    );
    view! {
        <div class="row">
            {crate::ui::fields::month_field(
                store,
                "From month",
                at.clone().key("from"),
                move |p| segment(p, i, j).map(|s| &mut s.from),
            )} {to}
            {number_field(
                store,
                "Monthly growth",
                at.clone().key("rate"),
                NumberKind::Percent,
                move |p| segment(p, i, j).map(|s| &mut s.rate),
            )}
            {action(
                "✕",
                format!("Remove growth period {} of scenario {}", j + 1, i + 1),
                move || {
                    store
                        .restructure(
                            Some(&Path::scenario(i).key("growth")),
                            |p| {
                                if let Some(Growth::Compound { segments, .. }) = growth(p, i) {
                                    remove(segments, j)
                                }
                            },
                        );
                    let growth_at = Path::scenario(i).key("growth");
                    crate::ui::focus::field(
                        match n {
                            1 => growth_at.key("churn"),
                            _ => growth_at.key("segments").at(j.min(n - 2)).key("rate"),
                        },
                    );
                },
            )}
        </div>
    }
}

fn table(store: Store, i: usize) -> impl IntoView {
    let base = Path::scenario(i).key("growth").key("points");
    let n = store.plan.with_untracked(|p| match &p.scenarios[i].growth {
        Growth::Table { points } => points.len(),
        _ => 0,
    });
    let rows = (0..n)
        .map(|j| {
            view! {
                <div class="row">
                    {crate::ui::fields::month_field(
                        store,
                        "Month",
                        base.clone().at(j).at(0),
                        move |p| point(p, i, j).map(|pt| &mut pt.0),
                    )}
                    {number_field(
                        store,
                        "Users",
                        base.clone().at(j).at(1),
                        NumberKind::Count,
                        move |p| point(p, i, j).map(|pt| &mut pt.1),
                    )}
                    {action(
                        "✕",
                        format!("Remove point {} of scenario {}", j + 1, i + 1),
                        move || {
                            store
                                .restructure(
                                    Some(&Path::scenario(i).key("growth")),
                                    |p| {
                                        if let Some(Growth::Table { points }) = growth(p, i) {
                                            remove(points, j)
                                        }
                                    },
                                )
                        },
                    )}
                </div>
            }
        })
        .collect_view();
    let add = move || {
        store.restructure(None, |p| {
            if let Some(Growth::Table { points }) = growth(p, i) {
                let (m, u) = points
                    .last()
                    .map_or((12, 1000.0), |pt| (pt.0 + 6, pt.1.median() * 1.5));
                points.push(Point(m, Num::Fixed(u.round())));
            }
        })
    };
    view! {
        <div class="rows" role="group" aria-label="Users by month">
            {rows}
        </div>
        <button type="button" class="add" on:click=move |_| add()>
            "+ Add point"
        </button>
    }
}
