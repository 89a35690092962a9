//! MODEL.md section 9: the figures the seed documents agree with, computed
//! by the engine from the presets.

mod support;

use headroom::engine::forecast;
use headroom::presets;
use support::close;

fn preset(name: &str) -> headroom::engine::Plan {
    presets::find(name).unwrap().plan().unwrap()
}

#[test]
fn three_tier_itemised_costs_total_the_seed_guide_figures() {
    // Start small enough to begin on Starter; the aggressive scenario then
    // passes through all three tiers. Each tier's month cost must match.
    let mut plan = preset("three-tier");
    plan.initial_users = 1000.0.into();
    plan.horizon_months = 36;
    let f = forecast(&plan).unwrap();
    let aggressive = &f.scenarios[2];
    let want = [463.45, 3020.05, 26258.72];
    for (tier, want) in want.iter().enumerate() {
        let m = aggressive
            .months
            .iter()
            .find(|m| m.tier == tier)
            .unwrap_or_else(|| panic!("tier {tier} never used"));
        assert!(
            close(m.cost, *want, 0.005),
            "tier {tier}: {} vs {want}",
            m.cost
        );
    }
}

#[test]
fn three_tier_sizes_on_fifteen_percent_concurrency() {
    let plan = preset("three-tier");
    let f = forecast(&plan).unwrap();
    let m0 = &f.scenarios[0].months[0];
    assert_eq!(m0.users, 10_000.0);
    assert!(close(m0.metrics[0], 1500.0, 1e-9)); // peak concurrent = 15%
                                                 // 1,500 concurrent is past 80% of Starter's 1,000: Growth from month 0.
    assert_eq!(plan.tiers[m0.tier].id, "growth");
}

#[test]
fn default_scenarios_follow_the_seed_growth_assumptions() {
    let plan = preset("three-tier");
    let f = forecast(&plan).unwrap();
    let moderate = &f.scenarios[1];
    let want6 = 10_000.0 * 1.25f64.powi(6);
    let want12 = want6 * 1.20f64.powi(6);
    let want24 = want12 * 1.15f64.powi(12);
    assert!(close(moderate.months[6].users, want6, 1e-6));
    assert!(close(moderate.months[12].users, want12, 1e-6));
    assert!(close(moderate.months[24].users, want24, 1e-6));
}

#[test]
fn churn_example_gives_the_seed_user_counts_and_daily_requests() {
    let plan = preset("managed-services");
    let f = forecast(&plan).unwrap();
    let moderate = f
        .scenarios
        .iter()
        .find(|s| plan.scenarios[s.scenario].id == "moderate")
        .unwrap();
    let users: Vec<i64> = moderate.months[1..=6]
        .iter()
        .map(|m| m.users.round() as i64)
        .collect();
    assert_eq!(users, vec![117, 137, 160, 187, 219, 257]);
    let daily = plan
        .metrics
        .iter()
        .position(|m| m.id == "daily_requests")
        .unwrap();
    for m in &moderate.months {
        assert!(close(m.metrics[daily], m.users * 150.0 / 30.0, 1e-9));
    }
}

#[test]
fn launch_plan_drivers_and_cost_per_capacity_user() {
    let plan = preset("launch");
    let idx = |id: &str| plan.metrics.iter().position(|m| m.id == id).unwrap();
    let f = forecast(&plan).unwrap();
    let m0 = &f.scenarios[0].months[0];
    // Launch, month 0: 50,000 active users.
    assert!(close(m0.metrics[idx("peak_concurrent")], 2500.0, 1e-9));
    assert!(close(m0.metrics[idx("required_capacity")], 3000.0, 1e-9));
    assert!(close(m0.metrics[idx("peak_rps")], 350.0, 1e-9));
    assert!(close(m0.metrics[idx("daily_requests")], 10_000_000.0, 1e-6));
    assert_eq!(plan.tiers[m0.tier].id, "launch");
    assert!(close(m0.cost, 4085.0, 1e-9));

    // With demand inside the tested limit, today's stack carries it:
    // cost per capacity user = 1240 / 2000 = 0.62.
    let mut today = plan.clone();
    today.initial_users = 30_000.0.into();
    let t = &forecast(&today).unwrap().scenarios[0].months[0];
    assert_eq!(today.tiers[t.tier].id, "current");
    assert!(close(t.cost, 1240.0, 1e-9));
    assert!(close(t.cost_per_capacity_unit.unwrap(), 0.62, 1e-12));
}

#[test]
fn launch_plan_table_growth_passes_through_its_points() {
    let plan = preset("launch");
    let f = forecast(&plan).unwrap();
    let s = &f.scenarios[0];
    for (month, users) in [
        (0, 50_000.0),
        (1, 75_000.0),
        (3, 150_000.0),
        (6, 300_000.0),
        (12, 500_000.0),
    ] {
        assert!(close(s.months[month].users, users, 1e-6), "month {month}");
    }
    // Geometric between points: month 2 is the geometric mean of months 1 and 3.
    assert!(close(
        s.months[2].users,
        (75_000.0f64 * 150_000.0).sqrt(),
        1e-6
    ));
}

#[test]
fn vps_plan_per_user_drivers() {
    let plan = preset("vps-to-cluster");
    let idx = |id: &str| plan.metrics.iter().position(|m| m.id == id).unwrap();
    let f = forecast(&plan).unwrap();
    let m1 = &f.scenarios[0].months[1]; // conservative, month 1: 1,000 users
    assert!(close(m1.users, 1000.0, 1e-9));
    assert!(close(m1.metrics[idx("db_gb")] * 1e6, 25_000.0, 1e-6)); // 25 KB per user, in KB
    assert!(close(m1.metrics[idx("image_gb")], 0.5, 1e-12)); // 0.5 MB per user
    assert!(close(m1.metrics[idx("transfer_gb")], 1000.0, 1e-9)); // 1 GB per user per month
}

#[test]
fn every_preset_validates_and_describes_itself() {
    for p in presets::PRESETS.iter() {
        let plan = p.plan().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            plan.description.as_deref().is_some_and(|d| d.len() > 80),
            "{} needs a description",
            p.name
        );
        forecast(&plan).unwrap_or_else(|e| panic!("{}: {e:?}", p.name));
    }
    assert_eq!(presets::PRESETS[0].name, presets::DEFAULT);
}
