//! Plan validation (MODEL.md section 8): every error at once, each with its
//! JSON path and a plain reason. Nothing is computed from an invalid plan.

use super::number::{Dist, Num};
use super::path::{Path, Step};
use super::plan::*;
use std::borrow::Cow;
use std::fmt;

pub const MAX_HORIZON: u32 = 120;
pub const MAX_SCENARIOS: usize = 12;
pub const MAX_METRICS: usize = 64;
pub const MAX_TIERS: usize = 50;
pub const MAX_COMPONENTS: usize = 100;
pub const MAX_USERS: f64 = 1e12;
pub const MAX_TEXT: usize = 200;

/// One thing wrong with a plan, at its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub path: Path,
    pub message: String,
}

impl PlanError {
    pub fn new(path: Path, message: impl Into<String>) -> Self {
        PlanError {
            path,
            message: message.into(),
        }
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.path.is_root() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// The valid values of a numeric input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Domain {
    min: Option<(f64, bool)>, // (bound, inclusive)
    max: Option<(f64, bool)>,
}

impl Domain {
    /// A sized quantity's `max`: an autoscaler that may run no replica
    /// serves nothing (and a range's draws are kept at 1 or more).
    pub fn max_replicas(autoscaled: bool) -> Domain {
        if autoscaled {
            Domain::AT_LEAST_ONE
        } else {
            Domain::NON_NEGATIVE
        }
    }

    pub const ANY: Domain = Domain {
        min: None,
        max: None,
    };
    pub const NON_NEGATIVE: Domain = Domain {
        min: Some((0.0, true)),
        max: None,
    };
    pub const POSITIVE: Domain = Domain {
        min: Some((0.0, false)),
        max: None,
    };
    pub const FRACTION: Domain = Domain {
        min: Some((0.0, true)),
        max: Some((1.0, true)),
    };
    pub const FRACTION_BELOW_ONE: Domain = Domain {
        min: Some((0.0, true)),
        max: Some((1.0, false)),
    };
    pub const AT_LEAST_ONE: Domain = Domain {
        min: Some((1.0, true)),
        max: None,
    };
    pub const UTILIZATION: Domain = Domain {
        min: Some((0.0, false)),
        max: Some((1.0, true)),
    };
    pub const USERS: Domain = Domain {
        min: Some((0.0, true)),
        max: Some((MAX_USERS, true)),
    };
    pub const RATE: Domain = Domain {
        min: Some((-1.0, false)),
        max: None,
    };
    pub const CHURN: Domain = Domain {
        min: Some((0.0, true)),
        max: Some((1.0, false)),
    };

    /// The nearest valid value to `v` (a simulation draw past a bound is
    /// pulled back inside it; an open bound is kept one part in 10^9 away).
    pub fn clamp(&self, v: f64) -> f64 {
        let mut v = v;
        if let Some((b, inclusive)) = self.min {
            let floor = if inclusive {
                b
            } else {
                b + 1e-9 * b.abs().max(1.0)
            };
            v = v.max(floor);
        }
        if let Some((b, inclusive)) = self.max {
            let ceil = if inclusive {
                b
            } else {
                b - 1e-9 * b.abs().max(1.0)
            };
            v = v.min(ceil);
        }
        v
    }

    fn violation(&self, v: f64) -> Option<String> {
        self.violation_shown(v, &show_bound)
    }

    /// [`Domain::violation`] of a fraction typed as a percentage (a growth
    /// rate of -500% reads "must be > -100%, got -500%", not in fractions).
    pub fn percent_violation(&self, v: f64) -> Option<String> {
        self.violation_shown(v, &|x| format!("{}%", show(x * 100.0)))
    }

