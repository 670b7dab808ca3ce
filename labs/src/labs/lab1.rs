//! Lab 1: write the handler, invoke it with test events, read its logs.
//! Checks: the greeting for each test event; global code ran once per
//! environment across three warm invocations.

use std::fs;
use std::time::Duration;

use serde_json::Value;

use super::check::{invoke_json, show, size, Check, Checks, Failure};
use super::Context;
use crate::config::{CodeSource, FunctionSpec};

pub const FUNCTION: &str = "hello-world";

/// The test events and the greeting each must produce.
const EVENTS: [(&str, &str); 3] = [
    ("ada.json", "Hello, Ada!"),
    ("grace.json", "Hello, Grace Hopper!"),
    ("no-name.json", "Hello, World!"),
];

pub fn run(cx: &Context<'_>) -> Vec<Check> {
    let mut checks = Checks::new();
    let mut spec = FunctionSpec::new(FUNCTION, "index.handler", CodeSource::Folder(cx.folder()));
    spec.timeout = Duration::from_secs(3);
    cx.emu.clear_logs(FUNCTION);
    let deployed = cx.emu.deploy(spec.clone()).map_err(|e| {
        Failure::new(
            e,
            "the folder deploys as a Lambda function",
            "fix the problem named above, then run the lab again",
        )
    });
    let ok = checks.push(
        format!("The folder deploys as the function {FUNCTION}"),
        deployed.map(|p| format!("{} zipped", size(p.code_size))),
    );
    if !ok {
        return checks.list;
    }

    for (file, greeting) in EVENTS {
        let path = cx.course_lab_dir().join("events").join(file);
        let title = format!("Test event events/{file} gets \"{greeting}\"");
        let payload = match fs::read_to_string(&path) {
            Ok(p) => p,
            Err(_) => {
                checks.push(
                    title,
                    Err(Failure::new(
                        format!("the test event {} is missing", cx.show(&path)),
                        "the test events of the lab are there",
                        format!("restore it with `git checkout -- {}`", cx.show(&path)),
                    )),
                );
                continue;
            }
        };
        let result = invoke_json(cx.emu, FUNCTION, &payload).and_then(|(_, value)| {
            if value["message"] == greeting {
                return Ok(String::new());
            }
            let try_this = if value["message"] == "TODO" {
                "do TODO 2 in index.js: read the name from the event and build the message"
            } else {
                "compare your message with the expected one, letter by letter (the comma, the space, the ! at the end)"
            };
            Err(Failure::new(
                format!("the function answered {}", show(&value)),
                format!("an answer with \"message\": \"{greeting}\""),
                try_this,
            ))
        });
        checks.push(title, result);
    }

    // A fresh deployment, so the three invocations start from a cold start.
    let _ = cx.emu.deploy(spec);
    cx.emu.clear_logs(FUNCTION);
    let counts: Result<Vec<Value>, Failure> = (0..3)
        .map(|_| {
            invoke_json(cx.emu, FUNCTION, r#"{"name":"Ada"}"#)
                .map(|(_, v)| v["invocationCount"].clone())
        })
        .collect();
    let invocations_answered = counts.is_ok();
    let result = counts.and_then(|counts| {
        let expected: Vec<Value> = vec![1.into(), 2.into(), 3.into()];
        if counts == expected {
            return Ok("invocationCount went 1, 2, 3 in one environment".into());
        }
        let try_this = if counts.iter().all(|c| c == &Value::from(0)) {
            "do TODO 1 in index.js: add 1 to invocationCount in the handler"
        } else {
            "count in the handler (invocationCount = invocationCount + 1) and keep `let invocationCount = 0;` outside it, in the global code"
        };
        Err(Failure::new(
            format!("three invocations in a row answered invocationCount {}", show(&Value::from(counts))),
            "1, then 2, then 3: global code runs once per environment, the handler once per invocation",
            try_this,
        ))
    });
    checks.push(
        "Global code runs once per environment (three warm invocations)",
        result,
    );

    let logs: Vec<String> = cx
        .emu
        .logs(FUNCTION)
        .into_iter()
        .map(|e| e.message)
        .collect();
    let reports = logs
        .iter()
        .filter(|m| m.starts_with("REPORT RequestId:"))
        .count();
    let cold = logs
        .iter()
        .filter(|m| m.contains("\tInit Duration: "))
        .count();
    let global = logs
        .iter()
        .filter(|m| m.contains("\tundefined\tINFO\t"))
        .count();
    let started = cx
        .emu
        .stats(FUNCTION)
        .map(|s| s.environments_started)
        .unwrap_or(0);
    let result = if reports == 3 && cold == 1 && started == 1 && global <= 1 {
        Ok(format!(
            "3 REPORT lines, Init Duration on the first only; see them with `course lab logs {FUNCTION}`"
        ))
    } else {
        let lines = if reports == 1 { "line" } else { "lines" };
        Err(Failure::new(
            format!("the logs show {reports} REPORT {lines}, {cold} with Init Duration, from {started} environment(s)"),
            "3 REPORT lines, only the first with Init Duration (one cold start, then two warm invocations)",
            if invocations_answered {
                "make sure the handler does not crash or call process.exit, then run the lab again"
            } else {
                "fix the check above first: each failed invocation can end its environment"
            },
        ))
    };
    checks.push(
        "The logs show one cold start, then warm invocations",
        result,
    );
    checks.list
}
