//! A fault-injecting HTTP proxy in front of DynamoDB Local: it makes the
//! local server behave like a busy production table.
//!
//! With a seeded random generator, per request it may:
//! - forward only part of a BatchWriteItem and return the rest as
//!   `UnprocessedItems`;
//! - answer 400 `ProvisionedThroughputExceededException` without forwarding;
//! - answer 500 `InternalServerError` without forwarding;
//! - close the connection without answering;
//! - delay every request and answer by half a round trip each way;
//! - act as a provisioned table of `wcu` write units a second: while the
//!   write units consumed (as DynamoDB Local reports them; the proxy asks
//!   for them when a BatchWriteItem does not) exceed that rate,
//!   with one second's worth of burst, BatchWriteItem is throttled.
//!
//! The SDK does not check response bodies against the request signature and
//! DynamoDB Local does not verify signatures, so rewriting bodies is fine.
//! HTTP/1.1 only, one request at a time per connection (what the SDKs send).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The string value [`Faults::future_type`] renames the type of.
pub const FUTURE_TYPE_VALUE: &str = "a value of a new type";

/// What the proxy does to traffic. Probabilities are per request, in [0, 1].
#[derive(Debug, Clone, Copy)]
pub struct Faults {
    /// A BatchWriteItem forwards only part of its items.
    pub unprocessed: f64,
    /// Answered 400 ProvisionedThroughputExceededException.
    pub throttle: f64,
    /// Answered 500 InternalServerError.
    pub server_error: f64,
    /// The connection is closed without an answer.
    pub reset: f64,
    /// Added round trip: half before forwarding, half before answering.
    pub rtt: Duration,
    /// GetShardIterator after a sequence number answers
    /// TrimmedDataAccessException (a checkpoint older than the retention).
    pub trimmed: bool,
    /// Write units a second a provisioned table would take (None: no limit).
    pub wcu: Option<f64>,
    /// Every request whose body holds this text is answered 500 (one
    /// conversation's reads and writes, say, named by its uuid).
    pub fail_matching: Option<&'static str>,
    /// Every answer has this text replaced by that one (an attribute of a
    /// type DynamoDB might add one day, say).
    pub rewrite: Option<(&'static str, &'static str)>,
    /// Seed of the random generator.
    pub seed: u64,
}

impl Faults {
    /// No faults, no delay: a transparent proxy.
    pub fn none() -> Self {
        Faults {
            unprocessed: 0.0,
            throttle: 0.0,
            server_error: 0.0,
            reset: 0.0,
            rtt: Duration::ZERO,
            trimmed: false,
            wcu: None,
            fail_matching: None,
            rewrite: None,
            seed: 1,
        }
    }

    /// A busy table: a third of batches partly unprocessed, 10% throttled,
    /// 3% 500s, 2% dropped connections.
    pub fn busy() -> Self {
        Faults {
            unprocessed: 0.33,
            throttle: 0.10,
            server_error: 0.03,
            reset: 0.02,
            ..Faults::none()
        }
    }

    /// A string stored as [`FUTURE_TYPE_VALUE`] comes back with a type tag
    /// no SDK knows (`VECTOR`): a type DynamoDB might add one day.
    pub fn future_type() -> Self {
        Faults {
            rewrite: Some((
                r#"{"S":"a value of a new type"}"#,
                r#"{"VECTOR":"a value of a new type"}"#,
            )),
            ..Faults::none()
        }
    }

    pub fn with_rtt(self, rtt: Duration) -> Self {
        Faults { rtt, ..self }
    }

    /// Parses `busy`, `none`, or `key=value` pairs separated by commas
    /// (`unprocessed=0.3,throttle=0.1,server_error=0.03,reset=0.02,rtt_ms=10,seed=7`).
    pub fn parse(text: &str) -> Self {
        let mut f = Faults::none();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.split_once('=') {
                None if part == "busy" => {
                    f = Faults {
                        rtt: f.rtt,
                        seed: f.seed,
                        ..Faults::busy()
                    }
                }
                None if part == "none" => {}
                Some(("unprocessed", v)) => f.unprocessed = v.parse().expect("a probability"),
                Some(("throttle", v)) => f.throttle = v.parse().expect("a probability"),
                Some(("server_error", v)) => f.server_error = v.parse().expect("a probability"),
                Some(("reset", v)) => f.reset = v.parse().expect("a probability"),
                Some(("rtt_ms", v)) => {
                    f.rtt = Duration::from_millis(v.parse().expect("milliseconds"))
                }
                Some(("seed", v)) => f.seed = v.parse().expect("a number"),
                Some(("wcu", v)) => f.wcu = Some(v.parse().expect("write units a second")),
                _ => panic!("unknown fault setting '{part}'"),
            }
        }
        f
    }
}

