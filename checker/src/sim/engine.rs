//! The discrete-event loop. Events (an arrival, the end of an invocation, a
//! handler resuming after a call, a retry of an asynchronous event) wait in a
//! priority queue ordered by virtual time; each is handled in turn and may
//! schedule others. Nothing here reads a clock, a file or a thread.
//!
//! Arrivals wait in a queue of their own, which holds one event per traffic
//! source: each arrival then costs a step in a queue of a few entries instead
//! of one as long as the invocations in flight. The loop takes the earlier
//! of the two queues' first events, by the same key, so the order of events
//! (and every trace) is what a single queue gives.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use super::arrivals::ArrivalStream;
use super::billing;
use super::config::{
    Call, Function, InitBilling, InvocationType, Qualifier, Recording, Recursion, Simulation,
    Source, Spread, Work, API_GATEWAY_TIMEOUT, HORIZON, INIT_LIMIT, RECURSION_LIMIT,
    UNRESERVED_MINIMUM,
};
use super::event_sources::{Batch, MappingState};
use super::invoke_async::{AsyncEvent, Failure};
use super::metrics::Metrics;
use super::permissions::{self, Permissions};
use super::rng::Rng;
use super::time::{ceil_millis, Micros, MINUTE, SECOND};
use super::trace::{
    EndReason, Environment, FunctionTotals, Invocation, Outcome, RequestId, Run, StartKind,
    Stopped, ThrottleReason, Totals,
};

/// Payload limits (facts §3.2): 6 MB synchronous, 1 MB asynchronous.
pub const SYNC_PAYLOAD_LIMIT: u64 = lambda_limits::SYNC_PAYLOAD_BYTES;
pub const ASYNC_PAYLOAD_LIMIT: u64 = lambda_limits::ASYNC_PAYLOAD_BYTES;

/// Something that happens at a point in virtual time.
#[derive(Debug, Clone, Copy)]
pub(super) enum Event {
    /// The next request of a traffic source arrives.
    Arrival { source: u32 },
    /// A handler's own work is done: it makes its next call, or finishes.
    Continue { slot: u32, generation: u32 },
    /// An invocation reaches its end time.
    Finish { slot: u32, generation: u32 },
    /// An invocation with calls reaches its timeout.
    Deadline { slot: u32, generation: u32 },
    /// Lambda's internal queue tries (again) to run an asynchronous event.
    AsyncAttempt { event: u32 },
    /// An event source mapping polls its queue or stream.
    Poll { source: u32 },
}

impl Event {
    /// At equal times, environments are freed before new requests arrive, so a
    /// request arriving the moment another ends finds that environment idle.
    fn class(&self) -> u8 {
        match self {
            Event::Finish { .. } | Event::Deadline { .. } => 0,
            Event::Continue { .. } => 1,
            Event::AsyncAttempt { .. } => 2,
            Event::Arrival { .. } => 3,
            // After arrivals, so messages sent at the same moment share a batch.
            Event::Poll { .. } => 4,
        }
    }
}

/// An event and when it happens. The queue orders by one packed key: the
/// time, then the event's class, then the order of scheduling (so ties are
/// broken the same way on every run). One integer comparison per step of
/// the heap keeps the loop fast with thousands of events waiting.
struct Scheduled {
    key: u128,
    event: Event,
}

/// Bits of the key below the time: 8 for the class, 56 for the sequence.
const SEQUENCE_BITS: u32 = 56;

impl Scheduled {
    fn new(at: Micros, seq: u64, event: Event) -> Self {
        debug_assert!(seq < 1 << SEQUENCE_BITS);
        let order = (u64::from(event.class()) << SEQUENCE_BITS) | seq;
        Scheduled {
            key: (u128::from(at) << 64) | u128::from(order),
            event,
        }
    }

