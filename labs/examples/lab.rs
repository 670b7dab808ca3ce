//! `course lab …` without the `course` binary: `cargo run -p labs --example lab -- 1 --solution`.

use clap::Parser;

#[derive(Parser)]
#[command(name = "lab")]
struct Cli {
    #[command(flatten)]
    args: labs::LabArgs,
}

fn main() -> std::process::ExitCode {
    match labs::run(Cli::parse().args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            std::process::ExitCode::FAILURE
        }
    }
}
