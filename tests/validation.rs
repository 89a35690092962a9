//! MODEL.md section 8: every error at once, each with its JSON path and a
//! plain reason; decode errors name the path, line and column.

mod support;

use headroom::formats::plan_json;
use serde_json::json;
use support::{base, errors, with};

#[test]
fn a_valid_plan_has_no_errors() {
    assert_eq!(errors(&base()), Vec::<String>::new());
}

#[test]
fn reports_every_error_with_its_path() {
    let plan = with(base(), "horizon_months", json!(121));
    let plan = with(
        plan,
        "tiers",
        json!([{"id": "t", "label": "T", "limits": {"nope": 5},
        "components": [
            {"name": "ok", "category": "compute", "unit": "u", "unit_cost": 1, "quantity": 1},
            {"name": "bad", "category": "compute", "unit": "u", "unit_cost": -5, "quantity": 1}
        ]}]),
    );
    let errs = errors(&plan);
    assert!(
        errs.contains(&"horizon_months: must be from 1 to 120, got 121".to_string()),
        "{errs:?}"
    );
    assert!(
        errs.contains(&"tiers[0].components[1].unit_cost: must be >= 0, got -5".to_string()),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with("tiers[0].limits.nope: unknown metric \"nope\"")),
        "{errs:?}"
    );
    assert_eq!(errs.len(), 3, "{errs:?}");
}

#[test]
fn duplicate_ids_unknown_references_and_cycles() {
    let plan = with(
        base(),
        "metrics",
        json!([
            {"id": "a", "label": "A", "unit": "", "from": "b", "factor": 1},
            {"id": "b", "label": "B", "unit": "", "from": "a", "factor": 1},
            {"id": "b", "label": "B again", "unit": "", "from": "ghost", "factor": 1}
        ]),
    );
    let errs = errors(&plan);
    assert!(
        errs.iter()
            .any(|e| e == "metrics[2].id: duplicate metric id \"b\""),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with("metrics[2].from: unknown metric \"ghost\"")),
        "{errs:?}"
    );
    let cycle = with(
        base(),
        "metrics",
        json!([
            {"id": "a", "label": "A", "unit": "", "from": "b", "factor": 1},
            {"id": "b", "label": "B", "unit": "", "from": "a", "factor": 1}
        ]),
    );
    let errs = errors(&cycle);
    assert_eq!(
        errs,
        vec!["metrics[0].from: metric \"a\" depends on itself through `from`"]
    );
}

#[test]
fn growth_rules() {
    let bad = |g: serde_json::Value| {
        errors(&with(
            base(),
            "scenarios",
            json!([{"id": "s", "label": "S", "growth": g}]),
        ))
    };
    let e = bad(
        json!({"kind": "compound", "churn": 0.5, "segments": [{"from": 1, "to": 6, "rate": -0.6}, {"from": 6, "rate": 0.1}]}),
    );
    assert!(
        e.iter()
            .any(|x| x
                .starts_with("scenarios[0].growth.segments[0].rate: rate - churn must be > -1")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|x| x.starts_with("scenarios[0].growth.segments[1].from: overlaps")),
        "{e:?}"
    );
    let e = bad(json!({"kind": "table", "points": [[3, 10], [3, 20]]}));
    assert!(
        e.iter()
            .any(|x| x
                .starts_with("scenarios[0].growth.points[1][0]: months must increase strictly")),
        "{e:?}"
    );
    let e = bad(json!({"kind": "logistic", "rate": 0.2, "capacity": 500}));
    assert!(
        e.iter()
            .any(|x| x.starts_with("scenarios[0].growth.capacity: must be above initial users")),
        "{e:?}"
    );
}

#[test]
fn huge_and_tiny_numbers_are_echoed_in_exponent_form() {
    // Written out, 1e308 is a 1 and 308 zeros, and 2.5e-9 has 8 zeros after
    // the point; a message shows them as typed in exponent form.
    let plan = with(base(), "initial_users", json!(1e308));
    assert_eq!(
        errors(&plan),
        vec!["initial_users: must be <= 10^12, got 1e308"]
    );
    let plan = with(base(), "initial_users", json!(-1e308));
    assert_eq!(
        errors(&plan),
        vec!["initial_users: must be >= 0, got -1e308"]
    );
    let plan = with(base(), "initial_users", json!(-2.5e-9));
    assert_eq!(
        errors(&plan),
        vec!["initial_users: must be >= 0, got -2.5e-9"]
    );
    let plan = with(base(), "initial_users", json!({"low": 5e-7, "high": 1e-7}));
    assert_eq!(
        errors(&plan),
        vec!["initial_users: low must not be above high, got low 5e-7 and high 1e-7"]
    );
    let plan = with(
        base(),
        "tiers",
        json!([{"id": "t", "label": "T", "components": [
            {"name": "a", "category": "compute", "unit": "u", "unit_cost": -1e20, "quantity": 1},
            {"name": "b", "category": "compute", "unit": "u", "unit_cost": -123456.75, "quantity": 1},
            {"name": "c", "category": "compute", "unit": "u", "unit_cost": -0.000125, "quantity": 1}
        ]}]),
    );
    // Everyday magnitudes stay as they were typed.
    assert_eq!(
        errors(&plan),
        vec![
            "tiers[0].components[0].unit_cost: must be >= 0, got -1e20",
            "tiers[0].components[1].unit_cost: must be >= 0, got -123456.75",
            "tiers[0].components[2].unit_cost: must be >= 0, got -0.000125",
        ]
    );
}

