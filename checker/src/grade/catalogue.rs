//! The exercises of the course, compiled in from the course's own copy: each
//! `exercises/NN-topic/exercise.toml`, the pristine starter files (kept in
//! `exercises/.starters/`, which learners do not edit) and the chapter pages
//! whose `lambda-scenario` blocks the graders run. Grading a submission reads
//! only the learner's answer files; nothing here comes from the submission.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::scenario::{self, markdown, Scenario};

/// One exercise as compiled in.
struct Embedded {
    id: &'static str,
    manifest: &'static str,
    starters: &'static [(&'static str, &'static str)],
}

macro_rules! exercises {
    ($($id:literal => [$($file:literal),* $(,)?]),* $(,)?) => {
        &[$(Embedded {
            id: $id,
            manifest: include_str!(concat!("../../../exercises/", $id, "/exercise.toml")),
            starters: &[$(($file, include_str!(concat!("../../../exercises/.starters/", $id, "/", $file)))),*],
        }),*]
    };
}

static EMBEDDED: &[Embedded] = exercises! {
    "01-pay-per-use" => ["answers.toml"],
    "02-reuse-or-new" => ["answers.toml"],
    "03-read-a-cold-start" => ["answers.toml"],
    "04-overlapping-requests" => ["answers.toml"],
    "05-warm-up-pings" => ["answers.toml"],
    "06-sync-or-async" => ["design.toml"],
    "07-runtime-and-architecture" => ["function.json"],
    "08-right-size-memory" => ["function.json"],
    "09-timeout-for-a-slow-job" => ["function.json"],
    "10-least-privilege-role" => ["policy.json"],
    "11-permission-to-invoke" => ["policy.json"],
    "12-stage-variables" => ["function.json"],
    "13-vpc-subnets" => ["function.json"],
    "14-sqs-trigger" => ["event-source-mapping.json", "queue-attributes.json"],
    "15-failed-orders" => ["event-invoke-config.json"],
    "16-trusted-code" => ["code-signing-config.json"],
    "17-canary-logs" => ["answers.toml"],
    "18-who-is-throttled" => ["answers.toml"],
    "19-protect-the-database" => ["concurrency.json"],
    "20-no-cold-starts-for-quotes" => ["provisioned-concurrency.json"],
    "21-layer-layout" => ["layout.toml"],
    "22-read-the-dashboard" => ["answers.toml"],
    "23-stream-falls-behind" => ["answers.toml"],
};

macro_rules! pages {
    ($($page:literal),* $(,)?) => {
        &[$((concat!("src/", $page), include_str!(concat!("../../../src/", $page)))),*]
    };
}

/// The chapter pages, by path from the repository root.
pub static PAGES: &[(&str, &str)] = pages![
    "lambda/what-is-lambda.md",
    "lambda/execution-environments.md",
    "lambda/cold-starts.md",
    "lambda/one-request-at-a-time.md",
    "lambda/global-code.md",
    "lambda/invocation-types.md",
    "lambda/configuration.md",
    "lambda/memory.md",
    "lambda/timeouts.md",
    "lambda/permissions.md",
    "lambda/environment-variables.md",
    "lambda/vpc.md",
    "lambda/triggers.md",
    "lambda/destinations.md",
    "lambda/code-signing.md",
    "lambda/versions-aliases.md",
    "lambda/reserved-concurrency.md",
    "lambda/provisioned-concurrency.md",
    "lambda/layers.md",
    "lambda/monitoring.md",
];

/// What kind of task an exercise is; each kind has its grader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Predict,
    Configure,
    Policy,
    Design,
    Package,
    Observe,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Predict => "predict",
            Kind::Configure => "configure",
            Kind::Policy => "policy",
            Kind::Design => "design",
            Kind::Package => "package",
            Kind::Observe => "observe",
        }
    }
}

