//! The gradebook files: `gradebook.csv` (one row per learner and exercise
//! or lab, for a spreadsheet), `gradebook.json` (the same, with the full
//! feedback and the summary, for scripts), `summary.md`, and per learner a
//! JUnit file in `junit/` and a readable page in `feedback/`.

use std::path::{Path, PathBuf};

use super::summary;
use super::{feedback, junit, Gradebook, ItemKind, Learner, Mark, Row};

/// The columns of `gradebook.csv`, in order.
pub const COLUMNS: [&str; 8] = [
    "learner",
    "item",
    "kind",
    "status",
    "message",
    "file",
    "hints_used",
    "note",
];

/// `gradebook.csv`: RFC 4180 quoting, a header line, `\n` line ends
/// (which every spreadsheet reads). The note column repeats
/// the learner's notes on each of their rows, so that a filtered
/// spreadsheet still shows them.
pub fn csv(book: &Gradebook) -> String {
    let mut out = COLUMNS.join(",");
    out.push('\n');
    for learner in &book.learners {
        let note = learner.notes.join("; ");
        for row in &learner.rows {
            let hints = row.hints_used.map_or(String::new(), |h| h.to_string());
            let fields = [
                learner.name.as_str(),
                row.item.as_str(),
                row.kind.name(),
                row.mark.name(),
                row.message.as_str(),
                row.file.as_str(),
                hints.as_str(),
                note.as_str(),
            ];
            let cells: Vec<String> = fields.iter().map(|f| cell(f)).collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    }
    out
}

/// One CSV cell. Quoted when it holds a comma, quote or line break; and a
/// cell that a spreadsheet would take for a formula (learners' text can
/// start with `=`) is made plain text with a leading apostrophe.
fn cell(text: &str) -> String {
    let text = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// `gradebook.json`: every learner with their rows (full feedback
/// included), notes and counts, the summary per item, what was skipped and
/// how long each phase took.
pub fn json(book: &Gradebook) -> String {
    let learners: Vec<serde_json::Value> = book
        .learners
        .iter()
        .map(|l| {
            let (ex_passed, ex_total) = l.passed(super::ItemKind::Exercise);
            let (lab_passed, lab_total) = l.passed(super::ItemKind::Lab);
            serde_json::json!({
                "learner": l.name,
                "notes": l.notes,
                "exercises_passed": ex_passed,
                "exercises_graded": ex_total,
                "labs_passed": lab_passed,
                "labs_graded": lab_total,
                "items": l.rows.iter().map(row_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let items: Vec<serde_json::Value> = summary::items(book)
        .iter()
        .map(|s| {
            serde_json::json!({
                "item": s.item,
                "kind": s.kind.name(),
                "passed": s.passed,
                "failed": s.failed,
                "malformed": s.malformed,
                "timed_out": s.timed_out,
                "not_attempted": s.not_attempted,
                "missing": s.missing,
                "most_common_failure": s.common.as_ref().map(|(m, _)| m),
                "most_common_failure_learners": s.common.as_ref().map(|(_, n)| n),
            })
        })
        .collect();
    let value = serde_json::json!({
        "learners": learners,
        "summary": items,
        "skipped": book.skipped,
        "seconds": {
            "exercises": book.exercises_time.map(|d| d.as_secs_f64()),
            "labs": book.labs_time.map(|d| d.as_secs_f64()),
        },
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

fn row_json(row: &Row) -> serde_json::Value {
    serde_json::json!({
        "item": row.item,
        "kind": row.kind.name(),
        "status": row.mark.name(),
        "message": row.message,
        "file": row.file,
        "hints_used": row.hints_used,
        "feedback": row.feedback,
    })
}

/// Writes every file into `out` (created if needed) and returns their
/// paths. Per-learner files of an earlier run are removed first, so a
/// learner who left the class does not linger.
pub fn write(book: &Gradebook, out: &Path) -> Result<Vec<PathBuf>, String> {
    let fail = |path: &Path, e: std::io::Error| {
        format!(
            "error: cannot write {}: {e}\nhelp: choose another folder with --out",
            path.display()
        )
    };
    let mut files = vec![
        (out.join("gradebook.csv"), csv(book)),
        (out.join("gradebook.json"), json(book)),
        (out.join("summary.md"), summary::table(book)),
    ];
    // (folder, file extension, the page of one learner)
    type PageOf = fn(&Learner) -> String;
    let per_learner: [(&str, &str, PageOf); 2] = [
        ("junit", "xml", junit::learner),
        ("feedback", "md", feedback::learner),
    ];
    for (folder, extension, page) in per_learner {
        let dir = out.join(folder);
        std::fs::create_dir_all(&dir).map_err(|e| fail(&dir, e))?;
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                if entry.path().extension().is_some_and(|x| x == extension) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        for learner in &book.learners {
            files.push((
                dir.join(format!("{}.{extension}", learner.name)),
                page(learner),
            ));
        }
    }
    let mut written = Vec::new();
    for (path, text) in files {
        std::fs::write(&path, text).map_err(|e| fail(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// For a run that graded only one kind (`--labs-only` or `--no-labs`): takes
/// the rows of the other kind from the JUnit files an earlier run wrote into
/// `out`, so that grading the exercises, then the labs, ends in one complete
/// gradebook instead of the second run erasing the first. Returns how many
/// learners got rows back.
pub fn keep_earlier(book: &mut Gradebook, out: &Path, graded: ItemKind) -> usize {
    let mut kept = 0;
    for learner in &mut book.learners {
        let path = out.join("junit").join(format!("{}.xml", learner.name));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let earlier =
            super::reports::learner_from(&learner.name, &path.display().to_string(), &text);
        let other: Vec<Row> = earlier
            .rows
            .into_iter()
            .filter(|r| r.kind != graded)
            .collect();
        // A report reads every absent item as missing: an earlier run of the
        // same kind has nothing of the other to give back.
        if other.iter().all(|r| r.mark == Mark::Missing) {
            continue;
        }
        learner.rows.retain(|r| r.kind == graded);
        learner.rows.extend(other);
        // Exercises first, then labs, as a full run writes them.
        learner.rows.sort_by_key(|r| r.kind == ItemKind::Lab);
        kept += 1;
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell(""), "");
    }
}
