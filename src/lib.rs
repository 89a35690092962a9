//! Headroom: a capacity and cost planner.
//!
//! - [`engine`]: the forecasting and cost model (MODEL.md), pure Rust.
//! - [`formats`]: plan files (JSON) and forecast outputs (JSON, CSV), versioned.
//! - [`presets`]: ready-made plans from the seed documents.

pub use headroom_engine as engine;
pub mod formats;
pub mod presets;
pub mod report;
#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
