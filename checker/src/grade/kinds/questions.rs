//! Questions answered in a TOML file, `key = answer`: the expected answer is
//! measured on the simulated scenario (or worked out from Lambda's prices, or
//! fixed in the manifest), and a wrong answer gets the evidence that
//! contradicts it, never the answer itself.

use super::super::answers::{Doc, Node, Value};
use super::super::catalogue::{Exercise, Question};
use super::super::evidence::{self, Telling};
use super::super::measures::{self, Expected};
use super::super::{Problem, Verdict};
use super::{did_you_mean, Runs};
use crate::sim::{Run, Simulation};

/// Grades every question of the exercise against `doc`.
pub fn grade(exercise: &Exercise, doc: &Doc) -> Verdict {
    let m = &exercise.manifest;
    let mut runs = Runs::default();
    let mut problems = Vec::new();
    let mut unanswered = Vec::new();
    let known: Vec<&str> = m.questions.iter().map(|q| q.key.as_str()).collect();
    for entry in doc.root.entries() {
        if !known.contains(&entry.key.as_str()) {
            let mut p = Problem::new(format!(
                "`{}` is not one of this exercise's questions",
                entry.key
            ))
            .at(doc.place_key(entry));
            p.help = Some(match did_you_mean(&entry.key, known.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("the answers are named {}", list(&known)),
            });
            problems.push(p);
        }
    }
    let mut missing: Vec<(usize, &Question)> = Vec::new();
    for (index, q) in m.questions.iter().enumerate() {
        let Some(entry) = doc.root.entry(&q.key) else {
            missing.push((index, q));
            continue;
        };
        if entry.node.is_placeholder() {
            unanswered.push((index, q, entry));
            continue;
        }
        match check(exercise, q, &entry.node, &mut runs) {
            Ok(None) => {}
            Ok(Some(mut p)) => {
                p.place = Some(doc.place_node(&entry.node));
                // The same fact of the run often explains several misses:
                // print it once, under the first.
                p.evidence.retain(|line| {
                    !problems
                        .iter()
                        .any(|earlier: &Problem| earlier.evidence.contains(line))
                });
                problems.push(p);
            }
            Err(p) => problems.push(p.at(doc.place_node(&entry.node))),
        }
    }
    if let Some((first, q)) = missing.first() {
        let mut p = if missing.len() == 1 {
            Problem::new(format!(
                "the answer to question {} (`{}`) is missing",
                first + 1,
                q.key
            ))
        } else {
            let keys: Vec<String> = missing
                .iter()
                .map(|(_, q)| format!("`{}`", q.key))
                .collect();
            Problem::new(format!(
                "{} answers are missing: {}",
                missing.len(),
                keys.join(", ")
            ))
        }
        .at(doc.place_top());
        for (index, q) in &missing {
            p = p.evidence(format!(
                "question {}: {} (`{} = ...`)",
                index + 1,
                q.ask,
                q.key
            ));
        }
        problems.push(p.help(format!(
            "add a line for each, or run `course reset {}` to start again from the starter file",
            exercise.number
        )));
    }
    if unanswered.len() == m.questions.len() && problems.is_empty() {
        return Verdict::NotAttempted;
    }
    for (index, q, entry) in unanswered {
        problems.push(
            Problem::new(format!("question {} is not answered yet", index + 1))
                .at(doc.place_node(&entry.node))
                .help(format!("{} Replace \"?\" with your answer.", q.ask)),
        );
    }
    if problems.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(problems)
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An expected answer, and the run it was measured on (none for bills and
/// fixed answers).
pub type Measured<'r> = (Expected, Option<&'r (Simulation, Run)>);

/// The expected answer of a question, and the run it was measured on.
pub fn expected<'r>(
    exercise: &Exercise,
    q: &Question,
    runs: &'r mut Runs,
) -> Result<Measured<'r>, String> {
    if let Some(value) = &q.expect {
        return Ok((expected_of(value), None));
    }
    let measure = q
        .measure
        .as_deref()
        .ok_or_else(|| format!("question `{}` has neither `measure` nor `expect`", q.key))?;
    if let Some(bill) = &q.bill {
        let e = measures::bill(
            measure,
            bill.requests,
            bill.billed_ms,
            bill.memory,
            &bill.architecture,
        )?;
        return Ok((e, None));
    }
    let scenario = q
        .scenario
        .as_deref()
        .or(exercise.manifest.scenarios.first().map(String::as_str))
        .ok_or_else(|| format!("question `{}` names no scenario", q.key))?;
    let pair = runs.get(scenario, q.variant.as_ref())?;
    let e = measures::measure(measure, &pair.1, &pair.0)?;
    Ok((e, Some(pair)))
}

