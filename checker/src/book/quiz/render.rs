//! A quiz as HTML: plain buttons that `theme/quiz.js` brings to life. The
//! correct choice and the explanation are in the page, so the feedback is
//! instant and works offline; this is self-assessment, not an exam.

use super::parse::{Question, Quiz};
use crate::book::html::{escape, markdown, without_blank_lines};

/// Where a quiz sits: the page's path in the book and the quiz's position on
/// it. They key the learner's remembered answers.
pub struct QuizPlace<'a> {
    pub page_path: &'a str,
    /// 1-based position of the quiz block on its page.
    pub index: usize,
}

/// The HTML of one quiz, with no blank line inside.
pub fn quiz_html(quiz: &Quiz, place: &QuizPlace) -> String {
    let slug = slug(place.page_path);
    let mut html = format!(
        "<div class=\"quiz\" data-quiz-page=\"{}\" data-quiz-index=\"{}\">\n<p class=\"quiz-heading\">Check your understanding</p>\n",
        escape(place.page_path),
        place.index
    );
    for question in &quiz.questions {
        let id = format!("quiz-{slug}-{}-{}", place.index, question.number);
        html.push_str(&question_html(question, &id, place));
    }
    html.push_str("</div>");
    without_blank_lines(&html)
}

fn question_html(question: &Question, id: &str, place: &QuizPlace) -> String {
    // The key changes when the prompt does, so an edited question does not
    // show an answer given to the old one.
    let key = format!(
        "{}#{}.{}:{:08x}",
        place.page_path,
        place.index,
        question.number,
        fnv1a(&question.prompt)
    );
    let mut html = format!(
        "<section class=\"quiz-question\" id=\"{id}\" data-quiz-key=\"{}\" data-answer=\"{}\" aria-labelledby=\"{id}-prompt\">\n<div class=\"quiz-prompt\" id=\"{id}-prompt\"><span class=\"quiz-number\">{}.</span> {}</div>\n<div class=\"quiz-choices\" role=\"group\" aria-labelledby=\"{id}-prompt\">\n",
        escape(&key),
        question.answer,
        question.number,
        markdown(&question.prompt, true),
    );
    for (index, choice) in question.choices.iter().enumerate() {
        html.push_str(&format!(
            "<button type=\"button\" class=\"quiz-choice\" data-choice=\"{}\" aria-pressed=\"false\">{}</button>\n",
            index + 1,
            markdown(choice, true)
        ));
    }
    html.push_str(&format!(
        "</div>\n<div class=\"quiz-feedback\" role=\"status\" aria-live=\"polite\"></div>\n<div class=\"quiz-explain\" hidden>\n{}\n</div>\n</section>\n",
        markdown(&question.explain, false)
    ));
    html
}

/// `lambda/memory.md` → `lambda-memory`, for ids unique across the print page.
fn slug(path: &str) -> String {
    let stem = path.strip_suffix(".md").unwrap_or(path);
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// A short stable hash (FNV-1a, 32 bits): stable across builds and platforms.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::quiz::parse::parse;

    #[test]
    fn has_no_blank_line_and_one_button_per_choice() {
        let quiz = parse(
            "[[question]]\nprompt = \"Which `memory`?\"\nchoices = [\"128\", \"<b>\"]\nanswer = 1\nexplain = \"\"\"\nOne.\n\nTwo.\n\"\"\"\n",
        )
        .unwrap();
        let html = quiz_html(
            &quiz,
            &QuizPlace {
                page_path: "lambda/memory.md",
                index: 1,
            },
        );
        assert!(!html.lines().any(|l| l.trim().is_empty()), "{html}");
        assert_eq!(html.matches("class=\"quiz-choice\"").count(), 2);
        assert!(html.contains("&lt;b&gt;"), "choices are escaped: {html}");
        assert!(html.contains("<code>memory</code>"));
        assert!(html.contains("id=\"quiz-lambda-memory-1-1\""));
        assert!(html.contains("aria-live=\"polite\""));
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
    }
}
