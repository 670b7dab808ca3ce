//! One grader per kind of exercise. Each reads the learner's parsed files and
//! the exercise's manifest, and returns a verdict with located problems.

mod configure;
mod design;
mod observe;
mod package;
mod policy;
mod predict;
mod questions;
mod rules;

use std::collections::BTreeMap;

use super::answers::Doc;
use super::catalogue::{Exercise, Kind, Variant};
use super::{variants, Verdict};
use crate::sim::{self, Run, Simulation};

pub fn grade(exercise: &Exercise, docs: &[Doc]) -> Verdict {
    match exercise.manifest.kind {
        Kind::Predict => predict::grade(exercise, docs),
        Kind::Observe => observe::grade(exercise, docs),
        Kind::Configure => configure::grade(exercise, docs),
        Kind::Design => design::grade(exercise, docs),
        Kind::Policy => policy::grade(exercise, docs),
        Kind::Package => package::grade(exercise, docs),
    }
}

/// Runs of scenarios, each simulated once per grading.
#[derive(Default)]
pub struct Runs {
    cache: BTreeMap<String, (Simulation, Run)>,
}

impl Runs {
    /// The run of `scenario`, changed by `variant` if given.
    pub fn get(
        &mut self,
        scenario: &str,
        variant: Option<&Variant>,
    ) -> Result<&(Simulation, Run), String> {
        let key = format!("{scenario}|{variant:?}");
        if !self.cache.contains_key(&key) {
            let mut simulation = super::catalogue::find_scenario(scenario)?.simulation;
            if let Some(v) = variant {
                variants::apply(&mut simulation, v)?;
            }
            let run = sim::run_to_end(&simulation).map_err(course_fault)?;
            self.cache.insert(key.clone(), (simulation, run));
        }
        Ok(&self.cache[&key])
    }
}

/// A course scenario that did not run to its end. Learners cannot edit the
/// course's scenarios, so this is the course's fault, and says so.
pub fn course_fault(stopped: sim::Stopped) -> String {
    format!(
        "a scenario of the course did not run to its end ({}); this is a fault in the course, not in your answer: please report it to your instructor",
        stopped.message()
    )
}

/// The closest of `names` to `word`, if it is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    crate::suggest::nearest(word, names, |n| 2.max(n.len() / 4))
}
