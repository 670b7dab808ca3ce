//! The Invoke operation, independent of HTTP: validate the request as Lambda
//! does (function, qualifier, payload size and JSON), then run it
//! synchronously, queue it (`Event`) or only check it (`DryRun`).

use std::sync::Arc;

use base64::Engine;

use crate::arn;
use crate::async_queue;
use crate::ids;
use crate::platform::Platform;
use crate::scheduler::{self, Attempt};

/// 6 MB: the largest synchronous request payload.
pub const MAX_SYNC_PAYLOAD: usize = lambda_limits::SYNC_PAYLOAD_BYTES as usize;
/// 1 MB: the largest asynchronous (`Event`) payload.
pub const MAX_ASYNC_PAYLOAD: usize = lambda_limits::ASYNC_PAYLOAD_BYTES as usize;

/// `X-Amz-Invocation-Type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvocationType {
    RequestResponse,
    Event,
    DryRun,
}

impl InvocationType {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "RequestResponse" => Some(Self::RequestResponse),
            "Event" => Some(Self::Event),
            "DryRun" => Some(Self::DryRun),
            _ => None,
        }
    }
}

/// An Invoke request, as its HTTP form carries it.
#[derive(Clone, Debug)]
pub struct InvokeRequest {
    /// Name, `name:qualifier`, partial or full ARN.
    pub function_name: String,
    pub qualifier: Option<String>,
    pub invocation_type: InvocationType,
    /// `X-Amz-Log-Type: Tail`.
    pub tail: bool,
    /// `X-Amz-Client-Context`, base64 of a JSON object.
    pub client_context: Option<String>,
    pub payload: Vec<u8>,
}

impl InvokeRequest {
    /// A synchronous invocation with the given payload.
    pub fn new(function_name: &str, payload: impl Into<Vec<u8>>) -> Self {
        InvokeRequest {
            function_name: function_name.to_string(),
            qualifier: None,
            invocation_type: InvocationType::RequestResponse,
            tail: false,
            client_context: None,
            payload: payload.into(),
        }
    }
}

/// A successful Invoke (which may still carry a function error).
#[derive(Clone, Debug)]
pub struct InvokeResponse {
    /// 200, 202 or 204.
    pub status_code: u16,
    pub request_id: String,
    /// `X-Amz-Function-Error`: `Unhandled` when the function failed.
    pub function_error: Option<String>,
    pub payload: Vec<u8>,
    pub content_type: Option<String>,
    /// `X-Amz-Log-Result`: base64 of the last 4 KB of the log.
    pub log_result: Option<String>,
    /// `X-Amz-Executed-Version`.
    pub executed_version: Option<String>,
}

impl InvokeResponse {
    pub fn payload_text(&self) -> String {
        String::from_utf8_lossy(&self.payload).into_owned()
    }

    /// The decoded `X-Amz-Log-Result`.
    pub fn log_text(&self) -> Option<String> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(self.log_result.as_ref()?)
            .ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// An invocation error: an HTTP error status with Lambda's error shape.
#[derive(Clone, Debug)]
pub struct InvokeError {
    pub status: u16,
    /// `x-amzn-ErrorType`, e.g. `ResourceNotFoundException`.
    pub error_type: String,
    pub message: String,
    /// `Reason` of a `TooManyRequestsException`.
    pub reason: Option<String>,
}

/// The largest payload an invocation of this type may carry, in bytes.
pub fn payload_limit(kind: InvocationType) -> usize {
    match kind {
        InvocationType::Event => MAX_ASYNC_PAYLOAD,
        _ => MAX_SYNC_PAYLOAD,
    }
}

impl InvokeError {
    fn new(status: u16, error_type: &str, message: String) -> Self {
        InvokeError {
            status,
            error_type: error_type.to_string(),
            message,
            reason: None,
        }
    }

    /// Lambda's refusal of a payload over [`payload_limit`] (413), before
    /// any function runs.
    pub fn too_large(kind: InvocationType) -> Self {
        let operation = match kind {
            InvocationType::Event => "InvokeAsync",
            _ => "Invoke",
        };
        InvokeError::new(
            413,
            "RequestTooLargeException",
            format!(
                "Request must be smaller than {} bytes for the {operation} operation",
                payload_limit(kind)
            ),
        )
    }

