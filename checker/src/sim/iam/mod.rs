//! IAM for the course: a small, exact evaluator of the identity-based
//! policies learners write for execution roles.
//!
//! - [`parse_policy`] reads a policy document; mistakes come back as a
//!   [`PolicyError`] with line, column and help.
//! - [`evaluate`] decides a [`Request`]: explicit Deny wins, then Allow, else
//!   the default (implicit) deny.
//! - [`excess_privileges`] grades least privilege against the calls a
//!   function really makes.
//! - [`access_denied_message`] writes AWS's AccessDenied text for a denied call.
//! - [`can_write_logs`] checks the calls Lambda makes with the role to
//!   deliver logs.
//!
//! Not modelled: `Condition` (refused when parsing, not ignored), resource-based
//! policies, permission boundaries, SCPs, session policies, policy variables.

mod evaluate;
mod lambda_role;
mod least_privilege;
mod matching;
mod parse;
mod policy;

pub use evaluate::{access_denied_message, applies, evaluate, DEFAULT_ACCOUNT};
pub use lambda_role::{
    basic_execution_role, can_write_logs, log_calls, log_group_name, log_permissions_for,
    MissingPermission, AWS_LAMBDA_BASIC_EXECUTION_ROLE, EXAMPLE_LOG_STREAM,
};
pub use least_privilege::{excess_privileges, Finding, FindingKind};
pub use matching::{action_matches, has_wildcard, resource_matches};
pub use parse::{parse_policy, PolicyError};
pub use policy::{Decision, Effect, Matcher, Policy, Request, Statement, StatementRef};

#[cfg(test)]
mod tests;
