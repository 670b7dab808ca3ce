//! `course experiments CSV`: replay measured AWS experiments and compare.

use std::path::PathBuf;

use crate::experiments::{
    parse_csv, percentage_error, replay, scatter, Experiment, Replay, ReplayOptions,
    EXPERIMENT_LENGTH, MAX_REPEAT_REQUESTS,
};
use crate::sim::time::{HOUR, SECOND};

#[derive(clap::Args)]
pub struct ExperimentsArgs {
    /// A CSV in the format of shared/data/aws-lambda-coldstart-experiments.csv.
    pub csv: PathBuf,
    /// Requests to simulate per experiment (at most 10 million: a run stops
    /// at `sim::MAX_REQUESTS`, and the Poisson arrivals overshoot a little).
    #[arg(long, default_value_t = ReplayOptions::default().invocations,
          value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub invocations: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Seconds an idle environment lived beyond the file's
    /// IdleMinutesBeforeKill (measured at 40 s when the data set was taken).
    #[arg(long, default_value_t = ReplayOptions::default().reclaim_margin / SECOND)]
    pub reclaim_margin: u64,
    /// Simulated repeats of each experiment at its measured length, to show
    /// how far one experiment lands from the long-run value by chance (0: skip).
    #[arg(long, default_value_t = 50)]
    pub repeats: u32,
    /// The length of one measured experiment, in hours, for --repeats.
    #[arg(long, default_value_t = EXPERIMENT_LENGTH / HOUR)]
    pub experiment_hours: u64,
    /// Fail when the mean error on cold-start probability is above this (%).
    #[arg(long)]
    pub max_cold_error: Option<f64>,
    /// Fail when the mean error on the number of environments is above this (%).
    #[arg(long)]
    pub max_environment_error: Option<f64>,
}

pub fn run(args: ExperimentsArgs) -> Result<(), String> {
    let origin = args.csv.display().to_string();
    let text = std::fs::read_to_string(&args.csv)
        .map_err(|e| format!("error: cannot read {origin}: {e}"))?;
    let experiments = parse_csv(&text).map_err(|e| format!("error: {origin}: {e}"))?;
    println!(
        "{:<16} {:>9} {:>10} {:>10} {:>7} {:>10} {:>10} {:>7}",
        "experiment", "rate/s", "P(cold)", "simulated", "err %", "envs", "simulated", "err %"
    );
    let options = ReplayOptions {
        invocations: args.invocations,
        seed: args.seed,
        reclaim_margin: args.reclaim_margin.saturating_mul(SECOND),
    };
    let (mut cold_error, mut env_error) = (0.0, 0.0);
    let mut replays = Vec::new();
    for e in &experiments {
        let r = replay(e, &options);
        let ce = percentage_error(r.cold_probability, e.cold_probability);
        let ee = percentage_error(r.instances, e.instances);
        cold_error += ce;
        env_error += ee;
        println!(
            "{:<16} {:>9.4} {:>10.5} {:>10.5} {:>7.1} {:>10.3} {:>10.3} {:>7.1}",
            e.id,
            e.arrival_rate,
            e.cold_probability,
            r.cold_probability,
            ce,
            e.instances,
            r.instances,
            ee
        );
        replays.push(r);
    }
    let n = experiments.len().max(1) as f64;
    let (cold_error, env_error) = (cold_error / n, env_error / n);
    println!(
        "mean absolute percentage error: P(cold) {cold_error:.2} %, mean environments {env_error:.2} %"
    );
    if args.repeats > 0 {
        print_scatter(&experiments, &replays, &options, &args);
    }
    for (error, limit, what) in [
        (cold_error, args.max_cold_error, "cold-start probability"),
        (
            env_error,
            args.max_environment_error,
            "number of environments",
        ),
    ] {
        if let Some(limit) = limit {
            if error > limit {
                return Err(format!(
                    "error: the simulator is off by {error:.2} % on the {what}, above the limit of {limit} %"
                ));
            }
        }
    }
    Ok(())
}

/// The same comparison with each experiment repeated at its measured length
/// and measured as the experimenters measured theirs (their estimators, not
/// the long-run values), the chance spread of one such experiment, and the
/// error a perfect model would have against single measurements.
fn print_scatter(
    experiments: &[Experiment],
    replays: &[Replay],
    options: &ReplayOptions,
    args: &ExperimentsArgs,
) {
    let hours = args.experiment_hours.max(1);
    println!();
    println!(
        "Each experiment repeated {} times for {hours} h, measured as the experimenters did (sd: the spread of one experiment):",
        args.repeats
    );
    println!(
        "{:<16} {:>10} {:>7} {:>7} {:>10} {:>7} {:>7}",
        "experiment", "P(cold)", "err %", "sd %", "envs", "err %", "sd %"
    );
    let (mut cold_error, mut env_error, mut cold_floor, mut env_floor) = (0.0, 0.0, 0.0, 0.0);
    let mut compared = 0;
    for (e, r) in experiments.iter().zip(replays) {
        let requests = e.arrival_rate * hours as f64 * 3_600.0;
        if requests > MAX_REPEAT_REQUESTS {
            println!(
                "{:<16} skipped: one repeat would simulate {requests:.0} requests (at most {MAX_REPEAT_REQUESTS:.0}); lower --experiment-hours",
                e.id
            );
            continue;
        }
        if requests < 2.0 {
            println!(
                "{:<16} skipped: an experiment of {hours} h would see {requests:.1} requests, too few to measure",
                e.id
            );
            continue;
        }
        compared += 1;
        let s = scatter(e, options, r, hours.saturating_mul(HOUR), args.repeats);
        let relative = |(mean, sd): (f64, f64)| if mean > 0.0 { sd / mean * 100.0 } else { 0.0 };
        let ce = percentage_error(s.cold.0, e.cold_probability);
        let ee = percentage_error(s.instances.0, e.instances);
        println!(
            "{:<16} {:>10.5} {:>7.1} {:>7.1} {:>10.3} {:>7.1} {:>7.1}",
            e.id,
            s.cold.0,
            ce,
            relative(s.cold),
            s.instances.0,
            ee,
            relative(s.instances)
        );
        cold_error += ce;
        env_error += ee;
        cold_floor += s.cold_error;
        env_floor += s.instances_error;
    }
    if compared == 0 {
        return;
    }
    let n = f64::from(compared);
    println!(
        "mean absolute percentage error, measured this way: P(cold) {:.2} %, mean environments {:.2} %",
        cold_error / n,
        env_error / n
    );
    println!(
        "a perfect model would still be off by about P(cold) {:.1} %, mean environments {:.1} % against single experiments",
        cold_floor / n,
        env_floor / n
    );
}
