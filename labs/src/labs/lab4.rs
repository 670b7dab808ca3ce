//! Lab 4: a first function invokes a second one asynchronously, then
//! synchronously, with the AWS SDK v3 InvokeCommand. Checks: the async call
//! returned before the callee finished, the sync call waited, and the second
//! function's logs show cold starts (Init Duration).

use std::time::Duration;

use serde_json::Value;

use super::check::{invoke_json, show, Check, Checks, Failure};
use super::Context;
use crate::config::{CodeSource, FunctionSpec};

pub const FIRST: &str = "firstFunction";
pub const SECOND: &str = "secondFunction";

pub fn run(cx: &Context<'_>) -> Vec<Check> {
    let mut checks = Checks::new();
    let sdk = cx
        .emu
        .config()
        .runtime_node_modules
        .as_ref()
        .map(|m| m.join("@aws-sdk/client-lambda/package.json"));
    let ok = checks.push(
        "The runtime provides the AWS SDK for JavaScript v3",
        match sdk {
            Some(p) if p.is_file() => Ok(String::new()),
            _ => Err(Failure::new(
                "the emulator's runtime has no @aws-sdk/client-lambda",
                "the SDK that Lambda's Node.js runtime includes",
                "run `npm ci --prefix labs/runtime` once, from the repository's folder",
            )),
        },
    );
    if !ok {
        return checks.list;
    }

    let mut second = FunctionSpec::new(
        SECOND,
        "index.handler",
        CodeSource::Folder(cx.folder().join("second")),
    );
    second.timeout = Duration::from_secs(10);
    let mut first = FunctionSpec::new(
        FIRST,
        "index.handler",
        CodeSource::Folder(cx.folder().join("first")),
    );
    first.timeout = Duration::from_secs(15);
    first.memory_mb = 256;
    cx.emu.clear_logs(FIRST);
    cx.emu.clear_logs(SECOND);
    for spec in [second, first] {
        let name = spec.name.clone();
        if let Err(e) = cx.emu.deploy(spec) {
            checks.push(
                format!("{name} deploys"),
                Err(Failure::new(
                    e,
                    "both functions deploy",
                    "fix the problem named above",
                )),
            );
            return checks.list;
        }
    }

    let answer = invoke_json(cx.emu, FIRST, "{}");
    cx.emu.wait_async(Duration::from_secs(20));
    let value = match answer {
        Ok((_, v)) => v,
        Err(f) => {
            checks.push(format!("{FIRST} runs"), Err(f));
            return checks.list;
        }
    };
    let work = value["workMs"].as_u64().unwrap_or(1000);
    let todo = |v: &Value| v == "TODO" || v["statusCode"] == "TODO";

    let asynchronous = &value["asyncCall"];
    let result = if todo(asynchronous) || todo(&value["syncCall"]) {
        Err(Failure::new(
            format!("{FIRST} answered {}", show(&value)),
            "asyncCall and syncCall filled in by two calls to invokeSecond",
            "do TODO 1 (send the InvokeCommand) and TODO 2 (call invokeSecond twice) in first/index.js",
        ))
    } else if asynchronous["statusCode"] != 202 {
        Err(Failure::new(
            format!(
                "the asynchronous call answered status {}",
                show(&asynchronous["statusCode"])
            ),
            "status 202 (Accepted): Lambda queued the event",
            "call invokeSecond('Event') first: InvocationType 'Event' is the asynchronous one",
        ))
    } else if asynchronous["tookMs"].as_u64().unwrap_or(u64::MAX) >= work {
        Err(Failure::new(
            format!(
                "the asynchronous call took {} ms",
                show(&asynchronous["tookMs"])
            ),
            format!("well under {work} ms: the caller does not wait for the work"),
            "use InvocationType: invocationType in the InvokeCommand (TODO 1)",
        ))
    } else {
        Ok(format!("202 after {} ms", asynchronous["tookMs"]))
    };
    let async_ok = checks.push(
        format!("The asynchronous call returned before {SECOND} finished"),
        result,
    );

    let logs: Vec<String> = cx.emu.logs(SECOND).into_iter().map(|e| e.message).collect();
    let second_failed = first_error(&logs).map(|(error_type, message)| {
        Failure::new(
            format!("{SECOND} failed with {error_type}: {message}"),
            format!("{SECOND} does its work and answers"),
            format!("fix second/index.js; `course lab logs {SECOND}` shows the error, and Lambda retried the asynchronous event after it"),
        )
    });

    let synchronous = &value["syncCall"];
    let result = if !async_ok && todo(synchronous) {
        Err(Failure::new(
            "not checked: see the check above",
            "a synchronous call",
            "fix the check above first",
        ))
    } else if let Some(failure) = second_failed.clone() {
        Err(failure)
    } else if synchronous["statusCode"] != 200 {
        Err(Failure::new(
            format!(
                "the synchronous call answered status {}",
                show(&synchronous["statusCode"])
            ),
            "status 200 with the second function's answer",
            "call invokeSecond('RequestResponse') for the second call",
        ))
    } else if synchronous["tookMs"].as_u64().unwrap_or(0) < work {
        Err(Failure::new(
            format!(
                "the synchronous call took {} ms",
                show(&synchronous["tookMs"])
            ),
            format!("at least {work} ms: the caller waits until {SECOND} has done its work"),
            "await the lambda.send(...) call",
        ))
    } else {
        Ok(format!("200 after {} ms", synchronous["tookMs"]))
    };
    checks.push(
        format!("The synchronous call waited for {SECOND}'s answer"),
        result,
    );

    let starts = logs
        .iter()
        .filter(|m| m.starts_with("START RequestId:"))
        .count();
    let cold = logs
        .iter()
        .filter(|m| m.contains("\tInit Duration: "))
        .count();
    let result = if starts == 2 && cold == 2 {
        Ok(format!(
            "2 cold starts: the first environment was still busy with the asynchronous event; see `course lab logs {SECOND}`"
        ))
    } else if starts == 2 && cold >= 1 {
        Ok(format!(
            "Init Duration in the logs; see `course lab logs {SECOND}`"
        ))
    } else if second_failed.is_some() {
        Err(Failure::new(
            format!("{SECOND}'s logs show {starts} invocation(s), {cold} with Init Duration"),
            "2 invocations, with Init Duration (cold starts) in the REPORT lines",
            "fix the check above first: a failed asynchronous event is retried, which adds invocations",
        ))
    } else {
        Err(Failure::new(
            format!("{SECOND}'s logs show {starts} invocation(s), {cold} with Init Duration"),
            "2 invocations, with Init Duration (cold starts) in the REPORT lines",
            "make sure both calls name FunctionName: 'secondFunction'",
        ))
    };
    checks.push(
        format!("{SECOND}'s logs show cold starts (Init Duration)"),
        result,
    );
    checks.list
}

/// The first error a function reported in its logs (the runtime's
/// `Invoke Error` line): its type and message.
fn first_error(logs: &[String]) -> Option<(String, String)> {
    logs.iter().find_map(|line| {
        let json = line.split_once("Invoke Error \t")?.1;
        let body: Value = serde_json::from_str(json.trim()).ok()?;
        Some((
            body["errorType"].as_str().unwrap_or("Error").to_string(),
            body["errorMessage"].as_str().unwrap_or("").to_string(),
        ))
    })
}
