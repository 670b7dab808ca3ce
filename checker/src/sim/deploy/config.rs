//! A function's configuration as `aws lambda create-function` and
//! `update-function-configuration` take it in JSON (`--cli-input-json`), and
//! Lambda's rules for each field (facts §3.1, §4, §12).

use serde::Deserialize;

use super::env_vars;
use super::error::{constraint, DeployError, Exception};
use crate::sim::config::Architecture;

/// The fields of CreateFunction / UpdateFunctionConfiguration that the
/// course models, with AWS's PascalCase keys. Every field is optional here
/// because an update names only what changes; [`super::rules::config_problems`] says which
/// are required. `ReservedConcurrentExecutions` is set by PutFunctionConcurrency
/// in AWS; it sits here so one file can describe a function.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct FunctionConfig {
    pub function_name: Option<String>,
    pub runtime: Option<String>,
    pub role: Option<String>,
    pub handler: Option<String>,
    pub description: Option<String>,
    pub memory_size: Option<i64>,
    pub timeout: Option<i64>,
    pub architectures: Option<Vec<String>>,
    pub ephemeral_storage: Option<EphemeralStorage>,
    pub environment: Option<Environment>,
    pub layers: Option<Vec<String>>,
    pub package_type: Option<String>,
    pub vpc_config: Option<VpcConfig>,
    pub reserved_concurrent_executions: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct EphemeralStorage {
    /// MB of `/tmp`.
    pub size: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct Environment {
    /// In the order written (the order of AWS's "Reserved keys used" list).
    #[serde(default, deserialize_with = "env_vars::ordered")]
    pub variables: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct VpcConfig {
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    #[serde(default)]
    pub security_group_ids: Vec<String>,
    pub ipv6_allowed_for_dual_stack: Option<bool>,
}

/// ZIP archive or container image: fixed when the function is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageType {
    Zip,
    Image,
}

impl PackageType {
    pub fn name(self) -> &'static str {
        match self {
            PackageType::Zip => "Zip",
            PackageType::Image => "Image",
        }
    }
}

/// Which API call the configuration is for: they require and allow different keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    CreateFunction,
    UpdateFunctionConfiguration,
}

impl Operation {
    pub fn name(self) -> &'static str {
        match self {
            Operation::CreateFunction => "CreateFunction",
            Operation::UpdateFunctionConfiguration => "UpdateFunctionConfiguration",
        }
    }
}

/// Lambda's defaults (facts §4).
pub const DEFAULT_MEMORY_MB: u32 = 128;
pub const DEFAULT_TIMEOUT_S: u32 = 3;
pub const DEFAULT_EPHEMERAL_MB: u32 = 512;
pub const MEMORY_MB: (i64, i64) = (128, 10_240);
pub const TIMEOUT_S: (i64, i64) = (1, 900);
pub const EPHEMERAL_MB: (i64, i64) = (512, 10_240);

/// Help for a whole number too large to be read as one in `field`: its
/// range where the course knows it.
pub fn too_large_help(field: &str) -> String {
    let range = match field {
        "MemorySize" => Some(("memory", MEMORY_MB, "MB")),
        "Timeout" => Some(("the timeout", TIMEOUT_S, "seconds")),
        "Size" => Some(("ephemeral storage", EPHEMERAL_MB, "MB")),
        _ => None,
    };
    match range {
        Some((what, (low, high), unit)) => {
            format!("that number is far too large: {what} is {low} to {high} {unit}")
        }
        None => {
            "that number is far too large for this field: write a smaller whole number".to_string()
        }
    }
}
/// At most this many layers (facts §4, §12).
pub const MAX_LAYERS: usize = lambda_limits::MAX_LAYERS;

impl FunctionConfig {
    /// The package type, `Zip` unless the configuration says `Image`.
    pub fn package_type(&self) -> PackageType {
        match self.package_type.as_deref() {
            Some("Image") => PackageType::Image,
            _ => PackageType::Zip,
        }
    }

