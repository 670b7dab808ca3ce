//! Preprocessor `quiz`: ```` ```quiz ```` blocks become questions with instant
//! feedback, and questions that predict a simulator outcome are checked
//! against the simulator when the book is built.
//!
//! A block holds one or more questions, in TOML:
//!
//! ```toml
//! [[question]]
//! prompt = "Five requests overlap. How many environments serve them?"
//! choices = ["1", "5", "6"]
//! answer = 2            # 1-based position of the correct choice
//! explain = "Each environment serves one request at a time."
//! # Optional: the build fails unless the first number of the correct choice
//! # equals what the simulator measures on that scenario (any page's).
//! predict = { scenario = "five-overlapping-requests", measure = "environments" }
//! ```
//!
//! Prompts, choices and explanations are Markdown (raw HTML is shown as text).

mod parse;
mod predict;
mod render;

pub use parse::{parse, Predict, Prediction, Question, Quiz, QuizError};
pub use predict::{agrees, first_number};
pub use render::{quiz_html, QuizPlace};

use mdbook::book::Book;
use mdbook::preprocess::{Preprocessor, PreprocessorContext};

use super::fences::{self, FencedBlock};
use super::scenario_catalogue::ScenarioCatalogue;
use super::{rewrite_pages, Page, PageError};

/// The fence language and the preprocessor's name in book.toml.
pub const NAME: &str = "quiz";

/// The `quiz` preprocessor. It must run before `lambda-scenario`, which
/// replaces the scenario blocks that predictions are checked against.
pub struct QuizPreprocessor;

