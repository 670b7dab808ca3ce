//! The submissions folder: one folder per learner, named after the learner,
//! each a copy of the course (or at least of its `exercises/` and `labs/`).
//! Real collections are untidy, so this module is forgiving and says what it
//! did: a zip left unpacked is skipped with a reason, a copy found one level
//! down is used with a note, edited course files are named.

use std::path::{Path, PathBuf};

use super::course_files;
use crate::grade::catalogue;
use crate::grade::files::{self, is_folder, printable, Entry};

/// One learner's folder and what was found in it.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The name of the folder, made printable (see [`printable`]).
    pub learner: String,
    pub root: PathBuf,
    /// Their `exercises/` folder, or why there is none (said on every
    /// exercise's row).
    pub exercises: Result<PathBuf, String>,
    /// Their `labs/` folder, or why there is none.
    pub labs: Result<PathBuf, String>,
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
/// take it for a learner). Symbolic links are not followed: a link to a
/// folder could make a learner of any folder of the machine, or of the
/// submissions folder itself.
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
    let given = out;
    let out = resolved(out);
    let mut found = Found::default();
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let raw = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if raw.starts_with('.') {
            continue;
        }
        let name = printable(&raw);
        let is_out = out.as_deref() == resolved(&path).as_deref();
        match files::entry(&path) {
            Entry::Folder => {
                if is_out && (is_gradebook(&path) || is_empty(&path)) {
                    continue;
                }
                if is_gradebook(&path) {
                    // An earlier gradebook, written elsewhere: said, not graded.
                    found.skipped.push(format!(
                        "{name}: holds a gradebook (gradebook.csv or gradebook.json), so it was taken for one and not graded; if it is a learner's folder, remove those files from it"
                    ));
                    continue;
                }
                let inside = |o: &&Path| resolved(&path).is_some_and(|p| o.starts_with(p));
                if let Some(out) = out.as_deref().filter(inside) {
                    let last = out == resolved(&path).unwrap_or_default();
                    return Err(out_in_learner(&name, dir, given, last));
                }
                if found.submissions.iter().any(|s| s.learner == name) {
                    found.skipped.push(format!(
                        "{name}: a second folder with this name once control characters are written as escapes (or bytes that are not UTF-8 replaced); their gradebook files would collide, so only the first was graded: rename one of the two"
                    ));
                    continue;
                }
                found.submissions.push(examine(&name, &path));
            }
            Entry::Link if is_out => {}
            Entry::Link => found.skipped.push(link_skipped(&name, &path)),
            Entry::File => found.skipped.push(format!(
                "{name}: a file, not a learner's folder; if it is a learner's archive, unpack it into a folder named after the learner and grade again"
            )),
            Entry::Special | Entry::Missing => found.skipped.push(format!(
                "{name}: neither a folder nor a file (a named pipe, a socket or a device), not a learner's folder"
            )),
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

/// `path` made absolute, with its links resolved, even when its last
/// components do not exist yet (as a new `--out` folder): the existing part
/// is canonicalized and the rest appended.
fn resolved(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return Some(rest.iter().rev().fold(real, |p, c| p.join(c)));
        }
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?;
    }
}

/// A folder written by `course grade`, not a learner's (links not followed).
fn is_gradebook(dir: &Path) -> bool {
    ["gradebook.csv", "gradebook.json"]
        .iter()
        .any(|f| files::entry(&dir.join(f)) == Entry::File)
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut e| e.next().is_none())
}

/// The error for an `--out` folder in a learner's folder: the gradebook
/// would be written among the learner's files (and, being the out folder,
/// the learner would not be graded).
fn out_in_learner(name: &str, dir: &Path, out: &Path, is_the_folder: bool) -> String {
    let (place, then) = match is_the_folder {
        true => ("", format!("and {name} would not be graded")),
        false => (
            "inside ",
            format!("and be graded as part of {name}'s submission"),
        ),
    };
    format!(
        "error: the gradebook folder {} is {place}{name}/, a learner's folder of {}\n = note: the gradebook would be written among {name}'s files, {then}\nhelp: pick a folder outside the learners' folders with --out, such as {} (the default) or a folder beside {}",
        out.display(),
        dir.display(),
        dir.join("gradebook").display(),
        dir.display()
    )
}

/// Why a symbolic link in the submissions folder is not graded.
fn link_skipped(name: &str, path: &Path) -> String {
    let help = "the grader follows no links in the submissions folder; copy the learner's folder itself there, named after them";
    match std::fs::metadata(path) {
        Err(_) => format!(
            "{name}: a broken symbolic link (it points to nothing that exists), not a learner's folder; {help}"
        ),
        Ok(m) if m.is_dir() => format!(
            "{name}: a symbolic link to a folder, not a learner's folder; {help}"
        ),
        Ok(_) => format!(
            "{name}: a symbolic link to a file, not a learner's folder; {help}"
        ),
    }
}

/// Looks into one learner's folder; `learner` is its printable name.
/// Nothing here follows a symbolic link: a linked `exercises/` or `labs/`
/// folder is reported and left ungraded.
pub fn examine(learner: &str, root: &Path) -> Submission {
    let mut notes = Vec::new();
    let mut base = root.to_path_buf();
    let has_course = |dir: &Path| is_folder(&dir.join("exercises")) || is_folder(&dir.join("labs"));
    if !has_course(root) {
        if let Some(inner) = single_subfolder(root).filter(|d| has_course(d)) {
            notes.push(format!(
                "graded from {learner}/{}/: the course was one folder down (an unpacked archive?)",
                printable(&inner.file_name().unwrap_or_default().to_string_lossy())
            ));
            base = inner;
        }
    }
    let shown = |folder: &str| match base.strip_prefix(root) {
        Ok(inner) if inner.as_os_str().is_empty() => format!("{folder}/"),
        Ok(inner) => format!("{}/{folder}/", printable(&inner.to_string_lossy())),
        Err(_) => format!("{folder}/"),
    };
    let mut exercises = folder(&base, "exercises", &shown("exercises"), &mut notes);
    let is_exercises = |dir: &Path| is_folder(&dir.join(catalogue::ids()[0]));
    if exercises.is_err()
        && files::entry(&base.join("exercises")) == Entry::Missing
        && is_exercises(&base)
    {
        notes.push(format!(
            "graded {learner}/ as the exercises folder: it holds the exercises without an exercises/ folder around them"
        ));
        exercises = Ok(base.clone());
    }
    let labs = folder(&base, "labs", &shown("labs"), &mut notes);
    if let Ok(dir) = &exercises {
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

/// `base/name` if it is a folder, or why it is not graded: missing, or a
/// link (with a note for the instructor, since a link in a submission is
/// worth a word with its learner).
fn folder(
    base: &Path,
    name: &str,
    shown: &str,
    notes: &mut Vec<String>,
) -> Result<PathBuf, String> {
    let path = base.join(name);
    match files::entry(&path) {
        Entry::Folder => Ok(path),
        Entry::Link => {
            notes.push(format!(
                "{shown} is a symbolic link, not followed: the grader reads only regular files and folders of a submission, so it graded none of its {name}"
            ));
            Err(format!(
                "not graded: {shown} is a symbolic link in the submission, and the grader follows no links; hand in the folder itself"
            ))
        }
        _ => Err(format!("no {name}/ folder in the submission")),
    }
}

/// The only visible subfolder of `dir`, if it has exactly one (links to
/// folders do not count).
fn single_subfolder(dir: &Path) -> Option<PathBuf> {
    let mut folders = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path());
    let first = folders.next()?;
    folders.next().is_none().then_some(first)
}
