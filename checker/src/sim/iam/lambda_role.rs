//! The calls Lambda itself makes with a function's execution role: sending
//! the function's logs to CloudWatch Logs. Without these permissions the
//! function still runs, but writes no logs (facts §10.2, "Permissions";
//! §13 row 32: `logs:CreateLogGroup` is needed only when the group does not
//! exist yet).
//!
//! The resources are the ones IAM sees for these calls. `CreateLogGroup` is
//! authorised on `arn:aws:logs:REGION:ACCOUNT:log-group:NAME:log-stream:`
//! (with the empty stream part: AWS's AccessDenied messages for this call show
//! it), so a statement naming the bare group ARN
//! `...:log-group:/aws/lambda/NAME` does not allow it, while
//! `...:log-group:/aws/lambda/NAME:*` does. Stream calls are authorised on
//! `...:log-group:NAME:log-stream:STREAM`.

use std::fmt;

use super::evaluate::evaluate;
use super::parse::parse_policy;
use super::policy::{Decision, Policy, Request};

/// The AWS managed policy `AWSLambdaBasicExecutionRole` (facts §10.2): the
/// three log calls on every resource.
pub const AWS_LAMBDA_BASIC_EXECUTION_ROLE: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents"
      ],
      "Resource": "*"
    }
  ]
}"#;

/// [`AWS_LAMBDA_BASIC_EXECUTION_ROLE`], parsed and named.
pub fn basic_execution_role() -> Policy {
    match parse_policy(AWS_LAMBDA_BASIC_EXECUTION_ROLE) {
        Ok(policy) => policy.named("AWSLambdaBasicExecutionRole"),
        // The text is a constant, checked by the tests: this branch is never taken.
        Err(_) => Policy {
            name: Some("AWSLambdaBasicExecutionRole".into()),
            version: None,
            id: None,
            statements: Vec::new(),
        },
    }
}

/// The log group Lambda writes a function's logs to (facts §10.2).
pub fn log_group_name(function: &str) -> String {
    format!("/aws/lambda/{function}")
}

/// What a least-privilege execution role grants for logging: the three log
/// actions on the function's own log group and its streams. Use it as the
/// `needed` calls of [`super::excess_privileges`] or to write a policy.
pub fn log_permissions_for(function: &str, region: &str, account: &str) -> Vec<(String, String)> {
    let streams = format!(
        "arn:aws:logs:{region}:{account}:log-group:{}:*",
        log_group_name(function)
    );
    [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
    ]
    .into_iter()
    .map(|action| (action.to_string(), streams.clone()))
    .collect()
}

/// A stream name of the shape Lambda uses, `YYYY/MM/DD/[VERSION]ID`, for the
/// checks below: policies name streams by wildcard, never one by one.
pub const EXAMPLE_LOG_STREAM: &str = "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef";

/// The calls Lambda makes to deliver logs, as (action, resource), in the
/// order it makes them; `CreateLogGroup` only when the group is missing.
pub fn log_calls(
    function: &str,
    region: &str,
    account: &str,
    group_exists: bool,
) -> Vec<(String, String)> {
    let group = format!(
        "arn:aws:logs:{region}:{account}:log-group:{}",
        log_group_name(function)
    );
    let stream = format!("{group}:log-stream:{EXAMPLE_LOG_STREAM}");
    let mut calls = Vec::new();
    if !group_exists {
        calls.push((
            "logs:CreateLogGroup".to_string(),
            format!("{group}:log-stream:"),
        ));
    }
    calls.push(("logs:CreateLogStream".to_string(), stream.clone()));
    calls.push(("logs:PutLogEvents".to_string(), stream));
    calls
}

/// Whether the execution role lets Lambda deliver the function's logs; if
/// not, the first call it may not make. `group_exists`: the log group was
/// created beforehand, so `CreateLogGroup` is not needed.
pub fn can_write_logs(
    policies: &[Policy],
    function: &str,
    region: &str,
    account: &str,
    group_exists: bool,
) -> Result<(), Box<MissingPermission>> {
    for (action, resource) in log_calls(function, region, account, group_exists) {
        let decision = evaluate(policies, &Request::new(&action, &resource));
        if !decision.is_allowed() {
            return Err(Box::new(MissingPermission {
                action,
                resource,
                decision,
            }));
        }
    }
    Ok(())
}

/// A call the execution role does not allow, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingPermission {
    pub action: String,
    pub resource: String,
    pub decision: Decision,
}

impl fmt::Display for MissingPermission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the execution role may not call {} on {} ({}), so the function's logs are lost",
            self.action, self.resource, self.decision
        )
    }
}
