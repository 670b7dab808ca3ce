//! `course preprocess NAME`: our preprocessors for a stock `mdbook` CLI, which
//! runs the `command` of each `[preprocessor.NAME]` table of book.toml:
//! `CMD supports RENDERER` answers with the exit code; plain `CMD` reads
//! `[context, book]` as JSON on stdin and writes the book back on stdout.

use std::io::{Read, Write};

use mdbook::preprocess::{CmdPreprocessor, Preprocessor};

use super::build::IN_PROCESS;
use super::callouts::{self, Callouts};
use super::{
    instructor, quiz, scenario_figures, InstructorNotes, QuizPreprocessor, ScenarioFigures,
};

/// What mdBook asked of a preprocessor.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Does it act on this renderer's output?
    Supports(String),
    /// Process the book on stdin.
    Run,
}

/// The outcome of `supports`: mdBook reads it from the exit code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    Supported,
    NotSupported,
    Done,
}

fn preprocessor(name: &str) -> Result<Box<dyn Preprocessor>, String> {
    match name {
        instructor::NAME => Ok(Box::new(InstructorNotes)),
        quiz::NAME => Ok(Box::new(QuizPreprocessor)),
        scenario_figures::NAME => Ok(Box::new(ScenarioFigures)),
        callouts::NAME => Ok(Box::new(Callouts)),
        other => Err(format!(
            "error: there is no preprocessor named `{other}`\nhelp: `course preprocess` knows {}",
            IN_PROCESS.map(|n| format!("`{n}`")).join(", ")
        )),
    }
}

/// Answers one request from mdBook for the preprocessor `name`.
pub fn serve_request(
    name: &str,
    request: &Request,
    input: impl Read,
    output: impl Write,
) -> Result<Answer, String> {
    let preprocessor = preprocessor(name)?;
    match request {
        Request::Supports(renderer) => Ok(if preprocessor.supports_renderer(renderer) {
            Answer::Supported
        } else {
            Answer::NotSupported
        }),
        Request::Run => {
            let (ctx, book) = CmdPreprocessor::parse_input(input).map_err(|e| {
                format!("error: `course preprocess {name}` expects mdBook's JSON on stdin: {e:#}")
            })?;
            if ctx.mdbook_version != mdbook::MDBOOK_VERSION {
                eprintln!(
                    "warning: this book is built by mdBook {}, but `course preprocess` was made for mdBook {}",
                    ctx.mdbook_version,
                    mdbook::MDBOOK_VERSION
                );
            }
            let book = preprocessor.run(&ctx, book).map_err(|e| format!("{e:#}"))?;
            serde_json::to_writer(output, &book)
                .map_err(|e| format!("error: could not write the book back to mdBook: {e}"))?;
            Ok(Answer::Done)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_quizzes_are_for_html_only() {
        let ask = |name, renderer: &str| {
            serve_request(
                name,
                &Request::Supports(renderer.into()),
                std::io::empty(),
                Vec::new(),
            )
            .unwrap()
        };
        assert_eq!(ask("quiz", "html"), Answer::Supported);
        assert_eq!(ask("lambda-scenario", "markdown"), Answer::NotSupported);
        assert_eq!(ask("admonish", "markdown"), Answer::Supported);
    }

    #[test]
    fn an_unknown_name_is_explained() {
        let error = serve_request("nope", &Request::Run, std::io::empty(), Vec::new()).unwrap_err();
        assert!(error.contains("`quiz`"), "{error}");
    }

    #[test]
    fn runs_on_mdbooks_json() {
        let input = format!(
            r#"[{{"root":"/tmp","config":{{"book":{{"src":"src"}}}},"renderer":"html","mdbook_version":"{}"}},{{"sections":[{{"Chapter":{{"name":"One","content":"Text\n\n```quiz\n[[question]]\nprompt = \"p\"\nchoices = [\"a\", \"b\"]\nanswer = 2\nexplain = \"e\"\n```\n","number":null,"sub_items":[],"path":"one.md","source_path":"one.md","parent_names":[]}}}}],"__non_exhaustive":null}}]"#,
            mdbook::MDBOOK_VERSION
        );
        let mut output = Vec::new();
        let answer = serve_request("quiz", &Request::Run, input.as_bytes(), &mut output).unwrap();
        assert_eq!(answer, Answer::Done);
        let output = String::from_utf8(output).unwrap();
        assert!(output.contains("quiz-choice"), "{output}");
    }
}
