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
        let range = keys_of(v, keys);
        let mut ranks = Vec::with_capacity(2 * AT.len());
        for p in AT {
            let (i, _) = rank(p, n);
            ranks.extend([i, (i + 1).min(n - 1)]);
        }
        // Ten ranks: sorted by insertion (a sort call would bring a copy
        // of the standard sort of its own into the wasm).
        for i in 1..ranks.len() {
            let mut j = i;
            while j > 0 && ranks[j - 1] > ranks[j] {
                ranks.swap(j - 1, j);
                j -= 1;
            }
        }
        ranks.dedup();
        place_ranks(keys, range, &ranks);
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
    let range = keys_of(v, keys);
    let (lo, hi) = (rank(0.10, n), rank(0.90, n));
    let mut ranks = vec![lo.0, (lo.0 + 1).min(n - 1), hi.0, (hi.0 + 1).min(n - 1)];
    ranks.dedup();
    place_ranks(keys, range, &ranks);
    let at = |(i, frac): (usize, f64)| {
        let (a, b) = (
            from_order_key(keys[i]),
            from_order_key(keys[(i + 1).min(n - 1)]),
        );
        a + (b - a) * frac
    };
    (at(lo), at(hi))
}

/// The value of rank `k` (from 0) of `v` in `f64::total_cmp` order, as
/// sorting would place it; NaN when there is no such rank.
pub fn nth(v: &[f64], k: usize, keys: &mut Vec<i64>) -> f64 {
    if k >= v.len() {
        return f64::NAN;
    }
    let range = keys_of(v, keys);
    place_ranks(keys, range, &[k]);
    from_order_key(keys[k])
}

/// An integer whose order is `f64::total_cmp`'s (the transform it uses).
pub(crate) fn order_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

pub(crate) fn from_order_key(k: i64) -> f64 {
    f64::from_bits((k ^ ((((k >> 63) as u64) >> 1) as i64)) as u64)
}

/// Fills `keys` with the order keys of `v`; their smallest and largest.
fn keys_of(v: &[f64], keys: &mut Vec<i64>) -> (i64, i64) {
    keys.clear();
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    keys.extend(v.iter().map(|x| {
        let k = order_key(*x);
        (lo, hi) = (lo.min(k), hi.max(k));
        k
    }));
    (lo, hi)
}

/// Buckets of the histogram that narrows a selection down.
const BUCKETS: usize = 1 << 10;

/// Puts at each of the ascending, distinct `ranks` of `keys` the key of
/// that rank, as sorting would (other places hold any keys); `lo` and `hi`
/// are the smallest and largest keys. Two light passes (a count of keys
/// in 1,024 buckets of their range, then the keys of the few buckets
/// holding a wanted rank) leave only those keys to select
/// among, not every key once per rank. The buckets cut the integer keys'
/// range evenly, so they are finer where floats are (any cut in order
/// would do; ties and clusters only make the last selection larger).
fn place_ranks(keys: &mut [i64], (lo, hi): (i64, i64), ranks: &[usize]) {
    let n = keys.len();
    if n < 4 * BUCKETS || ranks.is_empty() {
        return place(keys, 0, ranks);
    }
    if lo == hi {
        return; // every key is the same: each is at its rank
    }
    let span = hi.wrapping_sub(lo) as u64;
    let shift = (u64::BITS - span.leading_zeros()).saturating_sub(BUCKETS.trailing_zeros());
    let bucket = |k: i64| (k.wrapping_sub(lo) as u64 >> shift) as usize;
    // Each bucket's count and its smallest and largest keys: a rank in a
    // bucket of one value (ties, common in costs) needs no selection.
    let mut counts = vec![(0usize, i64::MAX, i64::MIN); BUCKETS];
    for &k in keys.iter() {
        let c = &mut counts[bucket(k)];
        *c = (c.0 + 1, c.1.min(k), c.2.max(k));
    }
    // Each rank's bucket, and where the rank falls among the gathered keys
    // (those of the wanted buckets, in bucket order).
    let mut wanted = vec![false; BUCKETS];
    let mut known = Vec::new();
    let mut at = Vec::with_capacity(ranks.len());
    let (mut b, mut below, mut gathered_below) = (0, 0, 0);
    for &r in ranks.iter().filter(|&&r| r < n) {
        while below + counts[b].0 <= r {
            below += counts[b].0;
            gathered_below += if wanted[b] { counts[b].0 } else { 0 };
            b += 1;
        }
        if counts[b].1 == counts[b].2 {
            known.push((r, counts[b].1));
        } else {
            wanted[b] = true;
            at.push((r, gathered_below + r - below));
        }
    }
    if !at.is_empty() {
        let mut gathered: Vec<i64> = keys
            .iter()
            .copied()
            .filter(|&k| wanted[bucket(k)])
            .collect();
        let inner: Vec<usize> = at.iter().map(|&(_, i)| i).collect();
        place(&mut gathered, 0, &inner);
        known.extend(at.into_iter().map(|(r, i)| (r, gathered[i])));
    }
    for (r, k) in known {
        keys[r] = k;
    }
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

    /// The ranks a narrowed selection places are those of a sort, on
    /// spread, tied, clustered, signed and extreme values, at sizes on both
    /// sides of where the histogram starts.
    #[test]
    fn ranks_placed_are_those_of_a_sort() {
        use rand_core::{RngCore, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let mut unit = move || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        type Shape = fn(f64, usize) -> f64;
        let shapes: [(&str, Shape); 6] = [
            ("uniform", |u, _| u * 1e4),
            ("three values", |u, _| {
                [120.0, 450.0, 9_800.0][(u * 3.0) as usize]
            }),
            ("one value", |_, _| 7.5),
            ("spread over decades", |u, _| (u * 40.0 - 20.0).exp()),
            ("signed with zeros", |u, i| match i % 7 {
                0 => 0.0,
                1 => -0.0,
                _ => u - 0.5,
            }),
            ("a cluster and outliers", |u, i| match i % 997 {
                0 => f64::INFINITY,
                1 => -1e300,
                _ => 1e6 + u * 1e-6,
            }),
        ];
        for n in [4 * BUCKETS - 1, 4 * BUCKETS, 10_000, 33_333] {
            for (name, shape) in shapes {
                let v: Vec<f64> = (0..n).map(|i| shape(unit(), i)).collect();
                let mut sorted: Vec<i64> = v.iter().map(|x| order_key(*x)).collect();
                sorted.sort_unstable();
                let mut ranks: Vec<usize> = (0..12).map(|_| (unit() * n as f64) as usize).collect();
                ranks.extend([0, n - 1]);
                ranks.sort_unstable();
                ranks.dedup();
                let mut keys = Vec::new();
                let range = keys_of(&v, &mut keys);
                place_ranks(&mut keys, range, &ranks);
                for &r in &ranks {
                    assert_eq!(keys[r], sorted[r], "{name}, n = {n}, rank {r}");
                }
            }
        }
    }

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