/// `exercise.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub id: String,
    pub title: String,
    /// The chapter page, from the repository root: `src/lambda/memory.md`.
    pub page: String,
    pub minutes: u32,
    pub kind: Kind,
    /// Scenario names, from `lambda-scenario` blocks of the chapters.
    #[serde(default)]
    pub scenarios: Vec<String>,
    /// The files the learner edits, in the exercise's folder.
    pub files: Vec<String>,
    /// Files the learner reads but does not edit (generated logs, tables).
    #[serde(default)]
    pub reads: Vec<Artifact>,
    pub hints: Vec<String>,
    #[serde(default, rename = "question")]
    pub questions: Vec<Question>,
    /// Changes to the scenario and objectives that the answer must meet.
    #[serde(default)]
    pub target: Option<Target>,
    #[serde(default, rename = "variant")]
    pub variants: Vec<Variant>,
    #[serde(default, rename = "objective")]
    pub objectives: Vec<Objective>,
    #[serde(default, rename = "call")]
    pub calls: Vec<CallChoice>,
    #[serde(default)]
    pub rules: Rules,
    #[serde(default)]
    pub policy: Option<PolicyTask>,
    #[serde(default)]
    pub package: Option<PackageTask>,
}

/// A file generated from a scenario for the learner to read.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Artifact {
    pub file: String,
    pub scenario: String,
    /// `logs` (CloudWatch log lines), `metrics` (per-minute table) or
    /// `invocations` (one row per invocation).
    pub show: String,
}

/// A question of a predict, observe or design exercise: the answer is a key
/// of the learner's TOML file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub key: String,
    /// The question as the starter asks it.
    pub ask: String,
    /// The scenario to measure; the exercise's first by default.
    pub scenario: Option<String>,
    /// A measure of the run (see `measures`); or with `bill`, one of
    /// `request_usd`, `gb_seconds`, `duration_usd`, `total_usd`.
    pub measure: Option<String>,
    /// A fixed expected answer, for questions the simulator does not decide.
    pub expect: Option<toml::Value>,
    /// Accepted alternatives to `expect` (text answers).
    #[serde(default)]
    pub also: Vec<String>,
    /// Changes to the scenario before measuring (e.g. the older INIT billing).
    pub variant: Option<Variant>,
    /// A bill worked out from Lambda's prices instead of a scenario.
    pub bill: Option<Bill>,
    /// Relative tolerance for decimal answers (default 1 %).
    pub tolerance: Option<f64>,
    /// Why the answer is what it is, shown once the learner is close.
    #[serde(default)]
    pub explain: String,
    /// Feedback for answers that reveal a known misunderstanding.
    #[serde(default, rename = "mistake")]
    pub mistakes: Vec<Mistake>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mistake {
    pub answer: toml::Value,
    pub says: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bill {
    pub requests: u64,
    pub billed_ms: u64,
    pub memory: u32,
    #[serde(default = "x86")]
    pub architecture: String,
}

fn x86() -> String {
    "x86_64".to_string()
}

/// A change to a scenario: the hidden variants of configure exercises, or
/// the twist of a question.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    #[serde(default)]
    pub name: String,
    /// Shown to the learner in feedback only once they fail it.
    #[serde(default)]
    pub hidden: bool,
    pub seed: Option<u64>,
    /// Scale the number of requests (1.2 = 20 % more).
    pub traffic: Option<f64>,
    /// Move every arrival by a random amount up to this ("30ms").
    pub jitter: Option<String>,
    /// Scale the work of every handler (1.2 = 20 % slower).
    pub work: Option<f64>,
    /// Set the handlers' error share.
    pub errors: Option<f64>,
    /// `since-2025-08` or `before-2025-08`.
    pub init_billing: Option<String>,
    pub account_concurrency: Option<u32>,
    /// Change the invocation type of all traffic: `sync` or `async`.
    pub invocation: Option<String>,
}

/// Which function of the scenario the learner's answer configures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub function: String,
    /// The function as the learner's JSON names it, if not the same.
    pub function_name: Option<String>,
    /// The alias the traffic goes to (for provisioned concurrency, which
    /// needs a version or alias). The grader publishes version 1 and this
    /// alias unless the scenario already has them.
    pub alias: Option<String>,
    /// Run this function alone: drop the traffic of the scenario's others.
    #[serde(default)]
    pub alone: bool,
}

impl Target {
    /// The function's name in the configured scenario (and in feedback).
    pub fn name(&self) -> &str {
        self.function_name.as_deref().unwrap_or(&self.function)
    }
}

