//! Reading a policy document as a learner writes it, with errors that say
//! where the mistake is (line and column), what is wrong and what to write.
//!
//! The grammar is IAM's for identity-based policies: `Version`, `Id` and
//! `Statement` at the top; `Sid`, `Effect`, `Action`/`NotAction` and
//! `Resource`/`NotResource` in a statement. Where IAM's own error text is
//! known, the help quotes it so learners recognise it later in AWS.

use std::fmt;
use std::ops::Range;

use super::policy::{Effect, Matcher, Policy, Statement};
use crate::json::{self, Member, Node, Value};

/// A mistake in a policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// 1-based line in the policy text.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// How many characters to underline from there.
    pub width: usize,
    pub message: String,
    pub help: Option<String>,
}

impl PolicyError {
    fn at(
        text: &str,
        span: &Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        let (line, column) = json::line_column(text, span.start);
        PolicyError {
            line,
            column,
            width: json::width(text, span),
            message: message.into(),
            help: Some(help.into()),
        }
    }

    /// The rustc-style report: the message, `--> origin:line:column`, the line
    /// with the place underlined, and the help.
    pub fn report(&self, origin: &str, source: &str) -> String {
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        let text = source
            .lines()
            .nth(self.line.saturating_sub(1))
            .unwrap_or("");
        let mut out = format!(
            "error: {}\n{pad}--> {origin}:{}:{}\n{pad} |\n{number} | {text}\n{pad} | {}{}\n",
            self.message,
            self.line,
            self.column,
            " ".repeat(self.column.saturating_sub(1)),
            "^".repeat(self.width.max(1)),
        );
        if let Some(help) = &self.help {
            out.push_str(&format!("help: {help}\n"));
        }
        out
    }
}

/// `line 3, column 5: message (help: ...)`
impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}

/// Reads an identity-based policy document.
pub fn parse_policy(text: &str) -> Result<Policy, PolicyError> {
    let root = json::parse(text).map_err(|e| {
        let (line, column) = json::line_column(text, e.offset);
        PolicyError {
            line,
            column,
            width: 1,
            message: format!("this is not valid JSON: {}", e.message),
            help: Some(e.help),
        }
    })?;
    Reader { text }.policy(&root)
}

/// Checks one value of `Action`, `Resource`...: `Err((message, help))`.
type Check = fn(&str, &str) -> Result<(), (String, String)>;

const POLICY_KEYS: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
];
const VERSIONS: &[&str] = &["2012-10-17", "2008-10-17"];

struct Reader<'a> {
    text: &'a str,
}

