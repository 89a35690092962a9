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

/// A preset file's text. The app's wasm holds it without the blanks
/// between tokens (computed while compiling: 1.4 KB less gzip); the command
/// line prints it as written (`headroom preset NAME`).
macro_rules! preset_text {
    ($file:literal) => {{
        #[cfg(target_arch = "wasm32")]
        {
            const TEXT: &[u8] = include_bytes!($file);
            const N: usize = minify_json(TEXT, &mut []);
            const OUT: [u8; N] = {
                let mut out = [0; N];
                minify_json(TEXT, &mut out);
                out
            };
            match std::str::from_utf8(&OUT) {
                Ok(text) => text,
                Err(_) => panic!("a preset file is UTF-8"),
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            include_str!($file)
        }
    }};
}

/// Copies JSON `text` into `out` without the blanks between tokens (those
/// inside strings stay) and gives the length of the result; with `out`
/// shorter than that, only counts. A `const fn`, so that the wasm holds
/// the result alone.
pub const fn minify_json(text: &[u8], out: &mut [u8]) -> usize {
    let (mut i, mut n) = (0, 0);
    let (mut in_string, mut escaped) = (false, false);
    while i < text.len() {
        let c = text[i];
        let keep = if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
            }
            true
        } else {
            in_string = c == b'"';
            !matches!(c, b' ' | b'\n' | b'\r' | b'\t')
        };
        if keep {
            if n < out.len() {
                out[n] = c;
            }
            n += 1;
        }
        i += 1;
    }
    n
}

/// The default plan comes first.
pub const PRESETS: [Preset; 7] = [
    Preset {
        name: "three-tier",
        json: preset_text!("three_tier.json"),
    },
    Preset {
        name: "launch",
        json: preset_text!("launch.json"),
    },
    Preset {
        name: "managed-services",
        json: preset_text!("managed_services.json"),
    },
    Preset {
        name: "vps-to-cluster",
        json: preset_text!("vps_to_cluster.json"),
    },
    Preset {
        name: "elastic-step",
        json: preset_text!("elastic_step.json"),
    },
    Preset {
        name: "elastic-hpa",
        json: preset_text!("elastic_hpa.json"),
    },
    Preset {
        name: "launch-hpa",
        json: preset_text!("launch_hpa.json"),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The text the wasm holds reads as the same plan, blanks inside
    /// strings (names, descriptions, escaped quotes) kept.
    #[test]
    fn a_minified_preset_is_the_same_plan() {
        for p in PRESETS.iter() {
            let text = p.json.as_bytes();
            let n = minify_json(text, &mut []);
            let mut out = vec![0; n];
            assert_eq!(minify_json(text, &mut out), n);
            let small = std::str::from_utf8(&out).unwrap();
            assert!(n < text.len() && !small.contains('\n'), "{}", p.name);
            assert_eq!(
                plan_json::load(small),
                plan_json::load(p.json),
                "{}",
                p.name
            );
        }
        let text = br#"{ "a b": "c \" d\\", "e" : [ 1 , 2 ] }"#;
        let mut out = [0; 64];
        let n = minify_json(text, &mut out);
        assert_eq!(&out[..n], br#"{"a b":"c \" d\\","e":[1,2]}"#);
    }
}
