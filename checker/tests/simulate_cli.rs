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
