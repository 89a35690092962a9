//! The commitment optimiser's answer (`headroom commit`, MODEL.md section
//! 12) as JSON, as a table, and as the sentence the app shows.

use crate::engine::commitment::Optimum;
use crate::engine::Plan;
use crate::formats::numbers::{money, percent, plural, thousands};
use serde_json::{json, Value};

/// `{"scenario", "term_months", "discount", "samples", "curve", "best",
/// "terms"}`: `terms` holds the best of each compared term.
pub fn json(plan: &Plan, scenario: usize, o: &Optimum, terms: &[Optimum]) -> Value {
    let compared: Vec<Value> = terms
        .iter()
        .map(|t| json!({"term_months": t.term_months, "best": t.best}))
        .collect();
    json!({
        "scenario": plan.scenarios[scenario].id,
        "term_months": o.term_months,
        "discount": o.discount,
        "samples": o.samples,
        "curve": o.curve,
        "best": o.best,
        "terms": compared,
    })
}

/// "Commit $7,400 a month for 12 months: saves $61,000 (18%) on average;
/// 9% chance some commitment goes unused in a month."
pub fn recommendation(plan: &Plan, o: &Optimum) -> String {
    let b = &o.best;
    let cur = plan.currency.as_str();
    if b.amount <= 0.0 {
        return format!(
            "Commit nothing: a commitment must be used {} of the time to pay, and no amount is on these paths.",
            percent(b.break_even_utilization)
        );
    }
    let average = if o.samples > 1 { " on average" } else { "" };
    format!(
        "Commit {} a month for {}: saves {} ({}){average}; {} chance some commitment goes unused in a month.",
        money(b.amount, cur),
        plural(o.term_months as usize, "month"),
        money(b.saving, cur),
        percent(b.saving_share),
        percent(b.unused_chance)
    )
}

/// The table `headroom commit` prints.
pub fn table(plan: &Plan, scenario: usize, o: &Optimum, terms: &[Optimum]) -> String {
    let cur = plan.currency.as_str();
    let s = &plan.scenarios[scenario];
    let paths = match o.samples {
        1 if !crate::engine::inputs::has_ranges(plan) => "its one path (no ranges)".to_string(),
        1 => "1 path".to_string(),
        n => format!("{} paths", thousands(n as f64, 0)),
    };
    let mut out = format!(
        "Commitment for {} ({}): {}-month term from month {}; discount {} (mean over the paths); {paths}\n\n{}\n",
        s.label,
        s.id,
        o.term_months,
        crate::engine::commitment::commitment_of(plan).map_or(1, |c| c.start_month),
        percent(o.discount),
        recommendation(plan, o)
    );
    out.push_str(&format!(
        "  Mean total cost at the best amount: {}\n  Break-even utilization: {}\n",
        money(o.best.mean_total, cur),
        percent(o.best.break_even_utilization)
    ));
    if !terms.is_empty() {
        out.push_str("\nTerms compared\n");
        for t in terms {
            out.push_str(&format!(
                "  {:>2} months: commit {} a month, saves {} ({})\n",
                t.term_months,
                money(t.best.amount, cur),
                money(t.best.saving, cur),
                percent(t.best.saving_share)
            ));
        }
    }
    out.push_str(&format!(
        "\n{:>14}  {:>14}  {:>14}  {:>14}\n",
        "Amount/month", "Mean total", "P10 total", "P90 total"
    ));
    for p in &o.curve {
        let mark = if p.amount == o.best.amount {
            "  best"
        } else {
            ""
        };
        out.push_str(&format!(
            "{:>14}  {:>14}  {:>14}  {:>14}{mark}\n",
            money(p.amount, cur),
            money(p.mean_total, cur),
            money(p.p10_total, cur),
            money(p.p90_total, cur)
        ));
    }
    out
}
