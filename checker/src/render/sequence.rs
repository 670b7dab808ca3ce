//! The sequence diagram: who calls whom, and who waits. One column for the
//! client and one per execution environment, time running down the page. A
//! synchronous call keeps its caller busy until the answer comes back; an
//! asynchronous call is answered (202) at once.

use std::fmt::Write;

use super::axis::tick_label;
use super::{escape, STYLE};
use crate::sim::time::Micros;
use crate::sim::{InvocationType, Run, Simulation, StartKind};

const COLUMN: f64 = 150.0;
const TOP: f64 = 64.0;
const HEIGHT: f64 = 360.0;
const BOX: f64 = 14.0;

/// Draws a run whose handlers call other functions.
pub fn sequence_svg(_simulation: &Simulation, run: &Run) -> String {
    let columns: Vec<u32> = run.environments.iter().map(|e| e.number).collect();
    let width = 90.0 + COLUMN * columns.len() as f64;
    let end = run
        .invocations
        .iter()
        .map(|i| i.end)
        .max()
        .unwrap_or(1)
        .max(1);
    let y = |t: Micros| TOP + (t as f64 / end as f64) * HEIGHT;
    let client_x = 45.0;
    let col_x = |env: u32| {
        let index = columns.iter().position(|c| *c == env).unwrap_or(0);
        90.0 + COLUMN * index as f64 + COLUMN / 2.0
    };
    let bottom = TOP + HEIGHT + 20.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"lt lambda-sequence\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {:.0}\" width=\"100%\" role=\"img\" aria-label=\"Sequence diagram of functions calling functions\">",
        bottom + 24.0
    );
    svg.push_str(STYLE);
    svg.push_str("<defs><marker id=\"seq-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"currentColor\"/></marker></defs>");

    // Lifelines.
    let _ = write!(
        svg,
        "<text x=\"{client_x}\" y=\"18\" text-anchor=\"middle\">client</text><line class=\"idle\" x1=\"{client_x}\" y1=\"26\" x2=\"{client_x}\" y2=\"{bottom:.0}\"/>"
    );
    for env in &run.environments {
        let cx = col_x(env.number);
        let _ = write!(
            svg,
            "<text x=\"{cx:.1}\" y=\"18\" text-anchor=\"middle\">{}</text><text class=\"small\" x=\"{cx:.1}\" y=\"31\" text-anchor=\"middle\">environment {}</text><line class=\"idle\" x1=\"{cx:.1}\" y1=\"36\" x2=\"{cx:.1}\" y2=\"{bottom:.0}\"/>",
            escape(&run.functions[env.function]),
            env.number
        );
    }

    for i in &run.invocations {
        let Some(env) = i.environment else { continue };
        let cx = col_x(env);
        // Cold start: INIT box above the activation.
        if i.start == StartKind::Cold {
            let (y1, y2) = (y(i.arrival), y(i.handler_start));
            let _ = write!(
                svg,
                "<rect class=\"init\" x=\"{:.1}\" y=\"{y1:.1}\" width=\"{BOX}\" height=\"{:.1}\"><title>INIT (cold start) {}</title></rect>",
                cx - BOX / 2.0,
                (y2 - y1).max(1.0),
                tick_label(i.init + i.download)
            );
        }
        let (y1, y2) = (y(i.handler_start), y(i.end));
        let class = if i.outcome.is_error() {
            "error"
        } else {
            "invoke"
        };
        let _ = write!(
            svg,
            "<rect class=\"{class}\" x=\"{:.1}\" y=\"{y1:.1}\" width=\"{BOX}\" height=\"{:.1}\"><title>request {} runs {}</title></rect>",
            cx - BOX / 2.0,
            (y2 - y1).max(1.0),
            i.number,
            tick_label(i.duration)
        );
        // The call arrow, from the caller (or the client) to this environment.
        let from_x = match i.caller {
            Some(caller) => run
                .invocations
                .iter()
                .find(|c| c.number == caller)
                .and_then(|c| c.environment)
                .map_or(client_x, col_x),
            None => client_x,
        };
        let async_call = i.invocation == InvocationType::Async;
        let ay = y(i.arrival);
        let (label, class) = if async_call {
            ("Event (async)", "arrow async")
        } else {
            ("RequestResponse (sync)", "arrow")
        };
        let _ = write!(
            svg,
            "<line class=\"{class}\" x1=\"{:.1}\" y1=\"{ay:.1}\" x2=\"{:.1}\" y2=\"{ay:.1}\" marker-end=\"url(#seq-arrow)\"/><text class=\"small\" x=\"{:.1}\" y=\"{:.1}\">{label}</text>",
            from_x + BOX / 2.0,
            cx - BOX / 2.0,
            from_x + BOX / 2.0 + 4.0,
            ay - 4.0
        );
        // The answer: at once (202) for async, at the end for sync.
        let (ry, answer) = if async_call {
            (ay + 14.0, "202 Accepted".to_string())
        } else {
            (
                y(i.end),
                format!("result after {}", tick_label(i.end - i.arrival)),
            )
        };
        let _ = write!(
            svg,
            "<line class=\"arrow async\" x1=\"{:.1}\" y1=\"{ry:.1}\" x2=\"{:.1}\" y2=\"{ry:.1}\" marker-end=\"url(#seq-arrow)\"/><text class=\"small\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{answer}</text>",
            cx - BOX / 2.0,
            from_x + BOX / 2.0,
            (from_x + cx) / 2.0,
            if async_call { ry - 3.0 } else { ry + 12.0 }
        );
    }
    let _ = write!(
        svg,
        "<text class=\"small\" x=\"8\" y=\"{:.0}\">time runs downwards; total {}</text>",
        bottom + 16.0,
        tick_label(end)
    );
    svg.push_str("</svg>");
    svg
}
