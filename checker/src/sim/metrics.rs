//! CloudWatch-style metrics, one data point a minute (namespace `AWS/Lambda`,
//! facts §10.1). Kept as counters and fixed-size histograms so that memory does
//! not grow with the number of invocations.

use super::time::{Micros, MINUTE};

/// Per-minute series for every function, plus account-level concurrency.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    pub per_function: Vec<Vec<Minute>>,
    /// Account-wide `ConcurrentExecutions` and `UnreservedConcurrentExecutions`
    /// (maximum within each minute).
    pub account: Vec<AccountMinute>,
    /// Client-observed latency (arrival to answer) of every invocation.
    pub latency: Histogram,
    /// The highest account-wide concurrency seen.
    pub peak_concurrency: u32,
    /// Minutes before this one are sealed.
    sealed_minutes: usize,
    /// False when only totals are kept: every minute is then written to
    /// `discarded`, which nobody reads, and the series stay empty.
    per_minute: bool,
    discarded: Minute,
}

/// One minute of one function.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Minute {
    pub invocations: u64,
    pub errors: u64,
    pub throttles: u64,
    /// `Duration` statistics (handler time, no INIT).
    pub duration: Histogram,
    /// Maximum in-flight requests during the minute.
    pub concurrent_executions: u32,
    /// `ProvisionedConcurrentExecutions` (maximum within the minute); divided
    /// by the configured number it gives `ProvisionedConcurrencyUtilization`.
    pub provisioned_concurrent_executions: u32,
    pub provisioned_invocations: u64,
    pub spillover_invocations: u64,
    pub async_events_received: u64,
    pub async_events_dropped: u64,
    /// Maximum age of an asynchronous event when it was taken from the queue.
    pub async_event_age_max: Micros,
    pub dead_letter_errors: u64,
    pub destination_delivery_failures: u64,
    pub recursive_invocations_dropped: u64,
    /// `IteratorAge`: the age of the newest record of a stream batch when
    /// Lambda read it (maximum within the minute).
    pub iterator_age_max: Micros,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountMinute {
    pub concurrent_executions: u32,
    pub unreserved_concurrent_executions: u32,
}

impl Metrics {
    pub fn new(functions: usize, per_minute: bool) -> Self {
        Metrics {
            per_function: vec![Vec::new(); functions],
            per_minute,
            ..Metrics::default()
        }
    }

    /// The minute of `function` that contains `at`, created on first use.
    pub fn minute(&mut self, function: usize, at: Micros) -> &mut Minute {
        if !self.per_minute {
            return &mut self.discarded;
        }
        let series = &mut self.per_function[function];
        let index = (at / MINUTE) as usize;
        if series.len() <= index {
            series.resize_with(index + 1, Minute::default);
        }
        &mut series[index]
    }

    /// Seals the minutes that ended more than 16 minutes before `now`: no
    /// invocation still running can belong to them (the longest timeout is 15
    /// minutes), so their histograms can shrink to a few percentiles. This
    /// keeps a long run's memory to a few bytes per simulated minute.
    pub fn seal_before(&mut self, now: Micros) {
        let open_from = (now / MINUTE).saturating_sub(16) as usize;
        if open_from <= self.sealed_minutes {
            return;
        }
        for series in &mut self.per_function {
            for minute in series.iter_mut().take(open_from).skip(self.sealed_minutes) {
                minute.duration.seal();
            }
        }
        self.sealed_minutes = open_from;
    }

    /// Records account concurrency after a change at `at`.
    pub fn observe_account(&mut self, at: Micros, total: u32, unreserved: u32) {
        self.peak_concurrency = self.peak_concurrency.max(total);
        if !self.per_minute {
            return;
        }
        let index = (at / MINUTE) as usize;
        if self.account.len() <= index {
            self.account.resize_with(index + 1, AccountMinute::default);
        }
        let minute = &mut self.account[index];
        minute.concurrent_executions = minute.concurrent_executions.max(total);
        minute.unreserved_concurrent_executions =
            minute.unreserved_concurrent_executions.max(unreserved);
    }
}

/// A log-linear histogram of microsecond values: 32 sub-buckets per power of
/// two, so any percentile is within about 3 % of the true value, in 2 KiB.
#[derive(Clone, PartialEq)]
pub struct Histogram {
    counts: Vec<u32>,
    total: u64,
    sum: u128,
    min: Micros,
    max: Micros,
    /// Once sealed, the buckets are dropped and these percentiles kept.
    sealed: Option<[Micros; SEALED.len()]>,
}

/// The percentiles a sealed histogram keeps.
const SEALED: [f64; 4] = [50.0, 90.0, 99.0, 99.9];

