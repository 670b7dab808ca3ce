//! The end-to-end tests: the book (pages, commands, references, snapshots,
//! errors, the instructors' edition) and grading a whole class.
//!
//! One test program whose modules are the files beside this one: the
//! dependencies are linked once instead of once per file, which saves
//! build time and about half a gigabyte of disk across the workspace.
//! `cargo test -p course-tests --test integration NAME` runs the tests whose
//! path contains NAME (a file's name, say).

mod book_support;

mod book;
mod book_commands;
mod book_errors;
mod book_instructor;
mod book_reference;
mod book_snapshots;
mod book_sources;
mod class_grading;
mod test_layout;
