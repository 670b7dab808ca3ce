//! The TOML of a ```` ```quiz ```` block, checked question by question so an
//! author learns every mistake of a block at once, each with its line.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::book::fences::line_and_column;

/// A checked quiz: at least one question, each with a correct choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Quiz {
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// 1-based position in the block, as authors count questions.
    pub number: usize,
    pub prompt: String,
    pub choices: Vec<String>,
    /// 1-based index of the correct choice.
    pub answer: usize,
    pub explain: String,
    pub predict: Option<Prediction>,
}

/// A question whose correct choice states what the simulator will measure.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Predict {
    /// The `name` of a ```` ```lambda-scenario ```` block anywhere in the book.
    pub scenario: String,
    /// One of the simulator's measures, e.g. `environments`.
    pub measure: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub predict: Predict,
    /// 1-based line of `predict` in the block.
    pub line: usize,
    pub column: usize,
}

/// A problem in a quiz block, in the block's own lines (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct QuizError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizToml {
    #[serde(default)]
    question: Vec<Spanned<QuestionToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionToml {
    prompt: Spanned<String>,
    choices: Spanned<Vec<Spanned<String>>>,
    answer: Spanned<i64>,
    explain: Spanned<String>,
    predict: Option<Spanned<Predict>>,
}

const FIELDS_HELP: &str = "each `[[question]]` has `prompt`, `choices`, `answer` (the 1-based \
     position of the correct choice) and `explain`, and may have \
     `predict = { scenario = \"NAME\", measure = \"MEASURE\" }`";

/// Parses and checks one quiz block.
pub fn parse(source: &str) -> Result<Quiz, Vec<QuizError>> {
    let quiz: QuizToml = toml::from_str(source).map_err(|error| {
        let (line, column) = error
            .span()
            .map_or((1, 1), |span| line_and_column(source, span.start));
        vec![QuizError {
            line,
            column,
            message: format!("this quiz is not valid: {}", error.message().trim_end()),
            help: Some(FIELDS_HELP.into()),
        }]
    })?;
    if quiz.question.is_empty() {
        return Err(vec![QuizError {
            line: 1,
            column: 1,
            message: "this quiz has no question".into(),
            help: Some(format!(
                "start each question with a `[[question]]` line; {FIELDS_HELP}"
            )),
        }]);
    }
    let mut errors = Vec::new();
    let mut questions = Vec::new();
    for (index, question) in quiz.question.into_iter().enumerate() {
        match check(source, index + 1, question.into_inner()) {
            Ok(question) => questions.push(question),
            Err(found) => errors.extend(found),
        }
    }
    if errors.is_empty() {
        Ok(Quiz { questions })
    } else {
        Err(errors)
    }
}

