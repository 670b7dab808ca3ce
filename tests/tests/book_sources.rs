//! The book's Markdown, read directly: every scenario draws, every Lambda
//! teaching page ends with a quiz, and every quiz that predicts an outcome agrees with
//! the simulator.

use crate::book_support;

use std::collections::HashMap;
use std::fs;

use book_support::{course_root, markdown_files, summary_pages};
use checker::book::fences;
use checker::book::quiz::{self, agrees, first_number};
use checker::figures;

struct Block {
    page: String,
    line: usize,
    content: String,
}

fn blocks(language: &str) -> Vec<Block> {
    let root = course_root();
    let mut found = Vec::new();
    for file in markdown_files(&root.join("src")) {
        let text = fs::read_to_string(&file).unwrap();
        let page = file.strip_prefix(&root).unwrap().display().to_string();
        for block in fences::find(&text, language) {
            found.push(Block {
                page: page.clone(),
                line: block.fence_line,
                content: block.content,
            });
        }
    }
    found
}

#[test]
fn every_scenario_block_parses_and_renders() {
    let mut failures = Vec::new();
    for block in blocks("lambda-scenario") {
        match figures::draw(&block.content) {
            Ok(figure) => {
                if figure.name.is_empty() {
                    failures.push(format!(
                        "{}:{}: the scenario has no `name`",
                        block.page, block.line
                    ));
                }
                if !figure.svg.trim_start().starts_with("<svg") {
                    failures.push(format!(
                        "{}:{}: the figure is not an <svg>",
                        block.page, block.line
                    ));
                }
                if figure.svg.lines().any(|line| line.trim().is_empty()) {
                    failures.push(format!(
                        "{}:{}: the SVG has a blank line",
                        block.page, block.line
                    ));
                }
            }
            Err(error) => failures.push(format!(
                "{}:{}:{}: {error}",
                block.page,
                block.line + error.line,
                error.column
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "scenario blocks that do not draw:\n{}",
        failures.join("\n")
    );
}

/// Every teaching page (the introduction, the chapter, the labs) ends with a
/// quiz of at least three questions; only the appendices, reference pages,
/// have none.
#[test]
fn every_teaching_page_ends_with_a_quiz_of_three_questions() {
    let root = course_root();
    let pages: Vec<String> = summary_pages()
        .into_iter()
        .filter(|page| !page.starts_with("appendix/"))
        .collect();
    assert!(
        pages.iter().filter(|p| p.starts_with("lambda/")).count() >= 19,
        "SUMMARY.md lists too few chapter pages"
    );
    let mut wrong = Vec::new();
    for page in &pages {
        let path = root.join("src").join(page);
        let text = fs::read_to_string(&path).unwrap_or_else(|_| panic!("src/{page} is missing"));
        let quizzes = fences::find(&text, quiz::NAME);
        let Some(last) = quizzes.last() else {
            wrong.push(format!("src/{page}: no ```quiz block"));
            continue;
        };
        let questions = quiz::parse(&last.content).map_or(0, |q| q.questions.len());
        if questions < 3 {
            wrong.push(format!(
                "src/{page}: the quiz has {questions} question(s), fewer than 3"
            ));
        }
        let after = text[last.range.end..].trim();
        if !after.is_empty() {
            wrong.push(format!("src/{page}: the page goes on after its quiz"));
        }
    }
    assert!(
        wrong.is_empty(),
        "pages whose quiz is missing or short:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_quiz_is_valid() {
    let mut failures = Vec::new();
    for block in blocks(quiz::NAME) {
        if let Err(errors) = quiz::parse(&block.content) {
            for error in errors {
                failures.push(format!(
                    "{}:{}: {}",
                    block.page,
                    block.line + error.line,
                    error.message
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "invalid quizzes:\n{}",
        failures.join("\n")
    );
}

#[test]
fn predicted_quiz_answers_match_the_simulator() {
    let mut scenarios: HashMap<String, String> = HashMap::new();
    for block in blocks("lambda-scenario") {
        if let Ok(figure) = figures::draw(&block.content) {
            scenarios.insert(figure.name, block.content);
        }
    }
    let mut checked = 0;
    let mut failures = Vec::new();
    for block in blocks(quiz::NAME) {
        let Ok(parsed) = quiz::parse(&block.content) else {
            continue;
        };
        for question in parsed.questions {
            let Some(prediction) = &question.predict else {
                continue;
            };
            let place = format!("{}:{}", block.page, block.line + prediction.line);
            let wanted = &prediction.predict;
            let Some(source) = scenarios.get(&wanted.scenario) else {
                failures.push(format!("{place}: no scenario named `{}`", wanted.scenario));
                continue;
            };
            let measured = match figures::measure(source, &wanted.measure) {
                Ok(value) => value,
                Err(error) => {
                    failures.push(format!("{place}: {error}"));
                    continue;
                }
            };
            let correct = &question.choices[question.answer - 1];
            match first_number(correct) {
                Some((said, _)) if agrees(said, measured) => checked += 1,
                _ => failures.push(format!(
                    "{place}: question {} says \"{correct}\" but scenario `{}` gives {measured} {}",
                    question.number, wanted.scenario, wanted.measure
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "quiz predictions the simulator contradicts:\n{}",
        failures.join("\n")
    );
    println!("{checked} predictions agree with the simulator");
}
