//! The scenario reference page names exactly the runtimes the simulator
//! accepts: when a runtime is added or deprecated in `checker::sim::config`,
//! the page learners read must follow, and the other way round.

use crate::book_support;

use std::collections::BTreeSet;
use std::fs;

use book_support::course_root;
use checker::sim::config::{DEPRECATED_RUNTIMES, RUNTIMES};

/// The identifiers in backticks on the reference table's `runtime` row,
/// split at the word "deprecated": (supported, deprecated).
fn documented_runtimes(page: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let row = page
        .lines()
        .find(|line| line.starts_with("| `runtime` |"))
        .expect("the scenario reference has a `runtime` row");
    let description = row.split('|').nth(2).expect("the row has a description");
    let (supported, deprecated) = description
        .split_once("deprecated")
        .expect("the row names the deprecated runtimes after the word `deprecated`");
    let names = |text: &str| {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect::<BTreeSet<_>>()
    };
    (names(supported), names(deprecated))
}

#[test]
fn the_scenario_reference_lists_the_runtimes_the_simulator_accepts() {
    let path = course_root().join("src/appendix/scenario-format.md");
    let page = fs::read_to_string(&path).expect("the scenario reference exists");
    let (supported, deprecated) = documented_runtimes(&page);
    let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        supported,
        set(RUNTIMES),
        "{}: the supported runtimes differ from checker::sim::config::RUNTIMES",
        path.display()
    );
    assert_eq!(
        deprecated,
        set(DEPRECATED_RUNTIMES),
        "{}: the deprecated runtimes differ from checker::sim::config::DEPRECATED_RUNTIMES",
        path.display()
    );
}

#[test]
fn the_runtime_row_reader_sees_a_missing_runtime() {
    let page =
        "| `runtime` | today: `nodejs24.x`, or deprecated: `nodejs20.x` | `\"nodejs22.x\"` |\n";
    let (supported, deprecated) = documented_runtimes(page);
    assert_eq!(supported.into_iter().collect::<Vec<_>>(), ["nodejs24.x"]);
    assert_eq!(deprecated.into_iter().collect::<Vec<_>>(), ["nodejs20.x"]);
}
