//! Elastic capacity in the editor (MODEL.md section 10): the plan's day of
//! load, and an autoscaling policy on a sized component.

use crate::engine::{Autoscale, Num, Path, Plan, Quantity, ScalePolicy};
use crate::formats::input::{self, NumberKind};
use crate::presets::DAILY_SHAPES;
use crate::ui::fields::{number_field, select_field, text_field};
use crate::ui::store::Store;
use leptos::prelude::*;

/// The day of load: a named shape to start from, then 24 hourly values.
#[component]
pub fn DailyProfile(store: Store) -> impl IntoView {
    let has = store.plan.with_untracked(|p| p.daily_profile.is_some());
    let shape = select_field(
        store,
        "Daily shape",
        Path::field("daily_profile").key("shape"),
        |_| {
            let mut o = vec![(
                "none".to_string(),
                "None (load is the same all day)".to_string(),
            )];
            o.extend(
                DAILY_SHAPES
                    .iter()
                    .map(|(id, label, _)| (id.to_string(), label.to_string())),
            );
            o.push(("custom".into(), "Custom (the hours below)".into()));
            o
        },
        |p| match &p.daily_profile {
            None => "none".into(),
            Some(v) => DAILY_SHAPES
                .iter()
                .find(|(_, _, s)| s.as_slice() == v.as_slice())
                .map_or("custom".into(), |(id, _, _)| id.to_string()),
        },
        |store, v| {
            let shape = DAILY_SHAPES
                .iter()
                .find(|(id, _, _)| *id == v)
                .map(|(_, _, s)| s.to_vec());
            if v == "custom" {
                return;
            }
            store.restructure(Some(&Path::field("daily_profile")), move |p| {
                p.daily_profile = shape
            });
        },
    );
    super::section(
        "Day of load",
        "day-of-load",
        view! {
            <p class="hint">
                "The load in each hour (UTC) relative to the busiest. A month's drivers are their busiest minute; an autoscaled component follows this day."
            </p>
            <div class="grid">{shape}</div>
            {has.then(|| bars(store))}
            {move || {
                store
                    .whole_error(&Path::field("daily_profile"))
                    .map(|m| {
                        view! {
                            <p class="error whole" id="daily_profile-error" role="alert">
                                {format!("The day of load {m}")}
                            </p>
                        }
                    })
            }}
            {has
                .then(|| {
                    view! {
                        <div class="grid hours" role="group" aria-label="Load by hour">
                            {(0..24).map(|h| hour_field(store, h)).collect_view()}
                        </div>
                    }
                })}
        },
    )
}

/// Hour `h`'s load relative to the busiest, a plain number.
fn hour_field(store: Store, h: usize) -> impl IntoView {
    text_field(
        store,
        &format!("{h:02}:00"),
        Path::field("daily_profile").at(h),
        " ",
        Box::new(move |p| {
            (p.daily_profile.as_ref())
                .and_then(|v| v.get(h))
                .map_or(String::new(), |x| {
                    input::show(&Num::Fixed(*x), NumberKind::Decimal)
                })
        }),
        Box::new(move |p, text| {
            let v = match input::parse(text, NumberKind::Decimal)? {
                Num::Fixed(v) => v,
                _ => return Err("a plain number: a day's shape takes no range".into()),
            };
            if let Some(x) = p.daily_profile.as_mut().and_then(|d| d.get_mut(h)) {
                *x = v;
            }
            Ok(())
        }),
    )
}

fn scale_of(p: &Plan, t: usize, c: usize) -> Option<&Autoscale> {
    match &p.tiers.get(t)?.components.get(c)?.quantity {
        Quantity::Sized {
            autoscale: Some(a), ..
        } => Some(a),
        _ => None,
    }
}

fn scale(p: &mut Plan, t: usize, c: usize) -> Option<&mut Autoscale> {
    match &mut p.tiers.get_mut(t)?.components.get_mut(c)?.quantity {
        Quantity::Sized {
            autoscale: Some(a), ..
        } => Some(a),
        _ => None,
    }
}

