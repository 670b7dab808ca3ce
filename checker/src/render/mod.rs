//! Pictures and tables drawn from a run: SVG timelines (one lane per execution
//! environment), sequence diagrams (functions calling functions), and plain
//! text for terminals. `render` reads `sim` outputs and nothing else.

mod axis;
mod sequence;
mod table;
mod timeline;

pub use sequence::sequence_svg;
pub use table::{invocation_table, metrics_table, summary_line};
pub use timeline::timeline_svg;

use crate::sim::{Run, Simulation};

/// The figure that suits a run: a sequence diagram when handlers call other
/// functions, otherwise a timeline of execution environments.
pub fn figure_svg(simulation: &Simulation, run: &Run) -> String {
    let has_calls = run.invocations.iter().any(|i| i.caller.is_some());
    if has_calls {
        sequence_svg(simulation, run)
    } else {
        timeline_svg(simulation, run)
    }
}

/// Escapes text for SVG, HTML or XML (a JUnit report), in an element or a
/// quoted attribute: the five special characters become entities, and the
/// characters XML 1.0 forbids (control characters a learner's file may hold)
/// are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The shared stylesheet of our figures. Fills are mid-tones readable on light
/// and dark pages; text uses the page's own colour (`currentColor`).
pub(crate) const STYLE: &str = "<style>\
.lt text{fill:currentColor;font:12px sans-serif}\
.lt .small{font-size:10px}\
.lt .axis{stroke:currentColor;stroke-opacity:.5}\
.lt .grid{stroke:currentColor;stroke-opacity:.12}\
.lt .lane{fill:currentColor;fill-opacity:.04}\
.lt .idle{stroke:currentColor;stroke-opacity:.45;stroke-dasharray:3 3}\
.lt .download{fill:#9e9e9e}\
.lt .init{fill:#f0a030}\
.lt .invoke{fill:#3b82c4}\
.lt .error{fill:#d9534f}\
.lt .timeout{fill:#8b1e1e}\
.lt .throttle{stroke:#d9534f;stroke-width:2.5}\
.lt .arrow{stroke:currentColor;stroke-width:1.3;fill:none}\
.lt .async{stroke-dasharray:5 3}\
.lt .label{fill:#fff;font-size:10px}\
</style>";
