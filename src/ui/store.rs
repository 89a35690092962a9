//! The app's one source of truth: the plan being edited, in one signal. The
//! forecast is derived from it (a memo); while the plan is invalid the memo
//! keeps showing the last valid forecast, marked out of date.

use crate::app::session::main_scenario;
use crate::engine::{forecast, Forecast, Path, Plan, PlanError, Step};
use leptos::prelude::*;
use std::sync::Arc;

/// A forecast with the exact plan it was computed from: results must name
/// tiers, metrics and components by that plan's indices, not the draft's.
#[derive(Clone)]
pub struct Shown {
    pub plan: Arc<Plan>,
    pub forecast: Arc<Forecast>,
}

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.forecast, &other.forecast)
    }
}

#[derive(Clone, PartialEq)]
pub struct Outcome {
    /// The latest valid forecast (none only if no plan has been valid yet).
    pub shown: Option<Shown>,
    /// What is wrong with the current plan, by JSON path; empty when it is valid.
    pub errors: Vec<PlanError>,
}

/// Text typed into a field that does not read as a value: kept, with its
/// message, until it is fixed; the plan keeps its last good value.
#[derive(Clone, PartialEq)]
pub struct Draft {
    pub text: String,
    pub message: String,
}

/// The drafts by path, in path order (as the problems list shows them).
pub type Drafts = crate::engine::order::Sorted<Path, Draft>;

#[derive(Clone, Copy)]
pub struct Store {
    pub plan: RwSignal<Plan>,
    /// Bumped by structural edits (add, remove, move, switch a kind): the
    /// editor's lists rebuild from the plan; typing never bumps it.
    pub shape: RwSignal<u64>,
    /// Bumped when limit keys change under the tiers (a driver renamed):
    /// only the limit lists rebuild, so the id being typed keeps its focus.
    pub keys: RwSignal<u64>,
    /// Unreadable field texts by the path of their field.
    pub drafts: RwSignal<Drafts>,
    /// Index of the scenario the results show in detail.
    pub scenario: RwSignal<usize>,
    pub outcome: Memo<Outcome>,
    /// The plan's problems alone: a memo that changes only when they do, so
    /// the hundreds of fields that show their own error do not all re-run
    /// on every keystroke (each new forecast changes `outcome`).
    pub errors: Memo<Vec<crate::engine::PlanError>>,
    /// The plan's currency, for the many money fields' suffixes: changes
    /// only when the currency does.
    pub currency: Memo<String>,
    /// Plans before each edit (undo) and after each undo (redo).
    pub history: RwSignal<History>,
    /// Drivers the planner added an actuals column for (metric ids): kept
    /// here, not in the actuals editor, so a rebuild keeps them.
    pub actual_drivers: RwSignal<Vec<String>>,
    /// What the last paste or import of actuals read ("Read 4 months: ..."),
    /// kept across the rebuild that paste causes, with the actuals it left:
    /// once they change (undo, an edit) the line no longer applies.
    pub actuals_read: RwSignal<Option<(String, Vec<crate::engine::Actual>)>>,
    /// A large plan just opened whole: the editor builds its fields the
    /// task after the plan's figures, so that neither task is long.
    pub fields_later: RwSignal<bool>,
}

/// A plan with more components than this is large: it opens with its
/// tiers folded (a tier's limits and components are built once it is
/// unfolded; a plan at the model's limits has 5,000 components, far too
/// many fields to build and keep up to date on every keystroke), and its
/// editor is built the task after its figures.
const LARGE_OVER: usize = 150;

pub fn is_large(plan: &Plan) -> bool {
    plan.tiers.iter().map(|t| t.components.len()).sum::<usize>() > LARGE_OVER
}

/// Undo and redo of the plan (`app::history`).
pub type History = crate::app::history::History<Plan>;

impl Store {
    /// The plan's problems as the page lists them (`app::session::problems`).
    pub fn problems(&self) -> Vec<(crate::engine::Path, String)> {
        self.drafts.with(|d| {
            let drafts = d.iter().map(|(p, d)| (p, d.message.as_str()));
            self.outcome
                .with(|o| crate::app::session::problems(drafts, &o.errors))
        })
    }

    pub fn new(plan: Plan) -> Store {
        let plan = RwSignal::new(plan);
        let outcome = Memo::new(move |prev: Option<&Outcome>| {
            let began = crate::ui::now();
            let result = plan.with(forecast);
            // For scripts/report.sh: a plain forecast's time in the page.
            crate::ui::record("headroom:forecast", began, crate::ui::now() - began);
            plan.with(|p| match result {
                Ok(f) => Outcome {
                    shown: Some(Shown {
                        plan: Arc::new(p.clone()),
                        forecast: Arc::new(f),
                    }),
                    errors: Vec::new(),
                },
                Err(errors) => Outcome {
                    shown: prev.and_then(|o| o.shown.clone()),
                    errors,
                },
            })
        });
        let store = Store {
            plan,
            shape: RwSignal::new(0),
            keys: RwSignal::new(0),
            drafts: RwSignal::new(Drafts::default()),
            scenario: RwSignal::new(0),
            outcome,
            errors: Memo::new(move |_| outcome.with(|o| o.errors.clone())),
            currency: Memo::new(move |_| plan.with(|p| p.currency.clone())),
            history: RwSignal::new(History::default()),
            actual_drivers: RwSignal::new(Vec::new()),
            actuals_read: RwSignal::new(None),
            fields_later: RwSignal::new(false),
        };
        // The scenario the address names (a copied link's, or this tab's
        // before a reload), else the plan's main one.
        let search = leptos::prelude::window()
            .location()
            .search()
            .unwrap_or_default();
        store.scenario.set(store.plan.with_untracked(|p| {
            crate::app::session::scenario_in(&search, p).unwrap_or_else(|| main_scenario(p))
        }));
        store
    }

