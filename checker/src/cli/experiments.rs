//! `course experiments CSV`: replay measured AWS experiments and compare.

use std::path::PathBuf;

use crate::experiments::{parse_csv, percentage_error, replay, ReplayOptions};
use crate::sim::time::SECOND;

#[derive(clap::Args)]
pub struct ExperimentsArgs {
    /// A CSV in the format of shared/data/aws-lambda-coldstart-experiments.csv.
    pub csv: PathBuf,
    /// Requests to simulate per experiment.
    #[arg(long, default_value_t = ReplayOptions::default().invocations)]
    pub invocations: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Seconds an idle environment lived beyond the file's
    /// IdleMinutesBeforeKill (measured at 40 s when the data set was taken).
    #[arg(long, default_value_t = ReplayOptions::default().reclaim_margin / SECOND)]
    pub reclaim_margin: u64,
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
    }
    let n = experiments.len().max(1) as f64;
    let (cold_error, env_error) = (cold_error / n, env_error / n);
    println!(
        "mean absolute percentage error: P(cold) {cold_error:.1} %, mean environments {env_error:.1} %"
    );
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
                    "error: the simulator is off by {error:.1} % on the {what}, above the limit of {limit} %"
                ));
            }
        }
    }
    Ok(())
}
