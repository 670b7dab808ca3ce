//! Rules a configuration must follow that are not timings: the runtime the
//! code needs, the architecture it was built for, environment variables,
//! the subnets of a VPC, an SQS event source mapping, a code signing
//! configuration, where failed events go, budgets.

use super::super::answers::{Doc, Node};
use super::super::catalogue::{Deployment, Exercise, QueueTask, Rules, SigningTask};
use super::super::lambda_api::parse_arn;
use super::super::Problem;
use crate::sim::deploy::{
    validate_code_signing_config, verify_signatures, Artifact, CodeSigningConfig, PackageType,
    Signature, UntrustedArtifactOnDeployment,
};

fn find<'d>(docs: &'d [Doc], file: &str) -> Option<&'d Doc> {
    docs.iter()
        .find(|d| d.file.ends_with(&format!("/{file}")) || d.file == file)
}

pub fn check(exercise: &Exercise, docs: &[Doc]) -> Vec<Problem> {
    let rules = &exercise.manifest.rules;
    let mut problems = Vec::new();
    if let Some(doc) = find(docs, "function.json") {
        problems.extend(runtime_and_architecture(rules, doc));
        problems.extend(environment(rules, doc));
        if !rules.subnets.is_empty() {
            problems.extend(vpc(rules, doc));
        }
    }
    if let Some(queue) = &rules.queue {
        problems.extend(event_source(queue, docs));
    }
    if let Some(signing) = &rules.signing {
        if let Some(doc) = find(docs, "code-signing-config.json") {
            problems.extend(code_signing(signing, doc));
        }
    }
    if let Some(task) = &rules.destination {
        if let Some(doc) = find(docs, "event-invoke-config.json") {
            problems.extend(destination(task, doc));
        }
    }
    if let Some(max) = rules.max_reserved {
        if let Some(doc) = find(docs, "concurrency.json") {
            if let Some(node) = doc.root.get("ReservedConcurrentExecutions") {
                if node.as_i64().is_some_and(|n| n > i64::from(max)) {
                    problems.push(
                        Problem::new(format!(
                            "a reservation of {} lets more copies run at once than the database accepts connections ({max})",
                            node.as_i64().unwrap_or(0)
                        ))
                        .at(doc.place_node(node))
                        .help("reserved concurrency is also a cap: each running copy holds one connection"),
                    );
                }
            }
        }
    }
    if let Some(max) = rules.max_provisioned {
        if let Some(doc) = find(docs, "provisioned-concurrency.json") {
            if let Some(node) = doc.root.get("ProvisionedConcurrentExecutions") {
                if node.as_i64().is_some_and(|n| n > i64::from(max)) {
                    problems.push(
                        Problem::new(format!(
                            "{} provisioned environments is over the budget of {max}",
                            node.as_i64().unwrap_or(0)
                        ))
                        .at(doc.place_node(node))
                        .help("provisioned concurrency is billed for every second it is configured, used or not; provision for the peak you must serve, not more"),
                    );
                }
            }
        }
    }
    problems
}

fn runtime_and_architecture(rules: &Rules, doc: &Doc) -> Vec<Problem> {
    let mut problems = Vec::new();
    if !rules.runtimes.is_empty() {
        let node = doc.root.get("Runtime");
        let runtime = node.and_then(Node::as_str).unwrap_or("");
        if !rules.runtimes.iter().any(|r| r == runtime) {
            problems.push(
                Problem::new(format!(
                    "the runtime `{runtime}` is not the right one for this function"
                ))
                .at_opt(node.map(|n| doc.place_node(n)))
                .help(format!(
                    "{} Runtimes that fit: {}",
                    rules.runtime_why,
                    rules.runtimes.join(", ")
                )),
            );
        }
    }
    if let Some(built_for) = &rules.architecture {
        let node = doc.root.get("Architectures");
        let arch = node
            .and_then(|a| a.items().first())
            .and_then(Node::as_str)
            .unwrap_or("x86_64");
        if arch != built_for {
            let mut p = Problem::new(format!(
                "the code was built for {built_for}, but the function would run on {arch}"
            ))
            .at(node.map_or_else(|| doc.place_top(), |n| doc.place_node(n)))
            .evidence(format!(
                "a program compiled for {built_for} cannot start on {arch}: every invocation would fail with Runtime.InvalidEntrypoint (exec format error)"
            ));
            if node.is_none() {
                p = p.evidence("`Architectures` is not set, so Lambda uses its default, x86_64");
            }
            problems.push(p.help(format!("set \"Architectures\": [\"{built_for}\"]")));
        }
    }
    problems
}

