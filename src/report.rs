//! Plain-language wording of a forecast, shared by the command line and the
//! app: the names of limits and what each event means and asks of a planner.

use crate::engine::Step::{Index, Key};
use crate::engine::{
    Category, Event, EventKind, Growth, MonthForecast, Path, Plan, ScenarioForecast, Step, USERS,
};
use crate::formats::numbers::{money, percent};

/// A person's name for `users` or a metric id.
pub fn quantity_label(plan: &Plan, key: &str) -> String {
    if key == USERS {
        return "Users".to_string();
    }
    plan.metrics
        .iter()
        .find(|m| m.id == key)
        .map_or_else(|| key.to_string(), |m| m.label.clone())
}

fn tier_label(plan: &Plan, t: usize) -> &str {
    let tier = &plan.tiers[t];
    if tier.label.trim().is_empty() {
        &tier.id
    } else {
        &tier.label
    }
}

fn months_span(from: u32, until: u32) -> String {
    if from == until {
        format!("Month {from}")
    } else {
        format!("Months {from}-{until}")
    }
}

/// One sentence saying what happened and, for alerts, what to do by when;
/// in a plan with a `start`, its months also as calendar months
/// ("Month 8 (Jul 2027): move from Growth to Enterprise").
pub fn describe(plan: &Plan, e: &Event) -> String {
    let text = describe_months(plan, e);
    let Some(start) = plan.start else {
        return text;
    };
    let at = |m: u32| start.plus(m as i32).label();
    let (lead, dates) = match e.kind.until() {
        Some(until) if until != e.month => (
            months_span(e.month, until),
            format!("{} to {}", at(e.month), at(until)),
        ),
        _ => (months_span(e.month, e.month), at(e.month)),
    };
    match text.strip_prefix(&lead) {
        Some(rest) => format!("{lead} ({dates}){rest}"),
        None => text,
    }
}

fn describe_months(plan: &Plan, e: &Event) -> String {
    let cur = &plan.currency;
    match &e.kind {
        EventKind::TierChange {
            from,
            to,
            limit,
            utilization,
        } => {
            let (a, b) = (tier_label(plan, *from), tier_label(plan, *to));
            match (limit.and_then(|l| plan.limit_key(*from, l)), utilization) {
                (Some(key), Some(u)) => format!(
                    "Month {}: move from {a} to {b} ({} at {} of {a}'s limit).",
                    e.month,
                    quantity_label(plan, &key),
                    percent(*u)
                ),
                _ => format!("Month {}: move down from {a} to {b}.", e.month),
            }
        }
        EventKind::ApproachingLimit {
            tier,
            limit,
            utilization,
            target_month,
        } => {
            let name = plan.limit_key(*tier, *limit)
                .map_or_else(String::new, |k| quantity_label(plan, &k));
            let t = tier_label(plan, *tier);
            let first = format!(
                "Month {}: {name} at {} of {t}'s limit, past the {} warning",
                e.month,
                percent(*utilization),
                percent(warn(plan))
            );
            let next = plan.tiers.get(tier + 1).map(|_| tier_label(plan, tier + 1));
            // A target passed in this same month leaves no month to act in.
            let now = target_month.is_some_and(|m| m <= e.month);
            let at = percent(target(plan));
            match (target_month, next) {
                (Some(_), Some(n)) if now => {
                    format!("{first}, and past the {at} target this month: move to {n} now.")
                }
                (Some(_), None) if now => format!(
                    "{first}, and past the {at} target this month; {t} is the largest tier: add a larger one now."
                ),
                (Some(m), Some(n)) => format!("{first}; plan the move to {n} before month {m}."),
                (Some(m), None) => {
                    format!("{first}; {t} is the largest tier: add a larger one before month {m}.")
                }
                (None, _) => format!(
                    "{first}; it stays within the {} target through month {}.",
                    percent(target(plan)),
                    plan.horizon_months
                ),
            }
        }
        EventKind::OverCapacity {
            until,
            tier,
            limit,
            components,
        } => {
            let t = tier_label(plan, *tier);
            let mut parts = Vec::new();
            if let Some(key) = limit.and_then(|l| plan.limit_key(*tier, l)) {
                parts.push(format!("no tier fits: {} outgrows {t}, the largest tier; add a larger tier or raise its limits", quantity_label(plan, &key)));
            }
            for &c in components {
                let comp = &plan.tiers[*tier].components[c];
                parts.push(format!(
                    "{} needs more than its max; raise the max or move up a tier",
                    comp.name
                ));
            }
            format!(
                "{}: over capacity: {}.",
                months_span(e.month, *until),
                parts.join("; ")
            )
        }
        EventKind::CostJump {
            previous_cost,
            cost,
            increase,
        } => match increase {
            Some(inc) => format!(
                "Month {}: monthly cost rises {} ({} to {}).",
                e.month,
                percent(*inc),
                money(*previous_cost, cur),
                money(*cost, cur)
            ),
            None => format!(
                "Month {}: monthly cost rises from nothing to {}.",
                e.month,
                money(*cost, cur)
            ),
        },
        EventKind::OverBudget {
            until,
            cost,
            budget,
        } => format!(
            "{}: monthly cost {} passes the budget of {}; cut costs or raise the budget.",
            months_span(e.month, *until),
            money(*cost, cur),
            money(*budget, cur)
        ),
        EventKind::ElasticShortfall {
            until,
            tier,
            component,
            minutes,
            unserved_share,
        } => format!(
            "{}: {} ({}) is short of load for {minutes} minutes a day ({} of the load unserved); start replicas sooner (less warm-up, pre-scaling before the peak) or raise its max.",
            months_span(e.month, *until),
            plan.tiers[*tier].components[*component].name,
            plan.tiers[*tier].label,
            percent(*unserved_share)
        ),
    }
}

