//! The Invoke API over HTTP: statuses, headers and Lambda's error shapes.

use crate::support;

use base64::Engine;
use support::http::Client;

fn setup(tag: &str) -> (labs::Emulator, Client) {
    let emu = support::emulator(tag);
    support::deploy_js(
        &emu,
        "echo",
        r#"exports.handler = async (event, context) => { console.log("event", JSON.stringify(event)); return { event, arn: context.invokedFunctionArn, cc: context.clientContext || null }; };"#,
    );
    let client = Client::connect(emu.invoke_url());
    (emu, client)
}

#[test]
fn sync_invoke_returns_200_with_lambda_headers_and_log_tail() {
    let (_emu, mut c) = setup("sync");
    let r = c.invoke(
        "echo",
        &[("X-Amz-Log-Type", "Tail")],
        br#"{"hello":"world"}"#,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["event"]["hello"], "world");
    assert_eq!(r.header("x-amz-executed-version"), Some("$LATEST"));
    assert_eq!(r.header("x-amz-function-error"), None);
    let id = r.header("x-amzn-requestid").unwrap().to_string();
    let tail = base64::engine::general_purpose::STANDARD
        .decode(r.header("x-amz-log-result").unwrap())
        .unwrap();
    let tail = String::from_utf8(tail).unwrap();
    assert!(
        tail.starts_with(&format!("START RequestId: {id} Version: $LATEST\n")),
        "{tail}"
    );
    assert!(
        tail.contains(&format!("\t{id}\tINFO\tevent {{\"hello\":\"world\"}}\n")),
        "{tail}"
    );
    assert!(tail.contains(&format!("END RequestId: {id}\n")));
    assert!(tail.contains(&format!("REPORT RequestId: {id}\tDuration: ")));
    assert!(
        tail.contains("\tInit Duration: "),
        "first invocation is a cold start: {tail}"
    );

    // An empty body is an empty event.
    let r = c.invoke("echo", &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["event"], serde_json::json!({}));
}

#[test]
fn names_qualifiers_and_percent_encoded_arns_are_accepted() {
    let (_emu, mut c) = setup("names");
    let arn = "arn:aws:lambda:us-east-1:000000000000:function:echo";
    let r = c.invoke(&arn.replace(':', "%3A"), &[], b"{}");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["arn"], arn);
    let r = c.invoke("echo%3A%24LATEST", &[], b"{}");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["arn"], format!("{arn}:$LATEST"));
    let r = c.post(
        "/2015-03-31/functions/echo/invocations?Qualifier=%24LATEST",
        &[],
        b"{}",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.invoke("echo:prod", &[], b"{}");
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json()["Message"],
        format!("Function not found: {arn}:prod")
    );
}

#[test]
fn client_context_reaches_the_function() {
    let (_emu, mut c) = setup("cc");
    let cc = base64::engine::general_purpose::STANDARD.encode(r#"{"custom":{"who":"tester"}}"#);
    let r = c.invoke("echo", &[("X-Amz-Client-Context", &cc)], b"{}");
    assert_eq!(r.json()["cc"]["custom"]["who"], "tester", "{}", r.text());
}

#[test]
fn event_and_dry_run_invocations() {
    let (emu, mut c) = setup("event");
    let r = c.invoke(
        "echo",
        &[("X-Amz-Invocation-Type", "Event")],
        br#"{"async":1}"#,
    );
    assert_eq!(r.status, 202);
    assert!(r.body.is_empty());
    assert!(r.header("x-amzn-requestid").is_some());
    let r = c.invoke("echo", &[("X-Amz-Invocation-Type", "DryRun")], b"{}");
    assert_eq!(r.status, 204);
    assert!(emu.wait_async(std::time::Duration::from_secs(5)));
    let logs = support::messages(&emu, "echo");
    assert!(
        logs.iter().any(|m| m.contains("event {\"async\":1}")),
        "{logs:#?}"
    );
    assert_eq!(
        logs.iter().filter(|m| m.starts_with("START")).count(),
        1,
        "DryRun runs nothing"
    );
}

#[test]
fn invocation_errors_have_lambda_shapes() {
    let (emu, mut c) = setup("errors");
    let r = c.invoke("missing", &[], b"{}");
    assert_eq!(r.status, 404);
    assert_eq!(
        r.header("x-amzn-errortype"),
        Some("ResourceNotFoundException")
    );
    assert_eq!(r.json()["Type"], "User");
    assert_eq!(
        r.json()["Message"],
        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing"
    );

    let big = vec![b'1'; 7 * 1024 * 1024];
    let r = c.invoke("echo", &[], &big);
    assert_eq!(r.status, 413);
    assert_eq!(
        r.header("x-amzn-errortype"),
        Some("RequestTooLargeException")
    );
    assert!(r.json()["message"].as_str().unwrap().contains("6291456"));

    // The server may close a connection whose body it did not read.
    let mut c = Client::connect(emu.invoke_url());
    let medium = format!("\"{}\"", "a".repeat(2 * 1024 * 1024));
    let r = c.invoke(
        "echo",
        &[("X-Amz-Invocation-Type", "Event")],
        medium.as_bytes(),
    );
    assert_eq!(r.status, 413, "async payloads are limited to 1 MB");

    let r = c.invoke("echo", &[], b"{not json");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.header("x-amzn-errortype"),
        Some("InvalidRequestContentException")
    );
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .starts_with("Could not parse request body into json"));

    let r = c.invoke("echo", &[("X-Amz-Invocation-Type", "Sometimes")], b"{}");
    assert_eq!(r.status, 400);
}
