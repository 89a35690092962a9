//! Monte Carlo simulation and sensitivity (MODEL.md section 7), checked
//! against closed forms with tolerances derived from the sample size.

mod support;

use headroom::engine::simulate::{sensitivity, simulate, simulate_scenarios, MAX_SAMPLES};
use headroom::engine::{forecast, Domain};
use serde_json::json;
use support::decode;

const N: usize = 20_000;
const Z95: f64 = 1.644_853_626_951_472_2;

/// 1,000 users growing at one uncertain monthly rate for 12 months; a small
/// tier ($100) for up to 5,000 users and a big one ($1,000); budget $500.
fn plan(rate: serde_json::Value) -> serde_json::Value {
    json!({
        "schema": 1, "name": "Uncertain growth", "horizon_months": 12, "initial_users": 1000,
        "scenarios": [{"id": "s", "label": "S", "growth": {"kind": "compound", "segments": [{"from": 1, "rate": rate}]}}],
        "tiers": [
            {"id": "small", "label": "Small", "limits": {"users": 5000},
             "components": [{"name": "Box", "category": "compute", "unit": "box", "unit_cost": 100, "quantity": 1}]},
            {"id": "big", "label": "Big", "limits": {"users": 1e9},
             "components": [{"name": "Cluster", "category": "compute", "unit": "cluster", "unit_cost": 1000, "quantity": 1}]}
        ],
        "policy": {"monthly_budget": 500}
    })
}

