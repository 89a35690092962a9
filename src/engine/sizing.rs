//! Which tier each month needs, and how full it is (MODEL.md section 4).

use super::metrics::value_of;
use super::model::{Model, TierModel};

/// Utilization of each limit of `tier` at month `m`: quantity / limit.
pub fn utilization(tier: &TierModel, users: &[f64], metrics: &[Vec<f64>], m: usize) -> Vec<f64> {
    tier.limits
        .iter()
        .map(|l| value_of(l.source, users, metrics, m) / l.value)
        .collect()
}

/// A tier fits when every limit's quantity is at most target * limit.
fn fits(tier: &TierModel, target: f64, users: &[f64], metrics: &[Vec<f64>], m: usize) -> bool {
    tier.limits
        .iter()
        .all(|l| !passes(value_of(l.source, users, metrics, m), target, l.value))
}

/// quantity > share * limit, ignoring floating-point noise: 50,000 users x 5%
/// x 1.2 is exactly a 3,000 limit to a planner, whatever the last bit says.
pub fn passes(quantity: f64, share: f64, limit: f64) -> bool {
    quantity > share * limit * (1.0 + 1e-9)
}

/// The tier for month `m` and whether it fits: the first tier that fits,
/// never below `previous` unless downgrades are allowed; the largest tier,
/// not fitting, when none does.
pub fn choose(
    model: &Model,
    users: &[f64],
    metrics: &[Vec<f64>],
    m: usize,
    previous: Option<usize>,
) -> (usize, bool) {
    let floor = if model.allow_downgrade {
        0
    } else {
        previous.unwrap_or(0)
    };
    let found = (floor..model.tiers.len())
        .find(|&t| fits(&model.tiers[t], model.target, users, metrics, m));
    match found {
        Some(t) => (t, true),
        None => (model.tiers.len() - 1, false),
    }
}

/// Index of the highest utilization (the first one on a tie).
pub fn bottleneck(utilization: &[f64]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, u) in utilization.iter().enumerate() {
        if best.is_none_or(|b| *u > utilization[b]) {
            best = Some(i);
        }
    }
    best
}
