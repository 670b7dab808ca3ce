//! The engine of the course: a deterministic Lambda simulator (`sim`), the
//! scenario files that drive it (`scenario`), the pictures drawn from its
//! output (`render`), the exercises and their graders (`grade`), and, behind
//! the `cli` feature, the book tooling and the `course` command.
//!
//! Dependencies go one way: `scenario` builds `sim` inputs, `render` reads
//! `sim` outputs, and `sim` knows nothing of files, Markdown or terminals.

pub mod experiments;
pub mod figures;
pub mod grade;
pub mod json;
pub mod render;
pub mod scenario;
pub mod sim;
pub mod suggest;

#[cfg(feature = "cli")]
pub mod book;
#[cfg(feature = "cli")]
pub mod cli;
