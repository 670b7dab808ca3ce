//! Lambda's deployment and configuration rules, with the exceptions and
//! messages Lambda uses. Where AWS's exact words are not known, the message
//! is ours and the code says so next to it.
//!
//! - [`config`]: the CreateFunction / UpdateFunctionConfiguration fields and
//!   their limits (name, role, runtime, handler, memory, timeout, `/tmp`,
//!   architectures, package type, layers, VPC, reserved concurrency);
//! - [`rules`]: the rule for each of those fields;
//! - [`env_vars`]: the rules for environment variables and the variables
//!   Lambda sets in every environment;
//! - [`package`]: package size limits and code storage;
//! - [`update`]: what can change after creation (runtime, architecture) and
//!   what cannot (package type);
//! - [`signing`]: code signing checks under `Warn` and `Enforce`;
//! - [`vpc`]: what a function attached to a VPC can reach;
//! - [`input`]: reading all of it from JSON, errors located by line and column.
//!
//! Errors are data ([`DeployError`]): the exception name, AWS's message, the
//! field and place, and help for a learner.

pub mod config;
pub mod env_vars;
mod error;
pub mod input;
pub mod package;
pub mod rules;
pub mod signing;
pub mod update;
pub mod vpc;

pub use config::{
    parse_function_name, Environment, EphemeralStorage, FunctionConfig, FunctionName, Operation,
    PackageType, VpcConfig,
};
pub use env_vars::{
    default_environment, log_stream_name, process_environment, reserved_environment,
    EnvironmentContext, InitializationType, RESERVED_NAMES,
};
pub use error::{DeployError, Exception, Location, Step};
pub use input::{
    check_create_function, check_update_function_configuration, parse_function_config,
};
pub use package::{validate_code_storage, validate_package, LayerVersion, Package, Upload};
pub use rules::{config_problems, is_layer_version_arn, validate_create};
pub use signing::{
    validate_code_signing_config, verify_signatures, Artifact, CodeSigningConfig, Signature,
    SignatureProblem, SigningProfile, UntrustedArtifactOnDeployment, Verification,
};
pub use update::{
    check_name_free, check_not_updating, update_problems, validate_reserved_concurrency,
    validate_update, CodeUpdate, LastUpdateStatus, Update,
};
pub use vpc::{
    aws_service_call, internet_call, internet_call_from, CallFailure, Route, Subnet, VpcNetwork,
};

#[cfg(test)]
mod tests;
