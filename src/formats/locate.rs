//! Places in a file's JSON text, both ways. serde_json tells where it
//! stopped reading when a value is wrong; [`path_at`] turns that place into
//! the path of the value it is in (so no path is tracked while a plan
//! reads), and [`span`] finds a path's value, for an error found once a
//! whole value was read, which is told where that value starts.

use crate::engine::{Path, Step};
use std::ops::Range;

/// The byte range of the value at `path` in the JSON `text`, if the text
/// up to the end of that value is well-formed JSON.
pub fn span(text: &str, path: &Path) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let mut at = blank(b, 0);
    for step in path.steps() {
        at = match step {
            Step::Key(key) => member(text, at, key)?,
            Step::Index(index) => item(b, at, *index)?,
        };
    }
    Some(at..value_end(b, at)?)
}

/// Where a decode error's place is.
#[derive(Debug, PartialEq)]
pub struct Place {
    /// The innermost value that holds it: on a key, that key's member; on
    /// the blanks, comma or colon before a value, or on an opening bracket,
    /// the value serde_json was about to read; between members or items,
    /// or on a closing bracket, the object or list itself.
    pub path: Path,
    /// The place is not past that value's first character (on its key,
    /// just before it, or on its first character).
    pub before: bool,
}

/// The [`Place`] of the byte at `offset` of the JSON `text` (where a decode
/// error was raised). Text past `offset` need not be well-formed.
pub fn path_at(text: &str, offset: usize) -> Place {
    let b = text.as_bytes();
    let mut path = Path::root();
    let mut at = blank(b, 0);
    loop {
        let Some((step, start)) = child_at(text, at, offset) else {
            return Place {
                path,
                before: false,
            };
        };
        path.push(step);
        match start {
            Some(start) if offset > start => at = start,
            Some(start) if matches!(b.get(start), Some(b'{' | b'[')) => at = start,
            _ => return Place { path, before: true },
        }
    }
}

/// The member or item of the object or list at `at` that holds `offset`,
/// and where its value starts (none when `offset` is before its value: on
/// its key, or on the blanks, comma or colon just before it, where serde_json
/// stands when it finds a value of the wrong kind).
fn child_at(text: &str, at: usize, offset: usize) -> Option<(Step, Option<usize>)> {
    let b = text.as_bytes();
    let close = match b.get(at)? {
        b'{' => b'}',
        b'[' => b']',
        _ => return None,
    };
    // On its opening bracket, serde_json is about to read its first value.
    if offset < at {
        return None;
    }
    let mut i = blank(b, at + 1);
    for index in 0.. {
        if b.get(i) == Some(&close) {
            return None;
        }
        let (step, start) = if close == b'}' {
            let (key, end) = key_at(text, i)?;
            match past(b, end, b':') {
                Some(start) if offset >= start => (Step::Key(key.into()), start),
                _ => return Some((Step::Key(key.into()), None)),
            }
        } else if offset < i {
            return Some((Step::Index(index), None));
        } else {
            (Step::Index(index), i)
        };
        match value_end(b, start) {
            Some(end) if offset >= end => {
                let comma = blank(b, end);
                if offset < comma || b.get(comma) != Some(&b',') {
                    return None;
                }
                i = blank(b, comma + 1);
            }
            // Holds `offset`, or breaks off before its end: the error is in it.
            _ => return Some((step, Some(start))),
        }
    }
    None
}

/// A key that an object of the JSON `text` holds twice, if any. JSON
/// allows it and a reader keeps one of the two without a word; a plan's
/// reader refuses it, and so does anything that reads text as a plan.
pub fn repeated_key(text: &str) -> Option<String> {
    match walk(text, blank(text.as_bytes(), 0), 0)? {
        Walked::Twice(key) => Some(key),
        Walked::End(_) => None,
    }
}

enum Walked {
    /// The value ends here (exclusive).
    End(usize),
    /// An object in it holds this key twice.
    Twice(String),
}

