//! The Commitment panel's contents (MODEL.md section 12): the run that
//! collects the paths' demand a few ms at a time (the clock passed in),
//! the recommendation's cards, the curve of cost against the amount, and
//! the edit "Use this amount".

use super::chart::{ChartSpec, Fan, Plot, Series, Unit};
use crate::engine::commitment::{paths_for, terms_within, Demand, Optimiser, Optimum};
use crate::engine::simulate::Simulator;
use crate::engine::{Category, Commitment, Num, Plan, PlanError};
use crate::formats::numbers::{money, percent};

/// The terms the panel offers, and whether the horizon holds each.
pub fn terms(plan: &Plan) -> Vec<(u32, bool)> {
    let within = terms_within(plan);
    crate::engine::commitment::TERMS
        .into_iter()
        .map(|t| (t, within.contains(&t)))
        .collect()
}

/// The term shown first: the plan's own when it is offered and the
/// horizon holds it, else the first the horizon holds (else 12, which the
/// optimiser then refuses with why).
pub fn first_term(plan: &Plan) -> u32 {
    let own = commitment(plan).map(|c| c.term_months);
    let offered = terms(plan);
    let fits = |t: u32| offered.iter().any(|&(x, ok)| x == t && ok);
    own.filter(|&t| fits(t))
        .or_else(|| offered.iter().find(|(_, ok)| *ok).map(|(t, _)| *t))
        .unwrap_or(12)
}

pub use crate::engine::commitment::commitment_of as commitment;

/// Why the panel shows another term than the plan's own, if it does.
pub fn term_note(plan: &Plan, shown: u32) -> Option<String> {
    let own = commitment(plan)?;
    (own.term_months != shown).then(|| {
        let end = own.start_month + own.term_months - 1;
        if end > plan.horizon_months {
            format!(
                "This plan's {}-month term runs past its {}-month horizon (to month {end}), so its cost is not all in the figures; shown: the {shown}-month term.",
                own.term_months, plan.horizon_months
            )
        } else {
            format!("Shown: the {shown}-month term; this plan's own is {} months. \"Use this amount\" sets both.", own.term_months)
        }
    })
}

/// Why no amount can be chosen, as the panel says it: a sentence (the
/// engine's words begin in lower case, to follow "cannot choose a
/// commitment:" on the command line).
pub fn problem(why: &str) -> String {
    let mut chars = why.trim().chars();
    let Some(first) = chars.next() else {
        return "No amount can be chosen.".into();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// The optimiser's answers for one plan: the chosen term's, and each
/// offered term's best (to compare).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Choice {
    pub chosen: Optimum,
    pub terms: Vec<Optimum>,
}

/// Collects the demand of the optimiser's paths in slices, then chooses:
/// the chosen term first, then each other term the horizon holds, each a
/// few [`Optimiser`] steps at a time (a step is a few ms for 100,000 paths).
pub struct Choosing {
    sim: Simulator,
    term: u32,
    /// The plan's own amount, drawn on the curve.
    current: f64,
    /// The demand, between one term's optimiser and the next.
    demand: Option<Demand>,
    running: Option<Optimiser<Demand>>,
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
        let within = terms_within(plan);
        Ok(Choosing {
            sim,
            term,
            current,
            demand: None,
            running: None,
            chosen: None,
            left: within.into_iter().rev().filter(|&t| t != term).collect(),
            terms: Vec::new(),
            work: 0.0,
        })
    }

    pub fn progress(&self) -> (usize, usize) {
        self.sim.progress()
    }

    /// Runs for about `budget` ms (`now` reads the clock): paths, then the
    /// optimiser's steps. Once all are done: Some(the answer, or why there
    /// is none).
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
        let mut answer = None;
        while self.sim.finished() && answer.is_none() && now() - began < budget {
            answer = self.choose_step().transpose();
        }
        self.work += now() - began;
        answer
    }

    /// One optimiser step, or the start of the next term's; Some(answer)
    /// once every term is done.
    fn choose_step(&mut self) -> Result<Option<Choice>, String> {
        if let Some(o) = &mut self.running {
            if o.step() {
                let (optimum, demand) = self.running.take().ok_or("no optimiser")?.finish();
                self.demand = Some(demand);
                match &self.chosen {
                    None => self.chosen = Some(optimum),
                    Some(_) => self.terms.push(optimum),
                }
            }
            return Ok(None);
        }
        let demand = match self.demand.take() {
            Some(d) => d,
            None => {
                let d = self.sim.take_demand().ok_or("the plan has no commitment")?;
                if d.paths() == 0 {
                    return Err("every path overflowed: no amount can be chosen".into());
                }
                d
            }
        };
        if self.chosen.is_none() {
            self.running = Some(Optimiser::new(demand, self.term, &[self.current])?);
            return Ok(None);
        }
        if let Some(t) = self.left.pop() {
            self.running = Some(Optimiser::new(demand, t, &[])?);
            return Ok(None);
        }
        let chosen = self.chosen.take().ok_or("no choice")?;
        let mut terms = std::mem::take(&mut self.terms);
        terms.push(chosen.clone());
        crate::engine::order::sort_by_key(&mut terms, |o| o.term_months);
        Ok(Some(Choice { chosen, terms }))
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

/// Whether the plan already commits what "Use this amount" would set (the
/// button then says so instead of offering an edit that changes nothing).
pub fn in_use(plan: &Plan, o: &Optimum) -> bool {
    let mut used = plan.clone();
    use_amount(&mut used, o);
    used == *plan
}

/// What the button of "Use this amount" says: that the amount is in use,
/// or the term it also sets when that is not the plan's.
pub fn use_label(plan: &Plan, o: &Optimum) -> String {
    let term = (plan.pricing.as_ref().and_then(|p| p.commitment.as_ref())).map(|k| k.term_months);
    if in_use(plan, o) {
        "This amount is in use".into()
    } else if term.is_some_and(|t| t != o.term_months) {
        format!("Use this amount for {} months", o.term_months)
    } else {
        "Use this amount".into()
    }
}

/// The edit "Add a commitment": a starting commitment
/// ([`Commitment::starting`]). A reserved or spot program at 0% coverage
/// saves nothing, so it gives up compute, database and cache to the
/// commitment rather than keep them from it (the three-tier preset's does).
pub fn add(plan: &mut Plan) {
    let pricing = plan.pricing.get_or_insert_with(Default::default);
    let usual = [Category::Compute, Category::Database, Category::Cache];
    for program in [&mut pricing.reserved, &mut pricing.spot]
        .into_iter()
        .flatten()
    {
        if program.coverage == Num::Fixed(0.0) {
            program.categories.retain(|c| !usual.contains(c));
        }
    }
    pricing.commitment = Some(Commitment::starting(Some(pricing)));
}
