//! Named numbers read off a run, so quizzes and exercises can ask "how many
//! cold starts?" and the build can check the answer against the simulator.

use std::str::FromStr;

use super::trace::Run;

/// One number measured on a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Invocations,
    ColdStarts,
    WarmStarts,
    Throttles,
    Environments,
    Errors,
    Timeouts,
    MaxConcurrency,
    BilledMs,
    CostUsd,
    Retries,
    OnFailureDeliveries,
    OnSuccessDeliveries,
    DeadLetters,
    DroppedEvents,
    SpilloverInvocations,
    ProvisionedInvocations,
    P50Ms,
    P99Ms,
    /// Which environment (numbered from 1 in creation order) served the N-th
    /// request (numbered from 1 in arrival order).
    EnvironmentOfRequest(u32),
}

const NAMES: &[(&str, Measure)] = &[
    ("invocations", Measure::Invocations),
    ("cold_starts", Measure::ColdStarts),
    ("warm_starts", Measure::WarmStarts),
    ("throttles", Measure::Throttles),
    ("environments", Measure::Environments),
    ("errors", Measure::Errors),
    ("timeouts", Measure::Timeouts),
    ("max_concurrency", Measure::MaxConcurrency),
    ("billed_ms", Measure::BilledMs),
    ("cost_usd", Measure::CostUsd),
    ("retries", Measure::Retries),
    ("on_failure_deliveries", Measure::OnFailureDeliveries),
    ("on_success_deliveries", Measure::OnSuccessDeliveries),
    ("dead_letters", Measure::DeadLetters),
    ("dropped_events", Measure::DroppedEvents),
    ("spillover_invocations", Measure::SpilloverInvocations),
    ("provisioned_invocations", Measure::ProvisionedInvocations),
    ("p50_ms", Measure::P50Ms),
    ("p99_ms", Measure::P99Ms),
];

impl FromStr for Measure {
    type Err = String;

    /// Parses a measure name; the error lists the names that exist.
    fn from_str(s: &str) -> Result<Self, String> {
        if let Some(n) = s.strip_prefix("environment_of_request:") {
            return n
                .trim()
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .map(Measure::EnvironmentOfRequest)
                .ok_or_else(|| {
                    "write the request's number after the colon, e.g. `environment_of_request:6`"
                        .to_string()
                });
        }
        NAMES
            .iter()
            .find(|(name, _)| *name == s)
            .map(|(_, m)| *m)
            .ok_or_else(|| {
                let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
                format!(
                    "measures are {}, and environment_of_request:N",
                    names.join(", ")
                )
            })
    }
}

impl Measure {
    /// The value on a run. Counts are over all functions.
    pub fn of(self, run: &Run) -> f64 {
        let t = run.totals.overall();
        match self {
            Measure::Invocations => t.invocations as f64,
            Measure::ColdStarts => t.cold_starts as f64,
            Measure::WarmStarts => t.warm_starts as f64,
            Measure::Throttles => t.throttles as f64,
            Measure::Environments => t.environments as f64,
            Measure::Errors => t.errors as f64,
            Measure::Timeouts => t.timeouts as f64,
            Measure::MaxConcurrency => f64::from(run.metrics.peak_concurrency),
            Measure::BilledMs => t.billed_ms as f64,
            Measure::CostUsd => run.cost.total_usd(),
            Measure::Retries => t.retries as f64,
            Measure::OnFailureDeliveries => t.on_failure_deliveries as f64,
            Measure::OnSuccessDeliveries => t.on_success_deliveries as f64,
            Measure::DeadLetters => t.dead_letters as f64,
            Measure::DroppedEvents => t.async_dropped as f64,
            Measure::SpilloverInvocations => t.spillover_invocations as f64,
            Measure::ProvisionedInvocations => t.provisioned_invocations as f64,
            Measure::P50Ms => run.metrics.latency.percentile(50.0) as f64 / 1_000.0,
            Measure::P99Ms => run.metrics.latency.percentile(99.0) as f64 / 1_000.0,
            Measure::EnvironmentOfRequest(n) => run
                .invocations
                .iter()
                .find(|i| i.number == n)
                .and_then(|i| i.environment)
                .map_or(0.0, f64::from),
        }
    }
}
