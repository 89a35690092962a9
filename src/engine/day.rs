//! A day of load and autoscaled replicas (MODEL.md section 10): the load
//! shape of the plan's daily profile, the minute-by-minute day of a target
//! or step policy, and the month's figures from its second (reported) day.

use super::cost::ceil_tolerant;
use super::plan::{Autoscale, ScalePolicy};
use std::sync::Arc;

/// Minutes in a day.
pub const DAY: usize = 1440;

/// f(t) for t = 0..1439: the hourly profile interpolated minute by minute,
/// relative to its busiest hour; 1 all day without a profile.
pub fn shape(profile: Option<&[f64]>) -> Vec<f64> {
    let top = profile.map_or(0.0, |p| p.iter().copied().fold(0.0, f64::max));
    match profile {
        Some(p) if p.len() == 24 && top > 0.0 => (0..DAY)
            .map(|t| {
                let (h, into) = (t / 60, (t % 60) as f64);
                let next = p[(h + 1) % 24];
                (p[h] + (next - p[h]) * into / 60.0) / top
            })
            .collect(),
        _ => vec![1.0; DAY],
    }
}

/// An autoscaling policy compiled for one component: its rules, its drawn
/// target, and (target policy without warm-up) the precomputed curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaling {
    pub policy: ScalePolicy,
    pub target: f64,
    pub window: usize,
    /// (at, for, add or remove, cooldown)
    pub up: (f64, u32, u64, u32),
    pub down: (f64, u32, u64, u32),
    pub warmup: u32,
    /// Hold ranges in minutes of the day, `[from, to)`.
    pub hold: Vec<(usize, usize)>,
    pub pre_scale: u32,
    /// The day's load shape f(t).
    pub shape: Arc<Vec<f64>>,
    /// For the target policy without warm-up: see [`Curve`].
    pub curve: Option<Arc<Curve>>,
}

/// The target policy without warm-up reduces a day to one curve: the
/// window maximum, the hold and the pre-scaling act on f as they would on
/// the replicas, since clamp(ceil(q x / c)) never decreases as x grows. So
/// R(g) = clamp(ceil(q F(g) / (per * target))) on the reported day.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// F(g) for the reported day's minutes.
    pub peak: Vec<f64>,
    /// The same values, ascending: the average replicas of a day need only
    /// where each replica count begins.
    pub sorted: Vec<f64>,
}

/// What a sized quantity scales within: one replica carries `per` at 100%.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub per: f64,
    pub min: f64,
    pub max: Option<f64>,
}

impl Bounds {
    /// Whole replica counts: min rounded up, max down.
    fn whole(&self) -> (u64, Option<u64>) {
        let lo = ceil_tolerant(self.min.max(0.0)) as u64;
        (lo, self.max.map(|m| (m.max(0.0).floor() as u64).max(lo)))
    }
}

/// An autoscaled quantity's metric, bounds and policy; none for any other.
pub(crate) fn autoscaled(
    q: &super::model::QuantityModel,
) -> Option<(super::model::Source, Bounds, &Scaling)> {
    match q {
        super::model::QuantityModel::Sized {
            source,
            per,
            min,
            max,
            scaling: Some(s),
        } => Some((
            *source,
            Bounds {
                per: *per,
                min: *min,
                max: *max,
            },
            s,
        )),
        _ => None,
    }
}

/// The figures of a reported day.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DayFigures {
    pub average_replicas: f64,
    pub peak_replicas: f64,
    pub replica_hours: f64,
    pub minutes_over_target: u32,
    pub minutes_over_capacity: u32,
    pub unserved_share: f64,
    /// A month's saving against the static peak, (peak - average) x unit
    /// cost x price factor; set by the cost of the month (0 here).
    pub saving: f64,
}

/// One minute of the reported day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Minute {
    pub minute: u32,
    pub load: f64,
    pub replicas: u64,
    pub ready: u64,
    pub utilization: f64,
}

