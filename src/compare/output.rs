//! A comparison as `headroom compare` writes it (JSON, CSV, a table) and as
//! the app's decision table reads: one row per figure, one column per plan,
//! the cheapest or safest cell of each row named in words.

use super::{break_even_text, title, Comparison};
use crate::formats::columns::{grid, Align};
use crate::formats::numbers::{money, percent, thousands};
use serde_json::{json, Value};

/// `{"plans": [...], "break_even": [...], "differences": [...]}`.
pub fn json(c: &Comparison) -> Value {
    let plans: Vec<Value> = (c.columns.iter())
        .map(|col| {
            let f = &col.figures;
            let e = &col.entry;
            let range = f.total_range;
            json!({
                "name": e.plan.name,
                "scenario": e.plan.scenarios[e.scenario].id,
                "total_cost": f.total_cost,
                "total_p10": range.map(|r| r[0]),
                "total_p50": range.map(|r| r[1]),
                "total_p90": range.map(|r| r[2]),
                "max_monthly_cost": f.max_monthly_cost,
                "cost_per_user": f.cost_per_user,
                "first_tier_change": f.first_tier_change,
                "first_over_capacity": f.first_over_capacity,
                "months_over_budget": f.months_over_budget,
                "largest_tier_chance": f.largest_tier_chance,
                "autoscaling_saving": f.autoscaling_saving,
                "commitment_amount": f.commitment.map(|c| c.0),
                "commitment_saving": f.commitment.map(|c| c.1),
            })
        })
        .collect();
    let break_even: Vec<Value> = (c.break_even.iter())
        .map(|b| json!({"a": b.a, "b": b.b, "month": b.month, "cheaper_before": b.cheaper, "text": break_even_text(&c.columns, b)}))
        .collect();
    let differences: Vec<Value> = (c.differences.iter())
        .map(|d| json!({"path": d.path, "label": d.label, "a": d.a, "b": d.b, "plan": d.plan}))
        .collect();
    json!({"plans": plans, "break_even": break_even, "differences": differences})
}

/// Which way a row is better.
#[derive(Clone, Copy, PartialEq)]
enum Better {
    /// A cost: lower is cheaper.
    Lower,
    /// A month: later (or never) is safer.
    Later,
    /// A count or chance of trouble: less is safer.
    Least,
    /// Shown, not ranked (figures over different spans).
    Unranked,
}

/// A row of the decision table: its name, each column's text, and the
/// columns that are best on it with the word that says so.
pub struct Row {
    pub name: String,
    pub cells: Vec<String>,
    pub best: Vec<usize>,
    pub word: &'static str,
}

