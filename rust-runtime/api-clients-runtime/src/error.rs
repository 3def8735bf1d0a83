//! Every way building a client or making a call fails, each printable as one
//! useful log line that never contains credentials.

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use super::body::BodyError;
use super::response::RawResponse;
use super::secret::RedactedHeaders;

/// How many characters of a body or server message `Display` and `Debug` show.
const SNIPPET_CHARS: usize = 200;

/// Why [`Builder::build`](super::Builder::build) refused to build a client.
///
/// Messages never echo the base URL or credentials.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not usable.
    #[error("invalid base URL: {reason}")]
    InvalidBaseUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// The base URL is plain `http://` and `allow_insecure_http(true)` was not set.
    #[error("the base URL uses plain http://; use https:// or allow_insecure_http(true)")]
    InsecureHttp,
    /// The user-agent suffix is not a valid header value.
    #[error("the user-agent suffix is not a valid HTTP header value")]
    InvalidUserAgent,
    /// A credential cannot be sent the way its scheme says.
    #[error("invalid credential: {reason}")]
    InvalidCredential {
        /// The scheme's name in the spec.
        scheme: &'static str,
        /// What is wrong with it (without the secret).
        reason: String,
    },
    /// A server variable's value is missing or could change the URL's shape.
    #[error("invalid value for server variable `{name}`: {reason}")]
    InvalidServerVariable {
        /// The variable's name in the server URL.
        name: &'static str,
        /// What is wrong (without the value).
        reason: String,
    },
    /// The HTTP client could not be created.
    #[error("could not create the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
}

/// Every way a call fails. `E` is the endpoint's typed error body.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status (declared in the spec or not).
    Api(ApiError<E>),
    /// A response body (success or declared error) did not decode.
    Decode(DecodeError),
    /// The request could not be built; nothing was sent.
    InvalidRequest {
        /// The operation's name.
        operation: &'static str,
        /// Why (never contains the offending header value).
        reason: String,
    },
    /// The request timed out (after retries, if any).
    Timeout {
        /// The operation's name.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The last attempt's error.
        source: reqwest::Error,
    },
    /// Connection or other transport failure (after retries, if any).
    Transport {
        /// The operation's name.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The last attempt's error.
        source: reqwest::Error,
    },
    /// The credential provider failed, or gave a credential the operation
    /// cannot use; nothing was sent.
    Credential {
        /// The operation's name.
        operation: &'static str,
        /// The provider's error, or what is wrong with its credential.
        source: crate::provider::BoxError,
    },
    /// The response body was larger than the client's limit
    /// ([`Builder::max_response_body`](crate::Builder::max_response_body));
    /// reading stopped there and the connection was dropped.
    BodyTooLarge {
        /// The operation's name.
        operation: &'static str,
        /// The response's status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
}

impl<E> Error<E> {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status()),
            Error::Decode(e) => Some(e.status()),
            Error::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The name of the operation that failed.
    pub fn operation(&self) -> &'static str {
        match self {
            Error::Api(e) => e.operation(),
            Error::Decode(e) => e.operation(),
            Error::InvalidRequest { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Transport { operation, .. }
            | Error::BodyTooLarge { operation, .. }
            | Error::Credential { operation, .. } => operation,
        }
    }

    /// What kind of failure it is, as traces record it in `error.type`:
    /// `api`, `decode`, `invalid_request`, `timeout`, `connect`, `transport`,
    /// `body_too_large` or `credential`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Api(_) => "api",
            Error::Decode(_) => "decode",
            Error::InvalidRequest { .. } => "invalid_request",
            Error::Timeout { .. } => "timeout",
            Error::Transport { source, .. } if source.is_connect() => "connect",
            Error::Transport { .. } => "transport",
            Error::BodyTooLarge { .. } => "body_too_large",
            Error::Credential { .. } => "credential",
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::InvalidRequest { operation, reason } => {
                write!(f, "{operation}: invalid request: {reason}")
            }
            Error::Timeout {
                operation,
                attempts,
                ..
            } => {
                let plural = if *attempts == 1 { "" } else { "s" };
                write!(f, "{operation}: timed out after {attempts} attempt{plural}")
            }
            Error::Transport {
                operation, source, ..
            } => {
                write!(f, "{operation}: transport error: {source}")?;
                // reqwest's own message rarely says what went wrong; the root cause does.
                let mut root: &dyn std::error::Error = source;
                while let Some(next) = root.source() {
                    root = next;
                }
                if !std::ptr::addr_eq(root, source) {
                    write!(f, " ({root})")?;
                }
                Ok(())
            }
            Error::Credential { operation, source } => {
                write!(f, "{operation}: no usable credential: {source}")
            }
            Error::BodyTooLarge {
                operation,
                status,
                limit,
            } => write!(
                f,
                "{operation}: the response body (HTTP {status}) is over the client's limit of \
                 {limit} bytes (Builder::max_response_body)"
            ),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode(e) => Some(&e.0.source as &(dyn std::error::Error + 'static)),
            Error::Timeout { source, .. } | Error::Transport { source, .. } => Some(source),
            Error::Credential { source, .. } => Some(source.as_ref()),
            Error::Api(_) | Error::InvalidRequest { .. } | Error::BodyTooLarge { .. } => None,
        }
    }
}

