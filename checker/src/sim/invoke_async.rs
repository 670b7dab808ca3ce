//! Asynchronous (Event) invocation (facts §3.3): Lambda accepts the event at
//! once into the function's internal queue and runs it later. Function errors
//! are retried up to `max_retries` times, 1 and then 2 minutes apart;
//! throttles are retried with backoff from 1 s up to 5 minutes until the event
//! is older than `max_event_age`. An event that fails for good goes to the
//! on-failure destination and the dead-letter queue if configured, and is
//! otherwise dropped and counted: no event is ever lost silently.

use super::config::{Destination, InvocationType};
use super::engine::{Engine, Event, Request, ASYNC_PAYLOAD_LIMIT};
use super::time::{Micros, MINUTE, SECOND};
use super::trace::{Delivery, DeliveryCondition, Invocation, Outcome, RequestId};

/// An event waiting in, or taken from, a function's internal queue.
#[derive(Debug, Clone, Copy)]
pub struct AsyncEvent {
    pub function: usize,
    pub version: u32,
    pub request_id: RequestId,
    pub accepted: Micros,
    /// Attempts that ran code.
    pub attempts: u32,
    /// Consecutive throttles, for the backoff.
    pub throttles: u32,
    pub last_error: Option<&'static str>,
    /// The invocation whose handler sent the event.
    pub called_by: Option<u32>,
    pub depth: u32,
}

/// Why an event failed for good.
pub enum Failure {
    RetriesExhausted,
    EventAgeExceeded,
    /// Stopped by recursive loop detection: dropped and counted.
    RecursionDropped,
}

/// The wait before the next attempt after a function error: 1 minute before
/// the second attempt, 2 minutes before the third.
fn retry_delay(attempts_so_far: u32) -> Micros {
    if attempts_so_far <= 1 {
        MINUTE
    } else {
        2 * MINUTE
    }
}

/// The wait after a throttle: doubling from 1 s, at most 5 minutes.
fn throttle_backoff(throttles: u32) -> Micros {
    (SECOND << throttles.min(9)).min(5 * MINUTE)
}

