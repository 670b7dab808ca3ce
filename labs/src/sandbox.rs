//! Everything a runtime process starts ends with its environment. Lambda
//! tears down the whole sandbox when an environment ends, so a process a
//! handler spawned (`child_process.spawn("sleep", ["999"])`) never outlives
//! it; here such processes would otherwise keep running after `course` ends.
//!
//! How, on Unix: the runtime leads its own process group, which every
//! process it starts joins unless it asks otherwise, and the group is killed
//! when the environment ends. (So Ctrl-C in the terminal no longer reaches
//! the runtime: `environment::stop_all_on_termination` handles it.) On Linux
//! two more nets catch processes that leave the group (Node.js's
//! `detached: true` calls `setsid`), in one or two passes over /proc when an
//! environment ends:
//! - the runtime is its descendants' "child subreaper": one whose parent
//!   ends is adopted by the runtime, not by init, so everything it started
//!   stays below it in /proc, and is killed before it is;
//! - a process that inherited the environment's `AWS_LAMBDA_LOG_STREAM_NAME`
//!   (unique to the environment, and reserved: no function can set it) is
//!   killed too: that finds the ones a runtime that ended on its own (a
//!   crash) left, when nothing is below it any more.
//!
//! Limits: a process that left the group *and* dropped that variable is
//! missed when its runtime crashed first (nothing ties it to the environment
//! then). When `course` itself is killed with SIGKILL, the runtime dies with
//! it (see `environment::die_with_parent`) but what it started stays: only a
//! cgroup, which needs rights the labs do not ask for, would take it too.
//! On other Unix systems only the group is killed; elsewhere only the runtime.
//!
//! A known difference from Lambda: an adopted orphan that exits stays a
//! zombie of the runtime (Node.js reaps only the children it spawned
//! itself) until the environment ends, where Lambda's init would reap it at
//! once. It holds no memory, only a process-table entry; a handler would
//! have to double-fork thousands of short-lived processes for it to matter.
//! And the group is killed by its number once the runtime is reaped: should
//! the system hand that number to a new group in the microseconds between,
//! that group would be killed. Both are left as they are: the first is
//! harmless for the labs, the second needs a pid wraparound in between.

use std::process::ExitStatus;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::process::{Child, Command};

/// At most this many passes over /proc: each kills what the one before
/// found forking, so only a process forking endlessly could need more.
#[cfg(target_os = "linux")]
const MAX_PASSES: usize = 100;

