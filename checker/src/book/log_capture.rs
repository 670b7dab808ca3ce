//! mdBook reports problems (a broken link, a missing file) through the `log`
//! crate. We catch the warnings of a build so `course build` can show them
//! and the tests can insist there are none.

use std::cell::RefCell;
use std::sync::Once;

use log::{Level, LevelFilter, Log, Metadata, Record};

thread_local! {
    /// The warnings of the build running on this thread, if one is capturing.
    static CAPTURED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

struct CaptureLogger;

impl Log for CaptureLogger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= Level::Warn
    }

    fn log(&self, record: &Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let line = format!("{}", record.args());
        let kept = CAPTURED.with(|captured| match captured.borrow_mut().as_mut() {
            Some(warnings) => {
                warnings.push(line.clone());
                true
            }
            None => false,
        });
        if !kept {
            eprintln!("{}: {line}", record.level().as_str().to_lowercase());
        }
    }

    fn flush(&self) {}
}

static LOGGER: CaptureLogger = CaptureLogger;
static INSTALL: Once = Once::new();

/// Runs `work` and returns what it logged at warning level or above. mdBook
/// builds on the calling thread, so builds on other threads do not mix in.
pub(crate) fn capture_warnings<T>(work: impl FnOnce() -> T) -> (T, Vec<String>) {
    INSTALL.call_once(|| {
        // Another logger may already be installed (a host program); then
        // warnings go wherever it sends them.
        if log::set_logger(&LOGGER).is_ok() {
            log::set_max_level(LevelFilter::Warn);
        }
    });
    let previous = CAPTURED.with(|captured| captured.borrow_mut().replace(Vec::new()));
    let result = work();
    let warnings = CAPTURED.with(|captured| {
        let mut captured = captured.borrow_mut();
        let warnings = captured.take().unwrap_or_default();
        *captured = previous;
        warnings
    });
    (result, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catches_warnings_of_its_own_thread() {
        let ((), warnings) = capture_warnings(|| {
            log::warn!("a broken link");
            log::info!("progress is not a warning");
        });
        assert_eq!(warnings, vec!["a broken link".to_string()]);
    }
}