fn warn(plan: &Plan) -> f64 {
    plan.policy.warn_utilization.median()
}
fn target(plan: &Plan) -> f64 {
    plan.policy.target_utilization.median()
}

/// Whether an event asks a planner to act (an alert), rather than report a change.
pub fn is_alert(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::ApproachingLimit { .. }
            | EventKind::OverCapacity { .. }
            | EventKind::OverBudget { .. }
            | EventKind::ElasticShortfall { .. }
    )
}

/// The headline figures of one scenario's forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub users: f64,
    pub monthly_cost: f64,
    pub total_cost: f64,
    /// Monthly cost per user at the horizon.
    pub cost_per_user: Option<f64>,
    pub first_tier_change: Option<Event>,
    pub first_alert: Option<Event>,
}

pub fn summary(sf: &ScenarioForecast) -> Option<Summary> {
    let last = sf.months.last()?;
    let first = |f: fn(&EventKind) -> bool| sf.events.iter().find(|e| f(&e.kind)).cloned();
    Some(Summary {
        users: last.users,
        monthly_cost: last.cost,
        total_cost: sf.total_cost,
        cost_per_user: last.cost_per_user,
        first_tier_change: first(|k| matches!(k, EventKind::TierChange { .. })),
        first_alert: first(is_alert),
    })
}

/// Monthly cost split by component category (for the stacked cost chart):
/// the categories that cost anything, in category order, each with one
/// value per month.
pub fn cost_by_category(plan: &Plan, sf: &ScenarioForecast) -> Vec<(Category, Vec<f64>)> {
    // One row per category in `Category::ALL`'s order (a list, not a map:
    // each map type is a copy of its code of its own in the wasm).
    let n = sf.months.len();
    let mut out: Vec<(Category, Vec<f64>)> =
        Category::ALL.iter().map(|&c| (c, vec![0.0; n])).collect();
    for (i, m) in sf.months.iter().enumerate() {
        let Some(tier) = plan.tiers.get(m.tier) else {
            continue;
        };
        for (c, cm) in tier.components.iter().zip(&m.components) {
            if let Some(row) = out.iter_mut().find(|(k, _)| *k == c.category) {
                row.1[i] += cm.cost;
            }
        }
    }
    out.retain(|(_, v)| v.iter().any(|&x| x != 0.0));
    out
}

