//! Class grading without the labs (no Node.js needed): what a submission
//! looks like, how reports made in CI read back, and the summary's counts.
//! The full fixture class, labs included, is tested in the `tests` crate.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use super::*;
use crate::grade::{self, catalogue, report};

fn course_exercises() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../exercises")
}

/// A folder under the system's temp folder, removed when the test is done
/// with it (passed or failed), so that test runs do not pile up there.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp(tag: &str) -> Scratch {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "checker-class-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

/// A learner's copy of `exercises/` with the given exercises solved: the
/// untouched ones hold the pristine starters (`.starters/`), whatever the
/// working copy of whoever runs the tests holds.
fn exercises_copy(dest: &Path, solved: &[&str]) {
    copy(&course_exercises(), dest);
    copy(&course_exercises().join(".starters"), dest);
    for id in solved {
        copy(
            &course_exercises().join("solutions").join(id),
            &dest.join(id),
        );
    }
}

fn exercises_only(dir: &Path) -> Options {
    let mut options = Options::new(dir);
    options.labs = false;
    options.jobs = 2;
    options
}

#[test]
fn without_labs_only_exercises_are_graded() {
    let class = temp("nolabs");
    exercises_copy(&class.join("ada/exercises"), &["01-pay-per-use"]);
    exercises_copy(&class.join("bob/exercises"), &[]);
    let book = grade_class(&exercises_only(&class)).unwrap();
    assert!(book.labs_time.is_none() && book.exercises_time.is_some());
    let names: Vec<&str> = book.learners.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["ada", "bob"]);
    for l in &book.learners {
        assert_eq!(l.rows.len(), catalogue::ids().len());
        assert!(l.rows.iter().all(|r| r.kind == ItemKind::Exercise));
    }
    assert_eq!(book.learners[0].passed(ItemKind::Exercise).0, 1);
    assert_eq!(book.learners[1].rows[0].mark, Mark::NotAttempted);
}

#[test]
fn a_second_run_does_not_grade_the_gradebook() {
    let class = temp("rerun");
    exercises_copy(&class.join("ada/exercises"), &[]);
    let options = exercises_only(&class);
    let book = grade_class(&options).unwrap();
    gradebook::write(&book, &options.out).unwrap();
    let again = grade_class(&options).unwrap();
    assert_eq!(again.learners.len(), 1);
}

#[test]
fn an_empty_folder_is_an_error_that_says_what_to_put_there() {
    let class = temp("empty");
    std::fs::write(class.join("ada.zip"), "zip").unwrap();
    let err = grade_class(&exercises_only(&class)).unwrap_err();
    assert!(err.contains("no learner folders"), "{err}");
    assert!(
        err.contains("ada.zip: a file, not a learner's folder"),
        "{err}"
    );
}

