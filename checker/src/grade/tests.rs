//! The course's own exercises, graded: every reference solution passes, every
//! starter is "not attempted", and plausible wrong answers get their specific
//! feedback (snapshots of the texts the learner reads).

use std::path::{Path, PathBuf};

use super::catalogue::{self, PAGES};
use super::{grade, report, Status};

fn exercises_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../exercises")
}

#[test]
fn every_manifest_reads_and_matches_its_folder() {
    for e in catalogue::all() {
        assert_eq!(e.broken, None);
        let m = &e.manifest;
        assert!(m.hints.len() >= 3, "{}: a ladder of at least 3 hints", m.id);
        assert!(m.minutes > 0, "{}", m.id);
        assert_eq!(
            e.starters.len(),
            m.files.len(),
            "{}: the catalogue embeds one starter per learner file",
            m.id
        );
        for file in &m.files {
            assert!(e.starter(file).is_some(), "{}: no starter for {file}", m.id);
        }
        for s in &m.scenarios {
            catalogue::find_scenario(s).unwrap_or_else(|err| panic!("{}: {err}", m.id));
        }
    }
}

#[test]
fn the_folders_on_disk_are_the_catalogue() {
    let mut on_disk: Vec<String> = std::fs::read_dir(exercises_dir())
        .unwrap()
        .filter_map(|d| d.ok())
        .map(|d| d.file_name().to_string_lossy().into_owned())
        .filter(|n| n.len() > 3 && n.as_bytes()[0].is_ascii_digit())
        .collect();
    on_disk.sort();
    let ids: Vec<String> = catalogue::ids().iter().map(|s| s.to_string()).collect();
    assert_eq!(on_disk, ids);
    assert!(ids.len() >= 20, "at least 20 exercises");
}

#[test]
fn every_reference_solution_passes() {
    let solutions = exercises_dir().join("solutions");
    for e in catalogue::all() {
        let outcome = grade(e.id(), &solutions);
        assert_eq!(
            outcome.status,
            Status::Done,
            "the solution of {} fails:\n{}",
            e.id(),
            outcome.text()
        );
    }
}

#[test]
fn every_starter_is_not_attempted_in_one_line() {
    let starters = exercises_dir().join(".starters");
    for e in catalogue::all() {
        let outcome = grade(e.id(), &starters);
        assert_eq!(outcome.status, Status::NotAttempted, "{}", outcome.text());
        let text = outcome.text();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.starts_with("not attempted yet: edit "), "{text}");
    }
}

#[test]
fn every_exercise_links_to_a_page_and_every_page_to_an_exercise() {
    let all = catalogue::all();
    for e in &all {
        assert!(
            PAGES.iter().any(|(p, _)| *p == e.manifest.page),
            "{} links to {}, which is not a chapter page",
            e.id(),
            e.manifest.page
        );
    }
    for (page, text) in PAGES {
        let practised: Vec<&str> = all
            .iter()
            .filter(|e| e.manifest.page == *page)
            .map(|e| e.id())
            .collect();
        assert!(!practised.is_empty(), "{page} has no exercise");
        // The page's Practice section, just before Check yourself, names
        // the folder and the hint command of each of its exercises.
        let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
        let n = headings.len();
        assert!(
            n >= 2 && headings[n - 2] == "## Practice" && headings[n - 1] == "## Check yourself",
            "{page}: `## Practice` must come just before `## Check yourself`, the last section"
        );
        let practice =
            &text[text.find("## Practice").unwrap()..text.find("## Check yourself").unwrap()];
        for id in practised {
            let number: u32 = id[..2].parse().unwrap();
            assert!(
                practice.contains(&format!("`exercises/{id}/")),
                "{page} does not name exercises/{id}/"
            );
            assert!(
                practice.contains(&format!("`course hint {number}`")),
                "{page} does not give `course hint {number}`"
            );
        }
        for mention in practice.split("`exercises/").skip(1) {
            let id = mention.split('/').next().unwrap_or("");
            assert!(
                catalogue::find(id).is_some_and(|e| e.id() == id),
                "{page} names an unknown exercise {id}"
            );
        }
    }
}

/// A copy of an exercise's reference solution, changed, in a fresh folder
/// named `exercises` (so messages show `exercises/NN-…/file`).
struct Attempt {
    root: PathBuf,
}

