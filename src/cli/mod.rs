//! The `headroom` command line: the engine for scripts and CI.
//!
//! Exit codes: 0 success; 1 the plan is invalid (every error printed, one per
//! line, with its path); 2 a usage, file or lookup problem.

mod table;

use crate::engine::{forecast, Forecast, Num, Plan, PlanError};
use crate::formats::{csv, forecast_json, plan_json};
use crate::presets;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "headroom",
    version,
    about = "Capacity and cost planner: forecast users, tiers and costs from a plan"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Forecast users, tiers, utilization and costs month by month.
    Forecast(ForecastArgs),
    /// Check a plan file and print every error with its JSON path.
    Validate {
        #[arg(long, value_name = "FILE")]
        plan: PathBuf,
    },
    /// List the built-in presets.
    Presets,
    /// Print a preset as a plan file, ready to edit and use with --plan.
    Preset { name: String },
    /// Monte Carlo simulation over the plan's ranges: percentiles by month,
    /// tier odds, total cost distribution, budget and capacity risk.
    Simulate(SimulateArgs),
    /// Which inputs move the total cost and the first tier change the most.
    Sensitivity(SensitivityArgs),
    /// Print the plan link (the URL fragment the app opens) of a plan.
    Link {
        #[command(flatten)]
        source: PlanSource,
        /// Print a whole link to the app at this address (e.g. https://example.com/headroom/).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
    },
}

#[derive(Args)]
struct ForecastArgs {
    #[command(flatten)]
    source: PlanSource,
    /// A scenario id, or `all`.
    #[arg(long, default_value = "all", value_name = "ID|all")]
    scenario: String,
    /// Override the plan's horizon (1 to 120 months).
    #[arg(long, value_name = "N")]
    months: Option<u32>,
    /// Override the plan's initial users.
    #[arg(long, value_name = "N")]
    initial_users: Option<f64>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the output to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct SimulateArgs {
    #[command(flatten)]
    source: PlanSource,
    /// A scenario id, or `all`.
    #[arg(long, default_value = "all", value_name = "ID|all")]
    scenario: String,
    /// Sample paths, 1 to 100,000.
    #[arg(long, default_value_t = crate::engine::simulate::DEFAULT_SAMPLES, value_name = "N")]
    samples: usize,
    /// The random seed (default: the plan's `seed`, else 1).
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Args)]
struct SensitivityArgs {
    #[command(flatten)]
    source: PlanSource,
    /// A scenario id, or `all`.
    #[arg(long, default_value = "all", value_name = "ID|all")]
    scenario: String,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Args)]
#[group(required = true, multiple = false)]
struct PlanSource {
    /// A plan file (JSON).
    #[arg(long, value_name = "FILE")]
    plan: Option<PathBuf>,
    /// A built-in preset (see `headroom presets`).
    #[arg(long, value_name = "NAME")]
    preset: Option<String>,
    /// A plan link from the app (the whole URL, or the part after `#`).
    #[arg(long, value_name = "LINK")]
    link: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Csv,
    Json,
}

/// A failure with its exit code; the message is one line.
struct Failure {
    code: i32,
    lines: Vec<String>,
}

impl Failure {
    fn usage(msg: impl Into<String>) -> Self {
        Failure {
            code: 2,
            lines: vec![msg.into()],
        }
    }
    fn invalid(errors: &[PlanError], origin: &str) -> Self {
        Failure {
            code: 1,
            lines: errors.iter().map(|e| format!("{origin}: {e}")).collect(),
        }
    }
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli.command) {
        Ok(()) => 0,
        Err(f) => {
            for line in f.lines {
                eprintln!("headroom: {line}");
            }
            f.code
        }
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Forecast(args) => forecast_command(args),
        Command::Validate { plan } => validate_command(&plan),
        Command::Presets => {
            for p in presets::PRESETS.iter() {
                let plan = p.plan().map_err(Failure::usage)?;
                let marker = if p.name == presets::DEFAULT {
                    " (default)"
                } else {
                    ""
                };
                println!(
                    "{}{marker}\n  {}\n  {}\n",
                    p.name,
                    plan.name,
                    plan.description.unwrap_or_default()
                );
            }
            Ok(())
        }
        Command::Preset { name } => {
            let p = find_preset(&name)?;
            print!("{}", p.json);
            Ok(())
        }
        Command::Simulate(args) => simulate_command(args),
        Command::Sensitivity(args) => sensitivity_command(args),
        Command::Link { source, url } => {
            let (plan, origin) = read_plan(&source)?;
            let errors = crate::engine::validate(&plan);
            if !errors.is_empty() {
                return Err(Failure::invalid(&errors, &origin));
            }
            let fragment = crate::formats::link::encode(&plan);
            match url {
                Some(base) => println!("{}#{fragment}", base.split('#').next().unwrap_or_default()),
                None => println!("{fragment}"),
            }
            Ok(())
        }
    }
}

fn find_preset(name: &str) -> Result<&'static presets::Preset, Failure> {
    presets::find(name).ok_or_else(|| {
        Failure::usage(format!(
            "no preset \"{name}\"; choose one of {} (see `headroom presets`)",
            presets::names().join(", ")
        ))
    })
}