#[test]
fn an_added_test_or_build_script_is_noted() {
    let class = temp("added");
    let ex = class.join("ada/exercises");
    exercises_copy(&ex, &[]);
    std::fs::write(ex.join("tests/pass.rs"), "#[test] fn ok() {}").unwrap();
    std::fs::write(ex.join("build.rs"), "fn main() {}").unwrap();
    let manifest = ex.join("08-right-size-memory/exercise.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("hints = [", "hints = [\"free pass\", "),
    )
    .unwrap();
    let s = submissions::examine("ada", &class.join("ada"));
    let notes = s.notes.join("\n");
    for file in [
        "exercises/tests/pass.rs (added)",
        "exercises/build.rs (added)",
        "exercises/08-right-size-memory/exercise.toml (changed)",
    ] {
        assert!(notes.contains(file), "{file} in {notes}");
    }
}

#[test]
fn a_windows_checkout_is_not_an_edit() {
    let class = temp("crlf");
    let ex = class.join("ada/exercises");
    exercises_copy(&ex, &[]);
    let harness = ex.join("tests/grade.rs");
    let text = std::fs::read_to_string(&harness).unwrap();
    std::fs::write(&harness, text.replace('\n', "\r\n")).unwrap();
    assert!(course_files::changed_exercise_files(&ex).is_empty());
}

#[test]
fn exercises_handed_in_without_their_folder_are_found() {
    let class = temp("bare");
    exercises_copy(&class.join("ada"), &["02-reuse-or-new"]);
    let s = submissions::examine("ada", &class.join("ada"));
    assert_eq!(
        s.exercises.as_deref().ok(),
        Some(class.join("ada").as_path())
    );
    assert!(
        s.notes[0].contains("as the exercises folder"),
        "{:?}",
        s.notes
    );
}

#[test]
fn a_report_from_course_check_reads_back_with_its_statuses() {
    let class = temp("ci");
    let ex = class.join("exercises");
    exercises_copy(&ex, &["01-pay-per-use", "03-read-a-cold-start"]);
    std::fs::write(ex.join("02-reuse-or-new/answers.toml"), "x = [").unwrap();
    std::fs::write(
        ex.join("08-right-size-memory/function.json"),
        std::fs::read_to_string(ex.join("08-right-size-memory/function.json"))
            .unwrap()
            .replace("512", "128"),
    )
    .unwrap();
    let mut hints = grade::state::Hints::default();
    hints.set("08-right-size-memory", 2);
    hints.save(&ex).unwrap();
    let outcomes = grade::grade_all(&ex);
    let direct: Vec<Row> = outcomes.iter().map(exercises::row).collect();

    let learner = reports::learner_from("ada", "ada.xml", &report::junit(&outcomes));
    assert!(learner.notes.is_empty(), "{:?}", learner.notes);
    assert_eq!(learner.rows.len(), direct.len());
    for (read, graded) in learner.rows.iter().zip(&direct) {
        assert_eq!(
            (
                &read.item,
                read.mark,
                &read.message,
                &read.file,
                read.hints_used
            ),
            (
                &graded.item,
                graded.mark,
                &graded.message,
                &graded.file,
                graded.hints_used
            )
        );
    }
    let mark = |id: &str| learner.rows.iter().find(|r| r.item == id).unwrap().mark;
    assert_eq!(mark("01-pay-per-use"), Mark::Passed);
    assert_eq!(mark("02-reuse-or-new"), Mark::Malformed);
    assert_eq!(mark("08-right-size-memory"), Mark::Failed);
    assert_eq!(mark("09-timeout-for-a-slow-job"), Mark::NotAttempted);
}

#[test]
fn reports_in_folders_files_and_nonsense() {
    let dir = temp("reports");
    let outcomes = grade::grade_all(&course_exercises().join("solutions"));
    let junit = report::junit(&outcomes);
    std::fs::write(dir.join("ada.xml"), &junit).unwrap();
    std::fs::create_dir_all(dir.join("bob")).unwrap();
    std::fs::write(dir.join("bob/report.xml"), &junit).unwrap();
    std::fs::create_dir_all(dir.join("cleo")).unwrap();
    std::fs::write(
        dir.join("dan.xml"),
        "<testsuites><testcase name=\"99-nope\"/></testsuites>",
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "hello").unwrap();
    std::fs::write(dir.join("eve.xml"), [0x89, b'P', b'N', b'G', 0, 0xff, b'<']).unwrap();
    let book = reports::gradebook(&dir, &dir.join("gradebook")).unwrap();
    let names: Vec<&str> = book.learners.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["ada", "bob", "cleo", "dan", "eve"]);
    assert!(
        book.learners[4].notes[0].contains("eve.xml is not text"),
        "{:?}",
        book.learners[4].notes
    );
    let all = grade::catalogue::all().len();
    assert_eq!(book.learners[0].passed(ItemKind::Exercise), (all, all));
    assert_eq!(book.learners[1].passed(ItemKind::Exercise), (all, all));
    // Reports from `course check` carry no labs: no lab rows are made up.
    assert!(book.learners[0]
        .rows
        .iter()
        .all(|r| r.kind == ItemKind::Exercise));
    assert!(book.learners[2].notes[0].contains("cleo/ holds no report"));
    assert!(book.learners[3].notes[0].contains("no result for any exercise"));
    assert!(book.learners[3]
        .rows
        .iter()
        .all(|r| r.mark == Mark::Missing));
    assert!(book.skipped[0].starts_with("notes.txt"));
}

