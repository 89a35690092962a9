//! What differs between two plans, in the planner's words: "Growth tier:
//! Redis quantity 3 -> 5", "Moderate growth, months 1-6: 25% -> 30%",
//! "Tier Enterprise: only in B". Items are matched by their ids (scenarios,
//! metrics, tiers) and names (components), not by their place in a list,
//! so an added tier does not make every later one look changed.

use super::Entry;
use crate::engine::inputs::{self, Input};
use crate::engine::order::Sorted;
use crate::engine::{Domain, Num, Path, Plan, Step};
use crate::formats::input::{show, NumberKind};
use crate::formats::numbers::money;

/// One difference: where (a stable path), in words, and the two values.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The path with ids and names for indices: `tiers[growth].components[Redis].unit_cost`.
    pub path: String,
    pub label: String,
    pub a: String,
    pub b: String,
    /// The column compared with the first.
    pub plan: usize,
}

/// The differences from `a` to `b` (column `plan`).
pub fn between(a: &Entry, b: &Entry, plan: usize) -> Vec<Difference> {
    let (ia, ib) = (inputs_of(&a.plan), inputs_of(&b.plan));
    let mut out = Vec::new();
    let mut push = |path: &str, label: String, x: String, y: String| {
        if x != y {
            out.push(Difference {
                path: path.to_string(),
                label,
                a: x,
                b: y,
                plan,
            })
        }
    };
    push(
        "currency",
        "Currency".into(),
        a.plan.currency.clone(),
        b.plan.currency.clone(),
    );
    push(
        "horizon_months",
        "Horizon".into(),
        format!("{} months", a.plan.horizon_months),
        format!("{} months", b.plan.horizon_months),
    );
    let (items_a, items_b) = (items(&a.plan), items(&b.plan));
    let only = |mine: &[(String, String)], theirs: &[(String, String)]| -> Vec<(String, String)> {
        let known = |p: &String| theirs.iter().any(|(q, _)| q == p);
        mine.iter().filter(|(p, _)| !known(p)).cloned().collect()
    };
    let (mut gone, added) = (only(&items_a, &items_b), only(&items_b, &items_a));
    // A scenario whose growth model changed kind: one line, not its inputs.
    for sa in &a.plan.scenarios {
        let Some(sb) = b.plan.scenarios.iter().find(|s| s.id == sa.id) else {
            continue;
        };
        if sa.growth.kind() != sb.growth.kind() {
            let path = format!("scenarios{}.growth", bracketed(&sa.id));
            let kind = |g: &crate::engine::Growth| format!("{:?}", g.kind()).to_lowercase();
            push(
                &path,
                format!("{} growth model", sa.label),
                kind(&sa.growth),
                kind(&sb.growth),
            );
            gone.push((path, String::new()));
        }
    }
    // The inputs of an item only one plan has are told by the item alone.
    let inside = |path: &str, list: &[(String, String)]| {
        list.iter()
            .any(|(p, _)| path.starts_with(p.as_str()) && path[p.len()..].starts_with('.'))
    };
    for (path, (label, raw, x)) in ia.iter().filter(|(p, _)| !inside(p, &gone)) {
        // Told when the numbers differ (not only their currency sign).
        match ib.get(path) {
            Some((_, other, _)) if other == raw => {}
            Some((_, _, y)) => push(path, label.clone(), x.clone(), y.clone()),
            None => push(path, label.clone(), x.clone(), "none".into()),
        }
    }
    for (path, (label, _, y)) in ib
        .iter()
        .filter(|(p, _)| !ia.contains_key(p.as_str()) && !inside(p, &added) && !inside(p, &gone))
    {
        push(path, label.clone(), "none".into(), y.clone());
    }
    for (path, label) in gone
        .into_iter()
        .filter(|(p, l)| !l.is_empty() && !inside(p, &only(&items_a, &items_b)))
    {
        push(&path, label, "included".into(), "absent".into());
    }
    for (path, label) in added
        .into_iter()
        .filter(|(p, _)| !inside(p, &only(&items_b, &items_a)))
    {
        push(&path, label, "absent".into(), "included".into());
    }
    out
}

