//! What a parsed identity-based policy is: statements that allow or deny
//! actions on resources. Only what the course's evaluator models is here:
//! no conditions, no principals (those belong to trust and resource policies).

use std::fmt;

/// A parsed identity-based policy, such as one attached to an execution role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// A label for messages: "AWSLambdaBasicExecutionRole", "inline policy".
    pub name: Option<String>,
    /// `2012-10-17`, `2008-10-17`, or `None` when the policy leaves it out
    /// (IAM then assumes the older `2008-10-17`).
    pub version: Option<String>,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
}

impl Policy {
    /// Gives the policy a name used in findings and decisions.
    pub fn named(mut self, name: &str) -> Self {
        self.name = Some(name.to_string());
        self
    }
}

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub actions: Matcher,
    pub resources: Matcher,
    /// 1-based line where the statement starts in the policy text (0 when
    /// the statement was not read from text).
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

impl Effect {
    pub fn name(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// `Action` / `Resource` (the statement applies to what matches one of the
/// patterns) or `NotAction` / `NotResource` (to what matches none of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    Only(Vec<String>),
    AllBut(Vec<String>),
}

impl Matcher {
    pub fn patterns(&self) -> &[String] {
        match self {
            Matcher::Only(p) | Matcher::AllBut(p) => p,
        }
    }
}

/// Which statement of which policy: what decisions and findings point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    /// Index of the policy in the slice given to [`super::evaluate`].
    pub policy: usize,
    pub policy_name: Option<String>,
    /// 0-based index of the statement in its policy.
    pub index: usize,
    pub sid: Option<String>,
    /// 1-based line of the statement in its policy text, 0 if unknown.
    pub line: usize,
}

impl StatementRef {
    pub(crate) fn new(policy_index: usize, policy: &Policy, index: usize) -> Self {
        let statement = &policy.statements[index];
        StatementRef {
            policy: policy_index,
            policy_name: policy.name.clone(),
            index,
            sid: statement.sid.clone(),
            line: statement.line,
        }
    }
}

/// `statement "ReadConfig" (line 4) of policy AWSLambdaBasicExecutionRole`,
/// or `statement 2` when it has neither Sid nor name.
impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sid {
            Some(sid) => write!(f, "statement \"{sid}\"")?,
            None => write!(f, "statement {}", self.index + 1)?,
        }
        if self.line > 0 {
            write!(f, " (line {})", self.line)?;
        }
        if let Some(name) = &self.policy_name {
            write!(f, " of policy {name}")?;
        }
        Ok(())
    }
}

/// A call to check: an action such as `s3:GetObject` on a resource ARN (or
/// `*` for actions that name no resource).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request<'a> {
    pub action: &'a str,
    pub resource: &'a str,
}

impl<'a> Request<'a> {
    pub fn new(action: &'a str, resource: &'a str) -> Self {
        Request { action, resource }
    }
}

/// The result of evaluating a request against identity-based policies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// A statement allows the request and none denies it.
    Allow { statement: StatementRef },
    /// A Deny statement matches: it wins over every Allow.
    ExplicitDeny { statement: StatementRef },
    /// No statement allows the request: denied by default.
    ImplicitDeny,
}

impl Decision {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow { .. })
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::Allow { statement } => write!(f, "allowed by {statement}"),
            Decision::ExplicitDeny { statement } => {
                write!(f, "denied explicitly by {statement}")
            }
            Decision::ImplicitDeny => write!(f, "denied by default: no statement allows it"),
        }
    }
}
