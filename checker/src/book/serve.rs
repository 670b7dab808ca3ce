//! `course serve`: builds the book, serves it on 127.0.0.1 and rebuilds it on
//! every edit, reloading open pages through mdBook's own live-reload script.
//!
//! Builds alternate between two folders under `.course/serve/PORT/`: the server
//! switches to a new build only once it has succeeded, so a page with an error
//! in it never takes down the book a learner is reading.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::broadcast;
use tower_http::services::{ServeDir, ServeFile};

use super::build::{build_book, BuildOptions, Built};
use super::html::escape;

/// The websocket path mdBook's reload script connects to.
pub const LIVE_RELOAD_ENDPOINT: &str = "__livereload";

/// Edits closer together than this make one rebuild (an editor's save is
/// often several events).
const QUIET_PERIOD: Duration = Duration::from_millis(200);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The folder that holds book.toml.
    pub root: PathBuf,
    pub port: u16,
    /// Serve the instructor's edition (speaker notes).
    pub instructor: bool,
}

/// What the server shows: the last good book, or why there is none yet.
#[derive(Debug, Clone)]
enum Served {
    Book(PathBuf),
    Failed(String),
}

struct ServerState {
    served: RwLock<Served>,
    reload: broadcast::Sender<()>,
}

/// Serves until Ctrl-C.
pub fn serve(options: &ServeOptions) -> Result<(), String> {
    let root = options.root.canonicalize().map_err(|e| {
        format!(
            "error: cannot open the book folder {}: {e}",
            options.root.display()
        )
    })?;
    // One pair of build folders per port: two servers side by side (the
    // learners' edition and the instructor's) must never serve each other's
    // pages, or the speaker notes end up on the projector.
    let folder = root.join(".course/serve").join(options.port.to_string());
    let slots = [folder.join("a"), folder.join("b")];
    let first = rebuild(&root, &slots[0], options.instructor);
    let (reload, _) = broadcast::channel(16);
    let state = Arc::new(ServerState {
        served: RwLock::new(first),
        reload,
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("error: cannot start the web server: {e}"))?;
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, options.port));
    let listener = runtime.block_on(tokio::net::TcpListener::bind(address)).map_err(|e| {
        format!(
            "error: cannot serve on {address}: {e}\nhelp: another program may use port {}; try `--port {}`",
            options.port,
            options.port.wrapping_add(1)
        )
    })?;

    let watcher_state = Arc::clone(&state);
    let watch_root = root.clone();
    let instructor = options.instructor;
    std::thread::Builder::new()
        .name("course-watch".into())
        .spawn(move || watch_and_rebuild(&watch_root, &slots, &watcher_state, instructor))
        .map_err(|e| format!("error: cannot start watching the book: {e}"))?;

    println!(
        "Serving the book at http://{address}/ (Ctrl-C to stop).\nEdits to src/, theme/ and book.toml rebuild it and reload the page."
    );
    let app = router(state);
    runtime
        .block_on(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await
        })
        .map_err(|e| format!("error: the web server stopped: {e}"))
}

fn router(state: Arc<ServerState>) -> Router {
    Router::new()
        .route(&format!("/{LIVE_RELOAD_ENDPOINT}"), get(live_reload))
        .fallback(book_file)
        .with_state(state)
}

/// Builds into `dest` and says how it went.
fn rebuild(root: &Path, dest: &Path, instructor: bool) -> Served {
    let options = BuildOptions {
        root: root.to_path_buf(),
        dest: Some(dest.to_path_buf()),
        live_reload_endpoint: Some(LIVE_RELOAD_ENDPOINT.into()),
        instructor,
    };
    match build_book(&options) {
        Ok(built) => {
            report(&built);
            Served::Book(dest.to_path_buf())
        }
        Err(error) => {
            eprintln!("{error}\n(the last good build is still served)");
            Served::Failed(error.to_string())
        }
    }
}

fn report(built: &Built) {
    for warning in &built.warnings {
        eprintln!("warning: {warning}");
    }
    println!(
        "Built {} pages in {} ms.",
        built.pages,
        built.elapsed.as_millis()
    );
}

