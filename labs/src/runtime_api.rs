//! The Runtime API (2018-06-01) that one execution environment's runtime
//! talks to: `next` hands out one event at a time, `response` / `error`
//! answer it, `init/error` reports a failed INIT. Each environment gets its
//! own server, as each Lambda sandbox has its own `127.0.0.1:9001`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot, watch};

/// The largest response a function may return: 6 MB plus a little, as Lambda says.
pub const MAX_RESPONSE_BYTES: usize = 6_291_556;

/// An invocation waiting to be handed to the runtime by `next`.
pub struct Event {
    pub request_id: String,
    pub payload: Vec<u8>,
    /// Absolute deadline, Unix epoch milliseconds.
    pub deadline_ms: u64,
    pub invoked_arn: String,
    pub trace_id: String,
    /// JSON, already decoded from the Invoke API's base64.
    pub client_context: Option<String>,
    pub reply: oneshot::Sender<Answer>,
}

/// How the runtime answered an event.
#[derive(Debug)]
pub enum Answer {
    Response {
        body: Vec<u8>,
        content_type: Option<String>,
    },
    Error {
        body: Vec<u8>,
        error_type: Option<String>,
    },
    /// The response exceeded 6 MB: the invoke fails with `Function.ResponseSizeTooLarge`.
    TooLarge,
}

/// Where the environment is in its INIT phase.
#[derive(Clone, Debug)]
pub enum Readiness {
    Starting,
    /// The runtime called `next` for the first time: INIT is over.
    Ready(Instant),
    /// The runtime reported `/init/error`: (error type, error JSON).
    Failed(String, Vec<u8>),
}

enum Phase {
    Init,
    /// `next` is waiting for an event.
    Waiting,
    /// An event was handed out and not yet answered.
    Busy,
    /// Answered; the runtime has not called `next` again yet.
    Idle,
}

struct Machine {
    phase: Phase,
    current: Option<(String, oneshot::Sender<Answer>)>,
    /// Recently answered ids, to tell "already answered" (400) from wrong order (403).
    answered: VecDeque<String>,
}

/// The state behind one environment's Runtime API.
pub struct RuntimeApi {
    machine: Mutex<Machine>,
    events: tokio::sync::Mutex<mpsc::Receiver<Event>>,
    readiness: watch::Sender<Readiness>,
}

impl RuntimeApi {
    /// A Runtime API and the sender the scheduler uses to deliver events.
    pub fn new() -> (Arc<Self>, mpsc::Sender<Event>, watch::Receiver<Readiness>) {
        let (tx, rx) = mpsc::channel(1);
        let (ready_tx, ready_rx) = watch::channel(Readiness::Starting);
        let api = Arc::new(RuntimeApi {
            machine: Mutex::new(Machine {
                phase: Phase::Init,
                current: None,
                answered: VecDeque::new(),
            }),
            events: tokio::sync::Mutex::new(rx),
            readiness: ready_tx,
        });
        (api, tx, ready_rx)
    }

    fn machine(&self) -> std::sync::MutexGuard<'_, Machine> {
        self.machine.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Serves the Runtime API on `listener` until the task is aborted.
pub fn serve(listener: TcpListener, api: Arc<RuntimeApi>) -> tokio::task::JoinHandle<()> {
    let app = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(response),
        )
        .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
        .route("/2018-06-01/runtime/init/error", post(init_error))
        .with_state(api);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    })
}