    fn violation_shown(&self, v: f64, shown: &dyn Fn(f64) -> String) -> Option<String> {
        if !v.is_finite() {
            return Some(format!("must be a finite number, got {}", show(v)));
        }
        let got = shown(v);
        if let Some((b, inclusive)) = self.min {
            if inclusive && v < b {
                return Some(format!("must be >= {}, got {got}", shown(b)));
            }
            if !inclusive && v <= b {
                return Some(format!("must be > {}, got {got}", shown(b)));
            }
        }
        if let Some((b, inclusive)) = self.max {
            if inclusive && v > b {
                return Some(format!("must be <= {}, got {got}", shown(b)));
            }
            if !inclusive && v >= b {
                return Some(format!("must be < {}, got {got}", shown(b)));
            }
        }
        None
    }
}

fn show_bound(b: f64) -> String {
    if b == MAX_USERS {
        "10^12".to_string()
    } else {
        show(b)
    }
}

/// A number as a message echoes it: as Rust writes it for everyday
/// magnitudes (12500, 0.25, -147), in exponent form from 10^15 up and below
/// 10^-6 (1e308, -2.5e-9), where the plain form runs to hundreds of digits.
pub fn show(v: f64) -> String {
    let a = v.abs();
    if v.is_finite() && a != 0.0 && !(1e-6..1e15).contains(&a) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Why a text cannot hold `ch` ([`is_control`]), quoted with its text as
/// `got`: tabs, line breaks and escapes would break a table's columns or
/// drive the terminal that prints it; an override reorders what it shows.
fn hidden_fault(ch: char, got: &str) -> String {
    let what = if is_direction_override(ch) {
        "text-direction overrides (the text around them shows reordered)"
    } else {
        "control characters (tabs, line breaks, escapes)"
    };
    format!("must not hold {what}, got {got}")
}

/// The bidirectional embeddings, overrides and isolates (U+202A-U+202E,
/// U+2066-U+2069): they reorder how the text around them is shown, so a
/// name holding one could show other words than it holds.
fn is_direction_override(ch: char) -> bool {
    matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A character a text must not hold: a control character, Unicode's line
/// and paragraph separators (U+2028, U+2029: line breaks too), or a
/// text-direction override.
pub fn is_control(ch: char) -> bool {
    ch.is_control() || matches!(ch, '\u{2028}' | '\u{2029}') || is_direction_override(ch)
}

/// A share as a percentage, without floating-point noise (0.07 is "7%").
fn percent(share: f64) -> String {
    format!("{}%", show((share * 100.0 * 1e9).round() / 1e9))
}

/// Collects errors while walking the plan. The current path is one reused
/// list of steps, so a valid plan is checked without building strings.
#[derive(Default)]
struct Checker {
    path: Path,
    errors: Vec<PlanError>,
}

impl Checker {
    /// Runs `f` with `step` appended to the path.
    fn down<R>(&mut self, step: Step, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(step);
        let r = f(self);
        self.path.pop();
        r
    }

    /// Runs `f` with field `name` appended to the path.
    fn field<R>(&mut self, name: &'static str, f: impl FnOnce(&mut Self) -> R) -> R {
        self.down(Step::Key(Cow::Borrowed(name)), f)
    }

    /// Runs `f` with map key `key` (a plan's own id) appended to the path.
    fn entry<R>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        self.down(Step::Key(Cow::Owned(key.to_string())), f)
    }

    /// Runs `f` with `[i]` appended to the path.
    fn index<R>(&mut self, i: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        self.down(Step::Index(i), f)
    }

    /// An error at the current path.
    fn err(&mut self, message: impl Into<String>) {
        self.errors.push(PlanError::new(self.path.clone(), message));
    }

    /// An error at field `name` below the current path.
    fn err_at(&mut self, name: &'static str, message: impl Into<String>) {
        let message = message.into();
        self.field(name, |c| c.err(message));
    }

    fn num(&mut self, name: &'static str, n: &Num, domain: Domain) {
        self.field(name, |c| c.num_here(n, domain));
    }

    fn num_here(&mut self, n: &Num, domain: Domain) {
        match *n {
            Num::Fixed(v) => {
                if let Some(m) = domain.violation(v) {
                    self.err(m);
                }
            }
            Num::Range { low, high, dist } => {
                let before = self.errors.len();
                for (end, v) in [("low", low), ("high", high)] {
                    if let Some(m) = domain.violation(v) {
                        self.err_at(end, m);
                    }
                }
                if self.errors.len() == before && low > high {
                    self.err(format!(
                        "low must not be above high, got low {} and high {}",
                        show(low),
                        show(high)
                    ));
                }
                if dist == Dist::Lognormal && low.is_finite() && low <= 0.0 {
                    self.err_at(
                        "low",
                        format!("a lognormal range needs low > 0, got {}", show(low)),
                    );
                }
            }
        }
    }

    fn text(&mut self, name: &'static str, s: &str, required: bool) {
        if required && s.is_empty() {
            self.err_at(name, "must not be empty");
        } else if required && s.trim().is_empty() {
            // Spaces alone look empty in a field: say what is there.
            self.err_at(name, format!("must not be blank, got {s:?}"));
        } else if let Some(ch) = s.chars().find(|&ch| is_control(ch)) {
            self.err_at(name, hidden_fault(ch, &format!("{ch:?} in {s:?}")));
        } else if s.len() > MAX_TEXT && s.chars().count() > MAX_TEXT {
            self.err_at(
                name,
                format!(
                    "must be at most {MAX_TEXT} characters, got {}",
                    s.chars().count()
                ),
            );
        }
    }

    fn id<'a>(&mut self, id: &'a str, seen: &mut Names<'a>, what: &str) {
        self.text("id", id, true);
        if seen.insert(id, ()).is_some() {
            self.err_at("id", format!("duplicate {what} id {id:?}"));
        }
    }

    fn count(&mut self, name: &'static str, n: usize, min: usize, max: usize, what: &str) {
        if n < min {
            self.err_at(name, format!("needs at least {min} {what}"));
        } else if n > max {
            self.err_at(name, format!("at most {max} {what}, got {n}"));
        }
    }
}

/// Every problem with `plan`; empty when the plan can be computed.
pub fn validate(plan: &Plan) -> Vec<PlanError> {
    let mut c = Checker::default();
    check_header(&mut c, plan);
    if let Some(p) = &plan.daily_profile {
        c.field("daily_profile", |c| check_profile(c, p));
    }
    check_scenarios(&mut c, plan);
    let known = check_metrics(&mut c, plan);
    check_tiers(&mut c, plan, &known);
    c.field("policy", |c| check_policy(c, &plan.policy));
    if let Some(p) = &plan.pricing {
        c.field("pricing", |c| check_pricing(c, p));
    }
    c.field("actuals", |c| check_actuals(c, plan, &known));
    c.errors
}

/// The months an actual may name: ten years either side of month 0.
pub const ACTUAL_MONTHS: std::ops::RangeInclusive<i32> = -120..=120;

fn check_actuals(c: &mut Checker, plan: &Plan, known: &Names<'_>) {
    let mut before: Option<i32> = None;
    for (i, a) in plan.actuals.iter().enumerate() {
        c.index(i, |c| {
            if !ACTUAL_MONTHS.contains(&a.month) {
                c.err_at(
                    "month",
                    format!(
                        "must be from {} to {}, got {}",
                        ACTUAL_MONTHS.start(),
                        ACTUAL_MONTHS.end(),
                        a.month
                    ),
                );
            } else if let Some(b) = before.filter(|b| a.month <= *b) {
                c.err_at(
                    "month",
                    format!(
                        "must come after month {b} of the entry before it, got {}",
                        a.month
                    ),
                );
            }
            let value = |c: &mut Checker, v: f64| {
                if !v.is_finite() || v < 0.0 {
                    c.err(format!("must be a finite number >= 0, got {}", show(v)));
                }
            };
            if let Some(u) = a.users {
                c.field("users", |c| {
                    value(c, u);
                    // As for forecast users: past 10^12 no fit's sums hold.
                    if u.is_finite() && u > MAX_USERS {
                        c.err(format!("must be at most 10^12, got {}", show(u)));
                    }
                });
            }
            if let Some(v) = a.cost {
                c.field("cost", |c| value(c, v));
            }
            c.field("metrics", |c| {
                for (id, v) in &a.metrics {
                    c.entry(id, |c| {
                        if !known.contains_key(id.as_str()) || id == USERS {
                            c.err(format!("no driver with id {id:?}"));
                        }
                        value(c, *v)
                    });
                }
            });
            if a.users.is_none() && a.cost.is_none() && a.metrics.is_empty() {
                c.err("gives no figure: add users, cost or a driver's value");
            }
        });
        before = Some(a.month);
    }
}

fn check_header(c: &mut Checker, plan: &Plan) {
    if plan.schema != SCHEMA_VERSION {
        let why = if plan.schema > SCHEMA_VERSION {
            format!("this plan needs a newer Headroom (schema {}); this version reads schema {SCHEMA_VERSION}", plan.schema)
        } else {
            format!(
                "unknown schema {}; this version reads schema {SCHEMA_VERSION}",
                plan.schema
            )
        };
        c.err_at("schema", why);
    }
    c.text("name", &plan.name, true);
    let description = plan.description.as_deref().unwrap_or_default();
    if description.chars().count() > 4000 {
        c.err_at("description", "must be at most 4000 characters");
    }
    // Lines and tabs are a description's own; other control characters
    // (escapes) would drive the terminal that prints it.
    let control =
        |ch: &char| is_control(*ch) && !matches!(ch, '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}');
    if let Some(ch) = description.chars().find(control) {
        c.err_at(
            "description",
            if is_direction_override(ch) {
                hidden_fault(ch, &format!("{ch:?}"))
            } else {
                format!(
                    "must not hold control characters other than line breaks and tabs, got {ch:?}"
                )
            },
        );
    }
    c.text("currency", &plan.currency, true);
    if plan.horizon_months < 1 || plan.horizon_months > MAX_HORIZON {
        c.err_at(
            "horizon_months",
            format!(
                "must be from 1 to {MAX_HORIZON}, got {}",
                plan.horizon_months
            ),
        );
    }
    c.num("initial_users", &plan.initial_users, Domain::USERS);
}

fn check_scenarios(c: &mut Checker, plan: &Plan) {
    c.count(
        "scenarios",
        plan.scenarios.len(),
        1,
        MAX_SCENARIOS,
        "scenarios",
    );
    let mut seen = Names::default();
    c.field("scenarios", |c| {
        for (i, s) in plan.scenarios.iter().enumerate() {
            c.index(i, |c| {
                c.id(&s.id, &mut seen, "scenario");
                if s.id == "all" {
                    // The command line's `--scenario all` means every one.
                    c.err_at(
                        "id",
                        "\"all\" stands for every scenario (`--scenario all`); choose another id",
                    );
                }
                c.text("label", &s.label, false);
                c.field("growth", |c| check_growth(c, &s.growth, plan));
            });
        }
    });
}

fn check_growth(c: &mut Checker, g: &Growth, plan: &Plan) {
    match g {
        Growth::Compound { segments, churn } => check_compound(c, segments, churn),
        Growth::Table { points } => check_table(c, points),
        Growth::Logistic { rate, capacity } => {
            c.num("rate", rate, Domain::POSITIVE);
            c.num("capacity", capacity, Domain::USERS);
            let u0 = plan.initial_users.ends();
            if u0[0] <= 0.0 {
                c.err_at("capacity", "logistic growth needs initial users above 0");
            }
            let k_low = capacity.ends()[0];
            if k_low.is_finite() && u0[1].is_finite() && k_low <= u0[1] && u0[0] > 0.0 {
                c.err_at(
                    "capacity",
                    format!(
                        "must be above initial users ({}), got {}",
                        show(u0[1]),
                        show(k_low)
                    ),
                );
            }
        }
    }
}

fn check_compound(c: &mut Checker, segments: &[Segment], churn: &Num) {
    c.num("churn", churn, Domain::CHURN);
    let churn_high = churn.ends()[1];
    let mut prev_to: Option<u32> = None;
    c.field("segments", |c| {
        for (j, s) in segments.iter().enumerate() {
            c.index(j, |c| {
                if s.from < 1 {
                    c.err_at("from", "must be >= 1 (month 0 is now)");
                }
                match s.to {
                    Some(to) if to < s.from => {
                        c.err_at("to", format!("must be >= from ({}), got {to}", s.from))
                    }
                    None if j + 1 < segments.len() => {
                        c.err_at("to", "only the last segment may omit `to`")
                    }
                    _ => {}
                }
                if let Some(pt) = prev_to {
                    if s.from <= pt {
                        c.err_at(
                            "from",
                            format!("overlaps the previous segment, which runs to month {pt}"),
                        );
                    }
                }
                prev_to = s.to;
                c.num("rate", &s.rate, Domain::RATE);
                let rate_low = s.rate.ends()[0];
                if rate_low.is_finite() && churn_high.is_finite() && rate_low - churn_high <= -1.0 {
                    c.err_at(
                        "rate",
                        format!(
                            "rate - churn must be > -1, got {} - {}",
                            show(rate_low),
                            show(churn_high)
                        ),
                    );
                }
            });
        }
    });
}

fn check_table(c: &mut Checker, points: &[Point]) {
    c.field("points", |c| {
        if points.is_empty() {
            c.err("needs at least 1 point");
        }
        let mut prev: Option<u32> = None;
        for (j, Point(month, users)) in points.iter().enumerate() {
            c.index(j, |c| {
                if *month < 1 {
                    c.index(0, |c| {
                        c.err("months must be >= 1 (month 0 is the plan's initial users)")
                    });
                }
                if let Some(pm) = prev.filter(|pm| month <= pm) {
                    c.index(0, |c| {
                        c.err(format!(
                            "months must increase strictly, got {month} after {pm}"
                        ))
                    });
                }
                prev = Some(*month);
                c.index(1, |c| c.num_here(users, Domain::USERS));
            });
        }
    });
}

/// Names seen so far (a sorted list: a hash set type is a copy of its
/// code of its own in the wasm).
type Names<'a> = crate::order::Sorted<&'a str, ()>;

/// Checks metrics; returns the ids a limit or quantity may name.
fn check_metrics<'a>(c: &mut Checker, plan: &'a Plan) -> Names<'a> {
    c.count("metrics", plan.metrics.len(), 0, MAX_METRICS, "metrics");
    let mut seen = Names::default();
    c.field("metrics", |c| {
        for (i, m) in plan.metrics.iter().enumerate() {
            c.index(i, |c| {
                check_metric_id(c, &m.id, &mut seen);
                // An actuals paste reads a driver's column in any case.
                let twin = (plan.metrics[..i].iter())
                    .find(|o| o.id != m.id && o.id.eq_ignore_ascii_case(&m.id));
                if let Some(o) = twin {
                    let why = format!("metric id {:?} differs from {:?} only in case", m.id, o.id);
                    c.err_at("id", why);
                }
                c.text("label", &m.label, false);
                c.text("unit", &m.unit, false);
                c.num("factor", &m.factor, Domain::ANY);
                c.num("base", &m.base, Domain::ANY);
                if m.from != USERS && !plan.metrics.iter().any(|o| o.id == m.from) {
                    c.err_at(
                        "from",
                        format!("unknown metric {:?} (use \"users\" or a metric id)", m.from),
                    );
                }
            });
        }
        for i in metric_cycles(&plan.metrics) {
            c.index(i, |c| {
                c.err_at(
                    "from",
                    format!(
                        "metric {:?} depends on itself through `from`",
                        plan.metrics[i].id
                    ),
                )
            });
        }
    });
    seen.insert(USERS, ());
    seen
}

