//! Properties that must hold for every simulation, checked on random ones.

use checker::sim::*;
use proptest::prelude::*;

const MS: u64 = 1_000;

fn work() -> impl Strategy<Value = Work> {
    (0u64..400, 0u64..400, 1u32..4, 0.0f64..0.5, 0.0f64..0.2).prop_map(
        |(cpu, wait, threads, errors, crashes)| Work {
            cpu: cpu * MS,
            wait: wait * MS,
            threads,
            errors,
            crashes,
            ..Work::default()
        },
    )
}

fn function(index: usize) -> impl Strategy<Value = Function> {
    (
        128u32..4_000,
        1u64..3,
        prop::option::of(0u32..5),
        0u32..3,
        work(),
        work(),
        any::<bool>(),
        (0u32..3, any::<bool>(), any::<bool>()),
    )
        .prop_map(
            move |(
                memory,
                timeout_s,
                reserved,
                provisioned,
                init,
                handler,
                arm,
                (retries, on_failure, dlq),
            )| {
                let mut f = Function::new(&format!("f{index}"));
                f.memory_mb = memory;
                f.timeout = timeout_s * 1_000 * MS;
                f.reserved_concurrency = reserved;
                f.provisioned_concurrency = provisioned.min(reserved.unwrap_or(u32::MAX));
                f.init = Work {
                    errors: 0.0,
                    crashes: 0.0,
                    ..init
                };
                f.handler = handler;
                if arm {
                    f.architecture = Architecture::Arm64;
                }
                f.async_config.max_retries = retries;
                let queue = |name: &str| Destination {
                    kind: DestinationKind::Sqs,
                    name: name.into(),
                };
                f.async_config.on_failure = on_failure.then(|| queue("failed"));
                f.async_config.dead_letter_queue = dlq.then(|| queue("dlq"));
                f
            },
        )
}

fn simulation() -> impl Strategy<Value = Simulation> {
    (
        prop::collection::vec(function(0), 1..2),
        prop::collection::vec(function(1), 0..2),
        prop::collection::vec((0usize..3, 0u64..3_000, any::<bool>()), 1..40),
        1u32..12,
        any::<u64>(),
    )
        .prop_map(|(mut functions, more, arrivals, account, seed)| {
            functions.extend(more.into_iter().enumerate().map(|(i, mut f)| {
                f.name = format!("g{i}");
                f
            }));
            // The account keeps at least min(100, limit) unreserved: reservations
            // beyond that are what scenario validation rejects.
            for f in &mut functions {
                f.reserved_concurrency = None;
            }
            let n = functions.len();
            let traffic = arrivals
                .into_iter()
                .map(|(f, at, async_)| Traffic {
                    function: f % n,
                    qualifier: Qualifier::Latest,
                    invocation: if async_ {
                        InvocationType::Async
                    } else {
                        InvocationType::Sync
                    },
                    arrivals: Arrivals::At(vec![at * MS]),
                    payload_bytes: 1_000,
                    source: Source::Direct,
                })
                .collect();
            Simulation {
                options: Options {
                    seed,
                    account_concurrency: account,
                    ..Options::default()
                },
                functions,
                traffic,
            }
        })
}

/// Simulations with reserved concurrency on a roomy account.
fn reserved_simulation() -> impl Strategy<Value = Simulation> {
    (simulation(), prop::collection::vec(0u32..4, 3)).prop_map(|(mut sim, reserved)| {
        sim.options.account_concurrency = 200;
        for (f, r) in sim.functions.iter_mut().zip(reserved) {
            f.reserved_concurrency = Some(r);
            f.provisioned_concurrency = f.provisioned_concurrency.min(r);
        }
        sim
    })
}