impl Preprocessor for QuizPreprocessor {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> mdbook::errors::Result<Book> {
        let src_dir = ctx.config.book.src.to_string_lossy().into_owned();
        let catalogue = ScenarioCatalogue::of_book(&book, &src_dir);
        rewrite_pages(&mut book, &src_dir, |page, _| {
            quizzes_in_page(page, &catalogue)
        })?;
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> bool {
        renderer == "html"
    }
}

/// The page with its quizzes rendered, `None` if it has none, or every
/// problem of its quizzes.
pub(crate) fn quizzes_in_page(
    page: &Page,
    catalogue: &ScenarioCatalogue,
) -> Result<Option<String>, Vec<PageError>> {
    let blocks = fences::find(page.content, NAME);
    if blocks.is_empty() {
        return Ok(None);
    }
    let mut errors = Vec::new();
    let mut html = Vec::with_capacity(blocks.len());
    for (index, block) in blocks.iter().enumerate() {
        let quiz = match parse(&block.content) {
            Ok(quiz) => quiz,
            Err(found) => {
                errors.extend(
                    found
                        .into_iter()
                        .map(|e| at(page, block, e.line, e.column, e.message, e.help)),
                );
                continue;
            }
        };
        for question in &quiz.questions {
            let Some(prediction) = &question.predict else {
                continue;
            };
            let line = block.fence_line + prediction.line;
            let location = format!("{}:{line}", page.label);
            if let Err(problem) = predict::check(question, catalogue, &location) {
                errors.push(at(
                    page,
                    block,
                    prediction.line,
                    prediction.column,
                    problem.message,
                    problem.help,
                ));
            }
        }
        html.push(quiz_html(
            &quiz,
            &QuizPlace {
                page_path: &page.path,
                index: index + 1,
            },
        ));
    }
    if errors.is_empty() {
        Ok(Some(fences::replace(page.content, &blocks, &html)))
    } else {
        Err(errors)
    }
}

/// A quiz problem moved from the block's lines to the page's.
fn at(
    page: &Page,
    block: &FencedBlock,
    line_in_block: usize,
    column: usize,
    message: String,
    help: Option<String>,
) -> PageError {
    let line = block.fence_line + line_in_block;
    PageError {
        page: page.label.clone(),
        line,
        column: column + block.continuation.chars().count(),
        width: 1,
        message,
        help,
        source_line: fences::line_text(page.content, line).map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::scenario_catalogue::ScenarioSource;

    fn page(content: &str) -> Page<'_> {
        Page {
            label: "src/lambda/one-request-at-a-time.md".into(),
            path: "lambda/one-request-at-a-time.md".into(),
            content,
        }
    }

    const QUIZ: &str = "# One request at a time\n\nText.\n\n```quiz\n[[question]]\nprompt = \"How many?\"\nchoices = [\"1\", \"5\", \"6\"]\nanswer = ANSWER\nexplain = \"One request per environment.\"\nPREDICT\n```\n";

    fn quiz(answer: &str, predict: &str) -> String {
        QUIZ.replace("ANSWER", answer).replace("PREDICT", predict)
    }

    #[test]
    fn an_out_of_range_answer_is_reported_at_its_page_line() {
        let content = quiz("4", "");
        let errors = quizzes_in_page(&page(&content), &ScenarioCatalogue::default()).unwrap_err();
        assert_eq!(errors.len(), 1);
        // The fence is line 5 and `answer` the block's 4th line: page line 9.
        assert_eq!(
            errors[0].location(),
            "src/lambda/one-request-at-a-time.md:9:10"
        );
        assert!(
            errors[0].message.contains("there are 3 choices"),
            "{}",
            errors[0]
        );
        assert!(errors[0].to_string().contains("9 | answer = 4"));
    }

    #[test]
    fn an_unknown_field_is_reported_at_its_page_line() {
        let content = quiz("2", "hint = \"none\"");
        let errors = quizzes_in_page(&page(&content), &ScenarioCatalogue::default()).unwrap_err();
        assert_eq!(
            errors[0].location(),
            "src/lambda/one-request-at-a-time.md:11:1"
        );
        assert!(
            errors[0].message.contains("unknown field `hint`"),
            "{}",
            errors[0]
        );
    }

    fn catalogue() -> ScenarioCatalogue {
        let mut catalogue = ScenarioCatalogue::default();
        catalogue.add(
            "five".into(),
            ScenarioSource {
                page: "src/lambda/one-request-at-a-time.md".into(),
                line: 20,
                toml: "name = \"five\"\n[[function]]\nname = \"api\"\n[[traffic]]\nfunction = \"api\"\nat = [\"0ms\", \"1ms\", \"2ms\", \"3ms\", \"4ms\"]\n".into(),
            },
        );
        catalogue
    }

    #[test]
    fn a_prediction_that_matches_the_simulator_builds() {
        let measured =
            crate::figures::measure(&catalogue().find("five").unwrap().toml, "environments")
                .unwrap();
        let choice = if measured == 5.0 { "2" } else { "3" };
        let content = quiz(
            choice,
            "predict = { scenario = \"five\", measure = \"environments\" }",
        )
        .replace("\"6\"", &format!("\"{measured}\""));
        let html = quizzes_in_page(&page(&content), &catalogue())
            .unwrap()
            .unwrap();
        assert!(html.contains("class=\"quiz\""));
    }

    #[test]
    fn a_prediction_that_disagrees_with_the_simulator_fails() {
        let measured =
            crate::figures::measure(&catalogue().find("five").unwrap().toml, "environments")
                .unwrap();
        // Choice 1 says "1": make sure the simulator says otherwise.
        assert_ne!(measured, 1.0);
        let content = quiz(
            "1",
            "predict = { scenario = \"five\", measure = \"environments\" }",
        );
        let errors = quizzes_in_page(&page(&content), &catalogue()).unwrap_err();
        assert_eq!(
            errors[0].message,
            format!(
                "quiz answer disagrees with the simulator: src/lambda/one-request-at-a-time.md:11: question 1 says 1 but scenario `five` gives {measured} environments"
            )
        );
        assert_eq!(errors[0].line, 11);
    }

    #[test]
    fn a_prediction_of_an_unknown_scenario_fails() {
        let content = quiz(
            "2",
            "predict = { scenario = \"fives\", measure = \"environments\" }",
        );
        let errors = quizzes_in_page(&page(&content), &catalogue()).unwrap_err();
        assert!(
            errors[0].message.contains("no ```lambda-scenario block"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn an_unknown_measure_fails() {
        let content = quiz(
            "2",
            "predict = { scenario = \"five\", measure = \"colour\" }",
        );
        let errors = quizzes_in_page(&page(&content), &catalogue()).unwrap_err();
        assert!(
            errors[0].message.contains("cannot measure"),
            "{}",
            errors[0]
        );
    }
}
