//! `course`: build and serve the book, run scenarios, grade and run the labs.

fn main() -> std::process::ExitCode {
    checker::cli::main()
}