/// The forecast CSV's columns of each month after the drivers' (the
/// formats write them from here, so the ids they reserve cannot drift).
pub const MONTH_COLUMNS: [&str; 7] = [
    "tier",
    "bottleneck",
    "bottleneck_utilization",
    "over_capacity",
    "cost",
    "cumulative_cost",
    "cost_per_user",
];

/// And those of a plan with a commitment.
pub const COMMITMENT_COLUMNS: [&str; 4] = [
    "commitment_demand",
    "committed",
    "on_demand",
    "unused_commitment",
];

/// Names the outputs give their own columns and keys beside the drivers'
/// (the forecast's CSV, an actual's figures, an actuals paste's header,
/// which reads any case): a driver of such an id would be mistaken for
/// them. `users` has a message of its own.
fn reserved(lower: &str) -> bool {
    let leading = ["scenario", "month", "date", "period"];
    (leading
        .iter()
        .chain(&MONTH_COLUMNS)
        .chain(&COMMITMENT_COLUMNS))
    .any(|&n| n == lower)
}

/// A metric id is a map key in limits and actuals, a CSV column and a step
/// of a plan path: a name, unique, and none the outputs already use.
fn check_metric_id<'a>(c: &mut Checker, id: &'a str, seen: &mut Names<'a>) {
    c.id(id, seen, "metric");
    // A blank id is told as empty, and a control character as such, by `id`.
    if id.trim().is_empty() || id.contains(is_control) {
        return;
    }
    if let Some(why) = metric_id_fault(id) {
        c.err_at("id", why);
    }
}