impl Reader<'_> {
    fn error(
        &self,
        span: &Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> PolicyError {
        PolicyError::at(self.text, span, message, help)
    }

    fn policy(&self, root: &Node) -> Result<Policy, PolicyError> {
        let Value::Object(members) = &root.value else {
            return Err(self.error(
                &root.span,
                format!("a policy is a JSON object, found {}", root.value.kind()),
                "write {\"Version\": \"2012-10-17\", \"Statement\": [ ... ]}",
            ));
        };
        self.refuse_duplicates(members)?;
        let mut policy = Policy {
            name: None,
            version: None,
            id: None,
            statements: Vec::new(),
        };
        let mut statement = None;
        for member in members {
            match member.key.as_str() {
                "Version" => {
                    let version = self.string(member)?;
                    if !VERSIONS.contains(&version.as_str()) {
                        return Err(self.error(
                            &member.value.span,
                            format!("unknown policy language version \"{version}\""),
                            "the Version is the date of the policy language, not of your policy: write \"2012-10-17\" (IAM reports other values as `The policy failed legacy parsing`)",
                        ));
                    }
                    policy.version = Some(version);
                }
                "Id" => policy.id = Some(self.string(member)?),
                "Statement" => statement = Some(member),
                _ => return Err(self.unknown_key(member, POLICY_KEYS, "a policy document")),
            }
        }
        let Some(statement) = statement else {
            return Err(self.error(
                &(root.span.start..root.span.start + 1),
                "this policy has no `Statement`",
                "add \"Statement\": [ { \"Effect\": \"Allow\", \"Action\": ..., \"Resource\": ... } ]",
            ));
        };
        match &statement.value.value {
            Value::Object(_) => policy.statements.push(self.statement(&statement.value)?),
            Value::Array(items) if items.is_empty() => {
                return Err(self.error(
                    &statement.value.span,
                    "`Statement` is an empty list",
                    "a policy needs at least one statement; a policy that should grant nothing can simply be detached",
                ))
            }
            Value::Array(items) => {
                for item in items {
                    policy.statements.push(self.statement(item)?);
                }
            }
            other => {
                return Err(self.error(
                    &statement.value.span,
                    format!("`Statement` must be an object or an array of objects, found {}", other.kind()),
                    "write \"Statement\": [ { ... }, { ... } ]",
                ))
            }
        }
        self.refuse_repeated_sids(&policy, statement)?;
        Ok(policy)
    }

    fn statement(&self, node: &Node) -> Result<Statement, PolicyError> {
        let Value::Object(members) = &node.value else {
            return Err(self.error(
                &node.span,
                format!("a statement is a JSON object, found {}", node.value.kind()),
                "write { \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::my-bucket/*\" }",
            ));
        };
        self.refuse_duplicates(members)?;
        let opening = node.span.start..node.span.start + 1;
        let mut sid = None;
        let mut effect = None;
        let mut actions: Option<(&Member, Matcher)> = None;
        let mut resources: Option<(&Member, Matcher)> = None;
        for member in members {
            match member.key.as_str() {
                "Sid" => sid = Some(self.sid(member)?),
                "Effect" => effect = Some(self.effect(member)?),
                "Action" | "NotAction" => {
                    if let Some((first, _)) = &actions {
                        return Err(self.error(
                            &member.key_span,
                            format!("this statement has both `{}` and `{}`", first.key, member.key),
                            "a statement has either `Action` (the actions it covers) or `NotAction` (every action except these), never both: split it into two statements",
                        ));
                    }
                    let list = self.patterns(member, check_action)?;
                    let matcher = if member.key == "Action" { Matcher::Only(list) } else { Matcher::AllBut(list) };
                    actions = Some((member, matcher));
                }
                "Resource" | "NotResource" => {
                    if let Some((first, _)) = &resources {
                        return Err(self.error(
                            &member.key_span,
                            format!("this statement has both `{}` and `{}`", first.key, member.key),
                            "a statement has either `Resource` (the resources it covers) or `NotResource` (every resource except these), never both: split it into two statements",
                        ));
                    }
                    let list = self.patterns(member, check_resource)?;
                    let matcher = if member.key == "Resource" { Matcher::Only(list) } else { Matcher::AllBut(list) };
                    resources = Some((member, matcher));
                }
                "Condition" => {
                    return Err(self.error(
                        &member.key_span,
                        "`Condition` is not supported by the course's policy evaluator",
                        "IAM accepts conditions, but this course's evaluator does not model them and would give wrong answers if it ignored them: remove `Condition` and express the limit with `Action` and `Resource`",
                    ))
                }
                "Principal" | "NotPrincipal" => {
                    return Err(self.error(
                        &member.key_span,
                        format!("`{}` has no place in an identity-based policy", member.key),
                        "this policy is attached to the role, so the role is the principal; `Principal` belongs in the role's trust policy or in a resource-based policy (IAM reports this as `Has prohibited field Principal`)",
                    ))
                }
                _ => return Err(self.unknown_key(member, STATEMENT_KEYS, "a statement")),
            }
        }
        let Some(effect) = effect else {
            return Err(self.error(
                &opening,
                "this statement has no `Effect`",
                "add \"Effect\": \"Allow\" or \"Effect\": \"Deny\" (IAM reports this as `Missing required field Effect`)",
            ));
        };
        let Some((_, actions)) = actions else {
            return Err(self.error(
                &opening,
                "this statement has no `Action`",
                "add the actions it covers, such as \"Action\": \"s3:GetObject\" (IAM reports this as `Policy statement must contain actions`)",
            ));
        };
        let Some((_, resources)) = resources else {
            return Err(self.error(
                &opening,
                "this statement has no `Resource`",
                "statements of an identity-based policy name the resources they cover, such as \"Resource\": \"arn:aws:s3:::my-bucket/*\" (IAM reports this as `Policy statement must contain resources`)",
            ));
        };
        Ok(Statement {
            sid,
            effect,
            actions,
            resources,
            line: json::line_column(self.text, node.span.start).0,
        })
    }

    fn string(&self, member: &Member) -> Result<String, PolicyError> {
        match &member.value.value {
            Value::Str(s) => Ok(s.clone()),
            other => Err(self.error(
                &member.value.span,
                format!("`{}` must be a string, found {}", member.key, other.kind()),
                "put the value in double quotes",
            )),
        }
    }

    fn sid(&self, member: &Member) -> Result<String, PolicyError> {
        let sid = self.string(member)?;
        if let Some(bad) = sid.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(self.error(
                &member.value.span,
                format!("a `Sid` may contain only letters and digits, found {bad:?}"),
                "write the Sid in CamelCase, such as \"ReadConfigBucket\" (IAM reports this as `Statement IDs (SID) must be alpha-numeric`)",
            ));
        }
        Ok(sid)
    }

    fn effect(&self, member: &Member) -> Result<Effect, PolicyError> {
        let effect = self.string(member)?;
        match effect.as_str() {
            "Allow" => Ok(Effect::Allow),
            "Deny" => Ok(Effect::Deny),
            other => {
                let help = match other.to_ascii_lowercase().as_str() {
                    "allow" => "IAM's values are case-sensitive: write \"Allow\"".to_string(),
                    "deny" => "IAM's values are case-sensitive: write \"Deny\"".to_string(),
                    _ => "an Effect is either \"Allow\" or \"Deny\"".to_string(),
                };
                Err(self.error(
                    &member.value.span,
                    format!("unknown Effect \"{other}\""),
                    help,
                ))
            }
        }
    }

    /// A string or a non-empty array of strings, each checked by `check`.
    fn patterns(&self, member: &Member, check: Check) -> Result<Vec<String>, PolicyError> {
        let items: Vec<&Node> = match &member.value.value {
            Value::Str(_) => vec![&member.value],
            Value::Array(items) if items.is_empty() => {
                return Err(self.error(
                    &member.value.span,
                    format!("`{}` is an empty list", member.key),
                    format!("list at least one value, or remove `{}`", member.key),
                ))
            }
            Value::Array(items) => items.iter().collect(),
            other => {
                return Err(self.error(
                    &member.value.span,
                    format!(
                        "`{}` must be a string or an array of strings, found {}",
                        member.key,
                        other.kind()
                    ),
                    "write \"value\" or [\"value\", \"other value\"]",
                ))
            }
        };
        let mut out = Vec::new();
        for item in items {
            let Value::Str(s) = &item.value else {
                return Err(self.error(
                    &item.span,
                    format!(
                        "the values of `{}` must be strings, found {}",
                        member.key,
                        item.value.kind()
                    ),
                    "put the value in double quotes",
                ));
            };
            if let Err((message, help)) = check(&member.key, s) {
                return Err(self.error(&item.span, message, help));
            }
            out.push(s.clone());
        }
        Ok(out)
    }

    fn unknown_key(&self, member: &Member, allowed: &[&str], place: &str) -> PolicyError {
        let help = match json::nearest(&member.key, allowed) {
            Some(near) if near.eq_ignore_ascii_case(&member.key) => {
                format!("keys are case-sensitive: write `{near}`")
            }
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "the keys of {place} are {}",
                allowed
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.error(
            &member.key_span,
            format!("unknown key `{}` in {place}", member.key),
            help,
        )
    }

    fn refuse_duplicates(&self, members: &[Member]) -> Result<(), PolicyError> {
        for (i, member) in members.iter().enumerate() {
            if members[..i].iter().any(|m| m.key == member.key) {
                return Err(self.error(
                    &member.key_span,
                    format!("`{}` appears twice in the same object", member.key),
                    "JSON readers keep only one of the two, so half of what you wrote would be lost: merge them into one (an array can hold several values)",
                ));
            }
        }
        Ok(())
    }

    fn refuse_repeated_sids(&self, policy: &Policy, statement: &Member) -> Result<(), PolicyError> {
        for (i, s) in policy.statements.iter().enumerate() {
            let Some(sid) = &s.sid else { continue };
            if policy.statements[..i]
                .iter()
                .any(|o| o.sid.as_ref() == Some(sid))
            {
                let span = match &statement.value.value {
                    Value::Array(items) => items
                        .get(i)
                        .and_then(|n| n.member("Sid"))
                        .map_or(statement.key_span.clone(), |m| m.value.span.clone()),
                    _ => statement.key_span.clone(),
                };
                return Err(self.error(
                    &span,
                    format!("two statements have the Sid \"{sid}\""),
                    "give each statement its own Sid, or none (IAM reports this as `Statement IDs (SID) in a single policy must be unique`)",
                ));
            }
        }
        Ok(())
    }
}

