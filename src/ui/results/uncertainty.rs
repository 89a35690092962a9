//! The plan's uncertainty: P10 / P50 / P90 figures, fan charts of users and
//! monthly cost, tier odds, the total cost histogram and the sensitivity
//! tornado. Every figure comes from `engine::simulate`.

use crate::engine::simulate::{
    sensitivity, simulate_scenarios, MonthBand, Percentiles, ScenarioSimulation, Sensitivity,
    DEFAULT_SAMPLES,
};
use crate::engine::{inputs, Num, Plan};
use crate::formats::numbers::{money, percent, quantity};
use crate::report::input_label;
use crate::ui::charts::spec::{ChartSpec, Fan, Plot, Series, Unit};
use crate::ui::charts::Chart;
use crate::ui::fields::text_field;
use crate::ui::store::{Shown, Store};
use leptos::prelude::*;
use std::sync::Arc;

fn has_ranges(plan: &Plan) -> bool {
    let mut any = false;
    inputs::each(plan, &mut |_, i| any |= matches!(i.num, Num::Range { .. }));
    any
}

/// Runs `f` between two performance marks (read by scripts/report.sh).
fn measured<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let perf = window().performance();
    if let Some(p) = &perf {
        let _ = p.mark(&format!("{name}:start"));
    }
    let out = f();
    if let Some(p) = &perf {
        let _ = p.measure_with_start_mark(name, &format!("{name}:start"));
    }
    out
}

type Run = Arc<(u64, ScenarioSimulation)>;

