//! `course lab …`: the command-line face of the labs and the emulator. The
//! `course` binary embeds [`LabArgs`] and calls [`run`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand};

use crate::invoke::{self, InvokeError};
use crate::labs::{self, Variant};
use crate::logs::LogStore;
use crate::{Emulator, EmulatorConfig, InvocationType, InvokeRequest};

/// Check a lab, or invoke a function and read its logs in the local emulator.
#[derive(Args, Debug, Clone)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LabArgs {
    #[command(subcommand)]
    pub command: Option<LabCommand>,
    /// The lab to check: 1, 2, 3 or 4 (deploys your starter folder and runs its checks).
    pub step: Option<u8>,
    /// Check the reference solution instead of your starter folder.
    #[arg(long)]
    pub solution: bool,
}

/// What `course lab` can do besides checking a lab.
#[derive(Subcommand, Debug, Clone)]
pub enum LabCommand {
    /// Invoke a deployed function, like the console's Test button.
    Invoke {
        /// The function's name (e.g. hello-world).
        name: String,
        /// The event, as JSON text (default: {}).
        #[arg(long)]
        payload: Option<String>,
        /// A file holding the event, e.g. labs/01-nodejs-function/events/ada.json.
        #[arg(long, conflicts_with = "payload")]
        event: Option<PathBuf>,
        /// Invoke asynchronously (InvocationType Event): 202 at once, the event runs in the background.
        #[arg(long = "async")]
        asynchronous: bool,
        /// Invoke this many times in a row (1 to 20), like pressing Test again:
        /// the first call starts an environment (a cold start), the next ones reuse it.
        #[arg(long, default_value_t = 1, conflicts_with = "asynchronous",
              value_parser = times_in_a_row)]
        times: u32,
    },
    /// Show a function's logs: START, END, REPORT and everything it printed.
    Logs {
        /// The function's name.
        name: String,
    },
    /// Show the records of a function's on-failure destination.
    Destinations {
        /// The function's name.
        name: String,
    },
    /// List the functions deployed by earlier commands.
    List,
    /// Put a lab's starter files back (your changed files are kept as FILE.bak).
    Reset {
        /// The lab: 1, 2, 3 or 4, or `all`.
        step: String,
    },
}

/// Reads `--times`: a whole number from 1 to 20.
fn times_in_a_row(text: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(n @ 1..=20) => Ok(n),
        _ => Err(format!(
            "`{text}` is not a number of calls: --times takes a whole number from 1 to 20"
        )),
    }
}

