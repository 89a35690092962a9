//! Where a value sits in a plan: a typed JSON path such as
//! `tiers[1].components[3].unit_cost`. Validation errors, ranged inputs,
//! sensitivity rows and the editor's fields all name places with it; it
//! becomes text only at the edges (messages, JSON, element ids), through
//! `Display`, [`Path::parse`] and [`Path::element_id`].

use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// A character of a name: a key step of a path that [`Path::parse`] reads
/// back, and so of a metric id (which keys limits and actuals).
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn is_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(is_name_char)
}

/// `["key"]`, with `"` and `\` escaped by a `\`.
fn write_quoted(f: &mut fmt::Formatter, key: &str) -> fmt::Result {
    f.write_str("[\"")?;
    for c in key.chars() {
        if c == '"' || c == '\\' {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    f.write_str("\"]")
}

/// The key quoted at the start of `text` (after its `["`), as
/// [`write_quoted`] writes it, and the text after its `"]`.
fn quoted_key(text: &str) -> Option<(String, &str)> {
    let mut key = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((key, text[i + 1..].strip_prefix(']')?)),
            '\\' => key.push(chars.next()?.1),
            c => key.push(c),
        }
    }
    None
}

/// One step down into a plan: a field or map key, or a list item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// A struct field (`.unit_cost`) or a map key (`.users` under `limits`).
    Key(Cow<'static, str>),
    /// A list item (`[3]`).
    Index(usize),
}

/// A place in a plan, from the root down. The empty path is the plan itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Path(Vec<Step>);

impl Path {
    /// The plan itself.
    pub fn root() -> Path {
        Path(Vec::new())
    }

    /// A field of the plan (`initial_users`, `policy`).
    pub fn field(name: &'static str) -> Path {
        Path::root().key(name)
    }

    /// Scenario `i`: `scenarios[i]`.
    pub fn scenario(i: usize) -> Path {
        Path::field("scenarios").at(i)
    }

    /// Driver `i`: `metrics[i]`.
    pub fn metric(i: usize) -> Path {
        Path::field("metrics").at(i)
    }

    /// Tier `t`: `tiers[t]`.
    pub fn tier(t: usize) -> Path {
        Path::field("tiers").at(t)
    }

    /// Component `c` of tier `t`: `tiers[t].components[c]`.
    pub fn component(t: usize, c: usize) -> Path {
        Path::tier(t).key("components").at(c)
    }

    /// The limit of tier `t` on `key` (a metric id): `tiers[t].limits.key`.
    pub fn limit(t: usize, key: &str) -> Path {
        Path::tier(t).key("limits").name(key)
    }

    /// This path with field `name` below it.
    pub fn key(mut self, name: &'static str) -> Path {
        self.0.push(Step::Key(Cow::Borrowed(name)));
        self
    }

    /// This path with map key `name` (a plan's own id) below it.
    pub fn name(mut self, name: &str) -> Path {
        self.0.push(Step::Key(Cow::Owned(name.to_string())));
        self
    }

    /// This path with list item `i` below it.
    pub fn at(mut self, i: usize) -> Path {
        self.0.push(Step::Index(i));
        self
    }

    /// Appends `step` in place (for a walker that goes down and back up).
    pub fn push(&mut self, step: Step) {
        self.0.push(step);
    }

    /// Removes the last step in place.
    pub fn pop(&mut self) -> Option<Step> {
        self.0.pop()
    }

