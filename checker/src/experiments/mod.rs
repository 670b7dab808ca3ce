//! Replaying measured AWS experiments (the SimFaaS data set: one function
//! invoked with Poisson arrivals for about 28 hours each) to check that the
//! simulator reproduces real cold-start behaviour.
//!
//! The simulator's rules come from the per-request traces published with the
//! data set (pacslab/serverless-performance-modeling, experiments/results,
//! 2020), not from fitting this file: the most recently used environment
//! serves, spare environments of a function in steady use are kept up to the
//! idle cap, environments retire at about 2 h or, now and then, earlier. On
//! the same real arrivals, our analysis of those rules gives about 27 and 37
//! cold starts where the traces show 28 and 37 (files of 2020-06-18 and
//! 2020-05-17). What remains here is the measurement: the response time
//! includes the client's round trip, the idle time-to-live was a little over
//! the 10 minutes assumed, and environments are counted as the experimenters
//! counted them. The `sampling` module repeats each experiment at its measured length
//! and measures it with their own estimators, to show how much of the
//! remaining error is the chance of a single 28-hour experiment.
//!
//! Where the rest of the environment error sits: at the four highest rates
//! (0.3–0.9 requests/s) the replay counts 2–4 % more environments than
//! measured. The experimenters' count is each environment's span, from its
//! first request to its last, plus 10 minutes. With as many cold starts as
//! measured, the 10-minute parts come out as large as theirs, so the excess
//! is in the spans: at 0.9 requests/s ours add up to 7.34 environments where
//! theirs come to about 7.05. Spans grow with how long spare environments
//! are kept between uses (the idle cap), and the low-rate traces fix that:
//! replaying the real arrivals of 2020-05-17 and 2020-06-18 with the 1,400 s
//! cap gives the counts measured on them (2.156 and 1.146 against 2.153 and
//! 1.142) and about the three reuses seen after 1,200–1,400 s idle. A
//! 1,300 s cap, the shortest the file could want, rules out a reuse measured
//! after 1,398 s and still gives 2.97–3.07 % over seeds 1–4. The traces of
//! the higher rates are not published.
//!
//! The same traces show maximum lifetimes spread over about 93–125 minutes
//! rather than fixed at 2 h. Drawing them from such a range moves the errors
//! within P(cold) 5.8–7.6 % and environments 3.04–3.15 %, depending on where
//! the range's ends are put, so the simulator keeps its fixed 2 h.

mod sampling;

pub use sampling::{
    experimenters_instances, scatter, Scatter, EXPERIMENT_LENGTH, MAX_REPEAT_REQUESTS,
};

use crate::sim::time::{Micros, HOUR, MILLISECOND, MINUTE, SECOND};
use crate::sim::{
    self, Arrivals, Function, InvocationType, Options, Qualifier, Recording, Simulation, Source,
    Spread, Traffic, Work,
};

/// One row of the experiments file.
#[derive(Debug, Clone, PartialEq)]
pub struct Experiment {
    pub id: String,
    pub arrival_rate: f64,
    pub warm_ms: f64,
    pub cold_ms: f64,
    pub idle_minutes: f64,
    pub instances: f64,
    pub cold_probability: f64,
}

/// What the simulator gives for one experiment.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    pub cold_probability: f64,
    pub instances: f64,
}

const COLUMNS: [&str; 6] = [
    "ArrivalRate",
    "ServiceTimeWarm",
    "ServiceTimeCold",
    "IdleMinutesBeforeKill",
    "AverageInstanceCount",
    "ColdStartProbability",
];

/// Reads the CSV. Errors name the line and the column that is wrong.
pub fn parse_csv(text: &str) -> Result<Vec<Experiment>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = lines.next().ok_or("the file is empty")?;
    let names: Vec<&str> = header.split(',').map(str::trim).collect();
    let mut index = [0usize; 6];
    for (slot, wanted) in index.iter_mut().zip(COLUMNS) {
        *slot = names.iter().position(|n| *n == wanted).ok_or_else(|| {
            format!(
                "line 1: the header has no column `{wanted}` (the file needs {})",
                COLUMNS.join(", ")
            )
        })?;
    }
    let mut experiments = Vec::new();
    for (number, line) in lines {
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let mut values = [0f64; 6];
        for ((value, column), name) in values.iter_mut().zip(index).zip(COLUMNS) {
            let cell = cells.get(column).copied().unwrap_or("");
            *value = cell
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| {
                    format!(
                        "line {}: `{name}` is `{cell}`, which is not a non-negative number",
                        number + 1
                    )
                })?;
        }
        if values[0] <= 0.0 || values[0] > 1_000_000.0 || values[2] < values[1] {
            return Err(format!(
                "line {}: the arrival rate must be above 0 and at most 1000000 per second, and the cold service time at least the warm one",
                number + 1
            ));
        }
        if values[3] > 24.0 * 60.0 {
            return Err(format!(
                "line {}: `IdleMinutesBeforeKill` is {}, more than a day; Lambda reclaims idle environments after minutes",
                number + 1,
                values[3]
            ));
        }
        if values[4] == 0.0 || values[5] == 0.0 {
            return Err(format!(
                "line {}: a measured `AverageInstanceCount` or `ColdStartProbability` of 0 leaves no percentage error to compute; leave that row out",
                number + 1
            ));
        }
        experiments.push(Experiment {
            id: cells.first().copied().unwrap_or("").to_string(),
            arrival_rate: values[0],
            warm_ms: values[1],
            cold_ms: values[2],
            idle_minutes: values[3],
            instances: values[4],
            cold_probability: values[5],
        });
    }
    if experiments.is_empty() {
        return Err("the file has a header but no experiments: add one row per experiment".into());
    }
    Ok(experiments)
}

