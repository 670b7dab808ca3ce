//! The JSON documents the AWS CLI takes for Lambda (`create-function
//! --cli-input-json`, `put-function-concurrency`, ...), read from a learner's
//! file and checked as the CLI and Lambda check them: unknown or misspelt
//! parameters, wrong types, values out of range, with Lambda's own exception
//! names.
//!
//! Which API a file is for follows from its name: `concurrency.json`,
//! `provisioned-concurrency.json`, `event-invoke-config.json`,
//! `event-source-mapping.json`, `queue-attributes.json`,
//! `code-signing-config.json`. A function's own configuration,
//! `function.json`, is read by the simulator's deployment rules
//! ([`crate::sim::deploy`]); [`function_problems`] turns their errors into
//! feedback.

use super::answers::{Doc, Entry, Node, Place, Value};
use super::kinds::did_you_mean;
use super::Problem;

/// The type of a parameter.
#[derive(Debug, Clone, Copy)]
enum Ty {
    Str,
    Int,
    Bool,
    StrList,
    /// A map of strings to strings (tags, variables, attributes).
    StrMap,
    Obj(&'static [Field]),
}

#[derive(Debug, Clone, Copy)]
struct Field {
    name: &'static str,
    ty: Ty,
    required: bool,
}

const fn f(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

/// `aws lambda put-function-concurrency`.
const PUT_CONCURRENCY: &[Field] = &[
    req("FunctionName", Ty::Str),
    req("ReservedConcurrentExecutions", Ty::Int),
];

/// `aws lambda put-provisioned-concurrency-config`.
const PUT_PROVISIONED: &[Field] = &[
    req("FunctionName", Ty::Str),
    req("Qualifier", Ty::Str),
    req("ProvisionedConcurrentExecutions", Ty::Int),
];

const DESTINATION: &[Field] = &[f("Destination", Ty::Str)];
const DESTINATION_CONFIG: &[Field] = &[
    f("OnSuccess", Ty::Obj(DESTINATION)),
    f("OnFailure", Ty::Obj(DESTINATION)),
];

/// `aws lambda put-function-event-invoke-config`.
const PUT_EVENT_INVOKE: &[Field] = &[
    req("FunctionName", Ty::Str),
    f("Qualifier", Ty::Str),
    f("MaximumRetryAttempts", Ty::Int),
    f("MaximumEventAgeInSeconds", Ty::Int),
    f("DestinationConfig", Ty::Obj(DESTINATION_CONFIG)),
];

const SCALING: &[Field] = &[f("MaximumConcurrency", Ty::Int)];

/// `aws lambda create-event-source-mapping` (the SQS parameters).
const CREATE_ESM: &[Field] = &[
    req("FunctionName", Ty::Str),
    f("EventSourceArn", Ty::Str),
    f("Enabled", Ty::Bool),
    f("BatchSize", Ty::Int),
    f("MaximumBatchingWindowInSeconds", Ty::Int),
    f("FunctionResponseTypes", Ty::StrList),
    f("ScalingConfig", Ty::Obj(SCALING)),
    f("StartingPosition", Ty::Str),
    f("MaximumRetryAttempts", Ty::Int),
    f("BisectBatchOnFunctionError", Ty::Bool),
];

/// `aws sqs set-queue-attributes`.
const SET_QUEUE_ATTRIBUTES: &[Field] = &[req("QueueUrl", Ty::Str), req("Attributes", Ty::StrMap)];

const PUBLISHERS: &[Field] = &[req("SigningProfileVersionArns", Ty::StrList)];
const SIGNING_POLICIES: &[Field] = &[f("UntrustedArtifactOnDeployment", Ty::Str)];

/// `aws lambda create-code-signing-config`.
const CREATE_CSC: &[Field] = &[
    f("Description", Ty::Str),
    req("AllowedPublishers", Ty::Obj(PUBLISHERS)),
    f("CodeSigningPolicies", Ty::Obj(SIGNING_POLICIES)),
    f("Tags", Ty::StrMap),
];

/// The API a learner's file is the input of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    PutFunctionConcurrency,
    PutProvisionedConcurrencyConfig,
    PutFunctionEventInvokeConfig,
    CreateEventSourceMapping,
    SetQueueAttributes,
    CreateCodeSigningConfig,
}

impl Api {
    pub fn of_file(file: &str) -> Option<Api> {
        let name = file.rsplit('/').next().unwrap_or(file);
        Some(match name {
            "concurrency.json" => Api::PutFunctionConcurrency,
            "provisioned-concurrency.json" => Api::PutProvisionedConcurrencyConfig,
            "event-invoke-config.json" => Api::PutFunctionEventInvokeConfig,
            "event-source-mapping.json" => Api::CreateEventSourceMapping,
            "queue-attributes.json" => Api::SetQueueAttributes,
            "code-signing-config.json" => Api::CreateCodeSigningConfig,
            _ => return None,
        })
    }

