//! A day of load and autoscaled replicas (MODEL.md section 10): closed
//! forms, a step timeline worked out by hand, and the fast path of the
//! target policy held equal to the plain minute-by-minute day.

use headroom::engine::day::{self, Bounds, Minute, Scaling, DAY};
use headroom::engine::{Autoscale, ScalePolicy, StepDown, StepUp};
use proptest::prelude::*;
use std::sync::Arc;

fn scaling(a: &Autoscale, profile: Option<&[f64]>) -> Scaling {
    let target = a.target.median();
    Scaling::compile(a, target, Arc::new(day::shape(profile)))
}

/// The reported day minute by minute, by the plain loop.
fn plain(q: f64, b: Bounds, s: &Scaling) -> (day::DayFigures, Vec<Minute>) {
    let mut out = Vec::new();
    let f = day::day_minute_by_minute(q, &b, s, Some(&mut out));
    (f, out)
}

fn ceil(x: f64) -> f64 {
    let r = x.round();
    if (x - r).abs() < 1e-9 * x.abs().max(1.0) {
        r
    } else {
        x.ceil()
    }
}

#[test]
fn the_shape_interpolates_the_hours_relative_to_the_busiest() {
    let mut p = vec![0.0; 24];
    p[0] = 2.0;
    p[1] = 4.0;
    p[23] = 1.0;
    let f = day::shape(Some(&p));
    assert_eq!(f.len(), DAY);
    assert_eq!(f[0], 0.5);
    assert_eq!(f[30], 0.75); // halfway from 2 to 4, over 4
    assert_eq!(f[60], 1.0);
    assert_eq!(f[23 * 60 + 30], 0.375); // hour 23 leads to hour 0 of the next day: (1 + (2 - 1) / 2) / 4
    assert!(day::shape(None).iter().all(|&v| v == 1.0));
}

#[test]
fn a_flat_day_is_its_peak_all_day_and_saves_nothing() {
    let a = Autoscale::default();
    let s = scaling(&a, None);
    let b = Bounds {
        per: 100.0,
        min: 2.0,
        max: Some(50.0),
    };
    // 1,234 at 70% of 100 a replica: ceil(17.63) = 18 replicas all day.
    let (f, minutes) = plain(1234.0, b, &s);
    assert!(minutes.iter().all(|m| m.replicas == 18));
    assert_eq!((f.average_replicas, f.peak_replicas), (18.0, 18.0));
    assert_eq!(f.replica_hours, 18.0 * 24.0);
    assert_eq!((f.minutes_over_target, f.minutes_over_capacity), (0, 0));
    assert_eq!(f.unserved_share, 0.0);
}

fn evening_peak() -> Vec<f64> {
    let mut p = vec![0.2; 24];
    for (h, v) in [
        (16, 0.5),
        (17, 1.0),
        (18, 1.0),
        (19, 1.0),
        (20, 0.9),
        (21, 0.5),
    ] {
        p[h] = v;
    }
    p
}

#[test]
fn the_target_policy_without_a_window_follows_the_load_every_minute() {
    let a = Autoscale {
        scale_down_window: 0,
        ..Autoscale::default()
    };
    let p = evening_peak();
    let s = scaling(&a, Some(&p));
    let b = Bounds {
        per: 50.0,
        min: 2.0,
        max: Some(30.0),
    };
    let q = 900.0;
    let f = day::shape(Some(&p));
    let (_, minutes) = plain(q, b, &s);
    for (t, m) in minutes.iter().enumerate() {
        let want = ceil(q * f[t] / (50.0 * 0.7)).clamp(2.0, 30.0);
        assert_eq!(m.replicas as f64, want, "minute {t}");
        assert_eq!(m.ready, m.replicas, "no warm-up: every replica is ready");
    }
}

#[test]
fn a_hold_range_keeps_the_replicas_from_its_start_to_its_end() {
    let mut p = vec![0.3; 24];
    p[12] = 1.0;
    p[13] = 0.5;
    p[14] = 0.2;
    let a = Autoscale {
        hold: vec![[12, 14]],
        ..Autoscale::default()
    };
    let s = scaling(&a, Some(&p));
    let (_, m) = plain(
        1000.0,
        Bounds {
            per: 10.0,
            min: 1.0,
            max: None,
        },
        &s,
    );
    let at_start = m[720].replicas;
    for t in 720..840 {
        assert!(
            m[t].replicas >= m[t - 1].replicas.min(at_start),
            "minute {t}"
        );
        assert_eq!(
            m[t].replicas, at_start,
            "the load falls, the replicas stay (minute {t})"
        );
    }
    // Once the range ends (and the 5-minute window has passed) they fall.
    assert!(m[850].replicas < at_start);
}

