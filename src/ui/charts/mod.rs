//! A chart on the page: a canvas drawn from a [`ChartSpec`], an HTML legend,
//! a readout of the month under the pointer or keyboard focus, and the same
//! data as a table for screen readers and copying.

mod draw;

use crate::app::chart::{self as spec, ChartSpec};
use leptos::html;
use leptos::prelude::*;

/// Redraws every chart when bumped (window resized, pixel ratio changed).
#[derive(Clone, Copy)]
pub struct Viewport(pub RwSignal<u64>);

#[component]
pub fn Chart(spec: Memo<Option<ChartSpec>>, id: &'static str) -> impl IntoView {
    let canvas = NodeRef::<html::Canvas>::new();
    let cursor = RwSignal::new(None::<usize>);
    let area = StoredValue::new(spec::PlotArea::default());
    let size = watch_size(canvas);
    // Why the chart could not be drawn, shown in its place.
    let failed = RwSignal::new(None::<String>);
    redraw_on_change(spec, id, canvas, cursor, size, area, failed);

    let month_at = move |x: f64, y: f64| {
        let a = area.get_value();
        spec.with(|s| s.as_ref()?.point_at(&a, x, y))
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let current = cursor.get_untracked();
        if let Some(next) = spec.with(|s| s.as_ref()?.step(&ev.key(), current)) {
            ev.prevent_default();
            cursor.set(Some(next));
        }
    };
    let title = move || spec.with(|s| s.as_ref().map(|s| s.title.clone()).unwrap_or_default());
    let readout = move || {
        spec.with(|s| {
            let s = s.as_ref()?;
            Some(match cursor.get() {
                Some(m) => s.readout(m),
                None => {
                    "Point at the chart, or focus it and use the arrow keys, to read its values."
                        .to_string()
                }
            })
        })
    };
    let heading_id = format!("{id}-title");
    view! {
        <figure class="chart" id=id>
            <figcaption id=heading_id.clone()>{title}</figcaption>
            {legend(spec)}
            <canvas
                node_ref=canvas
                tabindex="0"
                role="img"
                aria-labelledby=heading_id
                aria-describedby=format!("{id}-readout")
                on:mousemove=move |ev| {
                    cursor.set(month_at(ev.offset_x() as f64, ev.offset_y() as f64))
                }
                on:mouseleave=move |_| cursor.set(None)
                on:blur=move |_| cursor.set(None)
                on:keydown=on_key
            ></canvas>
            {move || failed.get().map(failure)}
            <p class="readout" id=format!("{id}-readout") aria-live="polite">
                {readout}
            </p>
            <button type="button" class="png" on:click=move |_| save_png(canvas, id, spec)>
                "Save as PNG"
            </button>
            <DataTable spec=spec />
        </figure>
    }
}

/// The chart's series, each with its swatch.
fn legend(spec: Memo<Option<ChartSpec>>) -> impl IntoView {
    let items = move || {
        spec.with(|s| s.as_ref().map(ChartSpec::legend))
            .unwrap_or_default()
            .into_iter()
            .map(|(class, text)| {
                // A class, not a style attribute: the page's CSP allows no inline styles.
                view! {
                    <li>
                        <span class=class></span>
                        {text}
                    </li>
                }
            })
            .collect_view()
    };
    view! { <ul class="legend">{items}</ul> }
}

/// A chart that could not be drawn, said in its place, with the cause.
fn failure(why: String) -> impl IntoView {
    view! {
        <p class="chart-failed" role="alert">
            {format!(
                "This chart could not be drawn ({why}). Its figures are in the data table below.",
            )}
        </p>
    }
}

/// Watches `el`'s box, setting `size` (CSS pixels) now and on every change.
/// A chart's ResizeObserver and the callback it calls.
type Observed = (
    web_sys::ResizeObserver,
    wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
);

fn observe(el: &web_sys::HtmlCanvasElement, size: RwSignal<(f64, f64)>) -> Option<Observed> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() {
            let r = entry.content_rect();
            size.set((r.width(), r.height()));
        }
    });
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
    observer.observe(el);
    // The callback lives as long as the chart: both go with its owner.
    Some((observer, on_resize))
}

/// Downloads the chart as drawn (at the screen's pixel ratio) as a PNG.
fn save_png(canvas: NodeRef<html::Canvas>, id: &'static str, spec: Memo<Option<ChartSpec>>) {
    use wasm_bindgen::JsCast;
    let Some(el) = canvas.get_untracked() else {
        return;
    };
    // The image stands alone: the chart's title and legend above it.
    let image = spec
        .with_untracked(|s| s.as_ref().and_then(|s| titled(&el, s)))
        .unwrap_or(el);
    let Ok(url) = image.to_data_url_with_type("image/png") else {
        return;
    };
    let Some(a) = document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    a.set_href(&url);
    a.set_download(&format!("headroom-{}.png", id.trim_start_matches("chart-")));
    a.click();
}

