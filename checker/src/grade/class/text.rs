//! Small text and file helpers shared by the class-grading modules.

/// The files under `dir`, as sorted relative paths (the labs' own walker).
pub use labs::labs::walk;

/// A message on one line, for a spreadsheet cell or a table: runs of
/// white space (newlines included) become one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The longest run of backticks in `text`: a Markdown fence one longer
/// cannot be closed by it.
pub fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// A Markdown code span showing `text` exactly as written, whatever it
/// holds: a learner's folder named `_ada_` reads "_ada_", not "ada" in
/// italics, and reads the same in a terminal. The fence is one backtick
/// longer than any run of backticks inside.
pub fn code_span(text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text) + 1);
    // A space keeps a backtick at either end from joining the fence.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Removes the request ids that the emulator's error messages carry
/// (`RequestId: 3f2a… `): they differ on every run and say nothing to an
/// instructor, and without them the same mistake reads the same for every
/// learner, so the summary can count it.
pub fn without_request_ids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("RequestId: ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "RequestId: ".len()..];
        let id_len = after
            .find(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
            .unwrap_or(after.len());
        rest = after[id_len..].trim_start();
    }
    out.push_str(rest);
    out
}

/// Text made safe inside an XML attribute or element.
pub use crate::grade::report::xml;

/// Shortens `text` to at most `max` characters, ending with `…` if cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rendered by a Markdown parser, the span gives back the name as written.
    #[test]
    fn a_name_in_a_code_span_renders_as_written() {
        use pulldown_cmark::{Event, Parser};
        for name in [
            "ada_lovelace",
            "_ada_",
            "**bob**",
            "[x](y) <b>",
            "a`b",
            "`c``",
            "1. x",
        ] {
            let line = format!("# Feedback for {}", code_span(name));
            let shown: String = Parser::new(&line)
                .filter_map(|e| match e {
                    Event::Code(code) => Some(code.to_string()),
                    _ => None,
                })
                .collect();
            assert_eq!(shown, name, "{line}");
        }
        assert_eq!(code_span("ada_lovelace"), "`ada_lovelace`");
    }

    #[test]
    fn request_ids_are_removed() {
        let text = "the function failed with Sandbox.Timedout: RequestId: 0c1d-ab12 Error: Task timed out after 2.00 seconds";
        assert_eq!(
            without_request_ids(text),
            "the function failed with Sandbox.Timedout: Error: Task timed out after 2.00 seconds"
        );
    }

    #[test]
    fn xml_drops_what_xml_cannot_hold() {
        assert_eq!(xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn shorten_counts_characters() {
        assert_eq!(shorten("ééééé", 3), "éé…");
        assert_eq!(shorten("abc", 3), "abc");
    }
}
