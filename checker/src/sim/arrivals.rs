//! Turning a traffic pattern into arrival times, one at a time, so a run of
//! millions of requests never holds them all in memory.

use super::config::Arrivals;
use super::rng::Rng;
use super::time::{Micros, SECOND};

/// The next arrivals of one traffic pattern. Each source has its own random
/// stream, so changing a function's configuration never moves its arrivals.
#[derive(Debug, Clone)]
pub struct ArrivalStream {
    arrivals: Arrivals,
    rng: Rng,
    index: u64,
    last: Micros,
}

impl ArrivalStream {
    pub fn new(arrivals: &Arrivals, seed: u64, source: usize) -> Self {
        let mut arrivals = arrivals.clone();
        if let Arrivals::At(times) = &mut arrivals {
            times.sort_unstable();
        }
        ArrivalStream {
            arrivals,
            rng: Rng::new(seed ^ (0xA5A5_0000 + source as u64).wrapping_mul(0x9E37_79B9)),
            index: 0,
            last: 0,
        }
    }

    /// The next arrival time, or `None` when the pattern is exhausted.
    pub fn next_arrival(&mut self) -> Option<Micros> {
        let i = self.index;
        self.index += 1;
        let next = match &self.arrivals {
            Arrivals::At(times) => times.get(i as usize).copied(),
            Arrivals::Every {
                interval,
                from,
                until,
            } => Some(from + i * interval).filter(|t| t < until),
            Arrivals::Burst { count, at, spacing } => {
                (i < u64::from(*count)).then(|| at + i * spacing)
            }
            Arrivals::Poisson {
                per_second,
                from,
                until,
            } => {
                let start = if i == 0 { *from } else { self.last };
                let gap = self.rng.exponential(SECOND as f64 / per_second);
                Some(start + gap.round() as Micros).filter(|t| t < until)
            }
            Arrivals::Schedule {
                schedule,
                from,
                until,
            } => {
                let after = if i == 0 { *from } else { self.last + 1 };
                Some(schedule.next_at_or_after(after, *from)).filter(|t| t < until)
            }
        };
        if let Some(t) = next {
            self.last = t;
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(arrivals: Arrivals) -> Vec<Micros> {
        let mut s = ArrivalStream::new(&arrivals, 1, 0);
        std::iter::from_fn(|| s.next_arrival()).collect()
    }

    #[test]
    fn patterns() {
        assert_eq!(collect(Arrivals::At(vec![30, 10, 20])), vec![10, 20, 30]);
        assert_eq!(
            collect(Arrivals::Every {
                interval: 10,
                from: 5,
                until: 40
            }),
            vec![5, 15, 25, 35]
        );
        assert_eq!(
            collect(Arrivals::Burst {
                count: 3,
                at: 100,
                spacing: 2
            }),
            vec![100, 102, 104]
        );
    }

    #[test]
    fn poisson_rate_is_close() {
        let times = collect(Arrivals::Poisson {
            per_second: 50.0,
            from: 0,
            until: 1_000 * SECOND,
        });
        let n = times.len() as f64;
        assert!((n / 50_000.0 - 1.0).abs() < 0.02, "{n} arrivals");
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
    }
}
