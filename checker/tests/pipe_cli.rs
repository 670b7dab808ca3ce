//! A learner piping `course` into `head` (or any reader that stops early)
//! sees the lines they asked for and no panic.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::support;

#[test]
fn a_reader_that_stops_early_gets_no_panic() {
    let dir = support::scratch_dir("pipe");
    let scenario = dir.join("busy.toml");
    // About 6,000 invocations with log lines: far more than a pipe buffers, so
    // `course` is still writing when the reader goes away.
    std::fs::write(
        &scenario,
        "[[function]]\nname = \"api\"\n\n[[traffic]]\nfunction = \"api\"\nevery = \"10ms\"\nuntil = \"60s\"\n",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_course"))
        .args(["simulate", scenario.to_str().unwrap(), "--logs"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert_eq!(status.code(), Some(141), "stderr: {stderr}");
}