impl Engine<'_> {
    /// The Invoke API answers 202 as soon as the event is queued (or 413 when
    /// the payload is over 1 MB).
    pub(super) fn accept_async(
        &mut self,
        function: usize,
        version: u32,
        payload: u64,
        called_by: Option<u32>,
        depth: u32,
    ) {
        if payload > ASYNC_PAYLOAD_LIMIT {
            self.rejected_too_large(function, InvocationType::Async);
            return;
        }
        self.run.totals.per_function[function].async_received += 1;
        self.metrics_minute(function).async_events_received += 1;
        let event = AsyncEvent {
            function,
            version,
            request_id: self.new_request_id(),
            accepted: self.now,
            attempts: 0,
            throttles: 0,
            last_error: None,
            called_by,
            depth,
        };
        let slot = match self.free_async.pop() {
            Some(slot) => {
                self.async_events[slot as usize] = Some(event);
                slot
            }
            None => {
                self.async_events.push(Some(event));
                (self.async_events.len() - 1) as u32
            }
        };
        // The internal queue hands the event to the function straight away.
        self.async_attempt(slot);
    }

    /// Lambda takes the event from the queue and tries to run it.
    pub(super) fn async_attempt(&mut self, slot: u32) {
        let Some(event) = self.async_events[slot as usize] else {
            return;
        };
        let f = event.function;
        let age = self.now - event.accepted;
        {
            let minute = self.metrics_minute(f);
            minute.async_event_age_max = minute.async_event_age_max.max(age);
        }
        // Reserved concurrency 0: straight to failure handling, no retries.
        if self.reserved_zero(f) {
            self.run.totals.per_function[f].throttles += 1;
            self.metrics_minute(f).throttles += 1;
            self.fail_async(slot, Failure::RetriesExhausted);
            return;
        }
        if age > self.sim.functions[f].async_config.max_event_age {
            self.fail_async(slot, Failure::EventAgeExceeded);
            return;
        }
        let mut request = Request::new(f, InvocationType::Async, self.now, event.request_id);
        request.version = event.version;
        request.attempt = event.attempts + 1;
        request.called_by = event.called_by;
        request.async_event = Some(slot);
        request.depth = event.depth;
        let started = self.start(request);
        if self.async_events[slot as usize].is_none() {
            return; // dropped by recursive loop detection
        }
        let stored = self.async_events[slot as usize]
            .as_mut()
            .expect("event is queued");
        if started {
            stored.attempts += 1;
            stored.throttles = 0;
        } else {
            // Throttled: back into the queue with backoff.
            let delay = throttle_backoff(stored.throttles);
            stored.throttles += 1;
            let at = self.now + delay;
            self.schedule(at, Event::AsyncAttempt { event: slot });
        }
    }

    /// An attempt ended: success goes to the on-success destination; an error
    /// is retried, or the event fails for good.
    pub(super) fn async_finished(&mut self, slot: u32, invocation: &Invocation) {
        let Some(event) = self.async_events[slot as usize].as_mut() else {
            return;
        };
        let f = event.function;
        if invocation.outcome == Outcome::Success {
            // Borrowed from the simulation, which outlives the engine: no copy.
            let sim = self.sim;
            if let Some(target) = &sim.functions[f].async_config.on_success {
                self.run.totals.per_function[f].on_success_deliveries += 1;
                self.deliver(slot, target, false, DeliveryCondition::Success);
            }
            self.free_event(slot);
            return;
        }
        event.last_error = invocation.outcome.error_type();
        let attempts = event.attempts;
        let config = &self.sim.functions[f].async_config;
        if attempts > config.max_retries {
            self.fail_async(slot, Failure::RetriesExhausted);
        } else {
            self.run.totals.per_function[f].retries += 1;
            let at = self.now + retry_delay(attempts);
            self.schedule(at, Event::AsyncAttempt { event: slot });
        }
    }

    fn deliver(
        &mut self,
        slot: u32,
        target: &Destination,
        dead_letter: bool,
        condition: DeliveryCondition,
    ) {
        let event = self.async_events[slot as usize].expect("event is queued");
        // Destinations and dead-letter queues must be standard queues and
        // topics: Lambda cannot write to a FIFO one, nor where the execution
        // role does not allow it, and counts the failure.
        let permissions = &self.permissions[event.function];
        let denied = match (dead_letter, condition) {
            (true, _) => permissions.dead_letter_queue.clone(),
            (false, DeliveryCondition::Success) => permissions.on_success.clone(),
            (false, _) => permissions.on_failure.clone(),
        };
        if let Some(message) = &denied {
            self.note_access_denied(message.clone());
        }
        if target.name.ends_with(".fifo") || denied.is_some() {
            let f = event.function;
            let minute = self.metrics_minute(f);
            if dead_letter {
                minute.dead_letter_errors += 1;
            } else {
                minute.destination_delivery_failures += 1;
            }
            self.run.totals.per_function[f].delivery_failures += 1;
            return;
        }
        if !self.keep {
            return;
        }
        self.run.deliveries.push(Delivery {
            at: self.now,
            function: event.function,
            request_id: event.request_id,
            target_kind: target.kind,
            target: target.name.clone(),
            dead_letter,
            condition,
            attempts: event.attempts,
            error_type: event.last_error,
        });
    }

    fn free_event(&mut self, slot: u32) {
        self.async_events[slot as usize] = None;
        self.free_async.push(slot);
    }
}

/// The event failed for good: on-failure destination, dead-letter queue, or
/// dropped and counted in `AsyncEventsDropped`.
pub(super) fn fail(engine: &mut Engine<'_>, slot: u32, failure: Failure) {
    let f = engine.async_events[slot as usize]
        .as_ref()
        .expect("event is queued")
        .function;
    let sim = engine.sim;
    let config = &sim.functions[f].async_config;
    engine.run.totals.per_function[f].async_failed += 1;
    let condition = match failure {
        Failure::RetriesExhausted => DeliveryCondition::RetriesExhausted,
        Failure::EventAgeExceeded => DeliveryCondition::EventAgeExceeded,
        Failure::RecursionDropped => {
            engine.run.totals.per_function[f].async_dropped += 1;
            engine.free_event(slot);
            return;
        }
    };
    let mut kept = false;
    if let Some(target) = &config.on_failure {
        engine.run.totals.per_function[f].on_failure_deliveries += 1;
        engine.deliver(slot, target, false, condition);
        kept = true;
    }
    if let Some(queue) = &config.dead_letter_queue {
        engine.run.totals.per_function[f].dead_letters += 1;
        engine.deliver(slot, queue, true, condition);
        kept = true;
    }
    if !kept {
        engine.run.totals.per_function[f].async_dropped += 1;
        engine.metrics_minute(f).async_events_dropped += 1;
    }
    engine.free_event(slot);
}
