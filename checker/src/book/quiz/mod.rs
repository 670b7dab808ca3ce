//! Preprocessor `quiz`: ```` ```quiz ```` blocks become questions with instant
//! feedback, and questions that predict a simulator outcome are checked
//! against the simulator when the book is built.

mod parse;
mod predict;
mod render;

pub use parse::{parse, Predict, Prediction, Question, Quiz, QuizError};
pub use predict::{agrees, first_number};
pub use render::{quiz_html, QuizPlace};

use mdbook::book::{Book, BookItem};
use mdbook::preprocess::{Preprocessor, PreprocessorContext};

use super::fences::{self, FencedBlock};
use super::scenario_catalogue::ScenarioCatalogue;
use super::{page_names, BookErrors, Page, PageError};

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
        let mut errors = Vec::new();
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            let Some((label, path)) = page_names(chapter, &src_dir) else {
                return;
            };
            let page = Page {
                label,
                path,
                content: &chapter.content,
            };
            match quizzes_in_page(&page, &catalogue) {
                Ok(Some(content)) => chapter.content = content,
                Ok(None) => {}
                Err(found) => errors.extend(found),
            }
        });
        if errors.is_empty() {
            Ok(book)
        } else {
            Err(BookErrors(errors).into())
        }
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
        message,
        help,
        source_line: fences::line_text(page.content, line).map(str::to_string),
    }
}
