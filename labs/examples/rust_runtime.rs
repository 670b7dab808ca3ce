//! A custom runtime built with AWS's `lambda_runtime` crate, used by the tests
//! to check the emulator's Runtime API against a client written by others.
//! Deployed as the `bootstrap` of a `provided.al2023` function.

use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::{json, Value};

async fn handler(event: LambdaEvent<Value>) -> Result<Value, Error> {
    let (payload, context) = event.into_parts();
    if payload["fail"] == true {
        return Err("asked to fail".into());
    }
    println!("rust runtime handling {}", context.request_id);
    Ok(json!({
        "echo": payload,
        "requestId": context.request_id,
        "deadlineMs": context.deadline,
        "arn": context.invoked_function_arn,
    }))
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handler)).await
}
