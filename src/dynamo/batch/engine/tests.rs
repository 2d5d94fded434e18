//! The engine on a virtual clock: a simulated table answers each call after
//! a latency drawn from a seeded generator, and time jumps from one event
//! to the next. Nothing sleeps, so a 60-second stall window costs nothing,
//! and every run is the same run.

use super::*;
use crate::dynamo::batch::{WriteFailure, DEFAULT_STALL_TIMEOUT as DEFAULT_STALL};
use aws_sdk_dynamodb::types::{AttributeValue, PutRequest};
use std::fmt::Write as _;
use std::time::Duration;

fn request(i: usize) -> WriteRequest {
    sized_request(i, 0)
}

/// A put of item `i` with `bytes` bytes of payload besides its key.
fn sized_request(i: usize, bytes: usize) -> WriteRequest {
    let mut put = PutRequest::builder().item("pk", AttributeValue::S(format!("k{i:05}")));
    if bytes > 0 {
        put = put.item("p", AttributeValue::S("x".repeat(bytes)));
    }
    WriteRequest::builder()
        .put_request(put.build().unwrap())
        .build()
}

fn key(r: &WriteRequest) -> String {
    r.put_request.as_ref().unwrap().item["pk"]
        .as_s()
        .unwrap()
        .clone()
}

/// What the simulated table does with call number n (1-based).
#[derive(Debug, Clone, Copy)]
enum Answer {
    Accept,
    /// Keep the last n back (always accepting at least one).
    KeepBack(usize),
    Throttle,
    Fail,
    Fatal,
}

/// How the simulated writes arrive and are answered.
struct Scenario {
    items: usize,
    opts: WriterOptions,
    script: fn(u64) -> Answer,
    /// Each answer takes this long, plus up to as much again at random.
    latency: Duration,
    /// A SIGINT at this virtual time.
    signal_at: Option<Duration>,
    /// The items come from a feed in chunks of this size.
    feed_chunk: Option<usize>,
    /// Write units each accepted item consumes, as the answers report;
    /// None: what its size costs.
    units: Option<f64>,
    /// Payload bytes of item i.
    item_bytes: fn(usize) -> usize,
    /// A provisioned table of this many write units a second, with a
    /// second's worth of burst: a call that comes when they are spent is
    /// throttled, whatever the script says.
    table_wcu: Option<f64>,
}

impl Scenario {
    fn new(items: usize, max_in_flight: usize, script: fn(u64) -> Answer) -> Self {
        Scenario {
            items,
            opts: WriterOptions {
                max_in_flight,
                seed: Some(7),
                ..WriterOptions::default()
            },
            script,
            latency: Duration::from_millis(20),
            signal_at: None,
            feed_chunk: None,
            units: None,
            item_bytes: |_| 0,
            table_wcu: None,
        }
    }

    fn request(&self, i: usize) -> WriteRequest {
        sized_request(i, (self.item_bytes)(i))
    }
}

/// One call as the simulated table saw it.
#[derive(Debug)]
struct Sent {
    at: Duration,
    items: usize,
    in_flight: usize,
    /// The write units the engine estimated it at.
    units: f64,
}

/// What a simulated write did.
struct Run {
    outcome: Result<WriteStats, WriteFailure>,
    /// Virtual time at the end.
    elapsed: Duration,
    /// Keys the table accepted, sorted.
    accepted: Vec<String>,
    /// Every call, in the order sent.
    sends: Vec<Sent>,
    /// Virtual times of the answers that wrote something.
    progress: Vec<Duration>,
    /// Write units of the accepted calls, by the time they were sent.
    spent: Vec<(Duration, f64)>,
    /// The most fresh items the engine held at once.
    most_held: usize,
}

