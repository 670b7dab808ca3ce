//! Lambda's rules for each configuration field, in the order it checks
//! them: the API model's constraints (`ValidationException`), then its own
//! rules (`InvalidParameterValueException`). Facts §3.1, §4, §12.

use super::config::{
    is_account, parse_function_name, FunctionConfig, Operation, PackageType, VpcConfig,
    EPHEMERAL_MB, MAX_LAYERS, MEMORY_MB, TIMEOUT_S,
};
use super::env_vars;
use super::error::{constraint, DeployError, Exception};
use crate::sim::config::{is_accepted_runtime, DEPRECATED_RUNTIMES, RUNTIMES};

/// Runtimes whose creation and update Lambda has blocked (facts §4: `go1.x`
/// retired in December 2023, the original `provided` retired; the others are
/// long past their deprecation dates in lambda-runtimes.html).
const RETIRED_RUNTIMES: &[(&str, &str)] = &[
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
    ("python2.7", "python3.13"),
    ("python3.6", "python3.13"),
    ("python3.7", "python3.13"),
    ("python3.8", "python3.13"),
    ("ruby2.5", "ruby3.4"),
    ("ruby2.7", "ruby3.4"),
    ("java8", "java21"),
    ("dotnetcore1.0", "dotnet8"),
    ("dotnetcore2.0", "dotnet8"),
    ("dotnetcore2.1", "dotnet8"),
    ("dotnetcore3.1", "dotnet8"),
    ("dotnet6", "dotnet8"),
];

