//! What the simulator is asked to run: the account's options, the functions and
//! the traffic. Every default here is traceable to `shared/reference`
//! (lambda-facts.md, lambda-wire-contract.md); the doc comments say which fact.

use super::time::{Micros, HOUR, MILLISECOND, MINUTE, SECOND};

/// One simulation: an account, its functions and the requests that reach them.
#[derive(Debug, Clone, Default)]
pub struct Simulation {
    pub options: Options,
    pub functions: Vec<Function>,
    pub traffic: Vec<Traffic>,
}

/// Account-wide settings.
#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    /// Stop here; `None` runs until the last request has finished.
    pub until: Option<Micros>,
    /// Concurrent executions across all functions of the Region (facts §5: 1,000).
    pub account_concurrency: u32,
    /// How long a frozen environment is kept once its function gets no more
    /// requests. Not published by AWS; measured near 10 minutes since 2019
    /// (wire contract, "Idle teardown").
    pub idle_ttl: Micros,
    /// How long a frozen environment is kept at most while its function keeps
    /// getting requests (at least `idle_ttl`). In the 2020 traces behind
    /// `course experiments`, spare environments of a function in steady use
    /// were reused after up to 1,398 s idle, where a lone environment went
    /// after 640 s; this is the shortest cap those traces allow.
    pub idle_cap: Micros,
    /// Environments are retired "every few hours" even when busy; about 2 h
    /// observed (facts §1, "Max lifetime"), and 1.9–2.0 h in the 2020 traces
    /// behind `course experiments`.
    pub max_lifetime: Micros,
    /// Mean time after which an environment also ends unannounced, whatever
    /// its age (host maintenance and the like); 0, the default, leaves it out
    /// so that figures and exercises stay predictable. In the 2020 traces
    /// behind `course experiments`, 11 environments vanished well before their
    /// maximum lifetime and idle time-to-live in about 91 environment-hours:
    /// about one every 8 hours of life, which `course experiments` uses.
    pub random_retirement: Micros,
    pub init_billing: InitBilling,
    /// New environments per function per 10 s (facts §5: 1,000 since Nov 2023).
    pub scaling_rate: u32,
    pub recording: Recording,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 1,
            until: None,
            account_concurrency: 1_000,
            idle_ttl: 10 * MINUTE,
            idle_cap: 1_400 * SECOND,
            max_lifetime: 2 * HOUR,
            random_retirement: 0,
            init_billing: InitBilling::Since2025,
            scaling_rate: 1_000,
            recording: Recording::Full,
        }
    }
}

/// How the INIT phase of a cold start is billed (facts §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitBilling {
    /// Since 1 August 2025: INIT is billed for every on-demand cold start.
    Since2025,
    /// Before: INIT of ZIP functions on managed runtimes was not billed.
    Before2025,
}

/// How much of the run to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recording {
    /// Every invocation and environment: figures, logs, graders.
    Full,
    /// Only per-minute metrics and totals: memory stays flat however many
    /// invocations, and grows by a few bytes per simulated minute.
    MetricsOnly,
    /// Only the run's totals: memory stays flat however long the simulated
    /// time, for replays of days of sparse traffic.
    TotalsOnly,
}

/// How far in simulated time a run without `until` may go: the longest
/// traffic a scenario may ask for (30 days) plus the longest an SQS message
/// may be kept for its retries (14 days of retention), which also covers
/// asynchronous retries (6 hours at most). Only a run that would never end
/// reaches it.
pub const HORIZON: Micros = 44 * 24 * HOUR;
/// The most requests a run that keeps every invocation may make: about
/// 230 bytes each, so about 230 MB. More needs `Recording::MetricsOnly`.
pub const MAX_RECORDED_REQUESTS: u64 = 1_000_000;
/// The most requests any run may make: about ten seconds of work, twice the
/// benchmark's 10 million.
pub const MAX_REQUESTS: u64 = 20_000_000;

/// The minimum of unreserved concurrency Lambda keeps for functions without a
/// reservation (facts §5: "100 must stay unreserved").
pub const UNRESERVED_MINIMUM: u32 = 100;
/// On-demand INIT must finish in 10 s, else it is retried inside the first
/// invoke (facts §1, "Init limit").
pub const INIT_LIMIT: Micros = 10 * SECOND;
/// 1,769 MB of memory buys one full vCPU (facts §4).
pub const MB_PER_VCPU: f64 = 1_769.0;
/// At most 6 vCPUs, at 10,240 MB (facts §4).
pub const MAX_VCPUS: f64 = 6.0;
pub use lambda_limits::MB;
/// Code download time per MB of zipped package. No authoritative figure exists:
/// a low-confidence rule of thumb (wire contract, "Package size") puts 10 MB at
/// 50–100 ms and 50 MB at 200–400 ms; 6 ms per MB sits inside both ranges.
pub const DOWNLOAD_PER_MB: Micros = 6 * MILLISECOND;

