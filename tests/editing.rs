//! The plan edits the app makes (engine::edit) and the report figures its
//! results show (report): each leaves a plan the engine accepts and keeps
//! what a planner would expect.

use headroom::engine::edit::QuantityMode;
use headroom::engine::{forecast, validate, Category, Growth, GrowthKind, Num, Quantity};
use headroom::presets::{self, blank_plan};
use headroom::report::{bottleneck_series, cost_by_category, summary, tier_spans};

fn three_tier() -> headroom::engine::Plan {
    presets::find("three-tier").unwrap().plan().unwrap()
}

#[test]
fn a_blank_plan_is_valid_and_forecasts() {
    let plan = blank_plan();
    assert_eq!(validate(&plan), vec![]);
    let f = forecast(&plan).unwrap();
    assert_eq!(f.scenarios.len(), 3);
    assert_eq!(f.scenarios[0].months[0].users, 1000.0);
}

#[test]
fn renaming_a_driver_renames_every_reference() {
    let mut plan = three_tier();
    let i = plan
        .metrics
        .iter()
        .position(|m| m.id == "peak_concurrent")
        .unwrap();
    plan.actuals.push(headroom::engine::Actual {
        month: 0,
        users: None,
        cost: None,
        metrics: [("peak_concurrent".to_string(), 900.0)].into(),
    });
    plan.rename_metric(i, "peak");
    assert_eq!(validate(&plan), vec![]);
    assert_eq!(
        plan.actuals[0].metrics,
        [("peak".to_string(), 900.0)].into()
    );
    assert!(plan
        .tiers
        .iter()
        .all(|t| t.limits.contains_key("peak") && !t.limits.contains_key("peak_concurrent")));
    // The forecast is unchanged by a rename.
    assert_eq!(
        forecast(&plan).unwrap().scenarios[1].total_cost,
        forecast(&three_tier()).unwrap().scenarios[1].total_cost
    );
    // A taken id or "users" is refused.
    plan.rename_metric(i, "daily_active");
    plan.rename_metric(i, "users");
    assert_eq!(plan.metrics[i].id, "peak");
}

/// Removing a driver takes its observed values with it (a month that had
/// nothing else goes too); the other drivers' values stay.
#[test]
fn removing_a_driver_removes_its_actual_values() {
    let mut plan = three_tier();
    let i = plan
        .metrics
        .iter()
        .position(|m| m.id == "daily_active")
        .unwrap();
    let actual =
        |month: i32, users: Option<f64>, values: &[(&str, f64)]| headroom::engine::Actual {
            month,
            users,
            cost: None,
            metrics: values.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        };
    plan.actuals = vec![
        actual(-1, None, &[("daily_active", 5.0)]),
        actual(
            0,
            Some(10.0),
            &[("daily_active", 6.0), ("api_requests", 7.0)],
        ),
    ];
    plan.remove_metric(i);
    assert!(plan.metrics.iter().all(|m| m.id != "daily_active"));
    assert_eq!(
        plan.actuals,
        vec![actual(0, Some(10.0), &[("api_requests", 7.0)])]
    );
    assert_eq!(validate(&plan), vec![]);
    plan.remove_metric(99);
}

#[test]
fn duplicated_and_added_tiers_get_fresh_ids() {
    let mut plan = three_tier();
    plan.duplicate_tier(1);
    assert_eq!(plan.tiers[2].id, "growth-copy");
    assert_eq!(plan.tiers[2].components, plan.tiers[1].components);
    plan.duplicate_tier(1);
    assert_eq!(plan.tiers[2].id, "growth-copy-2");
    plan.add_tier();
    let last = plan.tiers.last().unwrap();
    assert_eq!(last.id, "tier");
    // Ten times the previous largest tier's limit.
    assert_eq!(last.limits["peak_concurrent"], Num::Fixed(1_000_000.0));
    assert_eq!(validate(&plan), vec![]);
    plan.duplicate_tier(99); // no such tier: nothing happens
    assert_eq!(plan.tiers.len(), 6);
}

#[test]
fn switching_quantity_mode_keeps_the_driver() {
    let mut plan = three_tier();
    plan.set_quantity_mode(0, 0, QuantityMode::Usage);
    // Its factor keeps the quantity now (switching_quantity_mode_keeps_the_quantity_now).
    assert!(
        matches!(&plan.tiers[0].components[0].quantity, Quantity::Usage { metric, .. } if metric == "users")
    );
    if let Quantity::Usage { metric, .. } = &mut plan.tiers[0].components[0].quantity {
        *metric = "daily_active".into();
    }
    plan.set_quantity_mode(0, 0, QuantityMode::Sized);
    assert!(
        matches!(&plan.tiers[0].components[0].quantity, Quantity::Sized { metric, .. } if metric == "daily_active")
    );
    assert_eq!(validate(&plan), vec![]);
}

