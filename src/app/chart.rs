//! What a chart shows, independent of how it is drawn: series by month,
//! reference lines, and tier bands. Built from a forecast by `results`.

use crate::formats::numbers::{compact, compact_money, money, percent, quantity};

/// Okabe-Ito colours: distinct for the common forms of colour blindness.
/// Then two more for a commitment's parts (`report::COMMITTED_COLOUR`).
/// A colour as red, green and blue.
pub type Rgb = (u8, u8, u8);

pub const SERIES_COLOURS: [Rgb; 10] = [
    (0, 114, 178),   // blue
    (230, 159, 0),   // orange
    (0, 158, 115),   // bluish green
    (204, 121, 167), // reddish purple
    (86, 180, 233),  // sky blue
    (213, 94, 0),    // vermillion
    (120, 120, 120), // grey
    (0, 114, 178),   // blue (as before: the eighth category wraps round)
    (0, 73, 114),    // deep blue: committed spend
    (240, 228, 66),  // yellow: on demand past the commitment
];

/// The grey of a plain forecast drawn beside its simulated fan (dashed).
pub const PLAIN_FORECAST: usize = 6;

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

/// A share on an axis: "45%", and past 1,000% as [`compact`] shortens
/// it ("25k%", "2e102%": an extreme plan can give such utilization).
pub fn percent_axis(v: f64) -> String {
    let p = v * 100.0;
    if p.abs() < 0.5 {
        "0%".into()
    } else if p.abs() < 1000.0 {
        format!("{p:.0}%")
    } else {
        format!("{}%", compact(p))
    }
}

/// A share on an axis whose labels are about `step` apart: as many
/// decimals as tell neighbours apart ("0.25%" on a residual axis of
/// +-1%), and never "-0%".
pub fn percent_axis_step(v: f64, step: f64) -> String {
    let step = step * 100.0;
    let p = v * 100.0;
    if p.abs() >= 1000.0 || !(step > 0.0 && step < 1.0) {
        return percent_axis(v);
    }
    let decimals = ((-step.log10()).ceil() as usize).min(6);
    let text = format!("{p:.decimals$}");
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        "0%".into()
    } else {
        format!("{text}%")
    }
}

impl Unit {
    pub fn axis(&self, v: f64) -> String {
        match self {
            Unit::Users => compact(v),
            Unit::Money(c) => compact_money(v, c),
            Unit::Percent => percent_axis(v),
        }
    }

    /// [`Unit::axis`] on an axis spanning `span` (five labels or so).
    pub fn axis_in(&self, v: f64, span: f64) -> String {
        match self {
            Unit::Percent => percent_axis_step(v, span / 5.0),
            _ => self.axis(v),
        }
    }
    /// CSS pixels the y axis needs beside its plot: its widest tick label
    /// (12 px text, about 7 px a character) and its rotated title, so that
    /// "$400.5k" never pushes "USD per month" off a narrow chart.
    pub fn label_area(&self, min: f64, max: f64) -> f64 {
        let widest = (0..=10)
            .map(|k| {
                (self.axis_in(min + (max - min) * k as f64 / 10.0, max - min))
                    .chars()
                    .count()
            })
            .max()
            .unwrap_or(0);
        (widest as f64 * 7.0 + 30.0).max(58.0)
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

/// A band of simulated paths over the months: P5-P95 and P10-P90 shaded,
/// P50 as a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Fan {
    pub name: String,
    pub colour: usize,
    pub p5: Vec<f64>,
    pub p10: Vec<f64>,
    pub p50: Vec<f64>,
    pub p90: Vec<f64>,
    pub p95: Vec<f64>,
}

/// What kind of plot a chart is.
#[derive(Debug, Clone, PartialEq)]
pub enum Plot {
    /// Values by month (lines, stacked areas, fans).
    Months,
    /// Values by minute of a day (1,440 points), read in hours (UTC); the
    /// bands are minute spans (hold ranges).
    Day,
    /// A histogram: `series[0]` holds each bin's share of paths; the bins
    /// run between consecutive `edges`; `marker` is a labelled x value.
    Histogram {
        edges: Vec<f64>,
        marker: Option<(String, f64)>,
    },
    /// A tornado: per row, the result at an input's low and high end,
    /// around the base case.
    Tornado {
        base: f64,
        rows: Vec<(String, f64, f64)>,
    },
    /// Values against an amount of money (ascending `amounts`, one per
    /// value of `fans[0]`), with labelled amounts marked.
    Curve {
        amounts: Vec<f64>,
        markers: Vec<(String, f64)>,
    },
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
    pub fans: Vec<Fan>,
    /// Observed values drawn as dots, one per month (NaN: none that
    /// month), such as actual users.
    pub points: Vec<Series>,
    /// The month of the first value: negative for a chart of history.
    pub first_month: i32,
    /// The calendar month of month 0, to show months as dates too.
    pub start: Option<crate::engine::calendar::CalendarMonth>,
    /// The y axis is even about 0 and spans at least -1% to +1%: for
    /// residuals, which a near-perfect fit makes tiny.
    pub centred: bool,
    pub plot: Plot,
}

/// The band above a saved chart image ([`ChartSpec::image_head`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ImageHead {
    /// Each title line's start and middle height.
    pub titles: Vec<(f64, f64, String)>,
    pub entries: Vec<HeadEntry>,
    /// The band's height, above the chart.
    pub height: f64,
}

