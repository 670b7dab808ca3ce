//! Scenario files: TOML that describes functions, traffic and account options,
//! read into the simulator's [`Simulation`]. A scenario can be a file of its
//! own or a ```` ```lambda-scenario ```` block in a chapter ([`markdown`]).
//!
//! The format is documented field by field in the book's appendix,
//! `src/appendix/scenario-format.md`.

mod build;
mod deployment;
mod error;
pub mod markdown;
mod raw;
mod schedule;
pub mod units;

pub use error::ScenarioError;

use crate::sim::Simulation;

/// A scenario read and checked, ready to run.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: Option<String>,
    pub title: Option<String>,
    pub simulation: Simulation,
}

/// Reads a scenario. Every mistake is reported with its line and column.
pub fn parse(source: &str) -> Result<Scenario, ScenarioError> {
    let raw: raw::Scenario = toml::from_str(source).map_err(|e| toml_error(source, &e))?;
    build::Builder { source }.scenario(raw)
}

/// Turns a TOML or serde error into a located, friendlier one.
fn toml_error(source: &str, error: &toml::de::Error) -> ScenarioError {
    let mut message = error.message().trim().to_string();
    let mut help = None;
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let field = rest
            .split(',')
            .next()
            .unwrap_or(rest)
            .trim_matches('`')
            .to_string();
        let allowed: Vec<String> = rest
            .split_once("expected ")
            .map(|(_, e)| e.trim_start_matches("one of "))
            .unwrap_or("")
            .split(", ")
            .map(|f| f.trim_matches('`').to_string())
            .filter(|f| !f.is_empty())
            .collect();
        let closest = allowed
            .iter()
            .min_by_key(|f| edit_distance(f, &field))
            .filter(|f| edit_distance(f, &field) <= 2);
        help = Some(match closest {
            Some(f) => format!("did you mean `{f}`? (see the scenario format reference)"),
            None => format!(
                "the fields allowed here are {} (see the scenario format reference)",
                allowed.join(", ")
            ),
        });
        message = format!("unknown field `{field}`");
    } else if message.contains("invalid type") {
        help = Some("durations and sizes are strings with a unit (\"150ms\", \"2MB\"); memory and counts are plain numbers".into());
    }
    match error.span() {
        Some(span) => ScenarioError::at(source, span, message, help),
        None => ScenarioError::whole(message, help),
    }
}

/// How many single-character edits turn `a` into `b`, to suggest a field.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests;