#[test]
fn the_horizon_message_states_the_rule() {
    // MODEL.md section 1: horizon_months is 1 to 120; 0 is refused, and the
    // message says 1 is the least.
    for (months, valid) in [(0, false), (1, true), (120, true), (121, false)] {
        let errs = errors(&with(base(), "horizon_months", json!(months)));
        if valid {
            assert_eq!(errs, Vec::<String>::new(), "{months}");
        } else {
            assert_eq!(
                errs,
                vec![format!(
                    "horizon_months: must be from 1 to 120, got {months}"
                )]
            );
        }
    }
}

#[test]
fn a_byte_order_mark_before_the_plan_is_skipped() {
    let text = base().to_string();
    let with_bom = format!("\u{FEFF}{text}");
    assert_eq!(
        plan_json::load(&with_bom),
        plan_json::load(&text),
        "a BOM is not part of the plan"
    );
    assert!(plan_json::load(&with_bom).is_ok());
    // Only at the start: elsewhere it is a character like any other.
    assert!(plan_json::decode(&format!("{text}\u{FEFF}")).is_err());
}

#[test]
fn ranges_are_checked_at_both_ends() {
    let plan = with(base(), "initial_users", json!({"low": 500, "high": 100}));
    assert_eq!(
        errors(&plan),
        vec!["initial_users: low must not be above high, got low 500 and high 100"]
    );
    let plan = with(
        base(),
        "initial_users",
        json!({"low": 0, "high": 100, "dist": "lognormal"}),
    );
    assert_eq!(
        errors(&plan),
        vec!["initial_users.low: a lognormal range needs low > 0, got 0"]
    );
    let plan = with(base(), "initial_users", json!({"low": 1, "high": 2e12}));
    assert_eq!(
        errors(&plan),
        vec!["initial_users.high: must be <= 10^12, got 2000000000000"]
    );
}

#[test]
fn a_category_in_both_discount_programs_is_an_error() {
    let plan = with(
        base(),
        "pricing",
        json!({
        "reserved": {"coverage": 0.5, "discount": 0.4, "categories": ["compute"]},
        "spot": {"coverage": 1.5, "discount": 0.7, "categories": ["compute"]}}),
    );
    let errs = errors(&plan);
    assert!(
        errs.contains(&"pricing.spot.coverage: must be <= 1, got 1.5".to_string()),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with("pricing.spot.categories[0]: \"compute\" is also listed")),
        "{errs:?}"
    );
}

#[test]
fn size_limits() {
    let many = |n: usize, item: serde_json::Value| {
        serde_json::Value::Array(
            (0..n)
                .map(|i| {
                    let mut v = item.clone();
                    v["id"] = json!(format!("x{i}"));
                    v
                })
                .collect(),
        )
    };
    let s = json!({"id": "", "label": "S", "growth": {"kind": "compound", "segments": []}});
    let errs = errors(&with(base(), "scenarios", many(13, s)));
    assert!(
        errs.contains(&"scenarios: at most 12 scenarios, got 13".to_string()),
        "{errs:?}"
    );
    let errs = errors(&with(base(), "scenarios", json!([])));
    assert!(
        errs.contains(&"scenarios: needs at least 1 scenarios".to_string())
            || errs
                .iter()
                .any(|e| e.starts_with("scenarios: needs at least 1")),
        "{errs:?}"
    );
    let errs = errors(&with(base(), "tiers", json!([])));
    assert!(
        errs.iter()
            .any(|e| e.starts_with("tiers: needs at least 1")),
        "{errs:?}"
    );
}

#[test]
fn newer_schema_says_so() {
    let errs = errors(&with(base(), "schema", json!(2)));
    assert_eq!(
        errs,
        vec!["schema: this plan needs a newer Headroom (schema 2); this version reads schema 1"]
    );
}

