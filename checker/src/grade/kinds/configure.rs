//! Configure: the learner writes a function's configuration as the AWS CLI
//! takes it (`function.json`, `concurrency.json`, ...). It is checked as
//! Lambda checks it, then applied to the chapter's scenario, which is run as
//! in the figure and in hidden variants (other seeds, more traffic, arrivals
//! moved a little): every objective must hold in every run.

use super::super::answers::{Doc, Node, Place};
use super::super::catalogue::{Exercise, Objective, Target, Variant};
use super::super::evidence::{self, Telling};
use super::super::lambda_api::{self, parse_arn, Api};
use super::super::measures::{self, short_number, Expected};
use super::super::{variants, Problem, Verdict};
use super::{design, rules};
use crate::sim::{
    self, config::runtime_start, Alias, Architecture, Destination, DestinationKind, Qualifier, Run,
    Simulation, Version, UNRESERVED_MINIMUM,
};

pub fn grade(exercise: &Exercise, docs: &[Doc]) -> Verdict {
    let problems = check(exercise, docs);
    if problems.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(problems)
    }
}

/// Every problem of a configure (or design) answer, in the order a learner
/// should fix them: the documents' shapes, their values, the rules, and the
/// objectives on the simulated runs.
pub fn check(exercise: &Exercise, docs: &[Doc]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for doc in docs {
        if let Some(api) = Api::of_file(&doc.file) {
            problems.extend(lambda_api::check_shape(api, doc));
        } else if doc.file.ends_with("function.json") {
            problems.extend(lambda_api::function_problems(doc));
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    problems.extend(design::check_choices(exercise, docs));
    problems.extend(rules::check(exercise, docs));
    if exercise.manifest.objectives.is_empty() {
        return problems;
    }
    let base = match configured(exercise, docs) {
        Ok(simulation) => simulation,
        Err(mut p) => {
            problems.append(&mut p);
            return problems;
        }
    };
    problems.extend(objectives(exercise, docs, &base));
    problems
}

/// The name of the function a document configures, from `FunctionName`
/// (a name or an ARN).
fn function_name(node: &Node) -> Option<&str> {
    let text = node.as_str()?;
    if text.starts_with("arn:") {
        let parts: Vec<&str> = text.split(':').collect();
        return parts.get(6).copied();
    }
    Some(text.split(':').next().unwrap_or(text))
}

/// The scenario with the learner's configuration applied.
pub fn configured(exercise: &Exercise, docs: &[Doc]) -> Result<Simulation, Vec<Problem>> {
    let m = &exercise.manifest;
    let scenario = m.scenarios.first().ok_or_else(|| {
        vec![Problem::new(
            "this exercise names no scenario (a bug of the course)",
        )]
    })?;
    let mut simulation = super::super::catalogue::find_scenario(scenario)
        .map_err(|e| vec![Problem::new(e)])?
        .simulation;
    let Some(target) = &m.target else {
        design::apply_calls(exercise, docs, &mut simulation)?;
        return Ok(simulation);
    };
    let f = simulation
        .functions
        .iter()
        .position(|x| x.name == target.function)
        .ok_or_else(|| {
            vec![Problem::new(format!(
                "the scenario has no function `{}` (a bug of the course)",
                target.function
            ))]
        })?;
    if target.alone {
        simulation.traffic.retain(|t| t.function == f);
    }
    if let Some(name) = &target.function_name {
        simulation.functions[f].name = name.clone();
    }
    if let Some(alias) = &target.alias {
        let function = &mut simulation.functions[f];
        // The chapter's scenario may publish the version and alias itself.
        if !function.aliases.iter().any(|a| &a.name == alias) {
            if function.versions.is_empty() {
                function.versions.push(Version::default());
            }
            function.aliases.push(Alias {
                name: alias.clone(),
                version: 1,
                additional: None,
            });
        }
        for t in simulation.traffic.iter_mut().filter(|t| t.function == f) {
            t.qualifier = Qualifier::Alias(alias.clone());
        }
    }
    let mut problems = Vec::new();
    for doc in docs {
        let api = Api::of_file(&doc.file);
        let is_function = doc.file.ends_with("function.json");
        if api.is_none() && !is_function {
            continue;
        }
        if let Some(p) = wrong_function(doc, target) {
            problems.push(p);
            continue;
        }
        let result = match api {
            None => apply_function(doc, &mut simulation, f),
            Some(Api::PutFunctionConcurrency) => apply_reserved(doc, &mut simulation, f),
            Some(Api::PutProvisionedConcurrencyConfig) => {
                apply_provisioned(doc, &mut simulation, f, target)
            }
            Some(Api::PutFunctionEventInvokeConfig) => apply_async(doc, &mut simulation, f),
            _ => Ok(()),
        };
        if let Err(mut p) = result {
            problems.append(&mut p);
        }
    }
    if let Err(mut p) = design::apply_calls(exercise, docs, &mut simulation) {
        problems.append(&mut p);
    }
    if problems.is_empty() {
        Ok(simulation)
    } else {
        Err(problems)
    }
}

fn wrong_function(doc: &Doc, target: &Target) -> Option<Problem> {
    let node = doc.root.get("FunctionName")?;
    let wanted = target.name();
    let name = function_name(node)?;
    (name != wanted).then(|| {
        Problem::new(format!(
            "ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:123456789012:function:{name}"
        ))
        .at(doc.place_node(node))
        .help(format!("this exercise configures the function `{wanted}`"))
    })
}

fn int(doc: &Doc, key: &str) -> Option<(i64, Place)> {
    let node = doc.root.get(key)?;
    Some((node.as_i64()?, doc.place_node(node)))
}

fn apply_function(doc: &Doc, simulation: &mut Simulation, f: usize) -> Result<(), Vec<Problem>> {
    let function = &mut simulation.functions[f];
    let default_start = runtime_start(&function.runtime, function.architecture);
    let start_was_default = function.runtime_start == default_start;
    if let Some((reserved, _)) = int(doc, "ReservedConcurrentExecutions") {
        function.reserved_concurrency = Some(reserved as u32);
    }
    if let Some((memory, _)) = int(doc, "MemorySize") {
        function.memory_mb = memory as u32;
    }
    if let Some((timeout, _)) = int(doc, "Timeout") {
        function.timeout = timeout as u64 * sim::time::SECOND;
    }
    if let Some(runtime) = doc.root.get("Runtime").and_then(Node::as_str) {
        function.runtime = runtime.to_string();
    }
    if let Some(arch) = doc
        .root
        .get("Architectures")
        .and_then(|a| a.items().first())
        .and_then(Node::as_str)
    {
        function.architecture = if arch == "arm64" {
            Architecture::Arm64
        } else {
            Architecture::X86_64
        };
    }
    if start_was_default {
        function.runtime_start = runtime_start(&function.runtime, function.architecture);
    }
    Ok(())
}

fn apply_reserved(doc: &Doc, simulation: &mut Simulation, f: usize) -> Result<(), Vec<Problem>> {
    let Some((reserved, place)) = int(doc, "ReservedConcurrentExecutions") else {
        return Ok(());
    };
    if reserved < 0 {
        return Err(vec![Problem::new(format!(
            "InvalidParameterValueException: ReservedConcurrentExecutions must be 0 or more, found {reserved}"
        ))
        .at(place)]);
    }
    let quota = simulation.options.account_concurrency;
    let minimum = UNRESERVED_MINIMUM.min(quota);
    let others: u32 = simulation
        .functions
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != f)
        .filter_map(|(_, x)| x.reserved_concurrency)
        .sum();
    if i64::from(quota) - i64::from(others) - reserved < i64::from(minimum) {
        return Err(vec![Problem::new(format!(
            "InvalidParameterValueException: Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{minimum}]"
        ))
        .at(place)
        .help(format!(
            "the account allows {quota} concurrent executions and at least {minimum} must stay unreserved"
        ))]);
    }
    simulation.functions[f].reserved_concurrency = Some(reserved as u32);
    Ok(())
}

fn apply_provisioned(
    doc: &Doc,
    simulation: &mut Simulation,
    f: usize,
    target: &Target,
) -> Result<(), Vec<Problem>> {
    let name = target.name();
    if let Some(node) = doc.root.get("Qualifier") {
        let qualifier = node.as_str().unwrap_or("");
        if qualifier == "$LATEST" {
            return Err(vec![Problem::new(
                "InvalidParameterValueException: Provisioned Concurrency Configs cannot be applied to unpublished function versions.",
            )
            .at(doc.place_node(node))
            .help("provisioned concurrency is set on a published version or an alias, never on $LATEST")]);
        }
        let alias = target.alias.as_deref().unwrap_or("");
        if qualifier != alias && qualifier != "1" {
            return Err(vec![Problem::new(format!(
                "ResourceNotFoundException: Cannot find alias arn: arn:aws:lambda:us-east-1:123456789012:function:{name}:{qualifier}"
            ))
            .at(doc.place_node(node))
            .help(format!(
                "the traffic calls the alias `{name}:{alias}`, which points at version 1: set the Qualifier to `{alias}`"
            ))]);
        }
    }
    let Some((n, place)) = int(doc, "ProvisionedConcurrentExecutions") else {
        return Ok(());
    };
    if n < 1 {
        return Err(vec![Problem::new(format!(
            "InvalidParameterValueException: ProvisionedConcurrentExecutions must be at least 1, found {n}"
        ))
        .at(place)
        .help("to remove provisioned concurrency you delete the configuration instead")]);
    }
    simulation.functions[f].provisioned_concurrency = n as u32;
    Ok(())
}

fn apply_async(doc: &Doc, simulation: &mut Simulation, f: usize) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    let config = &mut simulation.functions[f].async_config;
    if let Some((retries, place)) = int(doc, "MaximumRetryAttempts") {
        if (0..=2).contains(&retries) {
            config.max_retries = retries as u32;
        } else {
            problems.push(
                Problem::new(format!(
                    "InvalidParameterValueException: MaximumRetryAttempts must be between 0 and 2, found {retries}"
                ))
                .at(place)
                .help("Lambda retries a failed asynchronous event at most twice"),
            );
        }
    }
    if let Some((age, place)) = int(doc, "MaximumEventAgeInSeconds") {
        if (60..=21_600).contains(&age) {
            config.max_event_age = age as u64 * sim::time::SECOND;
        } else {
            problems.push(
                Problem::new(format!(
                    "InvalidParameterValueException: MaximumEventAgeInSeconds must be between 60 and 21600, found {age}"
                ))
                .at(place)
                .help("the maximum event age goes from 1 minute to 6 hours, in seconds"),
            );
        }
    }
    let destinations = doc.root.get("DestinationConfig");
    for (key, on_failure) in [("OnSuccess", false), ("OnFailure", true)] {
        if let Some(node) = destinations
            .and_then(|d| d.get(key))
            .and_then(|d| d.get("Destination"))
        {
            match destination(doc, node, on_failure) {
                Ok(d) if on_failure => config.on_failure = d,
                Ok(d) => config.on_success = d,
                Err(p) => problems.push(*p),
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A destination or dead-letter queue from its ARN.
fn destination(
    doc: &Doc,
    node: &Node,
    on_failure: bool,
) -> Result<Option<Destination>, Box<Problem>> {
    let text = node.as_str().unwrap_or("");
    if text.is_empty() {
        return Ok(None);
    }
    let bad = |why: String, help: &str| {
        Box::new(
            Problem::new(format!("InvalidParameterValueException: {why}"))
                .at(doc.place_node(node))
                .help(help.to_string()),
        )
    };
    let Some(arn) = parse_arn(text) else {
        return Err(bad(
            format!("`{text}` is not an ARN"),
            "a destination is an ARN, e.g. arn:aws:sqs:us-east-1:123456789012:failed-orders",
        ));
    };
    let (kind, name) = match arn.service.as_str() {
        "sqs" => (DestinationKind::Sqs, arn.resource.clone()),
        "sns" => (DestinationKind::Sns, arn.resource.clone()),
        "lambda" => (
            DestinationKind::Lambda,
            arn.resource.trim_start_matches("function:").to_string(),
        ),
        "events" => (
            DestinationKind::EventBridge,
            arn.resource.trim_start_matches("event-bus/").to_string(),
        ),
        "s3" => (DestinationKind::S3, arn.resource.clone()),
        other => {
            return Err(bad(
                format!("`{other}` cannot be a destination"),
                "destinations are SQS queues, SNS topics, Lambda functions, EventBridge buses, and S3 buckets for failures",
            ))
        }
    };
    if kind == DestinationKind::S3 && !on_failure {
        return Err(bad(
            "an S3 bucket can be an on-failure destination only".to_string(),
            "use SQS, SNS, Lambda or EventBridge for successes",
        ));
    }
    Ok(Some(Destination { kind, name }))
}

/// One run of the configured scenario.
pub struct Trial {
    pub variant: Variant,
    pub simulation: Simulation,
    pub run: Run,
}

/// The variants an exercise is graded on: its own, or the figure alone.
fn variants_of(exercise: &Exercise) -> Vec<Variant> {
    if exercise.manifest.variants.is_empty() {
        vec![Variant {
            name: "as in the figure".to_string(),
            ..Variant::default()
        }]
    } else {
        exercise.manifest.variants.clone()
    }
}

pub fn trials(exercise: &Exercise, base: &Simulation) -> Result<Vec<Trial>, String> {
    variants_of(exercise)
        .into_iter()
        .map(|variant| {
            let mut simulation = base.clone();
            variants::apply(&mut simulation, &variant)?;
            let run = sim::run_to_end(&simulation).map_err(super::course_fault)?;
            Ok(Trial {
                variant,
                simulation,
                run,
            })
        })
        .collect()
}

/// How a variant is named in feedback.
fn describe(v: &Variant) -> String {
    if !v.hidden {
        return format!("in the scenario {}", v.name);
    }
    let mut parts = Vec::new();
    if let Some(t) = v.traffic {
        if t >= 2.0 {
            parts.push(format!("{} times the requests", short_number(t)));
        } else if t >= 1.0 {
            parts.push(format!("{:.0} % more requests", (t - 1.0) * 100.0));
        } else {
            parts.push(format!("{:.0} % fewer requests", (1.0 - t) * 100.0));
        }
    }
    if let Some(j) = &v.jitter {
        parts.push(format!("arrivals moved by up to {j}"));
    }
    if let Some(w) = v.work {
        if w >= 10.0 {
            parts.push("calls that never come back in time".to_string());
        } else {
            parts.push(format!("handlers {:.0} % slower", (w - 1.0) * 100.0));
        }
    }
    if let Some(e) = v.errors {
        parts.push(format!("{:.0} % of attempts failing", e * 100.0));
    }
    if let Some(s) = v.seed {
        parts.push(format!("seed {s}"));
    }
    let what = if v.name.is_empty() {
        String::new()
    } else {
        format!("\"{}\": ", v.name)
    };
    format!("in a hidden variant ({what}{})", parts.join(", "))
}

fn value_of(objective: &Objective, trial: &Trial) -> Result<f64, String> {
    match measures::measure(&objective.measure, &trial.run, &trial.simulation)? {
        Expected::Count(n) => Ok(n as f64),
        Expected::Number(x) => Ok(x),
        Expected::List(l) => Ok(l.len() as f64),
        Expected::Text(t) => Err(format!("measure `{}` is text ({t})", objective.measure)),
    }
}

fn applies(objective: &Objective, trial: &Trial) -> bool {
    objective.variants.is_empty() || objective.variants.contains(&trial.variant.name)
}

/// The first trial on which the objective fails, with the measured value.
fn first_failure<'t>(
    objective: &Objective,
    trials: &'t [Trial],
) -> Result<Option<(&'t Trial, f64)>, String> {
    for trial in trials.iter().filter(|t| applies(objective, t)) {
        let value = value_of(objective, trial)?;
        let too_high = objective.at_most.is_some_and(|m| value > m + 1e-9);
        let too_low = objective.at_least.is_some_and(|m| value < m - 1e-9);
        if too_high || too_low {
            return Ok(Some((trial, value)));
        }
    }
    Ok(None)
}

fn objectives(exercise: &Exercise, docs: &[Doc], base: &Simulation) -> Vec<Problem> {
    let all = &exercise.manifest.objectives;
    let trials = match trials(exercise, base) {
        Ok(t) => t,
        Err(e) => return vec![Problem::new(format!("the scenario cannot be run: {e}"))],
    };
    let mut problems = Vec::new();
    for objective in all.iter().filter(|o| o.cost_within.is_none()) {
        match first_failure(objective, &trials) {
            Ok(None) => {}
            Ok(Some((trial, value))) => problems.push(failure(objective, docs, trial, value)),
            Err(e) => problems.push(Problem::new(format!(
                "cannot measure `{}`: {e}",
                objective.measure
            ))),
        }
    }
    if problems.is_empty() {
        for objective in all.iter().filter(|o| o.cost_within.is_some()) {
            if let Some(p) = cost_check(exercise, objective, docs, base, &trials) {
                problems.push(p);
            }
        }
    }
    problems
}

/// The place an objective's feedback points at: the setting it depends on.
fn place_of(objective: &Objective, docs: &[Doc]) -> Option<Place> {
    let key = objective.key.as_deref()?;
    for doc in docs {
        if let Some(entry) = doc.root.entry(key) {
            return Some(doc.place_node(&entry.node));
        }
    }
    docs.iter()
        .find(|d| d.file.ends_with(".json"))
        .map(|d| d.place_top())
}

fn failure(objective: &Objective, docs: &[Doc], trial: &Trial, value: f64) -> Problem {
    let limit = match (objective.at_most, objective.at_least) {
        (Some(0.0), _) => "zero".to_string(),
        (Some(m), _) => format!("at most {}", amount(&objective.measure, m)),
        (_, Some(m)) => format!("at least {}", amount(&objective.measure, m)),
        _ => String::new(),
    };
    let mut p = Problem::new(format!(
        "goal not met: {} ({}; the goal is {limit})",
        objective.goal,
        said(&objective.measure, value)
    ))
    .at_opt(place_of(objective, docs));
    let not_set = objective
        .key
        .as_deref()
        .is_some_and(|k| docs.iter().all(|d| d.root.get(k).is_none()));
    if not_set {
        p = p.evidence(format!(
            "`{}` is not set, so Lambda's default applies",
            objective.key.as_deref().unwrap_or("")
        ));
    }
    p = p.evidence(format!(
        "{}: {}",
        capitalize(&describe(&trial.variant)),
        telling(objective, trial)
    ));
    if !objective.why.is_empty() {
        p = p.help(objective.why.clone());
    }
    p
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A value of a measure with its unit: `706 ms`, `2700.1 s`, `120 s`, `3`.
fn amount(measure: &str, value: f64) -> String {
    let base = measure.split('@').next().unwrap_or(measure);
    if base.ends_with("_ms") {
        if value >= 10_000.0 {
            format!("{:.1} s", value / 1_000.0)
        } else {
            format!("{} ms", short_number(value))
        }
    } else if base.ends_with("_s") {
        format!("{} s", short_number(value))
    } else {
        short_number(value)
    }
}

/// What a measure's value says, in words: "2 requests of checkout were
/// throttled", "the p99 latency of quote-api was 706 ms".
fn said(measure: &str, value: f64) -> String {
    let (base, function) = match measure.split_once('@') {
        Some((b, f)) => (b, f),
        None => (measure, "the functions"),
    };
    let v = short_number(value);
    let with_unit = amount(measure, value);
    let one = value == 1.0;
    let s = |singular: &str, plural: &str| {
        if one {
            singular.to_string()
        } else {
            plural.to_string()
        }
    };
    match base {
        "throttles" => format!(
            "{v} {} of {function} {} throttled",
            s("request", "requests"),
            s("was", "were")
        ),
        "timeouts" => format!(
            "{v} {} of {function} timed out",
            s("invocation", "invocations")
        ),
        "errors" => format!(
            "{v} {} of {function} failed",
            s("invocation", "invocations")
        ),
        "cold_starts" => format!(
            "{v} {} of {function} started cold",
            s("request", "requests")
        ),
        "spillover_invocations" => format!(
            "{v} {} spilled over to on-demand environments",
            s("request", "requests")
        ),
        "dropped_events" => format!("{v} {} dropped", s("event was", "events were")),
        "on_failure_deliveries" => format!(
            "{v} {} to the on-failure destination",
            s("record went", "records went")
        ),
        "retries" => format!("Lambda made {v} {}", s("retry", "retries")),
        "p99_ms" => format!("the p99 latency of {function} was {with_unit}"),
        "p50_ms" => format!("the median latency of {function} was {with_unit}"),
        "duration_p99_ms" => format!("the p99 of Duration of {function} was {with_unit}"),
        "max_concurrency" => format!("up to {v} requests of {function} ran at once"),
        "cost_usd" => format!("{function} cost ${v}"),
        "billed_ms" => format!("{function} was billed {with_unit}"),
        "delivery_delay_s" => {
            format!("the last failed event reached its destination {with_unit} after it arrived")
        }
        other => format!("{other} was {v}"),
    }
}

/// The request (or fact) that best shows why the objective failed.
fn telling(objective: &Objective, trial: &Trial) -> String {
    let (base, function) = match objective.measure.split_once('@') {
        Some((b, f)) => (
            b,
            trial.simulation.functions.iter().position(|x| x.name == f),
        ),
        None => (objective.measure.as_str(), None),
    };
    let run = &trial.run;
    let story = |i: &sim::Invocation| evidence::story(run, &trial.simulation, i);
    let pick = |t: Telling| {
        evidence::telling_requests(run, function, t)
            .first()
            .map(|i| story(i))
            .unwrap_or_default()
    };
    let of_function = |i: &&sim::Invocation| function.is_none_or(|f| i.function == f);
    match base {
        "throttles" => pick(Telling::Throttled),
        "timeouts" | "errors" => pick(Telling::Failed),
        "cold_starts" | "spillover_invocations" => run
            .invocations
            .iter()
            .filter(of_function)
            .find(|i| i.start == sim::StartKind::Cold)
            .map(story)
            .unwrap_or_default(),
        "p99_ms" | "p50_ms" | "duration_p99_ms" => {
            let slowest = run
                .invocations
                .iter()
                .filter(of_function)
                .filter(|i| i.environment.is_some())
                .max_by_key(|i| {
                    if base == "duration_p99_ms" {
                        i.duration
                    } else {
                        i.latency()
                    }
                });
            match slowest {
                Some(i) => {
                    let f = &trial.simulation.functions[i.function];
                    let mut text = format!("the slowest was {}", story(i));
                    let waits: Vec<&sim::Invocation> = run
                        .invocations
                        .iter()
                        .filter(|c| {
                            c.caller == Some(i.number) && c.invocation == sim::InvocationType::Sync
                        })
                        .collect();
                    if !waits.is_empty() {
                        let waited: u64 = waits.iter().map(|c| c.latency()).sum();
                        let names: Vec<String> = waits
                            .iter()
                            .map(|c| {
                                format!("request {} ({})", c.number, run.functions[c.function])
                            })
                            .collect();
                        text.push_str(&format!(
                            ". Of that, it spent {} waiting for its synchronous calls: {}",
                            evidence::span(waited),
                            names.join(", ")
                        ));
                    } else if f.handler.cpu > 0 && f.vcpu_share() < 1.0 {
                        text.push_str(&format!(
                            ". At {} MB the function gets {:.2} of a vCPU, so its CPU work runs {:.1} times slower than at 1,769 MB",
                            f.memory_mb,
                            f.vcpu_share(),
                            1.0 / f.vcpu_share()
                        ));
                    }
                    text
                }
                None => "no request ran".to_string(),
            }
        }
        "max_concurrency" => peak(run, function),
        "billed_ms" => {
            let attempts: Vec<&sim::Invocation> = run
                .invocations
                .iter()
                .filter(of_function)
                .filter(|i| i.environment.is_some())
                .collect();
            let total: u64 = attempts.iter().map(|i| i.billed_ms).sum();
            match attempts.first() {
                Some(first) => format!(
                    "{}; its {} attempt(s) were billed {} in all",
                    story(first),
                    attempts.len(),
                    evidence::span(total * 1_000)
                ),
                None => "nothing ran".to_string(),
            }
        }
        "cost_usd" => cost_words(run),
        "dropped_events"
        | "on_failure_deliveries"
        | "retries"
        | "dead_letters"
        | "delivery_delay_s" => {
            let mut out: Vec<String> = run
                .deliveries
                .iter()
                .take(1)
                .map(|d| {
                    format!(
                        "at {} Lambda sent a record to {}:{} ({}, after {} attempt{})",
                        evidence::at(d.at),
                        d.target_kind.prefix(),
                        d.target,
                        d.condition.name(),
                        d.attempts,
                        if d.attempts == 1 { "" } else { "s" }
                    )
                })
                .collect();
            let t = run.totals.overall();
            out.push(format!(
                "in all: {} event(s) received, {} retries, {} sent to an on-failure destination, {} to a dead-letter queue, {} dropped",
                t.async_received, t.retries, t.on_failure_deliveries, t.dead_letters, t.async_dropped
            ));
            out.join("; ")
        }
        _ => String::new(),
    }
}

/// When the most requests ran at once, and which.
fn peak(run: &Run, function: Option<usize>) -> String {
    let spans: Vec<&sim::Invocation> = run
        .invocations
        .iter()
        .filter(|i| i.environment.is_some() && function.is_none_or(|f| i.function == f))
        .collect();
    let best = spans
        .iter()
        .map(|i| {
            let running: Vec<u32> = spans
                .iter()
                .filter(|o| o.arrival <= i.arrival && i.arrival < o.end)
                .map(|o| o.number)
                .collect();
            (running.len(), i.arrival, running)
        })
        .max_by_key(|(n, at, _)| (*n, std::cmp::Reverse(*at)));
    match best {
        Some((n, at, running)) => {
            let shown: Vec<String> = running.iter().take(8).map(u32::to_string).collect();
            let more = if running.len() > 8 { ", ..." } else { "" };
            format!(
                "at {} {n} requests ran at once (requests {}{more})",
                evidence::at(at),
                shown.join(", ")
            )
        }
        None => "no request ran".to_string(),
    }
}

fn cost_words(run: &Run) -> String {
    let c = &run.cost;
    format!(
        "the run cost ${}: requests ${}, duration ${} ({} GB-s), provisioned concurrency ${}",
        short_number(c.total_usd()),
        short_number(c.request_usd),
        short_number(c.duration_usd),
        short_number(c.gb_seconds),
        short_number(c.provisioned_usd)
    )
}

/// Memory sizes tried to find the cheapest configuration.
fn memory_candidates() -> Vec<u32> {
    let mut sizes: Vec<u32> = (128..=10_240).step_by(64).collect();
    sizes.push(1_769);
    sizes.sort_unstable();
    sizes
}

/// Whether a memory size meets every objective other than cost.
fn meets_others(exercise: &Exercise, base: &Simulation, f: usize, memory: u32) -> Option<f64> {
    let mut simulation = base.clone();
    simulation.functions[f].memory_mb = memory;
    let trials = trials(exercise, &simulation).ok()?;
    for objective in exercise
        .manifest
        .objectives
        .iter()
        .filter(|o| o.cost_within.is_none())
    {
        if first_failure(objective, &trials).ok()?.is_some() {
            return None;
        }
    }
    let first = trials.first()?;
    Some(measures::function_cost(&first.run, &first.simulation, f))
}

fn cost_check(
    exercise: &Exercise,
    objective: &Objective,
    docs: &[Doc],
    base: &Simulation,
    trials: &[Trial],
) -> Option<Problem> {
    let target = exercise.manifest.target.as_ref()?;
    let f = base
        .functions
        .iter()
        .position(|x| x.name == target.name())?;
    let factor = objective.cost_within?;
    let first = trials.first()?;
    let mine = measures::function_cost(&first.run, &first.simulation, f);
    let (best_memory, best) = memory_candidates()
        .into_iter()
        .filter_map(|m| meets_others(exercise, base, f, m).map(|c| (m, c)))
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    if mine <= best * factor + 1e-15 {
        return None;
    }
    let memory = base.functions[f].memory_mb;
    let mut p = Problem::new(format!(
        "goal not met: {} (this configuration costs {:.1} times as much as the cheapest one that meets the other goals; the goal is at most {})",
        objective.goal,
        mine / best,
        short_number(factor)
    ))
    .at_opt(place_of(objective, docs))
    .evidence(format!(
        "In the scenario {}: at {memory} MB, {} cost ${}",
        trials[0].variant.name,
        base.functions[f].name,
        short_number(mine)
    ));
    let near = if best_memory < memory { "less" } else { "more" };
    p = p.evidence(format!(
        "a memory size with {near} memory meets every other goal and costs ${}",
        short_number(best)
    ));
    if !objective.why.is_empty() {
        p = p.help(objective.why.clone());
    }
    Some(p)
}
