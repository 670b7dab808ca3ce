//! The book toolchain: mdBook built in-process with our own preprocessors.
//!
//! - [`scenario_figures`] turns every ```` ```lambda-scenario ```` block into a
//!   figure drawn by the simulator;
//! - [`quiz`] turns ```` ```quiz ```` blocks into self-marking questions and
//!   checks the ones that predict a simulator outcome;
//! - [`callouts`] come from mdbook-admonish, styled by our own `theme/callouts.css`;
//! - [`build`] and [`serve`] are `course build` and `course serve`;
//! - [`protocol`] lets a stock `mdbook` CLI run the same preprocessors.
//!
//! Everything here reports problems as [`PageError`]s: the page, the line and
//! what to do about it, because the people who read them write the chapters.

pub mod build;
pub mod callouts;
pub mod fences;
mod html;
pub mod instructor;
mod log_capture;
mod page_error;
pub mod protocol;
pub mod quiz;
mod scenario_catalogue;
pub mod scenario_figures;
pub mod serve;

pub use build::{build_book, BuildOptions, Built};
pub use instructor::InstructorNotes;
pub use page_error::{BookErrors, PageError};
pub use quiz::QuizPreprocessor;
pub use scenario_figures::ScenarioFigures;

use mdbook::book::{Book, BookItem, Chapter};

/// One chapter's Markdown with the name we show in errors (`src/lambda/memory.md`).
pub struct Page<'a> {
    /// The page as the author knows it: the source folder joined with the chapter path.
    pub label: String,
    /// The chapter's path inside the source folder (`lambda/memory.md`).
    pub path: String,
    pub content: &'a str,
}

/// The label and in-book path of a chapter, if it comes from a file.
pub fn page_names(chapter: &Chapter, src_dir: &str) -> Option<(String, String)> {
    let path = chapter.source_path.as_ref().or(chapter.path.as_ref())?;
    let path = path.to_string_lossy().replace('\\', "/");
    let label = if src_dir.is_empty() || src_dir == "." {
        path.clone()
    } else {
        format!("{}/{}", src_dir.trim_end_matches('/'), path)
    };
    Some((label, path))
}

/// Rewrites every chapter that comes from a file with `rewrite` (`Ok(None)`
/// leaves it as it is) and gathers the errors of all pages, so an author sees
/// every problem of the book at once.
pub fn rewrite_pages(
    book: &mut Book,
    src_dir: &str,
    mut rewrite: impl FnMut(&Page, &Chapter) -> Result<Option<String>, Vec<PageError>>,
) -> Result<(), BookErrors> {
    let mut errors = Vec::new();
    book.for_each_mut(|item| {
        let BookItem::Chapter(chapter) = item else {
            return;
        };
        let Some((label, path)) = page_names(chapter, src_dir) else {
            return;
        };
        let page = Page {
            label,
            path,
            content: &chapter.content,
        };
        match rewrite(&page, chapter) {
            Ok(Some(content)) => chapter.content = content,
            Ok(None) => {}
            Err(found) => errors.extend(found),
        }
    });
    if errors.is_empty() {
        Ok(())
    } else {
        Err(BookErrors(errors))
    }
}
