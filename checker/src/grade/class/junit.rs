//! One learner's grades as JUnit XML, the format CI servers and many
//! learning platforms display. It extends what `course check --format junit`
//! writes (same test names, same `<failure>`, `<error>` and `<skipped>`),
//! adds the labs as a second suite and the notes as properties, and
//! [`super::reports`] reads it back: a gradebook can be rebuilt from these
//! files alone.

use super::text::xml;
use super::{ItemKind, Learner, Mark, Row};

/// The `type` of a lab that did not finish in time, and of a missing item.
pub const TIMEOUT: &str = "timeout";
pub const MISSING: &str = "missing";

pub fn learner(learner: &Learner) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let all: Vec<&Row> = learner.rows.iter().collect();
    out.push_str(&format!(
        "<testsuites name=\"{}\" {}>\n",
        xml(&learner.name),
        counts(&all)
    ));
    for (kind, suite) in [(ItemKind::Exercise, "exercises"), (ItemKind::Lab, "labs")] {
        let rows: Vec<&Row> = learner.rows.iter().filter(|r| r.kind == kind).collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "  <testsuite name=\"{suite}\" {}>\n",
            counts(&rows)
        ));
        if !learner.notes.is_empty() {
            out.push_str("    <properties>\n");
            for note in &learner.notes {
                out.push_str(&format!(
                    "      <property name=\"note\" value=\"{}\"/>\n",
                    xml(note)
                ));
            }
            out.push_str("    </properties>\n");
        }
        for row in rows {
            out.push_str(&case(suite, row));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn counts(rows: &[&Row]) -> String {
    let n = |f: fn(Mark) -> bool| rows.iter().filter(|r| f(r.mark)).count();
    format!(
        "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\"",
        rows.len(),
        n(|m| matches!(m, Mark::Failed | Mark::TimedOut)),
        n(|m| matches!(m, Mark::Malformed | Mark::Missing)),
        n(|m| m == Mark::NotAttempted),
    )
}

fn case(suite: &str, row: &Row) -> String {
    let mut out = format!(
        "    <testcase classname=\"{suite}\" name=\"{}\">\n",
        xml(&row.item)
    );
    let mut properties = Vec::new();
    if let Some(h) = row.hints_used {
        properties.push(("hints_used", h.to_string()));
    }
    if !row.file.is_empty() {
        properties.push(("file", row.file.clone()));
    }
    if !properties.is_empty() {
        out.push_str("      <properties>");
        for (name, value) in properties {
            out.push_str(&format!(
                "<property name=\"{name}\" value=\"{}\"/>",
                xml(&value)
            ));
        }
        out.push_str("</properties>\n");
    }
    let element = |tag: &str, kind: Option<&str>| {
        let kind = kind.map_or(String::new(), |k| format!(" type=\"{k}\""));
        format!(
            "      <{tag}{kind} message=\"{}\">{}</{tag}>\n",
            xml(&row.message),
            xml(&row.feedback)
        )
    };
    match row.mark {
        Mark::Passed => {}
        Mark::NotAttempted => out.push_str("      <skipped message=\"not attempted yet\"/>\n"),
        Mark::Failed => out.push_str(&element("failure", None)),
        Mark::TimedOut => out.push_str(&element("failure", Some(TIMEOUT))),
        Mark::Malformed => out.push_str(&element("error", None)),
        Mark::Missing => out.push_str(&element("error", Some(MISSING))),
    }
    out.push_str("    </testcase>\n");
    out
}
