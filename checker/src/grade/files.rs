//! Reading a learner's files, and showing their names.
//!
//! In the learner's own checkout a symbolic link is theirs to make, and
//! `course check` follows it. In a submission that an instructor grades it
//! is not followed: a link can point anywhere on the grading machine
//! (`answers.toml -> ~/.aws/credentials`, `exercises -> /`), and what the
//! grader reads it quotes back in the feedback, the gradebook and the JUnit
//! files. There, only regular files and folders are read; a link, a named
//! pipe or a device is reported, never opened.

use std::path::{Component, Path};

/// Whether symbolic links in the learner's folder are followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// The learner's own checkout: their links are their files.
    Follow,
    /// A submission graded on someone else's machine: no link is followed.
    Refuse,
}

/// What one entry of a folder is, its links not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Missing,
    File,
    Folder,
    Link,
    /// A named pipe, a socket or a device: reading one can block forever.
    Special,
}

/// What `path` is, without following it if it is a link.
pub fn entry(path: &Path) -> Entry {
    match std::fs::symlink_metadata(path) {
        Err(_) => Entry::Missing,
        Ok(m) if m.file_type().is_symlink() => Entry::Link,
        Ok(m) if m.is_dir() => Entry::Folder,
        Ok(m) if m.is_file() => Entry::File,
        Ok(_) => Entry::Special,
    }
}

/// True when `path` is a folder and not a link to one.
pub fn is_folder(path: &Path) -> bool {
    entry(path) == Entry::Folder
}

/// An entry the grader does not read through: a link, or not a file at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Irregular {
    /// The entry, from the folder it was looked for in, with `/`
    /// (`01-pay-per-use/answers.toml`).
    pub path: String,
    pub link: bool,
}

impl Irregular {
    /// What it is and why it was not read, to follow "cannot read X: ".
    pub fn reason(&self, shown: &str) -> String {
        match self.link {
            true => format!(
                "{shown} is a symbolic link, and the grader reads only regular files and folders of a submission (a link could point anywhere on the grading machine)"
            ),
            false => format!(
                "{shown} is not a regular file (a named pipe, a socket or a device), and the grader reads only regular files"
            ),
        }
    }
}

/// The first link or special file on the way from `root` to `root/rel`,
/// `rel` included; `None` when every entry there is a regular folder (the
/// last one a regular file or folder), or when the way stops at an entry
/// that does not exist (the caller's "missing").
pub fn irregular(root: &Path, rel: &str) -> Option<Irregular> {
    let mut path = root.to_path_buf();
    let mut shown: Vec<String> = Vec::new();
    let parts: Vec<Component> = Path::new(rel).components().collect();
    for (n, part) in parts.iter().enumerate() {
        let Component::Normal(name) = part else {
            continue;
        };
        path.push(name);
        shown.push(name.to_string_lossy().into_owned());
        let last = n + 1 == parts.len();
        let found = |link| {
            Some(Irregular {
                path: shown.join("/"),
                link,
            })
        };
        match entry(&path) {
            Entry::Missing => return None,
            Entry::Link => return found(true),
            Entry::Special => return found(false),
            Entry::Folder => {}
            Entry::File if last => {}
            // A file where a folder should be: reading under it fails as
            // "missing", which is what it is.
            Entry::File => return None,
        }
    }
    None
}

/// Why a learner's file was not read.
#[derive(Debug)]
pub enum Unread {
    Io(std::io::Error),
    Irregular(Irregular),
}

/// Reads `root/rel`; with [`Links::Refuse`], only when it and every folder
/// on the way are regular (checked with `symlink_metadata`, never followed).
pub fn read(root: &Path, rel: &str, links: Links) -> Result<Vec<u8>, Unread> {
    if links == Links::Refuse {
        if let Some(found) = irregular(root, rel) {
            return Err(Unread::Irregular(found));
        }
    }
    std::fs::read(root.join(rel)).map_err(Unread::Io)
}

/// Reads `root/rel` as UTF-8 text (see [`read`]).
pub fn read_text(root: &Path, rel: &str, links: Links) -> Result<String, Unread> {
    let bytes = read(root, rel, links)?;
    String::from_utf8(bytes).map_err(|_| {
        Unread::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

/// A file or folder name as the grader prints it: control characters
/// (a newline in a folder's name would end a line of `summary.md`) and the
/// invisible characters that reorder or hide text are written as escapes
/// (`\n`, `\u{202e}`); everything else, accents included, is left as it is.
pub fn printable(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let invisible = matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
        );
        if c.is_control() || invisible {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_printed_on_one_line_with_their_accents() {
        assert_eq!(printable("ada\nlovelace"), "ada\\nlovelace");
        assert_eq!(printable("bob\u{1b}[31m"), "bob\\u{1b}[31m");
        assert_eq!(printable("eve\u{202e}gpj.exe"), "eve\\u{202e}gpj.exe");
        assert_eq!(printable("zoé-müller"), "zoé-müller");
    }
}
