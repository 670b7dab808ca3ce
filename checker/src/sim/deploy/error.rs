//! Errors of deployment and configuration, as data: the exception AWS names,
//! the message in AWS's shape, the field (and, for JSON text, the line and
//! column) it concerns, and help for a learner.

use std::fmt;

use crate::json::{self, Node, Value};

/// The error names Lambda (or, for the first two, the AWS CLI before the
/// request is sent) uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exception {
    /// The file is not JSON. The CLI reports it before sending anything; the
    /// name is ours.
    InvalidJson,
    /// A key that the operation does not have, a missing required key, or a
    /// value of the wrong type: botocore's client-side `ParamValidationError`.
    ParamValidation,
    /// 400: a value breaks a constraint of the API model (range, length,
    /// pattern, enum): "1 validation error detected: ...".
    Validation,
    /// 400: a value Lambda refuses for its own rules.
    InvalidParameterValue,
    /// 413: the request (a directly uploaded ZIP) is too large.
    RequestEntityTooLarge,
    /// 400: the account's code storage is full.
    CodeStorageExceeded,
    /// 400: code signing checks failed and the policy is `Enforce`.
    CodeVerificationFailed,
    /// 400: the signed code was modified after signing.
    InvalidCodeSignature,
    /// 409: the function exists already, or an update is in progress.
    ResourceConflict,
    /// 404: no such function.
    ResourceNotFound,
    /// A real Lambda parameter that the course's simulator does not model
    /// (ours: it is refused rather than silently ignored).
    NotModelled,
}

impl Exception {
    pub fn name(self) -> &'static str {
        match self {
            Exception::InvalidJson => "InvalidJson",
            Exception::ParamValidation => "ParamValidationError",
            Exception::Validation => "ValidationException",
            Exception::InvalidParameterValue => "InvalidParameterValueException",
            Exception::RequestEntityTooLarge => "RequestEntityTooLargeException",
            Exception::CodeStorageExceeded => "CodeStorageExceededException",
            Exception::CodeVerificationFailed => "CodeVerificationFailedException",
            Exception::InvalidCodeSignature => "InvalidCodeSignatureException",
            Exception::ResourceConflict => "ResourceConflictException",
            Exception::ResourceNotFound => "ResourceNotFoundException",
            Exception::NotModelled => "NotModelled",
        }
    }

    /// The HTTP status Lambda answers with; `None` for errors the client
    /// reports before sending the request.
    pub fn status(self) -> Option<u16> {
        match self {
            Exception::InvalidJson | Exception::ParamValidation | Exception::NotModelled => None,
            Exception::RequestEntityTooLarge => Some(413),
            Exception::ResourceConflict => Some(409),
            Exception::ResourceNotFound => Some(404),
            _ => Some(400),
        }
    }
}

/// One step of a path into the configuration: a key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Where an error is in a JSON text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// Characters to underline.
    pub width: usize,
}

/// A refused deployment or configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployError {
    pub exception: Exception,
    message: String,
    help: String,
    /// The field concerned: `MemorySize`, `Environment.Variables.AWS_REGION`, `Layers[5]`.
    path: Vec<Step>,
    /// The error is about a key (a misspelt or reserved name), not its value.
    at_key: bool,
    pub location: Option<Location>,
}

impl DeployError {
    pub(crate) fn new(
        exception: Exception,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        DeployError {
            exception,
            message: message.into(),
            help: help.into(),
            path: Vec::new(),
            at_key: false,
            location: None,
        }
    }

    /// The value at `path` is wrong.
    pub(crate) fn at(mut self, path: &[&str]) -> Self {
        self.path = path.iter().map(|k| Step::Key((*k).to_string())).collect();
        self
    }

    /// The `index`th item of the array at the current path is wrong.
    pub(crate) fn item(mut self, index: usize) -> Self {
        self.path.push(Step::Index(index));
        self
    }

    /// The key `key` inside the object at the current path is wrong.
    pub(crate) fn key(mut self, key: &str) -> Self {
        self.path.push(Step::Key(key.to_string()));
        self.at_key = true;
        self
    }