fn api_error(status: StatusCode, error_type: &str, message: &str) -> Response {
    let body = serde_json::json!({ "errorMessage": message, "errorType": error_type });
    (
        status,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn accepted() -> Response {
    (
        StatusCode::ACCEPTED,
        [("content-type", "application/json")],
        r#"{"status":"OK"}"#,
    )
        .into_response()
}

async fn next(State(api): State<Arc<RuntimeApi>>) -> Response {
    {
        let mut m = api.machine();
        match m.phase {
            Phase::Waiting | Phase::Busy => {
                return api_error(
                    StatusCode::FORBIDDEN,
                    "InvalidStateTransition",
                    "State transition from Waiting/Busy to next is not allowed: answer the invocation first",
                )
            }
            Phase::Init => {
                api.readiness.send_replace(Readiness::Ready(Instant::now()));
            }
            Phase::Idle => {}
        }
        m.phase = Phase::Waiting;
    }
    let event = api.events.lock().await.recv().await;
    let Some(event) = event else {
        return api_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Runtime.ShuttingDown",
            "The execution environment is shutting down",
        );
    };
    let mut headers = HeaderMap::new();
    let mut put = |name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            if !value.is_empty() {
                headers.insert(name, v);
            }
        }
    };
    put("lambda-runtime-aws-request-id", &event.request_id);
    put("lambda-runtime-deadline-ms", &event.deadline_ms.to_string());
    put("lambda-runtime-invoked-function-arn", &event.invoked_arn);
    put("lambda-runtime-trace-id", &event.trace_id);
    if let Some(cc) = &event.client_context {
        put("lambda-runtime-client-context", cc);
    }
    put("content-type", "application/json");
    {
        let mut m = api.machine();
        m.phase = Phase::Busy;
        m.current = Some((event.request_id.clone(), event.reply));
    }
    (StatusCode::OK, headers, event.payload).into_response()
}

/// Takes the outstanding invocation if `id` is it; otherwise the Runtime API error to return.
fn take_current(api: &RuntimeApi, id: &str) -> Result<oneshot::Sender<Answer>, Box<Response>> {
    let mut m = api.machine();
    match &m.current {
        Some((current, _)) if current == id => {
            let (_, reply) = m.current.take().expect("checked above");
            m.phase = Phase::Idle;
            m.answered.push_back(id.to_string());
            if m.answered.len() > 32 {
                m.answered.pop_front();
            }
            Ok(reply)
        }
        _ if m.answered.iter().any(|a| a == id) || m.current.is_some() => Err(Box::new(api_error(
            StatusCode::BAD_REQUEST,
            "InvalidRequestID",
            &format!("Invalid request ID: {id} is not the invocation in progress"),
        ))),
        _ => Err(Box::new(api_error(
            StatusCode::FORBIDDEN,
            "InvalidStateTransition",
            "No invocation is in progress: call next first",
        ))),
    }
}

async fn response(
    State(api): State<Arc<RuntimeApi>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let reply = match take_current(&api, &id) {
        Ok(r) => r,
        Err(resp) => return *resp,
    };
    match to_bytes(body, MAX_RESPONSE_BYTES).await {
        Ok(bytes) => {
            let content_type = headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let _ = reply.send(Answer::Response {
                body: bytes.to_vec(),
                content_type,
            });
            accepted()
        }
        Err(_) => {
            let _ = reply.send(Answer::TooLarge);
            api_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "RequestEntityTooLarge",
                &format!("Exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes)."),
            )
        }
    }
}

/// `Lambda-Runtime-Function-Error-Type`, kept only when it has Lambda's shape.
fn error_type_header(headers: &HeaderMap) -> Option<String> {
    let value = headers
        .get("lambda-runtime-function-error-type")?
        .to_str()
        .ok()?;
    let (prefix, rest) = value.split_once('.')?;
    let ok = matches!(prefix, "Runtime" | "Function")
        && rest.starts_with(|c: char| c.is_ascii_uppercase())
        && rest.chars().all(|c| c.is_ascii_alphabetic());
    ok.then(|| value.to_string())
}

async fn error(
    State(api): State<Arc<RuntimeApi>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let reply = match take_current(&api, &id) {
        Ok(r) => r,
        Err(resp) => return *resp,
    };
    let bytes = to_bytes(body, MAX_RESPONSE_BYTES)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let _ = reply.send(Answer::Error {
        body: bytes,
        error_type: error_type_header(&headers),
    });
    accepted()
}

async fn init_error(
    State(api): State<Arc<RuntimeApi>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if !matches!(api.machine().phase, Phase::Init) {
        return api_error(
            StatusCode::FORBIDDEN,
            "InvalidStateTransition",
            "init/error is only allowed during INIT",
        );
    }
    let bytes = to_bytes(body, MAX_RESPONSE_BYTES)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let error_type = error_type_header(&headers)
        .or_else(|| {
            serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| v["errorType"].as_str().map(str::to_string))
        })
        .unwrap_or_else(|| "Runtime.Unknown".to_string());
    api.readiness
        .send_replace(Readiness::Failed(error_type, bytes));
    accepted()
}
