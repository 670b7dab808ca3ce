//! The four labs: every solution passes, every untouched starter fails with
//! a "not done yet" report that says what to do.

mod support;

use labs::labs::{check_lab, Variant};

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
        let report = check_lab(&emu, &support::crate_dir(), step, Variant::Starter).unwrap();
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