    /// Records the plan as it is before an edit (from field `field`, if any).
    fn remember(&self, field: Option<&Path>) {
        let now = js_sys::Date::now();
        let before = self.plan.get_untracked();
        self.history.update(|h| h.record(before, field, now));
    }

    /// An edit that is not typing (a choice in a list, a checkbox).
    pub fn edit(&self, change: impl FnOnce(&mut Plan)) {
        self.remember(None);
        self.plan.update(change);
    }

    /// Steps back (`undo`) or forward through the history; the editor
    /// rebuilds from the plan it lands on.
    pub fn step(&self, undo: bool) {
        // The editor rebuilds: focus in it stays on the same field, or
        // lands on the control in the place of one the step took away.
        let focus = super::focus::remember();
        if undo && self.drafts.with_untracked(|d| !d.is_empty()) {
            // Text typed but never read into the plan goes first: its
            // fields show the plan's values again, and the plan is as it was.
            self.drafts.set(Drafts::default());
            self.shape.update(|n| *n += 1);
            return focus.restore();
        }
        let current = self.plan.get_untracked();
        let mut target = None;
        self.history.update(|h| target = h.step(current, undo));
        if let Some(plan) = target {
            self.drafts.set(Drafts::default());
            self.plan.set(plan);
            self.shape.update(|n| *n += 1);
            focus.restore();
        }
    }

    /// Applies what was typed into the field at `path`. `apply` reads the
    /// text and sets it in the plan, or says why it cannot.
    pub fn type_into(
        &self,
        path: &Path,
        text: String,
        apply: &dyn Fn(&mut Plan, &str) -> Result<(), String>,
    ) {
        // Checked on a copy first, so a failed read leaves no history step.
        let mut trial = self.plan.get_untracked();
        if apply(&mut trial, &text).is_ok() && self.plan.with_untracked(|p| *p != trial) {
            self.remember(Some(path));
        }
        let mut failed = None;
        self.plan.maybe_update(|p| match apply(p, &text) {
            Ok(()) => true,
            Err(message) => {
                failed = Some(message);
                false
            }
        });
        match failed {
            Some(message) => self.drafts.update(|d| {
                d.insert(path.clone(), Draft { text, message });
            }),
            None if self.drafts.with_untracked(|d| d.contains_key(path)) => {
                self.drafts.update(|d| {
                    d.remove(path);
                })
            }
            None => {}
        }
    }

    /// A structural edit: the editor rebuilds, and drafts under `under` (a
    /// list whose items moved) are dropped since their paths no longer fit.
    pub fn restructure(&self, under: Option<&Path>, edit: impl FnOnce(&mut Plan)) {
        let mut next = self.plan.get_untracked();
        edit(&mut next);
        self.restructured(under, next);
    }

    /// The plan after a structural edit (one body for every kind of edit).
    fn restructured(&self, under: Option<&Path>, next: Plan) {
        // An edit that changes nothing (the first item moved up, a model
        // switched to the one it has) is no step to undo and no save.
        if self.plan.with_untracked(|p| *p == next) {
            return;
        }
        let focus = super::focus::remember();
        self.remember(None);
        self.plan.set(next);
        if let Some(prefix) = under {
            if self
                .drafts
                .with_untracked(|d| d.iter().any(|(k, _)| k.starts_with(prefix)))
            {
                self.drafts
                    .update(|d| d.retain(|k, _| !k.starts_with(prefix)));
            }
        }
        self.shape.update(|n| *n += 1);
        focus.restore();
    }

    /// Whether Undo has something to undo: unread field texts or an edit.
    pub fn can_undo(&self) -> bool {
        self.drafts.with(|d| !d.is_empty()) || self.history.with(|h| h.can_undo())
    }

    /// Replaces the whole plan (a preset, a blank plan).
    pub fn replace(&self, plan: Plan) {
        self.remember(None);
        self.drafts.set(Drafts::default());
        self.scenario.set(main_scenario(&plan));
        if is_large(&plan) {
            self.fields_later.set(true);
            let later = self.fields_later;
            crate::ui::soon(move || later.set(false));
        }
        self.plan.set(plan);
        self.shape.update(|n| *n += 1);
    }

    /// The message to show at the field at `path`, if any.
    pub fn field_error(&self, path: &Path) -> Option<String> {
        if let Some(d) = self.drafts.with(|d| d.get(path).map(|d| d.message.clone())) {
            return Some(d);
        }
        self.errors.with(|errors| {
            errors
                .iter()
                // A range's end (`path.low`, `path.high`) is the field's
                // too, and so is an item of a list typed in one field
                // (`path[1]`, such as a hold range).
                .find(|e| match e.path.below(path) {
                    Some([]) | Some([Step::Index(_), ..]) => true,
                    Some([Step::Key(end)]) => end == "low" || end == "high",
                    _ => false,
                })
                .map(|e| e.message.clone())
        })
    }

    /// The message of an error about the thing at `path` as a whole (not
    /// one of its items), such as a profile of all zeros.
    pub fn whole_error(&self, path: &Path) -> Option<String> {
        self.errors.with(|errors| {
            (errors.iter())
                .find(|e| e.path == *path)
                .map(|e| e.message.clone())
        })
    }

    /// Whether the results on screen are older than the plan being edited.
    pub fn out_of_date(&self) -> bool {
        self.errors.with(|e| !e.is_empty()) || self.drafts.with(|d| !d.is_empty())
    }
}
