//! The timeline figure: one lane per execution environment, with the code
//! download, INIT and INVOKE of each request, dashed idle gaps while the
//! environment is frozen, and throttled requests marked on a lane of their own.

use std::fmt::Write;

use super::axis::{tick_label, tick_step};
use super::{escape, STYLE};
use crate::sim::time::Micros;
use crate::sim::{Invocation, Outcome, Run, Simulation, StartKind};

const WIDTH: f64 = 720.0;
const LEFT: f64 = 120.0;
const RIGHT: f64 = 16.0;
const LANE: f64 = 26.0;
const BAR: f64 = 16.0;
const TOP: f64 = 8.0;

/// Draws the run as a timeline. Deterministic: the same run gives the same SVG.
pub fn timeline_svg(simulation: &Simulation, run: &Run) -> String {
    let throttled: Vec<&Invocation> = run
        .invocations
        .iter()
        .filter(|i| i.start == StartKind::Throttled)
        .collect();
    let lanes = run.environments.len() + usize::from(!throttled.is_empty());
    let end = run
        .invocations
        .iter()
        .map(|i| i.end)
        .max()
        .unwrap_or(0)
        .max(simulation.options.until.unwrap_or(0))
        .max(1);
    let span = end + end / 50;
    let plot = WIDTH - LEFT - RIGHT;
    let x = |t: Micros| LEFT + (t as f64 / span as f64) * plot;
    let lanes_height = lanes as f64 * LANE;
    let axis_y = TOP + lanes_height + 6.0;
    let legend_y = axis_y + 36.0;
    let height = legend_y + 14.0;
    let multi = simulation.functions.len() > 1;

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"lt lambda-timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"100%\" role=\"img\" aria-label=\"Timeline of {} execution environments\">",
        run.environments.len()
    );
    svg.push_str(STYLE);

    // Grid and axis.
    let step = tick_step(span, 8);
    let mut t = 0;
    while t <= span {
        let tx = x(t);
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{tx:.1}\" y1=\"{TOP}\" x2=\"{tx:.1}\" y2=\"{axis_y:.1}\"/><text class=\"small\" x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            axis_y + 14.0,
            tick_label(t)
        );
        t += step;
    }
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{axis_y:.1}\" x2=\"{:.1}\" y2=\"{axis_y:.1}\"/><text class=\"small\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">time since the first request</text>",
        WIDTH - RIGHT,
        WIDTH - RIGHT,
        axis_y + 28.0
    );

    // One lane per environment.
    for (lane, env) in run.environments.iter().enumerate() {
        let y = TOP + lane as f64 * LANE;
        let mut label = format!("env {}", env.number);
        if multi {
            label = format!("{} {}", run.functions[env.function], label);
        }
        if env.version > 0 {
            label.push_str(&format!(" v{}", env.version));
        }
        if env.provisioned {
            label.push_str(" (PC)");
        }
        let _ = write!(
            svg,
            "<rect class=\"lane\" x=\"{LEFT}\" y=\"{y:.1}\" width=\"{plot:.1}\" height=\"{LANE}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT - 6.0,
            y + LANE / 2.0 + 4.0,
            escape(&label)
        );
        let mid = y + LANE / 2.0;
        // Idle gaps: from the end of one request to the next, or to the end.
        let mine: Vec<&Invocation> = run
            .invocations
            .iter()
            .filter(|i| i.environment == Some(env.number))
            .collect();
        let mut free_from = if env.provisioned { Some(0) } else { None };
        for invocation in &mine {
            if let Some(from) = free_from {
                line_idle(&mut svg, x(from), x(invocation.arrival), mid);
            }
            draw_invocation(&mut svg, invocation, &x, y);
            free_from = Some(invocation.end);
        }
        if let Some(from) = free_from {
            if env.ended > from {
                line_idle(&mut svg, x(from), x(env.ended), mid);
            }
        }
    }

    // Throttled requests: a cross where each was refused.
    if !throttled.is_empty() {
        let y = TOP + run.environments.len() as f64 * LANE;
        let _ = write!(
            svg,
            "<rect class=\"lane\" x=\"{LEFT}\" y=\"{y:.1}\" width=\"{plot:.1}\" height=\"{LANE}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">throttled (429)</text>",
            LEFT - 6.0,
            y + LANE / 2.0 + 4.0
        );
        for i in &throttled {
            let (cx, cy) = (x(i.arrival), y + LANE / 2.0);
            let _ = write!(
                svg,
                "<g><title>request {} throttled at {}</title><line class=\"throttle\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/><line class=\"throttle\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/></g>",
                i.number,
                tick_label(i.arrival),
                cx - 5.0,
                cy - 5.0,
                cx + 5.0,
                cy + 5.0,
                cx - 5.0,
                cy + 5.0,
                cx + 5.0,
                cy - 5.0
            );
        }
    }

    legend(&mut svg, legend_y);
    svg.push_str("</svg>");
    svg
}

