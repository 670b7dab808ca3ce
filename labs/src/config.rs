//! A function's configuration, in the words of Lambda's CreateFunction API,
//! and the emulator's own settings.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Where a function's code or a layer's content comes from.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum CodeSource {
    /// A folder, zipped by the emulator as `zip -r` would (symbolic links left out).
    Folder(PathBuf),
    /// A `.zip` file, as uploaded to Lambda.
    Zip(PathBuf),
}

/// What the emulator's on-failure / on-success destinations record.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AsyncConfig {
    /// `MaximumRetryAttempts`: 0 to 2, after function errors.
    pub maximum_retry_attempts: u32,
    /// `MaximumEventAgeInSeconds`: events older than this are dropped to the on-failure destination.
    pub maximum_event_age: Duration,
    /// Also record successful asynchronous invocations (an on-success destination).
    pub on_success: bool,
}

impl Default for AsyncConfig {
    fn default() -> Self {
        AsyncConfig {
            maximum_retry_attempts: 2,
            maximum_event_age: Duration::from_secs(60),
            on_success: false,
        }
    }
}

/// `Runtime`: the managed Node.js runtime, or an OS-only one for custom runtimes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Runtime {
    /// `nodejs<major>.x`, the major version of the installed `node` (20 or newer): our bootstrap runs the handler.
    #[default]
    Nodejs,
    /// `provided.al2023`: the package's own executable `bootstrap` is the runtime
    /// (e.g. a Rust program built with the `lambda_runtime` crate).
    Provided,
}

/// A function to deploy: what `CreateFunction` takes.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FunctionSpec {
    /// `FunctionName`: 1 to 64 of `[a-zA-Z0-9-_]`.
    pub name: String,
    /// `Runtime`.
    #[serde(default)]
    pub runtime: Runtime,
    /// `Handler`: `file.export`, e.g. `index.handler`.
    pub handler: String,
    /// `MemorySize` in MB, 128 to 10,240.
    pub memory_mb: u32,
    /// `Timeout`: how long one invocation may run.
    pub timeout: Duration,
    /// `Environment.Variables`: the function's own variables.
    pub environment: BTreeMap<String, String>,
    /// The deployment package.
    pub code: CodeSource,
    /// Up to five layers, extracted in this order into the environment's `/opt`.
    pub layers: Vec<CodeSource>,
    /// `ReservedConcurrentExecutions`: caps (and reserves) this function's concurrency.
    pub reserved_concurrency: Option<u32>,
    /// Asynchronous invocation settings (`PutFunctionEventInvokeConfig`).
    pub async_config: AsyncConfig,
}

impl FunctionSpec {
    /// A function with Lambda's defaults: 128 MB, 3 s timeout, no layers.
    pub fn new(name: &str, handler: &str, code: CodeSource) -> Self {
        FunctionSpec {
            name: name.to_string(),
            runtime: Runtime::Nodejs,
            handler: handler.to_string(),
            memory_mb: 128,
            timeout: Duration::from_secs(3),
            environment: BTreeMap::new(),
            code,
            layers: Vec::new(),
            reserved_concurrency: None,
            async_config: AsyncConfig::default(),
        }
    }
}

/// The emulator's own settings; defaults suit the labs.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// Persistent state: deployed functions, logs and destination records.
    pub state_dir: PathBuf,
    /// Port of the Invoke API on 127.0.0.1; 0 lets the OS choose.
    pub port: u16,
    /// The `node` binary that runs every environment.
    pub node: PathBuf,
    /// Modules the runtime provides to every function, like the AWS SDK v3
    /// that Lambda's Node.js runtimes ship in `/var/runtime/node_modules`.
    pub runtime_node_modules: Option<PathBuf>,
    /// Concurrent executions across all functions (a new AWS account gets 10).
    pub account_concurrency: u32,
    /// Idle environments older than this are shut down.
    pub idle_timeout: Duration,
    /// Waits before the 2nd, 3rd… attempt of a failed asynchronous event
    /// (Lambda waits 1 and 2 minutes; labs use seconds).
    pub retry_delays: Vec<Duration>,
    /// How long the runtime may take to start and run the global code.
    pub init_timeout: Duration,
    /// When set, no function may run longer than this, whatever its own
    /// timeout: grading a class stops hanging code sooner.
    pub timeout_cap: Option<Duration>,
}

impl EmulatorConfig {
    /// Defaults for the labs, with state under `state_dir`.
    pub fn new(state_dir: impl Into<PathBuf>) -> Self {
        EmulatorConfig {
            state_dir: state_dir.into(),
            port: 0,
            node: PathBuf::from("node"),
            runtime_node_modules: None,
            account_concurrency: 10,
            idle_timeout: Duration::from_secs(600),
            retry_delays: vec![Duration::from_secs(1), Duration::from_secs(2)],
            init_timeout: Duration::from_secs(10),
            timeout_cap: None,
        }
    }
}

/// The runtime and architecture the emulator's functions run on, in
/// Lambda's words: `nodejs22.x on x86_64`. In the console you pick both when
/// you create a function; here they are the installed Node.js's major
/// version and this computer's processor.
pub fn runs_on(node_major: Option<u32>) -> String {
    let runtime = match node_major {
        // Lambda offers the even, long-term-support versions only.
        Some(m) if m % 2 == 1 => {
            format!("nodejs{m}.x (not a Lambda runtime: Lambda offers even Node.js versions)")
        }
        Some(m) => format!("nodejs{m}.x"),
        None => "nodejs (version unknown)".to_string(),
    };
    let architecture = match std::env::consts::ARCH {
        "aarch64" => "arm64",
        other => other,
    };
    format!("{runtime} on {architecture} (your Node.js and this computer's processor)")
}
