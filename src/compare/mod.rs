//! Plans side by side (issue 16): each plan's scenario forecast (and, for
//! a plan with ranges, its simulation) reduced to the figures of a decision
//! table, the months where one plan's cumulative cost overtakes another's,
//! and what differs between them in the planner's words
//! ([`differences`]). Every figure is the engine's; nothing is recomputed.

pub mod differences;
pub mod output;

use crate::engine::simulate::{simulate_scenarios, ScenarioSimulation};
use crate::engine::{forecast_scenario, EventKind, Plan, PlanError, ScenarioForecast};

/// The most plans a comparison holds.
pub const MAX_COLUMNS: usize = 4;

/// One plan and the scenario of it to compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub plan: Plan,
    pub scenario: usize,
}

/// A column of the comparison: an entry's forecast, simulation and figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub entry: Entry,
    pub forecast: ScenarioForecast,
    /// For a plan with ranges.
    pub simulation: Option<ScenarioSimulation>,
    pub figures: Figures,
}

/// The decision table's figures of one column.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Cumulative cost at the horizon, at the medians.
    pub total_cost: f64,
    /// P10 / P50 / P90 of the total cost, for a plan whose ranges move
    /// its figures.
    pub total_range: Option<[f64; 3]>,
    pub max_monthly_cost: f64,
    /// Monthly cost per user at the horizon.
    pub cost_per_user: Option<f64>,
    pub first_tier_change: Option<u32>,
    pub first_over_capacity: Option<u32>,
    /// Months whose cost is over the budget; none without a budget.
    pub months_over_budget: Option<usize>,
    /// The share of paths on the largest tier by month 12 (or the horizon).
    pub largest_tier_chance: Option<f64>,
    /// What autoscaled components save over the horizon against their peak.
    pub autoscaling_saving: Option<f64>,
    /// The best commitment's amount and mean saving, for a plan with a
    /// commitment whose term the horizon holds (MODEL.md section 12).
    pub commitment: Option<(f64, f64)>,
}

/// Month where the cumulative cost of one column overtakes another's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakEven {
    /// Column indices: `cheaper` costs less in the months before `month`.
    pub a: usize,
    pub b: usize,
    pub cheaper: usize,
    pub month: u32,
}

/// A whole comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub columns: Vec<Column>,
    pub break_even: Vec<BreakEven>,
    /// What differs between the first column's plan and each other's.
    pub differences: Vec<differences::Difference>,
}

/// Compares `entries` (1 to [`MAX_COLUMNS`]); a plan with ranges is
/// simulated over `samples` paths with its own seed. The error names the
/// entry (by index) that cannot be computed.
pub fn compare(entries: &[Entry], samples: usize) -> Result<Comparison, (usize, Vec<PlanError>)> {
    let columns = (entries.iter().enumerate())
        .map(|(i, e)| column(e, samples).map_err(|errs| (i, errs)))
        .collect::<Result<Vec<_>, _>>()?;
    let break_even = break_even(&columns);
    let differences = (1..columns.len())
        .flat_map(|k| differences::between(&entries[0], &entries[k], k))
        .collect();
    Ok(Comparison {
        columns,
        break_even,
        differences,
    })
}

/// Why entry `i` cannot be computed: every problem, the first few in
/// words, and what to do.
pub fn not_computed(i: usize, errors: &[PlanError]) -> String {
    const TOLD: usize = 3;
    let told: Vec<String> = errors.iter().take(TOLD).map(|e| e.to_string()).collect();
    let more = match errors.len().saturating_sub(TOLD) {
        0 => String::new(),
        n => format!("; and {n} more"),
    };
    format!(
        "Plan {} cannot be computed ({}): {}{more}. Fix it in the editor, or remove it from the comparison.",
        i + 1,
        crate::formats::numbers::plural(errors.len(), "problem"),
        told.join("; ")
    )
}

/// One entry's forecast, simulation (when it has ranges) and figures.
pub fn column(e: &Entry, samples: usize) -> Result<Column, Vec<PlanError>> {
    let forecast = forecast_scenario(&e.plan, e.scenario)?;
    let simulation = if crate::engine::inputs::has_ranges(&e.plan) {
        let sim = simulate_scenarios(&e.plan, &[e.scenario], samples, None)?;
        sim.scenarios.into_iter().next()
    } else {
        None
    };
    let mut figures = figures(&e.plan, &forecast, simulation.as_ref());
    figures.commitment = best_commitment(e, samples)?;
    Ok(Column {
        entry: e.clone(),
        forecast,
        simulation,
        figures,
    })
}

