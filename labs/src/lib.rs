//! The local Lambda emulator and the four labs of the first project.
//!
//! The emulator runs learners' real Node.js functions: each execution
//! environment is a `node` process running our bootstrap against its own
//! Runtime API; callers use the Invoke API, e.g. with the AWS SDK v3.

mod arn;
mod async_queue;
mod cli;
mod clock;
pub mod config;
mod deploy;
mod emulator;
mod environment;
mod ids;
pub mod invoke;
mod invoke_api;
pub mod labs;
pub mod logs;
mod platform;
mod pool;
pub mod quotes;
mod runtime_api;
mod sandbox;
mod scheduler;

pub use cli::{labs_root, run, state_dir, LabArgs, LabCommand};
pub use config::{AsyncConfig, CodeSource, EmulatorConfig, FunctionSpec, Runtime};
pub use deploy::{
    list_entries, zip_folder, Package, MAX_LAYERS, MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES,
};
pub use emulator::Emulator;
pub use environment::stopping;
pub use invoke::{InvocationType, InvokeError, InvokeRequest, InvokeResponse};
pub use logs::LogEvent;
pub use pool::PoolStats;