#[component]
pub fn Uncertainty(
    store: Store,
    shown: Memo<Option<Shown>>,
    scenario: Memo<usize>,
) -> impl IntoView {
    let samples = RwSignal::new(DEFAULT_SAMPLES);
    // The simulation follows the forecast once typing pauses (150 ms), so
    // each keystroke stays within a frame; the first run is immediate.
    let settled = RwSignal::new(shown.get_untracked());
    let pending = RwSignal::new(false);
    let timer = StoredValue::new_local(None::<gloo::timers::callback::Timeout>);
    Effect::new(move |first: Option<()>| {
        let latest = shown.get();
        if first.is_none() {
            return;
        }
        pending.set(true);
        timer.set_value(Some(gloo::timers::callback::Timeout::new(150, move || {
            settled.set(latest);
            pending.set(false);
        })));
    });
    let shown = settled;
    let ranged =
        Memo::new(move |_| shown.with(|x| x.as_ref().is_some_and(|x| has_ranges(&x.plan))));
    let run = Memo::new(move |_| -> Option<Run> {
        if !ranged.get() {
            return None;
        }
        let (s, n) = (scenario.get(), samples.get());
        shown.with(|x| {
            let x = x.as_ref()?;
            let sim = measured("headroom:simulate", || {
                simulate_scenarios(&x.plan, &[s], n, None)
            })
            .ok()?;
            let seed = sim.seed;
            Some(Arc::new((seed, sim.scenarios.into_iter().next()?)))
        })
    });
    let sens = Memo::new(move |_| -> Option<Arc<Sensitivity>> {
        let s = scenario.get();
        shown.with(|x| sensitivity(&x.as_ref()?.plan, s).ok().map(Arc::new))
    });
    let spec = move |f: fn(&Plan, &crate::engine::Forecast, &ScenarioSimulation) -> ChartSpec| {
        Memo::new(move |_| {
            let r = run.get()?;
            shown.with(|x| x.as_ref().map(|x| f(&x.plan, &x.forecast, &r.1)))
        })
    };
    let users = spec(users_fan);
    let cost = spec(cost_fan);
    let odds = spec(tier_odds);
    let histogram = spec(total_histogram);
    let tornado = Memo::new(move |_| {
        let s = sens.get()?;
        shown.with(|x| x.as_ref().map(|x| tornado_spec(&x.plan, &s)))
    });
    view! {
        <section class="uncertainty" aria-labelledby="uncertainty-title">
            <h2 id="uncertainty-title">"Uncertainty"</h2>
            <Show
                when=move || ranged.get()
                fallback=|| view! {
                    <p class="hint">"Every number here is certain. Type a range such as “15% to 30%” or “400 to 600” into any number to see bands, the odds of each tier and the budget risk."</p>
                }
            >
                <div class="sim-settings">
                    <div class="field">
                        <label for="samples">"Sample paths"</label>
                        <div class="control">
                            <select id="samples" prop:value=move || samples.get().to_string()
                                on:change=move |ev| if let Ok(n) = event_target_value(&ev).parse() { samples.set(n) }>
                                {[500usize, 2_000, 10_000, 50_000, 100_000].map(|n| view! {
                                    <option value=n.to_string() selected=n == DEFAULT_SAMPLES>{quantity(n as f64)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                    {seed_field(store)}
                    <p class="hint" role="status">{move || if pending.get() {
                        Some("Simulating…".to_string())
                    } else {
                        run.get().map(|r| format!("{} paths, seed {}; anyone opening this plan gets the same figures.", quantity(r.1.samples as f64), r.0))
                    }}</p>
                </div>
                <dl class="cards">
                    {move || run.get().and_then(|r| shown.with(|x| x.as_ref().map(|x| cards(&x.plan, &r.1)))).unwrap_or_default().into_iter().map(|(label, value, detail)| view! {
                        <div class="card-figure">
                            <dt>{label}</dt>
                            <dd class="figure">{value}</dd>
                            <dd class="detail">{detail}</dd>
                        </div>
                    }).collect_view()}
                </dl>
                <div class="charts">
                    <Chart spec=users id="chart-users-fan" />
                    <Chart spec=cost id="chart-cost-fan" />
                    <Chart spec=odds id="chart-tier-odds" />
                    <Chart spec=histogram id="chart-total-histogram" />
                </div>
            </Show>
            <div class="charts">
                <Chart spec=tornado id="chart-tornado" />
            </div>
        </section>
    }
}

/// The plan's `seed`: part of the plan, so a link carries it.
fn seed_field(store: Store) -> impl IntoView {
    text_field(
        store,
        "Seed",
        "seed".into(),
        " ",
        Box::new(|p| p.seed.map_or(String::new(), |s| s.to_string())),
        Box::new(|p, text| {
            let t = text.trim();
            p.seed = if t.is_empty() {
                None
            } else {
                Some(
                    t.parse()
                        .map_err(|_| format!("\"{t}\" is not a whole number from 0 up"))?,
                )
            };
            Ok(())
        }),
    )
}

fn label(plan: &Plan, s: &ScenarioSimulation) -> String {
    super::specs::label(plan, s.scenario)
}

fn fan(
    name: &str,
    colour: usize,
    months: &[MonthBand],
    pick: fn(&MonthBand) -> Percentiles,
) -> Fan {
    let get = |f: fn(&Percentiles) -> f64| months.iter().map(|m| f(&pick(m))).collect();
    Fan {
        name: name.into(),
        colour,
        p5: get(|p| p.p5),
        p10: get(|p| p.p10),
        p50: get(|p| p.p50),
        p90: get(|p| p.p90),
        p95: get(|p| p.p95),
    }
}

/// A fan of the simulated `band` with the plain forecast's `plain` dashed.
fn fan_chart(
    f: &crate::engine::Forecast,
    s: &ScenarioSimulation,
    (title, y_label, unit): (String, String, Unit),
    (name, colour): (&str, usize),
    plain: fn(&crate::engine::MonthForecast) -> f64,
    band: fn(&MonthBand) -> Percentiles,
) -> ChartSpec {
    let plain = f
        .scenarios
        .get(s.scenario)
        .map(|x| x.months.iter().map(plain).collect())
        .unwrap_or_default();
    let mut spec = ChartSpec::months_chart(
        title,
        y_label,
        unit,
        vec![Series {
            name: "Plain forecast".into(),
            colour: 6,
            values: plain,
        }],
    );
    spec.fans = vec![fan(name, colour, &s.months, band)];
    spec
}

fn users_fan(plan: &Plan, f: &crate::engine::Forecast, s: &ScenarioSimulation) -> ChartSpec {
    let title = format!(
        "Users, {} scenario: P5-P95 and P10-P90 bands, median, plain forecast dashed",
        label(plan, s)
    );
    fan_chart(
        f,
        s,
        (title, "Users".into(), Unit::Users),
        ("Simulated users", 0),
        |m| m.users,
        |m| m.users,
    )
}

fn cost_fan(plan: &Plan, f: &crate::engine::Forecast, s: &ScenarioSimulation) -> ChartSpec {
    let title = format!(
        "Monthly cost, {} scenario: bands, median, plain forecast dashed",
        label(plan, s)
    );
    let axis = format!("{} per month", plan.currency);
    fan_chart(
        f,
        s,
        (title, axis, Unit::Money(plan.currency.clone())),
        ("Simulated cost", 5),
        |m| m.cost,
        |m| m.cost,
    )
}

fn tier_odds(plan: &Plan, _: &crate::engine::Forecast, s: &ScenarioSimulation) -> ChartSpec {
    let series = plan
        .tiers
        .iter()
        .enumerate()
        .map(|(t, tier)| Series {
            name: tier.label.clone(),
            colour: t,
            values: s
                .months
                .iter()
                .map(|m| m.tier_share.get(t).copied().unwrap_or(0.0))
                .collect(),
        })
        .filter(|x| x.values.iter().any(|v| *v > 0.0))
        .collect();
    let mut spec = ChartSpec::months_chart(
        format!("Chance of each tier by month, {} scenario", label(plan, s)),
        "Share of paths".into(),
        Unit::Percent,
        series,
    );
    spec.stacked = true;
    spec
}

fn total_histogram(plan: &Plan, _: &crate::engine::Forecast, s: &ScenarioSimulation) -> ChartSpec {
    const BINS: usize = 30;
    let (lo, hi) = (
        s.totals.first().copied().unwrap_or(0.0),
        s.totals.last().copied().unwrap_or(0.0),
    );
    let width = ((hi - lo) / BINS as f64).max(1e-9);
    let edges: Vec<f64> = (0..=BINS).map(|i| lo + width * i as f64).collect();
    let mut counts = vec![0.0; BINS];
    for t in &s.totals {
        counts[(((t - lo) / width) as usize).min(BINS - 1)] += 1.0;
    }
    let n = s.totals.len().max(1) as f64;
    let h = plan.horizon_months;
    let marker = plan
        .policy
        .monthly_budget
        .as_ref()
        .map(|b| (format!("budget x {h} months"), b.median() * h as f64));
    let mut spec = ChartSpec::months_chart(
        format!(
            "Total cost over {h} months, {} scenario: share of paths",
            label(plan, s)
        ),
        format!("Total cost ({})", plan.currency),
        Unit::Money(plan.currency.clone()),
        vec![Series {
            name: "Share of paths".into(),
            colour: 0,
            values: counts.iter().map(|c| c / n).collect(),
        }],
    );
    spec.plot = Plot::Histogram { edges, marker };
    spec
}

fn tornado_spec(plan: &Plan, s: &Sensitivity) -> ChartSpec {
    let rows: Vec<(String, f64, f64)> = s
        .impacts
        .iter()
        .filter_map(|i| {
            Some((
                input_label(plan, &i.path),
                i.total_cost[0]?,
                i.total_cost[1]?,
            ))
        })
        .take(8)
        .collect();
    let scenario = plan
        .scenarios
        .get(s.scenario)
        .map_or("", |x| x.label.as_str());
    let mut spec = ChartSpec::months_chart(
        format!("What moves the total cost most, {scenario} scenario: each input at its low end (blue) and high end (orange)"),
        format!("Total cost ({})", plan.currency),
        Unit::Money(plan.currency.clone()),
        Vec::new(),
    );
    spec.plot = Plot::Tornado {
        base: s.total_cost,
        rows,
    };
    spec
}

/// P10 / P50 / P90 cards and the odds that matter to a planner.
fn cards(plan: &Plan, s: &ScenarioSimulation) -> Vec<(String, String, String)> {
    let cur = &plan.currency;
    let last = s.months.last();
    let h = plan.horizon_months;
    let mut out = Vec::new();
    if let Some(m) = last {
        out.push((
            format!("Users at month {h}"),
            quantity(m.users.p50.round()),
            format!(
                "P10 {} · P90 {}",
                quantity(m.users.p10.round()),
                quantity(m.users.p90.round())
            ),
        ));
    }
    out.push((
        format!("Total cost, months 1-{h}"),
        money(s.total_cost.p50, cur),
        format!(
            "P10 {} · P90 {}",
            money(s.total_cost.p10, cur),
            money(s.total_cost.p90, cur)
        ),
    ));
    // Without downgrades, being on the largest tier by month 12 means reaching it.
    let by = (h as usize).min(12);
    if let (Some(m), Some(tier)) = (s.months.get(by), plan.tiers.last()) {
        let share = m.tier_share.last().copied().unwrap_or(0.0);
        out.push((
            format!("Chance of {} by month {by}", tier.label),
            percent(share),
            "share of paths on the largest tier".into(),
        ));
    }
    if plan.policy.monthly_budget.is_some() {
        out.push((
            "Budget risk".into(),
            percent(s.over_budget_share),
            "paths with a month over the monthly budget".into(),
        ));
    }
    out.push((
        "Capacity risk".into(),
        percent(s.over_capacity_share),
        "paths with a month over capacity".into(),
    ));
    out
}