impl Attempt {
    fn new(case: &str, id: &str) -> Attempt {
        let root = std::env::temp_dir()
            .join(format!("course-grade-{}-{case}", std::process::id()))
            .join("exercises");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join(id)).unwrap();
        let e = catalogue::find(id).unwrap();
        for file in &e.manifest.files {
            let solution = exercises_dir().join("solutions").join(id).join(file);
            std::fs::copy(solution, root.join(id).join(file)).unwrap();
        }
        Attempt { root }
    }

    fn edit(&self, id: &str, file: &str, from: &str, to: &str) -> &Self {
        let path = self.root.join(id).join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{id}/{file} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    fn write(&self, id: &str, file: &str, text: &str) -> &Self {
        std::fs::write(self.root.join(id).join(file), text).unwrap();
        self
    }

    fn grade(&self, id: &str) -> super::Outcome {
        grade(id, &self.root)
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        if let Some(case) = self.root.parent() {
            let _ = std::fs::remove_dir_all(case);
        }
    }
}

/// Grades a changed solution; the feedback must be a failure, and is snapshotted.
fn wrong(case: &str, id: &str, file: &str, edits: &[(&str, &str)]) -> String {
    let attempt = Attempt::new(case, id);
    for (from, to) in edits {
        attempt.edit(id, file, from, to);
    }
    let outcome = attempt.grade(id);
    assert_eq!(outcome.status, Status::Failed, "{}", outcome.text());
    outcome.text()
}

macro_rules! wrong_answer {
    ($name:ident, $id:literal, $file:literal, [$(($from:expr, $to:expr)),+ $(,)?]) => {
        #[test]
        fn $name() {
            let text = wrong(stringify!($name), $id, $file, &[$(($from, $to)),+]);
            insta::assert_snapshot!(stringify!($name), text);
        }
    };
}

wrong_answer!(
    e01_gigabytes_of_1000_megabytes,
    "01-pay-per-use",
    "answers.toml",
    [(
        "gb_seconds = 120_000     # 2,000,000 × 0.5 GB × 0.12 s",
        "gb_seconds = 122_880"
    )]
);

#[test]
fn a_broken_file_is_located() {
    let attempt = Attempt::new("broken", "01-pay-per-use");
    attempt.write(
        "01-pay-per-use",
        "answers.toml",
        "request_usd = 0.40\ngb_seconds = ?\n",
    );
    let outcome = attempt.grade("01-pay-per-use");
    insta::assert_snapshot!("broken_toml", outcome.text());
}

#[test]
fn a_missing_file_says_how_to_get_it_back() {
    let attempt = Attempt::new("missing", "01-pay-per-use");
    std::fs::remove_file(attempt.root.join("01-pay-per-use/answers.toml")).unwrap();
    let outcome = attempt.grade("01-pay-per-use");
    assert_eq!(outcome.status, Status::Failed);
    assert!(outcome
        .text()
        .contains("`course reset 1` puts the starter file back"));
}

#[test]
fn the_harness_prints_one_line_per_untouched_exercise() {
    let starters = exercises_dir().join(".starters");
    let outcomes = super::grade_all(&starters);
    let text = super::runner::render(&outcomes, false);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("test ") && !l.starts_with("test result"))
        .collect();
    assert_eq!(lines.len(), outcomes.len());
    for line in lines {
        assert!(
            line.contains(" not attempted yet: edit .starters/"),
            "{line}"
        );
    }
    assert!(!text.contains("panicked"));
    assert!(text.contains("test result: in progress. 0 done; 0 failed; 23 not attempted"));
}

#[test]
fn reports_for_machines() {
    let starters = exercises_dir().join(".starters");
    let outcomes = super::grade_all(&starters);
    let json: serde_json::Value = serde_json::from_str(&report::json(&outcomes)).unwrap();
    assert_eq!(json["exercises"][0]["status"], "not_attempted");
    assert_eq!(json["exercises"][0]["hints_used"], 0);
    let junit = report::junit(&outcomes);
    assert!(junit.contains("<skipped message=\"not attempted yet\"/>"));
}

#[test]
fn the_files_to_read_are_what_the_simulator_produces() {
    // Set COURSE_WRITE_ARTIFACTS=1 to regenerate them after a change to a
    // scenario or to the simulator.
    let write = std::env::var_os("COURSE_WRITE_ARTIFACTS").is_some();
    for e in catalogue::all() {
        for artifact in &e.manifest.reads {
            let text = super::artifacts::render(artifact).unwrap();
            let path = exercises_dir().join(e.id()).join(&artifact.file);
            if write {
                std::fs::write(&path, &text).unwrap();
            }
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                on_disk == text,
                "{} is out of date; run the checker's tests with COURSE_WRITE_ARTIFACTS=1",
                path.display()
            );
        }
    }
}