fn simulate(s: &Scenario) -> Run {
    let t0 = Instant::now();
    let mut now = t0;
    let mut latency_rng = fastrand::Rng::with_seed(11);
    let mut fed = 0usize;
    let initial: Vec<_> = match s.feed_chunk {
        Some(_) => Vec::new(),
        None => (0..s.items).map(|i| s.request(i)).collect(),
    };
    fed += initial.len();
    let mut engine = Engine::new(s.opts.clone(), s.items, initial, s.feed_chunk.is_some(), t0);
    let mut pending: Vec<(Instant, u64, Call)> = Vec::new();
    let mut signalled = false;
    // The provisioned table's units left, and when they were counted.
    let mut table = s.table_wcu.map(|wcu| (wcu, t0));
    let mut run = Run {
        outcome: Ok(WriteStats::default()),
        elapsed: Duration::ZERO,
        accepted: Vec::new(),
        sends: Vec::new(),
        progress: Vec::new(),
        spent: Vec::new(),
        most_held: 0,
    };
    for step in 0.. {
        assert!(step < 1_000_000, "the engine never finished");
        if let Some(at) = s.signal_at {
            if !signalled && now >= t0 + at {
                engine.interrupt(Signal::Interrupt, now);
                signalled = true;
            }
        }
        let (send, wake_at, want_more) = match engine.step(now) {
            Next::Done => break,
            Next::Wait {
                send,
                wake_at,
                want_more,
            } => (send, wake_at, want_more),
        };
        for call in send {
            let took = s.latency + s.latency.mul_f64(latency_rng.f64());
            pending.push((now + took, call.id, call));
            let batch = &pending.last().unwrap().2.batch;
            run.sends.push(Sent {
                at: now - t0,
                items: batch.items.len(),
                in_flight: pending.len(),
                units: batch.estimate,
            });
        }
        if want_more {
            let chunk = s.feed_chunk.unwrap();
            if fed < s.items {
                let next = (fed..(fed + chunk).min(s.items))
                    .map(|i| s.request(i))
                    .collect();
                fed = (fed + chunk).min(s.items);
                engine.fed(next);
            } else {
                engine.feed_ended(Ok(()), now);
            }
            run.most_held = run.most_held.max(engine.queue.fresh.len());
            continue;
        }
        let next_answer = pending.iter().map(|p| p.0).min();
        let signal = s.signal_at.filter(|_| !signalled).map(|at| t0 + at);
        let next = [next_answer, wake_at, signal]
            .into_iter()
            .flatten()
            .min()
            .expect("the engine waits for nothing");
        assert!(next >= now, "time runs backwards");
        now = next;
        // Answers due now, in the order they are due.
        pending.sort_by_key(|p| (p.0, p.1));
        while pending.first().is_some_and(|p| p.0 <= now) {
            let (_, _, call) = pending.remove(0);
            let mut answer = (s.script)(call.id);
            if let (Some(wcu), Some((left, counted))) = (s.table_wcu, table.as_mut()) {
                let refill = now.saturating_duration_since(*counted).as_secs_f64() * wcu;
                *left = (*left + refill).min(wcu);
                *counted = now;
                if *left <= 0.0 {
                    answer = Answer::Throttle;
                } else if matches!(answer, Answer::Accept) {
                    *left -= call.estimate;
                }
            }
            let result = respond(answer, call.requests(), s.units, &mut run, now - t0);
            if let Ok(sent) = &result {
                let sent_at = run.sends[call.id as usize - 1].at;
                run.spent.push((sent_at, sent.consumed.unwrap_or_default()));
            }
            engine.answered(call, result, now);
        }
    }
    run.elapsed = now - t0;
    run.accepted.sort();
    run.outcome = match engine.finish() {
        (stats, None) => Ok(stats),
        (stats, Some(stop)) => Err(WriteFailure { stop, stats }),
    };
    run
}

fn respond(
    answer: Answer,
    mut requests: Vec<WriteRequest>,
    units: Option<f64>,
    run: &mut Run,
    at: Duration,
) -> Result<super::Sent, SendError> {
    let keep = match answer {
        Answer::Accept => 0,
        Answer::KeepBack(n) => n.min(requests.len() - 1),
        Answer::Throttle => return Err(SendError::Transient(Transient::Throttled)),
        Answer::Fail => return Err(SendError::Transient(Transient::ServerError)),
        Answer::Fatal => return Err(SendError::Fatal(CliError::new("no such table"))),
    };
    let unprocessed = requests.split_off(requests.len() - keep);
    run.progress.push(at);
    run.accepted.extend(requests.iter().map(key));
    let by_size = |r: &WriteRequest| WriterOptions::default().estimate(r);
    Ok(super::Sent {
        consumed: Some(match units {
            Some(u) => u * requests.len() as f64,
            None => requests.iter().map(by_size).sum(),
        }),
        unprocessed,
    })
}

fn all_keys(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("k{i:05}")).collect()
}