const SUB_BITS: u32 = 5;
const SUB: u64 = 1 << SUB_BITS;

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: Vec::new(),
            total: 0,
            sum: 0,
            min: Micros::MAX,
            max: 0,
            sealed: None,
        }
    }
}

impl std::fmt::Debug for Histogram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Histogram {{ count: {}, min: {}, max: {} }}",
            self.total,
            self.min(),
            self.max
        )
    }
}

impl Histogram {
    fn bucket(value: Micros) -> usize {
        if value < SUB {
            return value as usize;
        }
        let exponent = 63 - value.leading_zeros(); // value >= 2^exponent
        let shift = exponent - SUB_BITS;
        let sub = (value >> shift) - SUB; // 0..SUB
        ((u64::from(shift) + 1) * SUB + sub) as usize
    }

    /// The smallest value that falls in a bucket.
    fn bucket_floor(index: usize) -> Micros {
        let index = index as u64;
        if index < SUB {
            return index;
        }
        let shift = index / SUB - 1;
        let sub = index % SUB;
        (SUB + sub) << shift
    }

    pub fn record(&mut self, value: Micros) {
        debug_assert!(self.sealed.is_none(), "recording into a sealed histogram");
        let b = Self::bucket(value);
        if self.counts.len() <= b {
            self.counts.resize(b + 1, 0);
        }
        self.counts[b] += 1;
        self.total += 1;
        self.sum += u128::from(value);
        self.min = self.min.min(value);
        self.max = self.max.max(value);
    }

    pub fn count(&self) -> u64 {
        self.total
    }

    pub fn min(&self) -> Micros {
        if self.total == 0 {
            0
        } else {
            self.min
        }
    }

    pub fn max(&self) -> Micros {
        self.max
    }

    pub fn mean(&self) -> Micros {
        if self.total == 0 {
            0
        } else {
            (self.sum / u128::from(self.total)) as Micros
        }
    }

    /// Keeps the count, sum, extremes and a few percentiles, and frees the
    /// buckets: a finished minute of metrics then costs a few bytes.
    pub fn seal(&mut self) {
        if self.sealed.is_none() {
            self.sealed = Some(SEALED.map(|p| self.percentile(p)));
            self.counts = Vec::new();
        }
    }

    /// The value below which `p` percent of the recorded values fall. A
    /// sealed histogram answers with the nearest percentile it kept.
    pub fn percentile(&self, p: f64) -> Micros {
        if self.total == 0 {
            return 0;
        }
        if let Some(kept) = &self.sealed {
            let nearest = SEALED
                .iter()
                .enumerate()
                .min_by(|a, b| (a.1 - p).abs().total_cmp(&(b.1 - p).abs()))
                .map_or(0, |(i, _)| i);
            return kept[nearest];
        }
        let rank = ((p / 100.0) * self.total as f64).ceil().max(1.0) as u64;
        let mut seen = 0u64;
        for (index, &count) in self.counts.iter().enumerate() {
            seen += u64::from(count);
            if seen >= rank {
                // The middle of the bucket, kept within what was seen.
                let low = Self::bucket_floor(index);
                let high = Self::bucket_floor(index + 1).saturating_sub(1).max(low);
                return (low + (high - low) / 2).clamp(self.min, self.max);
            }
        }
        self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_close() {
        let mut h = Histogram::default();
        for v in 1..=10_000u64 {
            h.record(v * 100);
        }
        let p50 = h.percentile(50.0) as f64;
        let p99 = h.percentile(99.0) as f64;
        assert!((p50 / 500_000.0 - 1.0).abs() < 0.04, "p50 {p50}");
        assert!((p99 / 990_000.0 - 1.0).abs() < 0.04, "p99 {p99}");
        assert_eq!(h.min(), 100);
        assert_eq!(h.max(), 1_000_000);
        assert_eq!(h.count(), 10_000);
    }

    #[test]
    fn a_sealed_histogram_keeps_its_summary() {
        let mut h = Histogram::default();
        for v in 1..=1_000u64 {
            h.record(v);
        }
        let (p99, p50, max, mean) = (h.percentile(99.0), h.percentile(50.0), h.max(), h.mean());
        h.seal();
        assert_eq!(h.percentile(99.0), p99);
        assert_eq!(h.percentile(50.0), p50);
        assert_eq!((h.max(), h.mean(), h.count()), (max, mean, 1_000));
    }

    #[test]
    fn buckets_are_ordered() {
        let mut last = 0;
        for v in [0u64, 1, 31, 32, 33, 64, 1000, 1 << 40] {
            let b = Histogram::bucket(v);
            assert!(b >= last);
            assert!(Histogram::bucket_floor(b) <= v);
            last = b;
        }
    }
}
