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
                // Relative to the busiest hour first, so that no sum of
                // two huge values overflows.
                let (h, into) = (t / 60, (t % 60) as f64);
                let (now, next) = (p[h] / top, p[(h + 1) % 24] / top);
                now + (next - now) * into / 60.0
            })
            .collect(),
        _ => vec![1.0; DAY],
    }
}

/// An autoscaling policy compiled for one component: its rules, its drawn
/// target, and (target policy) the precomputed curve.
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
    /// The hold and pre-scaling of each minute of the day.
    rules: Arc<Rules>,
    /// For the target policy: see [`Curve`].
    pub curve: Option<Arc<Curve>>,
}

/// The target policy reduces a day to one curve: the
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
    /// The minute of each value of `sorted`.
    order: Vec<u16>,
    /// F(g) of the first simulated day: with warm-up, a replica of the
    /// reported day's first minutes may have been paid for the day before.
    before: Vec<f64>,
    /// `below[b]`: how many sorted values lie below b / BUCKETS, so that
    /// where a replica count begins is found without a search.
    below: Vec<u16>,
}

/// Sorts values of [0, 1] (and their indices) by a counting sort on
/// 1024 buckets (a value's bucket is exact, 1024 being a power of 2),
/// then by insertion, which has little left to do.
fn sort_unit(values: &[f64]) -> (Vec<f64>, Vec<u16>) {
    const COARSE: usize = 1024;
    let bucket = |x: f64| ((x * COARSE as f64) as usize).min(COARSE);
    let mut start = [0u16; COARSE + 2];
    for &x in values {
        start[bucket(x) + 1] += 1;
    }
    for b in 1..start.len() {
        start[b] += start[b - 1];
    }
    let mut pairs = vec![(0.0, 0u16); values.len()];
    for (t, &x) in values.iter().enumerate() {
        let slot = &mut start[bucket(x)];
        pairs[*slot as usize] = (x, t as u16);
        *slot += 1;
    }
    let mut shifts = 0;
    for i in 1..pairs.len() {
        let mut k = i;
        while k > 0 && pairs[k - 1].0 > pairs[k].0 && shifts < 64 * DAY {
            pairs.swap(k - 1, k);
            k -= 1;
            shifts += 1;
        }
    }
    if shifts >= 64 * DAY {
        // Many close values in few buckets: sort them outright.
        crate::order::sort_by(&mut pairs, |x, y| x.0.total_cmp(&y.0));
    }
    pairs.into_iter().unzip()
}

/// Buckets of [0, 1] (F never leaves it) for [`Curve::below`].
const BUCKETS: usize = 16384;

impl Curve {
    fn new(peak: Vec<f64>, before: Vec<f64>) -> Curve {
        let (sorted, order) = sort_unit(&peak);
        // below[b] is the first index whose value is >= b / BUCKETS: runs
        // of buckets between two values are filled at once.
        let bucket = |x: f64| ((x * BUCKETS as f64) as usize).min(BUCKETS);
        let mut below = vec![0u16; BUCKETS + 1];
        let mut done = 0;
        for (i, &x) in sorted.iter().enumerate() {
            let b = bucket(x);
            if b >= done {
                below[done..=b].fill(i as u16);
                done = b + 1;
            }
        }
        below[done..].fill(sorted.len() as u16);
        Curve {
            peak,
            sorted,
            order,
            before,
            below,
        }
    }

    /// The first index of `sorted` past every value <= y, when no value
    /// comes within 1e-7 y of y: y falls inside an empty bucket, farther
    /// than that from its edges (the common case, a lookup).
    #[inline]
    fn clear_of(&self, y: f64) -> Option<usize> {
        let x = y * BUCKETS as f64;
        if x.is_nan() || x <= 0.0 || x >= BUCKETS as f64 {
            return None;
        }
        let b = x as usize;
        let margin = 1e-7 * x + 1e-12;
        let inside = x - b as f64;
        let (from, to) = (self.below[b], self.below[b + 1]);
        (from == to && inside > margin && inside < 1.0 - margin).then_some(from as usize)
    }

