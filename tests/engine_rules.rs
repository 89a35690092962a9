//! Each rule of MODEL.md sections 1-6, on small plans built for the rule.

mod support;

use headroom::engine::{EventKind, ScenarioForecast};
use serde_json::json;
use support::{base, close, first, with};

fn growth(g: serde_json::Value) -> serde_json::Value {
    with(
        base(),
        "scenarios",
        json!([{"id": "s", "label": "S", "growth": g}]),
    )
}

fn users(s: &ScenarioForecast) -> Vec<f64> {
    s.months.iter().map(|m| m.users).collect()
}

#[test]
fn compound_segments_apply_rate_minus_churn_and_zero_outside_segments() {
    let s = first(&growth(json!({"kind": "compound", "churn": 0.05,
        "segments": [{"from": 1, "to": 2, "rate": 0.25}, {"from": 5, "to": 5, "rate": 0.55}]})));
    let u = users(&s);
    let want = [1000.0, 1200.0, 1440.0, 1368.0, 1299.6, 1949.4, 1851.93];
    for (m, w) in want.iter().enumerate() {
        assert!(close(u[m], *w, 1e-6), "month {m}: {} vs {w}", u[m]);
    }
}

#[test]
fn month_zero_is_not_counted_in_cumulative_cost() {
    let s = first(&base());
    assert_eq!(s.months.len(), 13);
    assert_eq!(s.months[0].cumulative_cost, 0.0);
    assert!(close(s.months[1].cumulative_cost, 100.0, 1e-9));
    assert!(close(s.total_cost, 1200.0, 1e-9));
    assert!(close(s.months[12].cumulative_cost, s.total_cost, 0.0));
}

#[test]
fn table_growth_before_between_and_after_points() {
    let s = first(&with(
        growth(json!({"kind": "table", "points": [[2, 4000], [4, 16000]]})),
        "horizon_months",
        json!(6),
    ));
    let want = [1000.0, 2000.0, 4000.0, 8000.0, 16000.0, 32000.0, 64000.0];
    for (m, w) in want.iter().enumerate() {
        assert!(close(s.months[m].users, *w, 1e-6), "month {m}");
    }
}

#[test]
fn logistic_growth_follows_the_formula() {
    let s = first(&growth(
        json!({"kind": "logistic", "rate": 0.3, "capacity": 50000}),
    ));
    for m in 0..=12 {
        let want = 50000.0 / (1.0 + (49000.0 / 1000.0) * (-0.3 * m as f64).exp());
        assert!(close(s.months[m].users, want, 1e-6), "month {m}");
    }
}

#[test]
fn plain_and_accumulated_metrics_with_base_and_chains() {
    let plan = with(
        growth(json!({"kind": "compound", "segments": [{"from": 1, "rate": 1.0}]})),
        "metrics",
        json!([
            {"id": "stored", "label": "Stored", "unit": "GB", "from": "users", "factor": 0.5, "base": 10, "accumulate": true},
            {"id": "conc", "label": "Concurrent", "unit": "users", "from": "users", "factor": 0.1},
            {"id": "rps", "label": "RPS", "unit": "req/s", "from": "conc", "factor": 2, "base": 1}
        ]),
    );
    let s = first(&with(plan, "horizon_months", json!(3)));
    // users 1000, 2000, 4000, 8000
    let stored: Vec<f64> = s.months.iter().map(|m| m.metrics[0]).collect();
    assert_eq!(stored, vec![10.0, 1010.0, 3010.0, 7010.0]);
    let rps: Vec<f64> = s.months.iter().map(|m| m.metrics[2]).collect();
    assert_eq!(rps, vec![201.0, 401.0, 801.0, 1601.0]);
}

fn two_tier_plan(allow_downgrade: bool) -> serde_json::Value {
    let plan = with(
        base(),
        "scenarios",
        json!([{"id": "s", "label": "S", "growth": {"kind": "table",
        "points": [[1, 2000], [2, 900], [3, 900]]}}]),
    );
    let plan = with(plan, "horizon_months", json!(3));
    let plan = with(plan, "policy", json!({"allow_downgrade": allow_downgrade}));
    with(
        plan,
        "tiers",
        json!([
            {"id": "small", "label": "Small", "limits": {"users": 1250},
             "components": [{"name": "A", "category": "compute", "unit": "u", "unit_cost": 10, "quantity": 1}]},
            {"id": "big", "label": "Big", "limits": {"users": 10000},
             "components": [{"name": "B", "category": "compute", "unit": "u", "unit_cost": 50, "quantity": 1}]}
        ]),
    )
}

