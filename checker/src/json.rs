//! JSON with positions. Learners write policies and function configurations
//! as JSON; an error must point at the key or value that is wrong, and
//! serde_json keeps no positions once a value is read. This reader keeps the
//! byte span of every key and value.
//!
//! serde_json checks the syntax first (its grammar is the reference, and it
//! refuses input nested deeper than 128 levels, so the recursion below stays
//! shallow); its errors are turned into messages for a learner here. IAM
//! policies (`sim::iam`), function configurations (`sim::deploy`) and the
//! exercises' answer files (`grade`) are all read with it.

use std::ops::Range;

/// Nesting deeper than this is refused (serde_json's own limit is 128).
const MAX_DEPTH: usize = 128;

/// A JSON value and where it is in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Byte range of the whole value in the text.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written: callers decide what range they accept.
    Number(String),
    Str(String),
    Array(Vec<Node>),
    /// Members in the order written; duplicates are kept so callers can refuse them.
    Object(Vec<Member>),
}

/// One `"key": value` of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Node,
}

impl Value {
    /// What a learner would call this kind of value.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true/false",
            Value::Number(_) => "a number",
            Value::Str(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

impl Node {
    /// The member called `key`, if this is an object that has one.
    pub fn member(&self, key: &str) -> Option<&Member> {
        match &self.value {
            Value::Object(members) => members.iter().find(|m| m.key == key),
            _ => None,
        }
    }
}

/// A syntax error: where, what, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset in the text.
    pub offset: usize,
    pub message: String,
    pub help: String,
}

/// Reads a JSON text, keeping positions.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
        return Err(explain_serde(text, &error));
    }
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    reader.skip_space();
    let node = reader.value(0)?;
    reader.skip_space();
    if reader.at < text.len() {
        return Err(reader.fail("there is more text after the end of the JSON value"));
    }
    Ok(node)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

/// How many characters of `span` lie on its first line (at least 1): the
/// width to underline.
pub fn width(text: &str, span: &Range<usize>) -> usize {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    let first_line_end = text[start..end].find('\n').map_or(end, |i| start + i);
    text[start..first_line_end].chars().count().max(1)
}

/// The byte offset of serde_json's (line, column): its column counts bytes
/// from 1 and points at the last byte it read (0 at the start of a line).
pub fn serde_offset(text: &str, line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    floor_char_boundary(text, (line_start + column.saturating_sub(1)).min(line_end))
}

/// The candidate closest to `word` (a misspelt key), if it is close enough
/// to be what was meant: same letters in another case, or at most two edits.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if let Some(same) = candidates.iter().find(|c| c.eq_ignore_ascii_case(word)) {
        return Some(same);
    }
    crate::suggest::nearest(word, candidates.iter().copied(), |_| 2)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Turns a serde_json syntax error into one a learner can act on.