/// A Lambda function and its configuration.
#[derive(Debug, Clone)]
pub struct Function {
    pub name: String,
    pub runtime: String,
    pub architecture: Architecture,
    pub memory_mb: u32,
    pub timeout: Micros,
    pub reserved_concurrency: Option<u32>,
    pub provisioned_concurrency: u32,
    pub package_bytes: u64,
    /// Runtime start before the function's own code; defaults per runtime.
    pub runtime_start: Micros,
    /// "Max Memory Used" for REPORT lines.
    pub memory_used_mb: u32,
    /// The global code, run once per environment during INIT.
    pub init: Work,
    /// The work of one request.
    pub handler: Work,
    pub async_config: AsyncConfig,
    /// Published versions, numbered from 1.
    pub versions: Vec<Version>,
    pub aliases: Vec<Alias>,
    /// Recursive loop detection: stop a chain of calls after about 16 hops.
    pub recursion: Recursion,
    /// The execution role; `None` lets the function make every call it makes.
    pub role: Option<Role>,
    /// The VPC the function is attached to, if any.
    pub vpc: Option<super::deploy::vpc::VpcNetwork>,
    /// Zipped size of the function's layers: downloaded at a cold start too.
    pub layer_bytes: u64,
    /// Code signing failures that `Warn` let through at deployment.
    pub signature_validation_errors: u32,
}

/// An execution role: its identity-based policies decide which calls the
/// function (and Lambda on its behalf: logs, destinations) may make.
#[derive(Debug, Clone)]
pub struct Role {
    pub name: String,
    pub policies: Vec<super::iam::Policy>,
    /// The log group was created beforehand, so `logs:CreateLogGroup` is not needed.
    pub log_group_exists: bool,
}

/// A call a handler makes to another AWS service, e.g. `s3:GetObject`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsCall {
    pub action: String,
    pub resource: String,
}

/// Recursive loop detection (facts §5): `Terminate` is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recursion {
    Terminate,
    Allow,
}

/// The number of invocations in one chain after which Lambda stops it.
pub const RECURSION_LIMIT: u32 = 16;

impl Function {
    /// A function with Lambda's defaults: Node.js, x86_64, 128 MB, 3 s (facts §4).
    pub fn new(name: &str) -> Self {
        let runtime = "nodejs22.x".to_string();
        let architecture = Architecture::X86_64;
        Function {
            name: name.to_string(),
            runtime_start: runtime_start(&runtime, architecture),
            runtime,
            architecture,
            memory_mb: 128,
            timeout: 3 * SECOND,
            reserved_concurrency: None,
            provisioned_concurrency: 0,
            package_bytes: MB,
            memory_used_mb: 70,
            init: Work::default(),
            handler: Work {
                cpu: 10 * MILLISECOND,
                ..Work::default()
            },
            async_config: AsyncConfig::default(),
            versions: Vec::new(),
            aliases: Vec::new(),
            recursion: Recursion::Terminate,
            role: None,
            vpc: None,
            layer_bytes: 0,
            signature_validation_errors: 0,
        }
    }

    /// The share of one vCPU this memory size buys: below one vCPU, CPU-bound
    /// work slows down in proportion.
    pub fn vcpu_share(&self) -> f64 {
        (f64::from(self.memory_mb) / MB_PER_VCPU).min(MAX_VCPUS)
    }

    /// Whether INIT was billed under the rule before August 2025: only custom
    /// runtimes (`provided*`) paid for it then (container images and provisioned
    /// concurrency too, which the simulator models separately).
    pub fn init_billed_before_2025(&self) -> bool {
        self.runtime.starts_with("provided")
    }
}

/// Published runtime start times (Init Duration of a hello-world function),
/// maxday/lambda-perf, run of 2025-12-21 (wire contract, "Cold start by runtime").
pub fn runtime_start(runtime: &str, architecture: Architecture) -> Micros {
    let arm = architecture == Architecture::Arm64;
    let ms = if runtime.starts_with("nodejs") {
        if arm {
            118
        } else {
            142
        }
    } else if runtime.starts_with("python") {
        if arm {
            74
        } else {
            102
        }
    } else if runtime.starts_with("java") {
        200
    } else if runtime.starts_with("ruby") {
        215
    } else if runtime.starts_with("dotnet") {
        262
    } else {
        // provided.al2023: Rust ≈ 13 ms, Go ≈ 40–55 ms.
        40
    };
    ms * MILLISECOND
}

