//! The `headroom` binary, run for real.

use std::path::PathBuf;
use std::process::{Command, Output};

fn headroom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("headroom-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn table_report_for_the_default_preset() {
    let o = headroom(&[
        "forecast",
        "--preset",
        "three-tier",
        "--scenario",
        "moderate",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Three-tier platform: Moderate scenario, 24 months from 10,000 users (USD)"),
        "{out}"
    );
    let header = out
        .lines()
        .find(|l| l.trim_start().starts_with("Month"))
        .unwrap();
    for col in [
        "Users",
        "Peak concurrent users",
        "Tier",
        "Bottleneck",
        "Monthly cost",
        "Cumulative",
    ] {
        assert!(header.contains(col), "missing column {col}: {header}");
    }
    // 25 month rows (0..=24), right-aligned with thousands separators.
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| {
            l.trim_start()
                .split(' ')
                .next()
                .is_some_and(|w| w.parse::<u32>().is_ok())
        })
        .collect();
    assert_eq!(rows.len(), 25);
    assert!(
        rows[0].contains("10,000") && rows[0].contains("$3,020"),
        "{}",
        rows[0]
    );
    assert!(
        out.contains("Events and alerts")
            && out.contains("[tier_change] Month 8: move from Growth to Enterprise"),
        "{out}"
    );
    assert!(
        out.contains("Summary") && out.contains("Total cost over 24 months:"),
        "{out}"
    );
}