/// A legend entry in an image's band: its swatch at `x`, centred on `y`.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadEntry {
    pub x: f64,
    pub y: f64,
    pub colour: Option<Rgb>,
    pub text: String,
}

impl ChartSpec {
    /// A chart of values by month with nothing but `series`.
    pub fn months_chart(
        title: String,
        y_label: String,
        unit: Unit,
        series: Vec<Series>,
    ) -> ChartSpec {
        ChartSpec {
            title,
            y_label,
            unit,
            series,
            stacked: false,
            lines: Vec::new(),
            bands: Vec::new(),
            fans: Vec::new(),
            points: Vec::new(),
            first_month: 0,
            start: None,
            centred: false,
            plot: Plot::Months,
        }
    }

    /// The legend with each entry's colour (none for the dashed markers),
    /// for drawing it into a saved image.
    pub fn legend_colours(&self) -> Vec<(Option<Rgb>, String)> {
        (self.legend().into_iter())
            .map(|(class, text)| {
                let colour = (class.split_whitespace())
                    .find_map(|c| c.strip_prefix('c')?.parse::<usize>().ok())
                    .map(|i| SERIES_COLOURS[i % SERIES_COLOURS.len()]);
                (colour, text)
            })
            .collect()
    }

    /// Where a saved image's title lines and legend entries go above the
    /// chart, `width` wide at pixel ratio `px`: the title broken between
    /// words and the entries wrapped to the width, as `title_width` and
    /// `text_width` measure text in the title's and the legend's fonts.
    pub fn image_head(
        &self,
        width: f64,
        px: f64,
        title_width: &dyn Fn(&str) -> f64,
        text_width: &dyn Fn(&str) -> f64,
    ) -> ImageHead {
        let (pad, line) = (12.0 * px, 20.0 * px);
        let mut titles: Vec<String> = Vec::new();
        for word in self.title.split(' ') {
            match titles.last_mut() {
                Some(l) if title_width(&format!("{l} {word}")) <= width - 2.0 * pad => {
                    l.push(' ');
                    l.push_str(word);
                }
                _ => titles.push(word.to_string()),
            }
        }
        let top = pad + line * titles.len().max(1) as f64;
        let (mut x, mut row, mut entries) = (pad, 0.0, Vec::new());
        for (colour, text) in self.legend_colours() {
            let w = 16.0 * px + text_width(&text) + 14.0 * px;
            if x > pad && x + w > width - pad {
                (x, row) = (pad, row + line);
            }
            entries.push(HeadEntry {
                x,
                y: top + row + line / 2.0,
                colour,
                text,
            });
            x += w;
        }
        let legend = if entries.is_empty() { 0.0 } else { row + line };
        let titles = (titles.into_iter().enumerate())
            .map(|(i, t)| (pad, pad + line * (i as f64 + 0.5), t))
            .collect();
        ImageHead {
            titles,
            entries,
            height: top + legend + 4.0 * px,
        }
    }

    /// The legend's entries: a swatch class and its text.
    pub fn legend(&self) -> Vec<(String, String)> {
        let n = SERIES_COLOURS.len();
        let mut out: Vec<(String, String)> = (self.series.iter())
            .map(|x| (format!("swatch c{}", x.colour % n), x.name.clone()))
            .collect();
        let curve = matches!(self.plot, Plot::Curve { .. });
        out.extend(self.fans.iter().map(|f| {
            let what = if curve {
                "mean line, P10-P90 band"
            } else {
                "P50 line, P10-P90 and P5-P95 bands"
            };
            (
                format!("swatch band c{}", f.colour % n),
                format!("{}: {what}", f.name),
            )
        }));
        if curve {
            out.push((
                "swatch dashed".into(),
                "Best amount (red), this plan's amount (dark)".into(),
            ));
        }
        out.extend(
            (self.points.iter()).map(|p| (format!("swatch dot c{}", p.colour % n), p.name.clone())),
        );
        if !self.lines.is_empty() {
            out.push(("swatch dashed".into(), "Warn and target utilization".into()));
        }
        out
    }

    /// The month number of the value at `i`.
    pub fn month_at(&self, i: usize) -> i64 {
        i as i64 + i64::from(self.first_month)
    }