/// The cost chart's stack, summing to each month's cost: each category's
/// cost, except that a commitment's categories show as the bill does:
/// "committed" (paid in each month of the term, used or not) and "on demand
/// (committed categories)" (all of D(m) outside the term, what runs past
/// the amount within it). Each part: its name, colour index and values.
pub fn cost_stack(plan: &Plan, sf: &ScenarioForecast) -> Vec<(String, usize, Vec<f64>)> {
    let committed = (plan.pricing.as_ref()).and_then(|p| p.commitment.as_ref());
    let covered = |c: &Category| committed.is_some_and(|k| k.categories.contains(c));
    let (under, mut out): (Vec<_>, Vec<_>) =
        (cost_by_category(plan, sf).into_iter()).partition(|(c, _)| covered(c));
    let mut stack: Vec<(String, usize, Vec<f64>)> = (out.drain(..))
        .map(|(c, v)| (c.name().to_string(), c as usize, v))
        .collect();
    if committed.is_some() {
        let paid = sf
            .months
            .iter()
            .map(|m| m.commitment.map_or(0.0, |c| c.committed));
        let over = (sf.months.iter().enumerate()).map(|(i, m)| match m.commitment {
            Some(c) => c.on_demand,
            None => under.iter().map(|(_, v)| v[i]).sum(),
        });
        stack.push(("committed".into(), COMMITTED_COLOUR, paid.collect()));
        stack.push((
            "on demand (committed categories)".into(),
            COMMITTED_COLOUR + 1,
            over.collect(),
        ));
    }
    stack
}

/// The colour index of a commitment's paid part (the next, of what runs
/// past it): after the eight categories'.
pub const COMMITTED_COLOUR: usize = 8;

/// Runs of months on one tier: `(first month, last month, tier index)`.
pub fn tier_spans(sf: &ScenarioForecast) -> Vec<(u32, u32, usize)> {
    let mut spans: Vec<(u32, u32, usize)> = Vec::new();
    for m in &sf.months {
        match spans.last_mut() {
            Some(last) if last.2 == m.tier => last.1 = m.month,
            _ => spans.push((m.month, m.month, m.tier)),
        }
    }
    spans
}

/// The bottleneck utilization of each month (0 when the tier has no limits).
pub fn bottleneck_series(sf: &ScenarioForecast) -> Vec<f64> {
    sf.months
        .iter()
        .map(|m| {
            m.bottleneck
                .and_then(|b| m.utilization.get(b))
                .copied()
                .unwrap_or(0.0)
        })
        .collect()
}

/// The name of month `m`'s bottleneck ("Peak concurrent users"), if any.
pub fn bottleneck_label(plan: &Plan, m: &MonthForecast) -> Option<String> {
    let key = plan.limit_key(m.tier, m.bottleneck?)?;
    Some(quantity_label(plan, &key))
}

/// A planner's name for a numeric input, from its path (as
/// `engine::inputs` and the validator give them):
/// `scenarios[1].growth.segments[0].rate` gives "Moderate growth, months 1-6".
pub fn input_label(plan: &Plan, path: &Path) -> String {
    let named = match path.steps() {
        [Key(k)] if k == "initial_users" => Some("Initial users".to_string()),
        [Key(k), Index(i), rest @ ..] if k == "scenarios" => scenario_input(plan, *i, rest),
        [Key(k), Index(i), rest @ ..] if k == "metrics" => plan
            .metrics
            .get(*i)
            .map(|m| format!("{}: {}", m.label, words(rest))),
        [Key(k), Index(t), Key(l), Key(key)] if k == "tiers" && l == "limits" => plan
            .tiers
            .get(*t)
            .map(|t| format!("{}: limit on {}", t.label, quantity_label(plan, key))),
        [Key(k), Index(t), Key(l), Index(c), rest @ ..] if k == "tiers" && l == "components" => {
            let tier = plan.tiers.get(*t);
            let component = tier.and_then(|t| t.components.get(*c));
            tier.zip(component)
                .map(|(t, c)| format!("{}: {} {}", t.label, c.name, component_input(rest)))
        }
        [Key(k), Key(f)] if k == "policy" => Some(policy_input(f)),
        [Key(k), rest @ ..] if k == "pricing" => Some(capitalized(&words(rest))),
        _ => None,
    };
    named.unwrap_or_else(|| path.to_string())
}

