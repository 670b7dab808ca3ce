//! The records Lambda writes to destinations and dead-letter queues
//! (facts §3.3): a destination gets the request and response context; a
//! dead-letter queue gets only the event.

use serde_json::{json, Value};

use super::logs::timestamp;
use super::trace::{Delivery, DeliveryCondition, Run};

/// The account and Region of simulated ARNs.
pub const ACCOUNT: &str = "123456789012";
pub const REGION: &str = "us-east-1";

/// A function's ARN, qualified with `$LATEST` as Lambda writes it in records.
pub fn function_arn(name: &str) -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}:$LATEST")
}

/// The JSON body Lambda sends for one delivery. The simulator does not model
/// payload contents: the event stands as `{"requestId": ...}`.
pub fn delivery_record(run: &Run, delivery: &Delivery) -> Value {
    let event = json!({ "requestId": delivery.request_id.to_string() });
    if delivery.dead_letter {
        return event;
    }
    let success = delivery.condition == DeliveryCondition::Success;
    let response = if success {
        json!({ "statusCode": 200, "executedVersion": "$LATEST" })
    } else {
        json!({ "statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled" })
    };
    let payload = match delivery.error_type {
        Some(error_type) if !success => {
            json!({ "errorType": error_type, "errorMessage": "the handler failed" })
        }
        _ => Value::Null,
    };
    json!({
        "version": "1.0",
        "timestamp": timestamp(delivery.at),
        "requestContext": {
            "requestId": delivery.request_id.to_string(),
            "functionArn": function_arn(&run.functions[delivery.function]),
            "condition": delivery.condition.name(),
            "approximateInvokeCount": delivery.attempts,
        },
        "requestPayload": event,
        "responseContext": response,
        "responsePayload": payload,
    })
}