#[test]
fn the_summary_counts_and_breaks_ties_the_same_way_every_time() {
    let row = |mark, message: &str| Row::plain("01-pay-per-use", ItemKind::Exercise, mark, message);
    let learner = |name: &str, rows| Learner {
        name: name.to_string(),
        rows,
        notes: Vec::new(),
    };
    let book = Gradebook {
        learners: vec![
            learner("a", vec![row(Mark::Failed, "b wrong")]),
            learner("b", vec![row(Mark::Failed, "a wrong")]),
            learner("c", vec![row(Mark::Passed, "")]),
            learner("d", vec![row(Mark::Missing, "no exercises/ folder")]),
        ],
        ..Gradebook::default()
    };
    let items = summary::items(&book);
    assert_eq!(items.len(), 1);
    let s = &items[0];
    assert_eq!((s.passed, s.failed, s.missing), (1, 2, 1));
    assert_eq!(s.common, Some(("a wrong".to_string(), 1)));
    let table = summary::table(&book);
    assert!(
        table.contains("| 01-pay-per-use |      1 |      2 |"),
        "{table}"
    );
}

#[test]
fn one_copy_of_the_course_is_not_a_class() {
    let course = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let err = grade_class(&exercises_only(&course)).unwrap_err();
    assert!(err.contains("looks like one copy of the course"), "{err}");
}

/// Every file under `dir`, as text, for looking for what must not be there.
fn all_text(dir: &Path) -> String {
    let mut text = String::new();
    for file in text::walk(dir) {
        text.push_str(&String::from_utf8_lossy(
            &std::fs::read(dir.join(&file)).unwrap(),
        ));
    }
    text
}

#[cfg(unix)]
#[test]
fn a_linked_answer_file_is_graded_unread_and_never_quoted() {
    use std::os::unix::fs::symlink;
    let class = temp("link-file");
    let secret = class.join("secret.txt");
    std::fs::write(&secret, "SECRET_TOKEN=hunter2\n").unwrap();
    let ex = class.join("subs/eve/exercises");
    exercises_copy(&ex, &[]);
    let answers = ex.join("01-pay-per-use/answers.toml");
    std::fs::remove_file(&answers).unwrap();
    symlink(&secret, &answers).unwrap();
    // A folder of one exercise, and the hints file, linked too.
    let elsewhere = class.join("elsewhere");
    copy(&ex.join("02-reuse-or-new"), &elsewhere);
    std::fs::write(elsewhere.join("answers.toml"), "SECRET_TOKEN=hunter2\n").unwrap();
    std::fs::remove_dir_all(ex.join("02-reuse-or-new")).unwrap();
    symlink(&elsewhere, ex.join("02-reuse-or-new")).unwrap();
    std::fs::create_dir_all(ex.join(".course")).unwrap();
    let _ = std::fs::remove_file(ex.join(".course/hints.toml"));
    symlink(&secret, ex.join(".course/hints.toml")).unwrap();

    let options = exercises_only(&class.join("subs"));
    let book = grade_class(&options).unwrap();
    let row = |id: &str| {
        book.learners[0]
            .rows
            .iter()
            .find(|r| r.item == id)
            .unwrap()
            .clone()
    };
    let file = row("01-pay-per-use");
    assert_eq!(file.mark, Mark::Malformed, "{file:?}");
    assert!(
        file.message.contains(
            "cannot read exercises/01-pay-per-use/answers.toml: it is a symbolic link, and the grader reads only regular files"
        ),
        "{file:?}"
    );
    assert!(
        file.feedback.contains("help: hand in the file itself"),
        "{}",
        file.feedback
    );
    let folder = row("02-reuse-or-new");
    assert_eq!(folder.mark, Mark::Malformed, "{folder:?}");
    assert!(
        folder
            .message
            .contains("exercises/02-reuse-or-new is a symbolic link"),
        "{folder:?}"
    );
    gradebook::write(&book, &options.out).unwrap();
    assert!(!all_text(&options.out).contains("hunter2"));
}

