//! Preprocessor `lambda-scenario`: every ```` ```lambda-scenario ```` block of
//! the book becomes the figure the simulator draws for it, with its source a
//! click away so a learner can copy it into `course simulate`.

use std::collections::HashMap;

use mdbook::book::{Book, BookItem};
use mdbook::preprocess::{Preprocessor, PreprocessorContext};

use super::fences::{self, FencedBlock};
use super::html::{escape, without_blank_lines};
use super::{page_names, BookErrors, Page, PageError};
use crate::figures::{self, Figure};
use crate::scenario::ScenarioError;

/// The fence language and the preprocessor's name in book.toml.
pub const NAME: &str = "lambda-scenario";

/// The `lambda-scenario` preprocessor.
pub struct ScenarioFigures;

impl Preprocessor for ScenarioFigures {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> mdbook::errors::Result<Book> {
        let src_dir = ctx.config.book.src.to_string_lossy().into_owned();
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
            match figures_in_page(&page) {
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

    /// Figures are HTML; other renderers keep the TOML as a code block.
    fn supports_renderer(&self, renderer: &str) -> bool {
        renderer == "html"
    }
}

/// The page with its scenario blocks drawn, `None` if it has none, or every
/// bad block of the page.
pub(crate) fn figures_in_page(page: &Page) -> Result<Option<String>, Vec<PageError>> {
    let blocks = fences::find(page.content, NAME);
    if blocks.is_empty() {
        return Ok(None);
    }
    let mut errors = Vec::new();
    let mut html = Vec::with_capacity(blocks.len());
    let mut first_line_of_name: HashMap<String, usize> = HashMap::new();
    for block in &blocks {
        match figures::draw(&block.content) {
            Ok(figure) if figure.name.is_empty() => errors.push(unnamed(page, block)),
            Ok(figure) => {
                if let Some(first) = first_line_of_name.get(&figure.name) {
                    errors.push(duplicate(page, block, &figure.name, *first));
                } else {
                    first_line_of_name.insert(figure.name.clone(), block.fence_line);
                }
                html.push(figure_html(&figure, &block.content, &page.label));
            }
            Err(error) => errors.push(located(page, block, &error)),
        }
    }
    if errors.is_empty() {
        Ok(Some(fences::replace(page.content, &blocks, &html)))
    } else {
        Err(errors)
    }
}

/// The HTML of one figure. It has no blank line, so CommonMark keeps it as
/// one HTML block.
pub(crate) fn figure_html(figure: &Figure, source: &str, page_label: &str) -> String {
    let name = escape(&figure.name);
    let caption = escape(figure.title.as_deref().unwrap_or(&figure.name));
    let summary = escape(&figure.summary);
    let svg = without_blank_lines(&figure.svg);
    let source = without_blank_lines(&escape(source.trim_end()));
    let page = escape(page_label);
    without_blank_lines(&format!(
        r#"<div class="scenario" data-scenario="{name}">
<figure class="scenario-figure" id="scenario-{name}">
<div class="scenario-drawing">
{svg}
</div>
<figcaption><span class="scenario-title">{caption}</span> <span class="scenario-summary">{summary}</span></figcaption>
</figure>
<details class="scenario-source">
<summary>Scenario source: <code>{name}</code></summary>
<p>Run it yourself: <code>course simulate {page} --name {name}</code>, or copy it into a <code>.toml</code> file for <code>course simulate</code>.</p>
<pre><code class="language-toml">{source}</code></pre>
</details>
</div>"#
    ))
}

/// A scenario error moved from the block's lines to the page's.
pub(crate) fn located(page: &Page, block: &FencedBlock, error: &ScenarioError) -> PageError {
    let line_in_block = error.line.max(1);
    let column_in_block = error.column.max(1);
    let line = block.fence_line + line_in_block;
    PageError {
        page: page.label.clone(),
        line,
        column: column_in_block + block.continuation.chars().count(),
        message: error.message.clone(),
        help: error.help.clone(),
        source_line: fences::line_text(page.content, line).map(str::to_string),
    }
}

fn unnamed(page: &Page, block: &FencedBlock) -> PageError {
    PageError {
        page: page.label.clone(),
        line: block.fence_line,
        column: 1,
        message: "this scenario has no `name`".into(),
        help: Some(
            "add a line such as `name = \"cold-start-anatomy\"`: quizzes, exercises and \
             `course simulate PAGE --name NAME` find a chapter's scenarios by name"
                .into(),
        ),
        source_line: fences::line_text(page.content, block.fence_line).map(str::to_string),
    }
}

fn duplicate(page: &Page, block: &FencedBlock, name: &str, first_line: usize) -> PageError {
    PageError {
        page: page.label.clone(),
        line: block.fence_line,
        column: 1,
        message: format!(
            "a second scenario named `{name}` on this page (the first is at line {first_line})"
        ),
        help: Some("give each scenario of a page its own `name`".into()),
        source_line: fences::line_text(page.content, block.fence_line).map(str::to_string),
    }
}
