//! The bridge the book and the graders use: one scenario block in, a figure or a
//! measured value out. Keeping it to strings lets the book tooling stay ignorant
//! of the simulator's types.

use crate::render;
use crate::scenario::{self, ScenarioError};
use crate::sim;

/// A figure drawn from one ```` ```lambda-scenario ```` block.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The scenario's `name`.
    pub name: String,
    /// The scenario's `title`, if it has one.
    pub title: Option<String>,
    /// A self-contained `<svg>` element with no blank line in it.
    pub svg: String,
    /// One line: invocations, cold starts, throttles, latency, cost.
    pub summary: String,
}

/// Parses, simulates and draws one scenario block. Line and column numbers in
/// the error are relative to the block's first line (1-based).
pub fn draw(source: &str) -> Result<Figure, ScenarioError> {
    let parsed = scenario::parse(source)?;
    let run = sim::run_to_end(&parsed.simulation).map_err(stopped)?;
    Ok(Figure {
        name: parsed.name.clone().unwrap_or_default(),
        title: parsed.title.clone(),
        svg: render::figure_svg(&parsed.simulation, &run),
        summary: render::summary_line(&parsed.simulation, &run),
    })
}

/// Simulates one scenario block and returns one measured number, so that a quiz
/// whose question predicts an outcome can be checked against the simulator.
/// The measures are listed in [`sim::Measure`].
pub fn measure(source: &str, measure: &str) -> Result<f64, ScenarioError> {
    let parsed = scenario::parse(source)?;
    let wanted: sim::Measure = measure.parse().map_err(|help: String| {
        ScenarioError::whole(format!("unknown measure `{measure}`"), Some(help))
    })?;
    let run = sim::run_to_end(&parsed.simulation).map_err(stopped)?;
    Ok(wanted.of(&run))
}

/// A run that stopped early, reported against the whole block.
fn stopped(why: sim::Stopped) -> ScenarioError {
    ScenarioError::whole(why.message(), Some(why.help().to_string()))
}
