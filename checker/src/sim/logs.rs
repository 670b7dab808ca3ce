//! CloudWatch log lines in Lambda's own format (wire contract, "Log lines"):
//! START, END and a tab-separated REPORT with a trailing tab; `Init Duration`
//! only on cold starts; the status of a failed invocation at the very end.

use super::config::INIT_LIMIT;
use super::time::{millis_2dp, seconds_2dp, Micros};
use super::trace::{Invocation, Outcome, StartKind};

/// The virtual clock's zero, for timestamps: 2026-01-01T00:00:00Z.
const EPOCH_LABEL_DATE: &str = "2026-01-01";

/// An ISO-8601 timestamp of a virtual time (runs longer than a day wrap the
/// hour; scenarios are far shorter).
pub fn timestamp(at: Micros) -> String {
    let ms = at / 1_000;
    let (h, m, s, milli) = (
        (ms / 3_600_000) % 24,
        (ms / 60_000) % 60,
        (ms / 1_000) % 60,
        ms % 1_000,
    );
    format!("{EPOCH_LABEL_DATE}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
}

/// The log lines of one invocation, or nothing for a throttled request (it
/// never reached the function).
pub fn lines(invocation: &Invocation, version: &str) -> Vec<String> {
    if invocation.start == StartKind::Throttled {
        return Vec::new();
    }
    let id = invocation.request_id;
    // INIT ran out of its 10 s: Lambda reports it, then retries INIT inside
    // this invoke ("suppressed init"), counted in Duration, with no Init Duration.
    let init_timed_out = invocation.start == StartKind::Cold && invocation.init >= INIT_LIMIT;
    let mut out = Vec::new();
    if init_timed_out {
        out.push(format!(
            "INIT_REPORT Init Duration: {} ms\tPhase: init\tStatus: timeout",
            millis_2dp(invocation.init)
        ));
    }
    out.push(format!("START RequestId: {id} Version: {version}"));
    match invocation.outcome {
        Outcome::FunctionError | Outcome::CalleeFailed => out.push(format!(
            "{}\t{id}\tERROR\tInvoke Error \t{{\"errorType\":\"Error\",\"errorMessage\":\"the handler threw\"}}",
            timestamp(invocation.end)
        )),
        // The platform's two lines for a process that died: why, then the
        // error type.
        Outcome::Crash | Outcome::OutOfMemory => {
            out.push(format!("RequestId: {id} Error: {}", exit_message(invocation)));
            out.extend(invocation.outcome.error_type().map(str::to_string));
        }
        _ => {}
    }
    out.push(format!("END RequestId: {id}"));
    let mut report = format!(
        "REPORT RequestId: {id}\tDuration: {} ms\tBilled Duration: {} ms\tMemory Size: {} MB\tMax Memory Used: {} MB\t",
        millis_2dp(invocation.duration),
        invocation.billed_ms,
        invocation.memory_mb,
        invocation.memory_used_mb,
    );
    if invocation.start == StartKind::Cold && !init_timed_out {
        report.push_str(&format!(
            "Init Duration: {} ms\t",
            millis_2dp(invocation.init)
        ));
    }
    // Today's format ends the REPORT line of a failed invocation with its
    // status; the separate "<time> <id> Task timed out after N.NN seconds"
    // line of older runtimes is gone (wire contract, "Log lines").
    match invocation.outcome {
        Outcome::Timeout => report.push_str("Status: timeout"),
        Outcome::Crash | Outcome::OutOfMemory => {
            report.push_str("Status: error\tError Type: ");
            report.push_str(invocation.outcome.error_type().unwrap_or_default());
        }
        _ => {}
    }
    out.push(report);
    out
}

/// Why the runtime process of a crashed invocation ended, as Lambda words it:
/// the exit of a process that failed, or the kill of one over its memory.
fn exit_message(invocation: &Invocation) -> &'static str {
    if invocation.outcome == Outcome::OutOfMemory {
        "Runtime exited with error: signal: killed"
    } else {
        "Runtime exited with error: exit status 1"
    }
}

/// The error message a synchronous caller receives for a timeout.
pub fn timeout_message(invocation: &Invocation) -> String {
    format!(
        "RequestId: {} Error: Task timed out after {} seconds",
        invocation.request_id,
        seconds_2dp(invocation.duration)
    )
}
