//! What happened in a run, told one request at a time: why a request started
//! cold, which environment it reused, why it was throttled, how it ended.
//! Feedback quotes these sentences as its evidence.

use crate::sim::time::{Micros, MINUTE, SECOND};
use crate::sim::{EndReason, Invocation, Outcome, Run, Simulation, StartKind, ThrottleReason};

/// A point in virtual time: `1.55 s`, `3 min 0.35 s`.
pub fn at(t: Micros) -> String {
    if t < MINUTE {
        format!("{:.2} s", t as f64 / SECOND as f64)
    } else {
        let minutes = t / MINUTE;
        let rest = (t % MINUTE) as f64 / SECOND as f64;
        format!("{minutes} min {rest:.2} s")
    }
}

/// A span of time: `342 ms`, `1.38 s`, `3 min`.
pub fn span(t: Micros) -> String {
    if t < SECOND {
        let ms = t as f64 / 1_000.0;
        if ms.fract() == 0.0 {
            format!("{ms:.0} ms")
        } else {
            format!("{ms:.2} ms")
        }
    } else if t < MINUTE {
        format!("{:.2} s", t as f64 / SECOND as f64)
    } else {
        at(t)
    }
}

/// The requests holding an environment of `function` at time `t`.
fn busy_at(run: &Run, function: usize, t: Micros) -> Vec<&Invocation> {
    run.invocations
        .iter()
        .filter(|i| {
            i.function == function && i.environment.is_some() && i.arrival <= t && t < i.end
        })
        .collect()
}

fn numbers(invocations: &[&Invocation]) -> String {
    let n: Vec<String> = invocations.iter().map(|i| i.number.to_string()).collect();
    match n.len() {
        0 => String::new(),
        1 => format!("request {}", n[0]),
        _ => {
            let (last, first) = n.split_last().unwrap_or((&n[0], &[]));
            format!("requests {} and {last}", first.join(", "))
        }
    }
}

fn name(run: &Run, i: &Invocation) -> String {
    let function = run.functions.get(i.function).cloned().unwrap_or_default();
    if i.version > 0 {
        format!("{function} version {}", i.version)
    } else {
        function
    }
}

/// The story of one request, in one sentence or two.
pub fn story(run: &Run, simulation: &Simulation, i: &Invocation) -> String {
    let who = format!("request {} ({})", i.number, name(run, i));
    let arrived = format!("arrived at {}", at(i.arrival));
    let attempt = if i.attempt > 1 {
        format!(" (attempt {} of an asynchronous event)", i.attempt)
    } else {
        String::new()
    };
    match (&i.start, &i.outcome) {
        (_, Outcome::Throttled(reason)) => {
            format!("{who}{attempt} {arrived} and was throttled (429 {}): {}", reason.name(), throttle_reason(run, simulation, i, *reason))
        }
        (StartKind::Cold, _) => format!(
            "{who}{attempt} {arrived}; {}, so Lambda created environment {} (a cold start: INIT took {}){}",
            why_new(run, i),
            i.environment.unwrap_or(0),
            span(i.init),
            ending(i)
        ),
        (StartKind::Warm, _) => {
            let env = i.environment.unwrap_or(0);
            let previous = run
                .invocations
                .iter()
                .filter(|p| p.environment == Some(env) && p.end <= i.arrival && p.number != i.number)
                .max_by_key(|p| p.end);
            let idle = previous.map_or(String::new(), |p| {
                format!(" idle since {} (it had finished request {})", at(p.end), p.number)
            });
            format!("{who}{attempt} {arrived} and found environment {env}{idle}: a warm start{}", ending(i))
        }
        (StartKind::Reinit, _) => format!(
            "{who}{attempt} {arrived} and ran on environment {}, which a timeout, a crash or running out of memory had reset: INIT ran again inside its Duration{}",
            i.environment.unwrap_or(0),
            ending(i)
        ),
        (StartKind::Provisioned, _) => format!(
            "{who}{attempt} {arrived} and ran on provisioned environment {}, initialised before any traffic: no cold start{}",
            i.environment.unwrap_or(0),
            ending(i)
        ),
        (StartKind::Throttled, _) => format!("{who} {arrived} and was throttled"),
        (StartKind::Rejected, _) => format!(
            "{who} {arrived} and was refused by the Invoke API ({})",
            i.outcome.error_type().unwrap_or("rejected")
        ),
    }
}