/// The server answered with an error status.
pub struct ApiError<E>(Box<ApiErrorInner<E>>);

struct ApiErrorInner<E> {
    operation: &'static str,
    response: RawResponse,
    typed: Option<E>,
    declared: bool,
    message: Option<String>,
    sensitive: bool,
    /// Why a declared error body did not decode into its type.
    body_error: Option<BodyError>,
}

impl<E> ApiError<E> {
    /// Wraps an error response; the server's message is the first string found
    /// at `message_paths` (JSON Pointers) in the JSON body. With `sensitive`,
    /// the raw body is never shown in `Display` or `Debug`.
    pub(crate) fn new(
        operation: &'static str,
        response: RawResponse,
        typed: Option<E>,
        declared: bool,
        message_paths: &[&str],
        sensitive: bool,
    ) -> Self {
        let message = server_message(&response.body, message_paths);
        ApiError(Box::new(ApiErrorInner {
            operation,
            response,
            typed,
            declared,
            message,
            sensitive,
            body_error: None,
        }))
    }

    /// Replaces every occurrence of each of `secrets` in the server's message
    /// with `[redacted]`; with any secret, the raw body is withheld too.
    pub(crate) fn redacting(mut self, secrets: &[String]) -> Self {
        if secrets.is_empty() {
            return self;
        }
        self.0.sensitive = true;
        if let Some(message) = &mut self.0.message {
            for secret in secrets {
                if message.contains(secret.as_str()) {
                    *message = message.replace(secret.as_str(), REDACTED);
                }
            }
        }
        self
    }

    /// Records why the declared error body did not decode (so `typed` is `None`).
    pub(crate) fn with_body_error(mut self, e: BodyError) -> Self {
        self.0.body_error = Some(e);
        self
    }

    /// Why the body did not decode into the type the spec declares for this
    /// status (an HTML page from a proxy where JSON is declared, for example);
    /// `None` when it decoded or no type is declared.
    pub fn body_error(&self) -> Option<&BodyError> {
        self.0.body_error.as_ref()
    }

