//! Elastic capacity end to end (MODEL.md section 10): validation with
//! paths, the elastic presets' figures from the seed, and `headroom day`
//! and the forecast JSON through the real binary.

mod support;

use headroom::engine::day::month_days;
use headroom::engine::{forecast, validate, Num};
use headroom::presets;
use serde_json::{json, Value};
use std::process::{Command, Output};
use support::decode;

fn headroom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(args)
        .output()
        .unwrap()
}

/// `headroom day` of a preset's Moderate scenario at `month`.
fn day_of(preset: &str, month: &str, format: &str) -> Output {
    headroom(&[
        "day",
        "--preset",
        preset,
        "--scenario",
        "moderate",
        "--month",
        month,
        "--format",
        format,
    ])
}

fn json_of(o: &Output) -> Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn elastic(name: &str) -> Value {
    serde_json::to_value(presets::find(name).unwrap().plan().unwrap()).unwrap()
}

#[test]
fn a_plan_without_a_profile_or_autoscaling_computes_as_before() {
    // The default preset's seed totals (MODEL.md section 9) are untouched:
    // 10,000 users (1,500 concurrent) start on Growth at $3,020.05.
    let f = forecast(&presets::default_plan()).unwrap();
    let first = &f.scenarios[0].months[0];
    assert_eq!((first.cost * 100.0).round() / 100.0, 3020.05);
    assert!(f.scenarios[0]
        .months
        .iter()
        .all(|m| m.components.iter().all(|c| c.day.is_none())));
}

/// Autoscaled replicas are whole (min rounds up, max down): bounds that
/// leave no whole count between them are refused at `max`, where a plain
/// sized quantity keeps its fractional bounds; and a count too large to
/// read says how large one may be.
#[test]
fn autoscaled_bounds_must_leave_a_whole_replica_count() {
    let messages = |v: &serde_json::Value| -> Vec<String> {
        validate(&decode(v)).iter().map(|e| e.to_string()).collect()
    };
    let q = |v: &mut serde_json::Value| v["tiers"][2]["components"][0]["quantity"].take();
    let mut v = elastic("elastic-step");
    let mut quantity = q(&mut v);
    (quantity["min"], quantity["max"]) = (json!(3.2), json!(3.8));
    v["tiers"][2]["components"][0]["quantity"] = quantity.clone();
    assert_eq!(
        messages(&v),
        ["tiers[2].components[0].quantity.max: must leave a whole number of replicas from min: min 3.2 rounds up to 4, max 3.8 down to 3"]
    );
    for (min, max) in [(3.0, 3.0), (3.2, 4.0), (0.0, 1.5), (0.0, 1.0)] {
        (quantity["min"], quantity["max"]) = (json!(min), json!(max));
        v["tiers"][2]["components"][0]["quantity"] = quantity.clone();
        assert_eq!(messages(&v), Vec::<String>::new(), "min {min}, max {max}");
    }
    // An autoscaler that may run no replica serves nothing: refused, and
    // a range reaching below 1 at its low end too.
    let at = "tiers[2].components[0].quantity.max";
    for (max, told) in [
        (json!(0), format!("{at}: must be >= 1, got 0")),
        (json!(0.5), format!("{at}: must be >= 1, got 0.5")),
        (
            json!({"low": 0, "high": 2}),
            format!("{at}.low: must be >= 1, got 0"),
        ),
    ] {
        (quantity["min"], quantity["max"]) = (json!(0), max);
        v["tiers"][2]["components"][0]["quantity"] = quantity.clone();
        assert_eq!(messages(&v), [told]);
    }
    quantity.as_object_mut().unwrap().remove("autoscale");
    (quantity["min"], quantity["max"]) = (json!(3.2), json!(3.8));
    v["tiers"][2]["components"][0]["quantity"] = quantity;
    assert_eq!(messages(&v), Vec::<String>::new());

    let mut v = elastic("elastic-step");
    v["tiers"][2]["components"][0]["quantity"]["autoscale"]["up"]["add"] =
        json!(10_000_000_000_000u64);
    let e = headroom::formats::plan_json::decode(&v.to_string()).unwrap_err();
    assert_eq!(e.path, "tiers[2].components[0].quantity.autoscale.up.add");
    assert!(
        e.message
            .contains("integer `10000000000000`, expected a whole number from 0 to 4294967295"),
        "{e}"
    );
}

