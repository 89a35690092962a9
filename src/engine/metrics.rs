//! Metric values per month (MODEL.md section 3).

use super::model::{MetricModel, Source};

/// `values[i][m]` is metric i at month m, for months 0..=horizon.
pub fn series(metrics: &[MetricModel], order: &[usize], users: &[f64]) -> Vec<Vec<f64>> {
    let mut values = Vec::new();
    series_into(metrics, order, users, &mut values);
    values
}

/// [`series`] into reused buffers (a simulation's paths allocate nothing).
pub fn series_into(
    metrics: &[MetricModel],
    order: &[usize],
    users: &[f64],
    values: &mut Vec<Vec<f64>>,
) {
    values.resize_with(metrics.len(), Vec::new);
    for &i in order {
        let m = &metrics[i];
        // Take the row out so that its source row can be read meanwhile.
        let mut row = std::mem::take(&mut values[i]);
        row.clear();
        let from: &[f64] = match m.from {
            Source::Users => users,
            Source::Metric(j) => &values[j],
        };
        if m.accumulate {
            accumulated(m, from, &mut row);
        } else {
            row.extend(from.iter().map(|x| m.base + m.factor * x));
        }
        values[i] = row;
    }
}

/// value(m) = base + sum over k = 1..m of factor * from(k); value(0) = base.
fn accumulated(m: &MetricModel, from: &[f64], out: &mut Vec<f64>) {
    let mut total = m.base;
    out.push(total);
    for x in from.iter().skip(1) {
        total += m.factor * x;
        out.push(total);
    }
}

/// The value of a source at month `m`.
pub fn value_of(source: Source, users: &[f64], metrics: &[Vec<f64>], m: usize) -> f64 {
    match source {
        Source::Users => users[m],
        Source::Metric(i) => metrics[i][m],
    }
}
