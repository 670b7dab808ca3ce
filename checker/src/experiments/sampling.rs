//! How far one experiment of the measured length lands from the simulator's
//! long-run value by chance alone. Each published experiment ran for about
//! 28 hours: a few hundred requests at the lowest rates, so the share of long
//! gaps between them (and with it the cold starts and the environments
//! counted) varies from one run to the next. Repeating an experiment in the
//! simulator and measuring each repeat exactly as the experimenters measured
//! theirs shows that spread, and so the error that even a perfect model would
//! have against one measurement.
//!
//! The measurement follows their parser (pacslab/serverless-performance-modeling,
//! `experiments/exp_parser.py` and `01-parse-plot.py`), which reproduces every
//! column of the file to six digits from the five per-request traces we
//! rebuilt (2020-05-17, 05-28, 06-06, 06-10 and 06-18).

use super::{idle_period, simulation_of, Experiment, Replay, ReplayOptions};
use crate::sim::time::{Micros, HOUR, MINUTE};
use crate::sim::{self, Recording, StartKind};

/// The length of one experiment: the rebuilt traces each span 99,800 to
/// 100,760 s of requests.
pub const EXPERIMENT_LENGTH: Micros = 28 * HOUR;

/// The most requests one repeat may simulate: a repeat keeps its whole trace,
/// so a row with a very high rate would otherwise fill the memory. The
/// published experiments had at most about 100,000 requests. It stays a
/// tenth below the simulator's own limit for recorded runs
/// ([`sim::MAX_RECORDED_REQUESTS`]), which Poisson arrivals could overshoot.
pub const MAX_REPEAT_REQUESTS: f64 = sim::MAX_RECORDED_REQUESTS as f64 * 0.9;

/// The experimenters sampled the number of environments once a minute.
const SAMPLE_STEP: Micros = MINUTE;

/// They averaged the cold-start share over this many consecutive slices of
/// the requests (their `num_of_breakdown`).
const SLICES: usize = 10;

/// Repeated simulated experiments of one row of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Scatter {
    /// Mean and standard deviation over the repeats of the cold-start share.
    pub cold: (f64, f64),
    /// Mean and standard deviation of the environments counted.
    pub instances: (f64, f64),
    /// The mean absolute percentage error of the long-run values against
    /// each repeat taken as the measurement: what a perfect model would
    /// score on such an experiment.
    pub cold_error: f64,
    pub instances_error: f64,
}

/// Runs `repeats` experiments of `length` (seeds derived from the replay's)
/// and compares each with the `long_run` replay.
pub fn scatter(
    experiment: &Experiment,
    options: &ReplayOptions,
    long_run: &Replay,
    length: Micros,
    repeats: u32,
) -> Scatter {
    let idle = idle_period(experiment);
    let (mut colds, mut counts) = (Vec::new(), Vec::new());
    for repeat in 0..u64::from(repeats) {
        let seed = options
            .seed
            .wrapping_mul(1_000_003)
            .wrapping_add(repeat + 1);
        let simulation = simulation_of(
            experiment,
            seed,
            options.reclaim_margin,
            length,
            Recording::Full,
        );
        let run = sim::run(&simulation);
        let requests: Vec<(Micros, bool)> = run
            .invocations
            .iter()
            .map(|i| (i.arrival, i.start == StartKind::Cold))
            .collect();
        let mut spans: Vec<(Micros, Micros)> = vec![(Micros::MAX, 0); run.environments.len()];
        for i in &run.invocations {
            if let Some(span) = i.environment.and_then(|n| spans.get_mut(n as usize - 1)) {
                span.0 = span.0.min(i.arrival);
                span.1 = span.1.max(i.end);
            }
        }
        let arrivals: Vec<Micros> = requests.iter().map(|(t, _)| *t).collect();
        colds.push(experimenters_cold_share(&requests));
        counts.push(experimenters_instances(&arrivals, &spans, idle));
    }
    Scatter {
        cold: mean_and_deviation(&colds),
        instances: mean_and_deviation(&counts),
        cold_error: mean_error(long_run.cold_probability, &colds),
        instances_error: mean_error(long_run.instances, &counts),
    }
}

/// The cold-start share as the experimenters computed it: the requests cut
/// into [`SLICES`] consecutive slices (each losing its last request), the
/// share of cold starts after the first quarter of each slice's time, and
/// the mean of those shares.
pub fn experimenters_cold_share(requests: &[(Micros, bool)]) -> f64 {
    let step = requests.len() / SLICES;
    if step < 2 {
        return steady_cold_share(requests);
    }
    let shares: Vec<f64> = (0..SLICES)
        .map(|i| steady_cold_share(&requests[i * step..(i + 1) * step - 1]))
        .collect();
    shares.iter().sum::<f64>() / SLICES as f64
}

/// The share of cold starts among requests after the first quarter of the
/// time they span.
fn steady_cold_share(requests: &[(Micros, bool)]) -> f64 {
    let (Some(first), Some(last)) = (requests.first(), requests.last()) else {
        return 0.0;
    };
    let cut = first.0 + (last.0 - first.0) / 4;
    let steady: Vec<bool> = requests
        .iter()
        .filter(|(t, _)| *t > cut)
        .map(|(_, cold)| *cold)
        .collect();
    if steady.is_empty() {
        return 0.0;
    }
    steady.iter().filter(|c| **c).count() as f64 / steady.len() as f64
}

