//! Plan links: the whole plan in a URL fragment (which browsers never send
//! to a server), versioned from day one.
//!
//! Format 1: `p1.` then the base64url (no padding) of raw deflate of a JSON
//! payload, either `{"preset": NAME, "patch": PATCH}` (a built-in preset plus
//! what differs, see [`super::patch`]) or `{"plan": PLAN}`. The encoder picks
//! the shorter. Decoding never panics, caps every size, and validates the plan.
//!
//! Format 2 (written since): `p2.` then the base64url of the same raw deflate
//! followed by its CRC-32 (IEEE, 4 bytes, big-endian). Format 1 had no check,
//! so a one-character change could inflate to a different valid plan. One
//! changed base64 character changes at most 6 bits within 2 neighbouring
//! bytes, and a CRC-32 catches every change confined to 4 neighbouring bytes
//! of what it covers, so a single changed character is always caught; other
//! damage (a lost character, many changes) gets past it once in 2^32. It adds
//! 5 or 6 characters; zlib framing would add 8, and its Adler-32 covers the
//! inflated text, not the bytes sent, so it guarantees nothing about them.

use super::{patch, plan_json};
use crate::engine::{Plan, PlanError};
use crate::presets::PRESETS;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use std::fmt;

/// The format this build writes; it reads every format up to it.
pub const VERSION: u32 = 2;
/// Longer links are refused before any decoding (browsers cap URLs near 2 MB).
pub const MAX_LINK_CHARS: usize = 200_000;
/// The most a link may inflate to: a plan at every MODEL.md limit is far less.
pub const MAX_JSON_BYTES: usize = 2 << 20;

#[derive(Debug, Clone, PartialEq)]
pub enum LinkError {
    /// Not a plan link at all.
    NotALink,
    /// A comparison link where a plan link was wanted, or the other way.
    OtherKind {
        comparison: bool,
    },
    /// Made by a newer Headroom.
    Newer(u32),
    /// A comparison link made by a newer Headroom.
    NewerComparison(u32),
    /// Changed on the way (spaces, cut short, not base64, check failed).
    Damaged(&'static str),
    /// A comparison link changed on the way.
    DamagedComparison(&'static str),
    TooLong(usize),
    /// Inflates past [`MAX_JSON_BYTES`].
    TooBig,
    UnknownPreset(String),
    /// Decodes, but the plan in it is not valid.
    Invalid(Vec<PlanError>),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            LinkError::OtherKind { comparison: true } => f.write_str("This is a comparison link, not a plan link: open it as a comparison (on the command line, `headroom compare --link`)."),
            LinkError::OtherKind { comparison: false } => f.write_str("This is a plan link, not a comparison link: open it as a plan (on the command line, `headroom forecast --link`)."),
            LinkError::NotALink => f.write_str("This address does not hold a Headroom plan link. Ask for the link again, or start from a preset."),
            LinkError::Newer(v) => write!(f, "This plan link was made by a newer version of Headroom (link format {v}; this version reads format {VERSION}). Get the newest Headroom (in the app, reload the page), then open the link again."),
            LinkError::NewerComparison(v) => write!(f, "This comparison link was made by a newer version of Headroom (comparison format {v}; this version reads format {COMPARISON_VERSION}). Get the newest Headroom (in the app, reload the page), then open the link again."),
            LinkError::DamagedComparison(why) => write!(f, "This comparison link is damaged: {why}. Nothing was loaded. Ask the sender to copy the link again and send it whole."),
            LinkError::Damaged(why) => write!(f, "This plan link is damaged: {why}. Nothing was loaded. Ask the sender to copy the link again with \"Copy link\" and send it whole."),
            LinkError::TooLong(n) => write!(f, "This plan link is too long ({n} characters; the most is {MAX_LINK_CHARS}). Nothing was loaded. Share the plan as a JSON file instead."),
            LinkError::TooBig => write!(f, "This plan link unpacks to more than {} MB, far more than any plan. Nothing was loaded.", MAX_JSON_BYTES >> 20),
            LinkError::UnknownPreset(p) => write!(f, "This plan link builds on the preset \"{p}\" as another version of Headroom has it, and this version does not. Get the newest Headroom (in the app, reload the page), or ask for the plan as a JSON file."),
            LinkError::Invalid(errors) => {
                let list: Vec<String> = errors.iter().take(5).map(|e| e.to_string()).collect();
                write!(f, "The plan in this link is not valid, so nothing was loaded: {}", list.join("; "))?;
                if errors.len() > 5 {
                    write!(f, "; and {} more", errors.len() - 5)?;
                }
                Ok(())
            }
        }
    }
}

