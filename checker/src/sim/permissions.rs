//! What a function's execution role lets it do, worked out once before a run:
//! its own calls to AWS services and to other functions, Lambda's delivery of
//! its logs, and of its asynchronous records to destinations.

use super::config::{Destination, DestinationKind, Function};
use super::iam::{self, Request};
use super::records::{ACCOUNT, REGION};

/// The ARN of a function.
pub fn function_arn(name: &str) -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}")
}

/// The action and resource Lambda uses to write to a destination.
pub fn destination_call(destination: &Destination) -> (String, String) {
    let name = &destination.name;
    match destination.kind {
        DestinationKind::Sqs => (
            "sqs:SendMessage".into(),
            format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"),
        ),
        DestinationKind::Sns => (
            "sns:Publish".into(),
            format!("arn:aws:sns:{REGION}:{ACCOUNT}:{name}"),
        ),
        DestinationKind::Lambda => ("lambda:InvokeFunction".into(), function_arn(name)),
        DestinationKind::EventBridge => (
            "events:PutEvents".into(),
            format!("arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{name}"),
        ),
        DestinationKind::S3 => ("s3:PutObject".into(), format!("arn:aws:s3:::{name}/*")),
    }
}

/// Why the role denies `action` on `resource`, or `None` when it allows it
/// (or when the function has no role to check).
pub fn denied(function: &Function, action: &str, resource: &str) -> Option<String> {
    let role = function.role.as_ref()?;
    let request = Request::new(action, resource);
    let decision = iam::evaluate(&role.policies, &request);
    iam::access_denied_message(&role.name, &function.name, &request, &decision)
}

/// The role's verdicts on what Lambda does for a function: deliver its logs
/// and its asynchronous records. `None` means allowed.
#[derive(Debug, Clone, Default)]
pub struct Permissions {
    /// Why the function's logs are lost, if they are.
    pub logs: Option<String>,
    pub on_success: Option<String>,
    pub on_failure: Option<String>,
    pub dead_letter_queue: Option<String>,
}

impl Permissions {
    pub fn of(function: &Function) -> Self {
        let Some(role) = &function.role else {
            return Permissions::default();
        };
        let destination = |d: &Option<Destination>| {
            d.as_ref().and_then(|d| {
                let (action, resource) = destination_call(d);
                denied(function, &action, &resource)
            })
        };
        Permissions {
            logs: iam::can_write_logs(
                &role.policies,
                &function.name,
                REGION,
                ACCOUNT,
                role.log_group_exists,
            )
            .err()
            .map(|missing| missing.to_string()),
            on_success: destination(&function.async_config.on_success),
            on_failure: destination(&function.async_config.on_failure),
            dead_letter_queue: destination(&function.async_config.dead_letter_queue),
        }
    }
}