fn phi(z: f64) -> f64 {
    (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt()
}
fn cdf(z: f64) -> f64 {
    0.5 * (1.0 + libm::erf(z / std::f64::consts::SQRT_2))
}

/// Users at month 12 for rate r, and its derivative in r.
fn users12(r: f64) -> (f64, f64) {
    (1000.0 * (1.0 + r).powi(12), 12_000.0 * (1.0 + r).powi(11))
}

/// Four standard errors of the p-quantile of users at month 12 when the rate
/// is normal with mean `mean` and standard deviation `sd`.
fn tolerance(p: f64, mean: f64, sd: f64) -> f64 {
    let z = (p - 0.5).signum() * z_of(p);
    let density = phi(z) / sd;
    let se_rate = (p * (1.0 - p) / N as f64).sqrt() / density;
    4.0 * se_rate * users12(mean + z * sd).1
}

fn z_of(p: f64) -> f64 {
    match p {
        x if (x - 0.05).abs() < 1e-12 || (x - 0.95).abs() < 1e-12 => Z95,
        x if (x - 0.5).abs() < 1e-12 => 0.0,
        _ => panic!("no table entry for {p}"),
    }
}

#[test]
fn percentiles_of_users_match_the_closed_form() {
    let p = decode(&plan(json!({"low": 0.1, "high": 0.3})));
    let sim = simulate(&p, N, Some(7)).unwrap();
    let m12 = &sim.scenarios[0].months[12];
    let sd = 0.1 / Z95;
    // A 90% interval: P5 and P95 are its ends, P50 its midpoint.
    for (got, p, r) in [
        (m12.users.p5, 0.05, 0.1),
        (m12.users.p50, 0.5, 0.2),
        (m12.users.p95, 0.95, 0.3),
    ] {
        let want = users12(r).0;
        let tol = tolerance(p, 0.2, sd);
        assert!(
            (got - want).abs() < tol,
            "P{}: {got} vs {want} (tolerance {tol})",
            p * 100.0
        );
    }
    // The median path equals the deterministic forecast of the median plan.
    let det = forecast(&p).unwrap().scenarios[0].months[12].users;
    assert!(
        (m12.users.p50 - det).abs() < tolerance(0.5, 0.2, sd),
        "{} vs {det}",
        m12.users.p50
    );
    assert_eq!(
        sim.scenarios[0].months[0].users.p5, 1000.0,
        "month 0 is certain"
    );
}

#[test]
fn tier_shares_and_budget_risk_match_the_closed_form() {
    let p = decode(&plan(json!({"low": 0.1, "high": 0.3})));
    let sim = simulate(&p, N, Some(11)).unwrap();
    let s = &sim.scenarios[0];
    // Big from the first month users pass 80% of 5,000: (1 + r)^12 > 4.
    let threshold = 4f64.powf(1.0 / 12.0) - 1.0;
    let want = 1.0 - cdf((threshold - 0.2) / (0.1 / Z95));
    let tol = 4.0 * (want * (1.0 - want) / N as f64).sqrt();
    let got = s.months[12].tier_share[1];
    assert!(
        (got - want).abs() < tol,
        "share on Big at month 12: {got} vs {want} ± {tol}"
    );
    assert!((s.months[12].tier_share.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    // Big costs $1,000 against a $500 budget: the same paths go over budget.
    assert!(
        (s.over_budget_share - want).abs() < tol,
        "{} vs {want}",
        s.over_budget_share
    );
    assert_eq!(s.over_capacity_share, 0.0);
    assert_eq!(s.failed, 0);
    assert_eq!(s.totals.len(), N);
    assert!(s.total_cost.p5 <= s.total_cost.p50 && s.total_cost.p50 <= s.total_cost.p95);
}

#[test]
fn lognormal_ranges_have_the_geometric_median() {
    let p = decode(&plan(json!({"low": 0.1, "high": 0.3, "dist": "lognormal"})));
    let sim = simulate(&p, N, Some(3)).unwrap();
    let want = users12((0.1f64 * 0.3).sqrt()).0;
    let got = sim.scenarios[0].months[12].users.p50;
    // The log-rate is normal: the standard error maps through r = exp(x).
    let sd = (0.3f64.ln() - 0.1f64.ln()) / (2.0 * Z95);
    let se_rate = (0.25 / N as f64).sqrt() / (phi(0.0) / sd) * 0.03f64.sqrt();
    let tol = 4.0 * se_rate * users12(0.03f64.sqrt()).1;
    assert!((got - want).abs() < tol, "{got} vs {want} ± {tol}");
}

#[test]
fn one_seed_gives_one_result() {
    let p = decode(&plan(json!({"low": 0.1, "high": 0.3})));
    let a = simulate(&p, 2000, Some(42)).unwrap();
    assert_eq!(a, simulate(&p, 2000, Some(42)).unwrap());
    assert_ne!(a, simulate(&p, 2000, Some(43)).unwrap());
    // The plan's own seed is used when none is given.
    let mut seeded = p.clone();
    seeded.seed = Some(42);
    assert_eq!(simulate(&seeded, 2000, None).unwrap(), a);
    // A plan without ranges has no spread.
    let plain = decode(&plan(json!(0.2)));
    let m = &simulate(&plain, 100, None).unwrap().scenarios[0].months[12];
    assert_eq!(m.users.p5, m.users.p95);
}

#[test]
fn sample_counts_and_invalid_plans_are_refused() {
    let p = decode(&plan(json!({"low": 0.1, "high": 0.3})));
    for n in [0, MAX_SAMPLES + 1] {
        let e = simulate(&p, n, None).unwrap_err();
        assert_eq!(e[0].path, "samples", "{n}");
    }
    assert!(simulate(&p, MAX_SAMPLES, Some(1)).is_ok());
    let bad = decode(&plan(json!({"low": -2.0, "high": 0.3})));
    let e = simulate(&bad, 10, None).unwrap_err();
    assert_eq!(e[0].path, "scenarios[0].growth.segments[0].rate.low");
}

#[test]
fn draws_stay_inside_the_input_domain() {
    assert_eq!(Domain::CHURN.clamp(-0.2), 0.0);
    assert!(Domain::CHURN.clamp(1.5) < 1.0);
    assert!(Domain::POSITIVE.clamp(-3.0) > 0.0);
    assert_eq!(Domain::FRACTION.clamp(1.2), 1.0);
    // A wide churn range pulled into [0, 1): no path fails.
    let mut v = plan(json!(0.2));
    v["scenarios"][0]["growth"]["churn"] = json!({"low": 0.0, "high": 0.3});
    let sim = simulate(&decode(&v), 5000, Some(5)).unwrap();
    assert_eq!(sim.scenarios[0].failed, 0);
    assert!(sim.scenarios[0].months[12].users.p95 <= users12(0.2).0 + 1e-6);
}

#[test]
fn sensitivity_ranks_the_input_that_matters_most_first() {
    let p = decode(&plan(json!({"low": 0.1, "high": 0.3})));
    let s = sensitivity(&p, 0).unwrap();
    assert_eq!(s.impacts[0].path, "scenarios[0].growth.segments[0].rate");
    assert_eq!(s.impacts[0].values, [0.1, 0.3]);
    // At 10% a month the Small tier lasts the year; at 30% it does not.
    assert_eq!(s.impacts[0].first_tier_change[0], None);
    assert!(s.impacts[0].first_tier_change[1].is_some());
    // The Big tier's cost moves the total by 10% of its months on Big.
    let big = s
        .impacts
        .iter()
        .find(|i| i.path == "tiers[1].components[0].unit_cost")
        .unwrap();
    assert!(big.swing > 0.0 && big.swing < s.impacts[0].swing);
    assert!(s.impacts.windows(2).all(|w| w[0].swing >= w[1].swing));
    assert!(sensitivity(&p, 5).is_err());
}

#[test]
fn selected_percentiles_equal_sorted_ones() {
    use headroom::engine::simulate::Percentiles;
    let v: Vec<f64> = (0..1001)
        .map(|i| ((i * 7919) % 1001) as f64 * 0.5)
        .collect();
    let mut s = v.clone();
    s.sort_by(f64::total_cmp);
    assert_eq!(Percentiles::select(&v), Percentiles::of(&s));
    let odd = vec![3.0, 1.0, 2.0, 10.0];
    assert_eq!(
        Percentiles::select(&odd),
        Percentiles::of(&[1.0, 2.0, 3.0, 10.0])
    );
    // P50 of 1, 2, 3, 10 lies halfway between 2 and 3.
    assert_eq!(Percentiles::of(&[1.0, 2.0, 3.0, 10.0]).p50, 2.5);
}

#[test]
fn one_scenario_alone_gives_the_same_figures() {
    let mut v = serde_json::to_value(headroom::presets::default_plan()).unwrap();
    v["scenarios"][1]["growth"]["segments"][0]["rate"] = json!({"low": 0.15, "high": 0.30});
    let p = decode(&v);
    let all = simulate(&p, 500, Some(4)).unwrap();
    let one = simulate_scenarios(&p, &[1], 500, Some(4)).unwrap();
    assert_eq!(one.scenarios[0], all.scenarios[1]);
    assert!(simulate_scenarios(&p, &[3], 10, None).is_err());
}

/// The page runs a simulation in slices between frames; however it is cut,
/// the figures are those of one run (and a summary midway changes nothing).
#[test]
fn a_run_in_slices_equals_one_run() {
    use headroom::engine::simulate::Simulator;
    let mut v = serde_json::to_value(headroom::presets::default_plan()).unwrap();
    v["scenarios"][1]["growth"]["segments"][0]["rate"] = json!({"low": 0.15, "high": 0.3});
    v["metrics"][0]["factor"] = json!({"low": 0.12, "high": 0.18, "dist": "lognormal"});
    let p = decode(&v);
    let whole = simulate_scenarios(&p, &[1], 5_000, Some(3)).unwrap();
    let mut sliced = Simulator::new(&p, &[1], 5_000, Some(3)).unwrap();
    for n in [1, 999, 1, 2_000] {
        sliced.run(n);
        let _ = sliced.summary();
    }
    assert!(!sliced.finished());
    assert_eq!(sliced.progress(), (3_001, 5_000));
    sliced.run(10_000);
    assert!(sliced.finished());
    assert_eq!(sliced.summary(), whole);
}

#[test]
fn a_summary_in_pieces_of_months_equals_one_summary() {
    use headroom::engine::simulate::Simulator;
    let p = decode(&plan(json!({"low": 0.05, "high": 0.25})));
    let mut sim = Simulator::new(&p, &[0], 3_000, Some(9)).unwrap();
    sim.run(3_000);
    let whole = sim.summary();
    let months = sim.months();
    assert_eq!(months, 13, "months 0 to 12");
    // Months 0-4, 5, and 6-12: the pieces a page might take between tasks.
    let mut bands = sim.bands(0, 0..5);
    bands.extend(sim.bands(0, 5..6));
    bands.extend(sim.bands(0, 6..months));
    assert_eq!(bands.len(), months);
    assert_eq!(sim.summary_of(vec![bands]), whole);
}

/// A tier the scenario never reaches: its prices cannot move the results,
/// so sensitivity skips them (a large plan is spared most of its forecasts)
/// and leaves out nothing that mattered.
#[test]
fn sensitivity_skips_the_prices_of_a_tier_never_used() {
    let mut v = plan(json!({"low": 0.05, "high": 0.25}));
    v["tiers"].as_array_mut().unwrap().push(json!(
        {"id": "huge", "label": "Huge", "limits": {"users": 1e12},
         "components": [{"name": "Region", "category": "compute", "unit": "region", "unit_cost": 50000, "quantity": 3}]}
    ));
    let p = decode(&v);
    let s = sensitivity(&p, 0).unwrap();
    assert!(!s.impacts.is_empty());
    assert!(s
        .impacts
        .iter()
        .all(|i| !i.path.to_string().starts_with("tiers[2]")));
    // Doubling the unused tier's price and count changes no figure.
    let mut w = v.clone();
    w["tiers"][2]["components"][0]["unit_cost"] = json!(100000);
    w["tiers"][2]["components"][0]["quantity"] = json!(6);
    let (a, b) = (forecast(&p).unwrap(), forecast(&decode(&w)).unwrap());
    assert_eq!(a.scenarios[0].total_cost, b.scenarios[0].total_cost);
    // Limits still count: the small tier's decides when Big is needed.
    assert!(s.impacts.iter().any(|i| i.path == "tiers[0].limits.users"));
}

/// A run split into blocks (threads, workers) and merged gives the figures
/// of one run bit for bit, however it is split and in whatever order the
/// blocks are merged.
#[test]
fn blocks_run_apart_and_merged_equal_one_run() {
    use headroom::engine::simulate::{blocks, Simulator};
    let mut v = serde_json::to_value(headroom::presets::default_plan()).unwrap();
    v["scenarios"][1]["growth"]["segments"][0]["rate"] = json!({"low": 0.15, "high": 0.3});
    // An odd number of ranged inputs: a block can start mid-pair of draws.
    v["scenarios"][2]["growth"]["segments"][1]["rate"] = json!({"low": 0.1, "high": 0.4});
    v["metrics"][0]["factor"] = json!({"low": 0.05, "high": 0.2});
    let p = decode(&v);
    let which = [0, 1, 2];
    let whole = simulate_scenarios(&p, &which, 1001, Some(9)).unwrap();
    for n in [1, 2, 3, 4, 7] {
        let mut parts: Vec<Simulator> = blocks(1001, n)
            .into_iter()
            .map(|r| Simulator::block(&p, &which, 1001, Some(9), r).unwrap())
            .collect();
        parts.iter_mut().for_each(|s| s.run(usize::MAX));
        // Merged last block first: the order does not matter.
        let mut merged = parts.pop().unwrap();
        while let Some(part) = parts.pop() {
            merged.merge(part);
        }
        assert_eq!(merged.progress(), (1001, 1001));
        assert_eq!(merged.summary(), whole, "{n} blocks");
    }
    assert_eq!(blocks(10, 4), [0..2, 2..5, 5..7, 7..10]);
    assert_eq!(blocks(3, 8).len(), 3);
    assert!(Simulator::block(&p, &which, 10, None, 5..11).is_err());
}

/// Workers run blocks in chunks and send the values of each chunk to the
/// page; the page pools them into its own simulator, which runs no paths.
/// In whatever order the chunks arrive, the figures are those of one run.
#[test]
fn chunks_sent_from_blocks_and_pooled_equal_one_run() {
    use headroom::engine::simulate::{blocks, Paths, Simulator};
    let mut v = serde_json::to_value(headroom::presets::default_plan()).unwrap();
    v["scenarios"][1]["growth"]["segments"][0]["rate"] = json!({"low": 0.15, "high": 0.3});
    v["metrics"][0]["factor"] = json!({"low": 0.05, "high": 0.2});
    let p = decode(&v);
    let whole = simulate_scenarios(&p, &[1], 2500, Some(3)).unwrap();
    let mut page = Simulator::new(&p, &[1], 2500, Some(3)).unwrap();
    let mut workers: Vec<Simulator> = blocks(2500, 3)
        .into_iter()
        .map(|r| Simulator::block(&p, &[1], 2500, Some(3), r).unwrap())
        .collect();
    // Round-robin from the last worker, 300 paths a chunk, each sent as
    // JSON (bytes as lists) and read back.
    while !workers.iter().all(Simulator::finished) {
        for w in workers.iter_mut().rev() {
            w.run(300);
            let text = serde_json::to_string(&w.take_paths()).unwrap();
            let chunk: Paths = serde_json::from_str(&text).unwrap();
            assert!(page.add_paths(chunk));
        }
    }
    assert_eq!(page.progress(), (2500, 2500));
    assert_eq!(page.summary(), whole);
    // Paths of another plan (another horizon) do not fit.
    let mut v2 = v.clone();
    v2["horizon_months"] = json!(12);
    let mut other = Simulator::new(&decode(&v2), &[1], 10, Some(3)).unwrap();
    other.run(10);
    let mut fresh = Simulator::new(&p, &[1], 2500, Some(3)).unwrap();
    assert!(!fresh.add_paths(other.take_paths()));
    assert_eq!(fresh.progress(), (0, 2500));
    // Nor does a window of its months, though it would fit in the rows.
    let mut short = Simulator::new(&decode(&v2), &[1], 10, Some(3)).unwrap();
    short.run(10);
    let part = short
        .take_paths()
        .split(&headroom::engine::simulate::windows(13, 2));
    let mut pooled = Simulator::pooled(&p, &[1], 2500, Some(3)).unwrap();
    assert!(!pooled.add_paths(part.into_iter().next().unwrap()));
    assert_eq!(pooled.progress(), (0, 2500));
}

/// A sensitivity run a few inputs at a time (as the page runs it between
/// frames) gives the figures of one run, and says how far it has gone.
#[test]
fn sensitivity_in_steps_equals_one_run() {
    use headroom::engine::simulate::Sweep;
    let mut v = serde_json::to_value(headroom::presets::default_plan()).unwrap();
    v["scenarios"][1]["growth"]["segments"][0]["rate"] = json!({"low": 0.15, "high": 0.3});
    let p = decode(&v);
    let whole = sensitivity(&p, 1).unwrap();
    for count in [1, 3, 7] {
        let mut sweep = Sweep::new(&p, 1).unwrap();
        let (_, total) = sweep.progress();
        assert!(
            total > whole.impacts.len(),
            "inputs that move nothing are left out"
        );
        let mut steps = 0;
        while !sweep.finished() {
            let before = sweep.progress().0;
            sweep.step(count);
            assert_eq!(sweep.progress().0, (before + count).min(total));
            steps += 1;
        }
        assert_eq!(steps, total.div_ceil(count));
        assert_eq!(sweep.finish(), whole, "{count} at a time");
    }
    assert!(Sweep::new(&p, 9).is_err());
}

proptest::proptest! {
    /// The normal draws take the processor's square root (IEEE 754 rounds
    /// it exactly) where they took libm's: the two agree to the last bit on
    /// every value a draw can take (-2 ln u for u in (0, 1], up to about
    /// 73.5) and beyond, so no figure moved.
    #[test]
    fn the_processor_s_square_root_is_libm_s(x in 0.0f64..1e3, bits in proptest::num::u64::ANY) {
        proptest::prop_assert_eq!(x.sqrt().to_bits(), libm::sqrt(x).to_bits());
        // Any positive number: normal, subnormal or infinite (NaN aside,
        // whose payload no figure carries).
        let any = f64::from_bits(bits >> 1);
        proptest::prop_assume!(!any.is_nan());
        proptest::prop_assert_eq!(any.sqrt().to_bits(), libm::sqrt(any).to_bits());
    }
}
