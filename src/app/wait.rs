//! Waiting: one [`Backoff`] (the pause before the next try) and one
//! [`Deadline`] (when to stop) for every wait and retry pause, and [`poll`],
//! which polls with a bounded, growing pause. A check that can fail returns
//! `Some(Err(..))` to stop at once.

use std::future::Future;
use std::time::{Duration, Instant};

/// Pauses that double from `first` up to `cap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub first: Duration,
    pub cap: Duration,
}

impl Backoff {
    /// The longest pause before try number `attempt` (0 = the first pause):
    /// `min(cap, first * 2^attempt)`.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        self.first
            .saturating_mul(2u32.saturating_pow(attempt.min(20)))
            .min(self.cap)
    }

    /// A pause with full jitter: a share `unit` in [0, 1] (a random draw) of
    /// the ceiling, so that clients failing together do not retry together.
    pub fn jittered(&self, attempt: u32, unit: f64) -> Duration {
        self.ceiling(attempt).mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// A point in time to stop waiting at.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    start: Instant,
    at: Instant,
}

impl Deadline {
    pub fn after(timeout: Duration) -> Self {
        let start = Instant::now();
        Deadline {
            start,
            at: start + timeout,
        }
    }

    /// Time since the deadline was set.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// Time left; zero once passed.
    pub fn left(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    pub fn passed(&self) -> bool {
        self.left().is_zero()
    }
}

/// Polls with a growing pause (`first`, doubling up to `max`, never past the
/// deadline) until `check` returns a value or `timeout` passes; `check` is
/// told the time spent so far. The error is the time spent.
pub async fn poll<T, F, Fut>(
    timeout: Duration,
    first: Duration,
    max: Duration,
    mut check: F,
) -> Result<T, Duration>
where
    F: FnMut(Duration) -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Deadline::after(timeout);
    let backoff = Backoff { first, cap: max };
    let mut attempt = 0;
    loop {
        if let Some(value) = check(deadline.elapsed()).await {
            return Ok(value);
        }
        if deadline.passed() {
            return Err(deadline.elapsed());
        }
        tokio::time::sleep(backoff.ceiling(attempt).min(deadline.left())).await;
        attempt += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    }

    #[test]
    fn backoff_doubles_to_its_cap_and_jitter_takes_a_share() {
        let b = Backoff {
            first: Duration::from_millis(50),
            cap: Duration::from_secs(5),
        };
        let ceilings: Vec<u128> = (0..9).map(|n| b.ceiling(n).as_millis()).collect();
        assert_eq!(ceilings, [50, 100, 200, 400, 800, 1600, 3200, 5000, 5000]);
        assert_eq!(b.ceiling(u32::MAX), Duration::from_secs(5));
        assert_eq!(b.jittered(3, 0.5), Duration::from_millis(200));
        assert_eq!(b.jittered(3, 7.0), Duration::from_millis(400));
        assert_eq!(b.jittered(3, -1.0), Duration::ZERO);
    }

    #[test]
    fn a_deadline_counts_down_to_zero() {
        let d = Deadline::after(Duration::from_secs(3600));
        assert!(!d.passed() && d.left() > Duration::from_secs(3590));
        let gone = Deadline::after(Duration::ZERO);
        assert!(gone.passed() && gone.left().is_zero());
    }

    #[test]
    fn poll_returns_once_the_check_succeeds() {
        let mut calls = 0;
        let out = runtime().block_on(poll(
            Duration::from_secs(5),
            Duration::from_millis(1),
            Duration::from_millis(4),
            |_| {
                calls += 1;
                let n = calls;
                async move { (n == 3).then_some(n) }
            },
        ));
        assert_eq!(out, Ok(3));
    }

    #[test]
    fn poll_gives_up_at_the_timeout() {
        let start = Instant::now();
        let out: Result<(), Duration> = runtime().block_on(poll(
            Duration::from_millis(50),
            Duration::from_millis(10),
            Duration::from_millis(20),
            |_| async { None },
        ));
        let elapsed = out.expect_err("times out");
        assert!(elapsed >= Duration::from_millis(50));
        assert!(start.elapsed() < Duration::from_secs(2));
    }
}
