//! The numbers, lists and words an exercise can ask about a run. Everything
//! the simulator's own [`Measure`] knows, plus per-function counts
//! (`throttles@checkout`), per-request facts (`billed_ms:1`) and lists of
//! requests (`cold_requests`).

use crate::sim::{self, Invocation, Measure, Outcome, Run, Simulation, StartKind};

/// An expected answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    Count(i64),
    /// A decimal value, compared with a relative tolerance.
    Number(f64),
    /// Request numbers, in any order.
    List(Vec<i64>),
    Text(String),
}

/// A number without needless digits: 0.861, 516, 0.00001515.
pub fn short_number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.abs() >= 1e15 {
        // Not a 300-digit line: 1e300 stays readable.
        return format!("{x:e}");
    }
    if x == x.trunc() {
        return format!("{}", x as i64);
    }
    let digits = if x.abs() >= 1.0 {
        2
    } else {
        // Four significant digits for small amounts of money.
        (4.0 - x.abs().log10().floor()).clamp(2.0, 12.0) as usize - 1
    };
    let text = format!("{x:.digits$}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Which function a measure is restricted to (`name@function`).
fn split_function<'a>(name: &'a str, sim: &Simulation) -> Result<(&'a str, Option<usize>), String> {
    match name.split_once('@') {
        None => Ok((name, None)),
        Some((measure, function)) => sim
            .functions
            .iter()
            .position(|f| f.name == function)
            .map(|f| (measure, Some(f)))
            .ok_or_else(|| format!("the scenario has no function `{function}`")),
    }
}

fn invocations_of(run: &Run, function: Option<usize>) -> impl Iterator<Item = &Invocation> {
    run.invocations
        .iter()
        .filter(move |i| function.is_none_or(|f| i.function == f))
}

fn request(run: &Run, n: u32) -> Result<&Invocation, String> {
    run.invocations
        .iter()
        .find(|i| i.number == n)
        .ok_or_else(|| format!("the run has no request {n}"))
}

fn two_decimals(micros: u64) -> f64 {
    (micros / 10) as f64 / 100.0
}

