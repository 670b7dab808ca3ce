//! A page with a mistake stops the build with an error that names the page
//! and the line: built end to end, as an author would meet it.

use crate::book_support;

use std::fs;
use std::path::PathBuf;

use book_support::course_root;
use checker::book::{build_book, BuildOptions};

/// A small book with the course's book.toml and theme, and one chapter.
fn book_with_chapter(name: &str, chapter: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("book-errors-{name}"));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("src/lambda")).unwrap();
    fs::create_dir_all(root.join("theme/icons")).unwrap();
    let course = course_root();
    fs::copy(course.join("book.toml"), root.join("book.toml")).unwrap();
    for entry in fs::read_dir(course.join("theme")).unwrap().flatten() {
        if entry.path().is_file() {
            fs::copy(entry.path(), root.join("theme").join(entry.file_name())).unwrap();
        }
    }
    fs::write(
        root.join("src/SUMMARY.md"),
        "# Summary\n\n- [The chapter](lambda/chapter.md)\n",
    )
    .unwrap();
    fs::write(root.join("src/lambda/chapter.md"), chapter).unwrap();
    root
}

fn build(root: PathBuf) -> Result<checker::book::Built, String> {
    build_book(&BuildOptions {
        root,
        ..BuildOptions::default()
    })
    .map_err(|e| e.to_string())
}

const SCENARIO: &str = "```lambda-scenario\nname = \"five\"\ntitle = \"Five requests\"\n\n[[function]]\nname = \"api\"\n\n[[traffic]]\nfunction = \"api\"\nat = [\"0ms\", \"1ms\", \"2ms\", \"3ms\", \"4ms\"]\n```\n";

#[test]
fn a_good_chapter_builds() {
    let chapter = format!(
        "# Chapter\n\n{SCENARIO}\n```admonish changed\nNew.\n```\n\n```quiz\n[[question]]\nprompt = \"p\"\nchoices = [\"a\", \"b\"]\nanswer = 1\nexplain = \"e\"\n```\n"
    );
    let root = book_with_chapter("good", &chapter);
    let built = build(root.clone()).unwrap();
    assert_eq!(built.pages, 1);
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    let html = fs::read_to_string(root.join("book/lambda/chapter.html")).unwrap();
    assert!(html.contains("<figure class=\"scenario-figure\" id=\"scenario-five\">"));
    assert!(html.contains("class=\"admonition admonish-changed\""));
    assert!(html.contains("Changed since the text"));
    assert!(html.contains("class=\"quiz-choice\""));
}

#[test]
fn a_bad_scenario_block_names_the_page_and_line() {
    let chapter = "# Chapter\n\nText.\n\n```lambda-scenario\nname = \"small\"\n\n[[function]]\nname = \"api\"\nmemory = 64\n```\n";
    let error = build(book_with_chapter("scenario", chapter)).unwrap_err();
    assert!(error.contains("--> src/lambda/chapter.md:10:"), "{error}");
    assert!(error.contains("memory"), "{error}");
    assert!(error.contains("the book was not built: 1 error"), "{error}");
}

#[test]
fn a_quiz_with_no_correct_answer_names_the_page_and_line() {
    let chapter = "# Chapter\n\n```quiz\n[[question]]\nprompt = \"p\"\nchoices = [\"a\", \"b\"]\nanswer = 3\nexplain = \"e\"\n```\n";
    let error = build(book_with_chapter("quiz-answer", chapter)).unwrap_err();
    assert!(error.contains("--> src/lambda/chapter.md:7:10"), "{error}");
    assert!(
        error.contains("`answer = 3` points at no choice"),
        "{error}"
    );
}

#[test]
fn an_unknown_quiz_field_names_the_page_and_line() {
    let chapter = "# Chapter\n\n```quiz\n[[question]]\nprompt = \"p\"\nchoice = [\"a\", \"b\"]\nanswer = 1\nexplain = \"e\"\n```\n";
    let error = build(book_with_chapter("quiz-field", chapter)).unwrap_err();
    assert!(error.contains("--> src/lambda/chapter.md:6:1"), "{error}");
    assert!(error.contains("unknown field `choice`"), "{error}");
}

#[test]
fn a_wrong_prediction_names_the_page_line_and_values() {
    let chapter = format!(
        "# Chapter\n\n{SCENARIO}\n```quiz\n[[question]]\nprompt = \"How many environments?\"\nchoices = [\"1\", \"5\"]\nanswer = 1\nexplain = \"e\"\npredict = {{ scenario = \"five\", measure = \"environments\" }}\n```\n"
    );
    let error = build(book_with_chapter("prediction", &chapter)).unwrap_err();
    assert!(
        error.contains("quiz answer disagrees with the simulator: src/lambda/chapter.md:21: question 1 says 1 but scenario `five` gives"),
        "{error}"
    );
}

#[test]
fn a_missing_book_toml_is_explained() {
    let error = build(PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-book-here")).unwrap_err();
    assert!(error.contains("no book.toml"), "{error}");
}