fn check(source: &str, number: usize, question: QuestionToml) -> Result<Question, Vec<QuizError>> {
    let at = |span: Range<usize>, message: String, help: Option<String>| {
        let (line, column) = line_and_column(source, span.start);
        QuizError {
            line,
            column,
            message: format!("question {number}: {message}"),
            help,
        }
    };
    let mut errors = Vec::new();
    if question.prompt.get_ref().trim().is_empty() {
        errors.push(at(
            question.prompt.span(),
            "the `prompt` is empty".into(),
            None,
        ));
    }
    if question.explain.get_ref().trim().is_empty() {
        errors.push(at(
            question.explain.span(),
            "the `explain` is empty".into(),
            Some("the explanation is what a learner reads after answering: say why".into()),
        ));
    }
    let choices_span = question.choices.span();
    let choices: Vec<Spanned<String>> = question.choices.into_inner();
    if choices.len() < 2 {
        errors.push(at(
            choices_span.clone(),
            format!(
                "`choices` has {} choice(s); a question needs at least two",
                choices.len()
            ),
            Some("write the choices as a list: `choices = [\"1\", \"5\", \"6\"]`".into()),
        ));
    }
    for (index, choice) in choices.iter().enumerate() {
        if choice.get_ref().trim().is_empty() {
            errors.push(at(
                choice.span(),
                format!("choice {} is empty", index + 1),
                None,
            ));
        }
    }
    let answer_span = question.answer.span();
    let answer = *question.answer.get_ref();
    let answer = match usize::try_from(answer) {
        Ok(answer) if (1..=choices.len()).contains(&answer) => answer,
        _ if choices.is_empty() => 0,
        _ => {
            errors.push(at(
                answer_span,
                format!(
                    "`answer = {answer}` points at no choice: there are {} choices",
                    choices.len()
                ),
                Some(format!(
                    "`answer` is the 1-based position of the correct choice, from 1 to {}",
                    choices.len()
                )),
            ));
            0
        }
    };
    let predict = question.predict.map(|predict| {
        let (line, column) = line_and_column(source, predict.span().start);
        Prediction {
            predict: predict.into_inner(),
            line,
            column,
        }
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Question {
        number,
        prompt: question.prompt.into_inner(),
        choices: choices.into_iter().map(Spanned::into_inner).collect(),
        answer,
        explain: question.explain.into_inner(),
        predict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"[[question]]
prompt = "How many environments serve five overlapping requests?"
choices = ["1", "5", "6"]
answer = 2
explain = "One request at a time per environment."
predict = { scenario = "five-overlapping-requests", measure = "environments" }

[[question]]
prompt = "Is INIT billed?"
choices = ["yes", "no"]
answer = 1
explain = "Since August 2025."
"#;

    #[test]
    fn parses_questions_with_their_numbers() {
        let quiz = parse(GOOD).unwrap();
        assert_eq!(quiz.questions.len(), 2);
        let first = &quiz.questions[0];
        assert_eq!((first.number, first.answer), (1, 2));
        let prediction = first.predict.as_ref().unwrap();
        assert_eq!(prediction.predict.measure, "environments");
        assert_eq!(prediction.line, 6);
        assert_eq!(quiz.questions[1].predict, None);
    }

    #[test]
    fn an_answer_out_of_range_names_its_line() {
        let source = GOOD.replace("answer = 1", "answer = 3");
        let errors = parse(&source).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 11);
        assert_eq!(errors[0].column, 10);
        assert!(errors[0].message.contains("question 2"), "{:?}", errors[0]);
        assert!(errors[0].message.contains("there are 2 choices"));
    }

    #[test]
    fn answers_count_from_one() {
        let errors = parse(&GOOD.replace("answer = 2", "answer = 0")).unwrap_err();
        assert!(errors[0].help.as_deref().unwrap().contains("from 1 to 3"));
    }

    #[test]
    fn unknown_fields_are_rejected_at_their_line() {
        let errors =
            parse(&GOOD.replace("answer = 1\n", "answer = 1\nhint = \"x\"\n")).unwrap_err();
        assert_eq!(errors[0].line, 12);
        assert!(
            errors[0].message.contains("unknown field `hint`"),
            "{:?}",
            errors[0]
        );
    }

    #[test]
    fn unknown_prediction_fields_are_rejected() {
        let errors = parse(&GOOD.replace("measure =", "metric =")).unwrap_err();
        assert_eq!(errors[0].line, 6);
        assert!(errors[0].message.contains("metric"), "{:?}", errors[0]);
    }

    #[test]
    fn a_quiz_needs_a_question() {
        let errors = parse("# nothing yet\n").unwrap_err();
        assert!(errors[0].message.contains("no question"));
        let errors = parse("").unwrap_err();
        assert!(errors[0].message.contains("no question"));
    }

    #[test]
    fn empty_choices_and_prompts_are_errors() {
        let source = "[[question]]\nprompt = \" \"\nchoices = []\nanswer = 1\nexplain = \"e\"\n";
        let errors = parse(source).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 2, "{messages:?}");
        assert!(messages[0].contains("`prompt` is empty"));
        assert!(messages[1].contains("at least two"));
        assert_eq!(errors[1].line, 3);
    }

    #[test]
    fn a_missing_field_is_named() {
        let errors = parse("[[question]]\nprompt = \"p\"\nchoices = [\"a\", \"b\"]\nanswer = 1\n")
            .unwrap_err();
        assert!(
            errors[0].message.contains("missing field `explain`"),
            "{:?}",
            errors[0]
        );
    }
}
