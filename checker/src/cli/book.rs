//! `course build` and `course serve`.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct BuildArgs {
    /// The folder that holds book.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The folder that holds book.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to serve on, on 127.0.0.1.
    #[arg(long, short, default_value_t = 3000)]
    pub port: u16,
}

pub fn build(_args: BuildArgs) -> Result<(), String> {
    Err("`course build` is not written yet".into())
}

pub fn serve(_args: ServeArgs) -> Result<(), String> {
    Err("`course serve` is not written yet".into())
}
