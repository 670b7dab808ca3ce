//! The learner edits files in the exercise folders, never this crate.
