//! `course hint N`: the next hint of exercise N. Hints come as a ladder, from
//! a nudge to nearly the answer; `.course/hints.toml` remembers how far the
//! learner has climbed (instructors see it in `course check --format json`).

use std::path::PathBuf;

use super::check::{exercises_dir, named_exercise};
use crate::grade::state::Hints;

#[derive(clap::Args)]
pub struct HintArgs {
    /// The exercise: its number (`8`) or folder name (`08-right-size-memory`).
    pub exercise: String,
    /// The exercises folder whose hints to count (default: `exercises` of the course
    /// repository around the current directory).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

pub fn run(args: HintArgs) -> Result<(), String> {
    let dir = exercises_dir(args.dir.as_deref())?;
    let exercise = named_exercise(&args.exercise)?;
    let m = &exercise.manifest;
    let total = m.hints.len() as u32;
    let mut hints = Hints::load(&dir);
    // A failure already shows hint `used + 1`, so asking climbs one rung
    // more. A learner who has neither started nor asked has seen no hint
    // yet, and gets only the first.
    let before = hints.used(&m.id).min(total);
    let first_look = !hints.asked(&m.id)
        && crate::grade::grade(&m.id, &dir).status == crate::grade::Status::NotAttempted;
    let used = if first_look {
        0
    } else {
        (before + 1).min(total.saturating_sub(1)).max(before)
    };
    hints.set(&m.id, used);
    hints.save(&dir).map_err(|e| {
        format!(
            "error: cannot remember the hint in {}: {e}",
            Hints::path(&dir).display()
        )
    })?;
    println!("{} · {}\n", m.id, m.title);
    let shown = (used + 1).min(total) as usize;
    for (i, hint) in m.hints.iter().take(shown).enumerate() {
        let new = if i + 1 == shown && (used > before || first_look) {
            "  (new)"
        } else {
            ""
        };
        println!("hint {}/{total}{new}: {hint}\n", i + 1);
    }
    if shown as u32 == total {
        println!(
            "That is the last hint. A worked solution is in exercises/solutions/{}/ : try once more before you look.",
            m.id
        );
    } else {
        println!(
            "Run `course hint {}` again for the next one.",
            exercise.number
        );
    }
    println!("Chapter: {}", m.page);
    Ok(())
}
