//! A lab check and its result, worded for learners: what happened, what was
//! expected, what to try.

use serde_json::Value;

use crate::invoke::{InvokeRequest, InvokeResponse};
use crate::Emulator;

/// Why a check failed, in three parts a non-programmer can act on.
#[derive(Clone, Debug)]
pub struct Failure {
    pub happened: String,
    pub expected: String,
    pub try_this: String,
}

impl Failure {
    pub fn new(
        happened: impl Into<String>,
        expected: impl Into<String>,
        try_this: impl Into<String>,
    ) -> Self {
        Failure {
            happened: happened.into(),
            expected: expected.into(),
            try_this: try_this.into(),
        }
    }
}

/// One check of a lab.
#[derive(Clone, Debug)]
pub struct Check {
    pub title: String,
    /// `Ok(detail)` when it passed.
    pub result: Result<String, Failure>,
}

/// The checks of one lab run.
#[derive(Clone, Debug)]
pub struct LabReport {
    pub step: u8,
    pub title: &'static str,
    /// The folder that was checked, relative to the repository.
    pub folder: String,
    pub checks: Vec<Check>,
}

impl LabReport {
    pub fn passed(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.result.is_ok())
    }

    pub fn failures(&self) -> impl Iterator<Item = (&Check, &Failure)> {
        self.checks
            .iter()
            .filter_map(|c| c.result.as_ref().err().map(|f| (c, f)))
    }

    /// The report as printed by `course lab N`.
    pub fn render(&self) -> String {
        let mut out = format!(
            "Lab {}: {}\nChecking {}\n\n",
            self.step, self.title, self.folder
        );
        for check in &self.checks {
            match &check.result {
                Ok(detail) if detail.is_empty() => out.push_str(&format!("  ✔ {}\n", check.title)),
                Ok(detail) => out.push_str(&format!("  ✔ {} ({detail})\n", check.title)),
                Err(f) => {
                    out.push_str(&format!("  ✘ {}\n", check.title));
                    out.push_str(&format!(
                        "      What happened:    {}\n",
                        indent(&f.happened)
                    ));
                    out.push_str(&format!(
                        "      What we expected: {}\n",
                        indent(&f.expected)
                    ));
                    out.push_str(&format!(
                        "      What to try:      {}\n",
                        indent(&f.try_this)
                    ));
                }
            }
        }
        out.push('\n');
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// One line: passed, or "not done yet" with the count of failing checks.
    pub fn summary(&self) -> String {
        let failing = self.failures().count();
        if self.passed() {
            format!(
                "Lab {} passed: all {} checks are green.",
                self.step,
                self.checks.len()
            )
        } else {
            format!(
                "Lab {} is not done yet: {failing} of {} checks fail. Start with the first ✘ above.",
                self.step,
                self.checks.len()
            )
        }
    }
}

fn indent(text: &str) -> String {
    text.replace('\n', "\n                        ")
}

/// Collects checks; later checks can be skipped once an earlier one failed.
pub struct Checks {
    pub list: Vec<Check>,
}

impl Checks {
    pub fn new() -> Self {
        Checks { list: Vec::new() }
    }

    pub fn push(&mut self, title: impl Into<String>, result: Result<String, Failure>) -> bool {
        let ok = result.is_ok();
        self.list.push(Check {
            title: title.into(),
            result,
        });
        ok
    }
}

/// Invokes and returns the parsed answer, or a failure explaining the function's error.
pub fn invoke_json(
    emu: &Emulator,
    function: &str,
    payload: &str,
) -> Result<(InvokeResponse, Value), Failure> {
    let response = emu
        .invoke(InvokeRequest::new(function, payload))
        .map_err(|e| {
            Failure::new(
                format!("the emulator refused the invocation: {e}"),
                "the function runs",
                "run the lab again; if it keeps failing, tell your instructor",
            )
        })?;
    let value: Value = serde_json::from_slice(&response.payload).unwrap_or(Value::Null);
    if response.function_error.is_some() {
        let error_type = value["errorType"].as_str().unwrap_or("Error");
        let message = value["errorMessage"].as_str().unwrap_or("");
        return Err(Failure::new(
            format!("the function failed with {error_type}: {message}"),
            "the function returns an answer without an error",
            hint_for_error(error_type, message),
        ));
    }
    Ok((response, value))
}

/// What to try for the usual errors of the labs.
fn hint_for_error(error_type: &str, message: &str) -> String {
    if message.contains("Cannot find module 'axios'") {
        return "axios is not installed where Lambda looks for it: see the lab's step about npm install".into();
    }
    if message.contains("Cannot find module '@aws-sdk/client-lambda'") {
        return "the SDK the runtime provides is missing: run `npm ci --prefix labs/runtime` once"
            .into();
    }
    match error_type {
        "Runtime.UserCodeSyntaxError" => {
            "there is a typo in the code (a missing bracket or quote?): the message above says where".into()
        }
        "Runtime.HandlerNotFound" => {
            "keep the line `exports.handler = async (event) => {` as it was in the starter".into()
        }
        "Sandbox.Timedout" => "the function took too long: make sure every `await` has something to wait for".into(),
        "TypeError" | "ReferenceError" => {
            "a name is misspelled or used before it exists: compare your line with the TODO comment".into()
        }
        _ => "read the error message above, then compare your code with the TODO comments".into(),
    }
}

/// A JSON value shown briefly.
pub fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 300 {
        format!(
            "{}…",
            &text[..text
                .char_indices()
                .nth(300)
                .map(|(i, _)| i)
                .unwrap_or(text.len())]
        )
    } else {
        text
    }
}

/// "12.3 KB" style sizes.
pub fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}