    /// The month of the value at `i` as a planner reads it: "8", or
    /// "8 (Jul 2027)" in a plan with a start.
    pub fn month_label(&self, i: usize) -> String {
        let m = self.month_at(i);
        match self.start {
            Some(s) => format!("{m} ({})", s.plus(m as i32).label()),
            None => m.to_string(),
        }
    }

    /// How many points the readout steps through (months, bins or rows).
    pub fn months(&self) -> usize {
        match &self.plot {
            Plot::Tornado { rows, .. } => rows.len(),
            _ => self
                .series
                .first()
                .map(|s| s.values.len())
                .or_else(|| self.fans.first().map(|f| f.p50.len()))
                .or_else(|| self.points.first().map(|p| p.values.len()))
                .unwrap_or(0),
        }
    }

    /// The chart's numbers as a table: header cells, then rows.
    pub fn table(&self) -> (Vec<String>, Vec<Vec<String>>) {
        match &self.plot {
            Plot::Months => {
                let mut head = vec!["Month".to_string()];
                head.extend(self.series.iter().map(|s| s.name.clone()));
                head.extend(self.points.iter().map(|s| s.name.clone()));
                for f in &self.fans {
                    for p in ["P5", "P10", "P50", "P90", "P95"] {
                        head.push(format!("{} {p}", f.name));
                    }
                }
                let rows = (0..self.months())
                    .map(|m| {
                        let mut row = vec![self.month_label(m)];
                        row.extend(self.series.iter().map(|s| self.unit.full(s.values[m])));
                        row.extend(
                            self.points
                                .iter()
                                .map(|p| self.point(p, m).unwrap_or_default()),
                        );
                        for f in &self.fans {
                            row.extend(
                                [&f.p5, &f.p10, &f.p50, &f.p90, &f.p95]
                                    .map(|v| self.unit.full(v[m])),
                            );
                        }
                        row
                    })
                    .collect();
                (head, rows)
            }
            Plot::Day => {
                let mut head = vec!["Time (UTC)".to_string()];
                head.extend(self.series.iter().map(|s| s.name.clone()));
                let rows = (0..self.months())
                    .step_by(60)
                    .map(|m| {
                        let mut row = vec![clock(m)];
                        row.extend(self.series.iter().map(|s| self.unit.full(s.values[m])));
                        row
                    })
                    .collect();
                (head, rows)
            }
            Plot::Histogram { edges, .. } => {
                let head = vec!["Total cost".to_string(), "Share of paths".to_string()];
                let rows = self.series[0]
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        vec![
                            format!("{} to {}", self.money(edges[i]), self.money(edges[i + 1])),
                            percent(*v),
                        ]
                    })
                    .collect();
                (head, rows)
            }
            Plot::Curve { amounts, .. } => {
                let head = ["Amount a month", "Mean total", "P10 total", "P90 total"]
                    .map(String::from)
                    .to_vec();
                let rows = (self.fans.first().into_iter())
                    .flat_map(|f| (0..amounts.len()).map(move |i| (f, i)))
                    .map(|(f, i)| {
                        [amounts[i], f.p50[i], f.p10[i], f.p90[i]]
                            .map(|v| self.unit.full(v))
                            .to_vec()
                    })
                    .collect();
                (head, rows)
            }
            Plot::Tornado { rows, .. } => {
                let head = vec![
                    "Input".to_string(),
                    "At its low end".to_string(),
                    "At its high end".to_string(),
                ];
                (
                    head,
                    rows.iter()
                        .map(|(l, a, b)| vec![l.clone(), self.unit.full(*a), self.unit.full(*b)])
                        .collect(),
                )
            }
        }
    }

    /// A dot's value at `m`, if it has one there.
    fn point(&self, p: &Series, m: usize) -> Option<String> {
        (p.values.get(m).copied())
            .filter(|v| v.is_finite())
            .map(|v| self.unit.full(v))
    }

    fn money(&self, v: f64) -> String {
        self.unit.full(v)
    }

    /// The top of the y axis: the largest value (or stack), a reference
    /// line, with 10% headroom; never 0.
    pub fn y_max(&self) -> f64 {
        if self.centred {
            return self.half_span();
        }
        let n = self.series.first().map_or(0, |s| s.values.len());
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
        let top = self
            .fans
            .iter()
            .flat_map(|f| f.p95.iter().copied())
            .chain(self.points.iter().flat_map(|p| p.values.iter().copied()))
            .fold(top, f64::max);
        if top.is_finite() && top > 0.0 {
            top * 1.1
        } else {
            1.0
        }
    }

    /// A centred axis's reach either side of 0: the largest value's size
    /// with 10% room, and at least 1%.
    fn half_span(&self) -> f64 {
        (self.series.iter().chain(&self.points))
            .flat_map(|s| s.values.iter().copied())
            .filter(|v| v.is_finite())
            .fold(0.01f64, |a, v| a.max(v.abs() * 1.1))
    }

    /// The bottom of the y axis: 0, or below the lowest value with 10%
    /// room when some value is negative (residuals).
    pub fn y_min(&self) -> f64 {
        if self.centred {
            return -self.half_span();
        }
        let low = (self.series.iter().chain(&self.points))
            .flat_map(|s| s.values.iter().copied())
            .chain(self.lines.iter().map(|l| l.1))
            .filter(|v| v.is_finite())
            .fold(0.0, f64::min);
        if self.stacked || low >= 0.0 {
            0.0
        } else {
            low * 1.1
        }
    }

    /// "Month 9: Conservative 21,436 users; Moderate ..." for the readout.
    pub fn readout(&self, month: usize) -> String {
        match &self.plot {
            Plot::Histogram { edges, .. } => {
                let share = self.series[0].values.get(month).copied().unwrap_or(0.0);
                return format!(
                    "{} to {}: {} of paths",
                    self.money(edges[month]),
                    self.money(edges[month + 1]),
                    percent(share)
                );
            }
            Plot::Tornado { rows, .. } => {
                let (l, a, b) = &rows[month];
                return format!(
                    "{l}: {} at its low end, {} at its high end",
                    self.unit.full(*a),
                    self.unit.full(*b)
                );
            }
            Plot::Curve { amounts, .. } => {
                let Some(f) = self.fans.first().filter(|f| month < f.p50.len()) else {
                    return String::new();
                };
                return format!(
                    "Commit {} a month: mean total {} (P10 {}, P90 {})",
                    self.money(amounts[month]),
                    self.money(f.p50[month]),
                    self.money(f.p10[month]),
                    self.money(f.p90[month])
                );
            }
            Plot::Months | Plot::Day => {}
        }
        let fans: Vec<String> = self
            .fans
            .iter()
            .filter(|f| month < f.p50.len())
            .map(|f| {
                format!(
                    "{} P10 {}, P50 {}, P90 {}",
                    f.name,
                    self.unit.full(f.p10[month]),
                    self.unit.full(f.p50[month]),
                    self.unit.full(f.p90[month])
                )
            })
            .collect();
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
        let mut all = parts;
        all.extend(fans);
        all.extend(
            (self.points.iter())
                .filter_map(|p| Some(format!("{} {}", p.name, self.point(p, month)?))),
        );
        match self.plot {
            Plot::Day => format!("{}{band}: {}{total}", clock(month), all.join("; ")),
            _ => format!(
                "Month {}{band}: {}{total}",
                self.month_label(month),
                all.join("; ")
            ),
        }
    }
}

