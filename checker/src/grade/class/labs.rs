//! A learner's labs as gradebook rows: each attempted lab runs, with the
//! labs crate's own checks, in an emulator of its own (own state folder, own
//! ports), so learners graded side by side cannot see each other's
//! functions. A lab left as it was is "not attempted" without starting
//! Node.js, which keeps a class of mostly unfinished labs quick to grade.

use std::path::{Path, PathBuf};
use std::time::Duration;

use labs::labs::{check_submission, LabReport, LABS};
use labs::{Emulator, EmulatorConfig};

use super::course_files::{lab_untouched, LAB_STARTERS};
use super::text::{one_line, without_request_ids};
use super::{lab_item, ItemKind, Mark, Row};
use crate::grade::files::{irregular, is_folder};

/// What every learner's labs are graded with.
#[derive(Debug, Clone)]
pub struct LabSetup {
    /// The course's `labs/` folder: the test events come from there.
    pub course_labs: PathBuf,
    /// The modules the runtime provides (the AWS SDK): `labs/runtime/node_modules`.
    pub runtime_node_modules: PathBuf,
    /// A cap on every function's timeout (and on INIT), so hanging code is
    /// stopped sooner than the labs' own timeouts (3 to 15 s) would.
    pub timeout: Option<Duration>,
}

/// The error types that mean "did not finish in time".
const TIMEOUTS: [&str; 2] = ["Sandbox.Timedout", "Runtime.InitTimeout"];

/// Grades the four labs of one learner; `state_dir` is a scratch folder for
/// the emulator, removed afterwards.
/// Without the learner's `labs/` folder, every lab is missing, with the
/// reason.
pub fn rows(setup: &LabSetup, learner_labs: Result<&Path, &str>, state_dir: &Path) -> Vec<Row> {
    let learner_labs = match learner_labs {
        Ok(dir) => dir,
        Err(why) => {
            return LABS
                .iter()
                .map(|(_, folder, _)| {
                    Row::plain(&lab_item(folder), ItemKind::Lab, Mark::Missing, why)
                })
                .collect()
        }
    };
    let mut rows: Vec<Option<Row>> = Vec::new();
    let mut to_run = Vec::new();
    for (step, folder, _) in LABS {
        let item = lab_item(folder);
        let starter = learner_labs.join(folder).join("starter");
        let row = if let Some(row) = linked(&item, learner_labs, step, folder) {
            Some(row)
        } else if !is_folder(&starter) {
            Some(Row::plain(
                &item,
                ItemKind::Lab,
                Mark::Missing,
                format!("labs/{folder}/starter is missing from the submission"),
            ))
        } else if lab_untouched(step, &starter) {
            Some(Row::plain(&item, ItemKind::Lab, Mark::NotAttempted, ""))
        } else {
            to_run.push((rows.len(), step, item));
            None
        };
        rows.push(row);
    }
    if !to_run.is_empty() {
        match start(setup, state_dir) {
            Ok(emu) => {
                for (at, step, item) in &to_run {
                    rows[*at] = Some(run_one(&emu, setup, learner_labs, *step, item));
                }
            }
            Err(e) => {
                for (at, _, item) in &to_run {
                    rows[*at] = Some(Row::plain(
                        item,
                        ItemKind::Lab,
                        Mark::Failed,
                        format!("not graded: the lab emulator did not start on this machine ({e})"),
                    ));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(state_dir);
    rows.into_iter().flatten().collect()
}

/// The row of a lab whose folder, or one of whose starter files, is a
/// symbolic link (or not a regular file): the grader reads none of it, and
/// the emulator's zip would leave a linked file out anyway. A linked folder
/// is as good as missing; a linked file makes the lab malformed.
fn linked(item: &str, learner_labs: &Path, step: u8, folder: &str) -> Option<Row> {
    let found = irregular(learner_labs, &format!("{folder}/starter"));
    let (mark, found) = match found {
        Some(found) => (Mark::Missing, found),
        None => {
            let (_, files) = LAB_STARTERS.iter().find(|(s, _)| *s == step)?;
            let found = files.iter().find_map(|(file, _)| {
                irregular(learner_labs, &format!("{folder}/starter/{file}"))
            })?;
            (Mark::Malformed, found)
        }
    };
    let what = match found.link {
        true => "a symbolic link",
        false => "not a regular file",
    };
    Some(Row::plain(
        item,
        ItemKind::Lab,
        mark,
        format!(
            "not graded: labs/{} is {what}, and the grader reads only regular files and folders of a submission; hand in the {} itself",
            found.path,
            if mark == Mark::Missing { "folder" } else { "file" }
        ),
    ))
}

fn start(setup: &LabSetup, state_dir: &Path) -> Result<Emulator, String> {
    let mut config = EmulatorConfig::new(state_dir);
    config.runtime_node_modules = Some(setup.runtime_node_modules.clone());
    if let Some(cap) = setup.timeout {
        config.timeout_cap = Some(cap);
        config.init_timeout = config.init_timeout.min(cap);
    }
    Emulator::start(config)
}

/// One lab, with a bug of the checks kept to this learner and this lab.
fn run_one(emu: &Emulator, setup: &LabSetup, learner_labs: &Path, step: u8, item: &str) -> Row {
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_submission(emu, &setup.course_labs, learner_labs, step)
    }));
    match checked {
        Ok(Ok(report)) => report_row(item, &report),
        Ok(Err(e)) => Row::plain(item, ItemKind::Lab, Mark::Failed, one_line(&e)),
        Err(_) => Row::plain(
            item,
            ItemKind::Lab,
            Mark::Failed,
            "not graded: the lab's checks failed on this submission (a bug of the course); the other labs were graded",
        ),
    }
}

/// A lab report as a row: the first failing check (the first that timed
/// out, if one did) is the message.
pub fn report_row(item: &str, report: &LabReport) -> Row {
    let timed_out = report
        .failures()
        .find(|(_, f)| TIMEOUTS.iter().any(|t| f.happened.contains(t)));
    let (mark, first) = match timed_out {
        Some(failure) => (Mark::TimedOut, Some(failure)),
        None if report.passed() => (Mark::Passed, None),
        None => (Mark::Failed, report.failures().next()),
    };
    let message = first
        .map(|(check, f)| {
            one_line(&without_request_ids(&format!(
                "{}: {}",
                check.title, f.happened
            )))
        })
        .unwrap_or_else(|| match mark {
            Mark::Passed => String::new(),
            _ => "no check of the lab could run".to_string(),
        });
    Row {
        item: item.to_string(),
        kind: ItemKind::Lab,
        mark,
        message,
        file: if mark == Mark::Passed {
            String::new()
        } else {
            report.folder.clone()
        },
        hints_used: None,
        feedback: without_request_ids(&report.render()),
    }
}
