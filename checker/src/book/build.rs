//! `course build`: mdBook and our preprocessors, in this process.
//!
//! book.toml names our preprocessors with a `command` so that a stock `mdbook`
//! can run them through `course preprocess`. Built here, mdBook would run those
//! commands too (or warn when they are missing), so we take the tables out
//! before loading, register the preprocessors ourselves, and put the tables
//! back without `command`, because the preprocessors read their options there.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mdbook::book::BookItem;
use mdbook::{Config, MDBook};

use super::callouts::{self, Callouts};
use super::log_capture::capture_warnings;
use super::{
    instructor, quiz, scenario_figures, BookErrors, InstructorNotes, QuizPreprocessor,
    ScenarioFigures,
};

/// The preprocessors we run in-process, in the order they must run: quizzes
/// read the scenario blocks before they become figures, and both come before
/// admonish, which adds lines and would shift the line numbers in our errors.
pub const IN_PROCESS: [&str; 4] = [
    instructor::NAME,
    quiz::NAME,
    scenario_figures::NAME,
    callouts::NAME,
];

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The folder that holds book.toml.
    pub root: PathBuf,
    /// Where to write the HTML; book.toml's `build.build-dir` (`book/`) if unset.
    pub dest: Option<PathBuf>,
    /// The websocket path that pages connect to for live reload (`course serve`).
    pub live_reload_endpoint: Option<String>,
    /// The instructor's edition: speaker notes shown on every page.
    pub instructor: bool,
}

/// A finished build.
#[derive(Debug, Clone)]
pub struct Built {
    /// The folder the HTML was written to.
    pub dest: PathBuf,
    /// Chapters rendered (each is one HTML page).
    pub pages: usize,
    /// What mdBook warned about: broken links, missing files...
    pub warnings: Vec<String>,
    pub elapsed: Duration,
}

/// Why the book was not built, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildError(pub String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// Builds the book. Warnings do not fail the build; they are returned.
pub fn build_book(options: &BuildOptions) -> Result<Built, BuildError> {
    let started = Instant::now();
    let (result, warnings) = capture_warnings(|| build_quietly(options));
    let (dest, pages) = result?;
    Ok(Built {
        dest,
        pages,
        warnings,
        elapsed: started.elapsed(),
    })
}

fn build_quietly(options: &BuildOptions) -> Result<(PathBuf, usize), BuildError> {
    let root = &options.root;
    let mut config = load_config(root)?;
    if let Some(dest) = &options.dest {
        config.build.build_dir = dest.clone();
    }
    if let Some(endpoint) = &options.live_reload_endpoint {
        set(&mut config, "output.html.live-reload-endpoint", endpoint)?;
        // The 404 page's links must work from any URL of the server.
        set(&mut config, "output.html.site-url", "/")?;
    }
    let ours = take_in_process_tables(&mut config);
    let mut book = MDBook::load_with_config(root, config).map_err(|e| failed(root, &e))?;
    for (name, table) in &ours {
        set(&mut book.config, &format!("preprocessor.{name}"), table)?;
    }
    if options.instructor {
        set(&mut book.config, "preprocessor.instructor.show", true)?;
    }
    book.with_preprocessor(InstructorNotes);
    book.with_preprocessor(QuizPreprocessor);
    book.with_preprocessor(ScenarioFigures);
    if ours.iter().any(|(name, _)| *name == callouts::NAME) {
        book.with_preprocessor(Callouts);
    }
    let pages = book
        .iter()
        .filter(|item| matches!(item, BookItem::Chapter(c) if c.path.is_some()))
        .count();
    book.build().map_err(|e| failed(root, &e))?;
    Ok((book.build_dir_for("html"), pages))
}

/// book.toml, with `MDBOOK_*` environment overrides as mdBook applies them.
fn load_config(root: &Path) -> Result<Config, BuildError> {
    let file = root.join("book.toml");
    if !file.is_file() {
        return Err(BuildError(format!(
            "error: there is no book.toml in {}\nhelp: run the command from the course's folder, or pass --root with the folder that holds book.toml",
            root.display()
        )));
    }
    let mut config = Config::from_disk(&file)
        .map_err(|e| BuildError(format!("error: {}: {}", file.display(), chain(&e))))?;
    config.update_from_env();
    Ok(config)
}

/// Takes out the `[preprocessor.*]` tables we run ourselves, without their
/// `command`.
fn take_in_process_tables(config: &mut Config) -> Vec<(&'static str, toml05::Value)> {
    let Some(toml05::Value::Table(tables)) = config.get_mut("preprocessor") else {
        return Vec::new();
    };
    IN_PROCESS
        .iter()
        .filter_map(|name| {
            let mut table = tables.remove(*name)?;
            if let Some(table) = table.as_table_mut() {
                table.remove("command");
            }
            Some((*name, table))
        })
        .collect()
}

fn set<T: serde::Serialize>(config: &mut Config, key: &str, value: T) -> Result<(), BuildError> {
    config.set(key, value).map_err(|e| {
        BuildError(format!(
            "error: cannot set `{key}` in the book's configuration: {}",
            chain(&e)
        ))
    })
}

/// Our own errors are already written for the author; mdBook's get their chain.
fn failed(root: &Path, error: &mdbook::errors::Error) -> BuildError {
    if let Some(ours) = error.downcast_ref::<BookErrors>() {
        return BuildError(ours.to_string());
    }
    let reason = chain(error);
    let help = if reason.contains("Chapter file not found") {
        "\nhelp: src/SUMMARY.md lists a page that does not exist: write the page, or take its line out of SUMMARY.md"
    } else {
        ""
    };
    BuildError(format!(
        "error: the book in {} was not built: {reason}{help}",
        root.display()
    ))
}

fn chain(error: &mdbook::errors::Error) -> String {
    error
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}
