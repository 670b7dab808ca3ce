//! Preprocessor `lambda-scenario`: every ```` ```lambda-scenario ```` block of
//! the book becomes the figure the simulator draws for it, with its source a
//! click away so a learner can copy it into `course simulate`.

use std::collections::HashMap;

use mdbook::book::Book;
use mdbook::preprocess::{Preprocessor, PreprocessorContext};

use super::fences::{self, FencedBlock};
use super::html::{escape, without_blank_lines};
use super::{rewrite_pages, Page, PageError};
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
        rewrite_pages(&mut book, &src_dir, |page, _| figures_in_page(page))?;
        Ok(book)
    }

    /// Figures are HTML; other renderers keep the TOML as a code block.
    fn supports_renderer(&self, renderer: &str) -> bool {
        renderer == "html"
    }
}

/// The page with its scenario blocks drawn, `None` if it has none, or every
/// bad block of the page.
pub fn figures_in_page(page: &Page) -> Result<Option<String>, Vec<PageError>> {
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
pub fn figure_html(figure: &Figure, source: &str, page_label: &str) -> String {
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
pub fn located(page: &Page, block: &FencedBlock, error: &ScenarioError) -> PageError {
    // Line 0 is the scenario as a whole: point at its opening fence.
    let line = block.fence_line + error.line;
    let column = if error.line == 0 {
        1
    } else {
        error.column.max(1) + block.continuation.chars().count()
    };
    PageError {
        page: page.label.clone(),
        line,
        column,
        width: error.width.max(1),
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
        width: 1,
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
        width: 1,
        message: format!(
            "a second scenario named `{name}` on this page (the first is at line {first_line})"
        ),
        help: Some("give each scenario of a page its own `name`".into()),
        source_line: fences::line_text(page.content, block.fence_line).map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(content: &str) -> Page<'_> {
        Page {
            label: "src/lambda/memory.md".into(),
            path: "lambda/memory.md".into(),
            content,
        }
    }

    #[test]
    fn a_bad_block_is_reported_at_its_page_line_and_column() {
        let content = "# Memory\n\nText.\n\n```lambda-scenario\nname = \"too-little\"\n\n[[function]]\nname = \"api\"\nmemory = 64\n```\n";
        let errors = figures_in_page(&page(content)).unwrap_err();
        assert_eq!(errors.len(), 1);
        let error = &errors[0];
        // The fence is line 5; `memory = 64` is the block's line 5, so page line 10.
        assert_eq!(error.location(), "src/lambda/memory.md:10:10");
        assert!(error.message.contains("memory"), "{error}");
        assert!(error.help.is_some());
        let shown = error.to_string();
        assert!(shown.contains("10 | memory = 64"), "{shown}");
    }

    #[test]
    fn every_bad_block_of_a_page_is_reported() {
        let bad =
            "```lambda-scenario\nname = \"a\"\n[[function]]\nname = \"api\"\nmemory = 64\n```\n";
        let content = format!("{bad}\n{bad}");
        let errors = figures_in_page(&page(&content)).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![5, 12]);
    }

    #[test]
    fn a_block_without_a_name_is_an_error() {
        let content = "```lambda-scenario\n[[function]]\nname = \"api\"\n[[traffic]]\nfunction = \"api\"\nat = [\"0ms\"]\n```\n";
        let errors = figures_in_page(&page(content)).unwrap_err();
        assert_eq!(errors[0].location(), "src/lambda/memory.md:1:1");
        assert!(errors[0].message.contains("no `name`"));
    }

    #[test]
    fn two_blocks_of_a_page_may_not_share_a_name() {
        let block = "```lambda-scenario\nname = \"same\"\n[[function]]\nname = \"api\"\n[[traffic]]\nfunction = \"api\"\nat = [\"0ms\"]\n```\n";
        let content = format!("{block}\n{block}");
        let errors = figures_in_page(&page(&content)).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("first is at line 1"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn a_good_block_becomes_a_figure_with_its_source() {
        let content = "Before.\n\n```lambda-scenario\nname = \"one\"\ntitle = \"One <request>\"\n\n[[function]]\nname = \"api\"\n\n[[traffic]]\nfunction = \"api\"\nat = [\"0ms\"]\n```\nAfter.\n";
        let html = figures_in_page(&page(content)).unwrap().unwrap();
        assert!(
            html.starts_with("Before.\n\n<div class=\"scenario\""),
            "{html}"
        );
        assert!(
            html.contains("<figcaption><span class=\"scenario-title\">One &lt;request&gt;</span>")
        );
        assert!(html.contains("<svg"));
        assert!(html.contains("<details class=\"scenario-source\">"));
        assert!(html.contains("course simulate src/lambda/memory.md --name one"));
        assert!(html.contains("</div>\n\nAfter.\n"), "{html}");
        let figure =
            &html[html.find("<div class=\"scenario\"").unwrap()..html.find("After.").unwrap()];
        assert!(
            !figure.trim().lines().any(|l| l.trim().is_empty()),
            "{figure}"
        );
    }

    #[test]
    fn pages_without_scenarios_are_left_alone() {
        assert_eq!(
            figures_in_page(&page("# Nothing\n\n```toml\na = 1\n```\n")),
            Ok(None)
        );
    }
}
