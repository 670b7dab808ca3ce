//! One learner's feedback as a page they can read (`feedback/LEARNER.md`):
//! what they passed, and for everything else the feedback in the words
//! `cargo test -p exercises` and `course lab` would have shown them, so an
//! instructor can hand each learner their own page after a class. The
//! grader's notes are written for the instructor (see `summary.md`), so they
//! stay off this page.

use super::text::{code_span, longest_backtick_run};
use super::{ItemKind, Learner, Mark, Row};

/// The Markdown page of one learner.
pub fn learner(learner: &Learner) -> String {
    let mut out = format!("# Feedback for {}\n\n", code_span(&learner.name));
    for (kind, title) in [(ItemKind::Exercise, "Exercises"), (ItemKind::Lab, "Labs")] {
        let (passed, total) = learner.passed(kind);
        if total > 0 {
            out.push_str(&format!("- {title}: {passed} of {total} passed\n"));
        }
    }
    if learner.rows.is_empty() {
        out.push_str("- Nothing could be graded.\n");
    }

    let to_revisit: Vec<&Row> = learner
        .rows
        .iter()
        .filter(|r| r.mark.is_failure())
        .collect();
    if !to_revisit.is_empty() {
        out.push_str("\n## To look at again\n");
        for row in to_revisit {
            out.push_str(&item(row));
        }
    }
    for (mark, title) in [
        (Mark::NotAttempted, "Not attempted yet"),
        (Mark::Missing, "Not in what you handed in"),
        (Mark::Passed, "Passed"),
    ] {
        let names: Vec<String> = learner
            .rows
            .iter()
            .filter(|r| r.mark == mark)
            .map(|r| format!("`{}`", r.item))
            .collect();
        if !names.is_empty() {
            out.push_str(&format!("\n## {title}\n\n{}\n", names.join(", ")));
        }
    }
    out.push_str(
        "\nTo see this feedback on your own machine, run `cargo test -p exercises` \
         for the exercises and `course lab N` for lab N; `course hint N` gives \
         a hint for exercise N.\n",
    );
    out
}

/// One exercise or lab that did not pass: its mark, where, and the feedback.
fn item(row: &Row) -> String {
    let mut out = format!(
        "\n### `{}` ({}): {}\n\n",
        row.item,
        row.kind.name(),
        row.mark.name()
    );
    if !row.file.is_empty() {
        out.push_str(&format!("In `{}`.", row.file));
        if let Some(n) = row.hints_used.filter(|n| *n > 0) {
            let hints = if n == 1 { "hint" } else { "hints" };
            out.push_str(&format!(" You had asked for {n} {hints}."));
        }
        out.push_str("\n\n");
    }
    let text = if row.feedback.trim().is_empty() {
        &row.message
    } else {
        &row.feedback
    };
    out.push_str(&fenced(text.trim_end()));
    out
}

/// `text` in a code block whose fence no line of the text can close.
fn fenced(text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text).max(2) + 1);
    format!("{fence}text\n{text}\n{fence}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(item: &str, kind: ItemKind, mark: Mark, feedback: &str) -> Row {
        let mut row = Row::plain(item, kind, mark, feedback.lines().next().unwrap_or(""));
        row.feedback = feedback.to_string();
        row
    }

    #[test]
    fn a_page_lists_what_to_revisit_with_its_feedback_then_the_rest() {
        let mut wrong = row(
            "08-right-size-memory",
            ItemKind::Exercise,
            Mark::Failed,
            "memory_mb = 512 is too little\nhelp: look at the Duration column",
        );
        wrong.file = "exercises/08-right-size-memory/function.json:3".into();
        wrong.hints_used = Some(2);
        let learner = Learner {
            name: "ada".into(),
            rows: vec![
                row("01-pay-per-use", ItemKind::Exercise, Mark::Passed, ""),
                wrong,
                row("09-timeouts", ItemKind::Exercise, Mark::NotAttempted, ""),
                row(
                    "lab-01-nodejs-function",
                    ItemKind::Lab,
                    Mark::TimedOut,
                    "Task timed out after 3.00 seconds",
                ),
            ],
            notes: vec!["exercises/tests was edited".into()],
        };
        let page = super::learner(&learner);
        assert!(page.starts_with("# Feedback for `ada`\n"), "{page}");
        assert!(
            page.contains("- Exercises: 1 of 3 passed\n- Labs: 0 of 1 passed\n"),
            "{page}"
        );
        let revisit = page
            .find("## To look at again")
            .expect("a section to revisit");
        let memory = page
            .find("### `08-right-size-memory` (exercise): failed")
            .unwrap();
        let lab = page
            .find("### `lab-01-nodejs-function` (lab): timed out")
            .unwrap();
        assert!(revisit < memory && memory < lab, "{page}");
        assert!(
            page.contains(
                "In `exercises/08-right-size-memory/function.json:3`. You had asked for 2 hints."
            ),
            "{page}"
        );
        assert!(
            page.contains("help: look at the Duration column\n```\n"),
            "{page}"
        );
        assert!(
            page.contains("## Not attempted yet\n\n`09-timeouts`\n"),
            "{page}"
        );
        assert!(page.contains("## Passed\n\n`01-pay-per-use`\n"), "{page}");
        assert!(!page.contains("exercises/tests was edited"), "{page}");
        assert!(!page.contains("Not in what you handed in"), "{page}");
    }

    #[test]
    fn feedback_holding_a_fence_cannot_close_its_block() {
        let text = "a handler:\n```js\nexports.handler = 1\n```";
        let block = fenced(text);
        assert!(block.starts_with("````text\n"), "{block}");
        assert!(block.ends_with("\n````\n"), "{block}");
    }
}
