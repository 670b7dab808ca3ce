//! Reading a configuration from the JSON a learner writes (the shape of
//! `--cli-input-json`), with every error located at its line and column.
//!
//! serde reads the fields; its errors carry a position but no path, so the
//! positioned JSON tree of `crate::json` finds which key or value they
//! are about, and the rules' errors (which know their field) are placed the
//! same way.

use super::config::{FunctionConfig, Operation};
use super::error::{DeployError, Exception, Step};
use super::rules::config_problems;
use super::update::{update_problems, Update};
use crate::json::{self, Node, Value};

/// Real Lambda parameters the course does not model: named as such rather
/// than as typos.
const NOT_MODELLED: &[&str] = &[
    "Code",
    "Publish",
    "PublishTo",
    "DeadLetterConfig",
    "KMSKeyArn",
    "TracingConfig",
    "Tags",
    "FileSystemConfig",
    "ImageConfig",
    "CodeSigningConfigArn",
    "SnapStart",
    "LoggingConfig",
    "RevisionId",
    "CapacityProviderConfig",
    "DurableConfig",
    "TenantConfig",
];

/// The keys whose values are objects.
const OBJECT_KEYS: &[&str] = &["Environment", "EphemeralStorage", "VpcConfig"];

fn members(root: &Node) -> &[json::Member] {
    match &root.value {
        Value::Object(members) => members,
        _ => &[],
    }
}

/// Reads a configuration: JSON syntax, known keys, value types.
pub fn parse_function_config(text: &str) -> Result<FunctionConfig, DeployError> {
    read(text).map(|(config, _)| config)
}

/// Reads a CreateFunction configuration and checks every rule.
pub fn check_create_function(text: &str) -> Result<FunctionConfig, Vec<DeployError>> {
    let (config, root) = read(text).map_err(|e| vec![e])?;
    let problems = config_problems(&config, Operation::CreateFunction);
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems
            .into_iter()
            .map(|p| p.locate(text, &root))
            .collect())
    }
}

/// Reads an UpdateFunctionConfiguration request for `existing` and gives the
/// function as it would be after it.
pub fn check_update_function_configuration(
    existing: &FunctionConfig,
    text: &str,
) -> Result<FunctionConfig, Vec<DeployError>> {
    let (change, root) = read(text).map_err(|e| vec![e])?;
    update_problems(existing, &Update::Configuration(Box::new(change))).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| p.locate(text, &root))
            .collect()
    })
}

fn read(text: &str) -> Result<(FunctionConfig, Node), DeployError> {
    let root = json::parse(text).map_err(|e| {
        let (line, column) = json::line_column(text, e.offset);
        let mut error = DeployError::new(
            Exception::InvalidJson,
            format!("this is not valid JSON: {}", e.message),
            e.help,
        );
        error.location = Some(super::error::Location {
            line,
            column,
            width: 1,
        });
        error
    })?;
    if let Some((path, key)) = duplicate(&root, &mut Vec::new()) {
        return Err(DeployError::new(
            Exception::InvalidJson,
            format!("`{key}` appears twice in the same object"),
            "JSON readers keep only the last of the two, so the first would be silently lost: keep one",
        )
        .with_path(path, true)
        .locate(text, &root));
    }
    // serde would read a struct from an array, item by item: refuse that.
    for member in members(&root) {
        if OBJECT_KEYS.contains(&member.key.as_str())
            && matches!(member.value.value, Value::Array(_))
        {
            return Err(DeployError::new(
                Exception::ParamValidation,
                format!(
                    "Invalid type for parameter {}, value: {}, type: an array, valid types: object",
                    member.key,
                    text.get(member.value.span.clone()).unwrap_or("")
                ),
                format!("`{}` is an object {{ ... }}, not a list", member.key),
            )
            .at(&[member.key.as_str()])
            .locate(text, &root));
        }
    }
    match serde_json::from_str::<FunctionConfig>(text) {
        Ok(config) => Ok((config, root)),
        Err(e) => Err(explain(text, &root, &e).locate(text, &root)),
    }
}

