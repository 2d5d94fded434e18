//! BatchWriteItem in chunks of 25 with several requests in flight, and
//! UnprocessedItems retried with exponential backoff and full jitter.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use aws_sdk_dynamodb::types::WriteRequest;
use futures::stream::{self, StreamExt};
use indicatif::ProgressBar;

use super::ddb_error;
use crate::context::Ctx;
use crate::error::CliError;

/// The most requests BatchWriteItem takes at once.
pub const BATCH_SIZE: usize = 25;

/// Where batches go: DynamoDB, or a fake in tests.
pub(crate) trait BatchSink {
    /// Sends one BatchWriteItem for `table`; returns the requests DynamoDB
    /// left unprocessed.
    async fn send(
        &self,
        table: &str,
        requests: Vec<WriteRequest>,
    ) -> Result<Vec<WriteRequest>, CliError>;
}

/// The real sink.
pub(crate) struct DynamoSink<'a> {
    pub ctx: &'a Ctx,
    pub client: aws_sdk_dynamodb::Client,
}

impl BatchSink for DynamoSink<'_> {
    async fn send(
        &self,
        table: &str,
        requests: Vec<WriteRequest>,
    ) -> Result<Vec<WriteRequest>, CliError> {
        let out = self
            .client
            .batch_write_item()
            .request_items(table, requests)
            .send()
            .await
            .map_err(|e| {
                ddb_error(
                    self.ctx,
                    e,
                    &format!("writing to table '{table}'"),
                    Some(table),
                )
            })?;
        Ok(out
            .unprocessed_items
            .and_then(|mut m| m.remove(table))
            .unwrap_or_default())
    }
}

/// How often and how patiently unprocessed items are retried.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Sends of the same chunk, the first included.
    pub max_attempts: u32,
    pub base: Duration,
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 8,
            base: Duration::from_millis(50),
            cap: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// Pause before retry number `retry` (1 = first retry): a uniformly
    /// random share (`unit` in [0, 1)) of `min(cap, base * 2^retry)`.
    pub fn delay(&self, retry: u32, unit: f64) -> Duration {
        let ceiling = self
            .base
            .saturating_mul(2u32.saturating_pow(retry.min(20)))
            .min(self.cap);
        ceiling.mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// What a batch write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BatchReport {
    pub items: usize,
    pub requests: u64,
    pub retries: u64,
}

