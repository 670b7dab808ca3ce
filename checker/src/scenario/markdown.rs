//! Finding ```` ```lambda-scenario ```` blocks in a chapter, so that the figure
//! a reader sees and the case a grader runs come from one source.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// The fence language of scenario blocks.
pub const LANGUAGE: &str = "lambda-scenario";

/// One scenario block of a Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The `name = "..."` written in the block, if any.
    pub name: Option<String>,
    /// The TOML inside the fences.
    pub source: String,
    /// The 1-based line of the Markdown text where the TOML starts.
    pub line: usize,
}

/// Every fenced block of `language` in `markdown`, in order.
pub fn fenced_blocks(markdown: &str, language: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some(language) =>
            {
                // The content starts on the line after the opening fence.
                let line = markdown[..range.start].matches('\n').count() + 2;
                current = Some((line, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, source)) = current.as_mut() {
                    source.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((line, source)) = current.take() {
                    blocks.push(Block {
                        name: declared_name(&source),
                        source,
                        line,
                    });
                }
            }
            _ => {}
        }
    }
    blocks
}

/// The scenario blocks of a chapter.
pub fn scenario_blocks(markdown: &str) -> Vec<Block> {
    fenced_blocks(markdown, LANGUAGE)
}

/// The top-level `name = "..."` of a scenario, read without parsing it all.
pub fn declared_name(source: &str) -> Option<String> {
    for line in source.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            return None;
        }
        if let Some(rest) = line.strip_prefix("name") {
            let rest = rest.trim_start().strip_prefix('=')?.trim();
            // A basic or a literal TOML string: "name" or 'name'.
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let quoted = &rest[1..];
            return quoted.find(quote).map(|end| quoted[..end].to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_with_their_lines_and_names() {
        let md = "# Title\n\nText.\n\n```lambda-scenario\nname = \"first\"\nseed = 2\n```\n\n```toml\nname = \"not me\"\n```\n\n```lambda-scenario\n[[function]]\nname = \"f\"\n```\n";
        let blocks = scenario_blocks(md);
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            declared_name("name = 'literal'\n").as_deref(),
            Some("literal")
        );
        assert_eq!(blocks[0].name.as_deref(), Some("first"));
        assert_eq!(blocks[0].line, 6);
        assert_eq!(blocks[0].source, "name = \"first\"\nseed = 2\n");
        assert_eq!(
            blocks[1].name, None,
            "a function's name is not the scenario's"
        );
        assert_eq!(blocks[1].line, 15);
    }
}
