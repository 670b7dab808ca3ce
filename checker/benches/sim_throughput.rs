//! Throughput of the simulator in streaming mode (metrics only): Poisson
//! traffic, 10 million invocations, at about 8, 250 and 1,000 live
//! environments, plus the same with asynchronous traffic and destinations.
//! Prints invocations per second (one core) and peak memory for 1 and 10
//! million invocations, to show memory does not grow with invocations.
//!
//! Run: `cargo bench -p checker --bench sim_throughput` (add `-- quick` for
//! 1 million invocations only, and a number of busy environments such as
//! `-- quick 880` for that size only, e.g. under a profiler).

use std::time::Instant;

use checker::sim::*;

fn simulation(busy: u64, invocations: u64, invocation: InvocationType) -> Simulation {
    let mut f = Function::new("bench");
    f.memory_mb = 1_769;
    f.handler = Work {
        wait: 100_000, // 100 ms
        spread: Spread::Exponential,
        ..Work::default()
    };
    f.async_config.on_success = Some(Destination {
        kind: DestinationKind::Sqs,
        name: "done".into(),
    });
    // Little's law: busy environments = rate × duration.
    let per_second = busy as f64 / 0.1;
    let until = ((invocations as f64 / per_second) * 1e6) as u64;
    Simulation {
        options: Options {
            recording: Recording::MetricsOnly,
            until: Some(until),
            account_concurrency: 100_000,
            ..Options::default()
        },
        functions: vec![f],
        traffic: vec![Traffic {
            function: 0,
            qualifier: Qualifier::Latest,
            invocation,
            arrivals: Arrivals::Poisson {
                per_second,
                from: 0,
                until,
            },
            payload_bytes: 1_000,
            source: Source::Direct,
        }],
    }
}

/// Peak resident memory of this process so far, in MiB (Linux).
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let quick = std::env::args().any(|a| a == "quick");
    let only_busy: Option<u64> = std::env::args().skip(1).find_map(|a| a.parse().ok());
    let sizes: &[u64] = if quick {
        &[1_000_000]
    } else {
        &[1_000_000, 10_000_000]
    };
    println!(
        "{:<6} {:>6} {:>12} {:>12} {:>14} {:>12} {:>14}",
        "kind", "busy", "invocations", "seconds", "invocations/s", "live envs", "peak RSS MiB"
    );
    for invocation in [InvocationType::Sync, InvocationType::Async] {
        for busy in [3u64, 185, 880] {
            if only_busy.is_some_and(|only| only != busy) {
                continue;
            }
            for &n in sizes {
                let sim = simulation(busy, n, invocation);
                let start = Instant::now();
                let run = run(&sim);
                let seconds = start.elapsed().as_secs_f64();
                let t = run.totals.overall();
                let until = sim.options.until.unwrap_or(1) as f64;
                println!(
                    "{:<6} {:>6} {:>12} {:>12.2} {:>14.0} {:>12.1} {:>14.1}",
                    if invocation == InvocationType::Sync {
                        "sync"
                    } else {
                        "async"
                    },
                    busy,
                    t.invocations,
                    seconds,
                    t.invocations as f64 / seconds,
                    t.alive_time as f64 / until,
                    peak_rss_mib()
                );
            }
        }
    }
}