/// Writes every request, `concurrency` BatchWriteItem calls in flight.
/// Fails after all chunks were tried if some items stayed unprocessed, naming how many.
pub(crate) async fn write_all<S: BatchSink>(
    sink: &S,
    table: &str,
    requests: Vec<WriteRequest>,
    concurrency: usize,
    policy: RetryPolicy,
    progress: &ProgressBar,
) -> Result<BatchReport, CliError> {
    let total = requests.len();
    let sent = AtomicU64::new(0);
    let retries = AtomicU64::new(0);
    let chunks: Vec<Vec<WriteRequest>> = requests
        .chunks(BATCH_SIZE)
        .map(<[WriteRequest]>::to_vec)
        .collect();
    let results: Vec<Result<usize, CliError>> = stream::iter(chunks)
        .map(|chunk| {
            let (sent, retries) = (&sent, &retries);
            async move {
                let size = chunk.len();
                let mut pending = chunk;
                let mut attempt = 1;
                loop {
                    sent.fetch_add(1, Ordering::Relaxed);
                    pending = sink.send(table, pending).await?;
                    progress.inc((size - pending.len()) as u64);
                    if pending.is_empty() {
                        return Ok(0);
                    }
                    if attempt >= policy.max_attempts {
                        return Ok(pending.len());
                    }
                    retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(policy.delay(attempt, fastrand::f64())).await;
                    attempt += 1;
                }
            }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    let mut unwritten = 0;
    for r in results {
        unwritten += r?;
    }
    if unwritten > 0 {
        return Err(CliError::new(format!(
            "{unwritten} of {total} items were not written: DynamoDB kept returning them as unprocessed after {} attempts",
            policy.max_attempts
        ))
        .hint("the table is throttled: raise its write capacity or run the command again (it is idempotent)"));
    }
    Ok(BatchReport {
        items: total,
        requests: sent.into_inner(),
        retries: retries.into_inner(),
    })
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

    /// Leaves the last `stubborn` requests of each call unprocessed for the
    /// first `throttled_calls` calls, and records what it accepted.
    struct FakeSink {
        throttled_calls: usize,
        stubborn: usize,
        calls: Mutex<usize>,
        accepted: Mutex<Vec<String>>,
        biggest: Mutex<usize>,
    }

    impl FakeSink {
        fn new(throttled_calls: usize, stubborn: usize) -> Self {
            FakeSink {
                throttled_calls,
                stubborn,
                calls: Mutex::new(0),
                accepted: Mutex::new(Vec::new()),
                biggest: Mutex::new(0),
            }
        }
    }

    impl BatchSink for FakeSink {
        async fn send(
            &self,
            _table: &str,
            mut requests: Vec<WriteRequest>,
        ) -> Result<Vec<WriteRequest>, CliError> {
            let call = {
                let mut c = self.calls.lock().unwrap();
                *c += 1;
                *c
            };
            {
                let mut b = self.biggest.lock().unwrap();
                *b = (*b).max(requests.len());
            }
            let keep = if call <= self.throttled_calls {
                self.stubborn.min(requests.len())
            } else {
                0
            };
            let unprocessed = requests.split_off(requests.len() - keep);
            let mut accepted = self.accepted.lock().unwrap();
            for r in requests {
                let item = r.put_request.unwrap().item;
                accepted.push(item["pk"].as_s().unwrap().clone());
            }
            Ok(unprocessed)
        }
    }

    fn fast_policy(max_attempts: u32) -> RetryPolicy {
        RetryPolicy {
            max_attempts,
            base: Duration::from_millis(1),
            cap: Duration::from_millis(4),
        }
    }

    #[tokio::test]
    async fn unprocessed_items_are_retried_until_written() {
        let sink = FakeSink::new(3, 5);
        let requests: Vec<_> = (0..60).map(request).collect();
        let report = write_all(
            &sink,
            "t",
            requests,
            4,
            fast_policy(8),
            &ProgressBar::hidden(),
        )
        .await
        .unwrap();
        let mut accepted = sink.accepted.lock().unwrap().clone();
        accepted.sort();
        let mut want: Vec<String> = (0..60).map(|i| format!("k{i}")).collect();
        want.sort();
        assert_eq!(accepted, want, "every item written exactly once");
        assert_eq!(report.items, 60);
        assert_eq!(report.retries, 3);
        assert_eq!(report.requests, 3 + 3);
        assert!(*sink.biggest.lock().unwrap() <= BATCH_SIZE);
    }

    #[tokio::test]
    async fn gives_up_after_the_limit_and_says_how_many() {
        let sink = FakeSink::new(usize::MAX, 2);
        let requests: Vec<_> = (0..30).map(request).collect();
        let err = write_all(
            &sink,
            "t",
            requests,
            2,
            fast_policy(3),
            &ProgressBar::hidden(),
        )
        .await
        .unwrap_err();
        // Two chunks (25 + 5), each keeps 2 back on every attempt.
        assert!(
            err.message.starts_with("4 of 30 items were not written"),
            "{}",
            err.message
        );
        assert_eq!(*sink.calls.lock().unwrap(), 6, "3 attempts per chunk");
    }

    #[test]
    fn backoff_grows_exponentially_up_to_the_cap() {
        let p = RetryPolicy {
            max_attempts: 10,
            base: Duration::from_millis(50),
            cap: Duration::from_secs(5),
        };
        assert_eq!(p.delay(1, 0.999_999_9).as_millis(), 99);
        assert_eq!(p.delay(2, 1.0), Duration::from_millis(200));
        assert_eq!(p.delay(3, 1.0), Duration::from_millis(400));
        assert_eq!(p.delay(12, 1.0), Duration::from_secs(5));
        assert_eq!(p.delay(40, 1.0), Duration::from_secs(5));
        assert_eq!(p.delay(3, 0.0), Duration::ZERO);
        assert_eq!(p.delay(3, 0.5), Duration::from_millis(200));
    }
}