fn stop_name(outcome: &Result<WriteStats, WriteFailure>) -> String {
    match outcome {
        Ok(_) => "done".into(),
        Err(f) => match &f.stop {
            Stop::Interrupted(_) => "interrupted".into(),
            Stop::Stalled(w) => format!("stalled {} s", w.as_secs()),
            Stop::Failed(e) => format!("failed: {}", e.message),
        },
    }
}

fn stats(outcome: &Result<WriteStats, WriteFailure>) -> &WriteStats {
    match outcome {
        Ok(s) => s,
        Err(f) => &f.stats,
    }
}

/// Checks that hold for every run, then one line of figures for the table.
fn check_and_describe(name: &str, s: &Scenario, run: &Run) -> String {
    let st = stats(&run.outcome);
    assert_eq!(st.items, s.items, "{name}");
    assert_eq!(
        st.requests as usize,
        run.sends.len(),
        "{name}: calls counted"
    );
    assert_eq!(st.written, run.accepted.len(), "{name}: items counted");
    let mut unique = run.accepted.clone();
    unique.dedup();
    assert_eq!(
        unique.len(),
        run.accepted.len(),
        "{name}: an item written twice"
    );
    if run.outcome.is_ok() {
        assert_eq!(run.accepted, all_keys(s.items), "{name}: every item once");
    }
    assert!(!run.sends.is_empty(), "{name}: nothing sent");
    for sent in &run.sends {
        assert!((1..=BATCH_SIZE).contains(&sent.items), "{name}: {sent:?}");
        assert!(sent.in_flight <= s.opts.max_in_flight, "{name}: {sent:?}");
    }
    format!(
        "{name:<28} {:>6} {:>5} {:>7} {:>5} {:>5} {:>5} {:>4} {:>9.3}  {}",
        st.written,
        st.requests,
        st.retries,
        st.throttled,
        st.unprocessed,
        st.failed_calls,
        st.max_in_flight_reached,
        run.elapsed.as_secs_f64(),
        stop_name(&run.outcome),
    )
}

fn every_fifth(call: u64) -> Answer {
    match call % 5 {
        1 => Answer::KeepBack(7),
        2 => Answer::Throttle,
        3 => Answer::Fail,
        _ => Answer::Accept,
    }
}

/// The figures of a table of runs, each one checked for the invariants; a
/// change in the engine's decisions shows as a change in this table.
#[test]
fn a_table_of_runs_on_the_virtual_clock() {
    let rows: Vec<(&str, Scenario)> = vec![
        (
            "clean, window 6",
            Scenario::new(2_000, 6, |_| Answer::Accept),
        ),
        (
            "clean, window 16",
            Scenario::new(10_000, 16, |_| Answer::Accept),
        ),
        (
            "every fifth kind of trouble",
            Scenario::new(500, 8, every_fifth),
        ),
        (
            "every third call a 5xx",
            Scenario::new(2_000, 6, |c| {
                if c % 3 == 0 {
                    Answer::Fail
                } else {
                    Answer::Accept
                }
            }),
        ),
        (
            "one item kept back each",
            Scenario::new(1_000, 8, |_| Answer::KeepBack(1)),
        ),
        (
            "all but one kept back",
            Scenario::new(60, 2, |_| Answer::KeepBack(24)),
        ),
        (
            "throttled from call 3 on",
            Scenario::new(100, 1, |c| {
                if c <= 2 {
                    Answer::Accept
                } else {
                    Answer::Throttle
                }
            }),
        ),
        (
            "throttled in bursts",
            Scenario::new(3_000, 16, |c| {
                if (40..60).contains(&(c % 100)) {
                    Answer::Throttle
                } else {
                    Answer::Accept
                }
            }),
        ),
        ("a fatal error", Scenario::new(100, 1, |_| Answer::Fatal)),
        (
            "fatal at call 10, window 4",
            Scenario::new(1_000, 4, |c| {
                if c == 10 {
                    Answer::Fatal
                } else {
                    Answer::Accept
                }
            }),
        ),
        (
            "interrupted at 0.5 s",
            Scenario {
                signal_at: Some(Duration::from_millis(500)),
                ..Scenario::new(10_000, 4, |_| Answer::Accept)
            },
        ),
        (
            "fed in chunks of 100",
            Scenario {
                feed_chunk: Some(100),
                ..Scenario::new(5_000, 8, |_| Answer::Accept)
            },
        ),
        (
            "a table of 500 WCU",
            Scenario {
                table_wcu: Some(500.0),
                ..Scenario::new(10_000, 16, |_| Answer::Accept)
            },
        ),
        (
            "capped at 100 WCU",
            Scenario {
                opts: WriterOptions {
                    max_wcu: Some(100),
                    max_in_flight: 8,
                    seed: Some(7),
                    ..WriterOptions::default()
                },
                ..Scenario::new(1_000, 8, |_| Answer::Accept)
            },
        ),
    ];
    assert_eq!(rows.len(), 14);
    let mut table = format!(
        "{:<28} {:>6} {:>5} {:>7} {:>5} {:>5} {:>5} {:>4} {:>9}  stop\n",
        "run", "wrote", "calls", "retries", "thr", "unpr", "5xx", "peak", "seconds"
    );
    for (name, scenario) in &rows {
        let run = simulate(scenario);
        writeln!(table, "{}", check_and_describe(name, scenario, &run)).unwrap();
    }
    insta::assert_snapshot!(table);
}