fn figures(plan: &Plan, f: &ScenarioForecast, sim: Option<&ScenarioSimulation>) -> Figures {
    let first =
        |want: fn(&EventKind) -> bool| f.events.iter().find(|e| want(&e.kind)).map(|e| e.month);
    let budget = plan.policy.monthly_budget.as_ref().map(|b| b.median());
    let by = (plan.horizon_months as usize).min(12);
    let savings: Vec<f64> = (f.months.iter().skip(1))
        .flat_map(|m| m.components.iter().filter_map(|c| c.day.map(|d| d.saving)))
        .collect();
    Figures {
        total_cost: f.total_cost,
        // Ranges that move nothing (a discount on 0% coverage) give no
        // range rows, as the page's simulation shows no band for them.
        total_range: sim
            .filter(|s| !crate::report::no_spread(s))
            .map(|s| [s.total_cost.p10, s.total_cost.p50, s.total_cost.p90]),
        max_monthly_cost: f.months.iter().map(|m| m.cost).fold(0.0, f64::max),
        cost_per_user: f.months.last().and_then(|m| m.cost_per_user),
        first_tier_change: first(|k| matches!(k, EventKind::TierChange { .. })),
        first_over_capacity: first(|k| matches!(k, EventKind::OverCapacity { .. })),
        months_over_budget: budget.map(|b| f.months.iter().skip(1).filter(|m| m.cost > b).count()),
        largest_tier_chance: sim.and_then(|s| s.months.get(by)?.tier_share.last().copied()),
        autoscaling_saving: (!savings.is_empty()).then(|| savings.iter().sum()),
        commitment: None,
    }
}

/// The best amount to commit and its mean saving, over the same paths as
/// the simulation; none without a commitment or when its term runs past
/// the horizon.
fn best_commitment(e: &Entry, samples: usize) -> Result<Option<(f64, f64)>, Vec<PlanError>> {
    use crate::engine::commitment::{commitment_of, demand, optimise};
    let Some(c) = commitment_of(&e.plan) else {
        return Ok(None);
    };
    let d = demand(&e.plan, e.scenario, samples, None)?;
    Ok(optimise(&d, c.term_months)
        .ok()
        .map(|o| (o.best.amount, o.best.saving)))
}

/// For each pair of columns, the first month (1 on, within both horizons)
/// where the one that cost less so far no longer does.
pub fn break_even(columns: &[Column]) -> Vec<BreakEven> {
    let mut out = Vec::new();
    for a in 0..columns.len() {
        for b in a + 1..columns.len() {
            let (ma, mb) = (&columns[a].forecast.months, &columns[b].forecast.months);
            let diff = |m: usize| ma[m].cumulative_cost - mb[m].cumulative_cost;
            let months = 1..ma.len().min(mb.len());
            // The sign of the first month that differs: who is cheaper first.
            let Some(start) = months.clone().map(diff).find(|d| *d != 0.0) else {
                continue;
            };
            if let Some(m) = months.clone().find(|&m| diff(m) * start < 0.0) {
                let cheaper = if start < 0.0 { a } else { b };
                out.push(BreakEven {
                    a,
                    b,
                    cheaper,
                    month: m as u32,
                });
            }
        }
    }
    out
}

/// A column's title: the plan's name, and its scenario's label when
/// another column shows the same plan.
pub fn title(columns: &[Column], k: usize) -> String {
    let e = &columns[k].entry;
    let scenario = &e.plan.scenarios[e.scenario].label;
    let shared =
        (columns.iter().enumerate()).any(|(j, c)| j != k && c.entry.plan.name == e.plan.name);
    if shared {
        format!("{} ({scenario})", e.plan.name)
    } else {
        e.plan.name.clone()
    }
}

/// "VPS to cluster costs less until month 17".
pub fn break_even_text(columns: &[Column], b: &BreakEven) -> String {
    let other = if b.cheaper == b.a { b.b } else { b.a };
    format!(
        "{} costs less until month {}; {} from then on",
        title(columns, b.cheaper),
        b.month,
        title(columns, other)
    )
}
