//! The emulator as a library: start it (Invoke API, quotes API, reclaimer),
//! deploy functions, invoke them, read logs and destination records. Its
//! methods block, so the `course` command and tests need no async code.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::runtime::Runtime;

use crate::async_queue;
use crate::config::{CodeSource, EmulatorConfig, FunctionSpec};
use crate::deploy::{self, Package};
use crate::invoke::{self, InvokeError, InvokeRequest, InvokeResponse};
use crate::invoke_api;
use crate::logs::{LogEvent, LogStore};
use crate::platform::{Function, Platform};
use crate::pool::{Pool, PoolStats};
use crate::quotes;

/// The runtime loop every environment runs (see runtime/bootstrap.js).
pub const BOOTSTRAP_JS: &str = include_str!("runtime/bootstrap.js");

static RUN_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A running emulator. Dropping it stops every environment and server.
pub struct Emulator {
    runtime: Runtime,
    platform: Arc<Platform>,
    invoke_url: String,
    quotes_url: String,
    served: Arc<quotes::Served>,
    deploy_counter: AtomicU64,
}

impl Emulator {
    /// Starts the servers and prepares this run's folders.
    pub fn start(mut config: EmulatorConfig) -> Result<Emulator, String> {
        config.node = resolve_program(&config.node)?;
        let runs = config.state_dir.join("run");
        clean_stale_runs(&runs);
        let run_dir = runs.join(format!(
            "{}-{}",
            std::process::id(),
            RUN_COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let runtime_dir = run_dir.join("runtime");
        fs::create_dir_all(&runtime_dir)
            .and_then(|()| fs::write(runtime_dir.join("bootstrap.js"), BOOTSTRAP_JS))
            .map_err(|e| format!("cannot prepare {}: {e}", runtime_dir.display()))?;

        crate::environment::stop_all_on_termination();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("lambda-emulator")
            .build()
            .map_err(|e| format!("cannot start the emulator's threads: {e}"))?;
        let port = config.port;
        let platform = Arc::new(Platform::new(config, run_dir));
        let served = Arc::new(quotes::Served::default());

        let (invoke_url, quotes_url) = runtime.block_on(async {
            let invoke_listener = TcpListener::bind(("127.0.0.1", port))
                .await
                .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
            let quotes_listener = TcpListener::bind(("127.0.0.1", 0))
                .await
                .map_err(|e| format!("cannot open a port for the quotes API: {e}"))?;
            let invoke_url = format!(
                "http://{}",
                invoke_listener.local_addr().map_err(|e| e.to_string())?
            );
            let quotes_url = format!(
                "http://{}",
                quotes_listener.local_addr().map_err(|e| e.to_string())?
            );
            invoke_api::serve(invoke_listener, platform.clone());
            quotes::serve(quotes_listener, served.clone());
            tokio::spawn(reclaim_idle(platform.clone()));
            Ok::<_, String>((invoke_url, quotes_url))
        })?;
        *platform
            .platform_variables
            .write()
            .unwrap_or_else(|e| e.into_inner()) = vec![
            // Unmodified SDK v3 code (`new LambdaClient({})`) reaches this emulator.
            ("AWS_ENDPOINT_URL_LAMBDA".into(), invoke_url.clone()),
            ("AWS_ENDPOINT_URL".into(), invoke_url.clone()),
            ("QUOTES_API_URL".into(), quotes_url.clone()),
        ];
        Ok(Emulator {
            runtime,
            platform,
            invoke_url,
            quotes_url,
            served,
            deploy_counter: AtomicU64::new(0),
        })
    }

    /// `http://127.0.0.1:PORT`, the endpoint to give an SDK client.
    pub fn invoke_url(&self) -> &str {
        &self.invoke_url
    }

    /// The quotes API's base URL (`QUOTES_API_URL` inside functions).
    pub fn quotes_url(&self) -> &str {
        &self.quotes_url
    }

    /// Ids of the quotes the quotes API has served, in order.
    pub fn quotes_served(&self) -> Vec<u32> {
        self.served.ids()
    }

    pub fn config(&self) -> &EmulatorConfig {
        &self.platform.config
    }

    /// Creates or updates a function, checking its package and settings as
    /// Lambda does. The zips are kept in the state folder for later runs.
    pub fn deploy(&self, mut spec: FunctionSpec) -> Result<Package, String> {
        if let Some(cap) = self.platform.config.timeout_cap {
            spec.timeout = spec.timeout.min(cap);
        }
        deploy::validate_spec(&spec)?;
        let store = self.functions_dir().join(&spec.name);
        let n = self.deploy_counter.fetch_add(1, Ordering::SeqCst);
        let extract_to = self
            .platform
            .run_dir
            .join("functions")
            .join(format!("{}-{n}", spec.name));
        let package = deploy::deploy(&spec, &store, &extract_to)?;

        // What is stored points at the kept zips, so `load_deployed` can redeploy it.
        let mut stored = spec.clone();
        stored.code = CodeSource::Zip(package.code_zip.clone());
        stored.layers = package
            .layer_zips
            .iter()
            .cloned()
            .map(CodeSource::Zip)
            .collect();
        let json = serde_json::to_string_pretty(&stored).map_err(|e| e.to_string())?;
        fs::write(store.join("function.json"), json)
            .map_err(|e| format!("cannot save the function's settings: {e}"))?;

        let function = Arc::new(Function {
            variables: spec.environment.clone().into_iter().collect(),
            spec,
            package: package.clone(),
            pool: Pool::default(),
        });
        let old = self
            .platform
            .functions
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(function.spec.name.clone(), function);
        if let Some(old) = old {
            // Environments of the previous code are not reused.
            let _guard = self.runtime.enter();
            drop(old.pool.drain());
        }
        Ok(package)
    }

    fn functions_dir(&self) -> PathBuf {
        self.platform.config.state_dir.join("functions")
    }

    /// Deploys again every function saved in the state folder by earlier runs.
    pub fn load_deployed(&self) -> Result<Vec<String>, String> {
        let mut names = Vec::new();
        let Ok(entries) = fs::read_dir(self.functions_dir()) else {
            return Ok(names);
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path().join("function.json");
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            let spec: FunctionSpec = serde_json::from_str(&text).map_err(|e| {
                format!(
                    "{} is damaged ({e}); deploy the function again",
                    path.display()
                )
            })?;
            names.push(spec.name.clone());
            self.deploy(spec)?;
        }
        names.sort();
        Ok(names)
    }

    /// Invokes a function, as the Invoke API does. The work runs on the
    /// emulator's own threads, not the caller's: an environment process
    /// started for it belongs to a thread that lives as long as the
    /// emulator (see `environment::die_with_parent`).
    pub fn invoke(&self, req: InvokeRequest) -> Result<InvokeResponse, InvokeError> {
        let platform = self.platform.clone();
        self.runtime
            .block_on(
                self.runtime
                    .spawn(async move { invoke::invoke(&platform, req).await }),
            )
            .unwrap_or_else(|e| match e.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(e) => panic!("the emulator stopped during an invocation: {e}"),
            })
    }

    /// Waits until every asynchronous event has finished (or `limit` passed).
    pub fn wait_async(&self, limit: Duration) -> bool {
        self.runtime
            .block_on(async { tokio::time::timeout(limit, self.platform.async_drained()).await })
            .is_ok()
    }

    /// Counters of a function's environments.
    pub fn stats(&self, function: &str) -> Option<PoolStats> {
        self.platform.function(function).map(|f| f.pool.stats())
    }

    /// The function's log events, oldest first.
    pub fn logs(&self, function: &str) -> Vec<LogEvent> {
        LogStore::read(&self.platform.config.state_dir.join("logs"), function).unwrap_or_default()
    }

    /// Empties a function's log group.
    pub fn clear_logs(&self, function: &str) {
        self.platform.logs.clear(function);
    }

    /// Records of the function's on-failure destination (`success` = on-success).
    pub fn destination_records(&self, function: &str, success: bool) -> Vec<Value> {
        async_queue::read_records(&self.platform.destinations_dir(), function, success)
    }

    /// Where the on-failure records of a function are written.
    pub fn destination_file(&self, function: &str) -> PathBuf {
        async_queue::destination_path(&self.platform.destinations_dir(), function, false)
    }

    /// Empties a function's destination records.
    pub fn clear_destinations(&self, function: &str) {
        let _ = fs::remove_dir_all(self.platform.destinations_dir().join(function));
    }

    /// Names of the deployed functions.
    pub fn functions(&self) -> Vec<String> {
        let map = self
            .platform
            .functions
            .read()
            .unwrap_or_else(|e| e.into_inner());
        let mut names: Vec<_> = map.keys().cloned().collect();
        names.sort();
        names
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let functions: HashMap<_, _> = std::mem::take(
            &mut *self
                .platform
                .functions
                .write()
                .unwrap_or_else(|e| e.into_inner()),
        );
        {
            let _guard = self.runtime.enter();
            for f in functions.values() {
                drop(f.pool.drain());
            }
            drop(functions);
        }
        let _ = fs::remove_dir_all(&self.platform.run_dir);
    }
}

/// Shuts down environments idle for longer than the configured time.
async fn reclaim_idle(platform: Arc<Platform>) {
    let timeout = platform.config.idle_timeout;
    let period = (timeout / 4).clamp(Duration::from_millis(20), Duration::from_secs(5));
    loop {
        tokio::time::sleep(period).await;
        let functions: Vec<_> = platform
            .functions
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .cloned()
            .collect();
        for f in functions {
            drop(f.pool.reclaim(timeout));
        }
    }
}

/// Removes run folders left by emulators whose process is gone.
fn clean_stale_runs(runs: &Path) {
    let Ok(entries) = fs::read_dir(runs) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().to_string();
        let pid = name.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid {
            if pid != std::process::id()
                && !Path::new(&format!("/proc/{pid}")).exists()
                && Path::new("/proc/self").exists()
            {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// The absolute path of a program named without a folder, found on the host's PATH.
fn resolve_program(program: &Path) -> Result<PathBuf, String> {
    if program.components().count() > 1 {
        return Ok(program.to_path_buf());
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            format!(
                "`{}` was not found on your PATH. The labs run real Node.js functions: install Node.js 20 or later.",
                program.display()
            )
        })
}
