//! `course grade --from-reports`: the gradebook built from JUnit reports
//! made elsewhere, one per learner: `course check --format junit` in each
//! learner's CI, or the JUnit files of an earlier `course grade`.
//!
//! A report is the learner's word, not a grading: this module reads it
//! carefully (a broken or foreign report is noted for that learner and the
//! others go on) but cannot make it trustworthy; the instructors' page says
//! to regrade the folders for marks that count.

use std::path::{Path, PathBuf};

use super::junit::{MISSING, TIMEOUT};
use super::text::one_line;
use super::{lab_item, Gradebook, ItemKind, Learner, Mark, Row};
use crate::grade::catalogue;
use crate::grade::files::{self, printable, Entry};

/// Reads every report in `dir`: `NAME.xml` files, or `NAME/` folders holding
/// one report (as `gh run download` leaves them); NAME is the learner.
pub fn gradebook(dir: &Path, out: &Path) -> Result<Gradebook, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "error: cannot read the reports folder {}: {e}\nhelp: pass the folder that holds one JUnit report per learner",
            dir.display()
        )
    })?;
    let out = out.canonicalize().ok();
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut book = Gradebook::default();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| printable(&n.to_string_lossy()))
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let kind = files::entry(&path);
        let (learner, found) = if kind == Entry::Folder {
            if path.canonicalize().ok() == out || path.join("gradebook.csv").is_file() {
                continue;
            }
            (name.clone(), report_in(&path, &name))
        } else if kind == Entry::Link {
            if path.canonicalize().ok() != out {
                book.skipped.push(format!(
                    "{name}: a symbolic link, not followed (the grader reads only regular files and folders); put the report itself there"
                ));
            }
            continue;
        } else if kind != Entry::File {
            book.skipped.push(format!(
                "{name}: not a regular file (a named pipe, a socket or a device), not read"
            ));
            continue;
        } else if let Some(stem) = name.strip_suffix(".xml") {
            (stem.to_string(), Ok(path.clone()))
        } else {
            book.skipped.push(format!(
                "{name}: not a report (reports are LEARNER.xml files, or LEARNER/ folders holding report.xml)"
            ));
            continue;
        };
        if book.learners.iter().any(|l| l.name == learner) {
            book.skipped.push(format!(
                "{name}: a second report for {learner}; only the first was used"
            ));
            continue;
        }
        let graded = match found {
            Ok(file) => {
                let shown = printable(&file.strip_prefix(dir).unwrap_or(&file).to_string_lossy());
                match std::fs::read(&file).map(String::from_utf8) {
                    Ok(Ok(text)) if !text.contains('\0') => learner_from(&learner, &shown, &text),
                    Ok(_) => unusable(
                        &learner,
                        &format!("{shown} is not text, so not a JUnit report (the XML text that `course check --format junit --output report.xml` writes); ask the learner for the report again"),
                    ),
                    Err(e) => unusable(&learner, &format!("{shown} cannot be read: {e}")),
                }
            }
            Err(why) => unusable(&learner, &why),
        };
        book.learners.push(graded);
    }
    if book.learners.is_empty() {
        return Err(format!(
            "error: no reports in {}\nhelp: put one JUnit report per learner there, named after the learner (ada-lovelace.xml), as the instructors' page shows",
            dir.display()
        ));
    }
    Ok(book)
}

/// The report in a learner's folder: `report.xml`, or its only XML file.
fn report_in(dir: &Path, name: &str) -> Result<PathBuf, String> {
    if files::entry(&dir.join("report.xml")) == Entry::File {
        return Ok(dir.join("report.xml"));
    }
    let xml: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{name}/ cannot be read: {e}"))?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    match xml.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("{name}/ holds no report (no .xml file)")),
        _ => Err(format!(
            "{name}/ holds {} XML files and none is report.xml: keep only the learner's report",
            xml.len()
        )),
    }
}

/// A learner whose report could not be used: every exercise missing, and
/// the reason as a note.
fn unusable(learner: &str, why: &str) -> Learner {
    Learner {
        name: learner.to_string(),
        rows: super::exercises::missing(&format!("no usable report: {why}")),
        notes: vec![format!(
            "{why}; ask the learner to check their CI job, or grade their folder with `course grade`"
        )],
    }
}

/// One test case as read.
#[derive(Debug, Default)]
struct Case {
    name: String,
    classname: String,
    hints: Option<u32>,
    file: Option<String>,
    /// `failure`, `error` or `skipped`, with its type and message.
    result: Option<(String, String, String)>,
    body: String,
}

