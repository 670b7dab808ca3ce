//! Lambda's published limits and reserved names (shared/reference/lambda-facts.md
//! §4 and §12), in one place for both the simulator (`checker::sim::deploy`)
//! and the labs' emulator, so the two can never disagree.

/// Lambda's megabyte. Its limits are binary: "250 MB" unzipped is
/// 262,144,000 bytes and a "6 MB" payload 6,291,456 bytes, as its error
/// messages say; memory sizes are counted the same way.
pub const MB: u64 = 1024 * 1024;

/// The largest .zip uploaded directly, per function or layer: 50 MB.
pub const DIRECT_UPLOAD_BYTES: u64 = 50 * MB;
/// A function and all its layers, unzipped: 250 MB.
pub const UNZIPPED_BYTES: u64 = 250 * MB;
/// A container image, uncompressed, with all its layers: 10 GB.
pub const IMAGE_BYTES: u64 = 10 * 1024 * MB;
/// Code storage per Region: 300 GB.
pub const CODE_STORAGE_BYTES: u64 = 300 * 1024 * MB;
/// The largest synchronous request payload: 6 MB.
pub const SYNC_PAYLOAD_BYTES: u64 = 6 * MB;
/// The largest asynchronous (`Event`) request payload: 1 MB since
/// October 2025 (256 KB before).
pub const ASYNC_PAYLOAD_BYTES: u64 = MB;
/// Layers per function.
pub const MAX_LAYERS: usize = 5;
/// All environment variables together, keys and values: 4 KB.
pub const ENVIRONMENT_BYTES: usize = 4_096;

/// Environment variables Lambda sets itself and refuses from users.
/// `TZ` is not among them any more: it can be set.
pub const RESERVED_VARIABLES: &[&str] = &[
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
    "AWS_LAMBDA_MAX_CONCURRENCY",
    "AWS_LAMBDA_METADATA_API",
    "AWS_LAMBDA_METADATA_TOKEN",
];