    fn at(&self) -> Micros {
        (self.key >> 64) as Micros
    }
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    // Reversed: BinaryHeap is a max-heap and we want the earliest first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

/// The effective configuration of one version of one function, and its
/// execution environments. Environments belong to exactly one version.
struct Pool {
    function: usize,
    version: u32,
    memory_mb: u32,
    vcpu_share: f64,
    init: Work,
    handler: Work,
    /// Frozen on-demand environments in the order they froze, the most
    /// recently used on top: a request takes the top one. Lambda did so in all
    /// 205 cases with a choice in the published 2020 traces (pacslab/
    /// serverless-performance-modeling, experiments/results), even between the
    /// same two environments in both orders, which no fixed order such as
    /// "newest created first" gives. Rarely needed environments sink and age
    /// out. Entries of environments thawed or retired since are skipped when
    /// they come up (their `stamp` moved on).
    idle: Vec<(u32, u32, u32)>,
    /// How many environments are frozen in this pool (the stack may hold stale entries).
    idle_count: usize,
    /// When each environment froze, oldest first, for reclaiming. Entries of
    /// environments that were thawed since are skipped (their `stamp` moved on).
    expiry: VecDeque<Frozen>,
    /// Provisioned environments waiting for a request; always used first.
    provisioned_idle: Vec<u32>,
    /// When the latest request reached this pool: frozen environments are
    /// reclaimed only after a quiet spell (see `reclaim_time`).
    last_request: Micros,
}

/// An entry of [`Pool::expiry`].
struct Frozen {
    since: Micros,
    slot: u32,
    number: u32,
    stamp: u32,
}

/// A live execution environment.
struct Env {
    /// Counts the times the environment left the idle set.
    stamp: u32,
    number: u32,
    pool: u32,
    created: Micros,
    /// When Lambda retires it even if busy: its maximum lifetime, or earlier
    /// at random (`Options::random_retirement`).
    retire_at: Micros,
    idle_since: Micros,
    /// Set by a timeout, crash or out-of-memory kill: the next invoke re-runs INIT.
    needs_init: bool,
    provisioned: bool,
    invocations: u32,
    resets: u32,
}

/// Per-function state that spans versions.
struct FunctionState {
    /// Requests in flight (environments busy or initialising for a request).
    busy: u32,
    /// Of those, on provisioned environments.
    provisioned_busy: u32,
    /// Scaling budget, in units where one new environment costs `TOKEN`.
    tokens: u64,
    tokens_at: Micros,
}

/// One new environment costs 10 s worth of refill at one environment per 10 s.
const TOKEN: u64 = 10 * SECOND;

/// An invocation in progress.
struct Active {
    generation: u32,
    live: bool,
    record: Invocation,
    env: u32,
    on_provisioned: bool,
    /// Calls still to make, and the index of the next one.
    calls: Vec<Call>,
    next_call: usize,
    /// Whether the handler already spent the `after` time of the next call.
    prepared: bool,
    /// Where to report the end: a waiting caller, or an asynchronous event.
    caller: Option<(u32, u32)>,
    async_event: Option<u32>,
    /// INIT time to bill on top of the duration, under the run's rule.
    billed_init: Micros,
    depth: u32,
    batch: Option<BatchRef>,
    via_gateway: bool,
}

/// A request about to reach Lambda.
pub(super) struct Request {
    pub function: usize,
    pub version: u32,
    pub invocation: InvocationType,
    pub attempt: u32,
    pub arrival: Micros,
    pub request_id: RequestId,
    pub caller: Option<(u32, u32)>,
    /// The number of the invocation whose handler made this request.
    pub called_by: Option<u32>,
    pub async_event: Option<u32>,
    /// How many invocations led to this one, for recursive loop detection.
    pub depth: u32,
    /// Messages or records in the batch (the handler's work is per item).
    pub units: u32,
    /// The handler fails whatever its error rate (a poison message).
    pub forced_error: bool,
    pub batch: Option<BatchRef>,
    pub via_gateway: bool,
}

impl Request {
    pub fn new(
        function: usize,
        invocation: InvocationType,
        arrival: Micros,
        request_id: RequestId,
    ) -> Self {
        Request {
            function,
            version: 0,
            invocation,
            attempt: 1,
            arrival,
            request_id,
            caller: None,
            called_by: None,
            async_event: None,
            depth: 1,
            units: 1,
            forced_error: false,
            batch: None,
            via_gateway: false,
        }
    }
}

/// The batch an invocation of an event source mapping carries.
#[derive(Debug, Clone, Copy)]
pub(super) enum BatchRef {
    Sqs(u32),
    Stream(u32),
}

pub(super) struct Engine<'a> {
    pub(super) sim: &'a Simulation,
    pub(super) now: Micros,
    /// Events other than arrivals: about one per invocation in flight.
    queue: BinaryHeap<Scheduled>,
    /// The next arrival of each traffic source.
    arrivals: BinaryHeap<Scheduled>,
    seq: u64,
    sources: Vec<ArrivalStream>,
    routes: Vec<Route>,
    pools: Vec<Pool>,
    /// `pool_of[function][version]`
    pool_of: Vec<Vec<u32>>,
    functions: Vec<FunctionState>,
    envs: Vec<Option<Env>>,
    free_envs: Vec<u32>,
    active: Vec<Active>,
    free_active: Vec<u32>,
    pub(super) async_events: Vec<Option<AsyncEvent>>,
    pub(super) free_async: Vec<u32>,
    unreserved_capacity: u32,
    unreserved_busy: u32,
    account_busy: u32,
    next_number: u32,
    next_env_number: u32,
    draws: Rng,
    ids: Rng,
    routing: Rng,
    /// Draws each environment's unannounced end (`Options::random_retirement`).
    retirements: Rng,
    pub(super) run: Run,
    pub(super) keep: bool,
    /// Event source mappings' queues and streams, by traffic source.
    pub(super) mappings: Vec<MappingState>,
    pub(super) batches: Vec<Option<Batch>>,
    pub(super) free_batches: Vec<u32>,
    /// What each function's execution role lets Lambda do for it.
    pub(super) permissions: Vec<Permissions>,
}

/// Which versions a traffic source reaches, and how often the second one.
struct Route {
    primary: u32,
    secondary: Option<(u32, f64)>,
}

impl<'a> Engine<'a> {
    pub(super) fn new(sim: &'a Simulation) -> Self {
        let opts = &sim.options;
        let reserved: u32 = sim
            .functions
            .iter()
            .filter_map(|f| f.reserved_concurrency)
            .sum();
        let mut pools = Vec::new();
        let mut pool_of = Vec::new();
        for (index, function) in sim.functions.iter().enumerate() {
            let mut ids = Vec::new();
            for version in 0..=function.versions.len() as u32 {
                ids.push(pools.len() as u32);
                pools.push(pool_for(index, function, version));
            }
            pool_of.push(ids);
        }
        let routes = sim
            .traffic
            .iter()
            .map(|t| route(&sim.functions[t.function], &t.qualifier))
            .collect();
        let mut engine = Engine {
            sim,
            now: 0,
            queue: BinaryHeap::new(),
            arrivals: BinaryHeap::new(),
            seq: 0,
            sources: sim
                .traffic
                .iter()
                .enumerate()
                .map(|(i, t)| ArrivalStream::new(&t.arrivals, opts.seed, i))
                .collect(),
            routes,
            pools,
            pool_of,
            functions: sim
                .functions
                .iter()
                .map(|_| FunctionState {
                    busy: 0,
                    provisioned_busy: 0,
                    tokens: u64::from(opts.scaling_rate) * TOKEN,
                    tokens_at: 0,
                })
                .collect(),
            envs: Vec::new(),
            free_envs: Vec::new(),
            active: Vec::new(),
            free_active: Vec::new(),
            async_events: Vec::new(),
            free_async: Vec::new(),
            unreserved_capacity: opts.account_concurrency.saturating_sub(reserved),
            unreserved_busy: 0,
            account_busy: 0,
            next_number: 0,
            next_env_number: 0,
            draws: Rng::new(opts.seed ^ 0xD1CE),
            ids: Rng::new(opts.seed ^ 0x1D5),
            routing: Rng::new(opts.seed ^ 0x2077E),
            retirements: Rng::new(opts.seed ^ 0x05EE_D0FF),
            run: Run {
                functions: sim.functions.iter().map(|f| f.name.clone()).collect(),
                metrics: Metrics::new(sim.functions.len(), opts.recording != Recording::TotalsOnly),
                totals: Totals {
                    per_function: vec![FunctionTotals::default(); sim.functions.len()],
                },
                ..Run::default()
            },
            keep: opts.recording == Recording::Full,
            mappings: sim
                .traffic
                .iter()
                .map(|t| MappingState::for_source(&t.source))
                .collect(),
            batches: Vec::new(),
            free_batches: Vec::new(),
            permissions: sim.functions.iter().map(Permissions::of).collect(),
        };
        engine.run.logs_lost = engine.permissions.iter().map(|p| p.logs.clone()).collect();
        for (totals, f) in engine
            .run
            .totals
            .per_function
            .iter_mut()
            .zip(&sim.functions)
        {
            totals.signature_validation_errors = u64::from(f.signature_validation_errors);
        }
        // Account for reservations that leave less than the minimum unreserved:
        // scenario validation rejects them, but the engine must not underflow.
        let _ = UNRESERVED_MINIMUM;
        engine.start_provisioned();
        for source in 0..engine.sources.len() {
            engine.schedule_next_arrival(source as u32);
        }
        engine
    }