#[test]
fn bad_profiles_and_policies_are_named_by_their_path() {
    let mut v = elastic("elastic-step");
    v["daily_profile"] = json!([1, 2, 3]);
    v["tiers"][2]["components"][0]["quantity"]["autoscale"]["down"]["at"] = json!(0.9);
    v["tiers"][2]["components"][0]["quantity"]["autoscale"]["hold"] =
        json!([[17, 21], [20, 22], [5, 5]]);
    v["tiers"][2]["components"][0]["quantity"]["autoscale"]["target"] = json!(1.5);
    v["tiers"][2]["components"][0]["quantity"]["autoscale"]["warmup"] = json!(5000);
    let errors: Vec<String> = validate(&decode(&v))
        .iter()
        .map(|e| e.to_string())
        .collect();
    let at = "tiers[2].components[0].quantity.autoscale";
    for want in [
        "daily_profile: must have 24 hourly values".to_string(),
        format!("{at}.down.at: must be below the scale-up threshold (up.at, 70%), got 90%"),
        format!("{at}.hold[1]: overlaps the range [17, 21]"),
        format!("{at}.hold[2]: must be whole hours"),
        format!("{at}.target:"),
        format!("{at}.warmup: must be a whole number from 0 to 1440, got 5000"),
    ] {
        assert!(
            errors.iter().any(|e| e.starts_with(&want)),
            "{want}\nin {errors:#?}"
        );
    }
    let mut v = elastic("elastic-step");
    v["daily_profile"] = json!(vec![0; 24]);
    let errors: Vec<String> = validate(&decode(&v))
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("daily_profile: must not be all 0")),
        "{errors:?}"
    );
    // `autoscale` belongs to a sized quantity only: a decode error at its path.
    let mut v = elastic("elastic-step");
    v["tiers"][2]["components"][1]["quantity"] =
        json!({"metric": "users", "factor": 1, "autoscale": {}});
    let e = headroom::formats::plan_json::decode(&v.to_string())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("tiers[2].components[1].quantity") && e.contains("only for a sized quantity"),
        "{e}"
    );
}

/// The seed sizes Enterprise at 30 backend instances for 100,000 peak
/// concurrent users at the 70% CPU target, so one replica carries
/// 100,000 / (30 x 0.7) = 4,762 at 100%. On the HPA preset, a day whose
/// busiest minute is 100,000 concurrent users peaks at exactly those 30
/// replicas: ceil(100,000 / (4,762 x 0.7)) = ceil(29.9988) = 30.
#[test]
fn the_hpa_preset_peaks_at_the_seed_s_30_instances_for_100k_concurrent() {
    let mut plan = presets::find("elastic-hpa").unwrap().plan().unwrap();
    // 0.15 x 666,666.67 = 100,000 peak concurrent users at month 0.
    plan.initial_users = Num::Fixed(100_000.0 / 0.15);
    let (tier, days) = month_days(&plan, 1, 0).unwrap();
    assert_eq!(plan.tiers[tier].id, "enterprise");
    assert_eq!(days.len(), 1);
    let d = &days[0];
    assert_eq!(d.figures.peak_replicas, 30.0);
    // The peak holds only in the evening: the day averages far less.
    assert!(
        d.figures.average_replicas < 20.0,
        "{}",
        d.figures.average_replicas
    );
    assert_eq!(d.figures.minutes_over_capacity, 0);
}

