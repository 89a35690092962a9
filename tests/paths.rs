//! Typed input paths (`engine::Path`): every numeric input of every preset
//! has one path that names its place in the plan file, reads back from its
//! own text, is where the validator reports a bad value, has a planner's
//! label, and gives its editor field a unique element id.
//!
//! The list of element ids is also written to `target/e2e/inputs.json`,
//! where the browser suite (tests/e2e/fields.test.mjs) checks that the
//! editor has a labelled field under each one.

use headroom::engine::{inputs, validate, Domain, Path, Plan, Step};
use headroom::formats::plan_json;
use headroom::presets::PRESETS;
use headroom::report::input_label;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Every input of `plan`, with its domain.
fn inputs_of(plan: &Plan) -> Vec<(Path, Domain)> {
    let mut list = Vec::new();
    inputs::each(plan, &mut |path, input| list.push((path, input.domain)));
    list
}

/// The JSON value at `path`, for writing.
fn at<'a>(value: &'a mut Value, path: &Path) -> Option<&'a mut Value> {
    path.steps().iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_ref()),
        Step::Index(i) => v.get_mut(*i),
    })
}

/// The path's parent and its last key.
fn split_last(path: &Path) -> (Path, String) {
    let (last, rest) = path.steps().split_last().unwrap();
    let mut parent = Path::root();
    for step in rest {
        parent.push(step.clone());
    }
    match last {
        Step::Key(k) => (parent, k.to_string()),
        Step::Index(_) => panic!("{path}: a list item is never left out"),
    }
}

#[test]
fn a_path_reads_back_from_its_text_and_names_a_place_in_the_plan_file() {
    for preset in &PRESETS {
        let plan = preset.plan().unwrap();
        let mut file: Value = serde_json::to_value(&plan).unwrap();
        for (path, _) in inputs_of(&plan) {
            let text = path.to_string();
            assert_eq!(
                Path::parse(&text).as_ref(),
                Ok(&path),
                "{}: {text}",
                preset.name
            );
            match at(&mut file, &path) {
                Some(v) => {
                    let number = v.is_number() || v.get("low").is_some();
                    assert!(number, "{}: {text} is not a number", preset.name);
                }
                // A default the file leaves out (a driver's base of 0): a
                // number put there is read as that input.
                None => {
                    let mut with = file.clone();
                    let (parent, name) = split_last(&path);
                    let obj = at(&mut with, &parent).and_then(Value::as_object_mut);
                    obj.unwrap().insert(name, json!(7));
                    let read = plan_json::decode(&with.to_string()).unwrap();
                    let mut seen = None;
                    inputs::each(&read, &mut |p, i| {
                        if p == path {
                            seen = Some(i.num.median());
                        }
                    });
                    assert_eq!(seen, Some(7.0), "{}: {text}", preset.name);
                }
            }
        }
    }
}

#[test]
fn a_bad_value_at_an_inputs_path_is_reported_at_that_path() {
    for preset in &PRESETS {
        let plan = preset.plan().unwrap();
        for (path, domain) in inputs_of(&plan) {
            if domain == Domain::ANY {
                continue; // a driver's factor and base take any number
            }
            let mut file: Value = serde_json::to_value(&plan).unwrap();
            *at(&mut file, &path).unwrap() = json!(-5);
            let broken = plan_json::decode(&file.to_string()).unwrap();
            let errors = validate(&broken);
            assert!(
                errors.iter().any(|e| e.path == path),
                "{}: -5 at {path} gave {errors:?}",
                preset.name
            );
        }
    }
}

#[test]
fn every_input_has_a_planners_label_and_its_own_element_id() {
    let mut listing = serde_json::Map::new();
    for preset in &PRESETS {
        let plan = preset.plan().unwrap();
        let mut ids = BTreeSet::new();
        let mut fields = Vec::new();
        for (path, _) in inputs_of(&plan) {
            let label = input_label(&plan, &path);
            assert_ne!(label, path.to_string(), "{}: no label", preset.name);
            assert!(!label.contains(['[', '_']), "{}: {label}", preset.name);
            let id = path.element_id();
            assert!(ids.insert(id.clone()), "{}: {id} twice", preset.name);
            fields.push(json!({ "path": path, "label": label, "id": id }));
        }
        listing.insert(preset.name.into(), fields.into());
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
    std::fs::create_dir_all(&dir).unwrap();
    let text = serde_json::to_string_pretty(&listing).unwrap();
    std::fs::write(dir.join("inputs.json"), text).unwrap();
}

#[test]
fn paths_print_as_json_paths_and_ids_keep_to_safe_characters() {
    let p = Path::component(1, 3).key("unit_cost");
    assert_eq!(p.to_string(), "tiers[1].components[3].unit_cost");
    assert_eq!(p.element_id(), "f-tiers-1-components-3-unit_cost");
    let points = Path::scenario(0).key("growth").key("points").at(2).at(1);
    assert_eq!(points.to_string(), "scenarios[0].growth.points[2][1]");
    assert_eq!(
        Path::limit(0, "a b.c").element_id(),
        "f-tiers-0-limits-a_b_c"
    );
    assert_eq!(Path::root().to_string(), "");
    assert_eq!(Path::parse(""), Ok(Path::root()));
    for bad in [
        "tiers[",
        "tiers[x]",
        ".name",
        "name.",
        "a..b",
        "tiers[1]x",
        "a b",
    ] {
        assert!(Path::parse(bad).is_err(), "{bad}");
    }
    assert!(p.starts_with(&Path::tier(1)));
    assert!(!p.starts_with(&Path::tier(2)));
    assert_eq!(p.index_of("tiers"), Some(1));
    assert_eq!(p.index_of("scenarios"), None);
}
