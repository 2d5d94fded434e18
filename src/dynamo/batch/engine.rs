//! The bulk writer's decisions, with no I/O and no clock of its own: what to
//! send, when to cut or grow the window of calls in flight, when to pause,
//! when to give up. Every method is told the time (`now`), so the tests run
//! it on a virtual clock; the loop in the parent module does the sending,
//! the sleeping and the listening for signals.

use std::collections::VecDeque;
use std::time::Duration;

use aws_sdk_dynamodb::types::WriteRequest;
use tokio::time::Instant;

use super::{SendError, Sent, Stop, WriteStats, WriterOptions, BATCH_SIZE};
use super::{DRAIN_LIMIT, INITIAL_WINDOW};
use crate::app::error::CliError;
use crate::app::interrupt::Signal;
use crate::aws::retry::Transient;
use crate::dynamo::write_cap::WriteCap;

/// The additive-increase, multiplicative-decrease window of calls in flight.
#[derive(Debug)]
struct Window {
    limit: f64,
    max: f64,
    slow_start: bool,
    /// Calls sent up to the last cut: their failures do not cut again.
    cut_at: u64,
}

impl Window {
    fn new(max: usize) -> Self {
        let max = max.max(1) as f64;
        Window {
            limit: INITIAL_WINDOW.min(max),
            max,
            slow_start: true,
            cut_at: 0,
        }
    }

    fn allowed(&self) -> usize {
        self.limit.floor().max(1.0) as usize
    }

    fn at_floor(&self) -> bool {
        self.limit < 2.0
    }

    fn grow(&mut self) {
        self.limit += if self.slow_start {
            1.0
        } else {
            1.0 / self.limit
        };
        self.limit = self.limit.min(self.max);
    }

    /// Halves the window for a failure of call `call`, unless the window was
    /// already cut after that call was sent. `sent` is the latest call's number.
    fn cut(&mut self, call: u64, sent: u64) {
        if call > self.cut_at {
            self.limit = (self.limit / 2.0).max(1.0);
            self.slow_start = false;
            self.cut_at = sent;
        }
    }
}

/// How much a throttle leaves of what the table took in the last second.
const PACE_AFTER_THROTTLE: f64 = 0.9;
/// The share of each accepted call's units the pace rises by: about this
/// share of the pace a second.
const PACE_GROWTH: f64 = 0.1;
/// What the pace looks back on, and the least time between two cuts.
const PACE_LOOKBACK: Duration = Duration::from_secs(1);

/// A pace in write units a second, learned from the table's throttling. A
/// window bounds how many calls are in flight, not how fast they go: a
/// throttle comes back at once, so a table of too little capacity would
/// refuse most calls even at one call in flight. After a throttle, calls
/// keep to 90% of the units the table took in the last second; the pace
/// rises by a tenth of every accepted call's units (about 10% a second)
/// until the next throttle cuts it again (at most once a second, and not
/// for calls sent before the last cut). Until the first throttle there is
/// no pace.
#[derive(Debug, Default)]
struct Pace {
    /// Units of the accepted calls of the last second, by answer time.
    recent: VecDeque<(Instant, f64)>,
    cap: Option<WriteCap>,
    rate: f64,
    /// When the write began: a throttle in its first second weighs what
    /// was taken over the time there was.
    began: Option<Instant>,
    /// Calls sent up to the last cut, and when it was.
    cut_at: u64,
    cut_time: Option<Instant>,
}

impl Pace {
    fn forget_before(&mut self, now: Instant) {
        while self
            .recent
            .front()
            .is_some_and(|(at, _)| *at + PACE_LOOKBACK < now)
        {
            self.recent.pop_front();
        }
    }

    /// A call was accepted and consumed `units`.
    fn accepted(&mut self, units: f64, now: Instant) {
        self.recent.push_back((now, units));
        self.forget_before(now);
        if let Some(cap) = &mut self.cap {
            self.rate += units * PACE_GROWTH;
            cap.set_rate(self.rate, now);
        }
    }

    /// Call `call` was throttled; `sent` calls have gone out, and a call
    /// a second (`least` units) is the slowest pace.
    fn throttled(&mut self, call: u64, sent: u64, least: f64, now: Instant) {
        let recently = self.cut_time.is_some_and(|t| now < t + PACE_LOOKBACK);
        if call <= self.cut_at || recently {
            return;
        }
        self.forget_before(now);
        let span = self
            .began
            .map_or(PACE_LOOKBACK, |b| now.saturating_duration_since(b))
            .clamp(Duration::from_millis(1), PACE_LOOKBACK);
        // Units a second the table took lately.
        let taken = self.recent.iter().map(|(_, units)| units).sum::<f64>() / span.as_secs_f64();
        if taken <= 0.0 {
            // Nothing accepted lately: nothing to learn the table's pace
            // from (the window and the pause deal with it).
            return;
        }
        let before = if self.cap.is_some() { self.rate } else { taken };
        // At most halved by one cut: a second slowed by backoff is not
        // the table's capacity.
        self.rate = (taken.min(before) * PACE_AFTER_THROTTLE)
            .max(before / 2.0)
            .max(least);
        match &mut self.cap {
            Some(cap) => cap.set_rate(self.rate, now),
            None => self.cap = Some(WriteCap::new(self.rate, now)),
        }
        self.cut_at = sent;
        self.cut_time = Some(now);
    }
}