    /// The JSON body Lambda sends (`Message` or `message` depending on the shape).
    pub fn body(&self) -> serde_json::Value {
        let mut body = serde_json::json!({ "Type": "User" });
        let key = if self.error_type == "ResourceNotFoundException" {
            "Message"
        } else {
            "message"
        };
        body[key] = self.message.clone().into();
        if let Some(reason) = &self.reason {
            body["Reason"] = reason.clone().into();
        }
        body
    }
}

impl std::fmt::Display for InvokeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.error_type, self.status, self.message)
    }
}

/// Validates and runs one Invoke.
pub async fn invoke(
    platform: &Arc<Platform>,
    req: InvokeRequest,
) -> Result<InvokeResponse, InvokeError> {
    let Some(fref) = arn::parse(&req.function_name) else {
        return Err(InvokeError::new(
            400,
            "InvalidParameterValueException",
            format!(
                "1 validation error detected: Value '{}' at 'functionName' failed to satisfy constraint: a function name, name:qualifier or ARN",
                req.function_name
            ),
        ));
    };
    let qualifier = match (fref.qualifier, req.qualifier) {
        (Some(a), Some(b)) if a != b => return Err(InvokeError::new(
            400,
            "InvalidParameterValueException",
            "The derived qualifier from the function name does not match the specified qualifier."
                .into(),
        )),
        (a, b) => a.or(b),
    };
    let not_found = |q: Option<&str>| {
        InvokeError::new(
            404,
            "ResourceNotFoundException",
            format!("Function not found: {}", arn::invoked_arn(&fref.name, q)),
        )
    };
    if qualifier.as_deref().is_some_and(|q| q != "$LATEST") {
        // Only $LATEST exists here: versions and aliases are not emulated.
        return Err(not_found(qualifier.as_deref()));
    }
    let Some(function) = platform.function(&fref.name) else {
        return Err(not_found(qualifier.as_deref()));
    };

    if req.payload.len() > payload_limit(req.invocation_type) {
        return Err(InvokeError::too_large(req.invocation_type));
    }
    if !req.payload.iter().all(u8::is_ascii_whitespace) {
        if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&req.payload) {
            return Err(InvokeError::new(
                400,
                "InvalidRequestContentException",
                format!("Could not parse request body into json: Could not parse payload into json: {e}"),
            ));
        }
    }
    let client_context = match (&req.client_context, req.invocation_type) {
        (Some(cc), InvocationType::RequestResponse) => Some(decode_client_context(cc)?),
        _ => None,
    };

    let request_id = ids::request_id();
    let invoked_arn = arn::invoked_arn(&fref.name, qualifier.as_deref());
    match req.invocation_type {
        InvocationType::DryRun => Ok(InvokeResponse {
            status_code: 204,
            request_id,
            function_error: None,
            payload: Vec::new(),
            content_type: None,
            log_result: None,
            executed_version: None,
        }),
        InvocationType::Event => {
            async_queue::enqueue(
                platform.clone(),
                fref.name.clone(),
                request_id.clone(),
                req.payload,
                invoked_arn,
            );
            Ok(InvokeResponse {
                status_code: 202,
                request_id,
                function_error: None,
                payload: Vec::new(),
                content_type: None,
                log_result: None,
                executed_version: None,
            })
        }
        InvocationType::RequestResponse => {
            let attempt = Attempt {
                request_id: request_id.clone(),
                payload: req.payload,
                invoked_arn,
                client_context,
                tail: req.tail,
            };
            match scheduler::run_once(platform, &function, attempt).await {
                Ok(outcome) => Ok(InvokeResponse {
                    status_code: 200,
                    request_id,
                    function_error: outcome.function_error.then(|| "Unhandled".to_string()),
                    payload: outcome.payload,
                    content_type: outcome.content_type,
                    log_result: outcome.log_result,
                    executed_version: Some("$LATEST".into()),
                }),
                Err(throttle) => Err(InvokeError {
                    status: 429,
                    error_type: "TooManyRequestsException".into(),
                    message: "Rate Exceeded.".into(),
                    reason: Some(throttle.reason().into()),
                }),
            }
        }
    }
}

fn decode_client_context(cc: &str) -> Result<String, InvokeError> {
    let bad = || {
        InvokeError::new(
            400,
            "InvalidRequestContentException",
            "Client context must be a valid Base64-encoded JSON object.".into(),
        )
    };
    if cc.len() > 3583 {
        return Err(InvokeError::new(
            400,
            "InvalidParameterValueException",
            "Client context must be at most 3583 bytes.".into(),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(cc)
        .map_err(|_| bad())?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if !value.is_object() {
        return Err(bad());
    }
    Ok(value.to_string())
}
