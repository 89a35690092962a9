//! The plan reader tells a decode error at a path it finds from the place
//! serde_json stopped at (`formats::locate::path_at`). Here every value of
//! a few plans is damaged in turn (a wrong type, gone, an unknown field, an
//! extra item, a field given twice), and that path is held to the one
//! serde_path_to_error tracks while reading the same text.

use headroom::engine::{Path, Plan};
use headroom::formats::plan_json;
use headroom::presets;
use serde_json::{json, Value};

/// The path serde_path_to_error gives for `text`'s decode error, if any.
fn tracked(text: &str) -> Option<Path> {
    use serde_path_to_error::Segment;
    let mut de = serde_json::Deserializer::from_str(text);
    let e = serde_path_to_error::deserialize::<_, Plan>(&mut de).err()?;
    let mut path = Path::root();
    for segment in e.path().iter() {
        path = match segment {
            Segment::Seq { index } => path.at(*index),
            Segment::Map { key } => path.name(key),
            Segment::Enum { variant } => path.name(variant),
            Segment::Unknown => path,
        };
    }
    Some(path)
}

/// Whether `text` fails to read (`what` damaged it), its error then told
/// at the path reading tracked.
fn same_path(text: &str, what: &str) -> bool {
    let Some(want) = tracked(text) else {
        return false;
    };
    let got = plan_json::decode(text).expect_err("the tracked read failed");
    assert_eq!(got.path, want, "{what}: {got}\n{text}");
    true
}

/// Every value's place in `v`, as JSON pointers.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| pointers(x, format!("{at}/{k}"), out)),
        Value::Array(a) => {
            (a.iter().enumerate()).for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out))
        }
        _ => {}
    }
    out.push(at);
}

/// `v` with the value at `pointer` changed by `damage`.
fn damaged(v: &Value, pointer: &str, damage: &dyn Fn(&mut Value)) -> Value {
    let mut out = v.clone();
    if let Some(x) = out.pointer_mut(pointer) {
        damage(x);
    }
    out
}

fn plans() -> Vec<Value> {
    let mut out: Vec<Value> = ["three-tier", "elastic-hpa"]
        .iter()
        .map(|name| {
            let p = presets::PRESETS.iter().find(|p| p.name == *name).unwrap();
            serde_json::from_str(p.json).unwrap()
        })
        .collect();
    // Growth models of the other two kinds, and a commitment.
    let mut other = out[0].clone();
    other["scenarios"][0]["growth"] =
        json!({"kind": "table", "points": [[0, 100], [12, {"low": 500, "high": 900}]]});
    other["scenarios"][1]["growth"] = json!({"kind": "logistic", "rate": 0.2, "capacity": 1e6});
    other["pricing"]["commitment"] =
        json!({"amount": 1000, "term_months": 12, "discount": 0.3, "categories": ["compute"]});
    out.push(other);
    out
}

/// A way to damage a value, and its name.
type Damage<'a> = (&'a str, &'a dyn Fn(&mut Value));

#[test]
fn a_decode_error_s_path_is_the_one_reading_tracked() {
    let wrong: [Damage; 11] = [
        ("a text", &|x| *x = json!("x")),
        ("a list", &|x| *x = json!([])),
        ("an object", &|x| *x = json!({})),
        ("a fraction", &|x| *x = json!(1.5)),
        ("a negative number", &|x| *x = json!(-1)),
        ("null", &|x| *x = Value::Null),
        ("a list of a number", &|x| *x = json!([1])),
        ("an object with a field", &|x| *x = json!({"a": 1})),
        ("an unknown field", &|x| {
            if let Some(o) = x.as_object_mut() {
                o.insert("zz".into(), json!(1));
            }
        }),
        ("an extra item", &|x| {
            if let Some(a) = x.as_array_mut() {
                a.push(json!(1));
            }
        }),
        ("a field gone", &|x| {
            if let Some(o) = x.as_object_mut() {
                let first = o.keys().next().cloned();
                first.map(|k| o.remove(&k));
            }
        }),
    ];
    let mut compared = 0;
    for plan in plans() {
        let mut all = Vec::new();
        pointers(&plan, String::new(), &mut all);
        for pointer in &all {
            for (what, damage) in &wrong {
                let v = damaged(&plan, pointer, damage);
                for text in [serde_json::to_string_pretty(&v).unwrap(), v.to_string()] {
                    compared += same_path(&text, &format!("{what} at {pointer}")) as usize;
                }
            }
        }
    }
    assert!(compared > 1000, "{compared}");
}

#[test]
fn a_syntax_fault_s_path_is_the_one_reading_tracked() {
    // A stray comma after each comma, and each closing bracket of a list
    // or object written as the other kind, in the text on one line and
    // pretty-printed.
    let mut compared = 0;
    for plan in plans() {
        for text in [
            plan.to_string(),
            serde_json::to_string_pretty(&plan).unwrap(),
        ] {
            let places = text
                .char_indices()
                .filter(|(_, c)| matches!(c, ',' | ']' | '}'));
            for (i, c) in places {
                let damaged = match c {
                    ',' => format!("{},{}", &text[..=i], &text[i + 1..]),
                    ']' => format!("{}}}{}", &text[..i], &text[i + 1..]),
                    _ => format!("{}]{}", &text[..i], &text[i + 1..]),
                };
                compared += same_path(&damaged, &format!("{c:?} at {i}")) as usize;
            }
        }
    }
    assert!(compared > 1000, "{compared}");
}

#[test]
fn a_field_given_twice_is_told_at_its_object() {
    let text = plan_json::encode(&presets::default_plan());
    let twice = text.replacen(
        "\"name\": \"Backend",
        "\"name\": \"x\",\n\"name\": \"Backend",
        1,
    );
    assert_ne!(twice, text);
    let want = tracked(&twice).unwrap();
    assert_eq!(plan_json::decode(&twice).unwrap_err().path, want);
}
