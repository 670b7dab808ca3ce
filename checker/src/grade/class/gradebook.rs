//! The gradebook files: `gradebook.csv` (one row per learner and exercise
//! or lab, for a spreadsheet), `gradebook.json` (the same, with the full
//! feedback and the summary, for scripts), `summary.md`, and per learner a
//! JUnit file in `junit/` and a readable page in `feedback/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::summary;
use super::{feedback, junit, Gradebook, ItemKind, Learner, Mark, Row};
use crate::grade::files::{self, printable, Entry};

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

/// What [`write`] did.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Every file written.
    pub files: Vec<PathBuf>,
    /// Per-learner files of the earlier gradebook removed: learners that
    /// are no longer in the class.
    pub removed: Vec<PathBuf>,
    /// Files of `junit/` and `feedback/` that no gradebook wrote, left as
    /// they were.
    pub left: Vec<PathBuf>,
}

/// The per-learner folders, with the file extension of each.
const PER_LEARNER: [(&str, &str); 2] = [("junit", "xml"), ("feedback", "md")];

/// Checks that a gradebook can be written into `out` without losing a file
/// that `course grade` did not write, before anything is graded: `out` must
/// be missing, empty (hidden entries aside) or hold an earlier gradebook
/// (its `gradebook.json`). Returns the learners the earlier gradebook
/// named, whose files are the grader's to replace or remove.
pub fn check_out(out: &Path) -> Result<BTreeSet<String>, String> {
    let entries = match std::fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(e) if out.exists() && !out.is_dir() => {
            return Err(format!(
                "error: the gradebook folder {} is a file ({e})\nhelp: pick an empty folder, or the folder of an earlier gradebook, with --out",
                out.display()
            ))
        }
        Err(e) => {
            return Err(format!(
                "error: cannot read the gradebook folder {}: {e}\nhelp: pick another folder with --out",
                out.display()
            ))
        }
    };
    if let Some(learners) = earlier_learners(out) {
        return Ok(learners);
    }
    let mut found: Vec<String> = entries
        .flatten()
        .map(|e| printable(&e.file_name().to_string_lossy()))
        .filter(|n| !n.starts_with('.'))
        .collect();
    if found.is_empty() {
        return Ok(BTreeSet::new());
    }
    found.sort();
    let shown = match found.len() {
        1..=3 => found.join(", "),
        n => format!("{}, and {} more", found[..3].join(", "), n - 3),
    };
    Err(format!(
        "error: the gradebook folder {} already holds {shown}, and no gradebook.json\n = note: course grade writes summary.md, gradebook.csv, gradebook.json, junit/ and feedback/ there, replacing what it wrote before; it must not replace or remove files it did not write\nhelp: pick an empty folder, or the folder of an earlier gradebook, with --out",
        out.display()
    ))
}

/// The learners named by the `gradebook.json` in `out`, if it is one that
/// `course grade` wrote. Names that are not one plain file name are left
/// out: removing their files could reach outside the gradebook.
fn earlier_learners(out: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(out.join("gradebook.json")).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    let learners = value.get("learners")?.as_array()?;
    Some(
        learners
            .iter()
            .filter_map(|l| l.get("learner")?.as_str())
            .filter(|name| is_plain_name(name))
            .map(str::to_string)
            .collect(),
    )
}

/// One file name, with no folder in it (`..` and `a/b` are not).
fn is_plain_name(name: &str) -> bool {
    let mut parts = Path::new(name).components();
    matches!(parts.next(), Some(std::path::Component::Normal(n)) if n == name)
        && parts.next().is_none()
}

/// Writes every file into `out` (created if needed). Only files that the
/// grader wrote are replaced or removed: `out` is checked with
/// [`check_out`]; per-learner files of learners who left the class since
/// the earlier gradebook are removed, so that they do not linger; any other
/// file in `junit/` or `feedback/` is left, and listed in [`Written::left`].
pub fn write(book: &Gradebook, out: &Path) -> Result<Written, String> {
    let earlier = check_out(out)?;
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
    // A link where the gradebook writes would be written through.
    let mut taken: Vec<PathBuf> = files
        .iter()
        .map(|(path, _)| path.clone())
        .filter(|path| !matches!(files::entry(path), Entry::Missing | Entry::File))
        .collect();
    taken.extend(
        PER_LEARNER
            .iter()
            .map(|(folder, _)| out.join(folder))
            .filter(|dir| !matches!(files::entry(dir), Entry::Missing | Entry::Folder)),
    );
    // (folder, file extension, the page of one learner)
    type PageOf = fn(&Learner) -> String;
    let pages: [PageOf; 2] = [junit::learner, feedback::learner];
    for ((folder, extension), page) in PER_LEARNER.into_iter().zip(pages) {
        for learner in &book.learners {
            let path = out
                .join(folder)
                .join(format!("{}.{extension}", learner.name));
            let ours = match files::entry(&path) {
                Entry::Missing => true,
                Entry::File => earlier.contains(&learner.name),
                _ => false,
            };
            if !ours {
                taken.push(path.clone());
            }
            files.push((path, page(learner)));
        }
    }
    if !taken.is_empty() {
        let shown: Vec<String> = taken.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "error: {} {} already there, and not written by the earlier gradebook in {} (or not a regular file)\n = note: the new gradebook would replace {} with its own\nhelp: move {} elsewhere, or pick an empty folder with --out",
            shown.join(", "),
            if taken.len() == 1 { "is" } else { "are" },
            out.display(),
            if taken.len() == 1 { "it" } else { "them" },
            if taken.len() == 1 { "it" } else { "them" },
        ));
    }
    for (folder, _) in PER_LEARNER {
        let dir = out.join(folder);
        std::fs::create_dir_all(&dir).map_err(|e| fail(&dir, e))?;
    }
    let mut written = Written::default();
    for (path, text) in files {
        std::fs::write(&path, text).map_err(|e| fail(&path, e))?;
        written.files.push(path);
    }
    for name in &earlier {
        if book.learners.iter().any(|l| l.name == *name) {
            continue;
        }
        for (folder, extension) in PER_LEARNER {
            let path = out.join(folder).join(format!("{name}.{extension}"));
            if files::entry(&path) == Entry::File && std::fs::remove_file(&path).is_ok() {
                written.removed.push(path);
            }
        }
    }
    for (folder, _) in PER_LEARNER {
        let Ok(entries) = std::fs::read_dir(out.join(folder)) else {
            continue;
        };
        written.left.extend(
            entries
                .flatten()
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.path())
                .filter(|p| !written.files.contains(p)),
        );
    }
    written.left.sort();
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
    use super::{cell, is_plain_name};

    #[test]
    fn only_plain_names_of_an_earlier_gradebook_are_removed() {
        assert!(is_plain_name("ada"));
        assert!(is_plain_name("new\\nline"));
        for name in ["", ".", "..", "../ada", "a/b", "/etc/passwd"] {
            assert!(!is_plain_name(name), "{name}");
        }
    }

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell(""), "");
    }
}
