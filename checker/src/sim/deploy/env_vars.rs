//! Environment variables: the rules for the ones a learner sets, and the ones
//! Lambda sets in every execution environment (facts §4; wire contract,
//! "Environment to give every environment process").

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::Deserializer;

use super::config::{FunctionConfig, PackageType};
use super::error::{constraint, DeployError, Exception};
use crate::sim::iam::{log_group_name, EXAMPLE_LOG_STREAM};

/// All keys and values together may take at most 4 KB (facts §4).
pub const ENV_LIMIT_BYTES: usize = lambda_limits::ENVIRONMENT_BYTES;

/// Names Lambda sets itself and refuses from users (facts §4, "Reserved env
/// var names").
pub const RESERVED_NAMES: &[&str] = lambda_limits::RESERVED_VARIABLES;

/// Every rule the variables break.
///
/// The size rule counts the bytes of keys and values, as facts §4 states it.
/// Lambda's own error for it ends with `String measured:` and the variables
/// as JSON, which suggests it measures that JSON text (quotes, colons and
/// commas included): a set just under 4,096 bytes here may still be refused.
pub fn problems(variables: &[(String, String)]) -> Vec<DeployError> {
    let mut problems = Vec::new();
    for (key, _) in variables {
        if let Some(help) = key_problem(key) {
            problems.push(
                DeployError::new(
                    Exception::Validation,
                    // Lambda does not echo variables (they may hold secrets).
                    constraint(
                        None,
                        "environment.variables",
                        "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
                    ),
                    help,
                )
                .at(&["Environment", "Variables"])
                .key(key),
            );
        }
    }
    let reserved: Vec<&str> = variables
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| RESERVED_NAMES.contains(k))
        .collect();
    if let Some(first) = reserved.first() {
        problems.push(
            DeployError::new(
                Exception::InvalidParameterValue,
                format!(
                    "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: {}",
                    reserved.join(", ")
                ),
                match reserved.as_slice() {
                    [one] => format!("Lambda sets {one} itself in every execution environment: read it in your code instead of setting it, or give your own value another name"),
                    [rest @ .., last] => format!("Lambda sets {} and {last} itself in every execution environment: read them in your code instead of setting them, or give your own values other names", rest.join(", ")),
                    [] => String::new(),
                },
            )
            .at(&["Environment", "Variables"])
            .key(first),
        );
    }
    let size: usize = variables.iter().map(|(k, v)| k.len() + v.len()).sum();
    if size > ENV_LIMIT_BYTES {
        problems.push(
            DeployError::new(
                Exception::InvalidParameterValue,
                format!(
                    "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. (Keys and values take {size} bytes.)"
                ),
                "all variables together may take 4 KB: keep large settings in a parameter store or an S3 object and put only its name in a variable",
            )
            .at(&["Environment", "Variables"]),
        );
    }
    problems
}

/// Why a variable name is refused, if it is: names start with a letter and
/// have at least two characters, all letters, digits or `_` (facts §4).
fn key_problem(key: &str) -> Option<String> {
    let first = key.chars().next();
    if !first.is_some_and(|c| c.is_ascii_alphabetic()) {
        return Some(format!(
            "`{key}` must start with a letter: names are a letter followed by letters, digits or `_`"
        ));
    }
    if key.chars().count() < 2 {
        return Some(format!(
            "`{key}` is too short: a name has at least two characters"
        ));
    }
    if let Some(bad) = key
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && *c != '_')
    {
        return Some(format!(
            "`{key}` contains {bad:?}: names use only letters, digits and `_` (write {} instead)",
            key.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        ));
    }
    None
}

/// Reads `"Variables": {"K": "V", ...}` keeping the order written.
pub(crate) fn ordered<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    struct Ordered;
    impl<'de> Visitor<'de> for Ordered {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object of string values")
        }
        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
            let mut out = Vec::new();
            while let Some(entry) = map.next_entry::<String, String>()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Ordered)
}

/// How an execution environment was started (`AWS_LAMBDA_INITIALIZATION_TYPE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitializationType {
    OnDemand,
    ProvisionedConcurrency,
    SnapStart,
    ManagedInstances,
}

impl InitializationType {
    pub fn value(self) -> &'static str {
        match self {
            InitializationType::OnDemand => "on-demand",
            InitializationType::ProvisionedConcurrency => "provisioned-concurrency",
            InitializationType::SnapStart => "snap-start",
            InitializationType::ManagedInstances => "lambda-managed-instances",
        }
    }
}

/// What Lambda knows about an environment beyond the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentContext {
    pub region: String,
    /// `$LATEST` or a published version number.
    pub version: String,
    pub initialization_type: InitializationType,
    /// `YYYY/MM/DD/[VERSION]` and 32 hex digits, one per environment.
    pub log_stream_name: String,
    /// `host:port` of the Runtime API (127.0.0.1:9001 on Lambda).
    pub runtime_api: String,
    /// The role's temporary credentials. The simulator has none: placeholders.
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
}

