//! The forecast as CSV: one row per scenario-month, with a header. Text
//! cells are neutralised so a spreadsheet evaluates nothing.

use super::numbers::csv_number;
use crate::engine::validate::{COMMITMENT_COLUMNS, MONTH_COLUMNS};
use crate::engine::{Forecast, Plan};

/// CSV text for the given scenario forecasts.
pub fn forecast(plan: &Plan, forecast: &Forecast) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["scenario", "month", "users"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    // A dated plan's months also as calendar months (one without reads as before).
    if plan.start.is_some() {
        header.insert(2, "date".into());
    }
    header.extend(plan.metrics.iter().map(|m| safe_text(&m.id)));
    header.extend(MONTH_COLUMNS.map(String::from));
    // A plan with a commitment: each month's committed, on-demand and unused
    // parts (blank outside the term).
    let committed = plan
        .pricing
        .as_ref()
        .is_some_and(|p| p.commitment.is_some());
    if committed {
        header.extend(COMMITMENT_COLUMNS.map(String::from));
    }
    w.write_record(&header).expect("writing to memory");
    for s in &forecast.scenarios {
        let id = safe_text(&plan.scenarios[s.scenario].id);
        for m in &s.months {
            let mut row = vec![id.clone(), m.month.to_string(), csv_number(m.users)];
            if let Some(date) = crate::engine::calendar::date(plan.start, m.month as i32) {
                row.insert(2, date);
            }
            row.extend(m.metrics.iter().map(|v| csv_number(*v)));
            row.push(safe_text(&plan.tiers[m.tier].id));
            row.push(
                m.bottleneck
                    .and_then(|b| plan.limit_key(m.tier, b))
                    .map(|k| safe_text(&k))
                    .unwrap_or_default(),
            );
            row.push(
                m.bottleneck
                    .map(|b| csv_number(m.utilization[b]))
                    .unwrap_or_default(),
            );
            row.push(m.over_capacity.to_string());
            row.push(csv_number(m.cost));
            row.push(csv_number(m.cumulative_cost));
            row.push(m.cost_per_user.map(csv_number).unwrap_or_default());
            if committed {
                let parts = m
                    .commitment
                    .map(|c| [c.demand, c.committed, c.on_demand, c.unused]);
                row.extend((0..4).map(|i| parts.map(|p| csv_number(p[i])).unwrap_or_default()));
            }
            w.write_record(&row).expect("writing to memory");
        }
    }
    String::from_utf8(w.into_inner().expect("flushing to memory"))
        .expect("CSV of UTF-8 text is UTF-8")
}

/// Prefixes a text cell that a spreadsheet would read as a formula
/// (`=`, `+`, `-`, `@`, tab, carriage return) with an apostrophe.
pub fn safe_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_text;

    #[test]
    fn neutralises_formula_cells() {
        assert_eq!(safe_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_text("+1"), "'+1");
        assert_eq!(safe_text("-1"), "'-1");
        assert_eq!(safe_text("@SUM"), "'@SUM");
        assert_eq!(safe_text("\tx"), "'\tx");
        assert_eq!(safe_text("\rx"), "'\rx");
        assert_eq!(safe_text("tier_1"), "tier_1");
    }
}