#[test]
fn pre_scaling_reaches_the_range_s_need_exactly_that_many_minutes_before() {
    let mut p = vec![0.1; 24];
    p[18..21].fill(1.0);
    let a = Autoscale {
        hold: vec![[18, 21]],
        pre_scale: 30,
        ..Autoscale::default()
    };
    let s = scaling(&a, Some(&p));
    let (_, m) = plain(
        100.0,
        Bounds {
            per: 10.0,
            min: 1.0,
            max: None,
        },
        &s,
    );
    // need = ceil(100 x 1 / (10 x 0.7)) = 15, from 17:30 (minute 1050).
    assert_eq!(m[1050].replicas, 15);
    assert!(m[1049].replicas < 15, "{}", m[1049].replicas);
    assert!(m[1050..1260].iter().all(|x| x.replicas >= 15));
}

#[test]
fn warm_up_on_a_rising_load_leaves_minutes_over_capacity_that_vanish_without_it() {
    let mut p = vec![0.1; 24];
    p[9..24].fill(1.0);
    let b = Bounds {
        per: 10.0,
        min: 1.0,
        max: None,
    };
    let slow = scaling(
        &Autoscale {
            warmup: 10,
            ..Autoscale::default()
        },
        Some(&p),
    );
    let fast = scaling(&Autoscale::default(), Some(&p));
    let (late, _) = plain(500.0, b, &slow);
    let (prompt, _) = plain(500.0, b, &fast);
    assert!(late.minutes_over_capacity > 0);
    assert!(late.unserved_share > 0.0);
    assert_eq!(prompt.minutes_over_capacity, 0);
    assert_eq!(prompt.unserved_share, 0.0);
}

/// Load 8 x f on replicas of 1: f is 1 in hours 0-10, falls to 0 over hour
/// 11, is 0 in hours 12-22 and rises back over hour 23. Up: +2 at >= 70% for
/// 2 minutes, 5-minute cooldown; down: -1 at <= 30% for 10 minutes,
/// 10-minute cooldown; 1 to 10 replicas. Worked out by hand (each
/// threshold crossing is at least 0.005 from its threshold):
/// - Hours 0-10: 10 replicas (80% wants more; max is 10).
/// - Hour 11: utilization 0.8 f falls to <= 30% at 11:38 (minute 698);
///   10 minutes later (707) -1, then -1 every 10 minutes: 9 at 707, 8 at
///   717, ..., 1 at 787.
/// - Hour 23: 8 f / R >= 70% first at 1386 (R 1), 1396 (R 3), 1407 (R 5),
///   1417 (R 7), 1428 (R 9); the rule holds 2 minutes later: +2 at 1387,
///   1397, 1408, 1418, and 10 (the max) at 1429.
#[test]
fn a_step_policy_on_a_square_wave_follows_the_hand_worked_timeline() {
    let mut p = vec![0.0; 24];
    for v in p.iter_mut().take(12) {
        *v = 1.0;
    }
    let a = Autoscale {
        policy: ScalePolicy::Step,
        up: StepUp {
            at: 0.7,
            minutes: 2,
            add: 2,
            cooldown: 5,
        },
        down: StepDown {
            at: 0.3,
            minutes: 10,
            remove: 1,
            cooldown: 10,
        },
        ..Autoscale::default()
    };
    let s = scaling(&a, Some(&p));
    let (f, m) = plain(
        8.0,
        Bounds {
            per: 1.0,
            min: 1.0,
            max: Some(10.0),
        },
        &s,
    );
    let want = |t: usize| -> u64 {
        match t {
            0..=706 => 10,
            707..=786 => 9 - (t as u64 - 707) / 10,
            787..=1386 => 1,
            1387..=1396 => 3,
            1397..=1407 => 5,
            1408..=1417 => 7,
            1418..=1428 => 9,
            _ => 10,
        }
    };
    for (t, x) in m.iter().enumerate() {
        assert_eq!(x.replicas, want(t), "minute {t}");
    }
    let total: u64 = (0..DAY).map(want).sum();
    assert_eq!(f.average_replicas, total as f64 / 1440.0);
    assert_eq!(f.peak_replicas, 10.0);
    // The average alone passes over the quiet hours and gets the same sum.
    let b = Bounds {
        per: 1.0,
        min: 1.0,
        max: Some(10.0),
    };
    assert_eq!(day::average_replicas(8.0, &b, &s), total as f64 / 1440.0);
}