#[test]
fn the_day_command_gives_every_minute_and_figures_that_add_up() {
    let v = json_of(&day_of("elastic-step", "20", "json"));
    assert_eq!(
        (
            v["scenario"].as_str(),
            v["month"].as_u64(),
            v["tier"].as_str()
        ),
        (Some("moderate"), Some(20), Some("enterprise"))
    );
    let c = &v["components"][0];
    assert_eq!(c["policy"], "step");
    let minutes = c["minutes"].as_array().unwrap();
    assert_eq!(minutes.len(), 1440);
    assert_eq!(minutes[0]["minute"], 0);
    assert_eq!(minutes[1439]["minute"], 1439);
    let replicas: Vec<f64> = minutes
        .iter()
        .map(|m| m["replicas"].as_f64().unwrap())
        .collect();
    let sum: f64 = replicas.iter().sum();
    let peak = replicas.iter().copied().fold(0.0, f64::max);
    assert_eq!(c["average_replicas"].as_f64(), Some(sum / 1440.0));
    assert_eq!(c["replica_hours"].as_f64(), Some(sum / 60.0));
    assert_eq!(c["peak_replicas"].as_f64(), Some(peak));
    assert_eq!(c["static_replicas"].as_f64(), Some(peak));
    // $500 an instance, no discount on it: the saving of the peak all day.
    assert_eq!(c["saving"].as_f64(), Some((peak - sum / 1440.0) * 500.0));
    assert!(replicas.iter().all(|&r| (2.0..=50.0).contains(&r)));
    // No scale-down from 17:00 to 21:00.
    assert!((1020..1260).all(|t| replicas[t] >= replicas[t - 1]));
    // The forecast prices the component at the same average replicas.
    let f = json_of(&headroom(&[
        "forecast",
        "--preset",
        "elastic-step",
        "--scenario",
        "moderate",
        "--format",
        "json",
    ]));
    let month = &f["months"][20];
    let comp = month["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["autoscale"].is_object())
        .unwrap();
    assert_eq!(comp["quantity"].as_f64(), Some(sum / 1440.0));
    assert_eq!(comp["autoscale"]["peak_replicas"].as_f64(), Some(peak));
    assert_eq!(comp["cost"].as_f64(), Some(sum / 1440.0 * 500.0));
}

#[test]
fn the_day_command_refuses_what_it_cannot_show_with_exit_2() {
    for (args, why) in [
        (
            vec!["--scenario", "nope", "--month", "3"],
            "no scenario \"nope\"",
        ),
        (
            vec!["--scenario", "moderate", "--month", "99"],
            "no month 99",
        ),
        (
            vec!["--scenario", "moderate", "--month", "-1"],
            "no month -1",
        ),
        (
            vec![
                "--scenario",
                "moderate",
                "--month",
                "20",
                "--component",
                "Database",
            ],
            "no autoscaled component \"Database\"",
        ),
    ] {
        let mut all = vec!["day", "--preset", "elastic-step"];
        all.extend(args);
        let o = headroom(&all);
        assert_eq!(o.status.code(), Some(2), "{all:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(why), "{err}");
    }
}

/// `--format hpa` against the fields of the published autoscaling/v2
/// HorizontalPodAutoscaler schema: apiVersion, kind, metadata.name,
/// spec.scaleTargetRef {apiVersion, kind, name} (required), minReplicas
/// (>= 1), maxReplicas (required, >= minReplicas), metrics[] of type
/// Resource with resource.name and target {type: Utilization,
/// averageUtilization 1-100}, and behavior.scaleDown.stabilizationWindowSeconds
/// (0 to 3600).
#[test]
fn the_hpa_manifest_has_the_fields_of_the_published_schema() {
    let o = day_of("elastic-hpa", "20", "hpa");
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect();
    let want = [
        "apiVersion: autoscaling/v2",
        "kind: HorizontalPodAutoscaler",
        "metadata:",
        "  name: backend-8xlarge-autoscaled",
        "spec:",
        "  scaleTargetRef:",
        "    apiVersion: apps/v1",
        "    kind: Deployment",
        "    name: backend-8xlarge-autoscaled",
        "  minReplicas: 2",
        "  maxReplicas: 50",
        "  metrics:",
        "    - type: Resource",
        "      resource:",
        "        name: cpu",
        "        target:",
        "          type: Utilization",
        "          averageUtilization: 70",
        "  behavior:",
        "    scaleDown:",
        "      stabilizationWindowSeconds: 300",
    ];
    assert_eq!(lines, want);
    // A step policy has no HPA form: it says so rather than invent one.
    let o = day_of("elastic-step", "20", "hpa");
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("# No target-policy"));
}

/// At a 95% target the replicas keep 5% headroom; replicas that take 20
/// minutes to warm up trail the evening ramp (load up 14% in 20 minutes
/// from 16:00): the months of Enterprise have minutes over capacity, one
/// alert per run of such months, naming the component and what to change.
#[test]
fn a_day_short_of_capacity_is_an_alert_that_says_what_to_change() {
    let mut v = elastic("elastic-hpa");
    v["tiers"][2]["components"][0]["quantity"]["autoscale"]["warmup"] = json!(20);
    v["tiers"][2]["components"][0]["quantity"]["autoscale"]["target"] = json!(0.95);
    let plan = decode(&v);
    let f = forecast(&plan).unwrap();
    let sf = &f.scenarios[1];
    let short: Vec<_> = sf
        .events
        .iter()
        .filter(|e| e.kind.name() == "elastic_shortfall")
        .collect();
    assert!(!short.is_empty());
    let months_short: Vec<u32> = sf
        .months
        .iter()
        .filter(|m| {
            m.components
                .iter()
                .any(|c| c.day.is_some_and(|d| d.minutes_over_capacity > 0))
        })
        .map(|m| m.month)
        .collect();
    assert_eq!(short[0].month, months_short[0]);
    let text = headroom::report::describe(&plan, short[0]);
    assert!(
        text.contains("Backend (8xlarge, autoscaled)") && text.contains("warm-up"),
        "{text}"
    );
    assert!(headroom::report::is_alert(&short[0].kind));
    // Without warm-up the same scenario has no shortfall.
    v["tiers"][2]["components"][0]["quantity"]["autoscale"]["warmup"] = json!(0);
    let f = forecast(&decode(&v)).unwrap();
    assert!(f.scenarios[1]
        .events
        .iter()
        .all(|e| e.kind.name() != "elastic_shortfall"));
}

/// The launch plan's gateway on its HPA: at the busiest minute of month 0
/// (50,000 users: 50,000 x 5% x 1.2 = 3,000 required capacity) the pods
/// peak at the launch phase's 4; at month 6 (300,000 users: 18,000) at the
/// scale phase's 20, its HPA maximum; and through the rest of the day fewer.
#[test]
fn the_launch_gateway_peaks_at_each_phase_s_pod_count() {
    let plan = presets::find("launch-hpa").unwrap().plan().unwrap();
    for (month, tier, pods) in [(0, "launch", 4.0), (6, "scale", 20.0)] {
        let (t, days) = month_days(&plan, 0, month).unwrap();
        assert_eq!(plan.tiers[t].id, tier);
        assert_eq!(days[0].figures.peak_replicas, pods, "month {month}");
        assert!(days[0].figures.average_replicas < pods);
        assert_eq!(days[0].figures.minutes_over_capacity, 0);
    }
}
