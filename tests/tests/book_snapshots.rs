//! Snapshots of what the preprocessors put in a page: two scenario figures
//! (the SVG included) and one quiz. A change to the drawing or the markup
//! shows up here for review (`cargo insta review`).

use checker::book::quiz::{self, quiz_html, QuizPlace};
use checker::book::scenario_figures::figure_html;
use checker::figures;

/// Five requests that overlap, as in "One request at a time".
const OVERLAPPING: &str = r#"name = "five-overlapping-requests"
title = "Five requests at once need five environments"

[[function]]
name = "api"
memory = 512
init = { cpu = "150ms" }
handler = { cpu = "80ms", wait = "40ms" }

[[traffic]]
function = "api"
at = ["0ms", "10ms", "20ms", "30ms", "40ms"]
"#;

/// The complete example of the scenario format reference.
const TWO_FUNCTIONS: &str = r#"name = "two-functions"
seed = 7
account_concurrency = 1000

[[function]]
name = "api"
memory = 512
timeout = "3s"
reserved_concurrency = 2
init = { cpu = "150ms" }
handler = { cpu = "80ms", wait = "40ms" }

[[traffic]]
function = "api"
at = ["0ms", "20ms", "40ms", "400ms"]
"#;

fn figure(source: &str) -> String {
    let drawn = figures::draw(source).unwrap_or_else(|e| panic!("the scenario does not draw: {e}"));
    let html = figure_html(&drawn, source, "src/lambda/example.md");
    assert!(
        !html.lines().any(|line| line.trim().is_empty()),
        "blank line in:\n{html}"
    );
    html
}

#[test]
fn figure_of_five_overlapping_requests() {
    insta::assert_snapshot!("figure_five_overlapping_requests", figure(OVERLAPPING));
}

#[test]
fn figure_of_the_format_reference_example() {
    insta::assert_snapshot!("figure_two_functions", figure(TWO_FUNCTIONS));
}

#[test]
fn quiz_with_markdown_and_two_questions() {
    let source = r#"[[question]]
prompt = "Five requests arrive **at the same moment**. How many execution environments serve them?"
choices = ["1", "5", "6"]
answer = 2
explain = """
An environment serves *one request at a time*, so each overlapping request
needs its own.

The sixth choice counts the `INIT` phase twice.
"""

[[question]]
prompt = "Which setting also buys CPU?"
choices = ["`timeout`", "`memory`", "`architecture`"]
answer = 2
explain = "CPU is allocated in proportion to memory."
"#;
    let parsed = quiz::parse(source).unwrap();
    let html = quiz_html(
        &parsed,
        &QuizPlace {
            page_path: "lambda/one-request-at-a-time.md",
            index: 1,
        },
    );
    insta::assert_snapshot!("quiz_two_questions", html);
}
