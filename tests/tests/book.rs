//! The course's book, built as `course build` builds it: no warnings, no
//! broken link or anchor, nothing loaded from the network, search included.

use crate::book_support;

use std::fs;
use std::path::Path;

use book_support::{attribute_values, broken_links, built_book, files_with_extension};

fn book() -> &'static checker::book::Built {
    match built_book() {
        Ok(built) => built,
        Err(error) => panic!("the book did not build:\n{error}"),
    }
}

#[test]
fn the_book_builds_without_warnings() {
    let built = book();
    assert!(built.pages > 0);
    assert!(
        built.warnings.is_empty(),
        "mdBook warned while building the book:\n{}",
        built.warnings.join("\n")
    );
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let broken = broken_links(&book().dest);
    assert!(
        broken.is_empty(),
        "broken links in the built book:\n{}",
        broken.join("\n")
    );
}

#[test]
fn every_chapter_became_a_page() {
    let built = book();
    for page in book_support::summary_pages() {
        let html = built.dest.join(page.replace(".md", ".html"));
        assert!(html.is_file(), "{} was not built", html.display());
    }
}

/// The book works with no network: no script, stylesheet, image or font is
/// fetched from elsewhere.
#[test]
fn nothing_is_loaded_from_the_network() {
    let dest = &book().dest;
    let mut remote = Vec::new();
    for page in files_with_extension(dest, "html") {
        let html = fs::read_to_string(&page).unwrap();
        for tag in [
            "<script", "<link", "<img", "<iframe", "<source", "<video", "<audio",
        ] {
            let mut rest = html.as_str();
            while let Some(start) = rest.find(tag) {
                let end = rest[start..].find('>').map_or(rest.len(), |e| start + e);
                let element = &rest[start..end];
                for value in attribute_values(element, "src")
                    .into_iter()
                    .chain(attribute_values(element, "href"))
                {
                    if is_remote(value) {
                        remote.push(format!("{}: {element}>", relative(dest, &page)));
                    }
                }
                rest = &rest[end..];
            }
        }
    }
    for sheet in files_with_extension(dest, "css") {
        let css = fs::read_to_string(&sheet).unwrap();
        for (index, _) in css.match_indices("url(") {
            let value = css[index + 4..].trim_start_matches(['"', '\'', ' ']);
            if is_remote(value) {
                remote.push(format!(
                    "{}: {}",
                    relative(dest, &sheet),
                    &css[index..(index + 60).min(css.len())]
                ));
            }
        }
        if css.contains("@import")
            && (css.contains("@import url(\"http") || css.contains("@import \"http"))
        {
            remote.push(format!(
                "{}: @import from the network",
                relative(dest, &sheet)
            ));
        }
    }
    assert!(
        remote.is_empty(),
        "the book loads from the network:\n{}",
        remote.join("\n")
    );
}

fn is_remote(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn search_works_offline() {
    let dest = &book().dest;
    let index = fs::read_to_string(dest.join("searchindex.js")).expect("searchindex.js");
    assert!(index.contains("Lambda"), "the search index is empty");
    assert!(dest.join("elasticlunr.min.js").is_file());
    assert!(dest.join("searcher.js").is_file());
}

#[test]
fn there_are_no_run_buttons_and_no_mathjax() {
    for page in files_with_extension(&book().dest, "html") {
        let html = fs::read_to_string(&page).unwrap();
        assert!(
            !html.contains("MathJax"),
            "{} loads MathJax",
            page.display()
        );
        assert!(
            !html.contains("class=\"playground\""),
            "{} has runnable code",
            page.display()
        );
    }
}

#[test]
fn our_styles_and_script_are_in_every_page() {
    let dest = &book().dest;
    for asset in [
        "theme/callouts.css",
        "theme/figures.css",
        "theme/quiz.css",
        "theme/quiz.js",
    ] {
        assert!(dest.join(asset).is_file(), "{asset} was not copied");
    }
    let index = fs::read_to_string(dest.join("index.html")).unwrap();
    assert!(index.contains("theme/callouts.css") && index.contains("theme/quiz.js"));
}

#[test]
fn figures_and_quizzes_replaced_their_blocks() {
    for page in files_with_extension(&book().dest, "html") {
        let html = fs::read_to_string(&page).unwrap();
        for raw in [
            "language-lambda-scenario",
            "language-quiz",
            "language-admonish",
        ] {
            assert!(
                !html.contains(raw),
                "{} still shows a ```{} block",
                page.display(),
                &raw[9..]
            );
        }
        // A fence that Markdown did not take as one (a backtick in a
        // callout's title, say) shows up as text.
        for broken in ["<p>```", "```admonish"] {
            assert!(
                !html.contains(broken),
                "{} shows a broken fence (`{broken}`): keep backticks out of a fence's first line",
                page.display()
            );
        }
    }
}
#[test]
fn the_link_checker_finds_missing_files_and_anchors() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("link-checker-self-test");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::write(
        dir.join("index.html"),
        r##"<a href="sub/page.html#here">ok</a> <a href="sub/page.html#gone">x</a> <a href="missing.html">x</a> <a href="#top">ok</a> <a href="https://aws.amazon.com/">ok</a> <img src="sub/">"##,
    )
    .unwrap();
    fs::write(
        dir.join("sub/page.html"),
        r#"<h2 id="here">H</h2><a href="../index.html#top">ok</a>"#,
    )
    .unwrap();
    fs::write(dir.join("sub/index.html"), r#"<p id="top"></p>"#).unwrap();
    let broken = broken_links(&dir);
    assert_eq!(
        broken,
        vec![
            "index.html: #top (no anchor `top`)".to_string(),
            "index.html: missing.html (no such file)".to_string(),
            "index.html: sub/page.html#gone (no anchor `gone`)".to_string(),
            "sub/page.html: ../index.html#top (no anchor `top`)".to_string(),
        ]
    );
}