impl Scaling {
    pub fn compile(a: &Autoscale, target: f64, shape: Arc<Vec<f64>>) -> Scaling {
        let mut s = Scaling {
            policy: a.policy,
            target,
            window: a.scale_down_window.max(1) as usize,
            up: (a.up.at, a.up.minutes, a.up.add as u64, a.up.cooldown),
            down: (
                a.down.at,
                a.down.minutes,
                a.down.remove as u64,
                a.down.cooldown,
            ),
            warmup: a.warmup,
            hold: (a.hold.iter())
                .map(|&[from, to]| (from as usize * 60, to as usize * 60))
                .collect(),
            pre_scale: a.pre_scale,
            shape,
            curve: None,
        };
        if s.policy == ScalePolicy::Target && s.warmup == 0 {
            s.curve = Some(Arc::new(s.curve()));
        }
        s
    }

    fn in_hold(&self, t: usize) -> bool {
        self.hold.iter().any(|&(a, b)| t >= a && t < b)
    }

    /// The hold ranges whose pre-scaling applies at minute t: inside the
    /// range, or within `pre_scale` minutes before its start (around midnight).
    fn pre_scaled(&self, t: usize) -> impl Iterator<Item = usize> + '_ {
        let before = self.pre_scale as usize;
        (self.hold.iter().enumerate())
            .filter(move |(_, &(a, b))| {
                let ahead = (a + DAY - t) % DAY;
                before > 0 && ((t >= a && t < b) || (1..=before).contains(&ahead))
            })
            .map(|(i, _)| i)
    }

    /// The most of f over each hold range.
    fn range_peaks(&self) -> Vec<f64> {
        (self.hold.iter())
            .map(|&(a, b)| self.shape[a..b].iter().copied().fold(0.0, f64::max))
            .collect()
    }

    /// F(g) of the reported day (see [`Curve`]).
    fn curve(&self) -> Curve {
        let f = &self.shape;
        let peaks = self.range_peaks();
        let mut out = Vec::with_capacity(DAY);
        let mut prev = 0.0f64;
        for g in 0..2 * DAY {
            let t = g % DAY;
            let from = (g + 1).saturating_sub(self.window);
            let mut v = (from..=g).map(|s| f[s % DAY]).fold(0.0, f64::max);
            if self.in_hold(t) {
                v = v.max(prev);
            }
            for r in self.pre_scaled(t) {
                v = v.max(peaks[r]);
            }
            prev = v;
            if g >= DAY {
                out.push(v);
            }
        }
        let mut sorted = out.clone();
        sorted.sort_by(f64::total_cmp);
        Curve { peak: out, sorted }
    }
}

/// clamp(ceil(load / (per * target)), min, max), as the model writes it.
fn recommend(load: f64, b: &Bounds, target: f64, (lo, hi): (u64, Option<u64>)) -> u64 {
    let n = ceil_tolerant(load / (b.per * target));
    let n = if n.is_finite() { n.max(0.0) } else { f64::MAX };
    let mut r = (n.min(u64::MAX as f64 / 2.0) as u64).max(lo);
    if let Some(h) = hi {
        r = r.min(h);
    }
    r
}

/// Adds up a reported day minute by minute.
#[derive(Default)]
struct Tally {
    replicas: u64,
    peak: u64,
    over_target: u32,
    over_capacity: u32,
    unserved: f64,
    load: f64,
}

impl Tally {
    fn add(&mut self, load: f64, replicas: u64, ready: u64, per: f64, limit: f64) -> f64 {
        let u = if load == 0.0 {
            0.0
        } else if ready == 0 {
            f64::INFINITY
        } else {
            load / (ready as f64 * per)
        };
        let capacity = ready as f64 * per;
        self.replicas += replicas;
        self.peak = self.peak.max(replicas);
        self.over_target += (u > limit) as u32;
        self.over_capacity += (load > capacity) as u32;
        self.unserved += (load - capacity).max(0.0);
        self.load += load;
        u
    }

