//! The instructor's edition: learners never see speaker notes; instructors see
//! them on every teaching page, and a schedule computed from their minutes.

use crate::book_support;

use std::fs;
use std::path::Path;

use book_support::{built_book, course_root};
use checker::book::{build_book, BuildOptions};

/// The teaching pages: the introduction, the chapter and the labs.
fn teaching_pages() -> Vec<String> {
    let summary = fs::read_to_string(course_root().join("src/SUMMARY.md")).unwrap();
    summary
        .lines()
        .filter_map(|l| {
            l.split_once("](")
                .map(|(_, rest)| rest.trim_end_matches(')'))
        })
        .filter(|p| !p.starts_with("appendix/"))
        .map(|p| p.trim_end_matches(".md").to_string() + ".html")
        .collect()
}

#[test]
fn every_teaching_page_has_speaker_notes_that_learners_do_not_see() {
    let learners = built_book().as_ref().unwrap();
    let dest = Path::new(env!("CARGO_TARGET_TMPDIR")).join("book-instructor-edition");
    let instructors = build_book(&BuildOptions {
        root: course_root(),
        dest: Some(dest.clone()),
        instructor: true,
        ..BuildOptions::default()
    })
    .unwrap();
    assert!(
        instructors.warnings.is_empty(),
        "{:?}",
        instructors.warnings
    );
    let pages = teaching_pages();
    assert!(pages.len() >= 25);
    for page in pages {
        let learner_html = fs::read_to_string(learners.dest.join(&page)).unwrap();
        assert!(
            !learner_html.contains("speaker-notes"),
            "{page} shows notes to learners"
        );
        assert!(
            !learner_html.contains("misconceptions"),
            "{page} leaks the notes' TOML"
        );
        let instructor_html = fs::read_to_string(dest.join(&page)).unwrap();
        assert!(
            instructor_html.contains("class=\"speaker-notes\""),
            "{page} has no speaker notes"
        );
    }
}

#[test]
fn the_schedule_plans_one_and_two_days_without_overrun() {
    let learners = built_book().as_ref().unwrap();
    assert!(
        !learners.warnings.iter().any(|w| w.contains("schedule")),
        "{:?}",
        learners.warnings
    );
    let html = fs::read_to_string(learners.dest.join("appendix/schedule.html")).unwrap();
    assert!(html.contains("One-day workshop"));
    assert!(html.contains("Two-day workshop"));
    assert!(html.contains("Day 2, Afternoon 2") || html.contains("Day 2, Afternoon 1"));
    assert!(html.contains("Lab 4"));
    // The reading order of SUMMARY.md: the labs' overview comes before Lab 1,
    // and the first Lambda page before the last.
    let at = |text: &str| {
        html.find(text)
            .unwrap_or_else(|| panic!("the schedule has no {text:?}"))
    };
    let two_days = at("Two-day workshop");
    let after = |text: &str| two_days + html[two_days..].find(text).unwrap();
    assert!(after("labs/index.html") < after("labs/01-nodejs-function.html"));
    assert!(after("lambda/what-is-lambda.html") < after("lambda/monitoring.html"));
}
