//! Which service answers at an address, for the errors of a connection
//! that reached something other than the service cruddur expected
//! (Postgres behind the DynamoDB URL, DynamoDB Local behind the Postgres
//! URL, a web page): two short probes, each bounded in time and in the
//! bytes read. A Postgres server answers an SSLRequest with one byte, `S`
//! or `N`; anything speaking HTTP answers a GET with a status line and
//! headers that name it.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// How long each step of a probe may take.
const STEP: Duration = Duration::from_millis(1500);
/// The most of an answer a probe reads.
const MOST: usize = 4096;

/// What answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Peer {
    Postgres,
    /// DynamoDB (Local, or behind a proxy): its answers carry an AWS request id and a DynamoDB error type.
    DynamoDb,
    /// Another AWS-style service (moto, say).
    OtherAws(Option<String>),
    /// A web server that is no AWS service.
    Web {
        server: Option<String>,
        html: bool,
    },
}

impl Peer {
    /// The peer as a message names it.
    pub fn name(&self) -> String {
        match self {
            Peer::Postgres => "a Postgres server".to_string(),
            Peer::DynamoDb => "DynamoDB".to_string(),
            Peer::OtherAws(Some(server)) => format!("another AWS-style service ({server})"),
            Peer::OtherAws(None) => "another AWS-style service".to_string(),
            Peer::Web { server, html } => {
                let what = if *html {
                    "a web server serving an HTML page"
                } else {
                    "a web server"
                };
                match server {
                    Some(s) => format!("{what} ({s})"),
                    None => what.to_string(),
                }
            }
        }
    }
}

fn connect(host: &str, port: u16) -> Option<TcpStream> {
    let addr = (host, port).to_socket_addrs().ok()?.next()?;
    let stream = TcpStream::connect_timeout(&addr, STEP).ok()?;
    stream.set_read_timeout(Some(STEP)).ok()?;
    stream.set_write_timeout(Some(STEP)).ok()?;
    Some(stream)
}

/// Reads what the peer sends, at most [`MOST`] bytes, until it stops.
fn read_some(stream: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    while got.len() < MOST {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n.min(MOST - got.len())]),
        }
    }
    got
}

/// Tells what answers at `host:port`, if it can (blocking, a few seconds at most).
pub fn identify(host: &str, port: u16) -> Option<Peer> {
    // Postgres's SSLRequest: length 8, code 80877103.
    if let Some(mut s) = connect(host, port) {
        let request = [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f];
        if s.write_all(&request).is_ok() {
            let mut first = [0u8; 1];
            if let Ok(1) = s.read(&mut first) {
                if matches!(first[0], b'S' | b'N') {
                    return Some(Peer::Postgres);
                }
            }
        }
    }
    let mut s = connect(host, port)?;
    let request = format!("GET / HTTP/1.0\r\nHost: {host}\r\nUser-Agent: cruddur\r\n\r\n");
    s.write_all(request.as_bytes()).ok()?;
    let answer = String::from_utf8_lossy(&read_some(&mut s)).into_owned();
    if !answer.starts_with("HTTP/") {
        return None;
    }
    Some(of_http(&answer))
}

/// The peer of an HTTP answer (status line, headers and the start of the body).
fn of_http(answer: &str) -> Peer {
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((answer, ""));
    let headers = |name: &str| -> Vec<String> {
        head.lines()
            .filter_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
            .collect()
    };
    let header = |name: &str| headers(name).into_iter().next();
    let server = header("server");
    let aws = header("x-amzn-requestid").is_some() || header("x-amz-request-id").is_some();
    if aws && body.contains("dynamodb") {
        return Peer::DynamoDb;
    }
    // moto names itself twice: its web server, then `amazon.com`.
    if aws || headers("server").iter().any(|s| s == "amazon.com") {
        return Peer::OtherAws(server);
    }
    let html = header("content-type").is_some_and(|t| t.contains("html"))
        || body
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("<!doctype html")
        || body.trim_start().to_ascii_lowercase().starts_with("<html");
    Peer::Web { server, html }
}

/// Host and port of an http(s) URL (the scheme's port if none is written).
pub fn host_port(url: &str) -> Option<(String, u16)> {
    let parsed = url::Url::parse(url).ok()?;
    Some((
        parsed.host_str()?.trim_matches(['[', ']']).to_string(),
        parsed.port_or_known_default()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_answers_are_told_apart() {
        let dynamo = "HTTP/1.1 400 Bad Request\r\nServer: Jetty(12.1.11)\r\nx-amzn-RequestId: 0d1a\r\nContent-Type: application/x-amz-json-1.0\r\n\r\n{\"__type\":\"com.amazonaws.dynamodb.v20120810#MissingAuthenticationToken\"}";
        assert_eq!(of_http(dynamo), Peer::DynamoDb);
        let moto = "HTTP/1.1 200 OK\r\nServer: Werkzeug/3.1.8 Python/3.11.7\r\nserver: amazon.com\r\n\r\n<ListAllMyBucketsResult/>";
        assert_eq!(
            of_http(moto),
            Peer::OtherAws(Some("Werkzeug/3.1.8 Python/3.11.7".into()))
        );
        let page = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\n\r\n<!DOCTYPE html><p>hi</p>";
        assert_eq!(
            of_http(page),
            Peer::Web {
                server: Some("nginx".into()),
                html: true
            }
        );
        assert_eq!(
            Peer::Web {
                server: Some("nginx".into()),
                html: true
            }
            .name(),
            "a web server serving an HTML page (nginx)"
        );
    }

    #[test]
    fn a_postgres_server_is_told_by_its_answer_to_an_ssl_request() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let mut request = [0u8; 8];
            s.read_exact(&mut request).unwrap();
            s.write_all(b"N").unwrap();
            request
        });
        assert_eq!(identify("127.0.0.1", port), Some(Peer::Postgres));
        assert_eq!(server.join().unwrap(), [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
    }
}