    fn figures(&self) -> DayFigures {
        DayFigures {
            average_replicas: self.replicas as f64 / DAY as f64,
            peak_replicas: self.peak as f64,
            replica_hours: self.replicas as f64 / 60.0,
            minutes_over_target: self.over_target,
            minutes_over_capacity: self.over_capacity,
            unserved_share: if self.load == 0.0 {
                0.0
            } else {
                self.unserved / self.load
            },
            saving: 0.0,
        }
    }
}

/// The reported day of a component whose metric is `q` at the busiest
/// minute; with `minutes`, every minute of it too.
pub fn day(q: f64, b: &Bounds, s: &Scaling, minutes: Option<&mut Vec<Minute>>) -> DayFigures {
    match &s.curve {
        Some(c) => day_on_curve(q, b, s, c, minutes),
        None => day_minute_by_minute(q, b, s, minutes),
    }
}

/// The utilization past which a minute counts as over target.
fn over_at(s: &Scaling) -> f64 {
    match s.policy {
        ScalePolicy::Target => s.target,
        ScalePolicy::Step => s.up.0,
    }
}

fn day_on_curve(
    q: f64,
    b: &Bounds,
    s: &Scaling,
    c: &Curve,
    mut minutes: Option<&mut Vec<Minute>>,
) -> DayFigures {
    let whole = b.whole();
    let mut tally = Tally::default();
    for (t, &peak) in c.peak.iter().enumerate() {
        let load = q * s.shape[t];
        let r = recommend(q * peak, b, s.target, whole);
        let u = tally.add(load, r, r, b.per, over_at(s));
        if let Some(out) = minutes.as_deref_mut() {
            out.push(Minute {
                minute: t as u32,
                load,
                replicas: r,
                ready: r,
                utilization: u,
            });
        }
    }
    tally.figures()
}

/// The average replicas of a day only (what a month's cost needs). On the
/// curve: with F sorted, R = clamp(ceil(q F / c)) never falls along it, so
/// the sum of R is the first count times 1440 plus, for each count above
/// it, the minutes past where that count begins. Where it begins is found
/// from q F / c = j on the sorted values, then checked exactly.
pub fn average_replicas(q: f64, b: &Bounds, s: &Scaling) -> f64 {
    let Some(c) = &s.curve else {
        return day_minute_by_minute(q, b, s, None).average_replicas;
    };
    let whole = b.whole();
    let count = |x: f64| recommend(q * x, b, s.target, whole);
    let f = &c.sorted;
    let n = f.len();
    let (first, last) = (count(f[0]), count(f[n - 1]));
    let mut sum = first * n as u64;
    let scale = b.per * s.target / q;
    for j in first..last {
        // Minutes whose count is above j: those past the last F with count <= j.
        let guess = if scale.is_finite() {
            f.partition_point(|&x| x <= j as f64 * scale)
        } else {
            0
        };
        let mut i = guess.min(n);
        while i < n && count(f[i]) <= j {
            i += 1;
        }
        while i > 0 && count(f[i - 1]) > j {
            i -= 1;
        }
        sum += (n - i) as u64;
    }
    sum as f64 / DAY as f64
}

