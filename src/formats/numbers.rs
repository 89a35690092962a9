//! How numbers are shown to people: thousands separators, money, percentages.

/// "1234567" gives "1,234,567": a comma before each group of three digits
/// from the right.
pub fn group_digits(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `1234567.891` with `decimals` 2 gives "1,234,567.89".
pub fn thousands(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v.abs() >= HUGE {
        return scientific(v);
    }
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match text.find('.') {
        Some(i) => (&text[..i], &text[i..]),
        None => (text.as_str(), ""),
    };
    let mut out = group_digits(int);
    out.push_str(frac);
    let negative = v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0');
    if negative {
        format!("-{out}")
    } else {
        out
    }
}

/// Money with the currency's symbol where it has a common one, else its code.
pub fn money(v: f64, currency: &str) -> String {
    let decimals = if v.abs() >= 1000.0 || v.fract() == 0.0 {
        0
    } else {
        2
    };
    signed(v, thousands(v.abs(), decimals), currency)
}

/// `amount` (the size of `v`, as shown) with `v`'s sign, unless it shows as
/// zero, and the currency's symbol or code.
fn signed(v: f64, amount: String, currency: &str) -> String {
    let sign = if v < 0.0 && amount.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match symbol(currency) {
        Some(s) => format!("{sign}{s}{amount}"),
        None => format!("{sign}{amount} {currency}"),
    }
}

/// Money per unit (per user, per capacity unit): as [`money`], but a
/// fraction of a cent keeps two significant figures ($0.00034, not $0.00).
pub fn money_per_unit(v: f64, currency: &str) -> String {
    if v == 0.0 || !v.is_finite() || v.abs() >= 0.01 {
        return money(v, currency);
    }
    let (mut decimals, mut scaled) = (2, v.abs() * 100.0);
    while scaled < 10.0 && decimals < 12 {
        (decimals, scaled) = (decimals + 1, scaled * 10.0);
    }
    signed(v, thousands(v.abs(), decimals), currency)
}

fn symbol(currency: &str) -> Option<&'static str> {
    match currency {
        "USD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "JPY" => Some("¥"),
        _ => None,
    }
}

/// Past this, digits stop helping: "5.2e22" reads better than 23 digits
/// (an extreme plan can reach 10^100).
const HUGE: f64 = 1e15;

/// `v` as a mantissa of up to 4 digits and a power of ten: "5.2e22".
fn scientific(v: f64) -> String {
    let text = format!("{v:.3e}");
    match text.split_once('e') {
        Some((m, e)) => {
            let m = m.trim_end_matches('0').trim_end_matches('.');
            format!("{m}e{e}")
        }
        None => text,
    }
}

/// 0.7312 gives "73.1%".
pub fn percent(v: f64) -> String {
    let p = v * 100.0;
    if p.abs() >= HUGE {
        return format!("{}%", scientific(p));
    }
    let text = format!("{p:.1}%");
    // -0.0001 rounds to "-0.0%": no sign on a zero.
    if text == "-0.0%" {
        "0.0%".into()
    } else {
        text
    }
}

