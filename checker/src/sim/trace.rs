//! What a run produced: one record per invocation and per execution
//! environment, the records sent to destinations, metrics, totals and cost.

use super::billing::Cost;
use super::config::{DestinationKind, InvocationType};
use super::metrics::Metrics;
use super::time::Micros;

/// The result of [`super::run`].
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// Function names, by index.
    pub functions: Vec<String>,
    /// Every invocation attempt, in the order requests reached Lambda
    /// (empty when recording metrics only).
    pub invocations: Vec<Invocation>,
    /// Every execution environment, in the order they were created
    /// (empty when recording metrics only).
    pub environments: Vec<Environment>,
    /// Records sent to destinations and dead-letter queues.
    pub deliveries: Vec<Delivery>,
    pub metrics: Metrics,
    pub totals: Totals,
    pub cost: Cost,
    /// When the last thing happened.
    pub end: Micros,
    /// Per function: why its logs are lost (its role may not write them).
    pub logs_lost: Vec<Option<String>>,
    /// Every distinct AccessDenied message the run produced, in order.
    pub access_denied: Vec<String>,
    /// Why the run stopped before its end, if it did: what it holds up to
    /// then is right, but the rest never happened.
    pub stopped: Option<Stopped>,
}

/// Why a run stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Work was still waiting at [`HORIZON`](super::HORIZON) of simulated
    /// time, with no `until`: something retries or calls itself forever.
    Horizon,
    /// The run went past its most requests ([`Stopped::limit`]); `recorded`
    /// when it kept every invocation, which lowers the limit.
    TooManyRequests { recorded: bool },
}

impl Stopped {
    /// The most requests a run may make: fewer when it keeps every
    /// invocation ([`MAX_RECORDED_REQUESTS`](super::MAX_RECORDED_REQUESTS)).
    pub fn limit(recorded: bool) -> u64 {
        if recorded {
            super::MAX_RECORDED_REQUESTS
        } else {
            super::MAX_REQUESTS
        }
    }

    /// What happened and why, for an `error:` line.
    pub fn message(&self) -> String {
        match self {
            Stopped::Horizon => format!(
                "the simulation was still busy after {} days of simulated time, so it stopped there (a scenario's traffic lasts 30 days at most)",
                super::HORIZON / (24 * super::time::HOUR)
            ),
            Stopped::TooManyRequests { recorded } => format!(
                "the simulation stopped after {} requests, the most one run may make",
                thousands(Stopped::limit(*recorded))
            ),
        }
    }

    /// What to try, for a `help:` line.
    pub fn help(&self) -> &'static str {
        match self {
            Stopped::Horizon => "something may never finish: an SQS message that always fails (give the queue a `max_receive_count`), a stream batch that always fails (it is retried until it succeeds), or a function allowed to call itself (`recursion = \"allow\"`); add e.g. `until = \"10min\"` at the top of the scenario to say when to stop",
            Stopped::TooManyRequests { recorded: true } => "add `until` at the top of the scenario to stop sooner, lower the traffic, or write `record = \"metrics\"` to keep per-minute metrics instead of every invocation (up to 20,000,000 requests); retries and calls between functions count as requests too",
            Stopped::TooManyRequests { recorded: false } => "add `until` at the top of the scenario to stop sooner, or lower the traffic; retries and calls between functions count as requests too",
        }
    }
}

/// `1000000` as `1,000,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A request id as Lambda shows it, derived from the seed so runs repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RequestId(pub u128);

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Shaped like a version-4 UUID.
        let v = (self.0 & !(0xF << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
        let hex = format!("{v:032x}");
        write!(
            f,
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }
}

/// How an invocation found its execution environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartKind {
    /// A new environment: code download, INIT, then the handler.
    Cold,
    /// A frozen environment was thawed: the handler starts at once.
    Warm,
    /// An environment reset by a timeout, crash or out-of-memory kill: INIT
    /// runs again inside this invoke ("suppressed init"), counted in its
    /// Duration.
    Reinit,
    /// A provisioned environment, initialised before traffic.
    Provisioned,
    /// Lambda refused the request: no environment.
    Throttled,
    /// The Invoke API rejected the request (payload too large).
    Rejected,
}

/// Why Lambda answered 429 (the `Reason` of `TooManyRequestsException`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleReason {
    /// The account's unreserved pool is in use.
    ConcurrentInvocationLimitExceeded,
    /// The function's reserved concurrency is in use.
    ReservedFunctionConcurrentInvocationLimitExceeded,
    /// The function may not add environments faster than its scaling rate.
    FunctionInvocationRateLimitExceeded,
}

