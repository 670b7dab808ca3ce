//! Behaviour of the simulator on small hand-made cases.

use super::engine::millis;
use super::*;

fn one_function(f: Function, at: &[u64]) -> Simulation {
    Simulation {
        options: Options::default(),
        functions: vec![f],
        traffic: vec![Traffic {
            function: 0,
            qualifier: Qualifier::Latest,
            invocation: InvocationType::Sync,
            arrivals: Arrivals::At(at.iter().map(|ms| millis(*ms)).collect()),
            payload_bytes: 1_000,
            source: Source::Direct,
        }],
    }
}

fn slow_function() -> Function {
    let mut f = Function::new("api");
    f.memory_mb = 1769;
    f.handler.cpu = millis(1_000);
    f.init.cpu = millis(58); // + 142 ms runtime start = 200 ms INIT
    f
}

#[test]
fn five_overlapping_requests_start_five_environments_and_the_sixth_reuses_one() {
    let run = run(&one_function(
        slow_function(),
        &[0, 100, 200, 300, 400, 1_250],
    ));
    let envs: Vec<_> = run
        .invocations
        .iter()
        .map(|i| i.environment.unwrap())
        .collect();
    assert_eq!(envs[..5], [1, 2, 3, 4, 5]);
    assert_eq!(run.totals.overall().cold_starts, 5);
    assert_eq!(run.invocations[5].start, StartKind::Warm);
    // Request 1 ended at 1,206 ms (download 6 ms + INIT 200 ms + 1 s): only env 1 is idle at 1,250 ms.
    assert_eq!(envs[5], 1);
}

#[test]
fn the_most_recently_used_idle_environment_is_reused() {
    // Env 1 serves requests 1 and 3 and is the last to freeze (at 2.3 s); env 2
    // froze at 1.306 s. Request 4 goes to env 1, the most recently used, though
    // env 2 is newer.
    let run = run(&one_function(slow_function(), &[0, 100, 1_300, 5_000]));
    assert_eq!(run.invocations[2].environment, Some(1));
    assert!(run.invocations[2].end > run.invocations[1].end);
    assert_eq!(run.invocations[3].environment, Some(1));
}

#[test]
fn cold_start_has_download_init_and_billed_init() {
    let run = run(&one_function(slow_function(), &[0]));
    let i = &run.invocations[0];
    assert_eq!(i.start, StartKind::Cold);
    assert_eq!(i.download, millis(6));
    assert_eq!(i.init, millis(200));
    assert_eq!(i.duration, millis(1_000));
    assert_eq!(i.billed_ms, 1_200);
}

#[test]
fn before_august_2025_init_was_not_billed() {
    let mut sim = one_function(slow_function(), &[0]);
    sim.options.init_billing = InitBilling::Before2025;
    assert_eq!(run(&sim).invocations[0].billed_ms, 1_000);
}

#[test]
fn reserved_concurrency_throttles_the_third_request() {
    let mut f = slow_function();
    f.reserved_concurrency = Some(2);
    let run = run(&one_function(f, &[0, 10, 20]));
    assert_eq!(
        run.invocations[2].outcome,
        Outcome::Throttled(ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded)
    );
    assert_eq!(run.totals.overall().throttles, 1);
}

#[test]
fn account_limit_throttles_unreserved_functions() {
    let mut sim = one_function(slow_function(), &[0, 10, 20]);
    sim.options.account_concurrency = 2;
    let run = run(&sim);
    assert_eq!(
        run.invocations[2].outcome,
        Outcome::Throttled(ThrottleReason::ConcurrentInvocationLimitExceeded)
    );
}