/// A count or quantity: whole numbers without decimals, small ones with up to 2.
pub fn quantity(v: f64) -> String {
    if v.fract() == 0.0 || v.abs() >= 1000.0 {
        thousands(v, 0)
    } else {
        let s = thousands(v, 2);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A short axis label: 1,500 gives "1.5k", 2,000,000 gives "2M".
pub fn compact(v: f64) -> String {
    let a = v.abs();
    // Past a thousand trillion, a power of ten reads better than digits
    // (an extreme range can give axes of 10^100).
    if a >= 1e15 && a.is_finite() {
        let text = format!("{v:.1e}");
        return text.replacen(".0e", "e", 1);
    }
    let (x, unit) = if a >= 1e12 {
        (v / 1e12, "T")
    } else if a >= 1e9 {
        (v / 1e9, "B")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let text = format!("{x:.1}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{unit}")
}

/// Money for an axis: "$1.5k", "12k CHF".
pub fn compact_money(v: f64, currency: &str) -> String {
    match symbol(currency) {
        Some(s) if v < 0.0 => format!("-{s}{}", compact(-v)),
        Some(s) => format!("{s}{}", compact(v)),
        None => format!("{} {currency}", compact(v)),
    }
}

/// "1 month", "3 months": a count with its noun.
pub fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A number for a CSV cell: rounded to 12 significant figures, in its
/// shortest form, so a spreadsheet reads 26258.72, not the float noise of
/// 26258.719999999998 (12 figures keep every cent of a trillion).
pub fn csv_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    // Decimal formatting rounds exactly; parsing gives the nearest double.
    let rounded: f64 = format!("{v:.11e}").parse().unwrap_or(v);
    rounded.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fraction of a cent per user keeps two figures; a cent or more is
    /// plain money.
    #[test]
    fn money_per_unit_keeps_a_fraction_of_a_cent() {
        assert_eq!(money_per_unit(0.000_34, "USD"), "$0.00034");
        assert_eq!(money_per_unit(0.0051, "EUR"), "€0.0051");
        assert_eq!(money_per_unit(0.009_99, "USD"), "$0.0100");
        assert_eq!(money_per_unit(0.04, "USD"), money(0.04, "USD"));
        assert_eq!(money_per_unit(0.0, "USD"), money(0.0, "USD"));
        assert_eq!(money_per_unit(-0.000_5, "CHF"), "-0.00050 CHF");
    }

    #[test]
    fn csv_numbers_drop_float_noise() {
        assert_eq!(csv_number(54360.93600000002), "54360.936");
        assert_eq!(csv_number(26258.719999999998), "26258.72");
        assert_eq!(csv_number(101718091.35498786), "101718091.355");
        assert_eq!(csv_number(0.0), "0");
        assert_eq!(csv_number(f64::INFINITY), "inf");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0.0, 0), "0");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(1000.0, 0), "1,000");
        assert_eq!(thousands(1234567.891, 2), "1,234,567.89");
        assert_eq!(thousands(-26258.72, 2), "-26,258.72");
        assert_eq!(thousands(-0.001, 0), "0");
        assert_eq!(thousands(999_999_999_999_999.0, 0), "999,999,999,999,999");
        assert_eq!(thousands(5.2e22, 0), "5.2e22");
        assert_eq!(thousands(-1.23456e100, 2), "-1.235e100");
        assert_eq!(money(5e20, "USD"), "$5e20");
        assert_eq!(quantity(4.99999e101), "5e101");
        assert_eq!(percent(1e100), "1e102%");
        assert_eq!(percent(0.7312), "73.1%");
        assert_eq!(percent(-1e-17), "0.0%");
    }

    #[test]
    fn shows_money_and_percent() {
        assert_eq!(money(463.45, "USD"), "$463.45");
        assert_eq!(money(0.0, "USD"), "$0");
        assert_eq!(money(0.5, "USD"), "$0.50");
        assert_eq!(money(26258.72, "USD"), "$26,259");
        assert_eq!(money(1500.0, "CHF"), "1,500 CHF");
        assert_eq!(percent(0.7312), "73.1%");
        assert_eq!(percent(-1e-17), "0.0%");
        assert_eq!(quantity(2.5), "2.5");
        assert_eq!(quantity(12000.0), "12,000");
    }

    #[test]
    fn shortens_axis_labels() {
        assert_eq!(compact(0.0), "0");
        assert_eq!(compact(950.0), "950");
        assert_eq!(compact(1500.0), "1.5k");
        assert_eq!(compact(2_000_000.0), "2M");
        assert_eq!(compact(0.25), "0.2");
        assert_eq!(compact(999e12), "999T");
        assert_eq!(compact(1e15), "1e15");
        assert_eq!(compact(2.5e100), "2.5e100");
        assert_eq!(compact(-3e20), "-3e20");
        assert_eq!(compact_money(26258.72, "USD"), "$26.3k");
        assert_eq!(compact_money(1500.0, "CHF"), "1.5k CHF");
    }
}
