//! Growth fitted from a plan's history (`headroom fit`, MODEL.md section
//! 11) as JSON and as a table. JSON keeps every number to the last bit.

use crate::engine::actuals::{Accuracy, Backtest, CompoundFit, LogisticFit};
use crate::formats::numbers::{percent, quantity};
use serde_json::{json, Value};

/// What `headroom fit` reports: the fits of `points` months of history and
/// the backtest (none when the history is too short for it).
pub struct Fits {
    pub points: usize,
    pub compound: CompoundFit,
    pub logistic: Result<LogisticFit, String>,
    pub backtest: Result<Backtest, String>,
}

fn accuracy(a: &Accuracy, months: bool) -> Value {
    let mut v = json!({"mape": a.mape, "coverage": a.coverage});
    if months {
        v["months"] = serde_json::to_value(&a.months).unwrap_or_default();
    }
    v
}

/// `{"points", "compound", "logistic" | null, "backtest" | null}`.
pub fn json(f: &Fits) -> Value {
    let c = &f.compound;
    json!({
        "points": f.points,
        "compound": {
            "rate": c.rate, "rate_low": c.rate_low, "rate_high": c.rate_high,
            "initial_users": c.initial_users, "r_squared": c.r_squared,
            "residual_sd": c.residual_sd,
        },
        "logistic": f.logistic.as_ref().ok().map(|l| json!({
            "rate": l.rate, "capacity": l.capacity,
            "initial_users": l.initial_users, "r_squared": l.r_squared,
        })),
        "backtest": f.backtest.as_ref().ok().map(|b| json!({
            "holdout": b.holdout,
            "compound": accuracy(&b.compound, true),
            "logistic": b.logistic.as_ref().map(|l| accuracy(l, false)),
        })),
    })
}

fn rate(r: f64) -> String {
    percent(r)
}

/// The fits and the backtest as lines to read.
pub fn table(f: &Fits) -> String {
    let c = &f.compound;
    let mut out = format!(
        "History: {} months of users up to month 0\n\nCompound: {} a month (90% range {} to {}), month-0 users {}, R^2 {:.3} (in ln users)\n",
        f.points,
        rate(c.rate),
        rate(c.rate_low),
        rate(c.rate_high),
        quantity(c.initial_users.round()),
        c.r_squared
    );
    out += &match &f.logistic {
        Ok(l) => format!(
            "Logistic: rate {:.4}, ceiling {} users, month-0 users {}, R^2 {:.3}\n",
            l.rate,
            quantity(l.capacity.round()),
            quantity(l.initial_users.round()),
            l.r_squared
        ),
        Err(why) => format!("Logistic: {why}\n"),
    };
    out += &match &f.backtest {
        Ok(b) => backtest_table(b),
        Err(why) => format!("\nBacktest: {why}\n"),
    };
    out
}

fn backtest_table(b: &Backtest) -> String {
    let cover = |a: &Accuracy| {
        a.coverage.map_or("no interval".into(), |c| {
            format!("{} inside the 90% interval", percent(c))
        })
    };
    let held = match b.holdout {
        1 => "month".to_string(),
        k => format!("{k} months"),
    };
    let mut out = format!(
        "\nBacktest, last {held} held out:\n  Compound: mean absolute error {}, {}\n",
        percent(b.compound.mape),
        cover(&b.compound)
    );
    for h in &b.compound.months {
        out += &format!(
            "    month {:>4}: actual {:>12}, forecast {:>12} ({} to {})\n",
            h.month,
            quantity(h.actual.round()),
            quantity(h.forecast.round()),
            quantity(h.low.round()),
            quantity(h.high.round())
        );
    }
    out += &match &b.logistic {
        Some(l) => format!(
            "  Logistic: mean absolute error {}, {}\n",
            percent(l.mape),
            cover(l)
        ),
        None => "  Logistic: no fit on the earlier months\n".into(),
    };
    out
}
