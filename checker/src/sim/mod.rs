//! The Lambda model: a deterministic discrete-event simulation of execution
//! environments, concurrency, invocation and billing.
//!
//! Pure: no I/O, no clock, no threads; randomness only from seeded streams.
//! Time is an integer number of microseconds. The same [`Simulation`] always
//! gives the same [`Run`], byte for byte.

mod arrivals;
pub mod billing;
pub mod config;
pub mod deploy;
mod engine;
mod event_sources;
pub mod iam;
mod invoke_async;
pub mod logs;
pub mod measure;
pub mod metrics;
pub mod permissions;
pub mod records;
mod rng;
pub mod time;
pub mod trace;

pub use config::*;
pub use engine::{ASYNC_PAYLOAD_LIMIT, SYNC_PAYLOAD_LIMIT};
pub use measure::Measure;
pub use metrics::{Histogram, Metrics};
pub use time::Micros;
pub use trace::*;

/// Runs a simulation to its end, or until it stops early (`Run::stopped`).
pub fn run(simulation: &Simulation) -> Run {
    engine::Engine::new(simulation).run()
}

/// Runs a simulation and refuses a run that stopped early, for callers whose
/// readers would otherwise take a partial run for the whole story: the
/// message says what happened and what to try.
pub fn run_to_end(simulation: &Simulation) -> Result<Run, Stopped> {
    let run = run(simulation);
    match run.stopped {
        Some(stopped) => Err(stopped),
        None => Ok(run),
    }
}

#[cfg(test)]
mod tests;
