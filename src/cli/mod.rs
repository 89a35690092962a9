//! The `headroom` command line: the engine for scripts and CI.
//!
//! Exit codes: 0 success; 1 the plan is invalid or gives no figures (every
//! error printed, one per line, with its path); 2 a usage, file or lookup
//! problem, or the output could not be written. A reader that stops early
//! (`| head`) ends the command quietly with 0.
//!
//! Every byte of output goes through [`emit`], never `print!`, which panics
//! when standard output is closed or full.

mod table;

use crate::engine::{forecast, forecast_scenarios, Forecast, Num, Plan, PlanError};
use crate::formats::{csv, escape_controls, forecast_json, plan_json};
use crate::presets;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
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
    /// Growth fitted from the plan's history (its actuals up to month 0):
    /// compound and logistic fits, and a backtest of the compound fit.
    Fit(FitArgs),
    /// How much to commit (MODEL.md section 12): the amount that minimises
    /// the mean total cost over the simulated paths, with its risk.
    Commit(CommitArgs),
    /// Compare up to four plans side by side: a decision table, the months
    /// where one's cumulative cost overtakes another's, and what differs.
    ///
    /// Give each plan as --plan FILE, --preset NAME or --link LINK (a plan
    /// link, or a comparison link for all its plans), in order. --scenario ID
    /// once applies to every plan; given as often as the plans, the n-th to
    /// the n-th; `all` with one plan compares its scenarios. Without it,
    /// each plan's "moderate" scenario, else its first.
    #[command(
        override_usage = "headroom compare (--plan FILE | --preset NAME | --link LINK)... [--scenario ID]... [--samples N] [--format table|csv|json]"
    )]
    Compare {
        #[arg(num_args = 0.., allow_hyphen_values = true, trailing_var_arg = true, value_name = "ARGS", hide = true)]
        args: Vec<String>,
    },
    /// The day of every autoscaled component of a month's tier: replicas
    /// minute by minute, what elasticity saves and what it risks.
    Day(DayArgs),
    /// Print the plan link (the URL fragment the app opens) of a plan.
    Link {
        #[command(flatten)]
        source: PlanSource,
        /// Print a whole link to the app at this address (e.g. https://example.com/headroom/).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
    },
}

/// A count typed as a flag's value, read with a message in words (clap
/// would pass on Rust's "invalid digit found in string").
fn count<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    (text.trim().parse()).map_err(|_| "expected a whole number".to_string())
}

/// A commitment's term: the two lengths providers sell.
fn term(text: &str) -> Result<u32, String> {
    match text.trim() {
        "12" => Ok(12),
        "36" => Ok(36),
        _ => Err("expected 12 or 36 (months)".to_string()),
    }
}

/// A whole number that may be negative (the command says what it allows).
fn whole(text: &str) -> Result<i64, String> {
    (text.trim().parse()).map_err(|_| "expected a whole number".to_string())
}

