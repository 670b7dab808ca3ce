//! Processes a handler starts end with its environment, as on Lambda, which
//! tears down the whole sandbox: after a shutdown, a timeout, a crash or the
//! emulator's end, nothing the runtime started is left running.

use crate::support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use labs::{Emulator, InvokeRequest};

/// Starts `sleep 999` three times: in the runtime's process group;
/// `detached` (its own session); detached with none of the environment's
/// variables but PATH. Writes their pids to `event.pids` before doing what
/// `event.then` says: return, hang or crash.
const SPAWNER: &str = r#"
const { spawn } = require("child_process");
const fs = require("fs");
exports.handler = async (event) => {
  const child = spawn("sleep", ["999"], { stdio: "ignore" });
  const detached = spawn("sleep", ["999"], { stdio: "ignore", detached: true });
  const bare = spawn("sleep", ["999"], {
    stdio: "ignore",
    detached: true,
    env: { PATH: process.env.PATH },
  });
  detached.unref();
  bare.unref();
  fs.writeFileSync(event.pids, `${child.pid} ${detached.pid} ${bare.pid}`);
  if (event.then === "hang") await new Promise(() => setInterval(() => {}, 1000));
  if (event.then === "crash") process.exit(1);
  return "spawned";
};
"#;

/// Invokes the spawner and returns the pids of its three `sleep` processes.
fn spawn_sleepers(emu: &Emulator, name: &str, then: &str) -> Vec<i32> {
    let pids: PathBuf = support::scratch_dir(&format!("{name}-pids")).join("pids");
    let event = serde_json::json!({ "pids": pids, "then": then }).to_string();
    let r = emu.invoke(InvokeRequest::new(name, event)).unwrap();
    let text = std::fs::read_to_string(&pids).unwrap_or_else(|e| {
        panic!(
            "the handler did not write its children's pids ({e}); it answered {}",
            r.payload_text()
        )
    });
    let pids: Vec<i32> = text
        .split_whitespace()
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(pids.len(), 3, "{text}");
    if then == "return" {
        for &pid in &pids {
            assert!(
                running(pid),
                "sleep {pid} should run until its environment ends"
            );
        }
    }
    pids
}

/// Whether `pid` is a process that has not ended (a zombie has ended: it
/// only waits for its parent, perhaps a container's init, to collect it).
fn running(pid: i32) -> bool {
    match std::fs::read_to_string(Path::new("/proc").join(pid.to_string()).join("stat")) {
        Err(_) => false,
        Ok(stat) => {
            let state = stat.rsplit(')').next().unwrap_or("").trim_start();
            !state.starts_with('Z') && !state.starts_with('X')
        }
    }
}

/// Fails unless every pid has ended within a generous time.
fn assert_ended(pids: &[i32], when: &str) {
    let started = Instant::now();
    while pids.iter().any(|&p| running(p)) {
        if started.elapsed() > Duration::from_secs(10) {
            let left: Vec<_> = pids.iter().filter(|&&p| running(p)).collect();
            for &&p in &left {
                // SAFETY: kill has no memory effects; we clean up our own leftovers.
                unsafe { libc::kill(p, libc::SIGKILL) };
            }
            panic!("{when}, processes the handler started were left running: {left:?} of {pids:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn children_end_when_the_emulator_ends() {
    let emu = support::emulator("spawns-shutdown");
    support::deploy_js(&emu, "spawns-shutdown", SPAWNER);
    let pids = spawn_sleepers(&emu, "spawns-shutdown", "return");
    drop(emu);
    assert_ended(&pids, "after the emulator ended");
}

#[test]
fn children_end_when_a_timeout_ends_their_environment() {
    let emu = support::emulator("spawns-timeout");
    support::deploy_js(&emu, "spawns-timeout", SPAWNER);
    let pids = spawn_sleepers(&emu, "spawns-timeout", "hang");
    // The invocation timed out; the emulator goes on.
    assert_ended(&pids, "after the timeout");
    drop(emu);
}

#[test]
fn children_end_when_their_runtime_crashes() {
    let emu = support::emulator("spawns-crash");
    support::deploy_js(&emu, "spawns-crash", SPAWNER);
    let pids = spawn_sleepers(&emu, "spawns-crash", "crash");
    // The third left the group and the environment's variables, and its
    // runtime is gone: nothing ties it to the environment any more (a
    // limit the sandbox module documents). It is killed here.
    // SAFETY: kill has no memory effects; the pid is our own child's.
    unsafe { libc::kill(pids[2], libc::SIGKILL) };
    assert_ended(&pids[..2], "after the runtime exited");
    drop(emu);
}
