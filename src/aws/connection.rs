//! What a failed connection looks like in an SDK error's chain of causes:
//! a refused connection or an unknown host, a failed TLS handshake, no
//! answer in time. Read by the retry classifier (which of them are final)
//! and by the error mapping (what to tell the user).

/// True when `err` (or what caused it) is a failed TLS handshake, e.g. an
/// https:// URL pointed at a plain-HTTP server: no retry will change it.
pub fn is_tls_failure(err: &(dyn std::error::Error + 'static)) -> bool {
    any_cause(err, |_, text| {
        text.contains("tls handshake") || text.contains("invalidcontenttype")
    })
}

/// True when `err` (or what caused it) is a timeout waiting for an answer
/// on a connection the server accepted (the SDK's "HTTP read timeout"),
/// not one waiting to connect.
pub fn is_no_answer(err: &(dyn std::error::Error + 'static)) -> bool {
    any_cause(err, |_, text| text.contains("read timeout"))
}

/// True when `err` (or what caused it) is a connection the endpoint refused,
/// or a host name that does not resolve: nothing listens there, and waiting
/// will not change that within one command.
pub fn is_refused(err: &(dyn std::error::Error + 'static)) -> bool {
    any_cause(err, |e, text| {
        let io = e.downcast_ref::<std::io::Error>().map(std::io::Error::kind);
        matches!(
            io,
            Some(std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::AddrNotAvailable)
        ) || text.contains("connection refused")
            || text.contains("failed to lookup address")
    })
}

/// True when `test` holds for `err` or one of its causes; it gets each
/// error and its message in lower case.
pub(crate) fn any_cause(
    err: &(dyn std::error::Error + 'static),
    test: impl Fn(&(dyn std::error::Error + 'static), &str) -> bool,
) -> bool {
    let mut current = Some(err);
    while let Some(e) = current {
        if test(e, &e.to_string().to_ascii_lowercase()) {
            return true;
        }
        current = e.source();
    }
    false
}
