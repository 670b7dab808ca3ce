//! Identifiers in Lambda's formats: request ids are UUIDs, log streams and
//! X-Ray traces use hexadecimal ids.

use std::time::SystemTime;

use crate::clock;

/// The account every emulated ARN belongs to (no AWS account is involved).
pub const ACCOUNT_ID: &str = "000000000000";
/// The only region of the emulator; the SDK needs one, so functions get it.
pub const REGION: &str = "us-east-1";

/// A request id as Lambda gives it: a random UUID.
pub fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// 32 hexadecimal digits, the tail of a log stream name.
pub fn hex32() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// An X-Ray trace header as the Runtime API hands it to the runtime.
pub fn trace_id() -> String {
    let secs = clock::epoch_ms(SystemTime::now()) / 1000;
    let hex = hex32();
    format!(
        "Root=1-{secs:08x}-{};Parent={};Sampled=0",
        &hex[..24],
        &hex[16..32]
    )
}

/// The unqualified ARN of a function.
pub fn function_arn(name: &str) -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{name}")
}