wrong_answer!(
    e02_one_environment_for_all,
    "02-reuse-or-new",
    "answers.toml",
    [
        ("environments = 2 ", "environments = 1 "),
        ("cold_requests = [1, 3]", "cold_requests = [1]"),
        (
            "environment_of_request_3 = 2",
            "environment_of_request_3 = 1"
        ),
    ]
);

wrong_answer!(
    e03_init_not_billed,
    "03-read-a-cold-start",
    "answers.toml",
    [
        ("billed_ms_request_1 = 516", "billed_ms_request_1 = 115"),
        ("init_duration_ms = 401.13", "init_duration_ms = \"401.13\""),
    ]
);

wrong_answer!(
    e04_request_six_gets_a_new_environment,
    "04-overlapping-requests",
    "answers.toml",
    [
        ("environments = 5 ", "environments = 6 "),
        (
            "environment_of_request_6 = 1",
            "environment_of_request_6 = 3"
        ),
    ]
);

wrong_answer!(
    e05_pings_keep_it_warm_for_ever,
    "05-warm-up-pings",
    "answers.toml",
    [
        ("cold_pings = [1, 5]", "cold_pings = [1]"),
        ("environments = 2", "environments = 1")
    ]
);

wrong_answer!(
    e06_both_calls_synchronous,
    "06-sync-or-async",
    "design.toml",
    [
        ("invocation = \"async\"", "invocation = \"sync\""),
        ("retries = \"lambda\" ", "retries = \"caller\" ")
    ]
);

wrong_answer!(
    e06_content_check_asynchronous,
    "06-sync-or-async",
    "design.toml",
    [(
        "invocation = \"sync\"    # the API",
        "invocation = \"async\"    # the API"
    )]
);

wrong_answer!(
    e07_go_runtime_retired,
    "07-runtime-and-architecture",
    "function.json",
    [("\"Runtime\": \"provided.al2023\"", "\"Runtime\": \"go1.x\"")]
);

wrong_answer!(
    e07_built_for_arm_run_on_x86,
    "07-runtime-and-architecture",
    "function.json",
    [(
        "\"Architectures\": [\"arm64\"]",
        "\"Architectures\": [\"x86_64\"]"
    )]
);

wrong_answer!(
    e08_more_memory_than_a_thread_can_use,
    "08-right-size-memory",
    "function.json",
    [("\"MemorySize\": 1769", "\"MemorySize\": 3538")]
);

wrong_answer!(
    e08_too_little_memory,
    "08-right-size-memory",
    "function.json",
    [("\"MemorySize\": 1769", "\"MemorySize\": 1024")]
);

wrong_answer!(
    e08_memory_in_quotes,
    "08-right-size-memory",
    "function.json",
    [("\"MemorySize\": 1769", "\"MemorySize\": \"1769\"")]
);

wrong_answer!(
    e09_timeout_tuned_to_the_figure,
    "09-timeout-for-a-slow-job",
    "function.json",
    [("\"Timeout\": 15", "\"Timeout\": 6")]
);

wrong_answer!(
    e09_timeout_of_fifteen_minutes,
    "09-timeout-for-a-slow-job",
    "function.json",
    [("\"Timeout\": 15", "\"Timeout\": 900")]
);

wrong_answer!(
    e10_wildcard_bucket,
    "10-least-privilege-role",
    "policy.json",
    [("arn:aws:s3:::avatars-raw/uploads/*", "arn:aws:s3:::*")]
);

wrong_answer!(
    e10_forgot_the_table,
    "10-least-privilege-role",
    "policy.json",
    [("\"dynamodb:PutItem\"", "\"dynamodb:GetItem\"")]
);

wrong_answer!(
    e11_any_function,
    "11-permission-to-invoke",
    "policy.json",
    [(
        "\"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:secondFunction\"",
        "\"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:*\""
    )]
);

wrong_answer!(
    e12_region_set_by_hand,
    "12-stage-variables",
    "function.json",
    [(
        "\"APP_PREFIX\": \"awsfundamentals\",",
        "\"APP_PREFIX\": \"awsfundamentals\",\n      \"AWS_REGION\": \"us-east-1\","
    )]
);

wrong_answer!(
    e12_password_in_clear,
    "12-stage-variables",
    "function.json",
    [(
        "\"DB_SECRET_NAME\": \"prod/orders/db\"",
        "\"DB_PASSWORD\": \"hunter2-prod\""
    )]
);

wrong_answer!(
    e13_public_subnets,
    "13-vpc-subnets",
    "function.json",
    [(
        "\"subnet-0app1a\", \"subnet-0app1b\"",
        "\"subnet-0pub1a\", \"subnet-0pub1b\""
    )]
);

