//! The plan: what a planner edits (MODEL.md sections 0-5). Field names are
//! the JSON names of a plan file; unknown fields are rejected on decode.

use super::number::Num;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The plan-file schema this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The id that names the plan's user count wherever a metric id may stand.
pub const USERS: &str = "users";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub schema: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default = "default_horizon")]
    pub horizon_months: u32,
    pub initial_users: Num,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// The load in each hour of the day (UTC) relative to the busiest hour:
    /// 24 numbers (MODEL.md section 10). Without it, load is flat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_profile: Option<Vec<f64>>,
    #[serde(default = "default_scenarios")]
    pub scenarios: Vec<Scenario>,
    #[serde(default)]
    pub metrics: Vec<Metric>,
    pub tiers: Vec<Tier>,
    #[serde(default)]
    pub policy: Policy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<Pricing>,
    /// The calendar month of month 0 (MODEL.md section 0), to show months
    /// as dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<super::calendar::CalendarMonth>,
    /// What really happened (MODEL.md section 11), by month.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actuals: Vec<Actual>,
}

/// One month's observed figures: negative months are history before month
/// 0, month 0 and later what happened since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actual {
    pub month: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// Observed values of drivers, by metric id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metrics: BTreeMap<String, f64>,
}

impl Plan {
    /// The name to show: the plan's name, or "Untitled plan" while it is
    /// blank (an error to fix, but a plan being edited may have it, and
    /// is saved with it so that nothing is lost).
    pub fn title(&self) -> &str {
        if self.name.trim().is_empty() {
            "Untitled plan"
        } else {
            &self.name
        }
    }

    /// Scenario `scenario` (by index) exists; else the error every entry
    /// point that takes a scenario number gives.
    pub fn check_scenario(&self, scenario: usize) -> Result<(), Vec<crate::PlanError>> {
        if scenario < self.scenarios.len() {
            return Ok(());
        }
        Err(vec![crate::PlanError::new(
            crate::Path::field("scenarios"),
            format!("no scenario number {scenario}"),
        )])
    }

    /// The id (`users` or a metric id) of limit `limit` of tier `tier`.
    pub fn limit_key(&self, tier: usize, limit: usize) -> Option<String> {
        self.tiers.get(tier)?.limits.keys().nth(limit).cloned()
    }
}

fn default_currency() -> String {
    "USD".to_string()
}
fn default_horizon() -> u32 {
    24
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub label: String,
    pub growth: Growth,
}

/// How users grow month to month (MODEL.md section 2).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(into = "RawGrowth")]
pub enum Growth {
    Compound { segments: Vec<Segment>, churn: Num },
    Table { points: Vec<Point> },
    Logistic { rate: Num, capacity: Num },
}

/// A compound-growth rate over months `from..=to` (open-ended when `to` is none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    pub from: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<u32>,
    pub rate: Num,
}

/// A `[month, users]` point of a table growth model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(expecting = "a [month, users] pair")]
pub struct Point(pub u32, pub Num);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GrowthKind {
    Compound,
    Table,
    Logistic,
}

/// The flat JSON shape of a growth model; checked into [`Growth`] so that a
/// field that does not belong to the kind is an error, not silently dropped.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrowth {
    kind: GrowthKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    segments: Option<Vec<Segment>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    churn: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    points: Option<Vec<Point>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rate: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    capacity: Option<Num>,
}

// Checked inside the object's own reading (not `try_from`, which checks
// once the reader has moved past it): a fault is then told at the growth
// model, wherever it sits among its scenario's fields.
impl<'de> Deserialize<'de> for Growth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(GrowthVisitor)
    }
}

struct GrowthVisitor;

impl<'de> Visitor<'de> for GrowthVisitor {
    type Value = Growth;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Growth, A::Error> {
        let raw = RawGrowth::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Growth::try_from(raw).map_err(de::Error::custom)
    }
}