/// The runtimes Lambda supports today, as it names them (facts §4;
/// lambda-runtimes.html and the per-language pages, November 2026: `ruby4.0`
/// since April 2026; the Amazon Linux 2 ones `java17`, `java11`, `java8.al2`
/// and `python3.11` extended to June 2027).
pub const RUNTIMES: &[&str] = &[
    "nodejs24.x",
    "nodejs22.x",
    "python3.14",
    "python3.13",
    "python3.12",
    "python3.11",
    "java25",
    "java21",
    "java17",
    "java11",
    "java8.al2",
    "dotnet10",
    "ruby4.0",
    "ruby3.4",
    "ruby3.3",
    "provided.al2023",
];

/// Deprecated runtimes (no more patches) on which Lambda still creates and
/// updates functions: until 1 February and 3 March 2027 for these, by the
/// dates AWS published in 2026. Existing functions keep running after that.
pub const DEPRECATED_RUNTIMES: &[&str] = &[
    "nodejs20.x",
    "python3.10",
    "python3.9",
    "dotnet8",
    "ruby3.2",
    "provided.al2",
];

/// Whether Lambda accepts `runtime` for a new function today.
pub fn is_accepted_runtime(runtime: &str) -> bool {
    RUNTIMES.contains(&runtime) || DEPRECATED_RUNTIMES.contains(&runtime)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Architecture {
    X86_64,
    Arm64,
}

impl Architecture {
    pub fn name(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}

/// Work done by global code or by a handler.
#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    /// CPU time at one full vCPU.
    pub cpu: Micros,
    /// Waiting (network, other services): memory does not change it.
    pub wait: Micros,
    /// Threads that can use CPU at once.
    pub threads: u32,
    pub spread: Spread,
    /// Probability that the handler throws (the environment survives).
    pub errors: f64,
    /// Probability that the runtime process dies (the environment is reset).
    pub crashes: f64,
    /// Calls to other functions, made one after the other after the work.
    pub calls: Vec<Call>,
    /// Calls to other AWS services, checked against the execution role.
    pub aws_calls: Vec<AwsCall>,
    /// Whether the handler calls an API on the internet.
    pub internet: bool,
}

impl Default for Work {
    fn default() -> Self {
        Work {
            cpu: 0,
            wait: 0,
            threads: 1,
            spread: Spread::Fixed,
            errors: 0.0,
            crashes: 0.0,
            calls: Vec::new(),
            aws_calls: Vec::new(),
            internet: false,
        }
    }
}

impl Work {
    /// How long this work takes with the given vCPU share: CPU time scales
    /// with the share below one vCPU, and above it only as far as the code has
    /// threads to use the extra vCPUs.
    pub fn duration(&self, vcpu_share: f64) -> Micros {
        let speed = if vcpu_share <= 1.0 {
            vcpu_share
        } else {
            vcpu_share.min(f64::from(self.threads.max(1))).max(1.0)
        };
        (self.cpu as f64 / speed).round() as Micros + self.wait
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    Fixed,
    /// Exponentially distributed around the mean, as SimFaaS models service times.
    Exponential,
}

/// A call from inside a handler to another function.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Index of the called function in [`Simulation::functions`].
    pub function: usize,
    pub invocation: InvocationType,
    /// Handler time spent before making the call (preparing its payload).
    pub after: Micros,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvocationType {
    /// RequestResponse: the caller waits for the result.
    Sync,
    /// Event: Lambda queues the event and answers 202 at once.
    Async,
}

/// Asynchronous invocation settings (facts §3.3).
#[derive(Debug, Clone, PartialEq)]
pub struct AsyncConfig {
    /// 0–2, default 2.
    pub max_retries: u32,
    /// 60 s – 6 h, default 6 h.
    pub max_event_age: Micros,
    pub on_success: Option<Destination>,
    pub on_failure: Option<Destination>,
    pub dead_letter_queue: Option<Destination>,
}

impl Default for AsyncConfig {
    fn default() -> Self {
        AsyncConfig {
            max_retries: 2,
            max_event_age: 6 * HOUR,
            on_success: None,
            on_failure: None,
            dead_letter_queue: None,
        }
    }
}

/// Where Lambda sends the record of an asynchronous invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub kind: DestinationKind,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DestinationKind {
    Sqs,
    Sns,
    Lambda,
    EventBridge,
    S3,
}

impl DestinationKind {
    pub fn prefix(self) -> &'static str {
        match self {
            DestinationKind::Sqs => "sqs",
            DestinationKind::Sns => "sns",
            DestinationKind::Lambda => "lambda",
            DestinationKind::EventBridge => "eventbridge",
            DestinationKind::S3 => "s3",
        }
    }
}