/// A goal measured on every variant (or the ones named).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Shown in feedback: "no throttled export".
    pub goal: String,
    /// The setting feedback points at: "MemorySize", "ReservedConcurrentExecutions".
    pub key: Option<String>,
    pub measure: String,
    pub at_most: Option<f64>,
    pub at_least: Option<f64>,
    /// At most this many times the cheapest setting that meets the other
    /// objectives (found by trying memory sizes).
    pub cost_within: Option<f64>,
    #[serde(default)]
    pub variants: Vec<String>,
    /// Why the goal matters, in the learner's terms.
    #[serde(default)]
    pub why: String,
}

/// A call made by a handler, whose invocation type the learner chooses.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallChoice {
    /// The table of the learner's TOML file.
    pub key: String,
    pub caller: String,
    /// Which call of the caller's handler, from 0.
    pub index: usize,
    /// Whether the caller needs the callee's answer to do its job.
    pub needs_result: bool,
    /// What the call does, for messages.
    pub does: String,
}

/// Checks that are rules rather than measurements.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Environment variables that must be set to these values.
    #[serde(default)]
    pub environment: BTreeMap<String, String>,
    /// Values that must appear in no environment variable (secrets).
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Runtimes the code can run on, and why (for the message).
    #[serde(default)]
    pub runtimes: Vec<String>,
    #[serde(default)]
    pub runtime_why: String,
    /// The architecture the code was built for.
    pub architecture: Option<String>,
    /// The VPC's subnets, for VPC exercises.
    #[serde(default, rename = "subnet")]
    pub subnets: Vec<Subnet>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// The security group the database accepts connections from.
    pub required_security_group: Option<String>,
    /// The event source mapping task.
    pub queue: Option<QueueTask>,
    /// The code signing task.
    pub signing: Option<SigningTask>,
    /// Asynchronous invocation: destinations must be these ARNs or kinds.
    pub destination: Option<DestinationTask>,
    /// Provisioned concurrency: at most this many environments.
    pub max_provisioned: Option<u32>,
    /// Reserved concurrency: at most this many (e.g. a database's connections).
    pub max_reserved: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subnet {
    pub id: String,
    pub zone: String,
    /// `internet-gateway`, `nat-gateway` or `none`.
    pub route: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueTask {
    pub arn: String,
    pub url: String,
    pub function: String,
    /// The function's timeout, in seconds.
    pub function_timeout: u32,
    pub fifo: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningTask {
    /// The profile version the release pipeline signs with.
    pub trusted: String,
    /// Deployment attempts the configuration is tested against.
    #[serde(rename = "deployment")]
    pub deployments: Vec<Deployment>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    pub name: String,
    /// The signing profile version ARN, or none for unsigned code.
    pub signed_by: Option<String>,
    #[serde(default)]
    pub tampered: bool,
    #[serde(default)]
    pub expired: bool,
    #[serde(default)]
    pub revoked: bool,
    /// Whether it must be deployed.
    pub should_deploy: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DestinationTask {
    /// The queue the team reads failed orders from.
    pub on_failure: String,
    /// Queues and topics that exist, with whether they are FIFO.
    #[serde(default)]
    pub fifo: Vec<String>,
}

/// A least-privilege policy task.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyTask {
    pub function: String,
    /// The execution role's ARN, for AWS's AccessDenied message.
    pub role: String,
    /// Calls the function makes: each must be allowed.
    #[serde(rename = "needs")]
    pub needs: Vec<Call>,
    /// Calls it must not be able to make.
    #[serde(default, rename = "denies")]
    pub denies: Vec<Call>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    pub action: String,
    pub resource: String,
    /// What the call is for, in words.
    pub why: String,
}

/// A deployment package and layers task.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageTask {
    pub runtime: String,
    /// The function's ZIP must stay under this, zipped ("3MB").
    pub function_zip_under: String,
    #[serde(rename = "item")]
    pub items: Vec<Item>,
}

/// A file or folder of the project, with its sizes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// As it sits in the project: `index.js`, `node_modules/axios`.
    pub path: String,
    pub zipped: String,
    pub unzipped: String,
    /// Needed at run time (`require`d), or only for development.
    pub needed: bool,
}

