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

    /// The report, as graded: the same on every machine.
    pub fn render(&self) -> String {
        self.render_on(None)
    }

    /// The report as printed by `course lab N`, which also names the
    /// runtime and architecture the function ran on, the two choices the
    /// console's *Create function* asks for (see [`crate::config::runs_on`]).
    pub fn render_on(&self, runs_on: Option<&str>) -> String {
        let mut out = format!(
            "Lab {}: {}\nChecking {}\n",
            self.step, self.title, self.folder
        );
        if let Some(runs_on) = runs_on {
            out.push_str(&format!("Runs on {runs_on}\n"));
        }
        out.push('\n');
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
        let trace: Vec<&str> = value["trace"]
            .as_array()
            .map(|lines| lines.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let place = code_location(&trace)
            .map(|place| format!(" (in your code at {place})"))
            .unwrap_or_default();
        return Err(Failure::new(
            format!("the function failed with {error_type}: {message}{place}"),
            "the function returns an answer without an error",
            hint_for_error(error_type, message),
        ));
    }
    Ok((response, value))
}

/// Where in the function's own files an error happened, from the trace the
/// runtime reported: `index.js, line 23`. The runtime runs a copy of the
/// folder, so the path is given from the function's folder.
pub fn code_location(trace: &[&str]) -> Option<String> {
    trace.iter().find_map(|line| {
        let after = &line[line.find("/task/")? + "/task/".len()..];
        let place = after.split([')', ' ']).next()?;
        let mut parts = place.split(':');
        let file = parts.next().filter(|f| !f.is_empty())?;
        let number = parts.next()?.parse::<u32>().ok()?;
        Some(format!("{file}, line {number}"))
    })
}

/// What to try when a folder's `node_modules` is missing but its lockfile is
/// there (a reference solution, or a submission: git does not keep them).
pub fn restore_from_lockfile(shown_folder: &str) -> String {
    format!("restore it from the lockfile: npm ci --prefix {shown_folder}")
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
    if message.contains("signal: killed") {
        return "the function used more memory than it has, and was stopped: look for data that keeps growing, or a loop that prints or stores a lot".into();
    }
    if message.contains("Runtime exited without providing a reason") {
        return "Node.js ran out of work before the handler answered: the handler awaits a promise that never settles (every `new Promise` must call resolve or reject)".into();
    }
    match error_type {
        "Runtime.UserCodeSyntaxError" => {
            "there is a typo in the code (a missing bracket, quote or comma?) at the place named above".into()
        }
        "Runtime.HandlerNotFound" => {
            "keep the line `exports.handler = async (event) => {` as it was in the starter".into()
        }
        "Sandbox.Timedout" => "the function ran longer than its timeout: look for a loop that never ends, or an `await` on something that never answers".into(),
        "Function.ResponseSizeTooLarge" => {
            "a synchronous answer can be at most 6 MB: return less (large data belongs in S3, with its key in the answer)".into()
        }
        "Runtime.ExitError" => {
            "the Node.js process ended during the request: an error thrown outside the handler (in a timer or a callback) or `process.exit` ends the environment; `course lab logs` shows what it printed".into()
        }
        "TypeError" | "ReferenceError" => {
            "a name is misspelled or used before it exists: compare that line with the TODO comment".into()
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
    let mb = lambda_limits::MB;
    if bytes >= mb {
        format!("{:.1} MB", bytes as f64 / mb as f64)
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::{code_location, Check, LabReport};

    #[test]
    fn the_printed_report_names_where_it_ran_and_the_graded_one_does_not() {
        let report = LabReport {
            step: 1,
            title: "a Node.js function",
            folder: "labs/01-nodejs-function/starter".into(),
            checks: vec![Check {
                title: "The folder deploys".into(),
                result: Ok(String::new()),
            }],
        };
        let printed = report.render_on(Some("nodejs22.x on arm64"));
        assert!(
            printed.starts_with("Lab 1: a Node.js function\nChecking labs/01-nodejs-function/starter\nRuns on nodejs22.x on arm64\n\n  ✔ The folder deploys\n"),
            "{printed}"
        );
        assert!(!report.render().contains("Runs on"));
        assert!(crate::config::runs_on(Some(24)).starts_with("nodejs24.x on "));
        assert!(crate::config::runs_on(Some(23)).contains("not a Lambda runtime"));
    }

    #[test]
    fn the_place_of_an_error_is_read_from_the_trace() {
        let syntax = [
            "Runtime.UserCodeSyntaxError: SyntaxError: missing ) after argument list",
            "/home/ada/course/.course/labs/run/1-0/envs/hello-world-1/task/index.js:23",
            "  console.log(`Greeting ${name}`;",
        ];
        assert_eq!(code_location(&syntax).as_deref(), Some("index.js, line 23"));
        let thrown = [
            "Error: boom",
            "    at exports.handler (/tmp/x/task/lib/greet.js:7:11)",
            "    at runHandler (/opt/runtime/bootstrap.js:190:24)",
        ];
        assert_eq!(
            code_location(&thrown).as_deref(),
            Some("lib/greet.js, line 7")
        );
        assert_eq!(code_location(&["Error: no place"]), None);
    }
}
