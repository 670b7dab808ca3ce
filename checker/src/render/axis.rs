//! A time axis with round tick steps.

use crate::sim::time::{self, Micros};

/// A round step that gives about `target` ticks over `span`.
pub fn tick_step(span: Micros, target: u64) -> Micros {
    let raw = (span / target.max(1)).max(1);
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if step * m >= raw {
                return step * m;
            }
        }
        step *= 10;
    }
}

/// Labels for ticks: whole units where possible.
pub fn tick_label(at: Micros) -> String {
    if at == 0 {
        "0".to_string()
    } else {
        time::label(at)
    }
}
