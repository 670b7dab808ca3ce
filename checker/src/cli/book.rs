//! `course build`, `course serve` and the hidden `course preprocess`.

use std::io;
use std::path::PathBuf;

use crate::book::protocol::{serve_request, Answer, Request};
use crate::book::serve::ServeOptions;
use crate::book::{build_book, BuildOptions};

#[derive(clap::Args)]
pub struct BuildArgs {
    /// The folder that holds book.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The instructor's edition: speaker notes and timings on every page.
    #[arg(long)]
    pub instructor: bool,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The folder that holds book.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to serve on, on 127.0.0.1.
    #[arg(long, short, default_value_t = 3000)]
    pub port: u16,
    /// The instructor's edition: speaker notes and timings on every page.
    #[arg(long)]
    pub instructor: bool,
}

/// `course preprocess NAME [supports RENDERER]`, as mdBook runs a
/// preprocessor's `command`.
#[derive(clap::Args)]
pub struct PreprocessArgs {
    /// `quiz`, `lambda-scenario` or `admonish`.
    pub name: String,
    /// `supports RENDERER`, or nothing to process the book on stdin.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub request: Vec<String>,
}

pub fn build(args: BuildArgs) -> Result<(), String> {
    let built = build_book(&BuildOptions {
        root: args.root,
        instructor: args.instructor,
        ..BuildOptions::default()
    })
    .map_err(|e| e.to_string())?;
    for warning in &built.warnings {
        eprintln!("warning: {warning}");
    }
    println!(
        "Built {} pages into {} in {:.2} s.",
        built.pages,
        built.dest.display(),
        built.elapsed.as_secs_f64()
    );
    Ok(())
}

pub fn serve(args: ServeArgs) -> Result<(), String> {
    crate::book::serve::serve(&ServeOptions {
        root: args.root,
        port: args.port,
        instructor: args.instructor,
    })
}

pub fn preprocess(args: PreprocessArgs) -> Result<(), String> {
    let request = match args.request.as_slice() {
        [] => Request::Run,
        [supports, renderer] if supports == "supports" => Request::Supports(renderer.clone()),
        other => {
            return Err(format!(
                "error: `course preprocess {}` does not understand `{}`\nhelp: mdBook runs `course preprocess NAME supports RENDERER`, or `course preprocess NAME` with the book on stdin",
                args.name,
                other.join(" ")
            ))
        }
    };
    match serve_request(
        &args.name,
        &request,
        io::stdin().lock(),
        io::stdout().lock(),
    )? {
        Answer::Supported | Answer::Done => Ok(()),
        // mdBook reads a non-zero exit code as "skip me for this renderer".
        Answer::NotSupported => Err(format!(
            "`{}` leaves the output of this renderer alone",
            args.name
        )),
    }
}
