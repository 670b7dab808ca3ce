//! The four labs of the first project, each checked in Rust against the
//! learner's folder (`starter/`) or the reference (`solution/`).

mod check;
mod lab1;
mod lab2;
pub(crate) mod lab3;
mod lab4;

use std::path::{Path, PathBuf};

pub use check::{Check, Failure, LabReport};

use crate::Emulator;

/// Which folder of a lab to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// `starter/`: the folder the learner edits.
    Starter,
    /// `solution/`: the reference.
    Solution,
}

/// The labs: step, folder, title.
pub const LABS: [(u8, &str, &str); 4] = [
    (1, "01-nodejs-function", "a Node.js function"),
    (2, "02-dependencies", "an npm dependency (axios)"),
    (3, "03-layer", "moving the dependency into a layer"),
    (4, "04-invoke-another", "one function invoking another"),
];

/// What a lab's checks work with.
pub struct Context<'a> {
    pub emu: &'a Emulator,
    /// The `labs/` folder holding the code under check (a learner's copy).
    pub labs_root: PathBuf,
    /// The `labs/` folder of the course, whose own files (the test events)
    /// the checks use: the same as `labs_root` except when grading a
    /// submission, which must not choose what it is tested with.
    pub course_root: PathBuf,
    pub step: u8,
    pub variant: Variant,
}

