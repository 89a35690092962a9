//! Tiers: limits and itemised components (MODEL.md sections 4-5).

use super::metrics::quantity_options;
use crate::engine::edit::{remove, shift, QuantityMode};
use crate::engine::{Category, Component, Path, Plan, Quantity};
use crate::formats::input::NumberKind;
use crate::ui::fields::{
    action, move_actions, number_field, optional_number_field, select_field, string_field,
};
use crate::ui::store::{is_large, Store};
use leptos::prelude::*;

fn component(p: &mut Plan, t: usize, c: usize) -> Option<&mut Component> {
    p.tiers.get_mut(t)?.components.get_mut(c)
}

/// The tiers unfolded in a large plan, by index; kept across rebuilds of
/// the editor, and set by a problem's link to a field inside a tier.
#[derive(Clone, Copy)]
pub struct Unfolded(pub RwSignal<Vec<usize>>);

impl Unfolded {
    /// Unfolds the tier that holds the field at `path`, if any.
    pub fn reveal(self, path: &Path) {
        if let Some(t) = path.index_of("tiers") {
            if !self.0.with_untracked(|s| s.contains(&t)) {
                self.0.update(|s| s.push(t));
            }
        }
    }
}

#[component]
pub fn Tiers(store: Store) -> impl IntoView {
    // A large plan opens with its tiers folded (`store::is_large`).
    let (n, total, folding) = store.plan.with_untracked(|p| {
        (
            p.tiers.len(),
            p.tiers.iter().map(|t| t.components.len()).sum::<usize>(),
            is_large(p),
        )
    });
    let add = move || store.restructure(None, Plan::add_tier);
    super::section(
        "Tiers",
        "tiers",
        view! {
            <p class="hint">
                "Smallest first: each month uses the first tier whose limits hold the month's demand within the target utilization."
            </p>
            {folding
                .then(|| {
                    view! {
                        <p class="hint">
                            {format!(
                                "{total} components in {n} tiers: each tier's limits and components show when you unfold it.",
                            )}
                        </p>
                    }
                })}
            {(0..n).map(|t| tier(store, t, n, folding)).collect_view()}
            <button type="button" class="add" on:click=move |_| add()>
                "+ Add tier"
            </button>
        },
    )
}

fn tier(store: Store, t: usize, n: usize, folding: bool) -> impl IntoView {
    let unfolded = expect_context::<Unfolded>().0;
    let open = Memo::new(move |_| !folding || unfolded.with(|s| s.contains(&t)));
    let toggle = move |_| {
        unfolded.update(|s| match s.iter().position(|&x| x == t) {
            Some(i) => {
                s.swap_remove(i);
            }
            None => s.push(t),
        })
    };
    let base = Path::tier(t);
    let components = store.plan.with_untracked(|p| p.tiers[t].components.len());
    view! {
        <fieldset class="card tier">
            <legend>
                {move || {
                    store
                        .plan
                        .with(|p| p.tiers.get(t).map(|x| format!("Tier {}: {}", t + 1, x.label)))
                }}
            </legend>
            {tier_actions(store, t, n)}
            <div class="grid">
                {string_field(
                    store,
                    "Tier name",
                    base.clone().key("label"),
                    move |p| p.tiers.get_mut(t).map(|x| &mut x.label),
                )}
                {string_field(
                    store,
                    "Id",
                    base.clone().key("id"),
                    move |p| p.tiers.get_mut(t).map(|x| &mut x.id),
                )}
            </div>
            {folding.then(|| unfold_button(t, components, open, toggle))}
            <Show when=move || open.get()>
                <h3>"Limits"</h3>
                <For
                    each=move || std::iter::once(store.keys.get())
                    key=|k| *k
                    children=move |_| limits(store, t)
                />
                <h3>"Components"</h3>
                <div class="components">
                    {(0..components).map(|c| component_row(store, t, c, components)).collect_view()}
                </div>
                <button
                    type="button"
                    class="add"
                    on:click=move |_| store.restructure(None, |p| p.add_component(t))
                >
                    "+ Add component"
                </button>
                {targets(store, t)}
            </Show>
            <p class="tier-total">{move || tier_total(store, t)}</p>
        </fieldset>
    }
}

