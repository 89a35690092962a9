//! Numbers as people type them into the app's fields, and as the fields show
//! them. Rates and utilizations are typed as percentages ("25" or "25%" is
//! 0.25); counts and money may carry thousands separators and a currency
//! symbol. A range is typed "low to high" (a 90% interval, MODEL.md section 7),
//! with "lognormal" after it for a lognormal one.

use crate::engine::{Dist, Num};

/// What a field holds, which decides how it is typed and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// Users, limits, quantities: "12,500".
    Count,
    /// Factors and other plain decimals: "0.15".
    Decimal,
    /// A fraction typed and shown as a percentage: "25" means 0.25.
    Percent,
    /// An amount of the plan's currency: "$1,240.50" or "1240.5".
    Money,
}

/// Reads a required number field.
pub fn parse(text: &str, kind: NumberKind) -> Result<Num, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("enter {}", example(kind)));
    }
    // The words in any case ("10 TO 30 Lognormal"): ASCII lower case
    // keeps every byte's place, so the text splits where its copy does.
    let lower = t.to_ascii_lowercase();
    let (body, dist) = match lower.strip_suffix("lognormal") {
        Some(rest) => (t[..rest.len()].trim_end(), Dist::Lognormal),
        None => (t, Dist::Normal),
    };
    let to = lower[..body.len()].find(" to ");
    let range = to.map(|i| (&body[..i], &body[i + 4..]));
    if let Some((low, high)) = range.or_else(|| split_dash(body)) {
        let (low, high) = (scalar(low, kind)?, scalar(high, kind)?);
        return Ok(Num::Range { low, high, dist });
    }
    if dist == Dist::Lognormal {
        return Err("\"lognormal\" goes after a range, e.g. 10 to 30 lognormal".to_string());
    }
    scalar(body, kind).map(Num::Fixed)
}

/// Reads an optional number field: empty means none.
pub fn parse_optional(text: &str, kind: NumberKind) -> Result<Option<Num>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(text, kind).map(Some)
    }
}

/// Reads a month number: a whole number from 1 up (every month a plan names,
/// the horizon, a segment's ends and a table's points, is month 1 or later;
/// month 0 is now), empty not allowed.
pub fn parse_month(text: &str) -> Result<u32, String> {
    let t = text.trim();
    let bad = || format!("enter a whole number of months, 1 or more, got \"{t}\"");
    if !commas_group_thousands(t) {
        return Err(bad());
    }
    match t.replace(',', "").parse::<u32>() {
        Ok(m) if m >= 1 => Ok(m),
        _ => Err(bad()),
    }
}

/// Why a seed's text does not read: too large (a seed is a 64-bit
/// number), or no whole number from 0 up at all.
pub fn seed_fault(text: &str) -> String {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        format!("\"{text}\" is more than the largest seed, {}", u64::MAX)
    } else {
        format!("\"{text}\" is not a whole number from 0 up")
    }
}

/// Reads the month of an actual: a whole number, negative for history
/// before month 0, or (as a paste takes) a date such as 2026-07 counted
/// from the plan's `start`.
pub fn parse_actual_month(
    text: &str,
    start: Option<crate::engine::calendar::CalendarMonth>,
) -> Result<i32, String> {
    let t = text.trim();
    if let Ok(m) = t.parse::<i32>() {
        return Ok(m);
    }
    match (crate::engine::calendar::CalendarMonth::parse(t), start) {
        (Ok(date), Some(s)) => Ok(s.until(date)),
        (Ok(_), None) => Err(format!(
            "\"{t}\" is a date: set the plan's Start month first, or enter a month number (0 is now, -1 the month before)"
        )),
        (Err(_), _) => Err(format!(
            "enter a whole number of months (0 is now, -1 the month before) or a date such as 2026-07, got \"{t}\""
        )),
    }
}

/// Why an observed count such as "1.500" is not read: 1,500 written the
/// European way is far more likely than one and a half users, so ask
/// rather than read it as 1.5. None for anything else.
pub fn thousands_point(text: &str, kind: NumberKind) -> Option<String> {
    let t = text.trim();
    let one_point = t.matches('.').count() == 1 && !t.contains(',');
    (kind == NumberKind::Count && one_point && points_group_thousands(t)).then(|| {
        let whole = t.replace('.', "");
        format!(
            "\"{t}\" would read as {}, as a point marks decimals; write {} or {whole} if thousands are meant",
            t.trim_end_matches('0').trim_end_matches('.'),
            super::numbers::group_digits(&whole),
        )
    })
}

