//! Preprocessor `instructor`: speaker notes and the workshop schedule.
//!
//! Every teaching page carries one ```` ```instructor ```` block (TOML):
//!
//! ```toml
//! minutes = 15                 # teaching time
//! stress = ["what to stress"]
//! demo = ["course simulate src/lambda/memory.md --name memory-cpu-vs-io"]
//! misconceptions = ["a wrong belief and how to correct it"]
//! ask = "the question for the room"
//! exercise_minutes = 10        # time for the page's exercises
//! ```
//!
//! Learners never see the notes: the block is removed unless the book is built
//! with `--instructor` (`preprocessor.instructor.show = true`). A
//! ```` ```schedule ```` block (on the schedule page) becomes a one-day and a
//! two-day plan computed from every page's minutes; a page that does not fit
//! its session is reported as a warning.

use std::fmt::Write;

use mdbook::book::{Book, BookItem};
use mdbook::preprocess::{Preprocessor, PreprocessorContext};
use serde::Deserialize;

use super::fences::{self, FencedBlock};
use super::html::escape;
use super::{rewrite_pages, PageError};

/// The fence language and the preprocessor's name in book.toml.
pub const NAME: &str = "instructor";
/// The fence language of the generated schedule.
pub const SCHEDULE: &str = "schedule";

/// The notes of one page.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    pub minutes: u32,
    #[serde(default)]
    pub stress: Vec<String>,
    #[serde(default)]
    pub demo: Vec<String>,
    #[serde(default)]
    pub misconceptions: Vec<String>,
    #[serde(default)]
    pub ask: Option<String>,
    #[serde(default)]
    pub exercise_minutes: u32,
}

/// One page's place in the schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub title: String,
    pub path: String,
    pub minutes: u32,
    pub exercise_minutes: u32,
    pub lab: bool,
}

pub struct InstructorNotes;

impl Preprocessor for InstructorNotes {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> mdbook::errors::Result<Book> {
        let src_dir = ctx.config.book.src.to_string_lossy().into_owned();
        let show = ctx
            .config
            .get("preprocessor.instructor.show")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let mut slots = Vec::new();
        rewrite_pages(&mut book, &src_dir, |page, chapter| {
            let blocks = fences::find(page.content, NAME);
            if blocks.is_empty() {
                return Ok(None);
            }
            let mut html = Vec::new();
            let mut errors = Vec::new();
            for block in &blocks {
                match parse(&page.label, block) {
                    Ok(notes) => {
                        slots.push(Slot {
                            title: chapter.name.clone(),
                            path: page.path.clone(),
                            minutes: notes.minutes,
                            exercise_minutes: notes.exercise_minutes,
                            lab: page.path.starts_with("labs/"),
                        });
                        html.push(if show {
                            notes_html(&notes)
                        } else {
                            String::new()
                        });
                    }
                    Err(error) => errors.push(error),
                }
            }
            if errors.is_empty() {
                Ok(Some(fences::replace(page.content, &blocks, &html)))
            } else {
                Err(errors)
            }
        })?;
        // mdBook rewrites sub-pages before their parent; a schedule follows
        // the reading order of SUMMARY.md (an overview before its labs).
        let order: Vec<String> = book
            .iter()
            .filter_map(|item| match item {
                BookItem::Chapter(c) => c.path.as_ref().map(|p| p.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        slots.sort_by_key(|slot| order.iter().position(|p| *p == slot.path));
        let plans = [Plan::one_day(&slots), Plan::two_days(&slots)];
        for plan in &plans {
            for warning in &plan.warnings {
                log::warn!("schedule: {warning}");
            }
        }
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item {
                let blocks = fences::find(&chapter.content, SCHEDULE);
                if !blocks.is_empty() {
                    let html: Vec<String> = blocks
                        .iter()
                        .map(|_| plans.iter().map(Plan::html).collect::<Vec<_>>().join("\n"))
                        .collect();
                    chapter.content = fences::replace(&chapter.content, &blocks, &html);
                }
            }
        });
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> bool {
        renderer == "html"
    }
}

fn parse(page: &str, block: &FencedBlock) -> Result<Notes, PageError> {
    toml::from_str::<Notes>(&block.content).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|span| {
                let before = &block.content[..span.start.min(block.content.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                (line, column)
            })
            .unwrap_or((1, 1));
        PageError {
            page: page.to_string(),
            line: block.fence_line + line,
            column,
            width: 1,
            message: format!("speaker notes: {}", e.message().trim()),
            help: Some(
                "write `minutes = 15` and, if you like, `stress`, `demo`, `misconceptions` (lists of strings), `ask` and `exercise_minutes`".into(),
            ),
            source_line: block.content.lines().nth(line - 1).map(str::to_string),
        }
    })
}

fn notes_html(notes: &Notes) -> String {
    let mut out = String::from("<aside class=\"speaker-notes\" aria-label=\"Speaker notes\">");
    let _ = write!(
        out,
        "<p class=\"speaker-notes-title\">Speaker notes · {} min teaching",
        notes.minutes
    );
    if notes.exercise_minutes > 0 {
        let _ = write!(out, " + {} min exercises", notes.exercise_minutes);
    }
    out.push_str("</p>");
    let mut list = |title: &str, items: &[String], code: bool| {
        if items.is_empty() {
            return;
        }
        let _ = write!(out, "<p><strong>{title}</strong></p><ul>");
        for item in items {
            if code {
                let _ = write!(out, "<li><code>{}</code></li>", escape(item));
            } else {
                let _ = write!(out, "<li>{}</li>", escape(item));
            }
        }
        out.push_str("</ul>");
    };
    list("Stress", &notes.stress, false);
    list("Demo", &notes.demo, true);
    list("Misconceptions", &notes.misconceptions, false);
    if let Some(ask) = &notes.ask {
        let _ = write!(out, "<p><strong>Ask the room:</strong> {}</p>", escape(ask));
    }
    out.push_str("</aside>");
    out
}

/// A session of a workshop day: its name, start (minutes after midnight) and length.
#[derive(Debug, Clone, Copy)]
struct Session {
    name: &'static str,
    start: u32,
    minutes: u32,
}

/// 09:00–17:00 with two coffee breaks and lunch.
const DAY: [Session; 4] = [
    Session {
        name: "Morning 1",
        start: 9 * 60,
        minutes: 90,
    },
    Session {
        name: "Morning 2",
        start: 10 * 60 + 45,
        minutes: 105,
    },
    Session {
        name: "Afternoon 1",
        start: 13 * 60 + 30,
        minutes: 90,
    },
    Session {
        name: "Afternoon 2",
        start: 15 * 60 + 15,
        minutes: 105,
    },
];

/// What happens between sessions, by the session that follows.
fn pause_before(index: usize) -> Option<&'static str> {
    match index % DAY.len() {
        1 | 3 => Some("Break (15 min)"),
        2 => Some("Lunch (60 min)"),
        _ => None,
    }
}