/// A published version: an immutable copy of the function with its own changes.
#[derive(Debug, Clone, Default)]
pub struct Version {
    pub handler: Option<Work>,
    pub init: Option<Work>,
    pub memory_mb: Option<u32>,
}

/// A named pointer to a version, optionally sending a share of requests to a
/// second version (facts §6).
#[derive(Debug, Clone)]
pub struct Alias {
    pub name: String,
    pub version: u32,
    pub additional: Option<(u32, f64)>,
}

/// Requests sent to one function.
#[derive(Debug, Clone)]
pub struct Traffic {
    pub function: usize,
    pub qualifier: Qualifier,
    pub invocation: InvocationType,
    pub arrivals: Arrivals,
    pub payload_bytes: u64,
    /// Who sends the requests: a client, or another AWS service (facts §7).
    pub source: Source,
}

/// Where requests come from. Services push synchronously (API Gateway) or
/// asynchronously (S3, SNS, EventBridge, schedules), or Lambda polls them
/// (SQS, streams) through an event source mapping.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A client calling the Invoke API directly.
    Direct,
    /// API Gateway: synchronous; it gives up after its integration timeout
    /// and answers 504 while the function may run on.
    ApiGateway,
    /// S3, SNS, EventBridge events and schedules: asynchronous invocation.
    Service(PushService),
    /// An SQS queue read by an event source mapping.
    Sqs(SqsMapping),
    /// A Kinesis or DynamoDB stream read by an event source mapping.
    Stream(StreamMapping),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushService {
    S3,
    Sns,
    EventBridge,
    Schedule,
}

/// API Gateway's integration timeout: 29 s by default (facts §7; it can be
/// raised for Regional and private REST APIs).
pub const API_GATEWAY_TIMEOUT: Micros = 29 * SECOND;

/// An SQS event source mapping (facts §7).
#[derive(Debug, Clone, PartialEq)]
pub struct SqsMapping {
    pub queue: String,
    /// Messages per invocation: default 10.
    pub batch_size: u32,
    /// How long to gather a batch: 0 – 300 s.
    pub batch_window: Micros,
    /// How long a received message stays hidden; must be at least the
    /// function's timeout (AWS advises 6 times it).
    pub visibility_timeout: Micros,
    /// Receives after which SQS moves a message to the dead-letter queue.
    pub max_receive_count: Option<u32>,
    pub dead_letter_queue: Option<String>,
    /// Partial batch responses: only the failed messages return to the queue.
    pub report_batch_item_failures: bool,
    /// At most this many batches at once (ScalingConfig).
    pub max_concurrency: Option<u32>,
    /// Messages (numbered from 1 in arrival order) that always fail.
    pub poison: Vec<u64>,
}

/// A stream event source mapping (Kinesis, DynamoDB Streams).
#[derive(Debug, Clone, PartialEq)]
pub struct StreamMapping {
    pub stream: String,
    pub shards: u32,
    /// Records per invocation: default 100.
    pub batch_size: u32,
}

/// Which version a request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Qualifier {
    Latest,
    Version(u32),
    Alias(String),
}

/// When requests arrive.
#[derive(Debug, Clone)]
pub enum Arrivals {
    At(Vec<Micros>),
    Every {
        interval: Micros,
        from: Micros,
        until: Micros,
    },
    Poisson {
        per_second: f64,
        from: Micros,
        until: Micros,
    },
    Burst {
        count: u32,
        at: Micros,
        spacing: Micros,
    },
    /// An EventBridge schedule.
    Schedule {
        schedule: Schedule,
        from: Micros,
        until: Micros,
    },
}

/// An EventBridge schedule expression: `rate(...)` or `cron(...)`.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    Rate(Micros),
    /// Minutes and hours at which it fires (UTC); the day fields are `*`/`?`.
    Cron {
        minutes: Vec<u32>,
        hours: Vec<u32>,
    },
}

impl Schedule {
    /// The first firing at or after `t`.
    pub fn next_at_or_after(&self, t: Micros, from: Micros) -> Micros {
        match self {
            Schedule::Rate(every) => {
                let since = t.saturating_sub(from);
                from + since.div_ceil(*every) * every
            }
            Schedule::Cron { minutes, hours } => {
                let minute = super::time::MINUTE;
                let first = t.div_ceil(minute);
                // At most a day of minutes to look through.
                (first..=first + 24 * 60)
                    .find(|m| {
                        let (hour, min) = ((m / 60) % 24, m % 60);
                        hours.contains(&(hour as u32)) && minutes.contains(&(min as u32))
                    })
                    .map_or(Micros::MAX, |m| m * minute)
            }
        }
    }
}
