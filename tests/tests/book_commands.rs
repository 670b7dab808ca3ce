//! Every `course` command the book and the READMEs print, in console blocks,
//! in the instructors' CI templates and in their `demo` lists, is one the program accepts, and every
//! `course simulate PAGE --name NAME` names a scenario that page holds. A
//! renamed flag or scenario would otherwise leave learners typing commands
//! that fail.

use crate::book_support;

use std::fs;
use std::path::Path;

use book_support::{course_root, markdown_files};

/// One command as printed: where, and its arguments after `course`.
struct Printed {
    place: String,
    args: Vec<String>,
}

/// The text after `course ` or `cargo run [--release] -p checker -- `, if
/// the line (trimmed, without a shell prompt, or a CI template's `run:` or
/// list dash) starts with one of them.
fn after_program(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let line = ["$ ", "- ", "run: "]
        .iter()
        .fold(line, |l, prompt| l.strip_prefix(prompt).unwrap_or(l));
    [
        "course ",
        "cargo run -p checker -- ",
        "cargo run --release -p checker -- ",
    ]
    .iter()
    .find_map(|start| line.strip_prefix(start))
}

/// Splits a command into words, leaving out a trailing `# comment`.
fn words(command: &str) -> Vec<String> {
    let command = command.split(" #").next().unwrap_or(command);
    command.split_whitespace().map(str::to_string).collect()
}

fn printed_in(file: &Path, root: &Path) -> Vec<Printed> {
    let text = fs::read_to_string(file).unwrap();
    let name = file.strip_prefix(root).unwrap().display().to_string();
    let mut found = Vec::new();
    // Inside a console block, or a YAML block (the instructors' CI templates).
    let mut in_commands = false;
    for (number, line) in text.lines().enumerate() {
        let place = format!("{name}:{}", number + 1);
        let fence = line.trim_start();
        if fence.starts_with("```") {
            let language = fence.trim_start_matches('`');
            in_commands =
                !in_commands && (language.starts_with("console") || language.starts_with("yaml"));
            continue;
        }
        if in_commands {
            // A payload spread over several lines is shown, not checked.
            if let Some(command) = after_program(line).filter(|c| !c.contains("'{")) {
                found.push(Printed {
                    place: place.clone(),
                    args: words(command),
                });
            }
        }
        // The speaker notes' demo lists: demo = ["course …", "course …"].
        if line.trim_start().starts_with("demo") {
            for quoted in line.split('"').skip(1).step_by(2) {
                if let Some(command) = quoted.strip_prefix("course ") {
                    found.push(Printed {
                        place: place.clone(),
                        args: words(command),
                    });
                }
            }
        }
    }
    found
}

fn everything_printed() -> Vec<Printed> {
    let root = course_root();
    let mut files = markdown_files(&root.join("src"));
    for readme in ["README.md", "exercises/README.md", "labs/README.md"] {
        files.push(root.join(readme));
    }
    files
        .iter()
        .flat_map(|file| printed_in(file, &root))
        .collect()
}

#[test]
fn every_printed_course_command_is_one_the_program_accepts() {
    let printed = everything_printed();
    assert!(
        printed.len() >= 60,
        "only {} commands found: is the extraction still reading the book?",
        printed.len()
    );
    let failures: Vec<String> = printed
        .iter()
        // `<subcommand>` is a placeholder in prose about the command itself.
        .filter(|p| !p.args.iter().any(|a| a.starts_with('<')))
        .filter_map(|p| {
            checker::cli::parses(&p.args)
                .err()
                .map(|e| format!("{}: course {}\n{e}", p.place, p.args.join(" ")))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_printed_simulate_command_names_a_scenario_of_its_page() {
    let root = course_root();
    let mut checked = 0;
    let mut failures = Vec::new();
    for p in everything_printed() {
        let [command, page, flag, name, ..] = p.args.as_slice() else {
            continue;
        };
        if command != "simulate" || flag != "--name" || !page.ends_with(".md") {
            continue;
        }
        checked += 1;
        let text = fs::read_to_string(root.join(page)).unwrap_or_default();
        if !text.contains(&format!("name = \"{name}\"")) {
            failures.push(format!("{}: {page} has no scenario named {name}", p.place));
        }
    }
    assert!(checked >= 20, "only {checked} simulate commands found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_wrong_flag_is_caught() {
    assert!(checker::cli::parses(["lab", "reset", "1"]).is_ok());
    assert!(checker::cli::parses(["simulate", "page.md", "--nmae", "x"]).is_err());
    assert!(checker::cli::parses(["lab", "restart", "1"]).is_err());
}