/// Runs `course lab …`; `Err` carries the message to print before exiting with 1.
pub fn run(args: LabArgs) -> Result<(), String> {
    let labs_root = labs_root()?;
    let state = state_dir(&labs_root);
    match (args.command, args.step) {
        (Some(LabCommand::Logs { name }), _) => print_logs(&state, &name),
        (Some(LabCommand::Destinations { name }), _) => {
            let emu = start(&labs_root, &state)?;
            let records = emu.destination_records(&name, false);
            if records.is_empty() {
                println!("No failed asynchronous events recorded for {name}.");
            }
            for r in records {
                println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
            }
            println!("(file: {})", emu.destination_file(&name).display());
            Ok(())
        }
        (Some(LabCommand::Reset { step }), _) => {
            let steps: Vec<u8> = if step == "all" {
                labs::LABS.iter().map(|(s, _, _)| *s).collect()
            } else {
                vec![step.parse().map_err(|_| {
                    format!("There is no lab `{step}`: the labs are 1, 2, 3 and 4 (or `all`).")
                })?]
            };
            for step in steps {
                for line in labs::reset_starter(&labs_root, step)? {
                    println!("{line}");
                }
            }
            Ok(())
        }
        (Some(LabCommand::List), _) => {
            let emu = start(&labs_root, &state)?;
            let mut names = emu.load_deployed()?;
            // The Lab 3 check's own probe is no function of the learner's.
            names.retain(|n| n != crate::labs::lab3::PROBE);
            if names.is_empty() {
                println!("No functions deployed yet: run `course lab 1` first.");
            }
            for n in names {
                println!("{n}");
            }
            Ok(())
        }
        (Some(LabCommand::Invoke { name, payload, event, asynchronous, times }), _) => {
            let kind = if asynchronous {
                InvocationType::Event
            } else {
                InvocationType::RequestResponse
            };
            let payload = match (payload, event) {
                (Some(p), _) => p,
                (None, Some(file)) => read_event(&file, kind)?,
                (None, None) => "{}".to_string(),
            };
            let emu = start_with(&labs_root, &state, &name)?;
            if asynchronous {
                invoke_async(&emu, &name, payload)
            } else {
                invoke_times(&emu, &name, &payload, times)
            }
        }
        (None, Some(step)) => {
            let emu = start(&labs_root, &state)?;
            let variant = if args.solution { Variant::Solution } else { Variant::Starter };
            let report = labs::check_lab(&emu, &labs_root, step, variant)?;
            if crate::environment::stopping() {
                // A signal (Ctrl-C) killed the functions mid-check: the checks
                // it failed say nothing of the learner's code.
                return Err(String::new());
            }
            let node_major = crate::environment::node_major(&emu.config().node);
            print!("{}", report.render_on(Some(&crate::config::runs_on(node_major))));
            if report.passed() {
                Ok(())
            } else {
                // The report above already says what is left to do; the
                // empty error only makes the exit status a failure.
                Err(String::new())
            }
        }
        (None, None) => Err(
            "Say which lab to check (`course lab 1`), or use `course lab invoke NAME` / `course lab logs NAME`. See `course lab --help`.".into(),
        ),
    }
}

/// The repository's `labs/` folder: `COURSE_LABS_DIR`, else found upwards from
/// the current folder, else the one this crate was built from.
pub fn labs_root() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("COURSE_LABS_DIR") {
        return Ok(PathBuf::from(dir));
    }
    if let Ok(cwd) = std::env::current_dir() {
        for dir in cwd.ancestors() {
            if dir.join("labs/01-nodejs-function").is_dir() {
                return Ok(dir.join("labs"));
            }
            if dir.join("01-nodejs-function").is_dir() {
                return Ok(dir.to_path_buf());
            }
        }
    }
    let built = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if built.join("01-nodejs-function").is_dir() {
        return Ok(built);
    }
    Err("Cannot find the labs folder: run `course lab` from inside the course's repository.".into())
}

/// Where deployed functions, logs and destination records are kept: `.course/labs/`.
pub fn state_dir(labs_root: &Path) -> PathBuf {
    labs_root
        .parent()
        .unwrap_or(labs_root)
        .join(".course")
        .join("labs")
}

fn start(labs_root: &Path, state: &Path) -> Result<Emulator, String> {
    let mut config = EmulatorConfig::new(state);
    config.runtime_node_modules = Some(labs_root.join("runtime").join("node_modules"));
    Emulator::start(config)
}

/// Starts the emulator with the functions earlier commands deployed, and
/// checks that `name` is one of them.
fn start_with(labs_root: &Path, state: &Path, name: &str) -> Result<Emulator, String> {
    let emu = start(labs_root, state)?;
    let deployed = emu.load_deployed()?;
    if !deployed.iter().any(|n| n == name) {
        return Err(format!(
            "There is no function named {name} yet. Deployed: {}. Run the lab that creates it first (e.g. `course lab 1` deploys hello-world).",
            if deployed.is_empty() { "none".to_string() } else { deployed.join(", ") }
        ));
    }
    Ok(emu)
}