    pub(super) fn schedule(&mut self, at: Micros, event: Event) {
        self.seq += 1;
        let scheduled = Scheduled::new(at, self.seq, event);
        match event {
            Event::Arrival { .. } => self.arrivals.push(scheduled),
            _ => self.queue.push(scheduled),
        }
    }

    /// Takes the earliest event of the two queues, unless it comes after `until`.
    fn next_event(&mut self, until: Option<Micros>) -> Option<Scheduled> {
        // `Scheduled` orders the earliest as the greatest.
        let queue = match (self.queue.peek(), self.arrivals.peek()) {
            (Some(other), Some(arrival)) if other > arrival => &mut self.queue,
            (_, Some(_)) => &mut self.arrivals,
            (Some(_), None) => &mut self.queue,
            (None, None) => return None,
        };
        let next = queue.peek_mut()?;
        if until.is_some_and(|u| next.at() > u) {
            return None;
        }
        Some(std::collections::binary_heap::PeekMut::pop(next))
    }

    fn schedule_next_arrival(&mut self, source: u32) {
        if let Some(at) = self.sources[source as usize].next_arrival() {
            self.schedule(at, Event::Arrival { source });
        }
    }

    /// Runs every event up to the end and returns what happened. A run that
    /// would never end (a message that always fails, a function allowed to
    /// call itself) or would fill the memory stops early and says why.
    pub(super) fn run(mut self) -> Run {
        let until = self.sim.options.until;
        let recorded = self.sim.options.recording == Recording::Full;
        let budget = Stopped::limit(recorded);
        // The start of the minute after `now`: metrics are sealed when an
        // event crosses it (a comparison per event instead of two divisions).
        let mut next_minute = 0;
        while let Some(next) = self.next_event(Some(until.unwrap_or(HORIZON))) {
            // A run of exactly the budget is whole; one more request is not.
            if u64::from(self.next_number) > budget {
                self.run.stopped = Some(Stopped::TooManyRequests { recorded });
                break;
            }
            let at = next.at();
            if at >= next_minute {
                self.run.metrics.seal_before(at);
                next_minute = (at / MINUTE + 1).saturating_mul(MINUTE);
            }
            self.now = at;
            match next.event {
                Event::Arrival { source } => self.arrival(source),
                Event::Continue { slot, generation } => {
                    if self.is_live(slot, generation) {
                        self.continue_calls(slot);
                    }
                }
                Event::Finish { slot, generation } => {
                    if self.is_live(slot, generation) {
                        self.finish(slot);
                    }
                }
                Event::Deadline { slot, generation } => {
                    if self.is_live(slot, generation) {
                        self.active[slot as usize].record.outcome = Outcome::Timeout;
                        self.finish(slot);
                    }
                }
                Event::AsyncAttempt { event } => self.async_attempt(event),
                Event::Poll { source } => self.poll(source),
            }
        }
        let pending = !(self.queue.is_empty() && self.arrivals.is_empty());
        if until.is_none() && self.run.stopped.is_none() && pending {
            self.run.stopped = Some(Stopped::Horizon);
        }
        let end = match self.run.stopped {
            Some(_) => self.now,
            None => until.unwrap_or(self.now),
        };
        self.now = end;
        self.cut_off_in_flight();
        self.close(end);
        self.run
    }

    fn is_live(&self, slot: u32, generation: u32) -> bool {
        let a = &self.active[slot as usize];
        a.live && a.generation == generation
    }

    fn arrival(&mut self, source: u32) {
        let sim = self.sim;
        let traffic = &sim.traffic[source as usize];
        let (function, payload) = (traffic.function, traffic.payload_bytes);
        let version = self.pick_version(source as usize);
        self.schedule_next_arrival(source);
        let invocation = match &traffic.source {
            Source::Sqs(_) | Source::Stream(_) => return self.item_arrived(source),
            Source::Service(_) => InvocationType::Async,
            Source::ApiGateway => InvocationType::Sync,
            Source::Direct => traffic.invocation,
        };
        match invocation {
            InvocationType::Sync => {
                if payload > SYNC_PAYLOAD_LIMIT {
                    self.rejected_too_large(function, invocation);
                    return;
                }
                let request_id = self.new_request_id();
                let mut request = Request::new(function, invocation, self.now, request_id);
                request.version = version;
                request.via_gateway = traffic.source == Source::ApiGateway;
                self.start(request);
            }
            InvocationType::Async => self.accept_async(function, version, payload, None, 1),
        }
    }