/// Why `id` cannot name a metric, if it cannot: a character outside
/// letters, digits, `_` and `-`, or a name the outputs use (blank and
/// duplicate ids are told apart).
pub fn metric_id_fault(id: &str) -> Option<String> {
    let lower = id.to_ascii_lowercase();
    if !id.chars().all(crate::path::is_name_char) {
        Some(format!(
            "a metric id holds only letters, digits, '_' and '-', got {id:?}"
        ))
    } else if lower == USERS {
        Some("\"users\" is reserved for the plan's user count".into())
    } else if reserved(&lower) {
        Some(format!(
            "{id:?} is reserved: the forecast's outputs have a {lower:?} column of their own"
        ))
    } else {
        None
    }
}

/// One metric index per `from` cycle (the cycle's first metric).
fn metric_cycles(metrics: &[Metric]) -> Vec<usize> {
    // Each id's last metric.
    let mut index = crate::order::Sorted::default();
    for (i, m) in metrics.iter().enumerate() {
        index.insert(m.id.as_str(), i);
    }
    // `from: "users"` is the user count, even beside a metric (wrongly) named so.
    let next = |i: usize| {
        let from = metrics[i].from.as_str();
        (from != USERS).then(|| index.get(from).copied()).flatten()
    };
    let mut firsts = Vec::new();
    for start in 0..metrics.len() {
        // Walk the chain from `start`: it is on a cycle if the walk comes back.
        let mut members = vec![start];
        let mut at = start;
        while let Some(n) = next(at) {
            if n == start {
                if members.iter().min() == Some(&start) {
                    firsts.push(start);
                }
                break;
            }
            if members.contains(&n) {
                break; // a cycle that does not pass through `start`
            }
            members.push(n);
            at = n;
        }
    }
    firsts
}