/// How a replay is run: the length and seed of the simulation, and the one
/// model choice the data set does not record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplayOptions {
    /// Requests to simulate per experiment.
    pub invocations: u64,
    pub seed: u64,
    /// How much longer than the file's `IdleMinutesBeforeKill` Lambda really
    /// kept an idle environment (see [`RECLAIM_MARGIN`]).
    pub reclaim_margin: Micros,
}

/// The idle time-to-live Lambda applied when the data set was measured was a
/// little over the experimenters' round 10 minutes: the same lab's expiration
/// probe (June 2020, one environment, random idle waits of 30 s to 33 min)
/// found the environment still warm after 635.8 s idle and gone after
/// 645.0 s (pacslab/serverless-performance-modeling,
/// deployments/02-results.ipynb). 40 s is the middle of that bracket.
pub const RECLAIM_MARGIN: Micros = 40 * SECOND;

impl Default for ReplayOptions {
    fn default() -> Self {
        ReplayOptions {
            invocations: 2_000_000,
            seed: 1,
            reclaim_margin: RECLAIM_MARGIN,
        }
    }
}

/// The mean time to an unannounced retirement in the same traces (see
/// `Options::random_retirement`): 11 environments in about 91
/// environment-hours.
pub const MEASURED_RANDOM_RETIREMENT: Micros = 8 * HOUR;

/// The client's round trip to Lambda, which the measured response times
/// include but the environment does not spend. In the published per-request
/// traces of the data set (pacslab/serverless-performance-modeling,
/// experiments/results, 2020), a warm response took on average 94.9, 106.1,
/// 106.7, 108.1 and 111.1 ms longer at the client than Lambda's reported
/// duration in the steady state of experiments 10, 18, 15, 17 and 13 (whole
/// traces), and 94.0 ms in 428 warm requests sampled across experiment 0's:
/// about 65 ms before the handler started, 40 ms after it ended. The file's
/// service times are means, so the mean is subtracted: 103.5 ms, the average
/// over those six experiments (the round trip differs between experiments
/// more than within one).
pub const CLIENT_ROUND_TRIP_MS: f64 = 103.5;

/// How long an environment is busy with a warm request of `response_ms`.
fn busy_time(response_ms: f64) -> Micros {
    ((response_ms - CLIENT_ROUND_TRIP_MS).max(1.0) * MILLISECOND as f64) as Micros
}

/// The scenario of one experiment: each request keeps its environment busy
/// for the measured warm response time less the client's round trip (the
/// measured function did about the same work every time: its mean warm time
/// barely moves across experiments), and a cold start adds the measured
/// difference between cold and warm. Idle environments are
/// reclaimed after the experiment's idle time plus the reclaim margin; the
/// maximum lifetime is the simulator's default of 2 h, which the same traces
/// bear out (environments in steady use were replaced 1.9–2.0 h after they
/// were created).
pub fn simulation(experiment: &Experiment, options: &ReplayOptions) -> Simulation {
    let until = ((options.invocations as f64 / experiment.arrival_rate) * SECOND as f64) as Micros;
    simulation_of(
        experiment,
        options.seed,
        options.reclaim_margin,
        until,
        Recording::TotalsOnly,
    )
}

/// [`simulation`] for `until` of traffic, keeping what `recording` asks for.
fn simulation_of(
    experiment: &Experiment,
    seed: u64,
    reclaim_margin: Micros,
    until: Micros,
    recording: Recording,
) -> Simulation {
    let mut f = Function::new("experiment");
    f.memory_mb = 1_769;
    f.timeout = 900 * SECOND;
    f.package_bytes = 0;
    f.runtime_start = ((experiment.cold_ms - experiment.warm_ms) * MILLISECOND as f64) as Micros;
    f.handler = Work {
        wait: busy_time(experiment.warm_ms),
        spread: Spread::Fixed,
        ..Work::default()
    };
    Simulation {
        options: Options {
            seed,
            until: Some(until),
            idle_ttl: idle_period(experiment).saturating_add(reclaim_margin),
            // Days of traffic: environments also vanish unannounced.
            random_retirement: MEASURED_RANDOM_RETIREMENT,
            // A replay of days of sparse traffic keeps only totals:
            // per-minute metrics would cost memory for nothing.
            recording,
            ..Options::default()
        },
        functions: vec![f],
        traffic: vec![Traffic {
            function: 0,
            qualifier: Qualifier::Latest,
            invocation: InvocationType::Sync,
            arrivals: Arrivals::Poisson {
                per_second: experiment.arrival_rate,
                from: 0,
                until,
            },
            payload_bytes: 1_000,
            source: Source::Direct,
        }],
    }
}

