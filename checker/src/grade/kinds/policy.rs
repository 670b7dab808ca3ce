//! Policy: the learner writes an execution role's permissions policy. It must
//! allow every call the function makes and nothing more: no wildcard where
//! the resource is known, no action the function never calls. The policy is
//! read and evaluated by the simulator's IAM model (`sim::iam`).

use super::super::answers::{Doc, Node, Place};
use super::super::catalogue::{Call, Exercise, PolicyTask};
use super::super::{Problem, Verdict};
use crate::sim::iam::{
    access_denied_message, evaluate, excess_privileges, parse_policy, Decision, FindingKind,
    Policy, Request,
};

pub fn grade(exercise: &Exercise, docs: &[Doc]) -> Verdict {
    let (Some(task), Some(doc)) = (&exercise.manifest.policy, docs.first()) else {
        return Verdict::Fail(vec![Problem::new(
            "this exercise has no policy task (a bug of the course)",
        )]);
    };
    let problems = check(task, doc);
    if problems.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(problems)
    }
}

fn check(task: &PolicyTask, doc: &Doc) -> Vec<Problem> {
    let policy = match parse_policy(&doc.source) {
        Ok(p) => p.named("the role's policy"),
        Err(e) => {
            let place = Place {
                file: doc.file.clone(),
                line: e.line,
                column: e.column,
                width: e.width,
                text: doc
                    .source
                    .lines()
                    .nth(e.line.saturating_sub(1))
                    .unwrap_or("")
                    .to_string(),
            };
            let mut p = Problem::new(e.message.clone()).at(place);
            p.help = e.help.clone();
            return vec![p];
        }
    };
    let mut problems = Vec::new();
    for call in &task.needs {
        let request = Request::new(&call.action, &call.resource);
        let decision = evaluate(std::slice::from_ref(&policy), &request);
        if decision.is_allowed() {
            continue;
        }
        let denied = access_denied_message(&task.role, &task.function, &request, &decision)
            .unwrap_or_default();
        let place = match &decision {
            Decision::ExplicitDeny { statement } => statement_place(doc, statement.index),
            _ => statements_place(doc),
        };
        problems.push(
            Problem::new(format!(
                "{} cannot {}: `{}` on `{}` is not allowed",
                task.function, call.why, call.action, call.resource
            ))
            .at(place)
            .evidence(format!(
                "the call would fail with AccessDeniedException: {denied}"
            ))
            .help(format!(
                "add a statement that allows \"Action\": \"{}\" on \"Resource\": \"{}\"",
                call.action, call.resource
            )),
        );
    }
    let needed: Vec<Request> = task
        .needs
        .iter()
        .map(|c| Request::new(&c.action, &c.resource))
        .collect();
    let mut shown: Vec<usize> = Vec::new();
    for finding in excess_privileges(&policy, &needed) {
        let index = finding.statement.index;
        let (what, place) = finding_place(doc, index, &finding.kind);
        let mut p = Problem::new(format!(
            "{} allows more than {} needs{what}",
            statement_name(&policy, index),
            task.function
        ))
        .at(place)
        .evidence(finding.explanation.clone());
        let widens = !matches!(
            finding.kind,
            FindingKind::UnneededAction { .. }
                | FindingKind::UnneededResource { .. }
                | FindingKind::UnneededStatement
        );
        let call =
            too_much(&policy, index, &task.denies).filter(|_| widens && !shown.contains(&index));
        if let Some(call) = call {
            shown.push(index);
            p = p.evidence(format!(
                "with it, a bug or a compromised dependency could call `{}` on `{}` ({})",
                call.action, call.resource, call.why
            ));
        }
        problems.push(p.help(help_for(&finding.kind)));
    }
    // Calls that must stay impossible, if no finding has shown them already.
    if problems.is_empty() {
        for call in &task.denies {
            let request = Request::new(&call.action, &call.resource);
            if let Decision::Allow { statement } = evaluate(std::slice::from_ref(&policy), &request)
            {
                problems.push(
                    Problem::new(format!(
                        "{} allows `{}` on `{}`, which {} must never do",
                        statement_name(&policy, statement.index),
                        call.action,
                        call.resource,
                        task.function
                    ))
                    .at(statement_place(doc, statement.index))
                    .evidence(call.why.clone()),
                );
            }
        }
    }
    problems
}

