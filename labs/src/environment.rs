//! One execution environment: a real `node` process running our bootstrap,
//! with its own task folder, `/opt` folder, `/tmp`, Runtime API and log stream.
//! Nothing of the host's environment reaches it but what Lambda would set.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant, SystemTime};

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::net::TcpListener;
use tokio::process::Command;
use tokio::sync::{mpsc, watch, Notify};
use tokio::task::JoinHandle;

use crate::clock;
use crate::config::Runtime;
use crate::ids;
use crate::logs::{LogStore, LogStream};
use crate::runtime_api::{self, Event, Readiness, RuntimeApi};
use crate::sandbox::{self, Sandbox, Sweep};

/// The bootstrap's marker line; see bootstrap.js.
const FLUSH_MARK: &str = "\u{1e}LAMBDA-EMULATOR-FLUSH ";
/// How often the memory watchdog looks at the process.
const MEMORY_POLL: Duration = Duration::from_millis(10);

/// The kill switch of every environment process alive in this program. A
/// `course` stopped with SIGTERM or SIGHUP runs no destructors, so without
/// this its Node.js processes would outlive it (see [`stop_all`]).
static LIVE: Mutex<Vec<Weak<Notify>>> = Mutex::new(Vec::new());

/// Set by [`stop_all`]: no new environment process may start after it.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// From the first emulator on, for the rest of the program: when `course`
/// is told to stop (SIGTERM from `timeout`, an IDE's stop button or a CI
/// runner; SIGHUP when the terminal closes; SIGINT from Ctrl-C, which no
/// longer reaches the environments' processes: each runs in its own process
/// group, see `sandbox`), stop the environments' processes first, then end
/// as the signal would have.
pub fn stop_all_on_termination() {
    #[cfg(unix)]
    {
        static WATCHING: std::sync::Once = std::sync::Once::new();
        WATCHING.call_once(|| {
            let _ = std::thread::Builder::new()
                .name("stop-on-signal".into())
                .spawn(|| {
                    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    runtime.block_on(async {
                        use tokio::signal::unix::{signal, SignalKind};
                        let (Ok(mut term), Ok(mut hangup), Ok(mut interrupt)) = (
                            signal(SignalKind::terminate()),
                            signal(SignalKind::hangup()),
                            signal(SignalKind::interrupt()),
                        ) else {
                            return;
                        };
                        let code = tokio::select! {
                            _ = term.recv() => 128 + 15,
                            _ = hangup.recv() => 128 + 1,
                            _ = interrupt.recv() => 128 + 2,
                        };
                        if stop_all() > 0 {
                            // Each environment's waiter kills its process on the switch.
                            tokio::time::sleep(Duration::from_millis(300)).await;
                        }
                        std::process::exit(code);
                    });
                });
        });
    }
}