/// The file's `IdleMinutesBeforeKill`.
fn idle_period(experiment: &Experiment) -> Micros {
    (experiment.idle_minutes * MINUTE as f64) as Micros
}

/// Replays one experiment and measures it as the experimenters did. They saw
/// requests, never a reclaim, so they counted an environment as alive from
/// its first request to the end of its last one plus `IdleMinutesBeforeKill`;
/// the simulator's `served_time` is the first part. (An environment retired
/// at its maximum lifetime thus still counts for its idle minutes, as it did
/// in their count.)
pub fn replay(experiment: &Experiment, options: &ReplayOptions) -> Replay {
    let simulation = simulation(experiment, options);
    let until = simulation.options.until.unwrap_or(1).max(1);
    let run = sim::run(&simulation);
    let t = run.totals.overall();
    let counted = t.served_time + u128::from(t.environments) * u128::from(idle_period(experiment));
    Replay {
        cold_probability: t.cold_starts as f64 / t.invocations.max(1) as f64,
        instances: counted as f64 / until as f64,
    }
}

/// Absolute percentage error of `simulated` against `measured`.
pub fn percentage_error(simulated: f64, measured: f64) -> f64 {
    if measured == 0.0 {
        0.0
    } else {
        ((simulated - measured) / measured).abs() * 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = ",ArrivalRate,ServiceTimeWarm,ServiceTimeCold,IdleMinutesBeforeKill,AverageInstanceCount,AverageUtilization,ColdStartProbability\n\
        exp_a,0.002,100.0,300.0,10.0,0.7,0.0,0.3\n";

    #[test]
    fn reads_the_columns_it_needs_by_name() {
        let e = &parse_csv(CSV).unwrap()[0];
        assert_eq!(e.id, "exp_a");
        assert_eq!(e.arrival_rate, 0.002);
        assert_eq!(e.idle_minutes, 10.0);
        assert_eq!(e.cold_probability, 0.3);
    }

    #[test]
    fn bad_rows_are_located() {
        let bad = CSV.replace("0.002", "fast");
        assert!(parse_csv(&bad)
            .unwrap_err()
            .starts_with("line 2: `ArrivalRate` is `fast`"));
        let missing = CSV.replace("ColdStartProbability", "Other");
        assert!(parse_csv(&missing)
            .unwrap_err()
            .contains("no column `ColdStartProbability`"));
    }

    #[test]
    fn files_without_a_usable_experiment_are_refused() {
        let header = CSV.lines().next().unwrap();
        assert!(parse_csv(header).unwrap_err().contains("no experiments"));
        let too_fast = CSV.replace("0.002", "1e9");
        assert!(parse_csv(&too_fast)
            .unwrap_err()
            .contains("at most 1000000"));
        let no_measurement = CSV.replace(",0.3\n", ",0\n");
        assert!(parse_csv(&no_measurement).unwrap_err().contains("of 0"));
    }

    fn sparse(reclaim_margin: Micros) -> Replay {
        let e = &parse_csv(CSV).unwrap()[0];
        let options = ReplayOptions {
            invocations: 100_000,
            seed: 3,
            reclaim_margin,
        };
        replay(e, &options)
    }

    /// With short requests far apart, a request is cold exactly when the gap
    /// since the previous one exceeds the idle TTL: P = exp(-rate × TTL).
    #[test]
    fn sparse_traffic_matches_the_analytic_cold_start_probability() {
        for (margin, ttl) in [(0, 600.0), (RECLAIM_MARGIN, 640.0)] {
            let cold = sparse(margin).cold_probability;
            let expected = (-0.002f64 * ttl).exp();
            assert!((cold - expected).abs() < 0.01, "{cold} vs {expected}");
        }
    }

    /// An environment is counted from its first request to its last plus the
    /// file's 10 minutes, not for the 640 s it really idled: per request,
    /// E[gap; gap < 640 s] + 600 s × P(gap ≥ 640 s), times the rate (0.700),
    /// where the environments' true mean count is 1 − exp(−1.28) = 0.722.
    #[test]
    fn instances_are_counted_as_the_experimenters_counted_them() {
        let rate = 0.002f64;
        let tail = (-rate * 640.0).exp();
        let expected = (1.0 - tail * (1.0 + rate * 640.0)) + rate * 600.0 * tail;
        let counted = sparse(RECLAIM_MARGIN).instances;
        assert!(
            (counted - expected).abs() < 0.004,
            "{counted} vs {expected}"
        );
        assert!((counted - (1.0 - tail)).abs() > 0.015);
    }
}
