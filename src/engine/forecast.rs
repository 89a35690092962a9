//! The forecast: what a plan implies month by month. Results refer to the
//! plan by index (scenario, metric, tier, limit, component) so that callers
//! show the plan's own names and nothing is copied per month.

use super::commitment::{self, CommitmentMonth};
use super::cost;
use super::events::{self, Event};
use super::growth;
use super::metrics;
use super::model::Model;
use super::number::Num;
use super::plan::Plan;
use super::sizing;
use super::validate::{validate, PlanError, MAX_USERS};

#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub scenarios: Vec<ScenarioForecast>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioForecast {
    /// Index into `plan.scenarios`.
    pub scenario: usize,
    /// Months 0..=horizon; month 0 is now.
    pub months: Vec<MonthForecast>,
    pub events: Vec<Event>,
    /// Cumulative cost at the horizon (months 1..=H).
    pub total_cost: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonthForecast {
    pub month: u32,
    pub users: f64,
    /// Indexed like `plan.metrics`.
    pub metrics: Vec<f64>,
    /// Index into `plan.tiers`.
    pub tier: usize,
    /// Indexed like the chosen tier's limits (in their key order).
    pub utilization: Vec<f64>,
    /// Index into `utilization` of the highest one.
    pub bottleneck: Option<usize>,
    /// No tier fits this month (the largest is used).
    pub no_tier_fits: bool,
    /// No tier fits, or a sized component needed more than its max.
    pub over_capacity: bool,
    /// Indexed like the chosen tier's components.
    pub components: Vec<ComponentMonth>,
    pub cost: f64,
    pub cumulative_cost: f64,
    /// Monthly cost / users; none when users is 0.
    pub cost_per_user: Option<f64>,
    /// Monthly cost / the bottleneck limit: what each unit of the binding
    /// capacity costs (the seed's "cost per user" of a phase, 1240 / 2000).
    pub cost_per_capacity_unit: Option<f64>,
    /// A month of the commitment's term: its committed, on-demand and
    /// unused parts (MODEL.md section 12).
    pub commitment: Option<CommitmentMonth>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ComponentMonth {
    pub quantity: f64,
    pub cost: f64,
    /// ceil(metric / per) exceeded the component's max this month.
    pub at_max: bool,
    /// An autoscaled component's day (MODEL.md section 10).
    pub day: Option<crate::day::DayFigures>,
}

/// Validates `plan` and forecasts every scenario at the inputs' medians.
pub fn forecast(plan: &Plan) -> Result<Forecast, Vec<PlanError>> {
    let model = compile(plan)?;
    let scenarios = (0..plan.scenarios.len()).map(|s| run(&model, s)).collect();
    checked(&model, Forecast { scenarios })
}

/// Validates `plan` and forecasts one scenario (by index) at the medians.
pub fn forecast_scenario(plan: &Plan, scenario: usize) -> Result<ScenarioForecast, Vec<PlanError>> {
    let f = forecast_scenarios(plan, &[scenario])?;
    Ok(f.scenarios
        .into_iter()
        .next()
        .expect("one scenario was run"))
}

/// Validates `plan` and forecasts the scenarios `which` (indices) at the
/// medians: another scenario's overflow does not refuse them.
pub fn forecast_scenarios(plan: &Plan, which: &[usize]) -> Result<Forecast, Vec<PlanError>> {
    for &s in which {
        plan.check_scenario(s)?;
    }
    let model = compile(plan)?;
    let scenarios = which.iter().map(|&s| run(&model, s)).collect();
    checked(&model, Forecast { scenarios })
}

fn compile(plan: &Plan) -> Result<Model, Vec<PlanError>> {
    let errors = validate(plan);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Model::build(plan, &mut |n: &Num| n.median()))
}

/// Computes one scenario of a compiled model.
pub fn run(model: &Model, scenario: usize) -> ScenarioForecast {
    let users = growth::users(&model.growth[scenario], model.initial_users, model.horizon);
    let metric_values = metrics::series(&model.metrics, &model.metric_order, &users);
    let mut months = Vec::with_capacity(users.len());
    let mut previous: Option<usize> = None;
    let mut cumulative = 0.0;
    for m in 0..users.len() {
        let month = month(model, &users, &metric_values, m, previous, cumulative);
        previous = Some(month.tier);
        cumulative = month.cumulative_cost;
        months.push(month);
    }
    let events = events::detect(model, &months, &users, &metric_values);
    ScenarioForecast {
        scenario,
        total_cost: cumulative,
        months,
        events,
    }
}

