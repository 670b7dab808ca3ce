//! Benchmark (not a test): the emulator's overhead.
//!
//! * warm: Invoke API round trip minus the handler's own time, over a
//!   keep-alive connection (target p50 ≤ 2 ms);
//! * cold: a cold invocation's round trip against a bare `node -e ''` start
//!   (target: cold ≤ bare node + 30 ms).
//!
//! Run with `cargo bench -p labs --bench invoke_overhead`.

#[path = "../tests/support/http.rs"]
mod http;

use std::process::Command;
use std::time::{Duration, Instant};

use labs::{CodeSource, Emulator, EmulatorConfig, FunctionSpec};

const WARM: usize = 2000;
const COLD: usize = 20;

const HANDLER: &str = r#"
exports.handler = async (event) => {
  const t0 = process.hrtime.bigint();
  const answer = { n: event.n };
  return { answer, handlerNs: Number(process.hrtime.bigint() - t0) };
};
"#;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let state = std::env::temp_dir().join(format!("labs-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    let code = state.join("code");
    std::fs::create_dir_all(&code).unwrap();
    std::fs::write(code.join("index.js"), HANDLER).unwrap();
    let emu = Emulator::start(EmulatorConfig::new(&state)).expect("emulator starts");
    let spec = FunctionSpec::new("bench", "index.handler", CodeSource::Folder(code));
    emu.deploy(spec.clone()).unwrap();

    let mut client = http::Client::connect(emu.invoke_url());
    for n in 0..100 {
        client.invoke("bench", &[], format!(r#"{{"n":{n}}}"#).as_bytes());
    }
    let mut overhead = Vec::with_capacity(WARM);
    for n in 0..WARM {
        let started = Instant::now();
        let r = client.invoke("bench", &[], format!(r#"{{"n":{n}}}"#).as_bytes());
        let total = ms(started.elapsed());
        assert_eq!(r.status, 200);
        let handler_ms = r.json()["handlerNs"].as_f64().unwrap_or(0.0) / 1e6;
        overhead.push(total - handler_ms);
    }
    overhead.sort_by(f64::total_cmp);

    let mut bare = Vec::with_capacity(COLD);
    for _ in 0..COLD {
        let started = Instant::now();
        let ok = Command::new("node")
            .args(["-e", ""])
            .status()
            .unwrap()
            .success();
        assert!(ok);
        bare.push(ms(started.elapsed()));
    }
    bare.sort_by(f64::total_cmp);
    // The same start, timed to the first byte its code writes (no teardown).
    let mut bare_first = Vec::with_capacity(COLD);
    for _ in 0..COLD {
        use std::io::Read;
        let started = Instant::now();
        let mut child = Command::new("node")
            .args(["-e", "process.stdout.write('x')"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut byte = [0u8; 1];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut byte)
            .unwrap();
        bare_first.push(ms(started.elapsed()));
        child.wait().unwrap();
    }
    bare_first.sort_by(f64::total_cmp);

    let mut cold = Vec::with_capacity(COLD);
    let mut init = Vec::with_capacity(COLD);
    for n in 0..COLD {
        // A redeploy discards the idle environment: the next invoke is cold.
        emu.deploy(spec.clone()).unwrap();
        let started = Instant::now();
        let r = client.invoke(
            "bench",
            &[("X-Amz-Log-Type", "Tail")],
            format!(r#"{{"n":{n}}}"#).as_bytes(),
        );
        cold.push(ms(started.elapsed()));
        assert_eq!(r.status, 200);
        let tail = r.header("x-amz-log-result").map(|t| {
            use base64::Engine;
            String::from_utf8(base64::engine::general_purpose::STANDARD.decode(t).unwrap()).unwrap()
        });
        if let Some(v) = tail
            .as_deref()
            .and_then(|t| t.split("Init Duration: ").nth(1))
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse::<f64>().ok())
        {
            init.push(v);
        }
    }
    cold.sort_by(f64::total_cmp);
    init.sort_by(f64::total_cmp);

    println!("warm invoke overhead over the handler's own time ({WARM} invocations):");
    println!(
        "  p50 {:.3} ms   p99 {:.3} ms   (target p50 ≤ 2 ms)",
        percentile(&overhead, 0.5),
        percentile(&overhead, 0.99)
    );
    println!("cold start ({COLD} each, medians):");
    println!(
        "  bare `node -e ''` (to exit)  {:.1} ms",
        percentile(&bare, 0.5)
    );
    println!(
        "  bare node to its first byte  {:.1} ms",
        percentile(&bare_first, 0.5)
    );
    println!(
        "  cold invoke round trip       {:.1} ms (p90 {:.1} ms)",
        percentile(&cold, 0.5),
        percentile(&cold, 0.9)
    );
    if !init.is_empty() {
        println!(
            "  reported Init Duration       {:.1} ms",
            percentile(&init, 0.5)
        );
    }
    println!(
        "  overhead over bare node      {:.1} ms (vs `node -e ''`), {:.1} ms (vs first byte)   (target ≤ 30 ms)",
        percentile(&cold, 0.5) - percentile(&bare, 0.5),
        percentile(&cold, 0.5) - percentile(&bare_first, 0.5)
    );
    drop(emu);
    let _ = std::fs::remove_dir_all(&state);
}
