//! `course reset N`: puts the starter files of exercise N back, keeping the
//! learner's version next to them as `FILE.bak` (`FILE.bak2`… after earlier
//! resets). `course reset all` does it for every exercise and forgets the
//! hints asked for: a fresh start, or a clean copy for the next class.

use std::path::{Path, PathBuf};

use super::check::{exercises_dir, named_exercise};
use crate::grade::catalogue::Exercise;

#[derive(clap::Args)]
pub struct ResetArgs {
    /// The exercise: its number (`8`) or folder name (`08-right-size-memory`),
    /// or `all`.
    pub exercise: String,
    /// The exercises folder whose starter to put back (default: `exercises` of the course
    /// repository around the current directory).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

pub fn run(args: ResetArgs) -> Result<(), String> {
    let dir = exercises_dir(args.dir.as_deref())?;
    if args.exercise == "all" {
        for exercise in crate::grade::catalogue::all() {
            reset(&dir, &exercise)?;
        }
        let hints = crate::grade::state::Hints::path(&dir);
        if hints.is_file() {
            std::fs::remove_file(&hints)
                .map_err(|e| format!("error: cannot remove {}: {e}", hints.display()))?;
            println!("forgot the hints asked for ({})", hints.display());
        }
        return Ok(());
    }
    reset(&dir, &named_exercise(&args.exercise)?)
}

/// Puts one exercise's starter files back, keeping the learner's versions.
fn reset(dir: &Path, exercise: &Exercise) -> Result<(), String> {
    let folder = dir.join(exercise.id());
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("error: cannot create {}: {e}", folder.display()))?;
    for (file, starter) in exercise.starters {
        let path = folder.join(file);
        if let Ok(current) = std::fs::read_to_string(&path) {
            if current == *starter {
                println!("{} is already the starter", path.display());
                continue;
            }
            let backup = labs::labs::unused_backup(&path);
            std::fs::write(&backup, current)
                .map_err(|e| format!("error: cannot write {}: {e}", backup.display()))?;
            println!("saved your version as {}", backup.display());
        }
        std::fs::write(&path, starter)
            .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
        println!("restored {}", path.display());
    }
    Ok(())
}