    /// The name of the operation.
    pub fn operation(&self) -> &'static str {
        self.0.operation
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.0.response.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.response.headers
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        &self.0.response.body
    }

    /// The decoded error body, when the status declares one and it decoded
    /// (see [`body_error`](Self::body_error) when it did not).
    pub fn typed(&self) -> Option<&E> {
        self.0.typed.as_ref()
    }

    /// The decoded error body, when the status declares one.
    pub fn into_typed(self) -> Option<E> {
        self.0.typed
    }

    /// The server's message, from the API's error message fields.
    pub fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// Whether the spec declares this status for the operation.
    pub fn is_declared(&self) -> bool {
        self.0.declared
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.0;
        write!(
            f,
            "{}: HTTP {}",
            inner.operation,
            StatusLine(inner.response.status)
        )?;
        let detail = match &inner.message {
            Some(message) => one_line(message),
            None if inner.sensitive && !inner.response.body.is_empty() => WITHHELD.to_owned(),
            None => one_line(&String::from_utf8_lossy(&inner.response.body)),
        };
        if detail.is_empty() {
            Ok(())
        } else {
            write!(f, ": {detail}")
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.0;
        f.debug_struct("ApiError")
            .field("operation", &inner.operation)
            .field("status", &inner.response.status)
            .field("headers", &RedactedHeaders(&inner.response.headers))
            .field("body", &BodySnippet(&inner.response.body, inner.sensitive))
            .field("typed", &Withheld(&inner.typed, inner.sensitive))
            .field("declared", &inner.declared)
            .field("message", &inner.message)
            .field(
                "body_error",
                &inner.body_error.as_ref().map(|e| {
                    if inner.sensitive {
                        e.without_values()
                    } else {
                        e.to_string()
                    }
                }),
            )
            .finish()
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {}

/// A response body did not decode.
pub struct DecodeError(Box<DecodeErrorInner>);

struct DecodeErrorInner {
    operation: &'static str,
    response: RawResponse,
    source: BodyError,
    sensitive: bool,
}

impl DecodeError {
    /// With `sensitive`, neither the body nor parser messages that quote it are shown.
    pub(crate) fn new(
        operation: &'static str,
        response: RawResponse,
        source: BodyError,
        sensitive: bool,
    ) -> Self {
        DecodeError(Box::new(DecodeErrorInner {
            operation,
            response,
            source,
            sensitive,
        }))
    }

    /// The name of the operation.
    pub fn operation(&self) -> &'static str {
        self.0.operation
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.0.response.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.response.headers
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        &self.0.response.body
    }

    /// The raw response body, cheaply cloneable.
    pub fn body_bytes(&self) -> Bytes {
        self.0.response.body.clone()
    }

    /// Why the body did not decode.
    pub fn body_error(&self) -> &BodyError {
        &self.0.source
    }

    /// The JSON parser's error, when the body was declared as JSON.
    pub fn serde_error(&self) -> Option<&serde_json::Error> {
        match &self.0.source {
            BodyError::Json(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.0;
        let why = if inner.sensitive {
            inner.source.without_values()
        } else {
            inner.source.to_string()
        };
        write!(
            f,
            "{}: could not decode the HTTP {} response: {why}",
            inner.operation,
            inner.response.status.as_u16(),
        )
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.0;
        f.debug_struct("DecodeError")
            .field("operation", &inner.operation)
            .field("status", &inner.response.status)
            .field("headers", &RedactedHeaders(&inner.response.headers))
            .field("body", &BodySnippet(&inner.response.body, inner.sensitive))
            .field(
                "source",
                &format_args!(
                    "{}",
                    if inner.sensitive {
                        inner.source.without_values()
                    } else {
                        inner.source.to_string()
                    }
                ),
            )
            .finish()
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0.source)
    }
}

/// `404 Not Found`, or just `599` when the status has no standard reason.
struct StatusLine(StatusCode);

impl fmt::Display for StatusLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.canonical_reason() {
            Some(reason) => write!(f, "{} {reason}", self.0.as_u16()),
            None => write!(f, "{}", self.0.as_u16()),
        }
    }
}

/// What a server's message shows instead of a sensitive input's value.
const REDACTED: &str = "[redacted]";

/// What errors show instead of a body that may hold secrets.
const WITHHELD: &str = "[body withheld: it may hold secrets]";

/// Debug-prints a decoded body, or only that there is one when it may hold
/// secrets (a server's error object echoing a sensitive input).
struct Withheld<'a, T>(&'a Option<T>, bool);

impl<T: fmt::Debug> fmt::Debug for Withheld<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Withheld(Some(_), true) => f.write_str("Some([withheld: it may hold secrets])"),
            Withheld(value, _) => value.fmt(f),
        }
    }
}

/// Debug-prints a body as lossy UTF-8, truncated; withheld when it may hold secrets.
struct BodySnippet<'a>(&'a [u8], bool);

impl fmt::Debug for BodySnippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1 {
            return write!(f, "{WITHHELD} ({} bytes)", self.0.len());
        }
        let text = String::from_utf8_lossy(self.0);
        let shown: String = text.chars().take(SNIPPET_CHARS).collect();
        if shown.len() < text.len() {
            write!(f, "{shown:?}… ({} bytes)", self.0.len())
        } else {
            write!(f, "{shown:?}")
        }
    }
}

/// The first non-blank string found at one of `paths` in a JSON body.
fn server_message(body: &[u8], paths: &[&str]) -> Option<String> {
    if paths.is_empty() {
        return None;
    }
    let found = super::pointer::select(body, paths)?;
    found.into_iter().flatten().find_map(|v| match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s),
        _ => None,
    })
}

/// Collapses whitespace and control characters to single spaces and keeps at most
/// [`SNIPPET_CHARS`] characters, so the text fits on one log line.
fn one_line(text: &str) -> String {
    let mut out = String::new();
    let words = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty());
    for word in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > SNIPPET_CHARS {
            let mut cut: String = out.chars().take(SNIPPET_CHARS).collect();
            cut.push('…');
            return cut;
        }
    }
    out
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