/// A learner's rows from the text of their report (`shown` names the file
/// in notes).
pub fn learner_from(learner: &str, shown: &str, text: &str) -> Learner {
    let (cases, notes) = match parse(text) {
        Ok(parsed) => parsed,
        Err(why) => return unusable(learner, &format!("{shown} is not a JUnit report ({why})")),
    };
    let mut notes = notes;
    let ids = catalogue::ids();
    let mut exercise_rows: Vec<Option<Row>> = vec![None; ids.len()];
    let labs = ::labs::labs::LABS;
    let mut lab_rows: Vec<Option<Row>> = vec![None; labs.len()];
    for case in cases {
        let is_lab = case.classname.starts_with("labs") || case.name.starts_with("lab-");
        let slot = if is_lab {
            labs.iter()
                .position(|(_, folder, _)| lab_item(folder) == case.name)
                .map(|i| &mut lab_rows[i])
        } else {
            ids.iter()
                .position(|id| *id == case.name)
                .map(|i| &mut exercise_rows[i])
        };
        match slot {
            Some(slot) if slot.is_none() => *slot = Some(row(case, is_lab)),
            Some(_) => notes.push(format!(
                "{shown} gives `{}` twice; the first was used",
                case.name
            )),
            None => notes.push(format!(
                "{shown} has a test `{}` that is not an exercise or lab of this course; ignored",
                case.name
            )),
        }
    }
    if exercise_rows.iter().all(Option::is_none) && lab_rows.iter().all(Option::is_none) {
        return unusable(
            learner,
            &format!("{shown} has no result for any exercise or lab of this course"),
        );
    }
    let missing =
        |item: &str, kind| Row::plain(item, kind, Mark::Missing, "not in the learner's report");
    let mut rows: Vec<Row> = exercise_rows
        .into_iter()
        .zip(&ids)
        .map(|(r, id)| r.unwrap_or_else(|| missing(id, ItemKind::Exercise)))
        .collect();
    // A report made by `course check` has no labs: then no lab rows at all.
    if lab_rows.iter().any(Option::is_some) {
        rows.extend(lab_rows.into_iter().zip(labs).map(|(r, (_, folder, _))| {
            r.unwrap_or_else(|| missing(&lab_item(folder), ItemKind::Lab))
        }));
    }
    Learner {
        name: learner.to_string(),
        rows,
        notes,
    }
}

fn row(case: Case, is_lab: bool) -> Row {
    let (mark, message) = match &case.result {
        None => (Mark::Passed, String::new()),
        Some((tag, kind, message)) => {
            let mark = match (tag.as_str(), kind.as_str()) {
                ("skipped", _) => Mark::NotAttempted,
                ("failure", TIMEOUT) => Mark::TimedOut,
                ("failure", _) => Mark::Failed,
                ("error", MISSING) => Mark::Missing,
                _ => Mark::Malformed,
            };
            let message = match mark {
                Mark::NotAttempted => String::new(),
                _ if message.trim().is_empty() => one_line(
                    case.body
                        .lines()
                        .find(|l| !l.trim().is_empty())
                        .unwrap_or(""),
                ),
                _ => one_line(message),
            };
            (mark, message)
        }
    };
    let file = case
        .file
        .clone()
        .or_else(|| {
            (mark != Mark::Passed)
                .then(|| file_in(&case.body))
                .flatten()
        })
        .unwrap_or_default();
    Row {
        item: case.name,
        kind: if is_lab {
            ItemKind::Lab
        } else {
            ItemKind::Exercise
        },
        mark,
        message,
        file,
        hints_used: if is_lab { None } else { case.hints },
        feedback: case.body,
    }
}

/// The file of the first ` --> file:line:column` of rustc-style feedback,
/// as `file:line`.
fn file_in(feedback: &str) -> Option<String> {
    let place = feedback
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))?
        .trim();
    let parts: Vec<&str> = place.rsplitn(3, ':').collect();
    match parts.as_slice() {
        [col, line, file] if col.parse::<u32>().is_ok() && line.parse::<u32>().is_ok() => {
            Some(format!("{file}:{line}"))
        }
        _ => Some(place.to_string()),
    }
}

