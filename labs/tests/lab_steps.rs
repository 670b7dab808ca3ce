//! The four labs: every solution passes, every untouched starter fails with
//! a "not done yet" report that says what to do. The starters are checked
//! from their pristine copies (`labs/.starters/`), so that these tests stay
//! green for a learner whose own `starter/` folders are done.

use crate::support;

use labs::labs::{check_lab, check_submission, Variant};

fn emulator_for_labs(tag: &str) -> labs::Emulator {
    let root = support::crate_dir();
    support::require_node();
    support::require_npm_module(&root.join("runtime"), "@aws-sdk/client-lambda");
    support::require_npm_module(&root.join("02-dependencies/solution"), "axios");
    support::require_npm_module(&root.join("03-layer/solution/layer/nodejs"), "axios");
    support::emulator(tag)
}

#[test]
fn every_solution_passes() {
    let emu = emulator_for_labs("solutions");
    for step in 1..=4 {
        let report = check_lab(&emu, &support::crate_dir(), step, Variant::Solution).unwrap();
        assert!(report.passed(), "{}", report.render());
        assert!(report.render().contains(&format!("Lab {step} passed")));
    }
}

#[test]
fn every_untouched_starter_fails_saying_what_to_do() {
    let emu = emulator_for_labs("starters");
    let expected_hints = [
        "do TODO 2 in index.js",
        "npm install axios",
        "npm install axios",
        "do TODO 1 (send the InvokeCommand)",
    ];
    for step in 1..=4u8 {
        let root = support::crate_dir();
        let report = check_submission(&emu, &root, &root.join(".starters"), step).unwrap();
        assert!(!report.passed(), "{}", report.render());
        let text = report.render();
        assert!(
            text.contains(&format!("Lab {step} is not done yet")),
            "{text}"
        );
        assert!(
            text.contains("What happened:") && text.contains("What to try:"),
            "{text}"
        );
        assert!(
            text.contains(expected_hints[usize::from(step - 1)]),
            "{text}"
        );
    }
}

#[test]
fn an_unknown_lab_is_a_clear_error() {
    let emu = support::emulator("nolab");
    let err = check_lab(&emu, &support::crate_dir(), 9, Variant::Starter).unwrap_err();
    assert!(err.contains("There is no lab 9"), "{err}");
}

#[test]
fn reset_puts_the_starter_back_and_keeps_the_learners_version() {
    let root = support::scratch_dir("lab-reset");
    let course = support::crate_dir();
    let pristine = course.join(".starters/02-dependencies/starter");
    let working = root.join("02-dependencies/starter");
    let copy = root.join(".starters/02-dependencies/starter");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::create_dir_all(&working).unwrap();
    for file in ["index.js", "package.json"] {
        std::fs::copy(pristine.join(file), copy.join(file)).unwrap();
    }
    // The learner changed index.js and never had package.json.
    std::fs::write(working.join("index.js"), "// my attempt\n").unwrap();

    let lines = labs::labs::reset_starter(&root, 2).unwrap();

    let text = lines.join("\n");
    assert_eq!(
        std::fs::read(working.join("index.js")).unwrap(),
        std::fs::read(pristine.join("index.js")).unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(working.join("index.js.bak")).unwrap(),
        "// my attempt\n"
    );
    assert!(working.join("package.json").is_file(), "{text}");
    assert!(text.contains("saved your version as"), "{text}");
    let again = labs::labs::reset_starter(&root, 2).unwrap().join("\n");
    assert!(again.contains("is already the starter"), "{again}");
    // A second attempt, reset again: the first backup is kept.
    std::fs::write(working.join("index.js"), "// second attempt\n").unwrap();
    labs::labs::reset_starter(&root, 2).unwrap();
    assert_eq!(
        std::fs::read_to_string(working.join("index.js.bak")).unwrap(),
        "// my attempt\n"
    );
    assert_eq!(
        std::fs::read_to_string(working.join("index.js.bak2")).unwrap(),
        "// second attempt\n"
    );
    assert!(!again.contains("kept what you added"), "{again}");
    // What npm install made stays, and the reset says so.
    std::fs::create_dir_all(working.join("node_modules/axios")).unwrap();
    std::fs::write(working.join("node_modules/axios/index.js"), "").unwrap();
    std::fs::write(working.join("package-lock.json"), "{}").unwrap();
    let kept = labs::labs::reset_starter(&root, 2).unwrap().join("\n");
    assert!(
        kept.contains("kept what you added, which the starter does not have: node_modules/, package-lock.json."),
        "{kept}"
    );
    assert!(working.join("node_modules/axios/index.js").is_file());
    assert!(labs::labs::reset_starter(&root, 7)
        .unwrap_err()
        .contains("no lab 7"));
    std::fs::remove_dir_all(&root).unwrap();
}
