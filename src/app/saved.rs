//! Saved plans in a key-value store (the browser's localStorage, or memory
//! in tests): one record per plan at `headroom.plan.<id>`, the list of them
//! with the ones that cannot be read, and the write that compares before it
//! writes, so a newer save from another tab is never lost.

use crate::engine::Plan;
use crate::formats::saved;
use std::collections::BTreeMap;

/// Each saved plan is one record at `headroom.plan.<id>`; a damaged record is
/// moved to `<key>.damaged` before anything overwrites it.
pub const PREFIX: &str = "headroom.plan.";
/// The id of the plan last open in this browser.
pub const CURRENT: &str = "headroom.current";

/// The storage key of saved plan `id`.
pub fn key(id: &str) -> String {
    format!("{PREFIX}{id}")
}

/// Where records are kept. A write may be refused (a full or blocked
/// store); reads of a blocked store find nothing.
pub trait Storage {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), String>;
    fn remove(&mut self, key: &str);
    fn keys(&self) -> Vec<String>;
}

/// What a refused write says (the browser's words are not shown).
pub const FULL: &str = "the browser's storage is full or refused the write";

/// Records in memory, with a room in bytes (keys and values, as a browser
/// counts its quota) or none at all (blocked).
#[derive(Debug, Clone, Default)]
pub struct Memory {
    pub records: BTreeMap<String, String>,
    room: Option<usize>,
    blocked: bool,
}

impl Memory {
    /// A store that refuses any write that would take it past `room` bytes.
    pub fn with_room(room: usize) -> Memory {
        Memory {
            room: Some(room),
            ..Memory::default()
        }
    }

    /// A store that keeps nothing (storage blocked by the browser).
    pub fn blocked() -> Memory {
        Memory {
            blocked: true,
            ..Memory::default()
        }
    }

    fn used_with(&self, key: &str, value: &str) -> usize {
        let others: usize = (self.records.iter())
            .filter(|(k, _)| k.as_str() != key)
            .map(|(k, v)| k.len() + v.len())
            .sum();
        others + key.len() + value.len()
    }
}

impl Storage for Memory {
    fn get(&self, key: &str) -> Option<String> {
        self.records.get(key).cloned()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        if self.blocked || self.room.is_some_and(|r| self.used_with(key, value) > r) {
            return Err(FULL.into());
        }
        self.records.insert(key.into(), value.into());
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        self.records.remove(key);
    }

    fn keys(&self) -> Vec<String> {
        self.records.keys().cloned().collect()
    }
}

/// Saved plan `id`, read back: none if absent, else the plan and when it
/// was saved, or why it cannot be read.
pub fn load(store: &impl Storage, id: &str) -> Option<Result<(Plan, f64), String>> {
    store.get(&key(id)).as_deref().map(saved::decode)
}

/// A saved record, as the plan list shows it: a plan, or one that cannot be
/// read (damaged, set aside, or written by a newer Headroom) with why.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub id: String,
    pub name: String,
    pub saved_at: f64,
    /// Why the record cannot be opened; none for a readable plan.
    pub problem: Option<String>,
}

/// The saved records' keys, each with its plan id and whether it was set
/// aside as damaged.
fn records(store: &impl Storage) -> Vec<(String, String, bool)> {
    (store.keys().into_iter())
        .filter_map(|k| {
            let rest = k.strip_prefix(PREFIX)?;
            let (id, aside) = match rest.strip_suffix(".damaged") {
                Some(id) => (id.to_string(), true),
                None => (rest.to_string(), false),
            };
            (!id.contains('.')).then_some((k, id, aside))
        })
        .collect()
}

/// How many records [`entries`] lists, without reading them.
pub fn count(store: &impl Storage) -> usize {
    records(store).len()
}

/// Every saved record, the most recently saved first; unreadable ones
/// last, so they can still be exported or deleted.
pub fn entries(store: &impl Storage) -> Vec<Entry> {
    let mut out: Vec<Entry> = (records(store).into_iter())
        .filter_map(|(k, id, aside)| {
            let text = store.get(&k)?;
            let entry = |name: String, saved_at: f64, problem: Option<String>| Entry {
                key: k.clone(),
                id: id.clone(),
                name,
                saved_at,
                problem,
            };
            Some(match saved::decode(&text) {
                Ok((plan, at)) if !aside => entry(plan.title().into(), at, None),
                Ok((plan, _)) => entry(
                    plan.title().into(),
                    0.0,
                    Some("set aside as damaged".into()),
                ),
                Err(why) => entry("Unreadable saved plan".into(), 0.0, Some(why)),
            })
        })
        .collect();
    crate::engine::order::sort_by(&mut out, |a, b| {
        (a.problem.is_some(), -a.saved_at)
            .partial_cmp(&(b.problem.is_some(), -b.saved_at))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    out
}

/// What writing a tab's plan did.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    /// Saved, at this time.
    Saved(f64),
    /// The stored version is this tab's and nothing changed: no write.
    Unchanged,
    /// The stored record is not the version this tab last read or wrote
    /// (another tab saved since): nothing was written.
    Superseded,
}

/// Writes `plan` as saved plan `id`, comparing first: the stored record
/// must still be the one saved at `known_at` (the version this tab last
/// read or wrote; none for a plan not yet saved). `edited` says whether the
/// plan differs from that version. The save time is `now`, or just after
/// the replaced version's on a coarse clock, so a newer save always reads
/// as newer. A refused write keeps the last good save and says why.
pub fn write(
    store: &mut impl Storage,
    id: &str,
    plan: &Plan,
    known_at: Option<f64>,
    edited: bool,
    now: f64,
) -> Result<Written, String> {
    let stored = store.get(&key(id));
    // Deleted elsewhere (another tab) after this tab read or wrote it: with
    // no edits of this tab's to keep, it stays deleted.
    if stored.is_none() && known_at.is_some() && !edited {
        return Ok(Written::Unchanged);
    }
    // The stored version is this tab's own (the common case, an autosave):
    // its time is read without decoding its plan, a scan of the text
    // rather than a decode of a plan that may be large. Any other version
    // is decoded whole, as before: a damaged one counts as none.
    let own = stored.as_deref().and_then(|t| saved::saved_at(t).ok());
    let theirs = match own {
        Some(at) if edited && Some(at) == known_at => Some(at),
        _ => (stored.as_deref().map(saved::decode))
            .and_then(Result::ok)
            .map(|(_, at)| at),
    };
    if theirs.is_some() && theirs != known_at {
        return Ok(Written::Superseded);
    }
    if theirs.is_some() && !edited {
        return Ok(Written::Unchanged);
    }
    let at = now.max(theirs.unwrap_or(0.0) + 1.0);
    let _ = store.set(CURRENT, id);
    store.set(&key(id), &saved::encode(plan, at))?;
    Ok(Written::Saved(at))
}