#[test]
fn timeout_resets_the_environment_and_the_next_request_reinitialises() {
    let mut f = slow_function();
    f.timeout = millis(500);
    f.handler.cpu = millis(100);
    f.handler.wait = millis(0);
    let mut sim = one_function(f, &[0, 1_000]);
    sim.functions[0].versions.clear();
    // The first request waits 600 ms on the network: longer than its timeout.
    sim.functions[0].handler.wait = millis(600);
    let run = run(&sim);
    assert_eq!(run.invocations[0].outcome, Outcome::Timeout);
    assert_eq!(run.invocations[0].duration, millis(500));
    assert_eq!(run.invocations[1].start, StartKind::Reinit);
    assert_eq!(run.invocations[1].environment, Some(1));
    // Today's log format: the REPORT line says so, with no extra line; the
    // caller's error message keeps the words "Task timed out".
    let lines = logs::lines(&run.invocations[0], "$LATEST");
    let report = lines.last().unwrap();
    assert!(report.starts_with("REPORT RequestId: "), "{lines:?}");
    assert!(report.ends_with("\tStatus: timeout"), "{report}");
    assert!(
        !lines.iter().any(|l| l.contains("Task timed out")),
        "{lines:?}"
    );
    assert!(logs::timeout_message(&run.invocations[0])
        .ends_with("Error: Task timed out after 0.50 seconds"));
}

#[test]
fn a_crash_ends_its_report_line_with_the_error_type() {
    let mut f = slow_function();
    f.handler.crashes = 1.0;
    let run = run(&one_function(f, &[0]));
    assert_eq!(run.invocations[0].outcome, Outcome::Crash);
    let lines = logs::lines(&run.invocations[0], "$LATEST");
    let id = run.invocations[0].request_id;
    let exit = format!("RequestId: {id} Error: Runtime exited with error: exit status 1");
    let at = lines
        .iter()
        .position(|l| *l == exit)
        .expect("the exit line");
    assert_eq!(lines[at + 1], "Runtime.ExitError", "{lines:?}");
    assert!(
        lines
            .last()
            .unwrap()
            .ends_with("\tStatus: error\tError Type: Runtime.ExitError"),
        "{lines:?}"
    );
}

/// A function that needs more memory than it has is killed: the request
/// fails with `Runtime.OutOfMemory`, the REPORT line shows the memory full,
/// and the next request on that environment starts it again.
#[test]
fn a_function_over_its_memory_is_killed_and_its_environment_reset() {
    let mut f = slow_function();
    f.memory_mb = 256;
    f.memory_used_mb = 300;
    f.timeout = 30 * time::SECOND; // 1 s of CPU takes about 7 s at 256 MB
    let sim = one_function(f.clone(), &[0, 10_000]);
    let run = run(&sim);
    let first = &run.invocations[0];
    assert_eq!(first.outcome, Outcome::OutOfMemory);
    assert_eq!(first.outcome.error_type(), Some("Runtime.OutOfMemory"));
    assert!(first.outcome.is_error());
    assert_eq!(first.memory_used_mb, 256);
    assert_eq!(run.invocations[1].start, StartKind::Reinit);
    let totals = run.totals.overall();
    assert_eq!((totals.out_of_memory, totals.errors), (2, 2));

    let lines = logs::lines(first, "$LATEST");
    let killed = format!(
        "RequestId: {} Error: Runtime exited with error: signal: killed",
        first.request_id
    );
    assert!(lines.contains(&killed), "{lines:?}");
    let report = lines.last().unwrap();
    assert!(report.contains("\tMax Memory Used: 256 MB\t"), "{report}");
    assert!(
        report.ends_with("\tStatus: error\tError Type: Runtime.OutOfMemory"),
        "{report}"
    );

    // Work longer than the timeout times out before it would be killed.
    let mut slow = f.clone();
    slow.timeout = time::SECOND;
    let run = super::run(&one_function(slow, &[0]));
    assert_eq!(run.invocations[0].outcome, Outcome::Timeout);

    // With enough memory the same function succeeds.
    f.memory_mb = 512;
    let run = super::run(&one_function(f, &[0]));
    assert_eq!(run.invocations[0].outcome, Outcome::Success);
    assert_eq!(run.invocations[0].memory_used_mb, 300);
}

