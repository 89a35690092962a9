//! What the app shows and keeps, as plain native code with host tests: the
//! browser components in `ui` render these and send edits; nothing here
//! needs a browser.
//!
//! - [`chart`]: what a chart shows (series, stacks, fans, bands), its data
//!   table and readout, independent of drawing.
//! - [`charts`]: the four forecast charts' contents, taken from a forecast.
//! - [`history`]: undo and redo, with the clock passed in.

pub mod chart;
pub mod charts;
pub mod history;