impl ThrottleReason {
    pub fn name(self) -> &'static str {
        match self {
            ThrottleReason::ConcurrentInvocationLimitExceeded => {
                "ConcurrentInvocationLimitExceeded"
            }
            ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded => {
                "ReservedFunctionConcurrentInvocationLimitExceeded"
            }
            ThrottleReason::FunctionInvocationRateLimitExceeded => {
                "FunctionInvocationRateLimitExceeded"
            }
        }
    }
}

/// How an invocation ended: exactly one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// The handler threw (`X-Amz-Function-Error: Unhandled`).
    FunctionError,
    /// The runtime process exited (`Runtime.ExitError`); the environment is reset.
    Crash,
    /// The function needed more memory than it has: Lambda killed its
    /// process (`Runtime.OutOfMemory`); the environment is reset.
    OutOfMemory,
    /// `Sandbox.Timedout`; the environment is reset.
    Timeout,
    /// 429 `TooManyRequestsException`.
    Throttled(ThrottleReason),
    /// A synchronous call made by this handler failed, so the handler failed.
    CalleeFailed,
    /// The run ended (`until`) before the invocation finished.
    CutOff,
    /// 413 `RequestTooLargeException`: over 6 MB synchronous, 1 MB asynchronous.
    RequestTooLarge,
    /// Stopped by recursive loop detection.
    RecursionDropped,
    /// The execution role denied a call the handler made.
    AccessDenied,
}

impl Outcome {
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            Outcome::FunctionError
                | Outcome::Crash
                | Outcome::OutOfMemory
                | Outcome::Timeout
                | Outcome::CalleeFailed
                | Outcome::AccessDenied
        )
    }

    /// The error type a caller sees, as Lambda names it.
    pub fn error_type(&self) -> Option<&'static str> {
        match self {
            Outcome::Success | Outcome::CutOff => None,
            Outcome::FunctionError | Outcome::CalleeFailed => Some("Error"),
            Outcome::Crash => Some("Runtime.ExitError"),
            Outcome::OutOfMemory => Some("Runtime.OutOfMemory"),
            Outcome::Timeout => Some("Sandbox.Timedout"),
            Outcome::Throttled(_) => Some("TooManyRequestsException"),
            Outcome::RequestTooLarge => Some("RequestTooLargeException"),
            Outcome::RecursionDropped => Some("RecursiveInvocationException"),
            Outcome::AccessDenied => Some("AccessDeniedException"),
        }
    }
}

/// One invocation attempt.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// 1-based order in which requests reached Lambda.
    pub number: u32,
    pub request_id: RequestId,
    pub function: usize,
    /// 0 is `$LATEST`, otherwise the published version.
    pub version: u32,
    pub invocation: InvocationType,
    /// 1 for the first attempt of an asynchronous event, 2 and 3 for retries.
    pub attempt: u32,
    /// The number of the invocation whose handler made this call.
    pub caller: Option<u32>,
    pub arrival: Micros,
    /// The environment's number (1-based, in creation order).
    pub environment: Option<u32>,
    pub start: StartKind,
    /// Code download before INIT (cold starts only).
    pub download: Micros,
    /// `Init Duration` (cold starts only).
    pub init: Micros,
    pub handler_start: Micros,
    pub end: Micros,
    /// `Duration` in the REPORT line: the handler, plus a suppressed INIT.
    pub duration: Micros,
    pub billed_ms: u64,
    pub memory_mb: u32,
    pub memory_used_mb: u32,
    pub timeout: Micros,
    pub outcome: Outcome,
    /// Messages or records in the batch, for event source mappings.
    pub batch: u32,
    /// API Gateway gave up (504) before the function answered.
    pub gateway_timeout: bool,
}

impl Invocation {
    /// What the caller waited for: from arrival to the answer.
    pub fn latency(&self) -> Micros {
        self.end - self.arrival
    }
}

/// Why an execution environment went away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// Frozen for longer than the idle time-to-live.
    IdleReclaimed,
    /// Reached its maximum lifetime.
    LifetimeReached,
    /// Ended unannounced before it (`Options::random_retirement`).
    RetiredEarly,
    /// Still alive when the run ended.
    StillAlive,
}

/// One execution environment.
#[derive(Debug, Clone)]
pub struct Environment {
    pub number: u32,
    pub function: usize,
    pub version: u32,
    pub provisioned: bool,
    pub created: Micros,
    pub ended: Micros,
    pub end_reason: EndReason,
    pub invocations: u32,
    /// Times the environment was reset by a timeout, crash or out-of-memory kill.
    pub resets: u32,
}

