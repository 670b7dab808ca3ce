//! Small HTML helpers for what preprocessors splice into a chapter.

/// Escapes text for an HTML element or a double-quoted attribute.
pub(crate) use crate::render::escape;

/// Removes blank lines without changing what the HTML shows.
///
/// CommonMark ends a raw HTML block at the first blank line, after which the
/// rest would be read as Markdown. A blank line is folded into the next one as
/// a `&#10;` character reference, which is the same newline to the browser,
/// so `<pre>` contents keep their empty lines.
pub(crate) fn without_blank_lines(html: &str) -> String {
    let html = html
        .trim_start_matches(['\n', '\r'])
        .trim_end_matches(['\n', '\r', ' ', '\t']);
    let mut out = String::with_capacity(html.len() + 16);
    let mut lines = html.split('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if lines.peek().is_none() {
            break;
        }
        if line.trim().is_empty() {
            out.push_str("&#10;");
        } else {
            out.push('\n');
        }
    }
    out
}

/// Renders a short piece of Markdown (a quiz prompt, a choice, an explanation).
/// With `inline`, a lone paragraph loses its `<p>` so it can sit in a button.
/// Raw HTML is shown as text: an unclosed tag must not break the page.
pub(crate) fn markdown(text: &str, inline: bool) -> String {
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    let parser = pulldown_cmark::Parser::new_ext(text, options).map(|event| match event {
        pulldown_cmark::Event::Html(raw) | pulldown_cmark::Event::InlineHtml(raw) => {
            pulldown_cmark::Event::Text(raw)
        }
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, parser);
    let trimmed = out.trim_end();
    if inline {
        if let Some(inner) = trimmed
            .strip_prefix("<p>")
            .and_then(|rest| rest.strip_suffix("</p>"))
        {
            if !inner.contains("<p>") {
                return inner.to_string();
            }
        }
    }
    without_blank_lines(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn blank_lines_become_character_references() {
        let html = "<pre><code>a\n\nb\n   \n\nc</code></pre>\n<p>x</p>\n";
        let folded = without_blank_lines(html);
        assert!(!folded.lines().any(|l| l.trim().is_empty()), "{folded}");
        // The browser still sees the same newlines inside <pre>.
        assert_eq!(
            folded.replace("&#10;", "\n"),
            "<pre><code>a\n\nb\n   \n\nc</code></pre>\n<p>x</p>"
        );
    }

    #[test]
    fn html_without_blank_lines_is_unchanged() {
        assert_eq!(
            without_blank_lines("<p>a</p>\n<p>b</p>"),
            "<p>a</p>\n<p>b</p>"
        );
    }

    #[test]
    fn inline_markdown_drops_the_paragraph() {
        assert_eq!(markdown("`1769` MB", true), "<code>1769</code> MB");
        assert!(markdown("one\n\ntwo", true).starts_with("<p>one</p>"));
    }
}
