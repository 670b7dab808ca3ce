//! The scenario file as written: serde types that mirror the TOML, with the
//! span of every value that may need an error pointing at it. Unknown fields
//! are errors, never silently ignored.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: Option<S<String>>,
    pub title: Option<String>,
    pub seed: Option<u64>,
    pub until: Option<S<String>>,
    pub account_concurrency: Option<S<u32>>,
    pub idle_ttl: Option<S<String>>,
    pub idle_cap: Option<S<String>>,
    pub max_lifetime: Option<S<String>>,
    pub random_retirement: Option<S<String>>,
    pub init_billing: Option<S<String>>,
    pub scaling_rate: Option<S<u32>>,
    pub record: Option<S<String>>,
    #[serde(default)]
    pub function: Vec<S<Function>>,
    #[serde(default)]
    pub traffic: Vec<S<Traffic>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    pub name: S<String>,
    pub runtime: Option<S<String>>,
    pub architecture: Option<S<String>>,
    pub memory: Option<S<i64>>,
    pub timeout: Option<S<String>>,
    pub reserved_concurrency: Option<S<i64>>,
    pub provisioned_concurrency: Option<S<i64>>,
    pub package_size: Option<S<String>>,
    pub runtime_start: Option<S<String>>,
    pub memory_used: Option<S<i64>>,
    pub init: Option<S<Work>>,
    pub handler: Option<S<Work>>,
    #[serde(rename = "async")]
    pub async_config: Option<S<Async>>,
    #[serde(default)]
    pub version: Vec<S<Version>>,
    #[serde(default)]
    pub alias: Vec<S<Alias>>,
    /// Recursive loop detection: "terminate" (default) or "allow".
    pub recursion: Option<S<String>>,
    /// The execution role's name and its policy (JSON, as in IAM).
    pub role: Option<S<String>>,
    pub role_policy: Option<S<String>>,
    pub log_group_exists: Option<bool>,
    pub vpc: Option<S<Vpc>>,
    /// The function's own variables, checked as Lambda checks them.
    pub environment: Option<S<BTreeMap<String, String>>>,
    pub unzipped_size: Option<S<String>>,
    #[serde(default)]
    pub layers: Vec<S<Layer>>,
    pub code_signing: Option<S<CodeSigning>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    pub name: S<String>,
    pub size: S<String>,
    pub unzipped_size: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeSigning {
    /// "Warn" (the default) or "Enforce".
    pub policy: Option<S<String>>,
    /// "valid", "unsigned", "untrusted", "expired" or "revoked".
    pub signature: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    /// Where the subnets' default route goes: "nat-gateway",
    /// "internet-gateway" or "none".
    pub route: S<String>,
    #[serde(default)]
    pub endpoints: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Work {
    pub cpu: Option<S<String>>,
    pub wait: Option<S<String>>,
    pub threads: Option<S<i64>>,
    pub spread: Option<S<String>>,
    pub errors: Option<S<f64>>,
    pub crashes: Option<S<f64>>,
    #[serde(default)]
    pub calls: Vec<S<Call>>,
    #[serde(default)]
    pub aws_calls: Vec<S<AwsCall>>,
    pub internet: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsCall {
    pub action: S<String>,
    pub resource: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    pub function: S<String>,
    pub invocation: Option<S<String>>,
    pub after: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Async {
    pub max_retries: Option<S<i64>>,
    pub max_event_age: Option<S<String>>,
    pub on_success: Option<S<String>>,
    pub on_failure: Option<S<String>>,
    pub dead_letter_queue: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    pub handler: Option<S<Work>>,
    pub init: Option<S<Work>>,
    pub memory: Option<S<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    pub name: S<String>,
    pub version: S<i64>,
    #[serde(default)]
    pub weights: Option<S<BTreeMap<String, f64>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Traffic {
    pub function: S<String>,
    pub invocation: Option<S<String>>,
    /// A list of times (explicit arrivals) or one time (the start of a burst).
    pub at: Option<S<toml::Value>>,
    pub every: Option<S<String>>,
    pub per_second: Option<S<f64>>,
    pub burst: Option<S<i64>>,
    pub spacing: Option<S<String>>,
    pub from: Option<S<String>>,
    pub until: Option<S<String>>,
    pub payload_size: Option<S<String>>,
    /// Who sends the requests: "client" (default), "api-gateway", "s3",
    /// "sns", "eventbridge", "schedule", "sqs" or "kinesis".
    pub source: Option<S<String>>,
    /// For `source = "schedule"`: `rate(5 minutes)` or `cron(0 12 * * ? *)`.
    pub schedule: Option<S<String>>,
    // Event source mappings.
    pub queue: Option<S<String>>,
    pub stream: Option<S<String>>,
    pub shards: Option<S<i64>>,
    pub batch_size: Option<S<i64>>,
    pub batch_window: Option<S<String>>,
    pub visibility_timeout: Option<S<String>>,
    pub max_receive_count: Option<S<i64>>,
    pub dead_letter_queue: Option<S<String>>,
    pub report_batch_item_failures: Option<bool>,
    pub max_concurrency: Option<S<i64>>,
    #[serde(default)]
    pub poison: Vec<u64>,
}
