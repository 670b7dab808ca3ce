//! The learner's own state, kept beside their answers in `.course/`: how many
//! hints of each exercise they asked for. It never decides a grade.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::files::{self, Links};

/// `.course/hints.toml`: hints asked for, per exercise id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    used: BTreeMap<String, u32>,
}

impl Hints {
    pub fn path(exercises_dir: &Path) -> PathBuf {
        exercises_dir.join(".course").join("hints.toml")
    }

    /// Reads the file; a missing or damaged file counts as no hints used.
    pub fn load(exercises_dir: &Path) -> Hints {
        Self::read(exercises_dir, Links::Follow)
    }

    /// Reads the file, following links or not (see [`Links`]); a link
    /// not followed counts as no hints used, like a missing file.
    pub fn read(exercises_dir: &Path, links: Links) -> Hints {
        let text = files::read_text(exercises_dir, ".course/hints.toml", links).unwrap_or_default();
        let table: toml::Table = toml::from_str(&text).unwrap_or_default();
        let used = table
            .get("used")
            .and_then(|u| u.as_table())
            .map(|t| {
                t.iter()
                    .filter_map(|(k, v)| Some((k.clone(), u32::try_from(v.as_integer()?).ok()?)))
                    .collect()
            })
            .unwrap_or_default();
        Hints { used }
    }

    pub fn used(&self, id: &str) -> u32 {
        self.used.get(id).copied().unwrap_or(0)
    }

    /// Whether the learner has asked for a hint of `id` at all.
    pub fn asked(&self, id: &str) -> bool {
        self.used.contains_key(id)
    }

    pub fn set(&mut self, id: &str, used: u32) {
        self.used.insert(id.to_string(), used);
    }

    pub fn save(&self, exercises_dir: &Path) -> std::io::Result<()> {
        let path = Self::path(exercises_dir);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut text = String::from(
            "# Hints you asked for with `course hint N`. Written by `course`; safe to delete.\n\n[used]\n",
        );
        for (id, n) in &self.used {
            text.push_str(&format!("\"{id}\" = {n}\n"));
        }
        std::fs::write(path, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_survive_a_round_trip_and_bad_files() {
        let dir = std::env::temp_dir().join(format!("course-hints-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(Hints::load(&dir).used("08-right-size-memory"), 0);
        let mut hints = Hints::default();
        hints.set("08-right-size-memory", 2);
        hints.save(&dir).unwrap();
        assert_eq!(Hints::load(&dir).used("08-right-size-memory"), 2);
        std::fs::write(Hints::path(&dir), "this is [not toml").unwrap();
        assert_eq!(Hints::load(&dir), Hints::default());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
