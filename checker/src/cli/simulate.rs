//! `course simulate`: run a scenario file, or a scenario block of a chapter,
//! and print what happened.

use std::path::PathBuf;

use crate::render;
use crate::scenario::{self, markdown, Scenario};
use crate::sim::{self, logs};

#[derive(clap::Args)]
pub struct SimulateArgs {
    /// A scenario file (.toml) or a chapter (.md) holding `lambda-scenario` blocks.
    pub file: PathBuf,
    /// Which scenario of a chapter to run (its `name`).
    #[arg(long)]
    pub name: Option<String>,
    /// Write the figure to this SVG file.
    #[arg(long)]
    pub svg: Option<PathBuf>,
    /// Print every invocation as JSON lines instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Print the CloudWatch log lines (START, END, REPORT).
    #[arg(long)]
    pub logs: bool,
    /// Print the per-minute CloudWatch metrics.
    #[arg(long)]
    pub metrics: bool,
    /// Print the records sent to destinations and dead-letter queues (JSON).
    #[arg(long)]
    pub deliveries: bool,
}

/// Reads the scenario `args` point at, with errors that name the file and line.
pub fn load(file: &std::path::Path, name: Option<&str>) -> Result<Scenario, String> {
    let origin = file.display().to_string();
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("error: cannot read {origin}: {e}\nhelp: check the path; scenario files end in .toml, chapters in .md"))?;
    let is_markdown = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    if !is_markdown {
        return scenario::parse(&text).map_err(|e| e.report(&origin, &text, 1));
    }
    let blocks = markdown::scenario_blocks(&text);
    let names: Vec<String> = blocks.iter().filter_map(|b| b.name.clone()).collect();
    let listed = || {
        if names.is_empty() {
            "none of them has a `name`; add e.g. `name = \"my-scenario\"` as the first line of the block you want".to_string()
        } else {
            format!("its scenarios are: {}", names.join(", "))
        }
    };
    let block = match name {
        Some(wanted) => {
            let mut named = blocks.iter().filter(|b| b.name.as_deref() == Some(wanted));
            let block = named.next().ok_or_else(|| {
                format!("error: {origin} has no scenario named `{wanted}`\nhelp: {}", listed())
            })?;
            if let Some(again) = named.next() {
                return Err(format!(
                    "error: {origin} has two scenarios named `{wanted}`, at lines {} and {}\nhelp: give each scenario its own name",
                    block.line, again.line
                ));
            }
            block
        }
        None if blocks.len() == 1 => &blocks[0],
        None if blocks.is_empty() => {
            return Err(format!(
                "error: {origin} has no ```lambda-scenario block\nhelp: pass a .toml scenario, or a chapter that has one"
            ))
        }
        None => {
            return Err(format!(
                "error: {origin} has {} scenarios; say which with --name\nhelp: {}",
                blocks.len(),
                listed()
            ))
        }
    };
    scenario::parse(&block.source).map_err(|e| e.report(&origin, &block.source, block.line))
}

/// The most invocations `--svg` draws: one shape each, so that a figure
/// stays a few megabytes at most (1.2 million made a 140 MB file).
const FIGURE_LIMIT: usize = 10_000;

/// Checks before a long simulation that the figure has a folder to go to,
/// without touching the file yet. (Whether that folder may be written is
/// only known by writing: permission bits mislead for root and for others'
/// folders.)
fn writable(path: &std::path::Path) -> Result<(), String> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let problem = if !folder.is_dir() {
        Some(format!("the folder {} does not exist", folder.display()))
    } else if path.is_dir() {
        Some("it is a folder".to_string())
    } else {
        None
    };
    match problem {
        Some(why) => Err(format!(
            "error: cannot write the figure to {}: {why}\nhelp: give --svg a file in a folder you can write to, e.g. --svg figure.svg",
            path.display()
        )),
        None => Ok(()),
    }
}