/// What the proxy did, for assertions.
#[derive(Debug, Default)]
pub struct Counts {
    pub requests: AtomicU64,
    pub partial_batches: AtomicU64,
    pub items_held_back: AtomicU64,
    pub throttled: AtomicU64,
    pub server_errors: AtomicU64,
    pub resets: AtomicU64,
    pub trimmed: AtomicU64,
    /// BatchWriteItem calls throttled for exceeding `wcu`.
    pub over_capacity: AtomicU64,
    /// Write units DynamoDB Local reported consumed by BatchWriteItem.
    pub write_units: AtomicU64,
    /// Thousandths of the capacity units every answer reported consumed
    /// (ConsumedCapacity's CapacityUnits, of any operation).
    pub consumed_milli_units: AtomicU64,
    /// Requests per operation (the X-Amz-Target's action).
    pub operations: Mutex<std::collections::BTreeMap<String, u64>>,
}

impl Counts {
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::SeqCst)
    }
}

/// A running proxy; it stops when dropped.
pub struct FaultProxy {
    pub url: String,
    pub counts: Arc<Counts>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FaultProxy {
    /// Starts a proxy to `upstream` (`http://host:port`) on a free local port.
    pub fn start(upstream: &str, faults: Faults) -> Self {
        Self::start_on(upstream, faults, 0)
    }

    /// Starts a proxy on `port` (0: any free port).
    pub fn start_on(upstream: &str, faults: Faults, port: u16) -> Self {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let counts = Arc::new(Counts::default());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let state = Arc::new(State {
            upstream,
            faults,
            rng: Mutex::new(fastrand::Rng::with_seed(faults.seed)),
            counts: counts.clone(),
            capacity: Mutex::new((faults.wcu.unwrap_or(0.0), std::time::Instant::now())),
        });
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("proxy runtime");
            rt.block_on(async move {
                let listener = TcpListener::bind(("127.0.0.1", port))
                    .await
                    .expect("bind the proxy");
                addr_tx
                    .send(listener.local_addr().expect("proxy address"))
                    .expect("report the address");
                let accept = async {
                    loop {
                        let Ok((client, _)) = listener.accept().await else {
                            continue;
                        };
                        let _ = client.set_nodelay(true);
                        tokio::spawn(serve(client, state.clone()));
                    }
                };
                tokio::select! {
                    _ = accept => {}
                    _ = rx => {}
                }
            });
            rt.shutdown_background();
        });
        let addr = addr_rx.recv().expect("the proxy starts");
        FaultProxy {
            url: format!("http://{addr}"),
            counts,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct State {
    upstream: String,
    faults: Faults,
    rng: Mutex<fastrand::Rng>,
    counts: Arc<Counts>,
    /// Write units available under `wcu` and when they were counted.
    capacity: Mutex<(f64, std::time::Instant)>,
}

impl State {
    fn chance(&self, p: f64) -> bool {
        p > 0.0 && self.rng.lock().unwrap().f64() < p
    }

    fn below(&self, n: usize) -> usize {
        self.rng.lock().unwrap().usize(..n)
    }

    /// Whether a write may go under `wcu` (refilling first); always without one.
    fn has_capacity(&self) -> bool {
        let Some(rate) = self.faults.wcu else {
            return true;
        };
        let mut c = self.capacity.lock().unwrap();
        let now = std::time::Instant::now();
        c.0 = (c.0 + now.duration_since(c.1).as_secs_f64() * rate).min(rate);
        c.1 = now;
        c.0 >= 0.0
    }

    /// Counts an answered request by operation, and the capacity its answer reports.
    fn account(&self, target: Option<&str>, answer: &[u8]) {
        let action = target
            .and_then(|t| t.rsplit('.').next())
            .unwrap_or("?")
            .to_string();
        *self
            .counts
            .operations
            .lock()
            .unwrap()
            .entry(action)
            .or_insert(0) += 1;
        let Ok(out) = serde_json::from_slice::<Value>(answer) else {
            return;
        };
        let units: f64 = match &out["ConsumedCapacity"] {
            Value::Array(list) => list
                .iter()
                .filter_map(|c| c["CapacityUnits"].as_f64())
                .sum(),
            Value::Object(c) => c
                .get("CapacityUnits")
                .and_then(Value::as_f64)
                .unwrap_or(0.0),
            _ => 0.0,
        };
        self.counts
            .consumed_milli_units
            .fetch_add((units * 1000.0).round() as u64, Ordering::SeqCst);
    }

    /// Takes the units an answer reports consumed.
    fn consume(&self, answer: &[u8]) {
        let Ok(out) = serde_json::from_slice::<Value>(answer) else {
            return;
        };
        let units: f64 = out["ConsumedCapacity"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|c| c["CapacityUnits"].as_f64())
                    .sum()
            })
            .unwrap_or(0.0);
        self.counts
            .write_units
            .fetch_add(units.round() as u64, Ordering::SeqCst);
        if self.faults.wcu.is_some() {
            self.capacity.lock().unwrap().0 -= units;
        }
    }
}

