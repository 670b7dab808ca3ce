//! Deciding a request the way IAM does for identity-based policies: an
//! explicit Deny anywhere wins; otherwise an Allow anywhere allows; otherwise
//! the request is denied by default. (IAM User Guide, "Policy evaluation
//! logic"; only identity-based policies are modelled: no resource-based
//! policies, permission boundaries, SCPs or session policies.)

use super::matching::{action_matches, resource_matches};
use super::policy::{Decision, Effect, Matcher, Policy, Request, Statement, StatementRef};

/// Decides `request` against every statement of every policy.
pub fn evaluate(policies: &[Policy], request: &Request) -> Decision {
    let mut allow = None;
    for (p, policy) in policies.iter().enumerate() {
        for (s, statement) in policy.statements.iter().enumerate() {
            if !applies(statement, request) {
                continue;
            }
            match statement.effect {
                Effect::Deny => {
                    return Decision::ExplicitDeny {
                        statement: StatementRef::new(p, policy, s),
                    }
                }
                Effect::Allow => {
                    if allow.is_none() {
                        allow = Some(StatementRef::new(p, policy, s));
                    }
                }
            }
        }
    }
    match allow {
        Some(statement) => Decision::Allow { statement },
        None => Decision::ImplicitDeny,
    }
}

/// Whether a statement covers a request: its actions and its resources both match.
pub fn applies(statement: &Statement, request: &Request) -> bool {
    covers(&statement.actions, |p| action_matches(p, request.action))
        && covers(&statement.resources, |p| {
            resource_matches(p, request.resource)
        })
}

fn covers(matcher: &Matcher, matches: impl Fn(&str) -> bool) -> bool {
    match matcher {
        Matcher::Only(patterns) => patterns.iter().any(|p| matches(p)),
        Matcher::AllBut(patterns) => !patterns.iter().any(|p| matches(p)),
    }
}

/// The message AWS returns with `AccessDenied` when a function's role may not
/// make a call, in AWS's own shape, for instance:
///
/// `User: arn:aws:sts::123456789012:assumed-role/ROLE/FUNCTION is not authorized
/// to perform: s3:GetObject on resource: arn:aws:s3:::bucket/key because no
/// identity-based policy allows the s3:GetObject action`
///
/// The session name of a function's role is the function name. `role` is the
/// role's name or its ARN (`arn:aws:iam::ACCOUNT:role/PATH/NAME`); the account
/// comes from the ARN, or is the course's example account 123456789012.
/// `None` when the decision allows the call.
pub fn access_denied_message(
    role: &str,
    function: &str,
    request: &Request,
    decision: &Decision,
) -> Option<String> {
    let reason = match decision {
        Decision::Allow { .. } => return None,
        Decision::ImplicitDeny => format!(
            "because no identity-based policy allows the {} action",
            request.action
        ),
        Decision::ExplicitDeny { .. } => {
            "with an explicit deny in an identity-based policy".to_string()
        }
    };
    let (account, role_name) = role_parts(role);
    Some(format!(
        "User: arn:aws:sts::{account}:assumed-role/{role_name}/{function} is not authorized to perform: {} on resource: {} {reason}",
        request.action, request.resource
    ))
}

/// The account and the role name (without its path) of a role name or ARN.
fn role_parts(role: &str) -> (&str, &str) {
    match role.strip_prefix("arn:") {
        Some(rest) => {
            let parts: Vec<&str> = rest.splitn(5, ':').collect();
            let account = parts.get(3).copied().filter(|a| !a.is_empty());
            let name = parts
                .get(4)
                .and_then(|r| r.rsplit('/').next())
                .filter(|n| !n.is_empty());
            (account.unwrap_or(DEFAULT_ACCOUNT), name.unwrap_or(role))
        }
        None => (DEFAULT_ACCOUNT, role),
    }
}

/// The account ID the course uses in examples, as AWS's documentation does.
pub const DEFAULT_ACCOUNT: &str = "123456789012";
