//! Headroom: a capacity and cost planner.
//!
//! - [`engine`]: the forecasting and cost model (MODEL.md), pure Rust.
//! - [`presets`]: ready-made plans from the seed documents.
//! - [`formats`]: plan files (JSON), links, and forecast outputs (JSON, CSV), versioned.
//! - [`report`]: the planner's reading of a forecast (sentences, summaries).
//! - [`compare`]: plans side by side: figures, break-even months, differences.
//! - [`app`]: what the app shows and keeps (chart contents, history), native.
//! - `ui`: the browser app (wasm32 only); `cli`: the command line (native only).
//!
//! Each imports only the ones listed before it (ARCHITECTURE.md, "Layers";
//! held by `tests/layering.rs`).

pub use headroom_engine as engine;
pub mod app;
pub mod compare;
pub mod formats;
pub mod presets;
pub mod report;
#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
