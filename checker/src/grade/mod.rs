//! Grading the learner's answers. The catalogue of exercises (ids, kinds,
//! scenarios, hints, objectives) is compiled into the checker from the
//! course's own files; grading reads only the learner's answer files from the
//! folder it is given, so editing a manifest or a test in a submission
//! changes nothing.
//!
//! ```no_run
//! let outcome = checker::grade::grade("08", std::path::Path::new("exercises"));
//! println!("{}", outcome.text());
//! ```

pub mod answers;
pub mod artifacts;
pub mod catalogue;
/// Grading a whole class: needs threads and the labs, so it is left out of
/// the learner's `cargo test -p exercises`.
#[cfg(feature = "cli")]
pub mod class;
mod evidence;
pub mod files;
mod kinds;
mod lambda_api;
mod measures;
pub mod report;
pub mod runner;
pub mod state;
mod variants;

use std::path::Path;

pub use answers::{Doc, Place};
pub use catalogue::{Exercise, Kind};
pub use files::Links;

/// Where an exercise stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every check passes.
    Done,
    /// The starter files are untouched (or every answer is still `"?"`).
    NotAttempted,
    /// Attempted, and something is wrong or missing.
    Failed,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::NotAttempted => "not_attempted",
            Status::Failed => "failed",
        }
    }
}

/// One thing wrong with an answer, told as rustc tells a compile error: what,
/// where, the evidence, and what to try.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: String,
    pub place: Option<Place>,
    /// What the simulated run showed, one fact a line.
    pub evidence: Vec<String>,
    /// Other facts worth knowing, one a line.
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            place: None,
            evidence: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    pub fn at(mut self, place: Place) -> Self {
        self.place = Some(place);
        self
    }

    pub fn at_opt(mut self, place: Option<Place>) -> Self {
        self.place = place;
        self
    }

    pub fn evidence(mut self, line: impl Into<String>) -> Self {
        self.evidence.push(line.into());
        self
    }

    pub fn note(mut self, line: impl Into<String>) -> Self {
        self.notes.push(line.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// What a grader concluded.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Pass,
    NotAttempted,
    Fail(Vec<Problem>),
    /// An answer file is missing, not text, or not valid TOML or JSON: the
    /// answers could not be graded at all. Shown to the learner as a failure.
    Unreadable(Vec<Problem>),
}

/// The result of grading one exercise.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub kind: Kind,
    /// The chapter page, from the repository root.
    pub page: String,
    pub minutes: u32,
    pub status: Status,
    /// Failed because an answer file could not be read or parsed, before any
    /// check ran (an instructor's gradebook calls this "malformed").
    pub malformed: bool,
    pub problems: Vec<Problem>,
    /// The files the learner edits, as paths to show (`exercises/08-…/function.json`).
    pub files: Vec<String>,
    pub hints_used: u32,
    pub hints_total: u32,
    /// The hint shown with a failure: the next one not yet asked for.
    pub hint: Option<String>,
}

impl Outcome {
    /// The feedback as the terminal shows it.
    pub fn text(&self) -> String {
        report::text(self)
    }

    /// One line: `done`, `not attempted yet: edit …`, or the first problem.
    pub fn summary(&self) -> String {
        report::summary(self)
    }
}

/// Grades one exercise (by id, number or unique prefix) from the learner's
/// exercises folder.
pub fn grade(exercise_id: &str, learner_exercises_dir: &Path) -> Outcome {
    let hints = state::Hints::load(learner_exercises_dir);
    match catalogue::find(exercise_id) {
        Some(exercise) => grade_one(&exercise, learner_exercises_dir, &hints, Links::Follow),
        None => unknown(exercise_id),
    }
}

/// Grades every exercise, in order.
pub fn grade_all(learner_exercises_dir: &Path) -> Vec<Outcome> {
    grade_all_with(learner_exercises_dir, Links::Follow)
}

/// Grades every exercise, in order, following symbolic links in the folder
/// or not: an instructor grading a submission passes [`Links::Refuse`], so
/// that a link cannot make the grader quote a file of the grading machine.
pub fn grade_all_with(learner_exercises_dir: &Path, links: Links) -> Vec<Outcome> {
    let hints = state::Hints::read(learner_exercises_dir, links);
    catalogue::all()
        .iter()
        .map(|e| grade_one(e, learner_exercises_dir, &hints, links))
        .collect()
}

fn unknown(exercise_id: &str) -> Outcome {
    let ids = catalogue::ids();
    Outcome {
        id: exercise_id.to_string(),
        number: 0,
        title: String::new(),
        kind: Kind::Predict,
        page: String::new(),
        minutes: 0,
        status: Status::Failed,
        malformed: false,
        problems: vec![
            Problem::new(format!("there is no exercise `{exercise_id}`")).help(format!(
                "exercises are named by number (1 to {}) or folder name, e.g. `{}`",
                ids.len(),
                ids.first().copied().unwrap_or("01")
            )),
        ],
        files: Vec::new(),
        hints_used: 0,
        hints_total: 0,
        hint: None,
    }
}