    pub(crate) fn with_path(mut self, path: Vec<Step>, at_key: bool) -> Self {
        self.path = path;
        self.at_key = at_key;
        self
    }

    /// The AWS error name, such as `InvalidParameterValueException`.
    pub fn exception(&self) -> &'static str {
        self.exception.name()
    }

    /// The message, in the words AWS uses where they are known.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Why it is refused and what to do instead, for a learner.
    pub fn help(&self) -> &str {
        &self.help
    }

    /// The field concerned, written as in the JSON: `Environment.Variables.TZ`.
    pub fn field(&self) -> Option<String> {
        let mut out = String::new();
        for step in &self.path {
            match step {
                Step::Key(k) if out.is_empty() => out.push_str(k),
                Step::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// Finds the field in the JSON text the configuration was read from.
    pub(crate) fn locate(mut self, text: &str, root: &Node) -> Self {
        if self.location.is_some() {
            return self;
        }
        let mut node = root;
        let mut span = root.span.clone();
        for (i, step) in self.path.iter().enumerate() {
            let last = i + 1 == self.path.len();
            let next = match (&node.value, step) {
                (Value::Object(members), Step::Key(k)) => {
                    members.iter().find(|m| &m.key == k).map(|m| {
                        span = if last && self.at_key {
                            m.key_span.clone()
                        } else {
                            m.value.span.clone()
                        };
                        &m.value
                    })
                }
                (Value::Array(items), Step::Index(i)) => {
                    items.get(*i).inspect(|n| span = n.span.clone())
                }
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        let (line, column) = json::line_column(text, span.start);
        self.location = Some(Location {
            line,
            column,
            width: json::width(text, &span),
        });
        self
    }

    /// The rustc-style report for an error in a JSON file: message, place,
    /// the line underlined, help.
    pub fn report(&self, origin: &str, source: &str) -> String {
        let mut out = format!("error: {}: {}\n", self.exception(), self.message);
        match self.location {
            Some(at) => {
                let number = at.line.to_string();
                let pad = " ".repeat(number.len());
                let text = source.lines().nth(at.line.saturating_sub(1)).unwrap_or("");
                out.push_str(&format!(
                    "{pad}--> {origin}:{}:{}\n{pad} |\n{number} | {text}\n{pad} | {}{}\n",
                    at.line,
                    at.column,
                    " ".repeat(at.column.saturating_sub(1)),
                    "^".repeat(at.width.max(1))
                ));
            }
            None => out.push_str(&format!("  --> {origin}\n")),
        }
        out.push_str(&format!("help: {}\n", self.help));
        out
    }
}

/// What happened, where, and what to try:
///
/// ```text
/// InvalidParameterValueException: Lambda was unable to ...
///   at Environment.Variables.AWS_REGION (line 5, column 7)
///   help: AWS_REGION is set by Lambda ...
/// ```
impl fmt::Display for DeployError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.exception(), self.message)?;
        match (self.field(), self.location) {
            (Some(field), Some(at)) => {
                writeln!(f, "  at {field} (line {}, column {})", at.line, at.column)?
            }
            (Some(field), None) => writeln!(f, "  at {field}")?,
            (None, Some(at)) => writeln!(f, "  at line {}, column {}", at.line, at.column)?,
            (None, None) => {}
        }
        write!(f, "  help: {}", self.help)
    }
}

impl std::error::Error for DeployError {}

/// The start of every message for a constraint of the API model, as Lambda
/// words it: `1 validation error detected: Value '64' at 'memorySize' failed
/// to satisfy constraint: Member must ...`. (Several broken constraints in one
/// request are reported together by AWS; here each gets its own error.)
pub(crate) fn constraint(value: Option<&str>, member: &str, rule: &str) -> String {
    let value = match value {
        Some(v) => format!("Value '{v}' at"),
        None => "Value at".to_string(),
    };
    format!("1 validation error detected: {value} '{member}' failed to satisfy constraint: {rule}")
}