#[test]
fn tier_is_the_first_that_fits_at_target_utilization() {
    // 1000 users <= 0.8 * 1250: Small fits; 2000 does not.
    let s = first(&two_tier_plan(true));
    let tiers: Vec<usize> = s.months.iter().map(|m| m.tier).collect();
    assert_eq!(tiers, vec![0, 1, 0, 0]);
    assert!(close(s.months[0].utilization[0], 0.8, 1e-12));
    let change = s
        .events
        .iter()
        .find(|e| e.month == 1 && matches!(e.kind, EventKind::TierChange { .. }))
        .unwrap();
    assert_eq!(
        change.kind,
        EventKind::TierChange {
            from: 0,
            to: 1,
            limit: Some(0),
            utilization: Some(1.6)
        }
    );
}

#[test]
fn without_downgrade_the_tier_never_shrinks() {
    let s = first(&two_tier_plan(false));
    let tiers: Vec<usize> = s.months.iter().map(|m| m.tier).collect();
    assert_eq!(tiers, vec![0, 1, 1, 1]);
}

#[test]
fn no_tier_fits_uses_the_largest_and_flags_over_capacity() {
    let plan = with(two_tier_plan(true), "initial_users", json!(9000));
    let s = first(&plan);
    let m0 = &s.months[0];
    assert_eq!(m0.tier, 1);
    assert!(m0.over_capacity && m0.no_tier_fits);
    let ev = s
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKind::OverCapacity { .. }))
        .unwrap();
    assert_eq!(ev.month, 0);
    assert_eq!(
        ev.kind,
        EventKind::OverCapacity {
            until: 0,
            tier: 1,
            limit: Some(0),
            components: vec![]
        }
    );
}

fn priced(quantity: serde_json::Value, category: &str) -> serde_json::Value {
    let plan = with(
        base(),
        "metrics",
        json!([{"id": "gb", "label": "GB", "unit": "GB", "from": "users", "factor": 0.5}]),
    );
    with(
        plan,
        "tiers",
        json!([{"id": "t", "label": "T", "components": [
        {"name": "C", "category": category, "unit": "u", "unit_cost": 2, "quantity": quantity}]}]),
    )
}

#[test]
fn usage_priced_quantity_is_factor_times_metric_unrounded() {
    let s = first(&priced(json!({"metric": "gb", "factor": 0.3}), "storage"));
    // month 1: 1100 users -> 550 GB -> 165 units -> 330
    assert!(close(s.months[1].components[0].quantity, 165.0, 1e-9));
    assert!(close(s.months[1].cost, 330.0, 1e-9));
}

#[test]
fn sized_quantity_rounds_up_clamps_and_flags_its_max() {
    let s = first(&priced(
        json!({"metric": "gb", "per": 200, "min": 3, "max": 4}),
        "compute",
    ));
    let q: Vec<f64> = s.months.iter().map(|m| m.components[0].quantity).collect();
    // gb = 500 * 1.1^m: ceil(gb/200) = 3,3,4,4,4,5,...; min 3, max 4
    assert_eq!(&q[..6], &[3.0, 3.0, 4.0, 4.0, 4.0, 4.0]);
    assert!(!s.months[4].over_capacity);
    assert!(s.months[5].over_capacity && s.months[5].components[0].at_max);
    let ev = s
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKind::OverCapacity { .. }))
        .unwrap();
    assert_eq!(
        ev.kind,
        EventKind::OverCapacity {
            until: 12,
            tier: 0,
            limit: None,
            components: vec![0]
        }
    );
    assert_eq!(ev.month, 5);
}

#[test]
fn discounts_apply_to_their_categories_only() {
    let pricing = json!({"reserved": {"coverage": 0.5, "discount": 0.4, "categories": ["compute"]},
                         "spot": {"coverage": 1, "discount": 0.7, "categories": ["worker"]}});
    let compute = first(&with(
        priced(json!(10), "compute"),
        "pricing",
        pricing.clone(),
    ));
    assert!(close(
        compute.months[0].cost,
        20.0 * (1.0 - 0.5 * 0.4),
        1e-12
    ));
    let worker = first(&with(
        priced(json!(10), "worker"),
        "pricing",
        pricing.clone(),
    ));
    assert!(close(worker.months[0].cost, 20.0 * 0.3, 1e-12));
    let storage = first(&with(priced(json!(10), "storage"), "pricing", pricing));
    assert!(close(storage.months[0].cost, 20.0, 1e-12));
}