    /// 413 `RequestTooLargeException`: the request never reaches the function.
    pub(super) fn rejected_too_large(&mut self, function: usize, invocation: InvocationType) {
        self.run.totals.per_function[function].rejected_too_large += 1;
        self.next_number += 1;
        let request_id = self.new_request_id();
        let request = Request::new(function, invocation, self.now, request_id);
        let number = self.next_number;
        self.refused(
            number,
            &request,
            StartKind::Rejected,
            Outcome::RequestTooLarge,
        );
    }

    fn pick_version(&mut self, source: usize) -> u32 {
        let route = &self.routes[source];
        match route.secondary {
            Some((version, weight)) if self.routing.unit() < weight => version,
            _ => route.primary,
        }
    }

    pub(super) fn new_request_id(&mut self) -> RequestId {
        RequestId((u128::from(self.ids.next_u64()) << 64) | u128::from(self.ids.next_u64()))
    }

    /// A request reaches Lambda: it is throttled, or runs in an idle or new
    /// environment. Returns false when it was throttled.
    pub(super) fn start(&mut self, request: Request) -> bool {
        self.next_number += 1;
        let number = self.next_number;
        let f = request.function;
        let function = &self.sim.functions[f];
        self.run.totals.per_function[f].requests += 1;
        let pool_id = self.pool_of[f][request.version as usize];

        // 0. Recursive loop detection stops a chain after about 16 hops.
        if request.depth > RECURSION_LIMIT && function.recursion == Recursion::Terminate {
            self.run.totals.per_function[f].recursion_dropped += 1;
            self.run
                .metrics
                .minute(f, self.now)
                .recursive_invocations_dropped += 1;
            self.refused(
                number,
                &request,
                StartKind::Throttled,
                Outcome::RecursionDropped,
            );
            if let Some(event) = request.async_event {
                self.fail_async(event, Failure::RecursionDropped);
            }
            return false;
        }

        // 1. Concurrency: the function's reservation, or the unreserved pool.
        let throttle = match function.reserved_concurrency {
            Some(r) if self.functions[f].busy >= r => {
                Some(ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded)
            }
            None if self.unreserved_busy >= self.unreserved_capacity => {
                Some(ThrottleReason::ConcurrentInvocationLimitExceeded)
            }
            _ => None,
        };
        // 2. An environment: provisioned first, then the most recently used.
        let found = match throttle {
            Some(_) => None,
            None => self.take_idle(pool_id),
        };
        // 3. Or a new one, within the scaling rate.
        let throttle = throttle.or_else(|| {
            (found.is_none() && !self.take_scaling_token(f))
                .then_some(ThrottleReason::FunctionInvocationRateLimitExceeded)
        });
        if let Some(reason) = throttle {
            self.run.totals.per_function[f].throttles += 1;
            self.run.metrics.minute(f, self.now).throttles += 1;
            self.refused(
                number,
                &request,
                StartKind::Throttled,
                Outcome::Throttled(reason),
            );
            return false;
        }
        let env = match found {
            Some(env) => env,
            None => self.create_env(pool_id, false),
        };
        self.begin(number, request, pool_id, env);
        true
    }

    /// Records a request Lambda refused before it reached an environment.
    fn refused(&mut self, number: u32, request: &Request, start: StartKind, outcome: Outcome) {
        if self.keep {
            let function = &self.sim.functions[request.function];
            self.run.invocations.push(Invocation {
                number,
                request_id: request.request_id,
                function: request.function,
                version: request.version,
                invocation: request.invocation,
                attempt: request.attempt,
                caller: request.called_by,
                arrival: request.arrival,
                environment: None,
                start,
                download: 0,
                init: 0,
                handler_start: self.now,
                end: self.now,
                duration: 0,
                billed_ms: 0,
                memory_mb: function.memory_mb,
                memory_used_mb: 0,
                timeout: function.timeout,
                outcome,
                batch: request
                    .units
                    .min(u32::from(request.batch.is_some()) * request.units),
                gateway_timeout: false,
            });
        }
    }

    /// Takes an idle environment of the pool for a request arriving now,
    /// retiring those found expired.
    fn take_idle(&mut self, pool_id: u32) -> Option<u32> {
        // Reclaim against the quiet spell this request ends, then count it.
        self.reclaim_expired(pool_id);
        let pool = &mut self.pools[pool_id as usize];
        pool.last_request = self.now;
        if let Some(env) = pool.provisioned_idle.pop() {
            return Some(env);
        }
        while let Some((number, slot, stamp)) = self.pools[pool_id as usize].idle.pop() {
            if !self.is_frozen(slot, number, stamp) {
                continue;
            }
            self.pools[pool_id as usize].idle_count -= 1;
            let e = self.envs[slot as usize].as_mut().expect("idle env is live");
            e.stamp += 1;
            // Not reclaimed (`reclaim_expired` took those), but maybe too old.
            let retire_at = e.retire_at;
            if retire_at <= self.now {
                let at = retire_at.max(e.idle_since);
                self.retire(slot, at, self.retirement_reason(slot));
                continue;
            }
            return Some(slot);
        }
        None
    }

    /// Whether an entry of the idle stack or the expiry queue is still the
    /// environment's current frozen period.
    fn is_frozen(&self, slot: u32, number: u32, stamp: u32) -> bool {
        self.envs[slot as usize]
            .as_ref()
            .is_some_and(|e| e.number == number && e.stamp == stamp)
    }

