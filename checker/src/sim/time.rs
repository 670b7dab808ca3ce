//! Virtual time. The simulator counts whole microseconds from the start of the
//! scenario: integers keep runs identical on every machine.

/// A point in, or a span of, virtual time in microseconds.
pub type Micros = u64;

pub const MILLISECOND: Micros = 1_000;
pub const SECOND: Micros = 1_000_000;
pub const MINUTE: Micros = 60 * SECOND;
pub const HOUR: Micros = 60 * MINUTE;

/// Milliseconds with two decimals, as Lambda prints `Duration: 250.06 ms`.
pub fn millis_2dp(span: Micros) -> String {
    let hundredths = span / 10;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// Seconds with two decimals, as in "Task timed out after 3.00 seconds".
pub fn seconds_2dp(span: Micros) -> String {
    let hundredths = span / 10_000;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// A short human label: `850ms`, `1.2s`, `3min`, `2h`.
pub fn label(span: Micros) -> String {
    if span >= HOUR && span.is_multiple_of(HOUR) {
        format!("{}h", span / HOUR)
    } else if span >= MINUTE && span.is_multiple_of(MINUTE) {
        format!("{}min", span / MINUTE)
    } else if span >= SECOND {
        let tenths = span / (SECOND / 10);
        if tenths.is_multiple_of(10) {
            format!("{}s", tenths / 10)
        } else {
            format!("{}.{}s", tenths / 10, tenths % 10)
        }
    } else if span >= MILLISECOND {
        format!("{}ms", span / MILLISECOND)
    } else {
        format!("{span}us")
    }
}

/// Whole milliseconds, rounded up: Lambda bills in 1 ms steps since December 2020.
pub fn ceil_millis(span: Micros) -> u64 {
    span.div_ceil(MILLISECOND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_lambda() {
        assert_eq!(millis_2dp(250_064), "250.06");
        assert_eq!(seconds_2dp(3 * SECOND + 4_000), "3.00");
        assert_eq!(ceil_millis(100_001), 101);
        assert_eq!(ceil_millis(100_000), 100);
        assert_eq!(label(1_500_000), "1.5s");
        assert_eq!(label(10 * MINUTE), "10min");
    }
}
