//! A Lambda Runtime API for tests: the few HTTP calls a custom runtime
//! makes (`next`, `response`, `error`, `init/error`), served on a local
//! port to one function process, with events the test queues.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// What the function answered to one invocation.
#[derive(Debug, Clone)]
pub struct Answer {
    /// `response` or `error`.
    pub kind: String,
    pub body: Value,
    pub at: Instant,
}

#[derive(Default)]
struct Shared {
    queue: VecDeque<(String, String, u64)>,
    answers: HashMap<String, Answer>,
    init_error: Option<Value>,
    first_next: Option<Instant>,
}

pub struct RuntimeApi {
    /// `host:port`, as AWS_LAMBDA_RUNTIME_API holds it.
    pub address: String,
    state: Arc<(Mutex<Shared>, Condvar)>,
}

impl RuntimeApi {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let state = Arc::new((Mutex::new(Shared::default()), Condvar::new()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { break };
                let shared = shared.clone();
                std::thread::spawn(move || serve(conn, &shared));
            }
        });
        RuntimeApi { address, state }
    }

    /// Queues an invocation of `event` with `deadline` from now; its request id.
    pub fn invoke(&self, event: &Value, deadline: Duration) -> (String, Instant) {
        self.invoke_body(&event.to_string(), deadline)
    }

    /// Queues an invocation whose payload is `body` as it is (JSON or not).
    pub fn invoke_body(&self, body: &str, deadline: Duration) -> (String, Instant) {
        let id = uuid::Uuid::new_v4().to_string();
        let at = SystemTime::now() + deadline;
        let ms = at.duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;
        let (lock, cvar) = &*self.state;
        lock.lock()
            .unwrap()
            .queue
            .push_back((id.clone(), body.to_string(), ms));
        cvar.notify_all();
        (id, Instant::now() + deadline)
    }

    /// The function's answer to invocation `id`, waiting up to `timeout`.
    pub fn answer(&self, id: &str, timeout: Duration) -> Answer {
        let (lock, cvar) = &*self.state;
        let end = Instant::now() + timeout;
        let mut shared = lock.lock().unwrap();
        loop {
            if let Some(a) = shared.answers.get(id) {
                return a.clone();
            }
            if let Some(e) = &shared.init_error {
                panic!("the function failed to start: {e}");
            }
            let now = Instant::now();
            assert!(now < end, "no answer to invocation {id} in {timeout:?}");
            shared = cvar.wait_timeout(shared, end - now).unwrap().0;
        }
    }

    /// When the function first asked for an invocation.
    pub fn first_next(&self, timeout: Duration) -> Instant {
        let (lock, cvar) = &*self.state;
        let end = Instant::now() + timeout;
        let mut shared = lock.lock().unwrap();
        loop {
            if let Some(t) = shared.first_next {
                return t;
            }
            let now = Instant::now();
            assert!(
                now < end,
                "the function did not ask for an invocation in {timeout:?}"
            );
            shared = cvar.wait_timeout(shared, end - now).unwrap().0;
        }
    }
}

fn respond(conn: &mut TcpStream, status: &str, headers: &[(&str, String)], body: &str) {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = conn.write_all(head.as_bytes());
    let _ = conn.write_all(body.as_bytes());
}

/// Serves one connection's requests (the runtime keeps it alive).
fn serve(conn: TcpStream, state: &(Mutex<Shared>, Condvar)) {
    let mut writer = conn.try_clone().unwrap();
    let mut reader = BufReader::new(conn);
    loop {
        let mut start = String::new();
        if reader.read_line(&mut start).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let mut parts = start.split_whitespace();
        let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let (lock, cvar) = state;
        let path = path.trim_start_matches("/2018-06-01/runtime/");
        if method == "GET" && path == "invocation/next" {
            let mut shared = lock.lock().unwrap();
            shared.first_next.get_or_insert_with(Instant::now);
            cvar.notify_all();
            while shared.queue.is_empty() {
                shared = cvar.wait(shared).unwrap();
            }
            let (id, event, deadline) = shared.queue.pop_front().unwrap();
            drop(shared);
            respond(
                &mut writer,
                "200 OK",
                &[
                    ("Content-Type", "application/json".into()),
                    ("Lambda-Runtime-Aws-Request-Id", id),
                    ("Lambda-Runtime-Deadline-Ms", deadline.to_string()),
                    (
                        "Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:000000000000:function:cruddur-stream-handler"
                            .into(),
                    ),
                    (
                        "Lambda-Runtime-Trace-Id",
                        "Root=1-00000000-000000000000000000000000".into(),
                    ),
                ],
                &event,
            );
            continue;
        }
        let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let mut shared = lock.lock().unwrap();
        if path == "init/error" {
            shared.init_error = Some(value);
        } else if let Some(rest) = path.strip_prefix("invocation/") {
            if let Some((id, kind)) = rest.split_once('/') {
                shared.answers.insert(
                    id.to_string(),
                    Answer {
                        kind: kind.to_string(),
                        body: value,
                        at: Instant::now(),
                    },
                );
            }
        }
        cvar.notify_all();
        drop(shared);
        respond(&mut writer, "202 Accepted", &[], r#"{"status":"OK"}"#);
    }
}