/// A switch of quantity mode alone moves no cost now: the component keeps
/// its month-0 quantity, so month 0's forecast is unchanged, and a fixed
/// count becomes one unit per a round share of the driver.
#[test]
fn switching_quantity_mode_keeps_the_quantity_now() {
    let base = three_tier();
    let month0 = |p: &headroom::engine::Plan| {
        let m = &headroom::engine::forecast_scenario(p, 1).unwrap().months[0];
        (
            m.tier,
            m.cost,
            m.components.iter().map(|c| c.quantity).collect::<Vec<_>>(),
        )
    };
    let (tier, cost, quantities) = month0(&base);
    assert_eq!(tier, 1, "the default plan starts on Growth");
    let backend = quantities[0];
    assert!(backend > 1.0);
    let mut plan = base.clone();
    for mode in [
        QuantityMode::Sized,
        QuantityMode::Usage,
        QuantityMode::Fixed,
        QuantityMode::Usage,
        QuantityMode::Sized,
    ] {
        plan.set_quantity_mode(1, 0, mode);
        assert_eq!(validate(&plan), vec![], "{mode:?}");
        let (_, c, q) = month0(&plan);
        assert!(
            (q[0] - backend).abs() < 1e-9,
            "{mode:?}: {} units, not {backend}",
            q[0]
        );
        assert!(
            (c - cost).abs() < 1e-6,
            "{mode:?}: month 0 costs {c}, not {cost}"
        );
    }
    // Fixed to sized: a round number of users per unit (three figures).
    let mut sized = base.clone();
    sized.set_quantity_mode(1, 0, QuantityMode::Sized);
    let Quantity::Sized { per, .. } = &sized.tiers[1].components[0].quantity else {
        panic!("not sized")
    };
    let per = per.median();
    let users = base.initial_users.median();
    assert_eq!((users / per).ceil(), backend, "{users} users at {per} each");
    assert_eq!(
        per,
        format!("{:.3e}", per).parse::<f64>().unwrap(),
        "{per} is three figures"
    );
    // Round trips leave no float noise: fixed 6 comes back as exactly 6.
    let mut round = base.clone();
    for mode in [
        QuantityMode::Usage,
        QuantityMode::Sized,
        QuantityMode::Fixed,
        QuantityMode::Sized,
        QuantityMode::Usage,
        QuantityMode::Fixed,
    ] {
        round.set_quantity_mode(1, 0, mode);
    }
    assert_eq!(
        round.tiers[1].components[0].quantity,
        Quantity::Fixed(Num::Fixed(backend))
    );
    // A tier not in use now keeps its quantity in the first month it is in
    // use (the earliest of any scenario), not month 0's users.
    let f = forecast(&base).unwrap();
    let first = |p: &headroom::engine::Plan| {
        let f = forecast(p).unwrap();
        let (s, m) = (f.scenarios.iter().enumerate())
            .filter_map(|(s, sf)| sf.months.iter().find(|m| m.tier == 2).map(|m| (s, m.month)))
            .min_by_key(|&(_, m)| m)
            .unwrap();
        let month = &f.scenarios[s].months[m as usize];
        (s, m, month.components[0].quantity, month.cost)
    };
    let (s, m, q, c) = first(&base);
    assert!(
        m > 0 && f.scenarios[1].months[0].tier != 2,
        "Enterprise is not in use now"
    );
    for mode in [QuantityMode::Usage, QuantityMode::Sized] {
        let mut p = base.clone();
        p.set_quantity_mode(2, 0, mode);
        let (s2, m2, q2, c2) = first(&p);
        assert_eq!((s2, m2), (s, m), "{mode:?}");
        assert!(
            (q2 - q).abs() < 1e-9 && (c2 - c).abs() < 1e-6,
            "{mode:?}: {q2} units and {c2} against {q} and {c}"
        );
    }
    // An invalid plan cannot forecast: the switch takes plain defaults.
    let mut broken = base.clone();
    broken.horizon_months = 0;
    broken.set_quantity_mode(1, 0, QuantityMode::Sized);
    assert!(
        matches!(&broken.tiers[1].components[0].quantity, Quantity::Sized { per, .. } if *per == Num::Fixed(1000.0))
    );
}