/// Walks the value at `at` once, checking each object's keys; none when
/// the text is not well-formed or nests deeper than serde_json reads.
fn walk(text: &str, at: usize, depth: usize) -> Option<Walked> {
    let b = text.as_bytes();
    let close = match b.get(at)? {
        b'{' => b'}',
        b'[' => b']',
        _ => return Some(Walked::End(value_end(b, at)?)),
    };
    if depth >= 128 {
        return None;
    }
    let mut seen = std::collections::HashSet::new();
    let mut at = blank(b, at + 1);
    if b.get(at) == Some(&close) {
        return Some(Walked::End(at + 1));
    }
    loop {
        if close == b'}' {
            let (key, end) = key_at(text, at)?;
            at = past(b, end, b':')?;
            if !seen.insert(key.clone()) {
                return Some(Walked::Twice(key));
            }
        }
        at = match walk(text, at, depth + 1)? {
            Walked::End(end) => blank(b, end),
            twice => return Some(twice),
        };
        match b.get(at)? {
            b',' => at = blank(b, at + 1),
            c if *c == close => return Some(Walked::End(at + 1)),
            _ => return None,
        }
    }
}

/// The place of the first non-blank byte from `at` on.
fn blank(b: &[u8], mut at: usize) -> usize {
    while b
        .get(at)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
    {
        at += 1;
    }
    at
}

/// `at` past the byte `want` (and the blanks after it), if it is there.
fn past(b: &[u8], at: usize, want: u8) -> Option<usize> {
    (b.get(at) == Some(&want)).then(|| blank(b, at + 1))
}

/// The start of the value of `key` in the object at `at`.
fn member(text: &str, at: usize, key: &str) -> Option<usize> {
    member_at(text, at, key).map(|(_, value)| value)
}

/// Where the key `key` of the object at `at` starts, and its value.
fn member_at(text: &str, at: usize, key: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut at = past(b, at, b'{')?;
    loop {
        let (name, end) = key_at(text, at)?;
        let value = past(b, end, b':')?;
        if name == key {
            return Some((at, value));
        }
        at = past(b, blank(b, value_end(b, value)?), b',')?;
    }
}

/// Where the key of the member at `path` starts (its opening quote), when
/// `path` ends with a key: an unknown field is told at its key.
pub fn key_start(text: &str, path: &Path) -> Option<usize> {
    let Some(Step::Key(key)) = path.steps().last() else {
        return None;
    };
    let object = span(text, &path.parent()?)?;
    member_at(text, object.start, key).map(|(at, _)| at)
}

/// The key that starts at `at`, as JSON reads it (escapes undone), and
/// the first non-blank byte after it.
fn key_at(text: &str, at: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    if b.get(at) != Some(&b'"') {
        return None;
    }
    let end = string_end(b, at)?;
    let key = serde_json::from_str(text.get(at..end)?).ok()?;
    Some((key, blank(b, end)))
}

/// The start of item `index` of the list at `at`.
fn item(b: &[u8], at: usize, index: usize) -> Option<usize> {
    let mut at = past(b, at, b'[')?;
    for _ in 0..index {
        at = past(b, blank(b, value_end(b, at)?), b',')?;
    }
    (b.get(at) != Some(&b']')).then_some(at)
}

