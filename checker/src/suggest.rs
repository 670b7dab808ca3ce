//! "Did you mean ...?": the nearest known name to a misspelt one, for the
//! error messages of scenarios, policies, function configurations and answers.

/// Single-character insertions, deletions and substitutions from `a` to `b`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let replace = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = replace.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`, ignoring case, if at most `max_edits`
/// away; ties go to the first candidate.
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max_edits: impl Fn(&str) -> usize,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&c.to_lowercase(), &word), c))
        .filter(|(d, c)| *d <= max_edits(c))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_name() {
        assert_eq!(edit_distance("memroy", "memory"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(
            nearest("Memroy", ["timeout", "memory"], |_| 2),
            Some("memory")
        );
        assert_eq!(nearest("handler", ["timeout", "memory"], |_| 2), None);
    }
}
