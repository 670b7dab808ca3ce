//! The emulator's shared state: deployed functions, the account's
//! concurrency, log groups and the folders of this run.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use tokio::sync::Notify;

use crate::config::{EmulatorConfig, FunctionSpec};
use crate::deploy::Package;
use crate::logs::LogStore;
use crate::pool::{AccountConcurrency, Pool};

/// A deployed function (`$LATEST`) and its environments.
pub struct Function {
    pub spec: FunctionSpec,
    pub package: Package,
    /// The function's own variables, in order.
    pub variables: Vec<(String, String)>,
    pub pool: Pool,
}

pub struct Platform {
    pub config: EmulatorConfig,
    pub functions: RwLock<HashMap<String, Arc<Function>>>,
    pub logs: Arc<LogStore>,
    pub account: AccountConcurrency,
    /// This run's scratch folder: extracted packages, environments, bootstrap.
    pub run_dir: PathBuf,
    /// Variables every environment gets: the endpoints of this emulator.
    pub platform_variables: RwLock<Vec<(String, String)>>,
    async_pending: AtomicUsize,
    async_idle: Notify,
}

impl Platform {
    pub fn new(config: EmulatorConfig, run_dir: PathBuf) -> Self {
        Platform {
            logs: Arc::new(LogStore::new(config.state_dir.join("logs"))),
            account: AccountConcurrency::new(config.account_concurrency),
            config,
            functions: RwLock::new(HashMap::new()),
            run_dir,
            platform_variables: RwLock::new(Vec::new()),
            async_pending: AtomicUsize::new(0),
            async_idle: Notify::new(),
        }
    }

    pub fn function(&self, name: &str) -> Option<Arc<Function>> {
        self.functions
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
            .cloned()
    }

    pub fn runtime_dir(&self) -> PathBuf {
        self.run_dir.join("runtime")
    }

    pub fn envs_dir(&self) -> PathBuf {
        self.run_dir.join("envs")
    }

    pub fn destinations_dir(&self) -> PathBuf {
        self.config.state_dir.join("destinations")
    }

    /// Counts an asynchronous event in (queued or being retried).
    pub fn async_started(&self) {
        self.async_pending.fetch_add(1, Ordering::SeqCst);
    }

    /// Counts an asynchronous event out (done or sent to a destination).
    pub fn async_finished(&self) {
        if self.async_pending.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.async_idle.notify_waiters();
        }
    }

    /// Waits until no asynchronous event is queued or running.
    pub async fn async_drained(&self) {
        loop {
            let notified = self.async_idle.notified();
            if self.async_pending.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}
