//! Changing a function after it is created, and what cannot change.
//!
//! Facts §4 ("What is immutable?") and §13 row 11: the runtime changes with
//! UpdateFunctionConfiguration and the architecture with UpdateFunctionCode
//! (`Architectures`); only the package type (Zip or Image) is fixed at
//! creation. (The seed text's "can't be changed without re-creating your
//! function" is wrong.)

use super::config::{parse_function_name, FunctionConfig, Operation, PackageType};
use super::error::{DeployError, Exception};
use super::rules::{architecture_problem, config_problems};
use crate::sim::config::UNRESERVED_MINIMUM;
use crate::sim::iam::DEFAULT_ACCOUNT;

/// A change to an existing function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// UpdateFunctionConfiguration: only the keys given change.
    Configuration(Box<FunctionConfig>),
    /// UpdateFunctionCode: new code, possibly for another architecture.
    Code(CodeUpdate),
}

/// What UpdateFunctionCode carries that matters to the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeUpdate {
    /// A .zip (`ZipFile`/`S3Bucket`) or an image (`ImageUri`).
    pub package_type: PackageType,
    /// `["x86_64"]` or `["arm64"]`; `None` keeps the current one.
    pub architectures: Option<Vec<String>>,
}

/// The function as it is after `update`, or the first rule the update breaks.
pub fn validate_update(
    existing: &FunctionConfig,
    update: &Update,
) -> Result<FunctionConfig, DeployError> {
    update_problems(existing, update).map_err(|mut problems| problems.remove(0))
}

/// The function as it is after `update`, or every rule the update breaks.
///
/// An update replaces a key's whole value: `Environment` replaces all the
/// variables (those not listed are removed), `Layers` the whole list.
pub fn update_problems(
    existing: &FunctionConfig,
    update: &Update,
) -> Result<FunctionConfig, Vec<DeployError>> {
    let mut merged = existing.clone();
    let mut problems = Vec::new();
    match update {
        Update::Configuration(change) => {
            problems = config_problems(change, Operation::UpdateFunctionConfiguration);
            if let (Some(name), Ok(current)) = (
                &change.function_name,
                parse_function_name(existing.function_name.as_deref().unwrap_or("")),
            ) {
                if let Ok(named) = parse_function_name(name) {
                    if named.name != current.name {
                        let region = named.region.as_deref().unwrap_or("us-east-1");
                        let account = named.account.as_deref().unwrap_or(DEFAULT_ACCOUNT);
                        problems.push(
                            DeployError::new(
                                Exception::ResourceNotFound,
                                format!("Function not found: arn:aws:lambda:{region}:{account}:function:{}", named.name),
                                format!("this update names `{}`, but the function being updated is `{}`", named.name, current.name),
                            )
                            .at(&["FunctionName"]),
                        );
                    }
                }
            }
            let image = existing.package_type() == PackageType::Image;
            // Our wording; the rules are facts §12 (no layers for images) and
            // the image carrying its own runtime and handler.
            for (present, key) in [
                (change.runtime.is_some(), "Runtime"),
                (change.handler.is_some(), "Handler"),
                (
                    change.layers.as_ref().is_some_and(|l| !l.is_empty()),
                    "Layers",
                ),
            ] {
                if image && present {
                    problems.push(
                        DeployError::new(
                            Exception::InvalidParameterValue,
                            format!(
                                "{key} {} not supported for functions with package type Image.",
                                if key == "Layers" { "are" } else { "is" }
                            ),
                            "this function runs a container image, which carries its own runtime, entry point and dependencies: change the image instead",
                        )
                        .at(&[key]),
                    );
                }
            }
            apply(&mut merged, change);
        }
        Update::Code(code) => {
            if code.package_type != existing.package_type() {
                // Our wording; the rule is facts §4.
                problems.push(DeployError::new(
                    Exception::InvalidParameterValue,
                    format!(
                        "The function {} has package type {}; UpdateFunctionCode cannot deploy {} to it.",
                        existing.name(),
                        existing.package_type().name(),
                        match code.package_type {
                            PackageType::Zip => "a .zip package",
                            PackageType::Image => "a container image",
                        }
                    ),
                    "the package type is chosen when a function is created and is the one setting that can never change: create a new function with the other package type (runtime and architecture, by contrast, can be changed in place)",
                ));
            }
            if let Some(architectures) = &code.architectures {
                problems.extend(architecture_problem(architectures));
                merged.architectures = Some(architectures.clone());
            }
        }
    }
    if problems.is_empty() {
        Ok(merged)
    } else {
        Err(problems)
    }
}