/// How the request ended, if not plainly.
fn ending(i: &Invocation) -> String {
    match i.outcome {
        Outcome::Success => format!("; it took {}", span(i.latency())),
        Outcome::Timeout => format!(
            "; it was stopped by the {} timeout (Sandbox.Timedout)",
            span(i.timeout)
        ),
        Outcome::FunctionError => "; its handler threw an error".to_string(),
        Outcome::CalleeFailed => "; a function it called failed, so it failed too".to_string(),
        Outcome::Crash => "; its runtime crashed (Runtime.ExitError)".to_string(),
        Outcome::OutOfMemory => format!(
            "; it needed more than its {} MB of memory and was stopped (Runtime.OutOfMemory)",
            i.memory_mb
        ),
        Outcome::CutOff => "; the run ended before it finished".to_string(),
        Outcome::RequestTooLarge => {
            "; its payload was too large (RequestTooLargeException)".to_string()
        }
        Outcome::RecursionDropped => "; recursive loop detection stopped it".to_string(),
        Outcome::AccessDenied => {
            "; its execution role refused a call it made (AccessDeniedException)".to_string()
        }
        Outcome::Throttled(_) => String::new(),
    }
}

/// Why no existing environment could take a cold request.
fn why_new(run: &Run, i: &Invocation) -> String {
    let busy: Vec<&Invocation> = busy_at(run, i.function, i.arrival)
        .into_iter()
        .filter(|b| b.number != i.number && b.version == i.version)
        .collect();
    let earlier_envs: Vec<&crate::sim::Environment> = run
        .environments
        .iter()
        .filter(|e| e.function == i.function && e.version == i.version && e.created < i.arrival)
        .collect();
    if earlier_envs.is_empty() {
        return format!("no environment of {} existed yet", name(run, i));
    }
    let gone: Vec<String> = earlier_envs
        .iter()
        .filter(|e| e.ended <= i.arrival)
        .map(|e| {
            let why = match e.end_reason {
                EndReason::IdleReclaimed => "reclaimed after being idle",
                EndReason::LifetimeReached => "retired at its maximum lifetime",
                EndReason::RetiredEarly => "retired unannounced",
                EndReason::StillAlive => "gone",
            };
            format!("environment {} had been {why} at {}", e.number, at(e.ended))
        })
        .collect();
    let mut parts = Vec::new();
    if !busy.is_empty() {
        let until = busy.iter().map(|b| b.end).min().unwrap_or(0);
        let envs: Vec<String> = busy
            .iter()
            .filter_map(|b| b.environment)
            .map(|e| e.to_string())
            .collect();
        let (noun, verb) = if envs.len() == 1 {
            ("environment", "was")
        } else {
            ("environments", "were")
        };
        parts.push(format!(
            "{noun} {} {verb} busy with {} (the first to finish was free only at {})",
            envs.join(", "),
            numbers(&busy),
            at(until)
        ));
    }
    parts.extend(gone);
    if parts.is_empty() {
        "no idle environment was available".to_string()
    } else {
        parts.join("; ")
    }
}

