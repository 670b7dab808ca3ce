//! EventBridge schedule expressions: `rate(5 minutes)` and
//! `cron(minutes hours day-of-month month day-of-week year)`.
//! The simulator runs for hours, not months, so the day, month and year
//! fields of a cron expression must be `*` or `?`.

use crate::sim::time::{HOUR, MINUTE};
use crate::sim::Schedule;

pub fn parse(text: &str) -> Result<Schedule, String> {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix("rate(").and_then(|t| t.strip_suffix(')')) {
        return rate(inner);
    }
    if let Some(inner) = text.strip_prefix("cron(").and_then(|t| t.strip_suffix(')')) {
        return cron(inner);
    }
    Err("write `rate(5 minutes)` or `cron(0 12 * * ? *)`".into())
}

fn rate(inner: &str) -> Result<Schedule, String> {
    let mut parts = inner.split_whitespace();
    let (Some(n), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err("a rate is a number and a unit, e.g. `rate(5 minutes)`".into());
    };
    let n: u64 = n
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or("the rate's number must be a whole number above 0")?;
    let unit = match unit {
        "minute" | "minutes" => MINUTE,
        "hour" | "hours" => HOUR,
        "day" | "days" => 24 * HOUR,
        other => {
            return Err(format!(
                "`{other}` is not a rate unit: use minutes, hours or days"
            ))
        }
    };
    // EventBridge uses the singular for 1 and the plural otherwise; we accept both.
    Ok(Schedule::Rate(n * unit))
}

fn cron(inner: &str) -> Result<Schedule, String> {
    let fields: Vec<&str> = inner.split_whitespace().collect();
    if fields.len() != 6 {
        return Err(format!(
            "a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), found {}",
            fields.len()
        ));
    }
    for (field, name) in fields[2..]
        .iter()
        .zip(["day-of-month", "month", "day-of-week", "year"])
    {
        if *field != "*" && *field != "?" {
            return Err(format!(
                "the simulator runs for hours, not days: write `*` or `?` for {name} (found `{field}`)"
            ));
        }
    }
    Ok(Schedule::Cron {
        minutes: values(fields[0], 59, "minutes")?,
        hours: values(fields[1], 23, "hours")?,
    })
}

/// `*`, `5`, `0,30`, `8-17`, `*/15`, `10-50/10`.
fn values(field: &str, max: u32, name: &str) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for part in field.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (
                r,
                s.parse::<u32>()
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or(format!("`{s}` is not a step in the {name} field"))?,
            ),
            None => (part, 1),
        };
        let (low, high) = if range == "*" {
            (0, max)
        } else if let Some((a, b)) = range.split_once('-') {
            (number(a, max, name)?, number(b, max, name)?)
        } else {
            let v = number(range, max, name)?;
            (v, if step > 1 { max } else { v })
        };
        out.extend((low..=high).step_by(step as usize));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn number(text: &str, max: u32, name: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .ok()
        .filter(|v| *v <= max)
        .ok_or(format!(
            "`{text}` is not a value of the {name} field (0 to {max})"
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_crons() {
        assert_eq!(parse("rate(5 minutes)"), Ok(Schedule::Rate(5 * MINUTE)));
        assert_eq!(parse("rate(1 hour)"), Ok(Schedule::Rate(HOUR)));
        let Schedule::Cron { minutes, hours } = parse("cron(*/15 8-9 * * ? *)").unwrap() else {
            panic!("not a cron")
        };
        assert_eq!(minutes, vec![0, 15, 30, 45]);
        assert_eq!(hours, vec![8, 9]);
        assert!(parse("cron(0 12 1 * ? *)")
            .unwrap_err()
            .contains("day-of-month"));
        assert!(parse("rate(5 weeks)")
            .unwrap_err()
            .contains("not a rate unit"));
        assert!(parse("every 5 minutes").is_err());
    }

    #[test]
    fn next_firing() {
        let s = parse("cron(0,30 * * * ? *)").unwrap();
        assert_eq!(s.next_at_or_after(1, 0), 30 * MINUTE);
        assert_eq!(s.next_at_or_after(30 * MINUTE, 0), 30 * MINUTE);
        let r = parse("rate(5 minutes)").unwrap();
        assert_eq!(r.next_at_or_after(MINUTE, 0), 5 * MINUTE);
    }
}