impl TryFrom<RawGrowth> for Growth {
    type Error = String;
    fn try_from(r: RawGrowth) -> Result<Self, String> {
        let stray = |names: &[(&str, bool)]| {
            names
                .iter()
                .find(|(_, present)| *present)
                .map(|(n, _)| n.to_string())
        };
        match r.kind {
            GrowthKind::Compound => {
                if let Some(f) = stray(&[
                    ("points", r.points.is_some()),
                    ("rate", r.rate.is_some()),
                    ("capacity", r.capacity.is_some()),
                ]) {
                    return Err(format!("`{f}` does not belong to compound growth (it takes `segments` and `churn`)"));
                }
                let segments = r.segments.ok_or("compound growth needs `segments`")?;
                Ok(Growth::Compound {
                    segments,
                    churn: r.churn.unwrap_or_default(),
                })
            }
            GrowthKind::Table => {
                if let Some(f) = stray(&[
                    ("segments", r.segments.is_some()),
                    ("churn", r.churn.is_some()),
                    ("rate", r.rate.is_some()),
                    ("capacity", r.capacity.is_some()),
                ]) {
                    return Err(format!(
                        "`{f}` does not belong to table growth (it takes `points`)"
                    ));
                }
                Ok(Growth::Table {
                    points: r.points.ok_or("table growth needs `points`")?,
                })
            }
            GrowthKind::Logistic => {
                if let Some(f) = stray(&[
                    ("segments", r.segments.is_some()),
                    ("churn", r.churn.is_some()),
                    ("points", r.points.is_some()),
                ]) {
                    return Err(format!(
                        "`{f}` does not belong to logistic growth (it takes `rate` and `capacity`)"
                    ));
                }
                Ok(Growth::Logistic {
                    rate: r.rate.ok_or("logistic growth needs `rate`")?,
                    capacity: r.capacity.ok_or("logistic growth needs `capacity`")?,
                })
            }
        }
    }
}

impl From<Growth> for RawGrowth {
    fn from(g: Growth) -> Self {
        let mut r = RawGrowth {
            kind: g.kind(),
            segments: None,
            churn: None,
            points: None,
            rate: None,
            capacity: None,
        };
        match g {
            Growth::Compound { segments, churn } => {
                r.segments = Some(segments);
                r.churn = Some(churn);
            }
            Growth::Table { points } => r.points = Some(points),
            Growth::Logistic { rate, capacity } => {
                r.rate = Some(rate);
                r.capacity = Some(capacity);
            }
        }
        r
    }
}

impl Growth {
    pub fn kind(&self) -> GrowthKind {
        match self {
            Growth::Compound { .. } => GrowthKind::Compound,
            Growth::Table { .. } => GrowthKind::Table,
            Growth::Logistic { .. } => GrowthKind::Logistic,
        }
    }
}

/// A derived monthly quantity, e.g. peak concurrent users (MODEL.md section 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub from: String,
    pub factor: Num,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub base: Num,
    #[serde(default, skip_serializing_if = "is_false")]
    pub accumulate: bool,
}

fn is_zero(n: &Num) -> bool {
    *n == Num::Fixed(0.0)
}
fn is_false(b: &bool) -> bool {
    !*b
}

/// One size of infrastructure: what it can carry and what it costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub id: String,
    pub label: String,
    /// The most the tier can carry of `users` or of a metric.
    #[serde(default, deserialize_with = "unique_keys")]
    pub limits: BTreeMap<String, Num>,
    #[serde(default)]
    pub components: Vec<Component>,
    /// Free-form notes the engine shows but does not compute with.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub targets: BTreeMap<String, String>,
}

/// A JSON object as a map, rejecting a key that appears twice (plain serde
/// would keep the last and silently drop the first).
fn unique_keys<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(de::Error::custom(format!("duplicate key \"{key}\"")));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique(std::marker::PhantomData))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub name: String,
    pub category: Category,
    pub unit: String,
    pub unit_cost: Num,
    pub quantity: Quantity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Compute,
    Database,
    Cache,
    Worker,
    Storage,
    Network,
    Service,
    Other,
}