/// The name the learner sees for the exercises folder: its last component.
fn folder_label(dir: &Path) -> String {
    dir.file_name()
        .map(|n| files::printable(&n.to_string_lossy()))
        .filter(|n| !n.is_empty() && n != ".")
        .unwrap_or_else(|| "exercises".to_string())
}

fn grade_one(exercise: &Exercise, dir: &Path, hints: &state::Hints, links: Links) -> Outcome {
    let m = &exercise.manifest;
    let label = folder_label(dir);
    let shown = |file: &str| format!("{label}/{}/{file}", m.id);
    let used = hints.used(&m.id).min(m.hints.len() as u32);
    let verdict = match &exercise.broken {
        Some(why) => Verdict::Fail(vec![Problem::new(why.clone()).help(
            "this file belongs to the course, not to your answer; restore it (e.g. `git checkout exercises`)",
        )]),
        // A bug of a grader must not take the other exercises down with it.
        None => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            verdict(exercise, dir, &shown, links)
        }))
        .unwrap_or_else(|_| {
            Verdict::Fail(vec![Problem::new(
                "the grader of this exercise failed on your answer (a bug of the course, not yours)",
            )
            .help("please report it with your answer file; the other exercises are graded as usual")])
        }),
    };
    let malformed = matches!(verdict, Verdict::Unreadable(_));
    let (status, problems) = match verdict {
        Verdict::Pass => (Status::Done, Vec::new()),
        Verdict::NotAttempted => (Status::NotAttempted, Vec::new()),
        Verdict::Fail(problems) | Verdict::Unreadable(problems) => (Status::Failed, problems),
    };
    let hint = (status == Status::Failed && !m.hints.is_empty())
        .then(|| m.hints[(used as usize).min(m.hints.len() - 1)].clone());
    Outcome {
        id: m.id.clone(),
        number: exercise.number,
        title: m.title.clone(),
        kind: m.kind,
        page: m.page.clone(),
        minutes: m.minutes,
        status,
        malformed,
        problems,
        files: m.files.iter().map(|f| shown(f)).collect(),
        hints_used: used,
        hints_total: m.hints.len() as u32,
        hint,
    }
}

/// Reads the learner's files and runs the exercise's grader.
fn verdict(
    exercise: &Exercise,
    dir: &Path,
    shown: &dyn Fn(&str) -> String,
    links: Links,
) -> Verdict {
    let m = &exercise.manifest;
    let mut texts = Vec::new();
    let mut problems = Vec::new();
    for file in &m.files {
        let reset = format!(
            "`course reset {}` puts the starter file back",
            exercise.number
        );
        match files::read_text(dir, &format!("{}/{file}", m.id), links) {
            // Some editors start files with a byte-order mark: not an error.
            Ok(text) => texts.push((
                file.clone(),
                text.strip_prefix('\u{feff}')
                    .map_or(text.clone(), str::to_string),
            )),
            Err(files::Unread::Io(e)) => problems.push(
                Problem::new(format!("cannot read {}: {}", shown(file), io_reason(&e)))
                    .at(Place::file(&shown(file)))
                    .help(reset),
            ),
            Err(files::Unread::Irregular(found)) => {
                let what = match found.path == format!("{}/{file}", m.id) {
                    true => "it".to_string(),
                    false => format!("{}/{}", folder_label(dir), found.path),
                };
                let help = match found.link {
                    true => format!(
                        "hand in the file itself, not a link to it: replace the link with a copy of the file it points to, or run `course reset {}` to start again from the starter file",
                        exercise.number
                    ),
                    false => reset,
                };
                problems.push(
                    Problem::new(format!(
                        "cannot read {}: {}",
                        shown(file),
                        found.reason(&what)
                    ))
                    .at(Place::file(&shown(file)))
                    .help(help),
                )
            }
        }
    }
    if !problems.is_empty() {
        return Verdict::Unreadable(problems);
    }
    let untouched = texts.iter().all(|(file, text)| {
        exercise
            .starter(file)
            .is_some_and(|starter| same_text(starter, text))
    });
    if untouched {
        return Verdict::NotAttempted;
    }
    let mut docs = Vec::new();
    for (file, text) in &texts {
        match answers::parse(&shown(file), text) {
            Ok(d) => docs.push(d),
            Err(e) => {
                let place = Place::of(&shown(file), text, &e.span);
                let mut p = Problem::new(e.message).at(place);
                p.help = e.help;
                problems.push(p);
            }
        }
    }
    if !problems.is_empty() {
        return Verdict::Unreadable(problems);
    }
    kinds::grade(exercise, &docs)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "the file is missing".to_string(),
        std::io::ErrorKind::InvalidData => "the file is not UTF-8 text".to_string(),
        _ => e.to_string(),
    }
}

/// Equal up to line endings and trailing spaces.
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| l.trim_end().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests;