/// Asks Linux to kill the environment's process when `course` dies, even by
/// SIGKILL (an IDE's "force stop", the out-of-memory killer), which no
/// handler can catch: without it a function stuck in a loop would keep a
/// core busy after `course` is gone. Other systems rely on [`stop_all`].
///
/// Linux ties this to the *thread* that started the process, not to the
/// whole program: environments are started on the emulator's own runtime
/// threads (see `Emulator::invoke`), which live as long as the emulator.
fn die_with_parent(cmd: &mut Command) {
    #[cfg(target_os = "linux")]
    {
        let parent = std::process::id();
        // SAFETY: between fork and exec the closure calls only prctl and
        // getppid, which are async-signal-safe, and allocates nothing.
        unsafe {
            cmd.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                // `course` died before the request took effect: do not start.
                // (No allocation here: an error from a raw code only.)
                if libc::getppid() as u32 != parent {
                    return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
                }
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cmd;
}

/// Whether a termination signal is stopping the emulator: the program's
/// own result no longer matters, the signal decides how it ends.
pub fn stopping() -> bool {
    STOPPING.load(Ordering::SeqCst)
}

/// Stops every environment process still running, and returns how many.
pub fn stop_all() -> usize {
    let live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    STOPPING.store(true, Ordering::SeqCst);
    let switches: Vec<Arc<Notify>> = live.iter().filter_map(Weak::upgrade).collect();
    for kill in &switches {
        kill.notify_one();
    }
    switches.len()
}

/// What an environment needs from its function and the emulator to start.
pub struct Blueprint<'a> {
    pub function: &'a str,
    pub handler: &'a str,
    pub runtime: Runtime,
    pub memory_mb: u32,
    pub variables: &'a [(String, String)],
    /// The function's extracted code, linked into the task folder.
    pub code_dir: &'a Path,
    /// Extracted layers, merged in order into the environment's `/opt`.
    pub layer_dirs: &'a [PathBuf],
    /// Where the environment's folders go.
    pub envs_dir: &'a Path,
    /// Where bootstrap.js is (`LAMBDA_RUNTIME_DIR`).
    pub runtime_dir: &'a Path,
    pub runtime_node_modules: Option<&'a Path>,
    pub node: &'a Path,
    /// Extra variables every environment gets (endpoints, quotes API).
    pub platform_variables: &'a [(String, String)],
    pub logs: Arc<LogStore>,
}

/// A running execution environment.
pub struct Environment {
    pub id: String,
    pub log: Arc<LogStream>,
    pub started: Instant,
    events: mpsc::Sender<Event>,
    readiness: watch::Receiver<Readiness>,
    exit: watch::Receiver<Option<String>>,
    flushed: watch::Receiver<String>,
    kill: Arc<Notify>,
    /// Kills the runtime and what it started, when the environment is dropped.
    sweep: Arc<Sweep>,
    pid: Option<u32>,
    max_rss_kb: Arc<AtomicU64>,
    memory_exceeded: Arc<AtomicBool>,
    /// The function's memory size, which "Max Memory Used" never passes.
    memory_mb: u32,
    /// Our bootstrap marks the end of each request's output; custom runtimes do not.
    flush_marks: bool,
    root: PathBuf,
    tasks: Vec<JoinHandle<()>>,
    /// Set when the first invocation has reported the INIT duration.
    pub init_reported: AtomicBool,
}

impl Environment {
    /// Prepares the folders, starts the Runtime API and spawns `node`.
    pub async fn start(bp: Blueprint<'_>) -> Result<Environment, String> {
        let id = ids::hex32();
        let root = bp.envs_dir.join(format!("{}-{}", bp.function, &id[..12]));
        let task = root.join("task");
        let opt = root.join("opt");
        let tmp = root.join("tmp");
        {
            let (code, layers, root2) = (
                bp.code_dir.to_path_buf(),
                bp.layer_dirs.to_vec(),
                root.clone(),
            );
            let (task, opt, tmp) = (task.clone(), opt.clone(), tmp.clone());
            tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                fs::create_dir_all(&root2)?;
                link_tree(&code, &task)?;
                fs::create_dir_all(&opt)?;
                for layer in &layers {
                    link_tree(layer, &opt)?;
                }
                fs::create_dir_all(&tmp)
            })
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| {
                format!(
                    "cannot prepare the environment folder {}: {e}",
                    root.display()
                )
            })?;
        }

        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("cannot open a port for the Runtime API: {e}"))?;
        let api_addr = listener.local_addr().map_err(|e| e.to_string())?;
        let (api, events, readiness) = RuntimeApi::new();
        let server = runtime_api::serve(listener, api);

        let stream_name = format!("{}/[$LATEST]{id}", clock::stream_date(SystemTime::now()));
        let log = Arc::new(LogStream::new(
            bp.logs.clone(),
            bp.function,
            stream_name.clone(),
        ));

        let vars = variables(&bp, &api_addr.to_string(), &stream_name, &task, &opt, &tmp);
        let mut cmd = match bp.runtime {
            Runtime::Nodejs => {
                let mut cmd = Command::new(bp.node);
                cmd.arg(format!("--max-old-space-size={}", bp.memory_mb))
                    .arg(bp.runtime_dir.join("bootstrap.js"));
                cmd
            }
            Runtime::Provided => Command::new(task.join("bootstrap")),
        };
        cmd.current_dir(&task)
            .env_clear()
            .envs(vars)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        sandbox::isolate(&mut cmd);
        die_with_parent(&mut cmd);
        let started = Instant::now();
        // Under the same lock as `stop_all`, so that no process starts
        // after it has looked at the live ones.
        let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
        if STOPPING.load(Ordering::SeqCst) {
            return Err("the emulator is stopping".into());
        }
        let mut child = cmd.spawn().map_err(|e| match bp.runtime {
            Runtime::Nodejs => format!(
                "cannot start Node.js ({}): {e}. Install Node.js 20 or later and make sure `node` is on your PATH.",
                bp.node.display()
            ),
            Runtime::Provided => format!("cannot start the package's bootstrap: {e}"),
        })?;
        let pid = child.id();

        let (flushed_tx, flushed) = watch::channel(String::new());
        let mut tasks = vec![server];
        if let Some(out) = child.stdout.take() {
            tasks.push(tokio::spawn(read_lines(out, log.clone(), Some(flushed_tx))));
        }
        if let Some(err) = child.stderr.take() {
            tasks.push(tokio::spawn(read_lines(err, log.clone(), None)));
        }

        let (exit_tx, exit) = watch::channel(None);
        let kill = Arc::new(Notify::new());
        live.retain(|k| k.strong_count() > 0);
        live.push(Arc::downgrade(&kill));
        drop(live);
        let kill2 = kill.clone();
        // The stream name holds the environment's id: no other has it.
        let mut sandbox = Sandbox::new(child, format!("AWS_LAMBDA_LOG_STREAM_NAME={stream_name}"));
        let sweep = sandbox.sweep();
        tasks.push(tokio::spawn(async move {
            let status = tokio::select! {
                s = sandbox.wait() => s,
                _ = kill2.notified() => sandbox.kill_all().await,
            };
            let text = match status {
                Ok(s) => describe_exit(s),
                Err(e) => format!("wait failed: {e}"),
            };
            let _ = exit_tx.send(Some(text));
        }));

        let max_rss_kb = Arc::new(AtomicU64::new(0));
        let memory_exceeded = Arc::new(AtomicBool::new(false));
        if let Some(pid) = pid {
            tasks.push(tokio::spawn(watch_memory(
                pid,
                u64::from(bp.memory_mb) * 1024,
                max_rss_kb.clone(),
                memory_exceeded.clone(),
                kill.clone(),
                exit.clone(),
            )));
        }

        Ok(Environment {
            id,
            log,
            started,
            events,
            readiness,
            exit,
            flushed,
            kill,
            sweep,
            pid,
            max_rss_kb,
            memory_exceeded,
            memory_mb: bp.memory_mb,
            flush_marks: bp.runtime == Runtime::Nodejs,
            root,
            tasks,
            init_reported: AtomicBool::new(false),
        })
    }

    /// Waits for the end of INIT: `Ok(duration)` when the runtime first
    /// called `next`, otherwise why it did not.
    pub async fn wait_ready(&self, limit: Duration) -> Result<Duration, InitFailure> {
        let mut ready = self.readiness.clone();
        let mut exit = self.exit.clone();
        let outcome = tokio::time::timeout(limit, async {
            loop {
                let state = ready.borrow_and_update().clone();
                match state {
                    Readiness::Ready(at) => return Ok(at.duration_since(self.started)),
                    Readiness::Failed(t, body) => return Err(InitFailure::Reported(t, body)),
                    Readiness::Starting => {}
                }
                let exited = exit.borrow_and_update().clone();
                if let Some(how) = exited {
                    // A failed INIT reports before exiting; give the report a moment.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    let now = ready.borrow().clone();
                    if let Readiness::Failed(t, body) = now {
                        return Err(InitFailure::Reported(t, body));
                    }
                    return Err(InitFailure::Exited(Exit::new(&how, self.memory_exceeded())));
                }
                tokio::select! {
                    _ = ready.changed() => {}
                    _ = exit.changed() => {}
                }
            }
        })
        .await;
        match outcome {
            Ok(r) => r,
            Err(_) => {
                self.kill();
                Err(InitFailure::Reported(
                    "Runtime.InitTimeout".to_string(),
                    serde_json::json!({
                        "errorType": "Runtime.InitTimeout",
                        "errorMessage": format!("INIT did not finish within {:.2} seconds", limit.as_secs_f64()),
                    })
                    .to_string()
                    .into_bytes(),
                ))
            }
        }
    }

    /// Hands an event to the runtime (its `next` call picks it up).
    pub async fn deliver(&self, event: Event) -> Result<(), String> {
        self.events
            .send(event)
            .await
            .map_err(|_| "the execution environment is gone".to_string())
    }

    /// Resolves with how the process ended, once it has.
    pub async fn exited(&self) -> String {
        let mut exit = self.exit.clone();
        loop {
            if let Some(how) = exit.borrow_and_update().clone() {
                return how;
            }
            if exit.changed().await.is_err() {
                return "exit status unknown".to_string();
            }
        }
    }

    pub fn is_alive(&self) -> bool {
        self.exit.borrow().is_none()
    }

    /// Waits (briefly) until everything printed for `request_id` was read.
    pub async fn wait_flushed(&self, request_id: &str, limit: Duration) {
        if !self.flush_marks {
            // Give output written just before the answer a moment to be read.
            tokio::task::yield_now().await;
            return;
        }
        let mut flushed = self.flushed.clone();
        let _ = tokio::time::timeout(limit, async {
            while *flushed.borrow_and_update() != request_id {
                if flushed.changed().await.is_err() {
                    return;
                }
            }
        })
        .await;
    }

    /// SIGKILL, as Lambda does on timeouts and shutdowns, to the runtime
    /// and every process it started (see [`Sandbox`]).
    pub fn kill(&self) {
        self.kill.notify_one();
    }

    /// True when the memory watchdog killed the process.
    pub fn memory_exceeded(&self) -> bool {
        self.memory_exceeded.load(Ordering::SeqCst)
    }

    /// Peak resident memory so far, in MB (Lambda's "Max Memory Used"). It
    /// stops at the memory size, as on Lambda: the watchdog samples, so a
    /// process it kills may have gone a little past the limit first.
    pub fn max_memory_used_mb(&self) -> u64 {
        let mut kb = self.max_rss_kb.load(Ordering::Relaxed);
        if let Some(hwm) = self.pid.and_then(|p| proc_status_kb(p, "VmHWM:")) {
            kb = kb.max(hwm);
        }
        kb.div_ceil(1024).min(u64::from(self.memory_mb))
    }
}

