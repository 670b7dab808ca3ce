//! Grading a whole class (`course grade`): every learner's folder, or every
//! learner's CI report, turned into one gradebook.
//!
//! The grades come only from what checker's graders and the labs' checks
//! read: the learner's answer files and lab folders, regular files and
//! folders only (a symbolic link in a submission is reported, never
//! followed: see [`crate::grade::files`]). Nothing of the
//! submission is run as Rust, so a learner who edits `exercises/tests` or
//! `exercises/Cargo.toml` to force a pass changes nothing; those edits are
//! noticed (`course_files`) and reported as a note, for a conversation.
//!
//! The pieces, one concern a module:
//!
//! - `submissions`: finding one folder per learner, and what is odd in it;
//! - `exercises` and `labs`: one `Row` per exercise or lab;
//! - `run`: both, in parallel, with a progress bar;
//! - `reports`: the same rows read back from JUnit reports made in CI;
//! - `gradebook`, `junit`, `feedback`, `summary`: the files written out.

pub mod course_files;
pub mod exercises;
pub mod feedback;
pub mod gradebook;
pub mod junit;
pub mod labs;
mod pool;
mod progress;
pub mod reports;
pub mod run;
pub mod submissions;
pub mod summary;
mod text;

use std::time::Duration;

pub use run::{grade_class, Options};

/// Where one learner stands on one exercise or lab. Finer than the learner's
/// own view: an instructor wants to tell a wrong answer from a file that
/// cannot be read, and a lab that fails from one that never finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// Every check passes.
    Passed,
    /// Attempted, and at least one check fails.
    Failed,
    /// An answer file is missing, not text, or not valid TOML or JSON; or
    /// it, or a lab's starter file, is a symbolic link, which the grader
    /// does not follow.
    Malformed,
    /// A lab's function did not finish within its timeout.
    TimedOut,
    /// The starter was left as it was.
    NotAttempted,
    /// The folder is not in the submission (or the item not in the report).
    Missing,
}

impl Mark {
    /// The word written in the gradebook.
    pub fn name(self) -> &'static str {
        match self {
            Mark::Passed => "passed",
            Mark::Failed => "failed",
            Mark::Malformed => "malformed",
            Mark::TimedOut => "timed out",
            Mark::NotAttempted => "not attempted",
            Mark::Missing => "missing",
        }
    }

    /// Failed in one of the three ways that carry a message worth counting.
    pub fn is_failure(self) -> bool {
        matches!(self, Mark::Failed | Mark::Malformed | Mark::TimedOut)
    }
}

/// An exercise or a lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Exercise,
    Lab,
}

impl ItemKind {
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Exercise => "exercise",
            ItemKind::Lab => "lab",
        }
    }
}

/// One line of the gradebook: one learner, one exercise or lab.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The exercise id (`08-right-size-memory`) or lab (`lab-01-nodejs-function`).
    pub item: String,
    pub kind: ItemKind,
    pub mark: Mark,
    /// The first problem, on one line; empty when passed.
    pub message: String,
    /// The file the message is about, as `exercises/08-…/function.json:3`.
    pub file: String,
    /// Hints asked for with `course hint` (exercises only).
    pub hints_used: Option<u32>,
    /// The full feedback, as the learner would see it (for the JUnit file).
    pub feedback: String,
}

impl Row {
    /// A row with nothing to say but its mark and message.
    pub fn plain(item: &str, kind: ItemKind, mark: Mark, message: impl Into<String>) -> Row {
        let message = message.into();
        Row {
            item: item.to_string(),
            kind,
            mark,
            feedback: message.clone(),
            message,
            file: String::new(),
            hints_used: None,
        }
    }
}

/// Everything graded for one learner.
#[derive(Debug, Clone, PartialEq)]
pub struct Learner {
    /// The name of the learner's folder (or report file), made printable
    /// (see [`crate::grade::files::printable`]): it heads pages and names
    /// files.
    pub name: String,
    /// Exercises first, in the course's order, then labs.
    pub rows: Vec<Row>,
    /// Things the instructor should know that are not grades: course files
    /// edited, a folder found one level down, a report that does not read.
    pub notes: Vec<String>,
}

impl Learner {
    /// How many rows of `kind` passed, out of how many.
    pub fn passed(&self, kind: ItemKind) -> (usize, usize) {
        let rows = self.rows.iter().filter(|r| r.kind == kind);
        let total = rows.clone().count();
        (rows.filter(|r| r.mark == Mark::Passed).count(), total)
    }
}

/// The class: every learner, what could not be graded, and how long it took.
#[derive(Debug, Clone, Default)]
pub struct Gradebook {
    pub learners: Vec<Learner>,
    /// Entries of the submissions folder that are not learners' folders,
    /// each with why, e.g. a zip file left unpacked.
    pub skipped: Vec<String>,
    /// Time spent grading exercises, when they were graded.
    pub exercises_time: Option<Duration>,
    /// Time spent grading labs, when they were graded.
    pub labs_time: Option<Duration>,
}

/// The gradebook's name of lab `step` (`lab-01-nodejs-function`).
pub fn lab_item(folder: &str) -> String {
    format!("lab-{folder}")
}

#[cfg(test)]
mod tests;
