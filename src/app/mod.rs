//! What the app shows and keeps, as plain native code with host tests: the
//! browser components in `ui` render these and send edits; nothing here
//! needs a browser.
//!
//! - [`chart`]: what a chart shows (series, stacks, fans, bands), its data
//!   table and readout, independent of drawing.
//! - [`cards`]: figure cards of a scenario, its simulation and a day.
//! - [`charts`]: the four forecast charts' contents, taken from a forecast.
//! - [`day`]: the charts of an autoscaled component's day and months.
//! - [`history`]: undo and redo, with the clock passed in.
//! - [`saved`]: saved plans in a key-value store (localStorage or memory).

pub mod cards;
pub mod chart;
pub mod charts;
pub mod day;
pub mod history;
pub mod saved;