/// What a simulation keeps of one path of one scenario.
#[derive(Debug, Default)]
pub(crate) struct PathOutcome {
    pub users: Vec<f64>,
    pub cost: Vec<f64>,
    pub cumulative: Vec<f64>,
    pub tier: Vec<usize>,
    /// D(m): the on-demand cost of the committed categories (0 without a
    /// commitment), for the commitment optimiser.
    pub demand: Vec<f64>,
    /// The cumulative cost at the horizon with nothing committed.
    pub on_demand_total: f64,
    /// Metric values per month (a buffer reused across paths).
    pub metrics: Vec<Vec<f64>>,
    /// The monthly cost outside and under the commitment, and max-out flag,
    /// of each fixed tier, once known.
    tier_cost: Vec<Option<(f64, f64, bool)>>,
    pub over_capacity: bool,
    pub over_budget: bool,
    /// Every figure finite and users within 10^12 (else the path is dropped).
    pub finite: bool,
}

/// The rules of [`run`] without its per-month detail and events: the fast
/// loop of a simulation. Tests hold the two to the same figures.
pub(crate) fn run_path(model: &Model, scenario: usize, out: &mut PathOutcome) {
    let (users, metric_values) = (&mut out.users, &mut out.metrics);
    growth::users_into(
        &model.growth[scenario],
        model.initial_users,
        model.horizon,
        users,
    );
    metrics::series_into(&model.metrics, &model.metric_order, users, metric_values);
    let n = out.users.len();
    // Sized first and written in place: no push's bookkeeping per value.
    for row in [&mut out.cost, &mut out.cumulative, &mut out.demand] {
        row.resize(n, 0.0);
    }
    out.tier.resize(n, 0);
    out.tier_cost.clear();
    out.tier_cost.resize(model.tiers.len(), None);
    let PathOutcome {
        users,
        metrics: metric_values,
        cost: costs,
        cumulative: cumulatives,
        tier: tiers,
        demand: demands,
        tier_cost,
        ..
    } = out;
    let (mut over_capacity, mut over_budget) = (false, false);
    let mut previous = None;
    let (mut cumulative, mut on_demand_total) = (0.0, 0.0);
    let slots = (costs.iter_mut().zip(cumulatives.iter_mut())).zip(tiers.iter_mut().zip(demands));
    for (m, ((cost_at, cumulative_at), (tier_at, demand_at))) in slots.enumerate() {
        let (tier, fits) = sizing::choose(model, users, metric_values, m, previous);
        previous = Some(tier);
        // A fixed tier's sum is the same every month: computed once per path,
        // in the same order, so the figures are unchanged.
        let (other, demand, at_max) = match tier_cost[tier] {
            Some(known) => known,
            None => {
                let costs = (model.tiers[tier].components.iter())
                    .map(|c| (c, cost::component_cost(c, users, metric_values, m)));
                let sum = split_sum(model, costs);
                if model.tiers[tier].is_fixed() {
                    tier_cost[tier] = Some(sum);
                }
                sum
            }
        };
        let cost = bill(model, m, other, demand);
        if m > 0 {
            cumulative += cost;
            on_demand_total += other + demand;
        }
        over_capacity |= !fits || at_max;
        over_budget |= model.budget.is_some_and(|b| cost > b);
        (*cost_at, *cumulative_at, *tier_at, *demand_at) = (cost, cumulative, tier, demand);
    }
    out.over_capacity = over_capacity;
    out.over_budget = over_budget;
    out.on_demand_total = on_demand_total;
    out.finite = out.users.iter().all(|u| u.is_finite() && *u <= MAX_USERS)
        && out.metrics.iter().flatten().all(|v| v.is_finite())
        && cumulative.is_finite();
}

