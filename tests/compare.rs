//! Plans side by side (issue 16): a comparison's figures are each plan's
//! own forecast and simulation, the break-even month is worked by hand,
//! the differences of two presets with known edits are listed in words,
//! and comparison links carry every plan.

mod support;

use headroom::compare::{compare, output, Entry};
use headroom::engine::simulate::simulate_scenarios;
use headroom::engine::{forecast_scenario, EventKind, Growth, Num, Plan};
use headroom::formats::link;
use headroom::presets;
use serde_json::json;
use support::{decode, with};

fn preset(name: &str) -> Plan {
    presets::find(name).unwrap().plan().unwrap()
}

fn entry(plan: Plan, id: &str) -> Entry {
    let scenario = plan.scenarios.iter().position(|s| s.id == id).unwrap();
    Entry { plan, scenario }
}

#[test]
fn figures_are_each_plan_s_own_forecast_and_simulation() {
    let mut vps = preset("vps-to-cluster");
    vps.policy.monthly_budget = Some(Num::Fixed(900.0));
    let managed = preset("managed-services");
    let c = compare(
        &[
            entry(managed.clone(), "moderate"),
            entry(vps.clone(), "moderate"),
        ],
        2_000,
    )
    .unwrap();
    for (col, plan) in c.columns.iter().zip([&managed, &vps]) {
        let f = forecast_scenario(plan, col.entry.scenario).unwrap();
        assert_eq!(col.figures.total_cost, f.total_cost);
        assert_eq!(
            col.figures.max_monthly_cost,
            f.months.iter().map(|m| m.cost).fold(0.0, f64::max)
        );
        assert_eq!(
            col.figures.cost_per_user,
            f.months.last().unwrap().cost_per_user
        );
        let first_change = f
            .events
            .iter()
            .find(|e| matches!(e.kind, EventKind::TierChange { .. }));
        assert_eq!(col.figures.first_tier_change, first_change.map(|e| e.month));
    }
    // The VPS preset has a ranged unit cost: its P10 / P50 / P90 are its simulation's.
    let sim = simulate_scenarios(&vps, &[c.columns[1].entry.scenario], 2_000, None).unwrap();
    let t = &sim.scenarios[0].total_cost;
    assert_eq!(
        c.columns[1].figures.total_range,
        Some([t.p10, t.p50, t.p90])
    );
    assert_eq!(
        c.columns[0].figures.total_range, None,
        "no ranges, no simulation"
    );
    let over = c.columns[1]
        .forecast
        .months
        .iter()
        .skip(1)
        .filter(|m| m.cost > 900.0)
        .count();
    assert_eq!(c.columns[1].figures.months_over_budget, Some(over));
    assert_eq!(c.columns[0].figures.months_over_budget, None);
}

/// Users grow 10% a month from 1,000 at 0.1 a user (cost 100 x 1.1^m),
/// against a flat 150 a month.
fn usage_priced() -> Plan {
    let p = with(
        support::base(),
        "tiers",
        json!([{"id": "only", "label": "Only", "components": [
            {"name": "Usage", "category": "compute", "unit": "user", "unit_cost": 0.1,
             "quantity": {"metric": "users", "factor": 1}}]}]),
    );
    decode(&with(p, "name", json!("Pay per user")))
}

fn flat() -> Plan {
    let mut p = decode(&support::base());
    p.name = "Flat".into();
    p.tiers[0].components[0].unit_cost = Num::Fixed(150.0);
    p
}

