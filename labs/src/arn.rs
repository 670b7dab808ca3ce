//! Function names as the Invoke API accepts them: `name`, `name:qualifier`,
//! `account:function:name[:qualifier]` or a full ARN.

use crate::ids;

/// A function reference taken apart.
#[derive(Debug, PartialEq, Eq)]
pub struct FunctionRef {
    pub name: String,
    pub qualifier: Option<String>,
}

/// Splits what the caller put in the path; `None` when it fits no accepted shape.
pub fn parse(input: &str) -> Option<FunctionRef> {
    let parts: Vec<&str> = input.split(':').collect();
    let (name, qualifier) = match parts.as_slice() {
        [name] => (*name, None),
        [name, q] => (*name, Some(*q)),
        [_account, "function", name] => (*name, None),
        [_account, "function", name, q] => (*name, Some(*q)),
        ["arn", _partition, "lambda", _region, _account, "function", name] => (*name, None),
        ["arn", _partition, "lambda", _region, _account, "function", name, q] => (*name, Some(*q)),
        _ => return None,
    };
    if !valid_name(name) || qualifier.is_some_and(|q| q.is_empty()) {
        return None;
    }
    Some(FunctionRef {
        name: name.to_string(),
        qualifier: qualifier.map(str::to_string),
    })
}

/// Lambda's rule for function names: 1 to 64 of letters, digits, `-` and `_`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The ARN as invoked, with its qualifier if one was given.
pub fn invoked_arn(name: &str, qualifier: Option<&str>) -> String {
    match qualifier {
        Some(q) => format!("{}:{q}", ids::function_arn(name)),
        None => ids::function_arn(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_shape() {
        let plain = parse("hello").unwrap();
        assert_eq!((plain.name.as_str(), plain.qualifier), ("hello", None));
        assert_eq!(
            parse("hello:$LATEST").unwrap().qualifier.as_deref(),
            Some("$LATEST")
        );
        assert_eq!(parse("000000000000:function:hello").unwrap().name, "hello");
        let arn = parse("arn:aws:lambda:us-east-1:000000000000:function:hello:prod").unwrap();
        assert_eq!(
            (arn.name.as_str(), arn.qualifier.as_deref()),
            ("hello", Some("prod"))
        );
        assert!(parse("a:b:c:d:e").is_none());
        assert!(parse("bad name").is_none());
        assert!(parse("").is_none());
    }
}