/// The link fragment (without `#`) that carries `plan`.
pub fn encode(plan: &Plan) -> String {
    format!("p{VERSION}.{}", pack(&payload(plan)))
}

/// What a link carries of a plan: `{"plan": PLAN}`, or a preset and what
/// differs from it, whichever is shorter.
fn payload(plan: &Plan) -> Value {
    let full = serde_json::to_value(plan).unwrap_or(Value::Null);
    let mut best = json!({ "plan": full });
    let mut best_len = best.to_string().len();
    for preset in PRESETS.iter() {
        let Some(base) = base_of(preset.name) else {
            continue;
        };
        let candidate = json!({
            "preset": preset.name,
            "base": fingerprint(&base),
            "patch": patch::diff(&base, &full).unwrap_or(json!({})),
        });
        let len = candidate.to_string().len();
        if len < best_len {
            best = candidate;
            best_len = len;
        }
    }
    best
}

/// Raw deflate of the JSON text, its CRC-32 after it, as base64url.
fn pack(v: &Value) -> String {
    let mut packed = miniz_oxide::deflate::compress_to_vec(v.to_string().as_bytes(), 10);
    let check = crc32(&packed);
    packed.extend_from_slice(&check.to_be_bytes());
    URL_SAFE_NO_PAD.encode(packed)
}

/// The link in `text` as the app's address bar gives it: after `#`, or
/// after a `#` a mail tool escaped as `%23` at the address's end, or the
/// whole text (a fragment pasted alone).
pub fn fragment_in(text: &str) -> String {
    match text.rsplit_once('#') {
        Some((_, f)) => f.to_string(),
        None => {
            (super::address::link_in_path(text.trim())).map_or_else(|| text.to_string(), |(_, f)| f)
        }
    }
}

/// Reads a link fragment (with or without `#`, as pasted or as the browser
/// gives it) back into a valid plan. Whitespace around it and a leading `#`
/// are dropped after percent-unescaping, so `%23p2...` (a mail scanner
/// encoded the `#`) and `%20p2...%20` open too; whitespace inside stays damage.
pub fn decode(fragment: &str) -> Result<Plan, LinkError> {
    let (version, payload) = unpack(fragment, 'p', VERSION)?;
    let bytes = unbase64(&payload)?;
    let deflated = if version == 1 {
        &bytes[..]
    } else {
        checked(&bytes)?
    };
    plan_of(&read_json(deflated)?)
}

/// The tag's version and the data after it, from a fragment as pasted.
fn unpack(fragment: &str, tag: char, newest: u32) -> Result<(u32, String), LinkError> {
    if fragment.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong(fragment.len()));
    }
    let unescaped = unescape(fragment);
    let text = unescaped.trim();
    let text = text.trim_start_matches('#').trim_start();
    let (version, data) = split_version(text, tag)?;
    if version > newest {
        return Err(LinkError::Newer(version));
    }
    Ok((version, data.to_string()))
}

fn read_json(deflated: &[u8]) -> Result<Value, LinkError> {
    let json = inflate(deflated)?;
    let value = serde_json::from_slice(&json)
        .map_err(|_| LinkError::Damaged("its contents are not readable"))?;
    // A field given twice is read once, the last one winning: what no
    // writer of links makes, and what a plan file is refused for.
    let text = std::str::from_utf8(&json).unwrap_or_default();
    if super::locate::repeated_key(text).is_some() {
        return Err(LinkError::Damaged("its contents give a field twice"));
    }
    Ok(value)
}

