//! One request per environment, reuse of idle environments, the concurrency
//! limit (429) and the reclaiming of idle environments.

use crate::support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use labs::{CodeSource, EmulatorConfig, FunctionSpec, InvokeRequest};
use support::http::Client;

#[test]
fn two_hundred_invocations_at_concurrency_ten_none_lost_at_most_ten_environments() {
    let emu = support::emulator("load");
    support::deploy_js(
        &emu,
        "work",
        r#"
        const env = Math.random().toString(36).slice(2);
        exports.handler = async (event) => {
          await new Promise((r) => setTimeout(r, 5));
          return { n: event.n, env };
        };
        "#,
    );
    let url = emu.invoke_url().to_string();
    let next = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..10)
        .map(|_| {
            let (url, next) = (url.clone(), next.clone());
            std::thread::spawn(move || {
                let mut client = Client::connect(&url);
                let mut got = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    if n >= 200 {
                        return got;
                    }
                    let r = client.invoke("work", &[], format!(r#"{{"n":{n}}}"#).as_bytes());
                    assert_eq!(r.status, 200, "{}", r.text());
                    assert_eq!(r.header("x-amz-function-error"), None, "{}", r.text());
                    let body = r.json();
                    assert_eq!(body["n"], n as u64);
                    got.push((n, body["env"].as_str().unwrap().to_string()));
                }
            })
        })
        .collect();
    let mut results: Vec<_> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    results.sort();
    assert_eq!(results.len(), 200, "no invocation lost");
    assert!(results.iter().enumerate().all(|(i, (n, _))| i == *n));
    let envs: std::collections::HashSet<_> = results.iter().map(|(_, e)| e.clone()).collect();
    let stats = emu.stats("work").unwrap();
    assert!(envs.len() <= 10, "{} environments served", envs.len());
    assert!(stats.environments_started <= 10, "{stats:?}");
    let logs = support::messages(&emu, "work");
    assert_eq!(logs.iter().filter(|m| m.starts_with("REPORT")).count(), 200);
    assert_eq!(
        logs.iter().filter(|m| m.contains("Init Duration")).count() as u64,
        stats.environments_started
    );
}

#[test]
fn beyond_the_concurrency_limit_requests_are_throttled() {
    let emu = support::emulator("throttle");
    let mut spec = FunctionSpec::new(
        "slow",
        "index.handler",
        CodeSource::Folder(support::function_dir(
            "slow",
            "exports.handler = async () => { await new Promise((r) => setTimeout(r, 600)); return 1; };",
        )),
    );
    spec.reserved_concurrency = Some(1);
    emu.deploy(spec).unwrap();
    let url = emu.invoke_url().to_string();
    let first = std::thread::spawn(move || Client::connect(&url).invoke("slow", &[], b"{}").status);
    std::thread::sleep(Duration::from_millis(300));
    let mut client = Client::connect(emu.invoke_url());
    let r = client.invoke("slow", &[], b"{}");
    assert_eq!(r.status, 429);
    assert_eq!(
        r.header("x-amzn-errortype"),
        Some("TooManyRequestsException")
    );
    assert_eq!(
        r.json()["Reason"],
        "ReservedFunctionConcurrentInvocationLimitExceeded"
    );
    assert_eq!(r.json()["message"], "Rate Exceeded.");
    assert!(r.header("retry-after").is_some());
    assert_eq!(first.join().unwrap(), 200);
}

#[test]
fn the_account_limit_throttles_too() {
    support::require_node();
    let mut config = EmulatorConfig::new(support::scratch_dir("account"));
    config.account_concurrency = 1;
    let emu = labs::Emulator::start(config).unwrap();
    support::deploy_js(
        &emu,
        "slow",
        "exports.handler = async () => { await new Promise((r) => setTimeout(r, 600)); return 1; };",
    );
    let url = emu.invoke_url().to_string();
    let first = std::thread::spawn(move || Client::connect(&url).invoke("slow", &[], b"{}").status);
    std::thread::sleep(Duration::from_millis(300));
    let r = Client::connect(emu.invoke_url()).invoke("slow", &[], b"{}");
    assert_eq!(r.status, 429);
    assert_eq!(r.json()["Reason"], "ConcurrentInvocationLimitExceeded");
    assert_eq!(first.join().unwrap(), 200);
}

#[test]
fn idle_environments_are_reused_most_recent_first_and_reclaimed() {
    support::require_node();
    let mut config = EmulatorConfig::new(support::scratch_dir("idle"));
    config.idle_timeout = Duration::from_millis(400);
    let emu = labs::Emulator::start(config).unwrap();
    support::deploy_js(
        &emu,
        "idle",
        "const id = Math.random(); exports.handler = async () => id;",
    );
    let a = emu
        .invoke(InvokeRequest::new("idle", "{}"))
        .unwrap()
        .payload_text();
    let b = emu
        .invoke(InvokeRequest::new("idle", "{}"))
        .unwrap()
        .payload_text();
    assert_eq!(a, b, "warm environment reused");
    std::thread::sleep(Duration::from_millis(900));
    assert_eq!(emu.stats("idle").unwrap().idle, 0, "reclaimed");
    let c = emu
        .invoke(InvokeRequest::new("idle", "{}"))
        .unwrap()
        .payload_text();
    assert_ne!(a, c, "a new environment after the idle timeout");
    assert_eq!(emu.stats("idle").unwrap().environments_started, 2);
}
