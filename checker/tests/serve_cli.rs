//! The instructors' page suggests two servers side by side: the learners'
//! edition on the projector and the instructor's on their own screen. Each
//! must serve its own edition: speaker notes never reach the projector.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Two different ports nobody listens on right now.
fn free_ports() -> (u16, u16) {
    let a = TcpListener::bind("127.0.0.1:0").unwrap();
    let b = TcpListener::bind("127.0.0.1:0").unwrap();
    (
        a.local_addr().unwrap().port(),
        b.local_addr().unwrap().port(),
    )
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn serve(port: u16, instructor: bool) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_course"));
    command
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if instructor {
        command.arg("--instructor");
    }
    command.spawn().expect("course serve starts")
}

/// The page at `path`, once the server answers (it builds the book first).
fn page(port: u16, path: &str) -> String {
    let started = Instant::now();
    loop {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
            let mut answer = String::new();
            stream.read_to_string(&mut answer).unwrap();
            return answer;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "port {port} never answered"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn two_servers_side_by_side_serve_their_own_edition() {
    let (learners, instructor) = free_ports();
    let mut servers = [serve(learners, false), serve(instructor, true)];
    let projector = page(learners, "/lambda/memory.html");
    let own_screen = page(instructor, "/lambda/memory.html");
    for server in &mut servers {
        let _ = server.kill();
        let _ = server.wait();
    }
    for port in [learners, instructor] {
        let _ = std::fs::remove_dir_all(root().join(".course/serve").join(port.to_string()));
    }
    assert!(projector.contains("200 OK"), "{projector:.300}");
    assert!(!projector.contains("speaker-notes"));
    assert!(own_screen.contains("speaker-notes"));
}
