//! Outcomes written out: for the learner's terminal (rustc-style), and as JSON
//! or JUnit XML for instructors and CI.

use super::{catalogue, Outcome, Place, Problem, Status};

/// The full feedback of one outcome.
pub fn text(outcome: &Outcome) -> String {
    let mut out = String::new();
    match outcome.status {
        Status::Done => {
            out.push_str(&format!("{} · {}: done\n", outcome.id, outcome.title));
        }
        Status::NotAttempted => {
            out.push_str(&format!("{}\n", summary(outcome)));
        }
        Status::Failed => {
            out.push_str(&format!(
                "{} · {} ({})\n\n",
                outcome.id,
                outcome.title,
                outcome.kind.name()
            ));
            for problem in &outcome.problems {
                out.push_str(&problem_text(problem));
                out.push('\n');
            }
            out.push_str(&footer(outcome));
        }
    }
    out
}

/// One line per outcome, for lists.
pub fn summary(outcome: &Outcome) -> String {
    match outcome.status {
        Status::Done => "done".to_string(),
        Status::NotAttempted => {
            let task = if outcome.files.iter().any(|f| f.ends_with(".json")) {
                " (the task is in its README.md)"
            } else {
                ""
            };
            format!(
                "not attempted yet: edit {}{task}",
                outcome.files.join(" and ")
            )
        }
        Status::Failed => outcome
            .problems
            .first()
            .map(|p| p.message.clone())
            .unwrap_or_else(|| "not done yet".to_string()),
    }
}

/// One problem, as rustc writes an error.
pub fn problem_text(problem: &Problem) -> String {
    let mut out = format!("error: {}\n", problem.message);
    let number = problem
        .place
        .as_ref()
        .filter(|p| p.line > 0)
        .map_or(String::new(), |p| p.line.to_string());
    let pad = " ".repeat(number.len());
    if let Some(place) = &problem.place {
        out.push_str(&place_text(place, &pad, &number));
    }
    for line in &problem.evidence {
        out.push_str(&format!("{pad} = evidence: {line}\n"));
    }
    for line in &problem.notes {
        out.push_str(&format!("{pad} = note: {line}\n"));
    }
    if let Some(help) = &problem.help {
        out.push_str(&format!("{pad} = help: {help}\n"));
    }
    out
}

fn place_text(place: &Place, pad: &str, number: &str) -> String {
    if place.line == 0 {
        return format!("{pad}--> {}\n", place.file);
    }
    format!(
        "{pad}--> {}:{}:{}\n{pad} |\n{number} | {}\n{pad} | {}{}\n",
        place.file,
        place.line,
        place.column,
        place.text,
        " ".repeat(place.column.saturating_sub(1)),
        "^".repeat(place.width.max(1)),
    )
}

fn footer(outcome: &Outcome) -> String {
    let mut out = String::new();
    if let Some(hint) = &outcome.hint {
        let shown = (outcome.hints_used + 1).min(outcome.hints_total);
        out.push_str(&format!("hint {shown}/{}: {hint}\n", outcome.hints_total));
    }
    if outcome.hints_used + 1 < outcome.hints_total {
        out.push_str(&format!(
            "more help: `course hint {}` shows the next hint\n",
            outcome.number
        ));
    } else if outcome.hints_total > 0 {
        out.push_str(&format!(
            "stuck? a worked solution is in exercises/solutions/{}/\n",
            outcome.id
        ));
    }
    if !outcome.page.is_empty() {
        let title =
            catalogue::page_title(&outcome.page).map_or(String::new(), |t| format!(" ({t})"));
        out.push_str(&format!("read: {}{title}\n", outcome.page));
    }
    out
}

/// Counts of done, attempted and not started exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub attempted: usize,
    pub not_started: usize,
}

impl Progress {
    pub fn of(outcomes: &[Outcome]) -> Progress {
        let count = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
        Progress {
            done: count(Status::Done),
            attempted: count(Status::Failed),
            not_started: count(Status::NotAttempted),
        }
    }

    pub fn total(&self) -> usize {
        self.done + self.attempted + self.not_started
    }

    /// `[#######-----........] 7 done, 5 attempted, 8 not attempted yet`
    pub fn bar(&self, width: usize) -> String {
        let total = self.total().max(1);
        let done = self.done * width / total;
        let attempted = (self.done + self.attempted) * width / total - done;
        format!(
            "[{}{}{}] {} done, {} attempted, {} not attempted yet",
            "#".repeat(done),
            "-".repeat(attempted),
            ".".repeat(width - done - attempted),
            self.done,
            self.attempted,
            self.not_started
        )
    }
}

/// The exercise to do next: the first one not done.
pub fn next(outcomes: &[Outcome]) -> Option<&Outcome> {
    outcomes.iter().find(|o| o.status != Status::Done)
}

/// Machine-readable results: an array of objects with id, status, message and
/// hints used.
pub fn json(outcomes: &[Outcome]) -> String {
    let items: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| {
            serde_json::json!({
                "id": o.id,
                "number": o.number,
                "title": o.title,
                "kind": o.kind.name(),
                "page": o.page,
                "status": o.status.name(),
                "malformed": o.malformed,
                "message": match o.status {
                    Status::Failed => text(o),
                    _ => summary(o),
                },
                "hints_used": o.hints_used,
                "hints_total": o.hints_total,
            })
        })
        .collect();
    let p = Progress::of(outcomes);
    let value = serde_json::json!({
        "done": p.done,
        "attempted": p.attempted,
        "not_started": p.not_started,
        "exercises": items,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// JUnit XML: one test case per exercise; not attempted ones are skipped,
/// and an answer file that cannot be read is an `<error>` rather than a
/// `<failure>`, so that `course grade --from-reports` can tell them apart.
pub fn junit(outcomes: &[Outcome]) -> String {
    let p = Progress::of(outcomes);
    let errors = outcomes.iter().filter(|o| o.malformed).count();
    let counts = format!(
        "tests=\"{}\" failures=\"{}\" errors=\"{errors}\" skipped=\"{}\"",
        p.total(),
        p.attempted - errors,
        p.not_started
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"exercises\" {counts}>\n"));
    out.push_str(&format!("  <testsuite name=\"exercises\" {counts}>\n"));
    for o in outcomes {
        out.push_str(&format!(
            "    <testcase classname=\"exercises.{}\" name=\"{}\">\n",
            o.kind.name(),
            xml(&o.id)
        ));
        out.push_str(&format!(
            "      <properties><property name=\"hints_used\" value=\"{}\"/><property name=\"page\" value=\"{}\"/></properties>\n",
            o.hints_used,
            xml(&o.page)
        ));
        match o.status {
            Status::Done => {}
            Status::NotAttempted => {
                out.push_str("      <skipped message=\"not attempted yet\"/>\n")
            }
            Status::Failed => {
                let tag = if o.malformed { "error" } else { "failure" };
                out.push_str(&format!(
                    "      <{tag} message=\"{}\">{}</{tag}>\n",
                    xml(&summary(o)),
                    xml(&text(o))
                ))
            }
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Text made safe inside an XML attribute or element: the same escaping as
/// the figures' SVG.
pub use crate::render::escape as xml;
