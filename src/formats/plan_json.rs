//! Plan files: JSON in MODEL.md's schema. Decode errors name the JSON path
//! and the line and column; semantic errors come from engine validation.

use crate::engine::{validate, Path, Plan, PlanError};

/// Parses a plan file. A syntax or shape error is one error naming its JSON
/// path, line and column (JSON decoding stops at the first such fault).
/// A UTF-8 byte-order mark at the start (Windows editors write one) is skipped.
pub fn decode(text: &str) -> Result<Plan, PlanError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(PlanError::new(
            Path::root(),
            "the file is empty; a plan is a JSON object (see a preset's file)",
        ));
    }
    // serde would read a list of the plan's values in field order as a
    // plan; a plan file is one object.
    let body = text.trim_start();
    let start = told_at(text, text.len() - body.len());
    if body.starts_with('[') {
        return Err(PlanError::new(
            Path::root(),
            format!(
                "invalid type: list, expected an object {start}; a plan file is one JSON object"
            ),
        ));
    }
    // A file of another kind (a CSV, a note) picked by mistake is told as
    // that, not by the JSON reader's first complaint ("expected ident").
    if !body.starts_with('{') {
        return Err(PlanError::new(
            Path::root(),
            format!("the file is not a JSON plan: a plan file starts with {{, this one with \"{}\" {start}", first_word(body)),
        ));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let plan: Plan = serde::Deserialize::deserialize(&mut de).map_err(|e| fault_at(text, &e))?;
    de.end().map_err(|e| {
        PlanError::new(
            Path::root(),
            format!("{} {}", strip_position(&e.to_string()), place(text, &e)),
        )
    })?;
    Ok(plan)
}

/// The start of `text` up to its first blank, at most 20 characters.
fn first_word(text: &str) -> String {
    let word = text.split(char::is_whitespace).next().unwrap_or_default();
    word.chars().take(20).collect()
}

/// A decode error told at its path and place. serde_json says where it
/// stopped reading; the path is the value that place is in
/// (`formats::locate`), so no tracking of paths runs while a plan reads.
fn fault_at(text: &str, e: &serde_json::Error) -> PlanError {
    let at = offset(text, e);
    let mut message = strip_position(&e.to_string());
    let path = meant(text, at, &message);
    // Inside a list, serde_json's "trailing characters" is an item too many.
    if message == "trailing characters" && !path.is_root() {
        message = "more items than this list holds".to_string();
    }
    // A value of another kind where a choice goes: told with the choices,
    // at the value (serde_json stops inside an object there).
    if message == "expected value" || message.starts_with("unknown variant") {
        if let Some((why, start)) = choice_fault(text, &path) {
            return PlanError::new(path, format!("{why} {}", told_at(text, start)));
        }
    }
    // serde_json reads -0 (or -0e5) as the fraction -0.0: quoted as written.
    if message.contains("number `-0.0`") {
        if let Some(v) = crate::formats::locate::span(text, &path) {
            message = message.replace("`-0.0`", &format!("`{}`", &text[v]));
        }
    }
    // A lone surrogate is told at its escape (serde_json stops after it,
    // or on its last digit).
    if message.starts_with("a lone surrogate") {
        let b = text.as_bytes();
        let upto = at.min(b.len().saturating_sub(1));
        if let Some(start) = (0..upto).rev().find(|&i| b[i..].starts_with(b"\\u")) {
            return PlanError::new(path, format!("{message} {}", told_at(text, start)));
        }
    }
    let told = place_of(text, at, &path, e);
    PlanError::new(path, format!("{message} {told}"))
}

/// What is wrong with the value at `path` where a choice goes (a growth
/// kind, a category), and where it starts: serde_json says only "expected
/// value" of a number, boolean, null or list there, and of an object
/// "unknown variant" (its first key) or "expected value". The choices are
/// learnt by reading the text again with a text that is no choice in the
/// value's place; none when no choice goes there.
fn choice_fault(text: &str, path: &Path) -> Option<(String, usize)> {
    let v = crate::formats::locate::span(text, path)?;
    let value = &text[v.clone()];
    let kind = match value.as_bytes().first()? {
        b'-' | b'0'..=b'9' => "number",
        b't' | b'f' => "boolean",
        b'n' => "null",
        b'[' => "list",
        b'{' => "object",
        _ => return None,
    };
    let probe = format!("{}\"?\"{}", &text[..v.start], &text[v.end..]);
    let e = serde_json::from_str::<Plan>(&probe).err()?;
    let message = strip_position(&e.to_string());
    let choices = message.strip_prefix("unknown variant `?`, ")?;
    let why = match kind {
        "list" | "null" | "object" => format!("invalid type: {kind}, {choices}"),
        _ if value.len() <= 24 => format!("invalid type: {kind} `{value}`, {choices}"),
        _ => format!("invalid type: {kind}, {choices}"),
    };
    Some((why, v.start))
}