#[derive(Args)]
struct ForecastArgs {
    #[command(flatten)]
    source: PlanSource,
    /// A scenario id, or `all`.
    #[arg(long, default_value = "all", value_name = "ID|all")]
    scenario: String,
    /// Override the plan's horizon (1 to 120 months).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = count::<u32>)]
    months: Option<u32>,
    /// Override the plan's initial users.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
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
    #[arg(long, default_value_t = crate::engine::simulate::DEFAULT_SAMPLES, value_name = "N", allow_negative_numbers = true, value_parser = count::<usize>)]
    samples: usize,
    /// The random seed (default: the plan's `seed`, else 1).
    #[arg(long, value_name = "S", allow_negative_numbers = true, value_parser = count::<u64>)]
    seed: Option<u64>,
    /// Threads to run the paths on (default: one per core). The figures
    /// are the same for any number.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = count::<usize>)]
    threads: Option<usize>,
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
struct FitArgs {
    #[command(flatten)]
    source: PlanSource,
    /// History months held out of the backtest's fit and forecast
    /// (default: 3, fewer when the history is too short to keep 3 to fit).
    #[arg(long, value_name = "K", value_parser = count::<usize>)]
    holdout: Option<usize>,
    #[arg(long, value_enum, default_value_t = FitFormat::Table)]
    format: FitFormat,
}

#[derive(Args)]
struct CommitArgs {
    #[command(flatten)]
    source: PlanSource,
    /// A scenario id.
    #[arg(long, value_name = "ID")]
    scenario: String,
    /// Sample paths, 1 to 100,000 (a plan without ranges has one path).
    #[arg(long, default_value_t = crate::engine::simulate::DEFAULT_SAMPLES, value_name = "N", allow_negative_numbers = true, value_parser = count::<usize>)]
    samples: usize,
    /// The random seed (default: the plan's `seed`, else 1).
    #[arg(long, value_name = "S", allow_negative_numbers = true, value_parser = count::<u64>)]
    seed: Option<u64>,
    /// The term in months (default: the plan's commitment's).
    #[arg(long, value_name = "12|36", value_parser = term)]
    term: Option<u32>,
    #[arg(long, value_enum, default_value_t = FitFormat::Table)]
    format: FitFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum FitFormat {
    Table,
    Json,
}

#[derive(Args)]
struct DayArgs {
    #[command(flatten)]
    source: PlanSource,
    /// A scenario id.
    #[arg(long, value_name = "ID")]
    scenario: String,
    /// The month (0 is now).
    #[arg(long, value_name = "M", allow_negative_numbers = true, value_parser = whole)]
    month: i64,
    /// Only this component (by name).
    #[arg(long, value_name = "NAME")]
    component: Option<String>,
    #[arg(long, value_enum, default_value_t = DayFormat::Table)]
    format: DayFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum DayFormat {
    Table,
    Csv,
    Json,
    /// Kubernetes HorizontalPodAutoscaler manifests of target-policy components.
    Hpa,
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
    /// Standard output could not take the output.
    fn output(e: &io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            // The reader has all it wanted (`| head`): not a failure.
            return Failure {
                code: 0,
                lines: Vec::new(),
            };
        }
        // "No space left on device (os error 28)": the number says nothing more.
        Failure::usage(format!(
            "could not write the output: {}",
            without_os_error(e)
        ))
    }
}

/// Writes `text` to standard output; a write error is a [`Failure`].
fn emit(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::output(&e))
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Usage errors go to standard error; --help and --version to
            // standard output, which may be closed or full like any output.
            // An argument echoed in the error has its control characters
            // escaped, as every other error line does.
            let text = e.render().to_string();
            let printed = if e.use_stderr() {
                io::stderr()
                    .lock()
                    .write_all(escape_controls(&text, true).as_bytes())
            } else {
                io::stdout().lock().write_all(text.as_bytes())
            };
            return match printed {
                Err(io) if !e.use_stderr() => report(Failure::output(&io)),
                _ if e.use_stderr() => 2,
                _ => 0,
            };
        }
    };
    match run(cli.command) {
        Ok(()) => 0,
        Err(f) => report(f),
    }
}

