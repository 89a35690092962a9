//! Where a tab's plan comes from and where it is saved, as plain state:
//! opened from a link (an unsaved copy), from this browser's saved plans,
//! or superseded by another tab's newer save. Every transition is a
//! function of the state, the storage and the clock, tested on the host;
//! `ui::session` mirrors the state in signals and tells its notices.

use super::saved::{self, key, Storage, Written, CURRENT};
use crate::engine::Plan;
use crate::formats::link;

/// Where the plan on screen came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Origin {
    /// This browser's saved plan (or a new one): edits are autosaved.
    Saved,
    /// A plan link: an unsaved copy until the visitor saves it.
    Link,
    /// Another tab saved this browser's plan after this tab last did: this
    /// tab stops saving so that it cannot overwrite the newer save.
    Superseded,
}

/// The toolbar's save state: why the plan is not saved, or when it was
/// last (`saved_at`, the local hour and minute), and whether later edits
/// failed to save (`failing`).
pub fn saved_state(origin: Origin, saved_at: Option<(u32, u32)>, failing: bool) -> String {
    match origin {
        Origin::Link => return "Not saved: opened from a link".to_string(),
        Origin::Superseded => {
            return "Not saved: a newer version is saved in another tab".to_string()
        }
        Origin::Saved => {}
    }
    match saved_at {
        None => "Not saved yet".to_string(),
        Some((hours, minutes)) if failing => {
            format!("Last saved at {hours:02}:{minutes:02}; newer edits are not saved")
        }
        Some((hours, minutes)) => format!("Saved in this browser at {hours:02}:{minutes:02}"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tone {
    Info,
    Problem,
}

/// What a notice offers to do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Offer {
    SaveLinkedPlan,
    ExportJson,
    /// Superseded: load the newer save (or export this tab's plan).
    LoadNewer,
    /// A plan was deleted: bring it back.
    UndoDelete,
}

/// A message above the plan, with what it offers to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub tone: Tone,
    pub text: String,
    pub offer: Option<Offer>,
}

impl Notice {
    pub fn new(tone: Tone, text: impl Into<String>, offer: Option<Offer>) -> Notice {
        Notice {
            tone,
            text: text.into(),
            offer,
        }
    }
}

/// What a tab saves and the version it last read or wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Tab {
    pub origin: Origin,
    /// The id under which this tab saves its plan.
    pub plan_id: String,
    /// When the stored version this tab knows was saved (ms since 1970).
    pub saved_at: Option<f64>,
    /// The plan as this tab last read or wrote it: edits are what differs.
    pub last_saved: Option<Plan>,
}

/// The tab a page opens: its plan (none for the default plan) and what to
/// tell the planner.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub plan: Option<Plan>,
    pub tab: Tab,
    pub notice: Option<Notice>,
}

const FROM_LINK: &str = "Opened from a link: this is a copy, not saved in this browser. Your own saved plans are untouched.";
const SUPERSEDED: &str = "This plan was changed and saved in another tab or window. This tab has stopped saving so it cannot overwrite that newer version. Load the newer version (this tab's edits are then kept as a new saved plan), keep this tab's plan as a new saved plan, or export it as JSON.";

/// Picks the plan a page opens with: the plan link in `fragment` (the
/// address after `#`, if any), else the plan last open in `store`, else the
/// most recently saved one, else the default plan under a new id. A saved
/// record that cannot be read is moved aside to `<key>.damaged`, never
/// overwritten. `store` is the refusal when the browser blocks storage.
pub fn open<S: Storage>(
    fragment: &str,
    store: Result<&mut S, String>,
    new_id: &mut dyn FnMut() -> String,
) -> Opened {
    open_in_tab(fragment, store, None, new_id)
}

