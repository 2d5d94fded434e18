//! AWS Query-protocol calls signed here with SigV4, for the few EC2 actions
//! `rds allow-ip` makes.
//!
//! The generated EC2 crate is the largest of the AWS SDK for Rust: alone it
//! added about twelve minutes to a clean debug build for five operations
//! (BENCHMARKS.md). A Query call is a form-encoded POST and an XML answer;
//! the SDK's own pieces already in the build do the rest: credentials from
//! the shared configuration, `aws-sigv4` to sign, the SDK's HTTPS connector,
//! and `aws-smithy-xml` to read the answer.

use std::time::{Duration, SystemTime};

use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_async::rt::sleep::TokioSleep;
use aws_smithy_runtime_api::client::http::{
    HttpConnector, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use aws_smithy_xml::decode::{try_data, Document, ScopedDecoder};

use crate::app::interrupt::Shutdown;
use crate::app::wait::Backoff;
use crate::aws::retry;

/// EC2: its signing name and the API version cruddur's calls are written for.
pub const EC2: Api = Api {
    signing_name: "ec2",
    version: "2016-11-15",
};

/// The longest answer a Query call reads. The largest EC2 answers cruddur
/// asks for, a page of DescribeSecurityGroupRules (up to 1000 rules of
/// about 600 bytes), are well under a megabyte.
pub const ANSWER_LIMIT: usize = 16 * 1024 * 1024;

/// The elements whose text the calls read. Every other element is read as
/// a container of elements (its own text, if any, is not kept): the
/// answers of the actions cruddur makes hold either text or elements.
const DATA: &[&str] = &[
    "requestId",
    "return",
    "groupId",
    "groupName",
    "securityGroupRuleId",
    "isEgress",
    "ipProtocol",
    "fromPort",
    "toPort",
    "cidrIpv4",
    "cidrIpv6",
    "description",
    "nextToken",
    "Code",
    "Message",
];

/// One element of an XML answer: its local name, its text and its children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The text of the first child named `name`.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }

    /// The `<item>` children of the child named `name` (the Query protocol's lists).
    pub fn items(&self, name: &str) -> Vec<&Element> {
        self.child(name)
            .map(|list| list.children.iter().filter(|c| c.name == "item").collect())
            .unwrap_or_default()
    }

    /// Parses a whole document with `aws-smithy-xml`'s decoder (which
    /// unescapes the text of the [`DATA`] elements).
    pub fn parse(xml: &str) -> Result<Element, String> {
        let mut doc = Document::new(xml);
        let root = doc.root_element().map_err(|e| e.to_string())?;
        read_element(root)
    }
}

fn read_element(mut scope: ScopedDecoder<'_, '_>) -> Result<Element, String> {
    let name = scope.start_el().local().to_string();
    if DATA.contains(&name.as_str()) {
        let text = try_data(&mut scope)
            .map_err(|e| format!("<{name}>: {e}"))?
            .into_owned();
        return Ok(Element {
            name,
            text,
            children: Vec::new(),
        });
    }
    let mut children = Vec::new();
    while let Some(child) = scope.next_tag() {
        children.push(read_element(child)?);
    }
    Ok(Element {
        name,
        text: String::new(),
        children,
    })
}

/// Why a Query call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// The service answered with an error code.
    Service {
        status: u16,
        code: String,
        message: String,
    },
    /// No answer: the endpoint could not be reached or did not answer in time.
    Unreachable(String),
    /// The credential chain found no credentials.
    Credentials(String),
    /// The request could not be made (a bad URL, a signing failure).
    BadRequest(String),
    /// Something that is not the service answered: `what` says what it
    /// sent (an HTML page, say).
    NotTheService { status: u16, what: String },
    /// The answer is longer than `limit` bytes; reading stopped there.
    TooLarge { limit: usize },
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::Service { code, message, .. } => write!(f, "{code}: {message}"),
            QueryError::Unreachable(m) | QueryError::Credentials(m) | QueryError::BadRequest(m) => {
                f.write_str(m)
            }
            QueryError::NotTheService { status, what } => {
                write!(f, "the answer is {what} (HTTP {status})")
            }
            QueryError::TooLarge { limit } => {
                write!(f, "the answer is longer than {}", size_text(*limit))
            }
        }
    }
}

