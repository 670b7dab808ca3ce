//! Errors in a scenario, located to a line and column and written for the
//! person who wrote it: what is wrong, where, and what to write instead.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// 1-based line in the scenario text; 0 when it concerns the whole text.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// How many characters to underline.
    pub width: usize,
    pub message: String,
    pub help: Option<String>,
}

impl ScenarioError {
    /// An error about the scenario as a whole.
    pub fn whole(message: impl Into<String>, help: Option<String>) -> Self {
        ScenarioError {
            line: 0,
            column: 0,
            width: 0,
            message: message.into(),
            help,
        }
    }

    /// An error at a byte range of `source`.
    pub fn at(
        source: &str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        let start = span.start.min(source.len());
        let before = &source[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = source[line_start..start].chars().count() + 1;
        let end = span.end.clamp(start, source.len());
        let first_line_end = source[start..end].find('\n').map_or(end, |i| start + i);
        let width = source[start..first_line_end].chars().count().max(1);
        ScenarioError {
            line,
            column,
            width,
            message: message.into(),
            help,
        }
    }

    /// The rustc-style report: message, `--> origin:line:column`, the line with
    /// the place underlined, and the help. `first_line` is the line of the
    /// file on which `source` starts (1 for a scenario file, the block's first
    /// line for a Markdown block).
    pub fn report(&self, origin: &str, source: &str, first_line: usize) -> String {
        let mut out = format!("error: {}\n", self.message);
        if self.line == 0 {
            out.push_str(&format!("  --> {origin}\n"));
        } else {
            let file_line = first_line + self.line - 1;
            let number = file_line.to_string();
            let pad = " ".repeat(number.len());
            let text = source.lines().nth(self.line - 1).unwrap_or("");
            out.push_str(&format!(
                "{pad}--> {origin}:{file_line}:{}\n{pad} |\n{number} | {text}\n{pad} | {}{}\n",
                self.column,
                " ".repeat(self.column - 1),
                "^".repeat(self.width)
            ));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("help: {help}\n"));
        }
        out
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}, column {}: ", self.line, self.column)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}
