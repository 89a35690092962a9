//! The Commitment panel's contents (MODEL.md section 12): the run that
//! collects the paths' demand a few ms at a time (the clock passed in),
//! the recommendation's cards, the curve of cost against the amount, and
//! the edit "Use this amount".

use super::chart::{ChartSpec, Fan, Plot, Series, Unit};
use crate::engine::commitment::{optimise_with, paths_for, terms_within, Demand, Optimum};
use crate::engine::simulate::Simulator;
use crate::engine::{Commitment, Plan, PlanError};
use crate::formats::numbers::{money, percent};

/// The terms the panel offers, and whether the horizon holds each.
pub fn terms(plan: &Plan) -> Vec<(u32, bool)> {
    let within = terms_within(plan);
    crate::engine::commitment::TERMS
        .into_iter()
        .map(|t| (t, within.contains(&t)))
        .collect()
}

/// The term shown first: the plan's own when it is one of the offered
/// terms, else the first the horizon holds.
pub fn first_term(plan: &Plan) -> u32 {
    let own = commitment(plan).map(|c| c.term_months);
    let offered = terms(plan);
    own.filter(|t| offered.iter().any(|(x, _)| x == t))
        .or_else(|| offered.iter().find(|(_, ok)| *ok).map(|(t, _)| *t))
        .unwrap_or(12)
}

pub fn commitment(plan: &Plan) -> Option<&Commitment> {
    plan.pricing.as_ref()?.commitment.as_ref()
}

/// The optimiser's answers for one plan: the chosen term's, and each
/// offered term's best (to compare).
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub chosen: Optimum,
    pub terms: Vec<Optimum>,
}

/// Collects the demand of the optimiser's paths in slices, then chooses:
/// the chosen term first, then each other term the horizon holds, one
/// term a slice (each takes a few tens of ms for 10,000 paths).
pub struct Choosing {
    sim: Simulator,
    term: u32,
    /// The plan's own amount, drawn on the curve.
    current: f64,
    demand: Option<Demand>,
    chosen: Option<Optimum>,
    /// Terms still to compare, and those done.
    left: Vec<u32>,
    terms: Vec<Optimum>,
    pub work: f64,
}

impl Choosing {
    /// The run for `plan`'s scenario `s` with `samples` paths (one for a
    /// plan without ranges), seeded as its simulation, for `term`.
    pub fn new(
        plan: &Plan,
        s: usize,
        samples: usize,
        term: u32,
    ) -> Result<Choosing, Vec<PlanError>> {
        let current = commitment(plan)
            .ok_or_else(|| vec![crate::engine::commitment::missing()])?
            .amount;
        let mut sim = Simulator::new(plan, &[s], paths_for(plan, samples), None)?;
        sim.keep_only_demand();
        Ok(Choosing {
            sim,
            term,
            current,
            demand: None,
            chosen: None,
            left: crate::engine::commitment::TERMS.into_iter().rev().collect(),
            terms: Vec::new(),
            work: 0.0,
        })
    }

    pub fn progress(&self) -> (usize, usize) {
        self.sim.progress()
    }

    /// Runs paths for about `budget` ms (`now` reads the clock), then one
    /// term's choice a slice; once all are made: Some(the answer, or why
    /// there is none).
    pub fn slice(&mut self, now: &dyn Fn() -> f64, budget: f64) -> Option<Result<Choice, String>> {
        let began = now();
        let mut batch = 16;
        while !self.sim.finished() && now() - began < budget {
            let t = now();
            self.sim.run(batch);
            // About a millisecond a batch, whatever a path costs.
            let took = (now() - t).max(0.01);
            batch = ((batch as f64 / took) as usize).clamp(1, 2_000);
        }
        let answer = if self.sim.finished() && now() - began < budget {
            self.choose_one().transpose()
        } else {
            None
        };
        self.work += now() - began;
        answer
    }

    /// The next choice; Some(answer) when none is left.
    fn choose_one(&mut self) -> Result<Option<Choice>, String> {
        if self.demand.is_none() {
            let d = self.sim.take_demand().ok_or("the plan has no commitment")?;
            if d.paths() == 0 {
                return Err("every path overflowed: no amount can be chosen".into());
            }
            self.demand = Some(d);
        }
        let demand = self.demand.as_ref().ok_or("no paths")?;
        let Some(chosen) = &self.chosen else {
            self.chosen = Some(optimise_with(demand, self.term, &[self.current])?);
            return Ok(None);
        };
        // The chosen term's best is already known; a term the horizon
        // cuts short is not compared.
        while let Some(t) = self.left.pop() {
            if t as usize > demand.len {
                continue;
            }
            if t == self.term {
                self.terms.push(chosen.clone());
                continue;
            }
            self.terms.push(optimise_with(demand, t, &[])?);
            return Ok(None);
        }
        Ok(Some(Choice {
            chosen: self.chosen.take().ok_or("no choice")?,
            terms: std::mem::take(&mut self.terms),
        }))
    }
}

