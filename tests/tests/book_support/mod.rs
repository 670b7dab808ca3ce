//! Shared by the end-to-end tests: where the course is, scratch folders, one
//! build of the book per test program, the Markdown pages, and a small link checker.

#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use checker::book::{build_book, BuildOptions, Built};

#[path = "../../support/scratch.rs"]
mod scratch;
pub use scratch::scratch_dir;

/// The workspace root: the folder with book.toml.
pub fn course_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace")
        .to_path_buf()
}

/// The course's book, built once per test program and shared by its tests.
pub fn built_book() -> &'static Result<Built, String> {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dest = scratch_dir("book");
        build_book(&BuildOptions {
            root: course_root(),
            dest: Some(dest),
            ..BuildOptions::default()
        })
        .map_err(|e| e.to_string())
    })
}

/// Every Markdown file under `dir`, sorted.
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    files_with_extension(dir, "md")
}

pub fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The page paths SUMMARY.md links to (`lambda/memory.md`), in order.
pub fn summary_pages() -> Vec<String> {
    let summary = fs::read_to_string(course_root().join("src/SUMMARY.md")).expect("src/SUMMARY.md");
    let mut pages = Vec::new();
    for line in summary.lines() {
        let mut rest = line;
        while let Some(start) = rest.find("](") {
            rest = &rest[start + 2..];
            if let Some(end) = rest.find(')') {
                let target = &rest[..end];
                if target.ends_with(".md") {
                    pages.push(target.to_string());
                }
                rest = &rest[end..];
            }
        }
    }
    pages
}

/// The values of one attribute (`href`, `src`, `id`) in an HTML document.
pub fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let mut values = Vec::new();
    for quote in ['"', '\''] {
        let needle = format!(" {attribute}={quote}");
        let mut rest = html;
        while let Some(start) = rest.find(&needle) {
            rest = &rest[start + needle.len()..];
            if let Some(end) = rest.find(quote) {
                values.push(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    values
}

/// Every internal link (`href`, `src`) of every HTML page under `book` that
/// points at a missing file or a missing anchor, as "page: link (why)".
pub fn broken_links(book: &Path) -> Vec<String> {
    let pages = files_with_extension(book, "html");
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut ids_of = |path: &Path| -> Option<HashSet<String>> {
        if let Some(found) = ids.get(path) {
            return Some(found.clone());
        }
        let html = fs::read_to_string(path).ok()?;
        let mut found: HashSet<String> = attribute_values(&html, "id")
            .into_iter()
            .map(decode_entities)
            .collect();
        found.extend(
            attribute_values(&html, "name")
                .into_iter()
                .map(decode_entities),
        );
        ids.insert(path.to_path_buf(), found.clone());
        Some(found)
    };
    let mut broken = Vec::new();
    for page in &pages {
        let html = fs::read_to_string(page).expect("a built page");
        let relative_page = page
            .strip_prefix(book)
            .unwrap_or(page)
            .display()
            .to_string();
        for link in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            let link = decode_entities(link);
            if is_external(&link) || link.is_empty() || link.contains("{{") {
                continue;
            }
            let (path_part, fragment) = match link.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (link.as_str(), None),
            };
            let path_part = path_part.split('?').next().unwrap_or_default();
            let target = if path_part.is_empty() {
                page.clone()
            } else if let Some(absolute) = path_part.strip_prefix('/') {
                book.join(absolute)
            } else {
                page.parent()
                    .unwrap_or(book)
                    .join(percent_decode(path_part))
            };
            let mut target = normalize(&target);
            if target.is_dir() {
                target = target.join("index.html");
            }
            if !target.starts_with(book) || !target.is_file() {
                broken.push(format!("{relative_page}: {link} (no such file)"));
                continue;
            }
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            if target.extension().is_some_and(|e| e == "html") {
                let fragment = percent_decode(fragment);
                let known = ids_of(&target).unwrap_or_default();
                if !known.contains(&fragment) {
                    broken.push(format!("{relative_page}: {link} (no anchor `{fragment}`)"));
                }
            }
        }
    }
    broken.sort();
    broken.dedup();
    broken
}

fn is_external(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    [
        "http:",
        "https:",
        "mailto:",
        "javascript:",
        "data:",
        "tel:",
        "//",
    ]
    .iter()
    .any(|scheme| lower.starts_with(scheme))
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(Ok(byte)) = text
                .get(i + 1..i + 3)
                .map(|hex| u8::from_str_radix(hex, 16))
            {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_entities(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}
