//! A small JSON reader that keeps the place of every key and value, and says
//! what went wrong in the words of someone who edits JSON by hand: a missing
//! comma, a trailing comma, single quotes, a comment.

use super::answers::{Entry, Node, SyntaxError, Value};

/// Reads one JSON document.
pub fn parse(source: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        src: source,
        bytes: source.as_bytes(),
        pos: 0,
        depth: 0,
    };
    p.skip_space()?;
    if p.pos >= p.bytes.len() {
        return Err(p.error_at(
            0..0,
            "the file is empty",
            "a JSON document starts with `{` and ends with `}`",
        ));
    }
    let node = p.value()?;
    p.skip_space()?;
    if p.pos < p.bytes.len() {
        return Err(p.error_here(
            "unexpected text after the end of the document",
            "the document ended at the matching `}` before this; remove what follows, or check for an extra `}` earlier",
        ));
    }
    Ok(node)
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 64;

impl Parser<'_> {
    fn error_at(&self, span: std::ops::Range<usize>, message: &str, help: &str) -> SyntaxError {
        SyntaxError {
            span,
            message: message.to_string(),
            help: (!help.is_empty()).then(|| help.to_string()),
        }
    }

    fn error_here(&self, message: &str, help: &str) -> SyntaxError {
        let end = self.src[self.pos..]
            .chars()
            .next()
            .map_or(self.pos, |c| self.pos + c.len_utf8());
        self.error_at(self.pos..end, message, help)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_space(&mut self) -> Result<(), SyntaxError> {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' | b'#' => {
                    return Err(self.error_here(
                        "JSON does not allow comments",
                        "delete the comment; AWS reads these files as plain JSON",
                    ))
                }
                _ => break,
            }
        }
        Ok(())
    }

    fn value(&mut self) -> Result<Node, SyntaxError> {
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let (text, span) = self.string()?;
                Ok(Node {
                    span,
                    value: Value::Str(text),
                })
            }
            Some(b'\'') => Err(self.error_here(
                "JSON strings use double quotes",
                "write \"text\" instead of 'text'",
            )),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'}' | b']') => Err(self.error_here(
                "a value is missing here",
                "is there a comma too many just before this?",
            )),
            Some(b',') => Err(self.error_here(
                "a value is missing before this comma",
                "write a value (a number, \"text\", true, false, a list or an object)",
            )),
            None => Err(self.error_at(
                self.src.len()..self.src.len(),
                "the file ends in the middle of a value",
                "check that every `{` and `[` has its closing `}` or `]`",
            )),
            Some(_) => {
                let end = self.src[self.pos..]
                    .find(|c: char| c == ',' || c == '}' || c == ']' || c.is_whitespace())
                    .map_or(self.src.len(), |i| self.pos + i);
                let word = &self.src[self.pos..end];
                Err(self.error_at(
                    self.pos..end.max(self.pos + 1),
                    &format!("`{word}` is not a JSON value"),
                    "text must be in double quotes, e.g. \"arm64\"",
                ))
            }
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Node, SyntaxError> {
        let start = self.pos;
        if self.src[start..].starts_with(word) {
            self.pos += word.len();
            Ok(Node {
                span: start..self.pos,
                value,
            })
        } else {
            self.pos = start;
            let end = self.src[start..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .map_or(self.src.len(), |i| start + i);
            Err(self.error_at(
                start..end.max(start + 1),
                &format!("`{}` is not a JSON value", &self.src[start..end]),
                "the only bare words in JSON are true, false and null; put text in double quotes",
            ))
        }
    }

    fn number(&mut self) -> Result<Node, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        while let Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') = self.peek() {
            self.pos += 1;
        }
        let text = &self.src[start..self.pos];
        let span = start..self.pos;
        if text.len() > 1 && text.starts_with('0') && text.as_bytes()[1].is_ascii_digit() {
            return Err(self.error_at(
                span,
                "JSON numbers may not start with 0",
                "write 10, not 010",
            ));
        }
        let is_integer = !text.contains(['.', 'e', 'E']);
        let value = if is_integer {
            text.parse::<i64>().map(Value::Int).ok()
        } else {
            None
        }
        .or_else(|| text.parse::<f64>().ok().map(Value::Float));
        match value {
            Some(value) => Ok(Node { span, value }),
            None => Err(self.error_at(span, &format!("`{text}` is not a number"), "")),
        }
    }

    fn string(&mut self) -> Result<(String, std::ops::Range<usize>), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.src[self.pos..].chars().next() else {
                return Err(self.error_at(
                    start..start + 1,
                    "this string is never closed",
                    "add the closing double quote",
                ));
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok((out, start..self.pos));
                }
                '\n' => {
                    return Err(self.error_at(
                        start..self.pos,
                        "this string is not closed before the end of the line",
                        "add the closing double quote",
                    ))
                }
                '\\' => {
                    let escape_start = self.pos;
                    self.pos += 1;
                    let Some(e) = self.peek() else { continue };
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hex = self.src.get(self.pos..self.pos + 4).unwrap_or("");
                            match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                                Some(ch) => {
                                    out.push(ch);
                                    self.pos += 4;
                                }
                                None => {
                                    return Err(self.error_at(
                                        escape_start..self.pos,
                                        "`\\u` must be followed by four hexadecimal digits",
                                        "",
                                    ))
                                }
                            }
                        }
                        _ => {
                            return Err(self.error_at(
                                escape_start..self.pos,
                                "unknown escape in a string",
                                "write a backslash as \\\\",
                            ))
                        }
                    }
                }
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_here("the document is nested too deeply", ""));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Node, SyntaxError> {
        self.enter()?;
        let start = self.pos;
        self.pos += 1;
        let mut entries: Vec<Entry> = Vec::new();
        self.skip_space()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Node {
                span: start..self.pos,
                value: Value::Table(entries),
            });
        }
        loop {
            self.skip_space()?;
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => {
                    return Err(self.error_at(
                        self.pos..self.pos + 1,
                        "trailing comma: JSON does not allow a comma before `}`",
                        "remove the comma after the last entry",
                    ))
                }
                Some(b'\'') => {
                    return Err(
                        self.error_here("JSON keys use double quotes", "write \"Key\": value")
                    )
                }
                None => {
                    return Err(self.error_at(
                        start..start + 1,
                        "this `{` is never closed",
                        "add the matching `}` at the end",
                    ))
                }
                Some(_) => {
                    return Err(self.error_here(
                        "expected a key in double quotes",
                        "entries of an object are written \"Key\": value",
                    ))
                }
            }
            let (key, key_span) = self.string()?;
            if let Some(first) = entries.iter().find(|e| e.key == key) {
                let line = self.src[..first.key_span.start].matches('\n').count() + 1;
                return Err(self.error_at(
                    key_span,
                    &format!("`{key}` appears twice in this object"),
                    &format!("it is already set on line {line}; keep one of the two"),
                ));
            }
            self.skip_space()?;
            if self.peek() != Some(b':') {
                return Err(self.error_here(
                    &format!("expected `:` after the key \"{key}\""),
                    "write \"Key\": value",
                ));
            }
            self.pos += 1;
            self.skip_space()?;
            let node = self.value()?;
            entries.push(Entry {
                key,
                key_span,
                node,
            });
            let after_value = self.pos;
            self.skip_space()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Node {
                        span: start..self.pos,
                        value: Value::Table(entries),
                    });
                }
                Some(b'"') => {
                    return Err(self.error_at(
                        after_value..after_value + 1,
                        "expected `,` or `}` after this value",
                        "a comma is missing between two entries",
                    ))
                }
                None => {
                    return Err(self.error_at(
                        start..start + 1,
                        "this `{` is never closed",
                        "add the matching `}` at the end",
                    ))
                }
                Some(_) => {
                    return Err(self.error_here(
                        "expected `,` or `}` after the value",
                        "separate entries with commas and close the object with `}`",
                    ))
                }
            }
        }
    }

    fn array(&mut self) -> Result<Node, SyntaxError> {
        self.enter()?;
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_space()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Node {
                span: start..self.pos,
                value: Value::Array(items),
            });
        }
        loop {
            self.skip_space()?;
            if self.peek() == Some(b']') {
                return Err(self.error_here(
                    "trailing comma: JSON does not allow a comma before `]`",
                    "remove the comma after the last item",
                ));
            }
            items.push(self.value()?);
            let after_value = self.pos;
            self.skip_space()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Node {
                        span: start..self.pos,
                        value: Value::Array(items),
                    });
                }
                None => {
                    return Err(self.error_at(
                        start..start + 1,
                        "this `[` is never closed",
                        "add the matching `]`",
                    ))
                }
                Some(_) => {
                    return Err(self.error_at(
                        after_value..after_value + 1,
                        "expected `,` or `]` after this item",
                        "a comma is missing between two items",
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> (String, String) {
        let e = parse(src).unwrap_err();
        (e.message, src[e.span.clone()].to_string())
    }

    #[test]
    fn reads_values_with_spans() {
        let src = r#"{ "MemorySize": 512, "Architectures": ["arm64"], "X": {"y": -1.5e2, "z": null, "t": true} }"#;
        let node = parse(src).unwrap();
        let mem = node.get("MemorySize").unwrap();
        assert_eq!(mem.as_i64(), Some(512));
        assert_eq!(&src[mem.span.clone()], "512");
        assert_eq!(
            node.get("Architectures").unwrap().items()[0].as_str(),
            Some("arm64")
        );
        assert_eq!(
            node.get("X").unwrap().get("y").unwrap().as_f64(),
            Some(-150.0)
        );
        assert_eq!(
            node.entry("X").map(|e| &src[e.key_span.clone()]),
            Some("\"X\"")
        );
    }

    #[test]
    fn explains_common_mistakes() {
        assert_eq!(
            err("{\"a\": 1,}").0,
            "trailing comma: JSON does not allow a comma before `}`"
        );
        assert_eq!(
            err("{\"a\": 1 \"b\": 2}").0,
            "expected `,` or `}` after this value"
        );
        assert_eq!(err("{'a': 1}").0, "JSON keys use double quotes");
        assert_eq!(err("{\"a\": arm64}").0, "`arm64` is not a JSON value");
        assert_eq!(err("{\"a\": 1 // no\n}").0, "JSON does not allow comments");
        assert_eq!(
            err("{\"a\": 1, \"a\": 2}").0,
            "`a` appears twice in this object"
        );
        assert_eq!(
            err("{\"a\": [1, 2,]}").0,
            "trailing comma: JSON does not allow a comma before `]`"
        );
        assert_eq!(err("{\"a\": 1").0, "this `{` is never closed");
        assert_eq!(err("").0, "the file is empty");
        assert_eq!(err("{\"a\": \"x\n\"}").1, "\"x");
    }
}