#[cfg(unix)]
#[test]
fn linked_folders_are_neither_learners_nor_their_exercises() {
    use std::os::unix::fs::symlink;
    let class = temp("link-folders");
    exercises_copy(&class.join("ada/exercises"), &["01-pay-per-use"]);
    // A learner whose exercises are a link back up the tree.
    std::fs::create_dir_all(class.join("sym")).unwrap();
    symlink("../ada/exercises", class.join("sym/exercises")).unwrap();
    // A link to the submissions folder itself, and a link to nothing.
    symlink(".", class.join("loop")).unwrap();
    symlink("no-such-folder", class.join("ghost")).unwrap();
    let book = grade_class(&exercises_only(&class)).unwrap();
    let names: Vec<&str> = book.learners.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["ada", "sym"]);
    let sym = &book.learners[1];
    assert!(sym.rows.iter().all(|r| r.mark == Mark::Missing));
    assert!(
        sym.rows[0]
            .message
            .contains("exercises/ is a symbolic link in the submission"),
        "{:?}",
        sym.rows[0]
    );
    assert!(sym.notes[0].contains("not followed"), "{:?}", sym.notes);
    let skipped = book.skipped.join("\n");
    assert!(
        skipped.contains("ghost: a broken symbolic link"),
        "{skipped}"
    );
    assert!(
        skipped.contains("loop: a symbolic link to a folder, not a learner's folder"),
        "{skipped}"
    );
}

#[cfg(unix)]
#[test]
fn linked_labs_are_not_read() {
    use std::os::unix::fs::symlink;
    let class = temp("link-labs");
    let course_labs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../labs");
    let learner = class.join("labs");
    std::fs::create_dir_all(learner.join("01-nodejs-function")).unwrap();
    symlink(
        course_labs.join("01-nodejs-function/solution"),
        learner.join("01-nodejs-function/starter"),
    )
    .unwrap();
    copy(
        &course_labs.join(".starters/02-dependencies/starter"),
        &learner.join("02-dependencies/starter"),
    );
    let index = learner.join("02-dependencies/starter/index.js");
    std::fs::remove_file(&index).unwrap();
    symlink(class.join("secret.txt"), &index).unwrap();
    let setup = super::labs::LabSetup {
        course_labs: course_labs.clone(),
        runtime_node_modules: course_labs.join("runtime/node_modules"),
        timeout: None,
    };
    // No lab is run: a linked lab is decided without the emulator.
    let rows = super::labs::rows(&setup, Ok(&learner), &class.join("state"));
    assert_eq!(rows[0].mark, Mark::Missing, "{:?}", rows[0]);
    assert!(
        rows[0]
            .message
            .contains("labs/01-nodejs-function/starter is a symbolic link"),
        "{:?}",
        rows[0]
    );
    assert_eq!(rows[1].mark, Mark::Malformed, "{:?}", rows[1]);
    assert!(
        rows[1]
            .message
            .contains("labs/02-dependencies/starter/index.js is a symbolic link"),
        "{:?}",
        rows[1]
    );
}

#[test]
fn a_name_with_a_newline_is_printed_on_one_line() {
    let class = temp("newline");
    exercises_copy(&class.join("ann\nbob/exercises"), &[]);
    std::fs::write(class.join("zip\n.zip"), "zip").unwrap();
    let book = grade_class(&exercises_only(&class)).unwrap();
    assert_eq!(book.learners[0].name, "ann\\nbob");
    let table = summary::table(&book);
    assert!(table.contains("| ann\\nbob |"), "{table}");
    assert!(table.contains("- zip\\n.zip: a file"), "{table}");
    let page = feedback::learner(&book.learners[0]);
    assert_eq!(page.lines().next(), Some("# Feedback for `ann\\nbob`"));
}

/// A folder with the files of the brief's report: a `docs/` folder that
/// happens to have `feedback/` and `junit/` folders.
fn docs_folder(dir: &Path) {
    std::fs::create_dir_all(dir.join("feedback")).unwrap();
    std::fs::create_dir_all(dir.join("junit")).unwrap();
    std::fs::write(dir.join("feedback/report-2025.md"), "mine").unwrap();
    std::fs::write(dir.join("junit/ci.xml"), "mine").unwrap();
    std::fs::write(dir.join("summary.md"), "mine").unwrap();
}

#[test]
fn a_folder_of_other_files_is_not_taken_for_a_gradebook() {
    let class = temp("foreign-out");
    exercises_copy(&class.join("subs/ada/exercises"), &[]);
    let docs = class.join("docs");
    docs_folder(&docs);
    let mut options = exercises_only(&class.join("subs"));
    options.out = docs.clone();
    let err = grade_class(&options).unwrap_err();
    assert!(err.contains(", and no gradebook.json"), "{err}");
    assert!(
        err.contains("help: pick an empty folder, or the folder of an earlier gradebook"),
        "{err}"
    );
    // Nor does writing, when asked directly.
    let book = grade_class(&exercises_only(&class.join("subs"))).unwrap();
    assert!(gradebook::write(&book, &docs).is_err());
    for file in ["feedback/report-2025.md", "junit/ci.xml", "summary.md"] {
        assert_eq!(std::fs::read_to_string(docs.join(file)).unwrap(), "mine");
    }
}

