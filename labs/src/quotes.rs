//! A small JSON API of quotes on 127.0.0.1, so that Lab 2 has something to
//! call with axios without reaching the internet. Functions find it in the
//! `QUOTES_API_URL` environment variable.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tokio::net::TcpListener;

/// One quote, as the API returns it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Quote {
    pub id: u32,
    pub text: &'static str,
    pub author: &'static str,
}

const QUOTES: &[(&str, &str)] = &[
    ("The most dangerous phrase in the language is: we've always done it this way.", "Grace Hopper"),
    ("The Analytical Engine weaves algebraic patterns just as the Jacquard loom weaves flowers and leaves.", "Ada Lovelace"),
    ("Simplicity is prerequisite for reliability.", "Edsger W. Dijkstra"),
    ("Premature optimization is the root of all evil.", "Donald Knuth"),
    ("Everything fails, all the time.", "Werner Vogels"),
    ("First, solve the problem. Then, write the code.", "John Johnson"),
    ("Programs must be written for people to read, and only incidentally for machines to execute.", "Harold Abelson"),
    ("The best way to predict the future is to invent it.", "Alan Kay"),
    ("Talk is cheap. Show me the code.", "Linus Torvalds"),
    ("Software is getting slower more rapidly than hardware becomes faster.", "Niklaus Wirth"),
];

/// All quotes of the API.
pub fn all() -> Vec<Quote> {
    QUOTES
        .iter()
        .enumerate()
        .map(|(i, (text, author))| Quote {
            id: i as u32 + 1,
            text,
            author,
        })
        .collect()
}

/// What the API served, so a lab check can tell a real call from a made-up quote.
#[derive(Default)]
pub struct Served {
    ids: Mutex<Vec<u32>>,
}

impl Served {
    pub fn ids(&self) -> Vec<u32> {
        self.ids.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn serve(&self, q: &Quote) {
        self.ids
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(q.id);
    }

    /// A random pick.
    fn pick(&self) -> usize {
        (uuid::Uuid::new_v4().as_u128() % QUOTES.len() as u128) as usize
    }
}

/// Serves the quotes API on `listener`.
pub fn serve(listener: TcpListener, served: Arc<Served>) -> tokio::task::JoinHandle<()> {
    let app = Router::new()
        .route("/quotes", get(list))
        .route("/quotes/random", get(random))
        .route("/quotes/{id}", get(one))
        .with_state(served);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    })
}

async fn list() -> Json<Vec<Quote>> {
    Json(all())
}

async fn random(State(served): State<Arc<Served>>) -> Json<Quote> {
    let q = all()[served.pick()].clone();
    served.serve(&q);
    Json(q)
}

async fn one(State(served): State<Arc<Served>>, Path(id): Path<String>) -> Response {
    match id
        .parse::<u32>()
        .ok()
        .and_then(|id| all().into_iter().find(|q| q.id == id))
    {
        Some(q) => {
            served.serve(&q);
            Json(q).into_response()
        }
        None => (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({ "message": format!("No quote with id {id}") })),
        )
            .into_response(),
    }
}
