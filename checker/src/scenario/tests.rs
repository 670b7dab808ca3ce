//! Reading scenarios, and the errors people get when a scenario is wrong.

use super::*;

const GOOD: &str = r#"
name = "two-functions"
seed = 7

[[function]]
name = "api"
memory = 512
timeout = "3s"
reserved_concurrency = 2
init = { cpu = "150ms" }
handler = { cpu = "80ms", wait = "40ms" }

[[traffic]]
function = "api"
at = ["0ms", "20ms", "40ms", "400ms"]
"#;

#[test]
fn reads_a_complete_scenario() {
    let s = parse(GOOD).unwrap();
    assert_eq!(s.name.as_deref(), Some("two-functions"));
    let f = &s.simulation.functions[0];
    assert_eq!(f.memory_mb, 512);
    assert_eq!(f.reserved_concurrency, Some(2));
    assert_eq!(f.handler.wait, 40_000);
    assert_eq!(s.simulation.options.seed, 7);
}

/// The report a person sees for a broken scenario.
fn report(source: &str) -> String {
    parse(source)
        .expect_err("this scenario should be refused")
        .report("scenario.toml", source, 1)
}

fn with_function(extra: &str) -> String {
    format!("[[function]]\nname = \"api\"\n{extra}\n\n[[traffic]]\nfunction = \"api\"\nat = [\"0ms\"]\n")
}

#[test]
fn memory_out_of_range() {
    insta::assert_snapshot!(report(&with_function("memory = 64")));
}

#[test]
fn unknown_field() {
    insta::assert_snapshot!(report(&with_function("memroy = 512")));
}

#[test]
fn duration_without_unit() {
    insta::assert_snapshot!(report(&with_function("timeout = \"30\"")));
}

#[test]
fn number_where_duration_expected() {
    insta::assert_snapshot!(report(&with_function("timeout = 30")));
}

#[test]
fn timeout_over_fifteen_minutes() {
    insta::assert_snapshot!(report(&with_function("timeout = \"20min\"")));
}

#[test]
fn unknown_runtime() {
    insta::assert_snapshot!(report(&with_function("runtime = \"go1.x\"")));
}

#[test]
fn traffic_to_missing_function() {
    insta::assert_snapshot!(report(
        "[[function]]\nname = \"api\"\n\n[[traffic]]\nfunction = \"apl\"\nat = [\"0ms\"]\n"
    ));
}

#[test]
fn traffic_with_two_patterns() {
    insta::assert_snapshot!(report(
        "[[function]]\nname = \"api\"\n\n[[traffic]]\nfunction = \"api\"\nat = [\"0ms\"]\nevery = \"1s\"\nuntil = \"5s\"\n"
    ));
}

#[test]
fn reservation_leaves_less_than_100_unreserved() {
    insta::assert_snapshot!(report(&with_function("reserved_concurrency = 950")));
}

#[test]
fn provisioned_concurrency_on_latest() {
    insta::assert_snapshot!(report(&with_function("provisioned_concurrency = 3")));
}

#[test]
fn too_many_retries() {
    insta::assert_snapshot!(report(&with_function("async = { max_retries = 5 }")));
}

#[test]
fn dead_letter_queue_must_be_a_queue_or_topic() {
    insta::assert_snapshot!(report(&with_function(
        "async = { dead_letter_queue = \"lambda:cleanup\" }"
    )));
}

#[test]
fn broken_toml() {
    insta::assert_snapshot!(report("[[function]\nname = \"api\"\n"));
}

#[test]
fn no_traffic() {
    insta::assert_snapshot!(report("[[function]]\nname = \"api\"\n"));
}

#[test]
fn error_share_above_one() {
    insta::assert_snapshot!(report(&with_function(
        "handler = { cpu = \"10ms\", errors = 1.5 }"
    )));
}

#[test]
fn reserved_environment_variable() {
    insta::assert_snapshot!(report(&with_function(
        "environment = { AWS_REGION = \"eu-west-1\", STAGE = \"dev\" }"
    )));
}

#[test]
fn too_many_layers() {
    let layers: Vec<String> = (1..=6)
        .map(|i| format!("{{ name = \"l{i}\", size = \"1MB\" }}"))
        .collect();
    insta::assert_snapshot!(report(&with_function(&format!(
        "layers = [{}]",
        layers.join(", ")
    ))));
}

