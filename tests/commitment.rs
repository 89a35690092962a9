//! Commitments (MODEL.md section 12): a month's cost under a committed
//! amount, worked by hand, and the optimiser's best amount against brute
//! force and against the rule it must meet on simulated paths.

mod support;

use headroom::engine::commitment::{demand, optimise, Demand};
use headroom::engine::simulate::simulate_scenarios;
use headroom::engine::{forecast, Plan};
use serde_json::{json, Value};
use support::{close, decode, errors, with};

/// Users grow 10% a month from 1,000; "Usage" (compute) costs 0.1 a user,
/// so D(m) = 100 x 1.1^m; "Disk" (storage, 50 a month) is not committed.
fn plan(commitment: Value) -> Value {
    let mut p = with(
        support::base(),
        "tiers",
        json!([{"id": "only", "label": "Only", "components": [
            {"name": "Usage", "category": "compute", "unit": "user", "unit_cost": 0.1,
             "quantity": {"metric": "users", "factor": 1}},
            {"name": "Disk", "category": "storage", "unit": "disk", "unit_cost": 50, "quantity": 1}
        ]}]),
    );
    p["pricing"] = json!({"commitment": commitment});
    p
}

fn demand_at(m: i32) -> f64 {
    100.0 * 1.1f64.powi(m)
}

#[test]
fn a_month_costs_the_committed_part_and_what_runs_past_it() {
    // Amount = D(2): month 1 is below it, month 2 at it, month 3 above; the
    // term is months 1-3, so month 4 on is on demand. The discount is a
    // range whose median is 30%.
    let amount = demand_at(2);
    let p = plan(
        json!({"amount": amount, "discount": {"low": 0.2, "high": 0.4},
        "term_months": 3, "categories": ["compute"]}),
    );
    let f = &forecast(&decode(&p)).unwrap().scenarios[0];
    let committed = amount * 0.7;
    let want = [
        (0, demand_at(0), None),
        (1, committed, Some((0.0, amount - demand_at(1)))),
        (2, committed, Some((0.0, 0.0))),
        (
            3,
            committed + demand_at(3) - amount,
            Some((demand_at(3) - amount, 0.0)),
        ),
        (4, demand_at(4), None),
    ];
    for (m, cost, split) in want {
        let mf = &f.months[m];
        assert!(
            close(mf.cost, cost + 50.0, 1e-9),
            "month {m}: {} vs {}",
            mf.cost,
            cost + 50.0
        );
        match (split, mf.commitment) {
            (None, None) => {}
            (Some((over, unused)), Some(c)) => {
                assert!(close(c.demand, demand_at(m as i32), 1e-9), "month {m}");
                assert!(close(c.committed, committed, 1e-9), "month {m}");
                assert!(close(c.on_demand, over, 1e-9), "month {m}: {}", c.on_demand);
                assert!(close(c.unused, unused, 1e-9), "month {m}: {}", c.unused);
            }
            (want, got) => panic!("month {m}: want {want:?}, got {got:?}"),
        }
    }
    // The components keep their on-demand cost; the month's cost is billed.
    assert!(close(f.months[1].components[0].cost, demand_at(1), 1e-9));
}

#[test]
fn a_term_past_the_horizon_is_cut_and_a_lognormal_discount_uses_its_geometric_median() {
    let p = plan(
        json!({"amount": 100, "discount": {"low": 0.16, "high": 0.64, "dist": "lognormal"},
        "term_months": 36, "start_month": 11, "categories": ["compute"]}),
    );
    let f = &forecast(&decode(&p)).unwrap().scenarios[0];
    let term: Vec<usize> = (f.months.iter())
        .filter(|m| m.commitment.is_some())
        .map(|m| m.month as usize)
        .collect();
    assert_eq!(term, vec![11, 12]);
    // sqrt(0.16 x 0.64) = 0.32.
    assert!(close(
        f.months[11].commitment.unwrap().committed,
        100.0 * 0.68,
        1e-9
    ));
    assert!(close(f.months[10].cost, demand_at(10) + 50.0, 1e-9));
}

