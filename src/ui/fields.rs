//! The inputs of the plan editor. Each names its path (which ties it to
//! the validator's messages), shows its message under itself, and sends typed
//! text to the store; none holds plan state of its own.

use super::store::Store;
use crate::engine::{Dist, Num, Path, Plan};
use crate::formats::input::{self, NumberKind};
use leptos::prelude::*;
use std::sync::Arc;

/// Reads a field's value out of the plan, as text.
/// (It takes `&mut` so one accessor serves both ways; it must not change the plan.)
pub type Getter = Box<dyn Fn(&mut Plan) -> String + Send + Sync>;
/// Sets a field's typed text into the plan, or says why it cannot.
pub type Setter = Box<dyn Fn(&mut Plan, &str) -> Result<(), String> + Send + Sync>;

/// The suffix that shows the plan's currency code after a money field.
pub const CURRENCY: &str = "¤";

/// A labelled text input with its error message. `suffix` is a unit shown
/// after the box ("%", or [`CURRENCY`]); a blank one (" ") marks a number
/// field without a unit, and "" a text field.
pub fn text_field(
    store: Store,
    label: &str,
    path: Path,
    suffix: &'static str,
    get: Getter,
    set: Setter,
) -> impl IntoView {
    text_field_with(store, label, path, suffix, get, set, None)
}

/// [`text_field`] with `extra` (a badge, a button) after the box.
fn text_field_with(
    store: Store,
    label: &str,
    path: Path,
    suffix: &'static str,
    get: Getter,
    set: Setter,
    extra: Option<AnyView>,
) -> impl IntoView {
    let id = path.element_id();
    let error_id = format!("{id}-error");
    let initial = store
        .drafts
        .with_untracked(|d| d.get(&path).map(|d| d.text.clone()))
        .or_else(|| store.plan.try_update_untracked(|p| get(p)))
        .unwrap_or_default();
    let error = {
        let path = path.clone();
        Memo::new(move |_| store.field_error(&path))
    };
    let numeric = !suffix.is_empty();
    let on_input = move |ev| store.type_into(&path, event_target_value(&ev), &set);
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label.to_string()}</label>
            <div class="control">
                <input
                    id=id
                    type="text"
                    inputmode=if numeric { "decimal" } else { "text" }
                    autocomplete="off"
                    spellcheck="false"
                    value=initial
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=error_id.clone()
                    on:input=on_input
                />
                {(suffix == CURRENCY)
                    .then(|| {
                        view! {
                            <span class="suffix" aria-hidden="true">
                                {move || store.currency.get()}
                            </span>
                        }
                    })}
                {(suffix != CURRENCY && !suffix.trim().is_empty())
                    .then(|| {
                        view! {
                            <span class="suffix" aria-hidden="true">
                                {suffix}
                            </span>
                        }
                    })}
                {extra}
            </div>
            <p class="error" id=error_id role="status">
                {move || error.get()}
            </p>
        </div>
    }
}

/// The unit shown beside a number of `kind`.
fn suffix_of(kind: NumberKind) -> &'static str {
    match kind {
        NumberKind::Percent => "%",
        NumberKind::Money => CURRENCY,
        _ => " ",
    }
}

/// A required number: `at` picks it out of the plan (none if the item is gone).
pub fn number_field(
    store: Store,
    label: &str,
    path: Path,
    kind: NumberKind,
    at: impl Fn(&mut Plan) -> Option<&mut Num> + Send + Sync + Copy + 'static,
) -> impl IntoView {
    // One body for every field, not one per caller's `at` (it was 60 copies).
    number_field_at(store, label, path, kind, Arc::new(at))
}

type NumAt = Arc<dyn Fn(&mut Plan) -> Option<&mut Num> + Send + Sync>;

