//! One attempt at running an event: pick or start an environment, hand the
//! event over, wait for the answer, the process's end or the timeout, write
//! START / END / REPORT, and put the environment back (or discard it).

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use base64::Engine;
use tokio::sync::oneshot;

use crate::clock;
use crate::environment::{Blueprint, Environment, Exit, InitFailure};
use crate::ids;
use crate::logs::{self, Report, Status};
use crate::platform::{Function, Platform};
use crate::pool::{Slot, Throttle};
use crate::runtime_api::{Answer, Event};

/// How long to wait for the output printed before an answer to be read.
const FLUSH_WAIT: Duration = Duration::from_millis(200);

/// The request, as the scheduler needs it.
pub struct Attempt {
    pub request_id: String,
    pub payload: Vec<u8>,
    pub invoked_arn: String,
    /// JSON, decoded from `X-Amz-Client-Context`.
    pub client_context: Option<String>,
    /// Keep the log lines for `X-Amz-Log-Type: Tail`.
    pub tail: bool,
}

/// How the attempt ended, as the Invoke API reports it.
#[derive(Debug)]
pub struct Outcome {
    /// `X-Amz-Function-Error: Unhandled` when true.
    pub function_error: bool,
    pub payload: Vec<u8>,
    pub content_type: Option<String>,
    /// Base64 of the last 4 KB of the invocation's log.
    pub log_result: Option<String>,
}

fn error_outcome(body: Vec<u8>) -> Outcome {
    Outcome {
        function_error: true,
        payload: body,
        content_type: Some("application/json".into()),
        log_result: None,
    }
}

fn error_body(error_type: &str, message: &str) -> Vec<u8> {
    serde_json::json!({ "errorType": error_type, "errorMessage": message })
        .to_string()
        .into_bytes()
}

/// Runs the event once; `Err` when the function is at its concurrency limit.
pub async fn run_once(
    platform: &Arc<Platform>,
    function: &Arc<Function>,
    attempt: Attempt,
) -> Result<Outcome, Throttle> {
    let slot = function
        .pool
        .acquire(function.spec.reserved_concurrency, &platform.account)?;
    let (env, init) = match slot {
        Slot::Warm(env) => (env, None),
        Slot::Cold => match cold_start(platform, function).await {
            Ok((env, init)) => (env, Some(init)),
            Err(outcome) => {
                function.pool.release(None, &platform.account);
                return Ok(finish_failed_start(function, &attempt, outcome));
            }
        },
    };
    let (outcome, reusable) = run_on(platform, function, &env, init, attempt).await;
    function
        .pool
        .release(reusable.then_some(env), &platform.account);
    Ok(outcome)
}

/// What a cold start that failed leaves behind: the environment's log and error.
struct FailedStart {
    env: Option<Arc<Environment>>,
    init_ms: f64,
    failure: InitFailure,
}

async fn cold_start(
    platform: &Arc<Platform>,
    function: &Arc<Function>,
) -> Result<(Arc<Environment>, Duration), FailedStart> {
    let platform_vars = platform
        .platform_variables
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let (runtime_dir, envs_dir) = (platform.runtime_dir(), platform.envs_dir());
    let bp = Blueprint {
        function: &function.spec.name,
        handler: &function.spec.handler,
        runtime: function.spec.runtime,
        memory_mb: function.spec.memory_mb,
        variables: &function.variables,
        code_dir: &function.package.code_dir,
        layer_dirs: &function.package.layer_dirs,
        envs_dir: &envs_dir,
        runtime_dir: &runtime_dir,
        runtime_node_modules: platform.config.runtime_node_modules.as_deref(),
        node: &platform.config.node,
        platform_variables: &platform_vars,
        logs: platform.logs.clone(),
    };
    let env = match Environment::start(bp).await {
        Ok(env) => Arc::new(env),
        Err(message) => {
            return Err(FailedStart {
                env: None,
                init_ms: 0.0,
                failure: InitFailure::Reported(
                    "Runtime.InvalidEntrypoint".into(),
                    error_body("Runtime.InvalidEntrypoint", &message),
                ),
            })
        }
    };
    let begun = Instant::now();
    match env.wait_ready(platform.config.init_timeout).await {
        Ok(init) => Ok((env, init)),
        Err(failure) => {
            env.kill();
            Err(FailedStart {
                init_ms: begun.elapsed().as_secs_f64() * 1000.0,
                env: Some(env),
                failure,
            })
        }
    }
}

/// Logs a failed INIT the way Lambda does and answers with its error.
fn finish_failed_start(function: &Function, attempt: &Attempt, failed: FailedStart) -> Outcome {
    let (error_type, body) = match failed.failure {
        InitFailure::Reported(error_type, body) => (error_type, body),
        InitFailure::Exited(exit) => (
            exit.error_type.to_string(),
            exit_body(&exit, &attempt.request_id),
        ),
    };
    let mut tail = String::new();
    if let Some(env) = &failed.env {
        if attempt.tail {
            env.log.start_capture();
        }
        env.log.put(&format!(
            "INIT_REPORT Init Duration: {:.2} ms\tPhase: init\tStatus: error\tError Type: {}",
            failed.init_ms, error_type
        ));
        env.log
            .put(&logs::start_line(&attempt.request_id, "$LATEST"));
        env.log.put(&logs::end_line(&attempt.request_id));
        let report = Report {
            request_id: &attempt.request_id,
            duration_ms: failed.init_ms,
            memory_mb: function.spec.memory_mb,
            max_memory_used_mb: env.max_memory_used_mb(),
            init_duration_ms: None,
            status: Some(Status::Error(error_type)),
        };
        env.log.put(&report.line());
        tail = env.log.take_capture();
    }
    let mut outcome = error_outcome(body);
    if attempt.tail {
        outcome.log_result = Some(encode_tail(&tail));
    }
    outcome
}