    fn fields(self) -> &'static [Field] {
        match self {
            Api::PutFunctionConcurrency => PUT_CONCURRENCY,
            Api::PutProvisionedConcurrencyConfig => PUT_PROVISIONED,
            Api::PutFunctionEventInvokeConfig => PUT_EVENT_INVOKE,
            Api::CreateEventSourceMapping => CREATE_ESM,
            Api::SetQueueAttributes => SET_QUEUE_ATTRIBUTES,
            Api::CreateCodeSigningConfig => CREATE_CSC,
        }
    }

    /// The command that takes this document.
    pub fn command(self) -> &'static str {
        match self {
            Api::PutFunctionConcurrency => "aws lambda put-function-concurrency",
            Api::PutProvisionedConcurrencyConfig => "aws lambda put-provisioned-concurrency-config",
            Api::PutFunctionEventInvokeConfig => "aws lambda put-function-event-invoke-config",
            Api::CreateEventSourceMapping => "aws lambda create-event-source-mapping",
            Api::SetQueueAttributes => "aws sqs set-queue-attributes",
            Api::CreateCodeSigningConfig => "aws lambda create-code-signing-config",
        }
    }
}

/// Checks the shape of a document: the parameters the CLI knows, their
/// types, the required ones. This is what the AWS CLI checks before sending.
pub fn check_shape(api: Api, doc: &Doc) -> Vec<Problem> {
    let mut problems = Vec::new();
    if !doc.root.is_table() {
        problems.push(
            Problem::new(format!("`{}` expects a JSON object", api.command()))
                .at(doc.place_node(&doc.root))
                .help("the document starts with `{` and lists \"Parameter\": value pairs"),
        );
        return problems;
    }
    check_object(api, doc, &doc.root, api.fields(), "", &mut problems);
    problems
}

fn check_object(
    api: Api,
    doc: &Doc,
    node: &Node,
    fields: &[Field],
    path: &str,
    problems: &mut Vec<Problem>,
) {
    for entry in node.entries() {
        let Some(field) = fields.iter().find(|f| f.name == entry.key) else {
            let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
            let help = match did_you_mean(&entry.key, names.iter().copied()) {
                Some(n) => format!("did you mean `{n}`? Parameter names are case-sensitive"),
                None => format!("`{}` accepts: {}", api.command(), names.join(", ")),
            };
            problems.push(
                Problem::new(format!(
                    "Parameter validation failed: unknown parameter `{path}{}`",
                    entry.key
                ))
                .at(doc.place_key(entry))
                .help(help),
            );
            continue;
        };
        check_type(
            api,
            doc,
            entry,
            field.ty,
            &format!("{path}{}", entry.key),
            problems,
        );
    }
    for field in fields.iter().filter(|f| f.required) {
        if node.entry(field.name).is_none() {
            problems.push(
                Problem::new(format!(
                    "Parameter validation failed: missing required parameter `{path}{}`",
                    field.name
                ))
                .at(doc.place(&(node.span.start..node.span.start + 1)))
                .help(format!("add \"{}\" to this object", field.name)),
            );
        }
    }
}

fn check_type(api: Api, doc: &Doc, entry: &Entry, ty: Ty, path: &str, problems: &mut Vec<Problem>) {
    let node = &entry.node;
    let expected = match ty {
        Ty::Str => "text in double quotes",
        Ty::Int => "a whole number without quotes",
        Ty::Bool => "true or false, without quotes",
        Ty::StrList => "a list of texts, like [\"a\", \"b\"]",
        Ty::StrMap => "an object of \"Key\": \"text\" pairs",
        Ty::Obj(_) => "an object, { ... }",
    };
    let ok = match (ty, &node.value) {
        (Ty::Str, Value::Str(_)) | (Ty::Bool, Value::Bool(_)) | (Ty::Int, Value::Int(_)) => true,
        (Ty::StrList, Value::Array(items)) => items.iter().all(|i| i.as_str().is_some()),
        (Ty::StrMap, Value::Table(entries)) => entries.iter().all(|e| e.node.as_str().is_some()),
        (Ty::Obj(fields), Value::Table(_)) => {
            check_object(api, doc, node, fields, &format!("{path}."), problems);
            true
        }
        _ => false,
    };
    if ok {
        return;
    }
    // Point at the first offending item of a list or map, if that is where it is.
    let culprit = match &node.value {
        Value::Array(items) => items.iter().find(|i| i.as_str().is_none()).unwrap_or(node),
        Value::Table(entries) => entries
            .iter()
            .map(|e| &e.node)
            .find(|n| n.as_str().is_none())
            .unwrap_or(node),
        _ => node,
    };
    let mut help = format!("write {expected}");
    if let (Ty::Int, Value::Str(s)) = (ty, &culprit.value) {
        if s.trim().parse::<i64>().is_ok() {
            help = format!("remove the quotes: \"{}\": {}", entry.key, s.trim());
        }
    }
    if let (Ty::Int, Value::Float(f)) = (ty, &culprit.value) {
        if f.fract() == 0.0 {
            // Whole, but beyond what a whole-number field holds.
            help = crate::sim::deploy::config::too_large_help(&entry.key);
        }
    }
    if let (Ty::StrMap, Value::Int(_) | Value::Float(_) | Value::Bool(_)) = (ty, &culprit.value) {
        help =
            "every value here is text: put it in double quotes, even numbers (\"180\")".to_string();
    }
    if let (Ty::StrList, Value::Str(_)) = (ty, &node.value) {
        help = format!(
            "even one value goes in a list: \"{}\": [{}]",
            entry.key,
            doc.source[node.span.clone()].trim()
        );
    }
    problems.push(
        Problem::new(format!(
            "Parameter validation failed: invalid type for parameter `{path}`: expected {expected}, found {}",
            culprit.kind()
        ))
        .at(doc.place_node(culprit))
        .help(help),
    );
}

