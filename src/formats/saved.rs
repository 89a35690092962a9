//! The record the app keeps in browser storage: the plan being edited, with
//! when it was saved. Versioned like every other format.

use super::{locate, plan_json};
use crate::engine::{Path, Plan};
use serde::{Deserialize, Serialize};

pub const FORMAT: u32 = 1;

/// A record as written. The plan goes through a JSON tree, as links'
/// plans do: serializing it straight to compact text would add one more
/// copy of the plan's serializer to the wasm bundle (about 4 KB gzip), for
/// a few ms per save of the largest plan.
#[derive(Serialize)]
struct Record {
    format: u32,
    /// Milliseconds since 1970 (the browser's clock).
    saved_at: f64,
    plan: serde_json::Value,
}

/// A record's head: its plan is passed over, not decoded, so that reading
/// when a record was saved costs a scan, not a decode.
#[derive(Deserialize)]
struct Head {
    format: u32,
    saved_at: f64,
    #[allow(dead_code)]
    plan: serde::de::IgnoredAny,
}

/// The record for `plan`, saved at `saved_at`.
pub fn encode(plan: &Plan, saved_at: f64) -> String {
    let record = Record {
        format: FORMAT,
        saved_at,
        plan: serde_json::to_value(plan).unwrap_or_default(),
    };
    serde_json::to_string(&record).unwrap_or_default()
}

/// A record, or its head, as read from `text`.
fn parse<'a, R: Deserialize<'a>>(text: &'a str) -> Result<R, String> {
    serde_json::from_str(text)
        .map_err(|e| format!("the plan saved in this browser is damaged ({e})"))
}

/// A record written by a newer version of Headroom is not read.
fn known(format: u32) -> Result<(), String> {
    if format > FORMAT {
        return Err(format!(
            "the plan saved in this browser was written by a newer version of Headroom (format {format}); reload the page to get it"
        ));
    }
    Ok(())
}

/// When a record was saved, read without decoding its plan (which may
/// still be damaged: [`decode`] says).
pub fn saved_at(text: &str) -> Result<f64, String> {
    let head: Head = parse(text)?;
    known(head.format)?;
    Ok(head.saved_at)
}

/// Reads a record back. The plan is decoded but not validated: a saved plan
/// may be mid-edit, and the app shows its problems rather than dropping it.
pub fn decode(text: &str) -> Result<(Plan, f64), String> {
    let head: Head = parse(text)?;
    known(head.format)?;
    // The plan's text as it stands in the record, decoded once by the plan
    // file reader (not parsed into a tree, written out and parsed again).
    let plan = locate::span(text, &Path::field("plan"))
        .ok_or("the plan saved in this browser is damaged (it holds no plan)")?;
    let plan = plan_json::decode(&text[plan])
        .map_err(|e| format!("the plan saved in this browser is damaged at {e}"))?;
    Ok((plan, head.saved_at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::default_plan;

    #[test]
    fn round_trips_and_names_damage() {
        let plan = default_plan();
        let text = encode(&plan, 1.7e12);
        assert_eq!(decode(&text), Ok((plan.clone(), 1.7e12)));
        assert!(decode("{\"format\":1,").unwrap_err().contains("damaged"));
        assert!(decode(&text.replace("\"format\":1", "\"format\":9"))
            .unwrap_err()
            .contains("newer"));
        assert_eq!(saved_at(&text), Ok(1.7e12));
        // The time reads from a record whose plan is damaged; decoding it
        // still says where.
        let damaged = text.replace("\"initial_users\":10000.0", "\"initial_users\":[]");
        assert!(damaged != text);
        assert_eq!(saved_at(&damaged), Ok(1.7e12));
        assert!(decode(&damaged).unwrap_err().contains("initial_users"));
        let bad = text.replace("\"initial_users\":10000.0", "\"initial_users\":\"many\"");
        assert!(bad != text);
        assert!(decode(&bad).unwrap_err().contains("initial_users"));
    }

    #[test]
    fn the_plan_is_read_wherever_it_sits_in_the_record() {
        let mut plan = default_plan();
        plan.name = "A \"plan\": {not this}".into();
        let body = crate::formats::plan_json::encode(&plan);
        let text = format!("{{ \"plan\" :\n{body} ,\n \"saved_at\": 5, \"format\": 1 }}");
        assert_eq!(decode(&text), Ok((plan.clone(), 5.0)));
        // A record is one JSON object: anything after it is damage.
        assert!(decode(&format!("{text} x"))
            .unwrap_err()
            .contains("damaged"));
        let twice = format!("{{\"format\":1,\"saved_at\":5,\"plan\":{body},\"plan\":{body}}}");
        assert!(decode(&twice).unwrap_err().contains("damaged"));
    }
}
