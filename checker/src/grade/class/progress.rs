//! The progress bar of `course grade`, on stderr so that stdout keeps only
//! the summary: `[#####.....] 12/30 learners (exercises)`. In a terminal it
//! redraws one line; in a CI log or a file it prints a line at every tenth
//! of the way, so a log of a large class stays short.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

pub struct Bar {
    label: &'static str,
    total: usize,
    enabled: bool,
    terminal: bool,
    /// Learners done, and the last tenth printed (outside a terminal).
    state: Mutex<(usize, usize)>,
}

impl Bar {
    pub fn new(label: &'static str, total: usize, enabled: bool) -> Bar {
        let bar = Bar {
            label,
            total,
            enabled: enabled && total > 0,
            terminal: std::io::stderr().is_terminal(),
            state: Mutex::new((0, 0)),
        };
        if bar.enabled {
            bar.show(0);
        }
        bar
    }

    /// One more learner done; safe to call from every worker.
    pub fn tick(&self) {
        if !self.enabled {
            return;
        }
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 += 1;
        let tenth = state.0 * 10 / self.total;
        if self.terminal || tenth > state.1 || state.0 == self.total {
            state.1 = tenth;
            self.show(state.0);
        }
    }

    fn show(&self, done: usize) {
        let text = line(done, self.total, self.label);
        let mut err = std::io::stderr().lock();
        let _ = if self.terminal {
            let end = if done == self.total { "\n" } else { "" };
            write!(err, "\r{text}{end}")
        } else {
            writeln!(err, "{text}")
        };
        let _ = err.flush();
    }
}

/// `[#####.....] 12/30 learners (exercises)`.
pub fn line(done: usize, total: usize, label: &str) -> String {
    let width = 10;
    let filled = (done * width).checked_div(total).unwrap_or(width);
    format!(
        "[{}{}] {done}/{total} learners ({label})",
        "#".repeat(filled),
        ".".repeat(width - filled)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bar_fills_by_tenths() {
        assert_eq!(
            super::line(12, 30, "exercises"),
            "[####......] 12/30 learners (exercises)"
        );
        assert_eq!(
            super::line(30, 30, "labs"),
            "[##########] 30/30 learners (labs)"
        );
        assert_eq!(
            super::line(0, 7, "labs"),
            "[..........] 0/7 learners (labs)"
        );
    }
}