#[test]
fn function_and_layers_over_250_mb_unzipped() {
    insta::assert_snapshot!(report(&with_function(
        "unzipped_size = \"200MB\"\nlayers = [{ name = \"ml\", size = \"40MB\", unzipped_size = \"70MB\" }]"
    )));
}

/// Sizes count as Lambda counts them (1 MB = 1,048,576 bytes): 250 MB in all
/// deploys, 260 MB does not, and a 6 MB payload is just allowed.
#[test]
fn sizes_meet_lambdas_limits_exactly() {
    let layers = |mb: u32| {
        format!("unzipped_size = \"{mb}MB\"\nlayers = [{{ name = \"a\", size = \"40MB\", unzipped_size = \"80MB\" }}, {{ name = \"b\", size = \"40MB\", unzipped_size = \"80MB\" }}, {{ name = \"c\", size = \"40MB\", unzipped_size = \"80MB\" }}]")
    };
    assert!(parse(&with_function(&layers(10))).is_ok());
    let refused = parse(&with_function(&layers(20))).unwrap_err().to_string();
    assert!(refused.contains("250 MB"), "{refused}");
    let s = parse(&with_function("")).unwrap();
    assert_eq!(s.simulation.functions[0].package_bytes, 1_048_576);
    assert_eq!(
        crate::scenario::units::size("6MB"),
        Ok(crate::sim::SYNC_PAYLOAD_LIMIT)
    );
}

#[test]
fn enforced_code_signing_refuses_an_expired_signature() {
    insta::assert_snapshot!(report(&with_function(
        "code_signing = { policy = \"Enforce\", signature = \"expired\" }"
    )));
}

#[test]
fn warned_code_signing_deploys_and_counts_the_failure() {
    let s = parse(&with_function(
        "code_signing = { signature = \"untrusted\" }",
    ))
    .unwrap();
    assert_eq!(s.simulation.functions[0].signature_validation_errors, 1);
    let s = parse(&with_function("code_signing = { signature = \"valid\" }")).unwrap();
    assert_eq!(s.simulation.functions[0].signature_validation_errors, 0);
}

#[test]
fn idle_cap_and_random_retirement_are_read() {
    let s = parse(&format!(
        "idle_cap = \"20min\"\nrandom_retirement = \"8h\"\n{}",
        with_function("")
    ))
    .unwrap();
    assert_eq!(s.simulation.options.idle_cap, 20 * crate::sim::time::MINUTE);
    assert_eq!(
        s.simulation.options.random_retirement,
        8 * crate::sim::time::HOUR
    );
    let off = parse(&format!(
        "random_retirement = \"off\"\n{}",
        with_function("")
    ))
    .unwrap();
    assert_eq!(off.simulation.options.random_retirement, 0);
}

#[test]
fn random_retirement_neither_off_nor_a_duration() {
    insta::assert_snapshot!(report(&format!(
        "random_retirement = \"never\"\n{}",
        with_function("")
    )));
}

/// Traffic stays within 30 days and a million requests a second: beyond
/// either, per-minute metrics or the microsecond clock could not keep up.
#[test]
fn traffic_beyond_the_limits_is_refused_where_it_is_written() {
    let traffic = |pattern: &str| {
        format!("[[function]]\nname = \"f\"\n[[traffic]]\nfunction = \"f\"\n{pattern}\n")
    };
    for (pattern, expected) in [
        ("per_second = 1e8\nuntil = \"1s\"", "at most 1000000"),
        ("at = [\"0ms\", \"100000h\"]", "is after 30 days"),
        (
            "per_second = 5.0\nuntil = \"99999h\"",
            "`until` must be between",
        ),
        (
            "burst = 1000\nat = \"0s\"\nspacing = \"1h\"",
            "comes after 30 days",
        ),
        ("every = \"0.1us\"\nuntil = \"1s\"", "whole microseconds"),
        (
            "per_second = 5.0\nfrom = \"10s\"\nuntil = \"1s\"",
            "is not after `from`",
        ),
        ("at = []", "`at` is empty"),
    ] {
        let error = parse(&traffic(pattern)).unwrap_err();
        let report = error.report("t.toml", &traffic(pattern), 1);
        assert!(report.contains(expected), "{pattern}: {report}");
    }
    assert!(parse(&traffic("per_second = 1e6\nuntil = \"1ms\"")).is_ok());
}