/// The name of what a problem's path is, when it is a whole scenario,
/// driver, tier or component (a problem of no one field, such as users
/// that overflow): `scenarios[0]` is "Conservative".
pub fn whole_name(plan: &Plan, path: &Path) -> Option<String> {
    let name = match path.steps() {
        [Key(k), Index(i)] if k == "scenarios" => &plan.scenarios.get(*i)?.label,
        [Key(k), Index(i)] if k == "metrics" => &plan.metrics.get(*i)?.label,
        [Key(k), Index(t)] if k == "tiers" => &plan.tiers.get(*t)?.label,
        [Key(k), Index(t), Key(l), Index(c)] if k == "tiers" && l == "components" => {
            &plan.tiers.get(*t)?.components.get(*c)?.name
        }
        _ => return None,
    };
    (!name.trim().is_empty()).then(|| name.clone())
}

/// A growth input of scenario `i`, by the steps below `scenarios[i]`.
fn scenario_input(plan: &Plan, i: usize, rest: &[Step]) -> Option<String> {
    let s = plan.scenarios.get(i)?;
    let label = &s.label;
    Some(match (&s.growth, rest) {
        (Growth::Compound { segments, .. }, [_, Key(k), Index(j), ..]) if k == "segments" => {
            let seg = segments.get(*j)?;
            let span = match seg.to {
                Some(t) => format!("{}-{t}", seg.from),
                None => format!("{} on", seg.from),
            };
            format!("{label} growth, months {span}")
        }
        (Growth::Table { points }, [_, Key(k), Index(j), ..]) if k == "points" => {
            format!("{label} users at month {}", points.get(*j)?.0)
        }
        _ => format!("{label} {}", words(rest)),
    })
}

/// A component's input, by the steps below its path: `unit_cost` gives
/// "unit cost", `quantity.per` gives "per".
fn component_input(rest: &[Step]) -> String {
    match rest {
        [Key(q)] if q == "quantity" => "quantity".to_string(),
        [Key(q), rest @ ..] if q == "quantity" => words(rest),
        _ => words(rest),
    }
}

fn policy_input(field: &str) -> String {
    match field {
        "target_utilization" => "Target utilization".into(),
        "warn_utilization" => "Warn utilization".into(),
        "cost_jump" => "Cost jump alert".into(),
        "monthly_budget" => "Monthly budget".into(),
        other => capitalized(&other.replace('_', " ")),
    }
}