/// The path of the value an error `message` raised at byte `at` is about.
fn meant(text: &str, at: usize, message: &str) -> Path {
    use crate::engine::Step;
    use crate::formats::locate;
    let found = locate::path_at(text, at);
    let mut path = found.path;
    let last = path.steps().last().cloned();
    let on = |key: bool| found.before && matches!(last, Some(Step::Key(_))) == key;
    // A field or key given twice is told at the object that holds it, and
    // so is a choice written as an object whose key is no known choice; an
    // item too many (serde_json stands before it) at its list.
    if message.starts_with("duplicate field")
        || message.starts_with("duplicate key")
        || (message.starts_with("unknown variant") && on(true))
        || (message == "trailing characters" && on(false) && last.is_some())
    {
        path.pop();
    }
    // A list or object of the wrong kind is told when serde_json stands on
    // its opening bracket, the place it also stands on for its first item:
    // the value meant is the one of the kind the message names.
    let kind = |p: &Path| locate::span(text, p).map(|v| text.as_bytes()[v.start]);
    for (words, bracket) in [("invalid type: list", b'['), ("invalid type: object", b'{')] {
        if message.starts_with(words) && kind(&path) != Some(bracket) {
            if let Some(parent) = path.parent().filter(|p| kind(p) == Some(bracket)) {
                path = parent;
            }
        }
    }
    // "expected value" (a value of no kind the field takes, such as a list
    // for a category) is told on the value's own opening bracket.
    if message.starts_with("expected value") && matches!(text.as_bytes().get(at), Some(b'[' | b'{'))
    {
        let starts_here = |p: &Path| locate::span(text, p).is_some_and(|v| v.start == at);
        if let Some(parent) = path.parent().filter(starts_here) {
            path = parent;
        }
    }
    path
}

/// "(line L, column C)" of error `e`, raised at byte `at`, about the value
/// at `path`. One raised once a whole object or list was read (a growth
/// model whose fields do not go together, a missing field) is told where
/// it starts, not at its closing bracket or the token after; one raised
/// just before a value, at the value.
fn place_of(text: &str, at: usize, path: &Path, e: &serde_json::Error) -> String {
    let whole = |v: &std::ops::Range<usize>| {
        let container = matches!(text.as_bytes()[v.start], b'{' | b'[');
        at < v.start || at >= v.end || (container && at + 1 == v.end)
    };
    // An unknown field is told at its key, not at its value.
    if e.is_data() && e.to_string().starts_with("unknown field") {
        if let Some(at) = crate::formats::locate::key_start(text, path) {
            return told_at(text, at);
        }
    }
    match crate::formats::locate::span(text, path) {
        Some(v) if e.is_data() && whole(&v) => told_at(text, v.start),
        _ => place(text, e),
    }
}

/// "(line L, column C)" of a decode error, C counted in characters as an
/// editor counts them (serde_json counts bytes, and lines by `\n` alone).
fn place(text: &str, e: &serde_json::Error) -> String {
    let after = offset(text, e) + usize::from(e.column() > 0);
    if e.is_eof() {
        // serde_json gives the last character read; the end is after it.
        let (line, column) = line_column(text, after);
        return format!("(line {line}, column {column}: the end of the file)");
    }
    told_at(text, after.saturating_sub(1))
}

/// "(line L, column C)" of the character at byte `at` of `text`.
fn told_at(text: &str, at: usize) -> String {
    let (line, column) = line_column(text, at);
    format!("(line {line}, column {column})")
}

/// The byte offset of the character a decode error was raised at.
fn offset(text: &str, e: &serde_json::Error) -> usize {
    let before: usize = (text.split('\n').take(e.line().saturating_sub(1)))
        .map(|l| l.len() + 1)
        .sum();
    before + e.column().saturating_sub(1)
}

/// The most a plan file may hold. A plan at every MODEL.md limit, written
/// out pretty, is a few MB; a larger file (or an endless one, such as
/// `/dev/zero`) is refused before it is read whole.
pub const MAX_FILE_BYTES: usize = 16 << 20;

/// The text of a plan file's bytes: UTF-8 (a byte-order mark is skipped
/// later), not larger than [`MAX_FILE_BYTES`]. UTF-16, which some Windows
/// tools write, and bytes that are not UTF-8 are told with their place.
pub fn text_of(bytes: &[u8]) -> Result<&str, PlanError> {
    let fault = |why: String| Err(PlanError::new(Path::root(), why));
    if let Some(e) = size_fault(bytes.len()) {
        return Err(e);
    }
    let utf32 = bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]);
    if !utf32 && (bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])) {
        return fault("the file is UTF-16 text; save it as UTF-8".to_string());
    }
    // JSON text starts with `{` or a blank, one byte each: UTF-16 or
    // UTF-32 without a mark has a NUL among its first two bytes.
    if utf32 || (bytes.len() >= 2 && bytes[..2].contains(&0)) {
        return fault(
            "the file holds NUL bytes: it is UTF-16 or UTF-32 text, or not text at all; save it as UTF-8"
                .to_string(),
        );
    }
    let text = std::str::from_utf8(bytes).or_else(|e| {
        // The bytes before the fault are UTF-8; counted after a byte-order
        // mark, as JSON errors are.
        let before = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let (line, column) = place_after(before.strip_prefix('\u{FEFF}').unwrap_or(before));
        fault(format!(
            "the file is not UTF-8 text: a byte that is not UTF-8 at line {line}, column {column}; save it as UTF-8"
        ))
    })?;
    // A NUL byte further on is UTF-8, but never JSON: told with its place.
    match text.find('\0') {
        Some(at) => {
            let before = &text[..at];
            let (line, column) = place_after(before.strip_prefix('\u{FEFF}').unwrap_or(before));
            fault(format!(
                "the file holds a NUL byte at line {line}, column {column}; a plan file is text, with no NUL bytes"
            ))
        }
        None => Ok(text),
    }
}