impl Drop for Environment {
    fn drop(&mut self) {
        // At once, not by the waiting task: when the emulator ends, the
        // thread that started the runtime may end first, and the runtime with
        // it (`die_with_parent`), leaving what it started beyond reach.
        self.sweep.kill_all();
        self.kill.notify_one();
        for t in &self.tasks {
            // The process waiter must see the kill before it goes.
            if !t.is_finished() {
                t.abort();
            }
        }
        let root = self.root.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            let _ = fs::remove_dir_all(root);
        });
    }
}

/// Why INIT did not finish.
pub enum InitFailure {
    /// The runtime reported an error (`/runtime/init/error`), or INIT ran out
    /// of time: the error type and the error JSON.
    Reported(String, Vec<u8>),
    /// The runtime process ended.
    Exited(Exit),
}

/// How a runtime process ended, as Lambda reports it: killed for going over
/// its memory (`Runtime.OutOfMemory`, the error type callers get since 2025:
/// adobe/helix-html2md-service#1001, 2026; earlier reports show
/// `Runtime.ExitError`), or exited (`Runtime.ExitError`).
pub struct Exit {
    pub error_type: &'static str,
    message: String,
}

impl Exit {
    /// `how` is the exit in Lambda's words (`exit status 1`, `signal: killed`).
    pub fn new(how: &str, out_of_memory: bool) -> Exit {
        let (error_type, message) = if out_of_memory {
            (
                "Runtime.OutOfMemory",
                "Runtime exited with error: signal: killed".to_string(),
            )
        } else if how == "exit status 0" {
            (
                "Runtime.ExitError",
                "Runtime exited without providing a reason".to_string(),
            )
        } else {
            (
                "Runtime.ExitError",
                format!("Runtime exited with error: {how}"),
            )
        };
        Exit {
            error_type,
            message,
        }
    }