    fn freeze(&mut self, pool_id: u32, slot: u32) {
        let e = self.envs[slot as usize].as_ref().expect("env is live");
        let pool = &mut self.pools[pool_id as usize];
        pool.idle.push((e.number, slot, e.stamp));
        pool.idle_count += 1;
        pool.expiry.push_back(Frozen {
            since: e.idle_since,
            slot,
            number: e.number,
            stamp: e.stamp,
        });
        // Stale entries are skipped lazily; drop them once they outnumber the
        // live ones, so memory follows live environments.
        let limit = 2 * pool.idle_count + 64;
        if pool.expiry.len() > limit || pool.idle.len() > limit {
            let envs = &self.envs;
            let frozen = |slot: u32, number: u32, stamp: u32| {
                envs[slot as usize]
                    .as_ref()
                    .is_some_and(|e| e.number == number && e.stamp == stamp)
            };
            pool.expiry.retain(|f| frozen(f.slot, f.number, f.stamp));
            pool.idle
                .retain(|&(number, slot, stamp)| frozen(slot, number, stamp));
        }
    }

    /// When an environment frozen since `since` is reclaimed, given the last
    /// request to its pool before now: `idle_ttl` after the later of the two,
    /// so that a pool in steady use keeps its spare environments, but never
    /// later than `idle_cap` after `since`.
    fn reclaim_time(&self, since: Micros, last_request: Micros) -> Micros {
        let o = &self.sim.options;
        let cap = since.saturating_add(o.idle_cap.max(o.idle_ttl));
        since.max(last_request).saturating_add(o.idle_ttl).min(cap)
    }

    /// Why an environment past its `retire_at` goes: its maximum lifetime, or
    /// an unannounced retirement that came first.
    fn retirement_reason(&self, slot: u32) -> EndReason {
        let env = self.envs[slot as usize].as_ref().expect("a live env");
        if env.retire_at < env.created + self.sim.options.max_lifetime {
            EndReason::RetiredEarly
        } else {
            EndReason::LifetimeReached
        }
    }

    /// Retires the frozen environments whose reclaim time has passed. That
    /// time grows with the time they froze, and they froze oldest first, so
    /// this stops at the first one still kept.
    fn reclaim_expired(&mut self, pool_id: u32) {
        let last_request = self.pools[pool_id as usize].last_request;
        while let Some(front) = self.pools[pool_id as usize].expiry.front() {
            let (slot, number, stamp, since) = (front.slot, front.number, front.stamp, front.since);
            if !self.is_frozen(slot, number, stamp) {
                self.pools[pool_id as usize].expiry.pop_front();
                continue;
            }
            let expires = self.reclaim_time(since, last_request);
            if expires > self.now {
                break;
            }
            let pool = &mut self.pools[pool_id as usize];
            pool.expiry.pop_front();
            pool.idle_count -= 1;
            let lifetime_end = self.envs[slot as usize].as_ref().map_or(0, |e| e.retire_at);
            if lifetime_end < expires {
                let reason = self.retirement_reason(slot);
                self.retire(slot, lifetime_end.max(since), reason);
            } else {
                self.retire(slot, expires, EndReason::IdleReclaimed);
            }
        }
    }

    fn take_scaling_token(&mut self, f: usize) -> bool {
        let rate = u64::from(self.sim.options.scaling_rate);
        let state = &mut self.functions[f];
        let elapsed = self.now - state.tokens_at;
        state.tokens = (state.tokens + elapsed * rate).min(rate * TOKEN);
        state.tokens_at = self.now;
        if state.tokens >= TOKEN {
            state.tokens -= TOKEN;
            true
        } else {
            false
        }
    }

    fn create_env(&mut self, pool_id: u32, provisioned: bool) -> u32 {
        self.next_env_number += 1;
        let options = &self.sim.options;
        let mut lifetime = options.max_lifetime;
        if options.random_retirement > 0 {
            let drawn = self
                .retirements
                .exponential(options.random_retirement as f64);
            lifetime = lifetime.min(drawn as Micros);
        }
        let pool = &self.pools[pool_id as usize];
        let env = Env {
            stamp: 0,
            number: self.next_env_number,
            pool: pool_id,
            created: self.now,
            retire_at: self.now + lifetime,
            idle_since: self.now,
            needs_init: false,
            provisioned,
            invocations: 0,
            resets: 0,
        };
        let totals = &mut self.run.totals.per_function[pool.function];
        totals.environments += 1;
        if self.keep {
            self.run.environments.push(Environment {
                number: env.number,
                function: pool.function,
                version: pool.version,
                provisioned,
                created: self.now,
                ended: self.now,
                end_reason: EndReason::StillAlive,
                invocations: 0,
                resets: 0,
            });
        }
        match self.free_envs.pop() {
            Some(slot) => {
                self.envs[slot as usize] = Some(env);
                slot
            }
            None => {
                self.envs.push(Some(env));
                (self.envs.len() - 1) as u32
            }
        }
    }

    fn retire(&mut self, slot: u32, at: Micros, reason: EndReason) {
        let env = self.envs[slot as usize]
            .take()
            .expect("retiring a live env");
        self.free_envs.push(slot);
        let function = self.pools[env.pool as usize].function;
        let totals = &mut self.run.totals.per_function[function];
        totals.alive_time += u128::from(at - env.created);
        totals.served_time += u128::from(env.idle_since.min(at) - env.created);
        if self.keep {
            let record = &mut self.run.environments[env.number as usize - 1];
            record.ended = at;
            record.end_reason = reason;
            record.invocations = env.invocations;
            record.resets = env.resets;
        }
    }

    /// Provisioned environments are initialised before traffic: they are
    /// ready at time zero and never reclaimed for idleness.
    fn start_provisioned(&mut self) {
        for (f, function) in self.sim.functions.iter().enumerate() {
            if function.provisioned_concurrency == 0 {
                continue;
            }
            let version = provisioned_version(function);
            let pool_id = self.pool_of[f][version as usize];
            let envs: Vec<u32> = (0..function.provisioned_concurrency)
                .map(|_| self.create_env(pool_id, true))
                .collect();
            // A stack: the first environment on top, so it serves first.
            self.pools[pool_id as usize]
                .provisioned_idle
                .extend(envs.into_iter().rev());
        }
    }