/// Items to send again, not before `ready`.
#[derive(Debug)]
struct Delayed {
    ready: Instant,
    /// How often each of these items has been sent already.
    attempt: u32,
    items: Vec<WriteRequest>,
}

/// Items waiting to be sent: fresh ones in order, and the ones sent back,
/// each with a backoff of its own. Retries go first once they are due.
#[derive(Debug, Default)]
struct Queue {
    fresh: VecDeque<WriteRequest>,
    delayed: Vec<Delayed>,
    /// Due retries with their attempt count.
    due: VecDeque<(u32, WriteRequest)>,
}

impl Queue {
    fn is_empty(&self) -> bool {
        self.fresh.is_empty() && self.delayed.is_empty() && self.due.is_empty()
    }

    /// Moves the retries whose time has come to the front.
    fn release(&mut self, now: Instant) {
        let mut i = 0;
        while i < self.delayed.len() {
            if self.delayed[i].ready <= now {
                let d = self.delayed.swap_remove(i);
                self.due.extend(d.items.into_iter().map(|r| (d.attempt, r)));
            } else {
                i += 1;
            }
        }
    }

    /// The next retry time, if retries are waiting.
    fn next_ready(&self) -> Option<Instant> {
        self.delayed.iter().map(|d| d.ready).min()
    }

    /// Up to one call's worth of items that may go now, each with how often
    /// it was sent before (0 for fresh items), and the write units they are
    /// estimated at (`units` of each). With a `budget` of write units, the
    /// call holds no more items than fit in it; an item over the budget by
    /// itself goes alone.
    fn take_batch(
        &mut self,
        budget: Option<f64>,
        units: impl Fn(&WriteRequest) -> f64,
    ) -> Option<Batch> {
        let mut batch = Batch::default();
        while batch.items.len() < BATCH_SIZE {
            let Some(next) = self.due.front().map(|(_, r)| r).or(self.fresh.front()) else {
                break;
            };
            let cost = units(next);
            let fits = |total: f64| budget.is_none_or(|b| total <= b);
            if !batch.items.is_empty() && !fits(batch.estimate + cost) {
                break;
            }
            let (attempt, item) = match self.due.pop_front() {
                Some(due) => due,
                None => (0, self.fresh.pop_front().expect("looked at")),
            };
            batch.attempts.push(attempt);
            batch.items.push(item);
            batch.estimate += cost;
            if !fits(batch.estimate) {
                break; // one item over the budget: it goes alone
            }
        }
        (!batch.items.is_empty()).then_some(batch)
    }

    /// Queues items sent back, each after a backoff for its own number of
    /// sends: an item sent once waits less than one sent five times.
    fn send_back(
        &mut self,
        items: Vec<(u32, WriteRequest)>,
        now: Instant,
        opts: &WriterOptions,
        rng: &mut fastrand::Rng,
    ) {
        let mut by_attempt: Vec<Delayed> = Vec::new();
        for (sent, item) in items {
            let attempt = sent + 1;
            match by_attempt.iter_mut().find(|d| d.attempt == attempt) {
                Some(d) => d.items.push(item),
                None => by_attempt.push(Delayed {
                    ready: now + opts.backoff(attempt, rng.f64()),
                    attempt,
                    items: vec![item],
                }),
            }
        }
        self.delayed.extend(by_attempt);
    }
}

/// The items of one call, with how often each was sent before.
#[derive(Debug, Default, Clone)]
struct Batch {
    attempts: Vec<u32>,
    items: Vec<WriteRequest>,
    /// Write units the items are estimated to consume.
    estimate: f64,
}

impl Batch {
    /// The items DynamoDB returned unprocessed, each with its count of
    /// sends (found by matching it against the items sent).
    fn sent_counts(&self, unprocessed: Vec<WriteRequest>) -> Vec<(u32, WriteRequest)> {
        let mut matched = vec![false; self.items.len()];
        let most = self.attempts.iter().copied().max().unwrap_or(0);
        unprocessed
            .into_iter()
            .map(|r| {
                let at = (0..self.items.len()).find(|&i| !matched[i] && self.items[i] == r);
                match at {
                    Some(i) => {
                        matched[i] = true;
                        (self.attempts[i], r)
                    }
                    None => (most, r),
                }
            })
            .collect()
    }

