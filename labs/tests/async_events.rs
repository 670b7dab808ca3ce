//! Asynchronous invocations: queued, retried after function errors, then
//! recorded in the on-failure destination in Lambda's record shape.

use crate::support;

use std::time::{Duration, Instant};

use labs::{CodeSource, FunctionSpec, InvocationType, InvokeRequest};

#[test]
fn failing_events_are_retried_then_sent_to_the_on_failure_destination() {
    let emu = support::emulator("retries");
    support::deploy_js(
        &emu,
        "flaky",
        r#"exports.handler = async (event) => { console.log("attempt for", event.order); throw new Error("cannot process order " + event.order); };"#,
    );
    let mut req = InvokeRequest::new("flaky", r#"{"order":42}"#);
    req.invocation_type = InvocationType::Event;
    let started = Instant::now();
    let r = emu.invoke(req).unwrap();
    assert_eq!(r.status_code, 202);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "202 comes back at once"
    );
    assert!(emu.wait_async(Duration::from_secs(10)));
    // Retry delays in tests are 100 ms then 200 ms.
    assert!(started.elapsed() >= Duration::from_millis(300));

    let logs = support::messages(&emu, "flaky");
    let attempts: Vec<_> = logs.iter().filter(|m| m.starts_with("START")).collect();
    assert_eq!(
        attempts.len(),
        3,
        "first attempt and two retries: {logs:#?}"
    );
    assert!(
        attempts.iter().all(|m| m.contains(&r.request_id)),
        "retries keep the request id"
    );

    let records = emu.destination_records("flaky", false);
    assert_eq!(records.len(), 1);
    let rec = &records[0];
    assert_eq!(rec["version"], "1.0");
    assert_eq!(rec["requestContext"]["requestId"], r.request_id);
    assert_eq!(
        rec["requestContext"]["functionArn"],
        "arn:aws:lambda:us-east-1:000000000000:function:flaky:$LATEST"
    );
    assert_eq!(rec["requestContext"]["condition"], "RetriesExhausted");
    assert_eq!(rec["requestContext"]["approximateInvokeCount"], 3);
    assert_eq!(rec["requestPayload"]["order"], 42);
    assert_eq!(rec["responseContext"]["statusCode"], 200);
    assert_eq!(rec["responseContext"]["executedVersion"], "$LATEST");
    assert_eq!(rec["responseContext"]["functionError"], "Unhandled");
    assert_eq!(
        rec["responsePayload"]["errorMessage"],
        "cannot process order 42"
    );
    assert!(emu
        .destination_file("flaky")
        .ends_with("destinations/flaky/on-failure.jsonl"));
}

#[test]
fn retry_count_is_configurable_and_successes_can_be_recorded() {
    let emu = support::emulator("noretry");
    let mut spec = FunctionSpec::new(
        "once",
        "index.handler",
        CodeSource::Folder(support::function_dir(
            "once",
            r#"exports.handler = async (event) => { if (event.fail) throw new Error("no"); return { done: event.n }; };"#,
        )),
    );
    spec.async_config.maximum_retry_attempts = 0;
    spec.async_config.on_success = true;
    emu.deploy(spec).unwrap();
    for payload in [r#"{"fail":true}"#, r#"{"n":7}"#] {
        let mut req = InvokeRequest::new("once", payload);
        req.invocation_type = InvocationType::Event;
        assert_eq!(emu.invoke(req).unwrap().status_code, 202);
    }
    assert!(emu.wait_async(Duration::from_secs(10)));
    let failures = emu.destination_records("once", false);
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0]["requestContext"]["approximateInvokeCount"], 1);
    let successes = emu.destination_records("once", true);
    assert_eq!(successes.len(), 1);
    assert_eq!(successes[0]["requestContext"]["condition"], "Success");
    assert_eq!(successes[0]["responsePayload"]["done"], 7);
}

#[test]
fn throttled_events_wait_for_capacity_instead_of_failing() {
    let emu = support::emulator("asyncthrottle");
    let mut spec = FunctionSpec::new(
        "single",
        "index.handler",
        CodeSource::Folder(support::function_dir(
            "single",
            "exports.handler = async (e) => { await new Promise((r) => setTimeout(r, 100)); return e.n; };",
        )),
    );
    spec.reserved_concurrency = Some(1);
    emu.deploy(spec).unwrap();
    for n in 0..4 {
        let mut req = InvokeRequest::new("single", format!(r#"{{"n":{n}}}"#));
        req.invocation_type = InvocationType::Event;
        emu.invoke(req).unwrap();
    }
    assert!(emu.wait_async(Duration::from_secs(15)));
    let logs = support::messages(&emu, "single");
    assert_eq!(logs.iter().filter(|m| m.starts_with("REPORT")).count(), 4);
    assert!(emu.destination_records("single", false).is_empty());
    assert_eq!(emu.stats("single").unwrap().environments_started, 1);
}
