//! `course grade` on a fixture class (tests/fixtures/class/, see its
//! README): the gradebook and the summary are what an instructor should
//! read, a learner who edited the course's tests gains nothing, a hanging lab
//! is stopped by its timeout, and the JUnit files rebuild the same gradebook.
//!
//! The fixture keeps only what differs from the course; the bulky rest of
//! each submission is generated here from the course's own starters and
//! solutions, so the fixture cannot drift from the course.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use checker::grade::class::{self, gradebook, reports, summary, Gradebook, ItemKind, Mark};

use crate::book_support;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The class graded once, exercises and labs, shared by the tests below.
fn graded() -> &'static (Gradebook, PathBuf) {
    static GRADED: OnceLock<(Gradebook, PathBuf)> = OnceLock::new();
    GRADED.get_or_init(|| {
        require_lab_tools();
        let dir = book_support::scratch_dir("class");
        build_class(&dir);
        let mut options = class::Options::new(&dir);
        options.jobs = 2;
        options.lab_jobs = 1;
        // Shorter than Lab 1's own 3 s, long enough for Lab 4's solution.
        options.lab_timeout = Some(Duration::from_secs(2));
        options.course_labs = Some(repo().join("labs"));
        let book = class::grade_class(&options).expect("the class is graded");
        (book, dir)
    })
}

#[test]
fn the_gradebook_of_the_fixture_class() {
    let (book, _) = graded();
    insta::assert_snapshot!("gradebook_csv", gradebook::csv(book));
    insta::assert_snapshot!("summary", summary::table(book));
}

#[test]
fn editing_the_course_tests_earns_nothing_and_is_noted() {
    let (book, _) = graded();
    let mallory = learner(book, "mallory-tampered");
    let passed: Vec<&str> = mallory
        .rows
        .iter()
        .filter(|r| r.mark == Mark::Passed)
        .map(|r| r.item.as_str())
        .collect();
    // Only the one answer that is right; the forged harness is never run.
    assert_eq!(passed, ["01-pay-per-use"]);
    let row = mallory
        .rows
        .iter()
        .find(|r| r.item == "08-right-size-memory")
        .unwrap();
    assert_eq!(row.mark, Mark::Failed, "{row:?}");
    let notes = mallory.notes.join("\n");
    assert!(
        notes.contains("exercises/tests/grade.rs (changed)"),
        "{notes}"
    );
    assert!(notes.contains("exercises/Cargo.toml (changed)"), "{notes}");
    for other in &book.learners {
        if other.name != "mallory-tampered" {
            assert!(
                !other
                    .notes
                    .iter()
                    .any(|n| n.contains("course files edited")),
                "{}: {:?}",
                other.name,
                other.notes
            );
        }
    }
}

#[test]
fn a_hanging_lab_is_stopped_by_its_timeout() {
    let (book, _) = graded();
    let eve = learner(book, "eve-hangs");
    let lab = eve
        .rows
        .iter()
        .find(|r| r.item == "lab-01-nodejs-function")
        .unwrap();
    assert_eq!(lab.mark, Mark::TimedOut, "{lab:?}");
    assert!(
        lab.message.contains("Task timed out after 2.00 seconds"),
        "{}",
        lab.message
    );
    // The other learners were graded as usual.
    let ada = learner(book, "ada-complete");
    assert_eq!(ada.passed(ItemKind::Lab), (4, 4));
    let exercises = checker::grade::catalogue::all().len();
    assert_eq!(ada.passed(ItemKind::Exercise), (exercises, exercises));
}

#[test]
fn broken_files_are_reported_for_their_learner_only() {
    let (book, _) = graded();
    let dan = learner(book, "dan-malformed");
    let mark = |item: &str| dan.rows.iter().find(|r| r.item == item).unwrap();
    for item in [
        "01-pay-per-use",
        "02-reuse-or-new",
        "07-runtime-and-architecture",
        "10-least-privilege-role",
    ] {
        let row = mark(item);
        assert_eq!(row.mark, Mark::Malformed, "{row:?}");
        assert!(
            row.file.starts_with(&format!("exercises/{item}/")),
            "{row:?}"
        );
    }
    assert!(mark("02-reuse-or-new")
        .message
        .contains("the file is missing"));
    assert!(mark("10-least-privilege-role")
        .message
        .contains("not UTF-8"));
    assert_eq!(mark("lab-01-nodejs-function").mark, Mark::Failed);
    assert!(book.skipped.iter().any(|s| s.starts_with("hal-late.zip")));
}