#[test]
fn forecast_json_and_csv_show_each_part_of_a_term_month() {
    let p =
        plan(json!({"amount": 120, "discount": 0.5, "term_months": 2, "categories": ["compute"]}));
    let plan = decode(&p);
    let f = forecast(&plan).unwrap();
    let v = headroom::formats::forecast_json::scenarios(&plan, &f);
    let months = &v[0]["months"];
    assert_eq!(months[1]["commitment"]["committed"], json!(60.0));
    assert!(close(
        months[1]["commitment"]["unused"].as_f64().unwrap(),
        10.0,
        1e-9
    ));
    assert!(months[3].get("commitment").is_none());
    let csv = headroom::formats::csv::forecast(&plan, &f);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[1][col("committed")], "60");
    assert!(close(
        rows[2][col("on_demand")].parse().unwrap(),
        demand_at(2) - 120.0,
        1e-9
    ));
    assert_eq!(rows[2][col("unused_commitment")], "0");
    assert_eq!(rows[3][col("committed")], "", "outside the term");
}

#[test]
fn validation_names_both_programs_and_plain_fields() {
    let mut p = plan(
        json!({"amount": -5, "discount": 1.5, "term_months": 0, "start_month": 200,
        "categories": ["storage", "compute"]}),
    );
    p["pricing"]["spot"] =
        json!({"coverage": 0.5, "discount": 0.6, "categories": ["worker", "compute"]});
    let e = errors(&p);
    let want = [
        "pricing.commitment.amount: must be >= 0, got -5",
        "pricing.commitment.discount: must be < 1, got 1.5",
        "pricing.commitment.term_months: must be from 1 to 120, got 0",
        "pricing.commitment.start_month: must be from 1 to 120, got 200",
        "pricing.commitment.categories[1]: \"compute\" is also listed at pricing.spot.categories[1]; a category may have one discount program",
    ];
    for w in want {
        assert!(e.iter().any(|x| x == w), "missing {w:?} in {e:#?}");
    }
    // Paid at (1 - discount): a 100% discount is no commitment (every
    // amount would tie with the best one).
    let free =
        plan(json!({"amount": 1, "discount": 1, "term_months": 12, "categories": ["compute"]}));
    assert_eq!(
        errors(&free),
        ["pricing.commitment.discount: must be < 1, got 1"]
    );
    let none = plan(json!({"amount": 1, "discount": 0.5, "term_months": 12, "categories": []}));
    assert!(errors(&none)
        .iter()
        .any(|x| x.starts_with("pricing.commitment.categories: list at least one")));
    // Only the discount may be a range.
    let ranged = plan(
        json!({"amount": {"low": 1, "high": 2}, "discount": 0.5, "term_months": 12, "categories": ["compute"]}),
    );
    let e = errors(&ranged);
    assert!(
        e.len() == 1 && e[0].contains("pricing.commitment.amount"),
        "{e:?}"
    );
}

/// An amount so large that paying it each month overflows the total is
/// told once, at the amount, not once per scenario; so is a component's
/// cost that overflows by itself, at its unit cost.
#[test]
fn an_amount_that_overflows_the_total_is_told_at_the_amount() {
    let mut p = plan(
        json!({"amount": 1e308, "discount": 0.3, "term_months": 12, "categories": ["compute"]}),
    );
    let s = p["scenarios"][0].clone();
    p["scenarios"] = json!([s.clone(), with(s, "id", json!("t"))]);
    let e: Vec<String> = (forecast(&decode(&p)).unwrap_err().iter())
        .map(|e| e.to_string())
        .collect();
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].starts_with("pricing.commitment.amount: paid each month of the term, the commitment overflows the cost by month 3"),
        "{e:#?}"
    );
    p["pricing"]["commitment"]["amount"] = json!(100);
    p["tiers"][0]["components"][1]["unit_cost"] = json!(1e308);
    let e: Vec<String> = (forecast(&decode(&p)).unwrap_err().iter())
        .map(|e| e.to_string())
        .collect();
    // A cost that overflows by itself is told once too, at its own field.
    assert_eq!(
        e,
        ["tiers[0].components[1].unit_cost: with this value the cost overflows by month 2; lower it"]
    );
}

/// The mean total cost of `p` with `amount` committed, by forecasting it.
fn total_with(p: &Value, amount: f64) -> f64 {
    let mut p = p.clone();
    p["pricing"]["commitment"]["amount"] = json!(amount);
    forecast(&decode(&p)).unwrap().scenarios[0].total_cost
}

