//! The bulk writer: BatchWriteItem, 25 requests a call, with the number of
//! calls in flight adapting to what the table takes.
//!
//! - The window of calls in flight starts small and grows while calls come
//!   back clean (doubling at first, then by one per window's worth of
//!   calls). A throttled call or a call that returns UnprocessedItems (the
//!   two signs of a table short of capacity) halves it, once per window;
//!   throttled twice in a row with a single call in flight, the writer also
//!   pauses new calls for an exponential backoff with full jitter.
//! - A throttle also sets a pace in write units a second, learned from
//!   what the table accepted in the last second, which then rises slowly
//!   until the next throttle: a window bounds calls in flight, not their
//!   rate (see the engine's `Pace`).
//! - Unprocessed items and the items of a failed call (throttled, 5xx,
//!   timeout, dropped connection) go back into the queue after a backoff of
//!   their own (exponential in how often each item was sent, full jitter),
//!   while the other calls go on; nothing is dropped.
//! - It gives up only when no item has been written for the stall window,
//!   not after a fixed number of attempts while progress is being made.
//! - Once its [`Shutdown`] is stopped (SIGINT / SIGTERM, see
//!   [`crate::interrupt`]) it sends nothing new and
//!   waits, at most [`DRAIN_LIMIT`], for the calls in flight.
//! - With a write cap (`--max-wcu`, see [`super::write_cap`]) a call goes
//!   out only when the capacity consumed so far, as the answers report it
//!   (ReturnConsumedCapacity), leaves room for it, and a call holds no more
//!   items than the cap allows in a second (each put estimated by its size
//!   and the indexes it lands in); an item over that by itself goes alone.
//! - The calls ask DynamoDB what they consumed with `--prod`, where the
//!   figure is the table's bill, and whenever `--max-wcu` is given (the cap
//!   settles on the answers; `unlimited` asks too, to see what a load
//!   costs). A local run without it counts its write units from the items
//!   (each put by its size and indexes, as DynamoDB counts them): DynamoDB
//!   Local takes writes markedly slower when it has to say what they
//!   consumed.
//!
//! The decisions live in [`engine`], with no I/O and no clock of its own;
//! this module sends, sleeps and listens for signals.
//!
//! The SDK's own retries are off for these calls: the writer is their retry
//! policy, so that it sees every throttle and can slow down.

use std::time::Duration;

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::types::{ReturnConsumedCapacity, WriteRequest};
use futures::stream::{FuturesUnordered, StreamExt};
use indicatif::ProgressBar;
use serde::Serialize;
use tokio::time::Instant;

use super::errors::ddb_error;
use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::app::interrupt::{Shutdown, Signal};
use crate::app::output;
use crate::aws::retry::{self, Transient};
use crate::model::capacity::{put_units, IndexKeys};
use engine::{Engine, Next};

mod engine;

/// The most requests BatchWriteItem takes at once.
pub const BATCH_SIZE: usize = 25;
/// Calls in flight at most, unless asked otherwise.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 16;
/// Time without a written item after which the writer gives up.
pub const DEFAULT_STALL_TIMEOUT: Duration = Duration::from_secs(60);
/// Longest wait for the calls in flight after a signal or a fatal error.
pub const DRAIN_LIMIT: Duration = Duration::from_secs(5);
/// Calls in flight at the start.
pub(crate) const INITIAL_WINDOW: f64 = 2.0;

/// Why one call failed.
#[derive(Debug)]
pub(crate) enum SendError {
    /// Sending the same items again may work.
    Transient(Transient),
    /// It will not: stop.
    Fatal(CliError),
}

/// What one accepted call did.
#[derive(Debug, Default)]
pub(crate) struct Sent {
    /// The requests DynamoDB left unprocessed.
    pub unprocessed: Vec<WriteRequest>,
    /// Write units consumed (table and indexes), when the answer says.
    pub consumed: Option<f64>,
}

/// Where batches go: DynamoDB, or a fake in tests.
pub(crate) trait BatchSink {
    /// Sends one BatchWriteItem for `table`; with `consumed`, the answer
    /// must say what the call consumed (for the cap and the summary).
    async fn send(
        &self,
        table: &str,
        requests: Vec<WriteRequest>,
        consumed: bool,
    ) -> Result<Sent, SendError>;
}

