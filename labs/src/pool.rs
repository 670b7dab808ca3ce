//! The execution environments of one function: idle ones are reused most
//! recently used first; a new one starts only while all are busy, up to the
//! concurrency limit; beyond it the request is throttled.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::environment::Environment;

/// Why a request was throttled: the `Reason` of `TooManyRequestsException`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Throttle {
    ConcurrentInvocationLimitExceeded,
    ReservedFunctionConcurrentInvocationLimitExceeded,
}

impl Throttle {
    pub fn reason(self) -> &'static str {
        match self {
            Throttle::ConcurrentInvocationLimitExceeded => "ConcurrentInvocationLimitExceeded",
            Throttle::ReservedFunctionConcurrentInvocationLimitExceeded => {
                "ReservedFunctionConcurrentInvocationLimitExceeded"
            }
        }
    }
}

/// In-flight requests across all functions, against the account's limit.
pub struct AccountConcurrency {
    pub limit: u32,
    in_flight: AtomicU32,
}

impl AccountConcurrency {
    pub fn new(limit: u32) -> Self {
        AccountConcurrency {
            limit,
            in_flight: AtomicU32::new(0),
        }
    }

    fn try_take(&self) -> bool {
        self.in_flight
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < self.limit).then_some(n + 1)
            })
            .is_ok()
    }

    fn give_back(&self) {
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What `acquire` found for a request.
pub enum Slot {
    /// An idle environment, now busy.
    Warm(Arc<Environment>),
    /// Capacity for a new environment: the caller starts one (a cold start).
    Cold,
}

/// Counters a test or the labs can look at.
#[derive(Clone, Copy, Debug, Default)]
pub struct PoolStats {
    pub idle: usize,
    pub in_flight: u32,
    /// Environments started since the function was deployed.
    pub environments_started: u64,
}

#[derive(Default)]
struct State {
    /// Most recently used last.
    idle: Vec<(Arc<Environment>, Instant)>,
    in_flight: u32,
    started: u64,
}

#[derive(Default)]
pub struct Pool {
    state: Mutex<State>,
}

impl Pool {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes a warm environment or room for a new one, or says why not.
    pub fn acquire(
        &self,
        reserved: Option<u32>,
        account: &AccountConcurrency,
    ) -> Result<Slot, Throttle> {
        let mut s = self.state();
        if let Some(limit) = reserved {
            if s.in_flight >= limit {
                return Err(Throttle::ReservedFunctionConcurrentInvocationLimitExceeded);
            }
        }
        if !account.try_take() {
            return Err(Throttle::ConcurrentInvocationLimitExceeded);
        }
        s.in_flight += 1;
        while let Some((env, _)) = s.idle.pop() {
            if env.is_alive() {
                return Ok(Slot::Warm(env));
            }
        }
        s.started += 1;
        Ok(Slot::Cold)
    }

    /// Ends a request: a healthy environment goes back to the idle stack.
    pub fn release(&self, env: Option<Arc<Environment>>, account: &AccountConcurrency) {
        let mut s = self.state();
        s.in_flight = s.in_flight.saturating_sub(1);
        account.give_back();
        if let Some(env) = env {
            if env.is_alive() {
                s.idle.push((env, Instant::now()));
            }
        }
    }

    /// Takes out the environments idle for longer than `idle_timeout`.
    pub fn reclaim(&self, idle_timeout: Duration) -> Vec<Arc<Environment>> {
        let mut s = self.state();
        let now = Instant::now();
        let (old, keep): (Vec<_>, Vec<_>) = s
            .idle
            .drain(..)
            .partition(|(_, at)| now.duration_since(*at) >= idle_timeout);
        s.idle = keep;
        old.into_iter().map(|(e, _)| e).collect()
    }

    /// Takes out every idle environment (redeploy, shutdown).
    pub fn drain(&self) -> Vec<Arc<Environment>> {
        self.state().idle.drain(..).map(|(e, _)| e).collect()
    }

    pub fn stats(&self) -> PoolStats {
        let s = self.state();
        PoolStats {
            idle: s.idle.len(),
            in_flight: s.in_flight,
            environments_started: s.started,
        }
    }
}