fn month(
    model: &Model,
    users: &[f64],
    metric_values: &[Vec<f64>],
    m: usize,
    previous: Option<usize>,
    cumulative: f64,
) -> MonthForecast {
    let (tier, fits) = sizing::choose(model, users, metric_values, m, previous);
    let t = &model.tiers[tier];
    let utilization = sizing::utilization(t, users, metric_values, m);
    let components: Vec<ComponentMonth> = t
        .components
        .iter()
        .map(|c| cost::component_month(c, users, metric_values, m))
        .collect();
    let costs = (t.components.iter().zip(&components)).map(|(c, cm)| (c, (cm.cost, cm.at_max)));
    let (other, demand, _) = split_sum(model, costs);
    let cost = bill(model, m, other, demand);
    // Month 0 is now: the cumulative cost counts months 1..=m.
    let cumulative_cost = if m == 0 { 0.0 } else { cumulative + cost };
    let cost_per_capacity_unit = sizing::bottleneck(&utilization).map(|b| cost / t.limits[b].value);
    MonthForecast {
        cost_per_capacity_unit,
        month: m as u32,
        users: users[m],
        metrics: metric_values.iter().map(|v| v[m]).collect(),
        tier,
        bottleneck: sizing::bottleneck(&utilization),
        utilization,
        no_tier_fits: !fits,
        over_capacity: !fits || components.iter().any(|c| c.at_max),
        components,
        cost,
        cumulative_cost,
        cost_per_user: (users[m] != 0.0).then(|| cost / users[m]),
        commitment: (model.commitment.as_ref()).and_then(|c| c.month(m, demand)),
    }
}

/// The cost of a month's components outside the commitment, under it
/// (D(m)), and whether any hit its max. Without a commitment every cost is
/// outside it, summed in the components' order.
fn split_sum<'a>(
    model: &Model,
    costs: impl Iterator<Item = (&'a crate::model::ComponentModel, (f64, bool))>,
) -> (f64, f64, bool) {
    let (mut other, mut demand, mut at_max) = (0.0, 0.0, false);
    for (c, (cost, max)) in costs {
        if commitment::covered(model, c.category) {
            demand += cost;
        } else {
            other += cost;
        }
        at_max |= max;
    }
    (other, demand, at_max)
}

/// A month's cost: the commitment's categories as section 12 bills them.
fn bill(model: &Model, m: usize, other: f64, demand: f64) -> f64 {
    match &model.commitment {
        Some(c) => other + c.cost(m, demand),
        None => other + demand,
    }
}

/// A computed value that overflowed, or users past 10^12, is an error.
fn checked(model: &Model, f: Forecast) -> Result<Forecast, Vec<PlanError>> {
    let mut errors: Vec<PlanError> = Vec::new();
    for s in &f.scenarios {
        // A fault of the plan's own (a commitment's amount) is told once,
        // not once per scenario.
        if let Some(e) = overflow(s, model).filter(|e| errors.iter().all(|x| x.path != e.path)) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(errors)
    }
}

pub(crate) fn overflow(s: &ScenarioForecast, model: &Model) -> Option<PlanError> {
    let path = || crate::Path::scenario(s.scenario);
    for mf in &s.months {
        let m = mf.month;
        if !mf.users.is_finite() || mf.users > MAX_USERS {
            let reach = if mf.users.is_finite() {
                format!("reach {:.3e}", mf.users)
            } else {
                "overflow".to_string()
            };
            return Some(PlanError::new(path(), format!("users {reach} in month {m}, past the limit of 10^12; lower the growth or shorten the horizon")));
        }
        if let Some(i) = mf.metrics.iter().position(|v| !v.is_finite()) {
            return Some(PlanError::new(
                crate::Path::metric(i),
                format!(
                    "overflows in month {m} of scenario {}; check its factor",
                    s.scenario
                ),
            ));
        }
        let per_unit = [mf.cost_per_user, mf.cost_per_capacity_unit];
        let finite = mf.cost.is_finite()
            && mf.cumulative_cost.is_finite()
            && mf.utilization.iter().all(|u| u.is_finite())
            && per_unit.iter().flatten().all(|v| v.is_finite());
        // An amount so large that paying it each month alone overflows the
        // total is the commitment's fault, told at its field.
        let months = s.months.len() as f64;
        if !finite
            && mf
                .commitment
                .is_some_and(|c| !(c.committed * months).is_finite())
        {
            let amount = crate::Path::field("pricing")
                .key("commitment")
                .key("amount");
            return Some(PlanError::new(amount, format!("paid each month of the term, the commitment overflows the cost by month {m}; lower the amount")));
        }
        if let Some(at) = (!finite)
            .then(|| overflowing_component(model, mf))
            .flatten()
        {
            return Some(PlanError::new(
                at,
                format!("with this value the cost overflows by month {m}; lower it"),
            ));
        }
        // A finite cost over a vanishing count of users (1e-320 typed as
        // the initial users) is the count's fault, told at its field.
        let costs_finite = mf.cost.is_finite() && mf.cumulative_cost.is_finite();
        if costs_finite && mf.cost_per_user.is_some_and(|v| !v.is_finite()) {
            return Some(PlanError::new(
                crate::Path::field("initial_users"),
                format!("so few users make the cost per user overflow in month {m}; raise it, or make it 0"),
            ));
        }
        if !finite {
            return Some(PlanError::new(path(), format!("the cost, cost per user or utilization overflows in month {m}; check unit costs, factors, limits and initial users")));
        }
    }
    None
}