/// The real sink.
pub(crate) struct DynamoSink<'a> {
    pub ctx: &'a Ctx,
    pub client: super::client::Writer,
}

impl BatchSink for DynamoSink<'_> {
    async fn send(
        &self,
        table: &str,
        requests: Vec<WriteRequest>,
        consumed: bool,
    ) -> Result<Sent, SendError> {
        // AWS says at no cost, and its figure is the bill; DynamoDB Local
        // answers slower when asked, so a local run asks only when told to.
        let ask = if consumed || self.ctx.is_prod() {
            ReturnConsumedCapacity::Total
        } else {
            ReturnConsumedCapacity::None
        };
        let result = self
            .client
            .batch_write_item()
            .request_items(table, requests)
            .return_consumed_capacity(ask)
            .customize()
            .config_override(
                aws_sdk_dynamodb::config::Builder::default().retry_config(RetryConfig::disabled()),
            )
            .send()
            .await;
        match result {
            Ok(out) => {
                let consumed = out
                    .consumed_capacity()
                    .iter()
                    .filter(|c| c.table_name().is_none_or(|t| t == table))
                    .filter_map(|c| c.capacity_units())
                    .reduce(|a, b| a + b);
                Ok(Sent {
                    unprocessed: out
                        .unprocessed_items
                        .and_then(|mut m| m.remove(table))
                        .unwrap_or_default(),
                    consumed,
                })
            }
            Err(e) => match retry::transient(&e) {
                Some(kind) => Err(SendError::Transient(kind)),
                None => Err(SendError::Fatal(ddb_error(
                    self.ctx,
                    e,
                    &format!("writing to table '{table}'"),
                    Some(table),
                ))),
            },
        }
    }
}

/// Limits of one bulk write.
#[derive(Debug, Clone)]
pub struct WriterOptions {
    /// Calls in flight at most.
    pub max_in_flight: usize,
    /// Give up after this long without a written item.
    pub stall_timeout: Duration,
    /// First backoff after a throttle; doubles per consecutive failure.
    pub backoff_base: Duration,
    /// Longest backoff.
    pub backoff_cap: Duration,
    /// Write units a second at most (`--max-wcu`); None: no cap.
    pub max_wcu: Option<u32>,
    /// Estimated write units of an item whose size is not known (a
    /// delete), until the answers say what was consumed.
    pub units_per_item: f64,
    /// The table's indexes, for the write units a put is estimated at.
    pub indexes: Vec<IndexKeys>,
    /// Ask what each call consumed even without a cap (`--max-wcu
    /// unlimited`); with a cap, and with `--prod`, the calls always ask.
    pub ask_consumed: bool,
    /// Seed of the jitter's random generator (tests); None: from the system.
    pub seed: Option<u64>,
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            stall_timeout: DEFAULT_STALL_TIMEOUT,
            backoff_base: Duration::from_millis(50),
            backoff_cap: Duration::from_secs(5),
            max_wcu: None,
            units_per_item: 1.0,
            indexes: Vec::new(),
            ask_consumed: false,
            seed: None,
        }
    }
}

impl WriterOptions {
    /// The write units `request` is estimated to consume: a put's as
    /// DynamoDB counts them (its size, again per index it lands in), a
    /// delete's [`WriterOptions::units_per_item`].
    pub fn estimate(&self, request: &WriteRequest) -> f64 {
        match &request.put_request {
            Some(put) => put_units(&put.item, &self.indexes).total() as f64,
            None => self.units_per_item,
        }
    }

    /// Pause before retry number `retry` (1 = first retry): a uniformly
    /// random share (`unit` in [0, 1)) of `min(cap, base * 2^retry)`.
    pub fn backoff(&self, retry: u32, unit: f64) -> Duration {
        crate::app::wait::Backoff {
            first: self.backoff_base,
            cap: self.backoff_cap,
        }
        .jittered(retry, unit)
    }
}