fn number_field_at(store: Store, label: &str, path: Path, kind: NumberKind, at: NumAt) -> AnyView {
    let get: Getter = {
        let at = at.clone();
        Box::new(move |p| at(p).map(|n| input::show(n, kind)).unwrap_or_default())
    };
    let here = path.clone();
    let set_at = at.clone();
    let set: Setter = Box::new(move |p, text| {
        let v = input::parse(text, kind)?;
        // A percentage out of its input's range is told in percent, as typed.
        if kind == NumberKind::Percent {
            if let Some(d) = crate::engine::inputs::domain_at(p, &here) {
                let ends = match v {
                    Num::Fixed(x) => [x, x],
                    Num::Range { low, high, .. } => [low, high],
                };
                if let Some(m) = ends.iter().find_map(|x| d.percent_violation(*x)) {
                    return Err(m);
                }
            }
        }
        if let Some(n) = set_at(p) {
            *n = v;
        }
        Ok(())
    });
    // A ranged value shows its distribution as a badge; a click switches it.
    let dist_at = at.clone();
    let dist = Memo::new(move |_| {
        store.plan.track();
        store
            .plan
            .try_update_untracked(|p| match dist_at(p) {
                Some(Num::Range { dist, .. }) => Some(*dist),
                _ => None,
            })
            .flatten()
    });
    let name = label.to_string();
    let badge = view! {
        {move || {
            dist.get()
                .map(|d| {
                    let (now, other) = match d {
                        Dist::Normal => ("normal", Dist::Lognormal),
                        Dist::Lognormal => ("lognormal", Dist::Normal),
                    };
                    view! {
                        <button
                            type="button"
                            class="range-badge"
                            title="A range: its 90% interval. Click to switch between a normal and a lognormal distribution."
                            aria-label=format!(
                                "range · {now}: {name} is a range with a {now} distribution; switch it",
                            )
                            on:click={
                                let at = at.clone();
                                move |_| {
                                    let at = at.clone();
                                    store
                                        .restructure(
                                            None,
                                            move |p| {
                                                if let Some(Num::Range { dist, .. }) = at(p) {
                                                    *dist = other;
                                                }
                                            },
                                        )
                                }
                            }
                        >
                            {format!("range · {now}")}
                        </button>
                    }
                })
        }}
    }
    .into_any();
    text_field_with(store, label, path, suffix_of(kind), get, set, Some(badge)).into_any()
}

/// An optional number (empty means none): a budget, a min, a max.
pub fn optional_number_field(
    store: Store,
    label: &str,
    path: Path,
    kind: NumberKind,
    at: impl Fn(&mut Plan) -> Option<&mut Option<Num>> + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let get: Getter = Box::new(move |p| {
        at(p)
            .map(|n| input::show_optional(n, kind))
            .unwrap_or_default()
    });
    let set: Setter = Box::new(move |p, text| {
        let v = input::parse_optional(text, kind)?;
        if let Some(n) = at(p) {
            *n = v;
        }
        Ok(())
    });
    text_field(store, label, path, suffix_of(kind), get, set)
}

/// A month number.
pub fn month_field(
    store: Store,
    label: &str,
    path: Path,
    at: impl Fn(&mut Plan) -> Option<&mut u32> + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let get: Getter = Box::new(move |p| at(p).map(|m| m.to_string()).unwrap_or_default());
    let set: Setter = Box::new(move |p, text| {
        let v = input::parse_month(text)?;
        if let Some(m) = at(p) {
            *m = v;
        }
        Ok(())
    });
    text_field(store, label, path, " ", get, set)
}

/// A plain text (names, ids, units).
pub fn string_field(
    store: Store,
    label: &str,
    path: Path,
    at: impl Fn(&mut Plan) -> Option<&mut String> + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let get: Getter = Box::new(move |p| at(p).cloned().unwrap_or_default());
    let set: Setter = Box::new(move |p, text| {
        if let Some(s) = at(p) {
            *s = text.to_string();
        }
        Ok(())
    });
    text_field(store, label, path, "", get, set)
}