#[test]
fn ranges_use_their_medians() {
    let plan = with(
        priced(
            json!({"low": 4, "high": 16, "dist": "lognormal"}),
            "compute",
        ),
        "initial_users",
        json!({"low": 500, "high": 1500}),
    );
    let s = first(&plan);
    assert_eq!(s.months[0].users, 1000.0);
    assert!(close(s.months[0].components[0].quantity, 8.0, 1e-12));
}

#[test]
fn cost_per_user_is_none_without_users() {
    let s = first(&with(base(), "initial_users", json!(0)));
    assert_eq!(s.months[0].cost_per_user, None);
    assert!(s.months.iter().all(|m| m.users == 0.0));
    let s = first(&base());
    assert!(close(s.months[0].cost_per_user.unwrap(), 0.1, 1e-12));
}

#[test]
fn approaching_limit_names_the_limit_and_the_month_it_passes_target() {
    // users 1000 * 1.1^m against a limit of 2000: warn 0.7 (1400) is passed in
    // month 4 (1464); target 0.8 (1600) would be passed in month 5 (1610.5).
    let plan = with(
        base(),
        "tiers",
        json!([{"id": "t", "label": "T", "limits": {"users": 2000},
        "components": [{"name": "C", "category": "compute", "unit": "u", "unit_cost": 1, "quantity": 1}]}]),
    );
    let s = first(&plan);
    let ev = s
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKind::ApproachingLimit { .. }))
        .unwrap();
    assert_eq!(ev.month, 4);
    match &ev.kind {
        EventKind::ApproachingLimit {
            tier,
            limit,
            utilization,
            target_month,
        } => {
            assert_eq!((*tier, *limit, *target_month), (0, 0, Some(5)));
            assert!(close(*utilization, 1464.1 / 2000.0, 1e-9));
        }
        _ => unreachable!(),
    }
    // Only once per stint on a tier.
    assert_eq!(
        s.events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::ApproachingLimit { .. }))
            .count(),
        1
    );
}

/// An alert whose target is passed in its own month leaves no month to
/// act in: it says "now", not "before month m" of that same month.
#[test]
fn an_alert_past_its_target_in_its_own_month_says_now() {
    let tiers = |growth: f64| {
        let mut plan = with(
            base(),
            "tiers",
            json!([{"id": "t", "label": "T", "limits": {"users": 2000},
            "components": [{"name": "C", "category": "compute", "unit": "u", "unit_cost": 1, "quantity": 1}]}]),
        );
        plan["scenarios"][0]["growth"]["segments"][0]["rate"] = json!(growth);
        let p = support::decode(&plan);
        let f = headroom::engine::forecast(&p).unwrap();
        let e = f.scenarios[0]
            .events
            .iter()
            .find(|e| e.kind.name() == "approaching_limit")
            .cloned()
            .unwrap();
        (headroom::report::describe(&p, &e), e)
    };
    // 1,000 users doubling: month 1 (2,000) passes the 70% warning and the
    // 80% target at once.
    let (text, e) = tiers(1.0);
    assert!(matches!(
        e.kind,
        EventKind::ApproachingLimit {
            target_month: Some(1),
            ..
        }
    ));
    assert_eq!(text, "Month 1: Users at 100.0% of T's limit, past the 70.0% warning, and past the 80.0% target this month; T is the largest tier: add a larger one now.");
    // 10% a month: the warning in month 4, the target in month 5.
    let (text, _) = tiers(0.1);
    assert!(
        text.ends_with("T is the largest tier: add a larger one before month 5."),
        "{text}"
    );
}

#[test]
fn cost_jump_and_over_budget_events() {
    let plan = with(
        two_tier_plan(false),
        "policy",
        json!({"cost_jump": 0.2, "monthly_budget": 40}),
    );
    let s = first(&plan);
    let jumps: Vec<_> = s
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::CostJump { .. }))
        .collect();
    assert_eq!(jumps.len(), 1);
    assert_eq!(jumps[0].month, 1);
    assert_eq!(
        jumps[0].kind,
        EventKind::CostJump {
            previous_cost: 10.0,
            cost: 50.0,
            increase: Some(4.0)
        }
    );
    let budget: Vec<_> = s
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::OverBudget { .. }))
        .collect();
    assert_eq!(budget.len(), 1);
    assert_eq!(budget[0].month, 1);
    assert_eq!(
        budget[0].kind,
        EventKind::OverBudget {
            until: 3,
            cost: 50.0,
            budget: 40.0
        }
    );
}

