//! Grading every learner of a folder: exercises first, all learners side by
//! side on a few threads, then labs, fewer at a time since each starts
//! Node.js processes. The two phases are timed apart so an instructor can
//! tell what costs what, and skip the labs (`--no-labs`) or grade only
//! them (`--labs-only`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::labs::LabSetup;
use super::progress::Bar;
use super::submissions::{self, Submission};
use super::{exercises, gradebook, labs, pool, Gradebook, Learner, Row};

/// What `course grade` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// One folder per learner.
    pub submissions: PathBuf,
    /// Where the gradebook goes (left out when looking for learners).
    pub out: PathBuf,
    pub exercises: bool,
    pub labs: bool,
    /// Learners graded at once for the exercises.
    pub jobs: usize,
    /// Learners graded at once for the labs.
    pub lab_jobs: usize,
    /// A cap on every lab function's timeout.
    pub lab_timeout: Option<Duration>,
    /// The course's `labs/` folder; found as `course lab` finds it when unset.
    pub course_labs: Option<PathBuf>,
    /// Draw the progress bar on stderr.
    pub progress: bool,
}

impl Options {
    /// Exercises and labs of the learners in `submissions`, the gradebook in
    /// `submissions/gradebook/`, as many exercise workers as cores and one
    /// lab at a time.
    pub fn new(submissions: impl Into<PathBuf>) -> Options {
        let submissions = submissions.into();
        Options {
            out: submissions.join("gradebook"),
            submissions,
            exercises: true,
            labs: true,
            jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            lab_jobs: 1,
            lab_timeout: None,
            course_labs: None,
            progress: false,
        }
    }
}

/// Grades the class. Fails only when nothing can be graded (no folder, no
/// learner, no Node.js for the labs) or the gradebook could not be written
/// into `options.out` without losing files (see
/// [`gradebook::check_out`]); a learner's broken submission is reported in
/// their rows and the others are graded.
pub fn grade_class(options: &Options) -> Result<Gradebook, String> {
    let found = submissions::find(&options.submissions, &options.out)?;
    // A gradebook folder that cannot take the gradebook is said before the
    // grading, not after minutes of labs.
    gradebook::check_out(&options.out)?;
    let setup = match options.labs {
        true => Some(lab_setup(options)?),
        false => None,
    };
    let subs = &found.submissions;
    let mut book = Gradebook {
        skipped: found.skipped.clone(),
        ..Gradebook::default()
    };

    let mut exercise_rows = vec![Vec::new(); subs.len()];
    if options.exercises {
        let started = Instant::now();
        let bar = Bar::new("exercises", subs.len(), options.progress);
        exercise_rows = pool::map(subs, options.jobs, grade_exercises, || bar.tick());
        book.exercises_time = Some(started.elapsed());
    }

    let mut lab_rows = vec![Vec::new(); subs.len()];
    if let Some(setup) = &setup {
        let started = Instant::now();
        // One scratch folder per run, even for runs side by side in one process.
        static RUNS: AtomicU64 = AtomicU64::new(0);
        let scratch = std::env::temp_dir().join(format!(
            "course-grade-labs-{}-{}",
            std::process::id(),
            RUNS.fetch_add(1, Ordering::SeqCst)
        ));
        let numbered: Vec<(usize, &Submission)> = subs.iter().enumerate().collect();
        let bar = Bar::new("labs", subs.len(), options.progress);
        lab_rows = pool::map(
            &numbered,
            options.lab_jobs,
            |(n, s)| {
                let learner_labs = s.labs.as_deref().map_err(String::as_str);
                labs::rows(setup, learner_labs, &scratch.join(n.to_string()))
            },
            || bar.tick(),
        );
        let _ = std::fs::remove_dir_all(&scratch);
        book.labs_time = Some(started.elapsed());
    }

    book.learners = subs
        .iter()
        .zip(exercise_rows)
        .zip(lab_rows)
        .map(|((s, ex), labs)| Learner {
            name: s.learner.clone(),
            rows: ex.into_iter().chain(labs).collect(),
            notes: s.notes.clone(),
        })
        .collect();
    Ok(book)
}

/// One learner's exercises; a bug that escapes the graders costs this
/// learner a message, not the class its gradebook.
fn grade_exercises(s: &Submission) -> Vec<Row> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        exercises::rows(s.exercises.as_deref().map_err(String::as_str))
    }))
    .unwrap_or_else(|_| {
        exercises::missing(
            "not graded: the grader failed on this submission (a bug of the course); please report it with the learner's exercises/ folder",
        )
    })
}

/// What the labs need on this machine, checked before anything is graded so
/// that a missing Node.js is said once, not once per learner.
fn lab_setup(options: &Options) -> Result<LabSetup, String> {
    let course_labs = match &options.course_labs {
        Some(dir) => dir.clone(),
        None => ::labs::labs_root().map_err(|e| {
            format!("error: {e}\nhelp: run `course grade` inside the course's repository, or pass --no-labs")
        })?,
    };
    node_version()?;
    let runtime_node_modules = course_labs.join("runtime").join("node_modules");
    let sdk = runtime_node_modules.join("@aws-sdk").join("client-lambda");
    if !sdk.is_dir() {
        return Err(format!(
            "error: the AWS SDK that the lab emulator gives every function is not installed ({} is missing)\nhelp: run `npm ci --prefix {}` once, or pass --no-labs to grade the exercises only",
            sdk.display(),
            course_labs.join("runtime").display()
        ));
    }
    Ok(LabSetup {
        course_labs,
        runtime_node_modules,
        timeout: options.lab_timeout,
    })
}

/// Node.js 20 or newer, as the labs need.
fn node_version() -> Result<u32, String> {
    let help = "help: install Node.js 20 or newer (https://nodejs.org), or pass --no-labs to grade the exercises only";
    let out = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| {
            format!(
                "error: grading the labs needs Node.js, and `node` cannot be started: {e}\n{help}"
            )
        })?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let major = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok())
        .unwrap_or(0);
    if major < 20 {
        return Err(format!(
            "error: grading the labs needs Node.js 20 or newer; `node --version` says {version:?}\n{help}"
        ));
    }
    Ok(major)
}

/// The default gradebook folder for a submissions (or reports) folder.
pub fn default_out(dir: &Path) -> PathBuf {
    dir.join("gradebook")
}
