//! A learner's file, TOML or JSON, read into one tree that remembers where
//! every key and value was written, so that feedback can point at it.

use std::ops::Range;

use crate::json;

/// A file the learner wrote, parsed.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The path shown in messages, relative to the exercises folder.
    pub file: String,
    pub source: String,
    pub root: Node,
}

/// A value and the bytes of the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Array(Vec<Node>),
    Table(Vec<Entry>),
}

/// One `key = value` (TOML) or `"key": value` (JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub node: Node,
}

impl Node {
    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Table(entries) => entries,
            _ => &[],
        }
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|e| e.key == key)
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.node)
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Array(items) => items,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Int(i) => Some(*i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => Some(*f as i64),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn is_table(&self) -> bool {
        matches!(self.value, Value::Table(_))
    }

    /// The placeholder the starters use for "answer here".
    pub fn is_placeholder(&self) -> bool {
        matches!(&self.value, Value::Str(s) if s.trim() == "?")
    }

    /// What kind of value this is, in words, for messages.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a decimal number",
            Value::Str(_) => "text in quotes",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
        }
    }
}

/// The positioned JSON tree of `crate::json`, as answers are read.
fn from_json(node: json::Node) -> Node {
    let value = match node.value {
        json::Value::Null => Value::Null,
        json::Value::Bool(b) => Value::Bool(b),
        json::Value::Number(text) => match text.parse::<i64>() {
            Ok(n) => Value::Int(n),
            Err(_) => Value::Float(text.parse().unwrap_or(f64::NAN)),
        },
        json::Value::Str(text) => Value::Str(text),
        json::Value::Array(items) => Value::Array(items.into_iter().map(from_json).collect()),
        json::Value::Object(members) => Value::Table(
            members
                .into_iter()
                .map(|m| Entry {
                    key: m.key,
                    key_span: m.key_span,
                    node: from_json(m.value),
                })
                .collect(),
        ),
    };
    Node {
        span: node.span,
        value,
    }
}

/// A mistake in a learner's file that stops it being read.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// Reads a file by its extension: `.json` or `.toml`.
pub fn parse(file: &str, source: &str) -> Result<Doc, SyntaxError> {
    let root = if file.ends_with(".json") {
        from_json(json::parse(source).map_err(|e| SyntaxError {
            span: e.offset..e.offset + 1,
            message: e.message,
            help: Some(e.help),
        })?)
    } else {
        parse_toml(source)?
    };
    Ok(Doc {
        file: file.to_string(),
        source: source.to_string(),
        root,
    })
}

fn parse_toml(source: &str) -> Result<Node, SyntaxError> {
    let table = toml::de::DeTable::parse(source).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_string();
        let help = toml_help(&message, source, &span);
        // The parser's words for a bare word (`invalid boolean, expected
        // false` for `five`) say nothing to a learner.
        let message = match bare_word(source, span.start) {
            Some(word) => format!("`{word}` is neither a number nor text in quotes"),
            None => message,
        };
        SyntaxError {
            span,
            message: format!("this is not valid TOML: {message}"),
            help,
        }
    })?;
    let span = 0..source.len();
    Ok(Node {
        span,
        value: toml_table(table.into_inner()),
    })
}

fn toml_help(message: &str, source: &str, span: &Range<usize>) -> Option<String> {
    let near = source.get(span.start..).unwrap_or("");
    if near.starts_with('?') {
        return Some("keep the question mark inside quotes (\"?\") or replace it with your answer, e.g. `cold_starts = 2`".to_string());
    }
    if message.contains("string values must be quoted") || message.contains("invalid string") {
        return Some("put text in double quotes, e.g. `invocation = \"async\"`".to_string());
    }
    if message.contains("duplicate key") {
        return Some("each answer may appear only once; delete one of the two lines".to_string());
    }
    if let Some(help) = comma_help(source, span.start) {
        return Some(help);
    }
    if let Some(word) = bare_word(source, span.start) {
        return Some(format!(
            "write numbers in digits (`5`, `0.5`) and text in double quotes (`\"{word}\"`)"
        ));
    }
    Some("answers are written `name = value`: numbers as they are (`2`, `0.5`), text in double quotes (`\"async\"`), lists in brackets (`[3, 4]`)".to_string())
}

/// The value of the error's line when it is a bare word, as in
/// `environments = five` (TOML then reports an invalid boolean or float).
fn bare_word(source: &str, at: usize) -> Option<&str> {
    let (_, value) = assignment_at(source, at)?;
    let word = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphabetic() || c == '_' || c == '-')
        && !matches!(value, "true" | "false" | "inf" | "nan");
    word.then_some(value)
}

