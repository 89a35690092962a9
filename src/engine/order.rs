//! Stable sorting through one compiled sort. Each `sort_by` closure (and
//! each `collect` into a `BTreeMap`, which sorts) is a copy of the
//! standard library's sort of its own in the wasm, 2 to 5 KB each; these
//! sort indices through one non-generic function instead, and then move
//! the items. For short lists outside the simulation's loops; and
//! [`Sorted`], a map kept as one sorted list, for the same reason.

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

/// A map for short lists: its items kept in key order in one list and
/// found by halves (each `BTreeMap` or `HashMap` type is a copy of the
/// tree's or the table's code of its own in the wasm; this is a `Vec`'s).
#[derive(Debug, Clone, PartialEq)]
pub struct Sorted<K, V>(Vec<(K, V)>);

impl<K, V> Default for Sorted<K, V> {
    fn default() -> Self {
        Sorted(Vec::new())
    }
}

impl<K: Ord, V> Sorted<K, V> {
    fn at<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
    {
        Some(&self.0[self.at(key).ok()?].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: std::borrow::Borrow<Q>,
    {
        self.at(key).is_ok()
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: std::borrow::Borrow<Q>,
    {
        let i = self.at(key).ok()?;
        Some(&mut self.0[i].1)
    }

    /// Sets `key`'s value; the value it had, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.at(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
    {
        let i = self.at(key).ok()?;
        Some(self.0.remove(i).1)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K, &V) -> bool) {
        self.0.retain(|(k, v)| keep(k, v));
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn into_values(self) -> impl Iterator<Item = V> {
        self.0.into_iter().map(|(_, v)| v)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Sorted once, not inserted one by one (a plan's thousands of inputs); a
/// key given twice keeps its last value, as a map's `collect` does.
impl<K: Ord, V> FromIterator<(K, V)> for Sorted<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        let mut all: Vec<(K, V)> = items.into_iter().collect();
        sort_by(&mut all, |x, y| x.0.cmp(&y.0));
        all.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
        Sorted(all)
    }
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
    fn a_sorted_map_keeps_key_order_and_a_repeated_key_s_last_value() {
        let mut m: Sorted<&str, u32> = [("b", 1), ("a", 2), ("b", 3)].into_iter().collect();
        assert_eq!(m.iter().collect::<Vec<_>>(), [(&"a", &2), (&"b", &3)]);
        assert_eq!(m.insert("c", 4), None);
        assert_eq!(m.insert("a", 5), Some(2));
        assert_eq!(m.get("a"), Some(&5));
        assert_eq!(m.remove("b"), Some(3));
        assert_eq!(m.get("b"), None);
        *m.get_mut("c").unwrap() += 1;
        assert_eq!(m.into_values().collect::<Vec<_>>(), [5, 5]);
    }

    #[test]
    fn moves_items_that_cannot_be_copied() {
        let mut v: Vec<String> = ["pear", "fig", "apple", "kiwi"].map(String::from).to_vec();
        sort_by(&mut v, |a, b| a.cmp(b));
        assert_eq!(v, ["apple", "fig", "kiwi", "pear"]);
    }
}
