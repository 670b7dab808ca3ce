//! Event source mappings (facts §7): Lambda polls an SQS queue or a stream
//! and invokes the function synchronously with batches.
//!
//! SQS: a received message is hidden for the visibility timeout; a batch that
//! succeeds is deleted; a failed one (or, with partial batch responses, its
//! failed messages only) becomes visible again when the timeout ends, and a
//! message received `max_receive_count` times is moved to the dead-letter queue.
//!
//! Streams: records are read in order, one batch per shard at a time; a
//! failed batch is retried and holds up its shard, which `IteratorAge` shows.

use std::collections::VecDeque;

use super::config::{DestinationKind, InvocationType, Source, SqsMapping, StreamMapping};
use super::engine::{BatchRef, Engine, Event, Request};
use super::time::{Micros, SECOND};
use super::trace::{Delivery, DeliveryCondition, Invocation, Outcome};

/// Concurrent batches an SQS mapping runs when no `max_concurrency` is set:
/// the mapping's maximum without provisioned pollers (our assumption; the
/// function's concurrency limits apply on top).
const DEFAULT_SQS_CONCURRENCY: u32 = 1_000;
/// Wait before a failed stream batch is tried again.
const STREAM_RETRY_DELAY: Micros = SECOND;

#[derive(Debug, Clone, Copy)]
struct Item {
    number: u64,
    sent_at: Micros,
    receives: u32,
}

/// The state of one mapping (one traffic source).
#[derive(Debug, Default)]
pub(super) struct MappingState {
    /// SQS: visible messages, oldest first. Streams: records of each shard.
    visible: VecDeque<Item>,
    /// SQS messages received and hidden until their visibility timeout ends.
    hidden: Vec<(Micros, Item)>,
    shards: Vec<VecDeque<Item>>,
    shard_busy: Vec<bool>,
    in_flight: u32,
    next_item: u64,
    poll_at: Option<Micros>,
}

/// A batch in flight.
#[derive(Debug)]
pub(super) struct Batch {
    source: u32,
    items: Vec<Item>,
    started: Micros,
    shard: Option<usize>,
}

impl MappingState {
    pub fn for_source(source: &Source) -> Self {
        match source {
            Source::Stream(stream) => MappingState {
                shards: vec![VecDeque::new(); stream.shards.max(1) as usize],
                shard_busy: vec![false; stream.shards.max(1) as usize],
                ..MappingState::default()
            },
            _ => MappingState::default(),
        }
    }
}

