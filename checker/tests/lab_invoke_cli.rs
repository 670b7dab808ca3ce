//! `course lab invoke NAME --times N` as a learner types it after Lab 1:
//! like pressing the console's Test button again and again, the first call
//! starts an environment and the next ones find it warm.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn course(labs: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_course"))
        .args(args)
        .env("COURSE_LABS_DIR", labs)
        .output()
        .expect("the course binary runs")
}

/// A copy of Lab 1 with its reference solution deployed as `hello-world`.
fn lab1_deployed(tag: &str) -> PathBuf {
    if Command::new("node").arg("--version").output().is_err() {
        panic!("the labs' tests need Node.js 20+ on PATH");
    }
    let labs = support::scratch_dir(tag).join("labs");
    let lab1 = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../labs/01-nodejs-function");
    support::copy_tree(&lab1, &labs.join("01-nodejs-function"));
    let out = course(&labs, &["lab", "1", "--solution"]);
    assert!(
        out.status.success(),
        "Lab 1's solution did not pass: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    labs
}

#[test]
fn repeated_calls_in_one_command_find_the_environment_warm() {
    let labs = lab1_deployed("lab-invoke-times");
    let out = course(&labs, &["lab", "invoke", "hello-world", "--times", "3"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert_eq!(text.matches("Status: 200").count(), 3, "{text}");
    assert!(text.contains("── call 3 of 3 ──"), "{text}");
    // The function's global counter shows one environment served all three.
    assert!(text.contains("\"invocationCount\": 3"), "{text}");
    assert_eq!(text.matches("\tInit Duration: ").count(), 1, "{text}");
    assert!(
        text.contains("1 of 3 calls had a cold start"),
        "the summary counts the cold starts: {text}"
    );

    // A single call is a new emulator, so a cold start again.
    let once = course(&labs, &["lab", "invoke", "hello-world"]);
    let text = String::from_utf8_lossy(&once.stdout);
    assert!(text.contains("\"invocationCount\": 1"), "{text}");
    assert!(!text.contains("calls had a cold start"), "{text}");
}

#[test]
fn a_wrong_number_of_times_is_refused_with_the_range() {
    let labs = support::scratch_dir("lab-invoke-bad-times").join("labs");
    for args in [
        ["lab", "invoke", "hello-world", "--times", "0"],
        ["lab", "invoke", "hello-world", "--times", "21"],
        ["lab", "invoke", "hello-world", "--times", "three"],
    ] {
        let out = course(&labs, &args);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--times takes a whole number from 1 to 20"),
            "{err}"
        );
    }
    let out = course(
        &labs,
        &["lab", "invoke", "hello-world", "--times", "2", "--async"],
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot be used with"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
