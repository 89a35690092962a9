//! Keyboard focus across a rebuild of the editor. A structural edit (add,
//! remove, move, duplicate, switch a kind) makes fresh fields, and the
//! element that had focus is gone: focus would fall to the page's top.
//! It lands instead on the same field (by id), else on the control now at
//! the same place in the editor (the new item after an add, the neighbour
//! after a remove), or where an edit asks for it (a moved item).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str = ".editor input, .editor select, .editor button, .editor summary";

/// Where focus was before a rebuild.
pub struct Spot {
    id: Option<String>,
    index: Option<usize>,
}

fn focusables() -> Vec<web_sys::HtmlElement> {
    let Ok(list) = document().query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// The focused element, if it is in the editor.
pub fn remember() -> Spot {
    let Some(active) = document().active_element() else {
        return Spot {
            id: None,
            index: None,
        };
    };
    let index = focusables().iter().position(|e| {
        let e: &web_sys::Element = e.as_ref();
        *e == active
    });
    let id = Some(active.id()).filter(|id| !id.is_empty() && index.is_some());
    Spot { id, index }
}

impl Spot {
    /// After the editor has rebuilt (next frame), focus the same field or
    /// the control at the same place.
    pub fn restore(self) {
        if self.index.is_none() {
            return;
        }
        request_animation_frame(move || {
            if let Some(el) = self.id.as_deref().and_then(by_id) {
                let _ = el.focus();
                return;
            }
            let all = focusables();
            if let Some(el) = self
                .index
                .and_then(|i| all.get(i.min(all.len().saturating_sub(1))))
            {
                let _ = el.focus();
            }
        });
    }
}

fn by_id(id: &str) -> Option<web_sys::HtmlElement> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

/// After the rebuild, focus element `id` (a moved item's control); runs
/// after [`Spot::restore`], so it wins.
pub fn later(id: String) {
    request_animation_frame(move || {
        request_animation_frame(move || {
            if let Some(el) = by_id(&id) {
                let _ = el.focus();
            }
        })
    });
}

/// The id of an action button: its label in lower case, words joined by '-'
/// ("Move tier 2 up" gives "act-move-tier-2-up").
pub fn action_id(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    format!("act-{}", words.join("-"))
}

/// Focus, after the rebuild, the field at path `path` (the neighbour
/// of a removed item, the copy of a duplicated one).
pub fn field(path: crate::engine::Path) {
    later(path.element_id());
}

/// Takes the planner to the field of a problem at `path`, after a folded
/// tier holding it is built: the field itself, else the nearest field that
/// holds it (an item of a list typed in one field, such as a hold range).
/// The address is left alone, so a plan link in it stays.
pub fn go_to(path: crate::engine::Path) {
    request_animation_frame(move || {
        request_animation_frame(move || {
            let found = std::iter::successors(Some(path), |p| p.parent())
                .find_map(|p| by_id(&p.element_id()));
            if let Some(el) = found {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Center);
                el.scroll_into_view_with_scroll_into_view_options(&options);
                let _ = el.focus();
            }
        })
    });
}

/// Focus, after the rebuild, the action button titled `title`.
pub fn follow(title: String) {
    later(action_id(&title));
}

/// Where item `i` of `n` lands when moved by `by` (a move past either end
/// leaves it in place, as `engine::edit::shift` does).
pub fn moved_to(i: usize, by: isize, n: usize) -> usize {
    let to = i as isize + by;
    if to < 0 || to >= n as isize {
        i
    } else {
        to as usize
    }
}
