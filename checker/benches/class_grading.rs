//! How long `course grade` takes for a class: 100 generated submissions
//! (each exercise a reference solution, the untouched starter, a wrong
//! answer or now and then a broken file), graded with `--no-labs`; then the
//! labs of a few learners who did all four, graded with `--labs-only`, once
//! one at a time and once two at a time. Runs the real `course` binary and
//! prints wall-clock times; the target is 60 s for the exercises of 100
//! learners on a 2-core machine.
//!
//! Run: `cargo bench -p checker --bench class_grading` (add `-- quick` for
//! 20 learners and one lab learner; set `COURSE_BIN` to time another build
//! of `course`, e.g. `target/debug/course`). The labs part needs Node.js and
//! `npm ci` in labs/runtime, labs/02-dependencies/solution and
//! labs/03-layer/solution/layer/nodejs; without them it is skipped with a
//! message.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let quick = std::env::args().any(|a| a == "quick");
    let (learners, lab_learners) = if quick { (20, 1) } else { (100, 4) };
    let root = std::env::temp_dir().join(format!("course-grade-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);

    let class = root.join("class");
    let mix = generate_class(&class, learners);
    println!(
        "{learners} submissions: {} solutions, {} starters, {} wrong answers, {} broken files",
        mix[0], mix[1], mix[2], mix[3]
    );
    for jobs in ["1", "2"] {
        let took = grade(&class, &["--no-labs", "--jobs", jobs]);
        println!(
            "exercises, {learners} learners, {jobs} at a time: {:.1} s ({:.0} ms a learner)",
            took.as_secs_f64(),
            took.as_secs_f64() * 1000.0 / learners as f64
        );
    }
    let book = std::fs::read_to_string(class.join("gradebook/gradebook.csv")).unwrap();
    let count = |status: &str| {
        book.lines()
            .filter(|l| l.contains(&format!(",exercise,{status},")))
            .count()
    };
    println!(
        "  (graded: {} passed, {} failed, {} malformed, {} not attempted)",
        count("passed"),
        count("failed"),
        count("malformed"),
        count("not attempted")
    );

    match lab_tools() {
        Err(why) => println!("labs: skipped ({why})"),
        Ok(()) => {
            let labs = root.join("labs-class");
            for n in 0..lab_learners {
                let learner = labs.join(format!("learner-{n:02}"));
                copy(&course().join("exercises"), &learner.join("exercises"), &[]);
                for lab in lab_folders() {
                    let dest = learner.join("labs").join(lab.file_name().unwrap());
                    if lab.join("events").is_dir() {
                        copy(&lab.join("events"), &dest.join("events"), &[]);
                    }
                    copy(&lab.join("solution"), &dest.join("starter"), &[]);
                }
            }
            for lab_jobs in ["1", "2"] {
                let took = grade(&labs, &["--labs-only", "--lab-jobs", lab_jobs]);
                println!(
                    "labs, {lab_learners} learners × 4 labs, {lab_jobs} at a time: {:.1} s ({:.1} s a learner)",
                    took.as_secs_f64(),
                    took.as_secs_f64() / lab_learners as f64
                );
            }
            let book = std::fs::read_to_string(labs.join("gradebook/gradebook.csv")).unwrap();
            let passed = book.lines().filter(|l| l.contains(",lab,passed,")).count();
            println!("  ({passed} of {} labs passed)", lab_learners * 4);
        }
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// Runs `course grade DIR ARGS -q` and returns its wall-clock time.
/// `COURSE_BIN` names another `course` to time, such as a debug build.
fn grade(dir: &Path, args: &[&str]) -> Duration {
    let program =
        std::env::var_os("COURSE_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_course").into());
    let started = Instant::now();
    let out = Command::new(program)
        .arg("grade")
        .arg(dir)
        .args(args)
        .arg("--quiet")
        .output()
        .expect("the course binary runs");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "course grade failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

fn course() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn lab_folders() -> Vec<PathBuf> {
    let mut labs: Vec<PathBuf> = std::fs::read_dir(course().join("labs"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with('0'))
        .collect();
    labs.sort();
    labs
}

fn lab_tools() -> Result<(), String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("Node.js is not installed".into());
    }
    for dir in [
        "labs/runtime",
        "labs/02-dependencies/solution",
        "labs/03-layer/solution/layer/nodejs",
    ] {
        if !course().join(dir).join("node_modules").is_dir() {
            return Err(format!("run `npm ci --prefix {dir}` first"));
        }
    }
    Ok(())
}

/// A small deterministic generator, so every run grades the same class.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

/// Writes `learners` copies of `exercises/`, each exercise filled in one of
/// four ways; returns how many of each (solution, starter, wrong, broken).
fn generate_class(class: &Path, learners: usize) -> [usize; 4] {
    let exercises = course().join("exercises");
    let ids: Vec<String> = checker::grade::catalogue::ids()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut rng = Lcg(42);
    let mut mix = [0; 4];
    for n in 0..learners {
        let dest = class.join(format!("learner-{n:03}")).join("exercises");
        copy(&exercises, &dest, &[]);
        for id in &ids {
            let roll = rng.next() % 100;
            let kind = match roll {
                0..45 => 0,
                45..75 => 1,
                75..95 => 2,
                _ => 3,
            };
            mix[kind] += 1;
            let solution = exercises.join("solutions").join(id);
            for file in std::fs::read_dir(&solution).unwrap().flatten() {
                let text = std::fs::read_to_string(file.path()).unwrap();
                let target = dest.join(id).join(file.file_name());
                match kind {
                    0 => std::fs::write(&target, &text).unwrap(),
                    1 => {}
                    2 => std::fs::write(&target, wrong(&text)).unwrap(),
                    _ => {
                        let half: String = text.chars().take(text.chars().count() / 2).collect();
                        std::fs::write(&target, half).unwrap()
                    }
                }
            }
        }
    }
    mix
}

/// A plausible wrong answer: every digit of the solution moved up by one
/// (memory sizes, timeouts, counts, prices and account ids all change).
fn wrong(solution: &str) -> String {
    solution
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_digit((d + 1) % 10, 10).unwrap(),
            None => c,
        })
        .collect()
}

fn copy(from: &Path, to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if skip.iter().any(|s| entry.file_name() == *s) {
            continue;
        }
        if path.is_dir() {
            copy(&path, &to.join(entry.file_name()), skip);
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}