#[test]
fn a_cost_jump_of_exactly_the_threshold_is_not_an_event() {
    // 100 -> 120 is +20%, not more than 20%.
    let plan = with(
        two_tier_plan(false),
        "tiers",
        json!([
            {"id": "a", "label": "A", "limits": {"users": 1250}, "components": [{"name": "A", "category": "compute", "unit": "u", "unit_cost": 100, "quantity": 1}]},
            {"id": "b", "label": "B", "components": [{"name": "B", "category": "compute", "unit": "u", "unit_cost": 120, "quantity": 1}]}
        ]),
    );
    let s = first(&plan);
    assert!(s
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::TierChange { .. })));
    assert!(!s
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::CostJump { .. })));
}

#[test]
fn growth_past_a_trillion_users_is_an_error_not_a_figure() {
    let plan = with(
        growth(json!({"kind": "compound", "segments": [{"from": 1, "rate": 5.0}]})),
        "horizon_months",
        json!(120),
    );
    let errs = headroom::engine::forecast(&support::decode(&plan)).unwrap_err();
    assert_eq!(errs[0].path, "scenarios[0]");
    assert!(
        errs[0].message.contains("past the limit of 10^12"),
        "{}",
        errs[0]
    );
}

#[test]
fn an_over_capacity_run_reports_a_change_of_cause() {
    // A sized component maxes out from month 2; from month 6 no tier fits either.
    let plan = with(
        growth(json!({"kind": "compound", "segments": [{"from": 1, "rate": 0.5}]})),
        "initial_users",
        json!(100),
    );
    let plan = with(
        with(plan, "horizon_months", json!(8)),
        "tiers",
        json!([{"id": "t", "label": "T", "limits": {"users": 1000},
        "components": [{"name": "web", "category": "compute", "unit": "u", "unit_cost": 1, "quantity": {"metric": "users", "per": 100, "max": 2}}]}]),
    );
    let s = first(&plan);
    let over: Vec<_> = s
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::OverCapacity { .. }))
        .collect();
    assert_eq!(over.len(), 2, "{over:?}");
    assert_eq!(over[0].month, 2);
    assert_eq!(
        over[0].kind,
        EventKind::OverCapacity {
            until: 5,
            tier: 0,
            limit: None,
            components: vec![0]
        }
    );
    assert_eq!(over[1].month, 6);
    assert_eq!(
        over[1].kind,
        EventKind::OverCapacity {
            until: 8,
            tier: 0,
            limit: Some(0),
            components: vec![0]
        }
    );
}

#[test]
fn exactly_the_warning_level_is_not_past_it() {
    // 100,000 x 0.07 = 7,000 of 10,000 is 70%, although 0.07 * 1e5 / 1e4 is 0.7000000000000001.
    let plan = with(
        with(base(), "initial_users", json!(100000)),
        "metrics",
        json!([{"id": "pc", "label": "PC", "unit": "u", "from": "users", "factor": 0.07}]),
    );
    let plan = with(
        with(plan, "horizon_months", json!(1)),
        "scenarios",
        json!([{"id": "s", "label": "S", "growth": {"kind": "compound", "segments": []}}]),
    );
    let plan = with(
        plan,
        "tiers",
        json!([{"id": "t", "label": "T", "limits": {"pc": 10000},
        "components": [{"name": "C", "category": "compute", "unit": "u", "unit_cost": 1, "quantity": 1}]}]),
    );
    let s = first(&plan);
    assert!(
        !s.events
            .iter()
            .any(|e| matches!(e.kind, EventKind::ApproachingLimit { .. })),
        "{:?}",
        s.events
    );
}

#[test]
fn an_infinite_cost_per_user_is_an_error() {
    let plan = with(base(), "initial_users", json!(1e-310));
    let errs = headroom::engine::forecast(&support::decode(&plan)).unwrap_err();
    assert!(errs[0].message.contains("cost per user"), "{errs:?}");
}