/// Every numeric input by its stable path: its label, its number as
/// written (to compare), and its value in words.
fn inputs_of(plan: &Plan) -> Sorted<String, (String, String, String)> {
    let mut out = Vec::new();
    inputs::each(plan, &mut |path, input| {
        let label = crate::report::input_label(plan, &path);
        let raw = show(input.num, NumberKind::Decimal);
        out.push((
            stable(plan, &path),
            (label, raw, value(plan, &path, &input)),
        ));
    });
    out.into_iter().collect()
}

/// The scenarios, metrics, tiers and components of a plan, by stable path.
fn items(plan: &Plan) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for s in &plan.scenarios {
        out.push((
            format!("scenarios{}", bracketed(&s.id)),
            format!("Scenario {}", s.label),
        ));
    }
    for m in &plan.metrics {
        out.push((
            format!("metrics{}", bracketed(&m.id)),
            format!("Driver {} ({})", m.label, m.id),
        ));
    }
    for t in &plan.tiers {
        out.push((
            format!("tiers{}", bracketed(&t.id)),
            format!("Tier {}", t.label),
        ));
        for c in &t.components {
            let path = format!("tiers{}.components{}", bracketed(&t.id), bracketed(&c.name));
            out.push((path, format!("{}: {}", t.label, c.name)));
        }
    }
    out
}

/// `[name]`, or `["name"]` (with `"` and `\` escaped) when the name holds
/// a bracket, a quote or a backslash, or is blank at either end: so that a
/// path reads one way.
fn bracketed(name: &str) -> String {
    let plain = !name.is_empty() && name.trim() == name && !name.contains(['[', ']', '"', '\\']);
    if plain {
        format!("[{name}]")
    } else {
        format!("[\"{}\"]", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `path` with each index replaced by the id or name of what it indexes.
fn stable(plan: &Plan, path: &Path) -> String {
    let mut out = String::new();
    let mut list = "";
    let mut tier = None;
    for step in path.steps() {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
                list = k;
            }
            Step::Index(i) => {
                let name = match list {
                    "scenarios" => plan.scenarios.get(*i).map(|s| s.id.clone()),
                    "metrics" => plan.metrics.get(*i).map(|m| m.id.clone()),
                    "tiers" => {
                        tier = Some(*i);
                        plan.tiers.get(*i).map(|t| t.id.clone())
                    }
                    "components" => tier
                        .and_then(|t| plan.tiers.get(t))
                        .and_then(|t| t.components.get(*i))
                        .map(|c| c.name.clone()),
                    _ => None,
                };
                match name {
                    Some(name) => out.push_str(&bracketed(&name)),
                    None => out.push_str(&format!("[{i}]")),
                }
            }
        }
    }
    out
}

/// How an input's value reads: percent for shares and rates, money for
/// costs and budgets, else a plain number.
fn value(plan: &Plan, path: &Path, input: &Input) -> String {
    let shares = [
        Domain::FRACTION,
        Domain::UTILIZATION,
        Domain::RATE,
        Domain::CHURN,
    ];
    let last = match path.steps().last() {
        Some(Step::Key(k)) => k.as_ref(),
        _ => "",
    };
    if shares.contains(&input.domain) {
        return format!("{}%", show(input.num, NumberKind::Percent));
    }
    if ["unit_cost", "monthly_budget"].contains(&last) {
        return match *input.num {
            Num::Fixed(v) => money(v, &plan.currency),
            Num::Range { low, high, .. } => {
                format!(
                    "{} to {}",
                    money(low, &plan.currency),
                    money(high, &plan.currency)
                )
            }
        };
    }
    show(input.num, NumberKind::Decimal)
}