#[test]
fn json_output_has_the_documented_shape_at_full_precision() {
    let o = headroom(&["forecast", "--preset", "three-tier", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let all = v.as_array().expect("--scenario all gives an array");
    assert_eq!(all.len(), 3);
    let moderate = &all[1];
    assert_eq!(moderate["scenario"], "moderate");
    let m1 = &moderate["months"][1];
    for key in [
        "month",
        "users",
        "metrics",
        "tier",
        "utilization",
        "bottleneck",
        "over_capacity",
        "components",
        "cost",
        "cumulative_cost",
        "cost_per_user",
    ] {
        assert!(m1.get(key).is_some(), "month lacks {key}");
    }
    assert_eq!(m1["users"], 12500.0);
    assert_eq!(m1["tier"], "growth");
    assert_eq!(m1["metrics"]["peak_concurrent"], 1875.0);
    let c = &m1["components"][0];
    assert_eq!(
        (
            c["name"].as_str(),
            c["category"].as_str(),
            c["quantity"].as_f64(),
            c["cost"].as_f64()
        ),
        (
            Some("Backend (6 x 4xlarge)"),
            Some("compute"),
            Some(6.0),
            Some(1200.0)
        )
    );
    // Full precision: 3020.052, not a rounded 3020.05.
    assert_eq!(
        m1["cost"].as_f64().unwrap(),
        1200.0 + 400.0 + 400.0 + 600.0 + 85.0 + 11.5 + 1024.0 * 0.023 + 150.0 + 50.0 + 100.0
    );
    let ev = moderate["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "tier_change")
        .unwrap();
    assert_eq!(
        (
            ev["month"].as_u64(),
            ev["from"].as_str(),
            ev["to"].as_str(),
            ev["limit"].as_str()
        ),
        (
            Some(8),
            Some("growth"),
            Some("enterprise"),
            Some("peak_concurrent")
        )
    );
    assert!(moderate["total_cost"].as_f64().unwrap() > 0.0);

    let one = headroom(&[
        "forecast",
        "--preset",
        "three-tier",
        "--format",
        "json",
        "--scenario",
        "aggressive",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(
        v["scenario"], "aggressive",
        "a single scenario is an object"
    );
}

#[test]
fn csv_has_a_header_and_one_row_per_scenario_month() {
    let out_path = temp_file("f.csv", "");
    let o = headroom(&[
        "forecast",
        "--preset",
        "launch",
        "--format",
        "csv",
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let text = std::fs::read_to_string(&out_path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "scenario,month,users,peak_concurrent,required_capacity,peak_rps,daily_requests,stored_gb,tier,bottleneck,bottleneck_utilization,over_capacity,cost,cumulative_cost,cost_per_user");
    assert_eq!(lines.len(), 1 + 13);
    assert!(
        lines[1].starts_with("forecast,0,50000,2500,"),
        "{}",
        lines[1]
    );
    // No float noise: every number has at most 12 significant figures, and a
    // sum of cents reads as cents (54,360.936, not 54360.93600000002).
    let three = stdout(&headroom(&[
        "forecast",
        "--preset",
        "three-tier",
        "--format",
        "csv",
    ]));
    for cell in three.lines().skip(1).flat_map(|l| l.split(',')) {
        if let Ok(v) = cell.parse::<f64>() {
            let digits = cell.trim_start_matches('-').split('e').next().unwrap();
            let figures = digits.replace('.', "").trim_start_matches('0').len();
            assert!(figures <= 12, "{cell} has {figures} figures");
            assert!(v.is_finite());
        }
    }
    assert!(three.contains(",3020.052,54360.936,"), "{three}");
}

#[test]
fn overrides_change_the_forecast() {
    let o = headroom(&[
        "forecast",
        "--preset",
        "three-tier",
        "--scenario",
        "moderate",
        "--months",
        "6",
        "--initial-users",
        "2000",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["months"].as_array().unwrap().len(), 7);
    assert_eq!(v["months"][0]["users"], 2000.0);
    assert_eq!(v["months"][0]["tier"], "starter");
}

#[test]
fn validate_reports_valid_and_every_error() {
    let preset = headroom(&["preset", "launch"]);
    assert!(preset.status.success());
    let good = temp_file("good.json", &stdout(&preset));
    let o = headroom(&["validate", "--plan", good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).trim(), "valid");

    let bad_text = stdout(&preset)
        .replacen("\"horizon_months\": 12", "\"horizon_months\": 500", 1)
        .replacen("\"unit_cost\": 147", "\"unit_cost\": -147", 1);
    let bad = temp_file("bad.json", &bad_text);
    let o = headroom(&["validate", "--plan", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("horizon_months: must be from 1 to 120, got 500")),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("tiers[0].components[0].unit_cost: must be >= 0, got -147")),
        "{err}"
    );
}

#[test]
fn one_line_errors_that_say_what_to_do() {
    let o = headroom(&["forecast", "--plan", "/nonexistent/plan.json"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.contains("cannot read plan file /nonexistent/plan.json") && e.contains("check the path"),
        "{e}"
    );

    let broken = temp_file(
        "broken.json",
        "{\n  \"schema\": 1,\n  \"name\": \"x\"\n  \"tiers\": []\n}",
    );
    let o = headroom(&["forecast", "--plan", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("line 4, column 3"), "{e}");

    let o = headroom(&["forecast", "--preset", "three-tier", "--scenario", "wild"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no scenario \"wild\" in this plan; choose one of conservative, moderate, aggressive or all"), "{}", stderr(&o));

    let o = headroom(&["preset", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no preset \"nope\"; choose one of three-tier, launch, managed-services, vps-to-cluster"), "{}", stderr(&o));
}

#[test]
fn presets_list_names_and_descriptions() {
    let o = headroom(&["presets"]);
    assert!(o.status.success());
    let out = stdout(&o);
    for name in [
        "three-tier (default)",
        "launch",
        "managed-services",
        "vps-to-cluster",
    ] {
        assert!(out.contains(name), "{out}");
    }
    assert!(out.contains("Use it when"), "{out}");
}

#[test]
fn a_printed_preset_feeds_back_into_forecast() {
    let text = stdout(&headroom(&["preset", "managed-services"]));
    let path = temp_file("managed.json", &text);
    let from_file = headroom(&[
        "forecast",
        "--plan",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let from_preset = headroom(&[
        "forecast",
        "--preset",
        "managed-services",
        "--format",
        "json",
    ]);
    assert!(from_file.status.success());
    assert_eq!(from_file.stdout, from_preset.stdout);
}

#[test]
fn a_plan_link_round_trips_through_the_command_line() {
    let made = headroom(&[
        "link",
        "--preset",
        "launch",
        "--url",
        "https://plans.example/headroom/",
    ]);
    assert!(made.status.success(), "{}", stderr(&made));
    let url = stdout(&made).trim().to_string();
    assert!(
        url.starts_with("https://plans.example/headroom/#p2."),
        "{url}"
    );
    let via_link = headroom(&["forecast", "--link", &url, "--format", "json"]);
    let via_preset = headroom(&["forecast", "--preset", "launch", "--format", "json"]);
    assert!(via_link.status.success(), "{}", stderr(&via_link));
    assert_eq!(stdout(&via_link), stdout(&via_preset));

    // A base that is not the app's address is refused at the flag (before
    // the plan is read), with nothing printed.
    for base in [
        "javascript:alert(1)//",
        "plans.example/headroom/",
        "https:///x",
    ] {
        let refused = headroom(&["link", "--plan", "/nonexistent", "--url", base]);
        assert_eq!(refused.status.code(), Some(2), "{base}");
        assert!(stdout(&refused).is_empty(), "{base}");
        assert!(
            stderr(&refused).contains("--url must be the app's address"),
            "{}",
            stderr(&refused)
        );
    }

    let damaged = headroom(&["forecast", "--link", "p1.AAAA"]);
    assert_eq!(damaged.status.code(), Some(2));
    assert!(stderr(&damaged).contains("damaged"), "{}", stderr(&damaged));
    let newer = headroom(&["validate", "--plan", "/nonexistent"]);
    assert_eq!(newer.status.code(), Some(2));
}

#[test]
fn simulate_prints_percentiles_tier_odds_and_risks_in_the_specified_json() {
    let plan = temp_file(
        "uncertain.json",
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/links/v1-three-tier-edited.json"
        ))
        .unwrap(),
    );
    let plan = plan.to_str().unwrap();
    let args = [
        "simulate",
        "--plan",
        plan,
        "--scenario",
        "moderate",
        "--samples",
        "500",
        "--seed",
        "9",
        "--format",
        "json",
    ];
    let out = headroom(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["scenario"], "moderate");
    assert_eq!(v["samples"], 500);
    let m = &v["months"][24];
    for key in ["users", "cost", "cumulative_cost"] {
        for p in ["p5", "p10", "p50", "p90", "p95"] {
            assert!(m[key][p].is_number(), "{key}.{p}");
        }
        assert!(m[key]["p5"].as_f64() <= m[key]["p95"].as_f64());
    }
    let shares: f64 = m["tier_share"]
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_f64().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 1e-9);
    assert!(v["total_cost"]["mean"].is_number());
    assert!(v["over_budget_share"].is_number() && v["over_capacity_share"].is_number());
    // The same seed gives the same figures; the month-0 users are certain.
    assert_eq!(stdout(&headroom(&args)), stdout(&out));
    assert_eq!(v["months"][0]["users"]["p5"], 12500.0);

    let too_many = headroom(&["simulate", "--preset", "three-tier", "--samples", "100001"]);
    // A usage problem (exit 2), not one of the plan.
    assert_eq!(too_many.status.code(), Some(2));
    assert!(
        stderr(&too_many).contains("--samples must be from 1 to 100,000, got 100001"),
        "{}",
        stderr(&too_many)
    );
}

#[test]
fn sensitivity_ranks_inputs_by_their_swing() {
    let out = headroom(&[
        "sensitivity",
        "--preset",
        "three-tier",
        "--scenario",
        "moderate",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["first_tier_change"], 8);
    let inputs = v["inputs"].as_array().unwrap();
    // Enterprise's 30 backends at $500 are its largest line: -/+10% moves
    // the 17 Enterprise months by $1,500 each way.
    assert_eq!(inputs[0]["path"], "tiers[2].components[0].unit_cost");
    assert!((inputs[0]["swing"].as_f64().unwrap() - 2.0 * 1500.0 * 17.0).abs() < 1e-6);
    let swings: Vec<f64> = inputs
        .iter()
        .map(|i| i["swing"].as_f64().unwrap_or(f64::INFINITY))
        .collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]));
    let table = stdout(&headroom(&[
        "sensitivity",
        "--preset",
        "three-tier",
        "--scenario",
        "moderate",
    ]));
    assert!(
        table.contains("Base: total cost $467,539, first tier change month 8"),
        "{table}"
    );
}

/// A plan of one scenario growing 50% a month for 120 months from 1,000
/// users: 1,000 x 1.5^m passes 10^12 when m > 9 ln 10 / ln 1.5 = 51.1, so in
/// month 52. No input is a range, so every simulated path is that one.
fn overflowing_plan(growth: serde_json::Value) -> PathBuf {
    let plan = serde_json::json!({
        "schema": 1,
        "name": "Runaway",
        "horizon_months": 120,
        "initial_users": 1000,
        "scenarios": [{"id": "s", "label": "S", "growth": growth}],
        "tiers": [{"id": "only", "label": "Only", "components": [
            {"name": "Server", "category": "compute", "unit": "server", "unit_cost": 100, "quantity": 1}
        ]}]
    });
    let name = format!("runaway-{}.json", plan["scenarios"][0]["growth"]);
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    temp_file(&name, &plan.to_string())
}

fn fixed_runaway() -> PathBuf {
    overflowing_plan(
        serde_json::json!({"kind": "compound", "segments": [{"from": 1, "rate": 0.5}]}),
    )
}

/// Runs the binary with its standard output closed before it writes.
fn unread(args: &[&str]) -> Output {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    // About 490 KB of JSON, far more than a pipe holds, so the command
    // writes into a closed pipe even if it started writing before the close.
    let o = unread(&[
        "forecast",
        "--preset",
        "three-tier",
        "--format",
        "json",
        "--months",
        "60",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");

    // Every command that prints, with its output unread.
    for args in [
        &["forecast", "--preset", "launch"][..],
        &["forecast", "--preset", "launch", "--format", "csv"],
        &["presets"],
        &["preset", "launch"],
        &["link", "--preset", "launch"],
        &["simulate", "--preset", "three-tier", "--samples", "100"],
        &["sensitivity", "--preset", "launch"],
        &["--help"],
    ] {
        let o = unread(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_full_disk_is_one_line_and_exit_code_2() {
    use std::process::Stdio;
    let good = temp_file("full-disk.json", &stdout(&headroom(&["preset", "launch"])));
    for args in [
        &["forecast", "--preset", "three-tier", "--format", "json"][..],
        &["forecast", "--preset", "launch"],
        &["presets"],
        &["preset", "launch"],
        &["link", "--preset", "launch", "--url", "https://x.example/"],
        &["validate", "--plan", good.to_str().unwrap()],
        &[
            "simulate",
            "--preset",
            "three-tier",
            "--samples",
            "100",
            "--format",
            "csv",
        ],
        &["sensitivity", "--preset", "launch", "--format", "json"],
        &["--help"],
        &["forecast", "--help"],
    ] {
        let full = std::fs::File::create("/dev/full").unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_headroom"))
            .args(args)
            .stdout(Stdio::from(full))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(
            stderr(&o),
            "headroom: could not write the output: No space left on device\n",
            "{args:?}"
        );
    }
}

/// A plan whose forecast at its medians overflows is refused by every
/// command as `validate` refuses it (and as the app does), not simulated.
#[test]
fn simulate_and_sensitivity_refuse_a_plan_that_overflows_at_its_medians() {
    let plan = fixed_runaway();
    let plan = plan.to_str().unwrap();
    let refused = headroom(&["validate", "--plan", plan]);
    assert_eq!(refused.status.code(), Some(1));
    for format in ["table", "json", "csv"] {
        for command in ["simulate", "sensitivity"] {
            let mut args = vec![command, "--plan", plan, "--format", format];
            if command == "simulate" {
                args.extend(["--samples", "200"]);
            }
            let o = headroom(&args);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stdout(&o));
            assert_eq!(stdout(&o), "", "{args:?}: no NaN rows");
            assert_eq!(stderr(&o), stderr(&refused), "{args:?}");
        }
    }
}

#[test]
fn a_simulation_where_some_paths_overflow_says_how_many() {
    // Rate 10% to 25% a month (normal, median 17.5%, sd 4.6%): paths
    // drawing below 10^(9/120) - 1 = 18.9% stay under 10^12 by month 120
    // (the median too, so the plan holds), the others overflow: about 38%
    // of paths, some but not all.
    let plan = overflowing_plan(serde_json::json!({"kind": "compound", "segments": [
        {"from": 1, "rate": {"low": 0.1, "high": 0.25}}
    ]}));
    let plan = plan.to_str().unwrap();
    let args = [
        "simulate",
        "--plan",
        plan,
        "--samples",
        "400",
        "--seed",
        "3",
    ];
    let o = headroom(&[&args[..], &["--format", "json"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let failed = v[0]["failed"].as_u64().unwrap();
    assert!((100..210).contains(&failed), "{failed}");
    assert_eq!(v[0]["samples"], 400);
    let table = headroom(&args);
    assert!(table.status.success(), "{}", stderr(&table));
    assert!(
        stdout(&table).contains(&format!("{failed} overflowed and left out")),
        "{}",
        stdout(&table)
    );
}

#[test]
fn validate_and_forecast_agree_on_a_plan_that_overflows() {
    let plan = fixed_runaway();
    let plan = plan.to_str().unwrap();
    let v = headroom(&["validate", "--plan", plan]);
    let f = headroom(&["forecast", "--plan", plan]);
    assert_eq!(f.status.code(), Some(1), "{}", stderr(&f));
    assert_eq!(v.status.code(), f.status.code(), "{}", stdout(&v));
    assert_eq!(stderr(&v), stderr(&f));
    assert_eq!(stdout(&v), "", "not \"valid\"");
    let e = stderr(&v);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.starts_with(&format!("headroom: {plan}: scenarios[0]: users reach "))
            && e.contains("in month 52, past the limit of 10^12"),
        "{e}"
    );
}

#[test]
fn a_plan_file_with_a_byte_order_mark_reads() {
    let text = stdout(&headroom(&["preset", "launch"]));
    let path = temp_file("bom.json", &format!("\u{FEFF}{text}"));
    let from_file = headroom(&[
        "forecast",
        "--plan",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(from_file.status.success(), "{}", stderr(&from_file));
    let from_preset = headroom(&["forecast", "--preset", "launch", "--format", "json"]);
    assert_eq!(stdout(&from_file), stdout(&from_preset));
    let v = headroom(&["validate", "--plan", path.to_str().unwrap()]);
    assert_eq!(stdout(&v), "valid\n", "{}", stderr(&v));
}

#[test]
fn negative_numbers_are_read_and_told_at_their_flag() {
    // Read as a number (not an unknown flag), then refused at the flag, as
    // --months out of range is: a usage fault, not the plan's.
    for args in [
        &["forecast", "--preset", "launch", "--initial-users", "-1"][..],
        &["forecast", "--preset", "launch", "--initial-users=-1"],
        &["forecast", "--preset", "launch", "--initial-users", "NaN"],
    ] {
        let o = headroom(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.starts_with("headroom: --initial-users must be from 0 to 1e12, got "),
            "{args:?}: {e}"
        );
    }
    // -0 is 0: never printed as "-0".
    let o = headroom(&[
        "forecast",
        "--preset",
        "launch",
        "--initial-users",
        "-0",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains(",-0"), "{}", stdout(&o));
    // Months are whole numbers from 1: clap names the value, not an unknown argument.
    let o = headroom(&["forecast", "--preset", "launch", "--months", "-3"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("invalid value '-3' for '--months"), "{e}");
    assert!(!e.contains("unexpected argument"), "{e}");
}

/// As the app does, the command line reads a link whose `#` a mail tool
/// escaped as `%23` (or `%2523`).
#[test]
fn a_link_with_an_escaped_hash_reads() {
    let fragment = stdout(&headroom(&["link", "--preset", "launch"]));
    let fragment = fragment.trim();
    let want = stdout(&headroom(&[
        "forecast", "--link", fragment, "--format", "json",
    ]));
    for escaped in ["%23", "%2523"] {
        let url = format!("https://example.com/app/{escaped}{fragment}");
        let o = headroom(&["forecast", "--link", &url, "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o), want);
    }
}

#[test]
fn a_count_flag_that_is_not_a_whole_number_is_refused_in_words() {
    for (flag, value) in [
        ("--samples", "1.5"),
        ("--seed", "-1"),
        ("--samples", "many"),
    ] {
        let o = headroom(&["simulate", "--preset", "three-tier", flag, value]);
        assert!(!o.status.success());
        let e = stderr(&o);
        assert!(e.contains("expected a whole number"), "{e}");
        assert!(!e.contains("invalid digit"), "{e}");
    }
}

#[test]
fn simulate_gives_the_same_figures_on_any_number_of_threads() {
    // The elastic preset with ranged growth and a ranged driver (three
    // ranged inputs: a block can start mid-pair of normal draws).
    let mut plan: serde_json::Value =
        serde_json::from_str(headroom::presets::find("elastic-hpa").unwrap().json).unwrap();
    plan["scenarios"][1]["growth"]["segments"][0]["rate"] =
        serde_json::json!({"low": 0.15, "high": 0.3});
    plan["metrics"][0]["factor"] = serde_json::json!({"low": 1.5, "high": 2.5});
    let file = temp_file("threads.json", &plan.to_string());
    let file = file.to_str().unwrap();
    let run = |threads: &str| {
        let o = headroom(&[
            "simulate",
            "--plan",
            file,
            "--samples",
            "3001",
            "--seed",
            "11",
            "--format",
            "json",
            "--threads",
            threads,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        o.stdout
    };
    let one = run("1");
    let figures: serde_json::Value = serde_json::from_slice(&one).unwrap();
    let cost = &figures[1]["total_cost"];
    assert!(
        cost["p10"].as_f64() < cost["p90"].as_f64(),
        "a spread: {cost}"
    );
    assert_eq!(run("2"), one);
    assert_eq!(run("4"), one);
    let o = headroom(&["simulate", "--preset", "three-tier", "--threads", "0"]);
    assert!(
        stderr(&o).contains("--threads must be at least 1, got 0"),
        "{}",
        stderr(&o)
    );
}

/// `headroom fit` through the real binary: an exact geometric history of
/// 12% a month gives that rate with no range, and the JSON has the shape
/// issue 14 gives; a history too short says why.
#[test]
fn fit_reports_the_fitted_growth_and_its_backtest() {
    let mut plan: serde_json::Value =
        serde_json::from_str(&stdout(&headroom(&["preset", "launch"]))).unwrap();
    plan["actuals"] = (-9..=0)
        .map(|m: i32| serde_json::json!({"month": m, "users": 2000.0 * 1.12f64.powi(m)}))
        .collect();
    plan["start"] = serde_json::json!("2026-03");
    let file = temp_file("fit.json", &plan.to_string());
    let file = file.to_str().unwrap();
    let o = headroom(&["fit", "--plan", file, "--format", "json", "--holdout", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["points"], 10);
    let c = &v["compound"];
    for key in ["rate", "rate_low", "rate_high"] {
        assert!((c[key].as_f64().unwrap() - 0.12).abs() < 1e-9, "{key}: {c}");
    }
    assert!((c["initial_users"].as_f64().unwrap() - 2000.0).abs() < 1e-6);
    let b = &v["backtest"];
    assert_eq!(b["holdout"], 2);
    let months = b["compound"]["months"].as_array().unwrap();
    assert_eq!(months.len(), 2);
    assert_eq!(months[1]["month"], 0.0);
    assert!(b["compound"]["mape"].as_f64().unwrap() < 1e-9);
    assert!(v.get("logistic").is_some(), "logistic is an object or null");
    // No month held out is no backtest: a usage error, before the plan is read.
    let none = headroom(&["fit", "--plan", file, "--holdout", "0"]);
    assert_eq!(none.status.code(), Some(2), "{}", stderr(&none));
    assert!(
        stderr(&none).contains("--holdout must be at least 1, got 0"),
        "{}",
        stderr(&none)
    );
    let table = stdout(&headroom(&["fit", "--plan", file]));
    assert!(
        table.contains("Compound: 12.0% a month (90% range 12.0% to 12.0%)"),
        "{table}"
    );
    // Without --holdout, 3 months, or fewer when the history is too short
    // to keep 3 to fit, as the app opens: 4 months hold out 1.
    let usual = |months: std::ops::RangeInclusive<i32>| {
        let mut short = plan.clone();
        short["actuals"] = months
            .map(|m: i32| serde_json::json!({"month": m, "users": 2000.0 * 1.12f64.powi(m)}))
            .collect();
        let file = temp_file("fit-short.json", &short.to_string());
        let o = headroom(&["fit", "--plan", file.to_str().unwrap(), "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["backtest"]["holdout"].clone()
    };
    assert_eq!(usual(-3..=0), 1);
    assert_eq!(usual(-4..=0), 2);
    assert_eq!(usual(-9..=0), 3);
    // The forecast of a dated plan with actuals shows both.
    let f = headroom(&[
        "forecast", "--plan", file, "--format", "json", "--months", "2",
    ]);
    let f: serde_json::Value = serde_json::from_slice(&f.stdout).unwrap();
    let first = &f["scenarios"][0];
    assert_eq!(first["months"][1]["date"], "2026-04");
    assert_eq!(first["months"][0]["actual"]["users"], 2000.0);
    assert_eq!(first["tracking"]["months"], 1);
    // The preset's one scenario is the closest there is.
    assert_eq!(f["closest_scenario"], "forecast");

    plan["actuals"] = serde_json::json!([{"month": -1, "users": 5}, {"month": 0, "users": 6}]);
    let short = temp_file("fit-short.json", &plan.to_string());
    let o = headroom(&["fit", "--plan", short.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).ends_with(
            "actuals: a fit needs the users of at least 3 months up to month 0, got 2\n"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn commit_recommends_an_amount_with_the_engine_s_figures() {
    use headroom::engine::commitment::{demand, optimise};
    let mut plan: serde_json::Value =
        serde_json::from_str(&stdout(&headroom(&["preset", "managed-services"]))).unwrap();
    plan["pricing"] = serde_json::json!({"commitment": {"amount": 0,
        "discount": {"low": 0.4, "high": 0.6}, "term_months": 12, "categories": ["compute", "database"]}});
    plan["scenarios"][1]["growth"]["segments"][0]["rate"] =
        serde_json::json!({"low": 0.05, "high": 0.25});
    plan["horizon_months"] = serde_json::json!(36);
    let file = temp_file("commit.json", &plan.to_string());
    let file = file.to_str().unwrap();
    let id = plan["scenarios"][1]["id"].as_str().unwrap().to_string();
    let o = headroom(&[
        "commit",
        "--plan",
        file,
        "--scenario",
        &id,
        "--samples",
        "3000",
        "--seed",
        "5",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // The same figures as the engine on one thread.
    let typed: headroom::engine::Plan = serde_json::from_value(plan.clone()).unwrap();
    let want = optimise(&demand(&typed, 1, 3000, Some(5)).unwrap(), 12).unwrap();
    assert_eq!(v["scenario"], id.as_str());
    assert_eq!(v["term_months"], 12);
    assert_eq!(v["samples"], 3000);
    assert_eq!(v["discount"].as_f64().unwrap(), want.discount);
    assert_eq!(v["best"]["amount"].as_f64().unwrap(), want.best.amount);
    assert_eq!(v["best"]["saving"].as_f64().unwrap(), want.best.saving);
    for key in [
        "mean_total",
        "saving_share",
        "unused_chance",
        "break_even_utilization",
    ] {
        assert!(v["best"][key].is_f64(), "{key}");
    }
    let curve = v["curve"].as_array().unwrap();
    assert_eq!(curve.len(), want.curve.len());
    for key in ["amount", "mean_total", "p10_total", "p90_total"] {
        assert_eq!(
            curve[7][key].as_f64().unwrap(),
            serde_json::to_value(want.curve[7]).unwrap()[key]
                .as_f64()
                .unwrap()
        );
    }
    // Both terms fit the 36-month horizon, and are compared.
    let terms: Vec<_> = v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["term_months"].clone())
        .collect();
    assert_eq!(terms, vec![serde_json::json!(12), serde_json::json!(36)]);
    let t36 = headroom(&[
        "commit",
        "--plan",
        file,
        "--scenario",
        &id,
        "--samples",
        "3000",
        "--seed",
        "5",
        "--term",
        "36",
    ]);
    let table = stdout(&t36);
    assert!(table.contains("36-month term"), "{table}");
    assert!(
        table.contains("Commit $") && table.contains("a month for 36 months: saves $"),
        "{table}"
    );
    // Usage and plan problems are told as such.
    let bad_term = headroom(&["commit", "--plan", file, "--scenario", &id, "--term", "24"]);
    assert_eq!(bad_term.status.code(), Some(2));
    assert!(
        stderr(&bad_term).contains("expected 12 or 36"),
        "{}",
        stderr(&bad_term)
    );
    let all = headroom(&["commit", "--plan", file, "--scenario", "all"]);
    assert_eq!(all.status.code(), Some(2));
    assert!(
        stderr(&all).contains("give one of conservative, moderate, aggressive (a commitment"),
        "{}",
        stderr(&all)
    );
    // A term the horizon cuts short is not judged on part of its cost.
    plan["horizon_months"] = serde_json::json!(24);
    let short = temp_file("commit-short.json", &plan.to_string());
    let cut = headroom(&[
        "commit",
        "--plan",
        short.to_str().unwrap(),
        "--scenario",
        &id,
        "--term",
        "36",
    ]);
    // A request that cannot be met as asked: a usage problem (2), with
    // what to change (a term from month 1 cannot start earlier).
    assert_eq!(cut.status.code(), Some(2));
    assert!(stderr(&cut).contains("cannot choose a commitment: a 36-month term from month 1 runs past the horizon (month 24); lengthen the horizon to 36 months or choose a term of at most 24 months"), "{}", stderr(&cut));
    let none = headroom(&["commit", "--preset", "launch", "--scenario", "forecast"]);
    assert!(
        stderr(&none).contains("pricing.commitment: the plan has no commitment"),
        "{}",
        stderr(&none)
    );
}

#[test]
fn compare_prints_the_decision_figures_of_each_plan() {
    use headroom::compare::{compare, Entry};
    let o = headroom(&[
        "compare",
        "--preset",
        "managed-services",
        "--preset",
        "vps-to-cluster",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let plans = v["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 2);
    let preset = |n: &str| headroom::presets::find(n).unwrap().plan().unwrap();
    let entries: Vec<Entry> = ["managed-services", "vps-to-cluster"]
        .map(|n| Entry {
            plan: preset(n),
            scenario: 1,
        })
        .to_vec();
    let want = compare(&entries, 2_000).unwrap();
    for (p, col) in plans.iter().zip(&want.columns) {
        for key in [
            "name",
            "scenario",
            "total_cost",
            "total_p10",
            "total_p50",
            "total_p90",
            "max_monthly_cost",
            "cost_per_user",
            "first_tier_change",
            "first_over_capacity",
            "months_over_budget",
        ] {
            assert!(p.get(key).is_some(), "{key} in {p}");
        }
        assert_eq!(p["total_cost"].as_f64().unwrap(), col.figures.total_cost);
        assert_eq!(p["scenario"], "moderate");
    }
    assert_eq!(
        plans[1]["total_p50"].as_f64(),
        want.columns[1].figures.total_range.map(|r| r[1])
    );
    assert_eq!(v["break_even"][0]["month"], want.break_even[0].month);
    assert!(v["differences"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["label"] == "Horizon" && d["a"] == "24 months" && d["b"] == "6 months"));
    // A comparison link opens all its plans; `all` compares one plan's scenarios.
    let refs = [
        (&entries[0].plan, "aggressive"),
        (&entries[1].plan, "conservative"),
    ];
    let link = headroom::formats::link::encode_comparison(&refs);
    let t = stdout(&headroom(&[
        "compare",
        "--link",
        &format!("https://x.test/app/#{link}"),
        "--format",
        "csv",
    ]));
    assert!(
        t.starts_with("figure,Managed services (SaaS plan levels),VPS to cluster,best\n"),
        "{t}"
    );
    let all = headroom(&[
        "compare",
        "--preset",
        "three-tier",
        "--scenario",
        "all",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let ids: Vec<&str> = v["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["scenario"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["conservative", "moderate", "aggressive"]);
    // Usage problems.
    let five = headroom(&[
        "compare", "--preset", "launch", "--preset", "launch", "--preset", "launch", "--preset",
        "launch", "--preset", "launch",
    ]);
    assert_eq!(five.status.code(), Some(2));
    assert!(
        stderr(&five).contains("compare 1 to 4 plans"),
        "{}",
        stderr(&five)
    );
    let counts = headroom(&[
        "compare",
        "--preset",
        "launch",
        "--preset",
        "three-tier",
        "--scenario",
        "a",
        "--scenario",
        "b",
        "--scenario",
        "c",
    ]);
    assert!(
        stderr(&counts)
            .contains("give --scenario once (for every plan) or once per plan (2), got 3"),
        "{}",
        stderr(&counts)
    );
    let stray = headroom(&["compare", "--preset", "launch", "--colour"]);
    assert!(
        stderr(&stray).contains("unexpected \"--colour\""),
        "{}",
        stderr(&stray)
    );
}

/// `--months` out of range is a usage problem (exit 2) named as the flag,
/// not a fault of the plan (exit 1).
#[test]
fn months_out_of_range_is_a_usage_problem() {
    for m in ["0", "121"] {
        let out = headroom(&["forecast", "--preset", "three-tier", "--months", m]);
        assert_eq!(out.status.code(), Some(2), "--months {m}");
        assert!(
            stderr(&out).contains(&format!("--months must be from 1 to 120, got {m}")),
            "{}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty());
    }
    let ok = headroom(&["forecast", "--preset", "three-tier", "--months", "60"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
}

/// Plan files the command line cannot use are refused before they do harm:
/// an endless one is not read whole, the output never overwrites its own
/// input, and an encoding fault says what to do.
#[test]
fn plan_files_are_read_with_care() {
    let o = headroom(&["validate", "--plan", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "headroom: /dev/zero: the file is larger than 16 MB, far more than any plan\n"
    );

    let text = stdout(&headroom(&["preset", "launch"]));
    let path = temp_file("own-output.json", &text);
    let p = path.to_str().unwrap();
    let o = headroom(&["forecast", "--plan", p, "--out", p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is the plan file being read; give another file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "the plan file is untouched"
    );

    let utf16 = std::env::temp_dir().join(format!("headroom-utf16-{}.json", std::process::id()));
    std::fs::write(&utf16, b"\xff\xfe{\x00}\x00").unwrap();
    let o = headroom(&["validate", "--plan", utf16.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).ends_with(": the file is UTF-16 text; save it as UTF-8\n"),
        "{}",
        stderr(&o)
    );
}

/// A forecast of one scenario is not refused for another's overflow, and
/// a one-month horizon is one month.
#[test]
fn a_forecast_of_one_scenario_answers_for_that_one() {
    let all = headroom(&["forecast", "--preset", "three-tier", "--months", "120"]);
    assert_eq!(
        all.status.code(),
        Some(1),
        "the aggressive scenario overflows"
    );
    let one = headroom(&[
        "forecast",
        "--preset",
        "three-tier",
        "--months",
        "120",
        "--scenario",
        "conservative",
    ]);
    assert!(one.status.success(), "{}", stderr(&one));
    let short = headroom(&[
        "forecast",
        "--preset",
        "three-tier",
        "--months",
        "1",
        "--scenario",
        "moderate",
    ]);
    let text = stdout(&short);
    assert!(text.contains("scenario, 1 month from"), "{text}");
    assert!(text.contains("Total cost over 1 month:"), "{text}");
}

/// A comparison link given where a plan link goes says which it is and
/// where it opens.
#[test]
fn a_comparison_link_given_as_a_plan_link_says_so() {
    let plan = stdout(&headroom(&["link", "--preset", "launch"]));
    let o = headroom(&["forecast", "--link", &format!("c1.{}", &plan.trim()[3..])]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("This is a comparison link, not a plan link: open it as a comparison (on the command line, `headroom compare --link`)."),
        "{}",
        stderr(&o)
    );
}

/// A third look: a hard link to the plan is the plan; text echoed from a
/// plan or a link never drives the terminal; `link` refuses what
/// `validate` refuses.
#[test]
fn hard_links_escapes_and_overflow_are_refused_alike() {
    let text = stdout(&headroom(&["preset", "launch"]));
    let plan = temp_file("hard-source.json", &text);
    let hard = plan.with_file_name("hard-link.json");
    let _ = std::fs::remove_file(&hard);
    std::fs::hard_link(&plan, &hard).unwrap();
    let o = headroom(&[
        "forecast",
        "--plan",
        plan.to_str().unwrap(),
        "--out",
        hard.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        text,
        "the plan is untouched"
    );

    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["tiers"][0]["components"][0]["category"] = serde_json::json!("co\u{1b}[2Jmpute");
    let bad = temp_file("escape.json", &v.to_string());
    let o = headroom(&["validate", "--plan", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(!e.contains('\u{1b}'), "no raw escape: {e:?}");
    assert!(e.contains("co\\u{1b}[2Jmpute"), "{e}");

    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for tier in v["tiers"].as_array_mut().unwrap() {
        for c in tier["components"].as_array_mut().unwrap() {
            c["unit_cost"] = serde_json::json!(1e308);
        }
    }
    let over = temp_file("link-overflow.json", &v.to_string());
    let o = headroom(&["link", "--plan", over.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("unit_cost: with this value the cost overflows"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());
}

/// `compare` reads a comparison link in a whole address whose `#` a mail
/// tool escaped, as `forecast` reads a plan link.
#[test]
fn compare_reads_a_comparison_link_with_an_escaped_hash() {
    let launch = headroom::presets::find("launch").unwrap().plan().unwrap();
    let fragment =
        headroom::formats::link::encode_comparison(&[(&launch, "forecast"), (&launch, "forecast")]);
    let o = headroom(&[
        "compare",
        "--link",
        &format!("https://example.test/app/%23{fragment}"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Launch"), "{}", stdout(&o));
}

/// An argument the parser refuses is echoed with its control characters
/// escaped, as every other error is.
#[test]
fn a_refused_argument_is_echoed_escaped() {
    for args in [
        &["forecast", "--preset", "launch", "--format", "x\u{1b}[2Jy"][..],
        &["fo\u{1b}[2J"],
    ] {
        let o = headroom(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = stderr(&o);
        assert!(!e.contains('\u{1b}'), "{e:?}");
        assert!(e.contains("\\u{1b}[2J"), "{e}");
    }
}
