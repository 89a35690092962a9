//! Actuals as people paste them from a spreadsheet or import them as CSV
//! (issue 14): tab- or comma-separated, with or without a header, months as
//! numbers ("-3") or calendar months ("2026-07"), thousands separators.
//! A bad cell is refused with its row and column and the reason; nothing
//! is half-read. Also the actuals written back as CSV.

use crate::engine::calendar::CalendarMonth;
use crate::engine::validate::ACTUAL_MONTHS;
use crate::engine::{Actual, Num, Plan};
use crate::formats::input::{parse, NumberKind};
use std::collections::BTreeMap;
use std::fmt;

/// The actuals read, and the plan's start when the rows gave dates and the
/// plan had none (the latest date becomes month 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Pasted {
    pub actuals: Vec<Actual>,
    pub start: Option<CalendarMonth>,
}

/// Where a paste went wrong: row and column as a spreadsheet numbers them.
#[derive(Debug, Clone, PartialEq)]
pub struct PasteError {
    pub row: usize,
    pub column: Option<usize>,
    pub why: String,
}

impl fmt::Display for PasteError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // A quoted cell may hold control characters: shown as escapes.
        let why = super::escape_controls(&self.why, false);
        match self.column {
            Some(c) => write!(f, "row {}, column {}: {why}", self.row, c),
            None => write!(f, "row {}: {why}", self.row),
        }
    }
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq)]
enum Column {
    Month,
    Users,
    Cost,
    Metric(String),
}

/// A month cell: a month number or a calendar month.
enum When {
    Number(i32),
    Date(CalendarMonth),
}

fn when(cell: &str) -> Option<When> {
    when_or_why(cell).ok()
}

/// A month cell, or why it is none (a date outside the years a plan may
/// name says so).
fn when_or_why(cell: &str) -> Result<When, String> {
    let t = cell.trim();
    if let Ok(m) = t.parse::<i32>() {
        return Ok(When::Number(m));
    }
    let not = || format!("\"{t}\" is not a month number or a date such as 2026-07");
    match CalendarMonth::parse(&t.replace('/', "-")) {
        Ok(d) => Ok(When::Date(d)),
        Err(why) if why.starts_with("year") || why.starts_with("month must") => Err(why),
        Err(_) => Err(not()),
    }
}

/// The column a header cell names: month, users, cost, or a driver by id
/// or label (any case).
fn column(plan: &Plan, cell: &str) -> Result<Column, String> {
    let t = cell.trim().to_lowercase();
    Ok(match t.as_str() {
        "month" | "date" | "period" => Column::Month,
        "users" => Column::Users,
        "cost" => Column::Cost,
        _ => {
            let m = (plan.metrics.iter())
                .find(|m| m.id.to_lowercase() == t || m.label.to_lowercase() == t)
                .ok_or_else(|| {
                    let ids: Vec<&str> = plan.metrics.iter().map(|m| m.id.as_str()).collect();
                    let drivers = if ids.is_empty() {
                        String::new()
                    } else {
                        format!(" or a driver ({})", ids.join(", "))
                    };
                    format!("\"{}\" is not month, users, cost{drivers}", cell.trim())
                })?;
            Column::Metric(m.id.clone())
        }
    })
}

/// The rows of `text`, split as [`delimiter`] says (quoted cells may hold
/// the delimiter), with their line numbers; blank lines are left out.
fn rows(text: &str) -> Result<Vec<(usize, Vec<String>)>, PasteError> {
    let delimiter = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| PasteError {
            row: e.position().map_or(0, |p| p.line() as usize),
            column: None,
            why: "could not be read as tab-, comma- or semicolon-separated values".into(),
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            out.push((line, cells));
        }
    }
    Ok(out)
}

/// Tabs when any line has one (a spreadsheet's copy); else semicolons when
/// the first line has at least as many semicolons as commas, and some (a
/// CSV saved where the comma marks decimals, whose rows hold commas too:
/// `-2;1.234,5`); else commas.
fn delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    if text.contains('\t') {
        b'\t'
    } else if first.matches(';').count() >= first.matches(',').count().max(1) {
        b';'
    } else {
        b','
    }
}

/// A number written where the comma marks decimals and the point groups
/// thousands ("1.234,5", "€100,25") as this page reads it ("1234.5").
fn comma_decimals(cell: &str) -> Result<String, String> {
    let whole = cell.split(',').next().unwrap_or_default();
    if whole.contains('.') && !super::input::points_group_thousands(whole) {
        return Err(format!(
            "\"{cell}\": in rows apart by semicolons a comma marks decimals and a point groups thousands, as in 1.234,5"
        ));
    }
    Ok(cell.replace('.', "").replace(',', "."))
}

