//! Properties of the decoder and the engine over random and hostile input.

#[path = "support/plan_strategy.rs"]
mod plan_strategy;
mod support;

use headroom::engine::{forecast, validate, Num, Plan, Quantity};
use headroom::formats::plan_json;
use plan_strategy::{valid_plan, wild_f64};
use proptest::prelude::*;

fn decode(v: &serde_json::Value) -> Plan {
    plan_json::decode(&v.to_string()).expect("generated plans decode")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn generated_plans_are_valid(v in valid_plan()) {
        let plan = decode(&v);
        prop_assert_eq!(validate(&plan), vec![]);
    }

    #[test]
    fn forecasts_are_finite_or_a_typed_error(v in valid_plan()) {
        let plan = decode(&v);
        match forecast(&plan) {
            Ok(f) => {
                for s in &f.scenarios {
                    prop_assert_eq!(s.months.len(), plan.horizon_months as usize + 1);
                    for m in &s.months {
                        prop_assert!(m.users.is_finite() && m.users >= 0.0);
                        prop_assert!(m.cost.is_finite() && m.cost >= 0.0, "cost {}", m.cost);
                        prop_assert!(m.metrics.iter().all(|x| x.is_finite()));
                        prop_assert!(m.utilization.iter().all(|x| x.is_finite()));
                        prop_assert!(m.cost_per_user.is_none_or(|c| c.is_finite()));
                    }
                    prop_assert!(s.total_cost.is_finite());
                }
            }
            Err(errs) => prop_assert!(errs.iter().all(|e| e.path.to_string().starts_with("scenarios[") || e.path.to_string().starts_with("metrics[")), "{:?}", errs),
        }
    }

    /// A simulation compiles the plan once and refills only the parts that
    /// read a range: that must equal compiling the plan afresh with the
    /// same draws (so no part that reads a range is missed).
    #[test]
    fn redrawing_ranged_parts_equals_a_fresh_build(v in valid_plan()) {
        use headroom::engine::model::{Model, RangedParts};
        let plan = decode(&v);
        let low = |n: &Num| match *n { Num::Range { low, .. } => low, _ => n.median() };
        let mut model = Model::build(&plan, &mut |n: &Num| n.median());
        model.redraw(&plan, &RangedParts::of(&plan), &mut |n: &Num| low(n));
        prop_assert_eq!(model, Model::build(&plan, &mut |n: &Num| low(n)));
    }

    #[test]
    fn cumulative_cost_never_decreases(v in valid_plan()) {
        if let Ok(f) = forecast(&decode(&v)) {
            for s in &f.scenarios {
                for w in s.months.windows(2) {
                    prop_assert!(w[1].cumulative_cost >= w[0].cumulative_cost);
                }
            }
        }
    }

    #[test]
    fn without_downgrade_the_tier_never_shrinks(v in valid_plan()) {
        let mut plan = decode(&v);
        plan.policy.allow_downgrade = false;
        if let Ok(f) = forecast(&plan) {
            for s in &f.scenarios {
                for w in s.months.windows(2) {
                    prop_assert!(w[1].tier >= w[0].tier);
                }
            }
        }
    }

    #[test]
    fn plans_survive_a_json_round_trip_unchanged(v in valid_plan()) {
        let plan = decode(&v);
        let again = plan_json::decode(&plan_json::encode(&plan)).expect("encoded plans decode");
        prop_assert_eq!(again, plan);
    }

    #[test]
    fn hostile_numbers_give_errors_never_panics(v in valid_plan(), xs in prop::collection::vec(wild_f64(), 8)) {
        let mut plan = decode(&v);
        plan.initial_users = Num::Fixed(xs[0]);
        plan.policy.target_utilization = Num::Fixed(xs[1]);
        plan.policy.cost_jump = Num::Range { low: xs[2], high: xs[3], dist: headroom::engine::Dist::Lognormal };
        if let Some(t) = plan.tiers.first_mut() {
            if let Some(c) = t.components.first_mut() {
                c.unit_cost = Num::Fixed(xs[4]);
                c.quantity = Quantity::Sized { metric: "users".into(), per: Num::Fixed(xs[5]), min: Some(Num::Fixed(xs[6])), max: Some(Num::Fixed(xs[7])), autoscale: None };
            }
        }
        if let Ok(f) = forecast(&plan) {
            prop_assert!(f.scenarios.iter().all(|s| s.total_cost.is_finite()));
        }
    }

    #[test]
    fn the_decoder_never_panics_on_mangled_text(v in valid_plan(), cut in any::<prop::sample::Index>(), junk in ".{0,8}") {
        let text = v.to_string();
        let at = cut.index(text.len() + 1);
        let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let mangled = format!("{}{}{}", &text[..at], junk, &text[at..]);
        let _ = plan_json::load(&mangled);
        let _ = plan_json::load(&text[..at]);
    }
}

// What a field shows, read back, is what the plan held.
proptest! {
    #[test]
    fn typed_numbers_round_trip(v in -1e12f64..1e12, kind in 0usize..4) {
        use headroom::formats::input::{parse, show, NumberKind};
        let kind = [NumberKind::Count, NumberKind::Decimal, NumberKind::Percent, NumberKind::Money][kind];
        let shown = show(&headroom::engine::Num::Fixed(v), kind);
        let back = parse(&shown, kind).map_err(|e| TestCaseError::fail(format!("{shown}: {e}")))?;
        let got = back.median();
        prop_assert!((got - v).abs() <= 1e-9 * v.abs().max(1.0), "{v} shown as {shown} read back as {got}");
    }
}

// The simulation's percentiles by multiple selection equal those of a sort,
// for any length (the ranks it must place shift with it) and with ties.
proptest! {
    #[test]
    fn selected_percentiles_equal_sorted_ones(v in prop::collection::vec(prop_oneof![-1e6f64..1e6, (0i32..5).prop_map(f64::from), Just(-0.0), Just(0.0)], 1..400)) {
        use headroom::engine::simulate::Percentiles;
        let mut sorted = v.clone();
        sorted.sort_by(f64::total_cmp);
        prop_assert_eq!(Percentiles::select(&v), Percentiles::of(&sorted));
    }
}