/// The path of the first key that appears twice in one object.
fn duplicate(node: &Node, path: &mut Vec<Step>) -> Option<(Vec<Step>, String)> {
    match &node.value {
        Value::Object(members) => {
            for (i, m) in members.iter().enumerate() {
                if members[..i].iter().any(|o| o.key == m.key) {
                    let mut at = path.clone();
                    at.push(Step::Key(m.key.clone()));
                    return Some((at, m.key.clone()));
                }
            }
            for m in members {
                path.push(Step::Key(m.key.clone()));
                let found = duplicate(&m.value, path);
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                let found = duplicate(item, path);
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        _ => None,
    }
}

/// Turns a serde error into a ParamValidationError in botocore's words.
fn explain(text: &str, root: &Node, error: &serde_json::Error) -> DeployError {
    let full = error.to_string();
    let raw = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    // serde points at the last byte it read: the end of the offending token.
    let offset = json::serde_offset(text, error.line(), error.column());
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        let allowed: Vec<&str> = rest
            .split_once("expected one of ")
            .or_else(|| rest.split_once("expected "))
            .map(|(_, list)| list.split(", ").map(|k| k.trim_matches('`')).collect())
            .unwrap_or_default();
        let path = key_path(root, key, offset).unwrap_or_else(|| vec![Step::Key(key.to_string())]);
        let parent = parent_name(&path);
        if NOT_MODELLED.contains(&key) && path.len() == 1 {
            return DeployError::new(
                Exception::NotModelled,
                format!("`{key}` is a real Lambda parameter, but the course's simulator does not model it"),
                "remove it from this file: the simulator would otherwise have to ignore it silently",
            )
            .with_path(path, true);
        }
        let help = match json::nearest(key, &allowed) {
            Some(near) if near.eq_ignore_ascii_case(key) => {
                format!("keys are case-sensitive: write `{near}`")
            }
            Some(near) => format!("did you mean `{near}`?"),
            None => "remove it: Lambda's parameters are exactly the ones listed".to_string(),
        };
        return DeployError::new(
            Exception::ParamValidation,
            format!(
                "Unknown parameter in {parent}: \"{key}\", must be one of: {}",
                allowed.join(", ")
            ),
            help,
        )
        .with_path(path, true);
    }
    let path = value_path(root, offset).unwrap_or_default();
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        let parent = if path.is_empty() {
            "input".to_string()
        } else {
            field(&path)
        };
        return DeployError::new(
            Exception::ParamValidation,
            format!("Missing required parameter in {parent}: \"{key}\""),
            format!("add \"{key}\" to this object"),
        )
        .with_path(path, false);
    }
    let found = node_at(root, &path);
    let (value, kind) = match found {
        Some(n) => (
            text.get(n.span.clone()).unwrap_or("").to_string(),
            n.value.kind(),
        ),
        None => (String::new(), "?"),
    };
    let expected = expected_type(raw);
    let help = match (expected, found.map(|n| &n.value)) {
        ("integer", Some(Value::Str(_))) => {
            "write the number without quotes and without a unit, such as 512".to_string()
        }
        ("integer", Some(Value::Number(_))) if !value.contains(['.', 'e', 'E']) => {
            // Whole, but too large to be read as a whole number.
            let name = path.iter().rev().find_map(|step| match step {
                Step::Key(key) => Some(key.as_str()),
                _ => None,
            });
            super::config::too_large_help(name.unwrap_or(""))
        }
        ("integer", Some(Value::Number(_))) => {
            "write a whole number, without a decimal point".to_string()
        }
        ("string", Some(Value::Number(_) | Value::Bool(_))) => {
            format!("write the value in quotes, \"{value}\": environment variables and names are always strings")
        }
        ("list", Some(Value::Str(s))) => format!("write a list even for one item: [\"{s}\"]"),
        _ => format!("write {} here", article(expected)),
    };
    let field = if path.is_empty() {
        "input".to_string()
    } else {
        field(&path)
    };
    DeployError::new(
        Exception::ParamValidation,
        format!("Invalid type for parameter {field}, value: {value}, type: {kind}, valid types: {expected}"),
        help,
    )
    .with_path(path, false)
}

fn expected_type(raw: &str) -> &'static str {
    let expected = raw.rsplit_once("expected ").map_or("", |(_, e)| e);
    if expected.starts_with('i') || expected.starts_with('u') {
        "integer"
    } else if expected.contains("string") && !expected.contains("values") {
        "string"
    } else if expected.contains("sequence") {
        "list"
    } else if expected.contains("bool") {
        "boolean"
    } else {
        "object"
    }
}

fn article(kind: &str) -> String {
    match kind {
        "integer" => "an integer".to_string(),
        "object" => "an object { ... }".to_string(),
        "list" => "a list [ ... ]".to_string(),
        other => format!("a {other}"),
    }
}

fn field(path: &[Step]) -> String {
    DeployError::new(Exception::ParamValidation, "", "")
        .with_path(path.to_vec(), false)
        .field()
        .unwrap_or_else(|| "input".to_string())
}

/// botocore names the object holding an unknown key: `input` at the top.
fn parent_name(path: &[Step]) -> String {
    match path.split_last() {
        Some((_, parent)) if !parent.is_empty() => field(parent),
        _ => "input".to_string(),
    }
}

/// The path of the member `key` whose key ends at `offset`.
fn key_path(node: &Node, key: &str, offset: usize) -> Option<Vec<Step>> {
    match &node.value {
        Value::Object(members) => members.iter().find_map(|m| {
            if m.key == key && m.key_span.end == offset + 1 {
                return Some(vec![Step::Key(m.key.clone())]);
            }
            key_path(&m.value, key, offset).map(|mut p| {
                p.insert(0, Step::Key(m.key.clone()));
                p
            })
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, n)| {
            key_path(n, key, offset).map(|mut p| {
                p.insert(0, Step::Index(i));
                p
            })
        }),
        _ => None,
    }
}

/// The path of the deepest value that ends at `offset`, or else contains it.
fn value_path(node: &Node, offset: usize) -> Option<Vec<Step>> {
    let children: Vec<(Step, &Node)> = match &node.value {
        Value::Object(members) => members
            .iter()
            .map(|m| (Step::Key(m.key.clone()), &m.value))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| (Step::Index(i), n))
            .collect(),
        _ => Vec::new(),
    };
    for (step, child) in children {
        if child.span.start <= offset && offset < child.span.end {
            let mut path = vec![step];
            path.extend(value_path(child, offset).unwrap_or_default());
            return Some(path);
        }
    }
    (node.span.start <= offset && offset < node.span.end).then(Vec::new)
}

fn node_at<'a>(root: &'a Node, path: &[Step]) -> Option<&'a Node> {
    let mut node = root;
    for step in path {
        node = match (&node.value, step) {
            (Value::Object(members), Step::Key(k)) => &members.iter().find(|m| &m.key == k)?.value,
            (Value::Array(items), Step::Index(i)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(node)
}