    /// The error message, against the request that was running (or that
    /// started the environment, when it ended during INIT).
    pub fn message_for(&self, request_id: &str) -> String {
        format!("RequestId: {request_id} Error: {}", self.message)
    }
}

/// `exit status 1` or `signal: killed`, in the words Lambda uses.
fn describe_exit(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            let name = match sig {
                9 => "killed",
                6 => "aborted",
                11 => "segmentation fault",
                15 => "terminated",
                2 => "interrupt",
                _ => "unknown signal",
            };
            return format!("signal: {name}");
        }
    }
    format!("exit status {}", status.code().unwrap_or(-1))
}

/// Every variable the environment sees: Lambda's reserved ones (paths mapped to
/// this environment's folders), the platform's endpoints, then the function's own.
fn variables(
    bp: &Blueprint<'_>,
    api_addr: &str,
    stream: &str,
    task: &Path,
    opt: &Path,
    tmp: &Path,
) -> Vec<(String, String)> {
    let p = |p: &Path| p.display().to_string();
    let node_dir = bp
        .node
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(p)
        .unwrap_or_else(|| "/usr/local/bin".to_string());
    let major = node_major(bp.node).unwrap_or(20);
    let mut node_path = vec![
        format!("{}/nodejs/node{major}/node_modules", p(opt)),
        format!("{}/nodejs/node_modules", p(opt)),
    ];
    if let Some(m) = bp.runtime_node_modules {
        node_path.push(p(m));
    }
    node_path.push(p(bp.runtime_dir));
    node_path.push(p(task));
    let mut vars: Vec<(String, String)> = vec![
        ("_HANDLER".into(), bp.handler.into()),
        ("AWS_REGION".into(), ids::REGION.into()),
        ("AWS_DEFAULT_REGION".into(), ids::REGION.into()),
        ("AWS_LAMBDA_FUNCTION_NAME".into(), bp.function.into()),
        (
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE".into(),
            bp.memory_mb.to_string(),
        ),
        ("AWS_LAMBDA_FUNCTION_VERSION".into(), "$LATEST".into()),
        ("AWS_LAMBDA_INITIALIZATION_TYPE".into(), "on-demand".into()),
        (
            "AWS_LAMBDA_LOG_GROUP_NAME".into(),
            format!("/aws/lambda/{}", bp.function),
        ),
        ("AWS_LAMBDA_LOG_STREAM_NAME".into(), stream.into()),
        // Dummy credentials: never the host's, and enough for the SDK to sign.
        ("AWS_ACCESS_KEY_ID".into(), "ASIAEMULATOREXAMPLE0".into()),
        (
            "AWS_SECRET_ACCESS_KEY".into(),
            "emulator-secret-key-not-a-real-one".into(),
        ),
        ("AWS_SESSION_TOKEN".into(), "emulator-session-token".into()),
        ("AWS_LAMBDA_RUNTIME_API".into(), api_addr.into()),
        ("LAMBDA_TASK_ROOT".into(), p(task)),
        ("LAMBDA_RUNTIME_DIR".into(), p(bp.runtime_dir)),
        ("TZ".into(), ":UTC".into()),
        ("LANG".into(), "en_US.UTF-8".into()),
        (
            "PATH".into(),
            format!("{node_dir}:/usr/local/bin:/usr/bin:/bin:{}/bin", p(opt)),
        ),
        (
            "LD_LIBRARY_PATH".into(),
            format!("{}/lib:{}/lib", p(task), p(opt)),
        ),
        ("NODE_PATH".into(), node_path.join(":")),
        ("AWS_XRAY_CONTEXT_MISSING".into(), "LOG_ERROR".into()),
        ("AWS_XRAY_DAEMON_ADDRESS".into(), "127.0.0.1:2000".into()),
        ("TMPDIR".into(), p(tmp)),
    ];
    if bp.runtime == Runtime::Nodejs {
        // OS-only runtimes have no AWS_EXECUTION_ENV.
        vars.push((
            "AWS_EXECUTION_ENV".into(),
            format!("AWS_Lambda_nodejs{major}.x"),
        ));
    }
    vars.extend(bp.platform_variables.iter().cloned());
    vars.extend(bp.variables.iter().cloned());
    vars
}

