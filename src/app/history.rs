//! Undo and redo. Typing into one field within a second counts as one step,
//! so undo goes back a word at a time, not a letter. The clock is passed in
//! (milliseconds), so the rule is tested without a browser.

use crate::engine::Path;

/// The most steps kept; the oldest go first.
pub const STEPS: usize = 200;

/// Typing into the same field within this many milliseconds is one step.
pub const SAME_WORD_MS: f64 = 1000.0;

/// Versions before each edit (undo) and after each undo (redo).
#[derive(Debug, Clone, PartialEq)]
pub struct History<T> {
    undo: Vec<T>,
    redo: Vec<T>,
    last_field: Option<Path>,
    last_at: f64,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            last_field: None,
            last_at: f64::NEG_INFINITY,
        }
    }
}

impl<T> History<T> {
    /// Records `before`, the version an edit is about to change, made at
    /// `now` from field `field` (none for an edit that is not typing).
    /// Redo is gone after any new edit.
    pub fn record(&mut self, before: T, field: Option<&Path>, now: f64) {
        let same_word = field.is_some()
            && self.last_field.as_ref() == field
            && now - self.last_at < SAME_WORD_MS;
        if !same_word {
            self.undo.push(before);
            if self.undo.len() > STEPS {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.last_field = field.cloned();
        self.last_at = now;
    }

    /// Steps back (`undo`) or forward from `current`: the version to show,
    /// if there is one to go to (then `current` is kept for the way back).
    pub fn step(&mut self, current: T, undo: bool) -> Option<T> {
        let (from, to) = if undo {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let target = from.pop()?;
        to.push(current);
        self.last_field = None;
        Some(target)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