wrong_answer!(
    e13_one_zone,
    "13-vpc-subnets",
    "function.json",
    [("\"subnet-0app1a\", \"subnet-0app1b\"", "\"subnet-0app1a\"")]
);

wrong_answer!(
    e14_visibility_timeout_too_short,
    "14-sqs-trigger",
    "queue-attributes.json",
    [(
        "\"VisibilityTimeout\": \"180\"",
        "\"VisibilityTimeout\": \"60\""
    )]
);

wrong_answer!(
    e14_no_partial_batch_responses,
    "14-sqs-trigger",
    "event-source-mapping.json",
    [(
        "  \"FunctionResponseTypes\": [\"ReportBatchItemFailures\"],\n",
        ""
    )]
);

wrong_answer!(
    e15_default_retries,
    "15-failed-orders",
    "event-invoke-config.json",
    [("\"MaximumRetryAttempts\": 1", "\"MaximumRetryAttempts\": 2")]
);

wrong_answer!(
    e15_fifo_destination,
    "15-failed-orders",
    "event-invoke-config.json",
    [(
        "123456789012:failed-orders\"",
        "123456789012:orders-audit.fifo\""
    )]
);

wrong_answer!(
    e16_default_policy,
    "16-trusted-code",
    "code-signing-config.json",
    [("\"Enforce\"", "\"Warn\"")]
);

wrong_answer!(
    e17_weight_as_expected_not_as_logged,
    "17-canary-logs",
    "answers.toml",
    [("version_2_requests = 7", "version_2_requests = 4")]
);

wrong_answer!(
    e18_the_cap_counts_in_total,
    "18-who-is-throttled",
    "answers.toml",
    [
        (
            "throttled_requests = [3, 4]",
            "throttled_requests = [3, 4, 5]"
        ),
        (
            "checkout_reason = \"ConcurrentInvocationLimitExceeded\"",
            "checkout_reason = \"ReservedFunctionConcurrentInvocationLimitExceeded\""
        )
    ]
);

wrong_answer!(
    e19_reservation_tuned_to_the_figure,
    "19-protect-the-database",
    "concurrency.json",
    [(
        "\"ReservedConcurrentExecutions\": 5",
        "\"ReservedConcurrentExecutions\": 4"
    )]
);

wrong_answer!(
    e19_more_than_the_database_takes,
    "19-protect-the-database",
    "concurrency.json",
    [(
        "\"ReservedConcurrentExecutions\": 5",
        "\"ReservedConcurrentExecutions\": 10"
    )]
);

wrong_answer!(
    e20_provisioned_on_latest,
    "20-no-cold-starts-for-quotes",
    "provisioned-concurrency.json",
    [("\"Qualifier\": \"live\"", "\"Qualifier\": \"$LATEST\"")]
);

wrong_answer!(
    e20_provisioned_for_the_figure_only,
    "20-no-cold-starts-for-quotes",
    "provisioned-concurrency.json",
    [(
        "\"ProvisionedConcurrentExecutions\": 6",
        "\"ProvisionedConcurrentExecutions\": 5"
    )]
);

wrong_answer!(
    e21_layer_without_nodejs_folder,
    "21-layer-layout",
    "layout.toml",
    [("\"nodejs/node_modules/axios\"", "\"node_modules/axios\"")]
);

wrong_answer!(
    e21_one_big_layer,
    "21-layer-layout",
    "layout.toml",
    [
        ("files = [\"nodejs/node_modules/axios\", \"nodejs/node_modules/pdfkit\"]", "files = [\"nodejs/node_modules/axios\", \"nodejs/node_modules/pdfkit\", \"nodejs/node_modules/chart-fonts\"]"),
        ("[[layer]]\nname = \"chart-fonts\"                          # 47 MB zipped: a layer of its own\nfiles = [\"nodejs/node_modules/chart-fonts\"]\n", "")
    ]
);

wrong_answer!(
    e21_jest_shipped_in_a_layer,
    "21-layer-layout",
    "layout.toml",
    [(
        "files = [\"nodejs/node_modules/axios\", \"nodejs/node_modules/pdfkit\"]",
        "files = [\"nodejs/node_modules/axios\", \"nodejs/node_modules/pdfkit\", \"nodejs/node_modules/jest\"]"
    )]
);

wrong_answer!(
    e22_throttles_need_logs,
    "22-read-the-dashboard",
    "answers.toml",
    [
        ("checkout_fix = \"concurrency\"", "checkout_fix = \"logs\""),
        ("checkout_invocations = 2", "checkout_invocations = 3")
    ]
);

wrong_answer!(
    e23_no_errors_means_all_is_well,
    "23-stream-falls-behind",
    "answers.toml",
    [
        ("keeping_up = \"no\"", "keeping_up = \"yes\""),
        ("fix = \"memory\"", "fix = \"retries\"")
    ]
);

