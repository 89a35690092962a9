//! Plan files: JSON in MODEL.md's schema. Decode errors name the JSON path
//! and the line and column; semantic errors come from engine validation.

use crate::engine::{validate, Path, Plan, PlanError};

/// Parses a plan file. A syntax or shape error is one error naming its JSON
/// path, line and column (JSON decoding stops at the first such fault).
/// A UTF-8 byte-order mark at the start (Windows editors write one) is skipped.
pub fn decode(text: &str) -> Result<Plan, PlanError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let plan: Plan = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = typed_path(e.path());
        let inner = e.into_inner();
        let message = strip_position(&inner.to_string());
        let (line, column) = (inner.line(), inner.column());
        PlanError::new(path, format!("{message} (line {line}, column {column})"))
    })?;
    de.end().map_err(|e| {
        PlanError::new(
            Path::root(),
            format!(
                "{} (line {}, column {})",
                strip_position(&e.to_string()),
                e.line(),
                e.column()
            ),
        )
    })?;
    Ok(plan)
}

/// The typed path of a decode error's place. A key is a field name or a
/// plan's own id, so it is taken as it stands.
fn typed_path(at: &serde_path_to_error::Path) -> Path {
    use serde_path_to_error::Segment;
    let mut path = Path::root();
    for segment in at.iter() {
        path = match segment {
            Segment::Seq { index } => path.at(*index),
            Segment::Map { key } => path.name(key),
            Segment::Enum { variant } => path.name(variant),
            Segment::Unknown => path,
        };
    }
    path
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
/// It also names Rust's integer types, which a planner reads as words.
fn strip_position(message: &str) -> String {
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
        .replace("expected u32", &whole(&format!("of at most {}", u32::MAX)))
        .replace("expected u64", &whole(&format!("of at most {}", u64::MAX)))
        .replace(
            "expected i32",
            &whole(&format!("from {} to {}", i32::MIN, i32::MAX)),
        )
}