#[test]
fn unknown_fields_are_rejected_with_their_path() {
    let mut plan = base();
    plan["tiers"][0]["components"][0]["unit_cots"] = json!(5);
    let e = plan_json::decode(&serde_json::to_string_pretty(&plan).unwrap()).unwrap_err();
    assert_eq!(e.path, "tiers[0].components[0].unit_cots");
    assert!(
        e.message
            .starts_with("unknown field `unit_cots`, expected one of"),
        "{e}"
    );
    assert!(e.message.contains("(line "), "{e}");
}

#[test]
fn a_field_that_does_not_belong_to_the_growth_kind_is_rejected() {
    let plan = with(
        base(),
        "scenarios",
        json!([{"id": "s", "label": "S",
        "growth": {"kind": "table", "points": [[1, 5]], "churn": 0.1}}]),
    );
    let e = plan_json::decode(&plan.to_string()).unwrap_err();
    assert_eq!(e.path, "scenarios[0].growth");
    assert!(
        e.message
            .contains("`churn` does not belong to table growth"),
        "{e}"
    );
}

/// The line and column of the first `{` on the first line of `text` that
/// holds `marker`.
fn brace_after(text: &str, marker: &str) -> String {
    let (n, line) = (text.lines().enumerate())
        .find(|(_, l)| l.contains(marker))
        .unwrap();
    format!("(line {}, column {})", n + 1, line.find('{').unwrap() + 1)
}

#[test]
fn an_error_found_once_a_value_is_read_is_told_at_the_value() {
    // The growth's fields are checked together once the whole object is
    // read, when serde_json stands at its closing brace or, when growth is
    // the scenario's last field, at the token after it: either way the
    // place told is where the growth starts.
    let scenario = |growth_first: bool| {
        let growth = r#""growth": {
        "kind": "table",
        "points": [[1, 5]],
        "churn": 0.1
      }"#;
        let names = r#""id": "s",
      "label": "S""#;
        let (a, b) = if growth_first {
            (growth, names)
        } else {
            (names, growth)
        };
        format!("{{\n      {a},\n      {b}\n    }}")
    };
    for growth_first in [false, true] {
        let text = format!(
            r#"{{
  "schema": 1,
  "name": "Test plan",
  "horizon_months": 12,
  "initial_users": 1000,
  "scenarios": [
    {}
  ],
  "tiers": [{{"id": "only", "label": "Only", "components": [
    {{"name": "Server", "category": "compute", "unit": "server", "unit_cost": 100, "quantity": 1}}
  ]}}]
}}"#,
            scenario(growth_first)
        );
        let want = brace_after(&text, "\"growth\": {");
        let e = plan_json::decode(&text).unwrap_err();
        assert_eq!(e.path, "scenarios[0].growth");
        assert!(e.message.contains("`churn` does not belong"), "{e}");
        assert!(e.message.ends_with(&want), "{e}, want {want}\n{text}");
    }
    // A missing field is found at the object's closing brace: told at its
    // opening one.
    let mut plan = base();
    plan["tiers"][0]["components"][0]
        .as_object_mut()
        .unwrap()
        .remove("unit_cost");
    let text = serde_json::to_string_pretty(&plan).unwrap();
    let e = plan_json::decode(&text).unwrap_err();
    assert_eq!(e.path, "tiers[0].components[0]");
    let (n, line) = (text.lines().enumerate())
        .skip_while(|(_, l)| !l.contains("\"components\": ["))
        .nth(1)
        .unwrap();
    let want = format!("(line {}, column {})", n + 1, line.find('{').unwrap() + 1);
    assert!(e.message.ends_with(&want), "{e}, want {want}\n{text}");
    // An error inside a number or a text keeps the place the reader
    // stopped at: the value's last character.
    let text = "{\n  \"schema\": 1,\n  \"initial_users\": \"many\",\n  \"tiers\": []\n}";
    let e = plan_json::decode(text).unwrap_err();
    assert!(e.message.ends_with("(line 3, column 25)"), "{e}");
}

#[test]
fn bad_json_names_line_and_column() {
    let e = plan_json::decode("{\n  \"schema\": 1,\n  \"name\": \"x\",\n  \"tiers\": [\n}")
        .unwrap_err();
    assert!(e.message.contains("line 5, column 1"), "{e}");
    let e = plan_json::decode(
        "{\"schema\": 1, \"name\": \"x\", \"initial_users\": \"many\", \"tiers\": []}",
    )
    .unwrap_err();
    assert_eq!(e.path, "initial_users");
    assert!(e.message.contains("a number or a range"), "{e}");
}