/// The error a caller gets when the runtime process ended.
fn exit_body(exit: &Exit, request_id: &str) -> Vec<u8> {
    error_body(exit.error_type, &exit.message_for(request_id))
}

fn encode_tail(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(logs::last_4kb(text))
}

/// Hands the event to `env` and waits; returns the outcome and whether the
/// environment may serve again.
async fn run_on(
    platform: &Arc<Platform>,
    function: &Arc<Function>,
    env: &Arc<Environment>,
    init: Option<Duration>,
    attempt: Attempt,
) -> (Outcome, bool) {
    let timeout = function.spec.timeout;
    let id = attempt.request_id.clone();
    if attempt.tail {
        env.log.start_capture();
    }
    env.log.put(&logs::start_line(&id, "$LATEST"));
    let (reply_tx, reply_rx) = oneshot::channel();
    let delivered_at = Instant::now();
    let deadline = SystemTime::now() + timeout;
    let event = Event {
        request_id: id.clone(),
        payload: attempt.payload,
        deadline_ms: clock::epoch_ms(deadline),
        invoked_arn: attempt.invoked_arn,
        trace_id: ids::trace_id(),
        client_context: attempt.client_context,
        reply: reply_tx,
    };

    enum Ended {
        Answer(Answer),
        Exited(String),
        TimedOut,
    }
    let ended = if env.deliver(event).await.is_err() {
        Ended::Exited(env.exited().await)
    } else {
        tokio::select! {
            answer = reply_rx => match answer {
                Ok(a) => Ended::Answer(a),
                // The event was lost with the process: report how it ended.
                Err(_) => Ended::Exited(
                    tokio::time::timeout(Duration::from_secs(1), env.exited())
                        .await
                        .unwrap_or_else(|_| "exit status unknown".into()),
                ),
            },
            how = env.exited() => Ended::Exited(how),
            _ = tokio::time::sleep(timeout) => Ended::TimedOut,
        }
    };
    let duration = delivered_at.elapsed();

    // (outcome, environment reusable, lines before END, REPORT's status)
    let (mut outcome, reusable, extra_lines, status) = match ended {
        Ended::Answer(Answer::Response { body, content_type }) => {
            env.wait_flushed(&id, FLUSH_WAIT).await;
            let outcome = Outcome {
                function_error: false,
                payload: body,
                content_type,
                log_result: None,
            };
            (outcome, true, vec![], None)
        }
        Ended::Answer(Answer::Error { body, error_type }) => {
            env.wait_flushed(&id, FLUSH_WAIT).await;
            // A runtime-level error type means the runtime is going away.
            let fatal = error_type
                .as_deref()
                .is_some_and(|t| t.starts_with("Runtime."));
            (error_outcome(body), !fatal, vec![], None)
        }
        Ended::Answer(Answer::TooLarge) => {
            let message = format!(
                "Response payload size exceeded maximum allowed payload size ({} bytes).",
                crate::runtime_api::MAX_RESPONSE_BYTES
            );
            let outcome = error_outcome(error_body("Function.ResponseSizeTooLarge", &message));
            (outcome, false, vec![], None)
        }
        Ended::Exited(how) => {
            let exit = Exit::new(&how, env.memory_exceeded());
            // The platform's two lines: what ended the process, then the
            // error type (the one the caller gets).
            let lines = vec![exit.message_for(&id), exit.error_type.to_string()];
            (
                error_outcome(exit_body(&exit, &id)),
                false,
                lines,
                Some(Status::Error(exit.error_type.to_string())),
            )
        }
        Ended::TimedOut => {
            env.kill();
            let secs = timeout.as_secs_f64();
            let body = error_body(
                "Sandbox.Timedout",
                &format!("RequestId: {id} Error: Task timed out after {secs:.2} seconds"),
            );
            // Today's runtimes write no "Task timed out after …" line any more.
            (error_outcome(body), false, vec![], Some(Status::Timeout))
        }
    };

    let first = init.is_some()
        && !env
            .init_reported
            .swap(true, std::sync::atomic::Ordering::SeqCst);
    let report = Report {
        request_id: &id,
        duration_ms: duration.as_secs_f64() * 1000.0,
        memory_mb: function.spec.memory_mb,
        max_memory_used_mb: env.max_memory_used_mb(),
        init_duration_ms: init.filter(|_| first).map(|d| d.as_secs_f64() * 1000.0),
        status,
    };
    // Lines of a process that died (its "Error: Runtime exited" notice).
    for line in extra_lines {
        env.log.put(&line);
    }
    env.log.put(&logs::end_line(&id));
    env.log.put(&report.line());
    if attempt.tail {
        outcome.log_result = Some(encode_tail(&env.log.take_capture()));
    }
    let _ = platform;
    (outcome, reusable && env.is_alive())
}