#[test]
fn an_earlier_gradebook_loses_only_the_files_it_wrote() {
    let class = temp("earlier");
    exercises_copy(&class.join("ada/exercises"), &[]);
    exercises_copy(&class.join("bob/exercises"), &[]);
    let options = exercises_only(&class);
    let out = &options.out;
    let book = grade_class(&options).unwrap();
    gradebook::write(&book, out).unwrap();
    std::fs::write(out.join("feedback/report-2025.md"), "mine").unwrap();
    std::fs::write(out.join("junit/ci.xml"), "mine").unwrap();

    // Bob left the class: his pages go, the others' files stay.
    std::fs::remove_dir_all(class.join("bob")).unwrap();
    let book = grade_class(&options).unwrap();
    let written = gradebook::write(&book, out).unwrap();
    assert!(!out.join("feedback/bob.md").exists());
    assert!(!out.join("junit/bob.xml").exists());
    assert!(out.join("feedback/ada.md").is_file());
    assert_eq!(written.removed.len(), 2, "{:?}", written.removed);
    assert_eq!(
        written.left,
        [
            out.join("feedback/report-2025.md"),
            out.join("junit/ci.xml")
        ]
    );
    assert_eq!(
        std::fs::read_to_string(out.join("junit/ci.xml")).unwrap(),
        "mine"
    );

    // A page the earlier gradebook did not write is not replaced.
    exercises_copy(&class.join("cleo/exercises"), &[]);
    std::fs::write(out.join("feedback/cleo.md"), "mine").unwrap();
    let book = grade_class(&options).unwrap();
    let err = gradebook::write(&book, out).unwrap_err();
    assert!(err.contains("feedback/cleo.md is already there"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("feedback/cleo.md")).unwrap(),
        "mine"
    );
}

#[test]
fn a_gradebook_folder_inside_a_learners_folder_is_refused() {
    let class = temp("out-in-learner");
    exercises_copy(&class.join("ann/exercises"), &[]);
    std::fs::write(class.join("ann/notes.md"), "ann's").unwrap();
    exercises_copy(&class.join("bob/exercises"), &[]);
    for out in ["ann", "ann/grades"] {
        let mut options = exercises_only(&class);
        options.out = class.join(out);
        let err = grade_class(&options).unwrap_err();
        let place = if out == "ann" { "is" } else { "is inside" };
        assert!(
            err.contains(&format!("{place} ann/, a learner's folder")),
            "{out}: {err}"
        );
        assert!(
            err.contains("help: pick a folder outside the learners' folders"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(class.join("ann/notes.md")).unwrap(),
        "ann's"
    );
    // A new folder beside the learners is fine, and is no learner next time.
    let mut options = exercises_only(&class);
    options.out = class.join("grades");
    let book = grade_class(&options).unwrap();
    gradebook::write(&book, &options.out).unwrap();
    assert_eq!(grade_class(&options).unwrap().learners.len(), 2);
}

#[cfg(unix)]
#[test]
fn a_link_in_an_earlier_gradebook_is_not_written_through() {
    let class = temp("out-link");
    exercises_copy(&class.join("subs/ada/exercises"), &[]);
    let options = exercises_only(&class.join("subs"));
    let book = grade_class(&options).unwrap();
    gradebook::write(&book, &options.out).unwrap();
    let page = options.out.join("feedback/ada.md");
    std::fs::remove_file(&page).unwrap();
    std::fs::write(class.join("mine.md"), "mine").unwrap();
    std::os::unix::fs::symlink(class.join("mine.md"), &page).unwrap();
    let err = gradebook::write(&book, &options.out).unwrap_err();
    assert!(err.contains("feedback/ada.md is already there"), "{err}");
    assert_eq!(
        std::fs::read_to_string(class.join("mine.md")).unwrap(),
        "mine"
    );
}
