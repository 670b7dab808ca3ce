//! Errors that point at a line of a page, written for the person who wrote it.

use std::fmt;

/// Something wrong in one page of the book: where, what, and what to try.
#[derive(Debug, Clone, PartialEq)]
pub struct PageError {
    /// The page as its author knows it, e.g. `src/lambda/memory.md`.
    pub page: String,
    /// 1-based line in the page.
    pub line: usize,
    /// 1-based column in that line (in characters).
    pub column: usize,
    /// How many characters to underline (at least one is).
    pub width: usize,
    pub message: String,
    pub help: Option<String>,
    /// The page's line, shown under the location with a caret.
    pub source_line: Option<String>,
}

impl PageError {
    /// `page:line:column`, as editors and terminals understand it.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.page, self.line, self.column)
    }
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        if let Some(source) = &self.source_line {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            let caret_at: String = source
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(
                f,
                "\n{gutter} |\n{number} | {source}\n{gutter} | {caret_at}{}",
                "^".repeat(self.width.max(1))
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\nhelp: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PageError {}

/// All the problems found in the book, so an author fixes them in one pass.
#[derive(Debug, Clone, PartialEq)]
pub struct BookErrors(pub Vec<PageError>);

impl fmt::Display for BookErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "{error}\n")?;
        }
        let count = self.0.len();
        write!(
            f,
            "the book was not built: {count} error{} in its pages",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for BookErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_line_with_a_caret() {
        let error = PageError {
            page: "src/lambda/memory.md".into(),
            line: 42,
            column: 10,
            width: 2,
            message: "`memory` must be between 128 and 10240 MB, found 64".into(),
            help: Some("Lambda accepts 128 MB to 10,240 MB in 1 MB steps".into()),
            source_line: Some("memory = 64".into()),
        };
        assert_eq!(
            error.to_string(),
            "error: `memory` must be between 128 and 10240 MB, found 64\n  --> src/lambda/memory.md:42:10\n   |\n42 | memory = 64\n   |          ^^\nhelp: Lambda accepts 128 MB to 10,240 MB in 1 MB steps"
        );
    }

    #[test]
    fn counts_the_errors() {
        let error = PageError {
            page: "a.md".into(),
            line: 1,
            column: 1,
            width: 1,
            message: "m".into(),
            help: None,
            source_line: None,
        };
        let all = BookErrors(vec![error.clone(), error]);
        assert!(all
            .to_string()
            .ends_with("the book was not built: 2 errors in its pages"));
    }
}