/// Reads pasted or imported actuals for `plan`.
pub fn read(text: &str, plan: &Plan) -> Result<Pasted, PasteError> {
    let mut rows = rows(text)?;
    // Semicolons apart: saved where the comma marks decimals.
    let decimal_comma = delimiter(text) == b';';
    let Some((first_line, first)) = rows.first().cloned() else {
        return Err(PasteError {
            row: 1,
            column: None,
            why: "nothing to read: paste rows of month and users (and cost)".into(),
        });
    };
    // A header names its columns; a first cell that starts like a number
    // or a date is a row, even one that cannot be read.
    let numeric = |c: char| c.is_ascii_digit() || c == '-' || c == '+';
    let header = when(&first[0]).is_none() && !first[0].trim().starts_with(numeric);
    let columns = if header {
        rows.remove(0);
        (first.iter().enumerate())
            .map(|(c, cell)| {
                column(plan, cell).map_err(|why| PasteError {
                    row: first_line,
                    column: Some(c + 1),
                    why,
                })
            })
            .collect::<Result<Vec<_>, _>>()?
    } else {
        vec![Column::Month, Column::Users, Column::Cost]
    };
    if let Some(twice) = (1..columns.len()).find(|&c| columns[..c].contains(&columns[c])) {
        let first_at = columns
            .iter()
            .position(|x| *x == columns[twice])
            .unwrap_or(0);
        return Err(PasteError {
            row: first_line,
            column: Some(twice + 1),
            why: format!(
                "\"{}\" names the same figure as column {}",
                first[twice],
                first_at + 1
            ),
        });
    }
    if header && rows.is_empty() {
        return Err(PasteError {
            row: first_line,
            column: None,
            why: "only a header: paste the rows under it too".into(),
        });
    }
    if columns.first() != Some(&Column::Month) {
        return Err(PasteError {
            row: first_line,
            column: Some(1),
            why: "the first column must be the month (a month number or a date such as 2026-07)"
                .into(),
        });
    }
    let mut read = Vec::new();
    for (line, cells) in &rows {
        read.push(row(&columns, *line, cells, decimal_comma)?);
    }
    dated(plan, read)
}

/// One row: its month cell and its figures.
fn row(
    columns: &[Column],
    line: usize,
    cells: &[String],
    decimal_comma: bool,
) -> Result<(usize, When, Actual), PasteError> {
    let at = |c: usize, why: String| PasteError {
        row: line,
        column: Some(c + 1),
        why,
    };
    if cells.len() > columns.len() {
        let why = format!(
            "has {} cells, more than the {} columns ({})",
            cells.len(),
            columns.len(),
            if columns.len() == 3 {
                "month, users, cost"
            } else {
                "of the header"
            }
        );
        return Err(at(columns.len(), why));
    }
    let month = when_or_why(&cells[0]).map_err(|why| at(0, why))?;
    if let When::Number(m) = month {
        if !ACTUAL_MONTHS.contains(&m) {
            let (a, b) = (ACTUAL_MONTHS.start(), ACTUAL_MONTHS.end());
            return Err(at(0, format!("month {m} is outside {a} to {b}")));
        }
    }
    let mut actual = Actual {
        month: 0,
        users: None,
        cost: None,
        metrics: BTreeMap::new(),
    };
    for (c, (cell, col)) in cells.iter().zip(columns).enumerate().skip(1) {
        if cell.is_empty() {
            continue;
        }
        let kind = if *col == Column::Cost {
            NumberKind::Money
        } else {
            NumberKind::Count
        };
        let name = match col {
            Column::Users => "users".to_string(),
            Column::Cost => "cost".to_string(),
            Column::Metric(id) => id.clone(),
            Column::Month => return Err(at(c, "a second month column".into())),
        };
        let cell = if decimal_comma {
            comma_decimals(cell).map_err(|why| at(c, format!("{name}: {why}")))?
        } else if let Some(why) = super::input::thousands_point(cell, kind) {
            return Err(at(c, format!("{name}: {why}")));
        } else {
            cell.clone()
        };
        let v = match parse(&cell, kind) {
            // The plan's own bound, told here at its cell, not later at
            // a JSON path the paste never showed.
            Ok(Num::Fixed(v)) if *col == Column::Users && v > crate::engine::MAX_USERS => {
                return Err(at(
                    c,
                    format!(
                        "users must be at most 10^12, got {}",
                        crate::engine::show_number(v)
                    ),
                ))
            }
            Ok(Num::Fixed(v)) if v >= 0.0 => v,
            Ok(Num::Fixed(v)) => {
                return Err(at(c, format!("{name} must not be negative, got {v}")))
            }
            Ok(_) => return Err(at(c, format!("{name} is one observed number, not a range"))),
            Err(why) => return Err(at(c, format!("{name}: {why}"))),
        };
        match col {
            Column::Users => actual.users = Some(v),
            Column::Cost => actual.cost = Some(v),
            _ => {
                actual.metrics.insert(name, v);
            }
        }
    }
    if actual.users.is_none() && actual.cost.is_none() && actual.metrics.is_empty() {
        return Err(PasteError {
            row: line,
            column: None,
            why: "gives no figure: a month needs users, cost or a driver's value".into(),
        });
    }
    Ok((line, month, actual))
}

