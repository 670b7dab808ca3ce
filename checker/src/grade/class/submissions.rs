//! The submissions folder: one folder per learner, named after the learner,
//! each a copy of the course (or at least of its `exercises/` and `labs/`).
//! Real collections are untidy, so this module is forgiving and says what it
//! did: a zip left unpacked is skipped with a reason, a copy found one level
//! down is used with a note, edited course files are named.

use std::path::{Path, PathBuf};

use super::course_files;
use crate::grade::catalogue;

/// One learner's folder and what was found in it.
#[derive(Debug, Clone)]
pub struct Submission {
    pub learner: String,
    pub root: PathBuf,
    /// Their `exercises/` folder, if there is one.
    pub exercises: Option<PathBuf>,
    /// Their `labs/` folder, if there is one.
    pub labs: Option<PathBuf>,
    /// For the instructor; never a grade.
    pub notes: Vec<String>,
}

/// The learners' folders, sorted by name, and the entries that are not.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub submissions: Vec<Submission>,
    pub skipped: Vec<String>,
}

/// Lists the learners' folders in `dir`, leaving out hidden entries and the
/// gradebook folder `out` (by default inside `dir`, so a second run must not
/// take it for a learner).
pub fn find(dir: &Path, out: &Path) -> Result<Found, String> {
    if dir.join("exercises").is_dir() && dir.join("labs").is_dir() {
        return Err(format!(
            "error: {} looks like one copy of the course (it has exercises/ and labs/), not a folder of submissions\nhelp: put each learner's copy in a folder named after them, side by side: submissions/ada-lovelace/exercises, submissions/grace-hopper/exercises, …; then run `course grade submissions`",
            dir.display()
        ));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "error: cannot read the submissions folder {}: {e}\nhelp: pass the folder that holds one folder per learner",
            dir.display()
        )
    })?;
    let out = out.canonicalize().ok();
    let mut found = Found::default();
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            let is_out = out.is_some() && path.canonicalize().ok() == out;
            if is_out || path.join("gradebook.csv").is_file() {
                continue;
            }
            found.submissions.push(examine(&name, &path));
        } else {
            found.skipped.push(format!(
                "{name}: a file, not a learner's folder; if it is a learner's archive, unpack it into a folder named after the learner and grade again"
            ));
        }
    }
    if found.submissions.is_empty() {
        let mut message = format!(
            "error: no learner folders in {}\nhelp: put one folder per learner there, named after them, each with the learner's `exercises/` and `labs/` (see the instructors' page of the book)",
            dir.display()
        );
        for s in &found.skipped {
            message.push_str(&format!("\nnote: {s}"));
        }
        return Err(message);
    }
    Ok(found)
}

/// Looks into one learner's folder.
pub fn examine(learner: &str, root: &Path) -> Submission {
    let mut notes = Vec::new();
    let mut base = root.to_path_buf();
    let has_course = |dir: &Path| dir.join("exercises").is_dir() || dir.join("labs").is_dir();
    if !has_course(root) {
        if let Some(inner) = single_subfolder(root).filter(|d| has_course(d)) {
            notes.push(format!(
                "graded from {learner}/{}/: the course was one folder down (an unpacked archive?)",
                inner.file_name().unwrap_or_default().to_string_lossy()
            ));
            base = inner;
        }
    }
    let mut exercises = Some(base.join("exercises")).filter(|d| d.is_dir());
    let is_exercises = |dir: &Path| dir.join(catalogue::ids()[0]).is_dir();
    if exercises.is_none() && is_exercises(&base) {
        notes.push(format!(
            "graded {learner}/ as the exercises folder: it holds the exercises without an exercises/ folder around them"
        ));
        exercises = Some(base.clone());
    }
    let labs = Some(base.join("labs")).filter(|d| d.is_dir());
    if let Some(dir) = &exercises {
        let changed = course_files::changed_exercise_files(dir);
        if !changed.is_empty() {
            let files: Vec<String> = changed.iter().map(|f| format!("exercises/{f}")).collect();
            notes.push(format!(
                "course files edited: {}; grading never runs them, so they change no grade (worth a word with the learner)",
                files.join(", ")
            ));
        }
    }
    Submission {
        learner: learner.to_string(),
        root: root.to_path_buf(),
        exercises,
        labs,
        notes,
    }
}

/// The only visible subfolder of `dir`, if it has exactly one.
fn single_subfolder(dir: &Path) -> Option<PathBuf> {
    let mut folders = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .filter(|p| p.is_dir());
    let first = folders.next()?;
    folders.next().is_none().then_some(first)
}