impl Category {
    /// Every category, in the order pickers list them.
    pub const ALL: [Category; 8] = [
        Category::Compute,
        Category::Database,
        Category::Cache,
        Category::Worker,
        Category::Storage,
        Category::Network,
        Category::Service,
        Category::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Compute => "compute",
            Category::Database => "database",
            Category::Cache => "cache",
            Category::Worker => "worker",
            Category::Storage => "storage",
            Category::Network => "network",
            Category::Service => "service",
            Category::Other => "other",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How many units of a component a month needs (MODEL.md section 4).
#[derive(Debug, Clone, PartialEq)]
pub enum Quantity {
    /// That many units every month the tier is in use.
    Fixed(Num),
    /// Usage-priced: `factor * metric(m)`, not rounded.
    Usage { metric: String, factor: Num },
    /// Sized: `clamp(ceil(metric(m) / per), min, max)`.
    Sized {
        metric: String,
        per: Num,
        min: Option<Num>,
        max: Option<Num>,
        /// Replicas that follow a day of load (section 10); priced at
        /// their average.
        autoscale: Option<Autoscale>,
    },
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawQuantity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    metric: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    factor: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    per: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    autoscale: Option<Autoscale>,
    // A fixed quantity may itself be a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    high: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dist: Option<super::number::Dist>,
}

const QUANTITY_SHAPES: &str = "a quantity is a number, {\"metric\", \"factor\"} (usage-priced) or {\"metric\", \"per\", \"min\"?, \"max\"?, \"autoscale\"?} (sized)";

impl RawQuantity {
    fn into_quantity(self) -> Result<Quantity, String> {
        let range_part = self.low.is_some() || self.high.is_some() || self.dist.is_some();
        if range_part {
            if self.metric.is_some()
                || self.autoscale.is_some()
                || self.factor.is_some()
                || self.per.is_some()
                || self.min.is_some()
                || self.max.is_some()
            {
                return Err(QUANTITY_SHAPES.to_string());
            }
            let (Some(low), Some(high)) = (self.low, self.high) else {
                return Err("a range needs both `low` and `high`".to_string());
            };
            return Ok(Quantity::Fixed(Num::Range {
                low,
                high,
                dist: self.dist.unwrap_or_default(),
            }));
        }
        let Some(metric) = self.metric else {
            return Err(format!("missing field `metric`: {QUANTITY_SHAPES}"));
        };
        match (self.factor, self.per) {
            (Some(factor), None)
                if self.min.is_none() && self.max.is_none() && self.autoscale.is_none() =>
            {
                Ok(Quantity::Usage { metric, factor })
            }
            (None, Some(per)) => Ok(Quantity::Sized {
                metric,
                per,
                min: self.min,
                max: self.max,
                autoscale: self.autoscale,
            }),
            (Some(_), None) if self.autoscale.is_some() => Err(format!(
                "`autoscale` is only for a sized quantity (with `per`): {QUANTITY_SHAPES}"
            )),
            (None, None) => Err(format!(
                "needs `factor` (usage-priced) or `per` (sized): {QUANTITY_SHAPES}"
            )),
            _ => Err(format!(
                "mixes usage-priced and sized fields: {QUANTITY_SHAPES}"
            )),
        }
    }
}

impl Serialize for Quantity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Quantity::Fixed(n) => n.serialize(s),
            Quantity::Usage { metric, factor } => RawQuantity {
                metric: Some(metric.clone()),
                factor: Some(*factor),
                ..Default::default()
            }
            .serialize(s),
            Quantity::Sized {
                metric,
                per,
                min,
                max,
                autoscale,
            } => RawQuantity {
                metric: Some(metric.clone()),
                per: Some(*per),
                min: *min,
                max: *max,
                autoscale: autoscale.clone(),
                ..Default::default()
            }
            .serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(QuantityVisitor)
    }
}

struct QuantityVisitor;