    /// The architecture, `x86_64` unless the configuration says `arm64`.
    pub fn architecture(&self) -> Architecture {
        match self.architectures.as_deref() {
            Some([a]) if a == "arm64" => Architecture::Arm64,
            _ => Architecture::X86_64,
        }
    }

    /// Memory in MB, Lambda's default if unset (use after validation).
    pub fn memory_mb(&self) -> u32 {
        self.memory_size
            .and_then(|m| u32::try_from(m).ok())
            .unwrap_or(DEFAULT_MEMORY_MB)
    }

    pub fn timeout_s(&self) -> u32 {
        self.timeout
            .and_then(|t| u32::try_from(t).ok())
            .unwrap_or(DEFAULT_TIMEOUT_S)
    }

    pub fn ephemeral_mb(&self) -> u32 {
        self.ephemeral_storage
            .as_ref()
            .and_then(|e| u32::try_from(e.size).ok())
            .unwrap_or(DEFAULT_EPHEMERAL_MB)
    }

    /// The variables the learner set, in order.
    pub fn variables(&self) -> &[(String, String)] {
        self.environment.as_ref().map_or(&[], |e| &e.variables)
    }

    /// The function's name without ARN parts (empty if unset or malformed).
    pub fn name(&self) -> String {
        self.function_name
            .as_deref()
            .and_then(|n| parse_function_name(n).ok())
            .map(|n| n.name)
            .unwrap_or_default()
    }
}

/// A function name in any of the forms Lambda accepts: `my-function`,
/// `123456789012:function:my-function` or
/// `arn:aws:lambda:us-east-1:123456789012:function:my-function`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionName {
    pub name: String,
    pub region: Option<String>,
    pub account: Option<String>,
}

/// Reads a function name or ARN (facts §3.1: a name is 1–64 characters of
/// letters, digits, `-` and `_`; an ARN at most 140 characters).
pub fn parse_function_name(text: &str) -> Result<FunctionName, DeployError> {
    let pattern = "Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)";
    let bad = |rule: &str, help: &str| {
        DeployError::new(
            Exception::Validation,
            constraint(Some(text), "functionName", rule),
            help.to_string(),
        )
        .at(&["FunctionName"])
    };
    if text.is_empty() {
        return Err(bad(
            "Member must have length greater than or equal to 1",
            "give the function a name such as \"orders-api\"",
        ));
    }
    if text.chars().count() > 140 {
        return Err(bad(
            "Member must have length less than or equal to 140",
            "a function ARN is at most 140 characters and a name at most 64",
        ));
    }
    let parts: Vec<&str> = text.split(':').collect();
    let (region, account, name) = match parts.as_slice() {
        [name] => (None, None, *name),
        [account, "function", name] if is_account(account) => (None, Some(*account), *name),
        ["arn", partition, "lambda", region, account, "function", name]
            if partition.starts_with("aws") && is_account(account) && !region.is_empty() =>
        {
            (Some(*region), Some(*account), *name)
        }
        ["arn", .., _, "function", _, _] | [_, "function", _, _] | [_, _] => {
            return Err(bad(
                pattern,
                "a version or alias (`:prod`, `:3`) names a published version, not the function: write the name without the qualifier",
            ))
        }
        _ => {
            return Err(bad(
                pattern,
                "write the bare name (letters, digits, `-` and `_`), or the ARN arn:aws:lambda:REGION:ACCOUNT:function:NAME",
            ))
        }
    };
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(bad(
            pattern,
            "a function name uses only letters, digits, `-` and `_`: no spaces, dots or slashes",
        ));
    }
    if name.chars().count() > 64 {
        return Err(bad(
            "Member must have length less than or equal to 64",
            "a function name is at most 64 characters",
        ));
    }
    Ok(FunctionName {
        name: name.to_string(),
        region: region.map(str::to_string),
        account: account.map(str::to_string),
    })
}

pub(crate) fn is_account(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}
