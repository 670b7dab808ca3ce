//! package: to be written.

use super::super::catalogue::Exercise;
use super::super::doc::Doc;
use super::super::{Problem, Verdict};

pub fn grade(_exercise: &Exercise, _docs: &[Doc]) -> Verdict {
    Verdict::Fail(vec![Problem::new(
        "this kind of exercise cannot be graded yet",
    )])
}