/// The recommendation's cards: the best amount, its saving, the chance of
/// unused commitment, the break-even utilization, the plan's own amount,
/// and the other term.
pub fn cards(plan: &Plan, c: &Choice) -> Vec<super::cards::Card> {
    let (o, cur) = (&c.chosen, plan.currency.as_str());
    let b = &o.best;
    let average = if o.samples > 1 {
        "on average"
    } else {
        "on its one path"
    };
    let mut out = vec![
        (
            "Best amount".to_string(),
            money(b.amount, cur),
            format!("a month, for {}", months_of(o)),
        ),
        (
            "Saving".to_string(),
            money(b.saving, cur),
            format!("{} of the total, {average}", percent(b.saving_share)),
        ),
        (
            "Unused in a month".to_string(),
            percent(b.unused_chance),
            "chance some commitment goes unused".into(),
        ),
        (
            "Break-even utilization".to_string(),
            percent(b.break_even_utilization),
            format!(
                "of the amount must be used to pay (discount {})",
                percent(o.discount)
            ),
        ),
    ];
    if let Some(now) = commitment(plan).and_then(|k| o.curve.iter().find(|p| p.amount == k.amount))
    {
        let more = now.mean_total - b.mean_total;
        let detail = if more.abs() < 0.005 {
            "the best amount".to_string()
        } else {
            format!("{} more than the best, {average}", money(more, cur))
        };
        out.push((
            "This plan's amount".into(),
            money(now.amount, cur),
            format!("a month: {detail}"),
        ));
    }
    for t in c.terms.iter().filter(|t| t.term_months != o.term_months) {
        out.push((
            format!("With a {}-month term", t.term_months),
            format!("saves {}", money(t.best.saving, cur)),
            format!("committing {} a month", money(t.best.amount, cur)),
        ));
    }
    out
}

/// "12 months", or "12 months (9 within the horizon)" for a term cut short.
fn months_of(o: &Optimum) -> String {
    if o.months == o.term_months as usize {
        format!("{} months", o.months)
    } else {
        format!("{} months ({} within the horizon)", o.term_months, o.months)
    }
}

/// The curve of the mean total cost against the amount, with its P10-P90
/// band, the best amount and the plan's own marked.
pub fn curve_spec(plan: &Plan, c: &Choice) -> ChartSpec {
    let o = &c.chosen;
    let cur = plan.currency.as_str();
    let column = |f: fn(&crate::engine::commitment::CurvePoint) -> f64| {
        o.curve.iter().map(f).collect::<Vec<f64>>()
    };
    let (p10, p90) = (column(|p| p.p10_total), column(|p| p.p90_total));
    let mut markers = vec![(format!("best {}", money(o.best.amount, cur)), o.best.amount)];
    if let Some(k) = commitment(plan).filter(|k| k.amount != o.best.amount) {
        markers.push((format!("this plan {}", money(k.amount, cur)), k.amount));
    }
    ChartSpec {
        fans: vec![Fan {
            name: "Total cost".into(),
            colour: 0,
            p5: p10.clone(),
            p10,
            p50: column(|p| p.mean_total),
            p90: p90.clone(),
            p95: p90,
        }],
        series: Vec::new(),
        plot: Plot::Curve {
            amounts: column(|p| p.amount),
            markers,
        },
        ..ChartSpec::months_chart(
            format!(
                "Total cost over the horizon against the amount committed for {} months",
                o.term_months
            ),
            format!("{cur} over the horizon"),
            Unit::Money(cur.to_string()),
            Vec::<Series>::new(),
        )
    }
}

/// The edit "Use this amount": the plan commits the best amount (to the
/// cent) for the chosen term.
pub fn use_amount(plan: &mut Plan, o: &Optimum) {
    if let Some(k) = plan.pricing.as_mut().and_then(|p| p.commitment.as_mut()) {
        k.amount = (o.best.amount * 100.0).round() / 100.0;
        k.term_months = o.term_months;
    }
}

/// The edit "Add a commitment": a starting commitment
/// ([`Commitment::starting`]).
pub fn add(plan: &mut Plan) {
    let start = Commitment::starting(plan.pricing.as_ref());
    plan.pricing.get_or_insert_with(Default::default).commitment = Some(start);
}