    pub fn steps(&self) -> &[Step] {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The place that holds this one (none for the plan itself).
    pub fn parent(&self) -> Option<Path> {
        let (_, rest) = self.0.split_last()?;
        Some(Path(rest.to_vec()))
    }

    /// Whether `self` is `prefix` or lies below it.
    pub fn starts_with(&self, prefix: &Path) -> bool {
        self.0.starts_with(&prefix.0)
    }

    /// The steps of `self` below `prefix`, if it lies there.
    pub fn below(&self, prefix: &Path) -> Option<&[Step]> {
        self.0.strip_prefix(prefix.0.as_slice())
    }

    /// The list index right after `list` (a field name) at the root, as
    /// `scenarios` gives `Some(1)` for `scenarios[1].label`.
    pub fn index_of(&self, list: &str) -> Option<usize> {
        match self.0.as_slice() {
            [Step::Key(k), Step::Index(i), ..] if k == list => Some(*i),
            _ => None,
        }
    }

    /// Reads a path as `Display` writes it. Keys are names made of letters,
    /// digits, `_` and `-`, or any text quoted in brackets (`["a.b"]`).
    pub fn parse(text: &str) -> Result<Path, String> {
        let bad = || format!("not a plan path: {text:?}");
        let mut steps = Vec::new();
        let mut rest = text;
        let mut first = true;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix("[\"") {
                let (key, r) = quoted_key(r).ok_or_else(bad)?;
                steps.push(Step::Key(Cow::Owned(key)));
                rest = r;
            } else if let Some(r) = rest.strip_prefix('[') {
                let (n, r) = r.split_once(']').ok_or_else(bad)?;
                steps.push(Step::Index(n.parse().map_err(|_| bad())?));
                rest = r;
            } else {
                let r = if first {
                    rest
                } else {
                    rest.strip_prefix('.').ok_or_else(bad)?
                };
                let end = r.find(['.', '[']).unwrap_or(r.len());
                let name = &r[..end];
                if !is_name(name) {
                    return Err(bad());
                }
                steps.push(Step::Key(Cow::Owned(name.to_string())));
                rest = &r[end..];
            }
            first = false;
        }
        Ok(Path(steps))
    }

    /// The DOM id of the editor field at this path: `tiers[1].unit_cost`
    /// gives `f-tiers-1-unit_cost`. Characters an id should not carry
    /// (in a plan's own map keys) become `_`.
    pub fn element_id(&self) -> String {
        let mut id = String::from("f");
        for step in &self.0 {
            id.push('-');
            match step {
                Step::Index(i) => id.push_str(&i.to_string()),
                Step::Key(k) => id.extend(k.chars().map(|c| if is_name_char(c) { c } else { '_' })),
            }
        }
        id
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (n, step) in self.0.iter().enumerate() {
            match step {
                Step::Index(i) => write!(f, "[{i}]")?,
                // A key that is no name (an unknown key in a file, such as
                // `a.b[0]`) is quoted, so the path still reads one way.
                Step::Key(k) if !is_name(k) => write_quoted(f, k)?,
                Step::Key(k) if n == 0 => f.write_str(k)?,
                Step::Key(k) => write!(f, ".{k}")?,
            }
        }
        Ok(())
    }
}

/// A path travels in JSON as its text.
impl serde::Serialize for Path {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// And is read back from it.
impl<'de> serde::Deserialize<'de> for Path {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Path, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Path::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A path equals the text `Display` writes for it (tests and messages
/// name places as text).
impl PartialEq<str> for Path {
    fn eq(&self, text: &str) -> bool {
        let mut own = String::new();
        let _ = fmt::Write::write_fmt(&mut own, format_args!("{self}"));
        own == text
    }
}

impl PartialEq<&str> for Path {
    fn eq(&self, text: &&str) -> bool {
        self == *text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key that is no name is written quoted and read back as it was;
    /// names keep their plain form.
    #[test]
    fn keys_that_are_no_names_are_quoted_and_read_back() {
        let keys = [
            "a.b[0]",
            "",
            "x y",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "é\n\u{1}",
            "]",
            "it's",
            "café",
        ];
        for key in keys {
            for path in [
                Path::tier(1).key("limits").name(key),
                Path::root().name(key).at(2),
            ] {
                let text = path.to_string();
                assert!(text.contains("[\""), "{text}");
                assert_eq!(Path::parse(&text), Ok(path.clone()), "{text}");
            }
        }
        assert_eq!(
            Path::limit(0, "a.b").to_string(),
            r#"tiers[0].limits["a.b"]"#
        );
        assert_eq!(Path::limit(0, "users").to_string(), "tiers[0].limits.users");
        assert_eq!(
            Path::limit(0, "café").to_string(),
            r#"tiers[0].limits["café"]"#
        );
        for bad in [r#"a["b"#, r#"a["b"x"#, r#"a["b\"]"#, "a..b", "a[x]"] {
            assert!(Path::parse(bad).is_err(), "{bad}");
        }
    }
}