/// The value of a measure on a run.
pub fn measure(name: &str, run: &Run, simulation: &Simulation) -> Result<Expected, String> {
    let (name, function) = split_function(name, simulation)?;
    if let Some((what, n)) = name.split_once(':') {
        if what == "environment_of_request" || what == "environment" {
            let n: u32 = n
                .parse()
                .map_err(|_| format!("bad request number in `{name}`"))?;
            return Ok(Expected::Count(
                request(run, n)?.environment.map_or(0, i64::from),
            ));
        }
        if let Some(rest) = what.strip_prefix("version_") {
            let v: u32 = n.parse().map_err(|_| format!("bad version in `{name}`"))?;
            let of_version = invocations_of(run, function)
                .filter(|i| i.version == v && i.start != StartKind::Throttled);
            return match rest {
                "requests" => Ok(Expected::Count(of_version.count() as i64)),
                "errors" => Ok(Expected::Count(
                    of_version.filter(|i| i.outcome.is_error()).count() as i64,
                )),
                _ => Err(format!("unknown measure `{name}`")),
            };
        }
        let n: u32 = n
            .parse()
            .map_err(|_| format!("bad request number in `{name}`"))?;
        let i = request(run, n)?;
        return match what {
            "billed_ms" => Ok(Expected::Count(i.billed_ms as i64)),
            "init_ms" => Ok(Expected::Number(two_decimals(i.init))),
            "duration_ms" => Ok(Expected::Number(two_decimals(i.duration))),
            "latency_ms" => Ok(Expected::Number(two_decimals(i.latency()))),
            "version" => Ok(Expected::Count(i64::from(i.version))),
            "throttle_reason" => Ok(Expected::Text(match i.outcome {
                Outcome::Throttled(r) => r.name().to_string(),
                _ => "none".to_string(),
            })),
            "outcome" => Ok(Expected::Text(outcome_word(&i.outcome).to_string())),
            _ => Err(format!("unknown measure `{name}`")),
        };
    }
    let list = |keep: &dyn Fn(&Invocation) -> bool| {
        Expected::List(
            invocations_of(run, function)
                .filter(|i| keep(i))
                .map(|i| i64::from(i.number))
                .collect(),
        )
    };
    match name {
        "cold_requests" => return Ok(list(&|i| i.start == StartKind::Cold)),
        "warm_requests" => return Ok(list(&|i| i.start == StartKind::Warm)),
        "throttled_requests" => return Ok(list(&|i| matches!(i.outcome, Outcome::Throttled(_)))),
        "error_requests" => return Ok(list(&|i| i.outcome.is_error())),
        "timeout_requests" => return Ok(list(&|i| i.outcome == Outcome::Timeout)),
        "gb_seconds" if function.is_none() => return Ok(Expected::Number(run.cost.gb_seconds)),
        "iterator_age_max_s" => {
            // The highest IteratorAge of the run, in whole seconds (rounded down).
            let age = run
                .metrics
                .per_function
                .iter()
                .enumerate()
                .filter(|(f, _)| function.is_none_or(|wanted| wanted == *f))
                .flat_map(|(_, series)| series.iter().map(|m| m.iterator_age_max))
                .max()
                .unwrap_or(0);
            return Ok(Expected::Count((age / 1_000_000) as i64));
        }
        "delivery_delay_s" => return Ok(Expected::Number(delivery_delay(run, function))),
        "requests" => {
            return Ok(Expected::Count(invocations_of(run, function).count() as i64));
        }
        "init_runs" => {
            return Ok(Expected::Count(
                invocations_of(run, function)
                    .filter(|i| matches!(i.start, StartKind::Cold | StartKind::Reinit))
                    .count() as i64
                    + run
                        .environments
                        .iter()
                        .filter(|e| e.provisioned && function.is_none_or(|f| e.function == f))
                        .count() as i64,
            ));
        }
        "cost_usd" if function.is_some() => {
            return Ok(Expected::Number(function_cost(
                run,
                simulation,
                function.unwrap_or(0),
            )));
        }
        "p99_ms" | "p50_ms" | "duration_p99_ms" if function.is_some() => {
            let p = if name == "p50_ms" { 50.0 } else { 99.0 };
            let mut values: Vec<u64> = invocations_of(run, function)
                .filter(|i| i.start != StartKind::Throttled)
                .map(|i| {
                    if name == "duration_p99_ms" {
                        i.duration
                    } else {
                        i.latency()
                    }
                })
                .collect();
            return Ok(Expected::Number(two_decimals(percentile(&mut values, p))));
        }
        _ => {}
    }
    if let Some(f) = function {
        let t = &run.totals.per_function[f];
        let value = match name {
            "invocations" => t.invocations,
            "cold_starts" => t.cold_starts,
            "warm_starts" => t.warm_starts,
            "throttles" => t.throttles,
            "errors" => t.errors,
            "timeouts" => t.timeouts,
            "environments" => t.environments,
            "max_concurrency" => u64::from(t.max_concurrency),
            "billed_ms" => t.billed_ms,
            "retries" => t.retries,
            "on_failure_deliveries" => t.on_failure_deliveries,
            "on_success_deliveries" => t.on_success_deliveries,
            "dead_letters" => t.dead_letters,
            "dropped_events" => t.async_dropped,
            "spillover_invocations" => t.spillover_invocations,
            "provisioned_invocations" => t.provisioned_invocations,
            _ => return Err(format!("unknown measure `{name}@…`")),
        };
        return Ok(Expected::Count(value as i64));
    }
    let m: Measure = name.parse()?;
    let value = m.of(run);
    Ok(match m {
        Measure::CostUsd | Measure::P50Ms | Measure::P99Ms => Expected::Number(value),
        _ => Expected::Count(value as i64),
    })
}