/// What a bulk write did. It serializes as the figures of its calls that a
/// command's summary reports, flattened into the summary, which counts the
/// items in its own terms.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct WriteStats {
    /// Items asked for.
    #[serde(skip)]
    pub items: usize,
    /// Items DynamoDB accepted.
    #[serde(skip)]
    pub written: usize,
    /// BatchWriteItem calls sent.
    pub requests: u64,
    /// Items sent again (unprocessed, or in a call that failed).
    pub retries: u64,
    /// Calls refused with a throttling error.
    pub throttled: u64,
    /// Items DynamoDB returned as UnprocessedItems.
    pub unprocessed: u64,
    /// Calls that ended in a 5xx, a timeout or a dropped connection.
    pub failed_calls: u64,
    /// The most calls that were in flight at once.
    pub max_in_flight_reached: usize,
    /// Write units consumed, table and indexes, as DynamoDB reported them;
    /// estimated from the items where the answers did not say (a local run
    /// without a cap does not ask, see the module documentation).
    pub consumed_write_units: f64,
    /// Calls of one item estimated at more write units than the cap
    /// (`--max-wcu`) allows in a second: sent alone, the cap then waits.
    #[serde(skip)]
    pub alone_over_cap: u64,
}

impl WriteStats {
    /// Adds another phase's figures.
    pub fn add(&mut self, other: &WriteStats) {
        self.items += other.items;
        self.written += other.written;
        self.requests += other.requests;
        self.retries += other.retries;
        self.throttled += other.throttled;
        self.unprocessed += other.unprocessed;
        self.failed_calls += other.failed_calls;
        self.max_in_flight_reached = self.max_in_flight_reached.max(other.max_in_flight_reached);
        self.consumed_write_units += other.consumed_write_units;
        self.alone_over_cap += other.alone_over_cap;
    }
}

/// Why a bulk write stopped before the end.
#[derive(Debug)]
pub enum Stop {
    /// SIGINT or SIGTERM.
    Interrupted(Signal),
    /// No item was written for the stall window.
    Stalled(Duration),
    /// An error that retrying would not cure.
    Failed(CliError),
}

/// A bulk write that did not finish, and how far it got.
#[derive(Debug)]
pub struct WriteFailure {
    pub stop: Stop,
    pub stats: WriteStats,
}

impl WriteFailure {
    /// The error of a bulk write that stopped: how far it got (`done` of
    /// `total` `what`) and that running the same (idempotent) command again
    /// finishes the job. `doing` names the command's work ("seeding").
    pub fn into_error(self, doing: &str, what: &str, total: usize) -> CliError {
        let done = self.stats.written;
        let progress = format!(
            "{} of {} {what}",
            output::thousands(done as u64),
            output::thousands(total as u64)
        );
        let again = "run the same command again to finish";
        match self.stop {
            Stop::Interrupted(signal) => {
                CliError::interrupted(signal, format!("interrupted: {progress}; {again}"))
            }
            Stop::Stalled(window) => CliError::new(format!(
                "{doing} stopped: no item was written for {} s ({} throttled calls, {} unprocessed items); {progress}, {} not",
                window.as_secs(),
                self.stats.throttled,
                self.stats.unprocessed,
                output::thousands((total - done) as u64)
            ))
            .hint(format!(
                "{again} (it is idempotent); if the table keeps throttling, raise its write capacity or --stall-timeout"
            )),
            Stop::Failed(e) if done == 0 => e,
            Stop::Failed(e) => {
                let message = format!("{}; {progress}", e.message);
                // A failure no retry cured would stop a rerun at the same
                // point: no claim that running it again finishes the job.
                let hint = e.hint.clone().unwrap_or_else(|| {
                    "a rerun stops at the same point until the cause is fixed; once it is, the same command finishes the job (it writes by key)".to_string()
                });
                let mut out = CliError::new(message).hint(hint).kind(e.kind);
                out.detail = e.detail;
                out
            }
        }
    }
}

/// Shows written, retried and the current rate on the progress bar.
fn show(progress: &ProgressBar, stats: &WriteStats, base: u64, started: Instant) {
    progress.set_position(base + stats.written as u64);
    let secs = started.elapsed().as_secs_f64();
    let rate = if secs > 0.0 {
        (stats.written as f64 / secs).round() as u64
    } else {
        0
    };
    progress.set_message(format!("{} retried, {rate} items/s", stats.retries));
}

