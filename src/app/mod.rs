//! What the app shows and keeps, as plain native code with host tests: the
//! browser components in `ui` render these and send edits; nothing here
//! needs a browser.
//!
//! - [`actuals`]: actual points on the charts, the plan against them, and
//!   the growth fitted from the history with its backtest.
//! - [`chart`]: what a chart shows (series, stacks, fans, bands), its data
//!   table and readout, independent of drawing.
//! - [`cards`]: figure cards of a scenario, its simulation and a day.
//! - [`charts`]: the four forecast charts' contents, taken from a forecast.
//! - [`compare`]: the comparison view: its plans, overlaid charts.
//! - [`commitment`]: the Commitment panel: its run, cards, curve and edits.
//! - [`day`]: the charts of an autoscaled component's day and months.
//! - [`history`]: undo and redo, with the clock passed in.
//! - [`pool`]: the messages between the page and its simulation workers.
//! - [`saved`]: saved plans in a key-value store (localStorage or memory).
//! - [`session`]: where a tab's plan comes from and is saved, and two tabs.
//! - [`slices`]: a simulation run in slices of a few ms, the clock passed in.
//! - [`uncertainty`]: the charts of a simulation and a sensitivity run.

pub mod actuals;
pub mod cards;
pub mod chart;
pub mod charts;
pub mod commitment;
pub mod compare;
pub mod day;
pub mod history;
pub mod pool;
pub mod saved;
pub mod session;
pub mod slices;
pub mod uncertainty;