/// Prints a failure's lines to standard error; returns its exit code.
fn report(f: Failure) -> i32 {
    // Not eprintln!, which panics if standard error is closed too.
    let mut err = io::stderr().lock();
    for line in f.lines {
        let _ = writeln!(err, "headroom: {}", escape_controls(&line, false));
    }
    f.code
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Forecast(args) => forecast_command(args),
        Command::Validate { plan } => validate_command(&plan),
        Command::Presets => {
            let mut text = String::new();
            for p in presets::PRESETS.iter() {
                let plan = p.plan().map_err(Failure::usage)?;
                let marker = if p.name == presets::DEFAULT {
                    " (default)"
                } else {
                    ""
                };
                text.push_str(&format!(
                    "{}{marker}\n  {}\n  {}\n\n",
                    p.name,
                    plan.name,
                    plan.description.unwrap_or_default()
                ));
            }
            emit(&text)
        }
        Command::Preset { name } => emit(find_preset(&name)?.json),
        Command::Simulate(args) => simulate_command(args),
        Command::Sensitivity(args) => sensitivity_command(args),
        Command::Fit(args) => fit_command(args),
        Command::Commit(args) => commit_command(args),
        Command::Compare { args } => compare_command(&args),
        Command::Day(args) => day_command(args),
        Command::Link { source, url } => {
            let base = (url.as_deref())
                .map(crate::formats::address::app_base)
                .transpose()
                .map_err(Failure::usage)?;
            let (plan, origin) = read_plan(&source)?;
            // What `validate` refuses (an overflow too), as the app's
            // "Copy link" refuses a plan with problems.
            forecast(&plan).map_err(|errs| Failure::invalid(&errs, &origin))?;
            let fragment = crate::formats::link::encode(&plan);
            match base {
                Some(base) => emit(&format!("{base}#{fragment}\n")),
                None => emit(&format!("{fragment}\n")),
            }
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
        return match crate::formats::link::decode(&crate::formats::link::fragment_in(link)) {
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
    let bytes = read_limited(path, plan_json::MAX_FILE_BYTES).map_err(|e| {
        Failure::usage(format!(
            "cannot read plan file {shown}: {}; check the path",
            without_os_error(&e)
        ))
    })?;
    let text = plan_json::text_of(&bytes).map_err(|e| Failure::invalid(&[e], &shown))?;
    let plan = plan_json::decode(text).map_err(|e| Failure::invalid(&[e], &shown))?;
    Ok((plan, shown))
}

/// A file's bytes, at most `most + 1` of them: enough to tell that it is
/// too large without reading an endless one (`/dev/zero`) whole.
fn read_limited(path: &std::path::Path, most: usize) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(most as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// An I/O error's words without "(os error N)", which says nothing more.
fn without_os_error(e: &io::Error) -> String {
    let reason = e.to_string();
    match reason.rfind(" (os error ") {
        Some(i) => reason[..i].to_string(),
        None => reason,
    }
}

fn validate_command(path: &std::path::Path) -> Result<(), Failure> {
    let (plan, origin) = read_plan(&PlanSource {
        plan: Some(path.to_path_buf()),
        preset: None,
        link: None,
    })?;
    // The forecast, not only the checks of the plan's fields: a plan whose
    // figures overflow (users past 10^12) is refused by `forecast`, so it is
    // not valid either, with the same errors and exit code.
    forecast(&plan).map_err(|errs| Failure::invalid(&errs, &origin))?;
    emit("valid\n")
}

fn forecast_command(args: ForecastArgs) -> Result<(), Failure> {
    let (mut plan, origin) = read_plan(&args.source)?;
    if let Some(m) = args.months {
        // Out of range it is a usage problem (exit 2), as --samples is.
        let most = crate::engine::MAX_HORIZON;
        if !(1..=most).contains(&m) {
            return Err(Failure::usage(format!(
                "--months must be from 1 to {most}, got {m}"
            )));
        }
        plan.horizon_months = m;
    }
    if let Some(u) = args.initial_users {
        // A fault of the flag is told at the flag, as --months is.
        if !(0.0..=crate::engine::MAX_USERS).contains(&u) {
            return Err(Failure::usage(format!(
                "--initial-users must be from 0 to 1e12, got {}",
                crate::engine::show_number(u)
            )));
        }
        // + 0.0: -0 reads as 0, never printed as "-0".
        plan.initial_users = Num::Fixed(u + 0.0);
    }
    let chosen = choose_scenarios(&plan, &args.scenario)?;
    // Only the scenarios asked for: another's overflow is not theirs.
    let picked =
        forecast_scenarios(&plan, &chosen).map_err(|errs| Failure::invalid(&errs, &origin))?;
    let text = render(&plan, &picked, args.format, args.scenario == "all");
    match &args.out {
        Some(path) if same_file(path, args.source.plan.as_deref()) => Err(Failure::usage(format!(
            "--out {} is the plan file being read; give another file",
            path.display()
        ))),
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display()))),
        None => emit(&text),
    }
}

/// Whether `out` names the same file as `input` (through any link).
fn same_file(out: &std::path::Path, input: Option<&std::path::Path>) -> bool {
    let real = |p: &std::path::Path| std::fs::canonicalize(p).ok();
    input.is_some_and(|i| real(i).is_some_and(|r| Some(r) == real(out)) || same_inode(i, out))
}