/// The decision table: rows of figures, the best of each row marked.
/// Costs are ranked only between plans of one currency, and totals only
/// over the same months: plans of different horizons are ranked on the
/// months they share, their own horizons' totals shown beside, unranked.
pub fn rows(c: &Comparison) -> Vec<Row> {
    let cols = &c.columns;
    let f = |k: usize| &cols[k].figures;
    // "usd" and "USD" are one currency.
    let cur = |k: usize| cols[k].entry.plan.currency.trim().to_uppercase();
    let one_currency = (0..cols.len()).all(|k| cur(k) == cur(0));
    let h = |k: usize| cols[k].entry.plan.horizon_months;
    let shared = (0..cols.len()).map(h).min().unwrap_or(0);
    let mut out = Vec::new();
    let mut row = |name: String,
                   better: Better,
                   value: &dyn Fn(usize) -> Option<f64>,
                   text: &dyn Fn(usize, Option<f64>) -> String| {
        let values: Vec<Option<f64>> = (0..cols.len()).map(value).collect();
        let cells = (0..cols.len()).map(|k| text(k, values[k])).collect();
        let ranked = better != Better::Lower || one_currency;
        let best = if ranked {
            best_of(&values, better)
        } else {
            Vec::new()
        };
        let word = match better {
            Better::Lower | Better::Unranked => "cheapest",
            Better::Later | Better::Least => "safest",
        };
        out.push(Row {
            name,
            cells,
            best,
            word,
        });
    };
    let money_or = |none: &'static str| {
        move |k: usize, v: Option<f64>| v.map_or(none.to_string(), |v| money(v, &cur(k)))
    };
    let cumulative_at = |k: usize| {
        cols[k]
            .forecast
            .months
            .get(shared as usize)
            .map(|m| m.cumulative_cost)
    };
    row(
        format!("Total cost to month {shared}"),
        Better::Lower,
        &cumulative_at,
        &money_or("none"),
    );
    if (0..cols.len()).any(|k| h(k) != shared) {
        let text = |k: usize, v: Option<f64>| {
            format!("{} (month {})", money(v.unwrap_or(0.0), &cur(k)), h(k))
        };
        row(
            "Total cost to each plan's horizon (not ranked)".into(),
            Better::Unranked,
            &|k| Some(f(k).total_cost),
            &text,
        );
    }
    if cols.iter().any(|c| c.figures.total_range.is_some()) {
        let ranked = if (0..cols.len()).all(|k| h(k) == shared) {
            ""
        } else {
            " (to each horizon)"
        };
        for (i, p) in ["P10", "P50", "P90"].iter().enumerate() {
            let better = if ranked.is_empty() {
                Better::Lower
            } else {
                Better::Unranked
            };
            row(
                format!("Total cost, {p}{ranked}"),
                better,
                &|k| f(k).total_range.map(|r| r[i]),
                // Ranges that move nothing were simulated to one figure.
                &|k, v| match cols[k].simulation {
                    Some(_) if v.is_none() => "no spread".to_string(),
                    _ => money_or("no ranges")(k, v),
                },
            );
        }
    }
    row(
        "Highest monthly cost".into(),
        Better::Lower,
        &|k| Some(f(k).max_monthly_cost),
        &money_or("none"),
    );
    row(
        "Cost per user at the horizon".into(),
        Better::Lower,
        &|k| f(k).cost_per_user,
        &|k: usize, v: Option<f64>| {
            v.map_or("none".to_string(), |v| {
                crate::formats::numbers::money_per_unit(v, &cur(k))
            })
        },
    );
    let month = |_: usize, v: Option<f64>| v.map_or("never".to_string(), |m| format!("month {m}"));
    row(
        "First tier change".into(),
        Better::Later,
        &|k| f(k).first_tier_change.map(f64::from),
        &month,
    );
    row(
        "First over capacity".into(),
        Better::Later,
        &|k| f(k).first_over_capacity.map(f64::from),
        &month,
    );
    if cols.iter().any(|c| c.figures.months_over_budget.is_some()) {
        let text = |_: usize, v: Option<f64>| v.map_or("no budget".into(), |n| thousands(n, 0));
        row(
            "Months over budget".into(),
            Better::Least,
            &|k| f(k).months_over_budget.map(|n| n as f64),
            &text,
        );
    }
    if cols.iter().any(|c| c.figures.largest_tier_chance.is_some()) {
        let text = |_: usize, v: Option<f64>| v.map_or("no ranges".into(), percent);
        row(
            "Chance of the largest tier by month 12".into(),
            Better::Least,
            &|k| f(k).largest_tier_chance,
            &text,
        );
    }
    if cols.iter().any(|c| c.figures.autoscaling_saving.is_some()) {
        // More saved is better: ranked as the lower negative.
        let text =
            |k: usize, v: Option<f64>| v.map_or("no autoscaling".into(), |s| money(-s, &cur(k)));
        row(
            "Saving from autoscaling".into(),
            Better::Lower,
            &|k| f(k).autoscaling_saving.map(|s| -s),
            &text,
        );
    }
    if cols.iter().any(|c| c.figures.commitment.is_some()) {
        let text = |k: usize, v: Option<f64>| {
            let amount = f(k).commitment.map_or(0.0, |c| c.0);
            v.map_or("no commitment".into(), |s| {
                format!(
                    "{} (commit {} a month)",
                    money(-s, &cur(k)),
                    money(amount, &cur(k))
                )
            })
        };
        row(
            "Saving from the best commitment".into(),
            Better::Lower,
            &|k| f(k).commitment.map(|c| -c.1),
            &text,
        );
    }
    out
}

