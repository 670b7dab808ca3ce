//! The Invoke API over HTTP, as the AWS SDKs and CLI call it:
//! `POST /2015-03-31/functions/{FunctionName}/invocations`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use tokio::net::TcpListener;

use crate::invoke::{self, InvocationType, InvokeError, InvokeRequest, MAX_SYNC_PAYLOAD};
use crate::platform::Platform;

/// Bodies above this are not even read (they are far over every limit).
const READ_LIMIT: usize = 4 * MAX_SYNC_PAYLOAD;

/// Serves the Invoke API on `listener`.
pub fn serve(listener: TcpListener, platform: Arc<Platform>) -> tokio::task::JoinHandle<()> {
    let app = Router::new()
        .route("/2015-03-31/functions/{name}/invocations", post(handle))
        .fallback(unknown)
        .with_state(platform);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    })
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn error_response(err: &InvokeError, request_id: &str) -> Response {
    let mut resp = (
        StatusCode::from_u16(err.status).unwrap_or(StatusCode::BAD_REQUEST),
        err.body().to_string(),
    )
        .into_response();
    let h = resp.headers_mut();
    h.insert("content-type", HeaderValue::from_static("application/json"));
    if let Ok(v) = HeaderValue::from_str(&err.error_type) {
        h.insert("x-amzn-errortype", v);
    }
    if let Ok(v) = HeaderValue::from_str(request_id) {
        h.insert("x-amzn-requestid", v);
    }
    if err.status == 429 {
        h.insert("retry-after", HeaderValue::from_static("1"));
    }
    resp
}

async fn handle(
    State(platform): State<Arc<Platform>>,
    Path(name): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let fallback_id = crate::ids::request_id();
    let invocation_type = match header(&headers, "x-amz-invocation-type") {
        None => InvocationType::RequestResponse,
        Some(t) => match InvocationType::parse(&t) {
            Some(t) => t,
            None => {
                let err = InvokeError {
                    status: 400,
                    error_type: "InvalidParameterValueException".into(),
                    message: format!(
                        "1 validation error detected: Value '{t}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"
                    ),
                    reason: None,
                };
                return error_response(&err, &fallback_id);
            }
        },
    };
    let declared = header(&headers, "content-length").and_then(|l| l.parse::<usize>().ok());
    let payload = match declared {
        Some(len) if len > READ_LIMIT => None,
        _ => to_bytes(body, READ_LIMIT).await.ok().map(|b| b.to_vec()),
    };
    let Some(payload) = payload else {
        let err = InvokeError::too_large(InvocationType::RequestResponse);
        return error_response(&err, &fallback_id);
    };
    let req = InvokeRequest {
        function_name: name,
        qualifier: query.get("Qualifier").cloned(),
        invocation_type,
        tail: header(&headers, "x-amz-log-type").as_deref() == Some("Tail")
            && invocation_type == InvocationType::RequestResponse,
        client_context: header(&headers, "x-amz-client-context"),
        payload,
    };
    match invoke::invoke(&platform, req).await {
        Err(err) => error_response(&err, &fallback_id),
        Ok(out) => {
            let status = StatusCode::from_u16(out.status_code).unwrap_or(StatusCode::OK);
            let mut resp = (status, out.payload).into_response();
            let h = resp.headers_mut();
            let mut put = |name: &'static str, value: &str| {
                if let Ok(v) = HeaderValue::from_str(value) {
                    h.insert(HeaderName::from_static(name), v);
                }
            };
            put("x-amzn-requestid", &out.request_id);
            if out.status_code == 200 {
                put(
                    "content-type",
                    out.content_type.as_deref().unwrap_or("application/json"),
                );
            }
            if let Some(v) = &out.executed_version {
                put("x-amz-executed-version", v);
            }
            if let Some(v) = &out.function_error {
                put("x-amz-function-error", v);
            }
            if let Some(v) = &out.log_result {
                put("x-amz-log-result", v);
            }
            resp
        }
    }
}

async fn unknown() -> Response {
    let err = InvokeError {
        status: 404,
        error_type: "UnknownOperationException".into(),
        message: "Unknown operation: this emulator serves Invoke only (POST /2015-03-31/functions/{name}/invocations)".into(),
        reason: None,
    };
    error_response(&err, &crate::ids::request_id())
}
