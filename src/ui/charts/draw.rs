//! Draws a [`ChartSpec`] on a canvas with plotters, at the device's pixel
//! ratio so lines and text are crisp on HiDPI screens.

use crate::app::chart::{colour, ChartSpec, Plot, PlotArea};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use std::ops::Range;
use web_sys::HtmlCanvasElement;

const INK: RGBColor = RGBColor(31, 41, 55);
const MUTED: RGBColor = RGBColor(75, 85, 99);
const GRID: RGBColor = RGBColor(229, 231, 235);

/// Sizes the canvas to its box (`w` x `h` CSS pixels) at `dpr` and draws the chart, with a marker
/// at `cursor` (a month). An error says what failed; the page shows it in
/// the chart's place.
pub fn draw(
    canvas: &HtmlCanvasElement,
    spec: &ChartSpec,
    cursor: Option<usize>,
    dpr: f64,
    (w, h): (f64, f64),
) -> Result<PlotArea, String> {
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("the canvas has no 2D drawing context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(why)?;
    let area = match &spec.plot {
        Plot::Months | Plot::Day => months(&root, spec, cursor, dpr),
        Plot::Histogram { edges, marker } => {
            histogram(&root, spec, edges, marker.as_ref(), cursor, dpr)
        }
        Plot::Tornado { base, rows } => tornado(&root, spec, *base, rows, cursor, dpr),
        Plot::Curve { amounts, markers } => curve(&root, spec, amounts, markers, cursor, dpr),
    }?;
    root.present().map_err(why)?;
    Ok(area)
}

type Root = DrawingArea<CanvasBackend, plotters::coord::Shift>;

/// The cause of a drawing error, in words.
fn why(e: impl std::fmt::Display) -> String {
    e.to_string()
}
type Chart<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The plot area every chart shares: the same margins, an x axis label row,
/// and `y_area` device pixels for the y labels.
fn frame(
    root: &Root,
    dpr: f64,
    y_area: i32,
    x: Range<f64>,
    y: Range<f64>,
) -> Result<Chart<'_>, String> {
    frame_with(root, dpr, (y_area, 16.0), x, y)
}

/// [`frame`] with `right` CSS pixels of margin after the plot (half a
/// "Nov 2026" label, when the last month is labelled with its date).
fn frame_with(
    root: &Root,
    dpr: f64,
    (y_area, right): (i32, f64),
    x: Range<f64>,
    y: Range<f64>,
) -> Result<Chart<'_>, String> {
    let px = |v: f64| (v * dpr).round() as i32;
    ChartBuilder::on(root)
        .margin_top(px(10.0))
        .margin_right(px(right))
        .margin_left(px(4.0))
        .x_label_area_size(px(34.0))
        .y_label_area_size(y_area)
        .build_cartesian_2d(x, y)
        .map_err(why)
}

fn area_of(chart: &Chart, dpr: f64, rows: bool) -> PlotArea {
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    PlotArea {
        left: xr.start as f64 / dpr,
        right: xr.end as f64 / dpr,
        top: yr.start as f64 / dpr,
        bottom: yr.end as f64 / dpr,
        rows,
    }
}

/// Where a months (or day) chart's values sit: pixels per CSS pixel, and
/// the x and y ranges (a day's minutes are drawn in hours).
struct Frame {
    dpr: f64,
    months: usize,
    day: bool,
    scale: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
}

impl Frame {
    fn of(spec: &ChartSpec, dpr: f64) -> Frame {
        let months = spec.months().max(1);
        let day = spec.plot == Plot::Day;
        let scale = if day { 1.0 / 60.0 } else { 1.0 };
        Frame {
            dpr,
            months,
            day,
            scale,
            x_max: (months - 1).max(1) as f64 * scale,
            y_min: spec.y_min(),
            y_max: spec.y_max(),
        }
    }

    fn px(&self, v: f64) -> i32 {
        (v * self.dpr).round() as i32
    }

    fn font(&self, size: f64) -> (&'static str, f64) {
        ("system-ui, sans-serif", size * self.dpr)
    }