    /// The first index of `sorted` past every value <= y, nearly: exact
    /// but for values that equal y within rounding, which the caller checks.
    fn after(&self, y: f64) -> usize {
        let n = self.sorted.len();
        if y.is_nan() || y < 0.0 {
            return 0;
        }
        // below[b] counts values < b / BUCKETS <= y, and every value from
        // below[b + 1] on is >= (b + 1) / BUCKETS > y.
        let b = (y * BUCKETS as f64).min(BUCKETS as f64) as usize;
        let from = self.below[b] as usize;
        let to = self.below.get(b + 1).map_or(n, |&i| i as usize);
        if from == to || self.sorted[to - 1] <= y {
            return to; // the bucket is empty or all <= y (a plateau too)
        }
        let mut i = from;
        while self.sorted[i] <= y {
            i += 1;
        }
        i
    }
}

/// The hold and pre-scaling of each minute of the day, worked out once
/// so that a day's loop only looks them up.
#[derive(Debug, Clone, PartialEq)]
struct Rules {
    held: Vec<bool>,
    /// The most of f over the hold ranges pre-scaled at this minute;
    /// negative where none is.
    pre: Vec<f64>,
    /// What lets a step policy pass over stretches of minutes.
    stretches: Stretches,
}

/// The least and most f of aligned spans of 2^k minutes (k = 0 to 10),
/// and where each run of held minutes and of one pre-scaling ends: what
/// lets a step policy's day find, in a few lookups, the longest stretch
/// in which nothing changes (see [`pass_over`]).
#[derive(Debug, Clone, PartialEq)]
struct Stretches {
    /// `least[k][i]` and `most[k][i]`: of minutes i 2^k to (i + 1) 2^k.
    least: Vec<Vec<f64>>,
    most: Vec<Vec<f64>>,
    /// The first minute from each minute that is not held (itself if it
    /// is not).
    held_end: Vec<u16>,
    /// The first minute from each minute whose pre-scaling differs (no
    /// pre-scaling counts as one).
    pre_end: Vec<u16>,
}

impl Stretches {
    fn new(f: &[f64], held: &[bool], pre: &[f64]) -> Stretches {
        // Each level pairs the spans of the one below.
        let levels = |pick: fn(f64, f64) -> f64| {
            let mut levels = vec![f.to_vec()];
            while let Some(below) = levels.last().filter(|l| l.len() > 1) {
                let pairs = below.chunks_exact(2).map(|p| pick(p[0], p[1])).collect();
                levels.push(pairs);
            }
            levels
        };
        let (least, most) = (levels(f64::min), levels(f64::max));
        let runs = |same: &dyn Fn(usize, usize) -> bool, open: &dyn Fn(usize) -> bool| {
            let mut end = vec![0u16; f.len()];
            let mut next = f.len();
            for t in (0..f.len()).rev() {
                if !open(t) {
                    next = t;
                } else if t + 1 < f.len() && !same(t, t + 1) {
                    next = t + 1;
                }
                end[t] = next as u16;
            }
            end
        };
        let scaled = |t: usize| if pre[t] >= 0.0 { pre[t] } else { -1.0 };
        Stretches {
            least,
            most,
            held_end: runs(&|_, _| true, &|t| held[t]),
            pre_end: runs(&|a, b| scaled(a) == scaled(b), &|_| true),
        }
    }

    /// The longest stretch from minute `t`, of at most `limit` minutes,
    /// whose least and most f pass `ok` (which a wider stretch can only
    /// fail): built from aligned spans, the largest that fits first.
    fn longest(&self, t: usize, limit: usize, ok: impl Fn(f64, f64) -> bool) -> usize {
        let (mut n, mut lo, mut hi) = (0, f64::INFINITY, f64::NEG_INFINITY);
        'grow: while n < limit {
            let at = t + n;
            // The largest aligned span that starts here and fits, then
            // smaller ones.
            let fits = (limit - n).ilog2().min(at.trailing_zeros());
            for k in (0..=fits as usize).rev() {
                let span = |levels: &[Vec<f64>]| levels.get(k)?.get(at >> k).copied();
                let (Some(a), Some(b)) = (span(&self.least), span(&self.most)) else {
                    continue;
                };
                let (l, h) = (lo.min(a), hi.max(b));
                if ok(l, h) {
                    (n, lo, hi) = (n + (1 << k), l, h);
                    continue 'grow;
                }
            }
            break;
        }
        n
    }
}