#[test]
fn a_whole_number_field_says_so_in_words() {
    for (value, got) in [("1.5", "number `1.5`"), ("-3", "integer `-3`")] {
        let text = format!(r#"{{"schema": 1, "name": "x", "horizon_months": {value}}}"#);
        let e = plan_json::decode(&text).unwrap_err();
        assert_eq!(e.path, "horizon_months");
        assert!(e.message.contains(got), "{e}");
        assert!(e.message.contains("expected a whole number"), "{e}");
        assert!(!e.message.contains("u32"), "{e}");
    }
}

#[test]
fn mixed_quantity_shapes_are_rejected() {
    let mut plan = base();
    plan["tiers"][0]["components"][0]["quantity"] =
        json!({"metric": "users", "factor": 1, "per": 5});
    let e = plan_json::decode(&plan.to_string()).unwrap_err();
    assert_eq!(e.path, "tiers[0].components[0].quantity");
    assert!(
        e.message.contains("mixes usage-priced and sized fields"),
        "{e}"
    );
}

#[test]
fn non_finite_numbers_built_in_code_are_errors() {
    let mut plan = support::decode(&base());
    plan.initial_users = f64::NAN.into();
    plan.tiers[0].components[0].unit_cost = f64::INFINITY.into();
    let errs: Vec<String> = headroom::engine::validate(&plan)
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert!(
        errs.contains(&"initial_users: must be a finite number, got NaN".to_string()),
        "{errs:?}"
    );
    assert!(
        errs.contains(
            &"tiers[0].components[0].unit_cost: must be a finite number, got inf".to_string()
        ),
        "{errs:?}"
    );
}

#[test]
fn every_metric_cycle_is_reported() {
    let plan = with(
        base(),
        "metrics",
        json!([
            {"id": "a", "label": "A", "unit": "", "from": "b", "factor": 1},
            {"id": "b", "label": "B", "unit": "", "from": "a", "factor": 1},
            {"id": "c", "label": "C", "unit": "", "from": "c", "factor": 1},
            {"id": "d", "label": "D", "unit": "", "from": "c", "factor": 1}
        ]),
    );
    assert_eq!(
        errors(&plan),
        vec![
            "metrics[0].from: metric \"a\" depends on itself through `from`",
            "metrics[2].from: metric \"c\" depends on itself through `from`",
        ]
    );
}

#[test]
fn a_limit_named_twice_is_rejected() {
    let text = r#"{"schema": 1, "name": "x", "initial_users": 1, "tiers": [{"id": "t", "label": "T", "limits": {"users": 1000, "users": 100}}]}"#;
    let e = plan_json::decode(text).unwrap_err();
    assert_eq!(e.path, "tiers[0].limits");
    assert!(e.message.starts_with("duplicate key \"users\""), "{e}");
}

/// The base plan with one driver, of id `id`, drawn from users.
fn driver(id: &str) -> serde_json::Value {
    let metric = json!([{"id": id, "label": "X", "unit": "", "from": "users", "factor": 1}]);
    with(base(), "metrics", metric)
}

/// A metric id names a limit, an actuals column and a step of a plan path,
/// so it is a name: a space or a dot in it is refused at the id.
#[test]
fn a_metric_id_is_a_name() {
    for bad in ["peak rps", "rps.peak", "r,ps", "rps[0]"] {
        let plan = driver(bad);
        assert_eq!(
            errors(&plan),
            vec![format!(
                "metrics[0].id: a metric id holds only letters, digits, '_' and '-', got \"{bad}\""
            )]
        );
    }
    // A control character is told as one, shown escaped: the message
    // stays on one line.
    let plan = driver("a\nb");
    assert_eq!(
        errors(&plan),
        vec!["metrics[0].id: must not hold control characters (tabs, line breaks, escapes), got '\\n' in \"a\\nb\""]
    );
    // Blank is told once, as blank.
    let plan = driver("  ");
    assert_eq!(
        errors(&plan),
        vec![r#"metrics[0].id: must not be blank, got "  ""#]
    );
    let plan = driver("");
    assert_eq!(errors(&plan), vec!["metrics[0].id: must not be empty"]);
    let fine = driver("peak_rps-2");
    assert_eq!(errors(&fine), Vec::<String>::new());
}

/// A driver named like a column the outputs already have (the forecast's
/// CSV, an actual's figures, an actuals paste's header, which reads any
/// case) would be mistaken for it: refused, in any case. `users` keeps its
/// own message and is not a cycle of a driver drawn from users.
#[test]
fn a_metric_id_is_not_a_name_the_outputs_use() {
    for (id, column) in [
        ("cost", "cost"),
        ("Month", "month"),
        ("DATE", "date"),
        ("tier", "tier"),
    ] {
        let plan = driver(id);
        assert_eq!(
            errors(&plan),
            vec![format!(
                "metrics[0].id: \"{id}\" is reserved: the forecast's outputs have a \"{column}\" column of their own"
            )]
        );
    }
    let plan = driver("users");
    assert_eq!(
        errors(&plan),
        vec!["metrics[0].id: \"users\" is reserved for the plan's user count"]
    );
    // Names that only contain a reserved one are fine.
    let plan = driver("cost_center");
    assert_eq!(errors(&plan), Vec::<String>::new());
}

/// Every column the forecast's CSV writes beside the drivers' (a dated plan
/// with a commitment has them all) is a name no driver may take, so no
/// header can hold a name twice.
#[test]
fn no_driver_id_can_double_a_column_of_the_forecast_csv() {
    use headroom::engine::{forecast, Commitment, Pricing};
    let mut plan = support::decode(&with(base(), "start", json!("2026-03")));
    plan.pricing = Some(Pricing {
        commitment: Some(Commitment::starting(None)),
        ..Default::default()
    });
    let csv = headroom::formats::csv::forecast(&plan, &forecast(&plan).unwrap());
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert!(header.contains(&"date") && header.contains(&"unused_commitment"));
    for column in header {
        let metric =
            json!([{"id": column, "label": "X", "unit": "", "from": "users", "factor": 1}]);
        let errs = errors(&with(base(), "metrics", metric));
        assert!(
            errs.iter()
                .any(|e| e.starts_with("metrics[0].id: ") && e.contains("reserved")),
            "{column}: {errs:?}"
        );
    }
}

/// An actuals paste reads a driver's column in any case, so two ids apart
/// only in case are refused at the second.
#[test]
fn metric_ids_apart_only_in_case_are_refused() {
    let metrics = json!([
        {"id": "daily_active", "label": "A", "unit": "", "from": "users", "factor": 1},
        {"id": "Daily_Active", "label": "B", "unit": "", "from": "users", "factor": 1}
    ]);
    assert_eq!(
        errors(&with(base(), "metrics", metrics)),
        vec![
            "metrics[1].id: metric id \"Daily_Active\" differs from \"daily_active\" only in case"
        ]
    );
}

/// Names, labels, units and the currency are printed in tables and
/// terminals: a control character (an escape, a tab, a line break) is
/// refused at its field. A description keeps its lines and tabs.
#[test]
fn control_characters_are_refused_at_their_field() {
    let mut plan = base();
    plan["name"] = json!("x\u{1b}[2Jy");
    plan["currency"] = json!("US\tD");
    plan["scenarios"][0]["label"] = json!("S\u{7}");
    plan["tiers"][0]["components"][0]["name"] = json!("Ser\nver");
    plan["description"] = json!("Line one\nline two\twith a tab");
    assert_eq!(
        errors(&plan),
        [
            "name: must not hold control characters (tabs, line breaks, escapes), got '\\u{1b}' in \"x\\u{1b}[2Jy\"",
            "currency: must not hold control characters (tabs, line breaks, escapes), got '\\t' in \"US\\tD\"",
            "scenarios[0].label: must not hold control characters (tabs, line breaks, escapes), got '\\u{7}' in \"S\\u{7}\"",
            "tiers[0].components[0].name: must not hold control characters (tabs, line breaks, escapes), got '\\n' in \"Ser\\nver\"",
        ]
    );
    let mut plan = base();
    plan["description"] = json!("fine\nuntil \u{1b}[31m");
    assert_eq!(
        errors(&plan),
        ["description: must not hold control characters other than line breaks and tabs, got '\\u{1b}'"]
    );
}

/// Text-direction overrides would show a name as other words than it
/// holds (in the page, a table or a terminal); other Unicode (right-to-left
/// scripts, joiners in emoji) is a name's own.
#[test]
fn texts_refuse_text_direction_overrides() {
    let mut plan = base();
    plan["name"] = json!("Budget \u{202E}lanif");
    plan["scenarios"][0]["id"] = json!("a\u{2066}b");
    plan["tiers"][0]["targets"] = json!({"notes": "x\u{202A}y"});
    plan["description"] = json!("fine\u{2029}\n\u{2069}");
    plan["tiers"][0]["components"][0]["name"] = json!("خادم 👩\u{200D}💻");
    plan["tiers"][0]["components"][0]["unit"] = json!("a\u{2028}b");
    plan["scenarios"][0]["label"] = json!("\u{200F}שרת\u{200E}");
    let why = "must not hold text-direction overrides (the text around them shows reordered), got";
    assert_eq!(
        errors(&plan),
        [
            format!("name: {why} '\\u{{202e}}' in \"Budget \\u{{202e}}lanif\""),
            format!("description: {why} '\\u{{2069}}'"),
            format!("scenarios[0].id: {why} '\\u{{2066}}' in \"a\\u{{2066}}b\""),
            format!("tiers[0].targets: {why} \"notes\": \"x\\u{{202a}}y\""),
            // A line separator is a line break, told as one.
            "tiers[0].components[0].unit: must not hold control characters (tabs, line breaks, escapes), got '\\u{2028}' in \"a\\u{2028}b\"".to_string(),
        ]
    );
    // The command line's echo of such text is escaped too.
    assert_eq!(
        headroom::formats::escape_controls("a\u{202E}b", false),
        "a\\u{202e}b"
    );
}

/// `--scenario all` means every scenario, so no scenario may be called that.
#[test]
fn a_scenario_cannot_be_called_all() {
    let mut plan = base();
    plan["scenarios"][0]["id"] = json!("all");
    assert_eq!(
        errors(&plan),
        ["scenarios[0].id: \"all\" stands for every scenario (`--scenario all`); choose another id"]
    );
}

/// A plan file's bytes: the size, the encoding and emptiness are told
/// before any JSON is read, with the place of a byte that is not UTF-8.
#[test]
fn a_plan_file_that_is_not_utf8_json_says_why() {
    let text = |bytes: &[u8]| {
        plan_json::text_of(bytes)
            .map(str::to_string)
            .map_err(|e| e.to_string())
    };
    assert_eq!(text(b"{}"), Ok("{}".to_string()));
    assert_eq!(
        text(b"\xff\xfe{\x00"),
        Err("the file is UTF-16 text; save it as UTF-8".to_string())
    );
    let mut bytes = "{\n  \"name\": \"café".as_bytes().to_vec();
    bytes.push(0xff);
    assert_eq!(
        text(&bytes),
        Err("the file is not UTF-8 text: a byte that is not UTF-8 at line 2, column 16; save it as UTF-8".to_string())
    );
    let huge = vec![b' '; plan_json::MAX_FILE_BYTES + 1];
    assert_eq!(
        text(&huge),
        Err("the file is larger than 16 MB, far more than any plan".to_string())
    );
    assert!(text(&huge[1..]).is_ok());
    for empty in ["", "  \n", "\u{feff}"] {
        assert_eq!(
            plan_json::decode(empty).unwrap_err().to_string(),
            "the file is empty; a plan is a JSON object (see a preset's file)"
        );
    }
}

/// serde's names of Rust types reach a planner in JSON's words.
#[test]
fn decode_errors_name_json_types_not_rust_types() {
    let message = |text: &str| plan_json::decode(text).unwrap_err().to_string();
    assert_eq!(
        message("[]"),
        "invalid type: list, expected an object (line 1, column 1); a plan file is one JSON object"
    );
    // Not even a list of the plan's values in field order.
    let fields: Vec<serde_json::Value> = base().as_object().unwrap().values().cloned().collect();
    let e = message(&format!("\n  {}", serde_json::Value::from(fields)));
    assert_eq!(
        e,
        "invalid type: list, expected an object (line 2, column 3); a plan file is one JSON object"
    );
    let mut plan = base();
    plan["tiers"][0] = json!("a tier");
    let e = message(&plan.to_string());
    assert!(
        e.starts_with("tiers[0]: invalid type: string \"a tier\", expected an object"),
        "{e}"
    );
    let mut plan = base();
    plan["seed"] = json!(-1);
    let e = message(&plan.to_string());
    assert!(
        e.contains("expected a whole number from 0 to 18446744073709551615"),
        "{e}"
    );
    let mut plan = base();
    plan["pricing"] = json!({"commitment": {"amount": "x", "term_months": 12}});
    let e = message(&plan.to_string());
    assert!(e.contains("expected a number"), "{e}");
    assert!(!e.contains("f64"), "{e}");
}

/// -0 in a plan reads as 0: it never reaches an output as "-0".
#[test]
fn negative_zero_reads_as_zero() {
    let plan = with(base(), "initial_users", json!(-0.0));
    let plan = support::decode(&plan);
    assert!(plan.initial_users.median().is_sign_positive());
    let users = support::first(&with(base(), "initial_users", json!(-0.0))).months[3].users;
    assert!(users == 0.0 && users.is_sign_positive());
}

/// A cost that overflows is told at the field that made it so: the unit
/// cost, or the quantity when that is the larger.
#[test]
fn an_overflowing_cost_is_told_at_its_component() {
    for (field, unit_cost, quantity) in [("unit_cost", 1e308, 2.0), ("quantity", 100.0, 1e308)] {
        let mut plan = base();
        plan["tiers"][0]["components"][0]["unit_cost"] = json!(unit_cost);
        plan["tiers"][0]["components"][0]["quantity"] = json!(quantity);
        let errs = headroom::engine::forecast(&support::decode(&plan)).unwrap_err();
        let errs: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errs,
            [format!("tiers[0].components[0].{field}: with this value the cost overflows by month 0; lower it")]
        );
    }
    // A cost that only overflows summed over months, and two equal costs
    // that overflow only together: the first costliest is told.
    let mut plan = base();
    plan["tiers"][0]["components"][0]["unit_cost"] = json!(1e308);
    let twin = plan["tiers"][0]["components"][0].clone();
    let errs = headroom::engine::forecast(&support::decode(&plan)).unwrap_err();
    assert_eq!(
        errs[0].to_string(),
        "tiers[0].components[0].unit_cost: with this value the cost overflows by month 2; lower it"
    );
    plan["tiers"][0]["components"] = json!([twin.clone(), twin]);
    let errs = headroom::engine::forecast(&support::decode(&plan)).unwrap_err();
    assert_eq!(
        errs[0].to_string(),
        "tiers[0].components[0].unit_cost: with this value the cost overflows by month 0; lower it"
    );
}

/// A count of users so small that the cost per user overflows (a
/// subnormal number typed as the initial users) is told once, at the
/// initial users, not as an overflow of every scenario.
#[test]
fn users_too_few_for_a_cost_per_user_are_told_at_the_initial_users() {
    let plan = with(base(), "initial_users", json!(1e-320));
    let errs = headroom::engine::forecast(&support::decode(&plan)).unwrap_err();
    let errs: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        errs,
        ["initial_users: so few users make the cost per user overflow in month 0; raise it, or make it 0"]
    );
    // Small but ordinary counts still forecast.
    let plan = with(base(), "initial_users", json!(1e-6));
    assert!(headroom::engine::forecast(&support::decode(&plan)).is_ok());
}