/// Reads and decodes a plan; validation happens later, after overrides.
fn read_plan(source: &PlanSource) -> Result<(Plan, String), Failure> {
    if let Some(link) = &source.link {
        let fragment = link.rsplit_once('#').map_or(link.as_str(), |(_, f)| f);
        return match crate::formats::link::decode(fragment) {
            Ok(plan) => Ok((plan, "link".to_string())),
            Err(crate::formats::link::LinkError::Invalid(errors)) => {
                Err(Failure::invalid(&errors, "link"))
            }
            Err(e) => Err(Failure::usage(e.to_string())),
        };
    }
    if let Some(name) = &source.preset {
        let p = find_preset(name)?;
        return Ok((
            plan_json::decode(p.json).map_err(|e| Failure::invalid(&[e], name))?,
            format!("preset {name}"),
        ));
    }
    let path = source
        .plan
        .as_ref()
        .ok_or_else(|| Failure::usage("give --plan FILE, --preset NAME or --link LINK"))?;
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::usage(format!(
            "cannot read plan file {shown}: {e}; check the path"
        ))
    })?;
    let plan = plan_json::decode(&text).map_err(|e| Failure::invalid(&[e], &shown))?;
    Ok((plan, shown))
}

fn validate_command(path: &std::path::Path) -> Result<(), Failure> {
    let (plan, origin) = read_plan(&PlanSource {
        plan: Some(path.to_path_buf()),
        preset: None,
        link: None,
    })?;
    let errors = crate::engine::validate(&plan);
    if !errors.is_empty() {
        return Err(Failure::invalid(&errors, &origin));
    }
    println!("valid");
    Ok(())
}

fn forecast_command(args: ForecastArgs) -> Result<(), Failure> {
    let (mut plan, origin) = read_plan(&args.source)?;
    if let Some(m) = args.months {
        plan.horizon_months = m;
    }
    if let Some(u) = args.initial_users {
        plan.initial_users = Num::Fixed(u);
    }
    let chosen = choose_scenarios(&plan, &args.scenario)?;
    let all = forecast(&plan).map_err(|errs| Failure::invalid(&errs, &origin))?;
    let picked = Forecast {
        scenarios: all
            .scenarios
            .into_iter()
            .filter(|s| chosen.contains(&s.scenario))
            .collect(),
    };
    let text = render(&plan, &picked, args.format, args.scenario == "all");
    match &args.out {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display()))),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

fn choose_scenarios(plan: &Plan, wanted: &str) -> Result<Vec<usize>, Failure> {
    if wanted == "all" {
        return Ok((0..plan.scenarios.len()).collect());
    }
    match plan.scenarios.iter().position(|s| s.id == wanted) {
        Some(i) => Ok(vec![i]),
        None => {
            let ids: Vec<&str> = plan.scenarios.iter().map(|s| s.id.as_str()).collect();
            Err(Failure::usage(format!(
                "no scenario \"{wanted}\" in this plan; choose one of {} or all",
                ids.join(", ")
            )))
        }
    }
}

fn render(plan: &Plan, f: &Forecast, format: Format, as_array: bool) -> String {
    match format {
        Format::Table => f
            .scenarios
            .iter()
            .map(|s| table::scenario(plan, s))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Csv => csv::forecast(plan, f),
        Format::Json => {
            let values: Vec<serde_json::Value> = f
                .scenarios
                .iter()
                .map(|s| forecast_json::scenario(plan, s))
                .collect();
            let v = if as_array {
                serde_json::Value::Array(values)
            } else {
                values.into_iter().next().unwrap_or_default()
            };
            let mut text = serde_json::to_string_pretty(&v).expect("JSON values serialize");
            text.push('\n');
            text
        }
    }
}

/// Pretty JSON: an array for `--scenario all`, else the one object.
fn one_or_all(values: Vec<serde_json::Value>, scenario: &str) -> String {
    let v = if scenario == "all" {
        serde_json::Value::Array(values)
    } else {
        values.into_iter().next().unwrap_or_default()
    };
    crate::formats::uncertainty::pretty(&v)
}

fn simulate_command(args: SimulateArgs) -> Result<(), Failure> {
    use crate::formats::uncertainty;
    let (plan, origin) = read_plan(&args.source)?;
    let chosen = choose_scenarios(&plan, &args.scenario)?;
    let sim = crate::engine::simulate::simulate(&plan, args.samples, args.seed)
        .map_err(|errs| Failure::invalid(&errs, &origin))?;
    let picked: Vec<_> = sim
        .scenarios
        .iter()
        .filter(|s| chosen.contains(&s.scenario))
        .collect();
    let text = match args.format {
        Format::Table => picked
            .iter()
            .map(|s| table::simulation(&plan, sim.seed, s))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Csv => uncertainty::simulation_csv(&plan, &picked),
        Format::Json => {
            let values: Vec<_> = picked
                .iter()
                .map(|s| uncertainty::simulation_json(&plan, sim.seed, s))
                .collect();
            one_or_all(values, &args.scenario)
        }
    };
    print!("{text}");
    Ok(())
}

fn sensitivity_command(args: SensitivityArgs) -> Result<(), Failure> {
    use crate::formats::uncertainty;
    let (plan, origin) = read_plan(&args.source)?;
    let chosen = choose_scenarios(&plan, &args.scenario)?;
    let all: Vec<_> = chosen
        .iter()
        .map(|&s| crate::engine::simulate::sensitivity(&plan, s))
        .collect::<Result<_, _>>()
        .map_err(|errs| Failure::invalid(&errs, &origin))?;
    let text = match args.format {
        Format::Table => all
            .iter()
            .map(|s| table::sensitivity(&plan, s))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Csv => uncertainty::sensitivity_csv(&plan, &all),
        Format::Json => {
            let values: Vec<_> = all
                .iter()
                .map(|s| uncertainty::sensitivity_json(&plan, s))
                .collect();
            one_or_all(values, &args.scenario)
        }
    };
    print!("{text}");
    Ok(())
}