/// A whole number of minutes or replicas.
fn whole(
    store: Store,
    label: &str,
    path: Path,
    at: impl Fn(&mut Plan) -> Option<&mut u32> + Send + Sync + Copy + 'static,
) -> impl IntoView {
    text_field(
        store,
        label,
        path,
        " ",
        Box::new(move |p| at(p).map_or(String::new(), |v| v.to_string())),
        Box::new(move |p, text| {
            let t = text.trim();
            // The range a field allows is the validator's to say; here only
            // what cannot be read.
            let v = whole_number(t)?;
            if let Some(x) = at(p) {
                *x = v;
            }
            Ok(())
        }),
    )
}

/// A whole number typed into a field ("12", "12.0"), or what is wrong with
/// it; the range the field allows is the validator's to say.
fn whole_number(t: &str) -> Result<u32, String> {
    if let Ok(v) = t.parse::<u32>() {
        return Ok(v);
    }
    match t.parse::<f64>() {
        Ok(v) if v < 0.0 => Err(format!("must not be negative, got {t}")),
        Ok(v) if v.fract() == 0.0 && v <= u32::MAX as f64 => Ok(v as u32),
        Ok(v) if v.fract() == 0.0 => Err(format!("{t} is too large")),
        _ if t.contains(" to ") => Err("takes one whole number, not a range".into()),
        _ => Err(format!("\"{t}\" is not a whole number")),
    }
}

/// A utilization typed as a percentage (a plain number, not a range).
fn share(
    store: Store,
    label: &str,
    path: Path,
    at: impl Fn(&mut Plan) -> Option<&mut f64> + Send + Sync + Copy + 'static,
) -> impl IntoView {
    text_field(
        store,
        label,
        path,
        "%",
        Box::new(move |p| {
            at(p).map_or(String::new(), |v| {
                input::show(&Num::Fixed(*v), NumberKind::Percent)
            })
        }),
        Box::new(move |p, text| {
            let v = match input::parse(text, NumberKind::Percent)? {
                Num::Fixed(v) => v,
                _ => return Err("a plain percentage: a rule's threshold takes no range".into()),
            };
            if let Some(x) = at(p) {
                *x = v;
            }
            Ok(())
        }),
    )
}