/// A load that has run away (a path whose growth overflows) neither
/// overflows the day's sum of replicas nor walks millions of replica
/// counts one by one: the day is the plain day's, capped at MOST_REPLICAS.
#[test]
fn a_runaway_load_is_counted_without_overflow() {
    let s = scaling(&Autoscale::default(), Some(&evening_peak()));
    for q in [3e6, 1e30, f64::INFINITY] {
        let b = Bounds {
            per: 1.0,
            min: 0.0,
            max: None,
        };
        let (slow, _) = plain(q, b, &s);
        assert_eq!(day::day(q, &b, &s, None), slow, "q = {q}");
        assert_eq!(
            day::average_replicas(q, &b, &s),
            slow.average_replicas,
            "q = {q}"
        );
    }
    let b = Bounds {
        per: 1.0,
        min: 0.0,
        max: None,
    };
    assert_eq!(
        plain(1e30, b, &s).0.peak_replicas,
        day::MOST_REPLICAS as f64
    );
}

fn arb_autoscale() -> impl Strategy<Value = (Autoscale, Vec<f64>)> {
    (
        prop::collection::vec(0.0f64..1.0, 24),
        0.2f64..1.0,
        0u32..20,
        prop::option::of((0u32..23, 1u32..6)),
        0u32..90,
    )
        .prop_map(|(mut p, target, window, hold, pre)| {
            p[7] = 1.0; // never all 0
            let hold = hold
                .map(|(from, len)| [from, (from + len).min(24)])
                .into_iter()
                .collect();
            let a = Autoscale {
                target: headroom::engine::Num::Fixed(target),
                scale_down_window: window,
                hold,
                pre_scale: pre,
                ..Autoscale::default()
            };
            (a, p)
        })
}

