//! The terminal report: aligned columns with thousands separators, then
//! events and alerts, then a short summary.

use crate::engine::{EventKind, Plan, ScenarioForecast};
use crate::formats::columns::{self, Align};
use crate::formats::numbers::{money, percent, plural, quantity, thousands};
use crate::report::describe;
use std::fmt::Write;

/// The report for one scenario.
pub fn scenario(plan: &Plan, s: &ScenarioForecast) -> String {
    let sc = &plan.scenarios[s.scenario];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} scenario, {} from {} users ({})\n",
        plan.name,
        sc.label,
        plural(plan.horizon_months as usize, "month"),
        thousands(s.months[0].users, 0),
        plan.currency
    );
    out.push_str(&grid(plan, s));
    out.push('\n');
    events(plan, s, &mut out);
    summary(plan, s, &mut out);
    out
}

fn grid(plan: &Plan, s: &ScenarioForecast) -> String {
    let dated = plan.start.is_some();
    let mut header: Vec<String> = vec!["Month".into(), "Users".into()];
    if dated {
        header.insert(1, "Date".into());
    }
    header.extend(plan.metrics.iter().map(|m| m.label.clone()));
    header.extend(["Tier", "Bottleneck", "Monthly cost", "Cumulative"].map(String::from));
    let rows: Vec<Vec<String>> = s
        .months
        .iter()
        .map(|m| {
            let mut row = vec![m.month.to_string(), thousands(m.users, 0)];
            if let Some(date) = crate::engine::calendar::date(plan.start, m.month as i32) {
                row.insert(1, date);
            }
            row.extend(m.metrics.iter().map(|v| quantity(round_for_display(*v))));
            row.push(
                plan.tiers[m.tier].label.clone() + if m.over_capacity { " (over)" } else { "" },
            );
            row.push(match m.bottleneck {
                Some(b) => format!(
                    "{} {}",
                    percent(m.utilization[b]),
                    plan.limit_key(m.tier, b).unwrap_or_default()
                ),
                None => "-".into(),
            });
            row.push(money(m.cost, &plan.currency));
            row.push(money(m.cumulative_cost, &plan.currency));
            row
        })
        .collect();
    // Text columns (tier, bottleneck) align left; numbers align right.
    let mut align = vec![Align::End; header.len()];
    align[header.len() - 4] = Align::Start;
    align[header.len() - 3] = Align::Start;
    columns::grid(&[vec![header], rows].concat(), &align)
}

/// Metrics below 100 keep two decimals; larger ones are whole.
fn round_for_display(v: f64) -> f64 {
    if v.abs() >= 100.0 {
        v.round()
    } else {
        (v * 100.0).round() / 100.0
    }
}

fn events(plan: &Plan, s: &ScenarioForecast, out: &mut String) {
    out.push_str("Events and alerts\n");
    if s.events.is_empty() {
        out.push_str("  none\n");
    }
    for e in &s.events {
        let _ = writeln!(out, "  [{}] {}", e.kind.name(), describe(plan, e));
    }
    out.push('\n');
}

fn summary(plan: &Plan, s: &ScenarioForecast, out: &mut String) {
    let last = s.months.last().expect("a forecast has month 0");
    let cur = &plan.currency;
    out.push_str("Summary\n");
    let _ = writeln!(
        out,
        "  Users at month {}: {}",
        last.month,
        thousands(last.users, 0)
    );
    let _ = writeln!(
        out,
        "  Monthly cost at month {}: {} on {}",
        last.month,
        money(last.cost, cur),
        plan.tiers[last.tier].label
    );
    let _ = writeln!(
        out,
        "  Total cost over {}: {}",
        plural(plan.horizon_months as usize, "month"),
        money(s.total_cost, cur)
    );
    if let Some(c) = last.cost_per_user {
        let _ = writeln!(
            out,
            "  Cost per user at month {}: {}",
            last.month,
            crate::formats::numbers::money_per_unit(c, cur)
        );
    }
    let first_change = s
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKind::TierChange { .. }));
    match first_change {
        Some(e) => {
            let _ = writeln!(out, "  First tier change: {}", describe(plan, e));
        }
        None => {
            let _ = writeln!(out, "  No tier change within the horizon");
        }
    }
    let over = s.months.iter().filter(|m| m.over_capacity).count();
    if over > 0 {
        let _ = writeln!(
            out,
            "  Over capacity in {over} of {} months",
            s.months.len()
        );
    }
}