/// The end (exclusive) of the value that starts at `at`.
fn value_end(b: &[u8], at: usize) -> Option<usize> {
    match b.get(at)? {
        b'"' => string_end(b, at),
        b'{' | b'[' => {
            // Brackets counted outside strings; matched pairs are the
            // parser's to check, which has read this far already.
            let mut depth = 0usize;
            let mut i = at;
            while i < b.len() {
                match b[i] {
                    b'"' => i = string_end(b, i)? - 1,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let len = b[at..]
                .iter()
                .position(|c| matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(b.len() - at);
            // No value at all (a stray comma): nothing ends here.
            (len > 0).then_some(at + len)
        }
    }
}

/// The end (exclusive, past the closing quote) of the string at `at`.
fn string_end(b: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(text: &'a str, path: &str) -> Option<&'a str> {
        let path = Path::parse(path).expect("a path");
        span(text, &path).map(|r| &text[r])
    }

    #[test]
    fn finds_values_by_key_and_index() {
        let text = r#" { "a": [1, {"b": "x}]\"y"}, [2, 3]], "c" : true , "d":{"e":null}} "#;
        assert_eq!(at(text, ""), Some(&text[1..text.len() - 1]));
        assert_eq!(at(text, "a[0]"), Some("1"));
        assert_eq!(at(text, "a[1]"), Some(r#"{"b": "x}]\"y"}"#));
        assert_eq!(at(text, "a[1].b"), Some(r#""x}]\"y""#));
        assert_eq!(at(text, "a[2][1]"), Some("3"));
        assert_eq!(at(text, "c"), Some("true"));
        assert_eq!(at(text, "d.e"), Some("null"));
    }

    #[test]
    fn keys_are_compared_as_json_reads_them() {
        let text = r#"{"sch\u0065ma": 1, "name": "x"}"#;
        assert_eq!(at(text, "schema"), Some("1"));
        assert_eq!(at(text, "name"), Some(r#""x""#));
    }

    #[test]
    fn finds_a_key_given_twice_at_any_depth() {
        assert_eq!(repeated_key(r#"{"a": 1, "b": [{"c": 1}, {"c": 2}]}"#), None);
        assert_eq!(repeated_key(r#"{"a": 1, "a": 2}"#).as_deref(), Some("a"));
        let deep = r#"[1, {"x": {"y": [{}, {"z": "\"z\"", "\u007a": 0}]}}]"#;
        assert_eq!(repeated_key(deep).as_deref(), Some("z"));
        assert_eq!(repeated_key(r#"{"s": "{\"a\": 1, \"a\": 2}"}"#), None);
        assert_eq!(repeated_key("[]"), None);
        assert_eq!(repeated_key(r#"{"a": 1, "a""#), None);
    }

    #[test]
    fn a_place_names_the_value_it_is_in() {
        let text = "{\"a\": [1, {\"b\": 2}], \"c\": \"x\"}";
        let path_of = |needle: &str| path_at(text, text.find(needle).unwrap()).path.to_string();
        assert_eq!(path_of("2}"), "a[1].b");
        assert_eq!(path_of("\"b\""), "a[1].b");
        assert_eq!(path_of("]"), "a");
        assert_eq!(path_of("\"x"), "c");
        // On the blanks or the separator before a value: that value, which
        // serde_json was about to read.
        assert_eq!(path_of(" {\"b"), "a[1]");
        assert_eq!(path_of(": [1"), "a");
        // On an opening bracket, its first value (serde_json has read the
        // bracket); on the closing one, the object or list itself.
        assert_eq!(path_of("{\"b"), "a[1].b");
        assert_eq!(path_of("}"), "a[1]");
        // Text broken after the place does not matter.
        assert_eq!(path_at("{\"a\": [1, 2", 9).path.to_string(), "a[1]");
        assert_eq!(path_at("", 0).path.to_string(), "");
        // A stray comma is where a value should be.
        assert_eq!(path_at("[1, , 2]", 4).path.to_string(), "[1]");
    }

    #[test]
    fn a_missing_place_or_broken_text_finds_nothing() {
        let text = r#"{"a": [1, 2], "b": {"c": 1}}"#;
        assert_eq!(at(text, "a[2]"), None);
        assert_eq!(at(text, "z"), None);
        assert_eq!(at(text, "b[0]"), None);
        assert_eq!(at(text, "a.c"), None);
        assert_eq!(at(r#"{"a": [1, 2"#, "a"), None);
        assert_eq!(at(r#"{"a": "open"#, "a"), None);
        assert_eq!(at(r#"{"a" 1}"#, "a"), None);
        assert_eq!(at("", "a"), None);
        assert_eq!(at("[]", "[0]"), None);
    }
}
