//! Scratch folders for the integration tests of every crate.
//!
//! They live in Cargo's own scratch place for tests (`CARGO_TARGET_TMPDIR`,
//! inside `target/`), not in the system's temp folder, so that running the
//! tests again and again never fills a learner's disk, and `cargo clean`
//! removes them. Each test process has its own folder,
//! `target/tmp/scratch/PACKAGE/PID/`, so that processes running side by side
//! (two `cargo test`, or `cargo nextest`, which runs every test in its own
//! process) never touch each other's files. The first time a process asks,
//! it removes what earlier runs left behind: the folders of processes that
//! have ended (on Linux, where `/proc` tells), or elsewhere of those nobody
//! has written to for ten minutes.
//!
//! One file, included by path from each crate's test support module.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

/// How long a process's folder must have been left alone before another
/// process removes it (longer than any test program runs).
const LEFT_BEHIND_AFTER: Duration = Duration::from_secs(600);

/// A new, empty folder of this test process, named after `tag`.
pub fn scratch_dir(tag: &str) -> PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let root = ROOT.get_or_init(|| {
        let package = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("scratch")
            .join(env!("CARGO_PKG_NAME"));
        remove_left_behind(&package);
        package.join(std::process::id().to_string())
    });
    let dir = root.join(format!("{tag}-{}", NEXT.fetch_add(1, Ordering::SeqCst)));
    // A folder of an earlier process that had our pid.
    match std::fs::remove_dir_all(&dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            panic!("cannot empty the scratch folder {}: {e}", dir.display())
        }
        _ => {}
    }
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create the scratch folder {}: {e}", dir.display()));
    dir
}

/// Removes the folders under `package` (one per process id) that earlier
/// processes left behind.
fn remove_left_behind(package: &Path) {
    let Ok(entries) = std::fs::read_dir(package) else {
        return;
    };
    let processes = Path::new("/proc");
    for entry in entries.flatten() {
        if processes.is_dir() {
            if !processes.join(entry.file_name()).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
            continue;
        }
        let idle = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok());
        if idle.is_some_and(|idle| idle > LEFT_BEHIND_AFTER) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