    /// The x of each of `n` points.
    fn xs(
        &self,
        n: usize,
    ) -> impl DoubleEndedIterator<Item = f64> + ExactSizeIterator + Clone + '_ {
        (0..n).map(move |m| m as f64 * self.scale)
    }
}

fn months(
    root: &Root,
    spec: &ChartSpec,
    cursor: Option<usize>,
    dpr: f64,
) -> Result<PlotArea, String> {
    let at = Frame::of(spec, dpr);
    let right = if spec.start.is_some() && !at.day {
        30.0
    } else {
        16.0
    };
    let mut chart = frame_with(
        root,
        dpr,
        (at.px(spec.unit.label_area(at.y_min, at.y_max)), right),
        0f64..at.x_max,
        at.y_min..at.y_max,
    )?;
    bands(&mut chart, spec, &at)?;
    months_mesh(&mut chart, spec, &at, root.dim_in_pixel().0)?;
    fans(&mut chart, spec, &at)?;
    if spec.stacked {
        stacks(&mut chart, spec, &at)?;
    } else {
        lines(&mut chart, spec, &at)?;
    }
    reference_lines(&mut chart, spec, &at)?;
    dots(&mut chart, spec, &at)?;
    if let Some(m) = cursor.filter(|m| *m < at.months) {
        months_cursor(&mut chart, spec, &at, m)?;
    }
    Ok(area_of(&chart, dpr, false))
}

/// Tier bands go under everything, alternating light shades.
fn bands(chart: &mut Chart, spec: &ChartSpec, at: &Frame) -> Result<(), String> {
    for (k, (from, to, label)) in spec.bands.iter().enumerate() {
        let shade = if k % 2 == 0 {
            RGBColor(243, 244, 246)
        } else {
            WHITE
        };
        let (a, b) = if at.day {
            (
                *from as f64 * at.scale,
                (*to as f64 * at.scale).min(at.x_max),
            )
        } else {
            (
                (*from as f64 - 0.5).max(0.0),
                (*to as f64 + 0.5).min(at.x_max),
            )
        };
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(a, at.y_min), (b, at.y_max)],
                shade.filled(),
            )))
            .map_err(why)?;
        if spec.bands.len() > 1 || !label.is_empty() {
            let style = TextStyle::from(at.font(11.0)).color(&MUTED);
            chart
                .draw_series(std::iter::once(Text::new(
                    label.clone(),
                    (a + 0.2, at.y_max * 0.97),
                    style,
                )))
                .map_err(why)?;
        }
    }
    Ok(())
}

/// The x axis title: hours of a day, or months, anchored to the calendar
/// when the plan has a start ("Month (0 is Nov 2026)").
fn x_title(spec: &ChartSpec, day: bool) -> String {
    match (day, spec.start) {
        (true, _) => "Hour (UTC)".into(),
        (false, Some(s)) => format!("Month (0 is {})", s.label()),
        (false, None) => "Month".into(),
    }
}

fn months_mesh(chart: &mut Chart, spec: &ChartSpec, at: &Frame, width: u32) -> Result<(), String> {
    let unit = spec.unit.clone();
    let span = at.y_max - at.y_min;
    let y_fmt = move |v: &f64| unit.axis_in(*v, span);
    let day = at.day;
    let first = f64::from(spec.first_month);
    let start = spec.start;
    let x_fmt = move |v: &f64| {
        let m = (v + first).round() as i32;
        match (day, start) {
            (true, _) => format!("{:02}:00", v.round() as i64),
            // Calendar months where the plan has a start ("Mar 2027").
            (false, Some(s)) => s.plus(m).label(),
            (false, None) => m.to_string(),
        }
    };
    // Every 2 hours on a wide chart, every 4 on a narrow one; dates need
    // about 80 px each.
    let css_width = width as f64 / at.dpr;
    let ticks = match (day, css_width < 560.0) {
        (true, true) => 7,
        (true, false) => 13,
        _ if start.is_some() => at.months.min((css_width / 80.0) as usize).max(2),
        _ => at.months.min(13),
    };
    let title = x_title(spec, day);
    value_mesh(
        chart,
        at.dpr,
        (&title, &x_fmt, ticks),
        (&spec.y_label, &y_fmt),
    )
}