/// Every rule a configuration breaks, for `operation`, in the order Lambda
/// checks them: the API model's constraints (`ValidationException`), then
/// Lambda's own rules (`InvalidParameterValueException`).
pub fn config_problems(config: &FunctionConfig, operation: Operation) -> Vec<DeployError> {
    let mut problems = Vec::new();
    match &config.function_name {
        Some(name) => problems.extend(parse_function_name(name).err()),
        None => problems.push(DeployError::new(
            Exception::ParamValidation,
            "Missing required parameter in input: \"FunctionName\"",
            "every request names the function: add \"FunctionName\": \"my-function\"",
        )),
    }
    if operation == Operation::UpdateFunctionConfiguration {
        for (present, key, help) in [
            (
                config.architectures.is_some(),
                "Architectures",
                "the architecture goes with the code: change it with UpdateFunctionCode (`aws lambda update-function-code --architectures arm64 ...`)",
            ),
            (
                config.package_type.is_some(),
                "PackageType",
                "the package type (Zip or Image) is chosen when the function is created and cannot change: create a new function to switch",
            ),
        ] {
            if present {
                problems.push(
                    DeployError::new(
                        Exception::ParamValidation,
                        format!("Unknown parameter in input: \"{key}\", must be one of: {}", UPDATE_KEYS.join(", ")),
                        help,
                    )
                    .key(key),
                );
            }
        }
    }
    if operation == Operation::CreateFunction && config.role.is_none() {
        problems.push(DeployError::new(
            Exception::ParamValidation,
            "Missing required parameter in input: \"Role\"",
            "a function runs with an execution role: add \"Role\": \"arn:aws:iam::123456789012:role/my-function-role\"",
        ));
    }
    if let Some(role) = &config.role {
        if !is_role_arn(role) {
            problems.push(
                DeployError::new(
                    Exception::Validation,
                    constraint(Some(role), "role", "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"),
                    "the role is the ARN of an IAM role, arn:aws:iam::ACCOUNT:role/NAME, not its name alone",
                )
                .at(&["Role"]),
            );
        }
    }
    if let Some(runtime) = &config.runtime {
        problems.extend(runtime_problem(runtime));
    }
    if let Some(handler) = &config.handler {
        if handler.is_empty()
            || handler.chars().any(char::is_whitespace)
            || handler.chars().count() > 128
        {
            problems.push(
                DeployError::new(
                    Exception::Validation,
                    constraint(Some(handler), "handler", "Member must satisfy regular expression pattern: [^\\s]+"),
                    "the handler is FILE.EXPORT without spaces, at most 128 characters, such as \"index.handler\"",
                )
                .at(&["Handler"]),
            );
        }
    }
    if let Some(description) = &config.description {
        if description.chars().count() > 256 {
            problems.push(
                DeployError::new(
                    Exception::Validation,
                    constraint(
                        None,
                        "description",
                        "Member must have length less than or equal to 256",
                    ),
                    "shorten the description to 256 characters",
                )
                .at(&["Description"]),
            );
        }
    }
    problems.extend(range(
        config.memory_size,
        MEMORY_MB,
        "memorySize",
        &["MemorySize"],
        "memory is 128 MB to 10,240 MB in 1 MB steps; more memory also buys more CPU",
    ));
    problems.extend(range(
        config.timeout,
        TIMEOUT_S,
        "timeout",
        &["Timeout"],
        "the timeout is 1 to 900 seconds (15 minutes); work that needs longer must be split up",
    ));
    if let Some(storage) = &config.ephemeral_storage {
        problems.extend(range(
            Some(storage.size),
            EPHEMERAL_MB,
            "ephemeralStorage.size",
            &["EphemeralStorage", "Size"],
            "/tmp holds 512 MB to 10,240 MB",
        ));
    }
    if let Some(architectures) = &config.architectures {
        problems.extend(architecture_problem(architectures));
    }
    if let Some(package_type) = &config.package_type {
        if package_type != "Zip" && package_type != "Image" {
            problems.push(
                DeployError::new(
                    Exception::Validation,
                    constraint(Some(package_type), "packageType", "Member must satisfy enum value set: [Zip, Image]"),
                    "write \"Zip\" for a .zip archive or \"Image\" for a container image (case matters)",
                )
                .at(&["PackageType"]),
            );
        }
    }
    if let Some(layers) = &config.layers {
        problems.extend(layer_problems(layers, config.package_type()));
    }
    problems.extend(env_vars::problems(config.variables()));
    if let Some(vpc) = &config.vpc_config {
        problems.extend(vpc_problems(vpc));
    }
    if let Some(reserved) = config.reserved_concurrent_executions {
        if reserved < 0 {
            problems.push(
                DeployError::new(
                    Exception::Validation,
                    constraint(
                        Some(&reserved.to_string()),
                        "reservedConcurrentExecutions",
                        "Member must have value greater than or equal to 0",
                    ),
                    "reserve 0 (the function is switched off) or more concurrent executions",
                )
                .at(&["ReservedConcurrentExecutions"]),
            );
        }
    }
    if operation == Operation::CreateFunction {
        problems.extend(package_type_problems(config));
    }
    problems
}

/// The keys UpdateFunctionConfiguration takes, among those the course models.
pub const UPDATE_KEYS: &[&str] = &[
    "FunctionName",
    "Role",
    "Handler",
    "Description",
    "Timeout",
    "MemorySize",
    "VpcConfig",
    "Environment",
    "Runtime",
    "Layers",
    "EphemeralStorage",
];

/// What depends on the package type: ZIP functions need a runtime and a
/// handler; images bring their own, and take no layers.
pub(crate) fn package_type_problems(config: &FunctionConfig) -> Vec<DeployError> {
    let mut problems = Vec::new();
    match config.package_type() {
        PackageType::Zip => {
            if config.runtime.is_none() || config.handler.is_none() {
                problems.push(DeployError::new(
                    Exception::InvalidParameterValue,
                    "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
                    "a .zip function says which runtime runs it and which export handles events: add \"Runtime\": \"nodejs22.x\" and \"Handler\": \"index.handler\"",
                ));
            }
        }
        PackageType::Image => {
            // The wording is ours: the rule is AWS's (runtime and handler come from the image).
            for (present, key) in [
                (config.runtime.is_some(), "Runtime"),
                (config.handler.is_some(), "Handler"),
            ] {
                if present {
                    problems.push(
                        DeployError::new(
                            Exception::InvalidParameterValue,
                            format!("{key} is not supported for functions with package type Image."),
                            "a container image carries its own runtime and entry point: remove this key (set the command in the image, or with ImageConfig)",
                        )
                        .at(&[key]),
                    );
                }
            }
        }
    }
    problems
}

