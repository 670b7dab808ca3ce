//! Finds the fenced code blocks of one language in a chapter, with where they
//! sit, so a preprocessor can put HTML in their place and point its errors at
//! the page's own lines.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// One ```` ```lang ```` block of a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct FencedBlock {
    /// Bytes of the whole block, fences included, in the chapter's text.
    pub range: Range<usize>,
    /// 1-based line of the opening fence: a content line `n` (1-based) is page
    /// line `fence_line + n`.
    pub fence_line: usize,
    /// What the block says, with any list or quote indentation removed.
    pub content: String,
    /// The columns a container (list item, block quote) takes before each
    /// line of the block: added to an error's column, and repeated before
    /// each line of the HTML put in the block's place.
    pub continuation: String,
}

/// Every fenced block whose info string starts with `language`, in page order.
pub fn find(markdown: &str, language: &str) -> Vec<FencedBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<FencedBlock> = None;
    for (event, range) in Parser::new_ext(markdown, mdbook_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if first_word(&info) == language =>
            {
                let line_start = markdown[..range.start].rfind('\n').map_or(0, |i| i + 1);
                current = Some(FencedBlock {
                    fence_line: line_number(markdown, range.start),
                    continuation: continuation_of(&markdown[line_start..range.start]),
                    range,
                    content: String::new(),
                });
            }
            Event::Text(text) => {
                if let Some(block) = current.as_mut() {
                    block.content.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(mut block) = current.take() {
                    block.range.end = trim_to_line_end(markdown, block.range.end);
                    blocks.push(block);
                }
            }
            _ => {}
        }
    }
    blocks
}

/// Replaces each block by the HTML made for it (in page order), keeping the
/// HTML inside the block's container and separated from what follows, so
/// CommonMark reads it as one raw HTML block.
pub fn replace(markdown: &str, blocks: &[FencedBlock], html: &[String]) -> String {
    let mut out =
        String::with_capacity(markdown.len() + html.iter().map(String::len).sum::<usize>());
    let mut last = 0;
    for (block, html) in blocks.iter().zip(html) {
        out.push_str(&markdown[last..block.range.start]);
        let mut lines = html.lines();
        if let Some(first) = lines.next() {
            out.push_str(first);
        }
        for line in lines {
            out.push('\n');
            out.push_str(&block.continuation);
            out.push_str(line);
        }
        // A blank line (inside the container) ends the HTML block here.
        out.push('\n');
        out.push_str(block.continuation.trim_end());
        out.push('\n');
        last = block.range.end;
        // The fence's own line break is replaced by ours.
        if markdown[last..].starts_with("\r\n") {
            last += 2;
        } else if markdown[last..].starts_with('\n') {
            last += 1;
        }
    }
    out.push_str(&markdown[last..]);
    out
}

/// 1-based line of a byte offset.
pub fn line_number(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (
        line_number(text, offset),
        text[line_start..offset].chars().count() + 1,
    )
}

/// The text of a 1-based line, if the text has it.
pub fn line_text(text: &str, line: usize) -> Option<&str> {
    text.lines().nth(line.checked_sub(1)?)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The Markdown extensions mdBook 0.4 turns on, so we see the blocks it sees.
fn mdbook_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn first_word(info: &str) -> &str {
    info.split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
}

/// Block-quote markers stay; list markers and indentation become spaces.
fn continuation_of(before_fence: &str) -> String {
    before_fence
        .chars()
        .map(|c| if c == '>' { '>' } else { ' ' })
        .collect()
}

/// The block's range may stop before the closing fence's line break or run
/// past it; we want it to end at the end of the closing fence's line.
fn trim_to_line_end(markdown: &str, end: usize) -> usize {
    let end = end.min(markdown.len());
    let text = &markdown[..end];
    if text.ends_with("\r\n") {
        end - 2
    } else if text.ends_with('\n') {
        end - 1
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Title\n\nSome text.\n\n```lambda-scenario\nname = \"a\"\n\nseed = 1\n```\nAfter.\n\n```toml\nx = 1\n```\n";

    #[test]
    fn finds_blocks_of_one_language_with_their_lines() {
        let blocks = find(PAGE, "lambda-scenario");
        assert_eq!(blocks.len(), 1);
        let block = &blocks[0];
        assert_eq!(block.fence_line, 5);
        assert_eq!(block.content, "name = \"a\"\n\nseed = 1\n");
        assert_eq!(
            &PAGE[block.range.clone()],
            "```lambda-scenario\nname = \"a\"\n\nseed = 1\n```"
        );
        assert!(find(PAGE, "quiz").is_empty());
    }

    #[test]
    fn replacement_is_followed_by_a_blank_line() {
        let blocks = find(PAGE, "lambda-scenario");
        let out = replace(
            PAGE,
            &blocks,
            &["<figure>\n<svg></svg>\n</figure>".to_string()],
        );
        assert!(
            out.contains("Some text.\n\n<figure>\n<svg></svg>\n</figure>\n\nAfter.\n"),
            "{out}"
        );
        assert!(out.contains("```toml\nx = 1\n```"));
    }

    #[test]
    fn blocks_in_a_list_item_keep_their_indentation() {
        let page = "- item\n\n  ```quiz\n  a = 1\n  ```\n- next\n";
        let blocks = find(page, "quiz");
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].content, "a = 1\n");
        assert_eq!(blocks[0].continuation, "  ");
        assert_eq!(blocks[0].fence_line, 3);
        let out = replace(page, &blocks, &["<div>\n</div>".to_string()]);
        assert_eq!(out, "- item\n\n  <div>\n  </div>\n\n- next\n");
    }

    #[test]
    fn info_string_may_carry_attributes() {
        assert_eq!(first_word("quiz extra"), "quiz");
        assert_eq!(first_word("lambda-scenario,ignore"), "lambda-scenario");
        assert_eq!(first_word(""), "");
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\ncé d";
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, 3), (2, 1));
        assert_eq!(line_and_column(text, text.find('d').unwrap()), (2, 4));
        assert_eq!(line_text(text, 2), Some("cé d"));
        assert_eq!(line_text(text, 0), None);
    }
}