/// Fans: the outer band, the inner band, then the median line.
fn fans(chart: &mut Chart, spec: &ChartSpec, at: &Frame) -> Result<(), String> {
    for f in &spec.fans {
        let (r, g, b) = colour(f.colour);
        let c = RGBColor(r, g, b);
        for (lo, hi, alpha) in [(&f.p5, &f.p95, 0.18), (&f.p10, &f.p90, 0.32)] {
            let points: Vec<(f64, f64)> = (at.xs(lo.len()).zip(hi.iter().copied()))
                .chain(at.xs(lo.len()).zip(lo.iter().copied()).rev())
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(points, c.mix(alpha).filled())))
                .map_err(why)?;
        }
        let style = c.stroke_width(at.px(2.0).max(1) as u32);
        chart
            .draw_series(LineSeries::new(
                at.xs(f.p50.len()).zip(f.p50.iter().copied()),
                style,
            ))
            .map_err(why)?;
    }
    Ok(())
}

/// Stacked series: the running totals from the top down, so each fill
/// shows its band.
fn stacks(chart: &mut Chart, spec: &ChartSpec, at: &Frame) -> Result<(), String> {
    let mut tops: Vec<Vec<f64>> = Vec::new();
    let mut acc = vec![0.0; at.months];
    for s in &spec.series {
        for (a, v) in acc.iter_mut().zip(&s.values) {
            *a += v;
        }
        tops.push(acc.clone());
    }
    for (s, top) in spec.series.iter().zip(&tops).rev() {
        let (r, g, b) = colour(s.colour);
        let c = RGBColor(r, g, b);
        chart
            .draw_series(
                AreaSeries::new(at.xs(at.months).zip(top.iter().copied()), 0.0, c.mix(0.85))
                    .border_style(c.stroke_width(at.px(1.0) as u32)),
            )
            .map_err(why)?;
    }
    Ok(())
}

/// One line per series; beside a fan, the plain forecast (grey) is dashed.
fn lines(chart: &mut Chart, spec: &ChartSpec, at: &Frame) -> Result<(), String> {
    for s in &spec.series {
        let (r, g, b) = colour(s.colour);
        let style = RGBColor(r, g, b).stroke_width(at.px(2.0).max(1) as u32);
        let points = at.xs(s.values.len()).zip(s.values.iter().copied());
        // The plain forecast beside its fan is dashed; other lines are not.
        let plain = s.colour == crate::app::chart::PLAIN_FORECAST;
        if spec.fans.is_empty() || !plain {
            chart
                .draw_series(LineSeries::new(points, style))
                .map_err(why)?;
        } else {
            let (dash, gap) = (at.px(5.0) as u32, at.px(4.0) as u32);
            chart
                .draw_series(DashedLineSeries::new(points, dash, gap, style))
                .map_err(why)?;
        }
    }
    Ok(())
}

/// Observed values (actuals): a ringed dot at each month that has one.
fn dots(chart: &mut Chart, spec: &ChartSpec, at: &Frame) -> Result<(), String> {
    for p in &spec.points {
        let (r, g, b) = colour(p.colour);
        let given =
            (at.xs(p.values.len()).zip(p.values.iter().copied())).filter(|(_, v)| v.is_finite());
        for (x, v) in given {
            chart
                .draw_series([
                    Circle::new((x, v), at.px(4.5), WHITE.filled()),
                    Circle::new((x, v), at.px(3.5), RGBColor(r, g, b).filled()),
                ])
                .map_err(why)?;
        }
    }
    Ok(())
}

/// The warn and target lines, dashed, with their labels.
fn reference_lines(chart: &mut Chart, spec: &ChartSpec, at: &Frame) -> Result<(), String> {
    let red = RGBColor(180, 35, 24);
    // Labels side by side, so lines at (nearly) one height stay readable.
    for (k, (label, value)) in spec.lines.iter().enumerate() {
        let style = red.stroke_width(at.px(1.0).max(1) as u32);
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, *value), (at.x_max, *value)],
                at.px(6.0) as u32,
                at.px(4.0) as u32,
                style,
            ))
            .map_err(why)?;
        let text = TextStyle::from(at.font(11.0)).color(&red);
        chart
            .draw_series(std::iter::once(Text::new(
                label.clone(),
                (
                    at.x_max * (0.01 + 0.22 * k as f64),
                    *value + at.y_max * 0.015,
                ),
                text,
            )))
            .map_err(why)?;
    }
    Ok(())
}