#[test]
fn the_junit_files_rebuild_the_same_gradebook() {
    let (book, dir) = graded();
    let out = dir.join("gradebook");
    let written = gradebook::write(book, &out).unwrap();
    // Three class files, then a JUnit file and a feedback page per learner.
    assert_eq!(written.files.len(), 3 + 2 * book.learners.len());
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("gradebook.json")).unwrap()).unwrap();
    assert_eq!(
        json["learners"].as_array().unwrap().len(),
        book.learners.len()
    );
    assert!(json["seconds"]["exercises"].as_f64().is_some());

    let again = reports::gradebook(&out.join("junit"), &dir.join("from-reports")).unwrap();
    assert_eq!(gradebook::csv(&again), gradebook::csv(book));
}

#[test]
fn each_learner_gets_a_readable_feedback_page() {
    let (book, dir) = graded();
    let out = dir.join("feedback-pages");
    gradebook::write(book, &out).unwrap();
    for l in &book.learners {
        assert!(
            out.join("feedback")
                .join(format!("{}.md", l.name))
                .is_file(),
            "{}",
            l.name
        );
    }
    let page = fs::read_to_string(out.join("feedback/dan-malformed.md")).unwrap();
    insta::assert_snapshot!("feedback_dan_malformed", page);
}

fn learner<'a>(book: &'a Gradebook, name: &str) -> &'a class::Learner {
    book.learners
        .iter()
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("no learner {name}"))
}

/// The labs run real Node.js: say what to install rather than skip.
fn require_lab_tools() {
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|o| o.status.success()),
        "This test grades labs with Node.js: install Node.js 20 or newer."
    );
    for dir in [
        "labs/runtime",
        "labs/02-dependencies/solution",
        "labs/03-layer/solution/layer/nodejs",
    ] {
        assert!(
            repo().join(dir).join("node_modules").is_dir(),
            "{dir}/node_modules is missing: run `npm ci --prefix {dir}` first"
        );
    }
}

/// Lays out the fixture class in `dest` (see tests/fixtures/class/README.md).
fn build_class(dest: &Path) {
    let fixtures = repo().join("tests/fixtures/class");
    fs::create_dir_all(dest).unwrap();
    for entry in sorted(&fixtures) {
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        if entry.is_file() {
            if name != "README.md" {
                fs::copy(&entry, dest.join(&name)).unwrap();
            }
        } else if entry.join("fixture.toml").is_file() {
            generate(&entry, &dest.join(&name));
        } else {
            copy_tree(&entry, &dest.join(&name), &[]);
        }
    }
}

/// One learner: the course's starters, the solutions named by
/// `fixture.toml`, deletions, then the fixture's own files on top.
fn generate(fixture: &Path, learner: &Path) {
    let recipe: toml::Table =
        toml::from_str(&fs::read_to_string(fixture.join("fixture.toml")).unwrap()).unwrap();
    let list = |key: &str| -> Vec<toml::Value> {
        recipe
            .get(key)
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default()
    };
    let base = match recipe.get("nest").and_then(|v| v.as_str()) {
        Some(inner) => learner.join(inner),
        None => learner.to_path_buf(),
    };
    // The starters come from the pristine copies, so that the fixture class
    // is the same on a checkout whose exercises and labs someone has done.
    let course = repo();
    copy_tree(&course.join("exercises"), &base.join("exercises"), &[]);
    copy_tree(
        &course.join("exercises/.starters"),
        &base.join("exercises"),
        &[],
    );
    for lab in sorted(&course.join("labs")) {
        let name = lab.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('0') {
            let into = base.join("labs").join(&name);
            copy_tree(&lab, &into, &["node_modules", "starter"]);
            let pristine = course.join("labs/.starters").join(&name).join("starter");
            copy_tree(&pristine, &into.join("starter"), &[]);
        }
    }
    for id in list("solutions") {
        let id = id.as_str().unwrap();
        let ids: Vec<String> = if id == "all" {
            checker::grade::catalogue::ids()
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            vec![id.to_string()]
        };
        for id in ids {
            let solution = course.join("exercises/solutions").join(&id);
            copy_tree(&solution, &base.join("exercises").join(&id), &[]);
        }
    }
    for step in list("lab_solutions") {
        let step = step.as_integer().unwrap();
        let lab = sorted(&course.join("labs"))
            .into_iter()
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{step:02}-"))
            })
            .unwrap();
        let starter = base
            .join("labs")
            .join(lab.file_name().unwrap())
            .join("starter");
        fs::remove_dir_all(&starter).unwrap();
        copy_tree(&lab.join("solution"), &starter, &[]);
    }
    for file in list("delete") {
        fs::remove_file(base.join(file.as_str().unwrap())).unwrap();
    }
    copy_tree(fixture, &base, &["fixture.toml"]);
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
}

/// Copies `from` into `to`, leaving out entries named in `skip`.
fn copy_tree(from: &Path, to: &Path, skip: &[&str]) {
    fs::create_dir_all(to).unwrap();
    for path in sorted(from) {
        let name = path.file_name().unwrap();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        if path.is_dir() {
            copy_tree(&path, &to.join(name), skip);
        } else {
            fs::copy(&path, to.join(name)).unwrap();
        }
    }
}