/// Month numbers for every row (dates counted from the plan's start, or
/// from the latest date when the plan has none), in order, each once.
fn dated(plan: &Plan, rows: Vec<(usize, When, Actual)>) -> Result<Pasted, PasteError> {
    let dates = rows.iter().filter(|r| matches!(r.1, When::Date(_))).count();
    if dates != 0 && dates != rows.len() {
        // The first row whose kind is not the first row's.
        let first_is_date = matches!(rows.first().map(|r| &r.1), Some(When::Date(_)));
        let odd = rows
            .iter()
            .find(|r| matches!(r.1, When::Date(_)) != first_is_date)
            .map_or(1, |r| r.0);
        return Err(PasteError {
            row: odd,
            column: Some(1),
            why: "months are all month numbers or all dates, not a mix".into(),
        });
    }
    let latest = rows.iter().filter_map(|r| match r.1 {
        When::Date(d) => Some(d),
        When::Number(_) => None,
    });
    let start = plan.start.or_else(|| latest.max());
    let mut out: Vec<(usize, Actual)> = (rows.into_iter())
        .map(|(line, w, mut a)| {
            a.month = match (w, start) {
                (When::Number(m), _) => m,
                (When::Date(d), Some(s)) => s.until(d),
                (When::Date(_), None) => 0,
            };
            (line, a)
        })
        .collect();
    if let Some((line, a)) = out.iter().find(|(_, a)| !ACTUAL_MONTHS.contains(&a.month)) {
        let (lo, hi) = (ACTUAL_MONTHS.start(), ACTUAL_MONTHS.end());
        return Err(PasteError {
            row: *line,
            column: Some(1),
            why: format!(
                "this date is month {} of the plan, outside {lo} to {hi}",
                a.month
            ),
        });
    }
    crate::engine::order::sort_by_key(&mut out, |(_, a)| a.month);
    if let Some(w) = out.windows(2).find(|w| w[0].1.month == w[1].1.month) {
        return Err(PasteError {
            row: w[1].0.max(w[0].0),
            column: Some(1),
            why: format!(
                "month {} is given twice (rows {} and {})",
                w[0].1.month,
                w[0].0.min(w[1].0),
                w[0].0.max(w[1].0)
            ),
        });
    }
    Ok(Pasted {
        actuals: out.into_iter().map(|(_, a)| a).collect(),
        start: if plan.start.is_none() && dates > 0 {
            start
        } else {
            None
        },
    })
}

/// `plan` with `pasted` read in: each figure a pasted month gives replaces
/// the plan's figure of that month; figures it leaves blank or has no
/// column for stay, and so do the other months.
pub fn merge(plan: &Plan, pasted: &Pasted) -> Plan {
    let mut next = plan.clone();
    if pasted.start.is_some() {
        next.start = pasted.start;
    }
    let mut by_month: crate::engine::order::Sorted<i32, Actual> = (plan.actuals.iter())
        .map(|a| (a.month, a.clone()))
        .collect();
    for a in &pasted.actuals {
        let Some(kept) = by_month.get_mut(&a.month) else {
            by_month.insert(a.month, a.clone());
            continue;
        };
        kept.users = a.users.or(kept.users);
        kept.cost = a.cost.or(kept.cost);
        kept.metrics.extend(a.metrics.clone());
    }
    next.actuals = by_month.into_values().collect();
    next
}

/// What reading `pasted` into `plan` did, in a line: "Read 4 months: 3 new,
/// 1 updated. Start set to 2027-11: the latest pasted month is month 0."
pub fn told(plan: &Plan, pasted: &Pasted) -> String {
    let n = pasted.actuals.len();
    let updated = (pasted.actuals.iter())
        .filter(|a| plan.actuals.iter().any(|b| b.month == a.month))
        .count();
    let months = |k: usize| if k == 1 { "month" } else { "months" };
    let mut out = format!(
        "Read {n} {}: {} new, {updated} updated.",
        months(n),
        n - updated
    );
    if let Some(s) = pasted.start {
        out.push_str(&format!(
            " Start set to {s}: the latest pasted month is month 0."
        ));
    }
    out
}

/// The plan's actuals as CSV: month, date (for a dated plan), users, cost
/// and each driver given, in a shape [`read`] reads back.
pub fn to_csv(plan: &Plan) -> String {
    let mut ids: Vec<&str> = Vec::new();
    for a in &plan.actuals {
        for id in a.metrics.keys() {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let dated = plan.start.is_some();
    let mut header = vec!["month"];
    if dated {
        header[0] = "date";
    }
    header.extend(["users", "cost"]);
    header.extend(ids.iter().copied());
    let _ = w.write_record(&header);
    let cell = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    // A month with no figure yet (just added) is not an actual to keep.
    let given = |a: &&Actual| a.users.is_some() || a.cost.is_some() || !a.metrics.is_empty();
    for a in plan.actuals.iter().filter(given) {
        let month = crate::engine::calendar::date(plan.start, a.month)
            .unwrap_or_else(|| a.month.to_string());
        let mut row = vec![month, cell(a.users), cell(a.cost)];
        row.extend(ids.iter().map(|id| cell(a.metrics.get(*id).copied())));
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