    fn all(self) -> Vec<(u32, WriteRequest)> {
        self.attempts.into_iter().zip(self.items).collect()
    }
}

/// One BatchWriteItem to send, as the engine planned it.
#[derive(Debug)]
pub(super) struct Call {
    /// 1 for the first call sent, and so on.
    pub id: u64,
    batch: Batch,
    /// Write units it is expected to consume (for the cap).
    estimate: f64,
}

impl Call {
    /// The requests to send.
    pub fn requests(&self) -> Vec<WriteRequest> {
        self.batch.items.clone()
    }
}

/// What the loop does next.
#[derive(Debug)]
pub(super) enum Next {
    /// Send `send` now, then wait for an answer, a chunk of the feed (when
    /// `want_more`), a signal, or `wake_at`.
    Wait {
        send: Vec<Call>,
        wake_at: Option<Instant>,
        want_more: bool,
    },
    /// Nothing more to send or to wait for: [`Engine::finish`].
    Done,
}

/// The state of one bulk write.
#[derive(Debug)]
pub(super) struct Engine {
    opts: WriterOptions,
    stats: WriteStats,
    queue: Queue,
    window: Window,
    cap: Option<WriteCap>,
    pace: Pace,
    rng: fastrand::Rng,
    /// Calls sent and not yet answered.
    in_flight: usize,
    /// More chunks may come from a feed.
    feed_open: bool,
    /// More is asked of the feed once fewer items wait than this.
    low_water: usize,
    last_progress: Instant,
    /// Set when throttled with one call in flight: nothing goes out until then.
    paused_until: Option<Instant>,
    throttles_in_a_row: u32,
    stop: Option<(Stop, Instant)>,
}

impl Engine {
    /// The rates a call must keep to: the cap asked for (`--max-wcu`) and
    /// the pace learned from throttling, those that are set.
    fn caps(&mut self) -> impl Iterator<Item = &mut WriteCap> {
        [self.cap.as_mut(), self.pace.cap.as_mut()]
            .into_iter()
            .flatten()
    }

    /// A write of `total` items: `requests` now, the rest from a feed when
    /// `feed_open`.
    pub fn new(
        opts: WriterOptions,
        total: usize,
        requests: Vec<WriteRequest>,
        feed_open: bool,
        now: Instant,
    ) -> Self {
        Engine {
            stats: WriteStats {
                items: total,
                ..Default::default()
            },
            queue: Queue {
                fresh: requests.into(),
                ..Default::default()
            },
            window: Window::new(opts.max_in_flight),
            cap: opts.max_wcu.map(|rate| WriteCap::new(f64::from(rate), now)),
            pace: Pace {
                began: Some(now),
                ..Pace::default()
            },
            rng: opts
                .seed
                .map_or_else(fastrand::Rng::new, fastrand::Rng::with_seed),
            in_flight: 0,
            feed_open,
            low_water: BATCH_SIZE * opts.max_in_flight.max(1),
            last_progress: now,
            paused_until: None,
            throttles_in_a_row: 0,
            stop: None,
            opts,
        }
    }

    /// The figures so far.
    pub fn stats(&self) -> &WriteStats {
        &self.stats
    }

    /// Whether the write is stopping (signal, stall or fatal error).
    pub fn stopping(&self) -> bool {
        self.stop.is_some()
    }

    fn stop_with(&mut self, stop: Stop, now: Instant) {
        if self.stop.is_none() {
            self.stop = Some((stop, now));
        }
    }

    /// A signal arrived: send nothing new, wait a little for the calls in flight.
    pub fn interrupt(&mut self, signal: Signal, now: Instant) {
        self.stop_with(Stop::Interrupted(signal), now);
    }

    /// A chunk of the feed arrived.
    pub fn fed(&mut self, requests: Vec<WriteRequest>) {
        self.queue.fresh.extend(requests);
    }

    /// The feed has ended: `Err` if its reading failed.
    pub fn feed_ended(&mut self, result: Result<(), CliError>, now: Instant) {
        self.feed_open = false;
        if let Err(e) = result {
            self.stop_with(Stop::Failed(e), now);
        }
    }