/// A new canvas: `s`'s title and legend on white (placed by
/// `ChartSpec::image_head`), then the chart drawn on `chart`.
fn titled(chart: &web_sys::HtmlCanvasElement, s: &ChartSpec) -> Option<web_sys::HtmlCanvasElement> {
    use wasm_bindgen::JsCast;
    let out: web_sys::HtmlCanvasElement =
        document().create_element("canvas").ok()?.dyn_into().ok()?;
    let c = out
        .get_context("2d")
        .ok()??
        .dyn_into::<web_sys::CanvasRenderingContext2d>()
        .ok()?;
    let (w, px) = (chart.width() as f64, window().device_pixel_ratio().max(1.0));
    let fonts = (
        format!("600 {}px sans-serif", 15.0 * px),
        format!("{}px sans-serif", 13.0 * px),
    );
    let measure = |font: &str, text: &str| {
        c.set_font(font);
        c.measure_text(text).map_or(0.0, |m| m.width())
    };
    let head = s.image_head(w, px, &|t| measure(&fonts.0, t), &|t| measure(&fonts.1, t));
    out.set_width(chart.width());
    out.set_height(chart.height() + head.height as u32);
    // Resizing cleared the context's state: set it now.
    c.set_fill_style_str("#ffffff");
    c.fill_rect(0.0, 0.0, w, out.height() as f64);
    c.set_fill_style_str("#1f2937");
    c.set_text_baseline("middle");
    c.set_font(&fonts.0);
    for (x, y, t) in &head.titles {
        c.fill_text_with_max_width(t, *x, *y, w - 2.0 * x).ok()?;
    }
    c.set_font(&fonts.1);
    for e in &head.entries {
        let (r, g, b) = e.colour.unwrap_or((31, 41, 55));
        c.set_fill_style_str(&format!("rgb({r},{g},{b})"));
        c.fill_rect(e.x, e.y - 5.0 * px, 10.0 * px, 10.0 * px);
        c.set_fill_style_str("#1f2937");
        // An entry wider than the image is narrowed to fit, never cut.
        let (at, room) = (e.x + 16.0 * px, (w - 12.0 * px - e.x - 16.0 * px).max(1.0));
        c.fill_text_with_max_width(&e.text, at, e.y, room).ok()?;
    }
    c.draw_image_with_html_canvas_element(chart, 0.0, head.height)
        .ok()?;
    Some(out)
}

/// The chart's numbers as a table, built only while it is open.
#[component]
fn DataTable(spec: Memo<Option<ChartSpec>>) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details class="data-table">
            // A click (or Enter / Space) on the summary toggles the details.
            <summary on:click=move |_| open.update(|o| *o = !*o)>"Data table"</summary>
            {move || open.get().then(|| spec.with(|s| s.as_ref().map(table)))}
        </details>
    }
}

fn table(s: &ChartSpec) -> impl IntoView {
    let (head, rows) = s.table();
    rows_table(format!("{} (data)", s.title), head, rows)
}

/// A scrolling table of text cells under `caption`, each row headed by its
/// first cell. One body for every such table (smaller wasm).
pub fn rows_table(caption: String, head: Vec<String>, rows: Vec<Vec<String>>) -> impl IntoView {
    let head = head
        .into_iter()
        .map(|h| view! { <th scope="col">{h}</th> })
        .collect_view();
    let rows = rows
        .into_iter()
        .map(|row| {
            let mut cells = row.into_iter();
            let first = cells.next().unwrap_or_default();
            let rest = cells.map(|c| view! { <td>{c}</td> }).collect_view();
            view! {
                <tr>
                    <th scope="row">{first}</th>
                    {rest}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="scroll">
            <table>
                <caption>{caption}</caption>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The canvas's CSS size, from a ResizeObserver: reading it this way never
/// forces a layout while the page updates, and any change redraws.
fn watch_size(canvas: NodeRef<html::Canvas>) -> RwSignal<(f64, f64)> {
    let size = RwSignal::new((0.0f64, 0.0f64));
    let observer = StoredValue::new_local(None::<Observed>);
    Effect::new(move |_| {
        if let Some(el) = canvas.get() {
            if observer.with_value(Option::is_none) {
                observer.set_value(observe(&el, size));
            }
        }
    });
    on_cleanup(move || {
        observer.try_with_value(|o| {
            if let Some((o, _)) = o {
                o.disconnect();
            }
        });
    });
    size
}

/// Draws the chart whenever its contents, the cursor, its size or the
/// viewport change; a failure is kept in `failed` to show in its place.
fn redraw_on_change(
    spec: Memo<Option<ChartSpec>>,
    id: &'static str,
    canvas: NodeRef<html::Canvas>,
    cursor: RwSignal<Option<usize>>,
    size: RwSignal<(f64, f64)>,
    area: StoredValue<spec::PlotArea>,
    failed: RwSignal<Option<String>>,
) {
    let viewport = use_context::<Viewport>().map(|v| v.0);
    Effect::new(move |_| {
        if let Some(v) = viewport {
            v.track();
        }
        let at = cursor.get();
        let (w, h) = size.get();
        let (Some(el), Some(())) = (canvas.get(), spec.with(|s| s.as_ref().map(|_| ()))) else {
            return;
        };
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        let dpr = window().device_pixel_ratio().max(1.0);
        let Some(drawn) = spec.with(|s| s.as_ref().map(|s| draw::draw(&el, s, at, dpr, (w, h))))
        else {
            return;
        };
        match drawn {
            Ok(a) => {
                area.set_value(a);
                failed.set(None);
                crate::ui::mark(&format!("headroom:drawn:{id}"));
            }
            Err(why) => {
                leptos::logging::warn!("chart {id} could not be drawn: {why}");
                failed.set(Some(why));
            }
        }
    });
}
