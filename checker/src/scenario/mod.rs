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
        let closest = crate::suggest::nearest(&field, allowed.iter().map(String::as_str), |_| 2);
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

#[cfg(test)]
mod tests;