/// Which outcome a destination record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryCondition {
    Success,
    RetriesExhausted,
    EventAgeExceeded,
}

impl DeliveryCondition {
    pub fn name(self) -> &'static str {
        match self {
            DeliveryCondition::Success => "Success",
            DeliveryCondition::RetriesExhausted => "RetriesExhausted",
            DeliveryCondition::EventAgeExceeded => "EventAgeExceeded",
        }
    }
}

/// A record Lambda sent to a destination or dead-letter queue.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub at: Micros,
    pub function: usize,
    pub request_id: RequestId,
    pub target_kind: DestinationKind,
    pub target: String,
    pub dead_letter: bool,
    pub condition: DeliveryCondition,
    /// Attempts made, as `approximateInvokeCount`.
    pub attempts: u32,
    /// The last error type, when the event failed.
    pub error_type: Option<&'static str>,
}

/// Counts over the whole run, per function and overall.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub per_function: Vec<FunctionTotals>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FunctionTotals {
    /// Requests that reached Lambda, throttled ones included.
    pub requests: u64,
    /// Invocations that ran code (the `Invocations` metric).
    pub invocations: u64,
    pub cold_starts: u64,
    pub warm_starts: u64,
    pub throttles: u64,
    pub errors: u64,
    pub timeouts: u64,
    pub crashes: u64,
    /// Invocations killed for exceeding their memory.
    pub out_of_memory: u64,
    pub environments: u64,
    pub max_concurrency: u32,
    pub billed_ms: u64,
    /// Environment-microseconds alive, and busy, for mean counts.
    pub alive_time: u128,
    pub busy_time: u128,
    /// Environment-microseconds from creation to the end of the last
    /// invocation that finished: the part of a lifetime visible from outside.
    /// Studies that see only requests (never the reclaim) count this plus an
    /// assumed idle tail per environment.
    pub served_time: u128,
    pub provisioned_invocations: u64,
    pub spillover_invocations: u64,
    pub async_received: u64,
    /// Asynchronous events that failed for good (to a destination, a DLQ, or dropped).
    pub async_failed: u64,
    pub async_dropped: u64,
    pub retries: u64,
    pub on_success_deliveries: u64,
    pub on_failure_deliveries: u64,
    pub dead_letters: u64,
    pub rejected_too_large: u64,
    pub recursion_dropped: u64,
    /// Records Lambda failed to write to a destination or dead-letter queue.
    pub delivery_failures: u64,
    /// `SignatureValidationErrors`: code signing failures `Warn` deployed anyway.
    pub signature_validation_errors: u64,
    pub gateway_timeouts: u64,
    /// SQS messages processed and deleted, and moved to the dead-letter queue.
    pub messages_deleted: u64,
    pub messages_dead_lettered: u64,
    /// Stream records processed.
    pub records_processed: u64,
}

impl Totals {
    /// The sum over all functions.
    pub fn overall(&self) -> FunctionTotals {
        let mut all = FunctionTotals::default();
        for t in &self.per_function {
            all.requests += t.requests;
            all.invocations += t.invocations;
            all.cold_starts += t.cold_starts;
            all.warm_starts += t.warm_starts;
            all.throttles += t.throttles;
            all.errors += t.errors;
            all.timeouts += t.timeouts;
            all.crashes += t.crashes;
            all.out_of_memory += t.out_of_memory;
            all.environments += t.environments;
            all.max_concurrency = all.max_concurrency.max(t.max_concurrency);
            all.billed_ms += t.billed_ms;
            all.alive_time += t.alive_time;
            all.busy_time += t.busy_time;
            all.served_time += t.served_time;
            all.provisioned_invocations += t.provisioned_invocations;
            all.spillover_invocations += t.spillover_invocations;
            all.async_received += t.async_received;
            all.async_failed += t.async_failed;
            all.async_dropped += t.async_dropped;
            all.retries += t.retries;
            all.on_success_deliveries += t.on_success_deliveries;
            all.on_failure_deliveries += t.on_failure_deliveries;
            all.dead_letters += t.dead_letters;
            all.rejected_too_large += t.rejected_too_large;
            all.recursion_dropped += t.recursion_dropped;
            all.delivery_failures += t.delivery_failures;
            all.signature_validation_errors += t.signature_validation_errors;
            all.gateway_timeouts += t.gateway_timeouts;
            all.messages_deleted += t.messages_deleted;
            all.messages_dead_lettered += t.messages_dead_lettered;
            all.records_processed += t.records_processed;
        }
        all
    }
}