/// Reads an observed figure (users, cost): one number >= 0, or none when
/// empty.
pub fn parse_observed(text: &str, kind: NumberKind) -> Result<Option<f64>, String> {
    if let Some(why) = thousands_point(text, kind) {
        return Err(why);
    }
    match parse_optional(text, kind)? {
        None => Ok(None),
        Some(Num::Fixed(v)) if v >= 0.0 => Ok(Some(v)),
        Some(Num::Fixed(v)) => Err(format!("must not be negative, got {v}")),
        Some(Num::Range { .. }) => Err("an actual is one observed number, not a range".into()),
    }
}

/// Reads the plan's start: "YYYY-MM", or none when empty.
pub fn parse_start(text: &str) -> Result<Option<crate::engine::calendar::CalendarMonth>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    crate::engine::calendar::CalendarMonth::parse(t).map(Some)
}

/// True when every comma in `t` (a number, with an optional sign) groups
/// thousands: a first group of 1 to 3 digits, then groups of exactly 3, all
/// before the decimal point and exponent ("1,234,567.5", "-1,000").
fn commas_group_thousands(t: &str) -> bool {
    if !t.contains(',') {
        return true;
    }
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    let end = unsigned.find(['.', 'e', 'E']).unwrap_or(unsigned.len());
    let (whole, rest) = unsigned.split_at(end);
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    !rest.contains(',')
        && (1..=3).contains(&first.len())
        && digits(first)
        && groups.all(|g| g.len() == 3 && digits(g))
}

/// True when `whole` (after any sign or currency) is digits grouped in
/// threes by points: "1.234", "12.000.000".
pub(crate) fn points_group_thousands(whole: &str) -> bool {
    let start = whole
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(whole.len());
    let mut groups = whole[start..].split('.');
    let first = groups.next().unwrap_or_default();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && first.len() <= 3
        && digits(first)
        && rest.iter().all(|g| g.len() == 3 && digits(g))
}

/// True when `t` is written the European way, points grouping thousands and
/// one decimal comma after them ("1.234,5", "$12.000,00").
fn european(t: &str) -> bool {
    t.split_once(',').is_some_and(|(whole, decimals)| {
        points_group_thousands(whole)
            && decimals.starts_with(|c: char| c.is_ascii_digit())
            && !decimals.contains([',', '.'])
    })
}

/// What to say about a comma that does not group thousands ("0,15" for 0.15,
/// "1.234,5" for 1,234.5).
fn comma_message(typed: &str) -> String {
    // European writing swaps the two marks; a lone comma becomes a point.
    let example: Option<String> = if european(typed) {
        let swap = |c| match c {
            '.' => ',',
            ',' => '.',
            c => c,
        };
        Some(typed.chars().map(swap).collect())
    } else {
        (typed.matches(',').count() == 1).then(|| typed.replace(',', "."))
    };
    if let Some(example) = example {
        format!("\"{typed}\": use a point for decimals: {example}; commas only group thousands, as in 1,234,567")
    } else {
        format!("\"{typed}\": commas only group thousands, as in 1,234,567; use a point for decimals, as in 0.15")
    }
}

/// "0.18-0.25" or "18%–25%": a dash right after a digit or % joins the two
/// ends of a range (a leading minus, or one after an exponent, does not).
fn split_dash(text: &str) -> Option<(&str, &str)> {
    let mut prev = None;
    for (i, c) in text.char_indices() {
        if (c == '-' || c == '–') && prev.is_some_and(|p: char| p.is_ascii_digit() || p == '%') {
            return Some((&text[..i], &text[i + c.len_utf8()..]));
        }
        if !c.is_whitespace() {
            prev = Some(c);
        }
    }
    None
}

fn example(kind: NumberKind) -> &'static str {
    match kind {
        NumberKind::Count => "a number, e.g. 12,500",
        NumberKind::Decimal => "a number, e.g. 0.15",
        NumberKind::Percent => "a percentage, e.g. 25%",
        NumberKind::Money => "an amount, e.g. 1,240.50",
    }
}

