//! Hooks: code of the caller's that runs around every attempt of every call
//! made through a client, for metrics, auditing and request signing, without
//! wrapping each method. Give them to [`Builder::hook`](crate::Builder::hook).

use std::time::Duration;

use http::{HeaderMap, Method, StatusCode};
use reqwest::Url;

use super::api::{ApiInfo, Operation};

/// Which call an attempt belongs to.
#[derive(Debug, Clone, Copy)]
pub struct CallInfo {
    pub(crate) api: &'static ApiInfo,
    pub(crate) operation: &'static Operation,
    pub(crate) attempt: u32,
}

impl CallInfo {
    /// The API's name (`smartsheet`).
    pub fn api(&self) -> &'static str {
        self.api.name
    }
    /// The operation's name (`revoke_access_token`).
    pub fn operation(&self) -> &'static str {
        self.operation.name
    }
    /// The HTTP method.
    pub fn method(&self) -> &'static Method {
        &self.operation.method
    }
    /// The path template (`/tokens/{tokenId}`): safe to use as a metric label,
    /// unlike the filled path, which can hold an identifier or a token.
    pub fn path_template(&self) -> &'static str {
        self.operation.path
    }
    /// 1 for the first attempt, 2 for the first resend, and so on.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}

/// The request about to be sent, as a hook before an attempt sees it.
///
/// It is the real request: its URL can hold identifiers and keys, and its
/// headers the credential. Sign it; do not log it.
pub struct OutgoingRequest<'a> {
    pub(crate) method: &'a Method,
    pub(crate) url: &'a Url,
    pub(crate) headers: &'a mut HeaderMap,
    pub(crate) body: Option<&'a [u8]>,
}

impl OutgoingRequest<'_> {
    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }
    /// The full URL, query included.
    pub fn url(&self) -> &Url {
        self.url
    }
    /// The headers (credential and `User-Agent` included).
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }
    /// The headers, to add or replace one (a signature, a trace context).
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }
    /// The body's bytes, if it has one.
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }
}

/// How an attempt ended, as a hook after it sees it.
#[derive(Debug)]
pub struct AttemptOutcome<'a> {
    pub(crate) status: Option<StatusCode>,
    pub(crate) headers: Option<&'a HeaderMap>,
    pub(crate) elapsed: Duration,
    pub(crate) error: Option<&'static str>,
}

impl AttemptOutcome<'_> {
    /// The response's status, when one arrived.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }
    /// The response's headers, when one arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.headers
    }
    /// From sending the request to the end of the response body.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
    /// Why no usable response arrived: `timeout`, `connect`, `transport` or
    /// `body_too_large`.
    pub fn error(&self) -> Option<&'static str> {
        self.error
    }
}

/// Runs before and after every attempt of every call of a client, in the
/// order hooks were added. Both methods do nothing unless implemented.
///
/// A metrics hook:
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use api_clients_runtime::hooks::{AttemptOutcome, CallInfo, Hook};
///
/// #[derive(Default)]
/// struct CountErrors(AtomicU64);
///
/// impl Hook for CountErrors {
///     fn after_attempt(&self, call: &CallInfo, outcome: &AttemptOutcome<'_>) {
///         let failed = outcome.error().is_some()
///             || outcome.status().is_some_and(|s| s.is_server_error());
///         if failed {
///             self.0.fetch_add(1, Ordering::Relaxed);
///             eprintln!("{} {} failed after {:?}", call.api(), call.path_template(), outcome.elapsed());
///         }
///     }
/// }
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Sees, and may change, the request about to be sent.
    fn before_attempt(&self, call: &CallInfo, request: &mut OutgoingRequest<'_>) {
        let _ = (call, request);
    }
    /// Sees how the attempt ended.
    fn after_attempt(&self, call: &CallInfo, outcome: &AttemptOutcome<'_>) {
        let _ = (call, outcome);
    }
}