    /// Applies the time and says what to send and how long to wait.
    pub fn step(&mut self, now: Instant) -> Next {
        match &self.stop {
            Some((_, at)) if now >= *at + DRAIN_LIMIT => return Next::Done,
            Some(_) => {}
            None if now >= self.last_progress + self.opts.stall_timeout => {
                self.stop_with(Stop::Stalled(self.opts.stall_timeout), now);
            }
            None => {}
        }
        if self.paused_until.is_some_and(|t| now >= t) {
            self.paused_until = None;
        }
        self.queue.release(now);
        let mut send = Vec::new();
        // Set when the cap holds calls back: when it allows the next one.
        let mut cap_until = None;
        if self.stop.is_none() && self.paused_until.is_none() {
            while self.in_flight < self.window.allowed() {
                // Both the cap and the learned pace must allow the call.
                let held = self.caps().filter_map(|c| c.ready_at(now)).max();
                if let Some(at) = held {
                    cap_until = Some(at);
                    break;
                }
                // No call spends more than a second of the cap's units.
                let budget = self.opts.max_wcu.map(f64::from);
                let opts = &self.opts;
                let Some(batch) = self.queue.take_batch(budget, |r| opts.estimate(r)) else {
                    break;
                };
                let estimate = batch.estimate;
                if budget.is_some_and(|b| estimate > b) {
                    self.stats.alone_over_cap += 1;
                }
                for c in self.caps() {
                    c.spend(estimate, now);
                }
                self.stats.requests += 1;
                self.in_flight += 1;
                self.stats.max_in_flight_reached =
                    self.stats.max_in_flight_reached.max(self.in_flight);
                send.push(Call {
                    id: self.stats.requests,
                    batch,
                    estimate,
                });
            }
        }
        let finished = self.stop.is_some() || (self.queue.is_empty() && !self.feed_open);
        if self.in_flight == 0 && finished {
            return Next::Done;
        }
        let wake_at = match &self.stop {
            Some((_, at)) => Some(*at + DRAIN_LIMIT),
            None => [
                self.paused_until.or(self.queue.next_ready()),
                cap_until,
                Some(self.last_progress + self.opts.stall_timeout),
            ]
            .into_iter()
            .flatten()
            .min(),
        };
        Next::Wait {
            send,
            wake_at,
            want_more: self.feed_open
                && self.stop.is_none()
                && self.queue.fresh.len() < self.low_water,
        }
    }

    /// The answer to `call` arrived.
    pub fn answered(&mut self, call: Call, result: Result<Sent, SendError>, now: Instant) {
        self.in_flight -= 1;
        let Call {
            id,
            batch,
            estimate,
        } = call;
        let sent = batch.items.len();
        let consumed = match &result {
            // Not said: the estimate of the items it took.
            Ok(answer) => answer.consumed.unwrap_or_else(|| {
                let back: f64 = answer
                    .unprocessed
                    .iter()
                    .map(|r| self.opts.estimate(r))
                    .sum();
                estimate - back
            }),
            // A refused or failed call consumed nothing (a 5xx may have
            // written some items, rewritten by the retry).
            Err(_) => 0.0,
        };
        self.stats.consumed_write_units += consumed;
        for c in self.caps() {
            c.settle(estimate, consumed);
        }
        let retry = match result {
            Ok(Sent { unprocessed, .. }) => {
                let accepted = sent - unprocessed.len();
                self.stats.written += accepted;
                if accepted > 0 {
                    self.last_progress = now;
                }
                self.throttles_in_a_row = 0;
                if accepted > 0 {
                    self.pace.accepted(consumed, now);
                }
                if unprocessed.is_empty() {
                    self.window.grow();
                    None
                } else {
                    // DynamoDB leaves items unprocessed when the table is
                    // short of capacity: send less at once.
                    self.stats.unprocessed += unprocessed.len() as u64;
                    self.window.cut(id, self.stats.requests);
                    Some(batch.sent_counts(unprocessed))
                }
            }
            Err(SendError::Transient(Transient::Throttled)) => {
                self.stats.throttled += 1;
                self.throttles_in_a_row += 1;
                if self.window.at_floor() && self.throttles_in_a_row >= 2 {
                    // Throttled again with one call at a time: wait.
                    let pause = self
                        .opts
                        .backoff(self.throttles_in_a_row - 1, self.rng.f64());
                    let until = now + pause;
                    self.paused_until = Some(self.paused_until.map_or(until, |t| t.max(until)));
                }
                self.window.cut(id, self.stats.requests);
                self.pace.throttled(id, self.stats.requests, estimate, now);
                Some(batch.all())
            }
            Err(SendError::Transient(Transient::ServerError | Transient::Connection)) => {
                // Not a capacity signal: only this batch waits.
                self.stats.failed_calls += 1;
                Some(batch.all())
            }
            Err(SendError::Fatal(e)) => {
                self.stop_with(Stop::Failed(e), now);
                None
            }
        };
        if let Some(items) = retry {
            self.stats.retries += items.len() as u64;
            self.queue.send_back(items, now, &self.opts, &mut self.rng);
        }
    }

    /// The figures, and why the write stopped short (None: it did not),
    /// once [`Engine::step`] said `Done`.
    pub fn finish(self) -> (WriteStats, Option<Stop>) {
        (self.stats, self.stop.map(|(stop, _)| stop))
    }
}

#[cfg(test)]
mod tests;
