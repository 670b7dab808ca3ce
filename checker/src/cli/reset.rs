//! `course reset N`: puts the starter files of exercise N back, keeping the
//! learner's version next to them as `FILE.bak` (`FILE.bak2`… after earlier
//! resets).

use std::path::PathBuf;

use super::check::{exercises_dir, named_exercise};

#[derive(clap::Args)]
pub struct ResetArgs {
    /// The exercise: its number (`8`) or folder name (`08-right-size-memory`).
    pub exercise: String,
    /// The exercises folder whose starter to put back (default: `exercises` of the course
    /// repository around the current directory).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

pub fn run(args: ResetArgs) -> Result<(), String> {
    let dir = exercises_dir(args.dir.as_deref())?;
    let exercise = named_exercise(&args.exercise)?;
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