fn check_tiers(c: &mut Checker, plan: &Plan, known: &Names<'_>) {
    c.count("tiers", plan.tiers.len(), 1, MAX_TIERS, "tiers");
    let mut seen = Names::default();
    c.field("tiers", |c| {
        for (i, t) in plan.tiers.iter().enumerate() {
            c.index(i, |c| {
                c.id(&t.id, &mut seen, "tier");
                c.text("label", &t.label, false);
                // Notes are printed as they are.
                let hidden = (t.targets.iter()).find_map(|(k, v)| {
                    Some((k.chars().chain(v.chars()).find(|&ch| is_control(ch))?, k, v))
                });
                if let Some((ch, k, v)) = hidden {
                    c.err_at("targets", hidden_fault(ch, &format!("{k:?}: {v:?}")));
                }
                c.field("limits", |c| {
                    for (key, limit) in &t.limits {
                        c.entry(key, |c| {
                            if !known.contains_key(key.as_str()) {
                                c.err(format!(
                                    "unknown metric {key:?} (use \"users\" or a metric id)"
                                ));
                            }
                            c.num_here(limit, Domain::POSITIVE);
                        });
                    }
                });
                c.count(
                    "components",
                    t.components.len(),
                    0,
                    MAX_COMPONENTS,
                    "components",
                );
                c.field("components", |c| {
                    for (j, comp) in t.components.iter().enumerate() {
                        c.index(j, |c| check_component(c, comp, known));
                    }
                });
            });
        }
    });
}

