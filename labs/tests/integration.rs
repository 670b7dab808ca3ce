//! The emulator's integration tests: deploying, invoking, failures, the
//! Runtime API, concurrency, and the four labs.
//!
//! One test program whose modules are the files beside this one: the
//! dependencies are linked once instead of once per file, which saves
//! build time and about half a gigabyte of disk across the workspace.
//! `cargo test -p labs --test integration NAME` runs the tests whose
//! path contains NAME (a file's name, say).

mod support;

mod async_events;
mod concurrency;
mod deploy;
mod failures;
mod invoke_api;
mod lab_steps;
#[cfg(target_os = "linux")]
mod processes;
mod runtime_api;
mod rust_runtime;
mod sdk;