fn range(
    value: Option<i64>,
    (low, high): (i64, i64),
    member: &str,
    path: &[&str],
    help: &str,
) -> Option<DeployError> {
    let value = value?;
    let rule = if value < low {
        format!("Member must have value greater than or equal to {low}")
    } else if value > high {
        format!("Member must have value less than or equal to {high}")
    } else {
        return None;
    };
    Some(
        DeployError::new(
            Exception::Validation,
            constraint(Some(&value.to_string()), member, &rule),
            help,
        )
        .at(path),
    )
}

fn is_role_arn(role: &str) -> bool {
    let Some(rest) = role.strip_prefix("arn:") else {
        return false;
    };
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    match parts.as_slice() {
        [partition, "iam", "", account, resource] => {
            partition.starts_with("aws")
                && is_account(account)
                && resource
                    .strip_prefix("role/")
                    .or_else(|| resource.strip_prefix("role"))
                    .is_some_and(|r| {
                        !r.is_empty()
                            && r.chars()
                                .all(|c| c.is_ascii_alphanumeric() || "+=,.@-_/".contains(c))
                    })
        }
        _ => false,
    }
}

fn runtime_problem(runtime: &str) -> Option<DeployError> {
    if is_accepted_runtime(runtime) {
        return None;
    }
    if let Some((_, instead)) = RETIRED_RUNTIMES.iter().find(|(r, _)| *r == runtime) {
        return Some(
            DeployError::new(
                Exception::InvalidParameterValue,
                format!("The runtime parameter of {runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime ({instead}) while creating or updating functions."),
                format!("{runtime} is deprecated: Lambda no longer creates or updates functions on it; move to {instead} (existing functions keep running for a while, without security updates)"),
            )
            .at(&["Runtime"]),
        );
    }
    Some(
        DeployError::new(
            Exception::Validation,
            constraint(Some(runtime), "runtime", &format!("Member must satisfy enum value set: [{}, {}]", RUNTIMES.join(", "), DEPRECATED_RUNTIMES.join(", "))),
            "write a runtime identifier exactly, such as \"nodejs22.x\" or \"python3.13\"; Go and Rust use \"provided.al2023\"",
        )
        .at(&["Runtime"]),
    )
}

pub(crate) fn architecture_problem(architectures: &[String]) -> Option<DeployError> {
    let help = "a function has exactly one architecture: [\"x86_64\"] (the default) or [\"arm64\"] (AWS Graviton)";
    if architectures.len() != 1 {
        let rule = if architectures.is_empty() {
            "Member must have length greater than or equal to 1"
        } else {
            "Member must have length less than or equal to 1"
        };
        return Some(
            DeployError::new(
                Exception::Validation,
                constraint(None, "architectures", rule),
                help,
            )
            .at(&["Architectures"]),
        );
    }
    let a = &architectures[0];
    (a != "x86_64" && a != "arm64").then(|| {
        DeployError::new(
            Exception::Validation,
            constraint(Some(a), "architectures", "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]"),
            help,
        )
        .at(&["Architectures"])
        .item(0)
    })
}

/// A layer version ARN: `arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION`.
pub fn is_layer_version_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    matches!(parts.as_slice(),
        ["arn", partition, "lambda", region, account, "layer", name, version]
            if partition.starts_with("aws")
                && !region.is_empty()
                && is_account(account)
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && !version.is_empty()
                && version.bytes().all(|b| b.is_ascii_digit()))
}