    /// Runs a request in an environment: works out its phases and outcome and
    /// schedules its end (or its first call).
    fn begin(&mut self, number: u32, request: Request, pool_id: u32, env_slot: u32) {
        let f = request.function;
        let function = &self.sim.functions[f];
        let pool = &self.pools[pool_id as usize];
        let env = self.envs[env_slot as usize].as_mut().expect("env is live");
        let cold = env.invocations == 0 && !env.provisioned;
        let start = if cold {
            StartKind::Cold
        } else if env.needs_init {
            StartKind::Reinit
        } else if env.provisioned && env.invocations == 0 {
            StartKind::Provisioned
        } else {
            StartKind::Warm
        };
        env.invocations += 1;
        let on_provisioned = env.provisioned;
        let env_number = env.number;

        let init_work = function.runtime_start + pool.init.duration(pool.vcpu_share);
        let (download, init, mut suppressed) = match start {
            StartKind::Cold => {
                let download = (function.package_bytes + function.layer_bytes)
                    * super::config::DOWNLOAD_PER_MB
                    / super::config::MB;
                if init_work > INIT_LIMIT {
                    // INIT ran out of time: Lambda retries it inside the invoke.
                    (download, INIT_LIMIT, init_work)
                } else {
                    (download, init_work, 0)
                }
            }
            StartKind::Reinit => (0, 0, init_work),
            _ => (0, 0, 0),
        };
        if let Some(env) = self.envs[env_slot as usize].as_mut() {
            env.needs_init = false;
        }
        let handler_start = self.now + download + init;
        let handler = &pool.handler;
        let mut work = handler.duration(pool.vcpu_share) * u64::from(request.units.max(1));
        if handler.spread == Spread::Exponential {
            work = self.draws.exponential(work as f64).round() as Micros;
        }
        let crashed = self.draws.chance(handler.crashes);
        let errored = !crashed && (request.forced_error || self.draws.chance(handler.errors));
        let timeout = function.timeout;
        // A call with no route out (a VPC without NAT) hangs until the timeout.
        let unreachable = (handler.internet
            && super::deploy::vpc::internet_call(function.vpc.as_ref()).is_err())
            || handler.aws_calls.iter().any(|c| {
                let service = c.action.split(':').next().unwrap_or("");
                super::deploy::vpc::aws_service_call(function.vpc.as_ref(), service).is_err()
            });
        if unreachable {
            work = work.max(timeout + 1);
        }
        let own = suppressed + work;
        let denied = handler
            .aws_calls
            .iter()
            .find_map(|c| permissions::denied(function, &c.action, &c.resource));
        // The simulator does not follow memory over time: a function that
        // needs more than it has is killed when its work is done, the moment
        // it would have returned (Lambda kills it when it reaches the limit).
        // Work longer than the timeout still ends as a timeout, below.
        let out_of_memory = function.memory_used_mb > pool.memory_mb;
        let mut outcome = if out_of_memory {
            Outcome::OutOfMemory
        } else if crashed {
            Outcome::Crash
        } else if errored {
            Outcome::FunctionError
        } else if denied.is_some() {
            Outcome::AccessDenied
        } else {
            Outcome::Success
        };
        let calls = if outcome == Outcome::Success {
            handler.calls.clone()
        } else {
            Vec::new()
        };
        let mut end = handler_start + own;
        if own > timeout {
            outcome = Outcome::Timeout;
            end = handler_start + timeout;
            suppressed = suppressed.min(timeout);
        }
        let billed_init = match (start, self.sim.options.init_billing) {
            (StartKind::Cold, InitBilling::Since2025) => init,
            (StartKind::Cold, InitBilling::Before2025) if function.init_billed_before_2025() => {
                init
            }
            _ => 0,
        };
        let _ = suppressed;
        let record = Invocation {
            number,
            request_id: request.request_id,
            function: f,
            version: request.version,
            invocation: request.invocation,
            attempt: request.attempt,
            caller: request.called_by,
            arrival: request.arrival,
            environment: Some(env_number),
            start,
            download,
            init,
            handler_start,
            end,
            duration: end - handler_start,
            billed_ms: 0,
            memory_mb: pool.memory_mb,
            memory_used_mb: function.memory_used_mb.min(pool.memory_mb),
            timeout,
            outcome,
            batch: if request.batch.is_some() {
                request.units
            } else {
                0
            },
            gateway_timeout: false,
        };
        if let Some(message) = denied {
            self.note_access_denied(message);
        }
        let has_calls = !calls.is_empty() && record.outcome == Outcome::Success;
        let slot = self.new_active(Active {
            generation: 0,
            live: true,
            record,
            env: env_slot,
            on_provisioned,
            calls,
            next_call: 0,
            prepared: false,
            caller: request.caller,
            async_event: request.async_event,
            billed_init,
            depth: request.depth,
            batch: request.batch,
            via_gateway: request.via_gateway,
        });
        let generation = self.active[slot as usize].generation;

        // Counters: the request is now in flight.
        self.functions[f].busy += 1;
        self.account_busy += 1;
        if function.reserved_concurrency.is_none() {
            self.unreserved_busy += 1;
        }
        let busy = self.functions[f].busy;
        let totals = &mut self.run.totals.per_function[f];
        totals.max_concurrency = totals.max_concurrency.max(busy);
        match start {
            StartKind::Cold => totals.cold_starts += 1,
            StartKind::Warm | StartKind::Provisioned | StartKind::Reinit => totals.warm_starts += 1,
            StartKind::Throttled | StartKind::Rejected => {}
        }
        if on_provisioned {
            totals.provisioned_invocations += 1;
        } else if function.provisioned_concurrency > 0 {
            totals.spillover_invocations += 1;
        }
        if on_provisioned {
            self.functions[f].provisioned_busy += 1;
        }
        let provisioned_busy = self.functions[f].provisioned_busy;
        let minute = self.run.metrics.minute(f, self.now);
        minute.concurrent_executions = minute.concurrent_executions.max(busy);
        minute.provisioned_concurrent_executions = minute
            .provisioned_concurrent_executions
            .max(provisioned_busy);
        if on_provisioned {
            minute.provisioned_invocations += 1;
        } else if function.provisioned_concurrency > 0 {
            minute.spillover_invocations += 1;
        }
        let (total, unreserved) = (self.account_busy, self.unreserved_busy);
        self.run
            .metrics
            .observe_account(self.now, total, unreserved);

        if has_calls {
            let own_end = handler_start + own;
            self.schedule(own_end, Event::Continue { slot, generation });
            self.schedule(
                handler_start + timeout,
                Event::Deadline { slot, generation },
            );
        } else {
            self.schedule(end, Event::Finish { slot, generation });
        }
    }