/// Reads an event file, refusing one over the payload limit as Lambda
/// would, without reading it: a file of gigabytes is refused at once, in
/// no more memory than a small one. Its size is checked first; what has no
/// size (a pipe, `/dev/stdin`) is read up to one byte past the limit.
fn read_event(file: &Path, kind: InvocationType) -> Result<String, String> {
    use std::io::Read;
    let cannot = |e: std::io::Error| format!("Cannot read the event file {}: {e}", file.display());
    let limit = invoke::payload_limit(kind);
    let opened = std::fs::File::open(file).map_err(cannot)?;
    let size = opened.metadata().map_err(cannot)?.len();
    if size > limit as u64 {
        return Err(event_too_large(file, kind, &format!("is {size} bytes")));
    }
    let mut bytes = Vec::new();
    opened
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > limit {
        return Err(event_too_large(
            file,
            kind,
            &format!("holds more than {limit} bytes"),
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        format!(
            "Cannot read the event file {}: it is not UTF-8 text. An event is JSON text.",
            file.display()
        )
    })
}

/// The refusal of an event file over the payload limit: the Invoke API's
/// own answer, then which file, and what to try.
fn event_too_large(file: &Path, kind: InvocationType, size: &str) -> String {
    format!(
        "The invocation was refused: {}.\nThe event file {} {size}; it was not sent. Pass a smaller event: a large input belongs in a file store such as S3, and the event carries its key.",
        InvokeError::too_large(kind),
        file.display()
    )
}

/// Sends one Invoke request and prints its status line.
fn send(emu: &Emulator, req: InvokeRequest) -> Result<crate::InvokeResponse, String> {
    let response = emu
        .invoke(req)
        .map_err(|e| format!("The invocation was refused: {e}"))?;
    println!(
        "Status: {}  RequestId: {}",
        response.status_code, response.request_id
    );
    Ok(response)
}

/// Queues one event and waits for it to run, retries included.
fn invoke_async(emu: &Emulator, name: &str, payload: String) -> Result<(), String> {
    let mut req = InvokeRequest::new(name, payload);
    req.invocation_type = InvocationType::Event;
    let response = send(emu, req)?;
    println!("The event was queued (202 Accepted); waiting for it to run, retries included…");
    emu.wait_async(Duration::from_secs(120));
    let failed = emu
        .destination_records(name, false)
        .into_iter()
        .any(|r| r["requestContext"]["requestId"] == response.request_id.as_str());
    if failed {
        println!(
            "It failed after its retries; the record is in {}",
            emu.destination_file(name).display()
        );
    } else {
        println!("It ran. See what it printed with `course lab logs {name}`.");
    }
    Ok(())
}

/// Invokes synchronously `times` times in a row on the same emulator, so
/// that, as on Lambda, the calls after the first find the environment warm.
fn invoke_times(emu: &Emulator, name: &str, payload: &str, times: u32) -> Result<(), String> {
    let mut cold_starts = 0;
    for call in 1..=times {
        if times > 1 {
            println!("── call {call} of {times} ──");
        }
        let mut req = InvokeRequest::new(name, payload.to_string());
        req.tail = true;
        let response = send(emu, req)?;
        if let Some(error) = &response.function_error {
            println!("Function error: {error}");
        }
        let text = response.payload_text();
        let pretty = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or(text);
        println!("Response:\n{pretty}\n");
        if let Some(log) = response.log_text() {
            let cold = log
                .lines()
                .any(|l| l.starts_with("REPORT ") && l.contains("\tInit Duration: "));
            cold_starts += u32::from(cold);
            println!("Log output:\n{}", log.replace('\r', "\n    "));
        }
    }
    if times > 1 {
        println!("{}", cold_start_count(cold_starts, times));
    }
    Ok(())
}

/// The closing line of `--times`: how many calls found no environment ready.
fn cold_start_count(cold_starts: u32, times: u32) -> String {
    let report = "(Init Duration in their REPORT line)";
    match cold_starts {
        1 => format!(
            "1 of {times} calls had a cold start {report}; the others found the environment ready, warm."
        ),
        n if n == times => format!(
            "All {times} calls had a cold start {report}: each found no environment ready. An error that ends the process (a crash, a timeout, running out of memory) makes the next call start a new one."
        ),
        n => format!(
            "{n} of {times} calls had a cold start {report}; the others found an environment ready, warm."
        ),
    }
}

fn print_logs(state: &Path, name: &str) -> Result<(), String> {
    let events = LogStore::read(&state.join("logs"), name)?;
    if events.is_empty() {
        println!("No logs for {name} yet. Run a lab or `course lab invoke {name}` first.");
        return Ok(());
    }
    println!("Log group /aws/lambda/{name}");
    let mut stream = String::new();
    for e in events {
        if e.stream != stream {
            println!("\n── log stream {} ──", e.stream);
            stream = e.stream.clone();
        }
        println!("{}", e.message.replace('\r', "\n    "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closing_line_of_times_fits_what_happened() {
        assert!(cold_start_count(1, 3).starts_with("1 of 3 calls had a cold start"));
        let all = cold_start_count(3, 3);
        assert!(all.starts_with("All 3 calls had a cold start"), "{all}");
        assert!(!all.contains("the others"), "{all}");
        assert!(cold_start_count(2, 3).contains("the others found an environment ready"));
    }

    /// A file of this test process in the system's temporary folder.
    fn event_file(tag: &str) -> PathBuf {
        std::env::temp_dir().join(format!("labs-event-{}-{tag}.json", std::process::id()))
    }

    /// Bytes this thread has read so far (`rchar`: every read call counts).
    #[cfg(target_os = "linux")]
    fn bytes_read_by_this_thread() -> u64 {
        let io = std::fs::read_to_string("/proc/thread-self/io")
            .expect("Linux shows /proc/thread-self/io");
        io.lines()
            .find_map(|l| l.strip_prefix("rchar: "))
            .and_then(|n| n.parse().ok())
            .expect("/proc/thread-self/io has rchar")
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn an_event_file_over_the_limit_is_refused_without_being_read() {
        let path = event_file("huge");
        // Sparse: 200 MB long, no disk used.
        std::fs::File::create(&path)
            .unwrap()
            .set_len(200 * 1024 * 1024)
            .unwrap();
        let before = bytes_read_by_this_thread();
        let refused = read_event(&path, InvocationType::RequestResponse);
        let read = bytes_read_by_this_thread() - before;
        std::fs::remove_file(&path).unwrap();
        let message = refused.unwrap_err();
        assert!(
            message.starts_with("The invocation was refused: RequestTooLargeException (413): Request must be smaller than 6291456 bytes for the Invoke operation."),
            "{message}"
        );
        assert!(
            message.contains(&format!("{} is 209715200 bytes", path.display())),
            "{message}"
        );
        assert!(
            read < 64 * 1024,
            "{read} bytes of the event file were read before refusing it"
        );
    }

    #[test]
    #[cfg(unix)]
    fn what_has_no_size_is_read_only_up_to_the_limit() {
        // /dev/zero never ends: reading it all would never end either.
        let message = read_event(Path::new("/dev/zero"), InvocationType::Event).unwrap_err();
        assert!(
            message.contains("smaller than 1048576 bytes for the InvokeAsync operation"),
            "{message}"
        );
        assert!(
            message.contains("/dev/zero holds more than 1048576 bytes"),
            "{message}"
        );
    }

    #[test]
    fn an_event_file_within_the_limit_is_read() {
        let path = event_file("small");
        std::fs::write(&path, r#"{"name":"Ada"}"#).unwrap();
        let read = read_event(&path, InvocationType::RequestResponse);
        // 2 MB: within the synchronous limit, over the asynchronous one.
        std::fs::File::create(&path)
            .unwrap()
            .set_len(2 * 1024 * 1024)
            .unwrap();
        let sync = read_event(&path, InvocationType::RequestResponse).map(|t| t.len());
        let asynchronous = read_event(&path, InvocationType::Event);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(read.as_deref(), Ok(r#"{"name":"Ada"}"#));
        assert_eq!(sync, Ok(2 * 1024 * 1024));
        assert!(asynchronous.unwrap_err().contains("InvokeAsync"));
    }

    #[test]
    fn times_takes_a_whole_number_from_1_to_20() {
        assert_eq!(times_in_a_row("1"), Ok(1));
        assert_eq!(times_in_a_row("20"), Ok(20));
        for bad in ["0", "21", "-1", "2.5", "three"] {
            assert!(times_in_a_row(bad).unwrap_err().contains("from 1 to 20"));
        }
    }
}