fn check_component(c: &mut Checker, comp: &Component, known: &Names<'_>) {
    c.text("name", &comp.name, true);
    c.text("unit", &comp.unit, false);
    c.num("unit_cost", &comp.unit_cost, Domain::NON_NEGATIVE);
    let metric_known = |c: &mut Checker, metric: &str| {
        if !known.contains_key(metric) {
            c.err_at(
                "metric",
                format!("unknown metric {metric:?} (use \"users\" or a metric id)"),
            );
        }
    };
    c.field("quantity", |c| match &comp.quantity {
        Quantity::Fixed(n) => c.num_here(n, Domain::NON_NEGATIVE),
        Quantity::Usage { metric, factor } => {
            metric_known(c, metric);
            c.num("factor", factor, Domain::NON_NEGATIVE);
        }
        Quantity::Sized {
            metric,
            per,
            min,
            max,
            autoscale,
        } => {
            if let Some(a) = autoscale {
                c.field("autoscale", |c| check_autoscale(c, a));
            }
            metric_known(c, metric);
            c.num("per", per, Domain::POSITIVE);
            if let Some(min) = min {
                c.num("min", min, Domain::NON_NEGATIVE);
            }
            if let Some(max) = max {
                c.num("max", max, Domain::max_replicas(autoscale.is_some()));
            }
            if let (Some(min), Some(max)) = (min, max) {
                let (least, most) = (min.median(), max.median());
                // Autoscaled replicas are whole: min rounds up, max down.
                let (whole_least, whole_most) = (crate::cost::ceil_tolerant(least), most.floor());
                if least > most {
                    c.err_at(
                        "max",
                        format!("must be >= min ({}), got {}", show(least), show(most)),
                    );
                } else if autoscale.is_some() && whole_most < whole_least {
                    c.err_at(
                        "max",
                        format!(
                            "must leave a whole number of replicas from min: min {} rounds up to {}, max {} down to {}",
                            show(least),
                            show(whole_least),
                            show(most),
                            show(whole_most)
                        ),
                    );
                }
            }
        }
    });
}