/// A choice among `options` (value, label), following the plan's value.
pub fn select_field(
    store: Store,
    label: &str,
    path: Path,
    options: impl Fn(&Plan) -> Vec<(String, String)> + Send + Sync + 'static,
    get: impl Fn(&Plan) -> String + Send + Sync + 'static,
    set: impl Fn(&Store, String) + 'static,
) -> AnyView {
    // One compiled body for every select (boxed closures): smaller wasm.
    select_body(
        store,
        label,
        path,
        Box::new(options),
        Box::new(get),
        Box::new(set),
    )
}

type Options = Box<dyn Fn(&Plan) -> Vec<(String, String)> + Send + Sync>;
type Choose = Box<dyn Fn(&Store, String)>;

fn select_body(
    store: Store,
    label: &str,
    path: Path,
    options: Options,
    get: Box<dyn Fn(&Plan) -> String + Send + Sync>,
    set: Choose,
) -> AnyView {
    let id = path.element_id();
    let error_id = format!("{id}-error");
    let options = Memo::new(move |_| store.plan.with(|p| options(p)));
    let value = Memo::new(move |_| store.plan.with(|p| get(p)));
    let error = Memo::new(move |_| store.field_error(&path));
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label.to_string()}</label>
            <div class="control">
                <select
                    id=id
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=error_id.clone()
                    prop:value=move || value.get()
                    on:change=move |ev| set(&store, event_target_value(&ev))
                >
                    {move || {
                        let current = value.get();
                        let mut list = options.get();
                        if !list.iter().any(|(v, _)| *v == current) {
                            list.push((current.clone(), format!("{current} (missing)")));
                        }
                        list.into_iter()
                            .map(|(v, l)| {
                                let selected = v == current;
                                // A value the options lack (a deleted driver) stays visible.
                                view! {
                                    <option value=v selected=selected>
                                        {l}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <p class="error" id=error_id role="status">
                {move || error.get()}
            </p>
        </div>
    }
    .into_any()
}

/// A yes/no setting.
pub fn check_field(
    store: Store,
    label: &str,
    path: Path,
    at: impl Fn(&mut Plan) -> Option<&mut bool> + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let id = path.element_id();
    let checked = store
        .plan
        .try_update_untracked(|p| at(p).is_some_and(|b| *b))
        .unwrap_or(false);
    view! {
        <div class="field check">
            <input
                id=id.clone()
                type="checkbox"
                checked=checked
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    store
                        .edit(|p| {
                            if let Some(b) = at(p) {
                                *b = on;
                            }
                        });
                }
            />
            <label for=id>{label.to_string()}</label>
        </div>
    }
}

/// A small button that makes a structural edit.
pub fn action(label: &'static str, title: String, on: impl Fn() + 'static) -> AnyView {
    // One body for every button, not one per caller's `on`.
    action_with(label, title, Box::new(on))
}

fn action_with(label: &'static str, title: String, on: Box<dyn Fn()>) -> AnyView {
    view! {
        <button
            type="button"
            class="action"
            id=super::focus::action_id(&title)
            title=title.clone()
            aria-label=title
            on:click=move |_| on()
        >
            {label}
        </button>
    }
    .into_any()
}

/// A card's "↑" and "↓" buttons for item `i` of `n`: `shift(by)` moves it
/// one place; `title(k, "up")` names the buttons of the item at `k`
/// ("Move driver 2 up"), so the focus follows the item to its new place.
pub fn move_actions(
    i: usize,
    n: usize,
    title: impl Fn(usize, &str) -> String + Copy + 'static,
    shift: impl Fn(isize) + Copy + 'static,
) -> impl IntoView {
    use super::focus::{follow, moved_to};
    let moved = move |by: isize| {
        shift(by);
        follow(title(
            moved_to(i, by, n),
            if by < 0 { "up" } else { "down" },
        ));
    };
    view! {
        {action("↑", title(i, "up"), move || moved(-1))}
        {action("↓", title(i, "down"), move || moved(1))}
    }
}