/// One HTTP message: the head's lines and the body.
struct Message {
    start: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Message {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The bytes of the message, with a Content-Length for its body.
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("{}\r\n", self.start);
        for (k, v) in &self.headers {
            if k.eq_ignore_ascii_case("content-length")
                || k.eq_ignore_ascii_case("transfer-encoding")
            {
                continue;
            }
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str(&format!("content-length: {}\r\n\r\n", self.body.len()));
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// Reads one message; `None` at the end of the stream.
async fn read_message<R: AsyncBufReadExt + Unpin>(r: &mut R) -> Option<Message> {
    let mut start = String::new();
    if r.read_line(&mut start).await.ok()? == 0 {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (k, v) = line.split_once(':')?;
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let mut msg = Message {
        start: start.trim_end().to_string(),
        headers,
        body: Vec::new(),
    };
    if msg
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut size = String::new();
            r.read_line(&mut size).await.ok()?;
            let n = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
            let mut chunk = vec![0; n + 2];
            r.read_exact(&mut chunk).await.ok()?;
            if n == 0 {
                break;
            }
            msg.body.extend_from_slice(&chunk[..n]);
        }
    } else if let Some(len) = msg.header("content-length") {
        let mut body = vec![0; len.parse().ok()?];
        r.read_exact(&mut body).await.ok()?;
        msg.body = body;
    }
    Some(msg)
}

fn error_answer(status: &str, code: &str) -> Vec<u8> {
    let body = serde_json::json!({
        "__type": format!("com.amazonaws.dynamodb.v20120810#{code}"),
        "message": "injected by the test proxy",
    })
    .to_string();
    Message {
        start: format!("HTTP/1.1 {status}"),
        headers: vec![
            ("content-type".into(), "application/x-amz-json-1.0".into()),
            ("x-amzn-requestid".into(), "fault-proxy".into()),
        ],
        body: body.into_bytes(),
    }
    .to_bytes()
}

/// Splits a BatchWriteItem body: forwards a random share of each table's
/// requests, returns the rest to hold back as unprocessed.
fn split_batch(state: &State, body: &[u8]) -> Option<(Vec<u8>, Value)> {
    let mut request: Value = serde_json::from_slice(body).ok()?;
    let tables = request.get_mut("RequestItems")?.as_object_mut()?;
    let mut held = serde_json::Map::new();
    for (table, items) in tables.iter_mut() {
        let list = items.as_array_mut()?;
        if list.len() < 2 {
            continue;
        }
        let keep = 1 + state.below(list.len() - 1);
        let rest = list.split_off(keep);
        held.insert(table.clone(), Value::Array(rest));
    }
    if held.is_empty() {
        return None;
    }
    Some((serde_json::to_vec(&request).ok()?, Value::Object(held)))
}

async fn serve(client: TcpStream, state: Arc<State>) {
    let (read, mut write) = client.into_split();
    let mut read = BufReader::new(read);
    let mut upstream: Option<BufReader<TcpStream>> = None;
    let half = state.faults.rtt / 2;
    while let Some(mut request) = read_message(&mut read).await {
        state.counts.requests.fetch_add(1, Ordering::SeqCst);
        if !half.is_zero() {
            tokio::time::sleep(half).await;
        }
        if state.chance(state.faults.reset) {
            state.counts.resets.fetch_add(1, Ordering::SeqCst);
            return;
        }
        if let Some(text) = state.faults.fail_matching {
            if String::from_utf8_lossy(&request.body).contains(text) {
                state.counts.server_errors.fetch_add(1, Ordering::SeqCst);
                let answer = error_answer("500 Internal Server Error", "InternalServerError");
                if write.write_all(&answer).await.is_err() {
                    return;
                }
                continue;
            }
        }
        if state.chance(state.faults.throttle) {
            state.counts.throttled.fetch_add(1, Ordering::SeqCst);
            let answer = error_answer("400 Bad Request", "ProvisionedThroughputExceededException");
            if write.write_all(&answer).await.is_err() {
                return;
            }
            continue;
        }
        if state.chance(state.faults.server_error) {
            state.counts.server_errors.fetch_add(1, Ordering::SeqCst);
            let answer = error_answer("500 Internal Server Error", "InternalServerError");
            if write.write_all(&answer).await.is_err() {
                return;
            }
            continue;
        }
        if state.faults.trimmed
            && request
                .header("x-amz-target")
                .is_some_and(|t| t.ends_with(".GetShardIterator"))
            && String::from_utf8_lossy(&request.body).contains("AFTER_SEQUENCE_NUMBER")
        {
            state.counts.trimmed.fetch_add(1, Ordering::SeqCst);
            let answer = error_answer("400 Bad Request", "TrimmedDataAccessException");
            if write.write_all(&answer).await.is_err() {
                return;
            }
            continue;
        }
        let is_batch_write = request
            .header("x-amz-target")
            .is_some_and(|t| t.ends_with(".BatchWriteItem"));
        if is_batch_write && !state.has_capacity() {
            state.counts.over_capacity.fetch_add(1, Ordering::SeqCst);
            state.counts.throttled.fetch_add(1, Ordering::SeqCst);
            let answer = error_answer("400 Bad Request", "ProvisionedThroughputExceededException");
            if write.write_all(&answer).await.is_err() {
                return;
            }
            continue;
        }
        let mut held: Option<Value> = None;
        if is_batch_write && state.chance(state.faults.unprocessed) {
            if let Some((body, rest)) = split_batch(&state, &request.body) {
                let count: usize = rest
                    .as_object()
                    .map(|m| m.values().filter_map(Value::as_array).map(Vec::len).sum())
                    .unwrap_or(0);
                state.counts.partial_batches.fetch_add(1, Ordering::SeqCst);
                state
                    .counts
                    .items_held_back
                    .fetch_add(count as u64, Ordering::SeqCst);
                request.body = body;
                held = Some(rest);
            }
        }
        // A provisioned table charges every write whether or not the call
        // asks what it consumed; to count the units, ask on its behalf.
        if is_batch_write && state.faults.wcu.is_some() {
            if let Ok(mut body) = serde_json::from_slice::<Value>(&request.body) {
                body["ReturnConsumedCapacity"] = Value::from("TOTAL");
                request.body = serde_json::to_vec(&body).expect("JSON");
            }
        }
        // Forward, on a connection of this client's own.
        let mut answer = None;
        for _ in 0..2 {
            if upstream.is_none() {
                match TcpStream::connect(state.upstream.as_str()).await {
                    Ok(s) => {
                        let _ = s.set_nodelay(true);
                        upstream = Some(BufReader::new(s));
                    }
                    Err(_) => return,
                }
            }
            let conn = upstream.as_mut().expect("connected");
            if conn.get_mut().write_all(&request.to_bytes()).await.is_ok() {
                if let Some(a) = read_message(conn).await {
                    answer = Some(a);
                    break;
                }
            }
            upstream = None;
        }
        let Some(mut answer) = answer else { return };
        if is_batch_write {
            state.consume(&answer.body);
        }
        state.account(request.header("x-amz-target"), &answer.body);
        if let Some(rest) = held {
            if let Ok(mut out) = serde_json::from_slice::<Value>(&answer.body) {
                if let Some(obj) = out.as_object_mut() {
                    let entry = obj
                        .entry("UnprocessedItems")
                        .or_insert_with(|| Value::Object(Default::default()));
                    if let (Some(map), Value::Object(rest)) = (entry.as_object_mut(), rest) {
                        for (table, items) in rest {
                            map.insert(table, items);
                        }
                    }
                    answer.body = serde_json::to_vec(&out).expect("JSON");
                    // The body changed: its checksum no longer applies.
                    answer
                        .headers
                        .retain(|(k, _)| !k.eq_ignore_ascii_case("x-amz-crc32"));
                }
            }
        }
        if let Some((from, to)) = state.faults.rewrite {
            let body = String::from_utf8_lossy(&answer.body);
            if body.contains(from) {
                answer.body = body.replace(from, to).into_bytes();
                answer
                    .headers
                    .retain(|(k, _)| !k.eq_ignore_ascii_case("x-amz-crc32"));
            }
        }
        if !half.is_zero() {
            tokio::time::sleep(half).await;
        }
        if write.write_all(&answer.to_bytes()).await.is_err() {
            return;
        }
    }
}

/// Runs a proxy until the process is stopped, for scripts (benchmarks):
/// `CRUDDUR_PROXY_UPSTREAM=http://127.0.0.1:8000 CRUDDUR_PROXY_PORT=8001
/// CRUDDUR_PROXY_FAULTS=busy,rtt_ms=10 cargo test --test it -- --ignored --exact support::fault_proxy::serve_until_stopped`
/// (with `CRUDDUR_PROXY_COUNTS=FILE`, its counters are kept in that file as JSON).
#[test]
#[ignore = "a server for scripts, not a test"]
fn serve_until_stopped() {
    let upstream = std::env::var("CRUDDUR_PROXY_UPSTREAM").expect("CRUDDUR_PROXY_UPSTREAM");
    let port: u16 = std::env::var("CRUDDUR_PROXY_PORT")
        .expect("CRUDDUR_PROXY_PORT")
        .parse()
        .expect("a port");
    let faults = Faults::parse(&std::env::var("CRUDDUR_PROXY_FAULTS").unwrap_or_default());
    // CRUDDUR_PROXY_COUNTS=path: the counters as JSON in that file, rewritten
    // every 100 ms (through a rename, so a reader never sees half of it).
    let counts_path = std::env::var_os("CRUDDUR_PROXY_COUNTS").map(std::path::PathBuf::from);
    let proxy = FaultProxy::start_on(&upstream, faults, port);
    eprintln!("fault proxy on {} -> {upstream}: {faults:?}", proxy.url);
    loop {
        let Some(path) = &counts_path else {
            std::thread::sleep(Duration::from_secs(3600));
            continue;
        };
        let c = &proxy.counts;
        let text = serde_json::json!({
            "requests": Counts::get(&c.requests),
            "partial_batches": Counts::get(&c.partial_batches),
            "items_held_back": Counts::get(&c.items_held_back),
            "throttled": Counts::get(&c.throttled),
            "over_capacity": Counts::get(&c.over_capacity),
            "server_errors": Counts::get(&c.server_errors),
            "resets": Counts::get(&c.resets),
            "write_units": Counts::get(&c.write_units),
            "consumed_milli_units": Counts::get(&c.consumed_milli_units),
            "operations": c.operations.lock().unwrap().clone(),
        });
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text.to_string()).expect("write the counters");
        std::fs::rename(&tmp, path).expect("move the counters into place");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn fault_settings_parse() {
    let f = Faults::parse("busy,rtt_ms=10,seed=7");
    assert_eq!(f.rtt, Duration::from_millis(10));
    assert_eq!(f.seed, 7);
    assert!(f.throttle > 0.0 && f.unprocessed > 0.0);
    let f = Faults::parse("throttle=0.5,wcu=400");
    assert_eq!(f.throttle, 0.5);
    assert_eq!(f.wcu, Some(400.0));
    assert_eq!(f.unprocessed, 0.0);
}
