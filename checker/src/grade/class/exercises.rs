//! A learner's exercises as gradebook rows, graded by checker's own graders
//! from the answer files alone (see [`crate::grade::grade_all`]).

use std::path::Path;

use super::text::one_line;
use super::{ItemKind, Mark, Row};
use crate::grade::{self, catalogue, Links, Outcome, Status};

/// Grades every exercise in `exercises_dir`, following no symbolic link in
/// it; without the folder, every exercise is missing, with the reason.
pub fn rows(exercises_dir: Result<&Path, &str>) -> Vec<Row> {
    match exercises_dir {
        Ok(dir) => grade::grade_all_with(dir, Links::Refuse)
            .iter()
            .map(row)
            .collect(),
        Err(why) => missing(why),
    }
}

/// Every exercise marked missing, with the same message.
pub fn missing(message: &str) -> Vec<Row> {
    catalogue::ids()
        .into_iter()
        .map(|id| Row::plain(id, ItemKind::Exercise, Mark::Missing, message))
        .collect()
}

/// One outcome as a row: the first problem is the message, and the file it
/// points at (with its line) is the file.
pub fn row(outcome: &Outcome) -> Row {
    let mark = match outcome.status {
        Status::Done => Mark::Passed,
        Status::NotAttempted => Mark::NotAttempted,
        Status::Failed if outcome.malformed => Mark::Malformed,
        Status::Failed => Mark::Failed,
    };
    let first = outcome.problems.first();
    let message = match mark {
        Mark::Passed | Mark::NotAttempted => String::new(),
        _ => one_line(&outcome.summary()),
    };
    let file = first
        .and_then(|p| p.place.as_ref())
        .map(|place| match place.line {
            0 => place.file.clone(),
            line => format!("{}:{line}", place.file),
        })
        .unwrap_or_default();
    Row {
        item: outcome.id.clone(),
        kind: ItemKind::Exercise,
        mark,
        message,
        file,
        hints_used: Some(outcome.hints_used),
        feedback: outcome.text(),
    }
}