/// Hold ranges typed as "17-21, 0-2" (whole hours, UTC).
fn holds(store: Store, path: Path, t: usize, c: usize) -> impl IntoView {
    text_field(
        store,
        "Hold hours (e.g. 17-21)",
        path,
        "",
        Box::new(move |p| {
            scale(p, t, c).map_or(String::new(), |a| {
                a.hold
                    .iter()
                    .map(|[f, to]| format!("{f}-{to}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        }),
        Box::new(move |p, text| {
            let mut out = Vec::new();
            for part in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let (a, b) = part
                    .split_once('-')
                    .ok_or_else(|| format!("\"{part}\" is not a range of hours such as 17-21"))?;
                let hour = |s: &str| {
                    s.trim()
                        .trim_end_matches(":00")
                        .parse::<u32>()
                        .map_err(|_| {
                            format!("\"{part}\" is not a range of whole hours such as 17-21")
                        })
                };
                out.push([hour(a)?, hour(b)?]);
            }
            if let Some(a) = scale(p, t, c) {
                a.hold = out;
            }
            Ok(())
        }),
    )
}

/// Policies switched off in this session, by their quantity's path.
#[derive(Clone, Copy)]
pub struct PutAway(pub StoredValue<Vec<(Path, Autoscale)>>);

/// The "Autoscale" switch of a sized component and, when on, its policy.
pub fn autoscale_fields(store: Store, t: usize, c: usize, q: Path) -> impl IntoView {
    let policy = store
        .plan
        .with_untracked(|p| scale_of(p, t, c).map(|a| a.policy));
    let id = q.clone().key("autoscale").key("on").element_id();
    let toggle = autoscale_toggle(store, t, c, q.clone());
    let body = policy.map(|policy| policy_fields(store, t, c, q.key("autoscale"), policy));
    view! {
        <div class="field checkbox">
            <input type="checkbox" id=id.clone() checked=policy.is_some() on:change=toggle />
            <label for=id>"Autoscale through the day"</label>
        </div>
        {body}
    }
}

/// Switches a component's autoscaling on or off. A policy switched off
/// comes back as it was when switched on again (kept by `q`, the
/// quantity's path, in the editor's [`PutAway`]).
fn autoscale_toggle(store: Store, t: usize, c: usize, q: Path) -> impl Fn(leptos::ev::Event) {
    let put_away = use_context::<PutAway>().map(|x| x.0);
    move |ev| {
        let checked = event_target_checked(&ev);
        let key = q.clone();
        store.restructure(
            Some(&Path::component(t, c).key("quantity").key("autoscale")),
            move |p| {
                if let Some(Quantity::Sized { autoscale, .. }) = p
                    .tiers
                    .get_mut(t)
                    .and_then(|x| x.components.get_mut(c))
                    .map(|x| &mut x.quantity)
                {
                    match (checked, put_away) {
                        (false, Some(away)) => {
                            if let Some(a) = autoscale.take() {
                                away.update_value(|m| {
                                    m.retain(|(k, _)| *k != key);
                                    m.push((key, a));
                                });
                            }
                        }
                        (true, Some(away)) => {
                            let kept = away
                                .try_update_value(|m| {
                                    let i = m.iter().position(|(k, _)| *k == key)?;
                                    Some(m.swap_remove(i).1)
                                })
                                .flatten();
                            *autoscale = Some(kept.unwrap_or_default());
                        }
                        _ => *autoscale = checked.then(Autoscale::default),
                    }
                }
            },
        )
    }
}

/// The fields of an autoscaled component's policy (`a`, its path): the
/// policy, its target, its own rules, warm-up, hold ranges and pre-scaling.
fn policy_fields(store: Store, t: usize, c: usize, a: Path, policy: ScalePolicy) -> impl IntoView {
    let rules = match policy {
        ScalePolicy::Step => step_rules(store, t, c, &a).into_any(),
        _ => whole(
            store,
            "Scale-down wait (min)",
            a.clone().key("scale_down_window"),
            move |p| scale(p, t, c).map(|a| &mut a.scale_down_window),
        )
        .into_any(),
    };
    view! {
        <div
            class="grid autoscale"
            role="group"
            aria-label=format!("Autoscaling of component {} of tier {}", c + 1, t + 1)
        >
            {policy_select(store, t, c, a.clone().key("policy"))}
            {number_field(
                store,
                "Target utilization",
                a.clone().key("target"),
                NumberKind::Percent,
                move |p| scale(p, t, c).map(|a| &mut a.target),
            )}
            {rules}
            {whole(
                store,
                "Warm-up (min)",
                a.clone().key("warmup"),
                move |p| scale(p, t, c).map(|a| &mut a.warmup),
            )}
            {holds(store, a.clone().key("hold"), t, c)}
            {whole(
                store,
                "Pre-scale (min before)",
                a.key("pre_scale"),
                move |p| scale(p, t, c).map(|a| &mut a.pre_scale),
            )}
        </div>
    }
}

/// The policy: a target utilization (as Kubernetes' HPA) or step rules.
fn policy_select(store: Store, t: usize, c: usize, path: Path) -> impl IntoView {
    select_field(
        store,
        "Policy",
        path,
        |_| {
            vec![
                ("target".into(), "Target utilization (as an HPA)".into()),
                (
                    "step".into(),
                    "Step rules (thresholds and cooldowns)".into(),
                ),
            ]
        },
        move |p| match scale_of(p, t, c).map(|a| a.policy) {
            Some(ScalePolicy::Step) => "step".into(),
            _ => "target".into(),
        },
        move |store, v| {
            let policy = if v == "step" {
                ScalePolicy::Step
            } else {
                ScalePolicy::Target
            };
            store.restructure(None, move |p| {
                if let Some(a) = scale(p, t, c) {
                    a.policy = policy;
                }
            });
        },
    )
}

/// A step policy's two rules: when to scale up and down, by how much, and
/// how long to wait between actions. (The second rule's labels end in a
/// space: each label is unique on the page.)
fn step_rules(store: Store, t: usize, c: usize, a: &Path) -> impl IntoView {
    let up: [Whole; 3] = [
        ("for (minutes)", "for", |a| &mut a.up.minutes),
        ("adding", "add", |a| &mut a.up.add),
        ("cooldown (minutes)", "cooldown", |a| &mut a.up.cooldown),
    ];
    let down: [Whole; 3] = [
        ("for (minutes) ", "for", |a| &mut a.down.minutes),
        ("removing", "remove", |a| &mut a.down.remove),
        ("cooldown (minutes) ", "cooldown", |a| &mut a.down.cooldown),
    ];
    view! {
        {rule(store, (t, c), a.clone().key("up"), ("Scale up at", |a| &mut a.up.at), up)}
        {rule(store, (t, c), a.clone().key("down"), ("Scale down at", |a| &mut a.down.at), down)}
    }
}

/// A whole-number field of a step rule: its label, its key in the rule
/// and where it sits in the policy.
type Whole = (&'static str, &'static str, fn(&mut Autoscale) -> &mut u32);

/// One step rule at `path` of component `c` of tier `t`: its threshold
/// (`at`, labelled) and its whole-number fields.
fn rule(
    store: Store,
    (t, c): (usize, usize),
    path: Path,
    (label, at): (&'static str, fn(&mut Autoscale) -> &mut f64),
    wholes: [Whole; 3],
) -> impl IntoView {
    let threshold = share(store, label, path.clone().key("at"), move |p| {
        scale(p, t, c).map(at)
    });
    let rest = wholes.map(|(label, key, get)| {
        whole(store, label, path.clone().key(key), move |p| {
            scale(p, t, c).map(get)
        })
    });
    view! {
        {threshold}
        {rest.into_iter().collect_view()}
    }
}

/// The profile as 24 bars; dragging sets an hour's load (one undo step per
/// drag). The numbers below are the same values, for the keyboard.
fn bars(store: Store) -> impl IntoView {
    // The plan before the drag, while a pointer is down.
    let before = StoredValue::new(None::<Plan>);
    let top = move || store.plan.with(crate::app::day::profile_top);
    // Hour and value under the pointer, from the bars' box.
    let at = move |ev: &leptos::ev::PointerEvent| -> Option<(usize, f64)> {
        use wasm_bindgen::JsCast;
        let el: web_sys::Element = ev.current_target()?.dyn_into().ok()?;
        let r = el.get_bounding_client_rect();
        let x = (ev.client_x() as f64 - r.left()) / r.width().max(1.0);
        let y = (ev.client_y() as f64 - r.top()) / r.height().max(1.0);
        crate::app::day::profile_at(x, y, top())
    };
    let set = move |ev: &leptos::ev::PointerEvent| {
        if let Some((h, v)) = at(ev) {
            store.plan.update(|p| {
                if let Some(x) = p.daily_profile.as_mut().and_then(|d| d.get_mut(h)) {
                    *x = v;
                }
            });
        }
    };
    let down = move |ev: leptos::ev::PointerEvent| {
        use wasm_bindgen::JsCast;
        before.set_value(Some(store.plan.get_untracked()));
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        set(&ev);
    };
    let moved = move |ev: leptos::ev::PointerEvent| {
        if before.with_value(Option::is_some) {
            set(&ev);
        }
    };
    // The drag is one edit: back to the plan before it, then the plan after
    // it as a structural edit (one undo step; the number fields rebuild).
    let up = move |_| {
        if let Some(start) = before.try_update_value(Option::take).flatten() {
            let end = store.plan.get_untracked();
            if end != start {
                store.plan.set(start);
                store.restructure(Some(&Path::field("daily_profile")), move |p| *p = end);
            }
        }
    };
    view! {
        <svg
            class="profile-bars"
            viewBox="0 0 240 100"
            preserveAspectRatio="none"
            role="img"
            aria-label="The day's load by hour; drag a bar to set it (or type the hours below)"
            on:pointerdown=down
            on:pointermove=moved
            on:pointerup=up
            on:pointercancel=up
        >
            {(0..24).map(|h| bar(store, h)).collect_view()}
        </svg>
    }
}

/// Hour `h`'s bar, as tall as its share of the bars' top.
fn bar(store: Store, h: usize) -> impl IntoView {
    let value = move || {
        store.plan.with(|p| {
            let v = (p.daily_profile.as_ref())
                .and_then(|d| d.get(h).copied())
                .unwrap_or(0.0);
            (v / crate::app::day::profile_top(p) * 100.0).clamp(0.0, 100.0)
        })
    };
    view! {
        <rect
            class="bar"
            x=(h * 10 + 1).to_string()
            width="8"
            y=move || format!("{:.2}", 100.0 - value())
            height=move || format!("{:.2}", value())
        >
            <title>{format!("{h:02}:00")}</title>
        </rect>
    }
}