/// One file under two names (a hard link).
#[cfg(unix)]
fn same_inode(a: &std::path::Path, b: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let id = |p: &std::path::Path| std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()));
    id(a).is_some() && id(a) == id(b)
}

#[cfg(not(unix))]
fn same_inode(_: &std::path::Path, _: &std::path::Path) -> bool {
    false
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

/// The one scenario a command works on (`why` says why only one).
fn one_scenario(plan: &Plan, wanted: &str, why: &str) -> Result<usize, Failure> {
    let ids: Vec<&str> = plan.scenarios.iter().map(|s| s.id.as_str()).collect();
    match ids.iter().position(|id| *id == wanted) {
        Some(i) if wanted != "all" => Ok(i),
        _ => Err(Failure::usage(format!(
            "no scenario \"{wanted}\" in this plan; give one of {} ({why})",
            ids.join(", ")
        ))),
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
            let v = if as_array {
                forecast_json::scenarios(plan, f)
            } else {
                (f.scenarios.first())
                    .map_or_else(Default::default, |s| forecast_json::scenario(plan, s))
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

/// A sample count out of range is a usage problem (exit 2), not one of the plan.
fn check_samples(samples: usize) -> Result<(), Failure> {
    let most = crate::engine::simulate::MAX_SAMPLES;
    if samples == 0 || samples > most {
        return Err(Failure::usage(format!(
            "--samples must be from 1 to {}, got {samples}",
            crate::formats::numbers::thousands(most as f64, 0),
        )));
    }
    Ok(())
}

/// Simulates scenarios `which` with the paths split between `threads`
/// threads (`engine::simulate::blocks`), then summarizes each scenario
/// with its months split between them (`engine::simulate::windows`): the
/// figures are those of one run. Each thread takes at least 500 paths;
/// fewer are not worth a thread.
fn simulate_on_threads(
    plan: &Plan,
    which: &[usize],
    samples: usize,
    seed: Option<u64>,
    threads: usize,
) -> Result<crate::engine::simulate::Simulation, Vec<PlanError>> {
    use crate::engine::simulate::{blocks, windows, Simulator};
    let n = threads.min(samples.div_ceil(500));
    let mut parts = (blocks(samples, n).into_iter())
        .map(|paths| Simulator::block(plan, which, samples, seed, paths))
        .collect::<Result<Vec<_>, _>>()?;
    std::thread::scope(|scope| {
        for part in parts.iter_mut() {
            scope.spawn(move || part.run(usize::MAX));
        }
    });
    let mut all = parts.into_iter();
    let mut whole = all.next().expect("at least one block");
    all.for_each(|part| whole.merge(part));
    // Each month's percentiles are its own: months summarized apart and
    // put back in order are the summary of one thread.
    let shared = &whole;
    let bands = (0..which.len())
        .map(|k| {
            std::thread::scope(|scope| {
                let parts: Vec<_> = (windows(shared.months(), n).into_iter())
                    .map(|w| scope.spawn(move || shared.bands(k, w)))
                    .collect();
                parts
                    .into_iter()
                    .flat_map(|part| part.join().expect("a summary thread panicked"))
                    .collect()
            })
        })
        .collect();
    Ok(whole.summary_of(bands))
}

fn simulate_command(args: SimulateArgs) -> Result<(), Failure> {
    use crate::formats::uncertainty;
    let (plan, origin) = read_plan(&args.source)?;
    let chosen = choose_scenarios(&plan, &args.scenario)?;
    check_samples(args.samples)?;
    let threads = match args.threads {
        Some(0) => return Err(Failure::usage("--threads must be at least 1, got 0")),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    // As `validate` and the app: a plan whose forecast at its medians is
    // refused (users past 10^12) gives no figures. Paths that overflow in
    // a plan that holds at its medians are left out and counted.
    forecast(&plan).map_err(|errs| Failure::invalid(&errs, &origin))?;
    let sim = simulate_on_threads(&plan, &chosen, args.samples, args.seed, threads)
        .map_err(|errs| Failure::invalid(&errs, &origin))?;
    let picked: Vec<_> = sim
        .scenarios
        .iter()
        .filter(|s| chosen.contains(&s.scenario))
        .collect();
    // Every path overflowed: there is nothing to take percentiles of. (When
    // only some did, the output says how many were left out.)
    let lost: Vec<PlanError> = picked
        .iter()
        .filter(|s| s.failed == s.samples)
        .map(|s| {
            PlanError::new(
                crate::engine::Path::scenario(s.scenario),
                format!(
                    "all {} paths overflowed (users past 10^12, or a figure past the largest number), so no figures can be given; lower the growth or its range, or shorten the horizon",
                    crate::formats::numbers::thousands(s.samples as f64, 0)
                ),
            )
        })
        .collect();
    if !lost.is_empty() {
        return Err(Failure::invalid(&lost, &origin));
    }
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
    emit(&text)
}

fn fit_command(args: FitArgs) -> Result<(), Failure> {
    use crate::engine::actuals::{backtest, fit_compound, fit_logistic, history, usual_holdout};
    use crate::formats::fit::{json, table, Fits};
    if args.holdout == Some(0) {
        return Err(Failure::usage(
            "--holdout must be at least 1, got 0: the backtest forecasts the months it holds out",
        ));
    }
    let (plan, origin) = read_plan(&args.source)?;
    let errors = crate::engine::validate(&plan);
    if !errors.is_empty() {
        return Err(Failure::invalid(&errors, &origin));
    }
    let points = history(&plan);
    let compound = fit_compound(&points).map_err(|why| {
        Failure::invalid(
            &[PlanError::new(crate::engine::Path::field("actuals"), why)],
            &origin,
        )
    })?;
    let fits = Fits {
        points: points.len(),
        compound,
        logistic: fit_logistic(&points),
        backtest: backtest(
            &points,
            (args.holdout).unwrap_or(usual_holdout(points.len())),
        ),
    };
    emit(&match args.format {
        FitFormat::Table => table(&fits),
        FitFormat::Json => crate::formats::uncertainty::pretty(&json(&fits)),
    })
}

/// The paths the commitment optimiser reads, split between threads as a
/// simulation's are: the same paths in the same order for any number.
fn demand_on_threads(
    plan: &Plan,
    scenario: usize,
    samples: usize,
    seed: Option<u64>,
) -> Result<crate::engine::commitment::Demand, Vec<PlanError>> {
    use crate::engine::commitment::{missing, paths_for};
    use crate::engine::simulate::{blocks, Simulator};
    let samples = paths_for(plan, samples);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut parts = (blocks(samples, threads.min(samples.div_ceil(500))).into_iter())
        .map(|paths| Simulator::block(plan, &[scenario], samples, seed, paths))
        .collect::<Result<Vec<_>, _>>()?;
    std::thread::scope(|scope| {
        for part in parts.iter_mut() {
            part.keep_only_demand();
            scope.spawn(move || part.run(usize::MAX));
        }
    });
    let mut kept = parts.iter_mut().map(|p| p.take_demand());
    let mut whole = kept.next().flatten().ok_or_else(|| vec![missing()])?;
    kept.flatten().for_each(|d| whole.merge(d));
    Ok(whole)
}

fn commit_command(args: CommitArgs) -> Result<(), Failure> {
    use crate::engine::commitment::{optimise, terms_within};
    use crate::formats::commitment as out;
    let (plan, origin) = read_plan(&args.source)?;
    let scenario = one_scenario(
        &plan,
        &args.scenario,
        "a commitment is chosen for one scenario",
    )?;
    check_samples(args.samples)?;
    forecast(&plan).map_err(|errs| Failure::invalid(&errs, &origin))?;
    let Some(c) = plan.pricing.as_ref().and_then(|p| p.commitment.as_ref()) else {
        return Err(Failure::invalid(
            &[crate::engine::commitment::missing()],
            &origin,
        ));
    };
    let term = args.term.unwrap_or(c.term_months);
    let demand = demand_on_threads(&plan, scenario, args.samples, args.seed)
        .map_err(|errs| Failure::invalid(&errs, &origin))?;
    // The plan is valid; the term asked for may still not fit its horizon:
    // a request that cannot be met as asked (2), like an unknown scenario.
    let fail = |why: String| Failure {
        code: 2,
        lines: vec![format!("{origin}: cannot choose a commitment: {why}")],
    };
    let best = optimise(&demand, term).map_err(fail)?;
    let terms: Vec<_> = (terms_within(&plan).into_iter())
        .filter_map(|t| optimise(&demand, t).ok())
        .collect();
    emit(&match args.format {
        FitFormat::Table => out::table(&plan, scenario, &best, &terms),
        FitFormat::Json => {
            crate::formats::uncertainty::pretty(&out::json(&plan, scenario, &best, &terms))
        }
    })
}

fn sensitivity_command(args: SensitivityArgs) -> Result<(), Failure> {
    use crate::formats::uncertainty;
    let (plan, origin) = read_plan(&args.source)?;
    let chosen = choose_scenarios(&plan, &args.scenario)?;
    forecast(&plan).map_err(|errs| Failure::invalid(&errs, &origin))?;
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
    emit(&text)
}

fn day_command(args: DayArgs) -> Result<(), Failure> {
    use crate::formats::day as day_format;
    let (plan, origin) = read_plan(&args.source)?;
    let scenario = one_scenario(&plan, &args.scenario, "a day is of one scenario")?;
    let errors = crate::engine::validate(&plan);
    if !errors.is_empty() {
        return Err(Failure::invalid(&errors, &origin));
    }
    let horizon = plan.horizon_months as i64;
    if args.month < 0 || args.month > horizon {
        return Err(Failure::usage(format!(
            "no month {} in this plan; choose one from 0 to {horizon}",
            args.month
        )));
    }
    let (tier, mut days) = crate::engine::day::month_days(&plan, scenario, args.month as usize)
        .map_err(|errs| Failure::invalid(&errs, &origin))?;
    let names: Vec<&str> = days
        .iter()
        .map(|d| plan.tiers[tier].components[d.component].name.as_str())
        .collect();
    if let Some(name) = &args.component {
        let Some(i) = names.iter().position(|n| n == name) else {
            let choose = if names.is_empty() {
                "it has none".to_string()
            } else {
                format!("choose one of {}", names.join(", "))
            };
            return Err(Failure::usage(format!(
                "no autoscaled component \"{name}\" in tier \"{}\" at month {}; {choose}",
                plan.tiers[tier].label, args.month
            )));
        };
        days = vec![days.swap_remove(i)];
    }
    let report = day_format::Report {
        plan: &plan,
        scenario,
        month: args.month as u32,
        tier,
        days: &days,
    };
    let text = match args.format {
        DayFormat::Table => day_format::table(&report),
        DayFormat::Csv => day_format::csv(&report),
        DayFormat::Json => day_format::json(&report),
        DayFormat::Hpa => day_format::hpa(&report),
    };
    emit(&text)
}

/// What `headroom compare` was asked: the plans in order, the scenarios,
/// the sample count and the format.
struct CompareAsk {
    sources: Vec<PlanSource>,
    scenarios: Vec<String>,
    samples: usize,
    format: Format,
}

fn compare_ask(args: &[String]) -> Result<CompareAsk, Failure> {
    let mut ask = CompareAsk {
        sources: Vec::new(),
        scenarios: Vec::new(),
        samples: crate::engine::simulate::DEFAULT_SAMPLES,
        format: Format::Table,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| Failure::usage(format!("{flag} needs a value")))
        };
        let none = PlanSource {
            plan: None,
            preset: None,
            link: None,
        };
        match flag.as_str() {
            "--plan" => ask.sources.push(PlanSource { plan: Some(value()?.into()), ..none }),
            "--preset" => ask.sources.push(PlanSource { preset: Some(value()?), ..none }),
            "--link" => ask.sources.push(PlanSource { link: Some(value()?), ..none }),
            "--scenario" => ask.scenarios.push(value()?),
            "--samples" => ask.samples = count(&value()?).map_err(|e| Failure::usage(format!("--samples: {e}")))?,
            "--format" => {
                ask.format = match value()?.as_str() {
                    "table" => Format::Table,
                    "csv" => Format::Csv,
                    "json" => Format::Json,
                    other => return Err(Failure::usage(format!("--format: expected table, csv or json, got \"{other}\""))),
                }
            }
            other => return Err(Failure::usage(format!("unexpected \"{other}\"; give --plan FILE, --preset NAME or --link LINK for each plan (see headroom compare --help)"))),
        }
    }
    check_samples(ask.samples)?;
    Ok(ask)
}

/// The plans of one source: one, or a comparison link's all (with their scenarios).
fn compare_plans(source: &PlanSource) -> Result<Vec<(Plan, Option<String>)>, Failure> {
    use crate::formats::link;
    if let Some(fragment) = (source.link.as_deref())
        .map(link::fragment_in)
        .filter(|f| link::is_comparison(f))
    {
        return match link::decode_comparison(&fragment) {
            Ok(all) => Ok(all.into_iter().map(|(p, s)| (p, Some(s))).collect()),
            Err(link::LinkError::Invalid(errors)) => Err(Failure::invalid(&errors, "link")),
            Err(e) => Err(Failure::usage(e.to_string())),
        };
    }
    Ok(vec![(read_plan(source)?.0, None)])
}

fn compare_command(args: &[String]) -> Result<(), Failure> {
    use crate::compare::{compare, output, Entry, MAX_COLUMNS};
    let ask = compare_ask(args)?;
    let mut plans = Vec::new();
    for source in &ask.sources {
        plans.extend(compare_plans(source)?);
    }
    let entries = compare_entries(plans, &ask.scenarios)?;
    if entries.is_empty() || entries.len() > MAX_COLUMNS {
        return Err(Failure::usage(format!(
            "compare 1 to {MAX_COLUMNS} plans (or the scenarios of one with --scenario all), got {}",
            entries.len()
        )));
    }
    let entries: Vec<Entry> = entries;
    let c = compare(&entries, ask.samples)
        .map_err(|(i, errs)| Failure::invalid(&errs, &format!("plan {}", i + 1)))?;
    emit(&match ask.format {
        Format::Table => output::table(&c),
        Format::Csv => output::csv(&c),
        Format::Json => crate::formats::uncertainty::pretty(&output::json(&c)),
    })
}

/// Each plan with its scenario: `--scenario` once for all, once per plan,
/// `all` with one plan for each of its scenarios; else the link's, else
/// "moderate", else the first.
fn compare_entries(
    plans: Vec<(Plan, Option<String>)>,
    scenarios: &[String],
) -> Result<Vec<crate::compare::Entry>, Failure> {
    use crate::compare::Entry;
    if scenarios == ["all"] {
        let [(plan, _)] = <[_; 1]>::try_from(plans).map_err(|_| {
            Failure::usage("--scenario all compares the scenarios of one plan; give one plan")
        })?;
        return Ok((0..plan.scenarios.len())
            .map(|scenario| Entry {
                plan: plan.clone(),
                scenario,
            })
            .collect());
    }
    if scenarios.len() > 1 && scenarios.len() != plans.len() {
        return Err(Failure::usage(format!(
            "give --scenario once (for every plan) or once per plan ({}), got {}",
            plans.len(),
            scenarios.len()
        )));
    }
    (plans.into_iter().enumerate())
        .map(|(i, (plan, linked))| {
            let wanted = scenarios.get(i).or(scenarios.first()).cloned().or(linked);
            let scenario = match wanted {
                Some(id) => one_scenario(&plan, &id, "each plan is compared on one scenario")
                    .map_err(|e| Failure {
                        code: e.code,
                        lines: e
                            .lines
                            .iter()
                            .map(|l| format!("plan {} ({}): {l}", i + 1, plan.name))
                            .collect(),
                    })?,
                None => (plan.scenarios.iter())
                    .position(|s| s.id == "moderate")
                    .unwrap_or(0),
            };
            Ok(Entry { plan, scenario })
        })
        .collect()
}