#[test]
fn on_one_path_the_best_amount_is_the_cheapest_of_every_month_s_demand() {
    // Piecewise linear in the amount, with corners at each D(m): trying
    // 0 and every D(m) of the term finds the optimum.
    for (discount, term) in [(0.3, 12), (0.5, 12), (0.05, 7), (0.95, 4), (0.0, 12)] {
        let p = plan(
            json!({"amount": 0, "discount": discount, "term_months": term, "categories": ["compute"]}),
        );
        let d = demand(&decode(&p), 0, 5_000, None).unwrap();
        assert_eq!(d.paths(), 1, "a plan without ranges has one path");
        let o = optimise(&d, term).unwrap();
        let candidates = std::iter::once(0.0).chain((1..=term as i32).map(demand_at));
        let (mut best, mut lowest) = (f64::NAN, f64::INFINITY);
        for a in candidates {
            let t = total_with(&p, a);
            if t < lowest - 1e-9 {
                (best, lowest) = (a, t);
            }
        }
        assert!(
            close(o.best.amount, best, 1e-9),
            "discount {discount}: {} vs {best}",
            o.best.amount
        );
        assert!(
            close(o.best.mean_total, lowest, 1e-6),
            "discount {discount}"
        );
        // Every point of the curve is the plan's own forecast at that amount.
        for point in &o.curve {
            assert!(
                close(point.mean_total, total_with(&p, point.amount), 1e-6),
                "amount {}",
                point.amount
            );
            assert_eq!(point.p10_total, point.mean_total);
        }
        assert!(o.curve.len() >= 64);
        assert!(o.curve.windows(2).all(|w| w[0].amount < w[1].amount));
        let largest = demand_at(term as i32);
        assert!(close(o.curve.last().unwrap().amount, largest, 1e-9));
        let none = total_with(&p, 0.0);
        assert!(close(o.best.saving, none - lowest, 1e-6));
        assert!(close(o.best.break_even_utilization, 1.0 - discount, 1e-12));
    }
}

/// A plan whose growth and discount are ranges: D(m) differs by path.
fn ranged() -> Value {
    let mut p = plan(json!({"amount": 0, "discount": {"low": 0.3, "high": 0.5},
        "term_months": 12, "categories": ["compute"]}));
    p["scenarios"][0]["growth"]["segments"][0]["rate"] = json!({"low": 0.02, "high": 0.12});
    p["horizon_months"] = json!(24);
    p
}

#[test]
fn on_simulated_paths_the_best_amount_leaves_a_share_of_one_less_the_discount_above_it() {
    let n = 4_000;
    let p = decode(&ranged());
    let d = demand(&p, 0, n, Some(9)).unwrap();
    assert_eq!(d.paths(), n);
    let o = optimise(&d, 12).unwrap();
    let a = o.best.amount;
    // The average over the term's months of the share of paths above it.
    let above: f64 = (0..12)
        .map(|m| (0..n).filter(|&p| d.months[p * d.len + m] > a).count() as f64 / n as f64)
        .sum::<f64>()
        / 12.0;
    // The discount's mean over n paths is off its median 0.4 by sampling
    // error: sd (0.5 - 0.3) / (2 x 1.645), so 4 standard errors is
    // 4 x 0.0608 / sqrt(n); the share itself is exact to one pair.
    let tolerance = 4.0 * 0.2 / (2.0 * 1.645) / (n as f64).sqrt() + 1.0 / (12 * n) as f64;
    assert!(
        (above - 0.6).abs() <= tolerance,
        "share above {above}, want 0.6 +- {tolerance}"
    );
    // Every pair is above, below, or (the pair the best amount is) at it.
    let pairs = (12 * n) as f64;
    assert!(close(o.best.unused_chance + above, 1.0 - 1.0 / pairs, 1e-9));
    let at = |amount: f64| {
        o.curve
            .iter()
            .find(|c| c.amount == amount)
            .unwrap()
            .mean_total
    };
    let largest = o.curve.last().unwrap().amount;
    assert!(o.best.mean_total <= at(0.0) && o.best.mean_total <= at(largest));
    assert!(o
        .curve
        .iter()
        .all(|c| c.mean_total >= o.best.mean_total - 1e-6));
    assert!(o
        .curve
        .iter()
        .all(|c| c.p10_total <= c.mean_total && c.mean_total <= c.p90_total));
    assert!(o.best.saving > 0.0 && close(o.best.saving, at(0.0) - o.best.mean_total, 1e-6));
}

