//! Files generated from a chapter's scenario for observe exercises: the
//! function's CloudWatch logs as `aws logs tail` prints them, or its metrics.
//! The checker's tests make sure the copies in the exercise folders are
//! exactly what the simulator produces today.

use crate::render;
use crate::sim::{self, logs, Run};

use super::catalogue::{self, Artifact};

/// The text of an artifact.
pub fn render(artifact: &Artifact) -> Result<String, String> {
    let scenario = catalogue::find_scenario(&artifact.scenario)?;
    let run = sim::run_to_end(&scenario.simulation).map_err(super::kinds::course_fault)?;
    let body = match artifact.show.as_str() {
        "logs" => log_groups(&run),
        "metrics" => render::metrics_table(&run),
        "invocations" => render::invocation_table(&run),
        other => return Err(format!("unknown artifact kind `{other}`")),
    };
    let what = match artifact.show.as_str() {
        "logs" => "CloudWatch Logs, as `aws logs tail` prints them",
        "metrics" => "CloudWatch metrics, namespace AWS/Lambda, one row per minute",
        _ => "one row per invocation",
    };
    Ok(format!(
        "# {what}.\n# Simulated from the scenario `{}`. Read it; you do not need to edit it.\n\n{body}",
        artifact.scenario
    ))
}

/// A log stream name: one per execution environment, as Lambda names them.
fn stream(version: &str, environment: u32) -> String {
    let mut x = u64::from(environment).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xC0FF_EE00;
    x ^= x >> 29;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 32;
    format!("2026/01/01/[{version}]{x:016x}")
}

fn log_groups(run: &Run) -> String {
    let mut out = String::new();
    for (f, name) in run.functions.iter().enumerate() {
        let mut events: Vec<(u64, u32, String)> = Vec::new();
        for i in run.invocations.iter().filter(|i| i.function == f) {
            let Some(env) = i.environment else { continue };
            let version = if i.version == 0 {
                "$LATEST".to_string()
            } else {
                i.version.to_string()
            };
            let stream = stream(&version, env);
            for (k, line) in logs::lines(i, &version).into_iter().enumerate() {
                let at = if k == 0 { i.handler_start } else { i.end };
                events.push((
                    at,
                    i.number,
                    format!("{} {stream} {}", logs::timestamp(at), line.trim_end()),
                ));
            }
        }
        if events.is_empty() {
            continue;
        }
        events.sort_by_key(|(at, number, _)| (*at, *number));
        out.push_str(&format!("== log group /aws/lambda/{name} ==\n"));
        for (_, _, line) in events {
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}
