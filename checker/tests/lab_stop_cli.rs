//! `course lab` stopped with SIGTERM (by `timeout`, an IDE's stop button or a
//! CI runner), or killed outright with SIGKILL, leaves no Node.js process
//! behind, even one stuck in a loop.
#![cfg(target_os = "linux")]

use crate::support;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Processes whose command line mentions `needle`, by pid.
fn processes_mentioning(needle: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|c| String::from_utf8_lossy(&c).contains(needle))
                .unwrap_or(false)
        })
        .collect()
}

#[test]
fn a_terminated_lab_run_stops_its_node_processes() {
    let (status, left) = stop_a_lab_run_with("TERM");
    assert!(left.is_empty(), "Node.js processes left running: {left:?}");
    assert_eq!(status.code(), Some(143));
}

#[test]
fn a_killed_lab_run_takes_its_node_processes_with_it() {
    use std::os::unix::process::ExitStatusExt;
    let (status, left) = stop_a_lab_run_with("KILL");
    assert!(left.is_empty(), "Node.js processes left running: {left:?}");
    assert_eq!(status.signal(), Some(9));
}

/// Starts Lab 1 on a function whose global code never ends, sends `course`
/// the signal once Node.js runs, and returns how `course` ended and the
/// Node.js processes still running (which it then kills).
fn stop_a_lab_run_with(signal: &str) -> (std::process::ExitStatus, Vec<u32>) {
    if Command::new("node").arg("--version").output().is_err() {
        panic!("the labs' tests need Node.js 20+ on PATH");
    }
    // The course's state (and so the Node.js command line) sits beside `labs`.
    let base = support::scratch_dir(&format!("lab-stop-{signal}"));
    let labs = base.join("labs");
    let lab1 = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../labs/01-nodejs-function");
    support::copy_tree(
        &lab1.join("events"),
        &labs.join("01-nodejs-function/events"),
    );
    let starter = labs.join("01-nodejs-function/starter");
    std::fs::create_dir_all(&starter).unwrap();
    // Global code that never ends: only its parent can stop this process.
    std::fs::write(
        starter.join("index.js"),
        "while (true) {}\nexports.handler = async () => ({});\n",
    )
    .unwrap();

    let mut course = Command::new(env!("CARGO_BIN_EXE_course"))
        .args(["lab", "1"])
        .env("COURSE_LABS_DIR", &labs)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let needle = base.to_string_lossy().into_owned();
    let started = Instant::now();
    while processes_mentioning(&needle).is_empty() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        !processes_mentioning(&needle).is_empty(),
        "the lab never started its Node.js process"
    );
    Command::new("kill")
        .args([&format!("-{signal}"), &course.id().to_string()])
        .status()
        .unwrap();
    let status = course.wait().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let left = processes_mentioning(&needle);
    for pid in &left {
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    }
    (status, left)
}