/// [`open`] in a tab that had the saved plan `own` open before it was
/// reloaded (the browser keeps it per tab): that plan, while it is saved,
/// rather than the one last saved by any tab.
pub fn open_in_tab<S: Storage>(
    fragment: &str,
    store: Result<&mut S, String>,
    own: Option<&str>,
    new_id: &mut dyn FnMut() -> String,
) -> Opened {
    let mut tab = Tab::unsaved(String::new());
    let mut notice = None;
    if !fragment.trim_start_matches('#').is_empty() {
        match link::decode(fragment) {
            Ok(plan) => {
                tab.origin = Origin::Link;
                tab.plan_id = new_id();
                // Edits are what differs from the plan as the link gave it.
                tab.last_saved = Some(plan.clone());
                let notice = Notice::new(Tone::Info, FROM_LINK, Some(Offer::SaveLinkedPlan));
                return Opened {
                    plan: Some(plan),
                    tab,
                    notice: Some(notice),
                };
            }
            Err(e) => notice = Some(Notice::new(Tone::Problem, e.to_string(), None)),
        }
    }
    let store = match store {
        Ok(store) => store,
        Err(message) => {
            tab.plan_id = new_id();
            let text =
                format!("Plans cannot be saved: {message}. Export the plan as JSON to keep it.");
            return Opened {
                plan: None,
                tab,
                notice: Some(Notice::new(Tone::Problem, text, None)),
            };
        }
    };
    let own = own.filter(|id| store.get(&key(id)).is_some());
    tab.plan_id = (own.map(str::to_string))
        .or_else(|| last_open(store))
        .unwrap_or_else(&mut *new_id);
    let Some(text) = store.get(&key(&tab.plan_id)) else {
        return Opened {
            plan: None,
            tab,
            notice,
        };
    };
    match crate::formats::saved::decode(&text) {
        Ok((plan, at)) => {
            tab.saved_at = Some(at);
            tab.last_saved = Some(plan.clone());
            Opened {
                plan: Some(plan),
                tab,
                notice,
            }
        }
        Err(message) => {
            // Moved aside (listed in Saved plans, to export or delete); the
            // default plan opens under a new id.
            let damaged = key(&tab.plan_id);
            if store.set(&format!("{damaged}.damaged"), &text).is_ok() {
                store.remove(&damaged);
            }
            tab.plan_id = new_id();
            let text = format!("{message}. It is kept aside in storage (see Saved plans); the default plan is open instead.");
            Opened {
                plan: None,
                tab,
                notice: Some(Notice::new(Tone::Problem, text, None)),
            }
        }
    }
}

/// The plan last open in `store`, else the most recently saved readable one.
fn last_open<S: Storage>(store: &S) -> Option<String> {
    let current = store.get(CURRENT);
    let readable = |id: &String| store.get(&key(id)).is_some();
    current.filter(readable).or_else(|| {
        (saved::entries(store).into_iter())
            .find(|e| e.problem.is_none())
            .map(|e| e.id)
    })
}

/// What saving did, for the page to show.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// Nothing to write (a linked copy, a superseded tab, or no edits).
    Nothing,
    /// Written: a notice that offered to export can go.
    Written,
    /// Not written, with why.
    Refused(Notice),
}

impl Tab {
    /// A tab that saves its plan under `id`, not yet saved there.
    pub fn unsaved(id: String) -> Tab {
        Tab {
            origin: Origin::Saved,
            plan_id: id,
            saved_at: None,
            last_saved: None,
        }
    }

    /// `plan` differs from the version this tab last read or wrote.
    pub fn has_edits(&self, plan: &Plan) -> bool {
        self.last_saved.as_ref() != Some(plan)
    }