/// A line ends at `\n`, `\r\n` or a lone `\r` (old Mac files), as editors
/// read them: the same fault is told at the same line and column whichever
/// ending the file uses (serde_json counts `\n` alone).
#[test]
fn decode_errors_count_lines_with_any_line_ending() {
    let text = headroom::presets::PRESETS[0].json;
    // Faults of three kinds: in a number, found at a closing brace (a
    // missing field, told at its object), and at the end of a cut file.
    let faults = [
        text.replacen("\"horizon_months\": ", "\"horizon_months\": \"x\" ", 1),
        text.replacen("\"unit_cost\"", "\"unit_cents\"", 1),
        text[..text.len() / 2].to_string(),
    ];
    for lf in faults {
        assert_ne!(lf, text);
        let told = plan_json::decode(&lf).unwrap_err().to_string();
        assert!(told.contains("(line "), "{told}");
        assert!(
            !told.contains("(line 1,"),
            "the fault is not on line 1: {told}"
        );
        for ending in ["\r\n", "\r"] {
            let other = lf.replace('\n', ending);
            let e = plan_json::decode(&other).unwrap_err().to_string();
            assert_eq!(e, told, "line ending {ending:?}");
        }
    }
}

/// A number, boolean, null or list where a choice goes is told as such,
/// with the choices (serde_json says only "expected value").
#[test]
fn a_value_of_another_kind_where_a_choice_goes_names_the_choices() {
    let text = headroom::presets::PRESETS[0].json;
    let kinds = "expected one of `compound`, `table`, `logistic`";
    for (value, said) in [
        ("3", "number `3`"),
        ("-1.5e3", "number `-1.5e3`"),
        ("true", "boolean `true`"),
        ("null", "null"),
        ("[1, 2]", "list"),
        ("{}", "object"),
        ("{\"a\": 1}", "object"),
        ("12345678901234567890123456789", "number"),
    ] {
        let bad = text.replacen("\"kind\": \"compound\"", &format!("\"kind\": {value}"), 1);
        let e = plan_json::decode(&bad).unwrap_err();
        assert_eq!(e.path, "scenarios[0].growth.kind", "{value}");
        let (line, column) = line_and_column(&bad, bad.find("\"kind\": ").unwrap() + 8);
        assert_eq!(
            e.message,
            format!("invalid type: {said}, {kinds} (line {line}, column {column})"),
            "{value}"
        );
    }
    let bad = text.replacen("\"category\": \"compute\"", "\"category\": 0", 1);
    let e = plan_json::decode(&bad).unwrap_err();
    assert!(e.path.to_string().ends_with(".category"), "{}", e.path);
    assert!(
        e.message
            .starts_with("invalid type: number `0`, expected one of `compute`, `database`"),
        "{}",
        e.message
    );
    // Broken JSON where a value goes is still told as that.
    let bad = text.replacen("\"kind\": \"compound\"", "\"kind\": ,", 1);
    let e = plan_json::decode(&bad).unwrap_err();
    assert!(
        e.message.starts_with("expected value (line "),
        "{}",
        e.message
    );
}