/// Puts the runtime in its own process group and, on Linux, makes it the
/// reaper of its orphaned descendants (see the module's documentation).
pub fn isolate(cmd: &mut Command) {
    #[cfg(unix)]
    cmd.process_group(0);
    #[cfg(target_os = "linux")]
    // SAFETY: between fork and exec the closure calls only prctl, which is
    // async-signal-safe, and allocates nothing. The setting survives exec.
    unsafe {
        cmd.pre_exec(|| {
            if libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1) == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    #[cfg(not(unix))]
    let _ = cmd;
}

/// The processes of one environment: its runtime and what it started.
/// Dropping it (the environment's end) kills them all.
pub struct Sandbox {
    runtime: Child,
    sweep: Arc<Sweep>,
}

impl Sandbox {
    /// `runtime` was started with [`isolate`]; `marker` is a `NAME=value`
    /// variable no other environment has.
    pub fn new(runtime: Child, marker: String) -> Sandbox {
        Sandbox {
            sweep: Arc::new(Sweep {
                pid: runtime.id(),
                marker: marker.into_bytes(),
                reaped: AtomicBool::new(false),
                swept: AtomicBool::new(false),
            }),
            runtime,
        }
    }

    /// What kills the sandbox's processes, for whoever ends the environment.
    pub fn sweep(&self) -> Arc<Sweep> {
        self.sweep.clone()
    }

    /// Waits for the runtime to end, then kills what it left, unless the
    /// runtime ended because [`Sweep::kill_all`] already killed everything
    /// (one pass over /proc per teardown, not two).
    pub async fn wait(&mut self) -> std::io::Result<ExitStatus> {
        let status = self.runtime.wait().await;
        self.sweep.reaped.store(true, Ordering::SeqCst);
        if !self.sweep.swept.load(Ordering::SeqCst) {
            self.sweep.kill(false);
        }
        status
    }

    /// Kills everything the runtime started, then the runtime (SIGKILL,
    /// as Lambda does on timeouts and shutdowns), and waits for it.
    pub async fn kill_all(&mut self) -> std::io::Result<ExitStatus> {
        self.sweep.kill_all();
        let _ = self.runtime.start_kill();
        let status = self.runtime.wait().await;
        self.sweep.reaped.store(true, Ordering::SeqCst);
        status
    }
}

impl Drop for Sandbox {
    /// The task waiting for the runtime was cancelled (the emulator stopped).
    fn drop(&mut self) {
        self.sweep.kill_all();
    }
}

/// Kills one sandbox's processes, at once, from any thread.
pub struct Sweep {
    /// The runtime's pid, which is also its process group's id.
    pid: Option<u32>,
    /// `NAME=value` of the variable unique to this environment.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    marker: Vec<u8>,
    /// The runtime has been waited for: its pid may now be another's.
    reaped: AtomicBool,
    /// [`Sweep::kill_all`] has killed the runtime and all it started.
    swept: AtomicBool,
}

impl Sweep {
    /// Kills everything the runtime started, then the runtime with its
    /// group, so that what it started is still below it when looked for.
    /// Once the runtime has been waited for, [`Sandbox::wait`] has done it.
    pub fn kill_all(&self) {
        if !self.reaped.load(Ordering::SeqCst) {
            self.kill(true);
            self.swept.store(true, Ordering::SeqCst);
        }
    }

    /// Kills the sandbox's processes: those below the runtime too when
    /// `below` (only while the runtime has not been waited for: until then
    /// its pid is still its own), its group, and those with its variable.
    fn kill(&self, below: bool) {
        let Some(pid) = self.pid else { return };
        #[cfg(target_os = "linux")]
        linux::kill_passes(pid as i32, below, &self.marker);
        #[cfg(unix)]
        // SAFETY: kill has no memory effects. A negative pid is the group.
        unsafe {
            libc::kill(-(pid as i32), libc::SIGKILL);
        }
        #[cfg(not(target_os = "linux"))]
        let _ = below;
        #[cfg(not(unix))]
        let _ = pid;
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::HashSet;
    use std::fs;

    /// One process as /proc/PID/stat shows it.
    struct Proc {
        pid: i32,
        parent: i32,
        group: i32,
        ended: bool,
    }

    /// Kills the sandbox's processes (but the runtime) pass after pass,
    /// until a pass finds none it has not killed: a process may fork
    /// between the moment it is found and the moment it is killed.
    pub(super) fn kill_passes(root: i32, below: bool, marker: &[u8]) {
        let mut killed = HashSet::new();
        for _ in 0..super::MAX_PASSES {
            let found: Vec<i32> = members(root, below, marker)
                .into_iter()
                .filter(|p| killed.insert(*p))
                .collect();
            if found.is_empty() {
                return;
            }
            for pid in found {
                // SAFETY: kill has no memory effects.
                unsafe {
                    libc::kill(pid, libc::SIGKILL);
                }
            }
        }
    }

    /// The live processes of the sandbox, but its runtime: those in the
    /// runtime's group, below it (when `below`), or with its variable.
    fn members(root: i32, below: bool, marker: &[u8]) -> Vec<i32> {
        let procs = processes();
        let mut ours: HashSet<i32> = HashSet::from([root]);
        if below {
            // Parents come before their children in no particular order:
            // add children of known members until nothing changes.
            let mut grew = true;
            while grew {
                grew = false;
                for p in &procs {
                    if ours.contains(&p.parent) && ours.insert(p.pid) {
                        grew = true;
                    }
                }
            }
        }
        let me = std::process::id() as i32;
        procs
            .iter()
            .filter(|p| p.pid != root && p.pid != me && !p.ended)
            .filter(|p| ours.contains(&p.pid) || p.group == root || has_variable(p.pid, marker))
            .map(|p| p.pid)
            .collect()
    }

    /// Every process in /proc.
    fn processes() -> Vec<Proc> {
        let Ok(entries) = fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
            .filter_map(read_stat)
            .collect()
    }

    /// Parses /proc/PID/stat: `pid (name) state ppid pgrp …`, where the
    /// name may itself hold spaces and parentheses.
    fn read_stat(pid: i32) -> Option<Proc> {
        let text = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let mut fields = text.get(text.rfind(')')? + 1..)?.split_whitespace();
        let state = fields.next()?;
        let parent = fields.next()?.parse().ok()?;
        let group = fields.next()?.parse().ok()?;
        Some(Proc {
            pid,
            parent,
            group,
            // Zombie or dead: it has ended, only its parent has not collected it.
            ended: state == "Z" || state == "X",
        })
    }

    /// Whether the process's environment holds `marker` (`NAME=value`).
    /// Other users' processes cannot be read, and are none of ours.
    fn has_variable(pid: i32, marker: &[u8]) -> bool {
        let Ok(environ) = fs::read(format!("/proc/{pid}/environ")) else {
            return false;
        };
        environ.split(|b| *b == 0).any(|v| v == marker)
    }
}
