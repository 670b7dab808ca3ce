//! The Runtime API against AWS's Rust client (`lambda_runtime`), run as the
//! `bootstrap` of a custom-runtime (`provided.al2023`) function.

use crate::support;

use std::fs;
use std::path::PathBuf;

use labs::{CodeSource, FunctionSpec, InvokeRequest, Runtime};
use serde_json::Value;

/// The example binary `cargo test -p labs` builds next to the test binaries.
fn example_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap().join("examples");
    let bin = dir.join("rust_runtime");
    assert!(
        bin.is_file(),
        "{} is missing: run `cargo test -p labs` (which builds the examples) or `cargo build -p labs --example rust_runtime` first.",
        bin.display()
    );
    bin
}

#[test]
fn the_lambda_runtime_crate_works_as_a_custom_runtime() {
    let bin = example_binary();
    let emu = support::emulator("rust-runtime");
    let code = support::scratch_dir("rust-bootstrap");
    fs::copy(&bin, code.join("bootstrap")).unwrap();
    let mut spec = FunctionSpec::new("rusty", "not.used", CodeSource::Folder(code));
    spec.runtime = Runtime::Provided;
    emu.deploy(spec).unwrap();

    for n in 0..3 {
        let r = emu
            .invoke(InvokeRequest::new("rusty", format!(r#"{{"n":{n}}}"#)))
            .unwrap();
        assert_eq!(r.function_error, None, "{}", r.payload_text());
        let b: Value = serde_json::from_slice(&r.payload).unwrap();
        assert_eq!(b["echo"]["n"], n);
        assert_eq!(b["requestId"], r.request_id);
        assert_eq!(
            b["arn"],
            "arn:aws:lambda:us-east-1:000000000000:function:rusty"
        );
        assert!(b["deadlineMs"].as_u64().unwrap() > 1_700_000_000_000);
    }
    let r = emu
        .invoke(InvokeRequest::new("rusty", r#"{"fail":true}"#))
        .unwrap();
    assert_eq!(r.function_error.as_deref(), Some("Unhandled"));
    let b: Value = serde_json::from_slice(&r.payload).unwrap();
    assert_eq!(b["errorMessage"], "asked to fail", "{b}");
    let r = emu.invoke(InvokeRequest::new("rusty", "{}")).unwrap();
    assert_eq!(r.function_error, None, "the environment keeps serving");
    assert_eq!(emu.stats("rusty").unwrap().environments_started, 1);
    let logs = support::messages(&emu, "rusty");
    assert!(
        logs.iter().any(|m| m.starts_with("rust runtime handling")),
        "{logs:#?}"
    );
    assert_eq!(
        logs.iter().filter(|m| m.contains("Init Duration")).count(),
        1
    );
}

#[test]
fn a_custom_runtime_needs_an_executable_bootstrap() {
    let emu = support::emulator("no-bootstrap");
    let code = support::function_dir("no-bootstrap", "exports.handler = async () => 1;");
    let mut spec = FunctionSpec::new("nobootstrap", "x.y", CodeSource::Folder(code.clone()));
    spec.runtime = Runtime::Provided;
    assert!(emu.deploy(spec.clone()).unwrap_err().contains("bootstrap"));
    fs::write(code.join("bootstrap"), "#!/bin/sh\n").unwrap();
    assert!(emu.deploy(spec).unwrap_err().contains("not executable"));
}