/// The field names of `steps` as words: `growth.churn` gives "growth churn".
fn words(steps: &[Step]) -> String {
    let names = steps.iter().filter_map(|s| match s {
        Key(k) => Some(k.replace('_', " ")),
        Index(_) => None,
    });
    names.collect::<Vec<_>>().join(" ")
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

/// Past this share of paths left out (overflowed), a simulation's figures
/// describe only the paths that stayed in range: they are called unreliable.
pub const UNRELIABLE_FAILED_SHARE: f64 = 0.05;

/// What a simulation left out, in words, and whether that makes its
/// figures unreliable; none when every path counted.
pub fn dropped_paths(samples: usize, failed: usize) -> Option<(String, bool)> {
    if failed == 0 || samples == 0 {
        return None;
    }
    let share = failed as f64 / samples as f64;
    // One path in 100,000 is no "0.0%"; and it "is" left out.
    let shown = match percent(share) {
        p if p == "0.0%" => "under 0.1%".to_string(),
        p => p,
    };
    let count = format!(
        "{} of {} paths ({shown})",
        crate::formats::numbers::quantity(failed as f64),
        crate::formats::numbers::quantity(samples as f64),
    );
    let are = if failed == 1 { "is" } else { "are" };
    if failed >= samples {
        return Some((format!("All {} paths overflowed (users or costs past what can be computed): there are no figures to show. Narrow the ranges that drive growth.", crate::formats::numbers::quantity(samples as f64)), true));
    }
    let unreliable = share > UNRELIABLE_FAILED_SHARE;
    let text = if unreliable {
        format!("{count} overflowed and {are} left out: past {} left out, these figures are unreliable (they describe only the paths that stayed in range). Narrow the ranges that drive growth.", percent(UNRELIABLE_FAILED_SHARE))
    } else {
        format!("{count} overflowed and {are} left out of these figures.")
    };
    Some((text, unreliable))
}

/// Every path gave the same total cost and final users: the plan's ranges
/// move nothing, so P10, P50 and P90 would all read the same.
pub fn has_no_spread(total: (f64, f64), users: Option<(f64, f64)>) -> bool {
    let same = |(a, b): (f64, f64)| (b - a).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    same(total) && users.is_none_or(same)
}

/// Every path of simulation `s` gives the same users and total cost: no
/// range moves them (the page shows one line, a comparison "no spread").
pub fn no_spread(s: &crate::engine::simulate::ScenarioSimulation) -> bool {
    has_no_spread(
        total_range(s),
        s.months.last().map(|m| (m.users.p5, m.users.p95)),
    )
}

/// The least and greatest total cost of any path of `s`: all of them, as
/// a few paths past P90 (those that outgrow a tier) are a spread too.
pub fn total_range(s: &crate::engine::simulate::ScenarioSimulation) -> (f64, f64) {
    let fold = |(lo, hi): (f64, f64), &t: &f64| (lo.min(t), hi.max(t));
    match s
        .totals
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), fold)
    {
        (lo, hi) if lo <= hi => (lo, hi),
        _ => (s.total_cost.p10, s.total_cost.p90),
    }
}

/// The plan's right-to-left names (a tier, scenario, component or driver
/// named in Hebrew or Arabic), for [`isolate_names`]; mostly none.
pub fn rtl_names(plan: &Plan) -> Vec<&str> {
    let rtl = |c: char| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF);
    let mut names: Vec<&str> = Vec::new();
    for t in &plan.tiers {
        names.push(&t.label);
        names.extend(t.components.iter().map(|c| c.name.as_str()));
    }
    names.extend(plan.scenarios.iter().map(|s| s.label.as_str()));
    names.extend(plan.metrics.iter().map(|m| m.label.as_str()));
    names.retain(|n| n.contains(rtl));
    names
}

/// `text` with each of `names` ([`rtl_names`]) set apart by U+2068 and
/// U+2069, so that inside an English sentence a right-to-left name keeps
/// its words in order and does not pull the words and numbers beside it
/// into its direction. Without such names the text comes back as it was.
pub fn isolate_names(names: &[&str], text: &str) -> String {
    if names.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 6 * names.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        // The longest name here: one holding another is set apart whole.
        let here = (names.iter())
            .filter(|n| rest.starts_with(**n))
            .max_by_key(|n| n.len());
        let took = match here {
            Some(n) => {
                out.push('\u{2068}');
                out.push_str(n);
                out.push('\u{2069}');
                n.len()
            }
            None => {
                out.push(c);
                c.len_utf8()
            }
        };
        rest = &rest[took..];
    }
    out
}