fn expected_of(value: &toml::Value) -> Expected {
    match value {
        toml::Value::Integer(i) => Expected::Count(*i),
        toml::Value::Float(f) => Expected::Number(*f),
        toml::Value::Array(items) => {
            Expected::List(items.iter().filter_map(|i| i.as_integer()).collect())
        }
        toml::Value::String(s) => Expected::Text(s.clone()),
        other => Expected::Text(other.to_string()),
    }
}

/// `Ok(None)` when right, `Ok(Some(problem))` when wrong, `Err` when the
/// answer is not the right kind of value (or the course is broken).
fn check(
    exercise: &Exercise,
    q: &Question,
    answer: &Node,
    runs: &mut Runs,
) -> Result<Option<Problem>, Box<Problem>> {
    let (expected, pair) = expected(exercise, q, runs).map_err(|e| {
        Box::new(
            Problem::new(format!("this question cannot be graded: {e}"))
                .help("this is a bug of the course; please report it"),
        )
    })?;
    let tolerance = q.tolerance.unwrap_or(0.01);
    if answer.as_f64().is_some_and(|a| !a.is_finite()) {
        return Err(Box::new(
            Problem::new(format!(
                "`{}` is `{}`, which is not a number that can be counted or billed",
                q.key,
                shown(answer)
            ))
            .help(format!(
                "{} Write a plain number, e.g. `{} = 2.5`.",
                q.ask, q.key
            )),
        ));
    }
    let right = match (&expected, &answer.value) {
        (Expected::Count(e), _) => match answer.as_f64() {
            Some(a) if a.fract() == 0.0 => a as i64 == *e,
            Some(_) => {
                return Err(Box::new(
                    Problem::new(format!("`{}` asks for a whole number", q.key))
                        .help(format!("{} Write e.g. `{} = 3`.", q.ask, q.key)),
                ))
            }
            None => {
                return Err(wrong_type(
                    q,
                    answer,
                    "a whole number, without quotes",
                    &format!("{} = 3", q.key),
                ))
            }
        },
        (Expected::Number(e), _) => match answer.as_f64() {
            Some(a) => close(a, *e, tolerance),
            None => {
                return Err(wrong_type(
                    q,
                    answer,
                    "a number, without quotes",
                    &format!("{} = 0.5", q.key),
                ))
            }
        },
        (Expected::List(e), Value::Array(items)) => {
            let mut given = Vec::new();
            for item in items {
                match item.as_i64() {
                    Some(n) => given.push(n),
                    None => {
                        return Err(wrong_type(
                            q,
                            item,
                            "request numbers",
                            &format!("{} = [2, 5]", q.key),
                        ))
                    }
                }
            }
            given.sort_unstable();
            given.dedup();
            let mut want = e.clone();
            want.sort_unstable();
            given == want
        }
        (Expected::List(_), _) => {
            return Err(wrong_type(
                q,
                answer,
                "a list of request numbers in brackets (`[]` for none)",
                &format!("{} = [2, 5]", q.key),
            ))
        }
        (Expected::Text(e), Value::Str(a)) => {
            let a = normalize(a);
            normalize(e) == a || q.also.iter().any(|alt| normalize(alt) == a)
        }
        (Expected::Text(_), _) => {
            return Err(wrong_type(
                q,
                answer,
                "text in double quotes",
                &format!("{} = \"...\"", q.key),
            ))
        }
    };
    if right {
        return Ok(None);
    }
    let verb = if q.bill.is_some() {
        "is not what Lambda charges"
    } else if q.expect.is_some() {
        "is not right"
    } else {
        "is not what the simulator shows"
    };
    let mut p = Problem::new(format!("`{}`: {} {verb}", q.key, shown(answer)));
    if let Some((simulation, run)) = pair {
        for line in contradicting(q, &expected, answer, run, simulation) {
            p = p.evidence(line);
        }
    } else if let (Expected::Number(e), Some(a)) = (&expected, answer.as_f64()) {
        p = p.evidence(direction(a, *e));
    }
    if let Some(m) = q
        .mistakes
        .iter()
        .find(|m| same(&m.answer, answer, tolerance))
    {
        p = p.help(m.says.clone());
    }
    Ok(Some(p))
}

