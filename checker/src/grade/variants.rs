//! Variants of a chapter's scenario: another seed, a little more traffic,
//! arrivals moved a little, slower handlers. Configure exercises are graded
//! on the visible scenario and on hidden variants, so that an answer tuned to
//! the figure alone does not pass.

use crate::scenario::units;
use crate::sim::{Arrivals, InitBilling, InvocationType, Micros, Simulation, Work};

use super::catalogue::Variant;

/// Applies a variant to a simulation.
pub fn apply(simulation: &mut Simulation, variant: &Variant) -> Result<(), String> {
    if let Some(seed) = variant.seed {
        simulation.options.seed = seed;
    }
    if let Some(billing) = &variant.init_billing {
        simulation.options.init_billing = match billing.as_str() {
            "since-2025-08" => InitBilling::Since2025,
            "before-2025-08" => InitBilling::Before2025,
            other => return Err(format!("unknown init_billing `{other}`")),
        };
    }
    if let Some(quota) = variant.account_concurrency {
        simulation.options.account_concurrency = quota;
    }
    for function in &mut simulation.functions {
        if let Some(errors) = variant.errors {
            function.handler.errors = errors;
        }
        if let Some(factor) = variant.work {
            scale_work(&mut function.handler, factor);
            for version in &mut function.versions {
                if let Some(handler) = &mut version.handler {
                    scale_work(handler, factor);
                }
            }
        }
    }
    if let Some(invocation) = &variant.invocation {
        let kind = match invocation.as_str() {
            "sync" => InvocationType::Sync,
            "async" => InvocationType::Async,
            other => return Err(format!("unknown invocation `{other}`")),
        };
        for t in &mut simulation.traffic {
            t.invocation = kind;
        }
    }
    if let Some(factor) = variant.traffic {
        for t in &mut simulation.traffic {
            t.arrivals = scale(&t.arrivals, factor);
        }
    }
    if let Some(jitter) = &variant.jitter {
        let jitter = units::duration(jitter)?;
        let mut rng = SplitMix(simulation.options.seed ^ 0x5EED_0F11_77E2);
        for t in &mut simulation.traffic {
            t.arrivals = shake(&t.arrivals, jitter, &mut rng);
        }
    }
    Ok(())
}

fn scale_work(work: &mut Work, factor: f64) {
    work.cpu = (work.cpu as f64 * factor).round() as Micros;
    work.wait = (work.wait as f64 * factor).round() as Micros;
}

/// More (or fewer) requests in the same pattern.
fn scale(arrivals: &Arrivals, factor: f64) -> Arrivals {
    match arrivals.clone() {
        schedule @ Arrivals::Schedule { .. } => schedule,
        Arrivals::Burst { count, at, spacing } => Arrivals::Burst {
            count: (f64::from(count) * factor).ceil() as u32,
            at,
            spacing,
        },
        Arrivals::Every {
            interval,
            from,
            until,
        } => Arrivals::Every {
            interval: ((interval as f64 / factor).round() as Micros).max(1),
            from,
            until,
        },
        Arrivals::Poisson {
            per_second,
            from,
            until,
        } => Arrivals::Poisson {
            per_second: per_second * factor,
            from,
            until,
        },
        Arrivals::At(mut times) => {
            times.sort_unstable();
            let n = times.len();
            let wanted = (n as f64 * factor).ceil() as usize;
            if n == 0 || wanted <= n {
                return Arrivals::At(times);
            }
            // Extra requests half-way between existing ones, spread evenly.
            let extra = wanted - n;
            let mut added = Vec::new();
            for k in 0..extra {
                let j = k * n / extra;
                let t = match times.get(j + 1) {
                    Some(next) => times[j] + (next - times[j]) / 2,
                    None => times[j] + 1_000,
                };
                added.push(t);
            }
            times.extend(added);
            times.sort_unstable();
            Arrivals::At(times)
        }
    }
}

/// Every arrival moved by a random amount in `[-jitter, +jitter]`.
fn shake(arrivals: &Arrivals, jitter: Micros, rng: &mut SplitMix) -> Arrivals {
    let times: Vec<Micros> = match arrivals {
        Arrivals::Poisson { .. } | Arrivals::Schedule { .. } => return arrivals.clone(),
        Arrivals::At(times) => times.clone(),
        Arrivals::Burst { count, at, spacing } => {
            (0..u64::from(*count)).map(|i| at + i * spacing).collect()
        }
        Arrivals::Every {
            interval,
            from,
            until,
        } => (0..)
            .map(|i| from + i * interval)
            .take_while(|t| t < until)
            .collect(),
    };
    let mut moved: Vec<Micros> = times
        .into_iter()
        .map(|t| {
            let offset = (rng.next() % (2 * jitter + 1)) as i64 - jitter as i64;
            (t as i64 + offset).max(0) as Micros
        })
        .collect();
    moved.sort_unstable();
    Arrivals::At(moved)
}

/// A small seeded generator for the variants (the simulator's own streams
/// stay untouched).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_percent_more_of_each_pattern() {
        let burst = Arrivals::Burst {
            count: 4,
            at: 0,
            spacing: 10,
        };
        assert!(matches!(
            scale(&burst, 1.2),
            Arrivals::Burst { count: 5, .. }
        ));
        let at = Arrivals::At(vec![0, 1_000_000, 2_000_000, 3_000_000, 4_000_000]);
        match scale(&at, 1.2) {
            Arrivals::At(t) => assert_eq!(
                t,
                vec![0, 500_000, 1_000_000, 2_000_000, 3_000_000, 4_000_000]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn jitter_stays_within_bounds_and_repeats() {
        let every = Arrivals::Every {
            interval: 1_000_000,
            from: 0,
            until: 5_000_000,
        };
        let a = shake(&every, 30_000, &mut SplitMix(7));
        let b = shake(&every, 30_000, &mut SplitMix(7));
        match (&a, &b) {
            (Arrivals::At(x), Arrivals::At(y)) => {
                assert_eq!(x, y);
                assert_eq!(x.len(), 5);
                for (i, t) in x.iter().enumerate() {
                    let base = i as i64 * 1_000_000;
                    assert!((*t as i64 - base).abs() <= 30_000 || *t == 0);
                }
            }
            _ => panic!("expected explicit arrivals"),
        }
    }
}