/// Why a discount program or commitment over `categories` changes no cost,
/// if it does not: no category listed, or no component of any tier in them.
pub fn idle_categories(plan: &Plan, categories: &[Category]) -> Option<String> {
    if categories.is_empty() {
        return Some("No category ticked: this changes no cost.".into());
    }
    let used =
        |c: &Category| (plan.tiers.iter()).any(|t| t.components.iter().any(|k| k.category == *c));
    if categories.iter().any(used) {
        return None;
    }
    let names: Vec<&str> = categories.iter().map(|c| c.name()).collect();
    Some(format!(
        "No component is in {}: this changes no cost until one is.",
        names.join(" or ")
    ))
}

#[cfg(test)]
mod input_label_tests {
    use super::{dropped_paths, has_no_spread, input_label};

    #[test]
    fn names_inputs_in_the_planners_words() {
        let plan = crate::presets::default_plan();
        let cases = [
            ("initial_users", "Initial users"),
            (
                "scenarios[1].growth.segments[0].rate",
                "Moderate growth, months 1-6",
            ),
            (
                "scenarios[1].growth.segments[2].rate",
                "Moderate growth, months 13 on",
            ),
            ("metrics[0].factor", "Peak concurrent users: factor"),
            (
                "tiers[2].limits.peak_concurrent",
                "Enterprise: limit on Peak concurrent users",
            ),
            (
                "tiers[2].components[0].unit_cost",
                "Enterprise: Backend (30 x 8xlarge) unit cost",
            ),
            ("policy.target_utilization", "Target utilization"),
            ("pricing.reserved.coverage", "Reserved coverage"),
        ];
        for (path, want) in cases {
            let typed = crate::engine::Path::parse(path).unwrap();
            assert_eq!(input_label(&plan, &typed), want, "{path}");
        }
    }

    #[test]
    fn dropped_paths_are_told_and_called_unreliable_past_the_share() {
        assert_eq!(dropped_paths(2000, 0), None);
        let (text, unreliable) = dropped_paths(2000, 842).unwrap();
        assert!(unreliable);
        assert!(
            text.starts_with("842 of 2,000 paths (42.1%) overflowed"),
            "{text}"
        );
        assert!(text.contains("unreliable"));
        // 5% is still reliable; just past it is not.
        assert!(!dropped_paths(2000, 100).unwrap().1);
        assert!(dropped_paths(2000, 101).unwrap().1);
        let (text, unreliable) = dropped_paths(500, 500).unwrap();
        assert!(
            unreliable && text.starts_with("All 500 paths overflowed"),
            "{text}"
        );
        // One path: "is", and no "0.0%" for a share that is not nothing.
        let (text, _) = dropped_paths(100_000, 1).unwrap();
        assert_eq!(
            text,
            "1 of 100,000 paths (under 0.1%) overflowed and is left out of these figures."
        );
    }

    /// A whole scenario, driver, tier or component is named; a field of
    /// one, or a place out of range, is not.
    #[test]
    fn whole_names_are_the_labels_of_whole_parts() {
        let plan = crate::presets::default_plan();
        use crate::engine::Path;
        let name = |p: Path| super::whole_name(&plan, &p);
        assert_eq!(name(Path::scenario(0)).as_deref(), Some("Conservative"));
        assert_eq!(name(Path::metric(0)), Some(plan.metrics[0].label.clone()));
        assert_eq!(name(Path::tier(1)).as_deref(), Some("Growth"));
        assert_eq!(
            name(Path::component(0, 0)),
            Some(plan.tiers[0].components[0].name.clone())
        );
        assert_eq!(name(Path::scenario(0).key("label")), None);
        assert_eq!(name(Path::scenario(99)), None);
        assert_eq!(name(Path::field("name")), None);
    }

    #[test]
    fn no_spread_means_equal_ends() {
        assert!(has_no_spread((1234.5, 1234.5), Some((10.0, 10.0))));
        assert!(has_no_spread((1e6, 1e6 + 1e-4), None));
        assert!(!has_no_spread((1000.0, 1001.0), Some((10.0, 10.0))));
        assert!(!has_no_spread((1000.0, 1000.0), Some((10.0, 11.0))));
    }
}
