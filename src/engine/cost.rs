//! Component quantities and costs for a month (MODEL.md sections 4 and 5).

use super::day;
use super::forecast::ComponentMonth;
use super::metrics::value_of;
use super::model::{ComponentModel, QuantityModel};

/// Quantity, cost and max-out flag of one component at month `m`.
pub fn component_month(
    c: &ComponentModel,
    users: &[f64],
    metrics: &[Vec<f64>],
    m: usize,
) -> ComponentMonth {
    if let Some((source, b, s)) = day::autoscaled(&c.quantity) {
        let value = value_of(source, users, metrics, m);
        let mut figures = day::day(value, &b, s, None);
        // Against the static peak: the peak replicas all day.
        figures.saving = (figures.peak_replicas - figures.average_replicas) * c.effective_unit_cost;
        let quantity = figures.average_replicas;
        return ComponentMonth {
            quantity,
            cost: quantity * c.effective_unit_cost,
            // Section 4's over-capacity rule stays on the busiest minute.
            at_max: sized(value, b.per, b.min, b.max).1,
            day: Some(figures),
        };
    }
    let (quantity, at_max) = match c.quantity {
        QuantityModel::Fixed(q) => (q, false),
        // A metric may go negative (a base below zero models a free allowance);
        // a usage quantity never does.
        QuantityModel::Usage { source, factor } => (
            (factor * value_of(source, users, metrics, m)).max(0.0),
            false,
        ),
        QuantityModel::Sized {
            source,
            per,
            min,
            max,
            ..
        } => sized(value_of(source, users, metrics, m), per, min, max),
    };
    ComponentMonth {
        quantity,
        cost: quantity * c.effective_unit_cost,
        at_max,
        day: None,
    }
}

/// Cost and max-out flag of one component at month `m`, as
/// [`component_month`] gives them, without a day's other figures (a
/// simulation path needs only the average replicas).
pub fn component_cost(
    c: &ComponentModel,
    users: &[f64],
    metrics: &[Vec<f64>],
    m: usize,
) -> (f64, bool) {
    match day::autoscaled(&c.quantity) {
        Some((source, b, s)) => {
            let value = value_of(source, users, metrics, m);
            let quantity = day::average_replicas(value, &b, s);
            (
                quantity * c.effective_unit_cost,
                sized(value, b.per, b.min, b.max).1,
            )
        }
        None => {
            let cm = component_month(c, users, metrics, m);
            (cm.cost, cm.at_max)
        }
    }
}

/// clamp(ceil(value / per), min, max), and whether ceil(value / per) > max.
pub(crate) fn sized(value: f64, per: f64, min: f64, max: Option<f64>) -> (f64, bool) {
    let needed = ceil_tolerant(value / per);
    let over = max.is_some_and(|mx| needed > mx);
    let mut q = needed.max(min);
    if let Some(mx) = max {
        q = q.min(mx);
    }
    (q, over)
}

/// Ceiling that ignores floating-point noise: 0.15 * 20000 / 1000 is
/// 3.0000000000000004 in binary, and a planner expects 3 nodes, not 4.
pub(crate) fn ceil_tolerant(x: f64) -> f64 {
    // Ties to even: one wasm instruction (plain `round` is a call there), and
    // a tie is a half, never within the tolerance, so it gives the same.
    let r = x.round_ties_even();
    if (x - r).abs() <= 1e-9 * x.abs().max(1.0) {
        r
    } else {
        x.ceil()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sized_rounds_up_and_clamps() {
        assert_eq!(sized(2001.0, 1000.0, 0.0, None), (3.0, false));
        assert_eq!(sized(0.0, 1000.0, 2.0, None), (2.0, false));
        assert_eq!(sized(9500.0, 1000.0, 0.0, Some(8.0)), (8.0, true));
        assert_eq!(sized(8000.0, 1000.0, 0.0, Some(8.0)), (8.0, false));
        assert_eq!(sized(0.15 * 20000.0, 1000.0, 0.0, None), (3.0, false));
    }
}
