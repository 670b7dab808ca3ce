//! Predict: answer questions about a chapter's scenario before (or after)
//! looking at its figure. The simulator decides the right answers.

use super::super::answers::Doc;
use super::super::catalogue::Exercise;
use super::super::Verdict;
use super::questions;

pub fn grade(exercise: &Exercise, docs: &[Doc]) -> Verdict {
    match docs.first() {
        Some(doc) => questions::grade(exercise, doc),
        None => Verdict::NotAttempted,
    }
}