    /// Writes `plan` if this tab saves and it has edits. It compares before
    /// it writes: a newer save by another tab supersedes this tab instead.
    pub fn save<S: Storage>(
        &mut self,
        store: Result<&mut S, String>,
        plan: &Plan,
        now: f64,
    ) -> Saved {
        if self.origin != Origin::Saved {
            return Saved::Nothing;
        }
        let edited = self.has_edits(plan);
        let written =
            store.and_then(|s| saved::write(s, &self.plan_id, plan, self.saved_at, edited, now));
        match written {
            Ok(Written::Saved(at)) => {
                self.saved_at = Some(at);
                self.last_saved = Some(plan.clone());
                Saved::Written
            }
            Ok(Written::Unchanged) => Saved::Nothing,
            Ok(Written::Superseded) => Saved::Refused(self.supersede()),
            Err(message) => Saved::Refused(Notice::new(
                Tone::Problem,
                format!("Could not save to this browser: {message}; the last good save is kept. Your edits stay on this page; export the plan as JSON to keep a copy."),
                Some(Offer::ExportJson),
            )),
        }
    }

    /// Another tab wrote storage key `changed`: if it is this tab's record
    /// (and this tab saves), this tab stops saving; the notice says so.
    pub fn other_tab_wrote(&mut self, changed: &str) -> Option<Notice> {
        (self.origin == Origin::Saved && changed == key(&self.plan_id)).then(|| self.supersede())
    }

    fn supersede(&mut self) -> Notice {
        self.origin = Origin::Superseded;
        Notice::new(Tone::Problem, SUPERSEDED, Some(Offer::LoadNewer))
    }

    /// Goes on saving `plan` as a saved plan of its own (named as edits from
    /// another tab, under `id`), leaving the newer version as it was.
    pub fn keep_as_new(&mut self, plan: &mut Plan, id: String) {
        plan.name = from_another_tab(&plan.name);
        *self = Tab::unsaved(id);
    }

    /// Takes the newer version another tab saved, keeping this tab's edits
    /// to `plan` first as a new saved plan (under `id`, saved at `now`).
    /// Gives the newer plan and what to tell, or the notice of why not.
    pub fn load_newer<S: Storage>(
        &mut self,
        store: &mut S,
        plan: &Plan,
        id: String,
        now: f64,
    ) -> Result<(Plan, Option<Notice>), Notice> {
        let Some(Ok((newer, at))) = saved::load(store, &self.plan_id) else {
            return Err(Notice::new(Tone::Problem, "The newer version could not be read; this tab's plan is unchanged. Export it as JSON to keep it.", Some(Offer::ExportJson)));
        };
        let kept = self
            .has_edits(plan)
            .then(|| keep_copy(store, plan, &id, now));
        self.origin = Origin::Saved;
        self.saved_at = Some(at);
        self.last_saved = Some(newer.clone());
        let notice = kept.map(|k| match k {
            Ok(name) => Notice::new(
                Tone::Info,
                format!("This tab's edits are kept as a new saved plan, \"{name}\"."),
                None,
            ),
            Err(message) => Notice::new(
                Tone::Problem,
                format!("This tab's edits could not be kept: {message}. Undo brings them back."),
                None,
            ),
        });
        Ok((newer, notice))
    }
}

/// The name of a plan's edits kept apart from a newer save by another tab.
fn from_another_tab(name: &str) -> String {
    format!("{name} (edits from another tab)")
}

/// Writes `plan` as a new saved plan `id` beside the one it was opened as
/// (two tabs disagreed); gives its name.
pub fn keep_copy<S: Storage>(
    store: &mut S,
    plan: &Plan,
    id: &str,
    now: f64,
) -> Result<String, String> {
    let mut plan = plan.clone();
    plan.name = from_another_tab(&plan.name);
    let text = crate::formats::saved::encode(&plan, now);
    store
        .set(&key(id), &text)
        .map_err(|_| "the browser's storage is full".to_string())?;
    Ok(plan.name)
}

