//! Tracing: every call runs in a [`tracing`] span, and each attempt and each
//! retry is an event inside it. With no subscriber installed this costs an
//! atomic load per call (the client benchmark measures it).
//!
//! The span is named `api_call`; its fields follow the OpenTelemetry HTTP
//! client conventions:
//!
//! | field | value |
//! |---|---|
//! | `otel.name` | `<api> <operation>` (`smartsheet revoke_access_token`) |
//! | `otel.kind` | `client` |
//! | `api`, `operation` | the API's and the operation's names |
//! | `http.request.method` | `DELETE` |
//! | `server.address`, `server.port` | the base URL's host and port |
//! | `url.template` | the path *template* (`/tokens/{tokenId}`), never the filled path |
//! | `http.response.status_code` | the final status, when a response arrived |
//! | `http.request.resend_count` | attempts after the first, when there were any |
//! | `error.type` | `timeout`, `connect`, `transport`, `decode`, `invalid_request`, `credential`, `body_too_large`, or the status code of an error response |
//! | `duration_ms` | the whole call, retries and waits included |
//!
//! Events: `attempt` (debug level: `attempt`, `http.response.status_code` or
//! `error.type`, `duration_ms`) after each attempt, `retrying after the wait`
//! (info level: `attempt`, the status or `error.type`, `wait_ms`) before each
//! wait, and one when a credential provider is asked to refresh after a 401.
//! No credential, parameter value, header value or body is ever recorded.

use std::time::Duration;

use http::StatusCode;
use tracing::Span;
use tracing::field::Empty;

use super::api::Operation;
use super::client::Inner;
use super::error::Error;
use super::response::Response;

pub(crate) fn call_span(inner: &Inner, op: &'static Operation) -> Span {
    tracing::info_span!(
        "api_call",
        otel.name = %format_args!("{} {}", inner.api.name, op.name),
        otel.kind = "client",
        api = inner.api.name,
        operation = op.name,
        http.request.method = op.method.as_str(),
        server.address = inner.host.as_str(),
        server.port = inner.port,
        url.template = op.path,
        http.response.status_code = Empty,
        http.request.resend_count = Empty,
        error.type = Empty,
        duration_ms = Empty,
    )
}

/// Why a transport failure happened, for `error.type`.
pub(crate) fn transport_kind(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else {
        "transport"
    }
}

pub(crate) fn attempt_event(
    attempt: u32,
    status: Option<StatusCode>,
    error: Option<&'static str>,
    elapsed: Duration,
) {
    tracing::debug!(
        attempt,
        http.response.status_code = status.map(|s| s.as_u16()),
        error.type = error,
        duration_ms = elapsed.as_secs_f64() * 1e3,
        "attempt"
    );
}

/// Records how the call ended on its span.
pub(crate) fn record_end<T, E>(
    span: &Span,
    result: &Result<Response<T>, Error<E>>,
    attempts: u32,
    elapsed: Duration,
) {
    if span.is_disabled() {
        return;
    }
    span.record("duration_ms", elapsed.as_secs_f64() * 1e3);
    let status = match result {
        Ok(r) => Some(r.status()),
        Err(e) => e.status(),
    };
    if let Some(s) = status {
        span.record("http.response.status_code", s.as_u16());
    }
    if attempts > 1 {
        span.record("http.request.resend_count", attempts - 1);
    }
    if let Err(e) = result {
        match e {
            Error::Api(a) => span.record("error.type", a.status().as_u16()),
            other => span.record("error.type", other.kind()),
        };
    }
}