fn environment(rules: &Rules, doc: &Doc) -> Vec<Problem> {
    let mut problems = Vec::new();
    if rules.environment.is_empty() && rules.secrets.is_empty() {
        return problems;
    }
    let vars = doc.root.get("Environment").and_then(|e| e.get("Variables"));
    let Some(vars) = vars else {
        problems.push(
            Problem::new("the function has no environment variables")
                .at(doc.place_top())
                .help("add \"Environment\": { \"Variables\": { \"NAME\": \"value\" } }"),
        );
        return problems;
    };
    for (name, value) in &rules.environment {
        match vars.get(name) {
            None => problems.push(
                Problem::new(format!("the variable `{name}` is missing"))
                    .at(doc.place_node(vars))
                    .help(format!("this stage needs \"{name}\": \"{value}\"")),
            ),
            Some(node) if node.as_str() != Some(value.as_str()) => problems.push(
                Problem::new(format!(
                    "`{name}` is {}, but this stage needs \"{value}\"",
                    doc.source[node.span.clone()].trim()
                ))
                .at(doc.place_node(node)),
            ),
            Some(_) => {}
        }
    }
    for entry in vars.entries() {
        let value = entry.node.as_str().unwrap_or("");
        if rules.secrets.iter().any(|s| value.contains(s.as_str())) {
            problems.push(
                Problem::new(format!("`{}` holds a secret in plain text", entry.key))
                    .at(doc.place_node(&entry.node))
                    .evidence("anyone allowed to read the function's configuration can read environment variables in clear")
                    .help("keep the secret in AWS Secrets Manager and put only its name in a variable; the code fetches the value at start-up"),
            );
        }
    }
    problems
}

