//! Asynchronous invocations: the caller gets 202 at once; the event waits in
//! a queue, runs, is retried after function errors (with the configured
//! delays) or throttles (with backoff), and ends in the on-failure destination
//! when retries or its maximum age run out.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{json, Value};

use crate::clock;
use crate::ids;
use crate::platform::Platform;
use crate::scheduler::{self, Attempt, Outcome};

/// Backoff after a throttle: starts here and doubles…
const THROTTLE_BACKOFF_START: Duration = Duration::from_millis(200);
/// …up to this.
const THROTTLE_BACKOFF_MAX: Duration = Duration::from_secs(5);

/// Queues one event; returns immediately.
pub fn enqueue(
    platform: Arc<Platform>,
    function: String,
    request_id: String,
    payload: Vec<u8>,
    invoked_arn: String,
) {
    platform.async_started();
    tokio::spawn(async move {
        process(&platform, &function, &request_id, payload, &invoked_arn).await;
        platform.async_finished();
    });
}

async fn process(
    platform: &Arc<Platform>,
    function_name: &str,
    request_id: &str,
    payload: Vec<u8>,
    invoked_arn: &str,
) {
    let queued_at = Instant::now();
    let mut attempts = 0u32;
    let mut backoff = THROTTLE_BACKOFF_START;
    loop {
        // The function may have been redeployed (or removed) meanwhile.
        let Some(function) = platform.function(function_name) else {
            return;
        };
        let config = function.spec.async_config.clone();
        if queued_at.elapsed() > config.maximum_event_age {
            record(
                platform,
                function_name,
                request_id,
                "EventAgeExceeded",
                attempts,
                &payload,
                None,
            );
            return;
        }
        let attempt = Attempt {
            request_id: request_id.to_string(),
            payload: payload.clone(),
            invoked_arn: invoked_arn.to_string(),
            client_context: None,
            tail: false,
        };
        match scheduler::run_once(platform, &function, attempt).await {
            Err(_throttled) => {
                // Throttles do not count as attempts: back to the queue.
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(THROTTLE_BACKOFF_MAX);
            }
            Ok(outcome) => {
                attempts += 1;
                if !outcome.function_error {
                    if config.on_success {
                        record(
                            platform,
                            function_name,
                            request_id,
                            "Success",
                            attempts,
                            &payload,
                            Some(&outcome),
                        );
                    }
                    return;
                }
                if attempts > config.maximum_retry_attempts {
                    record(
                        platform,
                        function_name,
                        request_id,
                        "RetriesExhausted",
                        attempts,
                        &payload,
                        Some(&outcome),
                    );
                    return;
                }
                let delays = &platform.config.retry_delays;
                let delay = delays
                    .get(attempts as usize - 1)
                    .or(delays.last())
                    .copied()
                    .unwrap_or_default();
                tokio::time::sleep(delay).await;
            }
        }
    }
}

/// The destination file of a function: `destinations/<name>/on-failure.jsonl`.
pub fn destination_path(dir: &Path, function: &str, success: bool) -> PathBuf {
    let file = if success {
        "on-success.jsonl"
    } else {
        "on-failure.jsonl"
    };
    dir.join(function).join(file)
}

/// Every record of a destination file, oldest first.
pub fn read_records(dir: &Path, function: &str, success: bool) -> Vec<Value> {
    fs::read_to_string(destination_path(dir, function, success))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// Parses a payload as JSON for a record, keeping non-JSON as a string.
fn as_json(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return json!({});
    }
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into()))
}

/// Writes an invocation record in Lambda's destination shape.
fn record(
    platform: &Platform,
    function: &str,
    request_id: &str,
    condition: &str,
    attempts: u32,
    payload: &[u8],
    outcome: Option<&Outcome>,
) {
    let mut rec = json!({
        "version": "1.0",
        "timestamp": clock::iso(SystemTime::now()),
        "requestContext": {
            "requestId": request_id,
            "functionArn": format!("{}:$LATEST", ids::function_arn(function)),
            "condition": condition,
            "approximateInvokeCount": attempts,
        },
        "requestPayload": as_json(payload),
    });
    if let Some(o) = outcome {
        let mut ctx = json!({ "statusCode": 200, "executedVersion": "$LATEST" });
        if o.function_error {
            ctx["functionError"] = "Unhandled".into();
        }
        rec["responseContext"] = ctx;
        rec["responsePayload"] = as_json(&o.payload);
    }
    let path = destination_path(
        &platform.destinations_dir(),
        function,
        condition == "Success",
    );
    if let Some(parent) = path.parent() {
        let _ = fs::create_dir_all(parent);
    }
    if let Ok(mut f) = OpenOptions::new().create(true).append(true).open(&path) {
        let _ = writeln!(f, "{rec}");
    }
}