/// Writes every request, adapting the calls in flight (see the module
/// documentation). The progress bar's position advances by the items written.
pub(crate) async fn write_all<S: BatchSink>(
    sink: &S,
    table: &str,
    requests: Vec<WriteRequest>,
    opts: WriterOptions,
    shutdown: &Shutdown,
    progress: &ProgressBar,
) -> Result<WriteStats, WriteFailure> {
    let total = requests.len();
    let run = Run {
        opts,
        shutdown,
        progress,
    };
    write(sink, table, total, requests, None, run).await
}

/// A put of `item`, as the writer sends it.
pub(crate) fn put_request(item: crate::model::attr::Item) -> WriteRequest {
    let put = aws_sdk_dynamodb::types::PutRequest::builder()
        .set_item(Some(item))
        .build()
        .expect("the item is set");
    WriteRequest::builder().put_request(put).build()
}

/// Chunks of requests read while the writer writes, or the error that
/// ended the reading.
pub(crate) type Feed = tokio::sync::mpsc::Receiver<Result<Vec<WriteRequest>, CliError>>;

/// Writes `total` requests that arrive in chunks on `feed` (closed after
/// the last), taking more only while fewer than a full window of calls'
/// worth wait: memory stays bounded by the feed's chunks, whatever `total`.
pub(crate) async fn write_fed<S: BatchSink>(
    sink: &S,
    table: &str,
    total: usize,
    feed: Feed,
    opts: WriterOptions,
    shutdown: &Shutdown,
    progress: &ProgressBar,
) -> Result<WriteStats, WriteFailure> {
    let run = Run {
        opts,
        shutdown,
        progress,
    };
    write(sink, table, total, Vec::new(), Some(feed), run).await
}

