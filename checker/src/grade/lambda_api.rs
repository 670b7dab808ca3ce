//! The JSON documents the AWS CLI takes for Lambda (`create-function
//! --cli-input-json`, `put-function-concurrency`, ...), read from a learner's
//! file and checked as the CLI and Lambda check them: unknown or misspelt
//! parameters, wrong types, values out of range, with Lambda's own exception
//! names.
//!
//! Which API a file is for follows from its name: `function.json`,
//! `concurrency.json`, `provisioned-concurrency.json`,
//! `event-invoke-config.json`, `event-source-mapping.json`,
//! `queue-attributes.json`, `code-signing-config.json`.

use super::doc::{Doc, Entry, Node, Value};
use super::kinds::did_you_mean;
use super::Problem;
use crate::sim::RUNTIMES;

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
    ObjList(&'static [Field]),
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

const CODE: &[Field] = &[
    f("ZipFile", Ty::Str),
    f("S3Bucket", Ty::Str),
    f("S3Key", Ty::Str),
    f("S3ObjectVersion", Ty::Str),
    f("ImageUri", Ty::Str),
    f("SourceKMSKeyArn", Ty::Str),
];
const VPC: &[Field] = &[
    f("SubnetIds", Ty::StrList),
    f("SecurityGroupIds", Ty::StrList),
    f("Ipv6AllowedForDualStack", Ty::Bool),
];
const ENVIRONMENT: &[Field] = &[f("Variables", Ty::StrMap)];
const DEAD_LETTER: &[Field] = &[f("TargetArn", Ty::Str)];
const TRACING: &[Field] = &[f("Mode", Ty::Str)];
const EPHEMERAL: &[Field] = &[req("Size", Ty::Int)];
const SNAP_START: &[Field] = &[f("ApplyOn", Ty::Str)];
const LOGGING: &[Field] = &[
    f("LogFormat", Ty::Str),
    f("ApplicationLogLevel", Ty::Str),
    f("SystemLogLevel", Ty::Str),
    f("LogGroup", Ty::Str),
];
const FILE_SYSTEM: &[Field] = &[req("Arn", Ty::Str), req("LocalMountPath", Ty::Str)];
const IMAGE_CONFIG: &[Field] = &[
    f("EntryPoint", Ty::StrList),
    f("Command", Ty::StrList),
    f("WorkingDirectory", Ty::Str),
];

/// `aws lambda create-function --cli-input-json` (the parameters that matter
/// for a classic function).
const CREATE_FUNCTION: &[Field] = &[
    req("FunctionName", Ty::Str),
    f("Runtime", Ty::Str),
    req("Role", Ty::Str),
    f("Handler", Ty::Str),
    req("Code", Ty::Obj(CODE)),
    f("Description", Ty::Str),
    f("Timeout", Ty::Int),
    f("MemorySize", Ty::Int),
    f("Publish", Ty::Bool),
    f("VpcConfig", Ty::Obj(VPC)),
    f("PackageType", Ty::Str),
    f("DeadLetterConfig", Ty::Obj(DEAD_LETTER)),
    f("Environment", Ty::Obj(ENVIRONMENT)),
    f("KMSKeyArn", Ty::Str),
    f("TracingConfig", Ty::Obj(TRACING)),
    f("Tags", Ty::StrMap),
    f("Layers", Ty::StrList),
    f("FileSystemConfigs", Ty::ObjList(FILE_SYSTEM)),
    f("ImageConfig", Ty::Obj(IMAGE_CONFIG)),
    f("CodeSigningConfigArn", Ty::Str),
    f("Architectures", Ty::StrList),
    f("EphemeralStorage", Ty::Obj(EPHEMERAL)),
    f("SnapStart", Ty::Obj(SNAP_START)),
    f("LoggingConfig", Ty::Obj(LOGGING)),
];

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
    CreateFunction,
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
            "function.json" => Api::CreateFunction,
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
            Api::CreateFunction => CREATE_FUNCTION,
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
            Api::CreateFunction => "aws lambda create-function",
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
        Ty::ObjList(_) => "a list of objects, [{ ... }]",
    };
    let ok = match (ty, &node.value) {
        (Ty::Str, Value::Str(_)) | (Ty::Bool, Value::Bool(_)) | (Ty::Int, Value::Int(_)) => true,
        (Ty::StrList, Value::Array(items)) => items.iter().all(|i| i.as_str().is_some()),
        (Ty::StrMap, Value::Table(entries)) => entries.iter().all(|e| e.node.as_str().is_some()),
        (Ty::Obj(fields), Value::Table(_)) => {
            check_object(api, doc, node, fields, &format!("{path}."), problems);
            true
        }
        (Ty::ObjList(fields), Value::Array(items)) => {
            for item in items {
                if item.is_table() {
                    check_object(api, doc, item, fields, &format!("{path}[]."), problems);
                }
            }
            items.iter().all(Node::is_table)
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

/// Runtimes Lambda no longer lets you create functions with (facts §4, §13).
const RETIRED: &[(&str, &str)] = &[
    ("go1.x", "provided.al2023"),
    ("provided", "provided.al2023"),
    ("nodejs", "nodejs22.x"),
    ("nodejs4.3", "nodejs22.x"),
    ("nodejs6.10", "nodejs22.x"),
    ("nodejs8.10", "nodejs22.x"),
    ("nodejs10.x", "nodejs22.x"),
    ("nodejs12.x", "nodejs22.x"),
    ("nodejs14.x", "nodejs22.x"),
    ("nodejs16.x", "nodejs22.x"),
    ("nodejs18.x", "nodejs22.x"),
    ("python2.7", "python3.13"),
    ("python3.6", "python3.13"),
    ("python3.7", "python3.13"),
    ("python3.8", "python3.13"),
    ("java8", "java21"),
    ("dotnetcore3.1", "dotnet8"),
    ("dotnet6", "dotnet8"),
    ("ruby2.7", "ruby3.4"),
    ("ruby3.2", "ruby3.4"),
];

/// Environment variables Lambda sets itself and refuses to let you set
/// (facts §4, "Reserved env var names").
pub const RESERVED_VARIABLES: &[&str] = &[
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
    "AWS_LAMBDA_MAX_CONCURRENCY",
    "AWS_LAMBDA_METADATA_API",
    "AWS_LAMBDA_METADATA_TOKEN",
];

fn invalid(message: String) -> Problem {
    Problem::new(format!("InvalidParameterValueException: {message}"))
}

/// Checks the values of a `create-function` document as Lambda does.
pub fn check_function(doc: &Doc) -> Vec<Problem> {
    let root = &doc.root;
    let mut problems = Vec::new();
    let at = |key: &str| root.get(key).map(|n| doc.place_node(n));
    if let Some(name) = root.get("FunctionName").and_then(Node::as_str) {
        let bare = name.rsplit(':').next().unwrap_or(name);
        let valid = !bare.is_empty()
            && bare.len() <= 64
            && bare
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            problems.push(
                invalid(format!("`{name}` is not a valid function name"))
                    .at_opt(at("FunctionName"))
                    .help("1 to 64 letters, digits, hyphens (-) or underscores (_)"),
            );
        }
    }
    let package = root
        .get("PackageType")
        .and_then(Node::as_str)
        .unwrap_or("Zip");
    if !matches!(package, "Zip" | "Image") {
        problems.push(
            invalid(format!("PackageType must be Zip or Image, not `{package}`"))
                .at_opt(at("PackageType")),
        );
    }
    if package == "Zip" {
        match root.get("Runtime").and_then(Node::as_str) {
            None => problems.push(
                invalid("a ZIP function needs a Runtime".to_string())
                    .at(doc.place_top())
                    .help("add \"Runtime\", e.g. \"nodejs22.x\""),
            ),
            Some(runtime) => {
                if let Some((_, instead)) = RETIRED.iter().find(|(r, _)| *r == runtime) {
                    problems.push(
                        invalid(format!(
                            "The runtime parameter of {runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime ({instead})"
                        ))
                        .at_opt(at("Runtime"))
                        .help("see the runtimes table in the chapter \"Configuring a function\""),
                    );
                } else if !RUNTIMES.contains(&runtime) {
                    let mut p = invalid(format!("`{runtime}` is not a Lambda runtime"))
                        .at_opt(at("Runtime"));
                    p.help = Some(match did_you_mean(runtime, RUNTIMES.iter().copied()) {
                        Some(r) => format!("did you mean `{r}`?"),
                        None => format!("Lambda's runtimes include {}", RUNTIMES.join(", ")),
                    });
                    problems.push(p);
                }
            }
        }
        if root.get("Handler").is_none() {
            problems.push(
                invalid("a ZIP function needs a Handler".to_string())
                    .at(doc.place_top())
                    .help("add \"Handler\", e.g. \"index.handler\" (file index.js, exported function handler)"),
            );
        }
    }
    if let Some(role) = root.get("Role").and_then(Node::as_str) {
        let parts: Vec<&str> = role.splitn(6, ':').collect();
        let ok = parts.len() == 6
            && parts[0] == "arn"
            && parts[2] == "iam"
            && parts[4].len() == 12
            && parts[5].starts_with("role/");
        if !ok {
            problems.push(
                invalid(format!("`{role}` is not the ARN of an IAM role"))
                    .at_opt(at("Role"))
                    .help("a role ARN looks like arn:aws:iam::123456789012:role/my-function-role"),
            );
        }
    }
    if let Some(node) = root.get("MemorySize") {
        if let Some(m) = node.as_i64() {
            if !(128..=10_240).contains(&m) {
                problems.push(
                    invalid(format!(
                        "MemorySize must be between 128 and 10240 MB, found {m}"
                    ))
                    .at(doc.place_node(node))
                    .help("Lambda accepts 128 MB to 10,240 MB in 1 MB steps"),
                );
            }
        }
    }
    if let Some(node) = root.get("Timeout") {
        if let Some(t) = node.as_i64() {
            if !(1..=900).contains(&t) {
                problems.push(
                    invalid(format!(
                        "Timeout must be between 1 and 900 seconds, found {t}"
                    ))
                    .at(doc.place_node(node))
                    .help("the timeout is in seconds: 1 s to 900 s (15 minutes)"),
                );
            }
        }
    }
    if let Some(node) = root.get("Architectures") {
        let items = node.items();
        if items.len() != 1 {
            problems.push(
                invalid("Architectures must list exactly one architecture".to_string())
                    .at(doc.place_node(node))
                    .help("write [\"x86_64\"] or [\"arm64\"]"),
            );
        }
        for item in items {
            if let Some(a) = item.as_str() {
                if a != "x86_64" && a != "arm64" {
                    problems.push(
                        invalid(format!("`{a}` is not an architecture"))
                            .at(doc.place_node(item))
                            .help("Lambda offers \"x86_64\" and \"arm64\""),
                    );
                }
            }
        }
    }
    if let Some(node) = root.get("EphemeralStorage").and_then(|e| e.get("Size")) {
        if let Some(size) = node.as_i64() {
            if !(512..=10_240).contains(&size) {
                problems.push(
                    invalid(format!(
                        "EphemeralStorage.Size must be between 512 and 10240 MB, found {size}"
                    ))
                    .at(doc.place_node(node)),
                );
            }
        }
    }
    if let Some(node) = root.get("Layers") {
        if node.items().len() > 5 {
            problems.push(
                invalid(format!(
                    "a function can use at most 5 layers, found {}",
                    node.items().len()
                ))
                .at(doc.place_node(node)),
            );
        }
    }
    if let Some(vars) = root.get("Environment").and_then(|e| e.get("Variables")) {
        problems.extend(check_variables(doc, vars));
    }
    problems
}

fn check_variables(doc: &Doc, vars: &Node) -> Vec<Problem> {
    let mut problems = Vec::new();
    let reserved: Vec<&Entry> = vars
        .entries()
        .iter()
        .filter(|e| RESERVED_VARIABLES.contains(&e.key.as_str()))
        .collect();
    if let Some(first) = reserved.first() {
        let names: Vec<&str> = reserved.iter().map(|e| e.key.as_str()).collect();
        problems.push(
            invalid(format!(
                "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: {}",
                names.join(", ")
            ))
            .at(doc.place_key(first))
            .help("Lambda sets these itself: read them in your code, do not define them"),
        );
    }
    for e in vars.entries() {
        let mut chars = e.key.chars();
        let valid = e.key.len() >= 2
            && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            problems.push(
                invalid(format!("`{}` is not a valid environment variable name", e.key))
                    .at(doc.place_key(e))
                    .help("a name starts with a letter, has at least 2 characters and uses only letters, digits and _ (no - or spaces)"),
            );
        }
    }
    let size: usize = vars
        .entries()
        .iter()
        .map(|e| e.key.len() + e.node.as_str().map_or(0, str::len))
        .sum();
    if size > 4 * 1024 {
        problems.push(
            invalid(format!(
                "the environment variables take {size} bytes; Lambda allows 4 KB (4,096 bytes) for all of them together"
            ))
            .at(doc.place_node(vars))
            .help("keep large data in S3, DynamoDB or Parameter Store and put only its name in a variable"),
        );
    }
    problems
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
    use crate::grade::doc;

    fn problems(file: &str, json: &str) -> Vec<String> {
        let d = doc::parse(file, json).unwrap();
        let api = Api::of_file(file).unwrap();
        let mut all = check_shape(api, &d);
        if api == Api::CreateFunction && all.is_empty() {
            all.extend(check_function(&d));
        }
        all.into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn shapes_like_the_cli() {
        let p = problems(
            "function.json",
            r#"{"FunctionName": "f", "Role": "arn:aws:iam::123456789012:role/r", "Code": {"ZipFile": "x"}, "Memory": 512, "Timeout": "3"}"#,
        );
        assert_eq!(p, [
            "Parameter validation failed: unknown parameter `Memory`",
            "Parameter validation failed: invalid type for parameter `Timeout`: expected a whole number without quotes, found text in quotes",
        ]);
        let p = problems("concurrency.json", r#"{"ReservedConcurrentExecutions": 5}"#);
        assert_eq!(
            p,
            ["Parameter validation failed: missing required parameter `FunctionName`"]
        );
        let p = problems(
            "event-invoke-config.json",
            r#"{"FunctionName": "f", "DestinationConfig": {"OnFailure": {"Destination": 3}}}"#,
        );
        assert_eq!(p, ["Parameter validation failed: invalid type for parameter `DestinationConfig.OnFailure.Destination`: expected text in double quotes, found a whole number"]);
    }

    #[test]
    fn values_like_lambda() {
        let p = problems(
            "function.json",
            r#"{"FunctionName": "f", "Role": "arn:aws:iam::123456789012:role/r", "Code": {"ZipFile": "x"}, "Runtime": "go1.x", "Handler": "main", "MemorySize": 64, "Environment": {"Variables": {"AWS_REGION": "x", "db-url": "y"}}}"#,
        );
        assert_eq!(p.len(), 4, "{p:#?}");
        assert!(p[0].starts_with(
            "InvalidParameterValueException: The runtime parameter of go1.x is no longer supported"
        ));
        assert!(p[2].contains("Reserved keys used in this request: AWS_REGION"));
        assert!(p[3].contains("`db-url` is not a valid environment variable name"));
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
