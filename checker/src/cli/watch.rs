//! `course watch`: grades again on every save and shows the feedback of the
//! exercise just edited (or of the next one to do). Polls the files' times:
//! no file-system watcher, so it behaves the same on every platform.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::check::{exercises_dir, progress_text};
use crate::grade::{self, catalogue, report, Status};

#[derive(clap::Args)]
pub struct WatchArgs {
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// How often to look for changes, in milliseconds.
    #[arg(long, default_value_t = 300)]
    pub every: u64,
}

/// The modification time of every answer file, by exercise id.
fn stamps(dir: &Path) -> BTreeMap<String, Vec<Option<SystemTime>>> {
    catalogue::all()
        .iter()
        .map(|e| {
            let times = e
                .manifest
                .files
                .iter()
                .map(|f| {
                    std::fs::metadata(dir.join(e.id()).join(f))
                        .and_then(|m| m.modified())
                        .ok()
                })
                .collect();
            (e.id().to_string(), times)
        })
        .collect()
}

pub fn run(args: WatchArgs) -> Result<(), String> {
    let dir = exercises_dir(args.dir.as_deref())?;
    let mut seen = stamps(&dir);
    let mut focus: Option<String> = None;
    loop {
        show(&dir, focus.as_deref());
        loop {
            std::thread::sleep(Duration::from_millis(args.every.max(50)));
            let now = stamps(&dir);
            if now != seen {
                focus = now
                    .iter()
                    .find(|(id, times)| seen.get(*id) != Some(times))
                    .map(|(id, _)| id.clone());
                seen = now;
                break;
            }
        }
    }
}

fn show(dir: &Path, focus: Option<&str>) {
    let outcomes = grade::grade_all(dir);
    // Clear the screen and go home, as test watchers do.
    let mut out = String::from("\x1b[2J\x1b[H");
    out.push_str("course watch: grading on every save (Ctrl-C to stop)\n\n");
    out.push_str(&progress_text(&outcomes));
    let shown = focus
        .and_then(|id| outcomes.iter().find(|o| o.id == id))
        .or_else(|| report::next(&outcomes));
    if let Some(o) = shown {
        out.push_str("\n────────────────────────────────────────\n");
        match o.status {
            Status::Done => out.push_str(&format!("✓ {} · {}: done\n", o.id, o.title)),
            _ => out.push_str(&o.text()),
        }
    }
    print!("{out}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
}
