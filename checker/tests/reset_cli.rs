//! `course reset N` as a learner types it: the starter comes back and no
//! earlier version of the learner's is ever overwritten.

use crate::support;

use std::path::{Path, PathBuf};

fn reset(dir: &Path) -> String {
    support::course_in(dir, &["reset", "1"])
}

#[test]
fn each_reset_keeps_the_learners_version_in_a_new_backup() {
    let dir = support::scratch_dir("reset");
    let exercise = dir.join("01-pay-per-use");
    std::fs::create_dir_all(&exercise).unwrap();
    let answers = exercise.join("answers.toml");
    let starter = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../exercises/.starters/01-pay-per-use/answers.toml"),
    )
    .unwrap();

    std::fs::write(&answers, "# first try\n").unwrap();
    let first = reset(&dir);
    std::fs::write(&answers, "# second try\n").unwrap();
    let second = reset(&dir);

    assert_eq!(std::fs::read_to_string(&answers).unwrap(), starter);
    assert!(first.contains("answers.toml.bak\n"), "{first}");
    assert!(second.contains("answers.toml.bak2\n"), "{second}");
    let kept = |name: &str| std::fs::read_to_string(exercise.join(name)).unwrap();
    assert_eq!(kept("answers.toml.bak"), "# first try\n");
    assert_eq!(kept("answers.toml.bak2"), "# second try\n");
    assert!(reset(&dir).contains("is already the starter"));
}

#[test]
fn reset_all_restores_every_exercise_and_forgets_the_hints() {
    let dir = support::scratch_dir("reset-all");
    let starters = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../exercises/.starters");
    let first = dir.join("01-pay-per-use/answers.toml");
    std::fs::create_dir_all(first.parent().unwrap()).unwrap();
    std::fs::write(&first, "request_usd = 0.4\n").unwrap();
    std::fs::create_dir_all(dir.join(".course")).unwrap();
    std::fs::write(
        dir.join(".course/hints.toml"),
        "[used]\n\"01-pay-per-use\" = 2\n",
    )
    .unwrap();

    let printed = support::course_in(&dir, &["reset", "all"]);

    let starter = |path: &str| std::fs::read_to_string(starters.join(path)).unwrap();
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        starter("01-pay-per-use/answers.toml")
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("01-pay-per-use/answers.toml.bak")).unwrap(),
        "request_usd = 0.4\n"
    );
    let last = checker::grade::catalogue::all().pop().unwrap();
    for (file, _) in last.starters {
        let path = format!("{}/{file}", last.id());
        assert_eq!(
            std::fs::read_to_string(dir.join(&path)).unwrap(),
            starter(&path)
        );
    }
    assert!(!dir.join(".course/hints.toml").exists());
    assert!(printed.contains("forgot the hints"), "{printed}");
}

#[test]
fn lab_reset_all_restores_every_lab_starter() {
    let labs = support::scratch_dir("lab-reset-all").join("labs");
    let pristine = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../labs/.starters");
    support::copy_tree(&pristine, &labs.join(".starters"));
    let handler = labs.join("01-nodejs-function/starter/index.js");
    std::fs::create_dir_all(handler.parent().unwrap()).unwrap();
    std::fs::write(&handler, "// my attempt\n").unwrap();

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_course"))
        .args(["lab", "reset", "all"])
        .env("COURSE_LABS_DIR", &labs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let starter = |path: &str| std::fs::read(pristine.join(path)).unwrap();
    assert_eq!(
        std::fs::read(&handler).unwrap(),
        starter("01-nodejs-function/starter/index.js")
    );
    assert_eq!(
        std::fs::read_to_string(handler.with_extension("js.bak")).unwrap(),
        "// my attempt\n"
    );
    assert_eq!(
        std::fs::read(labs.join("04-invoke-another/starter/first/index.js")).unwrap(),
        starter("04-invoke-another/starter/first/index.js")
    );
}

/// `--dir` pointing at a folder without any exercise is answered with what
/// to pass, instead of every exercise reported missing.
#[test]
fn a_folder_without_exercises_is_named_as_such() {
    let dir = support::scratch_dir("check-not-exercises");
    std::fs::write(dir.join("notes.md"), "mine").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_course"))
        .args(["check", "--dir"])
        .arg(&dir)
        .output()
        .expect("the course binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("holds none of the course's exercise folders"),
        "{stderr}"
    );
    assert!(dir.join("notes.md").is_file());
}
