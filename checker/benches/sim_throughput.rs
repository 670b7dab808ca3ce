//! Throughput of the simulator in streaming mode (metrics only): Poisson
//! traffic, 10 million invocations, at about 12, 276 and 1,024 live
//! environments (3, 185 and 880 of them busy on average), plus the same
//! with asynchronous traffic and destinations.
//! Prints invocations per second (one core) and peak memory for 1 and 10
//! million invocations, to show memory does not grow with invocations.
//!
//! Each case runs three times (`-- runs=5` for more), and the best and the
//! median are printed.
//!
//! Run: `cargo bench -p checker --bench sim_throughput` (add `-- quick` for
//! 1 million invocations only, and a number of busy environments, 3, 185 or
//! 880, such as `-- quick 880 runs=1`, for that size only, e.g. under a
//! profiler).

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

/// The sizes, as busy environments on average (rate × 100 ms), which keep
/// about 12, 276 and 1,024 environments alive (frozen ones included).
const BUSY: [u64; 3] = [3, 185, 880];

/// What the command line asks for: `quick` (1 million invocations only), one
/// of the sizes of [`BUSY`] to run alone, `runs=N` (default 3).
struct Args {
    quick: bool,
    only_busy: Option<u64>,
    runs: usize,
}

fn args() -> Result<Args, String> {
    let mut args = Args {
        quick: false,
        only_busy: None,
        runs: 3,
    };
    for arg in std::env::args().skip(1) {
        if arg == "quick" {
            args.quick = true;
        } else if let Some(runs) = arg.strip_prefix("runs=") {
            args.runs = runs
                .parse()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or(format!("`{arg}`: runs= takes a whole number from 1"))?;
        } else if let Ok(busy) = arg.parse() {
            if !BUSY.contains(&busy) {
                return Err(format!(
                    "`{arg}` is not one of the sizes (busy environments): {BUSY:?}"
                ));
            }
            args.only_busy = Some(busy);
        } else if !arg.starts_with("--") {
            return Err(format!(
                "`{arg}` is not understood: use quick, one of {BUSY:?}, runs=N"
            ));
        }
        // Flags such as `--bench`, which cargo passes, are left to cargo.
    }
    Ok(args)
}

/// Runs the simulation `runs` times and returns the seconds of each run,
/// fastest first, with the last run's result.
fn timed_runs(sim: &Simulation, runs: usize) -> (Vec<f64>, Run) {
    let mut seconds = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        // Free the previous result first, so peak memory is one run's.
        drop(last.take());
        let start = Instant::now();
        let result = run(sim);
        seconds.push(start.elapsed().as_secs_f64());
        last = Some(result);
    }
    seconds.sort_by(f64::total_cmp);
    (seconds, last.expect("at least one run"))
}

fn main() {
    let args = args().unwrap_or_else(|message| {
        eprintln!("sim_throughput: {message}");
        std::process::exit(2);
    });
    let sizes: &[u64] = if args.quick {
        &[1_000_000]
    } else {
        &[1_000_000, 10_000_000]
    };
    // A shared machine's wall clock also measures its neighbours: the best
    // of several runs is the closest to the code's own speed, the median
    // shows the conditions of the day.
    println!("best and median of {} runs each", args.runs);
    println!(
        "{:<6} {:>6} {:>12} {:>10} {:>10} {:>12} {:>12} {:>10} {:>10}",
        "kind",
        "busy",
        "invocations",
        "best s",
        "median s",
        "best inv/s",
        "median inv/s",
        "live envs",
        "peak MiB"
    );
    for invocation in [InvocationType::Sync, InvocationType::Async] {
        for busy in BUSY {
            if args.only_busy.is_some_and(|only| only != busy) {
                continue;
            }
            for &n in sizes {
                let sim = simulation(busy, n, invocation);
                let (seconds, run) = timed_runs(&sim, args.runs);
                let (best, median) = (seconds[0], seconds[seconds.len() / 2]);
                let t = run.totals.overall();
                let until = sim.options.until.unwrap_or(1) as f64;
                println!(
                    "{:<6} {:>6} {:>12} {:>10.2} {:>10.2} {:>12.0} {:>12.0} {:>10.1} {:>10.1}",
                    if invocation == InvocationType::Sync {
                        "sync"
                    } else {
                        "async"
                    },
                    busy,
                    t.invocations,
                    best,
                    median,
                    t.invocations as f64 / best,
                    t.invocations as f64 / median,
                    t.alive_time as f64 / until,
                    peak_rss_mib()
                );
            }
        }
    }
}
