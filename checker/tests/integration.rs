//! The checker's integration tests: `course` run as a learner or an
//! instructor types it, the book's figures, the simulator's properties and
//! the cited sources.
//!
//! One test program whose modules are the files beside this one: the
//! dependencies are linked once instead of once per file, which saves
//! build time and about half a gigabyte of disk across the workspace.
//! `cargo test -p checker --test integration NAME` runs the tests whose
//! path contains NAME (a file's name, say).

mod support;

mod experiments_cli;
mod figures;
mod grade_cli;
mod hint_cli;
mod lab_invoke_cli;
mod lab_stop_cli;
mod pipe_cli;
mod reset_cli;
mod serve_cli;
mod sim_properties;
mod simulate_cli;
mod sources;