    fn new_active(&mut self, mut active: Active) -> u32 {
        match self.free_active.pop() {
            Some(slot) => {
                active.generation = self.active[slot as usize].generation.wrapping_add(1);
                self.active[slot as usize] = active;
                slot
            }
            None => {
                self.active.push(active);
                (self.active.len() - 1) as u32
            }
        }
    }

    /// The handler makes its calls one after the other: an asynchronous call
    /// returns at once; a synchronous one waits for the callee to finish.
    fn continue_calls(&mut self, slot: u32) {
        loop {
            let a = &mut self.active[slot as usize];
            if a.record.outcome != Outcome::Success || a.next_call >= a.calls.len() {
                self.finish(slot);
                return;
            }
            let call = a.calls[a.next_call].clone();
            let generation = a.generation;
            if call.after > 0 && !a.prepared {
                a.prepared = true;
                let at = self.now + call.after;
                self.schedule(at, Event::Continue { slot, generation });
                return;
            }
            a.prepared = false;
            a.next_call += 1;
            let caller_function = &self.sim.functions[a.record.function];
            let callee = permissions::function_arn(&self.sim.functions[call.function].name);
            if let Some(message) =
                permissions::denied(caller_function, "lambda:InvokeFunction", &callee)
            {
                a.record.outcome = Outcome::AccessDenied;
                self.note_access_denied(message);
                continue;
            }
            let a = &mut self.active[slot as usize];
            let caller_number = a.record.number;
            let depth = a.depth + 1;
            match call.invocation {
                InvocationType::Async => {
                    self.accept_async(call.function, 0, 1_024, Some(caller_number), depth);
                }
                InvocationType::Sync => {
                    let request_id = self.new_request_id();
                    let mut request =
                        Request::new(call.function, InvocationType::Sync, self.now, request_id);
                    request.caller = Some((slot, generation));
                    request.called_by = Some(caller_number);
                    request.depth = depth;
                    let started = self.start(request);
                    if started {
                        return; // resumed by the callee's finish
                    }
                    self.active[slot as usize].record.outcome = Outcome::CalleeFailed;
                }
            }
        }
    }

    /// An invocation ends: bill it, free its environment, and tell whoever waits.
    fn finish(&mut self, slot: u32) {
        let now = self.now;
        let a = &mut self.active[slot as usize];
        a.live = false;
        self.free_active.push(slot);
        let record = &mut a.record;
        record.end = now;
        // Cut off during INIT (at `until`, or when a run stops early), the
        // handler never started: no duration, and only the INIT that ran
        // is billed.
        record.duration = now.saturating_sub(record.handler_start);
        if now < record.handler_start {
            let init_ran = now.saturating_sub(record.handler_start - record.init);
            a.billed_init = a.billed_init.min(init_ran);
        }
        record.billed_ms = ceil_millis(record.duration + a.billed_init);
        let f = record.function;
        let function = &self.sim.functions[f];
        let resets = matches!(
            record.outcome,
            Outcome::Timeout | Outcome::Crash | Outcome::OutOfMemory
        );
        let (env_slot, on_provisioned, caller, async_event, batch, via_gateway) = (
            a.env,
            a.on_provisioned,
            a.caller,
            a.async_event,
            a.batch,
            a.via_gateway,
        );
        let record = a.record.clone();

        // Counters and bill.
        self.functions[f].busy -= 1;
        if on_provisioned {
            self.functions[f].provisioned_busy -= 1;
        }
        self.account_busy -= 1;
        if function.reserved_concurrency.is_none() {
            self.unreserved_busy -= 1;
        }
        let totals = &mut self.run.totals.per_function[f];
        totals.invocations += 1;
        totals.billed_ms += record.billed_ms;
        totals.busy_time += u128::from(record.end - record.arrival);
        if record.outcome.is_error() {
            totals.errors += 1;
        }
        match record.outcome {
            Outcome::Timeout => totals.timeouts += 1,
            Outcome::Crash => totals.crashes += 1,
            Outcome::OutOfMemory => totals.out_of_memory += 1,
            _ => {}
        }
        self.run.cost.add_invocation(
            record.billed_ms,
            record.memory_mb,
            function.architecture,
            on_provisioned,
        );
        self.run.cost.init_billed_ms += ceil_millis(self.active[slot as usize].billed_init);
        let minute = self.run.metrics.minute(f, record.arrival);
        minute.invocations += 1;
        if record.outcome.is_error() {
            minute.errors += 1;
        }
        minute.duration.record(record.duration);
        self.run.metrics.latency.record(record.latency());

        // The environment freezes, or is reset, or retires.
        if let Some(env) = self.envs[env_slot as usize].as_mut() {
            env.idle_since = now;
            if resets {
                env.needs_init = true;
                env.resets += 1;
            }
            let pool = env.pool;
            if env.provisioned && env.retire_at <= now {
                // Provisioned environments are recycled too: a replacement is
                // initialised in the background, and its INIT is billed.
                self.retire(env_slot, now, self.retirement_reason(env_slot));
                let replacement = self.create_env(pool, true);
                self.pools[pool as usize].provisioned_idle.push(replacement);
                let p = &self.pools[pool as usize];
                let init = function.runtime_start + p.init.duration(p.vcpu_share);
                self.run.cost.add_invocation(
                    ceil_millis(init),
                    p.memory_mb,
                    function.architecture,
                    true,
                );
                self.run.cost.requests -= 1;
                self.run.cost.request_usd -= billing::PRICE_PER_REQUEST;
            } else if env.provisioned {
                self.pools[pool as usize].provisioned_idle.push(env_slot);
            } else if env.retire_at <= now {
                self.retire(env_slot, now, self.retirement_reason(env_slot));
            } else {
                self.freeze(pool, env_slot);
            }
        }

        // Whoever waits for this invocation.
        if let Some((caller_slot, generation)) = caller {
            if self.is_live(caller_slot, generation) {
                if record.outcome != Outcome::Success {
                    self.active[caller_slot as usize].record.outcome = Outcome::CalleeFailed;
                }
                self.schedule(
                    now,
                    Event::Continue {
                        slot: caller_slot,
                        generation,
                    },
                );
            }
        }
        if let Some(event) = async_event {
            self.async_finished(event, &record);
        }
        let mut record = record;
        if via_gateway && record.latency() > API_GATEWAY_TIMEOUT {
            // The client got 504 at 29 s; the function ran on and was billed.
            record.gateway_timeout = true;
            self.run.totals.per_function[f].gateway_timeouts += 1;
        }
        if let Some(batch) = batch {
            self.batch_finished(batch, &record);
        }
        if self.keep {
            self.run.invocations.push(record);
        }
    }

