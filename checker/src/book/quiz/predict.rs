//! Questions that predict a simulator outcome are checked against the
//! simulator, so a quiz can never teach a number the figures contradict.

use super::parse::Question;
use crate::book::scenario_catalogue::{Lookup, ScenarioCatalogue};
use crate::figures;

/// What went wrong with one prediction, to be placed at the `predict` line.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictionProblem {
    pub message: String,
    pub help: Option<String>,
}

/// Checks the question's correct choice against the scenario it names.
/// `location` is `page:line`, quoted in the disagreement message.
pub fn check(
    question: &Question,
    catalogue: &ScenarioCatalogue,
    location: &str,
) -> Result<(), PredictionProblem> {
    let Some(prediction) = &question.predict else {
        return Ok(());
    };
    let wanted = &prediction.predict;
    let scenario = catalogue.find(&wanted.scenario).map_err(|lookup| match lookup {
        Lookup::Missing(like) => PredictionProblem {
            message: format!(
                "question {} predicts scenario `{}`, but no ```lambda-scenario block of the book has that name",
                question.number, wanted.scenario
            ),
            help: Some(if like.is_empty() {
                if catalogue.is_empty() {
                    "the book has no named scenario yet (if it has, the `quiz` preprocessor must \
                     run before `lambda-scenario`: `before = [\"lambda-scenario\"]` in book.toml)"
                        .into()
                } else {
                    "check the spelling of the scenario's `name`".into()
                }
            } else {
                format!("did you mean {}?", quoted_list(&like))
            }),
        },
        Lookup::Ambiguous(all) => PredictionProblem {
            message: format!(
                "question {} predicts scenario `{}`, but {} different blocks have that name",
                question.number,
                wanted.scenario,
                all.len()
            ),
            help: Some(format!(
                "rename all but one of them: {}",
                all.iter()
                    .map(|s| format!("{}:{}", s.page, s.line))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
    })?;
    let measured = figures::measure(&scenario.toml, &wanted.measure).map_err(|error| {
        PredictionProblem {
            message: format!(
                "question {} predicts `{}` of scenario `{}`, which the simulator cannot measure: {}",
                question.number, wanted.measure, wanted.scenario, error.message
            ),
            help: error.help.clone().or_else(|| {
                Some(format!(
                    "the scenario is at {}:{}",
                    scenario.page, scenario.line
                ))
            }),
        }
    })?;
    let correct = question
        .choices
        .get(question.answer.wrapping_sub(1))
        .map(String::as_str)
        .unwrap_or_default();
    let Some((said, said_text)) = first_number(correct) else {
        return Err(PredictionProblem {
            message: format!(
                "question {} predicts `{}` of scenario `{}`, but its correct choice \"{correct}\" has no number",
                question.number, wanted.measure, wanted.scenario
            ),
            help: Some("the first number of the correct choice is compared with the simulator".into()),
        });
    };
    if agrees(said, measured) {
        Ok(())
    } else {
        Err(PredictionProblem {
            message: format!(
                "quiz answer disagrees with the simulator: {location}: question {} says {said_text} but scenario `{}` gives {} {}",
                question.number,
                wanted.scenario,
                show(measured),
                wanted.measure
            ),
            help: Some(format!(
                "fix the choice or the `answer`, or the scenario at {}:{}",
                scenario.page, scenario.line
            )),
        })
    }
}

/// The first number written in a choice ("6 environments" → 6), with the
/// text it was read from. Thousands separators are allowed: "1,000".
pub fn first_number(text: &str) -> Option<(f64, String)> {
    let bytes = text.as_bytes();
    let start = bytes.iter().position(u8::is_ascii_digit)?;
    let negative = start > 0 && bytes[start - 1] == b'-';
    let mut end = start;
    let mut digits = String::new();
    while end < bytes.len() {
        let b = bytes[end];
        if b.is_ascii_digit() {
            digits.push(b as char);
            end += 1;
        } else if b == b','
            && bytes.len() >= end + 4
            && bytes[end + 1..end + 4].iter().all(u8::is_ascii_digit)
            && !bytes.get(end + 4).is_some_and(u8::is_ascii_digit)
        {
            end += 1;
        } else if b == b'.'
            && !digits.contains('.')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
        {
            digits.push('.');
            end += 1;
        } else {
            break;
        }
    }
    let value: f64 = digits.parse().ok()?;
    let from = if negative { start - 1 } else { start };
    Some((
        if negative { -value } else { value },
        text[from..end].to_string(),
    ))
}

/// Integers must match exactly; other numbers to a relative 1e-9.
pub fn agrees(said: f64, measured: f64) -> bool {
    if said.fract() == 0.0 && measured.fract() == 0.0 {
        return said == measured;
    }
    (said - measured).abs() <= 1e-9 * said.abs().max(measured.abs())
}

fn show(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_first_number() {
        assert_eq!(first_number("6 environments"), Some((6.0, "6".into())));
        assert_eq!(
            first_number("about 1,000 requests"),
            Some((1000.0, "1,000".into()))
        );
        assert_eq!(first_number("0.25 s, then 3"), Some((0.25, "0.25".into())));
        assert_eq!(first_number("-3 degrees"), Some((-3.0, "-3".into())));
        assert_eq!(first_number("1,5"), Some((1.0, "1".into())));
        assert_eq!(first_number("v2."), Some((2.0, "2".into())));
        assert_eq!(first_number("none"), None);
    }

    #[test]
    fn integers_match_exactly_and_decimals_closely() {
        assert!(agrees(6.0, 6.0));
        assert!(!agrees(5.0, 6.0));
        assert!(agrees(0.1 + 0.2, 0.3));
        assert!(!agrees(0.3, 0.31));
        assert!(!agrees(1.0, 1.0 + 1e-6));
    }

    #[test]
    fn shows_integers_without_a_point() {
        assert_eq!(show(6.0), "6");
        assert_eq!(show(0.5), "0.5");
    }
}