/// The month under the pointer: a rule and a dot on each series.
fn months_cursor(chart: &mut Chart, spec: &ChartSpec, at: &Frame, m: usize) -> Result<(), String> {
    let x = m as f64 * at.scale;
    chart
        .draw_series(std::iter::once(PathElement::new(
            [(x, at.y_min), (x, at.y_max)],
            INK.stroke_width(at.px(1.0) as u32),
        )))
        .map_err(why)?;
    let mut acc = 0.0;
    for s in &spec.series {
        let v = s.values.get(m).copied().unwrap_or(0.0);
        let y = if spec.stacked { acc + v } else { v };
        acc += v;
        let (r, g, b) = colour(s.colour);
        chart
            .draw_series(std::iter::once(Circle::new(
                (x, y),
                at.px(4.0),
                RGBColor(r, g, b).filled(),
            )))
            .map_err(why)?;
    }
    Ok(())
}

/// How an axis writes its tick values.
type TickLabel<'a> = &'a dyn Fn(&f64) -> String;

/// The mesh of a chart with values up its y axis (by month, by amount, a
/// histogram): each axis's title and tick labels, and the x ticks wanted.
fn value_mesh(
    chart: &mut Chart,
    dpr: f64,
    x: (&str, TickLabel, usize),
    y: (&str, TickLabel),
) -> Result<(), String> {
    let font = |size: f64| ("system-ui, sans-serif", size * dpr);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .x_desc(x.0)
        .y_desc(y.0)
        .x_labels(x.2)
        .x_label_formatter(x.1)
        .y_labels(5)
        .y_label_formatter(y.1)
        .label_style(TextStyle::from(font(12.0)).color(&MUTED))
        .axis_desc_style(TextStyle::from(font(12.0)).color(&INK))
        .draw()
        .map_err(why)
}

fn histogram(
    root: &Root,
    spec: &ChartSpec,
    edges: &[f64],
    marker: Option<&(String, f64)>,
    cursor: Option<usize>,
    dpr: f64,
) -> Result<PlotArea, String> {
    let px = |v: f64| (v * dpr).round() as i32;
    let font = |size: f64| ("system-ui, sans-serif", size * dpr);
    let empty = || "the histogram has no paths".to_string();
    let shares = &spec.series.first().ok_or_else(empty)?.values;
    let (x0, mut x1) = (
        *edges.first().ok_or_else(empty)?,
        *edges.last().ok_or_else(empty)?,
    );
    if let Some((_, m)) = marker {
        x1 = x1.max(*m * 1.02);
    }
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    let y_max = shares.iter().copied().fold(0.0, f64::max).max(1e-9) * 1.15;
    let mut chart = frame(root, dpr, px(58.0), x0..x1, 0f64..y_max)?;
    let unit = spec.unit.clone();
    let x_fmt = move |v: &f64| unit.axis(*v);
    let y_fmt = |v: &f64| crate::app::chart::percent_axis(*v);
    value_mesh(
        &mut chart,
        dpr,
        (&spec.y_label, &x_fmt, 6),
        ("Share of paths", &y_fmt),
    )?;
    let (r, g, b) = colour(0);
    for (i, share) in shares.iter().enumerate() {
        let fill = if cursor == Some(i) {
            INK.filled()
        } else {
            RGBColor(r, g, b).mix(0.85).filled()
        };
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(edges[i], 0.0), (edges[i + 1], *share)],
                fill,
            )))
            .map_err(why)?;
    }
    if let Some((label, at)) = marker {
        let red = RGBColor(180, 35, 24);
        let style = red.stroke_width(px(2.0) as u32);
        chart
            .draw_series(DashedLineSeries::new(
                [(*at, 0.0), (*at, y_max)],
                px(6.0) as u32,
                px(4.0) as u32,
                style,
            ))
            .map_err(why)?;
        let text = TextStyle::from(font(11.0))
            .color(&red)
            .pos(Pos::new(HPos::Right, VPos::Top));
        chart
            .draw_series(std::iter::once(Text::new(
                format!("{label} "),
                (*at, y_max * 0.99),
                text,
            )))
            .map_err(why)?;
    }
    Ok(area_of(&chart, dpr, false))
}

