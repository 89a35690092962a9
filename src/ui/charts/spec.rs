//! What a chart shows, independent of how it is drawn: series by month,
//! reference lines, and tier bands. Built from a forecast by `results`.

use crate::formats::numbers::{compact, compact_money, money, percent, quantity};

/// Okabe-Ito colours: distinct for the common forms of colour blindness.
pub const SERIES_COLOURS: [(u8, u8, u8); 7] = [
    (0, 114, 178),   // blue
    (230, 159, 0),   // orange
    (0, 158, 115),   // bluish green
    (204, 121, 167), // reddish purple
    (86, 180, 233),  // sky blue
    (213, 94, 0),    // vermillion
    (120, 120, 120), // grey
];

pub fn colour(i: usize) -> (u8, u8, u8) {
    SERIES_COLOURS[i % SERIES_COLOURS.len()]
}

/// How the values of a chart read.
#[derive(Debug, Clone, PartialEq)]
pub enum Unit {
    Users,
    Money(String),
    Percent,
}

impl Unit {
    pub fn axis(&self, v: f64) -> String {
        match self {
            Unit::Users => compact(v),
            Unit::Money(c) => compact_money(v, c),
            Unit::Percent => format!("{:.0}%", v * 100.0),
        }
    }
    pub fn full(&self, v: f64) -> String {
        match self {
            Unit::Users => quantity(v.round()),
            Unit::Money(c) => money(v, c),
            Unit::Percent => percent(v),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// Index into [`SERIES_COLOURS`].
    pub colour: usize,
    /// One value per month, month 0 first.
    pub values: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    /// The chart's accessible name and heading.
    pub title: String,
    pub y_label: String,
    pub unit: Unit,
    pub series: Vec<Series>,
    /// Series stack on each other (costs by category).
    pub stacked: bool,
    /// Horizontal reference lines: (label, value).
    pub lines: Vec<(String, f64)>,
    /// Shaded month spans with a label (the tier in use).
    pub bands: Vec<(u32, u32, String)>,
}

impl ChartSpec {
    pub fn months(&self) -> usize {
        self.series.first().map_or(0, |s| s.values.len())
    }

    /// The top of the y axis: the largest value (or stack), a reference
    /// line, with 10% headroom; never 0.
    pub fn y_max(&self) -> f64 {
        let n = self.months();
        let top = if self.stacked {
            (0..n)
                .map(|m| self.series.iter().map(|s| s.values[m]).sum::<f64>())
                .fold(0.0, f64::max)
        } else {
            self.series
                .iter()
                .flat_map(|s| s.values.iter().copied())
                .fold(0.0, f64::max)
        };
        let top = self.lines.iter().map(|l| l.1).fold(top, f64::max);
        if top.is_finite() && top > 0.0 {
            top * 1.1
        } else {
            1.0
        }
    }

    /// "Month 9: Conservative 21,436 users; Moderate ..." for the readout.
    pub fn readout(&self, month: usize) -> String {
        let parts: Vec<String> = self
            .series
            .iter()
            .filter_map(|s| {
                Some(format!(
                    "{} {}",
                    s.name,
                    self.unit.full(*s.values.get(month)?)
                ))
            })
            .collect();
        let total = if self.stacked && self.series.len() > 1 {
            let sum: f64 = self.series.iter().filter_map(|s| s.values.get(month)).sum();
            format!("; total {}", self.unit.full(sum))
        } else {
            String::new()
        };
        let band = self
            .bands
            .iter()
            .find(|b| (b.0 as usize..=b.1 as usize).contains(&month))
            .map_or(String::new(), |b| format!(" ({})", b.2));
        format!("Month {month}{band}: {}{total}", parts.join("; "))
    }
}