fn scalar(text: &str, kind: NumberKind) -> Result<f64, String> {
    let mut t = text.trim();
    if kind == NumberKind::Percent {
        t = t.strip_suffix('%').unwrap_or(t).trim_end();
    }
    if kind == NumberKind::Money {
        t = t.trim_start_matches(['$', '€', '£', '¥']).trim_start();
    }
    let bad = || format!("\"{}\" is not {}", text.trim(), example(kind));
    // A stray sign or unit ("$1,500" for users, "1,500 USD") is the fault,
    // not the comma: say what the field takes.
    let numeric = |c: char| c.is_ascii_digit() || ",._eE+-".contains(c);
    if t.contains(',') && !t.chars().all(numeric) {
        return Err(bad());
    }
    if !commas_group_thousands(t) {
        return Err(comma_message(text.trim()));
    }
    let digits: String = t.chars().filter(|&c| c != ',' && c != '_').collect();
    if t.matches('.').count() > 1 && points_group_thousands(t) {
        let example = text.trim().replace('.', ",");
        return Err(format!(
            "\"{}\": a point marks decimals; group thousands with commas: {example}",
            text.trim()
        ));
    }
    // Rust's f64 parser also takes "inf" and "NaN"; a plan never should.
    if digits.is_empty()
        || digits
            .chars()
            .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
    {
        return Err(bad());
    }
    let v: f64 = digits.parse().map_err(|_| bad())?;
    if !v.is_finite() {
        return Err(bad());
    }
    // + 0.0: "-0" is 0, never shown or printed as "-0".
    Ok(if kind == NumberKind::Percent {
        v / 100.0
    } else {
        v
    } + 0.0)
}

/// How a field shows a number (the inverse of [`parse`]).
pub fn show(n: &Num, kind: NumberKind) -> String {
    match *n {
        Num::Fixed(v) => show_scalar(v, kind),
        Num::Range { low, high, dist } => {
            let text = format!("{} to {}", show_scalar(low, kind), show_scalar(high, kind));
            match dist {
                Dist::Normal => text,
                Dist::Lognormal => format!("{text} lognormal"),
            }
        }
    }
}

pub fn show_optional(n: &Option<Num>, kind: NumberKind) -> String {
    n.as_ref().map_or_else(String::new, |n| show(n, kind))
}

fn show_scalar(v: f64, kind: NumberKind) -> String {
    match kind {
        // Nine decimals hide binary noise (0.07 * 100 = 7.000000000000001).
        NumberKind::Percent => shortest((v * 100.0 * 1e9).round() / 1e9),
        NumberKind::Decimal => shortest(v),
        NumberKind::Count | NumberKind::Money => grouped(&shortest(v)),
    }
}