fn tornado(
    root: &Root,
    spec: &ChartSpec,
    base: f64,
    rows: &[(String, f64, f64)],
    cursor: Option<usize>,
    dpr: f64,
) -> Result<PlotArea, String> {
    let px = |v: f64| (v * dpr).round() as i32;
    let font = |size: f64| ("system-ui, sans-serif", size * dpr);
    let n = rows.len().max(1);
    let lo = rows.iter().flat_map(|r| [r.1, r.2]).fold(base, f64::min);
    let hi = rows.iter().flat_map(|r| [r.1, r.2]).fold(base, f64::max);
    let pad = ((hi - lo) * 0.08).max(hi.abs() * 0.01).max(1.0);
    // Names take at most 45% of a narrow chart; fewer ticks keep them apart.
    let width = root.dim_in_pixel().0 as f64 / dpr;
    let label_area = px((width * 0.45).min(210.0));
    let ticks = if width < 520.0 { 3 } else { 5 };
    // About 6 CSS pixels a character at the 11 px label size.
    let fit = (((width * 0.45).min(210.0) - 12.0) / 6.0).max(8.0) as usize;
    let mut chart = frame(
        root,
        dpr,
        label_area,
        (lo - pad)..(hi + pad),
        0f64..n as f64,
    )?;
    let unit = spec.unit.clone();
    let x_fmt = move |v: &f64| unit.axis(*v);
    let names = shortened(rows, fit);
    // Row 0 (the largest swing) sits at the top; labels at each row's middle.
    let y_fmt = move |v: &f64| {
        let i = n as f64 - v - 0.5;
        if (i - i.round()).abs() < 0.01 && i >= 0.0 {
            names.get(i.round() as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .x_desc(spec.y_label.as_str())
        .x_labels(ticks)
        .x_label_formatter(&x_fmt)
        .y_labels(n * 2 + 1)
        .y_label_formatter(&y_fmt)
        .label_style(TextStyle::from(font(11.0)).color(&MUTED))
        .axis_desc_style(TextStyle::from(font(12.0)).color(&INK))
        .draw()
        .map_err(why)?;
    swings(&mut chart, base, rows, cursor)?;
    let line = PathElement::new(
        [(base, 0.0), (base, n as f64)],
        INK.stroke_width(px(1.0) as u32),
    );
    chart.draw_series(std::iter::once(line)).map_err(why)?;
    Ok(area_of(&chart, dpr, true))
}

/// The rows' names, each cut to `fit` characters with an ellipsis (the
/// data table has them whole).
fn shortened(rows: &[(String, f64, f64)], fit: usize) -> Vec<String> {
    rows.iter()
        .map(|r| {
            let name: Vec<char> = r.0.chars().collect();
            if name.len() > fit {
                name[..fit - 1].iter().collect::<String>() + "…"
            } else {
                r.0.clone()
            }
        })
        .collect()
}

/// A tornado's bars: each row's low and high ends from `base`, row 0 at
/// the top, the row under the pointer solid.
fn swings(
    chart: &mut Chart,
    base: f64,
    rows: &[(String, f64, f64)],
    cursor: Option<usize>,
) -> Result<(), String> {
    let n = rows.len().max(1);
    for (i, (_, a, b)) in rows.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        // The low end's bar in blue, the high end's in orange (Okabe-Ito).
        for (end, k) in [(*a, 0), (*b, 1)] {
            let (r, g, bl) = colour(k);
            let c = RGBColor(r, g, bl);
            let style = if cursor == Some(i) {
                c.filled()
            } else {
                c.mix(0.8).filled()
            };
            let (x0, x1) = (base.min(end), base.max(end));
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x0, y + 0.2), (x1, y + 0.8)],
                    style,
                )))
                .map_err(why)?;
        }
    }
    Ok(())
}