fn check_run(sim: &Simulation, run: &Run) -> Result<(), TestCaseError> {
    // An environment never serves two requests at once.
    let mut by_env: Vec<Vec<(u64, u64)>> = vec![Vec::new(); run.environments.len() + 1];
    for i in &run.invocations {
        if let Some(env) = i.environment {
            by_env[env as usize].push((i.arrival, i.end));
        }
    }
    for spans in &mut by_env {
        spans.sort();
        for pair in spans.windows(2) {
            prop_assert!(
                pair[0].1 <= pair[1].0,
                "overlap in one environment: {pair:?}"
            );
        }
    }
    // Concurrency never exceeds the account's or a function's limit.
    let mut edges: Vec<(u64, i32, usize)> = Vec::new();
    for i in run.invocations.iter().filter(|i| i.environment.is_some()) {
        edges.push((i.arrival, 1, i.function));
        edges.push((i.end, -1, i.function));
    }
    edges.sort_by_key(|(t, delta, _)| (*t, *delta));
    let mut total = 0i32;
    let mut per = vec![0i32; sim.functions.len()];
    for (_, delta, f) in edges {
        total += delta;
        per[f] += delta;
        prop_assert!(total <= sim.options.account_concurrency as i32);
        if let Some(r) = sim.functions[f].reserved_concurrency {
            prop_assert!(per[f] <= r as i32, "function {f} above its reservation {r}");
        }
    }
    // Every request that reached Lambda ends in exactly one outcome.
    let t = run.totals.overall();
    prop_assert_eq!(t.requests as usize, run.invocations.len());
    let throttled = run
        .invocations
        .iter()
        .filter(|i| matches!(i.outcome, Outcome::Throttled(_)))
        .count() as u64;
    prop_assert_eq!(t.invocations + throttled, t.requests);
    // Billed duration covers the duration, rounded up to the millisecond.
    for i in &run.invocations {
        prop_assert!(i.billed_ms * 1_000 >= i.duration);
        let init = if i.start == StartKind::Cold {
            i.init
        } else {
            0
        };
        prop_assert_eq!(i.billed_ms, (i.duration + init).div_ceil(1_000));
    }
    // No asynchronous event is lost silently.
    let accepted = t.async_received;
    let succeeded = run
        .invocations
        .iter()
        .filter(|i| i.invocation == InvocationType::Async && i.outcome == Outcome::Success)
        .count() as u64;
    let failed_for_good = t.async_failed;
    prop_assert!(t.async_dropped <= t.async_failed);
    prop_assert_eq!(accepted, succeeded + failed_for_good);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn runs_respect_lambdas_rules(sim in simulation()) {
        let run = run(&sim);
        check_run(&sim, &run)?;
    }

    #[test]
    fn reservations_cap_concurrency(sim in reserved_simulation()) {
        let run = run(&sim);
        check_run(&sim, &run)?;
    }

    #[test]
    fn same_seed_same_trace(sim in simulation()) {
        let a = format!("{:?}", run(&sim));
        let b = format!("{:?}", run(&sim));
        prop_assert_eq!(a, b);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Weighted routing sends each version its share of requests.
    #[test]
    fn weighted_routing_converges_to_its_weights(weight in 0.05f64..0.95, seed in any::<u64>()) {
        let mut f = Function::new("api");
        f.versions = vec![Version::default(), Version::default()];
        f.aliases = vec![Alias { name: "live".into(), version: 1, additional: Some((2, weight)) }];
        let sim = Simulation {
            options: Options { seed, ..Options::default() },
            functions: vec![f],
            traffic: vec![Traffic {
                function: 0,
                qualifier: Qualifier::Alias("live".into()),
                invocation: InvocationType::Sync,
                arrivals: Arrivals::Every { interval: 100 * MS, from: 0, until: 4_000 * 100 * MS },
                payload_bytes: 1_000,
                source: Source::Direct,
            }],
        };
        let run = run(&sim);
        let to_second = run.invocations.iter().filter(|i| i.version == 2).count() as f64;
        let share = to_second / run.invocations.len() as f64;
        // 4,000 requests: the standard error is below 0.008.
        prop_assert!((share - weight).abs() < 0.04, "share {share} for weight {weight}");
        // Environments belong to one version.
        for i in &run.invocations {
            let env = &run.environments[i.environment.unwrap() as usize - 1];
            prop_assert_eq!(env.version, i.version);
        }
    }

    /// Provisioned environments never exceed the configured number.
    #[test]
    fn provisioned_environments_never_exceed_the_configuration(sim in simulation()) {
        let run = run(&sim);
        for (f, function) in sim.functions.iter().enumerate() {
            let provisioned = run
                .environments
                .iter()
                .filter(|e| e.function == f && e.provisioned && e.end_reason == EndReason::StillAlive)
                .count() as u32;
            prop_assert!(provisioned <= function.provisioned_concurrency);
            for minute in &run.metrics.per_function[f] {
                prop_assert!(minute.provisioned_concurrent_executions <= function.provisioned_concurrency);
            }
        }
    }
}