/// The plan's problems as the page lists them: each field's unreadable
/// text first (the plan still holds that field's last good value), then
/// the plan's own errors at fields without such a text.
pub fn problems<'a>(
    drafts: impl IntoIterator<Item = (&'a crate::engine::Path, &'a str)>,
    errors: &[crate::engine::PlanError],
) -> Vec<(crate::engine::Path, String)> {
    let mut list: Vec<_> = (drafts.into_iter())
        .map(|(p, m)| (p.clone(), m.to_string()))
        .collect();
    for e in errors {
        if !list.iter().any(|(p, _)| *p == e.path) {
            list.push((e.path.clone(), e.message.clone()));
        }
    }
    list
}

/// Why "Copy link" copies nothing, given the plan's [`problems`]: a link
/// opens only a valid plan (an invalid one would be refused where it is
/// opened), and a field's unreadable text would be left out of it without
/// a word. None when the plan on screen is what a link would carry.
pub fn no_link_because(problems: &[(crate::engine::Path, String)]) -> Option<String> {
    let (path, message) = problems.first()?;
    let more = match problems.len() - 1 {
        0 => String::new(),
        1 => "; and 1 more".to_string(),
        n => format!("; and {n} more"),
    };
    let count = match problems.len() {
        1 => "a problem".to_string(),
        n => crate::formats::numbers::plural(n, "problem"),
    };
    Some(format!(
        "No link copied: the plan has {count} to fix first ({path}: {message}{more}). A link carries the plan as it is on screen, and opens only a valid one."
    ))
}

/// The value of `key` in an address's query (`?view&scenario=aggressive`):
/// `Some("")` for a flag without a value, percent-decoded otherwise.
pub fn query_value(search: &str, key: &str) -> Option<String> {
    (search.trim_start_matches('?').split('&')).find_map(|part| match part.split_once('=') {
        Some((k, v)) if k == key => Some(crate::formats::address::percent_decode(v)),
        None if part == key => Some(String::new()),
        _ => None,
    })
}

/// `search` with `key` set to `value` (a flag when empty) or taken out
/// (`None`), its other parts kept in order; "" when nothing is left.
pub fn query_with(search: &str, key: &str, value: Option<&str>) -> String {
    let same = |part: &&str| part.split_once('=').map_or(*part, |(k, _)| k) == key;
    let mut parts: Vec<String> = (search.trim_start_matches('?').split('&'))
        .filter(|p| !p.is_empty() && !same(p))
        .map(String::from)
        .collect();
    match value {
        Some("") => parts.push(key.to_string()),
        Some(v) => parts.push(format!("{key}={}", escape(v))),
        None => {}
    }
    match parts.is_empty() {
        true => String::new(),
        false => format!("?{}", parts.join("&")),
    }
}

/// Percent-escapes what a query value cannot hold as it is (an id holds
/// only letters, digits, `_` and `-`; anything else is escaped byte by byte).
fn escape(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The scenario an address selects (`?scenario=ID`), if the plan has it.
pub fn scenario_in(search: &str, plan: &Plan) -> Option<usize> {
    let id = query_value(search, "scenario")?;
    plan.scenarios.iter().position(|s| s.id == id)
}

/// The scenario a plan opens on, none asked: Moderate when it has one, else
/// its first.
pub fn main_scenario(plan: &Plan) -> usize {
    (plan.scenarios.iter())
        .position(|s| s.id == "moderate")
        .unwrap_or(0)
}

/// The address's query with the selected scenario `s` of `plan`: named when
/// it is not the one the plan opens on, so a copied link or a reload shows
/// the same scenario.
pub fn query_for_scenario(search: &str, plan: &Plan, s: usize) -> String {
    query_with(search, "scenario", named_scenario(plan, s))
}

/// The id an address gives the selected scenario `s` (kept within the
/// plan's scenarios, as the results show it): none for the main one.
pub fn named_scenario(plan: &Plan, s: usize) -> Option<&str> {
    let s = s.min(plan.scenarios.len().saturating_sub(1));
    (s != main_scenario(plan))
        .then(|| plan.scenarios.get(s).map(|x| x.id.as_str()))
        .flatten()
        .filter(|id| !id.is_empty())
}