/// Cost against an amount: the P10-P90 band, the mean line, the marked
/// amounts (dashed, labelled) and the amount under the pointer.
fn curve(
    root: &Root,
    spec: &ChartSpec,
    amounts: &[f64],
    markers: &[(String, f64)],
    cursor: Option<usize>,
    dpr: f64,
) -> Result<PlotArea, String> {
    let px = |v: f64| (v * dpr).round() as i32;
    let f = spec.fans.first().ok_or("the curve has no amounts")?;
    let x1 = amounts.iter().copied().fold(1e-9, f64::max);
    let lo = f.p10.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = f.p90.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.08).max(hi.abs() * 0.005).max(1.0);
    let (y0, y1) = ((lo - pad).max(0.0), hi + pad);
    let mut chart = frame(
        root,
        dpr,
        px(spec.unit.label_area(0.0, y1)),
        0.0..x1,
        y0..y1,
    )?;
    let unit = spec.unit.clone();
    let fmt = move |v: &f64| unit.axis(*v);
    value_mesh(
        &mut chart,
        dpr,
        ("Amount committed a month", &fmt, 6),
        (&spec.y_label, &fmt),
    )?;
    let (r, g, b) = colour(f.colour);
    let c = RGBColor(r, g, b);
    let along =
        |v: &[f64]| -> Vec<(f64, f64)> { amounts.iter().copied().zip(v.iter().copied()).collect() };
    let mut band = along(&f.p90);
    band.extend(along(&f.p10).into_iter().rev());
    chart
        .draw_series(std::iter::once(Polygon::new(band, c.mix(0.25).filled())))
        .map_err(why)?;
    let line = c.stroke_width(px(2.0).max(1) as u32);
    chart
        .draw_series(std::iter::once(PathElement::new(along(&f.p50), line)))
        .map_err(why)?;
    marks(&mut chart, dpr, markers, (x1, y0, y1))?;
    if let Some(i) = cursor.filter(|i| *i < amounts.len()) {
        let x = amounts[i];
        chart
            .draw_series(std::iter::once(PathElement::new(
                [(x, y0), (x, y1)],
                INK.stroke_width(px(1.0) as u32),
            )))
            .map_err(why)?;
        chart
            .draw_series(std::iter::once(Circle::new(
                (x, f.p50[i]),
                px(4.0),
                c.filled(),
            )))
            .map_err(why)?;
    }
    Ok(area_of(&chart, dpr, false))
}

/// The marked amounts of a curve: dashed lines up the chart, labelled at
/// the top, the best amount in red and the plan's own in ink, the labels
/// stacked.
fn marks(
    chart: &mut Chart,
    dpr: f64,
    markers: &[(String, f64)],
    (x1, y0, y1): (f64, f64, f64),
) -> Result<(), String> {
    let px = |v: f64| (v * dpr).round() as i32;
    let font = |size: f64| ("system-ui, sans-serif", size * dpr);
    for (k, (label, at)) in markers.iter().enumerate() {
        let ink = if k == 0 { RGBColor(180, 35, 24) } else { INK };
        let right = *at > x1 * 0.6;
        let pos = Pos::new(if right { HPos::Right } else { HPos::Left }, VPos::Top);
        chart
            .draw_series(DashedLineSeries::new(
                [(*at, y0), (*at, y1)],
                px(6.0) as u32,
                px(4.0) as u32,
                ink.stroke_width(px(2.0) as u32),
            ))
            .map_err(why)?;
        let text = TextStyle::from(font(11.0)).color(&ink).pos(pos);
        let y = y1 - (y1 - y0) * (0.02 + 0.08 * k as f64);
        let label = if right {
            format!("{label} ")
        } else {
            format!(" {label}")
        };
        chart
            .draw_series(std::iter::once(Text::new(label, (*at, y), text)))
            .map_err(why)?;
    }
    Ok(())
}
