//! The class summary: per exercise and lab, how many learners passed, failed
//! or did not try, and the failure most of them share (the page to revisit
//! first next morning); per learner, what they passed; then the notes.
//! Written as a Markdown table that also reads well in a terminal.

use std::collections::BTreeMap;

use super::text::{one_line, shorten};
use super::{Gradebook, ItemKind, Mark};

/// One exercise or lab across the class.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemSummary {
    pub item: String,
    pub kind: ItemKind,
    pub passed: usize,
    pub failed: usize,
    pub malformed: usize,
    pub timed_out: usize,
    pub not_attempted: usize,
    pub missing: usize,
    /// The most frequent failure message and how many learners got it
    /// (ties go to the message first in alphabetical order, so the summary
    /// is the same on every run).
    pub common: Option<(String, usize)>,
}

/// Every item, in the order of the gradebook's rows.
pub fn items(book: &Gradebook) -> Vec<ItemSummary> {
    let mut order: Vec<(String, ItemKind)> = Vec::new();
    let mut messages: Vec<BTreeMap<&str, usize>> = Vec::new();
    let mut sums: Vec<ItemSummary> = Vec::new();
    for row in book.learners.iter().flat_map(|l| &l.rows) {
        let at = match order.iter().position(|(i, _)| *i == row.item) {
            Some(at) => at,
            None => {
                order.push((row.item.clone(), row.kind));
                messages.push(BTreeMap::new());
                sums.push(ItemSummary {
                    item: row.item.clone(),
                    kind: row.kind,
                    passed: 0,
                    failed: 0,
                    malformed: 0,
                    timed_out: 0,
                    not_attempted: 0,
                    missing: 0,
                    common: None,
                });
                order.len() - 1
            }
        };
        let s = &mut sums[at];
        match row.mark {
            Mark::Passed => s.passed += 1,
            Mark::Failed => s.failed += 1,
            Mark::Malformed => s.malformed += 1,
            Mark::TimedOut => s.timed_out += 1,
            Mark::NotAttempted => s.not_attempted += 1,
            Mark::Missing => s.missing += 1,
        }
        if row.mark.is_failure() && !row.message.is_empty() {
            *messages[at].entry(row.message.as_str()).or_default() += 1;
        }
    }
    for (s, counts) in sums.iter_mut().zip(messages) {
        // The BTreeMap walks messages alphabetically; keep the first of the
        // most frequent.
        let mut best: Option<(&str, usize)> = None;
        for (message, n) in counts {
            if best.is_none_or(|(_, b)| n > b) {
                best = Some((message, n));
            }
        }
        s.common = best.map(|(m, n)| (m.to_string(), n));
    }
    sums
}

/// The summary as printed and written to `summary.md`.
pub fn table(book: &Gradebook) -> String {
    let mut out = String::from("## Exercises and labs\n\n");
    let rows: Vec<Vec<String>> = items(book)
        .iter()
        .map(|s| {
            let common = s.common.as_ref().map_or(String::new(), |(m, n)| {
                format!("{} ({n})", shorten(&one_line(m), 90))
            });
            vec![
                s.item.clone(),
                s.passed.to_string(),
                s.failed.to_string(),
                s.malformed.to_string(),
                s.timed_out.to_string(),
                (s.not_attempted + s.missing).to_string(),
                common,
            ]
        })
        .collect();
    out.push_str(&markdown(
        &[
            "item",
            "passed",
            "failed",
            "malformed",
            "timed out",
            "not tried",
            "most common failure (learners)",
        ],
        &rows,
    ));

    out.push_str("\n## Learners\n\n");
    let count = |l: &super::Learner, kind| match l.passed(kind) {
        (_, 0) => "-".to_string(),
        (passed, total) => format!("{passed}/{total}"),
    };
    let rows: Vec<Vec<String>> = book
        .learners
        .iter()
        .map(|l| {
            vec![
                l.name.clone(),
                count(l, ItemKind::Exercise),
                count(l, ItemKind::Lab),
                if l.notes.is_empty() { "" } else { "see notes" }.to_string(),
            ]
        })
        .collect();
    out.push_str(&markdown(
        &["learner", "exercises passed", "labs passed", "notes"],
        &rows,
    ));

    let noted: Vec<_> = book
        .learners
        .iter()
        .filter(|l| !l.notes.is_empty())
        .collect();
    if !noted.is_empty() {
        out.push_str("\n## Notes\n\n");
        for l in noted {
            for note in &l.notes {
                out.push_str(&format!("- {}: {}\n", l.name.clone(), one_line(note)));
            }
        }
    }
    if !book.skipped.is_empty() {
        out.push_str("\n## Not graded\n\n");
        for s in &book.skipped {
            out.push_str(&format!("- {}\n", one_line(s)));
        }
    }
    out
}

/// A Markdown table with its columns padded to one width, so the text
/// reads as a table in a terminal too; numbers are right-aligned.
fn markdown(header: &[&str], rows: &[Vec<String>]) -> String {
    let cell = |t: &str| t.replace('|', "\\|");
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell(c).chars().count());
        }
    }
    let numeric: Vec<bool> = (0..header.len())
        .map(|i| {
            !rows.is_empty()
                && rows.iter().all(|r| {
                    !r[i].is_empty()
                        && r[i]
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == '/' || c == '-')
                })
        })
        .collect();
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i] - c.chars().count());
                if numeric[i] {
                    format!("{pad}{c}")
                } else {
                    format!("{c}{pad}")
                }
            })
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    let mut out = line(header.iter().map(|h| h.to_string()).collect());
    let rule: Vec<String> = widths
        .iter()
        .zip(&numeric)
        .map(|(w, n)| match n {
            true => format!("{}:", "-".repeat(w + 1)),
            false => "-".repeat(w + 2),
        })
        .collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for row in rows {
        out.push_str(&line(row.iter().map(|c| cell(c)).collect()));
    }
    out
}