impl Default for EnvironmentContext {
    fn default() -> Self {
        EnvironmentContext {
            region: "us-east-1".into(),
            version: "$LATEST".into(),
            initialization_type: InitializationType::OnDemand,
            log_stream_name: EXAMPLE_LOG_STREAM.into(),
            runtime_api: "127.0.0.1:9001".into(),
            access_key_id: "ASIASIMULATEDACCESSKEY".into(),
            secret_access_key: "simulated-secret-access-key".into(),
            session_token: "simulated-session-token".into(),
        }
    }
}

/// A log stream name as Lambda writes it: `2026/01/01/[$LATEST]` followed by
/// the environment's 32 hex digits (wire contract, environment list).
pub fn log_stream_name(
    year: u32,
    month: u32,
    day: u32,
    version: &str,
    environment: u128,
) -> String {
    format!("{year:04}/{month:02}/{day:02}/[{version}]{environment:032x}")
}

/// The reserved variables Lambda sets in every execution environment of the
/// function, with their values. Not included: `_X_AMZN_TRACE_ID` (set per
/// invocation, and absent on OS-only runtimes), `AWS_LAMBDA_MAX_CONCURRENCY`
/// (Managed Instances only) and the metadata endpoint variables.
/// `AWS_EXECUTION_ENV` is absent for OS-only runtimes (`provided*`) and images.
pub fn reserved_environment(
    config: &FunctionConfig,
    context: &EnvironmentContext,
) -> Vec<(String, String)> {
    let name = config.name();
    let mut vars: Vec<(&str, String)> = vec![
        ("AWS_REGION", context.region.clone()),
        ("AWS_DEFAULT_REGION", context.region.clone()),
    ];
    if config.package_type() == PackageType::Zip {
        if let Some(handler) = &config.handler {
            vars.push(("_HANDLER", handler.clone()));
        }
        if let Some(runtime) = config
            .runtime
            .as_deref()
            .filter(|r| !r.starts_with("provided"))
        {
            vars.push(("AWS_EXECUTION_ENV", format!("AWS_Lambda_{runtime}")));
        }
    }
    vars.extend([
        ("AWS_LAMBDA_FUNCTION_NAME", name.clone()),
        (
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            config.memory_mb().to_string(),
        ),
        ("AWS_LAMBDA_FUNCTION_VERSION", context.version.clone()),
        (
            "AWS_LAMBDA_INITIALIZATION_TYPE",
            context.initialization_type.value().to_string(),
        ),
    ]);
    // SnapStart environments have no log group or stream variables (facts §4).
    if context.initialization_type != InitializationType::SnapStart {
        vars.push(("AWS_LAMBDA_LOG_GROUP_NAME", log_group_name(&name)));
        vars.push((
            "AWS_LAMBDA_LOG_STREAM_NAME",
            context.log_stream_name.clone(),
        ));
    }
    vars.extend([
        ("AWS_ACCESS_KEY_ID", context.access_key_id.clone()),
        ("AWS_SECRET_ACCESS_KEY", context.secret_access_key.clone()),
        ("AWS_SESSION_TOKEN", context.session_token.clone()),
        ("AWS_LAMBDA_RUNTIME_API", context.runtime_api.clone()),
        ("LAMBDA_TASK_ROOT", "/var/task".to_string()),
        ("LAMBDA_RUNTIME_DIR", "/var/runtime".to_string()),
    ]);
    vars.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The unreserved variables Lambda presets and a user may override: `TZ`,
/// `LANG`, `PATH`, `LD_LIBRARY_PATH` and, on Node.js, `NODE_PATH`, which is how
/// a layer's `nodejs/node_modules` under `/opt` is found (facts §4, §12; wire
/// contract, environment list).
pub fn default_environment(config: &FunctionConfig) -> Vec<(String, String)> {
    let mut vars = vec![
        ("TZ", ":UTC".to_string()),
        ("LANG", "en_US.UTF-8".to_string()),
        ("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin".to_string()),
        (
            "LD_LIBRARY_PATH",
            "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib".to_string(),
        ),
    ];
    if let Some(major) = config
        .runtime
        .as_deref()
        .and_then(|r| r.strip_prefix("nodejs"))
        .and_then(|r| r.strip_suffix(".x"))
    {
        vars.push((
            "NODE_PATH",
            format!("/opt/nodejs/node{major}/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task"),
        ));
    }
    vars.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The whole environment of a function's process: reserved variables, the
/// presets, and the learner's own variables (which replace presets of the
/// same name). Sorted by name, so two runs list it the same way.
pub fn process_environment(
    config: &FunctionConfig,
    context: &EnvironmentContext,
) -> Vec<(String, String)> {
    let mut vars = reserved_environment(config, context);
    let own = config.variables();
    vars.extend(
        default_environment(config)
            .into_iter()
            .filter(|(k, _)| !own.iter().any(|(o, _)| o == k)),
    );
    vars.extend(
        own.iter()
            .filter(|(k, _)| !RESERVED_NAMES.contains(&k.as_str()))
            .cloned(),
    );
    vars.sort();
    vars
}