/// The valid plan a payload of [`payload`]'s shape carries.
fn plan_of(payload: &Value) -> Result<Plan, LinkError> {
    // Only what `payload` writes: anything else was added on the way.
    let known = |k: &String| ["plan", "preset", "base", "patch"].contains(&k.as_str());
    if !(payload.as_object()).is_some_and(|o| o.keys().all(known)) {
        return Err(LinkError::Damaged("its contents are not a plan"));
    }
    let plan = match (payload.get("plan"), payload.get("preset")) {
        (Some(plan), None) => plan.clone(),
        (None, Some(Value::String(name))) => {
            let mut base = base_of(name).ok_or_else(|| LinkError::UnknownPreset(name.clone()))?;
            if payload.get("base").and_then(Value::as_str) != Some(fingerprint(&base).as_str()) {
                return Err(LinkError::UnknownPreset(name.clone()));
            }
            patch::apply(&mut base, payload.get("patch").unwrap_or(&Value::Null)).map_err(
                |_| LinkError::Damaged("its changes do not fit the preset they build on"),
            )?;
            base
        }
        _ => return Err(LinkError::Damaged("its contents are not a plan")),
    };
    let mut plan = plan_json::decode(&plan.to_string()).map_err(|e| LinkError::Invalid(vec![e]))?;
    // A link shared before metric ids were names keeps opening, its ids
    // made names (a file or saved plan shows the fault at the id instead).
    plan.name_metric_ids();
    plan_json::checked(plan).map_err(LinkError::Invalid)
}

/// The comparison link format this build writes (`c1.`): the same packing
/// as a plan link, of `{"plans": [PAYLOAD + {"scenario": ID}, ...]}`.
pub const COMPARISON_VERSION: u32 = 1;

/// The fragment of a comparison of `entries` (a plan and a scenario id each).
pub fn encode_comparison(entries: &[(&Plan, &str)]) -> String {
    let plans: Vec<Value> = entries
        .iter()
        .map(|(plan, scenario)| {
            let mut v = payload(plan);
            v["scenario"] = json!(scenario);
            v
        })
        .collect();
    format!("c{COMPARISON_VERSION}.{}", pack(&json!({ "plans": plans })))
}

/// Whether a fragment is a comparison link (a damaged one too).
pub fn is_comparison(fragment: &str) -> bool {
    let text = unescape(fragment);
    let text = text.trim().trim_start_matches('#').trim_start();
    split_version(text, 'c').is_ok()
}

/// Reads a comparison link: each plan (valid) with its scenario id.
pub fn decode_comparison(fragment: &str) -> Result<Vec<(Plan, String)>, LinkError> {
    comparison_plans(fragment).map_err(|e| match e {
        LinkError::Newer(v) => LinkError::NewerComparison(v),
        LinkError::Damaged(why) => LinkError::DamagedComparison(why),
        e => e,
    })
}

/// [`decode_comparison`], its faults said as a plan link's.
fn comparison_plans(fragment: &str) -> Result<Vec<(Plan, String)>, LinkError> {
    let (_, data) = unpack(fragment, 'c', COMPARISON_VERSION)?;
    let v = read_json(checked(&unbase64(&data)?)?)?;
    // Only what `encode_comparison` writes: anything else was added on the way.
    let only_plans = v
        .as_object()
        .is_some_and(|o| o.keys().all(|k| k == "plans"));
    let plans = (v.get("plans").and_then(Value::as_array))
        .filter(|p| only_plans && !p.is_empty())
        .ok_or(LinkError::Damaged("its contents are not a comparison"))?;
    if plans.len() > 4 {
        return Err(LinkError::Damaged(
            "it holds more than the 4 plans a comparison has",
        ));
    }
    plans
        .iter()
        .map(|p| {
            let scenario = (p.get("scenario").and_then(Value::as_str))
                .ok_or(LinkError::Damaged("a plan in it names no scenario"))?;
            let mut payload = p.clone();
            if let Some(o) = payload.as_object_mut() {
                o.remove("scenario");
            }
            Ok((plan_of(&payload)?, scenario.to_string()))
        })
        .collect()
}

/// A preset as the plan serializer writes it, so that numbers compare equal
/// (`0` in the file and `0.0` from the plan are the same number).
fn base_of(name: &str) -> Option<Value> {
    let preset = PRESETS.iter().find(|p| p.name == name)?;
    serde_json::to_value(preset.plan().ok()?).ok()
}