fn vpc(rules: &Rules, doc: &Doc) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Some(config) = doc.root.get("VpcConfig") else {
        return vec![Problem::new("the function is not attached to the VPC")
            .at(doc.place_top())
            .evidence(
                "the database has no public address: only something inside the VPC can reach it",
            )
            .help("add \"VpcConfig\" with \"SubnetIds\" and \"SecurityGroupIds\"")];
    };
    let subnets = config.get("SubnetIds").map(Node::items).unwrap_or(&[]);
    if subnets.is_empty() {
        problems.push(
            Problem::new("`VpcConfig.SubnetIds` lists no subnet")
                .at(doc.place_node(config))
                .help("list the subnets the function's network interfaces go in"),
        );
    }
    let mut zones = Vec::new();
    for node in subnets {
        let id = node.as_str().unwrap_or("");
        let Some(subnet) = rules.subnets.iter().find(|s| s.id == id) else {
            problems.push(
                Problem::new(format!(
                    "InvalidParameterValueException: The subnet ID '{id}' does not exist"
                ))
                .at(doc.place_node(node))
                .help(format!(
                    "the VPC's subnets are {}",
                    rules
                        .subnets
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            continue;
        };
        zones.push(subnet.zone.clone());
        match subnet.route.as_str() {
            "nat-gateway" => {}
            "internet-gateway" => problems.push(
                Problem::new(format!("{id} is a public subnet: the function would have no internet access there"))
                    .at(doc.place_node(node))
                    .evidence("a VPC function's network interface never gets a public IP address, so an internet gateway route does not help it")
                    .help("use private subnets whose route to the internet goes through a NAT gateway"),
            ),
            _ => problems.push(
                Problem::new(format!("{id} has no route out of the VPC: the call to the public API would time out"))
                    .at(doc.place_node(node))
                    .help("use private subnets whose route to the internet goes through a NAT gateway"),
            ),
        }
    }
    zones.sort();
    zones.dedup();
    if zones.len() == 1 {
        problems.push(
            Problem::new(format!(
                "every subnet is in {}: if that Availability Zone fails, so does the function",
                zones[0]
            ))
            .at(doc.place_node(config))
            .help("list subnets in at least two Availability Zones"),
        );
    }
    let groups = config
        .get("SecurityGroupIds")
        .map(Node::items)
        .unwrap_or(&[]);
    if groups.is_empty() {
        problems.push(
            Problem::new("`VpcConfig.SecurityGroupIds` lists no security group")
                .at(doc.place_node(config))
                .help(format!(
                    "a VPC function needs a security group; this VPC has {}",
                    rules.security_groups.join(", ")
                )),
        );
    }
    if let Some(required) = &rules.required_security_group {
        let has = groups.iter().any(|g| g.as_str() == Some(required.as_str()));
        if !groups.is_empty() && !has {
            problems.push(
                Problem::new(format!("the database accepts connections only from the security group {required}"))
                    .at(doc.place_node(config.get("SecurityGroupIds").unwrap_or(config)))
                    .evidence("without it, the function's connection to the database would wait until it times out")
                    .help(format!("add \"{required}\" to SecurityGroupIds")),
            );
        }
    }
    for node in groups {
        let id = node.as_str().unwrap_or("");
        if !rules.security_groups.iter().any(|g| g == id) {
            problems.push(
                Problem::new(format!(
                    "InvalidParameterValueException: The security group '{id}' does not exist"
                ))
                .at(doc.place_node(node))
                .help(format!("this VPC has {}", rules.security_groups.join(", "))),
            );
        }
    }
    problems
}

fn event_source(queue: &QueueTask, docs: &[Doc]) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(doc) = find(docs, "event-source-mapping.json") {
        let root = &doc.root;
        match root.get("EventSourceArn") {
            None => problems.push(
                Problem::new("InvalidParameterValueException: an SQS event source mapping needs an EventSourceArn")
                    .at(doc.place_top())
                    .help(format!("the queue is {}", queue.arn)),
            ),
            Some(node) if node.as_str() != Some(queue.arn.as_str()) => problems.push(
                Problem::new(format!(
                    "ResourceNotFoundException: the queue {} does not exist",
                    node.as_str().unwrap_or("")
                ))
                .at(doc.place_node(node))
                .help(format!("the orders queue is {} (an ARN, not the queue's URL)", queue.arn)),
            ),
            Some(_) => {}
        }
        if let Some(node) = root.get("FunctionName") {
            let name = node.as_str().unwrap_or("");
            let bare = if name.starts_with("arn:") {
                name.split(':').nth(6).unwrap_or("")
            } else {
                name.split(':').next().unwrap_or("")
            };
            if bare != queue.function {
                problems.push(
                    Problem::new(format!(
                        "ResourceNotFoundException: Function not found: {name}"
                    ))
                    .at(doc.place_node(node))
                    .help(format!(
                        "the function that handles orders is `{}`",
                        queue.function
                    )),
                );
            }
        }
        if let Some(node) = root.get("StartingPosition") {
            problems.push(
                Problem::new("InvalidParameterValueException: StartingPosition is not valid for SQS event sources")
                    .at(doc.place_node(node))
                    .help("StartingPosition is for streams (Kinesis, DynamoDB Streams); remove it"),
            );
        }
        let batch = root.get("BatchSize").and_then(Node::as_i64).unwrap_or(10);
        let max = if queue.fifo { 10 } else { 10_000 };
        if !(1..=max).contains(&batch) {
            problems.push(
                Problem::new(format!("InvalidParameterValueException: BatchSize must be between 1 and {max} for this queue, found {batch}"))
                    .at_opt(root.get("BatchSize").map(|n| doc.place_node(n))),
            );
        }
        let window = root
            .get("MaximumBatchingWindowInSeconds")
            .and_then(Node::as_i64)
            .unwrap_or(0);
        if !(0..=300).contains(&window) {
            problems.push(
                Problem::new(format!("InvalidParameterValueException: MaximumBatchingWindowInSeconds must be between 0 and 300, found {window}"))
                    .at_opt(root.get("MaximumBatchingWindowInSeconds").map(|n| doc.place_node(n))),
            );
        }
        if batch > 10 && window == 0 {
            problems.push(
                Problem::new("InvalidParameterValueException: Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")
                    .at_opt(root.get("BatchSize").map(|n| doc.place_node(n)))
                    .help("set MaximumBatchingWindowInSeconds (1 to 300) or keep BatchSize at 10 or less"),
            );
        }
        let reports = root.get("FunctionResponseTypes").is_some_and(|t| {
            t.items()
                .iter()
                .any(|i| i.as_str() == Some("ReportBatchItemFailures"))
        });
        if !reports {
            problems.push(
                Problem::new("one failing order would send its whole batch back to the queue")
                    .at(root.get("FunctionResponseTypes").map_or_else(|| doc.place_top(), |n| doc.place_node(n)))
                    .evidence(format!(
                        "without partial batch responses, a batch of {batch} with one bad message fails as a whole, and the {} good ones are processed again",
                        batch - 1
                    ))
                    .help("the handler already returns batchItemFailures; turn it on with \"FunctionResponseTypes\": [\"ReportBatchItemFailures\"]"),
            );
        }
    }
    if let Some(doc) = find(docs, "queue-attributes.json") {
        let root = &doc.root;
        if let Some(node) = root.get("QueueUrl") {
            if node.as_str() != Some(queue.url.as_str()) {
                problems.push(
                    Problem::new(format!(
                        "AWS.SimpleQueueService.NonExistentQueue: the queue {} does not exist",
                        node.as_str().unwrap_or("")
                    ))
                    .at(doc.place_node(node))
                    .help(format!("the orders queue's URL is {}", queue.url)),
                );
            }
        }
        let attributes = root.get("Attributes");
        match attributes.and_then(|a| a.get("VisibilityTimeout")) {
            None => problems.push(
                Problem::new("the queue's VisibilityTimeout is not set (SQS's default is 30 seconds)")
                    .at_opt(attributes.map(|a| doc.place_node(a)))
                    .help(format!(
                        "AWS recommends at least six times the function timeout: 6 × {} s",
                        queue.function_timeout
                    )),
            ),
            Some(node) => match node.as_str().and_then(|s| s.trim().parse::<i64>().ok()) {
                None => problems.push(
                    Problem::new("VisibilityTimeout must be a number of seconds, written as text")
                        .at(doc.place_node(node))
                        .help("SQS attributes are all text: \"VisibilityTimeout\": \"300\""),
                ),
                Some(v) if !(0..=43_200).contains(&v) => problems.push(
                    Problem::new(format!("InvalidAttributeValue: VisibilityTimeout must be between 0 and 43200 seconds (12 hours), found {v}"))
                        .at(doc.place_node(node)),
                ),
                Some(v) if v < i64::from(queue.function_timeout) => problems.push(
                    Problem::new(format!(
                        "InvalidParameterValueException: Queue visibility timeout: {v} seconds is less than Function timeout: {} seconds",
                        queue.function_timeout
                    ))
                    .at(doc.place_node(node))
                    .evidence("Lambda refuses to map a queue whose messages could reappear while the function is still working on them")
                    .help(format!("AWS recommends at least 6 × {} s", queue.function_timeout)),
                ),
                Some(v) if v < 6 * i64::from(queue.function_timeout) => problems.push(
                    Problem::new(format!(
                        "a visibility timeout of {v} s leaves no room for retries: AWS recommends at least six times the function timeout ({} s)",
                        6 * queue.function_timeout
                    ))
                    .at(doc.place_node(node))
                    .evidence("a batch that is throttled or retried can take several function timeouts; if the messages reappear meanwhile, they are processed twice"),
                ),
                Some(_) => {}
            },
        }
    }
    problems
}

/// Whether Lambda deploys a package under a code signing configuration,
/// and why, as the simulator's deployment rules decide.
fn deploys(d: &Deployment, config: &CodeSigningConfig) -> (bool, String) {
    let artifact = Artifact {
        name: "the package".to_string(),
        signature: d.signed_by.as_ref().map(|arn| Signature {
            profile_version_arn: arn.clone(),
            signed_at: 0,
            expires_at: if d.expired { 1 } else { u64::MAX },
            revoked: d.revoked,
            integrity_ok: !d.tampered,
        }),
    };
    match verify_signatures(Some(config), PackageType::Zip, &[artifact], 10) {
        Ok(v) if v.warnings.is_empty() => (true, "every check passes".to_string()),
        Ok(v) => {
            let why: Vec<String> = v.warnings.iter().map(|w| w.to_string()).collect();
            (true, format!("{}; under Warn Lambda deploys it anyway and only counts a SignatureValidationErrors metric", why.join("; ")))
        }
        Err(e) => (
            false,
            format!("Lambda refuses it: {}: {}", e.exception(), e.message()),
        ),
    }
}

fn code_signing(task: &SigningTask, doc: &Doc) -> Vec<Problem> {
    let mut problems = Vec::new();
    let root = &doc.root;
    let arns_node = root
        .get("AllowedPublishers")
        .and_then(|p| p.get("SigningProfileVersionArns"));
    let allowed: Vec<&str> = arns_node
        .map(|n| n.items().iter().filter_map(Node::as_str).collect())
        .unwrap_or_default();
    let policy_node = root
        .get("CodeSigningPolicies")
        .and_then(|p| p.get("UntrustedArtifactOnDeployment"));
    let policy = policy_node.and_then(Node::as_str).unwrap_or("Warn");
    if policy != "Warn" && policy != "Enforce" {
        problems.push(
            Problem::new(format!("InvalidParameterValueException: UntrustedArtifactOnDeployment must be Warn or Enforce, found `{policy}`"))
                .at_opt(policy_node.map(|n| doc.place_node(n))),
        );
        return problems;
    }
    let config = CodeSigningConfig {
        allowed_publishers: allowed.iter().map(|a| a.to_string()).collect(),
        policy: if policy == "Enforce" {
            UntrustedArtifactOnDeployment::Enforce
        } else {
            UntrustedArtifactOnDeployment::Warn
        },
    };
    if let Err(e) = validate_code_signing_config(&config) {
        problems.push(
            Problem::new(format!("{}: {}", e.exception(), e.message()))
                .at_opt(arns_node.map(|n| doc.place_node(n)))
                .help(e.help().to_string()),
        );
        return problems;
    }
    for d in &task.deployments {
        let (deployed, why) = deploys(d, &config);
        if deployed == d.should_deploy {
            continue;
        }
        let clean = why == "every check passes";
        let warned = deployed && !clean;
        let listed = arns_node.and_then(|n| {
            n.items()
                .iter()
                .find(|i| i.as_str().is_some() && i.as_str() == d.signed_by.as_deref())
        });
        let place = if warned {
            policy_node.map_or_else(
                || doc.place(&(root.span.start..root.span.start + 1)),
                |n| doc.place_node(n),
            )
        } else if let Some(item) = listed {
            doc.place_node(item)
        } else {
            arns_node.map_or_else(|| doc.place_top(), |n| doc.place_node(n))
        };
        let mut p = if deployed {
            Problem::new(format!(
                "the deployment \"{}\" would go through, but it must be refused",
                d.name
            ))
        } else {
            Problem::new(format!(
                "the release \"{}\" would be refused, but it must deploy",
                d.name
            ))
        }
        .at(place);
        if deployed && clean {
            p = p
                .evidence(format!(
                    "\"{}\" is signed by {}, which this configuration trusts, so every check passes",
                    d.name,
                    d.signed_by.as_deref().unwrap_or("")
                ))
                .help(format!("trust only the release pipeline: {}", task.trusted));
        } else {
            p = p.evidence(format!("\"{}\": {why}", d.name));
        }
        if warned && policy_node.is_none() {
            p = p.evidence(
                "UntrustedArtifactOnDeployment is not set, so Lambda's default, Warn, applies",
            );
        }
        if !deployed {
            p = p.help(format!("the release pipeline signs with {}", task.trusted));
        }
        problems.push(p);
    }
    problems
}

fn destination(task: &super::super::catalogue::DestinationTask, doc: &Doc) -> Vec<Problem> {
    let mut problems = Vec::new();
    let on_failure = doc
        .root
        .get("DestinationConfig")
        .and_then(|d| d.get("OnFailure"))
        .and_then(|d| d.get("Destination"));
    let Some(node) = on_failure else {
        return problems;
    };
    let arn = node.as_str().unwrap_or("");
    let fifo = arn.ends_with(".fifo") || task.fifo.iter().any(|f| f == arn);
    if fifo {
        problems.push(
            Problem::new("a FIFO queue cannot be a destination")
                .at(doc.place_node(node))
                .evidence("Lambda supports standard SQS queues and SNS topics only: every record sent to a FIFO queue fails and counts in DestinationDeliveryFailures")
                .help(format!("the team reads failed orders from {}", task.on_failure)),
        );
    } else if arn != task.on_failure && parse_arn(arn).is_some() {
        problems.push(
            Problem::new(format!("nobody reads {arn}"))
                .at(doc.place_node(node))
                .help(format!(
                    "the team reads failed orders from {}",
                    task.on_failure
                )),
        );
    }
    problems
}
