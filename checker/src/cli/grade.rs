//! `course grade`: an instructor grades a whole class, from the learners'
//! folders or from the JUnit reports their CI made, and gets a gradebook
//! (CSV, JSON, per learner a JUnit file and a feedback page) and a class summary.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::grade::class::{self, gradebook, reports, run, summary, Gradebook, ItemKind};
use crate::grade::files::printable;

#[derive(clap::Args)]
pub struct GradeArgs {
    /// The submissions: one folder per learner, named after the learner,
    /// each holding the learner's `exercises/` and `labs/`.
    #[arg(
        value_name = "DIR",
        required_unless_present = "from_reports",
        conflicts_with = "from_reports"
    )]
    pub dir: Option<PathBuf>,
    /// Build the gradebook from JUnit reports instead (`course check --format
    /// junit` run in each learner's CI): REPORTS holds LEARNER.xml files or
    /// LEARNER/report.xml folders.
    #[arg(long, value_name = "REPORTS")]
    pub from_reports: Option<PathBuf>,
    /// Where to write the gradebook [default: DIR/gradebook/, or
    /// REPORTS/gradebook/]
    #[arg(long, value_name = "OUT")]
    pub out: Option<PathBuf>,
    /// Grade the exercises only (the labs need Node.js 20+).
    #[arg(long, conflicts_with_all = ["labs_only", "from_reports"])]
    pub no_labs: bool,
    /// Grade the labs only.
    #[arg(long, conflicts_with = "from_reports")]
    pub labs_only: bool,
    /// Learners whose exercises are graded at the same time [default: the
    /// number of cores]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Learners whose labs run at the same time; each lab starts Node.js
    /// processes, and its checks measure time, so keep this small.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=8))]
    pub lab_jobs: u16,
    /// Stop every lab function after at most this many seconds (the labs'
    /// own timeouts are 3 to 15 s); code that hangs is graded "timed out".
    /// Below 2 s, correct solutions of Lab 4 time out too.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=900))]
    pub lab_timeout: Option<u64>,
    /// No progress bar and no summary on the terminal: only the files.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: GradeArgs) -> Result<(), String> {
    // Graders catch their own panics and report them in the learner's row;
    // their default message would only garble the progress bar.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = grade(&args);
    std::panic::set_hook(hook);
    let (mut book, out) = result?;
    if args.labs_only || args.no_labs {
        let (graded, other) = if args.labs_only {
            (ItemKind::Lab, "exercises")
        } else {
            (ItemKind::Exercise, "labs")
        };
        let kept = gradebook::keep_earlier(&mut book, &out, graded);
        if kept > 0 {
            eprintln!(
                "kept the {other} of {kept} learner(s) from the gradebook already in {}",
                out.display()
            );
        }
    }
    let written = gradebook::write(&book, &out)?;
    if !args.quiet {
        print!("{}", summary::table(&book));
        println!();
        println!("{}", timing(&book, &args));
    }
    for skipped in &book.skipped {
        eprintln!("warning: not graded: {skipped}");
    }
    eprintln!(
        "wrote {} ({} files: gradebook.csv, gradebook.json, summary.md, junit/LEARNER.xml, feedback/LEARNER.md)",
        out.display(),
        written.files.len()
    );
    if !written.removed.is_empty() {
        eprintln!(
            "removed {} file(s) of learners that the earlier gradebook had and this one has not: {}",
            written.removed.len(),
            shown(&written.removed, &out)
        );
    }
    if !written.left.is_empty() {
        eprintln!(
            "note: left {} file(s) in {} that no gradebook wrote, as they were: {}",
            written.left.len(),
            out.display(),
            shown(&written.left, &out)
        );
    }
    Ok(())
}

/// Paths inside `out`, shown from it and made printable, comma-separated.
fn shown(paths: &[PathBuf], out: &Path) -> String {
    let names: Vec<String> = paths
        .iter()
        .map(|p| printable(&p.strip_prefix(out).unwrap_or(p).to_string_lossy()))
        .collect();
    names.join(", ")
}

fn grade(args: &GradeArgs) -> Result<(Gradebook, PathBuf), String> {
    if let Some(reports_dir) = &args.from_reports {
        let out = args
            .out
            .clone()
            .unwrap_or_else(|| run::default_out(reports_dir));
        // Said before reading the reports, not after.
        gradebook::check_out(&out)?;
        return Ok((reports::gradebook(reports_dir, &out)?, out));
    }
    let dir = args.dir.clone().unwrap_or_default();
    if !dir.is_dir() {
        return Err(format!(
            "error: {} is not a folder\nhelp: pass the folder that holds one folder per learner (see `course grade --help`)",
            dir.display()
        ));
    }
    let mut options = class::Options::new(&dir);
    if let Some(out) = &args.out {
        options.out = out.clone();
    }
    options.exercises = !args.labs_only;
    options.labs = !args.no_labs;
    if let Some(jobs) = args.jobs {
        options.jobs = usize::from(jobs);
    }
    options.lab_jobs = usize::from(args.lab_jobs);
    options.lab_timeout = args.lab_timeout.map(Duration::from_secs);
    options.progress = !args.quiet;
    let out = options.out.clone();
    Ok((class::grade_class(&options)?, out))
}

/// `exercises of 30 learners: 4.1 s (2 at a time) · labs of 30 learners: 95.2 s (1 at a time)`.
fn timing(book: &Gradebook, args: &GradeArgs) -> String {
    let n = book.learners.len();
    let mut parts = Vec::new();
    if let Some(t) = book.exercises_time {
        let jobs = args
            .jobs
            .map(usize::from)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
        parts.push(format!(
            "exercises of {n} learners: {:.1} s ({jobs} at a time)",
            t.as_secs_f64()
        ));
    }
    if let Some(t) = book.labs_time {
        parts.push(format!(
            "labs of {n} learners: {:.1} s ({} at a time)",
            t.as_secs_f64(),
            args.lab_jobs
        ));
    }
    if parts.is_empty() {
        format!("{n} learners, from their reports")
    } else {
        parts.join(" · ")
    }
}