fn normalize(s: &str) -> String {
    s.trim().to_lowercase().replace(['_', '-'], " ")
}

fn close(a: f64, e: f64, tolerance: f64) -> bool {
    if e == 0.0 {
        return a.abs() < 1e-12;
    }
    ((a - e) / e).abs() <= tolerance
}

fn same(mistake: &toml::Value, answer: &Node, tolerance: f64) -> bool {
    match (mistake, &answer.value) {
        (toml::Value::Integer(m), _) => answer.as_f64() == Some(*m as f64),
        (toml::Value::Float(m), _) => answer.as_f64().is_some_and(|a| close(a, *m, tolerance)),
        (toml::Value::String(m), Value::Str(a)) => normalize(m) == normalize(a),
        (toml::Value::Array(m), Value::Array(items)) => {
            let mut m: Vec<i64> = m.iter().filter_map(|v| v.as_integer()).collect();
            let mut a: Vec<i64> = items.iter().filter_map(Node::as_i64).collect();
            m.sort_unstable();
            a.sort_unstable();
            m == a
        }
        _ => false,
    }
}

fn shown(answer: &Node) -> String {
    match &answer.value {
        Value::Str(s) => format!("\"{s}\""),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => measures::short_number(*f),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(shown).collect::<Vec<_>>().join(", ")
        ),
        Value::Bool(b) => b.to_string(),
        _ => "this".to_string(),
    }
}

fn wrong_type(q: &Question, answer: &Node, wanted: &str, example: &str) -> Box<Problem> {
    let mut help = format!("write `{example}`");
    if let Value::Str(s) = &answer.value {
        let bare = s.trim().trim_start_matches('$').trim().replace(',', "");
        if s.trim().parse::<f64>().is_ok() {
            help = format!("remove the quotes: `{} = {}`", q.key, s.trim());
        } else if bare.parse::<f64>().is_ok() {
            help = format!(
                "write the number alone, without quotes, $ sign or commas: `{} = {bare}`",
                q.key
            );
        }
    }
    Box::new(
        Problem::new(format!(
            "`{}` should be {wanted}, but this is {}",
            q.key,
            answer.kind()
        ))
        .help(help),
    )
}

fn direction(answer: f64, expected: f64) -> String {
    if expected == 0.0 {
        return "the right value is zero".to_string();
    }
    if answer == 0.0 {
        return "your answer is zero, but the right value is not".to_string();
    }
    if (answer < 0.0) != (expected < 0.0) {
        let (yours, right) = if answer < 0.0 {
            ("negative", "positive")
        } else {
            ("positive", "negative")
        };
        return format!("your answer is {yours}, but the right value is {right}");
    }
    let ratio = answer / expected;
    let how = if ratio > 1.0 { "too high" } else { "too low" };
    let factor = if ratio > 1.0 { ratio } else { 1.0 / ratio };
    if factor >= 1.8 {
        format!(
            "your answer is about {} times {how}",
            measures::short_number((factor * 10.0).round() / 10.0)
        )
    } else {
        format!(
            "your answer is {how}, by about {:.0} %",
            (factor - 1.0) * 100.0
        )
    }
}

