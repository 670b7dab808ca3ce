//! `course hint N` climbs the ladder one rung per call: a learner who has not
//! started sees the first hint alone, and each later call adds one more.

use crate::support;

use std::path::{Path, PathBuf};

fn hint(dir: &Path) -> String {
    support::course_in(dir, &["hint", "7"])
}

fn exercise_folder(name: &str) -> PathBuf {
    let dir = support::scratch_dir(name);
    let exercise = dir.join("07-runtime-and-architecture");
    std::fs::create_dir_all(&exercise).unwrap();
    let starter = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../exercises/.starters/07-runtime-and-architecture/function.json");
    std::fs::copy(starter, exercise.join("function.json")).unwrap();
    dir
}

#[test]
fn a_learner_who_has_not_started_gets_one_hint_at_a_time() {
    let dir = exercise_folder("untouched");
    let first = hint(&dir);
    assert!(first.contains("hint 1/3  (new)"), "{first}");
    assert!(!first.contains("hint 2/3"), "{first}");
    let second = hint(&dir);
    assert!(second.contains("hint 2/3  (new)"), "{second}");
    assert!(!second.contains("hint 3/3"), "{second}");
}

#[test]
fn after_a_failure_which_showed_hint_1_asking_gives_hint_2() {
    let dir = exercise_folder("attempted");
    let function = dir.join("07-runtime-and-architecture/function.json");
    let text = std::fs::read_to_string(&function).unwrap();
    std::fs::write(&function, text.replace("go1.x", "provided.al2")).unwrap();
    let first = hint(&dir);
    assert!(first.contains("hint 2/3  (new)"), "{first}");
}
