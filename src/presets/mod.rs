//! Ready-made plans, one for each seed document's way of planning. They are
//! embedded in the binary and the app, and must always validate.

use crate::engine::Plan;
// Presets are plan files: read by the plan file reader, the one part of
// `formats` below them (ARCHITECTURE.md, "Layers").
use crate::formats::plan_json;

pub struct Preset {
    /// The name used on the command line and in links.
    pub name: &'static str,
    pub json: &'static str,
}

/// The default plan comes first.
pub const PRESETS: [Preset; 7] = [
    Preset {
        name: "three-tier",
        json: include_str!("three_tier.json"),
    },
    Preset {
        name: "launch",
        json: include_str!("launch.json"),
    },
    Preset {
        name: "managed-services",
        json: include_str!("managed_services.json"),
    },
    Preset {
        name: "vps-to-cluster",
        json: include_str!("vps_to_cluster.json"),
    },
    Preset {
        name: "elastic-step",
        json: include_str!("elastic_step.json"),
    },
    Preset {
        name: "elastic-hpa",
        json: include_str!("elastic_hpa.json"),
    },
    Preset {
        name: "launch-hpa",
        json: include_str!("launch_hpa.json"),
    },
];

pub const DEFAULT: &str = "three-tier";

impl Preset {
    /// The preset as a plan. Presets are checked by tests, so this cannot fail
    /// in a released build; it returns an error rather than panic regardless.
    pub fn plan(&self) -> Result<Plan, String> {
        plan_json::load(self.json).map_err(|errs| {
            let list: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
            format!("preset {} is invalid: {}", self.name, list.join("; "))
        })
    }

    /// What a person reads for the preset: its plan's name (its own name,
    /// `three-tier`, is for the command line and links).
    pub fn title(&self) -> String {
        self.plan()
            .map_or_else(|_| self.name.to_string(), |plan| plan.name)
    }
}

pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// The default plan (the three-tier platform).
pub fn default_plan() -> Plan {
    find(DEFAULT)
        .and_then(|p| p.plan().ok())
        .expect("the default preset is valid (tested)")
}

pub fn names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}

/// The plan "start from a blank plan" gives: the default scenarios, no
/// drivers, and one empty tier that carries 1,000 users.
pub fn blank_plan() -> Plan {
    use crate::engine::{default_scenarios, Policy, SCHEMA_VERSION};
    let mut plan = Plan {
        schema: SCHEMA_VERSION,
        name: "Untitled plan".to_string(),
        description: None,
        currency: "USD".to_string(),
        horizon_months: 24,
        initial_users: 1000.0.into(),
        seed: None,
        daily_profile: None,
        scenarios: default_scenarios(),
        metrics: Vec::new(),
        tiers: Vec::new(),
        policy: Policy::default(),
        pricing: None,
        start: None,
        actuals: Vec::new(),
    };
    plan.add_tier();
    plan
}

/// Named daily load shapes to start a plan's `daily_profile` from: the load
/// in each hour (UTC) relative to the busiest.
pub const DAILY_SHAPES: [(&str, &str, [f64; 24]); 5] = [
    ("flat", "Flat", [1.0; 24]),
    (
        "business",
        "Business hours (09:00-17:00)",
        [
            0.15, 0.1, 0.1, 0.1, 0.1, 0.15, 0.25, 0.5, 0.8, 1.0, 1.0, 1.0, 0.9, 1.0, 1.0, 1.0, 0.9,
            0.6, 0.4, 0.3, 0.25, 0.2, 0.2, 0.15,
        ],
    ),
    (
        "evening",
        "Evening peak (17:00-21:00)",
        [
            0.25, 0.2, 0.2, 0.2, 0.2, 0.25, 0.3, 0.4, 0.5, 0.55, 0.55, 0.55, 0.6, 0.6, 0.55, 0.55,
            0.7, 1.0, 1.0, 1.0, 1.0, 0.7, 0.5, 0.35,
        ],
    ),
    (
        "two-peaks",
        "Two peaks (morning and evening)",
        [
            0.2, 0.15, 0.15, 0.15, 0.2, 0.35, 0.7, 1.0, 0.9, 0.6, 0.5, 0.5, 0.55, 0.5, 0.5, 0.55,
            0.7, 0.9, 1.0, 0.9, 0.7, 0.5, 0.35, 0.25,
        ],
    ),
    (
        "global",
        "Global (users in every time zone)",
        [
            0.8, 0.75, 0.7, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.0, 0.95, 0.9, 0.9, 0.95, 1.0,
            1.0, 0.95, 0.9, 0.9, 0.85, 0.85, 0.8, 0.8,
        ],
    ),
];