/// Half a UTF-16 pair written alone as a `\u` escape is told as that, for
/// either half (serde_json speaks of a hex escape's end, or of a leading
/// surrogate for a trailing one).
#[test]
fn a_lone_surrogate_escape_is_told_as_such() {
    let said = "a lone surrogate in a \\u escape: \\uD800 to \\uDBFF must be followed by \\uDC00 to \\uDFFF";
    // Told at the escape: column 12 is the `\` of the first escape, 18 of
    // the second (the one that is no trailing half).
    for (name, column) in [
        (r"a\ud800b", 12),
        (r"a\ud800\u0041", 18),
        (r"a\udc00", 12),
        (r"\uDBFF", 11),
        (r"a\ud800\ud800", 18),
    ] {
        let text = format!(r#"{{"name": "{name}"}}"#);
        let e = plan_json::decode(&text).unwrap_err();
        assert_eq!(e.path, "name", "{name}");
        assert_eq!(
            e.message,
            format!("{said} (line 1, column {column})"),
            "{name}"
        );
    }
    // A whole pair is a character.
    let text = r#"{"schema": 1, "name": "\ud83d\ude00"}"#;
    let e = plan_json::decode(text).unwrap_err();
    assert!(!e.message.contains("surrogate"), "{}", e.message);
}

/// An unknown field is told at its key, however far its value is.
#[test]
fn an_unknown_field_is_told_at_its_key() {
    for (text, line, column) in [
        ("{\n  \"schema\": 1,\n  \"bogus\":\n\n\n    1\n}", 3, 3),
        ("{\"bogus\": 1}", 1, 2),
        ("{\"schema\": 1, \"é\": \n [1]}", 1, 15),
    ] {
        let e = plan_json::decode(text).unwrap_err();
        assert!(e.message.starts_with("unknown field"), "{}", e.message);
        let at = format!("(line {line}, column {column})");
        assert!(e.message.ends_with(&at), "{text:?}: {}", e.message);
    }
}

/// A file of another kind picked by mistake (a CSV, a note) is told as not
/// a JSON plan, with how it starts; a bare word in a plan as not JSON's.
#[test]
fn a_file_that_is_not_json_is_told_as_such() {
    for (text, start, line) in [
        ("not json", "not", 1),
        ("\n\n  month,users\n-1,5\n", "month,users", 3),
        ("42", "42", 1),
        ("\"plan\"", "\"plan\"", 1),
    ] {
        let e = plan_json::decode(text).unwrap_err().to_string();
        let column = if line == 3 { 3 } else { 1 };
        assert_eq!(
            e,
            format!("the file is not a JSON plan: a plan file starts with {{, this one with \"{start}\" (line {line}, column {column})"),
            "{text:?}"
        );
    }
    for zero in ["-0", "-0e5", "-0.0"] {
        let text = format!("{{\"schema\": 1, \"horizon_months\": {zero}}}");
        let e = plan_json::decode(&text).unwrap_err();
        assert_eq!(e.path, "horizon_months");
        let told =
            format!("invalid type: number `{zero}`, expected a whole number (line 1, column ");
        assert!(e.message.starts_with(&told), "{}", e.message);
    }
    let e = plan_json::decode("{\"schema\": 1, \"name\": nothing}").unwrap_err();
    assert!(
        e.message
            .starts_with("expected true, false or null (text goes in double quotes) (line 1,"),
        "{}",
        e.message
    );
}

/// Line and column (from 1, in characters) of byte `at` of `text`, whose
/// lines end with `\n`.
fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// A NUL byte in a UTF-8 file (not at its start, where it would mean UTF-16
/// or UTF-32) is told with its place.
#[test]
fn a_nul_byte_in_utf8_text_is_told_at_its_place() {
    let e = plan_json::text_of("{\n  \"name\": \"é\0\"}".as_bytes())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "the file holds a NUL byte at line 2, column 13; a plan file is text, with no NUL bytes"
    );
    // After a byte-order mark, counted as JSON errors are.
    let e = plan_json::text_of("\u{FEFF}{\"a\0\"}".as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("the file holds a NUL byte at line 1, column 4;"),
        "{e}"
    );
}

/// Columns are counted in characters, as an editor counts them (serde_json
/// counts bytes); NUL bytes (UTF-16 or UTF-32 without a mark) are told.
#[test]
fn decode_errors_count_columns_in_characters() {
    let e = plan_json::decode("{\"name\":\"ééé😀\", x}")
        .unwrap_err()
        .to_string();
    assert_eq!(e, "key must be a string (line 1, column 17)");
    // The end of a cut file is the place after its last character.
    let e = plan_json::decode("{\"schema\": 1,")
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "EOF while parsing a value (line 1, column 14: the end of the file)"
    );
    let e = plan_json::decode("{\"schema\": 1,\n")
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "EOF while parsing a value (line 2, column 1: the end of the file)"
    );
    let e = plan_json::text_of(b"{\x00\"\x00}\x00")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("the file holds NUL bytes: it is UTF-16 or UTF-32 text"),
        "{e}"
    );
    let e = plan_json::text_of(b"\xff\xfe\x00\x00{\x00\x00\x00")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("the file holds NUL bytes"),
        "UTF-32 is not called UTF-16: {e}"
    );
}