/// Move tier `t` (of `n`) up or down, duplicate it, remove it (not the last).
fn tier_actions(store: Store, t: usize, n: usize) -> impl IntoView {
    let title = |k: usize, way: &str| format!("Move tier {} {way}", k + 1);
    let shift_by = move |by| {
        store.restructure(Some(&Path::field("tiers")), move |p| {
            shift(&mut p.tiers, t, by)
        })
    };
    view! {
        <div class="card-actions">
            {move_actions(t, n, title, shift_by)}
            {action(
                "Duplicate",
                format!("Duplicate tier {}", t + 1),
                move || {
                    store.restructure(Some(&Path::field("tiers")), |p| p.duplicate_tier(t));
                    crate::ui::focus::field(Path::tier(t + 1).key("label"));
                },
            )}
            {(n > 1)
                .then(|| action(
                    "Remove",
                    format!("Remove tier {}", t + 1),
                    move || {
                        store.restructure(Some(&Path::field("tiers")), |p| remove(&mut p.tiers, t));
                        crate::ui::focus::field(Path::tier(t.min(n - 2)).key("label"));
                    },
                ))}
        </div>
    }
}

/// Shows or hides a folded tier's limits and components.
fn unfold_button(
    t: usize,
    components: usize,
    open: Memo<bool>,
    toggle: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="unfold"
            id=format!("unfold-tier-{t}")
            aria-expanded=move || if open.get() { "true" } else { "false" }
            on:click=toggle
        >
            {move || {
                format!(
                    "{} limits and {components} components of tier {}",
                    if open.get() { "Hide" } else { "Show" },
                    t + 1,
                )
            }}
        </button>
    }
}

/// "Fixed components: $463.45 a month" from the last valid forecast's plan.
fn tier_total(store: Store, t: usize) -> Option<String> {
    store.plan.with(|p| {
        let tier = p.tiers.get(t)?;
        let fixed: f64 = tier
            .components
            .iter()
            .filter_map(|c| match &c.quantity {
                Quantity::Fixed(q) => Some(q.median() * c.unit_cost.median()),
                _ => None,
            })
            .sum();
        fixed.is_finite().then(|| {
            format!(
                "Fixed-quantity components: {} a month, before discounts",
                crate::formats::numbers::money(fixed, &p.currency)
            )
        })
    })
}

