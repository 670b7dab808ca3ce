//! Scratch folders for the integration tests of every crate.
//!
//! They live in Cargo's own scratch place for tests (`CARGO_TARGET_TMPDIR`,
//! inside `target/`), not in the system's temp folder, so that running the
//! tests again and again never fills a learner's disk: each test program
//! empties its folder the first time it asks for one, which removes what its
//! previous run left, and `cargo clean` removes the rest.
//!
//! One file, included by path from each crate's test support module.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// A new, empty folder of this test program, named after `tag`.
pub fn scratch_dir(tag: &str) -> PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let root = ROOT.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(program_name());
        // What this program's previous run left behind.
        let _ = std::fs::remove_dir_all(&root);
        root
    });
    let dir = root.join(format!("{tag}-{}", NEXT.fetch_add(1, Ordering::SeqCst)));
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create the scratch folder {}: {e}", dir.display()));
    dir
}

/// The test program's name without Cargo's hash: `failures-0a1b2c…` → `failures`.
fn program_name() -> String {
    let exe = std::env::current_exe().unwrap_or_default();
    let stem = exe
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match stem.rsplit_once('-') {
        Some((name, hash)) if hash.chars().all(|c| c.is_ascii_hexdigit()) => name.to_string(),
        _ if stem.is_empty() => "tests".to_string(),
        _ => stem,
    }
}