#[test]
fn memory_scales_cpu_work_but_not_waiting() {
    let mut f = slow_function();
    f.memory_mb = 885; // half a vCPU
    f.handler.cpu = millis(100);
    f.handler.wait = millis(50);
    let d = run(&one_function(f.clone(), &[0])).invocations[0].duration;
    assert!((d as i64 - millis(250) as i64).abs() < 200, "{d}");
    f.memory_mb = 10_240;
    let d = run(&one_function(f, &[0])).invocations[0].duration;
    assert_eq!(
        d,
        millis(150),
        "single-threaded code stops gaining at one vCPU"
    );
}

#[test]
fn idle_environment_is_reclaimed_after_ttl() {
    let mut sim = one_function(slow_function(), &[0, 20 * 60 * 1_000]);
    sim.options.idle_ttl = 10 * time::MINUTE;
    let run = run(&sim);
    assert_eq!(run.invocations[1].start, StartKind::Cold);
    assert_eq!(run.environments[0].end_reason, EndReason::IdleReclaimed);
    assert_eq!(run.environments[0].ended, millis(1_206) + 10 * time::MINUTE);
}

/// Two overlapping requests at 0 s make two environments; environment 2 froze
/// last, so the request each minute after goes to it, while environment 1
/// stays frozen as a spare; then two overlapping requests arrive at `burst_ms`.
fn spare_environment(burst_ms: u64) -> Run {
    let mut at = vec![0, 100];
    at.extend((1..burst_ms / 60_000).map(|m| m * 60_000));
    at.extend([burst_ms, burst_ms + 100]);
    let mut sim = one_function(slow_function(), &at);
    sim.options.idle_ttl = 10 * time::MINUTE;
    sim.options.idle_cap = 20 * time::MINUTE;
    run(&sim)
}

#[test]
fn a_function_in_steady_use_keeps_its_spare_environment_past_the_idle_ttl() {
    // At 15 min environment 1 has been frozen for almost 15 min, past the
    // 10-minute TTL, but its function never went quiet: it serves the burst.
    let run = spare_environment(15 * 60_000);
    let last = run.invocations.last().unwrap();
    assert_eq!(last.environment, Some(1));
    assert_eq!(last.start, StartKind::Warm);
    assert_eq!(run.totals.overall().cold_starts, 2);
}

#[test]
fn a_spare_environment_goes_at_the_idle_cap_however_busy_its_function() {
    let run = spare_environment(25 * 60_000);
    let last = run.invocations.last().unwrap();
    assert_eq!(last.start, StartKind::Cold);
    assert_eq!(last.environment, Some(3));
    let spare = &run.environments[0];
    assert_eq!(spare.end_reason, EndReason::IdleReclaimed);
    // Frozen when request 1 ended (6 ms download + 200 ms INIT + 1 s).
    assert_eq!(spare.ended, millis(1_206) + 20 * time::MINUTE);
}

#[test]
fn random_retirement_ends_environments_before_their_lifetime() {
    // One request a minute for a day with a 1-hour mean: about 24 early ends.
    let at: Vec<u64> = (0..1_440).map(|m| m * 60_000).collect();
    let mut sim = one_function(slow_function(), &at);
    sim.options.random_retirement = time::HOUR;
    let run = run(&sim);
    let early = run
        .environments
        .iter()
        .filter(|e| e.end_reason == EndReason::RetiredEarly)
        .count();
    assert!((12..=40).contains(&early), "{early} early retirements");
    assert_eq!(
        run.totals.overall().cold_starts as usize,
        run.environments.len()
    );
    sim.options.random_retirement = 0;
    let steady = super::run(&sim);
    assert!(steady
        .environments
        .iter()
        .all(|e| e.end_reason != EndReason::RetiredEarly));
    assert_eq!(steady.environments.len(), 12); // one per 2-hour lifetime
}