/// Waits for edits, lets them settle, rebuilds into the slot not being
/// served, and switches to it if the build succeeded.
fn watch_and_rebuild(root: &Path, slots: &[PathBuf; 2], state: &ServerState, instructor: bool) {
    let (events, edits) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(events) {
        Ok(watcher) => watcher,
        Err(e) => {
            eprintln!("warning: cannot watch the book for edits ({e}); restart `course serve` after editing");
            return;
        }
    };
    for (path, mode) in [
        (root.join("src"), RecursiveMode::Recursive),
        (root.join("theme"), RecursiveMode::Recursive),
        // For book.toml: its folder, not the file, since editors replace files.
        (root.to_path_buf(), RecursiveMode::NonRecursive),
    ] {
        if path.exists() {
            if let Err(e) = watcher.watch(&path, mode) {
                eprintln!("warning: cannot watch {}: {e}", path.display());
            }
        }
    }
    let mut next = 1;
    loop {
        // Block until one edit that matters...
        match edits.recv() {
            Ok(Ok(event)) if is_edit(root, &event) => {}
            Ok(_) => continue,
            Err(_) => return,
        }
        // ...then until the edits stop.
        loop {
            match edits.recv_timeout(QUIET_PERIOD) {
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let served = rebuild(root, &slots[next], instructor);
        if let Served::Book(_) = served {
            if let Ok(mut current) = state.served.write() {
                *current = served;
            }
            next = 1 - next;
            let _ = state.reload.send(());
        } else {
            let mut current = match state.served.write() {
                Ok(current) => current,
                Err(_) => continue,
            };
            // With no good build yet, show the new error instead of the old one.
            if let Served::Failed(_) = *current {
                *current = served;
                drop(current);
                let _ = state.reload.send(());
            }
        }
    }
}

/// An edit to the book's sources. Reads are ignored (each build reads
/// `src/`, and watching them would rebuild forever), and so are the build
/// folders and editors' temporary files.
fn is_edit(root: &Path, event: &notify::Event) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
        EventKind::Access(_) | EventKind::Other => return false,
        _ => {}
    }
    event.paths.iter().any(|path| is_source(root, path))
}

fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy());
    let Some(top) = parts.next() else {
        return false;
    };
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913";
    match top.as_ref() {
        "book.toml" => true,
        "src" | "theme" => !temporary,
        _ => false,
    }
}

async fn live_reload(ws: WebSocketUpgrade, State(state): State<Arc<ServerState>>) -> Response {
    let reloads = state.reload.subscribe();
    ws.on_upgrade(move |socket| reload_when_rebuilt(socket, reloads))
}

async fn reload_when_rebuilt(mut socket: WebSocket, mut reloads: broadcast::Receiver<()>) {
    loop {
        tokio::select! {
            rebuilt = reloads.recv() => {
                if !matches!(rebuilt, Err(broadcast::error::RecvError::Closed)) {
                    let _ = socket.send(Message::Text("reload".into())).await;
                }
                return;
            }
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_)) | Err(_)) | None => return,
                Some(Ok(_)) => {}
            },
        }
    }
}

async fn book_file(State(state): State<Arc<ServerState>>, request: Request) -> Response {
    let served = match state.served.read() {
        Ok(served) => served.clone(),
        Err(_) => Served::Failed("the server's state was lost; restart `course serve`".into()),
    };
    match served {
        Served::Book(dir) => {
            let mut files =
                ServeDir::new(&dir).not_found_service(ServeFile::new(dir.join("404.html")));
            match files.try_call(request).await {
                Ok(response) => response.map(Body::new),
                Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
            }
        }
        Served::Failed(error) => error_page(&error),
    }
}

/// Shown while no build has succeeded: the error, and the reload script so
/// the page fixes itself when the author does.
fn error_page(error: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>The book did not build</title></head>\n<body style=\"font-family: sans-serif; margin: 2em\">\n<h1>The book did not build</h1>\n<p>Fix the problem below and save: this page reloads by itself.</p>\n<pre style=\"white-space: pre-wrap\">{}</pre>\n<script>\nconst socket = new WebSocket((location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + '/{LIVE_RELOAD_ENDPOINT}');\nsocket.onmessage = (event) => {{ if (event.data === 'reload') {{ socket.close(); location.reload(); }} }};\n</script>\n</body></html>\n",
        escape(error)
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind};
    use notify::Event;

    fn event(kind: EventKind, path: &str) -> Event {
        Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn edits_to_sources_count() {
        let root = Path::new("/course");
        let modify = EventKind::Modify(ModifyKind::Any);
        assert!(is_edit(
            root,
            &event(modify, "/course/src/lambda/memory.md")
        ));
        assert!(is_edit(root, &event(modify, "/course/book.toml")));
        assert!(is_edit(
            root,
            &event(
                EventKind::Create(CreateKind::File),
                "/course/theme/quiz.css"
            )
        ));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert!(is_edit(root, &event(closed, "/course/src/SUMMARY.md")));
    }

    #[test]
    fn reads_builds_and_temporary_files_do_not() {
        let root = Path::new("/course");
        let modify = EventKind::Modify(ModifyKind::Any);
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert!(!is_edit(root, &event(read, "/course/src/lambda/memory.md")));
        assert!(!is_edit(
            root,
            &event(
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                "/course/src/a.md"
            )
        ));
        assert!(!is_edit(root, &event(modify, "/course/book/index.html")));
        assert!(!is_edit(
            root,
            &event(modify, "/course/.course/serve/3000/a/index.html")
        ));
        assert!(!is_edit(root, &event(modify, "/course/src/.memory.md.swp")));
        assert!(!is_edit(root, &event(modify, "/course/src/memory.md~")));
        assert!(!is_edit(root, &event(modify, "/course/Cargo.toml")));
        assert!(!is_edit(root, &event(modify, "/elsewhere/src/a.md")));
    }

    #[test]
    fn the_error_page_is_escaped_and_reloads() {
        let response = error_page("error: <bad>");
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
}
