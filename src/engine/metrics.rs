//! Metric values per month (MODEL.md section 3).

use super::model::{MetricModel, Source};

/// `values[i][m]` is metric i at month m, for months 0..=horizon.
pub fn series(metrics: &[MetricModel], order: &[usize], users: &[f64]) -> Vec<Vec<f64>> {
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); metrics.len()];
    for &i in order {
        let m = &metrics[i];
        let from: &[f64] = match m.from {
            Source::Users => users,
            Source::Metric(j) => &values[j],
        };
        let v = if m.accumulate {
            accumulated(m, from)
        } else {
            from.iter().map(|x| m.base + m.factor * x).collect()
        };
        values[i] = v;
    }
    values
}

/// value(m) = base + sum over k = 1..m of factor * from(k); value(0) = base.
fn accumulated(m: &MetricModel, from: &[f64]) -> Vec<f64> {
    let mut total = m.base;
    let mut out = Vec::with_capacity(from.len());
    out.push(total);
    for x in from.iter().skip(1) {
        total += m.factor * x;
        out.push(total);
    }
    out
}

/// The value of a source at month `m`.
pub fn value_of(source: Source, users: &[f64], metrics: &[Vec<f64>], m: usize) -> f64 {
    match source {
        Source::Users => users[m],
        Source::Metric(i) => metrics[i][m],
    }
}