#[test]
fn served_time_ends_at_the_last_invocation_and_alive_time_at_the_reclaim() {
    // Env 1 serves requests at 0 s and 5 s, each ending 1.206 s / 1 s later,
    // then idles until its TTL, well before the run ends.
    let mut sim = one_function(slow_function(), &[0, 5_000]);
    sim.options.idle_ttl = 10 * time::MINUTE;
    sim.options.until = Some(30 * time::MINUTE);
    let t = run(&sim).totals.overall();
    assert_eq!(t.served_time, u128::from(millis(6_000)));
    assert_eq!(t.alive_time, u128::from(millis(6_000) + 10 * time::MINUTE));
}

#[test]
fn totals_only_keeps_the_totals_and_no_minutes() {
    // One request a minute for a day: the metrics series would hold 1,440 minutes.
    let at: Vec<u64> = (0..1_440).map(|m| m * 60_000).collect();
    let mut sim = one_function(slow_function(), &at);
    sim.options.recording = Recording::MetricsOnly;
    let metrics_only = run(&sim);
    sim.options.recording = Recording::TotalsOnly;
    let totals_only = run(&sim);
    assert_eq!(metrics_only.metrics.per_function[0].len(), 1_440);
    assert!(totals_only.metrics.per_function[0].is_empty());
    assert!(totals_only.metrics.account.is_empty());
    assert_eq!(totals_only.totals, metrics_only.totals);
    assert_eq!(totals_only.metrics.peak_concurrency, 1);
}

#[test]
fn report_line_has_lambda_format() {
    let run = run(&one_function(slow_function(), &[0]));
    let lines = logs::lines(&run.invocations[0], "$LATEST");
    assert!(lines[0].starts_with("START RequestId: "));
    assert!(lines[2].contains("\tDuration: 1000.00 ms\tBilled Duration: 1200 ms\tMemory Size: 1769 MB\tMax Memory Used: 70 MB\tInit Duration: 200.00 ms\t"));
}

#[test]
fn async_errors_are_retried_twice_then_sent_to_on_failure() {
    let mut f = slow_function();
    f.handler.errors = 1.0;
    f.async_config.on_failure = Some(Destination {
        kind: DestinationKind::Sqs,
        name: "failed".into(),
    });
    let mut sim = one_function(f, &[0]);
    sim.traffic[0].invocation = InvocationType::Async;
    let run = run(&sim);
    assert_eq!(run.invocations.len(), 3);
    assert_eq!(run.totals.overall().retries, 2);
    assert_eq!(run.deliveries.len(), 1);
    assert_eq!(
        run.deliveries[0].condition,
        DeliveryCondition::RetriesExhausted
    );
    assert_eq!(run.deliveries[0].attempts, 3);
    // 1 minute after the first attempt ended, then 2 minutes.
    let gap = run.invocations[1].arrival - run.invocations[0].end;
    assert_eq!(gap, time::MINUTE);
}

#[test]
fn sync_call_waits_and_async_call_returns_at_once() {
    let mut first = Function::new("firstFunction");
    first.handler = Work {
        cpu: millis(5),
        calls: vec![
            Call {
                function: 1,
                invocation: InvocationType::Async,
                after: 0,
            },
            Call {
                function: 1,
                invocation: InvocationType::Sync,
                after: millis(50),
            },
        ],
        ..Work::default()
    };
    let mut second = Function::new("secondFunction");
    second.handler.wait = millis(1_000);
    let mut sim = one_function(first, &[0]);
    sim.functions.push(second);
    let run = run(&sim);
    let caller = run.invocations.iter().find(|i| i.function == 0).unwrap();
    let callees: Vec<_> = run.invocations.iter().filter(|i| i.function == 1).collect();
    assert_eq!(callees.len(), 2);
    // Both callees start cold: the async one is still busy when the sync call arrives.
    assert!(callees.iter().all(|c| c.start == StartKind::Cold));
    let sync = callees
        .iter()
        .find(|c| c.invocation == InvocationType::Sync)
        .unwrap();
    assert_eq!(
        caller.end, sync.end,
        "the caller waited for the sync callee"
    );
}