/// The longest wait, in seconds, between an asynchronous event's first
/// attempt and the record of its failure reaching a destination or
/// dead-letter queue.
pub fn delivery_delay(run: &Run, function: Option<usize>) -> f64 {
    run.deliveries
        .iter()
        .filter(|d| d.condition != sim::DeliveryCondition::Success)
        .filter(|d| function.is_none_or(|f| d.function == f))
        .filter_map(|d| {
            let first = run
                .invocations
                .iter()
                .filter(|i| i.request_id == d.request_id)
                .map(|i| i.arrival)
                .min()?;
            Some((d.at - first) as f64 / 1_000_000.0)
        })
        .fold(0.0, f64::max)
}

/// What one function cost in a run: requests, duration at its memory and
/// architecture (the lower price on provisioned environments), and the
/// provisioned capacity kept for it.
pub fn function_cost(run: &Run, simulation: &Simulation, f: usize) -> f64 {
    let function = &simulation.functions[f];
    let mut cost = sim::billing::Cost::default();
    for i in run.invocations.iter().filter(|i| i.function == f) {
        let Some(env) = i.environment else { continue };
        let provisioned = run
            .environments
            .get(env as usize - 1)
            .is_some_and(|e| e.provisioned);
        cost.add_invocation(i.billed_ms, i.memory_mb, function.architecture, provisioned);
    }
    let provisioned = f64::from(function.provisioned_concurrency) * f64::from(function.memory_mb)
        / 1_024.0
        * (run.end as f64 / 1_000_000.0)
        * sim::billing::provisioned_prices(function.architecture).0;
    cost.total_usd() + provisioned
}

/// The nearest-rank percentile of some durations (exact, unlike the
/// simulator's histogram).
pub fn percentile(values: &mut [u64], p: f64) -> u64 {
    if values.is_empty() {
        return 0;
    }
    values.sort_unstable();
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

fn outcome_word(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Success => "success",
        Outcome::FunctionError | Outcome::CalleeFailed => "error",
        Outcome::Crash => "crash",
        Outcome::OutOfMemory => "out of memory",
        Outcome::Timeout => "timeout",
        Outcome::Throttled(_) => "throttled",
        Outcome::CutOff => "cut off",
        Outcome::RequestTooLarge => "too large",
        Outcome::RecursionDropped => "recursion dropped",
        Outcome::AccessDenied => "access denied",
    }
}

/// A bill worked out from Lambda's prices (us-east-1, first tier).
pub fn bill(
    what: &str,
    requests: u64,
    billed_ms: u64,
    memory_mb: u32,
    architecture: &str,
) -> Result<Expected, String> {
    let arch = match architecture {
        "arm64" => sim::Architecture::Arm64,
        _ => sim::Architecture::X86_64,
    };
    let gb_seconds = requests as f64 * sim::billing::gb_seconds(billed_ms, memory_mb);
    let request_usd = requests as f64 * sim::billing::PRICE_PER_REQUEST;
    let duration_usd = gb_seconds * sim::billing::price_per_gb_second(arch);
    Ok(Expected::Number(match what {
        "gb_seconds" => gb_seconds,
        "request_usd" => request_usd,
        "duration_usd" => duration_usd,
        "total_usd" => request_usd + duration_usd,
        _ => return Err(format!("unknown bill measure `{what}`")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(516.0), "516");
        assert_eq!(short_number(0.861), "0.861");
        assert_eq!(short_number(401.13), "401.13");
        assert_eq!(short_number(0.000_015_15), "0.00001515");
        assert_eq!(short_number(2.116_667), "2.12");
        assert_eq!(short_number(1e300), "1e300");
        assert_eq!(short_number(f64::NAN), "NaN");
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut v = vec![5, 1, 4, 2, 3];
        assert_eq!(percentile(&mut v, 50.0), 3);
        assert_eq!(percentile(&mut v, 99.0), 5);
        assert_eq!(percentile(&mut [], 99.0), 0);
    }
}
