//! File and output formats, each versioned: plan files (JSON, schema 1),
//! forecast reports (JSON, CSV), and the number display they share.

pub mod actuals;
pub mod address;
pub mod columns;
pub mod commitment;
pub mod csv;
pub mod day;
pub mod fit;
pub mod forecast_json;
pub mod input;
pub mod link;
pub mod numbers;
pub mod patch;
pub mod plan_json;
pub mod saved;
pub mod uncertainty;