#[test]
fn provisioned_environments_serve_first_then_spill_over() {
    let mut f = slow_function();
    f.provisioned_concurrency = 2;
    let run = run(&one_function(f, &[0, 10, 20]));
    assert_eq!(run.invocations[0].start, StartKind::Provisioned);
    assert_eq!(run.invocations[1].start, StartKind::Provisioned);
    assert_eq!(run.invocations[2].start, StartKind::Cold);
    assert_eq!(run.totals.overall().spillover_invocations, 1);
}

#[test]
fn init_over_ten_seconds_is_retried_inside_the_first_invoke() {
    let mut f = slow_function();
    f.init.cpu = millis(11_000);
    f.timeout = 30 * time::SECOND;
    let run = run(&one_function(f.clone(), &[0]));
    let i = &run.invocations[0];
    assert_eq!(i.init, INIT_LIMIT);
    // The retried INIT (142 ms runtime + 11 s) is inside Duration, with the handler.
    assert_eq!(i.duration, millis(142 + 11_000 + 1_000));
    let lines = logs::lines(i, "$LATEST");
    assert!(lines[0].starts_with("INIT_REPORT Init Duration: 10000.00 ms"));
    assert!(!lines.last().unwrap().contains("Init Duration"));
    // With the default 3 s timeout, the retried INIT cannot finish.
    f.timeout = 3 * time::SECOND;
    assert_eq!(run_once(f).outcome, Outcome::Timeout);
}

fn run_once(f: Function) -> Invocation {
    run(&one_function(f, &[0])).invocations.remove(0)
}

#[test]
fn scaling_rate_limits_new_environments_per_ten_seconds() {
    let mut f = slow_function();
    f.init.cpu = 0;
    let mut sim = one_function(f, &[]);
    sim.options.account_concurrency = 10_000;
    sim.traffic[0].arrivals = Arrivals::Burst {
        count: 1_500,
        at: 0,
        spacing: 0,
    };
    let run = run(&sim);
    let t = run.totals.overall();
    assert_eq!(t.environments, 1_000);
    assert_eq!(t.throttles, 500);
    assert!(run
        .invocations
        .iter()
        .any(|i| i.outcome
            == Outcome::Throttled(ThrottleReason::FunctionInvocationRateLimitExceeded)));
}

/// `until` can fall while an environment is still initialising: the request
/// is cut off with no handler time, not a negative one.
#[test]
fn a_request_cut_off_during_init_has_no_duration() {
    let mut f = Function::new("slow-init");
    f.memory_mb = 1769;
    f.init.cpu = millis(2_000);
    let mut sim = one_function(f, &[0]);
    sim.options.until = Some(millis(500));
    let run = run(&sim);
    let i = &run.invocations[0];
    assert_eq!(i.outcome, Outcome::CutOff);
    assert_eq!(i.duration, 0);
    // INIT started after the download and ran until the cut: only that is billed.
    let init_ran = millis(500) - (i.handler_start - i.init);
    assert_eq!(i.billed_ms, time::ceil_millis(init_ran));
    assert_eq!(run.cost.init_billed_ms, i.billed_ms);
}

/// A run of exactly as many requests as a recorded run may keep is whole;
/// the stop is for the request after.
#[test]
fn a_run_of_exactly_the_request_budget_is_not_stopped() {
    let mut f = Function::new("tick");
    f.handler.cpu = millis(1);
    let mut sim = one_function(f, &[]);
    let every = millis(1);
    let budget = MAX_RECORDED_REQUESTS;
    sim.traffic[0].arrivals = Arrivals::Every {
        interval: every,
        from: 0,
        until: every * budget,
    };
    let whole = run(&sim);
    assert_eq!(whole.stopped, None);
    assert_eq!(whole.invocations.len() as u64, budget);
    sim.traffic[0].arrivals = Arrivals::Every {
        interval: every,
        from: 0,
        until: every * (budget + 1),
    };
    assert!(matches!(
        run(&sim).stopped,
        Some(Stopped::TooManyRequests { recorded: true })
    ));
}
