//! How IAM matches patterns: `*` (any run of characters) and `?` (any one
//! character) in actions and resource ARNs.
//!
//! - Actions are compared without regard to case: `s3:GetObject` and
//!   `S3:getobject` name the same action.
//! - Resource ARNs are case-sensitive. Wildcards work inside the
//!   colon-separated segments of an ARN; a `*` that ends a segment may also
//!   run past the colons after it, and any `*` covers `/`. So
//!   `arn:aws:s3:::bucket/*` covers every key under `bucket/`, and
//!   `arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*` covers the
//!   group's `:log-stream:NAME` resources. (IAM User Guide, "IAM JSON policy
//!   elements: Resource", section "Using wildcards in resource ARNs".)

/// Whether an action pattern from a policy matches an action.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    let pattern: Vec<Token> = pattern
        .chars()
        .map(|c| match c {
            '*' => Token::Star {
                crosses_colon: true,
            },
            '?' => Token::One {
                crosses_colon: true,
            },
            c => Token::Char(c),
        })
        .collect();
    let text: Vec<char> = action.chars().collect();
    glob(&pattern, &text, |p, t| {
        p == t || p.to_lowercase().eq(t.to_lowercase())
    })
}

/// Whether a resource pattern from a policy matches a resource ARN.
pub fn resource_matches(pattern: &str, resource: &str) -> bool {
    let chars: Vec<char> = pattern.chars().collect();
    let tokens: Vec<Token> = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            '*' => Token::Star {
                // A `*` that is the last character of its segment may expand
                // beyond the colons that follow.
                crosses_colon: matches!(chars.get(i + 1), None | Some(':')),
            },
            '?' => Token::One {
                crosses_colon: false,
            },
            c => Token::Char(c),
        })
        .collect();
    let text: Vec<char> = resource.chars().collect();
    glob(&tokens, &text, |p, t| p == t)
}

/// Whether a pattern contains a wildcard.
pub fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

#[derive(Debug, Clone, Copy)]
enum Token {
    Char(char),
    One { crosses_colon: bool },
    Star { crosses_colon: bool },
}

/// Glob matching by dynamic programming over (pattern prefix, text prefix):
/// linear memory, no backtracking blow-up on patterns like `a*a*a*a*b`.
fn glob(pattern: &[Token], text: &[char], same: impl Fn(char, char) -> bool) -> bool {
    // row[j]: the pattern so far matches text[..j].
    let mut row = vec![false; text.len() + 1];
    row[0] = true;
    for token in pattern {
        let mut next = vec![false; text.len() + 1];
        match *token {
            Token::Star { crosses_colon } => {
                // A star matches the empty run, or extends a match by one character.
                next[0] = row[0];
                for j in 1..=text.len() {
                    next[j] = row[j] || (next[j - 1] && (crosses_colon || text[j - 1] != ':'));
                }
            }
            Token::One { crosses_colon } => {
                for j in 1..=text.len() {
                    next[j] = row[j - 1] && (crosses_colon || text[j - 1] != ':');
                }
            }
            Token::Char(c) => {
                for j in 1..=text.len() {
                    next[j] = row[j - 1] && same(c, text[j - 1]);
                }
            }
        }
        row = next;
    }
    row[text.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_ignore_case() {
        assert!(action_matches("s3:GetObject", "S3:getobject"));
        assert!(action_matches("S3:GETOBJECT", "s3:GetObject"));
        assert!(!action_matches("s3:GetObject", "s3:GetObjectAcl"));
    }

    #[test]
    fn action_wildcards() {
        assert!(action_matches("*", "dynamodb:PutItem"));
        assert!(action_matches("s3:*", "s3:PutObject"));
        assert!(action_matches("s3:Get*", "s3:getobjectversion"));
        assert!(!action_matches("s3:Get*", "s3:PutObject"));
        assert!(action_matches("logs:Put?ogEvents", "logs:PutLogEvents"));
        assert!(!action_matches("logs:Put?ogEvents", "logs:PutogEvents"));
        assert!(action_matches("*:Get*", "s3:GetObject"));
    }

    #[test]
    fn resources_are_case_sensitive() {
        assert!(resource_matches(
            "arn:aws:s3:::bucket/Key",
            "arn:aws:s3:::bucket/Key"
        ));
        assert!(!resource_matches(
            "arn:aws:s3:::bucket/key",
            "arn:aws:s3:::bucket/Key"
        ));
    }

    #[test]
    fn a_star_covers_slashes() {
        assert!(resource_matches(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/a/b/c.json"
        ));
        assert!(resource_matches(
            "arn:aws:s3:::bucket/*/c.json",
            "arn:aws:s3:::bucket/a/b/c.json"
        ));
        assert!(!resource_matches(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::other/a"
        ));
        assert!(resource_matches("*", "arn:aws:s3:::anything/at:all"));
    }

    #[test]
    fn a_star_ending_a_segment_runs_past_colons() {
        let stream = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:log-stream:2026/01/01/[$LATEST]ab";
        assert!(resource_matches(
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*",
            stream
        ));
        assert!(resource_matches("arn:aws:logs:*:*:*", stream));
        assert!(!resource_matches(
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f",
            stream
        ));
    }

    #[test]
    fn a_star_inside_a_segment_stays_in_it() {
        assert!(resource_matches(
            "arn:aws:s3:::my*bucket",
            "arn:aws:s3:::my-big/bucket"
        ));
        assert!(!resource_matches(
            "arn:aws:s3:::my*bucket",
            "arn:aws:s3:::my:odd:bucket"
        ));
        assert!(resource_matches(
            "arn:aws:lambda:us-east-1:123456789012:function:f?",
            "arn:aws:lambda:us-east-1:123456789012:function:f2"
        ));
        assert!(!resource_matches(
            "arn:aws:lambda:us-east-1:123456789012:function:f?",
            "arn:aws:lambda:us-east-1:123456789012:function:f:"
        ));
    }

    #[test]
    fn no_blow_up_on_many_stars() {
        let pattern = "a*".repeat(40) + "b";
        assert!(!action_matches(&pattern, &"a".repeat(200)));
    }
}