impl<'de> Visitor<'de> for QuantityVisitor {
    type Value = Quantity;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // After "expected": "expected a number, {...} or {...}".
        f.write_str(&QUANTITY_SHAPES["a quantity is ".len()..])
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
        Ok(Quantity::Fixed(Num::Fixed(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
        Ok(Quantity::Fixed(Num::Fixed(v as f64)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
        Ok(Quantity::Fixed(Num::Fixed(v as f64)))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Quantity, A::Error> {
        let raw = RawQuantity::deserialize(de::value::MapAccessDeserializer::new(map))?;
        raw.into_quantity().map_err(de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    pub target_utilization: Num,
    pub warn_utilization: Num,
    pub allow_downgrade: bool,
    pub cost_jump: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_budget: Option<Num>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            target_utilization: Num::Fixed(0.8),
            warn_utilization: Num::Fixed(0.7),
            allow_downgrade: false,
            cost_jump: Num::Fixed(0.2),
            monthly_budget: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved: Option<Discount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spot: Option<Discount>,
    /// Spend committed for a term (MODEL.md section 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<Commitment>,
}

/// An amount of on-demand spend per month, committed for `term_months` from
/// `start_month` and paid at (1 - discount) whether used or not. Only the
/// discount may be a range (MODEL.md section 12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub amount: f64,
    pub discount: Num,
    pub term_months: u32,
    #[serde(default = "first_month")]
    pub start_month: u32,
    pub categories: Vec<Category>,
}

fn first_month() -> u32 {
    1
}

impl Commitment {
    /// What a planner starts from: nothing committed yet, the seed guide's
    /// 40-60% discount, a one-year term on the categories reserved
    /// instances usually cover, less any under another program (or, when
    /// another program has them all, every category it leaves).
    pub fn starting(pricing: Option<&Pricing>) -> Commitment {
        let taken = |c: &Category| {
            pricing.is_some_and(|p| {
                [&p.reserved, &p.spot]
                    .into_iter()
                    .flatten()
                    .any(|d| d.categories.contains(c))
            })
        };
        let mut c = Commitment {
            amount: 0.0,
            discount: Num::Range {
                low: 0.4,
                high: 0.6,
                dist: Default::default(),
            },
            term_months: 12,
            start_month: 1,
            categories: Vec::new(),
        };
        let usual = [Category::Compute, Category::Database, Category::Cache];
        c.categories = usual.into_iter().filter(|c| !taken(c)).collect();
        if c.categories.is_empty() {
            // Another program has those: commit what it leaves.
            c.categories = Category::ALL.into_iter().filter(|c| !taken(c)).collect();
        }
        c
    }

    /// The months of the term within 1..=horizon (empty when none are).
    pub fn term(&self, horizon: u32) -> std::ops::RangeInclusive<usize> {
        let first = self.start_month.max(1) as usize;
        let last = (self.start_month as u64 + self.term_months as u64)
            .saturating_sub(1)
            .min(horizon as u64) as usize;
        first..=last
    }
}

/// A discount program: `coverage` of the listed categories' cost is discounted by `discount`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discount {
    pub coverage: Num,
    pub discount: Num,
    pub categories: Vec<Category>,
}

/// MODEL.md's default scenarios, from the seed guide's growth assumptions.
pub fn default_scenarios() -> Vec<Scenario> {
    let s = |id: &str, label: &str, r: [f64; 3]| Scenario {
        id: id.to_string(),
        label: label.to_string(),
        growth: Growth::Compound {
            segments: vec![
                Segment {
                    from: 1,
                    to: Some(6),
                    rate: Num::Fixed(r[0]),
                },
                Segment {
                    from: 7,
                    to: Some(12),
                    rate: Num::Fixed(r[1]),
                },
                Segment {
                    from: 13,
                    to: None,
                    rate: Num::Fixed(r[2]),
                },
            ],
            churn: Num::Fixed(0.0),
        },
    };
    vec![
        s("conservative", "Conservative", [0.10, 0.08, 0.05]),
        s("moderate", "Moderate", [0.25, 0.20, 0.15]),
        s("aggressive", "Aggressive", [0.35, 0.30, 0.25]),
    ]
}

/// How a sized component scales through a day (MODEL.md section 10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Autoscale {
    #[serde(default)]
    pub policy: ScalePolicy,
    /// The utilization tracked (target policy) and sized for by `pre_scale`.
    #[serde(default = "default_scale_target")]
    pub target: Num,
    /// Minutes (target policy): a scale-down goes only to the highest
    /// recommendation of the window.
    #[serde(default = "default_scale_down_window")]
    pub scale_down_window: u32,
    #[serde(default)]
    pub up: StepUp,
    #[serde(default)]
    pub down: StepDown,
    /// Minutes from adding a replica until it carries load.
    #[serde(default)]
    pub warmup: u32,
    /// Hour ranges `[from, to)` in which no replica is removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hold: Vec<[u32; 2]>,
    /// Minutes before each hold range from which the replicas are at least
    /// what the range needs.
    #[serde(default)]
    pub pre_scale: u32,
}

impl Default for Autoscale {
    fn default() -> Self {
        Autoscale {
            policy: ScalePolicy::Target,
            target: default_scale_target(),
            scale_down_window: default_scale_down_window(),
            up: StepUp::default(),
            down: StepDown::default(),
            warmup: 0,
            hold: Vec::new(),
            pre_scale: 0,
        }
    }
}

fn default_scale_target() -> Num {
    Num::Fixed(0.7)
}
fn default_scale_down_window() -> u32 {
    5
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScalePolicy {
    /// Track a utilization, as Kubernetes' HPA does.
    #[default]
    Target,
    /// Threshold rules with durations and cooldowns.
    Step,
}

/// Step policy: add `add` replicas once the utilization has been at or
/// above `at` for `for` minutes, at most once per `cooldown` minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepUp {
    #[serde(default = "default_up_at")]
    pub at: f64,
    #[serde(rename = "for", default = "default_up_for")]
    pub minutes: u32,
    #[serde(default = "one")]
    pub add: u32,
    #[serde(default = "default_up_cooldown")]
    pub cooldown: u32,
}

/// Step policy: remove `remove` replicas once the utilization has been at
/// or below `at` for `for` minutes (never inside a hold range).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepDown {
    #[serde(default = "default_down_at")]
    pub at: f64,
    #[serde(rename = "for", default = "default_down_for")]
    pub minutes: u32,
    #[serde(default = "one")]
    pub remove: u32,
    #[serde(default = "default_down_cooldown")]
    pub cooldown: u32,
}

impl Default for StepUp {
    fn default() -> Self {
        StepUp {
            at: default_up_at(),
            minutes: default_up_for(),
            add: 1,
            cooldown: default_up_cooldown(),
        }
    }
}

impl Default for StepDown {
    fn default() -> Self {
        StepDown {
            at: default_down_at(),
            minutes: default_down_for(),
            remove: 1,
            cooldown: default_down_cooldown(),
        }
    }
}

fn default_up_at() -> f64 {
    0.7
}
fn default_up_for() -> u32 {
    2
}
fn default_up_cooldown() -> u32 {
    5
}
fn default_down_at() -> f64 {
    0.3
}
fn default_down_for() -> u32 {
    10
}
fn default_down_cooldown() -> u32 {
    10
}
fn one() -> u32 {
    1
}
