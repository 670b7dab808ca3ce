//! What Lambda charges: requests, and duration in GB-seconds at the
//! architecture's price, billed per 1 ms. Prices are us-east-1 on-demand, first
//! tier, without the free tier (facts §11).

use super::config::Architecture;

/// $0.20 per million requests, both architectures.
pub const PRICE_PER_REQUEST: f64 = 0.20 / 1_000_000.0;
/// Duration, first tier: x86_64 $0.0000166667, arm64 $0.0000133334 per GB-s.
pub fn price_per_gb_second(architecture: Architecture) -> f64 {
    match architecture {
        Architecture::X86_64 => 0.000_016_666_7,
        Architecture::Arm64 => 0.000_013_333_4,
    }
}
/// Provisioned concurrency: the configured capacity per GB-s while it is
/// allocated, and a lower duration price for requests it serves (x86_64).
pub fn provisioned_prices(architecture: Architecture) -> (f64, f64) {
    match architecture {
        Architecture::X86_64 => (0.000_004_166_7, 0.000_009_722_2),
        Architecture::Arm64 => (0.000_003_333_4, 0.000_007_777_8),
    }
}

/// GB-seconds of a billed duration at a memory size.
pub fn gb_seconds(billed_ms: u64, memory_mb: u32) -> f64 {
    (billed_ms as f64 / 1_000.0) * (f64::from(memory_mb) / 1_024.0)
}

/// The bill of a run, in US dollars.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cost {
    pub requests: u64,
    pub gb_seconds: f64,
    pub request_usd: f64,
    pub duration_usd: f64,
    /// Provisioned concurrency: capacity kept allocated.
    pub provisioned_usd: f64,
    /// Of the billed milliseconds, those that were INIT.
    pub init_billed_ms: u64,
}

impl Cost {
    pub fn total_usd(&self) -> f64 {
        self.request_usd + self.duration_usd + self.provisioned_usd
    }

    /// Adds one invocation: `billed_ms` at `memory_mb`, on-demand or provisioned.
    pub fn add_invocation(
        &mut self,
        billed_ms: u64,
        memory_mb: u32,
        architecture: Architecture,
        on_provisioned: bool,
    ) {
        let gbs = gb_seconds(billed_ms, memory_mb);
        self.requests += 1;
        self.request_usd += PRICE_PER_REQUEST;
        self.gb_seconds += gbs;
        self.duration_usd += gbs
            * if on_provisioned {
                provisioned_prices(architecture).1
            } else {
                price_per_gb_second(architecture)
            };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_million_one_second_calls_at_1gb() {
        let mut cost = Cost::default();
        // 1,000 invocations of 1,000 ms at 1,024 MB = 1,000 GB-s.
        for _ in 0..1_000 {
            cost.add_invocation(1_000, 1_024, Architecture::X86_64, false);
        }
        assert!((cost.gb_seconds - 1_000.0).abs() < 1e-9);
        assert!((cost.duration_usd - 0.016_666_7).abs() < 1e-9);
        assert!((cost.request_usd - 0.000_2).abs() < 1e-12);
    }
}