/// The columns best on a row (ties all); none when every column is equal
/// or fewer than two have a figure ("never" counts as the latest month).
fn best_of(values: &[Option<f64>], better: Better) -> Vec<usize> {
    let key = |v: Option<f64>| match (better, v) {
        (Better::Later, None) => f64::NEG_INFINITY,
        (Better::Later, Some(m)) => -m,
        (_, v) => v.unwrap_or(f64::INFINITY),
    };
    let keys: Vec<f64> = values.iter().map(|v| key(*v)).collect();
    let lowest = keys.iter().copied().fold(f64::INFINITY, f64::min);
    let best: Vec<usize> = (0..keys.len()).filter(|&k| keys[k] == lowest).collect();
    let known = values.iter().flatten().count();
    if better == Better::Unranked
        || best.len() == keys.len()
        || (better != Better::Later && known < 2)
    {
        return Vec::new();
    }
    best
}

/// The decision table as text: a column per plan, "(best)" or "(safest)"
/// after the best cells, then the break-even months and the differences.
pub fn table(c: &Comparison) -> String {
    let titles: Vec<String> = (0..c.columns.len()).map(|k| title(&c.columns, k)).collect();
    let rows = rows(c);
    let cells: Vec<Vec<String>> = (rows.iter())
        .map(|r| {
            (r.cells.iter().enumerate())
                .map(|(k, t)| match r.best.contains(&k) {
                    true => format!("{t} ({})", r.word),
                    false => t.clone(),
                })
                .collect()
        })
        .collect();
    // Each column as wide as its widest text (as a terminal shows it), two
    // spaces apart: a long plan name widens its column.
    let head = std::iter::once(String::new()).chain(titles.iter().cloned());
    let mut table = vec![head.collect::<Vec<_>>()];
    table.extend(
        rows.iter()
            .zip(cells)
            .map(|(r, texts)| [vec![r.name.clone()], texts].concat()),
    );
    let text = grid(&table, &[Align::Start]);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    if !c.break_even.is_empty() {
        lines.push(String::new());
        lines.extend(c.break_even.iter().map(|b| break_even_text(&c.columns, b)));
    }
    if !c.differences.is_empty() {
        lines.push(String::new());
        lines.push("What differs".into());
        for d in &c.differences {
            lines.push(format!(
                "  {} vs {}: {}: {} -> {}",
                titles[0], titles[d.plan], d.label, d.a, d.b
            ));
        }
    }
    lines.join("\n") + "\n"
}

/// CSV: the decision table (a row per figure, the best named in the last
/// column), then a blank line and the monthly series (users, monthly and
/// cumulative cost per plan).
pub fn csv(c: &Comparison) -> String {
    let safe = crate::formats::csv::safe_text;
    let titles: Vec<String> = (0..c.columns.len())
        .map(|k| safe(&title(&c.columns, k)))
        .collect();
    let mut table = vec![std::iter::once("figure".to_string())
        .chain(titles.iter().cloned())
        .chain(["best".to_string()])
        .collect::<Vec<_>>()];
    for r in rows(c) {
        let mut rec = vec![r.name.clone()];
        rec.extend(r.cells.iter().map(|t| safe(t)));
        rec.push(
            r.best
                .iter()
                .map(|&k| titles[k].clone())
                .collect::<Vec<_>>()
                .join("; "),
        );
        table.push(rec);
    }
    let mut series = vec![std::iter::once("month".to_string())
        .chain(titles.iter().flat_map(|t| {
            [
                format!("{t} users"),
                format!("{t} cost"),
                format!("{t} cumulative cost"),
            ]
        }))
        .collect::<Vec<_>>()];
    let months = c
        .columns
        .iter()
        .map(|col| col.forecast.months.len())
        .max()
        .unwrap_or(0);
    for m in 0..months {
        let mut rec = vec![m.to_string()];
        for col in &c.columns {
            let cell = |f: fn(&crate::engine::MonthForecast) -> f64| {
                col.forecast
                    .months
                    .get(m)
                    .map_or(String::new(), |x| crate::formats::numbers::csv_number(f(x)))
            };
            rec.extend([
                cell(|x| x.users),
                cell(|x| x.cost),
                cell(|x| x.cumulative_cost),
            ]);
        }
        series.push(rec);
    }
    format!("{}\n{}", records(&table), records(&series))
}

fn records(rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        let _ = w.write_record(r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