/// A window of 16 calls alone is refused on 45% of its calls by a table of
/// 500 WCU (323 of 723 before the pace); with the pace learned from the
/// throttles it keeps the table near its capacity and is refused far less.
#[test]
fn a_provisioned_table_is_kept_near_its_capacity_and_seldom_throttles() {
    let s = Scenario {
        table_wcu: Some(500.0),
        ..Scenario::new(10_000, 16, |_| Answer::Accept)
    };
    let run = simulate(&s);
    assert_eq!(run.accepted, all_keys(10_000));
    let st = stats(&run.outcome);
    // After the first second's burst, within 10% of 500 units a second.
    let rate = (10_000.0 - 500.0) / run.elapsed.as_secs_f64();
    assert!(rate >= 450.0, "{rate} units a second");
    assert!(
        st.throttled * 5 < st.requests,
        "{} of {} calls throttled",
        st.throttled,
        st.requests
    );
}

#[test]
fn the_window_reaches_its_limit_and_server_errors_do_not_cut_it() {
    for (script, name) in [
        ((|_| Answer::Accept) as fn(u64) -> Answer, "clean"),
        (
            |c| {
                if c % 3 == 0 {
                    Answer::Fail
                } else {
                    Answer::Accept
                }
            },
            "5xx",
        ),
    ] {
        let s = Scenario::new(2_000, 6, script);
        let run = simulate(&s);
        let st = stats(&run.outcome);
        assert!(run.outcome.is_ok(), "{name}");
        assert_eq!(st.max_in_flight_reached, 6, "{name}");
        // Slow start: two calls, then one more each time one comes back clean.
        let firsts: Vec<usize> = run.sends.iter().take(5).map(|s| s.in_flight).collect();
        assert_eq!(firsts, vec![1, 2, 2, 3, 3], "{name}");
    }
}

#[test]
fn unprocessed_items_keep_the_window_small() {
    let run = simulate(&Scenario::new(1_000, 8, |_| Answer::KeepBack(1)));
    let st = stats(&run.outcome);
    assert_eq!(run.accepted, all_keys(1_000));
    assert!(st.unprocessed > 30, "{st:?}");
    assert!(st.max_in_flight_reached <= 2, "{st:?}");
}

#[test]
fn gives_up_exactly_one_stall_window_after_the_last_written_item() {
    // Default window: 60 s, run on the virtual clock.
    let run = simulate(&Scenario::new(100, 1, |c| {
        if c <= 2 {
            Answer::Accept
        } else {
            Answer::Throttle
        }
    }));
    let failure = run.outcome.as_ref().unwrap_err();
    assert!(matches!(failure.stop, Stop::Stalled(w) if w == DEFAULT_STALL));
    assert_eq!(failure.stats.written, 50);
    assert_eq!(run.progress.len(), 2);
    let last = *run.progress.last().unwrap();
    // Stopped at the window's end; the call in flight then had up to the
    // drain limit to come back, and came back (throttled) within it.
    assert!(run.elapsed >= last + DEFAULT_STALL, "{:?}", run.elapsed);
    assert!(run.elapsed <= last + DEFAULT_STALL + DRAIN_LIMIT);
    // Throttled with one call in flight, it pauses between calls: far fewer
    // calls than one per 20-60 ms latency over the minute.
    let calls = run.sends.len();
    assert!((10..400).contains(&calls), "{calls} calls in the minute");
}