#[test]
fn break_even_is_the_month_the_cheaper_plan_is_overtaken() {
    // Cumulative cost of the usage-priced plan: 1,100 x (1.1^m - 1):
    // 1,043.6 at month 7 (under the flat 1,050), 1,258.0 at month 8 (over 1,200).
    let c = compare(&[entry(usage_priced(), "s"), entry(flat(), "s")], 100).unwrap();
    assert_eq!(c.break_even.len(), 1);
    let b = c.break_even[0];
    assert_eq!((b.a, b.b, b.cheaper, b.month), (0, 1, 0, 8));
    assert_eq!(
        headroom::compare::break_even_text(&c.columns, &b),
        "Pay per user costs less until month 8; Flat from then on"
    );
    // Plans that never cross have no break-even month.
    let mut cheap = flat();
    cheap.tiers[0].components[0].unit_cost = Num::Fixed(10.0);
    let never = compare(&[entry(usage_priced(), "s"), entry(cheap, "s")], 100).unwrap();
    assert!(never.break_even.is_empty());
}

#[test]
fn differences_are_told_in_the_planner_s_words_and_matched_by_name() {
    let a = preset("three-tier");
    let mut b = a.clone();
    b.name = "Edited".into();
    // Known edits: a unit cost, a growth rate, a tier removed (the first,
    // so every later tier moves up a place), and the horizon.
    b.tiers[1].components[0].unit_cost = Num::Fixed(999.0);
    let rate = match &mut b.scenarios[1].growth {
        headroom::engine::Growth::Compound { segments, .. } => &mut segments[0].rate,
        _ => unreachable!("three-tier's scenarios are compound"),
    };
    *rate = Num::Fixed(0.3);
    let removed = b.tiers.remove(0);
    b.horizon_months = 36;
    let c = compare(&[entry(a.clone(), "moderate"), entry(b, "moderate")], 100).unwrap();
    let lines: Vec<String> = c
        .differences
        .iter()
        .map(|d| format!("{}: {} -> {}", d.label, d.a, d.b))
        .collect();
    let tier = &a.tiers[1];
    let cost = headroom::formats::numbers::money(tier.components[0].unit_cost.median(), "USD");
    let want = [
        "Horizon: 24 months -> 36 months".to_string(),
        format!(
            "{}: {} unit cost: {cost} -> $999",
            tier.label, tier.components[0].name
        ),
        format!(
            "Moderate growth, months 1-6: {}% -> 30%",
            headroom::formats::input::show(
                &Num::Fixed(0.15),
                headroom::formats::input::NumberKind::Percent
            )
        ),
        format!("Tier {}: included -> absent", removed.label),
    ];
    let growth = &a.scenarios[1].growth;
    assert!(matches!(growth, headroom::engine::Growth::Compound { .. }));
    for w in &want[..2] {
        assert!(lines.contains(w), "missing {w:?} in {lines:#?}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Moderate growth, months 1-6:") && l.ends_with("-> 30%")),
        "{lines:#?}"
    );
    assert!(lines.contains(&want[3]), "{lines:#?}");
    assert_eq!(lines.len(), 4, "nothing else differs: {lines:#?}");
    assert!(c.differences.iter().all(|d| d.plan == 1));
}

#[test]
fn a_comparison_link_carries_every_plan_and_refuses_damage() {
    let plans = [
        (preset("managed-services"), "moderate"),
        (preset("vps-to-cluster"), "aggressive"),
    ];
    let refs: Vec<(&Plan, &str)> = plans.iter().map(|(p, s)| (p, *s)).collect();
    let text = link::encode_comparison(&refs);
    assert!(text.starts_with("c1."));
    let back = link::decode_comparison(&text).unwrap();
    assert_eq!(back.len(), 2);
    for ((p, s), (q, t)) in plans.iter().zip(&back) {
        assert_eq!(p, q);
        assert_eq!(*s, t.as_str());
    }
    assert!(link::is_comparison(&format!("#{text}")) && !link::is_comparison("p2.abc"));
    // Every single changed character is caught, as in plan links.
    let chars: Vec<char> = text.chars().collect();
    for i in 3..chars.len() {
        let mut bad = chars.clone();
        bad[i] = if bad[i] == 'A' { 'B' } else { 'A' };
        let bad: String = bad.into_iter().collect();
        let e = link::decode_comparison(&bad).unwrap_err();
        // Told as a comparison link's fault, never a plan link's.
        assert!(!e.to_string().contains("plan link"), "changed at {i}: {e}");
    }
    let damaged = link::decode_comparison(&format!("{}AAAA", &text[..text.len() - 4])).unwrap_err();
    assert!(
        damaged
            .to_string()
            .starts_with("This comparison link is damaged: "),
        "{damaged}"
    );
    let newer = link::decode_comparison("c9.abc").unwrap_err();
    assert_eq!(newer, link::LinkError::NewerComparison(9));
    assert!(
        newer
            .to_string()
            .contains("comparison format 9; this version reads format 1"),
        "{newer}"
    );
    assert!(link::decode_comparison(&text[..text.len() - 3]).is_err());
}

