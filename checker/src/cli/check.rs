//! `course check`: where the learner stands in the exercises (done, attempted,
//! not attempted yet), a progress bar and the exercise to do next; or the same as
//! JSON or JUnit XML for instructors and CI.

use std::path::{Path, PathBuf};

use crate::grade::report::{self, Progress};
use crate::grade::{self, Status};

#[derive(clap::Args)]
pub struct CheckArgs {
    /// The exercises folder to grade (default: `exercises` of the course
    /// repository around the current directory).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// `text` for people, `json` or `junit` for machines.
    #[arg(long, default_value = "text", value_parser = ["text", "json", "junit"])]
    pub format: String,
    /// Write the report to this file instead of the terminal.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// The exercise a learner names on the command line, by number or folder name.
pub fn named_exercise(name: &str) -> Result<grade::catalogue::Exercise, String> {
    grade::catalogue::find(name).ok_or_else(|| {
        format!(
            "error: there is no exercise `{name}`\nhelp: name it by number (1 to {}) or folder name",
            grade::catalogue::ids().len()
        )
    })
}

/// The exercises folder: the one given, or `exercises/` in the current
/// directory or one of its parents, or the current directory itself.
pub fn exercises_dir(given: Option<&Path>) -> Result<PathBuf, String> {
    let is_exercises = |dir: &Path| dir.join(grade::catalogue::ids()[0]).is_dir();
    if let Some(dir) = given {
        let holds_any = grade::catalogue::ids()
            .iter()
            .any(|id| dir.join(id).is_dir());
        return if dir.is_dir() && holds_any {
            Ok(dir.to_path_buf())
        } else if dir.is_dir() {
            Err(format!(
                "error: {} holds none of the course's exercise folders (such as `{}`)\nhelp: pass the `exercises` folder of the course, or a learner's copy of it",
                dir.display(),
                grade::catalogue::ids()[0]
            ))
        } else {
            Err(format!(
                "error: {} is not a folder\nhelp: pass the `exercises` folder of the course, or a learner's copy of it",
                dir.display()
            ))
        };
    }
    let here = std::env::current_dir().map_err(|e| format!("error: {e}"))?;
    for dir in here.ancestors() {
        if is_exercises(dir) {
            return Ok(dir.to_path_buf());
        }
        let candidate = dir.join("exercises");
        if is_exercises(&candidate) {
            return Ok(candidate);
        }
    }
    Err("error: cannot find the `exercises` folder\nhelp: run `course` inside the course repository, or pass --dir PATH".to_string())
}

pub fn run(args: CheckArgs) -> Result<(), String> {
    let dir = exercises_dir(args.dir.as_deref())?;
    let outcomes = grade::grade_all(&dir);
    let text = match args.format.as_str() {
        "json" => report::json(&outcomes) + "\n",
        "junit" => report::junit(&outcomes),
        _ => progress_text(&outcomes),
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

/// The progress view: one line per exercise, the bar and what to do next.
pub fn progress_text(outcomes: &[grade::Outcome]) -> String {
    let mut out = String::new();
    let width = outcomes.iter().map(|o| o.id.len()).max().unwrap_or(0);
    for o in outcomes {
        let (mark, status) = match o.status {
            Status::Done => ("✓", "done".to_string()),
            Status::Failed => ("✗", format!("attempted: {}", o.summary())),
            Status::NotAttempted => (" ", "not attempted yet".to_string()),
        };
        let hints = if o.hints_used > 0 {
            format!(
                " ({} hint{} used)",
                o.hints_used,
                if o.hints_used == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        };
        out.push_str(&format!("{mark} {:<width$}  {status}{hints}\n", o.id));
    }
    let p = Progress::of(outcomes);
    out.push_str(&format!("\n{}\n", p.bar(40)));
    match report::next(outcomes) {
        Some(next) => out.push_str(&format!(
            "next: {} · {} ({}, about {} min)\n      edit {}, run `cargo test -p exercises`; `course hint {}` helps\n",
            next.id,
            next.title,
            next.kind.name(),
            next.minutes,
            next.files.join(" and "),
            next.number
        )),
        None => out.push_str("every exercise is done: well done!\n"),
    }
    out
}
