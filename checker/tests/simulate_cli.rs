//! `course simulate FILE --json` as a developer reads it: one JSON object
//! per invocation, with the outcome in plain words.

use std::process::Command;

use crate::support;

#[test]
fn json_lines_name_each_outcome_in_plain_words() {
    let dir = support::scratch_dir("simulate-json");
    let scenario = dir.join("memory.toml");
    // Needs 150 MB with 128: killed, then re-initialised for the second call.
    std::fs::write(
        &scenario,
        r#"
[[function]]
name = "thumbnail"
memory = 128
memory_used = 150
handler = { cpu = "10ms" }

[[traffic]]
function = "thumbnail"
at = ["0ms", "2s"]
"#,
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_course"))
        .args(["simulate", scenario.to_str().unwrap(), "--json"])
        .output()
        .expect("the course binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0]["function"], "thumbnail");
    assert_eq!(lines[0]["start"], "cold");
    assert_eq!(lines[1]["start"], "reinit");
    for line in &lines {
        assert_eq!(line["outcome"], "out_of_memory", "{line}");
        let billed_us = line["billed_ms"].as_u64().unwrap() * 1_000;
        assert!(billed_us >= line["duration_us"].as_u64().unwrap(), "{line}");
    }
}

fn simulate(dir: &std::path::Path, file: &str, text: &str, args: &[&str]) -> (bool, String) {
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_course"))
        .arg("simulate")
        .arg(&path)
        .args(args)
        .output()
        .expect("the course binary runs");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// A scenario that never ends is stopped and explained, not left to run
/// until the memory is gone.
#[test]
fn a_scenario_that_never_ends_is_stopped_with_what_to_change() {
    let dir = support::scratch_dir("simulate-forever");
    let (ok, text) = simulate(
        &dir,
        "forever.toml",
        r#"
[[function]]
name = "worker"
handler = { cpu = "20ms" }
[[traffic]]
function = "worker"
source = "sqs"
poison = [1]
at = ["0s"]
"#,
        &[],
    );
    assert!(!ok, "{text}");
    assert!(
        text.contains("forever.toml: the simulation was still busy after 44 days"),
        "{text}"
    );
    assert!(
        text.contains("help: ") && text.contains("max_receive_count"),
        "{text}"
    );
}

/// Outputs made of single invocations need them kept; asking for them from
/// a scenario that keeps only totals says so instead of printing nothing.
#[test]
fn outputs_that_need_every_invocation_say_so_when_the_scenario_keeps_totals() {
    let dir = support::scratch_dir("simulate-totals");
    let totals = "record = \"totals\"\n[[function]]\nname = \"f\"\n[[traffic]]\nfunction = \"f\"\nat = [\"0ms\"]\n";
    for flag in ["--json", "--logs"] {
        let (ok, text) = simulate(&dir, "totals.toml", totals, &[flag]);
        assert!(!ok, "{flag}: {text}");
        assert!(text.contains("record = \"totals\""), "{flag}: {text}");
    }
    let figure = dir.join("no-such-folder").join("f.svg");
    let (ok, text) = simulate(
        &dir,
        "full.toml",
        &totals.replace("record = \"totals\"\n", ""),
        &["--svg", figure.to_str().unwrap()],
    );
    assert!(
        !ok && text.contains("does not exist") && text.contains("help:"),
        "{text}"
    );
}

/// A chapter whose scenarios have no names, or two of the same name, is
/// answered with what to write.
#[test]
fn chapters_with_unnamed_or_twice_named_scenarios_get_a_way_out() {
    let dir = support::scratch_dir("simulate-names");
    let block = |name: &str| {
        format!("```lambda-scenario\n{name}[[function]]\nname = \"f\"\n[[traffic]]\nfunction = \"f\"\nat = [\"0ms\"]\n```\n\n")
    };
    let (ok, text) = simulate(&dir, "page.MD", &(block("") + &block("")), &[]);
    assert!(!ok && text.contains("none of them has a `name`"), "{text}");
    let twice = block("name = \"a\"\n").repeat(2);
    let (ok, text) = simulate(&dir, "twice.md", &twice, &["--name", "a"]);
    assert!(!ok && text.contains("two scenarios named `a`"), "{text}");
}

/// A figure of a long run would be too large to open; it is refused with
/// what to draw instead.
#[test]
fn a_figure_of_too_many_invocations_is_refused() {
    let dir = support::scratch_dir("simulate-big-figure");
    let figure = dir.join("big.svg");
    let (ok, text) = simulate(
        &dir,
        "big.toml",
        "[[function]]\nname = \"f\"\n[[traffic]]\nfunction = \"f\"\nper_second = 100.0\nuntil = \"2min\"\n",
        &["--svg", figure.to_str().unwrap()],
    );
    assert!(!ok && text.contains("too large to draw"), "{text}");
    assert!(!figure.exists());
}
