//! Callouts (```` ```admonish tip ````, `note`, `warning`, `changed`) are
//! mdbook-admonish's; this wrapper runs it one page at a time so that a
//! callout it cannot read is reported with its page and line.

use mdbook::book::{Book, BookItem};
use mdbook::preprocess::{Preprocessor, PreprocessorContext};

use super::{fences, page_names, BookErrors, PageError};

/// The preprocessor's name in book.toml.
pub const NAME: &str = "admonish";

/// mdbook-admonish, page by page.
pub struct Callouts;

impl Preprocessor for Callouts {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> mdbook::errors::Result<Book> {
        let src_dir = ctx.config.book.src.to_string_lossy().into_owned();
        let mut errors = Vec::new();
        let mut setup_error = None;
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            if setup_error.is_some() {
                return;
            }
            let Some((label, _)) = page_names(chapter, &src_dir) else {
                return;
            };
            let mut alone = chapter.clone();
            alone.sub_items.clear();
            let mut page = Book::new();
            page.push_item(alone);
            match mdbook_admonish::Admonish.run(ctx, page) {
                Ok(done) => {
                    if let Some(BookItem::Chapter(done)) = done.sections.into_iter().next() {
                        chapter.content = done.content;
                    }
                }
                Err(error) => match located(&label, &chapter.content, &format!("{error:#}")) {
                    Some(found) => errors.push(found),
                    // Not about one callout (its configuration): say it once.
                    None => setup_error = Some(error),
                },
            }
        });
        if let Some(error) = setup_error {
            return Err(error.context("mdbook-admonish (the callouts) could not start; check [preprocessor.admonish] in book.toml"));
        }
        if errors.is_empty() {
            Ok(book)
        } else {
            Err(BookErrors(errors).into())
        }
    }

    fn supports_renderer(&self, renderer: &str) -> bool {
        mdbook_admonish::Admonish.supports_renderer(renderer)
    }
}

/// mdbook-admonish quotes the block it could not read; find it in the page.
fn located(page: &str, content: &str, error: &str) -> Option<PageError> {
    let quoted = error.split_once("```")?.1;
    let info_line = quoted.lines().next()?.trim();
    let (line, source_line) = content
        .lines()
        .enumerate()
        .find(|(_, text)| text.trim_start().trim_start_matches('`').trim() == info_line)
        .map(|(index, text)| (index + 1, text.to_string()))?;
    let reason = error
        .split_once("```")
        .map_or(error, |(before, _)| before)
        .trim()
        .trim_end_matches(':')
        .trim_end_matches(", bailing");
    Some(PageError {
        page: page.to_string(),
        line,
        column: 1,
        width: 1,
        message: format!("this callout cannot be read ({})", reason.to_lowercase()),
        help: Some(
            "write a callout as ```admonish KIND, optionally followed by title=\"...\" (kinds: tip, note, warning, changed); check the quotes of its title"
                .into(),
        ),
        source_line: Some(source_line),
    })
    .filter(|_| fences::line_text(content, line).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_callout_that_admonish_quotes() {
        let content = "# Page\n\nText.\n\n```admonish warning title=\"oops\nbad\n```\n";
        let error =
            "Error processing admonition, bailing:\n```admonish warning title=\"oops\nbad\n```";
        let found = located("src/a.md", content, error).unwrap();
        assert_eq!(found.location(), "src/a.md:5:1");
        assert_eq!(
            found.message,
            "this callout cannot be read (error processing admonition)"
        );
    }

    #[test]
    fn other_errors_are_not_placed() {
        assert_eq!(
            located("src/a.md", "text", "No configuration for mdbook-admonish"),
            None
        );
    }
}
