//! `course experiments` as a developer types it: the long-run comparison,
//! the repeated experiments, and rows it cannot repeat.

use std::process::Command;

use crate::support;

const HEADER: &str = ",ArrivalRate,ServiceTimeWarm,ServiceTimeCold,IdleMinutesBeforeKill,AverageInstanceCount,AverageUtilization,ColdStartProbability\n";

fn experiments(tag: &str, csv: &str, extra: &[&str]) -> (bool, String, String) {
    let path = support::scratch_dir(tag).join("experiments.csv");
    std::fs::write(&path, csv).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_course"))
        .arg("experiments")
        .arg(&path)
        .args(["--invocations", "20000"])
        .args(extra)
        .output()
        .expect("the course binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn repeats_show_the_spread_and_skip_rows_they_cannot_measure() {
    let csv = format!(
        "{HEADER}steady,0.05,1967.1,2192.3,10.0,2.11,0.0,0.0085\n\
         flood,50,100,300,10,5,0,0.001\n\
         silent,0.00000001,100,300,10,0.1,0,0.9\n"
    );
    let (ok, stdout, stderr) = experiments("repeats", &csv, &["--repeats", "3"]);
    assert!(ok, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("mean absolute percentage error: P(cold)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Each experiment repeated 3 times for 28 h"),
        "{stdout}"
    );
    assert!(
        stdout.contains("flood            skipped: one repeat would simulate 5040000 requests"),
        "{stdout}"
    );
    assert!(
        stdout.contains("silent           skipped: an experiment of 28 h would see 0.0 requests"),
        "{stdout}"
    );
    assert!(
        stdout.contains("a perfect model would still be off by about"),
        "{stdout}"
    );
}

#[test]
fn without_repeats_only_the_long_run_comparison_is_printed() {
    let csv = format!("{HEADER}steady,0.05,1967.1,2192.3,10.0,2.11,0.0,0.0085\n");
    let (ok, stdout, stderr) = experiments("long-run", &csv, &["--repeats", "0"]);
    assert!(ok, "{stdout}\n{stderr}");
    assert!(stdout.contains("steady"), "{stdout}");
    assert!(!stdout.contains("repeated"), "{stdout}");
}

#[test]
fn a_limit_that_is_missed_fails_with_the_number() {
    let csv = format!("{HEADER}off,0.05,1967.1,2192.3,10.0,9.0,0.0,0.5\n");
    let (ok, _, stderr) = experiments(
        "limit",
        &csv,
        &["--repeats", "0", "--max-environment-error", "3"],
    );
    assert!(!ok);
    assert!(
        stderr.contains("on the number of environments, above the limit of 3 %"),
        "{stderr}"
    );
}