/// "statement 2" or "statement `ReadUploads`".
fn statement_name(policy: &Policy, index: usize) -> String {
    match policy.statements.get(index).and_then(|s| s.sid.as_deref()) {
        Some(sid) => format!("statement `{sid}`"),
        None => format!("statement {}", index + 1),
    }
}

/// The first forbidden call that this statement allows.
fn too_much<'c>(policy: &Policy, index: usize, denies: &'c [Call]) -> Option<&'c Call> {
    denies.iter().find(|call| {
        matches!(
            evaluate(std::slice::from_ref(policy), &Request::new(&call.action, &call.resource)),
            Decision::Allow { statement } if statement.index == index
        )
    })
}

fn help_for(kind: &FindingKind) -> String {
    match kind {
        FindingKind::AllActions | FindingKind::WildcardAction { .. } | FindingKind::NotAction => {
            "name each action the function calls, one by one".to_string()
        }
        FindingKind::AllResources
        | FindingKind::WildcardResource { .. }
        | FindingKind::NotResource => {
            "name the resource: the bucket and prefix, the table, the function or the log group it uses".to_string()
        }
        FindingKind::UnneededAction { .. }
        | FindingKind::UnneededResource { .. }
        | FindingKind::UnneededStatement => "remove it: least privilege grants only what is used".to_string(),
    }
}

/// The statements of the document, as nodes (one object or a list).
fn statement_nodes(doc: &Doc) -> Vec<&Node> {
    match doc.root.get("Statement") {
        Some(node) if node.is_table() => vec![node],
        Some(node) => node.items().iter().collect(),
        None => Vec::new(),
    }
}

fn statements_place(doc: &Doc) -> Place {
    match doc.root.entry("Statement") {
        Some(entry) => doc.place_key(entry),
        None => doc.place_top(),
    }
}

fn statement_place(doc: &Doc, index: usize) -> Place {
    statement_nodes(doc).get(index).map_or_else(
        || statements_place(doc),
        |n| doc.place(&(n.span.start..n.span.start + 1)),
    )
}

/// Where a finding is: the action or resource pattern it is about, and how
/// to name it in the message.
fn finding_place(doc: &Doc, index: usize, kind: &FindingKind) -> (String, Place) {
    let Some(statement) = statement_nodes(doc).get(index).copied() else {
        return (String::new(), statements_place(doc));
    };
    let (keys, pattern): (&[&str], Option<&str>) = match kind {
        FindingKind::AllActions => (&["Action"], Some("*")),
        FindingKind::WildcardAction { pattern } => (&["Action"], Some(pattern.as_str())),
        FindingKind::UnneededAction { action } => (&["Action"], Some(action.as_str())),
        FindingKind::NotAction => (&["NotAction"], None),
        FindingKind::AllResources => (&["Resource"], Some("*")),
        FindingKind::WildcardResource { pattern } | FindingKind::UnneededResource { pattern } => {
            (&["Resource"], Some(pattern.as_str()))
        }
        FindingKind::NotResource => (&["NotResource"], None),
        FindingKind::UnneededStatement => (&[], None),
    };
    for key in keys {
        let Some(node) = statement.get(key) else {
            continue;
        };
        let items: Vec<&Node> = if node.as_str().is_some() {
            vec![node]
        } else {
            node.items().iter().collect()
        };
        if let Some(pattern) = pattern {
            if let Some(item) = items.iter().find(|i| i.as_str() == Some(pattern)) {
                return (format!(": `{pattern}`"), doc.place_node(item));
            }
        }
        return (String::new(), doc.place_node(node));
    }
    (
        String::new(),
        doc.place(&(statement.span.start..statement.span.start + 1)),
    )
}