pub fn explain_serde(text: &str, error: &serde_json::Error) -> SyntaxError {
    let full = error.to_string();
    let raw = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    let mut offset = serde_offset(text, error.line(), error.column());
    let (message, help) = if raw.starts_with("trailing comma") {
        // Point at the comma itself, not at the bracket after it.
        if let Some(comma) = text[..offset].rfind(',') {
            offset = comma;
        }
        (
            "a comma after the last item".to_string(),
            "JSON allows no comma before a closing `]` or `}`: remove this comma".to_string(),
        )
    } else if raw.starts_with("expected `,` or `}`") || raw.starts_with("expected `,` or `]`") {
        let (closing, what) = if raw.contains('}') {
            ('}', "members of an object")
        } else {
            (']', "items of an array")
        };
        // When the value before ends on an earlier line, the comma is missing
        // at the end of that line: point there.
        let before = text[..offset].trim_end();
        if text[before.len()..offset].contains('\n') {
            offset = before.len();
            (
                "a comma is missing at the end of this line".to_string(),
                format!("{what} are separated by commas: add `,` here, or close with `{closing}` if this was the last one"),
            )
        } else {
            (
                format!("expected `,` or `{closing}` here"),
                format!("{what} are separated by commas: add a `,` before this point, or close with `{closing}`"),
            )
        }
    } else if raw.starts_with("EOF while parsing") {
        (
            "the text ends before the JSON is complete".to_string(),
            "a closing `}`, `]` or `\"` is missing: every `{` needs its `}` and every `[` its `]`"
                .to_string(),
        )
    } else if raw.starts_with("key must be a string") {
        (
            "a key without double quotes".to_string(),
            "JSON keys are strings in double quotes, as in \"Effect\": \"Allow\"".to_string(),
        )
    } else if raw.starts_with("expected `:`") {
        (
            "expected `:` between a key and its value".to_string(),
            "write each member as \"Key\": value".to_string(),
        )
    } else if raw.starts_with("expected value") || raw.starts_with("expected ident") {
        (
            "expected a JSON value here".to_string(),
            "strings need double quotes (\"s3:GetObject\"; single quotes are not JSON), and the only bare words are true, false and null".to_string(),
        )
    } else if raw.starts_with("control character") {
        (
            "a string runs past the end of its line".to_string(),
            "close the string with `\"` on the same line; write a line break inside a string as \\n".to_string(),
        )
    } else if raw.starts_with("trailing characters") {
        (
            "there is more text after the end of the JSON value".to_string(),
            "the file must hold exactly one JSON value: remove what follows, or wrap several items in [ ]".to_string(),
        )
    } else if raw.starts_with("recursion limit") {
        (
            "the JSON is nested too deeply".to_string(),
            "policies and configurations need only a few levels of { } and [ ]".to_string(),
        )
    } else if raw.contains("escape") {
        (
            format!("{raw} in a string"),
            "inside a string a backslash starts an escape: write \\\\ for a backslash, \\\" for a quote".to_string(),
        )
    } else {
        (
            raw.to_string(),
            "check the JSON syntax at this point".to_string(),
        )
    };
    SyntaxError {
        offset,
        message,
        help,
    }
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn fail(&self, message: &str) -> SyntaxError {
        SyntaxError {
            offset: self.at.min(self.text.len()),
            message: message.to_string(),
            help: "check the JSON syntax at this point".to_string(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), SyntaxError> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.fail(&format!("expected `{}`", byte as char)))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("the JSON is nested too deeply"));
        }
        let start = self.at;
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::Str(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => return Err(self.fail("expected a JSON value")),
        };
        Ok(Node {
            value,
            span: start..self.at,
        })
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.fail("expected a JSON value"))
        }
    }

    fn number(&mut self) -> Value {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.at += 1;
        }
        Value::Number(self.text[start..self.at].to_string())
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.expect(b'{')?;
        let mut members = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_space();
            let key_start = self.at;
            let key = self.string()?;
            let key_span = key_start..self.at;
            self.skip_space();
            self.expect(b':')?;
            self.skip_space();
            let value = self.value(depth + 1)?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.fail("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_space();
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.fail("expected `,` or `]`")),
            }
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.at..];
            let Some(c) = rest.chars().next() else {
                return Err(self.fail("unterminated string"));
            };
            self.at += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => out.push(self.escape()?),
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let Some(byte) = self.peek() else {
            return Err(self.fail("unterminated escape"));
        };
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                if (0xD800..0xDC00).contains(&first) && self.text[self.at..].starts_with("\\u") {
                    self.at += 2;
                    let second = self.hex4()?;
                    let code =
                        0x10000 + ((first - 0xD800) << 10) + (second.wrapping_sub(0xDC00) & 0x3FF);
                    char::from_u32(code).unwrap_or('\u{FFFD}')
                } else {
                    char::from_u32(first).unwrap_or('\u{FFFD}')
                }
            }
            _ => return Err(self.fail("invalid escape")),
        })
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.fail("invalid \\u escape"))?;
        let code = u32::from_str_radix(digits, 16).map_err(|_| self.fail("invalid \\u escape"))?;
        self.at += 4;
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let text = "{\n  \"Effect\": \"Allow\",\n  \"Action\": [\"s3:Get*\", 1]\n}";
        let node = parse(text).unwrap();
        let effect = node.member("Effect").unwrap();
        assert_eq!(&text[effect.key_span.clone()], "\"Effect\"");
        assert_eq!(&text[effect.value.span.clone()], "\"Allow\"");
        assert_eq!(line_column(text, effect.key_span.start), (2, 3));
        let Value::Array(items) = &node.member("Action").unwrap().value.value else {
            panic!("an array")
        };
        assert_eq!(items[1].value, Value::Number("1".into()));
        assert_eq!(line_column(text, items[1].span.start), (3, 25));
    }

    #[test]
    fn decodes_escapes() {
        let node = parse(r#"["a\"b\\c\u00e9\ud83d\ude00"]"#).unwrap();
        let Value::Array(items) = node.value else {
            panic!("an array")
        };
        assert_eq!(items[0].value, Value::Str("a\"b\\cé😀".into()));
    }

    #[test]
    fn explains_syntax_errors_at_the_right_place() {
        let text = "{\"a\": 1,}";
        let error = parse(text).unwrap_err();
        assert_eq!(error.offset, 7, "points at the comma");
        let text = "{\n  \"a\": 1\n  \"b\": 2\n}";
        let error = parse(text).unwrap_err();
        assert_eq!(line_column(text, error.offset), (2, 9), "after the 1");
        assert!(error.help.contains("add `,` here"));
        let text = "[1 2]";
        let error = parse(text).unwrap_err();
        assert_eq!(line_column(text, error.offset), (1, 4));
    }

    #[test]
    fn columns_count_characters() {
        let text = "{\"é\": \"x\", }";
        let error = parse(text).unwrap_err();
        assert_eq!(line_column(text, error.offset), (1, 10));
    }

    #[test]
    fn suggests_the_nearest_key() {
        let keys = ["Action", "NotAction", "Resource", "Effect"];
        assert_eq!(nearest("Actions", &keys), Some("Action"));
        assert_eq!(nearest("effect", &keys), Some("Effect"));
        assert_eq!(nearest("Ressource", &keys), Some("Resource"));
        assert_eq!(nearest("Principal", &keys), None);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let text = "[".repeat(10_000);
        assert!(parse(&text).is_err());
    }
}