impl Engine<'_> {
    /// A message reaches the queue, or a record the stream.
    pub(super) fn item_arrived(&mut self, source: u32) {
        let state = &mut self.mappings[source as usize];
        state.next_item += 1;
        let item = Item {
            number: state.next_item,
            sent_at: self.now,
            receives: 0,
        };
        if state.shards.is_empty() {
            state.visible.push_back(item);
        } else {
            let shard = (item.number as usize - 1) % state.shards.len();
            state.shards[shard].push_back(item);
        }
        let now = self.now;
        self.schedule_poll(source, now);
    }

    /// The mapping's pollers look for work and start as many batches as they may.
    pub(super) fn poll(&mut self, source: u32) {
        let sim = self.sim;
        let traffic = &sim.traffic[source as usize];
        if self.mappings[source as usize].poll_at == Some(self.now) {
            self.mappings[source as usize].poll_at = None;
        }
        match &traffic.source {
            Source::Sqs(queue) => self.poll_queue(source, traffic.function, queue),
            Source::Stream(stream) => self.poll_stream(source, traffic.function, stream),
            _ => {}
        }
    }

    fn schedule_poll(&mut self, source: u32, at: Micros) {
        let state = &mut self.mappings[source as usize];
        if state.poll_at.is_some_and(|p| p <= at && p >= self.now) {
            return;
        }
        state.poll_at = Some(at);
        self.schedule(at, Event::Poll { source });
    }

    fn poll_queue(&mut self, source: u32, function: usize, queue: &SqsMapping) {
        self.reveal_messages(source, function, queue);
        let limit = queue.max_concurrency.unwrap_or(DEFAULT_SQS_CONCURRENCY);
        loop {
            let state = &mut self.mappings[source as usize];
            let Some(oldest) = state.visible.front() else {
                break;
            };
            if state.in_flight >= limit {
                break;
            }
            let full = state.visible.len() >= queue.batch_size as usize;
            let window_ends = oldest.sent_at + queue.batch_window;
            if !full && self.now < window_ends {
                self.schedule_poll(source, window_ends);
                break;
            }
            let take = state.visible.len().min(queue.batch_size as usize);
            let mut items: Vec<Item> = state.visible.drain(..take).collect();
            for item in &mut items {
                item.receives += 1;
            }
            let poison = items.iter().any(|i| queue.poison.contains(&i.number));
            state.in_flight += 1;
            let units = items.len() as u32;
            let slot = self.new_batch(Batch {
                source,
                items,
                started: self.now,
                shard: None,
            });
            let request_id = self.new_request_id();
            let mut request = Request::new(function, InvocationType::Sync, self.now, request_id);
            request.units = units;
            request.batch = Some(BatchRef::Sqs(slot));
            // A poison message makes the handler fail unless it reports it alone.
            request.forced_error = poison && !queue.report_batch_item_failures;
            if !self.start(request) {
                // Throttled: the messages stay hidden until their timeout ends.
                let batch = self.take_batch(slot);
                self.mappings[source as usize].in_flight -= 1;
                self.hide(
                    source,
                    batch.items,
                    batch.started + queue.visibility_timeout,
                );
            }
        }
        // Wake up when the next hidden message becomes visible.
        let next = self.mappings[source as usize]
            .hidden
            .iter()
            .map(|(at, _)| *at)
            .min();
        if let Some(at) = next {
            self.schedule_poll(source, at);
        }
    }

    /// Hidden messages whose visibility timeout has passed are visible again,
    /// or, past `max_receive_count`, moved to the dead-letter queue.
    fn reveal_messages(&mut self, source: u32, function: usize, queue: &SqsMapping) {
        let now = self.now;
        let state = &mut self.mappings[source as usize];
        let mut back: Vec<Item> = Vec::new();
        state.hidden.retain(|(at, item)| {
            if *at <= now {
                back.push(*item);
                false
            } else {
                true
            }
        });
        back.sort_by_key(|i| i.number);
        for item in back {
            let exhausted = queue
                .max_receive_count
                .is_some_and(|max| item.receives >= max);
            if exhausted {
                self.run.totals.per_function[function].messages_dead_lettered += 1;
                if self.keep {
                    self.run.deliveries.push(Delivery {
                        at: now,
                        function,
                        request_id: Default::default(),
                        target_kind: DestinationKind::Sqs,
                        target: queue
                            .dead_letter_queue
                            .clone()
                            .unwrap_or_else(|| format!("{}-dlq", queue.queue)),
                        dead_letter: true,
                        condition: DeliveryCondition::RetriesExhausted,
                        attempts: item.receives,
                        error_type: Some("Error"),
                    });
                }
            } else {
                self.mappings[source as usize].visible.push_back(item);
            }
        }
        let state = &mut self.mappings[source as usize];
        state.visible.make_contiguous().sort_by_key(|i| i.number);
    }

    fn hide(&mut self, source: u32, items: Vec<Item>, until: Micros) {
        let state = &mut self.mappings[source as usize];
        state.hidden.extend(items.into_iter().map(|i| (until, i)));
        self.schedule_poll(source, until);
    }

    fn poll_stream(&mut self, source: u32, function: usize, stream: &StreamMapping) {
        for shard in 0..self.mappings[source as usize].shards.len() {
            let state = &mut self.mappings[source as usize];
            if state.shard_busy[shard] || state.shards[shard].is_empty() {
                continue;
            }
            let take = state.shards[shard].len().min(stream.batch_size as usize);
            let items: Vec<Item> = state.shards[shard].iter().take(take).copied().collect();
            state.shard_busy[shard] = true;
            state.in_flight += 1;
            // IteratorAge: how old the newest record of the batch is.
            let age = self.now - items.last().map_or(self.now, |i| i.sent_at);
            let minute = self.run.metrics.minute(function, self.now);
            minute.iterator_age_max = minute.iterator_age_max.max(age);
            let units = items.len() as u32;
            let slot = self.new_batch(Batch {
                source,
                items,
                started: self.now,
                shard: Some(shard),
            });
            let request_id = self.new_request_id();
            let mut request = Request::new(function, InvocationType::Sync, self.now, request_id);
            request.units = units;
            request.batch = Some(BatchRef::Stream(slot));
            if !self.start(request) {
                self.take_batch(slot);
                let state = &mut self.mappings[source as usize];
                state.shard_busy[shard] = false;
                state.in_flight -= 1;
                let at = self.now + STREAM_RETRY_DELAY;
                self.schedule_poll(source, at);
            }
        }
    }

    /// A batch's invocation ended: delete, return or retry its items.
    pub(super) fn batch_finished(&mut self, batch: BatchRef, invocation: &Invocation) {
        let (BatchRef::Sqs(slot) | BatchRef::Stream(slot)) = batch;
        let batch = self.take_batch(slot);
        let source = batch.source;
        let sim = self.sim;
        let traffic = &sim.traffic[source as usize];
        let f = traffic.function;
        self.mappings[source as usize].in_flight -= 1;
        let succeeded = invocation.outcome == Outcome::Success;
        match &traffic.source {
            Source::Sqs(queue) => {
                let (failed, done): (Vec<Item>, Vec<Item>) = if succeeded {
                    // Partial batch response: only the poison messages return.
                    batch
                        .items
                        .into_iter()
                        .partition(|i| queue.poison.contains(&i.number))
                } else {
                    (batch.items, Vec::new())
                };
                self.run.totals.per_function[f].messages_deleted += done.len() as u64;
                if !failed.is_empty() {
                    self.hide(source, failed, batch.started + queue.visibility_timeout);
                }
            }
            Source::Stream(_) => {
                let shard = batch.shard.unwrap_or(0);
                let state = &mut self.mappings[source as usize];
                state.shard_busy[shard] = false;
                if succeeded {
                    let n = batch.items.len().min(state.shards[shard].len());
                    state.shards[shard].drain(..n);
                    self.run.totals.per_function[f].records_processed += n as u64;
                } else {
                    // The batch is retried and holds up the shard until it succeeds.
                    let at = self.now + STREAM_RETRY_DELAY;
                    self.schedule_poll(source, at);
                    return;
                }
            }
            _ => {}
        }
        let now = self.now;
        self.schedule_poll(source, now);
    }

    fn new_batch(&mut self, batch: Batch) -> u32 {
        match self.free_batches.pop() {
            Some(slot) => {
                self.batches[slot as usize] = Some(batch);
                slot
            }
            None => {
                self.batches.push(Some(batch));
                (self.batches.len() - 1) as u32
            }
        }
    }

    fn take_batch(&mut self, slot: u32) -> Batch {
        self.free_batches.push(slot);
        self.batches[slot as usize]
            .take()
            .expect("the batch is in flight")
    }
}