/// Replaces every key the change gives. `PackageType` and `Architectures` are
/// not UpdateFunctionConfiguration keys and were refused before.
fn apply(config: &mut FunctionConfig, change: &FunctionConfig) {
    macro_rules! take {
        ($($field:ident),*) => {
            $(if let Some(value) = &change.$field {
                config.$field = Some(value.clone());
            })*
        };
    }
    take!(
        runtime,
        role,
        handler,
        description,
        memory_size,
        timeout,
        ephemeral_storage,
        environment,
        layers,
        vpc_config,
        reserved_concurrent_executions
    );
}

/// The state of a function's last update (GetFunction's `LastUpdateStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastUpdateStatus {
    Successful,
    /// An update is still being applied (attaching to a VPC takes a while).
    InProgress,
    Failed,
}

/// Lambda refuses a change while the previous one is still being applied.
pub fn check_not_updating(status: LastUpdateStatus, function_arn: &str) -> Result<(), DeployError> {
    if status != LastUpdateStatus::InProgress {
        return Ok(());
    }
    Err(DeployError::new(
        Exception::ResourceConflict,
        format!("The operation cannot be performed at this time. An update is in progress for resource: {function_arn}"),
        "wait until the function's LastUpdateStatus is Successful (`aws lambda wait function-updated`), then try again; scripts that update code and configuration back to back must wait in between",
    ))
}

/// CreateFunction refuses a name already in use in the Region.
pub fn check_name_free(existing_names: &[&str], name: &str) -> Result<(), DeployError> {
    if !existing_names.contains(&name) {
        return Ok(());
    }
    Err(DeployError::new(
        Exception::ResourceConflict,
        format!("Function already exist: {name}"),
        "a function with this name exists: change it with update-function-code / update-function-configuration, or choose another name",
    )
    .at(&["FunctionName"]))
}

/// PutFunctionConcurrency: reserving concurrency for one function must leave
/// at least 100 unreserved for the others (facts §5, "Reserved concurrency").
pub fn validate_reserved_concurrency(
    requested: i64,
    account_limit: u32,
    reserved_by_others: u32,
) -> Result<(), DeployError> {
    if requested < 0 {
        return Err(DeployError::new(
            Exception::Validation,
            super::error::constraint(
                Some(&requested.to_string()),
                "reservedConcurrentExecutions",
                "Member must have value greater than or equal to 0",
            ),
            "reserve 0 (the function is switched off) or more concurrent executions",
        )
        .at(&["ReservedConcurrentExecutions"]));
    }
    let left = i64::from(account_limit) - i64::from(reserved_by_others) - requested;
    if left < i64::from(UNRESERVED_MINIMUM) {
        return Err(DeployError::new(
            Exception::InvalidParameterValue,
            format!("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{UNRESERVED_MINIMUM}]."),
            format!(
                "the account has {account_limit} concurrent executions and {reserved_by_others} are reserved by other functions; at least {UNRESERVED_MINIMUM} must stay unreserved, so this function can reserve at most {}",
                (i64::from(account_limit) - i64::from(reserved_by_others) - i64::from(UNRESERVED_MINIMUM)).max(0)
            ),
        )
        .at(&["ReservedConcurrentExecutions"]));
    }
    Ok(())
}
