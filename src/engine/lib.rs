//! The planning engine: plan in, forecast out (MODEL.md). Pure Rust, no
//! browser or UI code; the command line, the app and the tests share it.

pub mod actuals;
pub mod calendar;
pub mod commitment;
mod cost;
pub mod day;
pub mod edit;
mod events;
mod forecast;
mod growth;
pub mod inputs;
mod metrics;
pub mod model;
mod number;
pub mod order;
pub mod path;
mod percentiles;
mod plan;
mod sensitivity;
pub mod simulate;
mod sizing;
pub mod validate;

pub use events::{Event, EventKind};
pub use forecast::{
    forecast, forecast_scenario, forecast_scenarios, run, ComponentMonth, Forecast, MonthForecast,
    ScenarioForecast,
};
pub use number::{Dist, Num};
pub use path::{Path, Step};
pub use plan::*;
pub use validate::{
    is_control, show as show_number, validate, Domain, PlanError, MAX_COMPONENTS, MAX_HORIZON,
    MAX_METRICS, MAX_SCENARIOS, MAX_TIERS, MAX_USERS,
};
