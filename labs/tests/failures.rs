//! Every bad case a handler can produce gets Lambda's answer, and the
//! emulator keeps serving afterwards.

use crate::support;

use std::time::{Duration, Instant};

use labs::{CodeSource, FunctionSpec, InvokeRequest};
use serde_json::Value;

fn body(r: &labs::InvokeResponse) -> Value {
    serde_json::from_slice(&r.payload).unwrap_or(Value::Null)
}

#[test]
fn throwing_rejecting_and_callback_errors_are_unhandled_function_errors() {
    let emu = support::emulator("throws");
    support::deploy_js(
        &emu,
        "throws",
        r#"
        exports.handler = async (event, context, callback) => {
          if (event.mode === "throw") throw new TypeError("bad input");
          if (event.mode === "reject") return Promise.reject(new Error("rejected"));
          if (event.mode === "string") throw "just a string";
          return { ok: true };
        };
        "#,
    );
    let r = emu
        .invoke(InvokeRequest::new("throws", r#"{"mode":"throw"}"#))
        .unwrap();
    assert_eq!(r.status_code, 200);
    assert_eq!(r.function_error.as_deref(), Some("Unhandled"));
    let b = body(&r);
    assert_eq!(b["errorType"], "TypeError");
    assert_eq!(b["errorMessage"], "bad input");
    assert!(b["trace"].as_array().is_some_and(|t| !t.is_empty()));

    let r = emu
        .invoke(InvokeRequest::new("throws", r#"{"mode":"reject"}"#))
        .unwrap();
    assert_eq!(body(&r)["errorMessage"], "rejected");
    let r = emu
        .invoke(InvokeRequest::new("throws", r#"{"mode":"string"}"#))
        .unwrap();
    assert_eq!(body(&r)["errorType"], "string");

    // The same environment goes on serving.
    let r = emu.invoke(InvokeRequest::new("throws", "{}")).unwrap();
    assert_eq!(r.function_error, None);
    assert_eq!(body(&r)["ok"], true);
    assert_eq!(emu.stats("throws").unwrap().environments_started, 1);
    let logs = support::messages(&emu, "throws");
    assert!(
        logs.iter()
            .any(|m| m.contains("\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\"")),
        "{logs:#?}"
    );

    support::deploy_js(
        &emu,
        "callbacks",
        r#"
        exports.handler = (event, context, callback) => {
          if (event.fail) return callback(new Error("callback failure"));
          setTimeout(() => callback(null, { style: "callback" }), 5);
        };
        "#,
    );
    let r = emu.invoke(InvokeRequest::new("callbacks", "{}")).unwrap();
    assert_eq!(body(&r)["style"], "callback");
    let r = emu
        .invoke(InvokeRequest::new("callbacks", r#"{"fail":true}"#))
        .unwrap();
    assert_eq!(body(&r)["errorMessage"], "callback failure");
}

#[test]
fn a_hanging_handler_times_out_and_its_environment_is_replaced() {
    let emu = support::emulator("hangs");
    let mut spec = FunctionSpec::new(
        "hangs",
        "index.handler",
        CodeSource::Folder(support::function_dir(
            "hangs",
            r#"exports.handler = async (event) => event.hang ? new Promise(() => setInterval(() => {}, 1000)) : "fine";"#,
        )),
    );
    spec.timeout = Duration::from_millis(500);
    emu.deploy(spec).unwrap();
    let started = Instant::now();
    let r = emu
        .invoke(InvokeRequest::new("hangs", r#"{"hang":true}"#))
        .unwrap();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(500) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    assert_eq!(r.function_error.as_deref(), Some("Unhandled"));
    let b = body(&r);
    assert_eq!(b["errorType"], "Sandbox.Timedout");
    assert_eq!(
        b["errorMessage"],
        format!(
            "RequestId: {} Error: Task timed out after 0.50 seconds",
            r.request_id
        )
    );
    let r = emu.invoke(InvokeRequest::new("hangs", "{}")).unwrap();
    assert_eq!(r.payload_text(), "\"fine\"");
    assert_eq!(
        emu.stats("hangs").unwrap().environments_started,
        2,
        "a new environment replaced the killed one"
    );
    // Today's log format: the REPORT line of the timed-out request ends in
    // `Status: timeout`, and no separate "Task timed out" line is written.
    let logs = support::messages(&emu, "hangs");
    let reports: Vec<&String> = logs.iter().filter(|m| m.starts_with("REPORT")).collect();
    assert_eq!(reports.len(), 2, "{logs:#?}");
    assert!(reports[0].ends_with("\tStatus: timeout"), "{logs:#?}");
    assert!(!reports[1].contains("Status:"), "{logs:#?}");
    assert!(
        !logs.iter().any(|m| m.contains("Task timed out")),
        "{logs:#?}"
    );
}

#[test]
fn process_exit_is_a_runtime_exit_error() {
    let emu = support::emulator("exits");
    support::deploy_js(
        &emu,
        "exits",
        r#"exports.handler = async (event) => { if (event.exit !== undefined) process.exit(event.exit); return "alive"; };"#,
    );
    let r = emu
        .invoke(InvokeRequest::new("exits", r#"{"exit":3}"#))
        .unwrap();
    assert_eq!(r.function_error.as_deref(), Some("Unhandled"));
    let b = body(&r);
    assert_eq!(b["errorType"], "Runtime.ExitError");
    assert_eq!(
        b["errorMessage"],
        format!(
            "RequestId: {} Error: Runtime exited with error: exit status 3",
            r.request_id
        )
    );
    let r = emu
        .invoke(InvokeRequest::new("exits", r#"{"exit":0}"#))
        .unwrap();
    assert!(body(&r)["errorMessage"]
        .as_str()
        .unwrap()
        .contains("Runtime exited without providing a reason"));
    let r = emu.invoke(InvokeRequest::new("exits", "{}")).unwrap();
    assert_eq!(r.payload_text(), "\"alive\"");
    // The REPORT lines of the two exits say so; the last, answered one does not.
    let logs = support::messages(&emu, "exits");
    let reports: Vec<&String> = logs.iter().filter(|m| m.starts_with("REPORT")).collect();
    assert_eq!(reports.len(), 3, "{logs:#?}");
    assert!(
        reports[0].ends_with("\tStatus: error\tError Type: Runtime.ExitError"),
        "{logs:#?}"
    );
    assert!(!reports[2].contains("Status:"), "{logs:#?}");
}

#[test]
fn a_memory_hungry_handler_is_killed_like_lambda_does() {
    let emu = support::emulator("memory");
    support::deploy_js(
        &emu,
        "hungry",
        r#"
        exports.handler = async (event) => {
          if (!event.eat) return "small";
          const hoard = [];
          for (;;) { hoard.push(Buffer.alloc(8 * 1024 * 1024, 1)); await new Promise((r) => setImmediate(r)); }
        };
        "#,
    );
    let r = emu
        .invoke(InvokeRequest::new("hungry", r#"{"eat":true}"#))
        .unwrap();
    assert_killed_for_memory(&r);
    let logs = support::messages(&emu, "hungry");
    assert!(
        logs.iter().any(|m| m == "Runtime.OutOfMemory"),
        "the platform's second line names the error type: {logs:?}"
    );
    let report = logs.iter().find(|m| m.starts_with("REPORT")).unwrap();
    assert!(
        report.contains("Memory Size: 128 MB\tMax Memory Used: 128 MB\t"),
        "a killed function used all its memory, and no more: {report}"
    );
    assert!(
        report.ends_with("\tStatus: error\tError Type: Runtime.OutOfMemory"),
        "{report}"
    );
    let r = emu.invoke(InvokeRequest::new("hungry", "{}")).unwrap();
    assert_eq!(r.payload_text(), "\"small\"");
}

/// What the caller of a function killed for its memory gets, as Lambda
/// answers today.
fn assert_killed_for_memory(r: &labs::InvokeResponse) {
    let b = body(r);
    assert_eq!(b["errorType"], "Runtime.OutOfMemory", "{b}");
    assert_eq!(
        b["errorMessage"],
        format!(
            "RequestId: {} Error: Runtime exited with error: signal: killed",
            r.request_id
        ),
        "{b}"
    );
}

/// Global code that takes more memory than the function has is killed
/// during INIT, and reported as out of memory there too.
#[test]
fn global_code_over_the_memory_is_reported_as_out_of_memory() {
    let emu = support::emulator("memory-init");
    support::deploy_js(
        &emu,
        "hungry-init",
        r#"
        const hoard = [];
        for (;;) { hoard.push(Buffer.alloc(8 * 1024 * 1024, 1)); }
        exports.handler = async () => "never";
        "#,
    );
    let r = emu.invoke(InvokeRequest::new("hungry-init", "{}")).unwrap();
    assert_killed_for_memory(&r);
    let logs = support::messages(&emu, "hungry-init");
    let init = logs.iter().find(|m| m.starts_with("INIT_REPORT")).unwrap();
    assert!(
        init.ends_with("\tStatus: error\tError Type: Runtime.OutOfMemory"),
        "{init}"
    );
}

#[test]
fn init_errors_are_reported_as_lambda_does() {
    let emu = support::emulator("init");
    support::deploy_js(
        &emu,
        "syntax",
        "exports.handler = async (event) => { return ; ;; }}",
    );
    let r = emu.invoke(InvokeRequest::new("syntax", "{}")).unwrap();
    assert_eq!(
        body(&r)["errorType"],
        "Runtime.UserCodeSyntaxError",
        "{}",
        r.payload_text()
    );

    support::deploy_js(&emu, "noexport", "exports.other = async () => 1;");
    let r = emu.invoke(InvokeRequest::new("noexport", "{}")).unwrap();
    assert_eq!(body(&r)["errorType"], "Runtime.HandlerNotFound");
    assert_eq!(
        body(&r)["errorMessage"],
        "index.handler is undefined or not exported"
    );

    support::deploy_js(
        &emu,
        "badrequire",
        "require('not-installed-anywhere'); exports.handler = async () => 1;",
    );
    let r = emu.invoke(InvokeRequest::new("badrequire", "{}")).unwrap();
    assert_eq!(body(&r)["errorType"], "Runtime.ImportModuleError");
    assert!(body(&r)["errorMessage"]
        .as_str()
        .unwrap()
        .contains("not-installed-anywhere"));
    let logs = support::messages(&emu, "badrequire");
    assert!(
        logs.iter()
            .any(|m| m.starts_with("INIT_REPORT Init Duration") && m.contains("Status: error")),
        "{logs:#?}"
    );

    support::deploy_js(&emu, "throwsatinit", "throw new Error('broken at init');");
    let r = emu
        .invoke(InvokeRequest::new("throwsatinit", "{}"))
        .unwrap();
    assert_eq!(body(&r)["errorMessage"], "broken at init");
}

#[test]
fn a_response_over_6_mb_fails_with_response_size_too_large() {
    let emu = support::emulator("bigresponse");
    support::deploy_js(
        &emu,
        "big",
        r#"exports.handler = async (event) => event.big ? "x".repeat(7 * 1024 * 1024) : "ok";"#,
    );
    let r = emu
        .invoke(InvokeRequest::new("big", r#"{"big":true}"#))
        .unwrap();
    assert_eq!(body(&r)["errorType"], "Function.ResponseSizeTooLarge");
    let r = emu.invoke(InvokeRequest::new("big", "{}")).unwrap();
    assert_eq!(r.payload_text(), "\"ok\"");
}

#[test]
fn uncaught_exceptions_end_the_environment() {
    let emu = support::emulator("uncaught");
    support::deploy_js(
        &emu,
        "uncaught",
        r#"exports.handler = (event, context, cb) => { if (event.boom) setTimeout(() => { throw new Error("async boom"); }, 1); else cb(null, "ok"); };"#,
    );
    let r = emu
        .invoke(InvokeRequest::new("uncaught", r#"{"boom":true}"#))
        .unwrap();
    assert_eq!(r.function_error.as_deref(), Some("Unhandled"));
    assert_eq!(body(&r)["errorMessage"], "async boom");
    let r = emu.invoke(InvokeRequest::new("uncaught", "{}")).unwrap();
    assert_eq!(r.payload_text(), "\"ok\"");
    assert_eq!(emu.stats("uncaught").unwrap().environments_started, 2);
}

/// Logging in a tight loop is slow but harmless on Lambda: the runtime writes
/// each line before the next. The emulator must not pile them up in memory
/// (at 128 MB, that got the function killed) nor lose any.
#[test]
fn a_handler_that_logs_in_a_loop_keeps_every_line_and_its_memory() {
    let emu = support::emulator("chatty");
    let spec = support::deploy_js(
        &emu,
        "chatty",
        r#"
        exports.handler = async () => {
          for (let i = 0; i < 100000; i++) console.log("line", i, "of a long report");
          return { ok: true };
        };
        "#,
    );
    assert_eq!(spec.memory_mb, 128);
    let mut spec = spec;
    spec.timeout = Duration::from_secs(20);
    emu.deploy(spec).expect("deploys");
    let r = emu.invoke(InvokeRequest::new("chatty", "{}")).unwrap();
    assert_eq!(r.function_error, None, "{}", body(&r));
    let logs = support::messages(&emu, "chatty");
    let lines = logs.iter().filter(|m| m.contains("\tINFO\tline ")).count();
    assert_eq!(lines, 100_000);
    assert!(
        logs.last().is_some_and(|m| m.starts_with("REPORT ")),
        "{:?}",
        logs.last()
    );
}