/// A custom plan of 5 tiers (not near any preset).
fn custom(k: usize) -> Plan {
    let tiers: Vec<serde_json::Value> = (0..5)
        .map(|t| {
            json!({"id": format!("t{t}"), "label": format!("Tier {t} of plan {k}"),
                "limits": {"users": 1000.0 * 10f64.powi(t as i32)},
                "components": (0..4).map(|c| json!({"name": format!("Part {c}"), "category": "compute",
                    "unit": "node", "unit_cost": 37.5 * (c + 1) as f64 + (k * 7 + t) as f64,
                    "quantity": {"metric": "users", "per": 500.0 * (t + 1) as f64, "min": 1}})).collect::<Vec<_>>()})
        })
        .collect();
    let mut p = with(support::base(), "tiers", json!(tiers));
    p["name"] = json!(format!("Custom plan {k}"));
    p["horizon_months"] = json!(36);
    decode(&p)
}

#[test]
fn four_custom_five_tier_plans_fit_a_link_of_under_4000_characters() {
    let plans: Vec<Plan> = (0..4).map(custom).collect();
    let refs: Vec<(&Plan, &str)> = plans.iter().map(|p| (p, "s")).collect();
    let text = link::encode_comparison(&refs);
    assert!(text.len() < 4_000, "{} characters", text.len());
    assert_eq!(link::decode_comparison(&text).unwrap().len(), 4);
}

#[test]
fn the_decision_table_names_the_best_cell_in_words() {
    let c = compare(&[entry(usage_priced(), "s"), entry(flat(), "s")], 100).unwrap();
    let rows = output::rows(&c);
    let total = rows
        .iter()
        .find(|r| r.name == "Total cost to month 12")
        .unwrap();
    // 1,100 x (1.1^12 - 1) = 2,352.5 against 1,800.
    assert_eq!(total.best, vec![1]);
    assert_eq!(total.word, "cheapest");
    let table = output::table(&c);
    assert!(table.contains("$1,800 (cheapest)"), "{table}");
    let csv = output::csv(&c);
    assert!(csv.starts_with("figure,Pay per user,Flat,best\n"), "{csv}");
    assert!(csv.contains("\n\nmonth,Pay per user users,Pay per user cost,Pay per user cumulative cost,Flat users"), "{csv}");
}

/// Columns are as wide as their widest text: plan names longer than any
/// fixed width stay apart, and every figure ends under its title.
#[test]
fn the_decision_table_keeps_long_names_apart() {
    let (mut a, mut b) = (usage_priced(), flat());
    a.name = "A plan with a name far longer than a column".into();
    b.name = "日本語のプラン名前テスト: a name that takes more columns than characters".into();
    let c = compare(&[entry(a.clone(), "s"), entry(b.clone(), "s")], 100).unwrap();
    let table = output::table(&c);
    let grid: Vec<&str> = table.lines().take_while(|l| !l.is_empty()).collect();
    let header: Vec<&str> = (grid[0].split("  ").map(str::trim))
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(header, [a.name.as_str(), b.name.as_str()], "{table}");
    // Right-aligned: every line of the grid ends at the last column's edge,
    // as a terminal shows it (each CJK character takes two columns).
    let width = headroom::formats::columns::width;
    for line in &grid {
        assert_eq!(width(line), width(grid[0]), "{line:?} in\n{table}");
    }
}