/// A step policy with any rules, warm-up, hold range and pre-scaling, over
/// a profile of a few levels (flat stretches, zeros and ties between
/// hours, where spans of the day are passed over whole).
fn arb_step() -> impl Strategy<Value = (Autoscale, Vec<f64>)> {
    (
        arb_autoscale(),
        prop::collection::vec(
            prop::sample::select(vec![0.0, 0.1, 0.25, 0.5, 0.75, 1.0]),
            24,
        ),
        (0.05f64..1.0, 1u32..6, 1u32..4, 0u32..12),
        (0.0f64..1.0, 1u32..15, 1u32..4, 0u32..15),
        (0u32..12, any::<bool>()),
    )
        .prop_map(|((a, smooth), levels, up, down, (warmup, stepped))| {
            let mut p = if stepped { levels } else { smooth };
            p[7] = 1.0;
            let a = Autoscale {
                policy: ScalePolicy::Step,
                up: StepUp {
                    at: up.0,
                    minutes: up.1,
                    add: up.2,
                    cooldown: up.3,
                },
                down: StepDown {
                    at: down.0 * up.0,
                    minutes: down.1,
                    remove: down.2,
                    cooldown: down.3,
                },
                warmup,
                ..a
            };
            (a, p)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A step policy's average replicas, which pass over the spans of the
    /// day where nothing changes, equal the plain day's, counted minute by
    /// minute: at any load, and at loads that put a minute's utilization
    /// exactly on a threshold (give or take a few units in the last place)
    /// for some ready count.
    #[test]
    fn a_step_day_s_average_equals_the_plain_day_s((a, p) in arb_step(), q in 0.0f64..5e3, edge in any::<bool>(), minute in 0usize..DAY, ready in 1u32..30, ulps in -3i32..=3, per in 1.0f64..100.0, min in 0u32..4, span in prop::option::of(0u32..40)) {
        let s = scaling(&a, Some(&p));
        let at = if ready % 2 == 0 { s.up.0 } else { s.down.0 };
        let f = s.shape[minute];
        let q = if edge && f > 0.0 { at * (ready as f64 * per) / f } else { q };
        let q = f64::from_bits((q.to_bits() as i64 + ulps as i64).max(0) as u64);
        let b = Bounds { per, min: min as f64, max: span.map(|x| (min + x) as f64) };
        let (slow, _) = plain(q, b, &s);
        prop_assert_eq!(day::average_replicas(q, &b, &s), slow.average_replicas);
    }

    /// The target policy without warm-up on its precomputed curve gives the
    /// plain day's figures and minutes exactly, and the average alone too.
    #[test]
    fn the_curve_equals_the_plain_day((a, p) in arb_autoscale(), q in 0.0f64..5e4, per in 1.0f64..500.0, min in 0.0f64..5.0, span in prop::option::of(0.0f64..60.0)) {
        let s = scaling(&a, Some(&p));
        prop_assert!(s.curve.is_some());
        let b = Bounds { per, min, max: span.map(|x| min + x) };
        let mut fast_minutes = Vec::new();
        let fast = day::day(q, &b, &s, Some(&mut fast_minutes));
        let (slow, slow_minutes) = plain(q, b, &s);
        prop_assert_eq!(fast, slow);
        prop_assert_eq!(fast_minutes, slow_minutes);
        prop_assert_eq!(day::day(q, &b, &s, None), slow);
        prop_assert_eq!(day::average_replicas(q, &b, &s), slow.average_replicas);
    }

    /// With warm-up, the curve's day (replicas from the curve, ready ones as
    /// the least paid for over the warm-up) equals the plain day too, and a
    /// day's average replicas do not depend on the warm-up at all.
    #[test]
    fn the_curve_equals_the_plain_day_with_warm_up((a, p) in arb_autoscale(), warmup in 1u32..1441, q in 0.0f64..5e4, per in 1.0f64..500.0, min in 0.0f64..5.0, span in prop::option::of(0.0f64..60.0)) {
        let warm = Autoscale { warmup, ..a.clone() };
        let s = scaling(&warm, Some(&p));
        prop_assert!(s.curve.is_some());
        let b = Bounds { per, min, max: span.map(|x| min + x) };
        let mut fast_minutes = Vec::new();
        let fast = day::day(q, &b, &s, Some(&mut fast_minutes));
        let (slow, slow_minutes) = plain(q, b, &s);
        prop_assert_eq!(fast_minutes, slow_minutes);
        prop_assert_eq!(fast, slow);
        prop_assert_eq!(day::day(q, &b, &s, None), slow);
        let prompt = scaling(&a, Some(&p));
        prop_assert_eq!(day::average_replicas(q, &b, &s), slow.average_replicas);
        prop_assert_eq!(day::average_replicas(q, &b, &prompt), slow.average_replicas);
    }

    /// The same where the load of some minute sits exactly on a replica
    /// boundary (q F / (per target) a whole number, give or take the
    /// rounding), where the fast path must check the count exactly.
    #[test]
    fn the_curve_equals_the_plain_day_on_replica_boundaries((a, p) in arb_autoscale(), minute in 0usize..DAY, j in 1u32..40, nudge in -3i32..=3, ulps in -4i32..=4, per in 1.0f64..500.0, span in prop::option::of(0u32..40)) {
        let s = scaling(&a, Some(&p));
        let peak = s.curve.as_ref().unwrap().peak[minute];
        // Nudged by whole and fractional parts of the tolerance of the
        // rounding (1e-9), then by a few units in the last place.
        let q = j as f64 * per * s.target / peak * (1.0 + nudge as f64 * 0.5e-9);
        let q = f64::from_bits((q.to_bits() as i64 + ulps as i64) as u64);
        let b = Bounds { per, min: 1.0, max: span.map(|x| 1.0 + x as f64) };
        let (slow, _) = plain(q, b, &s);
        prop_assert_eq!(day::day(q, &b, &s, None), slow);
        prop_assert_eq!(day::average_replicas(q, &b, &s), slow.average_replicas);
    }

    /// Min and max bound every minute, whatever the policy.
    #[test]
    fn min_and_max_bound_every_minute((a, p) in arb_autoscale(), step in any::<bool>(), warmup in 0u32..15, q in 0.0f64..5e4, min in 0u32..5, span in 0u32..40) {
        let a = Autoscale { policy: if step { ScalePolicy::Step } else { ScalePolicy::Target }, warmup, ..a };
        let s = scaling(&a, Some(&p));
        let b = Bounds { per: 40.0, min: min as f64, max: Some((min + span) as f64) };
        let (_, m) = plain(q, b, &s);
        prop_assert!(m.iter().all(|x| x.replicas >= min as u64 && x.replicas <= (min + span) as u64));
    }
}

/// Any finite profile gives a shape within [0, 1]: hours near the largest
/// number a plan can hold do not overflow the interpolation.
#[test]
fn a_profile_of_huge_numbers_gives_a_finite_shape() {
    let mut p = vec![1e-308; 24];
    p[5] = 1e308;
    p[6] = 1.7e308;
    let f = day::shape(Some(&p));
    assert!(
        f.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)),
        "{f:?}"
    );
    assert_eq!(f[6 * 60], 1.0);
    let s = scaling(&Autoscale::default(), Some(&p));
    let b = Bounds {
        per: 10.0,
        min: 1.0,
        max: Some(50.0),
    };
    let d = day::day(200.0, &b, &s, None);
    assert!(d.unserved_share.is_finite() && d.average_replicas >= 1.0);
}