#[test]
fn the_optimiser_reads_the_simulation_s_own_paths() {
    // With nothing committed, each path's total with nothing committed is
    // its simulated total: the same draws, the same order.
    let p: Plan = decode(&ranged());
    let d: Demand = demand(&p, 0, 500, None).unwrap();
    let sim = simulate_scenarios(&p, &[0], 500, None).unwrap();
    let mut base = d.base.clone();
    base.sort_by(f64::total_cmp);
    assert_eq!(base, sim.scenarios[0].totals);
}

#[test]
fn a_plan_without_a_commitment_or_with_a_term_after_the_horizon_is_told() {
    let p = decode(&support::base());
    let e = demand(&p, 0, 100, None).unwrap_err();
    assert_eq!(e[0].path.to_string(), "pricing.commitment");
    let late = plan(
        json!({"amount": 0, "discount": 0.4, "term_months": 12, "start_month": 13, "categories": ["compute"]}),
    );
    let d = demand(&decode(&late), 0, 100, None).unwrap();
    assert!(optimise(&d, 12).unwrap_err().contains("after the horizon"));
}

#[test]
fn the_cost_chart_splits_committed_and_on_demand_parts_that_sum_to_the_month() {
    let p = plan(
        json!({"amount": demand_at(2), "discount": 0.3, "term_months": 3, "start_month": 2, "categories": ["compute"]}),
    );
    let plan = decode(&p);
    let f = forecast(&plan).unwrap();
    let sf = &f.scenarios[0];
    let stack = headroom::report::cost_stack(&plan, sf);
    let names: Vec<&str> = stack.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        names,
        ["storage", "committed", "on demand (committed categories)"]
    );
    for (m, mf) in sf.months.iter().enumerate() {
        let sum: f64 = stack.iter().map(|s| s.2[m]).sum();
        assert!(close(sum, mf.cost, 1e-9), "month {m}: {sum} vs {}", mf.cost);
    }
    // Outside the term the committed categories are all on demand.
    assert_eq!(stack[1].2[1], 0.0);
    assert!(close(stack[2].2[1], demand_at(1), 1e-9));
    assert!(close(stack[1].2[2], demand_at(2) * 0.7, 1e-9));
    assert_eq!(stack[2].2[2], 0.0);
}

#[test]
fn a_term_the_horizon_cuts_short_is_refused_with_what_to_change() {
    // Twelve months from month 6 of a 12-month plan: 7 of them fit.
    let p = plan(
        json!({"amount": 0, "discount": 0.4, "term_months": 12, "start_month": 6, "categories": ["compute"]}),
    );
    let d = demand(&decode(&p), 0, 100, None).unwrap();
    let e = optimise(&d, 12).unwrap_err();
    assert_eq!(e, "a 12-month term from month 6 runs past the horizon (month 12); lengthen the horizon to 17 months or start the term earlier");
    assert_eq!(optimise(&d, 7).unwrap().months, 7);
}

#[test]
fn the_bisection_finds_the_amount_a_sort_finds() {
    // On simulated paths: sort every (path, term month) demand and take
    // the smallest value with at most (1 - mean discount) of them above.
    for (seed, term) in [(1, 12), (2, 7), (3, 1), (4, 24)] {
        let p = decode(&ranged());
        let d = demand(&p, 0, 700, Some(seed)).unwrap();
        let o = optimise(&d, term).unwrap();
        let mut pairs: Vec<f64> = (0..d.paths())
            .flat_map(|p| d.months[p * d.len..p * d.len + term as usize].to_vec())
            .collect();
        pairs.sort_by(f64::total_cmp);
        let mean = d.discounts.iter().sum::<f64>() / d.paths() as f64;
        let allowed = ((1.0 - mean) * pairs.len() as f64 * (1.0 + 1e-9)).floor() as usize;
        let want = pairs[pairs.len() - 1 - allowed];
        assert_eq!(o.best.amount, want, "seed {seed}, term {term}");
        assert_eq!(o.discount, mean);
    }
}
