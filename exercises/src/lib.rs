//! The learner's workspace. The exercises are the folders next to this one
//! (`01-pay-per-use/`, ...): you edit the TOML and JSON files there, never
//! Rust. `cargo test -p exercises` grades them (see `tests/grade.rs`).