/// Comparison links as released: each `NAME.link` in
/// `tests/fixtures/comparisons` must open `NAME.json` forever.
#[test]
fn released_comparison_links_still_decode() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comparisons");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "link") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let want: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(path.with_extension("json")).unwrap())
                .unwrap();
        let got = link::decode_comparison(text.trim())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(got.len(), want.len());
        for ((plan, scenario), w) in got.iter().zip(&want) {
            let expected = headroom::formats::plan_json::load(&w["plan"].to_string()).unwrap();
            assert_eq!(plan, &expected, "{}", path.display());
            assert_eq!(scenario, w["scenario"].as_str().unwrap());
        }
        n += 1;
    }
    assert!(n >= 2, "comparison fixtures: {n}");
}

#[test]
fn costs_are_ranked_only_in_one_currency_and_over_the_same_months() {
    let mut euros = flat();
    euros.currency = "EUR".into();
    let c = compare(&[entry(usage_priced(), "s"), entry(euros, "s")], 100).unwrap();
    let rows = output::rows(&c);
    let total = rows
        .iter()
        .find(|r| r.name == "Total cost to month 12")
        .unwrap();
    assert_eq!(total.cells[1], "€1,800");
    assert!(
        total.best.is_empty(),
        "dollars and euros are not ranked against each other"
    );
    // A currency code in another case is the same currency.
    let mut lower = flat();
    lower.currency = "usd".into();
    let c = compare(&[entry(usage_priced(), "s"), entry(lower, "s")], 100).unwrap();
    let rows = output::rows(&c);
    let total = rows
        .iter()
        .find(|r| r.name == "Total cost to month 12")
        .unwrap();
    assert!(!total.best.is_empty(), "USD and usd are ranked");
    // A shorter plan: ranked on the months both have, each horizon shown apart.
    let mut short = flat();
    short.horizon_months = 6;
    let c = compare(&[entry(usage_priced(), "s"), entry(short, "s")], 100).unwrap();
    let rows = output::rows(&c);
    let shared = rows
        .iter()
        .find(|r| r.name == "Total cost to month 6")
        .unwrap();
    // 1,100 x (1.1^6 - 1) = 848.7 against 6 x 150 = 900.
    assert_eq!(shared.best, vec![0]);
    let own = rows
        .iter()
        .find(|r| r.name.starts_with("Total cost to each plan's horizon"))
        .unwrap();
    assert!(own.best.is_empty());
    assert_eq!(own.cells[1], "$900 (month 6)");
}

#[test]
fn a_currency_change_is_one_difference_not_every_price() {
    let a = preset("three-tier");
    let mut b = a.clone();
    b.currency = "EUR".into();
    let c = compare(&[entry(a, "moderate"), entry(b, "moderate")], 100).unwrap();
    let lines: Vec<String> = c
        .differences
        .iter()
        .map(|d| format!("{}: {} -> {}", d.label, d.a, d.b))
        .collect();
    assert_eq!(lines, ["Currency: USD -> EUR"]);
}

#[test]
fn a_plan_with_a_commitment_shows_the_best_commitment_s_saving() {
    use headroom::engine::commitment::{demand, optimise};
    let mut committed = usage_priced();
    committed.pricing = Some(headroom::engine::Pricing {
        commitment: Some(headroom::engine::Commitment::starting(None)),
        ..Default::default()
    });
    let c = compare(&[entry(committed.clone(), "s"), entry(flat(), "s")], 300).unwrap();
    let want = optimise(&demand(&committed, 0, 300, None).unwrap(), 12).unwrap();
    assert_eq!(
        c.columns[0].figures.commitment,
        Some((want.best.amount, want.best.saving))
    );
    assert_eq!(c.columns[1].figures.commitment, None);
    let rows = output::rows(&c);
    let row = rows
        .iter()
        .find(|r| r.name == "Saving from the best commitment")
        .unwrap();
    assert_eq!(row.cells[1], "no commitment");
    assert!(row.cells[0].contains("a month)"), "{}", row.cells[0]);
}