fn line_idle(svg: &mut String, from: f64, to: f64, y: f64) {
    if to - from > 1.0 {
        let _ = write!(
            svg,
            "<line class=\"idle\" x1=\"{from:.1}\" y1=\"{y:.1}\" x2=\"{to:.1}\" y2=\"{y:.1}\"/>"
        );
    }
}

fn draw_invocation(svg: &mut String, i: &Invocation, x: &impl Fn(Micros) -> f64, lane_y: f64) {
    let y = lane_y + (LANE - BAR) / 2.0;
    let mut segment = |class: &str, from: Micros, to: Micros, tip: String| {
        let (x1, x2) = (x(from), x(to));
        let w = (x2 - x1).max(1.5);
        let _ = write!(
            svg,
            "<rect class=\"{class}\" x=\"{x1:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR}\"><title>{}</title></rect>",
            escape(&tip)
        );
    };
    let download_end = i.arrival + i.download;
    if i.download > 0 {
        segment(
            "download",
            i.arrival,
            download_end,
            format!("request {}: code download", i.number),
        );
    }
    if i.init > 0 {
        segment(
            "init",
            download_end,
            i.handler_start,
            format!("request {}: INIT {}", i.number, tick_label(i.init)),
        );
    }
    let class = match i.outcome {
        Outcome::Timeout => "timeout",
        ref o if o.is_error() => "error",
        _ => "invoke",
    };
    let what = match i.outcome {
        Outcome::Timeout => " (timed out)".to_string(),
        Outcome::Success => String::new(),
        ref o => format!(" ({})", o.error_type().unwrap_or("cut off")),
    };
    segment(
        class,
        i.handler_start,
        i.end,
        format!(
            "request {}: {} {}{what}",
            i.number,
            if i.start == StartKind::Reinit {
                "INIT again + INVOKE"
            } else {
                "INVOKE"
            },
            tick_label(i.duration)
        ),
    );
    // The request number, where it fits.
    let (x1, x2) = (x(i.handler_start), x(i.end));
    if x2 - x1 >= 16.0 {
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">#{}</text>",
            (x1 + x2) / 2.0,
            y + BAR / 2.0 + 3.5,
            i.number
        );
    }
}

fn legend(svg: &mut String, y: f64) {
    let items = [
        ("download", "code download"),
        ("init", "INIT"),
        ("invoke", "INVOKE"),
        ("error", "error"),
        ("timeout", "timeout"),
    ];
    let mut lx = LEFT;
    for (class, label) in items {
        let _ = write!(
            svg,
            "<rect class=\"{class}\" x=\"{lx:.1}\" y=\"{:.1}\" width=\"12\" height=\"10\"/><text class=\"small\" x=\"{:.1}\" y=\"{y:.1}\">{label}</text>",
            y - 9.0,
            lx + 16.0
        );
        lx += 22.0 + label.len() as f64 * 6.0;
    }
    let _ = write!(
        svg,
        "<line class=\"idle\" x1=\"{lx:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/><text class=\"small\" x=\"{:.1}\" y=\"{y:.1}\">idle (frozen)</text>",
        y - 4.0,
        lx + 14.0,
        y - 4.0,
        lx + 18.0
    );
}
