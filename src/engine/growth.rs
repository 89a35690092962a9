//! Users per month for one scenario (MODEL.md section 2).

use super::model::GrowthModel;

/// Users for months 0..=horizon.
pub fn users(growth: &GrowthModel, initial: f64, horizon: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(horizon + 1);
    users_into(growth, initial, horizon, &mut out);
    out
}

/// [`users`] into a reused buffer (a simulation's paths allocate nothing).
pub fn users_into(growth: &GrowthModel, initial: f64, horizon: usize, out: &mut Vec<f64>) {
    out.clear();
    match growth {
        GrowthModel::Compound { net_rates } => compound(net_rates, initial, horizon, out),
        GrowthModel::Table { points } => {
            out.extend((0..=horizon).map(|m| table_at(points, initial, m as u32)))
        }
        GrowthModel::Logistic { rate, capacity } => {
            out.extend((0..=horizon).map(|m| logistic_at(*rate, *capacity, initial, m as f64)))
        }
    }
}

fn compound(net_rates: &[f64], initial: f64, horizon: usize, out: &mut Vec<f64>) {
    let mut u = initial;
    out.push(u);
    for rate in net_rates.iter().take(horizon) {
        u *= 1.0 + rate;
        out.push(u);
    }
}

/// users(m) = K / (1 + ((K - u0) / u0) * exp(-r * m)). Transcendentals come
/// from libm, not the platform, so the command line and the browser agree
/// to the last bit.
fn logistic_at(r: f64, k: f64, u0: f64, m: f64) -> f64 {
    k / (1.0 + ((k - u0) / u0) * libm::exp(-r * m))
}

/// Users at month `m` of a table: month 0 is `initial`, points are joined
/// geometrically (linearly when either end is 0), and the last interval's
/// monthly rate carries on after the last point.
fn table_at(points: &[(u32, f64)], initial: f64, m: u32) -> f64 {
    let mut prev = (0u32, initial);
    for &(pm, pu) in points {
        if m <= pm {
            return between(prev, (pm, pu), m);
        }
        prev = (pm, pu);
    }
    // Past the last point: extend the last interval.
    let last = prev;
    let before = if points.len() >= 2 {
        points[points.len() - 2]
    } else {
        (0, initial)
    };
    between(before, last, m)
}

/// Interpolates (or extrapolates) between two points at month `m`.
fn between(a: (u32, f64), b: (u32, f64), m: u32) -> f64 {
    let span = f64::from(b.0) - f64::from(a.0);
    if span <= 0.0 {
        return b.1;
    }
    let t = (f64::from(m) - f64::from(a.0)) / span;
    if a.1 <= 0.0 || b.1 <= 0.0 {
        (a.1 + (b.1 - a.1) * t).max(0.0)
    } else {
        a.1 * libm::pow(b.1 / a.1, t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_joins_points_geometrically_and_extends_the_last_rate() {
        let pts = vec![(2, 400.0), (4, 1600.0)];
        let u = users(&GrowthModel::Table { points: pts }, 100.0, 6);
        let want = [100.0, 200.0, 400.0, 800.0, 1600.0, 3200.0, 6400.0];
        for (got, want) in u.iter().zip(want) {
            assert!((got - want).abs() < 1e-9, "{u:?}");
        }
    }

    #[test]
    fn table_is_linear_when_an_end_is_zero() {
        let u = users(
            &GrowthModel::Table {
                points: vec![(4, 400.0)],
            },
            0.0,
            5,
        );
        assert_eq!(u, vec![0.0, 100.0, 200.0, 300.0, 400.0, 500.0]);
    }

    #[test]
    fn logistic_starts_at_initial_users_and_approaches_capacity() {
        let u = users(
            &GrowthModel::Logistic {
                rate: 0.5,
                capacity: 1000.0,
            },
            10.0,
            60,
        );
        assert!((u[0] - 10.0).abs() < 1e-9);
        assert!(u.windows(2).all(|w| w[1] > w[0]));
        assert!((u[60] - 1000.0).abs() < 1e-6);
        // Half capacity is reached at m = ln((K - u0) / u0) / r = ln(99) / 0.5 ~ 9.19.
        assert!(u[9] < 500.0 && u[10] > 500.0);
    }
}