/// The `key = value` line holding byte `at`, trimmed, without its comment.
fn assignment_at(source: &str, at: usize) -> Option<(&str, &str)> {
    let start = source[..at.min(source.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = source[start..].lines().next().unwrap_or("");
    let (key, value) = line.split_once('=')?;
    Some((key.trim(), value.split('#').next().unwrap_or("").trim()))
}

/// `gb_seconds = 120,000` and `cold_requests = 1, 3`: a comma where TOML
/// has none, on the line of the error.
fn comma_help(source: &str, at: usize) -> Option<String> {
    let (key, value) = assignment_at(source, at)?;
    if !value.contains(',') || value.contains(['[', '"']) {
        return None;
    }
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    let whole = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    // `120,000` or `1,234.5`: groups of three digits after the first comma.
    let group = |p: &str| {
        let mut halves = p.splitn(2, '.');
        let int = halves.next().unwrap_or("");
        int.len() == 3 && whole(int) && halves.next().is_none_or(whole)
    };
    if whole(parts[0]) && parts[1..].iter().all(|p| group(p)) {
        let joined: String = parts.concat();
        return Some(format!(
            "TOML numbers have no thousands separator: write `{key} = {joined}` (or with underscores, `{}`)",
            value.replace(',', "_").replace(' ', "")
        ));
    }
    Some(format!(
        "a list goes in square brackets: `{key} = [{}]`",
        parts.join(", ")
    ))
}

fn toml_table(table: toml::de::DeTable<'_>) -> Value {
    let mut entries = Vec::new();
    for (key, value) in table {
        let key_span = key.span();
        let key = key.into_inner().to_string();
        entries.push(Entry {
            key,
            key_span,
            node: toml_node(value),
        });
    }
    // TOML tables are kept in key order by the parser; keep the file's order
    // instead, so messages walk the file top to bottom.
    entries.sort_by_key(|e| e.key_span.start);
    Value::Table(entries)
}

fn toml_node(value: toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    use toml::de::DeValue;
    let span = value.span();
    let value = match value.into_inner() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => {
            let text: String = i.as_str().chars().filter(|c| *c != '_').collect();
            let parsed = match i.radix() {
                10 => text.parse::<i64>().ok(),
                radix => i64::from_str_radix(&text[2..], radix).ok(),
            };
            match parsed {
                Some(v) => Value::Int(v),
                None => Value::Float(text.parse::<f64>().unwrap_or(f64::NAN)),
            }
        }
        DeValue::Float(f) => {
            let text: String = f.as_str().chars().filter(|c| *c != '_').collect();
            Value::Float(match text.as_str() {
                "inf" | "+inf" => f64::INFINITY,
                "-inf" => f64::NEG_INFINITY,
                _ => text.parse().unwrap_or(f64::NAN),
            })
        }
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::Str(d.to_string()),
        DeValue::Array(items) => Value::Array(items.into_iter().map(toml_node).collect()),
        DeValue::Table(t) => toml_table(t),
    };
    Node { span, value }
}

/// A place in a file, for `--> file:line:column` and the underlined line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// Characters to underline (at least 1).
    pub width: usize,
    /// The text of the line.
    pub text: String,
}

impl Place {
    /// The place of a byte range of `source`.
    pub fn of(file: &str, source: &str, span: &Range<usize>) -> Place {
        let start = span.start.min(source.len());
        let before = &source[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let column = source[line_start..start].chars().count() + 1;
        let end = span.end.clamp(start, line_end);
        let width = source[start..end].chars().count().max(1);
        Place {
            file: file.to_string(),
            line,
            column,
            width,
            text: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        }
    }

    /// The whole file, when nothing more precise can be said.
    pub fn file(file: &str) -> Place {
        Place {
            file: file.to_string(),
            line: 0,
            column: 0,
            width: 0,
            text: String::new(),
        }
    }
}

impl Doc {
    pub fn place(&self, span: &Range<usize>) -> Place {
        Place::of(&self.file, &self.source, span)
    }

    /// The place of a key, for "this setting" messages.
    pub fn place_key(&self, entry: &Entry) -> Place {
        self.place(&entry.key_span)
    }

    /// The place of a value.
    pub fn place_node(&self, node: &Node) -> Place {
        self.place(&node.span)
    }

    /// The top of the file, to point at when something is missing.
    pub fn place_top(&self) -> Place {
        let first = self
            .source
            .lines()
            .position(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#')
            })
            .unwrap_or(0);
        let offset: usize = self.source.lines().take(first).map(|l| l.len() + 1).sum();
        self.place(&(offset..offset + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help for a syntax error in `source`.
    fn help_for(source: &str) -> String {
        match parse("a/answers.toml", source) {
            Err(e) => e.help.unwrap_or_default(),
            Ok(_) => panic!("{source:?} parsed"),
        }
    }

    #[test]
    fn commas_get_their_own_help() {
        assert_eq!(
            help_for("gb_seconds = 120,000\n"),
            "TOML numbers have no thousands separator: write `gb_seconds = 120000` (or with underscores, `120_000`)"
        );
        assert_eq!(
            help_for("a = 1\ncold_requests = 1, 3 # two\n"),
            "a list goes in square brackets: `cold_requests = [1, 3]`"
        );
        assert!(help_for("x = ?\n").contains("question mark"));
        assert_eq!(
            help_for("environments = five\n"),
            "write numbers in digits (`5`, `0.5`) and text in double quotes (`\"five\"`)"
        );
    }

    #[test]
    fn toml_keeps_spans_and_file_order() {
        let src = "# c\nzeta = 2\nalpha = \"?\"\n[table]\nx = [1, 2.5]\n";
        let doc = parse("a/answers.toml", src).unwrap();
        let keys: Vec<&str> = doc.root.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["zeta", "alpha", "table"]);
        assert_eq!(doc.root.get("zeta").unwrap().as_i64(), Some(2));
        assert!(doc.root.get("alpha").unwrap().is_placeholder());
        let x = doc.root.get("table").unwrap().get("x").unwrap();
        assert_eq!(x.items()[1].as_f64(), Some(2.5));
        let place = doc.place_node(doc.root.get("zeta").unwrap());
        assert_eq!((place.line, place.column, place.width), (2, 8, 1));
    }

    #[test]
    fn toml_error_is_located() {
        let err = parse("a.toml", "x = ?\n").unwrap_err();
        let place = Place::of("a.toml", "x = ?\n", &err.span);
        assert_eq!(place.line, 1);
        assert!(err.help.unwrap().contains("\"?\""));
    }
}