/// The most minutes any autoscaling duration may take: one day.
pub const MAX_SCALE_MINUTES: u32 = 1440;

fn check_profile(c: &mut Checker, p: &[f64]) {
    if p.len() != 24 {
        c.err(format!(
            "must have 24 hourly values (hour 0 UTC first), got {}",
            p.len()
        ));
        return;
    }
    for (h, v) in p.iter().enumerate() {
        if !v.is_finite() || *v < 0.0 {
            c.index(h, |c| {
                c.err(format!("must be a finite number >= 0, got {}", show(*v)))
            });
        }
    }
    if p.iter().all(|v| *v == 0.0) {
        c.err("must not be all 0: give the busiest hour 1 and the others relative to it");
    }
}

fn check_autoscale(c: &mut Checker, a: &Autoscale) {
    c.num("target", &a.target, Domain::UTILIZATION);
    let minutes = |c: &mut Checker, name: &'static str, v: u32, least: u32| {
        if v < least || v > MAX_SCALE_MINUTES {
            c.err_at(
                name,
                format!("must be a whole number from {least} to {MAX_SCALE_MINUTES}, got {v}"),
            );
        }
    };
    minutes(c, "scale_down_window", a.scale_down_window, 0);
    minutes(c, "warmup", a.warmup, 0);
    minutes(c, "pre_scale", a.pre_scale, 0);
    c.field("up", |c| {
        c.num("at", &Num::Fixed(a.up.at), Domain::UTILIZATION);
        minutes(c, "for", a.up.minutes, 1);
        minutes(c, "cooldown", a.up.cooldown, 0);
        if a.up.add < 1 {
            c.err_at("add", "must be a whole number from 1 up, got 0");
        }
    });
    c.field("down", |c| {
        c.num("at", &Num::Fixed(a.down.at), Domain::UTILIZATION);
        minutes(c, "for", a.down.minutes, 1);
        minutes(c, "cooldown", a.down.cooldown, 0);
        if a.down.remove < 1 {
            c.err_at("remove", "must be a whole number from 1 up, got 0");
        }
        if a.down.at >= a.up.at {
            c.err_at(
                "at",
                // In percent, as the app's fields take thresholds.
                format!(
                    "must be below the scale-up threshold (up.at, {}), got {}",
                    percent(a.up.at),
                    percent(a.down.at)
                ),
            );
        }
    });
    c.field("hold", |c| {
        let mut seen: Vec<[u32; 2]> = Vec::new();
        for (i, &[from, to]) in a.hold.iter().enumerate() {
            c.index(i, |c| {
                if from >= to || to > 24 {
                    c.err(format!("must be whole hours [from, to) with 0 <= from < to <= 24 (a range over midnight is written as two), got [{from}, {to}]"));
                } else if let Some(other) = seen.iter().find(|o| from < o[1] && o[0] < to) {
                    c.err(format!("overlaps the range [{}, {}]", other[0], other[1]));
                } else {
                    seen.push([from, to]);
                }
            });
        }
    });
}