/// "17:05" for minute 1025 of a day.
pub fn clock(minute: usize) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Where the plot sits on the canvas, in CSS pixels (set when it is drawn):
/// the x range that the points 0..n span, or the rows of a tornado.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PlotArea {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// Points run down the plot (tornado rows), not across it.
    pub rows: bool,
}

impl ChartSpec {
    /// The point (month, minute, bin or row) under the pointer at (x, y)
    /// of a chart drawn in `a`: the nearest month, the bin or row it is in.
    pub fn point_at(&self, a: &PlotArea, x: f64, y: f64) -> Option<usize> {
        let n = self.months();
        if n == 0 || a.right <= a.left {
            return None;
        }
        if a.rows {
            let f = ((y - a.top) / (a.bottom - a.top)).clamp(0.0, 0.999);
            return Some((f * n as f64) as usize);
        }
        let f = ((x - a.left) / (a.right - a.left)).clamp(0.0, 1.0);
        if matches!(self.plot, Plot::Histogram { .. }) {
            return Some(((f * n as f64) as usize).min(n - 1));
        }
        if let Plot::Curve { amounts, .. } = &self.plot {
            // The nearest amount (they are not evenly spaced).
            let (lo, hi) = (amounts[0], amounts[n - 1]);
            let at = lo + f * (hi - lo);
            let gap = |i: usize| (amounts[i] - at).abs();
            return (0..n).min_by(|&a, &b| gap(a).total_cmp(&gap(b)));
        }
        Some((f * (n.max(2) - 1) as f64).round() as usize)
    }

    /// Where a key moves the reading from `current` (none for other keys):
    /// arrows step, Home and End jump to the ends.
    pub fn step(&self, key: &str, current: Option<usize>) -> Option<usize> {
        let n = self.months();
        if n == 0 {
            return None;
        }
        let cur = current.unwrap_or(0);
        Some(match key {
            "ArrowRight" | "ArrowUp" => (cur + 1).min(n - 1),
            "ArrowLeft" | "ArrowDown" => cur.saturating_sub(1),
            "Home" => 0,
            "End" => n - 1,
            _ => return None,
        })
    }
}