fn layer_problems(layers: &[String], package_type: PackageType) -> Vec<DeployError> {
    let mut problems = Vec::new();
    if package_type == PackageType::Image && !layers.is_empty() {
        // Ours in words; the rule is AWS's (facts §12: layers are not for container images).
        problems.push(
            DeployError::new(
                Exception::InvalidParameterValue,
                "Layers are not supported for functions with package type Image.",
                "put what the layer holds into the container image instead",
            )
            .at(&["Layers"]),
        );
        return problems;
    }
    if layers.len() > MAX_LAYERS {
        // Our wording: AWS's exact text for this limit was not verified.
        problems.push(
            DeployError::new(
                Exception::InvalidParameterValue,
                format!("A function can reference at most {MAX_LAYERS} layers; this request lists {}.", layers.len()),
                "a function uses at most 5 layers: merge some layers into one, or move code only this function uses into its own package",
            )
            .at(&["Layers"])
            .item(MAX_LAYERS),
        );
    }
    for (i, arn) in layers.iter().enumerate() {
        if !is_layer_version_arn(arn) {
            problems.push(
                DeployError::new(
                    Exception::Validation,
                    constraint(Some(arn), "layers", "Member must satisfy constraint: [Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)]"),
                    "name a layer by its version ARN, which ends with the version number: arn:aws:lambda:REGION:ACCOUNT:layer:NAME:3",
                )
                .at(&["Layers"])
                .item(i),
            );
            continue;
        }
        let layer = arn.rsplit_once(':').map_or(arn.as_str(), |(l, _)| l);
        if layers[..i]
            .iter()
            .any(|other| other.rsplit_once(':').map_or(other.as_str(), |(l, _)| l) == layer)
        {
            // Our wording.
            problems.push(
                DeployError::new(
                    Exception::InvalidParameterValue,
                    format!("The layer {layer} is referenced twice; a function can use one version of a layer."),
                    "keep only the version you want",
                )
                .at(&["Layers"])
                .item(i),
            );
        }
    }
    problems
}

/// Lambda's API model allows 16 subnets and 5 security groups.
fn vpc_problems(vpc: &VpcConfig) -> Vec<DeployError> {
    let mut problems = Vec::new();
    if vpc.subnet_ids.len() > 16 {
        problems.push(
            DeployError::new(
                Exception::Validation,
                constraint(None, "vpcConfig.subnetIds", "Member must have length less than or equal to 16"),
                "list at most 16 subnets (two or three, in different Availability Zones, are usual)",
            )
            .at(&["VpcConfig", "SubnetIds"]),
        );
    }
    if vpc.security_group_ids.len() > 5 {
        problems.push(
            DeployError::new(
                Exception::Validation,
                constraint(
                    None,
                    "vpcConfig.securityGroupIds",
                    "Member must have length less than or equal to 5",
                ),
                "list at most 5 security groups",
            )
            .at(&["VpcConfig", "SecurityGroupIds"]),
        );
    }
    for (key, prefix, ids) in [
        ("SubnetIds", "subnet-", &vpc.subnet_ids),
        ("SecurityGroupIds", "sg-", &vpc.security_group_ids),
    ] {
        for (i, id) in ids.iter().enumerate() {
            if !id.starts_with(prefix) {
                // Our wording: AWS reports an EC2 lookup failure here.
                problems.push(
                    DeployError::new(
                        Exception::InvalidParameterValue,
                        format!("{id} is not a {} ID.", if prefix == "sg-" { "security group" } else { "subnet" }),
                        format!("these IDs start with `{prefix}`, such as \"{prefix}0123456789abcdef0\""),
                    )
                    .at(&["VpcConfig", key])
                    .item(i),
                );
            }
        }
    }
    // Our wording: a VPC attachment needs both (an empty pair detaches the function).
    if vpc.subnet_ids.is_empty() != vpc.security_group_ids.is_empty() {
        problems.push(
            DeployError::new(
                Exception::InvalidParameterValue,
                "A VPC configuration needs both SubnetIds and SecurityGroupIds.",
                "give the subnets the function's network interfaces go in and the security groups that control their traffic; to detach the function from the VPC, give both as empty lists",
            )
            .at(&["VpcConfig"]),
        );
    }
    problems
}

/// Every rule CreateFunction applies; the first is what Lambda answers.
pub fn validate_create(config: &FunctionConfig) -> Result<(), DeployError> {
    match config_problems(config, Operation::CreateFunction)
        .into_iter()
        .next()
    {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}
