//! The five percentiles a simulation reports (P5, P10, P50, P90, P95),
//! linear between ranks, as in numpy's default.

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Percentiles {
    pub p5: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub p95: f64,
}

const AT: [f64; 5] = [0.05, 0.10, 0.50, 0.90, 0.95];

/// The rank below fraction `p` of `n` values, and how far to the next.
fn rank(p: f64, n: usize) -> (usize, f64) {
    let x = p * (n - 1) as f64;
    (x.floor() as usize, x - x.floor())
}

impl Percentiles {
    fn from_fn(mut at: impl FnMut(f64) -> f64) -> Percentiles {
        let [p5, p10, p50, p90, p95] = AT.map(&mut at);
        Percentiles {
            p5,
            p10,
            p50,
            p90,
            p95,
        }
    }

    /// Percentiles of ascending `sorted` values.
    pub fn of(sorted: &[f64]) -> Percentiles {
        Percentiles::from_fn(|p| {
            if sorted.is_empty() {
                return f64::NAN;
            }
            let (i, frac) = rank(p, sorted.len());
            let next = sorted[(i + 1).min(sorted.len() - 1)];
            sorted[i] + (next - sorted[i]) * frac
        })
    }

    /// The same figures from unsorted values, by selection in linear time.
    pub fn select(v: &[f64]) -> Percentiles {
        Percentiles::select_with(v, &mut Vec::new())
    }

    /// [`Percentiles::select`] with a scratch buffer reused across calls.
    /// Values are selected as integer keys in `f64::total_cmp` order: one
    /// integer comparison each, not a float-to-order conversion per compare.
    pub fn select_with(v: &[f64], keys: &mut Vec<i64>) -> Percentiles {
        let n = v.len();
        if n == 0 {
            return Percentiles::from_fn(|_| f64::NAN);
        }
        keys.clear();
        keys.extend(v.iter().map(|x| order_key(*x)));
        let mut ranks = Vec::with_capacity(2 * AT.len());
        for p in AT {
            let (i, _) = rank(p, n);
            ranks.extend([i, (i + 1).min(n - 1)]);
        }
        ranks.sort_unstable();
        ranks.dedup();
        place(keys, 0, &ranks);
        let at = |i: usize| from_order_key(keys[i]);
        Percentiles::from_fn(|p| {
            let (i, frac) = rank(p, n);
            let (a, b) = (at(i), at((i + 1).min(n - 1)));
            a + (b - a) * frac
        })
    }
}

/// The P10 and P90 alone (as [`Percentiles::select_with`] gives them), for
/// callers that need only the band: four ranks selected, not ten.
pub fn p10_p90(v: &[f64], keys: &mut Vec<i64>) -> (f64, f64) {
    let n = v.len();
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    keys.clear();
    keys.extend(v.iter().map(|x| order_key(*x)));
    let (lo, hi) = (rank(0.10, n), rank(0.90, n));
    let mut ranks = vec![lo.0, (lo.0 + 1).min(n - 1), hi.0, (hi.0 + 1).min(n - 1)];
    ranks.dedup();
    place(keys, 0, &ranks);
    let at = |(i, frac): (usize, f64)| {
        let (a, b) = (
            from_order_key(keys[i]),
            from_order_key(keys[(i + 1).min(n - 1)]),
        );
        a + (b - a) * frac
    };
    (at(lo), at(hi))
}

/// An integer whose order is `f64::total_cmp`'s (the transform it uses).
pub(crate) fn order_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

pub(crate) fn from_order_key(k: i64) -> f64 {
    f64::from_bits((k ^ ((((k >> 63) as u64) >> 1) as i64)) as u64)
}

/// Reorders `v` (which starts at rank `offset` of the whole) so that each of
/// the ascending `ranks` holds the value of that rank: select the middle
/// rank, then the ranks below it on the left, those above on the right.
fn place(v: &mut [i64], offset: usize, ranks: &[usize]) {
    if ranks.is_empty() || v.len() < 2 {
        return;
    }
    let mid = ranks.len() / 2;
    let r = ranks[mid];
    let (left, _, right) = v.select_nth_unstable(r - offset);
    place(left, offset, &ranks[..mid]);
    place(right, r + 1, &ranks[mid + 1..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The band alone equals the band of all five, for every size from 1
    /// (ties and negative numbers included).
    #[test]
    fn p10_p90_are_those_of_the_five() {
        let mut keys = Vec::new();
        for n in 1..200usize {
            let v: Vec<f64> = (0..n)
                .map(|i| ((i * 7919) % 101) as f64 - 50.0 + (i % 3) as f64 * 0.25)
                .collect();
            let all = Percentiles::select(&v);
            assert_eq!(p10_p90(&v, &mut keys), (all.p10, all.p90), "n = {n}");
        }
    }
}