#[test]
fn exercises_are_found_by_number_prefix_or_id() {
    assert_eq!(catalogue::find("8").unwrap().id(), "08-right-size-memory");
    assert_eq!(catalogue::find("08").unwrap().id(), "08-right-size-memory");
    assert_eq!(
        catalogue::find("08-right").unwrap().id(),
        "08-right-size-memory"
    );
    assert_eq!(
        catalogue::find("exercises/08-right-size-memory/")
            .unwrap()
            .id(),
        "08-right-size-memory"
    );
    assert!(catalogue::find("99").is_none());
    let outcome = grade("nope", &exercises_dir());
    assert_eq!(outcome.status, Status::Failed);
    assert!(outcome.text().contains("there is no exercise `nope`"));
}

#[test]
fn used_hints_move_the_hint_shown_with_a_failure() {
    let attempt = Attempt::new("hints", "02-reuse-or-new");
    attempt.edit(
        "02-reuse-or-new",
        "answers.toml",
        "environments = 2 ",
        "environments = 1 ",
    );
    let first = attempt.grade("02-reuse-or-new");
    assert!(first.text().contains("hint 1/3: For every request"));
    let mut hints = super::state::Hints::default();
    hints.set("02-reuse-or-new", 2);
    hints.save(&attempt.root).unwrap();
    let later = attempt.grade("02-reuse-or-new");
    assert_eq!(later.hints_used, 2);
    assert!(later.text().contains("hint 3/3: Request 2 arrives at 2 s"));
    assert!(later
        .text()
        .contains("a worked solution is in exercises/solutions/02-reuse-or-new/"));
}

#[test]
fn a_byte_order_mark_is_not_an_error() {
    let attempt = Attempt::new("bom", "19-protect-the-database");
    let path = attempt
        .root
        .join("19-protect-the-database/concurrency.json");
    let text = std::fs::read_to_string(&path).unwrap();
    attempt.write(
        "19-protect-the-database",
        "concurrency.json",
        &format!("\u{feff}{text}"),
    );
    assert_eq!(
        attempt.grade("19-protect-the-database").status,
        Status::Done
    );
}

/// The exercise's grader refused `text` with feedback, not with a crash.
fn rejected_with_feedback(attempt: &Attempt, e: &catalogue::Exercise, text: &str) {
    let outcome = attempt.grade(e.id());
    assert_ne!(outcome.status, Status::Done, "{} accepted {text:?}", e.id());
    assert!(
        !outcome.text().contains("a bug of the course"),
        "{} crashed on {text:?}:\n{}",
        e.id(),
        outcome.text()
    );
}

#[test]
fn odd_answers_get_feedback_not_a_crash() {
    let odd = [
        "",
        "{",
        "[]",
        "{}",
        "x = 1",
        "\"just text\"",
        "{\"FunctionName\": 12, \"MemorySize\": -1, \"Timeout\": 1e9}",
        "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": [], \"Resource\": []}}",
        "[function]\nfiles = 3\n[[layer]]\nfiles = [1, \"nodejs/node_modules/\"]\n",
        "[thumbnail]\ninvocation = 1\n[content_check]\n",
        "environments = -3\ncold_requests = [\"a\"]\nreason = 4\n",
        "\u{feff}{\"FunctionName\": \"x\"}",
    ];
    for e in catalogue::all() {
        for (i, text) in odd.iter().enumerate() {
            let attempt = Attempt::new(&format!("odd-{}-{i}", e.number), e.id());
            for file in &e.manifest.files {
                attempt.write(e.id(), file, text);
            }
            rejected_with_feedback(&attempt, &e, text);
        }
    }
}

/// `nan`, `inf` and huge or negative numbers are valid TOML; each question
/// answers them with a located explanation, never with a crashed grader.
#[test]
fn numbers_that_are_not_amounts_get_feedback_not_a_crash() {
    for e in catalogue::all() {
        if e.manifest.questions.is_empty() || e.manifest.files != ["answers.toml"] {
            continue;
        }
        for (i, value) in ["nan", "inf", "-inf", "1e300", "-2.4", "0"]
            .iter()
            .enumerate()
        {
            let text: String = e
                .manifest
                .questions
                .iter()
                .map(|q| format!("{} = {value}\n", q.key))
                .collect();
            let attempt = Attempt::new(&format!("numbers-{}-{i}", e.number), e.id());
            attempt.write(e.id(), "answers.toml", &text);
            rejected_with_feedback(&attempt, &e, &text);
        }
    }
}
