//! File and output formats, each versioned: plan files (JSON, schema 1),
//! forecast reports (JSON, CSV), and the number display they share.

pub mod actuals;
pub mod address;
pub mod columns;
pub mod commitment;
pub mod csv;
pub mod day;
pub mod fit;
pub mod forecast_json;
pub mod input;
pub mod link;
pub mod locate;
pub mod numbers;
pub mod patch;
pub mod plan_json;
pub mod saved;
pub mod uncertainty;

/// `text` with its control characters written as escapes (`\u{1b}`), but
/// for line breaks when `lines` holds: text echoed from a file, a link or
/// a paste must not drive a terminal or hide what it quotes.
pub fn escape_controls(text: &str, lines: bool) -> std::borrow::Cow<'_, str> {
    let escape = |c: char| crate::engine::is_control(c) && !(lines && c == '\n');
    if !text.contains(escape) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// A JSON object of `items`, inserted one by one: a `collect` into a
/// `Map` sorts them first, with a sort compiled for each caller.
pub fn object(
    items: impl IntoIterator<Item = (String, serde_json::Value)>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut map = serde_json::Map::new();
    map.extend(items);
    map
}
