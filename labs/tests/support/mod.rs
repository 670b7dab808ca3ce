//! Shared helpers of the emulator's tests: a fresh state folder, Node.js
//! required (a clear failure, never a silent skip), functions written on the fly.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

pub mod http;
#[path = "../../../tests/support/scratch.rs"]
mod scratch;
pub use scratch::scratch_dir;

use labs::{CodeSource, Emulator, EmulatorConfig, FunctionSpec};

/// The crate's folder (labs/).
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Fails the test with a clear message unless Node.js 20+ is installed.
pub fn require_node() {
    let out = Command::new("node").arg("--version").output().unwrap_or_else(|e| {
        panic!("These tests run real Node.js functions: install Node.js 20 or later (`node` was not found: {e}).")
    });
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    assert!(
        major >= 20,
        "These tests need Node.js 20 or later; `node --version` says {version}."
    );
}

/// Fails with the command to run unless `npm ci` has filled `dir/node_modules/module`.
pub fn require_npm_module(dir: &Path, module: &str) {
    let path = dir.join("node_modules").join(module);
    assert!(
        path.is_dir(),
        "{} is missing: run `npm ci --prefix {}` first (see labs/README.md).",
        path.display(),
        dir.strip_prefix(crate_dir().parent().unwrap())
            .unwrap_or(dir)
            .display()
    );
}

/// An emulator with its own state folder and short retry delays.
pub fn emulator(tag: &str) -> Emulator {
    require_node();
    let mut config = EmulatorConfig::new(scratch_dir(tag));
    config.retry_delays = vec![Duration::from_millis(100), Duration::from_millis(200)];
    config.runtime_node_modules = Some(crate_dir().join("runtime/node_modules"));
    Emulator::start(config).expect("the emulator starts")
}

/// A function folder holding `index.js` with `source`.
pub fn function_dir(tag: &str, source: &str) -> PathBuf {
    let dir = scratch_dir(tag);
    fs::write(dir.join("index.js"), source).unwrap();
    dir
}

/// Deploys `source` as `index.handler` under `name`, with a short timeout.
pub fn deploy_js(emu: &Emulator, name: &str, source: &str) -> FunctionSpec {
    let mut spec = FunctionSpec::new(
        name,
        "index.handler",
        CodeSource::Folder(function_dir(name, source)),
    );
    spec.timeout = Duration::from_secs(2);
    emu.deploy(spec.clone()).expect("deploys");
    spec
}

/// Log messages of a function, in order.
pub fn messages(emu: &Emulator, name: &str) -> Vec<String> {
    emu.logs(name).into_iter().map(|e| e.message).collect()
}
