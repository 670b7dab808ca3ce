//! Triggers and event sources: API Gateway, schedules, SQS and streams,
//! recursive loops and payload limits, each from a scenario as a learner
//! would write it.

use checker::{render, scenario, sim};

fn run(source: &str) -> (sim::Simulation, sim::Run) {
    let s = scenario::parse(source).unwrap_or_else(|e| panic!("{}", e.report("t.toml", source, 1)));
    let run = sim::run(&s.simulation);
    (s.simulation, run)
}

#[test]
fn api_gateway_answers_504_after_29_seconds_while_the_function_runs_on() {
    let (_, run) = run(r#"
[[function]]
name = "report"
timeout = "60s"
handler = { wait = "40s" }
[[traffic]]
function = "report"
source = "api-gateway"
at = ["0ms"]
"#);
    let i = &run.invocations[0];
    assert!(i.gateway_timeout);
    assert_eq!(
        i.outcome,
        sim::Outcome::Success,
        "the function finished anyway"
    );
    assert_eq!(run.totals.overall().gateway_timeouts, 1);
}

#[test]
fn a_rate_schedule_invokes_asynchronously_at_its_times() {
    let (_, run) = run(r#"
[[function]]
name = "nightly"
[[traffic]]
function = "nightly"
source = "schedule"
schedule = "rate(15 minutes)"
until = "1h"
"#);
    let arrivals: Vec<u64> = run
        .invocations
        .iter()
        .map(|i| i.arrival / 60_000_000)
        .collect();
    assert_eq!(arrivals, vec![0, 15, 30, 45]);
    assert!(run
        .invocations
        .iter()
        .all(|i| i.invocation == sim::InvocationType::Async));
}

const POISON: &str = r#"
name = "sqs-poison"
[[function]]
name = "worker"
timeout = "5s"
handler = { cpu = "20ms" }
[[traffic]]
function = "worker"
source = "sqs"
queue = "orders"
batch_size = 5
visibility_timeout = "30s"
max_receive_count = 3
dead_letter_queue = "orders-dlq"
poison = [3]
burst = 5
"#;

#[test]
fn a_poison_message_fails_its_batch_until_it_is_redriven_to_the_dead_letter_queue() {
    let (sim, run) = run(POISON);
    let t = run.totals.overall();
    // Without partial batch responses the whole batch returns each time:
    // three receives, then all five go to the DLQ (their receive counts are equal).
    assert_eq!(t.invocations, 3);
    assert_eq!(t.errors, 3);
    assert_eq!(t.messages_dead_lettered, 5);
    assert_eq!(t.messages_deleted, 0);
    let mut trace = render::invocation_table(&run);
    for d in &run.deliveries {
        trace.push_str(&format!(
            "at {} ms: {} receives -> {}:{} (dead letter: {})\n",
            d.at / 1_000,
            d.attempts,
            d.target_kind.prefix(),
            d.target,
            d.dead_letter
        ));
    }
    trace.push_str(&render::summary_line(&sim, &run));
    insta::assert_snapshot!(trace);
}

#[test]
fn partial_batch_responses_return_only_the_failed_message() {
    let source = POISON.replace(
        "poison = [3]",
        "poison = [3]\nreport_batch_item_failures = true",
    );
    let (_, run) = run(&source);
    let t = run.totals.overall();
    assert_eq!(t.messages_deleted, 4);
    assert_eq!(t.messages_dead_lettered, 1);
    assert_eq!(
        t.errors, 0,
        "the handler reported the failure instead of throwing"
    );
}

#[test]
fn a_visibility_timeout_shorter_than_the_function_timeout_is_refused() {
    let source = POISON.replace(
        "visibility_timeout = \"30s\"",
        "visibility_timeout = \"3s\"",
    );
    let error = scenario::parse(&source).unwrap_err();
    assert!(error
        .message
        .contains("visibility timeout (3s) is shorter than the function's timeout (5s)"));
}

#[test]
fn a_failing_stream_batch_holds_up_its_shard_and_iterator_age_grows() {
    let (_, run) = run(r#"
[[function]]
name = "stream"
handler = { cpu = "10ms", errors = 0.5 }
[[traffic]]
function = "stream"
source = "kinesis"
batch_size = 10
every = "100ms"
until = "3min"
"#);
    let t = run.totals.overall();
    assert!(t.errors > 0);
    assert_eq!(
        t.records_processed, 1_800,
        "every record is processed in the end"
    );
    let age = run.metrics.per_function[0]
        .iter()
        .map(|m| m.iterator_age_max)
        .max()
        .unwrap();
    assert!(
        age >= 1_000_000,
        "retries delay records by at least a second: {age}"
    );
}

#[test]
fn recursive_loops_are_stopped_after_sixteen_invocations() {
    let (_, run) = run(r#"
[[function]]
name = "loop"
handler = { cpu = "5ms", calls = [{ function = "loop", invocation = "async" }] }
[[traffic]]
function = "loop"
at = ["0ms"]
"#);
    let t = run.totals.overall();
    assert_eq!(t.invocations, 16);
    assert_eq!(t.recursion_dropped, 1);
}

#[test]
fn payloads_over_the_limits_are_rejected_with_413() {
    let (_, run) = run(r#"
[[function]]
name = "upload"
[[traffic]]
function = "upload"
at = ["0ms"]
payload_size = "7MB"
[[traffic]]
function = "upload"
invocation = "async"
at = ["1ms"]
payload_size = "2MB"
[[traffic]]
function = "upload"
invocation = "async"
at = ["2ms"]
payload_size = "900KB"
"#);
    let t = run.totals.overall();
    assert_eq!(t.rejected_too_large, 2);
    assert_eq!(t.invocations, 1);
    assert_eq!(run.invocations[0].outcome, sim::Outcome::RequestTooLarge);
}

const DENIED: &str = r#"
name = "role-without-s3"
[[function]]
name = "thumbnails"
role = "thumbnails-role"
log_group_exists = true
role_policy = '''
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
      "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/thumbnails:*"
    }
  ]
}
'''
handler = { cpu = "10ms", aws_calls = [{ action = "s3:GetObject", resource = "arn:aws:s3:::photos/cat.jpg" }] }
[[traffic]]
function = "thumbnails"
at = ["0ms"]
"#;

#[test]
fn a_role_without_the_permission_fails_the_call_as_aws_does() {
    let (_, run) = run(DENIED);
    assert_eq!(run.invocations[0].outcome, sim::Outcome::AccessDenied);
    let mut report = run.access_denied.join("\n");
    report.push_str(&format!("\nlogs lost: {:?}", run.logs_lost[0]));
    insta::assert_snapshot!(report);
}

#[test]
fn without_log_permissions_there_are_no_logs() {
    let source = DENIED.replace("logs:CreateLogStream", "s3:GetObject");
    let (_, run) = run(&source);
    assert!(run.logs_lost[0]
        .as_deref()
        .unwrap()
        .contains("logs:CreateLogStream"));
}

#[test]
fn a_broken_role_policy_is_located_inside_the_scenario() {
    let source = DENIED.replace("\"Effect\": \"Allow\",", "\"Effect\": \"Allow\"");
    let error = scenario::parse(&source).unwrap_err();
    insta::assert_snapshot!(error.report("scenario.toml", &source, 1));
}

#[test]
fn a_vpc_function_reaches_the_internet_only_through_a_nat_gateway() {
    let scenario = |route: &str| {
        format!(
            "[[function]]\nname = \"weather\"\nvpc = {{ route = \"{route}\" }}\nhandler = {{ wait = \"50ms\", internet = true }}\n[[traffic]]\nfunction = \"weather\"\nat = [\"0ms\"]\n"
        )
    };
    for (route, outcome) in [
        ("nat-gateway", sim::Outcome::Success),
        ("internet-gateway", sim::Outcome::Timeout),
        ("none", sim::Outcome::Timeout),
    ] {
        let (_, run) = run(&scenario(route));
        assert_eq!(run.invocations[0].outcome, outcome, "route {route}");
    }
    // No per-cold-start penalty for the VPC attachment.
    let (_, with) = run(&scenario("nat-gateway"));
    let (_, without) = run("[[function]]\nname = \"weather\"\nhandler = { wait = \"50ms\", internet = true }\n[[traffic]]\nfunction = \"weather\"\nat = [\"0ms\"]\n");
    assert_eq!(with.invocations[0].end, without.invocations[0].end);
}

/// A message that always fails, with no `max_receive_count`, comes back
/// forever, as it would on SQS until its retention ran out: the run stops at
/// the horizon and says so, instead of never ending.
#[test]
fn a_message_that_always_fails_stops_the_run_at_the_horizon() {
    let forever = POISON
        .replace("max_receive_count = 3\n", "")
        .replace("dead_letter_queue = \"orders-dlq\"\n", "");
    let (_, forever) = run(&forever);
    assert_eq!(forever.stopped, Some(sim::Stopped::Horizon));
    assert!(forever.end <= sim::HORIZON, "{}", forever.end);
    assert!(forever
        .stopped
        .unwrap()
        .help()
        .contains("max_receive_count"));
    // With its redrive policy the same queue ends by itself.
    let (_, redriven) = run(POISON);
    assert_eq!(redriven.stopped, None);
}

/// A function allowed to call itself never stops; the run stops at the most
/// requests it may keep, long before the memory fills.
#[test]
fn a_function_calling_itself_forever_stops_at_the_request_limit() {
    let (_, run) = run(r#"
[[function]]
name = "echo"
recursion = "allow"
handler = { cpu = "1ms", calls = [{ function = "echo", invocation = "async" }] }
[[traffic]]
function = "echo"
at = ["0ms"]
"#);
    assert_eq!(
        run.stopped,
        Some(sim::Stopped::TooManyRequests { recorded: true })
    );
    // The request past the limit is the last one made (and is cut off).
    assert_eq!(run.invocations.len() as u64, sim::MAX_RECORDED_REQUESTS + 1);
    assert!(run
        .stopped
        .unwrap()
        .message()
        .contains("1,000,000 requests"));
}

/// Long but finite: traffic on day 29 whose message is retried every 12
/// hours, five times, then redriven, ends well inside the horizon.
#[test]
fn a_long_run_that_ends_is_not_stopped() {
    let late = POISON
        .replace(
            "visibility_timeout = \"30s\"",
            "visibility_timeout = \"12h\"",
        )
        .replace("max_receive_count = 3", "max_receive_count = 5")
        .replace("burst = 5", "burst = 5\nat = \"696h\"");
    let (_, run) = run(&late);
    assert_eq!(run.stopped, None);
    // Without partial batch responses the whole batch fails with it, and all
    // five messages end in the dead-letter queue.
    assert_eq!(run.deliveries.len(), 5);
    assert!(run.deliveries.iter().all(|d| d.dead_letter));
}