/// A plan with problems stops the comparison, which names the plan, counts
/// its problems and tells the first few, and what to do.
#[test]
fn a_plan_that_cannot_be_computed_is_named_with_every_problem_counted() {
    let good = entry(preset("managed-services"), "moderate");
    let mut broken = preset("three-tier");
    broken.name = String::new();
    broken.horizon_months = 0;
    let bad = entry(broken.clone(), "moderate");
    let (i, errors) = compare(&[good.clone(), bad], 100).unwrap_err();
    assert_eq!((i, errors.len()), (1, 2), "{errors:?}");
    let told = headroom::compare::not_computed(i, &errors);
    assert_eq!(
        told,
        format!(
            "Plan 2 cannot be computed (2 problems): {}; {}. Fix it in the editor, or remove it from the comparison.",
            errors[0], errors[1]
        )
    );
    assert!(
        told.contains("name: ") && told.contains("horizon_months: "),
        "{told}"
    );
    // Past three problems, the rest are counted.
    for c in broken.tiers.iter_mut().flat_map(|t| &mut t.components) {
        c.unit_cost = Num::Fixed(-1.0);
    }
    let (_, errors) = compare(&[entry(broken, "moderate")], 100).unwrap_err();
    assert!(errors.len() > 4, "{errors:?}");
    let told = headroom::compare::not_computed(0, &errors);
    assert!(
        told.contains(&format!("; and {} more. Fix it", errors.len() - 3)),
        "{told}"
    );
}

/// A plan whose ranges move nothing (the three-tier preset: its discount
/// ranges apply at 0% coverage or to no component) has no P10 / P50 / P90
/// figures, as the page's simulation shows no band; a ranged growth does.
#[test]
fn ranges_that_move_nothing_give_no_range_figures() {
    let flat = preset("three-tier");
    assert!(headroom::engine::inputs::has_ranges(&flat));
    let mut ranged = flat.clone();
    let Growth::Compound { segments, .. } = &mut ranged.scenarios[1].growth else {
        panic!("compound growth");
    };
    segments[0].rate = Num::Range {
        low: 0.2,
        high: 0.3,
        dist: headroom::engine::Dist::Normal,
    };
    let c = compare(&[entry(flat, "moderate"), entry(ranged, "moderate")], 500).unwrap();
    assert!(c.columns[0].simulation.is_some());
    assert_eq!(c.columns[0].figures.total_range, None);
    let [p10, p50, p90] = c.columns[1].figures.total_range.unwrap();
    assert!(p10 < p50 && p50 < p90, "{p10} {p50} {p90}");
    // The table has the rows for the ranged plan, empty for the flat one.
    let table = output::table(&c);
    let row = table.lines().find(|l| l.contains("P10")).unwrap();
    assert!(row.contains("no spread"), "{row}");
}

/// A name holding a bracket or a quote is quoted in a difference's path, so
/// the path reads one way; plain names (spaces and dots too) stay bare.
#[test]
fn names_with_brackets_or_quotes_are_quoted_in_differences() {
    let a = preset("three-tier");
    let mut b = a.clone();
    b.tiers[1].components[0].name = "Back].end \"x\"".into();
    b.tiers[1].components[1].name = "Database v2.1 (primary)".into();
    b.tiers[1].components[1].unit_cost = Num::Fixed(999.0);
    let d =
        headroom::compare::differences::between(&entry(a, "moderate"), &entry(b, "moderate"), 1);
    let paths: Vec<&str> = d.iter().map(|d| d.path.as_str()).collect();
    assert!(
        paths.contains(&r#"tiers[growth].components["Back].end \"x\""]"#),
        "{paths:?}"
    );
    assert!(
        paths
            .iter()
            .any(|p| p.starts_with("tiers[growth].components[Database v2.1 (primary)]")),
        "{paths:?}"
    );
}
