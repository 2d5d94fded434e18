//! Waiting for something to happen: polling with a bounded, growing pause.
//! A check that can fail returns `Some(Err(..))` to stop at once.

use std::future::Future;
use std::time::{Duration, Instant};

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
    let start = Instant::now();
    let mut pause = first;
    loop {
        if let Some(value) = check(start.elapsed()).await {
            return Ok(value);
        }
        let elapsed = start.elapsed();
        if elapsed >= timeout {
            return Err(elapsed);
        }
        tokio::time::sleep(pause.min(timeout - elapsed)).await;
        pause = (pause * 2).min(max);
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
