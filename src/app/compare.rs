//! The comparison view's contents: which plans it holds, the overlaid
//! charts of their users, monthly and cumulative cost (one colour a plan,
//! the P10-P90 band of a plan with ranges, tier changes marked), and the
//! edits of its list of plans. Figures come from `compare`.

use super::chart::{ChartSpec, Fan, Series, Unit};
use crate::compare::{title, Column, Comparison, Entry, MAX_COLUMNS};
use crate::engine::simulate::{MonthBand, Percentiles};
use crate::engine::{EventKind, MonthForecast, Plan};

/// The plans being compared, each with its scenario; `from_link` when a
/// comparison link opened them (read-only: any plan opens for editing).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Comparing {
    pub columns: Vec<Entry>,
    pub from_link: bool,
}

impl Comparing {
    /// A comparison starting from one plan and its scenario.
    pub fn of(plan: Plan, scenario: usize) -> Comparing {
        Comparing {
            columns: vec![Entry { plan, scenario }],
            from_link: false,
        }
    }

    /// Each scenario of one plan side by side (the first four).
    pub fn every_scenario(plan: Plan) -> Comparing {
        let n = plan.scenarios.len().min(MAX_COLUMNS);
        Comparing {
            columns: (0..n)
                .map(|scenario| Entry {
                    plan: plan.clone(),
                    scenario,
                })
                .collect(),
            from_link: false,
        }
    }

    /// Adds a plan (its "moderate" scenario, else its first); false when
    /// the comparison is full.
    pub fn add(&mut self, plan: Plan) -> bool {
        if self.columns.len() >= MAX_COLUMNS {
            return false;
        }
        let scenario = (plan.scenarios.iter())
            .position(|s| s.id == "moderate")
            .unwrap_or(0);
        self.columns.push(Entry { plan, scenario });
        true
    }

    /// The comparison link's entries: each plan with its scenario's id.
    pub fn linked(&self) -> Vec<(&Plan, &str)> {
        (self.columns.iter())
            .map(|e| (&e.plan, e.plan.scenarios[e.scenario].id.as_str()))
            .collect()
    }

    /// From a comparison link's plans and scenario ids (an unknown id: the
    /// plan's first scenario).
    pub fn from_link(plans: Vec<(Plan, String)>) -> Comparing {
        let columns = (plans.into_iter())
            .map(|(plan, id)| {
                let scenario = plan.scenarios.iter().position(|s| s.id == id).unwrap_or(0);
                Entry { plan, scenario }
            })
            .collect();
        Comparing {
            columns,
            from_link: true,
        }
    }
}

/// Which figure a comparison chart shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    Users,
    MonthlyCost,
    CumulativeCost,
}

impl Measure {
    pub const ALL: [Measure; 3] = [
        Measure::Users,
        Measure::MonthlyCost,
        Measure::CumulativeCost,
    ];

    fn of(self, m: &MonthForecast) -> f64 {
        match self {
            Measure::Users => m.users,
            Measure::MonthlyCost => m.cost,
            Measure::CumulativeCost => m.cumulative_cost,
        }
    }

    fn band(self, b: &MonthBand) -> Percentiles {
        match self {
            Measure::Users => b.users,
            Measure::MonthlyCost => b.cost,
            Measure::CumulativeCost => b.cumulative_cost,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Measure::Users => "compare-users",
            Measure::MonthlyCost => "compare-cost",
            Measure::CumulativeCost => "compare-cumulative",
        }
    }
}

/// The chart of `measure` for every column, over the months all of them
/// have (the shortest horizon), on one axis: a line a plan (a plan with
/// ranges: its simulated P50 with its bands), and a dot at each tier change.
pub fn chart(c: &Comparison, measure: Measure) -> ChartSpec {
    let months = c
        .columns
        .iter()
        .map(|col| col.forecast.months.len())
        .min()
        .unwrap_or(0);
    let currency = c
        .columns
        .first()
        .map_or_else(|| "USD".to_string(), |col| col.entry.plan.currency.clone());
    let values = |col: &Column| -> Vec<f64> {
        col.forecast.months[..months]
            .iter()
            .map(|m| measure.of(m))
            .collect()
    };
    // A plan with ranges is its simulated fan (P50 line, P10-P90 and P5-P95
    // bands); a plan without, a line.
    let series: Vec<Series> = (c.columns.iter().enumerate())
        .filter(|(_, col)| col.simulation.is_none())
        .map(|(k, col)| Series {
            name: title(&c.columns, k),
            colour: k,
            values: values(col),
        })
        .collect();
    let fans = (c.columns.iter().enumerate())
        .filter_map(|(k, col)| {
            let bands = &col.simulation.as_ref()?.months;
            let pick = |f: fn(&Percentiles) -> f64| -> Vec<f64> {
                bands
                    .iter()
                    .take(months)
                    .map(|b| f(&measure.band(b)))
                    .collect()
            };
            Some(Fan {
                name: title(&c.columns, k),
                colour: k,
                p5: pick(|p| p.p5),
                p10: pick(|p| p.p10),
                p50: pick(|p| p.p50),
                p90: pick(|p| p.p90),
                p95: pick(|p| p.p95),
            })
        })
        .collect();
    let changes = (c.columns.iter().enumerate())
        .filter(|_| measure == Measure::MonthlyCost)
        .map(|(k, col)| {
            let mut dots = vec![f64::NAN; months];
            for e in &col.forecast.events {
                if let (EventKind::TierChange { .. }, Some(d)) =
                    (&e.kind, dots.get_mut(e.month as usize))
                {
                    *d = col.forecast.months[e.month as usize].cost;
                }
            }
            Series {
                name: format!("{}: tier change", title(&c.columns, k)),
                colour: k,
                values: dots,
            }
        })
        .collect();
    let span = if c
        .columns
        .iter()
        .any(|col| col.forecast.months.len() != months)
    {
        format!(
            ", months 0-{} (the shortest horizon)",
            months.saturating_sub(1)
        )
    } else {
        String::new()
    };
    let (title, y_label, unit) = match measure {
        Measure::Users => (format!("Users{span}"), "Users".to_string(), Unit::Users),
        Measure::MonthlyCost => (
            format!("Monthly cost{span}, tier changes marked"),
            format!("{currency} per month"),
            Unit::Money(currency.clone()),
        ),
        Measure::CumulativeCost => (
            format!("Cumulative cost{span}"),
            format!("{currency} to date"),
            Unit::Money(currency.clone()),
        ),
    };
    let starts: Vec<_> = c.columns.iter().map(|col| col.entry.plan.start).collect();
    ChartSpec {
        fans,
        points: changes,
        // Calendar months only when every plan starts in the same one.
        start: starts
            .first()
            .copied()
            .flatten()
            .filter(|s| starts.iter().all(|x| *x == Some(*s))),
        ..ChartSpec::months_chart(title, y_label, unit, series)
    }
}
