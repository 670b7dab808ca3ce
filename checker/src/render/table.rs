//! Plain text for terminals: a one-line summary, a table of invocations and a
//! table of per-minute metrics.

use std::fmt::Write;

use crate::sim::time::{millis_2dp, MINUTE};
use crate::sim::{Invocation, Outcome, Run, Simulation, StartKind};

/// Latency percentiles, exact when every invocation was kept.
fn latency_percentile(run: &Run, p: f64) -> u64 {
    let mut latencies: Vec<u64> = run
        .invocations
        .iter()
        .filter(|i| i.start != StartKind::Throttled)
        .map(Invocation::latency)
        .collect();
    if latencies.is_empty() {
        return run.metrics.latency.percentile(p);
    }
    latencies.sort_unstable();
    let rank = ((p / 100.0) * latencies.len() as f64).ceil().max(1.0) as usize;
    latencies[rank - 1]
}

/// One line: what happened and what it cost.
pub fn summary_line(_simulation: &Simulation, run: &Run) -> String {
    let t = run.totals.overall();
    format!(
        "{}, {}, {} throttled, {}; latency p50 {} ms, p99 {} ms; cost ${:.8}",
        count(t.invocations, "invocation"),
        count(t.cold_starts, "cold start"),
        t.throttles,
        count(t.errors, "error"),
        millis_2dp(latency_percentile(run, 50.0)),
        millis_2dp(latency_percentile(run, 99.0)),
        run.cost.total_usd()
    )
}

/// "1 cold start", "2 cold starts".
fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn start_label(start: StartKind) -> &'static str {
    match start {
        StartKind::Cold => "cold",
        StartKind::Warm => "warm",
        StartKind::Reinit => "re-init",
        StartKind::Provisioned => "provisioned",
        StartKind::Throttled | StartKind::Rejected => "-",
    }
}

fn outcome_label(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Success => "ok".into(),
        Outcome::Throttled(reason) => format!("429 {}", reason.name()),
        Outcome::CutOff => "cut off".into(),
        Outcome::RequestTooLarge => "413 RequestTooLargeException".into(),
        Outcome::RecursionDropped => "dropped: recursive loop".into(),
        other => other.error_type().unwrap_or("error").to_string(),
    }
}

/// Every invocation, one row each.
pub fn invocation_table(run: &Run) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:>4}  {:<16} {:>10}  {:>4}  {:<11} {:>9} {:>10} {:>7}  outcome",
        "#", "function", "arrival ms", "env", "start", "init ms", "duration", "billed"
    );
    for i in &run.invocations {
        let _ = writeln!(
            out,
            "{:>4}  {:<16} {:>10}  {:>4}  {:<11} {:>9} {:>10} {:>7}  {}",
            i.number,
            truncate(&run.functions[i.function], 16),
            millis_2dp(i.arrival),
            i.environment.map_or("-".into(), |e| e.to_string()),
            start_label(i.start),
            if i.init > 0 {
                millis_2dp(i.init)
            } else {
                String::new()
            },
            millis_2dp(i.duration),
            i.billed_ms,
            outcome_label(&i.outcome)
        );
    }
    out
}

/// Per-minute CloudWatch metrics of every function.
pub fn metrics_table(run: &Run) -> String {
    let mut out = String::new();
    for (f, series) in run.metrics.per_function.iter().enumerate() {
        let _ = writeln!(out, "AWS/Lambda FunctionName={}", run.functions[f]);
        // IteratorAge only for functions that read a stream.
        let stream = series.iter().any(|m| m.iterator_age_max > 0);
        let _ = write!(
            out,
            "{:>6} {:>11} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11}",
            "minute",
            "Invocations",
            "Errors",
            "Throttles",
            "Dur min",
            "Dur avg",
            "Dur max",
            "Dur p99",
            "Concurrent"
        );
        out.push_str(if stream { "  IteratorAge max\n" } else { "\n" });
        for (minute, m) in series.iter().enumerate() {
            let _ = write!(
                out,
                "{:>6} {:>11} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11}",
                minute,
                m.invocations,
                m.errors,
                m.throttles,
                millis_2dp(m.duration.min()),
                millis_2dp(m.duration.mean()),
                millis_2dp(m.duration.max()),
                millis_2dp(m.duration.percentile(99.0)),
                m.concurrent_executions
            );
            if stream {
                let _ = write!(out, " {:>16}", millis_2dp(m.iterator_age_max));
            }
            out.push('\n');
        }
    }
    let _ = writeln!(
        out,
        "account: peak ConcurrentExecutions {} (1-minute periods of {} s)",
        run.metrics.peak_concurrency,
        MINUTE / 1_000_000
    );
    out
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let cut: String = text.chars().take(width - 1).collect();
        format!("{cut}…")
    }
}
