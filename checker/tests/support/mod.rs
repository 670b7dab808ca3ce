//! What the command-line tests share: running `course` as a learner types it.

use std::path::Path;
use std::process::Command;

/// Runs `course ARGS --dir DIR`, which must succeed, and returns what it printed.
pub fn course_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_course"))
        .args(args)
        .arg("--dir")
        .arg(dir)
        .output()
        .expect("the course binary runs");
    assert!(
        out.status.success(),
        "course {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
