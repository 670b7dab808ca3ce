//! The course's own exercises, graded: every reference solution passes, every
//! starter is "not attempted", and plausible wrong answers get their feedback.
