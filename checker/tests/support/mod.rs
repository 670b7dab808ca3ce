//! What the command-line tests share: running `course` as a learner types
//! it, scratch folders, and copying course folders into them.
// Each test file uses its own part of this module.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

#[path = "../../../tests/support/scratch.rs"]
mod scratch;
pub use scratch::scratch_dir;

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

/// Copies the folder `from`, with everything in it, to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
