//! Durations and sizes written with their unit, as people write them:
//! `"150ms"`, `"1.5s"`, `"10min"`, `"2h"`, `"300KB"`, `"4.5MB"`.

use crate::sim::time::{Micros, HOUR, MILLISECOND, MINUTE, SECOND};
use crate::sim::MB;

/// Splits `"1.5s"` into `1.5` and `"s"`.
fn split(text: &str) -> Option<(f64, &str)> {
    let text = text.trim();
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
        .unwrap_or(text.len());
    let number: String = text[..end].chars().filter(|c| *c != '_').collect();
    let value: f64 = number.parse().ok()?;
    (value.is_finite() && value >= 0.0).then_some((value, text[end..].trim()))
}

/// A duration in microseconds, or a hint of what is expected.
pub fn duration(text: &str) -> Result<Micros, String> {
    const HELP: &str =
        "write a number and a unit: \"250us\", \"120ms\", \"1.5s\", \"10min\" or \"2h\"";
    let (value, unit) = split(text).ok_or_else(|| HELP.to_string())?;
    let scale = match unit {
        "us" | "µs" => 1,
        "ms" => MILLISECOND,
        "s" => SECOND,
        "min" | "m" => MINUTE,
        "h" => HOUR,
        "" => return Err(format!("the unit is missing: {HELP}")),
        _ => return Err(format!("`{unit}` is not a unit of time: {HELP}")),
    };
    Ok((value * scale as f64).round() as Micros)
}

/// A size in bytes, counted as Lambda counts its limits: 1 KB = 1,024 bytes,
/// 1 MB = 1,024 KB (its "250 MB" limit is 262,144,000 bytes, its "6 MB"
/// payload limit 6,291,456), so that a scenario at a limit meets it exactly.
pub fn size(text: &str) -> Result<u64, String> {
    const KB: u64 = 1_024;
    const HELP: &str = "write a number and a unit: \"512B\", \"300KB\", \"4.5MB\" or \"1GB\"";
    let (value, unit) = split(text).ok_or_else(|| HELP.to_string())?;
    let scale: u64 = match unit {
        "B" => 1,
        "KB" => KB,
        "MB" => MB,
        "GB" => 1_024 * MB,
        "" => return Err(format!("the unit is missing: {HELP}")),
        _ => return Err(format!("`{unit}` is not a unit of size: {HELP}")),
    };
    Ok((value * scale as f64).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(duration("150ms"), Ok(150_000));
        assert_eq!(duration("1.5s"), Ok(1_500_000));
        assert_eq!(duration("10min"), Ok(600_000_000));
        assert_eq!(duration(" 2h "), Ok(7_200_000_000));
        assert_eq!(size("4.5MB"), Ok(4_718_592));
        assert_eq!(size("250MB"), Ok(262_144_000));
        assert_eq!(size("6MB"), Ok(6_291_456));
        assert!(duration("150").unwrap_err().contains("unit is missing"));
        assert!(duration("3 days").unwrap_err().contains("not a unit"));
        assert!(size("-1MB").is_err());
    }
}