/// Evidence from the run against a wrong answer.
fn contradicting(
    q: &Question,
    expected: &Expected,
    answer: &Node,
    run: &Run,
    simulation: &Simulation,
) -> Vec<String> {
    let measure = q.measure.as_deref().unwrap_or("");
    let (base, function) = match measure.split_once('@') {
        Some((b, f)) => (b, simulation.functions.iter().position(|x| x.name == f)),
        None => (measure, None),
    };
    let story = |i: &crate::sim::Invocation| evidence::story(run, simulation, i);
    let request = |n: i64| run.invocations.iter().find(|i| i64::from(i.number) == n);
    if let Some((what, n)) = base.split_once(':') {
        let n: i64 = n.parse().unwrap_or(0);
        if matches!(what, "environment_of_request" | "environment") {
            // Show what the environment the learner named was doing, if it
            // existed then; otherwise the request's own story.
            if let (Some(env), Some(i)) = (answer.as_i64(), request(n)) {
                if let Some(other) = run.invocations.iter().find(|o| {
                    o.environment == Some(env as u32)
                        && o.arrival <= i.arrival
                        && i.arrival < o.end
                        && o.number != i.number
                }) {
                    return vec![format!(
                        "when request {n} arrived at {}, environment {env} was busy with request {} until {}",
                        evidence::at(i.arrival),
                        other.number,
                        evidence::at(other.end)
                    )];
                }
            }
        }
        let per_request = matches!(
            what,
            "billed_ms"
                | "init_ms"
                | "duration_ms"
                | "latency_ms"
                | "version"
                | "throttle_reason"
                | "outcome"
        );
        return if per_request {
            request(n).map(story).into_iter().collect()
        } else {
            Vec::new()
        };
    }
    match (expected, answer.as_f64(), &answer.value) {
        (Expected::List(want), _, Value::Array(items)) => {
            let given: Vec<i64> = items.iter().filter_map(Node::as_i64).collect();
            let missing = want.iter().find(|w| !given.contains(w));
            let extra = given.iter().find(|g| !want.contains(g));
            let mut out = Vec::new();
            for n in extra.into_iter().chain(missing) {
                match request(*n) {
                    Some(i) => out.push(story(i)),
                    None => out.push(format!("there is no request {n} in this run")),
                }
            }
            out.truncate(1);
            out
        }
        (Expected::Count(e), Some(a), _) => {
            let too_high = a > *e as f64;
            let telling = match base {
                "environments" | "cold_starts" | "init_runs" => Some(if too_high {
                    Telling::Reused
                } else {
                    Telling::NewEnvironment
                }),
                "warm_starts" => Some(if too_high {
                    Telling::NewEnvironment
                } else {
                    Telling::Reused
                }),
                "throttles" => Some(if too_high {
                    Telling::Served
                } else {
                    Telling::Throttled
                }),
                "errors" | "timeouts" => Some(if too_high {
                    Telling::Succeeded
                } else {
                    Telling::Failed
                }),
                _ => None,
            };
            match telling {
                Some(t) => evidence::telling_requests(run, function, t)
                    .into_iter()
                    .map(story)
                    .collect(),
                None => attempts(run, simulation, base),
            }
        }
        (Expected::Number(e), Some(a), _) => vec![direction(a, *e)],
        _ => Vec::new(),
    }
}

/// The attempts of asynchronous events and where their records went, for
/// questions about retries and destinations.
fn attempts(run: &Run, simulation: &Simulation, measure: &str) -> Vec<String> {
    let asynchronous = matches!(
        measure,
        "retries"
            | "invocations"
            | "on_failure_deliveries"
            | "on_success_deliveries"
            | "dead_letters"
            | "dropped_events"
    );
    if !asynchronous {
        return Vec::new();
    }
    let mut out: Vec<String> = run
        .invocations
        .iter()
        .filter(|i| i.invocation == crate::sim::InvocationType::Async)
        .take(4)
        .map(|i| evidence::story(run, simulation, i))
        .collect();
    if measure.ends_with("deliveries") || measure == "dead_letters" {
        for d in run.deliveries.iter().take(2) {
            out.push(format!(
                "at {} Lambda sent a record to {}:{} ({}{}, after {} attempt(s))",
                evidence::at(d.at),
                d.target_kind.prefix(),
                d.target,
                if d.dead_letter {
                    "dead-letter queue, "
                } else {
                    ""
                },
                d.condition.name(),
                d.attempts
            ));
        }
    }
    out
}
