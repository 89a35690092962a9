//! Stable sorting through one compiled sort. Each `sort_by` closure (and
//! each `collect` into a `BTreeMap`, which sorts) is a copy of the
//! standard library's sort of its own in the wasm, 2 to 5 KB each; these
//! sort indices through one non-generic function instead, and then move
//! the items. For short lists outside the simulation's loops.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `v` by `cmp`, keeping equal items in their order (as
/// `slice::sort_by` does).
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// Sorts `v` by `key`, keeping equal items in their order (as
/// `slice::sort_by_key` does).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// A map of `items`, inserted one by one (a `collect` into a `BTreeMap`
/// sorts them first); a key given twice keeps its last value, as there.
pub fn map_of<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(items);
    map
}

/// The index of the item each place holds once sorted: the one sort.
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Puts `v[order[i]]` at place `i`, following each cycle of the
/// permutation with swaps (no item is cloned).
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..v.len() {
        let mut i = start;
        while order[i] != start && order[i] != i {
            let j = order[i];
            v.swap(i, j);
            order[i] = i;
            i = j;
        }
        order[i] = i;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        // Pairs sorted by their first half only: ties show stability.
        let mut seed = 7u64;
        for n in [0, 1, 2, 3, 5, 17, 64, 200] {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut std = v.clone();
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std, "{n} items");
            let mut down = v.clone();
            sort_by(&mut down, |a, b| b.0.cmp(&a.0));
            let mut std_down = v;
            std_down.sort_by_key(|p| std::cmp::Reverse(p.0));
            assert_eq!(down, std_down, "{n} items, descending");
        }
    }

    #[test]
    fn moves_items_that_cannot_be_copied() {
        let mut v: Vec<String> = ["pear", "fig", "apple", "kiwi"].map(String::from).to_vec();
        sort_by(&mut v, |a, b| a.cmp(b));
        assert_eq!(v, ["apple", "fig", "kiwi", "pear"]);
    }
}