/// The problems Lambda finds in a `create-function` document (the course's
/// `function.json`), as feedback located in the learner's file.
pub fn function_problems(doc: &Doc) -> Vec<Problem> {
    match crate::sim::deploy::check_create_function(&doc.source) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .map(|e| {
                let place = match e.location {
                    Some(at) => Place {
                        file: doc.file.clone(),
                        line: at.line,
                        column: at.column,
                        width: at.width,
                        text: doc
                            .source
                            .lines()
                            .nth(at.line.saturating_sub(1))
                            .unwrap_or("")
                            .to_string(),
                    },
                    None => doc.place_top(),
                };
                let mut p = Problem::new(format!("{}: {}", e.exception(), e.message())).at(place);
                if !e.help().is_empty() {
                    p = p.help(e.help().to_string());
                }
                p
            })
            .collect(),
    }
}

/// Where an ARN points, for destinations and queues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    pub service: String,
    pub region: String,
    pub account: String,
    pub resource: String,
}

/// Splits `arn:aws:service:region:account:resource`.
pub fn parse_arn(text: &str) -> Option<Arn> {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    if parts.len() != 6 || parts[0] != "arn" || !parts[1].starts_with("aws") {
        return None;
    }
    Some(Arn {
        service: parts[2].to_string(),
        region: parts[3].to_string(),
        account: parts[4].to_string(),
        resource: parts[5].to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::answers;

    fn problems(file: &str, json: &str) -> Vec<String> {
        let d = answers::parse(file, json).unwrap();
        let mut all = match Api::of_file(file) {
            Some(api) => check_shape(api, &d),
            None => function_problems(&d),
        };
        all.sort_by_key(|p| p.place.as_ref().map(|p| p.column));
        all.into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn shapes_like_the_cli() {
        let p = problems(
            "concurrency.json",
            r#"{"ReservedConcurrentExecutions": 5, "Reserved": 1}"#,
        );
        assert_eq!(
            p,
            [
                "Parameter validation failed: missing required parameter `FunctionName`",
                "Parameter validation failed: unknown parameter `Reserved`",
            ]
        );
        let p = problems(
            "event-invoke-config.json",
            r#"{"FunctionName": "f", "DestinationConfig": {"OnFailure": {"Destination": 3}}}"#,
        );
        assert_eq!(p, ["Parameter validation failed: invalid type for parameter `DestinationConfig.OnFailure.Destination`: expected text in double quotes, found a whole number"]);
        let p = problems(
            "queue-attributes.json",
            r#"{"QueueUrl": "u", "Attributes": {"VisibilityTimeout": 180}}"#,
        );
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn function_documents_are_read_by_the_deployment_rules() {
        let p = problems(
            "function.json",
            r#"{"FunctionName": "f", "Role": "arn:aws:iam::123456789012:role/r", "Runtime": "go1.x", "Handler": "main"}"#,
        );
        assert_eq!(p.len(), 1, "{p:#?}");
        assert!(p[0].starts_with(
            "InvalidParameterValueException: The runtime parameter of go1.x is no longer supported"
        ));
    }

    #[test]
    fn arns() {
        let a = parse_arn("arn:aws:sqs:us-east-1:123456789012:failed-orders").unwrap();
        assert_eq!(
            (a.service.as_str(), a.resource.as_str()),
            ("sqs", "failed-orders")
        );
        assert!(parse_arn("failed-orders").is_none());
    }
}
