//! Draws a [`ChartSpec`] on a canvas with plotters, at the device's pixel
//! ratio so lines and text are crisp on HiDPI screens.

use super::spec::{colour, ChartSpec};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

const INK: RGBColor = RGBColor(31, 41, 55);
const MUTED: RGBColor = RGBColor(75, 85, 99);
const GRID: RGBColor = RGBColor(229, 231, 235);

/// Where the plot sits on the canvas, in CSS pixels: the x range that
/// months 0..=H span (for mapping a pointer to a month).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PlotArea {
    pub left: f64,
    pub right: f64,
}

/// Sizes the canvas to its box at `dpr` and draws the chart, with a marker
/// at `cursor` (a month). Errors are the canvas's and are only logged.
pub fn draw(
    canvas: &HtmlCanvasElement,
    spec: &ChartSpec,
    cursor: Option<usize>,
    dpr: f64,
) -> Option<PlotArea> {
    let (w, h) = (
        canvas.client_width().max(1) as f64,
        canvas.client_height().max(1) as f64,
    );
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    let px = |v: f64| (v * dpr).round() as i32;
    let font = |size: f64| ("system-ui, sans-serif", size * dpr);
    root.fill(&WHITE).ok()?;

    let months = spec.months().max(1);
    let x_max = (months - 1).max(1) as f64;
    let y_max = spec.y_max();
    let mut chart = ChartBuilder::on(&root)
        .margin_top(px(10.0))
        .margin_right(px(16.0))
        .margin_left(px(4.0))
        .x_label_area_size(px(34.0))
        .y_label_area_size(px(58.0))
        .build_cartesian_2d(0f64..x_max, 0f64..y_max)
        .ok()?;

    // Tier bands go under everything, alternating light shades.
    for (k, (from, to, label)) in spec.bands.iter().enumerate() {
        let shade = if k % 2 == 0 {
            RGBColor(243, 244, 246)
        } else {
            WHITE
        };
        let (a, b) = ((*from as f64 - 0.5).max(0.0), (*to as f64 + 0.5).min(x_max));
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(a, 0.0), (b, y_max)],
                shade.filled(),
            )))
            .ok()?;
        if spec.bands.len() > 1 || !label.is_empty() {
            let style = TextStyle::from(font(11.0)).color(&MUTED);
            chart
                .draw_series(std::iter::once(Text::new(
                    label.clone(),
                    (a + 0.2, y_max * 0.97),
                    style,
                )))
                .ok()?;
        }
    }

    let unit = spec.unit.clone();
    let y_fmt = move |v: &f64| unit.axis(*v);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .x_desc("Month")
        .y_desc(spec.y_label.as_str())
        .x_labels(months.min(13))
        .x_label_formatter(&|v| format!("{}", v.round() as i64))
        .y_labels(5)
        .y_label_formatter(&y_fmt)
        .label_style(TextStyle::from(font(12.0)).color(&MUTED))
        .axis_desc_style(TextStyle::from(font(12.0)).color(&INK))
        .draw()
        .ok()?;

    let xs = |n: usize| (0..n).map(|m| m as f64);
    if spec.stacked {
        // Draw the running totals from the top down so each fill shows its band.
        let mut tops: Vec<Vec<f64>> = Vec::new();
        let mut acc = vec![0.0; months];
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
                    AreaSeries::new(xs(months).zip(top.iter().copied()), 0.0, c.mix(0.85))
                        .border_style(c.stroke_width(px(1.0) as u32)),
                )
                .ok()?;
        }
    } else {
        for s in &spec.series {
            let (r, g, b) = colour(s.colour);
            let style = RGBColor(r, g, b).stroke_width(px(2.0).max(1) as u32);
            chart
                .draw_series(LineSeries::new(
                    xs(s.values.len()).zip(s.values.iter().copied()),
                    style,
                ))
                .ok()?;
        }
    }

    for (label, value) in &spec.lines {
        let style = RGBColor(180, 35, 24).stroke_width(px(1.0).max(1) as u32);
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, *value), (x_max, *value)],
                px(6.0) as u32,
                px(4.0) as u32,
                style,
            ))
            .ok()?;
        let text = TextStyle::from(font(11.0)).color(&RGBColor(180, 35, 24));
        chart
            .draw_series(std::iter::once(Text::new(
                label.clone(),
                (x_max * 0.01, *value + y_max * 0.015),
                text,
            )))
            .ok()?;
    }

    if let Some(m) = cursor.filter(|m| *m < months) {
        let x = m as f64;
        chart
            .draw_series(std::iter::once(PathElement::new(
                [(x, 0.0), (x, y_max)],
                INK.stroke_width(px(1.0) as u32),
            )))
            .ok()?;
        let mut acc = 0.0;
        for s in &spec.series {
            let v = s.values.get(m).copied().unwrap_or(0.0);
            let y = if spec.stacked { acc + v } else { v };
            acc += v;
            let (r, g, b) = colour(s.colour);
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x, y),
                    px(4.0),
                    RGBColor(r, g, b).filled(),
                )))
                .ok()?;
        }
    }

    root.present().ok()?;
    let (xr, _) = chart.plotting_area().get_pixel_range();
    Some(PlotArea {
        left: xr.start as f64 / dpr,
        right: xr.end as f64 / dpr,
    })
}
