//! Grading least privilege: given the calls a function really makes, which
//! Allow statements grant more than that?
//!
//! No list of every AWS action is available offline, so "more than needed"
//! is judged against the needed calls themselves:
//! - a wildcard action (`s3:*`, `*`) or a `NotAction` grants actions beyond
//!   the named ones, unless the wildcard is itself what is needed;
//! - a named action that no needed call uses is unneeded;
//! - a wildcard resource is too wide when no needed resource is written with
//!   at least that wildcard (a needed resource may itself be a pattern, as
//!   `...:log-group:/aws/lambda/NAME:*` is for log streams, whose names are not
//!   known in advance); `*` is fine for needed calls on `*` (actions that name
//!   no resource);
//! - a statement that allows none of the needed calls is unneeded.
//!
//! Deny statements never grant anything and are not judged.

use std::fmt;

use super::evaluate::applies;
use super::matching::{action_matches, has_wildcard, resource_matches};
use super::policy::{Effect, Matcher, Policy, Request, StatementRef};

/// One way a statement allows more than needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub statement: StatementRef,
    pub kind: FindingKind,
    /// What is too broad and what to write instead, for the learner.
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// `"Action": "*"`: every action of every service.
    AllActions,
    /// A wildcard action such as `s3:*` or `s3:Get*`.
    WildcardAction { pattern: String },
    /// `NotAction` in an Allow statement: everything except a few actions.
    NotAction,
    /// A named action the function never calls.
    UnneededAction { action: String },
    /// `"Resource": "*"` where the resources are known.
    AllResources,
    /// A wildcard resource wider than the resources needed.
    WildcardResource { pattern: String },
    /// `NotResource` in an Allow statement: everything except a few resources.
    NotResource,
    /// A resource no needed call uses.
    UnneededResource { pattern: String },
    /// The statement allows none of the needed calls.
    UnneededStatement,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.statement, self.explanation)
    }
}

/// The Allow statements of `policy` that grant more than the `needed` calls.
pub fn excess_privileges(policy: &Policy, needed: &[Request]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, statement) in policy.statements.iter().enumerate() {
        if statement.effect != Effect::Allow {
            continue;
        }
        let at = StatementRef::new(0, policy, index);
        let mut add = |kind: FindingKind, explanation: String| {
            findings.push(Finding {
                statement: at.clone(),
                kind,
                explanation,
            })
        };
        let covered: Vec<&Request> = needed.iter().filter(|r| applies(statement, r)).collect();
        if covered.is_empty() {
            add(
                FindingKind::UnneededStatement,
                "allows none of the calls the function makes: remove it".to_string(),
            );
            continue;
        }
        let needed_actions = list(covered.iter().map(|r| r.action));
        match &statement.actions {
            Matcher::AllBut(_) => add(
                FindingKind::NotAction,
                format!(
                    "`NotAction` with Allow grants every action of every service except the listed ones, including ones that do not exist yet; list the actions instead: {needed_actions}"
                ),
            ),
            Matcher::Only(patterns) => {
                for pattern in patterns {
                    if pattern == "*" {
                        add(
                            FindingKind::AllActions,
                            format!(
                                "`\"Action\": \"*\"` grants every action of every AWS service; the function needs only {needed_actions}"
                            ),
                        );
                    } else if has_wildcard(pattern) {
                        let wanted: Vec<&str> = covered
                            .iter()
                            .map(|r| r.action)
                            .filter(|a| action_matches(pattern, a))
                            .collect();
                        if wanted.iter().any(|a| a.eq_ignore_ascii_case(pattern)) {
                            continue;
                        }
                        let instead = if wanted.is_empty() {
                            "none of the calls the function makes".to_string()
                        } else {
                            list(wanted.into_iter())
                        };
                        add(
                            FindingKind::WildcardAction {
                                pattern: pattern.clone(),
                            },
                            format!(
                                "`{pattern}` grants every action that matches it, now and in the future; of those the function needs only {instead}: name them instead"
                            ),
                        );
                    } else if !needed.iter().any(|r| r.action.eq_ignore_ascii_case(pattern)) {
                        add(
                            FindingKind::UnneededAction {
                                action: pattern.clone(),
                            },
                            format!("the function never calls `{pattern}`: remove it"),
                        );
                    }
                }
            }
        }
        match &statement.resources {
            Matcher::AllBut(_) => add(
                FindingKind::NotResource,
                format!(
                    "`NotResource` with Allow grants every resource except the listed ones; name the resources instead: {}",
                    list(covered.iter().map(|r| r.resource))
                ),
            ),
            Matcher::Only(patterns) => {
                for pattern in patterns {
                    let through: Vec<&str> = covered
                        .iter()
                        .map(|r| r.resource)
                        .filter(|res| resource_matches(pattern, res))
                        .collect();
                    if through.is_empty() {
                        add(
                            FindingKind::UnneededResource {
                                pattern: pattern.clone(),
                            },
                            format!(
                                "no call the function makes uses `{pattern}` with these actions: remove it"
                            ),
                        );
                        continue;
                    }
                    // The pattern is no wider than a needed resource written
                    // with at least the same wildcard.
                    if !has_wildcard(pattern)
                        || through.iter().any(|res| resource_matches(res, pattern))
                    {
                        continue;
                    }
                    let instead = list(through.into_iter());
                    if pattern == "*" {
                        add(
                            FindingKind::AllResources,
                            format!(
                                "`\"Resource\": \"*\"` applies these actions to every resource they can act on; the function needs only {instead}"
                            ),
                        );
                    } else {
                        add(
                            FindingKind::WildcardResource {
                                pattern: pattern.clone(),
                            },
                            format!(
                                "`{pattern}` covers more resources than the function uses; it needs only {instead}"
                            ),
                        );
                    }
                }
            }
        }
    }
    findings
}

/// `a`, `a and b`, `a, b and c`, each in backquotes, without repeats.
fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let mut unique: Vec<&str> = Vec::new();
    for item in items {
        if !unique.contains(&item) {
            unique.push(item);
        }
    }
    let quoted: Vec<String> = unique.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