/// The plain simulation of MODEL.md section 10: two days on one clock, the
/// second reported.
pub fn day_minute_by_minute(
    q: f64,
    b: &Bounds,
    s: &Scaling,
    mut minutes: Option<&mut Vec<Minute>>,
) -> DayFigures {
    let whole @ (lo, hi) = b.whole();
    let peaks = s.range_peaks();
    let needs: Vec<u64> = peaks
        .iter()
        .map(|&p| recommend(q * p, b, s.target, whole))
        .collect();
    // When each paid replica was added, oldest first; the first `lo` are ready.
    let mut added: Vec<i64> = vec![i64::MIN / 4; lo as usize];
    let ready = |added: &[i64], g: i64| added.partition_point(|&a| g - a >= s.warmup as i64) as u64;
    let mut recs: std::collections::VecDeque<u64> = Default::default();
    let (mut streak_up, mut streak_down) = (0u32, 0u32);
    let mut last_action: Option<i64> = None;
    let mut tally = Tally::default();
    for g in 0..2 * DAY as i64 {
        let t = g as usize % DAY;
        let load = q * s.shape[t];
        let prev = added.len() as u64;
        let before = ready(&added, g);
        let mut next = match s.policy {
            ScalePolicy::Target => {
                recs.push_back(recommend(load, b, s.target, whole));
                if recs.len() > s.window {
                    recs.pop_front();
                }
                let r = recs.iter().copied().max().unwrap_or(lo);
                if s.in_hold(t) {
                    r.max(prev)
                } else {
                    r
                }
            }
            ScalePolicy::Step => {
                let d = if load == 0.0 {
                    0.0
                } else if before == 0 {
                    f64::INFINITY
                } else {
                    load / (before as f64 * b.per)
                };
                streak_up = if d >= s.up.0 { streak_up + 1 } else { 0 };
                streak_down = if d <= s.down.0 { streak_down + 1 } else { 0 };
                let cool = |c: u32| last_action.is_none_or(|a| g - a >= c as i64);
                if streak_up >= s.up.1 && cool(s.up.3) {
                    let r = prev + s.up.2;
                    hi.map_or(r, |h| r.min(h))
                } else if streak_down >= s.down.1 && cool(s.down.3) && !s.in_hold(t) {
                    prev.saturating_sub(s.down.2).max(lo)
                } else {
                    prev
                }
            }
        };
        for r in s.pre_scaled(t) {
            next = next.max(needs[r]);
        }
        if next != prev {
            last_action = Some(g);
        }
        if next > prev {
            added.extend((prev..next).map(|_| g));
        } else {
            added.truncate(next as usize);
        }
        if g >= DAY as i64 {
            let ready_now = ready(&added, g);
            let u = tally.add(load, next, ready_now, b.per, over_at(s));
            if let Some(out) = minutes.as_deref_mut() {
                out.push(Minute {
                    minute: t as u32,
                    load,
                    replicas: next,
                    ready: ready_now,
                    utilization: u,
                });
            }
        }
    }
    tally.figures()
}

/// One autoscaled component's reported day in a month of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentDay {
    /// Index into the month's tier's components.
    pub component: usize,
    pub policy: ScalePolicy,
    pub figures: DayFigures,
    /// Sizing for the peak all day: the peak replicas.
    pub static_replicas: f64,
    pub minutes: Vec<Minute>,
}

/// The days of every autoscaled component of the tier that scenario
/// `scenario` uses in month `month`, at the inputs' medians.
pub fn month_days(
    plan: &super::Plan,
    scenario: usize,
    month: usize,
) -> Result<(usize, Vec<ComponentDay>), Vec<super::PlanError>> {
    use super::model::{Model, Source};
    let sf = super::forecast_scenario(plan, scenario)?;
    let Some(m) = sf.months.get(month) else {
        return Err(vec![super::PlanError::new(
            "horizon_months",
            format!(
                "no month {month}: the plan runs from month 0 to {}",
                sf.months.len() - 1
            ),
        )]);
    };
    let model = Model::build(plan, &mut |n: &super::Num| n.median());
    let mut out = Vec::new();
    for (k, c) in model.tiers[m.tier].components.iter().enumerate() {
        let Some((source, bounds, s)) = autoscaled(&c.quantity) else {
            continue;
        };
        let q = match source {
            Source::Users => m.users,
            Source::Metric(i) => m.metrics[i],
        };
        let mut minutes = Vec::with_capacity(DAY);
        let mut figures = day(q, &bounds, s, Some(&mut minutes));
        figures.saving = m.components[k].day.map_or(0.0, |d| d.saving);
        out.push(ComponentDay {
            component: k,
            policy: s.policy,
            static_replicas: figures.peak_replicas,
            figures,
            minutes,
        });
    }
    Ok((m.tier, out))
}