/// Error codes worth another attempt: throttling and the service's own
/// transient failures.
const RETRYABLE_CODES: &[&str] = &[
    "RequestLimitExceeded",
    "Throttling",
    "ThrottlingException",
    "InternalError",
    "InternalFailure",
    "ServiceUnavailable",
    "Unavailable",
];

/// The SDK's HTTPS connector (rustls), with the run's connect timeout and
/// `read_timeout` for the first byte of an answer.
fn connector(read_timeout: Duration) -> SharedHttpConnector {
    let settings = HttpConnectorSettings::builder()
        .connect_timeout(retry::CONNECT_TIMEOUT)
        .read_timeout(read_timeout)
        .build();
    let sleep = aws_smithy_async::rt::sleep::SharedAsyncSleep::new(TokioSleep::new());
    aws_smithy_http_client::default_connector(&settings, Some(sleep))
        .expect("the rustls connector is built in")
}

/// `bytes` for messages: `512 bytes`, `16 MiB`.
pub fn size_text(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// An answer read whole: its status, its Content-Type and its body.
struct Answer {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Reads an answer of at most `limit` bytes. A longer one (by its
/// Content-Length or as it arrives) is [`QueryError::TooLarge`]: reading
/// stops at the first chunk past the limit, so memory stays flat whatever
/// the server sends.
async fn read_answer(response: HttpResponse, limit: usize) -> Result<Answer, QueryError> {
    let status = response.status().as_u16();
    let header = |name: &str| response.headers().get(name).map(str::to_string);
    let content_type = header("content-type");
    let declared = header("content-length").and_then(|l| l.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(QueryError::TooLarge { limit });
    }
    let mut stream = ByteStream::new(response.into_body());
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| QueryError::Unreachable(crate::app::error::chain(&e)))?;
        if body.len() + chunk.len() > limit {
            return Err(QueryError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Answer {
        status,
        content_type,
        body,
    })
}

/// Sends `request` and reads its answer, at most `limit` bytes, all within
/// `timeout`: the one send-and-collect of every call.
async fn send_and_collect(
    connector: &SharedHttpConnector,
    request: HttpRequest,
    timeout: Duration,
    limit: usize,
) -> Result<Answer, QueryError> {
    let work = async {
        let response = connector
            .call(request)
            .await
            .map_err(|e| QueryError::Unreachable(crate::app::error::chain(&e)))?;
        read_answer(response, limit).await
    };
    tokio::time::timeout(timeout, work)
        .await
        .unwrap_or_else(|_| {
            Err(QueryError::Unreachable(format!(
                "no whole answer in {}s",
                timeout.as_secs()
            )))
        })
}

/// A plain GET of `url`: its status and body, within `timeout` in all. An
/// answer longer than `limit` bytes is [`QueryError::TooLarge`].
pub async fn get_text(
    url: &str,
    timeout: Duration,
    limit: usize,
) -> Result<(u16, String), QueryError> {
    let mut request = HttpRequest::new(SdkBody::empty());
    request
        .set_uri(url)
        .map_err(|e| QueryError::BadRequest(format!("'{url}' is not a URL: {e}")))?;
    let answer = send_and_collect(&connector(timeout), request, timeout, limit).await?;
    Ok((
        answer.status,
        String::from_utf8_lossy(&answer.body).into_owned(),
    ))
}

/// The pauses between the attempts of a call: from 200 ms, doubling up to 6.4 s.
pub const PAUSES: Backoff = Backoff {
    first: Duration::from_millis(200),
    cap: Duration::from_millis(6400),
};

/// A client for one Query-protocol service.
pub struct QueryClient {
    connector: SharedHttpConnector,
    endpoint: String,
    region: String,
    api: Api,
    credentials: SharedCredentialsProvider,
    attempts: u32,
}

/// A Query-protocol API: the name its calls are signed with and the
/// version its actions belong to.
#[derive(Debug, Clone, Copy)]
pub struct Api {
    pub signing_name: &'static str,
    pub version: &'static str,
}

impl QueryClient {
    /// A client of `api` at `endpoint` (without a trailing slash) in
    /// `region`, making at most `attempts` attempts a call.
    pub fn new(
        api: Api,
        endpoint: String,
        region: String,
        credentials: SharedCredentialsProvider,
        attempts: u32,
    ) -> Self {
        let connector = connector(retry::READ_TIMEOUT);
        let attempts = attempts.max(1);
        QueryClient {
            connector,
            endpoint,
            region,
            api,
            credentials,
            attempts,
        }
    }

    /// Where the calls go, for messages.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Calls `action` with `params` (Query names such as `Filter.1.Name`) and
    /// returns the answer's root element. Throttling, 5xx answers and lost
    /// connections are tried again after a pause of [`PAUSES`] with full
    /// jitter; a stop of the process's [`Shutdown`] (a signal, when the
    /// command listens for one) ends the pause and the call at once.
    pub async fn call(
        &self,
        action: &str,
        params: &[(String, String)],
    ) -> Result<Element, QueryError> {
        let shutdown: &Shutdown = crate::app::interrupt::process();
        let mut attempt = 1;
        loop {
            match self.call_once(action, params).await {
                Err(e) if attempt < self.attempts && is_retryable(&e) => {
                    let pause = PAUSES.jittered(attempt - 1, fastrand::f64());
                    if shutdown.sleep(pause).await.is_some() {
                        return Err(e);
                    }
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn call_once(
        &self,
        action: &str,
        params: &[(String, String)],
    ) -> Result<Element, QueryError> {
        let body = form_body(action, self.api.version, params);
        let credentials = self
            .credentials
            .provide_credentials()
            .await
            .map_err(|e| QueryError::Credentials(crate::app::error::chain(&e)))?;
        let identity = credentials.into();
        let signing = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(self.api.signing_name)
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| QueryError::BadRequest(format!("cannot sign the request: {e}")))?
            .into();
        let uri = format!("{}/", self.endpoint);
        let content_type = "application/x-www-form-urlencoded; charset=utf-8";
        let host = host_of(&self.endpoint);
        let headers = [("content-type", content_type), ("host", host.as_str())];
        let signable = SignableRequest::new(
            "POST",
            &uri,
            headers.iter().copied(),
            SignableBody::Bytes(body.as_bytes()),
        )
        .map_err(|e| QueryError::BadRequest(format!("cannot sign the request: {e}")))?;
        let (instructions, _) = sign(signable, &signing)
            .map_err(|e| QueryError::BadRequest(format!("cannot sign the request: {e}")))?
            .into_parts();

        let mut request = HttpRequest::new(SdkBody::from(body));
        request
            .set_uri(uri.as_str())
            .map_err(|e| QueryError::BadRequest(format!("bad endpoint {uri}: {e}")))?;
        request
            .set_method("POST")
            .map_err(|e| QueryError::BadRequest(e.to_string()))?;
        for (name, value) in headers {
            request.headers_mut().insert(name, value.to_string());
        }
        for (name, value) in instructions.headers() {
            request
                .headers_mut()
                .insert(name.to_string(), value.to_string());
        }

        let read = send_and_collect(
            &self.connector,
            request,
            retry::ATTEMPT_TIMEOUT,
            ANSWER_LIMIT,
        )
        .await?;
        let text = String::from_utf8_lossy(&read.body);
        answer(action, read.status, read.content_type.as_deref(), &text)
    }
}

fn is_retryable(e: &QueryError) -> bool {
    match e {
        QueryError::Service { status, code, .. } => {
            *status >= 500 || RETRYABLE_CODES.contains(&code.as_str())
        }
        QueryError::Unreachable(_) => true,
        // A proxy or load balancer in front of the service, busy.
        QueryError::NotTheService { status, .. } => *status >= 500,
        QueryError::Credentials(_) | QueryError::BadRequest(_) | QueryError::TooLarge { .. } => {
            false
        }
    }
}

/// `host[:port]` of an endpoint URL.
fn host_of(endpoint: &str) -> String {
    let rest = endpoint.split_once("://").map_or(endpoint, |(_, r)| r);
    rest.split('/').next().unwrap_or_default().to_string()
}

/// The form body of a Query call, values percent-encoded as SigV4 expects.
pub fn form_body(action: &str, version: &str, params: &[(String, String)]) -> String {
    let mut body = format!("Action={}&Version={}", encode(action), encode(version));
    for (name, value) in params {
        body.push('&');
        body.push_str(&encode(name));
        body.push('=');
        body.push_str(&encode(value));
    }
    body
}

fn encode(s: &str) -> String {
    const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(s, UNRESERVED).to_string()
}

/// The outcome of the answer to `action`: its root element, or the error it
/// carries. The service's own answers are `<{action}Response>` documents or
/// error documents with a code; anything else is
/// [`QueryError::NotTheService`].
pub fn answer(
    action: &str,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<Element, QueryError> {
    let not_the_service = || QueryError::NotTheService {
        status,
        what: what_answered(content_type, body),
    };
    let root = Element::parse(body).map_err(|_| not_the_service())?;
    if (200..300).contains(&status) {
        return if root.name == format!("{action}Response") {
            Ok(root)
        } else {
            Err(not_the_service())
        };
    }
    // EC2: <Response><Errors><Error><Code/><Message/></Error></Errors>...
    // other Query services: <ErrorResponse><Error><Code/><Message/></Error>...
    let error = root
        .child("Errors")
        .and_then(|e| e.child("Error"))
        .or_else(|| root.child("Error"))
        .filter(|e| e.text_of("Code").is_some_and(|c| !c.trim().is_empty()));
    match error {
        Some(e) => Err(QueryError::Service {
            status,
            code: e.text_of("Code").unwrap_or_default().trim().to_string(),
            message: e.text_of("Message").unwrap_or_default().to_string(),
        }),
        None => Err(not_the_service()),
    }
}

/// What an answer that is not the service's is, in words: `an HTML page`,
/// `an empty answer`, `XML of another kind (<html>)`.
fn what_answered(content_type: Option<&str>, body: &str) -> String {
    let start = body.trim_start();
    let head: String = start.chars().take(15).collect::<String>().to_lowercase();
    let media = content_type.unwrap_or_default().to_lowercase();
    if start.is_empty() {
        "an empty answer".to_string()
    } else if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || media.contains("html")
    {
        "an HTML page".to_string()
    } else if head.starts_with('{') || head.starts_with('[') || media.contains("json") {
        "a JSON document".to_string()
    } else if let Ok(root) = Element::parse(start) {
        format!("XML of another kind (<{}>)", root.name)
    } else if head.starts_with('<') {
        "a document that is not well-formed XML".to_string()
    } else {
        "plain text".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_form_encoded() {
        let params = vec![
            ("Filter.1.Name".to_string(), "group-id".to_string()),
            (
                "IpPermissions.1.IpRanges.1.Description".to_string(),
                "cruddur: a@b c".to_string(),
            ),
        ];
        assert_eq!(
            form_body("DescribeSecurityGroupRules", "2016-11-15", &params),
            "Action=DescribeSecurityGroupRules&Version=2016-11-15&Filter.1.Name=group-id&IpPermissions.1.IpRanges.1.Description=cruddur%3A%20a%40b%20c"
        );
    }

    #[test]
    fn an_answer_becomes_a_tree() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeSecurityGroupRulesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>r-1</requestId>
  <securityGroupRuleSet>
    <item><securityGroupRuleId>sgr-1</securityGroupRuleId><fromPort>5432</fromPort></item>
    <item><securityGroupRuleId>sgr-2</securityGroupRuleId><description>a &amp; b</description></item>
  </securityGroupRuleSet>
</DescribeSecurityGroupRulesResponse>"#;
        let root = answer("DescribeSecurityGroupRules", 200, Some("text/xml"), xml).unwrap();
        assert_eq!(root.name, "DescribeSecurityGroupRulesResponse");
        assert_eq!(root.text_of("requestId"), Some("r-1"));
        let items = root.items("securityGroupRuleSet");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].text_of("securityGroupRuleId"), Some("sgr-1"));
        assert_eq!(items[0].text_of("fromPort"), Some("5432"));
        assert_eq!(items[1].text_of("description"), Some("a & b"));
        let escaped = Element::parse("<r><description>&#65;&#x42;&lt;</description></r>").unwrap();
        assert_eq!(escaped.text_of("description"), Some("AB<"));
        assert!(Element::parse("{\"not\": \"xml\"}").is_err());
    }

    #[test]
    fn an_error_answer_carries_its_code() {
        let xml = "<Response><Errors><Error><Code>InvalidGroup.NotFound</Code><Message>The security group 'sg-1' does not exist</Message></Error></Errors><RequestID>x</RequestID></Response>";
        assert_eq!(
            answer("DescribeSecurityGroups", 400, None, xml),
            Err(QueryError::Service {
                status: 400,
                code: "InvalidGroup.NotFound".into(),
                message: "The security group 'sg-1' does not exist".into()
            })
        );
        let e = answer("DescribeSecurityGroups", 400, None, "<Response><Errors><Error><Code>RequestLimitExceeded</Code></Error></Errors></Response>").unwrap_err();
        assert!(is_retryable(&e));
    }

    #[test]
    fn what_is_not_the_service_is_named_for_what_it_is() {
        let not_ec2 = |status, content_type, body| match answer(
            "DescribeSecurityGroups",
            status,
            content_type,
            body,
        ) {
            Err(QueryError::NotTheService { what, .. }) => what,
            other => panic!("{other:?}"),
        };
        let cases = [
            (
                200,
                Some("text/html"),
                "<html>captive portal</html>",
                "an HTML page",
            ),
            (404, None, "<!DOCTYPE html><html><body>x", "an HTML page"),
            (200, Some("text/plain"), "", "an empty answer"),
            (
                200,
                Some("application/json"),
                "{\"a\": 1}",
                "a JSON document",
            ),
            (
                200,
                None,
                "<ListBucketsResult/>",
                "XML of another kind (<ListBucketsResult>)",
            ),
            (
                400,
                None,
                "<Response><Errors/></Response>",
                "XML of another kind (<Response>)",
            ),
            (
                200,
                None,
                "<a <b>",
                "a document that is not well-formed XML",
            ),
            (200, None, "203.0.113.7", "plain text"),
        ];
        for (status, content_type, body, what) in cases {
            assert_eq!(not_ec2(status, content_type, body), what, "{body}");
        }
        assert_eq!(cases.len(), 8);
        // A busy proxy in front of the service is worth another attempt.
        let busy = answer("DescribeSecurityGroups", 503, None, "<html>busy</html>").unwrap_err();
        assert!(is_retryable(&busy));
        let page = answer("DescribeSecurityGroups", 200, None, "<html>x</html>").unwrap_err();
        assert!(!is_retryable(&page));
        assert_eq!(page.to_string(), "the answer is an HTML page (HTTP 200)");
    }

    #[test]
    fn sizes_read_as_words() {
        assert_eq!(size_text(512), "512 bytes");
        assert_eq!(size_text(ANSWER_LIMIT), "16 MiB");
        assert_eq!(
            QueryError::TooLarge { limit: 512 }.to_string(),
            "the answer is longer than 512 bytes"
        );
    }

    #[test]
    fn hosts_keep_their_port() {
        assert_eq!(host_of("http://127.0.0.1:5055"), "127.0.0.1:5055");
        assert_eq!(
            host_of("https://ec2.us-east-1.amazonaws.com"),
            "ec2.us-east-1.amazonaws.com"
        );
    }
}