/// The field to blame when the month's cost, or the cost so far, is more
/// than any number: the costliest component's unit cost, or its quantity
/// when that is the larger of the two. None when the costs are finite
/// (a cost per user or a utilization overflowed).
fn overflowing_component(model: &Model, mf: &MonthForecast) -> Option<crate::Path> {
    let sum: f64 = mf.components.iter().map(|c| c.cost).sum();
    if sum.is_finite() && mf.cost.is_finite() && mf.cumulative_cost.is_finite() {
        return None;
    }
    // The first of equals (`max_by` keeps the last).
    let (c, cm) = (mf.components.iter().enumerate().rev())
        .max_by(|a, b| a.1.cost.abs().total_cmp(&b.1.cost.abs()))?;
    let unit_cost = model.tiers[mf.tier].components[c].effective_unit_cost;
    let field = if !cm.quantity.is_finite() || cm.quantity.abs() > unit_cost.abs() {
        "quantity"
    } else {
        "unit_cost"
    };
    Some(crate::Path::component(mf.tier, c).key(field))
}

#[cfg(test)]
mod run_path_tests {
    use super::*;
    use crate::EventKind;

    /// The app's presets (src/presets/), read here as plain plans.
    const PRESETS: [(&str, &str); 4] = [
        ("three-tier", include_str!("../presets/three_tier.json")),
        ("launch", include_str!("../presets/launch.json")),
        (
            "managed-services",
            include_str!("../presets/managed_services.json"),
        ),
        (
            "vps-to-cluster",
            include_str!("../presets/vps_to_cluster.json"),
        ),
    ];

    /// The simulation's fast loop keeps the forecast's rules: same tiers,
    /// costs, cumulative costs and capacity and budget flags, for every
    /// scenario of every preset, with and without a commitment.
    #[test]
    fn run_path_matches_run() {
        for (name, json, committed) in PRESETS
            .iter()
            .flat_map(|&(n, j)| [(n, j, false), (n, j, true)])
        {
            let mut plan: Plan = serde_json::from_str(json).unwrap();
            plan.policy.monthly_budget = Some(Num::Fixed(2_000.0));
            if committed {
                let mut c = crate::Commitment::starting(plan.pricing.as_ref());
                (c.amount, c.term_months, c.start_month) = (900.0, 9, 2);
                plan.pricing.get_or_insert_with(Default::default).commitment = Some(c);
            }
            let name = if committed {
                format!("{name} with a commitment")
            } else {
                name.to_string()
            };
            let model = compile(&plan).unwrap();
            let mut path = PathOutcome::default();
            for s in 0..plan.scenarios.len() {
                let sf = run(&model, s);
                run_path(&model, s, &mut path);
                let name = format!("{name} scenario {s}");
                assert!(path.finite, "{name}");
                let demand: Vec<f64> = (sf.months.iter())
                    .map(|m| {
                        m.commitment
                            .map_or(path.demand[m.month as usize], |c| c.demand)
                    })
                    .collect();
                assert_eq!(path.demand, demand, "{name}");
                assert_eq!(
                    committed,
                    sf.months.iter().any(|m| m.commitment.is_some()),
                    "{name}"
                );
                assert_eq!(
                    path.users,
                    sf.months.iter().map(|m| m.users).collect::<Vec<_>>(),
                    "{name}"
                );
                assert_eq!(
                    path.tier,
                    sf.months.iter().map(|m| m.tier).collect::<Vec<_>>(),
                    "{name}"
                );
                assert_eq!(
                    path.cost,
                    sf.months.iter().map(|m| m.cost).collect::<Vec<_>>(),
                    "{name}"
                );
                assert_eq!(
                    path.cumulative,
                    sf.months
                        .iter()
                        .map(|m| m.cumulative_cost)
                        .collect::<Vec<_>>(),
                    "{name}"
                );
                assert_eq!(
                    path.over_capacity,
                    sf.months.iter().any(|m| m.over_capacity),
                    "{name}"
                );
                let over_budget = sf
                    .events
                    .iter()
                    .any(|e| matches!(e.kind, EventKind::OverBudget { .. }));
                assert_eq!(path.over_budget, over_budget, "{name}");
            }
        }
    }
}