fn throttle_reason(
    run: &Run,
    simulation: &Simulation,
    i: &Invocation,
    reason: ThrottleReason,
) -> String {
    let function = &simulation.functions[i.function];
    match reason {
        ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded => {
            let busy = busy_at(run, i.function, i.arrival);
            format!(
                "its reserved concurrency of {} was in use by {}",
                function.reserved_concurrency.unwrap_or(0),
                if busy.is_empty() {
                    "nothing: a reservation of 0 refuses every request".to_string()
                } else {
                    numbers(&busy)
                }
            )
        }
        ThrottleReason::ConcurrentInvocationLimitExceeded => {
            let mut by_function: Vec<(String, usize)> = Vec::new();
            for (f, other) in simulation.functions.iter().enumerate() {
                if other.reserved_concurrency.is_some() {
                    continue;
                }
                let n = busy_at(run, f, i.arrival).len();
                if n > 0 {
                    by_function.push((other.name.clone(), n));
                }
            }
            let reserved: u32 = simulation
                .functions
                .iter()
                .filter_map(|f| f.reserved_concurrency)
                .sum();
            let pool = simulation
                .options
                .account_concurrency
                .saturating_sub(reserved);
            let users: Vec<String> = by_function
                .iter()
                .map(|(n, c)| format!("{c} by {n}"))
                .collect();
            format!(
                "all {pool} units of the account's unreserved concurrency were in use ({})",
                users.join(", ")
            )
        }
        ThrottleReason::FunctionInvocationRateLimitExceeded => format!(
            "{} may add only {} new environments every 10 s, and every existing one was busy",
            function.name, simulation.options.scaling_rate
        ),
    }
}

/// The requests whose story best shows that a count is too high or too low.
pub fn telling_requests(run: &Run, function: Option<usize>, kind: Telling) -> Vec<&Invocation> {
    let of = |i: &&Invocation| function.is_none_or(|f| i.function == f);
    let all: Vec<&Invocation> = run.invocations.iter().filter(of).collect();
    let pick: Vec<&Invocation> = match kind {
        Telling::Reused => all
            .iter()
            .copied()
            .filter(|i| i.start == StartKind::Warm)
            .collect(),
        Telling::NewEnvironment => {
            // Skip the very first cold start: nobody doubts that one.
            let cold: Vec<&Invocation> = all
                .iter()
                .copied()
                .filter(|i| i.start == StartKind::Cold)
                .collect();
            cold.iter()
                .skip(1)
                .copied()
                .chain(cold.first().copied())
                .collect()
        }
        Telling::Throttled => all
            .iter()
            .copied()
            .filter(|i| matches!(i.outcome, Outcome::Throttled(_)))
            .collect(),
        Telling::Served => all
            .iter()
            .copied()
            .filter(|i| i.environment.is_some())
            .rev()
            .collect(),
        Telling::Failed => all
            .iter()
            .copied()
            .filter(|i| i.outcome.is_error())
            .collect(),
        Telling::Succeeded => all
            .iter()
            .copied()
            .filter(|i| i.outcome == Outcome::Success)
            .collect(),
    };
    pick.into_iter().take(1).collect()
}

/// Which kind of request makes the point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Telling {
    Reused,
    NewEnvironment,
    Throttled,
    Served,
    Failed,
    Succeeded,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_well() {
        assert_eq!(at(1_550_000), "1.55 s");
        assert_eq!(at(60_348_000), "1 min 0.35 s");
        assert_eq!(span(342_000), "342 ms");
        assert_eq!(span(114_550), "114.55 ms");
        assert_eq!(span(1_382_030), "1.38 s");
    }

    #[test]
    fn stories_of_the_five_overlapping_requests() {
        let scenario = crate::grade::catalogue::find_scenario("five-overlapping-requests").unwrap();
        let run = crate::sim::run(&scenario.simulation);
        let s = |n: usize| story(&run, &scenario.simulation, &run.invocations[n - 1]);
        assert_eq!(s(1), "request 1 (checkout) arrived at 0.00 s; no environment of checkout existed yet, so Lambda created environment 1 (a cold start: INIT took 342 ms); it took 1.35 s");
        assert!(s(3).contains("environments 1, 2 were busy with requests 1 and 2 (the first to finish was free only at 1.35 s)"), "{}", s(3));
        assert_eq!(s(6), "request 6 (checkout) arrived at 1.55 s and found environment 1 idle since 1.35 s (it had finished request 1): a warm start; it took 1.00 s");
    }
}