/// The major version of the `node` binary (cached: asking costs a process).
pub fn node_major(node: &Path) -> Option<u32> {
    use std::sync::OnceLock;
    static MAJOR: OnceLock<Option<u32>> = OnceLock::new();
    *MAJOR.get_or_init(|| {
        let out = std::process::Command::new(node)
            .arg("--version")
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout);
        text.trim()
            .trim_start_matches('v')
            .split('.')
            .next()?
            .parse()
            .ok()
    })
}

/// Copies a tree by hard links (cheap, and each environment still gets its
/// own folder); falls back to copying across file systems.
fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            link_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            if target.exists() {
                fs::remove_file(&target)?; // a later layer overrides an earlier one
            }
            if fs::hard_link(entry.path(), &target).is_err() {
                fs::copy(entry.path(), &target)?;
            }
        }
    }
    Ok(())
}

/// Forwards the process's output to the log stream, one event a line; on
/// stdout, also notices the bootstrap's flush marks.
async fn read_lines(
    pipe: impl AsyncRead + Unpin,
    log: Arc<LogStream>,
    flushed: Option<watch::Sender<String>>,
) {
    let mut reader = BufReader::new(pipe);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let line = String::from_utf8_lossy(&buf);
        let line = line.strip_suffix('\n').unwrap_or(&line);
        match (line.find(FLUSH_MARK), &flushed) {
            (Some(at), Some(tx)) => {
                if at > 0 {
                    log.put(&line[..at]);
                }
                tx.send_replace(line[at + FLUSH_MARK.len()..].to_string());
            }
            _ => log.put(line),
        }
    }
}

/// A field of /proc/PID/status in kB (Linux; elsewhere memory is not measured).
fn proc_status_kb(pid: u32, field: &str) -> Option<u64> {
    let text = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Kills the process when its resident memory passes the function's memory
/// size, as Lambda's sandbox does ("Runtime exited with error: signal: killed").
async fn watch_memory(
    pid: u32,
    limit_kb: u64,
    max_kb: Arc<AtomicU64>,
    exceeded: Arc<AtomicBool>,
    kill: Arc<Notify>,
    exit: watch::Receiver<Option<String>>,
) {
    let mut tick = tokio::time::interval(MEMORY_POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if exit.borrow().is_some() {
            return;
        }
        let Some(rss) = proc_status_kb(pid, "VmRSS:") else {
            return;
        };
        max_kb.fetch_max(rss, Ordering::Relaxed);
        if rss > limit_kb {
            exceeded.store(true, Ordering::SeqCst);
            kill.notify_one();
            return;
        }
    }
}
