//! Every scenario block of the book by name, so a quiz on one page can
//! predict the outcome of a scenario drawn on another.

use std::collections::HashMap;

use mdbook::book::{Book, BookItem};
use serde::Deserialize;

use super::{fences, page_names, scenario_figures};

/// Where a scenario is written and what it says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScenarioSource {
    pub page: String,
    pub line: usize,
    pub toml: String,
}

/// The book's scenarios by `name`. A name may be used on several pages.
#[derive(Debug, Default)]
pub(crate) struct ScenarioCatalogue {
    by_name: HashMap<String, Vec<ScenarioSource>>,
}

/// Reads just the name: the full parse, with its errors, is the figure
/// preprocessor's job.
#[derive(Deserialize)]
struct NameOnly {
    name: Option<String>,
}

impl ScenarioCatalogue {
    /// Collects the blocks before any preprocessor has turned them into figures.
    pub fn of_book(book: &Book, src_dir: &str) -> Self {
        let mut catalogue = Self::default();
        for item in book.iter() {
            let BookItem::Chapter(chapter) = item else {
                continue;
            };
            let Some((label, _)) = page_names(chapter, src_dir) else {
                continue;
            };
            for block in fences::find(&chapter.content, scenario_figures::NAME) {
                let Ok(NameOnly { name: Some(name) }) = toml::from_str(&block.content) else {
                    continue;
                };
                catalogue.add(
                    name,
                    ScenarioSource {
                        page: label.clone(),
                        line: block.fence_line,
                        toml: block.content,
                    },
                );
            }
        }
        catalogue
    }

    pub fn add(&mut self, name: String, source: ScenarioSource) {
        self.by_name.entry(name).or_default().push(source);
    }

    /// The scenario of that name. Several blocks may share a name only if
    /// they say the same thing; otherwise a prediction would be ambiguous.
    pub fn find(&self, name: &str) -> Result<&ScenarioSource, Lookup<'_>> {
        match self.by_name.get(name).map(Vec::as_slice) {
            None | Some([]) => Err(Lookup::Missing(self.names_like(name))),
            Some([only]) => Ok(only),
            Some(all @ [first, ..]) => {
                if all.iter().all(|s| s.toml.trim() == first.toml.trim()) {
                    Ok(first)
                } else {
                    Err(Lookup::Ambiguous(all))
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Names that share a word with `name`, as suggestions.
    fn names_like(&self, name: &str) -> Vec<String> {
        let words: Vec<&str> = name.split('-').filter(|w| w.len() > 2).collect();
        let mut like: Vec<String> = self
            .by_name
            .keys()
            .filter(|known| known.split('-').any(|w| words.contains(&w)))
            .cloned()
            .collect();
        like.sort();
        like.truncate(5);
        like
    }
}

/// Why a scenario name found nothing usable.
#[derive(Debug)]
pub(crate) enum Lookup<'a> {
    /// No block has that name; the names that look close.
    Missing(Vec<String>),
    /// Blocks on several pages share the name and differ.
    Ambiguous(&'a [ScenarioSource]),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(page: &str, toml: &str) -> ScenarioSource {
        ScenarioSource {
            page: page.into(),
            line: 1,
            toml: toml.into(),
        }
    }

    #[test]
    fn same_name_with_same_text_is_fine_but_different_text_is_ambiguous() {
        let mut catalogue = ScenarioCatalogue::default();
        catalogue.add("a".into(), source("one.md", "name = \"a\"\n"));
        catalogue.add("a".into(), source("two.md", "name = \"a\""));
        assert!(catalogue.find("a").is_ok());
        catalogue.add("a".into(), source("three.md", "name = \"a\"\nseed = 2"));
        assert!(matches!(catalogue.find("a"), Err(Lookup::Ambiguous(all)) if all.len() == 3));
    }

    #[test]
    fn a_missing_name_suggests_close_ones() {
        let mut catalogue = ScenarioCatalogue::default();
        catalogue.add("five-overlapping-requests".into(), source("a.md", ""));
        catalogue.add("cold-start".into(), source("a.md", ""));
        match catalogue.find("five-requests") {
            Err(Lookup::Missing(like)) => assert_eq!(like, vec!["five-overlapping-requests"]),
            other => panic!("{other:?}"),
        }
    }
}