#[test]
fn switching_growth_kind_gives_a_valid_model() {
    let mut plan = three_tier();
    for kind in [
        GrowthKind::Table,
        GrowthKind::Logistic,
        GrowthKind::Compound,
    ] {
        plan.set_growth_kind(0, kind);
        assert_eq!(plan.scenarios[0].growth.kind(), kind);
        assert_eq!(validate(&plan), vec![], "{kind:?}");
    }
}

#[test]
fn cost_by_category_adds_up_to_the_monthly_cost() {
    let plan = three_tier();
    let f = forecast(&plan).unwrap();
    let sf = &f.scenarios[1];
    let split = cost_by_category(&plan, sf);
    for (m, month) in sf.months.iter().enumerate() {
        let sum: f64 = split.iter().map(|(_, v)| v[m]).sum();
        assert!(
            (sum - month.cost).abs() < 1e-6,
            "month {m}: {sum} vs {}",
            month.cost
        );
    }
    // The three-tier plan has no worker components: no empty series.
    assert!(split.iter().all(|(c, _)| *c != Category::Worker));
    // Growth's compute at month 0 is 6 backends at $200 (seed guide).
    let compute = &split
        .iter()
        .find(|(c, _)| *c == Category::Compute)
        .unwrap()
        .1;
    assert_eq!(compute[0], 1200.0);
}

#[test]
fn tier_spans_and_summary_follow_the_months() {
    let plan = three_tier();
    let f = forecast(&plan).unwrap();
    let sf = &f.scenarios[1];
    // Moderate: Growth for months 0-7, Enterprise from month 8 (15% of users passes 80% of 10,000).
    assert_eq!(tier_spans(sf), vec![(0, 7, 1), (8, 24, 2)]);
    let s = summary(sf).unwrap();
    assert_eq!(s.first_tier_change.unwrap().month, 8);
    assert_eq!(s.users, sf.months[24].users);
    assert_eq!(s.total_cost, sf.months[24].cumulative_cost);
    let util = bottleneck_series(sf);
    assert!(
        (util[0] - 0.15).abs() < 1e-12,
        "1,500 of 10,000 peak concurrent users"
    );
}

/// A growth period added after the preset's three (1-6, 7-12, 13 to the
/// horizon) starts the month after the last one starts, which then ends
/// the month before, at the last one's rate: the forecast does not move.
/// After a closed last period it starts the month after it ends; on a
/// scenario with none it starts at month 1 at 10%; none is added past the
/// horizon, and another growth model is left alone.
#[test]
fn adding_a_growth_period_continues_the_last_one() {
    let mut plan = three_tier();
    let periods = |plan: &headroom::engine::Plan| match &plan.scenarios[0].growth {
        Growth::Compound { segments, .. } => {
            segments.iter().map(|s| (s.from, s.to, s.rate)).collect()
        }
        _ => vec![],
    };
    let before = forecast(&plan).unwrap();
    let last_rate = periods(&plan)[2].2;
    assert_eq!(plan.next_growth_period(0), Some(14));
    plan.add_growth_period(0);
    assert_eq!(periods(&plan)[2], (13, Some(13), last_rate));
    assert_eq!(periods(&plan)[3], (14, None, last_rate));
    assert_eq!(validate(&plan), vec![]);
    let after = forecast(&plan).unwrap();
    assert_eq!(after.scenarios[0].months, before.scenarios[0].months);
    plan.add_growth_period(0);
    assert_eq!(
        &periods(&plan)[3..],
        &[(14, Some(14), last_rate), (15, None, last_rate)]
    );
    // Up to the horizon and no further.
    let horizon = plan.horizon_months;
    while plan.next_growth_period(0).is_some() {
        plan.add_growth_period(0);
    }
    let all = periods(&plan);
    assert_eq!(all.last().map(|p| p.0), Some(horizon));
    let count = all.len();
    plan.add_growth_period(0);
    assert_eq!(periods(&plan).len(), count);
    assert_eq!(validate(&plan), vec![]);
    if let Growth::Compound { segments, .. } = &mut plan.scenarios[0].growth {
        segments.clear();
    }
    plan.add_growth_period(0);
    assert_eq!(periods(&plan), vec![(1, None, Num::Fixed(0.1))]);
    plan.set_growth_kind(1, GrowthKind::Logistic);
    let before = plan.scenarios[1].clone();
    assert_eq!(plan.next_growth_period(1), None);
    plan.add_growth_period(1);
    assert_eq!(plan.scenarios[1], before);
}