/// A simulation as a terminal table: P10 / P50 / P90 of users and monthly
/// cost, the most likely tier with its odds, then the totals and risks.
pub fn simulation(
    plan: &Plan,
    seed: u64,
    s: &crate::engine::simulate::ScenarioSimulation,
) -> String {
    let cur = &plan.currency;
    let label = &plan.scenarios[s.scenario].label;
    let mut out = format!(
        "{}: {label} scenario, {} paths (seed {seed}{}), P10 / P50 / P90\n\n",
        plan.name,
        thousands(s.samples as f64, 0),
        if s.failed > 0 {
            format!(", {} overflowed and left out", s.failed)
        } else {
            String::new()
        }
    );
    // Past 5% of paths left out, the figures are called unreliable.
    if let Some((text, true)) = crate::report::dropped_paths(s.samples, s.failed) {
        let _ = writeln!(out, "{text}\n");
    }
    let _ = writeln!(
        out,
        "{:>5}  {:>32}  {:>32}  Most likely tier",
        "Month", "Users", "Monthly cost"
    );
    for m in &s.months {
        let users = format!(
            "{} / {} / {}",
            quantity(m.users.p10.round()),
            quantity(m.users.p50.round()),
            quantity(m.users.p90.round())
        );
        let cost = format!(
            "{} / {} / {}",
            money(m.cost.p10, cur),
            money(m.cost.p50, cur),
            money(m.cost.p90, cur)
        );
        let (t, share) = m
            .tier_share
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map_or((0, 0.0), |(t, v)| (t, *v));
        let tier = plan.tiers.get(t).map_or("", |x| x.label.as_str());
        let _ = writeln!(
            out,
            "{:>5}  {users:>32}  {cost:>32}  {tier} ({})",
            m.month,
            percent(share)
        );
    }
    let t = &s.total_cost;
    let _ = writeln!(
        out,
        "\nTotal cost, months 1-{}: P5 {}, P10 {}, P50 {}, P90 {}, P95 {} (mean {})",
        plan.horizon_months,
        money(t.p5, cur),
        money(t.p10, cur),
        money(t.p50, cur),
        money(t.p90, cur),
        money(t.p95, cur),
        money(s.total_cost_mean, cur)
    );
    if plan.policy.monthly_budget.is_some() {
        let _ = writeln!(
            out,
            "Paths over the monthly budget in some month: {}",
            percent(s.over_budget_share)
        );
    }
    let _ = writeln!(
        out,
        "Paths over capacity in some month: {}",
        percent(s.over_capacity_share)
    );
    out
}

/// A sensitivity run as a table, largest swing first.
pub fn sensitivity(plan: &Plan, s: &crate::engine::simulate::Sensitivity) -> String {
    let cur = &plan.currency;
    let month = |m: Option<u32>| m.map_or("none".to_string(), |m| format!("month {m}"));
    let mut out = format!(
        "{}: {} scenario, each input at its low and high end (ranges by their ends, numbers -/+10%)\nBase: total cost {}, first tier change {}\n\n",
        plan.name,
        plan.scenarios[s.scenario].label,
        money(s.total_cost, cur),
        month(s.first_tier_change)
    );
    let mut rows = vec![[
        "Input",
        "Low / high",
        "Total cost at low / high",
        "Swing",
        "First tier change",
    ]
    .map(String::from)
    .to_vec()];
    for i in &s.impacts {
        let total = |v: Option<f64>| v.map_or("overflow".to_string(), |v| money(v, cur));
        let value = |v: f64| {
            let t = thousands(v, 4);
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        rows.push(vec![
            i.path.to_string(),
            format!("{} / {}", value(i.values[0]), value(i.values[1])),
            format!("{} / {}", total(i.total_cost[0]), total(i.total_cost[1])),
            if i.swing.is_finite() {
                money(i.swing, cur)
            } else {
                "-".to_string()
            },
            format!(
                "{} / {}",
                month(i.first_tier_change[0]),
                month(i.first_tier_change[1])
            ),
        ]);
    }
    let align = [
        Align::Start,
        Align::End,
        Align::End,
        Align::End,
        Align::Start,
    ];
    out.push_str(&columns::grid(&rows, &align));
    out
}
