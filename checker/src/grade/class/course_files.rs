//! The course's own copies of the files a submission carries but must not
//! change, compiled in so that neither the submission nor the grading
//! machine's working copy decides what they are:
//!
//! - the Rust around the exercises (`exercises/Cargo.toml`, `src/`, `tests/`)
//!   and the manifests: a learner who edits them to make `cargo test` pass
//!   gains nothing, since grading never runs them; we only say that they
//!   changed;
//! - the labs' starter files (from the pristine copies in `labs/.starters/`,
//!   not the folders learners edit): a lab left as it was is "not
//!   attempted", found without starting Node.js.

use std::path::Path;

use super::text::walk;
use crate::grade::files::{entry, read, read_text, Entry, Links, Unread};
use crate::grade::{catalogue, same_text};

/// Files of `exercises/` that belong to the course, by path inside it.
const EXERCISE_MACHINERY: &[(&str, &str)] = &[
    (
        "Cargo.toml",
        include_str!("../../../../exercises/Cargo.toml"),
    ),
    (
        "src/lib.rs",
        include_str!("../../../../exercises/src/lib.rs"),
    ),
    (
        "tests/grade.rs",
        include_str!("../../../../exercises/tests/grade.rs"),
    ),
];

macro_rules! starters {
    ($($step:literal : $folder:literal => [$($file:literal),* $(,)?]),* $(,)?) => {
        &[$(($step, &[$(($file, include_str!(concat!("../../../../labs/.starters/", $folder, "/starter/", $file)))),*])),*]
    };
}

/// Each lab's starter files, by path inside `starter/`.
pub const LAB_STARTERS: &[(u8, &[(&str, &str)])] = starters! {
    1: "01-nodejs-function" => ["index.js"],
    2: "02-dependencies" => ["index.js", "package.json"],
    3: "03-layer" => ["function/index.js", "function/package.json", "layer/nodejs/package.json"],
    4: "04-invoke-another" => ["first/index.js", "second/index.js"],
};

/// The course files of a learner's `exercises/` folder that differ from the
/// course's copy or were added to it, as `tests/grade.rs (changed)`.
/// README files are left out: learners may keep notes in them.
pub fn changed_exercise_files(exercises_dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (path, course) in EXERCISE_MACHINERY {
        if let Some(state) = compare(exercises_dir, path, course) {
            found.push(format!("{path} ({state})"));
        }
    }
    for id in catalogue::ids() {
        let path = format!("{id}/exercise.toml");
        if let Some(course) = catalogue::manifest_text(id) {
            if let Some(state) = compare(exercises_dir, &path, course) {
                found.push(format!("{path} ({state})"));
            }
        }
    }
    // Anything else that Cargo would build or read: an added test, a build
    // script, a `.cargo/config.toml`.
    let known = |p: &str| EXERCISE_MACHINERY.iter().any(|(k, _)| *k == p);
    let mut added: Vec<String> = Vec::new();
    for folder in ["src", "tests", ".cargo"] {
        // The walker follows no link below the folder; the folder itself
        // is not walked when it is a link.
        match entry(&exercises_dir.join(folder)) {
            Entry::Folder => {}
            Entry::Missing => continue,
            Entry::Link => {
                added.push(format!("{folder} (a symbolic link, not followed)"));
                continue;
            }
            Entry::File | Entry::Special => continue,
        }
        for file in walk(&exercises_dir.join(folder)) {
            let path = format!("{folder}/{file}");
            if !known(&path) {
                added.push(format!("{path} (added)"));
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir(exercises_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && !known(&name) && name != "README.md" && !name.starts_with('.') {
                added.push(format!("{name} (added)"));
            }
        }
    }
    added.sort();
    found.extend(added);
    found
}

/// `None` when the file `dir/rel` is there and the same as the course's, up
/// to line endings and trailing spaces (a Windows checkout is not an edit).
/// A link is not followed, only named.
fn compare(dir: &Path, rel: &str, course: &str) -> Option<&'static str> {
    match read(dir, rel, Links::Refuse) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            (!same_text(text, course)).then_some("changed")
        }
        Err(Unread::Irregular(found)) if found.link => Some("a symbolic link, not followed"),
        Err(Unread::Irregular(_)) => Some("not a regular file, not read"),
        // A deleted harness cannot force a pass: nothing to report.
        Err(Unread::Io(_)) => None,
    }
}

/// True when a lab's `starter/` folder is the course's starter: the same
/// starter files (regular files, not links to them), and nothing else but what npm adds (`node_modules/`,
/// `package-lock.json`) and what operating systems leave (`.DS_Store`).
pub fn lab_untouched(step: u8, starter_dir: &Path) -> bool {
    let Some((_, files)) = LAB_STARTERS.iter().find(|(s, _)| *s == step) else {
        return false;
    };
    let same = files.iter().all(|(file, course)| {
        read_text(starter_dir, file, Links::Refuse).is_ok_and(|t| same_text(&t, course))
    });
    let extra = walk(starter_dir).into_iter().any(|file| {
        let name = file.rsplit('/').next().unwrap_or(&file);
        !files.iter().any(|(f, _)| *f == file)
            && !file.split('/').any(|part| part == "node_modules")
            && name != "package-lock.json"
            && name != ".DS_Store"
    });
    same && !extra
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn repo() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    #[test]
    fn the_course_itself_has_no_changed_files() {
        assert_eq!(
            changed_exercise_files(&repo().join("exercises")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn every_starter_file_of_the_labs_is_compiled_in() {
        for (step, folder, _) in labs::labs::LABS {
            let pristine = repo().join("labs/.starters").join(folder).join("starter");
            let on_disk = walk(&pristine);
            let on_disk: Vec<String> = on_disk
                .into_iter()
                .filter(|f| !f.contains("node_modules/") && !f.ends_with("package-lock.json"))
                .collect();
            let (_, files) = LAB_STARTERS.iter().find(|(s, _)| *s == step).unwrap();
            let mut embedded: Vec<String> = files.iter().map(|(f, _)| f.to_string()).collect();
            embedded.sort();
            assert_eq!(on_disk, embedded, "lab {step}");
            assert!(lab_untouched(step, &pristine));
        }
    }

    #[test]
    fn every_file_around_the_exercises_is_compiled_in() {
        let exercises = repo().join("exercises");
        for folder in ["src", "tests"] {
            for file in walk(&exercises.join(folder)) {
                let path = format!("{folder}/{file}");
                assert!(
                    EXERCISE_MACHINERY.iter().any(|(p, _)| *p == path),
                    "{path} is not compiled into course_files"
                );
            }
        }
    }

    #[test]
    fn a_solved_lab_is_not_untouched() {
        let solution = repo().join("labs/01-nodejs-function/solution");
        assert!(!lab_untouched(1, &solution));
    }
}