/// Why a file of `len` bytes is not read, if it is too large.
pub fn size_fault(len: usize) -> Option<PlanError> {
    (len > MAX_FILE_BYTES).then(|| {
        PlanError::new(
            Path::root(),
            format!(
                "the file is larger than {} MB, far more than any plan",
                MAX_FILE_BYTES >> 20
            ),
        )
    })
}

/// The line and column (in characters, as an editor counts them) of the
/// place right after `before`, the text that precedes it.
fn place_after(before: &str) -> (usize, usize) {
    line_column(before, before.len())
}

/// The line and column (from 1, in characters) of the character at byte
/// `at` of `text` (or of the end). A line ends at `\n`, `\r\n` or a lone
/// `\r`, as editors read them: a file saved with old Mac line endings is
/// not one long line.
pub(crate) fn line_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let bytes = text.as_bytes();
    let (mut line, mut start) = (1, 0);
    for (i, &b) in bytes[..at].iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            (line, start) = (line + 1, i + 1);
        }
    }
    (line, 1 + text[start..at].chars().count())
}

/// [`load`] of a file's bytes (see [`text_of`]).
pub fn load_bytes(bytes: &[u8]) -> Result<Plan, Vec<PlanError>> {
    load(text_of(bytes).map_err(|e| vec![e])?)
}

/// Parses and validates: every error found, each with its path.
pub fn load(text: &str) -> Result<Plan, Vec<PlanError>> {
    checked(decode(text).map_err(|e| vec![e])?)
}

/// The plan, if validation finds nothing wrong; else every error.
pub fn checked(plan: Plan) -> Result<Plan, Vec<PlanError>> {
    let errors = validate(&plan);
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

/// The plan as pretty JSON, ready to edit and load again.
pub fn encode(plan: &Plan) -> String {
    serde_json::to_string_pretty(plan).expect("a plan always serializes")
}

/// serde_json appends " at line L column C"; we report the place ourselves.
/// It also names Rust's types, which a planner reads as JSON's words.
fn strip_position(message: &str) -> String {
    plain_words(&without_position(message))
}

fn without_position(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    // The range a field allows is the validator's to say, once it reads;
    // a whole number too large to read says how large one may be.
    let too_large = message.starts_with("invalid value: integer");
    let whole = |limit: &str| match too_large {
        true => format!("expected a whole number {limit}"),
        false => "expected a whole number".to_string(),
    };
    message
        .replace("expected u32", &whole(&format!("from 0 to {}", u32::MAX)))
        .replace("expected u64", &whole(&format!("from 0 to {}", u64::MAX)))
        .replace(
            "expected i32",
            &whole(&format!("from {} to {}", i32::MIN, i32::MAX)),
        )
}

/// serde's names of Rust types and values in JSON's words: a number, a
/// list, an object.
fn plain_words(message: &str) -> String {
    let mut out = message
        .replace("expected f64", "expected a number")
        .replace("invalid type: floating point", "invalid type: number")
        .replace("invalid type: sequence", "invalid type: list")
        .replace("invalid type: map", "invalid type: object")
        .replace("invalid type: unit value", "invalid type: null")
        .replace("expected a sequence", "expected a list")
        .replace("expected a map", "expected an object");
    // `expected struct Tier` or `expected struct Plan with 15 elements`: an
    // object, which a list never is (its length is beside the point).
    if let Some(i) = out.find("expected struct ") {
        out = if out.starts_with("invalid length") {
            "invalid type: list, expected an object".to_string()
        } else {
            format!("{}expected an object", &out[..i])
        };
    }
    // A bare word: only JSON's three are written without quotes.
    if out == "expected ident" {
        out = "expected true, false or null (text goes in double quotes)".to_string();
    }
    // serde_json's words for a `\u` escape of half a UTF-16 pair alone
    // (the second one even for a trailing half).
    if out == "unexpected end of hex escape" || out == "lone leading surrogate in hex escape" {
        out = "a lone surrogate in a \\u escape: \\uD800 to \\uDBFF must be followed by \\uDC00 to \\uDFFF".to_string();
    }
    out
}
