//! Engine benchmark: `cargo bench --bench engine`. Prints median times;
//! asserts nothing (speed is reported, not tested).

#[path = "../tests/support/plan_strategy.rs"]
mod plan_strategy;

use headroom::engine::simulate::{simulate, Simulator};
use headroom::engine::{forecast, forecast_scenario, Growth, Num, Plan};
use headroom::formats::plan_json;
use headroom::presets;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use std::hint::black_box;
use std::time::Instant;

/// Median over `batches` of the mean time of `per_batch` calls, in µs.
fn median_us(batches: usize, per_batch: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..per_batch {
        f(); // warm up
    }
    let mut times: Vec<f64> = (0..batches)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per_batch {
                f();
            }
            t.elapsed().as_secs_f64() * 1e6 / per_batch as f64
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

/// Elastic capacity (MODEL.md section 10): one day of one component, and
/// the default preset with its backend autoscaled against the same preset
/// priced at its peak, as ratios measured in one run.
fn elastic_bench() {
    use headroom::engine::day::{self, Bounds, Scaling};
    use headroom::engine::{Autoscale, ScalePolicy};
    let mut p = vec![0.3; 24];
    p[17..21].fill(1.0);
    let shape = std::sync::Arc::new(day::shape(Some(&p)));
    let b = Bounds {
        per: 4762.0,
        min: 2.0,
        max: Some(50.0),
    };
    for (name, policy) in [("target", ScalePolicy::Target), ("step", ScalePolicy::Step)] {
        let a = Autoscale {
            policy,
            hold: vec![[17, 21]],
            pre_scale: 30,
            ..Autoscale::default()
        };
        let s = Scaling::compile(&a, 0.7, shape.clone());
        let t = median_us(51, 200, || {
            black_box(day::day_minute_by_minute(black_box(90_000.0), &b, &s, None));
        });
        println!("one day of one component, {name} policy, minute by minute: {t:>9.2} µs");
        if s.curve.is_some() {
            let t = median_us(51, 2000, || {
                black_box(day::average_replicas(black_box(90_000.0), &b, &s));
            });
            println!("  its average replicas on the precomputed curve:       {t:>9.2} µs");
        }
    }
    let moderate = 1;
    let plain = presets::default_plan();
    let base = median_us(51, 500, || {
        black_box(forecast_scenario(black_box(&plain), moderate).ok());
    });
    for name in ["elastic-hpa", "elastic-step"] {
        let plan = presets::find(name)
            .and_then(|p| p.plan().ok())
            .expect("preset");
        let t = median_us(51, 100, || {
            black_box(forecast_scenario(black_box(&plan), moderate).ok());
        });
        println!("forecast, {name} (moderate, 24 months): {t:>9.2} µs, {:.1}x the default preset's {base:.2} µs", t / base);
        let mut ranged = plan.clone();
        ranged_growth(&mut ranged);
        let mut plain_ranged = ranged.clone();
        plain_ranged.daily_profile = None;
        for t in &mut plain_ranged.tiers {
            for c in &mut t.components {
                if let headroom::engine::Quantity::Sized { autoscale, .. } = &mut c.quantity {
                    *autoscale = None;
                }
            }
        }
        let time = |p: &Plan| {
            let t = Instant::now();
            black_box(
                headroom::engine::simulate::simulate_scenarios(p, &[moderate], 10_000, Some(1))
                    .ok(),
            );
            t.elapsed().as_secs_f64() * 1e3
        };
        let (with, without) = (time(&ranged), time(&plain_ranged));
        println!("  simulation 10,000 paths x 36 months: {with:.1} ms, {:.1}x the same plan without autoscaling ({without:.1} ms)", with / without);
    }
}

fn main() {
    elastic_bench();
    simulation_bench();
    let default = presets::default_plan();
    let moderate = default
        .scenarios
        .iter()
        .position(|s| s.id == "moderate")
        .expect("moderate scenario");

    let t = median_us(51, 2000, || {
        black_box(forecast_scenario(black_box(&default), moderate).ok());
    });
    println!("default preset, 1 scenario (moderate), 24 months:   {t:>9.2} µs per forecast (median; validation included)");

    let t = median_us(51, 2000, || {
        black_box(headroom::engine::validate(black_box(&default)));
    });
    println!("  of which validation:                                {t:>9.2} µs");
    let model = headroom::engine::model::Model::build(&default, &mut |n| n.median());
    let t = median_us(51, 2000, || {
        black_box(headroom::engine::run(black_box(&model), moderate));
    });
    println!("  of which the monthly computation:                   {t:>9.2} µs");

    let mut long: Plan = default.clone();
    long.horizon_months = 120;
    let t = median_us(51, 200, || {
        black_box(forecast(black_box(&long)).ok());
    });
    println!(
        "default preset, all 3 scenarios, 120 months:        {t:>9.2} µs per forecast (median)"
    );

    // 1,000 random valid plans, the same ones every run.
    let mut runner = TestRunner::deterministic();
    let plans: Vec<Plan> = (0..1000)
        .map(|_| {
            let v = plan_strategy::valid_plan()
                .new_tree(&mut runner)
                .expect("strategy")
                .current();
            plan_json::decode(&v.to_string()).expect("generated plans decode")
        })
        .collect();
    let mut each: Vec<f64> = Vec::with_capacity(plans.len());
    let mut ok = 0;
    for p in &plans {
        ok += usize::from(forecast(p).is_ok());
        each.push(median_us(5, 20, || {
            black_box(forecast(black_box(p)).ok());
        }));
    }
    each.sort_by(|a, b| a.total_cmp(b));
    println!(
        "1,000 random valid plans ({ok} computed, {} overflowed): median {:.2} µs, p90 {:.2} µs per forecast",
        plans.len() - ok,
        each[each.len() / 2],
        each[each.len() * 9 / 10]
    );
}

/// The default preset over 36 months with its growth rates as +/-40% ranges
/// and peak concurrency as 12% to 18% of users (issue 5's benchmark plan).
pub fn uncertain_default() -> Plan {
    let mut plan = presets::default_plan();
    ranged_growth(&mut plan);
    if let Some(m) = plan.metrics.iter_mut().find(|m| m.id == "peak_concurrent") {
        m.factor = Num::Range {
            low: 0.12,
            high: 0.18,
            dist: Default::default(),
        };
    }
    plan
}

/// 36 months, with every compound growth rate a +/-40% range.
fn ranged_growth(plan: &mut Plan) {
    plan.horizon_months = 36;
    for s in &mut plan.scenarios {
        if let Growth::Compound { segments, .. } = &mut s.growth {
            for seg in segments {
                let r = seg.rate.median();
                seg.rate = Num::Range {
                    low: r * 0.6,
                    high: r * 1.4,
                    dist: Default::default(),
                };
            }
        }
    }
}

fn simulation_bench() {
    let all = uncertain_default();
    let mut one = all.clone();
    one.scenarios.retain(|s| s.id == "moderate");
    let t = median_us(51, 2000, || {
        black_box(headroom::engine::model::Model::build(
            black_box(&one),
            &mut |n: &Num| n.median(),
        ));
    });
    println!("  compiling the plan once (Model::build):             {t:>9.2} µs");
    for (what, plan) in [("1 scenario (moderate)", &one), ("all 3 scenarios", &all)] {
        let t = median_us(5, 1, || {
            black_box(simulate(black_box(plan), 10_000, Some(1)).ok());
        });
        println!(
            "simulation, 10,000 paths x 36 months, {what}: {:>9.1} ms (median)",
            t / 1000.0
        );
    }
    // Where the time of one scenario's run goes: the paths, then one summary.
    let moderate = [0];
    let t = median_us(5, 1, || {
        let mut sim = Simulator::new(&one, &moderate, 10_000, Some(1)).unwrap();
        sim.run(10_000);
        black_box(&sim);
    });
    println!(
        "  of which the paths:                              {:>9.1} ms",
        t / 1000.0
    );
    let mut sim = Simulator::new(&one, &moderate, 10_000, Some(1)).unwrap();
    sim.run(10_000);
    let t = median_us(5, 1, || {
        black_box(sim.summary());
    });
    println!(
        "  of which the summary:                            {:>9.1} ms",
        t / 1000.0
    );
    // The same run as a worker of the page runs it: rounds as
    // `app::slices::refreshes` gives them, each summarized over the paths
    // so far.
    for workers in [1, 2] {
        let t = median_us(5, 1, || {
            black_box(pooled_run(&one, workers));
        });
        println!(
            "  on {workers} worker(s) in rounds, one after another: {:>9.1} ms",
            t / 1000.0
        );
    }
}

/// A run over `workers` of `app::pool`, the workers taking turns on this
/// thread (their parts passed by hand): the rounds' whole work.
fn pooled_run(plan: &Plan, workers: usize) -> usize {
    use headroom::app::pool::{split, Worker};
    let blocks = split(1, plan, &[0], 10_000, 1, workers);
    let mut pool: Vec<Worker> = blocks.iter().map(|_| Worker::default()).collect();
    for (w, b) in pool.iter_mut().zip(blocks) {
        w.start(b).unwrap();
    }
    let mut figures = 0;
    while !pool.iter().all(Worker::finished) {
        for i in 0..pool.len() {
            let (parts, partials) = pool[i].run(headroom::app::pool::CHUNK);
            figures += partials.len();
            for part in parts {
                figures += pool[part.to].receive(part).len();
            }
        }
    }
    figures
}