    /// Invocations still running when the run stops at `until`.
    fn cut_off_in_flight(&mut self) {
        for slot in 0..self.active.len() as u32 {
            if self.active[slot as usize].live {
                self.active[slot as usize].record.outcome = Outcome::CutOff;
                self.active[slot as usize].async_event = None;
                self.finish(slot);
            }
        }
    }

    /// The end of the run: idle environments past their TTL are reclaimed at
    /// the time they expired; the rest are still alive.
    fn close(&mut self, end: Micros) {
        for pool in 0..self.pools.len() as u32 {
            self.reclaim_expired(pool);
        }
        for slot in 0..self.envs.len() as u32 {
            if self.envs[slot as usize].is_some() {
                self.retire(slot, end, EndReason::StillAlive);
            }
        }
        // Provisioned capacity is billed for as long as it is allocated.
        for function in &self.sim.functions {
            if function.provisioned_concurrency > 0 {
                let gbs = f64::from(function.provisioned_concurrency)
                    * f64::from(function.memory_mb)
                    / 1_024.0
                    * (end as f64 / SECOND as f64);
                self.run.cost.provisioned_usd +=
                    gbs * billing::provisioned_prices(function.architecture).0;
            }
        }
        self.run
            .invocations
            .sort_by_key(|invocation| invocation.number);
        self.run.end = end;
    }

    /// Keeps one copy of each AccessDenied message, for the learner to read.
    pub(super) fn note_access_denied(&mut self, message: String) {
        if !self.run.access_denied.contains(&message) {
            self.run.access_denied.push(message);
        }
    }

    pub(super) fn metrics_minute(&mut self, f: usize) -> &mut super::metrics::Minute {
        self.run.metrics.minute(f, self.now)
    }

    pub(super) fn reserved_zero(&self, f: usize) -> bool {
        self.sim.functions[f].reserved_concurrency == Some(0)
    }

    pub(super) fn fail_async(&mut self, event: u32, failure: Failure) {
        super::invoke_async::fail(self, event, failure);
    }
}

/// The configuration a version runs with: the function's, with the version's
/// own changes. Version 0 is `$LATEST`.
fn pool_for(index: usize, function: &Function, version: u32) -> Pool {
    let overrides = version
        .checked_sub(1)
        .and_then(|v| function.versions.get(v as usize));
    let memory_mb = overrides
        .and_then(|v| v.memory_mb)
        .unwrap_or(function.memory_mb);
    let mut sized = function.clone();
    sized.memory_mb = memory_mb;
    Pool {
        function: index,
        version,
        memory_mb,
        vcpu_share: sized.vcpu_share(),
        init: overrides
            .and_then(|v| v.init.clone())
            .unwrap_or_else(|| function.init.clone()),
        handler: overrides
            .and_then(|v| v.handler.clone())
            .unwrap_or_else(|| function.handler.clone()),
        idle: Vec::new(),
        idle_count: 0,
        expiry: VecDeque::new(),
        provisioned_idle: Vec::new(),
        last_request: 0,
    }
}

fn route(function: &Function, qualifier: &Qualifier) -> Route {
    match qualifier {
        Qualifier::Latest => Route {
            primary: 0,
            secondary: None,
        },
        Qualifier::Version(v) => Route {
            primary: *v,
            secondary: None,
        },
        Qualifier::Alias(name) => {
            let alias = function
                .aliases
                .iter()
                .find(|a| &a.name == name)
                .expect("scenario validation checks alias names");
            Route {
                primary: alias.version,
                secondary: alias.additional,
            }
        }
    }
}

/// Provisioned concurrency is configured on a version or alias: the first
/// alias's version if there is one, else the newest published version, else
/// (a simplification for small scenarios) `$LATEST`.
fn provisioned_version(function: &Function) -> u32 {
    function
        .aliases
        .first()
        .map(|a| a.version)
        .unwrap_or(function.versions.len() as u32)
}

/// Used by tests to build quick scenarios.
#[cfg(test)]
pub(super) fn millis(ms: u64) -> Micros {
    ms * super::time::MILLISECOND
}