impl Context<'_> {
    /// `labs/NN-name/`.
    pub fn lab_dir(&self) -> PathBuf {
        let (_, dir, _) = LABS[usize::from(self.step - 1)];
        self.labs_root.join(dir)
    }

    /// The course's own `labs/NN-name/`, for the lab's test events.
    pub fn course_lab_dir(&self) -> PathBuf {
        let (_, dir, _) = LABS[usize::from(self.step - 1)];
        self.course_root.join(dir)
    }

    /// `labs/NN-name/starter` or `…/solution`.
    pub fn folder(&self) -> PathBuf {
        self.lab_dir().join(match self.variant {
            Variant::Starter => "starter",
            Variant::Solution => "solution",
        })
    }

    /// A path as the learner sees it from the repository's root.
    pub fn show(&self, path: &Path) -> String {
        let root = self.labs_root.parent().unwrap_or(&self.labs_root);
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// Runs the checks of lab `step` on its starter or solution folder.
pub fn check_lab(
    emu: &Emulator,
    labs_root: &Path,
    step: u8,
    variant: Variant,
) -> Result<LabReport, String> {
    check_in(emu, labs_root, labs_root, step, variant)
}

/// Runs the checks of lab `step` on a learner's copy of the labs (their
/// `starter/` folders, in `learner_labs`), with the test events taken from
/// the course's copy (`course_labs`): an instructor grading a class.
pub fn check_submission(
    emu: &Emulator,
    course_labs: &Path,
    learner_labs: &Path,
    step: u8,
) -> Result<LabReport, String> {
    check_in(emu, learner_labs, course_labs, step, Variant::Starter)
}

fn check_in(
    emu: &Emulator,
    labs_root: &Path,
    course_root: &Path,
    step: u8,
    variant: Variant,
) -> Result<LabReport, String> {
    let Some(&(_, _, title)) = LABS.iter().find(|(s, _, _)| *s == step) else {
        return Err(format!(
            "There is no lab {step}: the labs are 1, 2, 3 and 4."
        ));
    };
    let cx = Context {
        emu,
        labs_root: labs_root.to_path_buf(),
        course_root: course_root.to_path_buf(),
        step,
        variant,
    };
    if !cx.folder().is_dir() {
        let restore = match variant {
            Variant::Starter => format!("`course lab reset {step}`"),
            Variant::Solution => format!("`git checkout -- {}`", cx.show(&cx.folder())),
        };
        return Err(format!(
            "The folder {} is missing. Restore it with {restore}.",
            cx.folder().display()
        ));
    }
    let checks = match step {
        1 => lab1::run(&cx),
        2 => lab2::run(&cx),
        3 => lab3::run(&cx),
        _ => lab4::run(&cx),
    };
    Ok(LabReport {
        step,
        title,
        folder: cx.show(&cx.folder()),
        checks,
    })
}

/// Puts lab `step`'s starter files back from the pristine copy in
/// `labs/.starters/`, saving a learner's changed file next to it as
/// `FILE.bak`. Files the learner added (`node_modules/`, a lockfile) stay.
/// Returns one line per file, for the terminal.
pub fn reset_starter(labs_root: &Path, step: u8) -> Result<Vec<String>, String> {
    let Some(&(_, dir, _)) = LABS.iter().find(|(s, _, _)| *s == step) else {
        return Err(format!(
            "There is no lab {step}: the labs are 1, 2, 3 and 4."
        ));
    };
    let pristine = labs_root.join(".starters").join(dir).join("starter");
    let working = labs_root.join(dir).join("starter");
    let files = walk(&pristine);
    if files.is_empty() {
        return Err(format!(
            "The pristine starter of lab {step} is missing ({}). Restore it with `git checkout -- labs/.starters`.",
            pristine.display()
        ));
    }
    let mut lines = Vec::new();
    for file in &files {
        let from = pristine.join(file);
        let to = working.join(file);
        let starter =
            std::fs::read(&from).map_err(|e| format!("Cannot read {}: {e}", from.display()))?;
        match std::fs::read(&to) {
            Ok(current) if current == starter => {
                lines.push(format!("{} is already the starter", to.display()));
                continue;
            }
            Ok(current) => {
                let backup = unused_backup(&to);
                std::fs::write(&backup, current)
                    .map_err(|e| format!("Cannot write {}: {e}", backup.display()))?;
                lines.push(format!("saved your version as {}", backup.display()));
            }
            Err(_) => {}
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("Cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&to, starter).map_err(|e| format!("Cannot write {}: {e}", to.display()))?;
        lines.push(format!("restored {}", to.display()));
    }
    let added = added_since_starter(&working, &files);
    if !added.is_empty() {
        lines.push(format!(
            "kept what you added, which the starter does not have: {}. Delete it to do the lab from the very start (npm makes node_modules and package-lock.json again).",
            added.join(", ")
        ));
    }
    Ok(lines)
}

/// What the learner added to a starter folder (`node_modules/`, a lockfile,
/// files of their own), by top-level name, leaving out the backups a reset
/// makes: a reset keeps it, and says so.
fn added_since_starter(working: &Path, starter_files: &[String]) -> Vec<String> {
    let mut added: Vec<String> = walk(working)
        .into_iter()
        .filter(|file| !starter_files.contains(file))
        .filter(|file| !is_backup(file))
        .map(|file| match file.split_once('/') {
            Some((dir, _)) => format!("{dir}/"),
            None => file,
        })
        .collect();
    added.dedup();
    added
}

/// Whether a file is one of the backups a reset makes (`FILE.bak`, `FILE.bak2`…).
fn is_backup(file: &str) -> bool {
    file.rsplit_once(".bak")
        .is_some_and(|(_, n)| n.chars().all(|c| c.is_ascii_digit()))
}

/// Where to keep a learner's version of `path` before a reset puts the
/// starter back: `FILE.bak`, or `FILE.bak2`, `FILE.bak3`… when earlier resets
/// already left backups, so that no version of theirs is ever overwritten.
pub fn unused_backup(path: &Path) -> PathBuf {
    let name = file_name(path);
    (1u32..)
        .map(|n| match n {
            1 => path.with_file_name(format!("{name}.bak")),
            n => path.with_file_name(format!("{name}.bak{n}")),
        })
        .find(|candidate| !candidate.exists())
        .unwrap_or_else(|| path.with_file_name(format!("{name}.bak")))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The files under `dir`, as sorted relative paths with `/` separators.
/// Symbolic links are not followed (a link to `..` must not loop), and a
/// missing folder has no files.
pub fn walk(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, prefix)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push((entry.path(), rel)),
                Ok(t) if t.is_file() => files.push(rel),
                _ => {}
            }
        }
    }
    files.sort();
    files
}