/// An action is `*` or `service:Action`, with optional wildcards.
fn check_action(key: &str, action: &str) -> Result<(), (String, String)> {
    if action == "*" {
        return Ok(());
    }
    if action.chars().any(char::is_whitespace) || action.is_empty() {
        return Err((
            format!("`{action}` is not an action name"),
            format!("an action is written service:Action without spaces, such as \"s3:GetObject\" (in `{key}`)"),
        ));
    }
    match action.split_once(':') {
        Some((service, name))
            if !service.is_empty()
                && !name.is_empty()
                && !name.contains(':')
                && service.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '*' | '?'))
                && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '*' | '?')) =>
        {
            Ok(())
        }
        _ => Err((
            format!("`{action}` is not an action name"),
            "an action names its service, a colon and the API call, such as \"s3:GetObject\" or \"logs:PutLogEvents\" (IAM reports a missing service as `Actions/Conditions must be prefaced by a vendor`)".to_string(),
        )),
    }
}

/// A resource is `*` or an ARN `arn:partition:service:region:account:resource`.
fn check_resource(_key: &str, resource: &str) -> Result<(), (String, String)> {
    if resource == "*" {
        return Ok(());
    }
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    if parts.first() != Some(&"arn") || parts.len() < 6 {
        return Err((
            format!("`{resource}` is not an ARN"),
            "name a resource by its ARN, arn:partition:service:region:account:resource, such as \"arn:aws:s3:::my-bucket/*\", or write \"*\" (IAM reports this as `Resource ... must be in ARN format or \"*\"`)".to_string(),
        ));
    }
    if parts[2].is_empty() || parts[2].contains(['*', '?']) {
        return Err((
            format!("`{resource}` has no service name"),
            "the third part of an ARN names the service (s3, logs, dynamodb...) and may not be a wildcard".to_string(),
        ));
    }
    Ok(())
}
