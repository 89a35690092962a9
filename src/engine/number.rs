//! A numeric input of a plan: a plain number or an uncertain range
//! (MODEL.md section 7). The deterministic forecast uses the range's median.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Shape of the distribution behind a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dist {
    /// The range is a 90% interval of a normal distribution.
    #[default]
    Normal,
    /// The range is a 90% interval of a lognormal distribution (needs low > 0).
    Lognormal,
}

/// A number, or a 90% interval `{low, high, dist?}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    Fixed(f64),
    Range { low: f64, high: f64, dist: Dist },
}

impl Num {
    /// The value the deterministic forecast uses: the number itself, or the
    /// range's median (midpoint for normal, geometric mean for lognormal).
    pub fn median(&self) -> f64 {
        match *self {
            Num::Fixed(v) => v,
            Num::Range {
                low,
                high,
                dist: Dist::Normal,
            } => low + (high - low) / 2.0,
            Num::Range {
                low,
                high,
                dist: Dist::Lognormal,
            } => (low * high).sqrt(),
        }
    }

    /// Both ends of the input (a plain number twice), for domain checks.
    pub fn ends(&self) -> [f64; 2] {
        match *self {
            Num::Fixed(v) => [v, v],
            Num::Range { low, high, .. } => [low, high],
        }
    }
}

impl From<f64> for Num {
    fn from(v: f64) -> Self {
        Num::Fixed(v)
    }
}

impl Default for Num {
    fn default() -> Self {
        Num::Fixed(0.0)
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Num::Fixed(v) => s.serialize_f64(v),
            Num::Range { low, high, dist } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("low", &low)?;
                m.serialize_entry("high", &high)?;
                if dist != Dist::Normal {
                    m.serialize_entry("dist", &dist)?;
                }
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumVisitor)
    }
}

struct NumVisitor;

impl<'de> Visitor<'de> for NumVisitor {
    type Value = Num;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or a range {\"low\": number, \"high\": number}")
    }

    // + 0.0: a plan never holds -0 (it would print as "-0").
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
        Ok(Num::Fixed(v + 0.0))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
        Ok(Num::Fixed(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
        Ok(Num::Fixed(v as f64))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Num, A::Error> {
        let raw = RawRange::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Num::Range {
            low: raw.low + 0.0,
            high: raw.high + 0.0,
            dist: raw.dist.unwrap_or_default(),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    low: f64,
    high: f64,
    dist: Option<Dist>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_follow_the_distribution() {
        assert_eq!(Num::Fixed(3.0).median(), 3.0);
        let n = Num::Range {
            low: 0.1,
            high: 0.3,
            dist: Dist::Normal,
        };
        assert!((n.median() - 0.2).abs() < 1e-15);
        let l = Num::Range {
            low: 4.0,
            high: 9.0,
            dist: Dist::Lognormal,
        };
        assert!((l.median() - 6.0).abs() < 1e-12);
    }

    #[test]
    fn decodes_numbers_and_ranges_and_rejects_strays() {
        let n: Num = serde_json::from_str("12").unwrap();
        assert_eq!(n, Num::Fixed(12.0));
        let r: Num = serde_json::from_str(r#"{"low": 1, "high": 2, "dist": "lognormal"}"#).unwrap();
        assert_eq!(
            r,
            Num::Range {
                low: 1.0,
                high: 2.0,
                dist: Dist::Lognormal
            }
        );
        let err = serde_json::from_str::<Num>(r#"{"low": 1, "hgh": 2}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `hgh`"), "{err}");
        let err = serde_json::from_str::<Num>(r#""12""#).unwrap_err();
        assert!(err.to_string().contains("a number or a range"), "{err}");
    }

    #[test]
    fn round_trips_through_json() {
        for n in [
            Num::Fixed(0.25),
            Num::Range {
                low: 1.0,
                high: 5.0,
                dist: Dist::Normal,
            },
        ] {
            let text = serde_json::to_string(&n).unwrap();
            assert_eq!(serde_json::from_str::<Num>(&text).unwrap(), n);
        }
    }
}