/// The test cases of a JUnit document and the notes of its suites. A small
/// reader for the one shape JUnit files have, tolerant of what it does not
/// need (other elements, comments, CDATA) and strict only about what makes
/// the document unreadable.
fn parse(text: &str) -> Result<(Vec<Case>, Vec<String>), String> {
    let mut cases = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut current: Option<Case> = None;
    let mut in_result = false;
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut saw_root = false;
    while let Some(at) = rest.find('<') {
        let chars = &rest[..at];
        if in_result {
            if let Some(case) = current.as_mut() {
                case.body.push_str(&unescape(chars));
            }
        }
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after
                .split_once("-->")
                .map(|(_, r)| r)
                .ok_or("a comment is not closed")?;
            continue;
        }
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let (data, r) = after
                .split_once("]]>")
                .ok_or("a CDATA section is not closed")?;
            if in_result {
                if let Some(case) = current.as_mut() {
                    case.body.push_str(data);
                }
            }
            rest = r;
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = rest
                .split_once('>')
                .map(|(_, r)| r)
                .ok_or("a declaration is not closed")?;
            continue;
        }
        let end = tag_end(rest).ok_or("the document ends inside a tag")?;
        let tag = Tag::read(&rest[1..end]);
        rest = &rest[end + 1..];
        saw_root = true;
        match (tag.name, tag.closing) {
            ("testcase", false) => {
                let case = Case {
                    name: tag.attr("name").unwrap_or_default(),
                    classname: tag.attr("classname").unwrap_or_default(),
                    ..Case::default()
                };
                if tag.empty {
                    cases.push(case);
                } else {
                    current = Some(case);
                }
            }
            ("testcase", true) => {
                cases.extend(current.take());
                in_result = false;
            }
            ("failure" | "error" | "skipped", false) => {
                if let Some(case) = current.as_mut() {
                    if case.result.is_none() {
                        case.result = Some((
                            tag.name.to_string(),
                            tag.attr("type").unwrap_or_default(),
                            tag.attr("message").unwrap_or_default(),
                        ));
                        in_result = !tag.empty;
                    }
                }
            }
            ("failure" | "error" | "skipped", true) => in_result = false,
            ("property", false) => {
                let (name, value) = (tag.attr("name"), tag.attr("value").unwrap_or_default());
                match (current.as_mut(), name.as_deref()) {
                    (Some(case), Some("hints_used")) => case.hints = value.trim().parse().ok(),
                    (Some(case), Some("file")) => case.file = Some(value),
                    (None, Some("note")) if !notes.contains(&value) => notes.push(value),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if !saw_root {
        return Err("no XML in it".to_string());
    }
    if current.is_some() {
        return Err("it ends inside a <testcase>: cut short?".to_string());
    }
    Ok((cases, notes))
}

/// The index of the `>` that ends the tag starting `text`, quotes respected.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// A start or end tag: its name, attributes and whether it closes itself.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    empty: bool,
    attrs: Vec<(&'a str, &'a str)>,
}

impl<'a> Tag<'a> {
    /// Reads `name a="1" b='2'/` (the text between `<` and `>`).
    fn read(inner: &'a str) -> Tag<'a> {
        let closing = inner.starts_with('/');
        let inner = inner.trim_start_matches('/');
        let empty = inner.trim_end().ends_with('/');
        let inner = inner.trim_end().trim_end_matches('/');
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let mut attrs = Vec::new();
        let mut rest = &inner[name_end..];
        while let Some(eq) = rest.find('=') {
            let key = rest[..eq].trim();
            let after = rest[eq + 1..].trim_start();
            let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                break;
            };
            let Some(close) = after[1..].find(q) else {
                break;
            };
            attrs.push((key, &after[1..1 + close]));
            rest = &after[close + 2..];
        }
        Tag {
            name: &inner[..name_end],
            closing,
            empty,
            attrs,
        }
    }

    fn attr(&self, key: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| unescape(v))
    }
}

/// XML's five entities and character references, back to text.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_come_back() {
        assert_eq!(
            unescape("a &lt;b&gt; &amp; &quot;c&quot; &#233;&#x41;"),
            "a <b> & \"c\" éA"
        );
        assert_eq!(unescape("AT&T; fine"), "AT&T; fine");
    }

    #[test]
    fn the_file_of_rustc_style_feedback() {
        let text = "error: wrong\n  --> exercises/08-right-size-memory/function.json:3:14\n   |\n";
        assert_eq!(
            file_in(text).as_deref(),
            Some("exercises/08-right-size-memory/function.json:3")
        );
        assert_eq!(
            file_in(" --> exercises/01/answers.toml\n").as_deref(),
            Some("exercises/01/answers.toml")
        );
    }

    #[test]
    fn a_report_cut_short_is_unusable() {
        let l = learner_from(
            "ada",
            "ada.xml",
            "<testsuites><testsuite><testcase name=\"01-pay-per-use\">",
        );
        assert!(l.rows.iter().all(|r| r.mark == Mark::Missing));
        assert!(l.notes[0].contains("cut short"), "{:?}", l.notes);
    }

    #[test]
    fn text_that_is_not_xml_is_unusable() {
        let l = learner_from("bob", "bob.xml", "cargo: command not found\n");
        assert!(
            l.notes[0].contains("not a JUnit report (no XML in it)"),
            "{:?}",
            l.notes
        );
    }
}
