//! `--max-wcu`: a token bucket on consumed write capacity.
//!
//! A call may go out while the bucket is not in debt; it takes its
//! estimated units at once (so calls in flight count), and when the answer
//! says what was really consumed (ReturnConsumedCapacity) the difference is
//! settled. The bucket refills at the cap's rate and keeps no savings: a
//! pause does not buy a burst later. Over any second the load consumes at
//! most the cap plus one call's worth.

use std::time::Duration;

use tokio::time::Instant;

/// How early a call may go out: less than this much time's worth of debt.
const SLACK: Duration = Duration::from_millis(1);

#[derive(Debug, Clone)]
pub struct WriteCap {
    /// Write units a second.
    rate: f64,
    /// Units available; negative is debt to wait out.
    tokens: f64,
    last: Instant,
}

impl WriteCap {
    pub fn new(rate: f64, now: Instant) -> Self {
        WriteCap {
            rate: rate.max(f64::MIN_POSITIVE),
            tokens: 0.0,
            last: now,
        }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(0.0);
        self.last = now;
    }

    /// When the next call may go out: `None` now, else the instant the debt is paid.
    pub fn ready_at(&mut self, now: Instant) -> Option<Instant> {
        self.refill(now);
        // A debt paid within a millisecond counts as paid: waiting for the
        // last fraction of a unit would wake the writer again and again for
        // nanoseconds (rounding leaves a sliver of debt after each refill).
        if self.tokens >= -self.rate * SLACK.as_secs_f64() {
            None
        } else {
            Some(now + Duration::from_secs_f64(-self.tokens / self.rate))
        }
    }

    /// From `now` on, refill at `rate` units a second.
    pub fn set_rate(&mut self, rate: f64, now: Instant) {
        self.refill(now);
        self.rate = rate.max(f64::MIN_POSITIVE);
    }

    /// A call estimated at `units` goes out.
    pub fn spend(&mut self, units: f64, now: Instant) {
        self.refill(now);
        self.tokens -= units;
    }

    /// A call estimated at `estimated` consumed `actual`: settle the difference.
    pub fn settle(&mut self, estimated: f64, actual: f64) {
        self.tokens += estimated - actual;
        self.tokens = self.tokens.min(0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_goes_at_once_then_the_next_waits_for_its_units() {
        let t0 = Instant::now();
        let mut cap = WriteCap::new(100.0, t0);
        assert_eq!(cap.ready_at(t0), None);
        cap.spend(25.0, t0);
        assert_eq!(cap.ready_at(t0), Some(t0 + Duration::from_millis(250)));
        assert_eq!(cap.ready_at(t0 + Duration::from_millis(250)), None);
    }

    #[test]
    fn over_ten_seconds_it_spends_the_rate_and_one_call_more_at_most() {
        let t0 = Instant::now();
        let mut cap = WriteCap::new(400.0, t0);
        let (mut now, mut spent) = (t0, 0.0);
        let end = t0 + Duration::from_secs(10);
        while now < end {
            match cap.ready_at(now) {
                None => {
                    cap.spend(50.0, now);
                    spent += 50.0;
                }
                Some(at) => now = at,
            }
        }
        assert!(spent <= 400.0 * 10.0 + 50.0, "{spent}");
        assert!(spent >= 400.0 * 10.0 - 50.0, "{spent}");
    }

    #[test]
    fn consumed_capacity_settles_the_estimate() {
        let t0 = Instant::now();
        let mut cap = WriteCap::new(10.0, t0);
        cap.spend(10.0, t0);
        // The server says 20 were consumed: two seconds of debt, not one.
        cap.settle(10.0, 20.0);
        assert_eq!(cap.ready_at(t0), Some(t0 + Duration::from_secs(2)));
        // A throttled call consumed nothing: its units come back.
        cap.spend(10.0, t0 + Duration::from_secs(2));
        cap.settle(10.0, 0.0);
        assert_eq!(cap.ready_at(t0 + Duration::from_secs(2)), None);
    }

    #[test]
    fn a_pause_buys_no_burst() {
        let t0 = Instant::now();
        let mut cap = WriteCap::new(10.0, t0);
        let later = t0 + Duration::from_secs(60);
        assert_eq!(cap.ready_at(later), None);
        cap.spend(10.0, later);
        assert_eq!(cap.ready_at(later), Some(later + Duration::from_secs(1)));
    }

    #[test]
    fn a_sliver_of_debt_does_not_hold_the_next_call() {
        let t0 = Instant::now();
        let mut cap = WriteCap::new(100.0, t0);
        // What rounding leaves after a refill: far less than a unit.
        cap.spend(1e-9, t0);
        assert_eq!(cap.ready_at(t0), None);
        // Under a tenth of a unit at 100 a second: paid within a millisecond.
        cap.spend(0.05, t0);
        assert_eq!(cap.ready_at(t0), None);
        cap.spend(0.5, t0);
        assert!(cap.ready_at(t0).is_some());
    }
}