/// A short hash (FNV-1a) of a preset's contents: a link built on a preset
/// that has since changed is refused rather than misread. Presets that links
/// refer to are therefore never edited in place (tests/fixtures/links guard it).
fn fingerprint(base: &Value) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in base.to_string().bytes() {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

/// Undoes percent-encoding, including double encoding (`%252E`) by mail
/// and chat tools; a link never holds a literal `%`.
fn unescape(text: &str) -> String {
    let mut s = text.to_string();
    for _ in 0..3 {
        if !s.contains('%') {
            break;
        }
        s = super::address::percent_decode(&s);
    }
    s
}

/// `p1.DATA` gives (1, "DATA") for the tag `p` (plans; `c`: comparisons).
fn split_version(text: &str, tag: char) -> Result<(u32, &str), LinkError> {
    let other = if tag == 'p' { 'c' } else { 'p' };
    if text.strip_prefix(other).is_some_and(|r| {
        r.split_once('.')
            .is_some_and(|(v, _)| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
    }) {
        return Err(LinkError::OtherKind {
            comparison: other == 'c',
        });
    }
    let rest = text.strip_prefix(tag).ok_or(LinkError::NotALink)?;
    let (v, data) = rest.split_once('.').ok_or(LinkError::NotALink)?;
    let version: u32 = v.parse().map_err(|_| LinkError::NotALink)?;
    if version == 0 {
        return Err(LinkError::NotALink);
    }
    Ok((version, data))
}

/// The base64url text of a link as bytes.
fn unbase64(data: &str) -> Result<Vec<u8>, LinkError> {
    if data.contains(char::is_whitespace) {
        return Err(LinkError::Damaged(
            "it has spaces or line breaks in it, so it was changed on the way",
        ));
    }
    // The standard base64 alphabet for the URL-safe one is an unambiguous mix-up.
    let data: String = data
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    if data.is_empty() {
        return Err(LinkError::Damaged(
            "it ends where its contents should start",
        ));
    }
    URL_SAFE_NO_PAD
        .decode(data.as_bytes())
        .map_err(|_| LinkError::Damaged("it has characters a link never holds, or was cut short"))
}

/// Format 2: the deflated bytes, once their CRC-32 (the last 4 bytes) matches.
fn checked(bytes: &[u8]) -> Result<&[u8], LinkError> {
    if bytes.len() <= 4 {
        return Err(LinkError::Damaged("it was cut short"));
    }
    let (body, check) = bytes.split_at(bytes.len() - 4);
    if crc32(body).to_be_bytes() != check {
        return Err(LinkError::Damaged(
            "its check does not match its contents, so it was changed on the way or cut short",
        ));
    }
    Ok(body)
}

/// CRC-32 as in zlib, PNG and Ethernet (reflected polynomial 0xEDB88320).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// The deflate stream `bytes` holds, inflated, at most [`MAX_JSON_BYTES`].
/// Bytes after the stream's end are damage too: a format 1 link has no
/// check, and text appended to it would otherwise open unnoticed.
fn inflate(mut bytes: &[u8]) -> Result<Vec<u8>, LinkError> {
    use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
    use miniz_oxide::inflate::TINFLStatus;
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut out = vec![0; bytes.len().saturating_mul(4).clamp(1, MAX_JSON_BYTES)];
    let mut state = Box::<DecompressorOxide>::default();
    let mut written = 0;
    loop {
        let (status, read, wrote) = decompress(&mut state, bytes, &mut out, written, flags);
        written += wrote;
        bytes = bytes.get(read..).unwrap_or_default();
        match status {
            TINFLStatus::Done if bytes.is_empty() => {
                out.truncate(written);
                return Ok(out);
            }
            TINFLStatus::Done => {
                return Err(LinkError::Damaged(
                    "it goes on after its contents end, so it was changed on the way",
                ))
            }
            TINFLStatus::HasMoreOutput if out.len() >= MAX_JSON_BYTES => {
                return Err(LinkError::TooBig)
            }
            TINFLStatus::HasMoreOutput => out.resize((out.len() * 2).min(MAX_JSON_BYTES), 0),
            _ => return Err(LinkError::Damaged("it was cut short or changed")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_the_standard_one() {
        // The check value of CRC-32/ISO-HDLC (the catalogue's "123456789").
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }
}