/// An exercise, read from the catalogue.
#[derive(Debug, Clone)]
pub struct Exercise {
    pub manifest: Manifest,
    /// The number in the folder name (`08` in `08-right-size-memory`).
    pub number: u32,
    pub starters: &'static [(&'static str, &'static str)],
    /// Why `exercise.toml` could not be read, if it could not (only when
    /// someone edited the course's copy on this machine).
    pub broken: Option<String>,
}

impl Exercise {
    pub fn id(&self) -> &str {
        &self.manifest.id
    }

    /// The starter of one of the learner's files.
    pub fn starter(&self, file: &str) -> Option<&'static str> {
        self.starters
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, text)| *text)
    }

    /// The scenario `name`, from the chapter pages.
    pub fn scenario(&self, name: &str) -> Result<Scenario, String> {
        find_scenario(name)
    }
}

/// Every exercise, in order. A manifest that does not read (possible only if
/// someone edited the course's copy) gives an exercise marked `broken`.
pub fn all() -> Vec<Exercise> {
    EMBEDDED.iter().map(read).collect()
}

fn read(e: &Embedded) -> Exercise {
    let number = e.id[..2].parse().unwrap_or(0);
    match toml::from_str::<Manifest>(e.manifest) {
        Ok(manifest) => Exercise {
            number,
            manifest,
            starters: e.starters,
            broken: None,
        },
        Err(err) => Exercise {
            number,
            manifest: Manifest {
                id: e.id.to_string(),
                title: "(exercise.toml cannot be read)".to_string(),
                page: String::new(),
                minutes: 0,
                kind: Kind::Predict,
                scenarios: Vec::new(),
                files: e.starters.iter().map(|(f, _)| f.to_string()).collect(),
                reads: Vec::new(),
                hints: Vec::new(),
                questions: Vec::new(),
                target: None,
                variants: Vec::new(),
                objectives: Vec::new(),
                calls: Vec::new(),
                rules: Rules::default(),
                policy: None,
                package: None,
            },
            starters: e.starters,
            broken: Some(format!(
                "exercises/{}/exercise.toml: {}",
                e.id,
                err.message()
            )),
        },
    }
}

/// The course's own `exercise.toml` of an exercise, as compiled in: what a
/// submission's copy is compared with to notice edits.
pub fn manifest_text(id: &str) -> Option<&'static str> {
    EMBEDDED.iter().find(|e| e.id == id).map(|e| e.manifest)
}

/// The ids of the exercises, in order, without reading the manifests.
pub fn ids() -> Vec<&'static str> {
    EMBEDDED.iter().map(|e| e.id).collect()
}

/// Finds an exercise by id, by its number (`8`, `08`) or by a unique prefix.
pub fn find(wanted: &str) -> Option<Exercise> {
    let wanted = wanted.trim().trim_end_matches('/');
    let wanted = wanted.rsplit('/').next().unwrap_or(wanted);
    let all = all();
    if let Ok(n) = wanted.parse::<u32>() {
        return all.into_iter().find(|e| e.number == n);
    }
    let mut matching: Vec<Exercise> = all
        .into_iter()
        .filter(|e| e.id() == wanted || e.id().starts_with(wanted))
        .collect();
    if matching.len() == 1 {
        matching.pop()
    } else {
        matching.into_iter().find(|e| e.id() == wanted)
    }
}

/// A scenario block of the chapters, by its name.
pub fn find_scenario(name: &str) -> Result<Scenario, String> {
    for (page, text) in PAGES {
        for block in markdown::scenario_blocks(text) {
            if block.name.as_deref() == Some(name) {
                return scenario::parse(&block.source)
                    .map_err(|e| e.report(page, &block.source, block.line));
            }
        }
    }
    Err(format!("no chapter has a scenario named `{name}`"))
}

/// The title of a page (its first `# ` heading).
pub fn page_title(page: &str) -> Option<&'static str> {
    PAGES
        .iter()
        .find(|(p, _)| *p == page)
        .and_then(|(_, text)| {
            text.lines()
                .find_map(|l| l.strip_prefix("# "))
                .map(str::trim)
        })
}
