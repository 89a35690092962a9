//! A month's day of autoscaled components (MODEL.md section 10) as the
//! command line prints it: a readable summary with an hourly digest, every
//! minute as CSV or JSON, and Kubernetes HPA manifests of target policies.

use super::numbers::{money, percent, quantity, thousands};
use crate::engine::day::{ComponentDay, DAY};
use crate::engine::{Plan, Quantity, ScalePolicy};
use serde_json::{json, Value};

/// The days of one month's tier.
pub struct Report<'a> {
    pub plan: &'a Plan,
    pub scenario: usize,
    pub month: u32,
    pub tier: usize,
    pub days: &'a [ComponentDay],
}

impl Report<'_> {
    fn name(&self, d: &ComponentDay) -> &str {
        &self.plan.tiers[self.tier].components[d.component].name
    }
}

fn policy_name(p: ScalePolicy) -> &'static str {
    match p {
        ScalePolicy::Target => "target",
        ScalePolicy::Step => "step",
    }
}

/// JSON: every figure and every minute, full precision.
pub fn json(r: &Report) -> String {
    let components: Vec<Value> = (r.days.iter())
        .map(|d| {
            let f = &d.figures;
            json!({
                "name": r.name(d),
                "policy": policy_name(d.policy),
                "average_replicas": f.average_replicas,
                "peak_replicas": f.peak_replicas,
                "replica_hours": f.replica_hours,
                "minutes_over_target": f.minutes_over_target,
                "minutes_over_capacity": f.minutes_over_capacity,
                "unserved_share": f.unserved_share,
                "static_replicas": d.static_replicas,
                "saving": f.saving,
                "minutes": d.minutes.iter().map(|m| json!({
                    "minute": m.minute,
                    "load": m.load,
                    "replicas": m.replicas,
                    "ready": m.ready,
                    // No replica ready under load: JSON has no infinity.
                    "utilization": if m.utilization.is_finite() { json!(m.utilization) } else { Value::Null },
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let v = json!({
        "scenario": r.plan.scenarios[r.scenario].id,
        "month": r.month,
        "tier": r.plan.tiers[r.tier].id,
        "components": components,
    });
    super::uncertainty::pretty(&v)
}

/// CSV: one row per component and minute.
pub fn csv(r: &Report) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "component",
        "minute",
        "load",
        "replicas",
        "ready",
        "utilization",
    ]);
    for d in r.days {
        for m in &d.minutes {
            let _ = w.write_record([
                super::csv::safe_text(r.name(d)),
                m.minute.to_string(),
                super::numbers::csv_number(m.load),
                m.replicas.to_string(),
                m.ready.to_string(),
                if m.utilization.is_finite() {
                    super::numbers::csv_number(m.utilization)
                } else {
                    "inf".into()
                },
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A readable summary and an hourly digest per component.
pub fn table(r: &Report) -> String {
    let plan = r.plan;
    let mut out = format!(
        "{} scenario, month {}: tier {}\n",
        plan.scenarios[r.scenario].label, r.month, plan.tiers[r.tier].label
    );
    if r.days.is_empty() {
        out.push_str("No autoscaled component in this tier.\n");
        return out;
    }
    for d in r.days {
        let f = &d.figures;
        out.push_str(&format!(
            "\n{} ({} policy)\n  replicas: average {}, peak {}; {} replica-hours a day\n  saving against the peak all day: {} a month\n  minutes over target: {}; over capacity: {}; unserved: {}\n\n  hour  load           replicas  over target\n",
            r.name(d),
            policy_name(d.policy),
            thousands(f.average_replicas, 2),
            quantity(f.peak_replicas),
            thousands(f.replica_hours, 1),
            money(f.saving, &plan.currency),
            f.minutes_over_target,
            f.minutes_over_capacity,
            percent(f.unserved_share),
        ));
        let limit = over_limit(plan, r.tier, d);
        for (h, hour) in d.minutes.chunks(60).enumerate() {
            let load = hour.iter().map(|m| m.load).sum::<f64>() / hour.len() as f64;
            let lo = hour.iter().map(|m| m.replicas).min().unwrap_or(0);
            let hi = hour.iter().map(|m| m.replicas).max().unwrap_or(0);
            let over = hour.iter().filter(|m| m.utilization > limit).count();
            let replicas = if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}-{hi}")
            };
            out.push_str(&format!(
                "  {h:02}:00 {:>14} {replicas:>9} {over:>12}\n",
                thousands(load, 1)
            ));
        }
    }
    debug_assert!(r.days.iter().all(|d| d.minutes.len() == DAY));
    out
}

/// The utilization a minute counts as over target past.
fn over_limit(plan: &Plan, tier: usize, d: &ComponentDay) -> f64 {
    match &plan.tiers[tier].components[d.component].quantity {
        Quantity::Sized {
            autoscale: Some(a), ..
        } => match a.policy {
            ScalePolicy::Target => a.target.median(),
            ScalePolicy::Step => a.up.at,
        },
        _ => 1.0,
    }
}

/// A name Kubernetes accepts (lower case letters, digits and '-').
fn k8s_name(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let s = words.join("-");
    let s: String = s.chars().take(63).collect();
    if s.is_empty() {
        "component".into()
    } else {
        s.trim_end_matches('-').to_string()
    }
}

/// `autoscaling/v2` HorizontalPodAutoscaler manifests, one per
/// target-policy component: its min and max replicas, its target as the
/// average CPU utilization, its scale-down window as the stabilization
/// window. The names are guesses from the component's name: fill them in.
pub fn hpa(r: &Report) -> String {
    let mut docs = Vec::new();
    for d in r.days.iter().filter(|d| d.policy == ScalePolicy::Target) {
        let c = &r.plan.tiers[r.tier].components[d.component];
        let Quantity::Sized {
            min,
            max,
            autoscale: Some(a),
            ..
        } = &c.quantity
        else {
            continue;
        };
        let min_replicas = min.as_ref().map_or(1.0, |n| n.median().ceil()).max(1.0) as u64;
        let max_replicas = (max
            .as_ref()
            .map_or(d.static_replicas, |n| n.median().floor()) as u64)
            .max(min_replicas);
        let target = ((a.target.median() * 100.0).round() as u64).clamp(1, 100);
        let name = k8s_name(&c.name);
        docs.push(format!(
            "# {} ({}), from Headroom: fill in the names, then kubectl apply -f\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {name}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: {name}\n  minReplicas: {min_replicas}\n  maxReplicas: {max_replicas}\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: {target}\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: {}\n",
            c.name.replace('\n', " "),
            r.plan.tiers[r.tier].label.replace('\n', " "),
            a.scale_down_window as u64 * 60,
        ));
    }
    if docs.is_empty() {
        return "# No target-policy autoscaled component in this tier: nothing for an HPA.\n"
            .into();
    }
    docs.join("---\n")
}