fn check_policy(c: &mut Checker, p: &Policy) {
    c.num(
        "target_utilization",
        &p.target_utilization,
        Domain::UTILIZATION,
    );
    c.num("warn_utilization", &p.warn_utilization, Domain::UTILIZATION);
    let (warn, target) = (p.warn_utilization.ends()[1], p.target_utilization.ends()[0]);
    if warn.is_finite() && target.is_finite() && warn > target {
        c.err_at(
            "warn_utilization",
            format!(
                "must not be above target_utilization ({}), got {}",
                show(target),
                show(warn)
            ),
        );
    }
    c.num("cost_jump", &p.cost_jump, Domain::NON_NEGATIVE);
    if let Some(b) = &p.monthly_budget {
        c.num("monthly_budget", b, Domain::NON_NEGATIVE);
    }
}

fn check_pricing(c: &mut Checker, pricing: &Pricing) {
    for (name, program) in [("reserved", &pricing.reserved), ("spot", &pricing.spot)] {
        if let Some(d) = program {
            c.field(name, |c| {
                c.num("coverage", &d.coverage, Domain::FRACTION);
                c.num("discount", &d.discount, Domain::FRACTION);
            });
        }
    }
    if let Some(k) = &pricing.commitment {
        c.field("commitment", |c| check_commitment(c, k, pricing));
    }
    if let (Some(r), Some(s)) = (&pricing.reserved, &pricing.spot) {
        for (k, cat) in s.categories.iter().enumerate() {
            if r.categories.contains(cat) {
                let why = format!("\"{cat}\" is also listed under pricing.reserved; a category may have one discount program");
                c.field("spot", |c| {
                    c.field("categories", |c| c.index(k, |c| c.err(why)))
                });
            }
        }
    }
}

fn check_commitment(c: &mut Checker, k: &Commitment, pricing: &Pricing) {
    if let Some(m) = Domain::NON_NEGATIVE.violation(k.amount) {
        c.err_at("amount", m);
    }
    // Paid at (1 - discount): a 100% discount is no commitment, and every
    // amount would be as good as the best.
    c.num("discount", &k.discount, Domain::FRACTION_BELOW_ONE);
    for (name, v) in [
        ("term_months", k.term_months),
        ("start_month", k.start_month),
    ] {
        if !(1..=MAX_HORIZON).contains(&v) {
            c.err_at(name, format!("must be from 1 to {MAX_HORIZON}, got {v}"));
        }
    }
    c.field("categories", |c| {
        if k.categories.is_empty() {
            c.err("list at least one category: a commitment covers the spend of its categories");
        }
        for (i, cat) in k.categories.iter().enumerate() {
            for (name, program) in [("reserved", &pricing.reserved), ("spot", &pricing.spot)] {
                let Some(j) = program.as_ref().and_then(|d| d.categories.iter().position(|x| x == cat)) else {
                    continue;
                };
                let why = format!("\"{cat}\" is also listed at pricing.{name}.categories[{j}]; a category may have one discount program");
                c.index(i, |c| c.err(why));
            }
        }
    });
}
