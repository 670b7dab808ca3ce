//! A small pool of threads for grading learners side by side: the course
//! machine has two cores, exercise grading is pure computation, and each lab
//! starts Node.js processes, so a fixed number of workers that take the next
//! learner when they are free is all that is needed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Graders recurse through scenarios and answers: give workers the stack a
/// main thread would have.
const STACK: usize = 8 * 1024 * 1024;

/// Applies `work` to every item with at most `jobs` threads at a time and
/// returns the results in the items' order; `done` is called after each.
pub fn map<T, R, W, D>(items: &[T], jobs: usize, work: W, done: D) -> Vec<R>
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> R + Sync,
    D: Fn() + Sync,
{
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let workers = jobs.clamp(1, items.len().max(1));
    std::thread::scope(|scope| {
        for n in 0..workers {
            let (next, results, work, done) = (&next, &results, &work, &done);
            let spawned = std::thread::Builder::new()
                .name(format!("grade-{n}"))
                .stack_size(STACK)
                .spawn_scoped(scope, move || loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    let result = work(item);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                    done();
                });
            // Without a thread, the remaining workers (or the loop below) do the work.
            if spawned.is_err() {
                break;
            }
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    // If no thread could start, grade here, one at a time.
    for (i, slot) in results.iter_mut().enumerate() {
        if slot.is_none() {
            *slot = Some(work(&items[i]));
            done();
        }
    }
    results.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..50).collect();
        let count = std::sync::atomic::AtomicUsize::new(0);
        let out = super::map(
            &items,
            3,
            |n| n * 2,
            || {
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            },
        );
        assert_eq!(out, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        assert_eq!(count.into_inner(), 50);
    }

    #[test]
    fn no_items_no_threads() {
        let out: Vec<u8> = super::map(&[] as &[u8], 4, |n| *n, || {});
        assert!(out.is_empty());
    }
}
