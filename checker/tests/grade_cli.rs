//! `course grade` as an instructor types it: the files it writes, what it
//! prints, and its errors. Labs are left out here (`--no-labs`); the fixture
//! class of the `tests` crate grades them.

use crate::support;

use std::path::PathBuf;
use std::process::{Command, Output};

fn course(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_course"))
        .args(args)
        .output()
        .expect("the course binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn class(tag: &str) -> PathBuf {
    let dir = support::scratch_dir(tag);
    let exercises = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../exercises");
    for learner in ["ada", "bob"] {
        support::copy_tree(&exercises, &dir.join(learner).join("exercises"));
        // Untouched exercises hold the pristine starters, whatever this
        // checkout's working copies hold.
        support::copy_tree(
            &exercises.join(".starters"),
            &dir.join(learner).join("exercises"),
        );
    }
    support::copy_tree(
        &exercises.join("solutions"),
        &dir.join("ada").join("exercises"),
    );
    dir
}

#[test]
fn grading_a_class_writes_the_gradebook_and_prints_the_summary() {
    let dir = class("run");
    let out = course(&["grade", dir.to_str().unwrap(), "--no-labs", "--jobs", "2"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let all = checker::grade::catalogue::all().len();
    let done = format!("{all}/{all}");
    assert!(
        stdout.contains(&format!("| ada     | {done:>16} |           - |")),
        "{stdout}"
    );
    assert!(stdout.contains("exercises of 2 learners:"), "{stdout}");
    assert!(
        stderr.contains("[##########] 2/2 learners (exercises)"),
        "{stderr}"
    );
    let book = dir.join("gradebook");
    for file in [
        "gradebook.csv",
        "gradebook.json",
        "summary.md",
        "junit/ada.xml",
        "junit/bob.xml",
        "feedback/ada.md",
        "feedback/bob.md",
    ] {
        assert!(book.join(file).is_file(), "{file}");
    }
    let csv = std::fs::read_to_string(book.join("gradebook.csv")).unwrap();
    assert!(csv.starts_with("learner,item,kind,status,message,file,hints_used,note\n"));
    assert_eq!(csv.lines().count(), 1 + 2 * all);

    // The JUnit files, read back as CI reports, give the same gradebook.
    let again = dir.join("again");
    let out = course(&[
        "grade",
        "--from-reports",
        book.join("junit").to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(again.join("gradebook.csv")).unwrap(),
        csv
    );
}

#[test]
fn a_folder_that_is_not_there_is_a_clear_error() {
    let out = course(&["grade", "/no/such/submissions", "--no-labs"]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("/no/such/submissions is not a folder"),
        "{stderr}"
    );
    assert!(stderr.contains("help:"), "{stderr}");
}

#[test]
fn labs_only_and_no_labs_do_not_go_together() {
    let out = course(&["grade", "x", "--no-labs", "--labs-only"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("cannot be used with"));
}

/// The instructors' page suggests `--no-labs` first for a quick view, then
/// the labs: the second run completes the gradebook instead of replacing it.
#[test]
fn grading_the_labs_after_the_exercises_keeps_the_exercises() {
    let dir = class("halves");
    let quick = course(&["grade", dir.to_str().unwrap(), "--no-labs", "--quiet"]);
    assert!(quick.status.success(), "{}", text(&quick.stderr));
    let labs = course(&["grade", dir.to_str().unwrap(), "--labs-only", "--quiet"]);
    assert!(labs.status.success(), "{}", text(&labs.stderr));
    assert!(
        text(&labs.stderr).contains("kept the exercises of 2 learner(s)"),
        "{}",
        text(&labs.stderr)
    );
    let csv = std::fs::read_to_string(dir.join("gradebook/gradebook.csv")).unwrap();
    let exercises = checker::grade::catalogue::all().len();
    let rows = |kind: &str| {
        csv.lines()
            .filter(|l| l.split(',').nth(2) == Some(kind))
            .count()
    };
    assert_eq!(rows("exercise"), 2 * exercises, "{csv}");
    assert_eq!(rows("lab"), 2 * labs::labs::LABS.len(), "{csv}");
    assert!(csv.contains(&format!(
        "ada,{},exercise,passed",
        checker::grade::catalogue::ids()[0]
    )));
}

/// `--out` names a folder of the instructor's own files: nothing of theirs
/// is removed or replaced, and the error says what to pick instead.
#[test]
fn an_out_folder_of_other_files_is_refused_before_grading() {
    let dir = class("foreign-out");
    let docs = support::scratch_dir("foreign-docs");
    std::fs::create_dir_all(docs.join("feedback")).unwrap();
    std::fs::create_dir_all(docs.join("junit")).unwrap();
    std::fs::write(docs.join("feedback/report-2025.md"), "mine").unwrap();
    std::fs::write(docs.join("junit/ci.xml"), "mine").unwrap();
    std::fs::write(docs.join("summary.md"), "mine").unwrap();
    let subs = dir.to_str().unwrap();
    let docs_arg = docs.to_str().unwrap();
    for args in [
        vec!["grade", subs, "--no-labs", "--quiet", "--out", docs_arg],
        vec![
            "grade",
            "--from-reports",
            subs,
            "--quiet",
            "--out",
            docs_arg,
        ],
    ] {
        let out = course(&args);
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{args:?}: {stderr}");
        assert!(stderr.contains(", and no gradebook.json"), "{stderr}");
        assert!(
            stderr.contains("help: pick an empty folder, or the folder of an earlier gradebook"),
            "{stderr}"
        );
        // Said before any grading: no progress, no summary.
        assert!(out.stdout.is_empty());
    }
    for file in ["feedback/report-2025.md", "junit/ci.xml", "summary.md"] {
        assert_eq!(std::fs::read_to_string(docs.join(file)).unwrap(), "mine");
    }
}

#[test]
fn an_out_folder_in_a_learners_folder_is_refused() {
    let dir = class("out-in-learner");
    std::fs::write(dir.join("ada/notes.md"), "ada's").unwrap();
    let out = course(&[
        "grade",
        dir.to_str().unwrap(),
        "--no-labs",
        "--quiet",
        "--out",
        dir.join("ada").to_str().unwrap(),
    ]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("is ada/, a learner's folder"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("ada/notes.md")).unwrap(),
        "ada's"
    );
}

/// Files put beside an earlier gradebook's pages are left, and named.
#[test]
fn files_beside_the_pages_are_left_and_named() {
    let dir = class("left");
    let first = course(&["grade", dir.to_str().unwrap(), "--no-labs", "--quiet"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    std::fs::write(dir.join("gradebook/feedback/report-2025.md"), "mine").unwrap();
    let again = course(&["grade", dir.to_str().unwrap(), "--no-labs", "--quiet"]);
    let stderr = text(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert!(
        stderr.contains("note: left 1 file(s) in") && stderr.contains("feedback/report-2025.md"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("gradebook/feedback/report-2025.md")).unwrap(),
        "mine"
    );
}
