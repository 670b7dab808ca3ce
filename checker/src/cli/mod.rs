//! The `course` command: one subcommand a module.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod book;
mod check;
mod experiments;
mod grade;
mod hint;
mod reset;
mod simulate;
mod watch;

/// The Lambda course: read the book, run scenarios, practise and do the labs.
#[derive(Parser)]
#[command(name = "course", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the book into `book/`.
    Build(book::BuildArgs),
    /// Build the book, serve it on 127.0.0.1 and rebuild on every edit.
    Serve(book::ServeArgs),
    /// Run a scenario and print what happened.
    Simulate(simulate::SimulateArgs),
    /// Replay measured AWS experiments and compare the simulator with them.
    Experiments(experiments::ExperimentsArgs),
    /// Do a lab on the local Lambda emulator (`course lab 1`), or explore it.
    Lab(labs::LabArgs),
    /// Show your progress in the exercises, or report it as JSON or JUnit.
    Check(check::CheckArgs),
    /// Show the next hint of an exercise (`course hint 8`).
    Hint(hint::HintArgs),
    /// Grade the exercises again on every save.
    Watch(watch::WatchArgs),
    /// Put an exercise's starter files back (yours are kept as .bak).
    Reset(reset::ResetArgs),
    /// Grade a whole class: every learner's exercises and labs, into a gradebook.
    Grade(grade::GradeArgs),
    /// Run one of the book's preprocessors for a stock `mdbook` (see book.toml).
    #[command(hide = true)]
    Preprocess(book::PreprocessArgs),
}

/// Whether `course ARGS` is a command line `course` accepts, without running
/// it: for the tests that keep the commands printed in the book and READMEs
/// in step with the program. `Err` carries clap's message.
pub fn parses<I, S>(args: I) -> Result<(), String>
where
    I: IntoIterator<Item = S>,
    S: Into<std::ffi::OsString> + Clone,
{
    let line =
        std::iter::once(std::ffi::OsString::from("course")).chain(args.into_iter().map(Into::into));
    Cli::try_parse_from(line)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Runs the command line and turns every failure into a message and exit code 1.
pub fn main() -> ExitCode {
    quiet_when_the_reader_leaves();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => book::build(args),
        Command::Serve(args) => book::serve(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Experiments(args) => experiments::run(args),
        Command::Lab(args) => labs::run(args),
        Command::Check(args) => check::run(args),
        Command::Hint(args) => hint::run(args),
        Command::Watch(args) => watch::run(args),
        Command::Reset(args) => reset::run(args),
        Command::Grade(args) => grade::run(args),
        Command::Preprocess(args) => book::preprocess(args),
    };
    while labs::stopping() {
        // A termination signal is stopping the labs' processes; its handler
        // ends the program with the signal's status in a moment.
        std::thread::park();
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::FAILURE
        }
    }
}

/// `course hint 3 | head -5` must not end in a panic: when whoever reads our
/// output closes the pipe early, Rust's `println!` panics with "failed
/// printing to stdout: Broken pipe" (and `eprintln!` the same for stderr,
/// as in `course simulate bad.toml 2>&1 | head -c 10`). Like other
/// command-line tools, `course` then simply stops, quietly. Every other panic
/// is reported as usual.
fn quiet_when_the_reader_leaves() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        let printing = message.starts_with("failed printing to stdout")
            || message.starts_with("failed printing to stderr");
        if printing && message.contains("Broken pipe") {
            // 128 + SIGPIPE, what a shell reports for a tool stopped this way.
            std::process::exit(141);
        }
        report(info);
    }));
}
