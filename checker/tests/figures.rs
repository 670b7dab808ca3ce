//! Snapshots of the trace, the log lines and the figure of the text's three
//! key pictures. A change to the simulator that moves any of them shows here.

use checker::{render, scenario, sim};

fn snapshot_of(source: &str) -> (String, String) {
    let s = scenario::parse(source).expect("the scenario is valid");
    let run = sim::run(&s.simulation);
    let mut trace = render::invocation_table(&run);
    trace.push('\n');
    for i in &run.invocations {
        for line in sim::logs::lines(i, "$LATEST") {
            trace.push_str(&line);
            trace.push('\n');
        }
    }
    for e in &run.environments {
        trace.push_str(&format!(
            "env {}: created {} ms, ended {} ms ({:?}), {} invocations\n",
            e.number,
            e.created / 1_000,
            e.ended / 1_000,
            e.end_reason,
            e.invocations
        ));
    }
    trace.push_str(&render::summary_line(&s.simulation, &run));
    (trace, render::figure_svg(&s.simulation, &run))
}

/// The text's figure: each request arrives while the earlier ones still run,
/// so five environments start; the sixth request reuses one.
const FIVE_OVERLAPPING: &str = r#"
name = "five-overlapping"
[[function]]
name = "api"
memory = 1024
init = { cpu = "100ms" }
handler = { cpu = "600ms", wait = "400ms" }
[[traffic]]
function = "api"
at = ["0ms", "250ms", "500ms", "750ms", "1s", "1.8s"]
"#;

/// One cold start, then warm starts in the same environment.
const COLD_THEN_WARM: &str = r#"
name = "cold-then-warm"
[[function]]
name = "api"
memory = 512
package_size = "5MB"
init = { cpu = "100ms", wait = "50ms" }
handler = { cpu = "40ms", wait = "30ms" }
[[traffic]]
function = "api"
every = "1s"
until = "4s"
"#;

/// Reserved concurrency 2: the third and fourth requests are throttled.
const RESERVED_THROTTLE: &str = r#"
name = "reserved-throttle"
[[function]]
name = "orders"
memory = 256
reserved_concurrency = 2
handler = { wait = "300ms" }
[[traffic]]
function = "orders"
at = ["0ms", "10ms", "20ms", "30ms", "1s"]
"#;

#[test]
fn five_overlapping_requests() {
    let (trace, svg) = snapshot_of(FIVE_OVERLAPPING);
    insta::assert_snapshot!("five_overlapping_trace", trace);
    insta::assert_snapshot!("five_overlapping_svg", svg);
}

#[test]
fn cold_start_then_warm_starts() {
    let (trace, svg) = snapshot_of(COLD_THEN_WARM);
    insta::assert_snapshot!("cold_then_warm_trace", trace);
    insta::assert_snapshot!("cold_then_warm_svg", svg);
}

#[test]
fn reserved_concurrency_throttle() {
    let (trace, svg) = snapshot_of(RESERVED_THROTTLE);
    insta::assert_snapshot!("reserved_throttle_trace", trace);
    insta::assert_snapshot!("reserved_throttle_svg", svg);
}

#[test]
fn svg_figures_have_no_blank_line() {
    // A blank line would end the HTML block the book splices the SVG into.
    for source in [FIVE_OVERLAPPING, COLD_THEN_WARM, RESERVED_THROTTLE] {
        let (_, svg) = snapshot_of(source);
        assert!(!svg.contains("\n\n"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}

/// The text's firstFunction / secondFunction example.
const SYNC_AND_ASYNC: &str = r#"
name = "first-calls-second"
[[function]]
name = "firstFunction"
memory = 512
handler = { cpu = "5ms", calls = [
  { function = "secondFunction", invocation = "async" },
  { function = "secondFunction", invocation = "sync", after = "100ms" },
] }
[[function]]
name = "secondFunction"
memory = 512
handler = { wait = "1s" }
[[traffic]]
function = "firstFunction"
at = ["0ms"]
"#;

/// An event that always fails: two retries, then the on-failure destination.
const RETRIES_TO_DESTINATION: &str = r#"
name = "retries-to-destination"
[[function]]
name = "thumbnails"
handler = { cpu = "20ms", errors = 1.0 }
async = { on_failure = "sqs:failed-thumbnails" }
[[traffic]]
function = "thumbnails"
source = "s3"
at = ["0ms"]
"#;

/// Two provisioned environments; the third and fourth requests spill over.
const PROVISIONED_SPILLOVER: &str = r#"
name = "provisioned-spillover"
[[function]]
name = "checkout"
memory = 1024
provisioned_concurrency = 2
init = { cpu = "300ms" }
handler = { wait = "200ms" }
[[function.version]]
[[traffic]]
function = "checkout:1"
at = ["0ms", "10ms", "20ms", "30ms", "1s"]
"#;

#[test]
fn sync_and_async_calls_sequence() {
    let (trace, svg) = snapshot_of(SYNC_AND_ASYNC);
    insta::assert_snapshot!("sync_async_trace", trace);
    insta::assert_snapshot!("sync_async_svg", svg);
    assert!(svg.contains("lambda-sequence"));
}

#[test]
fn retries_end_in_the_on_failure_destination() {
    let (trace, _) = snapshot_of(RETRIES_TO_DESTINATION);
    let s = scenario::parse(RETRIES_TO_DESTINATION).unwrap();
    let run = sim::run(&s.simulation);
    let records: Vec<String> = run
        .deliveries
        .iter()
        .map(|d| serde_json::to_string_pretty(&sim::records::delivery_record(&run, d)).unwrap())
        .collect();
    insta::assert_snapshot!("retries_trace", format!("{trace}\n{}", records.join("\n")));
}

#[test]
fn provisioned_concurrency_spills_over() {
    let (trace, svg) = snapshot_of(PROVISIONED_SPILLOVER);
    insta::assert_snapshot!("provisioned_trace", trace);
    assert!(svg.contains("(PC)"));
}