fn shortest(v: f64) -> String {
    // From 10^15 up in exponent form ("1e200"), as messages echo it, not
    // as hundreds of digits; it reads back to the same number.
    if v.is_finite() && v.abs() >= 1e15 {
        return format!("{v:e}");
    }
    let s = format!("{v}");
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// "26258.72" gives "26,258.72" (only the whole part is grouped).
fn grouped(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
    if int.len() > 15 || int.chars().any(|c| !c.is_ascii_digit()) {
        return s.to_string();
    }
    format!("{sign}{}{frac}", super::numbers::group_digits(int))
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberKind::*;

    #[test]
    fn a_seed_too_large_is_told_the_largest() {
        let too_large = (u64::MAX as u128 + 1).to_string();
        assert!(too_large.parse::<u64>().is_err());
        assert_eq!(
            seed_fault(&too_large),
            "\"18446744073709551616\" is more than the largest seed, 18446744073709551615"
        );
        for text in ["-1", "1e3", "abc", "1.5"] {
            assert!(
                seed_fault(text).ends_with("is not a whole number from 0 up"),
                "{text}"
            );
        }
    }

    #[test]
    fn huge_numbers_show_in_exponent_form_and_read_back() {
        for (v, kind, text) in [
            (1e200, Money, "1e200"),
            (-2.5e300, Count, "-2.5e300"),
            (1e15, Decimal, "1e15"),
            (999_999_999_999_999.0, Count, "999,999,999,999,999"),
        ] {
            assert_eq!(show(&Num::Fixed(v), kind), text);
            assert_eq!(parse(text, kind), Ok(Num::Fixed(v)), "{text}");
        }
    }

    #[test]
    fn reads_what_people_type() {
        assert_eq!(parse("12,500", Count), Ok(Num::Fixed(12500.0)));
        assert_eq!(parse(" 25% ", Percent), Ok(Num::Fixed(0.25)));
        assert_eq!(parse("7.5", Percent), Ok(Num::Fixed(0.075)));
        assert_eq!(parse("$1,240.50", Money), Ok(Num::Fixed(1240.5)));
        assert_eq!(parse("0.15", Decimal), Ok(Num::Fixed(0.15)));
        assert_eq!(parse("-5", Money), Ok(Num::Fixed(-5.0)));
        assert_eq!(parse("1e3", Count), Ok(Num::Fixed(1000.0)));
        assert_eq!(
            parse("10 to 30%", Percent),
            Ok(Num::Range {
                low: 0.1,
                high: 0.3,
                dist: Dist::Normal
            })
        );
        assert_eq!(
            parse("18% to 25%", Percent),
            Ok(Num::Range {
                low: 0.18,
                high: 0.25,
                dist: Dist::Normal
            })
        );
        assert_eq!(
            parse("0.18-0.25", Decimal),
            Ok(Num::Range {
                low: 0.18,
                high: 0.25,
                dist: Dist::Normal
            })
        );
        assert_eq!(
            parse("400 – 600", Count),
            Ok(Num::Range {
                low: 400.0,
                high: 600.0,
                dist: Dist::Normal
            })
        );
        assert_eq!(parse("1e-3", Decimal), Ok(Num::Fixed(0.001)));
        assert_eq!(
            parse("-0.2 - -0.1", Decimal),
            Ok(Num::Range {
                low: -0.2,
                high: -0.1,
                dist: Dist::Normal
            })
        );
        assert_eq!(
            parse("100 TO 400 LogNormal", Count),
            parse("100 to 400 lognormal", Count)
        );
        assert_eq!(
            parse("100 to 400 lognormal", Count),
            Ok(Num::Range {
                low: 100.0,
                high: 400.0,
                dist: Dist::Lognormal
            })
        );
    }

    #[test]
    fn names_what_is_wrong() {
        assert_eq!(
            parse("", Count),
            Err("enter a number, e.g. 12,500".to_string())
        );
        assert_eq!(
            parse("abc", Percent),
            Err("\"abc\" is not a percentage, e.g. 25%".to_string())
        );
        assert!(parse("inf", Count).is_err());
        assert!(parse("NaN", Decimal).is_err());
        assert!(parse("1e999", Count).is_err());
        assert!(parse("12 users", Count).is_err());
        assert!(parse("5 lognormal", Count).is_err());
        assert_eq!(parse_optional("  ", Money), Ok(None));
        assert_eq!(parse_month("12"), Ok(12));
        assert!(parse_month("1.5").is_err());
        assert!(parse_month("-1").is_err());
    }

    #[test]
    fn commas_group_thousands_only() {
        assert_eq!(parse("1,234,567", Count), Ok(Num::Fixed(1_234_567.0)));
        assert_eq!(parse("$1,240.50", Money), Ok(Num::Fixed(1240.5)));
        assert_eq!(parse("-1,000", Money), Ok(Num::Fixed(-1000.0)));
        assert_eq!(parse("999", Count), Ok(Num::Fixed(999.0)));
        assert_eq!(parse("12,000.5", Decimal), Ok(Num::Fixed(12000.5)));
        // 1,000% is ten times the base.
        assert_eq!(parse("1,000%", Percent), Ok(Num::Fixed(10.0)));
        assert_eq!(
            parse("1,000 to 2,000", Count),
            Ok(Num::Range {
                low: 1000.0,
                high: 2000.0,
                dist: Dist::Normal
            })
        );
        assert_eq!(
            parse("1,000-2,500 lognormal", Money),
            Ok(Num::Range {
                low: 1000.0,
                high: 2500.0,
                dist: Dist::Lognormal
            })
        );
        for (typed, kind) in [
            ("0,15", Decimal),
            ("1,2,3", Count),
            ("12,34", Count),
            ("1,2345", Count),
            (",5", Decimal),
            ("1234,567", Count),
            ("1,000.5,5", Decimal),
            ("1,,000", Count),
            ("1,000,", Count),
            ("12,5%", Percent),
            ("$0,99", Money),
        ] {
            let e = parse(typed, kind).expect_err(typed);
            assert!(
                e.contains("use a point for decimals")
                    && e.contains("commas only group thousands, as in 1,234,567"),
                "{typed}: {e}"
            );
        }
        assert_eq!(
            parse("0,15", Decimal),
            Err("\"0,15\": use a point for decimals: 0.15; commas only group thousands, as in 1,234,567".to_string())
        );
        assert!(parse("12,5%", Percent).unwrap_err().contains(": 12.5%;"));
        // European writing: points group thousands, the comma marks decimals.
        for (typed, kind, example) in [
            ("1.234,5", Count, ": 1,234.5;"),
            ("1.234.567,89", Decimal, ": 1,234,567.89;"),
            ("€12.000,00", Money, ": €12,000.00;"),
            ("-1.000,5", Decimal, ": -1,000.5;"),
        ] {
            let e = parse(typed, kind).unwrap_err();
            assert!(e.contains(example), "{typed}: {e}");
        }
        assert_eq!(
            parse("1.234.567", Count),
            Err(
                "\"1.234.567\": a point marks decimals; group thousands with commas: 1,234,567"
                    .into()
            )
        );
        // An observed count written with a thousands point is asked about.
        assert_eq!(
            parse_observed("1.500", Count),
            Err("\"1.500\" would read as 1.5, as a point marks decimals; write 1,500 or 1500 if thousands are meant".into())
        );
        assert_eq!(parse_observed("1.5", Count), Ok(Some(1.5)));
        assert_eq!(parse_observed("1.500", Money), Ok(Some(1.5)));
        // A stray sign or unit is the fault, not the comma.
        assert_eq!(
            parse("$1,500", Count),
            Err("\"$1,500\" is not a number, e.g. 12,500".into())
        );
        assert_eq!(
            parse("1,500 USD", Money),
            Err("\"1,500 USD\" is not an amount, e.g. 1,240.50".into())
        );
        // Not European: points that do not group thousands keep the plain advice.
        let e = parse("12.34,5", Decimal).unwrap_err();
        assert!(e.contains(": 12.34.5;"), "{e}");
        // In a range, the end that is wrong is named.
        let e = parse("0,15 to 0,25", Decimal).unwrap_err();
        assert!(e.starts_with("\"0,15\": use a point"), "{e}");
        let e = parse("1,000 to 2,00", Count).unwrap_err();
        assert!(e.starts_with("\"2,00\": use a point"), "{e}");
        assert!(parse("10,5 to 20%", Percent).is_err());
        // Months: "1,2" is not 12.
        assert!(parse_month("1,2").is_err());
        assert_eq!(parse_month("1,200"), Ok(1200));
    }

    #[test]
    fn an_actual_month_is_a_number_or_a_date_from_the_start() {
        let start = crate::engine::calendar::CalendarMonth::parse("2026-11").ok();
        assert_eq!(parse_actual_month(" -3 ", None), Ok(-3));
        assert_eq!(parse_actual_month("2026-07", start), Ok(-4));
        assert_eq!(parse_actual_month("2027-01", start), Ok(2));
        assert!(parse_actual_month("2026-07", None)
            .unwrap_err()
            .contains("set the plan's Start month"));
        assert!(parse_actual_month("July", start)
            .unwrap_err()
            .contains("a date such as 2026-07"));
    }

    #[test]
    fn a_month_is_1_or_more_and_the_message_says_so() {
        // MODEL.md: the horizon is 1 to 120 months; segment and table months
        // are 1 or later (month 0 is now). The field's message names that rule.
        for typed in ["0", "-1", "abc", ""] {
            let e = parse_month(typed).unwrap_err();
            assert!(e.contains("1 or more"), "{typed}: {e}");
            assert!(!e.contains("0 or more"), "{typed}: {e}");
        }
        assert_eq!(parse_month(" 1 "), Ok(1));
        assert_eq!(parse_month("120"), Ok(120));
    }

    #[test]
    fn shows_numbers_as_typed() {
        assert_eq!(show(&Num::Fixed(26258.72), Money), "26,258.72");
        assert_eq!(show(&Num::Fixed(0.07), Percent), "7");
        assert_eq!(show(&Num::Fixed(0.155), Percent), "15.5");
        assert_eq!(show(&Num::Fixed(1_000_000.0), Count), "1,000,000");
        assert_eq!(show(&Num::Fixed(-1500.0), Count), "-1,500");
        assert_eq!(show(&Num::Fixed(0.15), Decimal), "0.15");
        assert_eq!(
            show(
                &Num::Range {
                    low: 0.1,
                    high: 0.3,
                    dist: Dist::Lognormal
                },
                Percent
            ),
            "10 to 30 lognormal"
        );
    }
}
