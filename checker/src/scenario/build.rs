//! From the TOML as written to the simulator's input, checking every value
//! against Lambda's own rules (facts §4, §5, §3.3) with located errors.

use std::ops::Range;

use super::error::ScenarioError;
use super::raw::{self, S};
use super::units;
use super::Scenario;
use crate::sim::deploy::vpc::{Route, Subnet, VpcNetwork};
use crate::sim::time::{Micros, HOUR, MINUTE, SECOND};
use crate::sim::{
    self, iam, Alias, Architecture, Arrivals, AsyncConfig, AwsCall, Call, Destination,
    DestinationKind, Function, InitBilling, InvocationType, Options, PushService, Qualifier,
    Recording, Recursion, Role, Simulation, Source, Spread, SqsMapping, StreamMapping, Traffic,
    Version, Work, RUNTIMES, UNRESERVED_MINIMUM,
};

type Result<T> = std::result::Result<T, ScenarioError>;

pub struct Builder<'a> {
    pub source: &'a str,
}

impl Builder<'_> {
    /// An error at a span, for the other builder modules.
    pub(super) fn error_at(&self, span: Range<usize>, message: &str, help: &str) -> ScenarioError {
        self.error(span, message, help)
    }

    fn error(&self, span: Range<usize>, message: impl Into<String>, help: &str) -> ScenarioError {
        let help = (!help.is_empty()).then(|| help.to_string());
        ScenarioError::at(self.source, span, message, help)
    }

    fn duration(&self, value: &S<String>) -> Result<Micros> {
        units::duration(value.get_ref()).map_err(|help| {
            self.error(
                value.span(),
                format!("`{}` is not a duration", value.get_ref()),
                &help,
            )
        })
    }

    fn duration_in(
        &self,
        value: &S<String>,
        field: &str,
        low: Micros,
        high: Micros,
        help: &str,
    ) -> Result<Micros> {
        let d = self.duration(value)?;
        if d < low || d > high {
            return Err(self.error(
                value.span(),
                format!(
                    "`{field}` must be between {} and {}, found {}",
                    sim::time::label(low),
                    sim::time::label(high),
                    value.get_ref()
                ),
                help,
            ));
        }
        Ok(d)
    }

    fn int_in(&self, value: &S<i64>, field: &str, low: i64, high: i64, help: &str) -> Result<u32> {
        let v = *value.get_ref();
        if v < low || v > high {
            return Err(self.error(
                value.span(),
                format!("`{field}` must be between {low} and {high}, found {v}"),
                help,
            ));
        }
        Ok(v as u32)
    }

    fn share(&self, value: &S<f64>, field: &str) -> Result<f64> {
        let v = *value.get_ref();
        if !(0.0..=1.0).contains(&v) {
            return Err(self.error(
                value.span(),
                format!("`{field}` is a share of requests between 0 and 1, found {v}"),
                "0.1 means one request in ten",
            ));
        }
        Ok(v)
    }

    pub fn scenario(&self, raw: raw::Scenario) -> Result<Scenario> {
        if let Some(name) = &raw.name {
            let n = name.get_ref();
            let ok = !n.is_empty()
                && n.split('-').all(|part| {
                    !part.is_empty()
                        && part
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                });
            if !ok {
                return Err(self.error(
                    name.span(),
                    format!("`{n}` is not a scenario name"),
                    "use lower-case letters and digits joined by `-`, e.g. \"five-overlapping-requests\"",
                ));
            }
        }
        let options = self.options(&raw)?;
        if raw.function.is_empty() {
            return Err(ScenarioError::whole(
                "the scenario has no function",
                Some("add a `[[function]]` table with at least a `name`".into()),
            ));
        }
        let names: Vec<String> = raw
            .function
            .iter()
            .map(|f| f.get_ref().name.get_ref().clone())
            .collect();
        let mut functions = Vec::new();
        for (index, f) in raw.function.iter().enumerate() {
            let name = &f.get_ref().name;
            if names[..index].contains(name.get_ref()) {
                return Err(self.error(
                    name.span(),
                    format!("there are two functions named `{}`", name.get_ref()),
                    "function names are unique in an account and Region",
                ));
            }
            functions.push(self.function(f.get_ref(), &names)?);
        }
        self.check_reservations(&raw, &functions, &options)?;
        if raw.traffic.is_empty() {
            return Err(ScenarioError::whole(
                "the scenario sends no requests",
                Some(
                    "add a `[[traffic]]` table, e.g. `function = \"api\"` and `at = [\"0ms\"]`"
                        .into(),
                ),
            ));
        }
        let traffic = raw
            .traffic
            .iter()
            .map(|t| self.traffic(t, &functions))
            .collect::<Result<Vec<_>>>()?;
        Ok(Scenario {
            name: raw.name.map(|n| n.into_inner()),
            title: raw.title,
            simulation: Simulation {
                options,
                functions,
                traffic,
            },
        })
    }

    fn options(&self, raw: &raw::Scenario) -> Result<Options> {
        let mut o = Options::default();
        if let Some(seed) = raw.seed {
            o.seed = seed;
        }
        if let Some(until) = &raw.until {
            o.until = Some(self.duration_in(until, "until", 1, TRAFFIC_LIMIT, "")?);
        }
        if let Some(limit) = &raw.account_concurrency {
            let v = *limit.get_ref();
            if v == 0 {
                return Err(self.error(
                    limit.span(),
                    "`account_concurrency` must be at least 1",
                    "new accounts may start as low as 10; the default quota is 1000",
                ));
            }
            o.account_concurrency = v;
        }
        if let Some(ttl) = &raw.idle_ttl {
            o.idle_ttl = self.duration_in(ttl, "idle_ttl", 0, 24 * HOUR, "")?;
        }
        if let Some(cap) = &raw.idle_cap {
            o.idle_cap = self.duration_in(cap, "idle_cap", 0, 24 * HOUR, "")?;
        }
        if let Some(life) = &raw.max_lifetime {
            o.max_lifetime = self.duration_in(life, "max_lifetime", SECOND, 7 * 24 * HOUR, "")?;
        }
        if let Some(mean) = &raw.random_retirement {
            o.random_retirement = match mean.get_ref().as_str() {
                "off" => 0,
                other if self.duration(mean).is_err() => {
                    return Err(self.error(
                        mean.span(),
                        format!("`random_retirement` is `{other}`, which is neither \"off\" nor a duration"),
                        "write a mean time such as \"8h\", or \"off\" to leave unannounced retirements out",
                    ))
                }
                _ => self.duration_in(
                    mean,
                    "random_retirement",
                    MINUTE,
                    30 * 24 * HOUR,
                    "a mean time such as \"8h\", or \"off\"",
                )?,
            };
        }
        if let Some(rule) = &raw.init_billing {
            o.init_billing =
                match rule.get_ref().as_str() {
                    "since-2025-08" => InitBilling::Since2025,
                    "before-2025-08" => InitBilling::Before2025,
                    other => return Err(self.error(
                        rule.span(),
                        format!("`{other}` is not a billing rule"),
                        "write \"since-2025-08\" (INIT billed, today's rule) or \"before-2025-08\"",
                    )),
                };
        }
        if let Some(rate) = &raw.scaling_rate {
            if *rate.get_ref() == 0 {
                return Err(self.error(
                    rate.span(),
                    "`scaling_rate` must be at least 1",
                    "Lambda adds up to 1000 environments per function every 10 seconds",
                ));
            }
            o.scaling_rate = *rate.get_ref();
        }
        if let Some(record) = &raw.record {
            o.recording = match record.get_ref().as_str() {
                "full" => Recording::Full,
                "metrics" => Recording::MetricsOnly,
                "totals" => Recording::TotalsOnly,
                other => {
                    return Err(self.error(
                        record.span(),
                        format!("`{other}` is not a recording mode"),
                        "write \"full\", \"metrics\" or \"totals\"",
                    ))
                }
            };
        }
        Ok(o)
    }

    fn function(&self, raw: &raw::Function, names: &[String]) -> Result<Function> {
        let name = raw.name.get_ref();
        let valid = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(self.error(
                raw.name.span(),
                format!("`{name}` is not a valid function name"),
                "Lambda accepts 1 to 64 letters, digits, `-` and `_`",
            ));
        }
        let mut f = Function::new(name);
        if let Some(arch) = &raw.architecture {
            f.architecture = match arch.get_ref().as_str() {
                "x86_64" => Architecture::X86_64,
                "arm64" => Architecture::Arm64,
                other => {
                    return Err(self.error(
                        arch.span(),
                        format!("`{other}` is not an architecture Lambda offers"),
                        "write \"x86_64\" or \"arm64\"",
                    ))
                }
            };
        }
        if let Some(runtime) = &raw.runtime {
            if !sim::config::is_accepted_runtime(runtime.get_ref()) {
                return Err(self.error(
                    runtime.span(),
                    format!(
                        "`{}` is not a runtime the simulator knows",
                        runtime.get_ref()
                    ),
                    &format!(
                        "use one of {} (or a deprecated one Lambda still accepts: {})",
                        RUNTIMES.join(", "),
                        sim::config::DEPRECATED_RUNTIMES.join(", ")
                    ),
                ));
            }
            f.runtime = runtime.get_ref().clone();
        }
        f.runtime_start = match &raw.runtime_start {
            Some(start) => self.duration_in(start, "runtime_start", 0, 10 * SECOND, "")?,
            None => sim::config::runtime_start(&f.runtime, f.architecture),
        };
        if let Some(memory) = &raw.memory {
            f.memory_mb = self.memory(memory)?;
        }
        if let Some(timeout) = &raw.timeout {
            f.timeout = self.duration_in(
                timeout,
                "timeout",
                SECOND,
                900 * SECOND,
                "Lambda accepts 1 s to 900 s (15 minutes); the default is 3 s",
            )?;
        }
        if let Some(r) = &raw.reserved_concurrency {
            f.reserved_concurrency = Some(self.int_in(
                r,
                "reserved_concurrency",
                0,
                i64::from(u32::MAX),
                "0 throttles every request",
            )?);
        }
        if let Some(p) = &raw.provisioned_concurrency {
            f.provisioned_concurrency =
                self.int_in(p, "provisioned_concurrency", 0, 100_000, "")?;
            if let Some(r) = f.reserved_concurrency {
                if f.provisioned_concurrency > r {
                    return Err(self.error(
                        p.span(),
                        format!(
                            "provisioned concurrency {} is more than the reserved concurrency {r}",
                            f.provisioned_concurrency
                        ),
                        "provisioned environments count against the function's reservation",
                    ));
                }
            }
        }
        if let Some(size) = &raw.package_size {
            let bytes = units::size(size.get_ref())
                .map_err(|help| self.error(size.span(), "not a size", &help))?;
            if bytes > lambda_limits::DIRECT_UPLOAD_BYTES {
                return Err(self.error(
                    size.span(),
                    format!(
                        "a zipped package of {} is over Lambda's 50 MB direct upload limit",
                        size.get_ref()
                    ),
                    "move dependencies into layers, or deploy a container image (up to 10 GB)",
                ));
            }
            f.package_bytes = bytes;
        }
        if let Some(used) = &raw.memory_used {
            f.memory_used_mb = self.int_in(used, "memory_used", 1, 10_240, "")?;
        }
        if let Some(init) = &raw.init {
            f.init = self.work(init.get_ref(), names)?;
        }
        if let Some(handler) = &raw.handler {
            f.handler = self.work(handler.get_ref(), names)?;
        }
        if let Some(a) = &raw.async_config {
            f.async_config = self.async_config(a.get_ref())?;
        }
        for v in &raw.version {
            let v = v.get_ref();
            f.versions.push(Version {
                handler: v
                    .handler
                    .as_ref()
                    .map(|w| self.work(w.get_ref(), names))
                    .transpose()?,
                init: v
                    .init
                    .as_ref()
                    .map(|w| self.work(w.get_ref(), names))
                    .transpose()?,
                memory_mb: v.memory.as_ref().map(|m| self.memory(m)).transpose()?,
            });
        }
        for a in &raw.alias {
            f.aliases.push(self.alias(a.get_ref(), f.versions.len())?);
        }
        let on_latest = f.provisioned_concurrency > 0 && f.versions.is_empty();
        if let Some(p) = raw.provisioned_concurrency.as_ref().filter(|_| on_latest) {
            return Err(self.error(
                p.span(),
                "provisioned concurrency on a function with no published version",
                "Lambda refuses provisioned concurrency on $LATEST: add a `[[function.version]]` table (and an alias for callers to use), then send the traffic to `NAME:1` or `NAME:ALIAS`",
            ));
        }
        if let Some(vpc) = &raw.vpc {
            let vpc = vpc.get_ref();
            let route = match vpc.route.get_ref().as_str() {
                "nat-gateway" => Route::NatGateway,
                "internet-gateway" => Route::InternetGateway,
                "none" => Route::None,
                other => {
                    return Err(self.error(
                        vpc.route.span(),
                        format!("`{other}` is not a route"),
                        "write \"nat-gateway\" (private subnets through a NAT gateway), \"internet-gateway\" (public subnets) or \"none\"",
                    ))
                }
            };
            f.vpc = Some(VpcNetwork {
                subnets: vec![Subnet {
                    id: "subnet-1".into(),
                    route,
                }],
                endpoints: vpc.endpoints.clone(),
            });
        }
        if raw.role.is_some() || raw.role_policy.is_some() {
            f.role = Some(self.role(raw)?);
        }
        self.deployment(raw, &mut f)?;
        if let Some(r) = &raw.recursion {
            f.recursion = match r.get_ref().as_str() {
                "terminate" => Recursion::Terminate,
                "allow" => Recursion::Allow,
                other => {
                    return Err(self.error(
                        r.span(),
                        format!("`{other}` is not a recursion setting"),
                        "write \"terminate\" (the default: Lambda stops a loop after about 16 calls) or \"allow\"",
                    ))
                }
            };
        }
        Ok(f)
    }

    /// The execution role: a name and one identity-based policy in JSON.
    /// Policy errors point into the JSON inside the TOML string.
    fn role(&self, raw: &raw::Function) -> Result<Role> {
        let name = raw.role.as_ref().map_or_else(
            || format!("{}-role", raw.name.get_ref()),
            |r| r.get_ref().clone(),
        );
        let Some(policy) = &raw.role_policy else {
            let span = raw.role.as_ref().map_or(0..0, |r| r.span());
            return Err(self.error(
                span,
                "the role has no policy",
                "add `role_policy = '''{ \"Version\": \"2012-10-17\", \"Statement\": [...] }'''`",
            ));
        };
        let json = policy.get_ref();
        let parsed = iam::parse_policy(json).map_err(|e| {
            let start = self.string_content_start(policy.span(), json);
            let line = json.lines().nth(e.line.saturating_sub(1)).unwrap_or("");
            let offset = json
                .split_inclusive('\n')
                .take(e.line.saturating_sub(1))
                .map(str::len)
                .sum::<usize>()
                + line
                    .char_indices()
                    .nth(e.column.saturating_sub(1))
                    .map_or(line.len(), |(i, _)| i);
            let at = start + offset;
            let mut error = ScenarioError::at(
                self.source,
                at..at + e.width.max(1),
                format!("in the role policy: {}", e.message),
                e.help.clone(),
            );
            error.width = e.width.max(1);
            error
        })?;
        Ok(Role {
            name,
            policies: vec![parsed.named("role_policy")],
            log_group_exists: raw.log_group_exists.unwrap_or(false),
        })
    }

    /// Where the text of a TOML string starts: after its quotes, and after
    /// the newline TOML drops right after `'''` or `\"\"\"`.
    fn string_content_start(&self, span: Range<usize>, content: &str) -> usize {
        let raw = &self.source[span.clone()];
        let quote = if raw.starts_with("'''") || raw.starts_with("\"\"\"") {
            3
        } else {
            1
        };
        let mut start = span.start + quote;
        if quote == 3 && self.source[start..].starts_with('\n') && !content.starts_with('\n') {
            start += 1;
        } else if quote == 3 && self.source[start..].starts_with("\r\n") {
            start += 2;
        }
        start
    }

    fn memory(&self, memory: &S<i64>) -> Result<u32> {
        self.int_in(
            memory,
            "memory",
            128,
            10_240,
            "Lambda accepts 128 MB to 10,240 MB in 1 MB steps",
        )
    }

    fn work(&self, raw: &raw::Work, names: &[String]) -> Result<Work> {
        let mut w = Work::default();
        if let Some(cpu) = &raw.cpu {
            w.cpu = self.duration_in(cpu, "cpu", 0, 3_600 * SECOND, "")?;
        }
        if let Some(wait) = &raw.wait {
            w.wait = self.duration_in(wait, "wait", 0, 3_600 * SECOND, "")?;
        }
        if let Some(threads) = &raw.threads {
            w.threads = self.int_in(
                threads,
                "threads",
                1,
                1_024,
                "a Lambda environment allows at most 1,024 processes and threads",
            )?;
        }
        if let Some(spread) = &raw.spread {
            w.spread = match spread.get_ref().as_str() {
                "fixed" => Spread::Fixed,
                "exponential" => Spread::Exponential,
                other => {
                    return Err(self.error(
                        spread.span(),
                        format!("`{other}` is not a spread"),
                        "write \"fixed\" or \"exponential\"",
                    ))
                }
            };
        }
        if let Some(e) = &raw.errors {
            w.errors = self.share(e, "errors")?;
        }
        if let Some(c) = &raw.crashes {
            w.crashes = self.share(c, "crashes")?;
        }
        for call in &raw.calls {
            let call = call.get_ref();
            let target = call.function.get_ref();
            let function = names.iter().position(|n| n == target).ok_or_else(|| {
                self.error(
                    call.function.span(),
                    format!("there is no function `{target}` to call"),
                    &format!("the functions are {}", names.join(", ")),
                )
            })?;
            let invocation = match &call.invocation {
                Some(i) => self.invocation(i)?,
                None => InvocationType::Sync,
            };
            let after = match &call.after {
                Some(a) => self.duration_in(a, "after", 0, 900 * SECOND, "")?,
                None => 0,
            };
            w.calls.push(Call {
                function,
                invocation,
                after,
            });
        }
        w.internet = raw.internet.unwrap_or(false);
        for call in &raw.aws_calls {
            let call = call.get_ref();
            let action = call.action.get_ref();
            if !action.contains(':') {
                return Err(self.error(
                    call.action.span(),
                    format!("`{action}` is not an AWS action"),
                    "write the service and the API name, e.g. \"s3:GetObject\"",
                ));
            }
            w.aws_calls.push(AwsCall {
                action: action.clone(),
                resource: call.resource.get_ref().clone(),
            });
        }
        Ok(w)
    }

    fn invocation(&self, value: &S<String>) -> Result<InvocationType> {
        match value.get_ref().as_str() {
            "sync" | "RequestResponse" => Ok(InvocationType::Sync),
            "async" | "Event" => Ok(InvocationType::Async),
            other => Err(self.error(
                value.span(),
                format!("`{other}` is not an invocation type"),
                "write \"sync\" (RequestResponse: the caller waits) or \"async\" (Event: queued, answered 202 at once)",
            )),
        }
    }

    fn async_config(&self, raw: &raw::Async) -> Result<AsyncConfig> {
        let mut a = AsyncConfig::default();
        if let Some(r) = &raw.max_retries {
            a.max_retries = self.int_in(
                r,
                "max_retries",
                0,
                2,
                "Lambda retries a failed asynchronous event at most twice",
            )?;
        }
        if let Some(age) = &raw.max_event_age {
            a.max_event_age = self.duration_in(
                age,
                "max_event_age",
                60 * SECOND,
                6 * HOUR,
                "Lambda accepts 60 seconds to 6 hours",
            )?;
        }
        let all = "sqs:NAME, sns:NAME, lambda:NAME or eventbridge:NAME";
        if let Some(d) = &raw.on_success {
            a.on_success = Some(self.destination(d, &[DestinationKind::S3], all)?);
        }
        if let Some(d) = &raw.on_failure {
            a.on_failure = Some(self.destination(d, &[], &format!("{all}, or s3:NAME"))?);
        }
        if let Some(d) = &raw.dead_letter_queue {
            a.dead_letter_queue = Some(self.destination(
                d,
                &[
                    DestinationKind::Lambda,
                    DestinationKind::EventBridge,
                    DestinationKind::S3,
                ],
                "a dead-letter queue is an SQS queue or SNS topic: sqs:NAME or sns:NAME",
            )?);
        }
        Ok(a)
    }

    fn destination(
        &self,
        value: &S<String>,
        refused: &[DestinationKind],
        help: &str,
    ) -> Result<Destination> {
        let text = value.get_ref();
        let (kind, name) = text.split_once(':').unwrap_or(("", ""));
        let kind = match kind {
            "sqs" => Some(DestinationKind::Sqs),
            "sns" => Some(DestinationKind::Sns),
            "lambda" => Some(DestinationKind::Lambda),
            "eventbridge" => Some(DestinationKind::EventBridge),
            "s3" => Some(DestinationKind::S3),
            _ => None,
        };
        match kind {
            Some(kind) if !name.is_empty() && !refused.contains(&kind) => Ok(Destination {
                kind,
                name: name.to_string(),
            }),
            _ => Err(self.error(value.span(), format!("`{text}` cannot be used here"), help)),
        }
    }

    fn alias(&self, raw: &raw::Alias, versions: usize) -> Result<Alias> {
        let help = format!(
            "this function has {versions} published version(s), numbered from 1; an alias cannot point at $LATEST when it routes by weight"
        );
        let version = self.int_in(&raw.version, "version", 1, versions as i64, &help)?;
        let mut additional = None;
        if let Some(weights) = &raw.weights {
            let map = weights.get_ref();
            if map.len() != 1 {
                return Err(self.error(
                    weights.span(),
                    "an alias can send a share of its requests to one other version only",
                    "write e.g. `weights = { \"2\" = 0.1 }`",
                ));
            }
            let (key, weight) = map.iter().next().expect("one entry");
            let other: u32 = key
                .parse()
                .ok()
                .filter(|v| (1..=versions as u32).contains(v) && *v != version)
                .ok_or_else(|| {
                    self.error(
                        weights.span(),
                        format!("`{key}` is not another published version of this function"),
                        &help,
                    )
                })?;
            if !(*weight > 0.0 && *weight < 1.0) {
                return Err(self.error(
                    weights.span(),
                    format!("the weight {weight} is not between 0 and 1"),
                    "0.1 sends one request in ten to the other version",
                ));
            }
            additional = Some((other, *weight));
        }
        Ok(Alias {
            name: raw.name.get_ref().clone(),
            version,
            additional,
        })
    }

    /// Lambda keeps at least 100 concurrency unreserved (facts §5).
    fn check_reservations(
        &self,
        raw: &raw::Scenario,
        functions: &[Function],
        options: &Options,
    ) -> Result<()> {
        let minimum = UNRESERVED_MINIMUM.min(options.account_concurrency);
        let mut reserved: u64 = 0;
        for (f, raw_f) in functions.iter().zip(&raw.function) {
            if let Some(r) = f.reserved_concurrency {
                reserved += u64::from(r);
                let left = i64::from(options.account_concurrency) - reserved as i64;
                if left < i64::from(minimum) {
                    let span = raw_f
                        .get_ref()
                        .reserved_concurrency
                        .as_ref()
                        .map_or(raw_f.span(), |s| s.span());
                    return Err(self.error(
                        span,
                        format!(
                            "InvalidParameterValueException: reserving {r} for `{}` decreases the account's UnreservedConcurrentExecution below its minimum value of {minimum}",
                            f.name
                        ),
                        &format!(
                            "the account allows {} concurrent executions and at least {minimum} must stay unreserved",
                            options.account_concurrency
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    fn traffic(&self, raw: &S<raw::Traffic>, functions: &[Function]) -> Result<Traffic> {
        let span = raw.span();
        let raw = raw.get_ref();
        let target = raw.function.get_ref();
        let (name, qualifier) = match target.split_once(':') {
            Some((n, q)) => (n, Some(q)),
            None => (target.as_str(), None),
        };
        let function = functions
            .iter()
            .position(|f| f.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = functions.iter().map(|f| f.name.as_str()).collect();
                self.error(
                    raw.function.span(),
                    format!("there is no function `{name}`"),
                    &format!("the functions are {}", names.join(", ")),
                )
            })?;
        let f = &functions[function];
        let qualifier = match qualifier {
            None | Some("$LATEST") => Qualifier::Latest,
            Some(q) => match q.parse::<u32>() {
                Ok(v) if v >= 1 && v as usize <= f.versions.len() => Qualifier::Version(v),
                Ok(_) => {
                    return Err(self.error(
                        raw.function.span(),
                        format!("`{name}` has no version {q}"),
                        &format!("it has {} published version(s)", f.versions.len()),
                    ))
                }
                Err(_) if f.aliases.iter().any(|a| a.name == q) => Qualifier::Alias(q.to_string()),
                Err(_) => {
                    return Err(self.error(
                        raw.function.span(),
                        format!("`{name}` has no alias `{q}`"),
                        "add a `[[function.alias]]` table, or target a version number",
                    ))
                }
            },
        };
        let source = self.source(raw, &span, f)?;
        let invocation = match &raw.invocation {
            Some(i) if source != Source::Direct => {
                return Err(self.error(
                    i.span(),
                    "the source decides how it invokes the function",
                    "API Gateway and event source mappings invoke synchronously; S3, SNS, EventBridge and schedules asynchronously. Remove `invocation`",
                ))
            }
            Some(i) => self.invocation(i)?,
            None => InvocationType::Sync,
        };
        let from = raw
            .from
            .as_ref()
            .map(|v| self.traffic_time(v, "from"))
            .transpose()?
            .unwrap_or(0);
        let until = raw
            .until
            .as_ref()
            .map(|v| self.traffic_time(v, "until"))
            .transpose()?;
        let need_until = |field: &str| {
            let until = until.ok_or_else(|| {
                self.error(
                    span.clone(),
                    format!("a `{field}` pattern needs `until`"),
                    "add e.g. `until = \"60s\"`",
                )
            })?;
            if until <= from {
                let at = raw.until.as_ref().map_or(span.clone(), |u| u.span());
                return Err(self.error(
                    at,
                    format!(
                        "`until` ({}) is not after `from` ({}), so this traffic sends no request",
                        sim::time::label(until),
                        sim::time::label(from)
                    ),
                    "`until` is a time from the start of the scenario, not a duration after `from`",
                ));
            }
            Ok(until)
        };
        let patterns = [
            raw.every.is_some(),
            raw.per_second.is_some(),
            raw.burst.is_some(),
            raw.at.is_some() && raw.burst.is_none(),
            raw.schedule.is_some(),
        ];
        if patterns.iter().filter(|p| **p).count() != 1 {
            return Err(self.error(
                span,
                "a traffic table needs exactly one pattern",
                "write one of `at = [\"0ms\", \"100ms\"]`, `every = \"100ms\"`, `per_second = 5.0`, `burst = 20` (with `at`) or, with `source = \"schedule\"`, `schedule = \"rate(5 minutes)\"`",
            ));
        }
        let arrivals = if let Some(expression) = &raw.schedule {
            if source != Source::Service(PushService::Schedule) {
                return Err(self.error(
                    expression.span(),
                    "`schedule` needs `source = \"schedule\"`",
                    "an EventBridge schedule invokes the function asynchronously at its times",
                ));
            }
            let schedule = super::schedule::parse(expression.get_ref()).map_err(|help| {
                self.error(
                    expression.span(),
                    format!("`{}` is not a schedule expression", expression.get_ref()),
                    &help,
                )
            })?;
            Arrivals::Schedule {
                schedule,
                from,
                until: need_until("schedule")?,
            }
        } else if let Some(every) = &raw.every {
            let interval = self.duration(every)?;
            if interval == 0 {
                return Err(self.error(
                    every.span(),
                    "`every` must be longer than 0",
                    "the simulator's clock counts whole microseconds: write at least \"1us\"",
                ));
            }
            Arrivals::Every {
                interval,
                from,
                until: need_until("every")?,
            }
        } else if let Some(rate) = &raw.per_second {
            let r = *rate.get_ref();
            if !(r > 0.0 && r <= MAX_RATE) {
                return Err(self.error(
                    rate.span(),
                    format!("`per_second` must be more than 0 and at most 1000000, found {r}"),
                    "the simulator's clock counts whole microseconds, so it cannot tell more than a million requests a second apart",
                ));
            }
            Arrivals::Poisson {
                per_second: r,
                from,
                until: need_until("per_second")?,
            }
        } else if let Some(burst) = &raw.burst {
            let count = self.int_in(burst, "burst", 1, 10_000_000, "")?;
            let at = match &raw.at {
                Some(at) => self.time_value(at)?,
                None => from,
            };
            let spacing = match &raw.spacing {
                Some(s) => {
                    let spacing = self.duration(s)?;
                    let last = at.saturating_add(spacing.saturating_mul(u64::from(count) - 1));
                    if last > TRAFFIC_LIMIT {
                        return Err(self.error(
                            s.span(),
                            format!(
                                "with this `spacing` the last of {count} requests comes after 30 days"
                            ),
                            "traffic must stay within 30 days of the start: shorten `spacing` or send fewer requests",
                        ));
                    }
                    spacing
                }
                None => 0,
            };
            Arrivals::Burst { count, at, spacing }
        } else {
            let at = raw.at.as_ref().expect("pattern checked");
            let list = at.get_ref().as_array().ok_or_else(|| {
                self.error(
                    at.span(),
                    "`at` must be a list of times",
                    "write e.g. `at = [\"0ms\", \"100ms\", \"1s\"]`",
                )
            })?;
            if list.is_empty() {
                return Err(self.error(
                    at.span(),
                    "`at` is empty, so this traffic sends no request",
                    "list at least one time, e.g. `at = [\"0ms\"]`, or remove this traffic table",
                ));
            }
            let mut times = Vec::new();
            for item in list {
                let text = item.as_str().ok_or_else(|| {
                    self.error(
                        at.span(),
                        format!("`{item}` in `at` is not a time"),
                        "times are strings with a unit, e.g. \"250ms\"",
                    )
                })?;
                let time = units::duration(text).map_err(|help| {
                    self.error(at.span(), format!("`{text}` in `at` is not a time"), &help)
                })?;
                if time > TRAFFIC_LIMIT {
                    return Err(self.error(
                        at.span(),
                        format!("`{text}` in `at` is after 30 days"),
                        TRAFFIC_HELP,
                    ));
                }
                times.push(time);
            }
            Arrivals::At(times)
        };
        let payload_bytes = match &raw.payload_size {
            Some(s) => units::size(s.get_ref())
                .map_err(|help| self.error(s.span(), "not a size", &help))?,
            None => 1_024,
        };
        if source == Source::Service(PushService::Schedule)
            && !matches!(arrivals, Arrivals::Schedule { .. })
        {
            return Err(self.error(
                span,
                "a schedule source needs a `schedule` expression",
                "write e.g. `schedule = \"rate(5 minutes)\"` and `until = \"1h\"`",
            ));
        }
        Ok(Traffic {
            function,
            qualifier,
            invocation,
            arrivals,
            payload_bytes,
            source,
        })
    }

    /// The `source` of a traffic table and its event source mapping settings.
    fn source(&self, raw: &raw::Traffic, span: &Range<usize>, f: &Function) -> Result<Source> {
        let name = raw
            .source
            .as_ref()
            .map_or("client", |s| s.get_ref().as_str());
        let source = match name {
            "client" => Source::Direct,
            "api-gateway" => Source::ApiGateway,
            "s3" => Source::Service(PushService::S3),
            "sns" => Source::Service(PushService::Sns),
            "eventbridge" => Source::Service(PushService::EventBridge),
            "schedule" => Source::Service(PushService::Schedule),
            "sqs" => Source::Sqs(self.sqs_mapping(raw, span, f)?),
            "kinesis" | "dynamodb" => Source::Stream(StreamMapping {
                stream: raw
                    .stream
                    .as_ref()
                    .map_or_else(|| "stream".to_string(), |s| s.get_ref().clone()),
                shards: match &raw.shards {
                    Some(s) => self.int_in(s, "shards", 1, 10_000, "")?,
                    None => 1,
                },
                batch_size: match &raw.batch_size {
                    Some(b) => self.int_in(
                        b,
                        "batch_size",
                        1,
                        10_000,
                        "streams read 1 to 10,000 records a batch; the default is 100",
                    )?,
                    None => 100,
                },
            }),
            other => {
                let span = raw.source.as_ref().map_or(span.clone(), |s| s.span());
                return Err(self.error(
                    span,
                    format!("`{other}` is not a source the simulator knows"),
                    "write \"client\", \"api-gateway\", \"s3\", \"sns\", \"eventbridge\", \"schedule\", \"sqs\" or \"kinesis\"",
                ));
            }
        };
        let mapping_only = [
            ("queue", raw.queue.as_ref().map(|v| v.span())),
            (
                "visibility_timeout",
                raw.visibility_timeout.as_ref().map(|v| v.span()),
            ),
            (
                "max_receive_count",
                raw.max_receive_count.as_ref().map(|v| v.span()),
            ),
            (
                "dead_letter_queue",
                raw.dead_letter_queue.as_ref().map(|v| v.span()),
            ),
            ("batch_window", raw.batch_window.as_ref().map(|v| v.span())),
            (
                "max_concurrency",
                raw.max_concurrency.as_ref().map(|v| v.span()),
            ),
        ];
        if !matches!(source, Source::Sqs(_)) {
            if let Some((field, Some(at))) = mapping_only.iter().find(|(_, s)| s.is_some()) {
                return Err(self.error(
                    at.clone(),
                    format!("`{field}` belongs to an SQS event source mapping"),
                    "add `source = \"sqs\"` to this traffic table",
                ));
            }
        }
        Ok(source)
    }

    fn sqs_mapping(
        &self,
        raw: &raw::Traffic,
        span: &Range<usize>,
        f: &Function,
    ) -> Result<SqsMapping> {
        let batch_window = match &raw.batch_window {
            Some(w) => self.duration_in(
                w,
                "batch_window",
                0,
                300 * SECOND,
                "Lambda waits 0 to 300 seconds to gather a batch",
            )?,
            None => 0,
        };
        let batch_size = match &raw.batch_size {
            Some(b) => {
                let size = self.int_in(
                    b,
                    "batch_size",
                    1,
                    10_000,
                    "an SQS mapping reads 1 to 10,000 messages a batch; the default is 10",
                )?;
                if size > 10 && batch_window == 0 {
                    return Err(self.error(
                        b.span(),
                        format!("a batch of {size} messages needs a batch window"),
                        "above 10 messages, set `batch_window` (e.g. \"5s\")",
                    ));
                }
                size
            }
            None => 10,
        };
        let visibility_timeout = match &raw.visibility_timeout {
            Some(v) => self.duration_in(v, "visibility_timeout", 0, 12 * HOUR, "")?,
            None => 30 * SECOND,
        };
        if f.timeout > visibility_timeout {
            let at = raw
                .visibility_timeout
                .as_ref()
                .map_or(span.clone(), |v| v.span());
            return Err(self.error(
                at,
                format!(
                    "InvalidParameterValueException: the queue's visibility timeout ({}) is shorter than the function's timeout ({})",
                    sim::time::label(visibility_timeout),
                    sim::time::label(f.timeout)
                ),
                "a message would reappear while it is still being processed; AWS advises a visibility timeout of at least 6 times the function timeout",
            ));
        }
        Ok(SqsMapping {
            queue: raw
                .queue
                .as_ref()
                .map_or_else(|| "queue".to_string(), |q| q.get_ref().clone()),
            batch_size,
            batch_window,
            visibility_timeout,
            max_receive_count: raw
                .max_receive_count
                .as_ref()
                .map(|m| {
                    self.int_in(
                        m,
                        "max_receive_count",
                        1,
                        1_000,
                        "SQS moves a message to the dead-letter queue after this many receives",
                    )
                })
                .transpose()?,
            dead_letter_queue: raw.dead_letter_queue.as_ref().map(|d| d.get_ref().clone()),
            report_batch_item_failures: raw.report_batch_item_failures.unwrap_or(false),
            max_concurrency: raw
                .max_concurrency
                .as_ref()
                .map(|m| {
                    self.int_in(
                        m,
                        "max_concurrency",
                        2,
                        1_000_000,
                        "the mapping's maximum concurrency is at least 2",
                    )
                })
                .transpose()?,
            poison: raw.poison.clone(),
        })
    }

    fn time_value(&self, value: &S<toml::Value>) -> Result<Micros> {
        let text = value.get_ref().as_str().ok_or_else(|| {
            self.error(
                value.span(),
                "with `burst`, `at` is one time",
                "write e.g. `at = \"1s\"`",
            )
        })?;
        let time =
            units::duration(text).map_err(|help| self.error(value.span(), "not a time", &help))?;
        if time > TRAFFIC_LIMIT {
            return Err(self.error(value.span(), "`at` is after 30 days", TRAFFIC_HELP));
        }
        Ok(time)
    }

    /// A traffic time (`from`, `until`): within [`TRAFFIC_LIMIT`] of the start.
    fn traffic_time(&self, value: &S<String>, field: &str) -> Result<Micros> {
        self.duration_in(value, field, 0, TRAFFIC_LIMIT, TRAFFIC_HELP)
    }
}

/// The longest a scenario's traffic or run may last. Per-minute metrics grow
/// with it, and a figure of more than a month would be unreadable anyway.
const TRAFFIC_LIMIT: Micros = 30 * 24 * HOUR;
const TRAFFIC_HELP: &str = "traffic must stay within 30 days of the start; for a longer period, simulate a typical month and multiply";
/// The fastest Poisson traffic the microsecond clock can tell apart.
const MAX_RATE: f64 = 1_000_000.0;