/// The mean number of environments as the experimenters counted it. They
/// saw only requests, so an environment was alive for them from its first
/// request (`spans[i].0`) until `idle` after the end of its last one
/// (`spans[i].1`). They sampled once a minute, strictly inside those bounds,
/// from the first request after the first quarter of the experiment to the
/// last request, leaving out the final sample.
pub fn experimenters_instances(
    arrivals: &[Micros],
    spans: &[(Micros, Micros)],
    idle: Micros,
) -> f64 {
    let (Some(&first), Some(&last)) = (arrivals.iter().min(), arrivals.iter().max()) else {
        return 0.0;
    };
    let cut = first + (last - first) / 4;
    let Some(&start) = arrivals.iter().filter(|t| **t > cut).min() else {
        return 0.0;
    };
    let samples: Vec<Micros> = (0..)
        .map(|k| start + k * SAMPLE_STEP)
        .take_while(|t| *t <= last)
        .collect();
    let samples = &samples[..samples.len().saturating_sub(1)];
    if samples.is_empty() {
        return 0.0;
    }
    let alive = |t: Micros| {
        spans
            .iter()
            .filter(|(from, to)| *from < t && t < to.saturating_add(idle))
            .count()
    };
    samples.iter().map(|t| alive(*t)).sum::<usize>() as f64 / samples.len() as f64
}

fn mean_and_deviation(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, variance.sqrt())
}

/// Mean absolute percentage error of `model` against each of `measured`.
fn mean_error(model: f64, measured: &[f64]) -> f64 {
    if measured.is_empty() {
        return 0.0;
    }
    let total: f64 = measured
        .iter()
        .map(|m| super::percentage_error(model, *m))
        .sum();
    total / measured.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiments::{parse_csv, replay};
    use crate::sim::time::SECOND;

    /// One environment from 0 to 1,000 s, another from 5,000 to 10,000 s;
    /// requests at 0 and 1,000 s, then every 1,000 s from 5,000 s. The count
    /// starts at the first request after 2,500 s (5,000 s), where the second
    /// environment is not yet alive for the strict comparison, and stops one
    /// sample before the last request.
    #[test]
    fn environments_are_sampled_as_the_experimenters_sampled_them() {
        let arrivals: Vec<Micros> = [0, 1, 5, 6, 7, 8, 9, 10]
            .iter()
            .map(|k| k * 1_000 * SECOND)
            .collect();
        let spans = [(0, 1_000 * SECOND), (5_000 * SECOND, 10_000 * SECOND)];
        let counted = experimenters_instances(&arrivals, &spans, 600 * SECOND);
        // Samples at 5,000 s + k minutes up to 9,980 s: 84, less the last.
        assert!((counted - 82.0 / 83.0).abs() < 1e-12, "{counted}");
        // An environment's idle minutes count after its last request.
        let spans = [(0, 1_000 * SECOND), (0, 4_700 * SECOND)];
        let counted = experimenters_instances(&arrivals, &spans, 600 * SECOND);
        // Alive while t < 5,300 s: the samples at 5,000, 5,060 … 5,240 s.
        assert!((counted - 5.0 / 83.0).abs() < 1e-12, "{counted}");
    }

    #[test]
    fn the_cold_share_is_the_mean_over_ten_slices_after_their_first_quarter() {
        // 40 requests a second apart; the first of every four is cold.
        let requests: Vec<(Micros, bool)> = (0..40).map(|k| (k * SECOND, k % 4 == 0)).collect();
        // Slices of 4 less the last: requests 4i..4i+2, of which the cold
        // 4i falls in the first quarter: no cold start counted.
        assert_eq!(experimenters_cold_share(&requests), 0.0);
        let requests: Vec<(Micros, bool)> = (0..40).map(|k| (k * SECOND, k % 4 == 2)).collect();
        // Each slice keeps 4i+1 and 4i+2 after its quarter: half cold.
        assert_eq!(experimenters_cold_share(&requests), 0.5);
    }

    /// Repeats of a 28-hour experiment, measured the experimenters' way,
    /// average to the long-run replay (so the replay's counting is theirs),
    /// and scatter around it by a few per cent.
    #[test]
    fn repeated_experiments_centre_on_the_long_run_replay() {
        let csv = ",ArrivalRate,ServiceTimeWarm,ServiceTimeCold,IdleMinutesBeforeKill,AverageInstanceCount,AverageUtilization,ColdStartProbability\n\
            exp_10,0.05,1967.1,2192.3,10.0,2.11,0.0,0.0085\n";
        let e = &parse_csv(csv).unwrap()[0];
        let options = ReplayOptions {
            invocations: 400_000,
            ..ReplayOptions::default()
        };
        let long_run = replay(e, &options);
        let s = scatter(e, &options, &long_run, EXPERIMENT_LENGTH, 24);
        let (mean, deviation) = s.instances;
        assert!(
            (mean / long_run.instances - 1.0).abs() < 0.02,
            "{mean} vs {}",
            long_run.instances
        );
        assert!(deviation > 0.005 && deviation < 0.15, "{deviation}");
        assert!(s.instances_error > 0.3 && s.instances_error < 6.0, "{s:?}");
        let (cold, _) = s.cold;
        assert!(
            (cold / long_run.cold_probability - 1.0).abs() < 0.15,
            "{cold} vs {}",
            long_run.cold_probability
        );
    }
}