#[test]
fn throttled_at_one_call_in_flight_it_pauses_with_a_growing_backoff() {
    let run = simulate(&Scenario::new(25, 1, |c| {
        if c <= 8 {
            Answer::Throttle
        } else {
            Answer::Accept
        }
    }));
    assert!(run.outcome.is_ok());
    assert_eq!(run.sends.len(), 9);
    // The gap after each answer is the latency (20-40 ms) plus the pause;
    // the pauses are jittered, but their sum grows with the backoff's cap.
    let gaps: Vec<Duration> = run.sends.windows(2).map(|w| w[1].at - w[0].at).collect();
    assert_eq!(gaps.len(), 8);
    for gap in &gaps {
        assert!(*gap >= Duration::from_millis(20), "{gaps:?}");
        assert!(
            *gap <= Duration::from_millis(40) + Duration::from_secs(5),
            "{gaps:?}"
        );
    }
    let total: Duration = gaps.iter().sum();
    assert!(
        total > Duration::from_millis(8 * 40),
        "no pause at all: {gaps:?}"
    );
}

#[test]
fn after_a_signal_it_sends_nothing_and_waits_at_most_the_drain_limit() {
    let s = Scenario {
        latency: Duration::from_secs(8),
        signal_at: Some(Duration::from_secs(1)),
        ..Scenario::new(1_000, 4, |_| Answer::Accept)
    };
    let run = simulate(&s);
    let failure = run.outcome.as_ref().unwrap_err();
    assert!(matches!(failure.stop, Stop::Interrupted(Signal::Interrupt)));
    // Two calls went out at 0 s; their answers (8-16 s) come after the limit.
    assert_eq!(run.sends.len(), 2);
    assert!(run.sends.iter().all(|s| s.at == Duration::ZERO));
    assert_eq!(run.elapsed, Duration::from_secs(1) + DRAIN_LIMIT);
    assert_eq!(failure.stats.written, 0);
}

#[test]
fn a_fatal_error_sends_nothing_more() {
    let run = simulate(&Scenario::new(1_000, 4, |c| {
        if c == 10 {
            Answer::Fatal
        } else {
            Answer::Accept
        }
    }));
    let failure = run.outcome.as_ref().unwrap_err();
    assert!(matches!(&failure.stop, Stop::Failed(e) if e.message == "no such table"));
    let fatal_answered = run.progress[8];
    // Calls already in flight are answered; none is sent after the error.
    let after: Vec<&Sent> = run.sends.iter().filter(|s| s.at > fatal_answered).collect();
    assert_eq!(after.len(), 0, "{after:?}");
}

#[test]
fn a_feed_is_drawn_on_only_while_little_waits() {
    let s = Scenario {
        feed_chunk: Some(100),
        ..Scenario::new(20_000, 8, |_| Answer::Accept)
    };
    let run = simulate(&s);
    assert!(run.outcome.is_ok());
    assert_eq!(run.accepted.len(), 20_000);
    // Below the low-water mark (8 calls of 25) plus one chunk.
    assert!(run.most_held <= 8 * BATCH_SIZE + 100, "{}", run.most_held);
    assert!(run.most_held >= 100);
}

#[test]
fn the_cap_holds_every_second_to_the_rate_plus_one_call() {
    let s = Scenario {
        opts: WriterOptions {
            max_wcu: Some(100),
            max_in_flight: 8,
            seed: Some(7),
            ..WriterOptions::default()
        },
        units: Some(2.0),
        ..Scenario::new(1_000, 8, |_| Answer::Accept)
    };
    let run = simulate(&s);
    assert!(run.outcome.is_ok());
    // 2,000 units at 100 a second: about 20 s.
    assert!(run.elapsed >= Duration::from_secs(19), "{:?}", run.elapsed);
    assert!(run.elapsed <= Duration::from_secs(22), "{:?}", run.elapsed);
    assert_eq!(run.spent.len(), 40);
    let end = run.elapsed.as_millis() as u64;
    let mut windows = 0;
    for start in (0..end).step_by(100) {
        let from = Duration::from_millis(start);
        let to = from + Duration::from_secs(1);
        let units: f64 = run
            .spent
            .iter()
            .filter(|(at, _)| *at >= from && *at < to)
            .map(|(_, u)| u)
            .sum();
        assert!(
            units <= 100.0 + 2.0 * BATCH_SIZE as f64,
            "{units} units from {from:?}"
        );
        windows += 1;
    }
    assert!(windows > 150);
}