pub fn run(args: SimulateArgs) -> Result<(), String> {
    let scenario = load(&args.file, args.name.as_deref())?;
    let simulation = &scenario.simulation;
    let origin = args.file.display();
    let recording = simulation.options.recording;
    if recording != sim::Recording::Full && (args.json || args.logs || args.svg.is_some()) {
        return Err(format!(
            "error: {origin}: the scenario says record = \"{}\", which keeps no single invocation, so there is nothing for --json, --logs or --svg\nhelp: remove `record` (or write record = \"full\") to keep every invocation; --metrics works with record = \"metrics\"",
            if recording == sim::Recording::MetricsOnly { "metrics" } else { "totals" }
        ));
    }
    if let Some(path) = &args.svg {
        writable(path)?;
    }
    let run = sim::run(simulation);
    if let Some(stopped) = run.stopped {
        return Err(format!(
            "error: {origin}: {}\nhelp: {}",
            stopped.message(),
            stopped.help()
        ));
    }
    if args.json {
        for i in &run.invocations {
            println!("{}", invocation_json(&run, i));
        }
    } else if !args.logs && !args.metrics && !args.deliveries {
        print!("{}", render::invocation_table(&run));
    }
    if args.logs {
        for (f, lost) in run.logs_lost.iter().enumerate() {
            if let Some(why) = lost {
                println!("# no logs for {}: {why}", run.functions[f]);
            }
        }
        for i in run
            .invocations
            .iter()
            .filter(|i| run.logs_lost[i.function].is_none())
        {
            let version = if i.version == 0 {
                "$LATEST".to_string()
            } else {
                i.version.to_string()
            };
            for line in logs::lines(i, &version) {
                println!("{line}");
            }
        }
    }
    if args.metrics {
        if simulation.options.recording == sim::Recording::TotalsOnly {
            println!("# no per-minute metrics: the scenario says record = \"totals\"; use \"metrics\" to keep them");
        } else {
            print!("{}", render::metrics_table(&run));
        }
    }
    if args.deliveries {
        for d in &run.deliveries {
            let kind = if d.dead_letter {
                "dead-letter queue"
            } else {
                "destination"
            };
            println!("# {kind} {}:{}", d.target_kind.prefix(), d.target);
            println!("{}", sim::records::delivery_record(&run, d));
        }
    }
    if let Some(path) = &args.svg {
        if run.invocations.len() > FIGURE_LIMIT {
            return Err(format!(
                "error: {origin}: a figure of {} invocations would be too large to draw or read (at most {FIGURE_LIMIT})\nhelp: draw a shorter stretch with `until`, or lower the traffic; the summary and --metrics cover long runs",
                run.invocations.len()
            ));
        }
        std::fs::write(path, render::figure_svg(simulation, &run)).map_err(|e| {
            format!(
                "error: cannot write {}: {e}\nhelp: write the figure into a folder you can write to",
                path.display()
            )
        })?;
        eprintln!("wrote {}", path.display());
    }
    for message in &run.access_denied {
        eprintln!("AccessDenied: {message}");
    }
    eprintln!("{}", render::summary_line(simulation, &run));
    Ok(())
}

fn invocation_json(run: &sim::Run, i: &sim::Invocation) -> String {
    serde_json::json!({
        "number": i.number,
        "request_id": i.request_id.to_string(),
        "function": run.functions[i.function],
        "version": i.version,
        "attempt": i.attempt,
        "arrival_us": i.arrival,
        "environment": i.environment,
        "start": format!("{:?}", i.start).to_lowercase(),
        "init_us": i.init,
        "duration_us": i.duration,
        "billed_ms": i.billed_ms,
        "outcome": outcome_name(&i.outcome),
    })
    .to_string()
}

/// How an invocation ended, in the JSON's words (`out_of_memory`,
/// `throttled:ReservedFunctionConcurrentInvocationLimitExceeded`).
fn outcome_name(outcome: &sim::Outcome) -> String {
    use sim::Outcome::*;
    let name = match outcome {
        Throttled(reason) => return format!("throttled:{}", reason.name()),
        Success => "success",
        FunctionError => "function_error",
        Crash => "crash",
        OutOfMemory => "out_of_memory",
        Timeout => "timeout",
        CalleeFailed => "callee_failed",
        CutOff => "cut_off",
        RequestTooLarge => "request_too_large",
        RecursionDropped => "recursion_dropped",
        AccessDenied => "access_denied",
    };
    name.to_string()
}