fn limits(store: Store, t: usize) -> impl IntoView {
    let keys: Vec<String> = store
        .plan
        .with_untracked(|p| p.tiers.get(t).map(|x| x.limits.keys().cloned().collect()))
        .unwrap_or_default();
    let rows = keys
        .into_iter()
        .enumerate()
        .map(|(k, key)| {
            let path = Path::tier(t).key("limits").name(&key);
            let (old_key, remove_key) = (key.clone(), key.clone());
            view! {
                <div class="row">
                    {select_field(
                        store,
                        "Limit on",
                        path.clone().key("key"),
                        |p| quantity_options(p, None),
                        move |_| old_key.clone(),
                        move |store, new| {
                            let old = key.clone();
                            store
                                .restructure(
                                    Some(&Path::tier(t).key("limits")),
                                    move |p| p.rekey_limit(t, &old, &new),
                                );
                        },
                    )}
                    {number_field(
                        store,
                        "Most it carries",
                        path,
                        NumberKind::Count,
                        move |p| { p.tiers.get_mut(t)?.limits.values_mut().nth(k) },
                    )}
                    {action(
                        "✕",
                        format!("Remove limit {} of tier {}", k + 1, t + 1),
                        move || {
                            let key = remove_key.clone();
                            store
                                .restructure(
                                    Some(&Path::tier(t).key("limits")),
                                    move |p| {
                                        if let Some(x) = p.tiers.get_mut(t) {
                                            x.limits.remove(&key);
                                        }
                                    },
                                )
                        },
                    )}
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="rows" role="group" aria-label=format!("Limits of tier {}", t + 1)>
            {rows}
        </div>
        <button
            type="button"
            class="add"
            on:click=move |_| store.restructure(None, |p| p.add_limit(t))
        >
            "+ Add limit"
        </button>
    }
}

fn component_row(store: Store, t: usize, c: usize, n: usize) -> impl IntoView {
    let base = Path::component(t, c);
    let q = base.clone().key("quantity");
    let quantity = quantity_fields(store, t, c, &q);
    view! {
        <div
            class="component"
            role="group"
            aria-label=format!("Component {} of tier {}", c + 1, t + 1)
        >
            <div class="grid">
                {string_field(
                    store,
                    "Component",
                    base.clone().key("name"),
                    move |p| component(p, t, c).map(|x| &mut x.name),
                )} {category_field(store, t, c, &base)}
                {string_field(
                    store,
                    "Unit",
                    base.clone().key("unit"),
                    move |p| component(p, t, c).map(|x| &mut x.unit),
                )}
                {number_field(
                    store,
                    "Unit cost / month",
                    base.clone().key("unit_cost"),
                    NumberKind::Money,
                    move |p| component(p, t, c).map(|x| &mut x.unit_cost),
                )} {mode_field(store, t, c, &q)} {quantity}
            </div>
            {component_actions(store, t, c, n)}
        </div>
    }
}

/// How much of a component there is: a count, usage of a driver, or sized
/// by a driver (with its autoscaling).
fn quantity_fields(store: Store, t: usize, c: usize, q: &Path) -> AnyView {
    let mode = store
        .plan
        .with_untracked(|p| {
            p.tiers[t]
                .components
                .get(c)
                .map(|x| QuantityMode::of(&x.quantity))
        })
        .unwrap_or(QuantityMode::Fixed);
    match mode {
        QuantityMode::Fixed => {
            number_field(store, "Quantity", q.clone(), NumberKind::Count, move |p| {
                match &mut component(p, t, c)?.quantity {
                    Quantity::Fixed(n) => Some(n),
                    _ => None,
                }
            })
            .into_any()
        }
        QuantityMode::Usage => view! {
            {driver_select(store, t, c, q)}
            {number_field(
                store,
                "Units per driver unit",
                q.clone().key("factor"),
                NumberKind::Decimal,
                move |p| {
                    match &mut component(p, t, c)?.quantity {
                        Quantity::Usage { factor, .. } => Some(factor),
                        _ => None,
                    }
                },
            )}
        }
        .into_any(),
        QuantityMode::Sized => sized_fields(store, t, c, q).into_any(),
    }
}

/// The driver a usage-priced or sized quantity follows.
fn driver_select(store: Store, t: usize, c: usize, q: &Path) -> impl IntoView {
    select_field(
        store,
        "Driver",
        q.clone().key("metric"),
        |p| quantity_options(p, None),
        move |p| match p
            .tiers
            .get(t)
            .and_then(|x| x.components.get(c))
            .map(|x| &x.quantity)
        {
            Some(Quantity::Usage { metric, .. } | Quantity::Sized { metric, .. }) => metric.clone(),
            _ => String::new(),
        },
        move |store, v| {
            store.edit(|p| {
                if let Some(Quantity::Usage { metric, .. } | Quantity::Sized { metric, .. }) =
                    component(p, t, c).map(|x| &mut x.quantity)
                {
                    *metric = v
                }
            })
        },
    )
}

/// A quantity sized by a driver: the driver, how much one unit carries,
/// its bounds, and its autoscaling through the day.
fn sized_fields(store: Store, t: usize, c: usize, q: &Path) -> impl IntoView {
    view! {
        {driver_select(store, t, c, q)}
        {number_field(
            store,
            "Driver per unit",
            q.clone().key("per"),
            NumberKind::Count,
            move |p| {
                match &mut component(p, t, c)?.quantity {
                    Quantity::Sized { per, .. } => Some(per),
                    _ => None,
                }
            },
        )}
        {optional_number_field(
            store,
            "Min units",
            q.clone().key("min"),
            NumberKind::Count,
            move |p| {
                match &mut component(p, t, c)?.quantity {
                    Quantity::Sized { min, .. } => Some(min),
                    _ => None,
                }
            },
        )}
        {optional_number_field(
            store,
            "Max units",
            q.clone().key("max"),
            NumberKind::Count,
            move |p| {
                match &mut component(p, t, c)?.quantity {
                    Quantity::Sized { max, .. } => Some(max),
                    _ => None,
                }
            },
        )}
        {super::elastic::autoscale_fields(store, t, c, q.clone())}
    }
}

fn category_field(store: Store, t: usize, c: usize, base: &Path) -> impl IntoView {
    select_field(
        store,
        "Category",
        base.clone().key("category"),
        |_| {
            Category::ALL
                .iter()
                .map(|k| (k.name().to_string(), k.name().to_string()))
                .collect()
        },
        move |p| {
            p.tiers
                .get(t)
                .and_then(|x| x.components.get(c))
                .map_or(String::new(), |x| x.category.name().to_string())
        },
        move |store, v| {
            store.edit(|p| {
                if let (Some(x), Some(k)) = (
                    component(p, t, c),
                    Category::ALL.iter().find(|k| k.name() == v),
                ) {
                    x.category = *k;
                }
            })
        },
    )
}

/// Fixed, usage-priced or sized: switching rebuilds the quantity's fields.
fn mode_field(store: Store, t: usize, c: usize, q: &Path) -> impl IntoView {
    select_field(
        store,
        "Quantity is",
        q.clone().key("mode"),
        |_| {
            vec![
                ("fixed".into(), "Fixed count".into()),
                ("usage".into(), "Usage-priced".into()),
                ("sized".into(), "Sized by a driver".into()),
            ]
        },
        move |p| {
            p.tiers
                .get(t)
                .and_then(|x| x.components.get(c))
                .map_or(String::new(), |x| {
                    QuantityMode::of(&x.quantity).name().to_string()
                })
        },
        move |store, v| {
            if let Some(m) = QuantityMode::parse(&v) {
                store.restructure(Some(&Path::component(t, c).key("quantity")), |p| {
                    p.set_quantity_mode(t, c, m)
                });
            }
        },
    )
}

/// Move up, move down and remove, keeping the keyboard focus with the item.
fn component_actions(store: Store, t: usize, c: usize, n: usize) -> impl IntoView {
    let list = Path::tier(t).key("components");
    let title =
        move |k: usize, way: &str| format!("Move component {} of tier {} {way}", k + 1, t + 1);
    let shift_by = move |by| {
        store.restructure(Some(&Path::tier(t).key("components")), move |p| {
            if let Some(x) = p.tiers.get_mut(t) {
                shift(&mut x.components, c, by)
            }
        })
    };
    view! {
        <div class="card-actions">
            {move_actions(c, n, title, shift_by)}
            {(n > 0)
                .then(|| action(
                    "Remove",
                    format!("Remove component {} of tier {}", c + 1, t + 1),
                    move || {
                        store
                            .restructure(
                                Some(&list),
                                move |p| {
                                    if let Some(x) = p.tiers.get_mut(t) {
                                        remove(&mut x.components, c)
                                    }
                                },
                            );
                        if n > 1 {
                            crate::ui::focus::field(
                                Path::tier(t).key("components").at(c.min(n - 2)).key("name"),
                            );
                        }
                    },
                ))}
        </div>
    }
}

/// Targets are free notes ("p95 latency: < 200 ms"), one per line.
fn targets(store: Store, t: usize) -> impl IntoView {
    let path = Path::tier(t).key("targets");
    let id = path.element_id();
    let initial = store.plan.with_untracked(|p| {
        p.tiers.get(t).map_or(String::new(), |x| {
            x.targets
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("\n")
        })
    });
    let error = Memo::new(move |_| store.field_error(&path));
    let error_id = format!("{id}-error");
    view! {
        <div class="field wide" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>"Targets (one per line, name: target)"</label>
            <textarea
                id=id
                rows="2"
                aria-describedby=error_id.clone()
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    store
                        .type_into(
                            &Path::tier(t).key("targets"),
                            text,
                            &move |p: &mut Plan, text: &str| {
                                let mut map = std::collections::BTreeMap::new();
                                for (n, line) in text
                                    .lines()
                                    .enumerate()
                                    .filter(|(_, l)| !l.trim().is_empty())
                                {
                                    let Some((k, v)) = line.split_once(':') else {
                                        return Err(
                                            format!(
                                                "line {}: write \"name: target\", e.g. \"p95 latency: < 200 ms\"",
                                                n + 1,
                                            ),
                                        );
                                    };
                                    map.insert(k.trim().to_string(), v.trim().to_string());
                                }
                                if let Some(x) = p.tiers.get_mut(t) {
                                    x.targets = map;
                                }
                                Ok(())
                            },
                        );
                }
            >
                {initial}
            </textarea>
            <p class="error" id=error_id role="status">
                {move || error.get()}
            </p>
        </div>
    }
}