#[test]
fn the_window_halves_once_per_window_and_never_below_one() {
    let mut w = Window::new(16);
    assert_eq!(w.allowed(), 2);
    for _ in 0..20 {
        w.grow();
    }
    assert_eq!(w.allowed(), 16);
    w.cut(5, 10);
    assert_eq!(w.allowed(), 8);
    // A call sent before the cut does not cut again.
    w.cut(9, 12);
    assert_eq!(w.allowed(), 8);
    w.cut(11, 14);
    assert_eq!(w.allowed(), 4);
    for call in 15..30 {
        w.cut(call, call);
    }
    assert_eq!(w.allowed(), 1);
    // After a cut, growth is additive: about one per window of calls.
    w.grow();
    assert_eq!(w.allowed(), 2);
    w.grow();
    assert_eq!(w.allowed(), 2);
}

#[test]
fn an_item_sent_back_keeps_its_own_count_of_sends() {
    let batch = Batch {
        attempts: vec![0, 3, 1],
        items: vec![request(0), request(1), request(2)],
        estimate: 3.0,
    };
    let back = batch.sent_counts(vec![request(2), request(0)]);
    assert_eq!(back.len(), 2);
    assert_eq!(back[0], (1, request(2)));
    assert_eq!(back[1], (0, request(0)));

    // Sent back, the fresh item waits as a first retry, the others longer.
    let now = Instant::now();
    let mut queue = Queue::default();
    let opts = WriterOptions {
        backoff_base: Duration::from_millis(1),
        backoff_cap: Duration::from_millis(4),
        ..WriterOptions::default()
    };
    queue.send_back(batch.all(), now, &opts, &mut fastrand::Rng::with_seed(7));
    let mut waits: Vec<(u32, usize)> = queue
        .delayed
        .iter()
        .map(|d| (d.attempt, d.items.len()))
        .collect();
    waits.sort();
    assert_eq!(waits, vec![(1, 1), (2, 1), (4, 1)]);
    // Not due yet a moment before the longest backoff.
    queue.release(now);
    assert!(queue.due.len() < 3);
    // Once due, retries go before fresh items, with their counts.
    queue.fresh.push_back(request(9));
    queue.release(now + Duration::from_secs(1));
    let next = queue.take_batch(None, |_| 1.0).unwrap();
    assert_eq!(next.items.len(), 4);
    assert_eq!(next.estimate, 4.0);
    assert_eq!(next.items[3], request(9));
    let mut counts = next.attempts.clone();
    counts.sort();
    assert_eq!(counts, vec![0, 1, 2, 4]);
}

#[test]
fn a_cap_smaller_than_a_call_splits_it_and_an_item_over_the_cap_goes_alone() {
    // Items of 3 write units (2.5 KB), every tenth of 12 (11.5 KB), at
    // most 10 units a second: three small items to a call (9 units), a
    // large one alone.
    let s = Scenario {
        opts: WriterOptions {
            max_wcu: Some(10),
            max_in_flight: 8,
            seed: Some(7),
            ..WriterOptions::default()
        },
        item_bytes: |i| if i % 10 == 9 { 11_500 } else { 2_500 },
        ..Scenario::new(100, 8, |_| Answer::Accept)
    };
    let run = simulate(&s);
    assert!(run.outcome.is_ok());
    assert_eq!(run.accepted, all_keys(100));
    let mut shapes: Vec<(usize, u64)> = run
        .sends
        .iter()
        .map(|c| (c.items, c.units as u64))
        .collect();
    shapes.sort();
    shapes.dedup();
    assert_eq!(shapes, [(1, 12), (3, 9)], "calls of (items, units)");
    assert_eq!(run.sends.len(), 40);
    let alone: Vec<&Sent> = run.sends.iter().filter(|c| c.units > 10.0).collect();
    assert_eq!(alone.len(), 10);
    assert_eq!(stats(&run.outcome).alone_over_cap, 10);
    // 390 units at 10 a second: the cap holds the pace, single items too.
    assert!(run.elapsed >= Duration::from_secs(37), "{:?}", run.elapsed);
    assert!(run.elapsed <= Duration::from_secs(40), "{:?}", run.elapsed);
    // Without a cap, the same items go 25 to a call.
    let uncapped = simulate(&Scenario {
        item_bytes: s.item_bytes,
        ..Scenario::new(100, 8, |_| Answer::Accept)
    });
    assert_eq!(uncapped.sends.len(), 4);
    assert_eq!(stats(&uncapped.outcome).alone_over_cap, 0);
}