/// The next chunk of a feed; never, once there is none.
async fn next_chunk(feed: &mut Option<Feed>) -> Option<Result<Vec<WriteRequest>, CliError>> {
    match feed {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// How one bulk write runs: its limits, what stops it, where it shows progress.
struct Run<'a> {
    opts: WriterOptions,
    shutdown: &'a Shutdown,
    progress: &'a ProgressBar,
}

async fn write<S: BatchSink>(
    sink: &S,
    table: &str,
    total: usize,
    requests: Vec<WriteRequest>,
    mut feed: Option<Feed>,
    Run {
        opts,
        shutdown,
        progress,
    }: Run<'_>,
) -> Result<WriteStats, WriteFailure> {
    let started = Instant::now();
    let base = progress.position();
    let consumed = opts.max_wcu.is_some() || opts.ask_consumed;
    let mut engine = Engine::new(opts, total, requests, feed.is_some(), started);
    let mut in_flight = FuturesUnordered::new();
    loop {
        if let Some(signal) = shutdown.requested() {
            engine.interrupt(signal, Instant::now());
        }
        let (send, wake_at, want_more) = match engine.step(Instant::now()) {
            Next::Done => break,
            Next::Wait {
                send,
                wake_at,
                want_more,
            } => (send, wake_at, want_more),
        };
        for call in send {
            in_flight.push(async move {
                let result = sink.send(table, call.requests(), consumed).await;
                (call, result)
            });
        }
        let stopping = engine.stopping();
        tokio::select! {
            Some((call, result)) = in_flight.next(), if !in_flight.is_empty() => {
                engine.answered(call, result, Instant::now());
                show(progress, engine.stats(), base, started);
            }
            chunk = next_chunk(&mut feed), if want_more => match chunk {
                Some(Ok(requests)) => engine.fed(requests),
                Some(Err(e)) => engine.feed_ended(Err(e), Instant::now()),
                None => {
                    feed = None;
                    engine.feed_ended(Ok(()), Instant::now());
                }
            },
            _ = tokio::time::sleep_until(wake_at.unwrap_or(started)), if wake_at.is_some() => {}
            signal = shutdown.received(), if !stopping => {
                engine.interrupt(signal, Instant::now());
            }
        }
    }
    match engine.finish() {
        (stats, None) => Ok(stats),
        (stats, Some(stop)) => Err(WriteFailure { stop, stats }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::types::{AttributeValue, PutRequest};
    use std::sync::Mutex;

    fn request(i: usize) -> WriteRequest {
        let put = PutRequest::builder()
            .item("pk", AttributeValue::S(format!("k{i}")))
            .build()
            .unwrap();
        WriteRequest::builder().put_request(put).build()
    }

    /// What the fake does with call number n (1-based).
    #[derive(Clone, Copy)]
    enum Answer {
        Accept,
        /// Keep the last n back (always accepting at least one).
        KeepBack(usize),
        Throttle,
        Fail,
        Fatal,
    }

    struct FakeSink {
        script: Box<dyn Fn(usize) -> Answer + Send + Sync>,
        calls: Mutex<usize>,
        in_flight: Mutex<(usize, usize)>,
        accepted: Mutex<Vec<String>>,
        biggest: Mutex<usize>,
        /// Whether each call asked what it consumed.
        asked: Mutex<Vec<bool>>,
    }

    impl FakeSink {
        fn new(script: impl Fn(usize) -> Answer + Send + Sync + 'static) -> Self {
            FakeSink {
                script: Box::new(script),
                calls: Mutex::new(0),
                in_flight: Mutex::new((0, 0)),
                accepted: Mutex::new(Vec::new()),
                biggest: Mutex::new(0),
                asked: Mutex::new(Vec::new()),
            }
        }

        fn accepted_sorted(&self) -> Vec<String> {
            let mut a = self.accepted.lock().unwrap().clone();
            a.sort();
            a
        }
    }

    impl BatchSink for FakeSink {
        async fn send(
            &self,
            _table: &str,
            mut requests: Vec<WriteRequest>,
            consumed: bool,
        ) -> Result<Sent, SendError> {
            self.asked.lock().unwrap().push(consumed);
            let call = {
                let mut c = self.calls.lock().unwrap();
                *c += 1;
                *c
            };
            {
                let mut f = self.in_flight.lock().unwrap();
                f.0 += 1;
                f.1 = f.1.max(f.0);
                let mut b = self.biggest.lock().unwrap();
                *b = (*b).max(requests.len());
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
            self.in_flight.lock().unwrap().0 -= 1;
            let keep = match (self.script)(call) {
                Answer::Accept => 0,
                Answer::KeepBack(n) => n.min(requests.len() - 1),
                Answer::Throttle => return Err(SendError::Transient(Transient::Throttled)),
                Answer::Fail => return Err(SendError::Transient(Transient::ServerError)),
                Answer::Fatal => return Err(SendError::Fatal(CliError::new("no such table"))),
            };
            let unprocessed = requests.split_off(requests.len() - keep);
            let mut accepted = self.accepted.lock().unwrap();
            for r in requests {
                let item = r.put_request.unwrap().item;
                accepted.push(item["pk"].as_s().unwrap().clone());
            }
            Ok(Sent {
                unprocessed,
                consumed: None,
            })
        }
    }

    fn fast(max_in_flight: usize) -> WriterOptions {
        WriterOptions {
            max_in_flight,
            stall_timeout: Duration::from_secs(5),
            backoff_base: Duration::from_millis(1),
            backoff_cap: Duration::from_millis(4),
            seed: Some(7),
            ..WriterOptions::default()
        }
    }

    fn want(n: usize) -> Vec<String> {
        let mut w: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
        w.sort();
        w
    }

    #[tokio::test]
    async fn every_item_is_written_once_through_unprocessed_throttles_and_errors() {
        let sink = FakeSink::new(|call| match call % 5 {
            1 => Answer::KeepBack(7),
            2 => Answer::Throttle,
            3 => Answer::Fail,
            _ => Answer::Accept,
        });
        let requests: Vec<_> = (0..500).map(request).collect();
        let stats = write_all(
            &sink,
            "t",
            requests,
            fast(8),
            &Shutdown::new(),
            &ProgressBar::hidden(),
        )
        .await
        .unwrap();
        assert_eq!(sink.accepted_sorted(), want(500), "every item exactly once");
        assert_eq!(stats.items, 500);
        assert_eq!(stats.written, 500);
        assert!(stats.throttled > 0 && stats.failed_calls > 0 && stats.unprocessed > 0);
        assert_eq!(stats.requests, *sink.calls.lock().unwrap() as u64);
        assert!(*sink.biggest.lock().unwrap() <= BATCH_SIZE);
        assert!(sink.in_flight.lock().unwrap().1 <= 8);
    }

    #[tokio::test]
    async fn calls_ask_what_they_consumed_only_for_a_cap_and_count_it_otherwise() {
        for (cap, ask, asks) in [
            (None, false, false),
            (None, true, true),
            (Some(100_000), false, true),
        ] {
            // The first call takes all but 3 of its items; no answer says
            // what it consumed.
            let sink = FakeSink::new(|call| match call {
                1 => Answer::KeepBack(3),
                _ => Answer::Accept,
            });
            let opts = WriterOptions {
                max_wcu: cap,
                ask_consumed: ask,
                ..fast(4)
            };
            let requests: Vec<_> = (0..100).map(request).collect();
            let bar = ProgressBar::hidden();
            let stats = write_all(&sink, "t", requests, opts, &Shutdown::new(), &bar)
                .await
                .unwrap();
            let asked = sink.asked.lock().unwrap().clone();
            assert_eq!(asked.len() as u64, stats.requests);
            assert!(asked.iter().all(|&a| a == asks), "{cap:?}: {asked:?}");
            // One unit per small put, each counted once, sent back or not.
            assert_eq!(stats.consumed_write_units, 100.0, "{cap:?}");
            assert_eq!(stats.unprocessed, 3);
        }
    }

    #[tokio::test]
    async fn a_fatal_error_stops_the_writer() {
        let sink = FakeSink::new(|_| Answer::Fatal);
        let requests: Vec<_> = (0..100).map(request).collect();
        let failure = write_all(
            &sink,
            "t",
            requests,
            fast(1),
            &Shutdown::new(),
            &ProgressBar::hidden(),
        )
        .await
        .unwrap_err();
        match failure.stop {
            Stop::Failed(e) => assert_eq!(e.message, "no such table"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            *sink.calls.lock().unwrap(),
            1,
            "nothing sent after the error"
        );
    }

    #[tokio::test]
    async fn a_stopped_shutdown_sends_nothing_more_and_says_how_far_it_got() {
        let sink = FakeSink::new(|_| Answer::Accept);
        let requests: Vec<_> = (0..10_000).map(request).collect();
        let shutdown = Shutdown::new();
        let calls_at_stop = Mutex::new(0);
        let stopper = async {
            while *sink.calls.lock().unwrap() < 20 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            *calls_at_stop.lock().unwrap() = *sink.calls.lock().unwrap();
            shutdown.stop(Signal::Terminate);
        };
        let bar = ProgressBar::hidden();
        let writing = write_all(&sink, "t", requests, fast(4), &shutdown, &bar);
        let (result, ()) = tokio::join!(writing, stopper);
        let failure = result.unwrap_err();
        assert!(
            matches!(failure.stop, Stop::Interrupted(Signal::Terminate)),
            "{:?}",
            failure.stop
        );
        let calls = *sink.calls.lock().unwrap();
        assert_eq!(
            calls,
            *calls_at_stop.lock().unwrap(),
            "a call sent after the stop"
        );
        assert_eq!(failure.stats.written, sink.accepted_sorted().len());
        assert!(failure.stats.written < 10_000);
        let written = failure.stats.written;
        let error = failure.into_error("importing", "items written", 10_000);
        assert_eq!(
            error.message,
            format!(
                "interrupted: {} of 10,000 items written; run the same command again to finish",
                output::thousands(written as u64)
            )
        );
    }

    #[test]
    fn backoff_grows_exponentially_up_to_the_cap() {
        let p = WriterOptions::default();
        assert_eq!(p.backoff(1, 0.999_999_9).as_millis(), 99);
        assert_eq!(p.backoff(2, 1.0), Duration::from_millis(200));
        assert_eq!(p.backoff(3, 1.0), Duration::from_millis(400));
        assert_eq!(p.backoff(12, 1.0), Duration::from_secs(5));
        assert_eq!(p.backoff(40, 1.0), Duration::from_secs(5));
        assert_eq!(p.backoff(3, 0.0), Duration::ZERO);
        assert_eq!(p.backoff(3, 0.5), Duration::from_millis(200));
    }
}
