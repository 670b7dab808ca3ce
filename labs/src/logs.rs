//! Function logs, like CloudWatch Logs: one log group per function, one stream
//! per execution environment, events with a timestamp and a message. Stored as
//! JSON lines under the state folder so `course lab logs` can read them later.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::clock;

/// One log event, as CloudWatch stores it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LogEvent {
    /// Milliseconds since the epoch.
    pub timestamp: u64,
    /// The log stream: `YYYY/MM/DD/[$LATEST]<32 hex>`, one per environment.
    #[serde(rename = "logStreamName")]
    pub stream: String,
    pub message: String,
}

/// All log groups of one state folder.
pub struct LogStore {
    dir: PathBuf,
    files: Mutex<HashMap<String, File>>,
}

impl LogStore {
    pub fn new(dir: PathBuf) -> Self {
        LogStore {
            dir,
            files: Mutex::new(HashMap::new()),
        }
    }

    /// The file of a function's log group.
    pub fn path(dir: &Path, function: &str) -> PathBuf {
        dir.join(format!("{function}.jsonl"))
    }

    /// Appends one event to the function's log group.
    pub fn put(&self, function: &str, stream: &str, message: &str) {
        let event = LogEvent {
            timestamp: clock::epoch_ms(SystemTime::now()),
            stream: stream.to_string(),
            message: message.to_string(),
        };
        let mut line = serde_json::to_string(&event).unwrap_or_default();
        line.push('\n');
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if !files.contains_key(function) {
            let _ = fs::create_dir_all(&self.dir);
            match OpenOptions::new()
                .create(true)
                .append(true)
                .open(Self::path(&self.dir, function))
            {
                Ok(f) => {
                    files.insert(function.to_string(), f);
                }
                Err(_) => return, // logs are best effort, like a full disk on Lambda
            }
        }
        if let Some(f) = files.get_mut(function) {
            let _ = f.write_all(line.as_bytes());
        }
    }

    /// Every event of a function's log group, oldest first.
    pub fn read(dir: &Path, function: &str) -> Result<Vec<LogEvent>, String> {
        let path = Self::path(dir, function);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(format!("cannot read the logs in {}: {e}", path.display())),
        };
        Ok(text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect())
    }

    /// Forgets a function's logs (a fresh lab run starts with an empty group).
    pub fn clear(&self, function: &str) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(function);
        let _ = fs::remove_file(Self::path(&self.dir, function));
    }
}

/// The log stream of one execution environment; also keeps the lines of the
/// invocation in progress for `X-Amz-Log-Type: Tail`.
pub struct LogStream {
    store: Arc<LogStore>,
    pub function: String,
    pub name: String,
    tail: Mutex<Option<String>>,
}

impl LogStream {
    pub fn new(store: Arc<LogStore>, function: &str, name: String) -> Self {
        LogStream {
            store,
            function: function.to_string(),
            name,
            tail: Mutex::new(None),
        }
    }

    pub fn put(&self, message: &str) {
        self.store.put(&self.function, &self.name, message);
        if let Some(tail) = self.tail.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            tail.push_str(message);
            tail.push('\n');
        }
    }

    /// Starts keeping the lines of one invocation.
    pub fn start_capture(&self) {
        *self.tail.lock().unwrap_or_else(|e| e.into_inner()) = Some(String::new());
    }

    /// The lines kept since `start_capture`, and stops keeping them.
    pub fn take_capture(&self) -> String {
        self.tail
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_default()
    }
}

/// The last 4 KB of an invocation's log, as `X-Amz-Log-Result` carries it (before base64).
pub fn last_4kb(text: &str) -> &str {
    let mut start = text.len().saturating_sub(4096);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

pub fn start_line(request_id: &str, version: &str) -> String {
    format!("START RequestId: {request_id} Version: {version}")
}

pub fn end_line(request_id: &str) -> String {
    format!("END RequestId: {request_id}")
}

/// The figures of a REPORT line.
pub struct Report<'a> {
    pub request_id: &'a str,
    pub duration_ms: f64,
    pub memory_mb: u32,
    pub max_memory_used_mb: u64,
    /// Only on the first invocation of an environment (a cold start).
    pub init_duration_ms: Option<f64>,
    /// How an invocation that did not succeed ended, which today's log
    /// format adds at the end of the line.
    pub status: Option<Status>,
}

/// The end of a failed invocation's REPORT line.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// `Status: timeout`
    Timeout,
    /// `Status: error`, with its `Error Type` (`Runtime.ExitError`, …).
    Error(String),
}

impl Report<'_> {
    /// Rounded up to the millisecond; INIT is billed too (since August 2025).
    pub fn billed_ms(&self) -> u64 {
        (self.duration_ms + self.init_duration_ms.unwrap_or(0.0)).ceil() as u64
    }

    /// `REPORT RequestId: …\tDuration: … ms\t…\t`, tab-separated with a
    /// trailing tab, then the status of a failed invocation if any.
    pub fn line(&self) -> String {
        let mut line = format!(
            "REPORT RequestId: {}\tDuration: {:.2} ms\tBilled Duration: {} ms\tMemory Size: {} MB\tMax Memory Used: {} MB\t",
            self.request_id,
            self.duration_ms,
            self.billed_ms(),
            self.memory_mb,
            self.max_memory_used_mb
        );
        if let Some(init) = self.init_duration_ms {
            line.push_str(&format!("Init Duration: {init:.2} ms\t"));
        }
        match &self.status {
            Some(Status::Timeout) => line.push_str("Status: timeout"),
            Some(Status::Error(error_type)) => {
                line.push_str(&format!("Status: error\tError Type: {error_type}"))
            }
            None => {}
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_line_matches_lambda() {
        let r = Report {
            request_id: "id",
            duration_ms: 250.06,
            memory_mb: 1024,
            max_memory_used_mb: 350,
            init_duration_ms: Some(100.77),
            status: None,
        };
        assert_eq!(
            r.line(),
            "REPORT RequestId: id\tDuration: 250.06 ms\tBilled Duration: 351 ms\tMemory Size: 1024 MB\tMax Memory Used: 350 MB\tInit Duration: 100.77 ms\t"
        );
        let warm = Report {
            init_duration_ms: None,
            duration_ms: 1.2,
            ..r
        };
        assert!(warm.line().ends_with("Max Memory Used: 350 MB\t"));
        assert_eq!(warm.billed_ms(), 2);
        // Today's format: a timeout is told by the REPORT line itself.
        let timed_out = Report {
            status: Some(Status::Timeout),
            ..warm
        };
        assert!(timed_out
            .line()
            .ends_with("Max Memory Used: 350 MB\tStatus: timeout"));
    }

    #[test]
    fn tail_keeps_the_end() {
        let long = "é".repeat(3000);
        let tail = last_4kb(&long);
        assert!(tail.len() <= 4096 && tail.len() >= 4094);
    }
}