/// A workshop plan: pages placed into sessions in book order.
#[derive(Debug, Clone)]
pub struct Plan {
    title: String,
    /// (day, session index, start time, slot title, path, minutes, what)
    rows: Vec<(u32, usize, u32, String, String, u32, &'static str)>,
    pub warnings: Vec<String>,
    days: u32,
}

impl Plan {
    /// One day: teaching only; exercises and labs become homework.
    pub fn one_day(slots: &[Slot]) -> Plan {
        let items: Vec<(String, String, u32, &'static str)> = slots
            .iter()
            .filter(|s| !s.lab)
            .map(|s| (s.title.clone(), s.path.clone(), s.minutes, "teach"))
            .collect();
        Plan::place(
            "One-day workshop (teaching; exercises and labs as homework)",
            &items,
            1,
        )
    }

    /// Two days: teaching, each page's exercises right after it, and the labs.
    pub fn two_days(slots: &[Slot]) -> Plan {
        let mut items = Vec::new();
        for s in slots {
            if s.lab {
                items.push((s.title.clone(), s.path.clone(), s.minutes, "lab"));
            } else {
                items.push((s.title.clone(), s.path.clone(), s.minutes, "teach"));
                if s.exercise_minutes > 0 {
                    items.push((
                        s.title.clone(),
                        s.path.clone(),
                        s.exercise_minutes,
                        "exercises",
                    ));
                }
            }
        }
        Plan::place("Two-day workshop (teaching, exercises and labs)", &items, 2)
    }

    fn place(title: &str, items: &[(String, String, u32, &'static str)], days: u32) -> Plan {
        let sessions = DAY.len() * days as usize;
        let mut plan = Plan {
            title: title.to_string(),
            rows: Vec::new(),
            warnings: Vec::new(),
            days,
        };
        let (mut session, mut used) = (0usize, 0u32);
        for (name, path, minutes, what) in items {
            if *minutes == 0 {
                continue;
            }
            while session < sessions && used + minutes > DAY[session % DAY.len()].minutes {
                if used == 0 {
                    break; // longer than a whole session: it overruns there
                }
                session += 1;
                used = 0;
            }
            if session >= sessions {
                plan.warnings.push(format!(
                    "{title}: \"{name}\" ({minutes} min {what}) does not fit: the plan runs past the last session"
                ));
                continue;
            }
            let slot = DAY[session % DAY.len()];
            if used + minutes > slot.minutes {
                plan.warnings.push(format!(
                    "{title}: \"{name}\" ({minutes} min {what}) overruns the {} session of day {} ({} min)",
                    slot.name,
                    session / DAY.len() + 1,
                    slot.minutes
                ));
            }
            plan.rows.push((
                session as u32 / DAY.len() as u32 + 1,
                session,
                slot.start + used,
                name.clone(),
                path.clone(),
                *minutes,
                what,
            ));
            used += minutes;
        }
        plan
    }

    /// Minutes planned in all.
    pub fn total_minutes(&self) -> u32 {
        self.rows.iter().map(|r| r.5).sum()
    }

    fn html(&self) -> String {
        let mut out = format!(
            "<section class=\"schedule\"><h2>{}</h2><p>{} minutes planned over {} day(s) of 09:00–17:00.</p>",
            escape(&self.title),
            self.total_minutes(),
            self.days
        );
        let mut current: Option<usize> = None;
        for (day, session, start, name, path, minutes, what) in &self.rows {
            if current != Some(*session) {
                if current.is_some() {
                    out.push_str("</tbody></table>");
                }
                if let Some(pause) = pause_before(*session).filter(|_| current.is_some()) {
                    let _ = write!(out, "<p class=\"schedule-pause\">{pause}</p>");
                }
                let _ = write!(
                    out,
                    "<h3>Day {day}, {}</h3><table><thead><tr><th>start</th><th>page</th><th>what</th><th>minutes</th></tr></thead><tbody>",
                    DAY[session % DAY.len()].name
                );
                current = Some(*session);
            }
            let href = format!("../{}", path.trim_end_matches(".md")) + ".html";
            let _ = write!(
                out,
                "<tr><td>{:02}:{:02}</td><td><a href=\"{}\">{}</a></td><td>{what}</td><td>{minutes}</td></tr>",
                start / 60,
                start % 60,
                escape(&href),
                escape(name)
            );
        }
        if current.is_some() {
            out.push_str("</tbody></table>");
        }
        out.push_str("</section>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(title: &str, minutes: u32, exercise_minutes: u32, lab: bool) -> Slot {
        Slot {
            title: title.into(),
            path: format!("lambda/{title}.md"),
            minutes,
            exercise_minutes,
            lab,
        }
    }

    #[test]
    fn pages_fill_sessions_in_order() {
        let slots = vec![
            slot("a", 60, 0, false),
            slot("b", 40, 0, false),
            slot("c", 30, 0, false),
        ];
        let plan = Plan::one_day(&slots);
        // a fills Morning 1 up to 10:00; b does not fit the 30 minutes left, so
        // it opens Morning 2 at 10:45; c follows at 11:25.
        let starts: Vec<u32> = plan.rows.iter().map(|r| r.2).collect();
        assert_eq!(starts, vec![9 * 60, 10 * 60 + 45, 11 * 60 + 25]);
        assert!(plan.warnings.is_empty());
    }

    #[test]
    fn a_page_longer_than_a_session_is_reported() {
        let plan = Plan::one_day(&[slot("marathon", 120, 0, false)]);
        assert_eq!(plan.warnings.len(), 1);
        assert!(plan.warnings[0].contains("overruns the Morning 1 session"));
    }

    #[test]
    fn a_plan_that_runs_out_of_days_is_reported() {
        let slots: Vec<Slot> = (0..10)
            .map(|i| slot(&format!("p{i}"), 80, 0, false))
            .collect();
        let plan = Plan::one_day(&slots);
        assert!(plan.warnings.iter().any(|w| w.contains("does not fit")));
    }

    #[test]
    fn notes_are_parsed_and_errors_located() {
        let block = FencedBlock {
            range: 0..0,
            fence_line: 10,
            content: "minutes = 15\nask = 3\n".into(),
            continuation: String::new(),
        };
        let error = parse("src/x.md", &block).unwrap_err();
        assert_eq!(error.line, 12);
        assert!(error.message.contains("speaker notes"));
    }
}