impl Rules {
    fn new(hold: &[(usize, usize)], pre_scale: u32, f: &[f64]) -> Rules {
        let mut held = vec![false; DAY];
        let mut pre = vec![-1.0f64; DAY];
        for &(a, b) in hold {
            held[a..b].fill(true);
            if pre_scale == 0 {
                continue;
            }
            let peak = f[a..b].iter().copied().fold(0.0, larger);
            // Inside the range, and `pre_scale` minutes before its start
            // (around midnight).
            let before = (1..=(pre_scale as usize).min(DAY - 1)).map(|k| (a + DAY - k) % DAY);
            for t in (a..b).chain(before) {
                pre[t] = larger(pre[t], peak);
            }
        }
        let stretches = Stretches::new(f, &held, &pre);
        Rules {
            held,
            pre,
            stretches,
        }
    }
}

/// What a sized quantity scales within: one replica carries `per` at 100%.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub per: f64,
    pub min: f64,
    pub max: Option<f64>,
}

/// No day counts more replicas than this (about 10^12): a day's sum of
/// them stays a whole number that adds up exactly, even on a path whose
/// load has run away.
pub const MOST_REPLICAS: u64 = 1 << 40;

impl Bounds {
    /// Whole replica counts: min rounded up, max down.
    fn whole(&self) -> (u64, Option<u64>) {
        let most = MOST_REPLICAS as f64;
        let lo = ceil_tolerant(self.min.clamp(0.0, most)) as u64;
        (
            lo,
            self.max
                .map(|m| (m.clamp(0.0, most).floor() as u64).max(lo)),
        )
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

/// The larger of two numbers that are never NaN, without the call that
/// `f64::max` can become.
#[inline]
fn larger(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// Compiles the policies of one plan's components, sharing the day's
/// rules and curve between components whose policies shape them alike.
pub struct Compiler {
    shape: Arc<Vec<f64>>,
    done: Vec<Scaling>,
}

impl Compiler {
    pub fn new(shape: Arc<Vec<f64>>) -> Compiler {
        Compiler {
            shape,
            done: Vec::new(),
        }
    }

    pub fn compile(&mut self, a: &Autoscale, target: f64) -> Scaling {
        let mut s = Scaling::rules_of(a, target, self.shape.clone());
        let alike =
            |d: &&Scaling| (d.window, &d.hold, d.pre_scale) == (s.window, &s.hold, s.pre_scale);
        match self.done.iter().find(alike) {
            Some(d) => s.rules = d.rules.clone(),
            None => s.rules = Arc::new(Rules::new(&s.hold, s.pre_scale, &s.shape)),
        }
        if s.policy == ScalePolicy::Target {
            let known = (self.done.iter().filter(alike)).find_map(|d| d.curve.clone());
            s.curve = Some(known.unwrap_or_else(|| Arc::new(s.curve())));
        }
        self.done.push(s.clone());
        s
    }
}

impl Scaling {
    /// One policy compiled on its own (see [`Compiler`]).
    pub fn compile(a: &Autoscale, target: f64, shape: Arc<Vec<f64>>) -> Scaling {
        Compiler::new(shape).compile(a, target)
    }

    /// The policy's rules, before the per-minute tables are worked out.
    fn rules_of(a: &Autoscale, target: f64, shape: Arc<Vec<f64>>) -> Scaling {
        Scaling {
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
            rules: Arc::new(Rules {
                held: Vec::new(),
                pre: Vec::new(),
                stretches: Stretches::new(&[], &[], &[]),
            }),
            curve: None,
        }
    }

    /// F(g) of the reported day (see [`Curve`]).
    fn curve(&self) -> Curve {
        let (f, rules) = (&self.shape, &self.rules);
        let mut out = Vec::with_capacity(2 * DAY);
        let mut prev = 0.0f64;
        // The window's maximum: (minute, f) of minutes no later one beats.
        let mut window: std::collections::VecDeque<(usize, f64)> = Default::default();
        for g in 0..2 * DAY {
            let t = if g < DAY { g } else { g - DAY };
            while window.back().is_some_and(|&(_, x)| x <= f[t]) {
                window.pop_back();
            }
            window.push_back((g, f[t]));
            while window.front().is_some_and(|&(s, _)| s + self.window <= g) {
                window.pop_front();
            }
            let mut v = window.front().map_or(0.0, |&(_, x)| x);
            if rules.held[t] {
                v = larger(v, prev);
            }
            v = larger(v, rules.pre[t]);
            prev = v;
            out.push(v);
        }
        let peak = out.split_off(DAY);
        Curve::new(peak, out)
    }
}

/// clamp(ceil(load / (per * target)), min, max), as the model writes it.
fn recommend(load: f64, b: &Bounds, target: f64, (lo, hi): (u64, Option<u64>)) -> u64 {
    let n = ceil_tolerant(load / (b.per * target));
    let n = if n.is_finite() { n.max(0.0) } else { f64::MAX };
    let mut r = (n.min(MOST_REPLICAS as f64) as u64).max(lo);
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
            } else if self.unserved.is_infinite() {
                1.0 // a load that has run away is all unserved
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
    match (&s.curve, minutes) {
        (Some(c), None) if s.warmup == 0 => figures_on_curve(q, b, s, c),
        (Some(c), minutes) => day_on_curve(q, b, s, c, minutes),
        (None, minutes) => day_minute_by_minute(q, b, s, minutes),
    }
}

/// The utilization past which a minute counts as over target.
fn over_at(s: &Scaling) -> f64 {
    match s.policy {
        ScalePolicy::Target => s.target,
        ScalePolicy::Step => s.up.0,
    }
}

/// The reported day minute by minute on the curve. The target policy's
/// replicas do not depend on which are ready, so warm-up changes only the
/// ready count: replicas leave newest first, so those ready at minute g are
/// the ones paid for all through [g - warmup, g], the least R over it.
fn day_on_curve(
    q: f64,
    b: &Bounds,
    s: &Scaling,
    c: &Curve,
    mut minutes: Option<&mut Vec<Minute>>,
) -> DayFigures {
    let whole = b.whole();
    let w = s.warmup as usize;
    let paid = |g: usize| {
        let f = if g < DAY {
            c.before[g]
        } else {
            c.peak[g - DAY]
        };
        recommend(q * f, b, s.target, whole)
    };
    // (minute, R) of minutes no later one undercuts: the window's least.
    let mut least: std::collections::VecDeque<(usize, u64)> = Default::default();
    for g in DAY - w.min(DAY)..DAY {
        push_least(&mut least, g, paid(g), w);
    }
    let mut tally = Tally::default();
    for t in 0..DAY {
        let r = paid(DAY + t);
        push_least(&mut least, DAY + t, r, w);
        let ready = least.front().map_or(r, |&(_, x)| x);
        let load = q * s.shape[t];
        let u = tally.add(load, r, ready, b.per, over_at(s));
        if let Some(out) = minutes.as_deref_mut() {
            out.push(Minute {
                minute: t as u32,
                load,
                replicas: r,
                ready,
                utilization: u,
            });
        }
    }
    tally.figures()
}

/// Adds minute g's replicas to a sliding minimum over the last w + 1 minutes.
fn push_least(least: &mut std::collections::VecDeque<(usize, u64)>, g: usize, r: u64, w: usize) {
    while least.back().is_some_and(|&(_, x)| x >= r) {
        least.pop_back();
    }
    least.push_back((g, r));
    while least.front().is_some_and(|&(m, _)| m + w < g) {
        least.pop_front();
    }
}

/// The replica counts of a day on its curve: count(x) for F = x, and the
/// sorted index where each count above the lowest begins.
struct Levels<'a> {
    curve: &'a Curve,
    q: f64,
    b: &'a Bounds,
    target: f64,
    whole: (u64, Option<u64>),
    /// per x target / q: count j ends where F passes j x scale.
    scale: f64,
    /// The day's lowest and highest counts.
    first: u64,
    last: u64,
}

impl Levels<'_> {
    fn count(&self, x: f64) -> u64 {
        recommend(self.q * x, self.b, self.target, self.whole)
    }

    /// The first sorted index whose count is above j, for j from the
    /// lowest count up. ceil_tolerant(v) <= j holds for v up to j plus its
    /// tolerance, so where y's bucket holds no value and y is not at its
    /// edge, the lookup is the boundary; otherwise it is checked with the
    /// exact count.
    fn end_of(&self, j: u64) -> usize {
        let f = &self.curve.sorted;
        let n = f.len();
        let jf = j as f64;
        let y = (jf + 1e-9 * jf.max(1.0)) * self.scale;
        if let Some(i) = self.curve.clear_of(y) {
            return i;
        }
        // A value near y, in y's bucket: found, then checked exactly.
        let mut i = self.curve.after(y);
        while i < n && self.count(f[i]) <= j {
            i += 1;
        }
        while i > 0 && self.count(f[i - 1]) > j {
            i -= 1;
        }
        i
    }

    /// Whether finding where each count begins costs more than counting
    /// every minute.
    fn too_many(&self) -> bool {
        self.last - self.first > MOST_LEVELS
    }

    /// The sum of the day's replicas and, per count, where it ends.
    fn sum(&self, mut each: impl FnMut(u64, usize)) -> u64 {
        let n = self.curve.sorted.len();
        let mut sum = self.first * n as u64;
        for j in self.first..self.last {
            let end = self.end_of(j);
            each(j, end);
            sum += (n - end) as u64;
        }
        each(self.last, n);
        sum
    }
}

/// Past this many replica counts in a day, it is counted minute by minute.
const MOST_LEVELS: u64 = 512;

/// The average replicas of a day only (what a month's cost needs). On the
/// curve: with F sorted, R = clamp(ceil(q F / c)) never falls along it, so
/// the sum of R is the first count times 1440 plus, for each count above
/// it, the minutes past where that count begins.
pub fn average_replicas(q: f64, b: &Bounds, s: &Scaling) -> f64 {
    match &s.curve {
        Some(curve) => {
            let lv = levels(q, b, s, curve);
            let sum = if lv.too_many() {
                curve.sorted.iter().map(|&x| lv.count(x)).sum()
            } else {
                lv.sum(|_, _| ())
            };
            sum as f64 / DAY as f64
        }
        None => walk(q, b, s, None, true).replicas as f64 / DAY as f64,
    }
}

fn levels<'a>(q: f64, b: &'a Bounds, s: &Scaling, curve: &'a Curve) -> Levels<'a> {
    let mut lv = Levels {
        curve,
        q,
        b,
        target: s.target,
        whole: b.whole(),
        scale: b.per * s.target / q,
        first: 0,
        last: 0,
    };
    let f = &curve.sorted;
    (lv.first, lv.last) = (lv.count(f[0]), lv.count(f[f.len() - 1]));
    lv
}

/// A reported day's figures on the curve without walking every minute.
/// A minute can be over target or capacity only where q F comes within
/// rounding of its replicas' capacity at target (ready = R, f <= F, target
/// <= 1): the top of each count's run in sorted order, and the whole run
/// clamped at the max. Those minutes are tallied in time order as the
/// plain day does, so every figure is the same to the bit.
fn figures_on_curve(q: f64, b: &Bounds, s: &Scaling, curve: &Curve) -> DayFigures {
    let lv = levels(q, b, s, curve);
    if lv.too_many() {
        return day_on_curve(q, b, s, curve, None);
    }
    let f = &curve.sorted;
    let scale = lv.scale;
    let mut close: Vec<u16> = Vec::new();
    let mut start = 0;
    let replicas = lv.sum(|j, end| {
        let mut k = end;
        while k > start && f[k - 1] > j as f64 * scale * (1.0 - 1e-6) {
            k -= 1;
        }
        close.extend_from_slice(&curve.order[k..end]);
        start = end;
    });
    close.sort_unstable();
    let mut tally = Tally::default();
    for &t in &close {
        let t = t as usize;
        let r = lv.count(curve.peak[t]);
        tally.add(q * s.shape[t], r, r, b.per, s.target);
    }
    let load = if tally.unserved > 0.0 {
        s.shape.iter().fold(0.0, |sum, &x| sum + q * x)
    } else {
        0.0
    };
    Tally {
        replicas,
        peak: lv.last,
        load,
        ..tally
    }
    .figures()
}

/// The plain simulation of MODEL.md section 10: two days on one clock, the
/// second reported.
pub fn day_minute_by_minute(
    q: f64,
    b: &Bounds,
    s: &Scaling,
    minutes: Option<&mut Vec<Minute>>,
) -> DayFigures {
    walk(q, b, s, minutes, false).figures()
}

/// The two days of [`day_minute_by_minute`]. With `replicas_only`, a step
/// policy passes over stretches where nothing changes (see [`pass_over`]),
/// and only the tally's replicas are right: what a day's average needs.
fn walk(
    q: f64,
    b: &Bounds,
    s: &Scaling,
    mut minutes: Option<&mut Vec<Minute>>,
    replicas_only: bool,
) -> Tally {
    let whole @ (lo, hi) = b.whole();
    // What pre-scaling needs at the last pre-scaled minute's peak.
    let mut need = (f64::NAN, lo);
    let mut added = Paid::new(lo, s.warmup);
    let mut paid = lo;
    let mut recs: std::collections::VecDeque<u64> = Default::default();
    let (mut streak_up, mut streak_down) = (0u32, 0u32);
    let mut last_action: Option<i64> = None;
    let mut tally = Tally::default();
    let mut g = 0;
    while g < 2 * DAY as i64 {
        let t = g as usize % DAY;
        let prev = paid;
        let before = added.ready(g);
        // Not right after a change: a rule that acts every minute (no
        // cooldown) would only pay for the look ahead.
        let passable = replicas_only && s.policy == ScalePolicy::Step && last_action != Some(g - 1);
        let now = Moment {
            g,
            ready: before,
            next_ready: added.next_ready(),
            paid,
            need,
            streaks: (streak_up, streak_down),
            last_action,
        };
        let span = passable.then(|| pass_over(q, b.per, s, &now, whole));
        if let Some((n, streaks)) = span.flatten() {
            // Every minute of the span keeps its replicas, as the loop
            // below would.
            (streak_up, streak_down) = streaks;
            if g >= DAY as i64 {
                tally.replicas += paid * n as u64;
                tally.peak = tally.peak.max(paid);
            }
            g += n as i64;
            continue;
        }
        let load = q * s.shape[t];
        let mut next = match s.policy {
            ScalePolicy::Target => {
                recs.push_back(recommend(load, b, s.target, whole));
                if recs.len() > s.window {
                    recs.pop_front();
                }
                let r = recs.iter().copied().max().unwrap_or(lo);
                if s.rules.held[t] {
                    r.max(prev)
                } else {
                    r
                }
            }
            ScalePolicy::Step => {
                let d = step_utilization(load, before, b.per);
                streak_up = if d >= s.up.0 { streak_up + 1 } else { 0 };
                streak_down = if d <= s.down.0 { streak_down + 1 } else { 0 };
                let cool = |c: u32| last_action.is_none_or(|a| g - a >= c as i64);
                if streak_up >= s.up.1 && cool(s.up.3) {
                    let r = (prev + s.up.2).min(MOST_REPLICAS);
                    hi.map_or(r, |h| r.min(h))
                } else if streak_down >= s.down.1 && cool(s.down.3) && !s.rules.held[t] {
                    prev.saturating_sub(s.down.2).max(lo)
                } else {
                    prev
                }
            }
        };
        let peak = s.rules.pre[t];
        if peak >= 0.0 {
            if peak != need.0 {
                need = (peak, recommend(q * peak, b, s.target, whole));
            }
            next = next.max(need.1);
        }
        if next != prev {
            last_action = Some(g);
        }
        if next > prev {
            added.add(g, next - prev);
        } else {
            added.remove_newest(prev - next);
        }
        paid = next;
        if g >= DAY as i64 {
            let ready_now = added.ready(g);
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
        g += 1;
    }
    tally
}

/// The utilization a step policy reads: the load over the ready replicas'
/// capacity. It never falls as the load grows (for a finite load scale
/// and capacity), which is what lets [`pass_over`] judge a whole span by
/// its least and most f.
fn step_utilization(load: f64, ready: u64, per: f64) -> f64 {
    if load == 0.0 {
        0.0
    } else if ready == 0 {
        f64::INFINITY
    } else {
        load / (ready as f64 * per)
    }
}

/// Where a step policy's day stands at the start of a minute: what
/// [`pass_over`] reads.
struct Moment {
    /// The minute on the two days' clock.
    g: i64,
    ready: u64,
    /// When the next replica warming up is ready (none: none is warming).
    next_ready: Option<i64>,
    paid: u64,
    /// Pre-scaling's last peak and what it needs.
    need: (f64, u64),
    /// Minutes the up and down rules have held.
    streaks: (u32, u32),
    last_action: Option<i64>,
}

/// The stretch of minutes a step policy may pass over in one go, from
/// `now` up to when the next replica warming up is ready: its length and
/// the streaks (up, down) after it. Nothing changes in it: the utilization stays strictly
/// between the thresholds (no streak), or stays past one of them while
/// that rule cannot act (its streak too short, its cooldown running, the
/// replicas at their least or held, or at their most); and any
/// pre-scaling in it asks for no more than is paid for (`need`, as the
/// loop last worked it out). The utilization never falls as f grows, so
/// its value at a stretch's least and most f, computed as the loop
/// computes it, bounds every minute's: a stretch passed over is exactly
/// one the loop finds unchanging.
fn pass_over(
    q: f64,
    per: f64,
    s: &Scaling,
    now: &Moment,
    (lo, hi): (u64, Option<u64>),
) -> Option<(usize, (u32, u32))> {
    let capacity = now.ready as f64 * per;
    let usable = q.is_finite() && q >= 0.0 && per.is_finite() && per > 0.0 && capacity.is_finite();
    if !usable || s.up.1 == 0 || s.down.1 == 0 {
        return None;
    }
    let (t, st) = (now.g as usize % DAY, &s.rules.stretches);
    let pre = s.rules.pre[t];
    if pre >= 0.0 && !(now.need.0 == pre && now.paid >= now.need.1) {
        return None;
    }
    let (up, down) = (s.up.0, s.down.0);
    let (up_streak, down_streak) = now.streaks;
    let d = |x: f64| step_utilization(q * x, now.ready, per);
    // The minutes through which a rule (for, cooldown) whose streak stands
    // at `streak` cannot act: until its streak is long enough or, if
    // longer, until its cooldown ends.
    let idle = |streak: u32, (_, minutes, _, cooldown): (f64, u32, u64, u32)| {
        let short = minutes as i64 - 1 - streak as i64;
        let cooling = now.last_action.map_or(0, |a| a + cooldown as i64 - now.g);
        short.max(cooling).max(0) as usize
    };
    let warm = now.next_ready.map_or(DAY, |r| (r - now.g) as usize);
    let limit = (st.pre_end[t] as usize - t).min(DAY - t).min(warm);
    let x = d(s.shape[t]);
    let (n, streaks) = if x < up && x > down {
        let n = st.longest(t, limit, |l, h| d(h) < up && d(l) > down);
        (n, (0, 0))
    } else if x <= down && x < up {
        let held = st.held_end[t] as usize - t;
        let bound = if now.paid == lo {
            limit
        } else {
            held.max(idle(down_streak, s.down))
        };
        let n = st.longest(t, limit.min(bound), |_, h| d(h) <= down && d(h) < up);
        (n, (0, down_streak + n as u32))
    } else if x >= up && x > down {
        let top = now.paid == hi.unwrap_or(MOST_REPLICAS);
        let bound = if top { limit } else { idle(up_streak, s.up) };
        let n = st.longest(t, limit.min(bound), |l, _| d(l) >= up && d(l) > down);
        (n, (up_streak + n as u32, 0))
    } else {
        return None;
    };
    (n > 0).then_some((n, streaks))
}

/// The paid replicas as batches (minute added, how many), oldest first,
/// and how many of them are ready: those warm `warmup` minutes after they
/// were added, counted as time goes on (the first `lo` from the start).
struct Paid {
    batches: Vec<(i64, u64)>,
    warmup: i64,
    /// Batches before this index are ready; `ready` replicas in all.
    warm: usize,
    ready: u64,
}

impl Paid {
    fn new(lo: u64, warmup: u32) -> Paid {
        Paid {
            batches: vec![(i64::MIN / 4, lo)],
            warmup: warmup as i64,
            warm: 0,
            ready: 0,
        }
    }

    fn add(&mut self, g: i64, n: u64) {
        self.batches.push((g, n));
    }

    /// Replicas leave newest first.
    fn remove_newest(&mut self, mut n: u64) {
        while n > 0 {
            let i = self.batches.len().saturating_sub(1);
            let Some(last) = self.batches.last_mut() else {
                return;
            };
            let take = last.1.min(n);
            last.1 -= take;
            n -= take;
            if i < self.warm {
                self.ready -= take;
            }
            if last.1 == 0 {
                self.batches.pop();
                self.warm = self.warm.min(self.batches.len());
            }
        }
    }

    /// The minute the next replica warming up is ready, as of the last
    /// [`Paid::ready`] (none: none is warming up).
    fn next_ready(&self) -> Option<i64> {
        (self.batches.get(self.warm)).map(|&(a, _)| a + self.warmup)
    }

    /// The replicas ready at minute g (g never goes back).
    fn ready(&mut self, g: i64) -> u64 {
        while let Some(&(a, n)) = self.batches.get(self.warm) {
            if g - a < self.warmup {
                break;
            }
            self.ready += n;
            self.warm += 1;
        }
        self.ready
    }
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
            super::Path::field("horizon_months"),
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
