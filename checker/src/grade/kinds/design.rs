//! Design: choose how the parts of a workflow call each other (synchronously
//! or asynchronously, who retries) and how failures are kept (destinations,
//! dead-letter queues). The choices are applied to the chapter's scenario and
//! run like a configuration; some are rules the simulator cannot judge (a
//! caller that needs an answer cannot get it from an asynchronous call).

use super::super::answers::{Doc, Node};
use super::super::catalogue::{CallChoice, Exercise};
use super::super::{Problem, Verdict};
use super::configure;
use crate::sim::{InvocationType, Simulation};

pub fn grade(exercise: &Exercise, docs: &[Doc]) -> Verdict {
    let problems = configure::check(exercise, docs);
    if problems.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(problems)
    }
}

/// The TOML file of choices, if the exercise has one.
fn choices_doc(docs: &[Doc]) -> Option<&Doc> {
    docs.iter().find(|d| d.file.ends_with(".toml"))
}

/// Reads `invocation` of a call's table: sync or async (AWS's own names,
/// RequestResponse and Event, are fine too).
fn invocation(node: &Node) -> Option<InvocationType> {
    match node.as_str()?.trim().to_lowercase().as_str() {
        "sync" | "synchronous" | "requestresponse" => Some(InvocationType::Sync),
        "async" | "asynchronous" | "event" => Some(InvocationType::Async),
        _ => None,
    }
}

fn table<'d>(doc: &'d Doc, call: &CallChoice) -> Result<&'d Node, Box<Problem>> {
    match doc.root.get(&call.key) {
        Some(t) if t.is_table() => Ok(t),
        Some(other) => Err(Box::new(
            Problem::new(format!("`{}` should be a table of choices", call.key))
                .at(doc.place_node(other))
                .help(format!(
                    "write `[{}]` on its own line, then the choices under it",
                    call.key
                )),
        )),
        None => Err(Box::new(
            Problem::new(format!("the choices for `{}` are missing", call.key))
                .at(doc.place_top())
                .help(format!(
                    "add a table `[{}]` with `invocation` and `retries`",
                    call.key
                )),
        )),
    }
}

/// The rules of the choices: the simulator shows timing, these show meaning.
pub fn check_choices(exercise: &Exercise, docs: &[Doc]) -> Vec<Problem> {
    let calls = &exercise.manifest.calls;
    let Some(doc) = choices_doc(docs) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for call in calls {
        let t = match table(doc, call) {
            Ok(t) => t,
            Err(p) => {
                problems.push(*p);
                continue;
            }
        };
        let Some(node) = t.get("invocation") else {
            problems.push(
                Problem::new(format!("`{}.invocation` is missing", call.key))
                    .at(doc.place_node(t))
                    .help("write `invocation = \"sync\"` or `invocation = \"async\"`"),
            );
            continue;
        };
        let Some(kind) = invocation(node) else {
            problems.push(
                Problem::new(format!(
                    "`{}.invocation` must be \"sync\" or \"async\", found {}",
                    call.key,
                    doc.source[node.span.clone()].trim()
                ))
                .at(doc.place_node(node))
                .help(
                    "\"sync\" is InvocationType RequestResponse, \"async\" is InvocationType Event",
                ),
            );
            continue;
        };
        if call.needs_result && kind == InvocationType::Async {
            problems.push(
                Problem::new(format!(
                    "{} must {}, but an asynchronous call only returns 202 Accepted",
                    call.caller, call.does
                ))
                .at(doc.place_node(node))
                .evidence(format!(
                    "with InvocationType Event, Lambda queues the event and answers at once; what the called function returns never reaches {}",
                    call.caller
                ))
                .help("when the caller needs the answer to carry on, invoke synchronously"),
            );
        }
        match t.get("retries").map(|n| (n, n.as_str().map(|s| s.trim().to_lowercase()))) {
            None => problems.push(
                Problem::new(format!("`{}.retries` is missing", call.key))
                    .at(doc.place_node(t))
                    .help("say who retries when the call fails: `retries = \"lambda\"` or `retries = \"caller\"`"),
            ),
            Some((n, Some(who))) if who == "lambda" || who == "caller" => {
                let right = if kind == InvocationType::Async { "lambda" } else { "caller" };
                if who != right {
                    let why = if kind == InvocationType::Async {
                        "for an asynchronous call Lambda keeps the event in its queue and retries a failed one itself (twice by default)"
                    } else {
                        "Lambda never retries a synchronous call: the caller gets the error (HTTP 200 with X-Amz-Function-Error) and decides"
                    };
                    problems.push(
                        Problem::new(format!(
                            "`{}.retries`: with {} invocation, \"{who}\" is not who retries",
                            call.key,
                            if kind == InvocationType::Async { "asynchronous" } else { "synchronous" }
                        ))
                        .at(doc.place_node(n))
                        .help(why),
                    );
                }
            }
            Some((n, _)) => problems.push(
                Problem::new(format!("`{}.retries` must be \"lambda\" or \"caller\"", call.key))
                    .at(doc.place_node(n)),
            ),
        }
    }
    problems
}

/// Sets the invocation type of each chosen call in the scenario.
pub fn apply_calls(
    exercise: &Exercise,
    docs: &[Doc],
    simulation: &mut Simulation,
) -> Result<(), Vec<Problem>> {
    let Some(doc) = choices_doc(docs) else {
        return Ok(());
    };
    for call in &exercise.manifest.calls {
        let Some(kind) = doc
            .root
            .get(&call.key)
            .and_then(|t| t.get("invocation"))
            .and_then(invocation)
        else {
            continue;
        };
        let f = simulation
            .functions
            .iter()
            .position(|x| x.name == call.caller)
            .ok_or_else(|| {
                vec![Problem::new(format!(
                    "the scenario has no function `{}` (a bug of the course)",
                    call.caller
                ))]
            })?;
        let calls = &mut simulation.functions[f].handler.calls;
        match calls.get_mut(call.index) {
            Some(c) => c.invocation = kind,
            None => {
                return Err(vec![Problem::new(format!(
                    "`{}` makes no call number {} (a bug of the course)",
                    call.caller, call.index
                ))])
            }
        }
    }
    Ok(())
}
