//! When to retry a call and how long to wait before the next attempt.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

use super::api::Operation;
use super::throttle::{RetryRules, Seen, Verdict};

/// Retry policy: set per client, overridable per call with
/// [`Client::with_retry_policy`](super::Client::with_retry_policy).
///
/// Which responses are retried is the API's spec's business (its `retry:`
/// rules; by default 429 is throttling and 503 transient): a *throttled*
/// response is retried whatever the method, since the server refused the
/// request without acting on it; a *transient* one, a connection failure or a
/// timeout only when the call is idempotent (or
/// [`retry_non_idempotent`](Self::retry_non_idempotent) is set). The wait
/// before the next attempt is the first the response gives (per the spec:
/// `Retry-After`, another header, a body field), else jittered exponential
/// backoff; whichever it is, it is capped at [`max_delay`](Self::max_delay).
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_delay: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts, 200 ms initial backoff, 30 s maximum wait, idempotent operations only.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_delay: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        RetryPolicy::default().max_attempts(1)
    }

    /// Total attempts including the first (default 3); 0 is treated as 1.
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Backoff ceiling before the first retry (default 200 ms), doubled for each
    /// further retry; the actual wait is uniformly random below the ceiling ("full jitter").
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// Cap on any single wait, whether a server hint or backoff (default 30 s).
    ///
    /// When the server asks for a longer wait, the call waits `max_delay` and then
    /// retries anyway (it does not give up early); if the server still refuses,
    /// the caller gets its error after the last attempt, with the response headers
    /// (including `Retry-After`) available on the error.
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// Whether non-idempotent operations are retried too (default false).
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// Total attempts a call may make.
    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether a call of `operation` may be sent again after it may have had
    /// an effect (a transient failure, a timeout).
    pub(crate) fn may_resend(&self, operation: &Operation) -> bool {
        operation.idempotent || self.retry_non_idempotent
    }

    /// Jittered exponential backoff before retry number `retry` (1 for the first retry).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let ceiling = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_delay);
        ceiling.mul_f64(fastrand::f64())
    }

    /// The wait before retry number `retry` after a response, or `None` when
    /// the response is final for this call.
    pub(crate) fn wait_after_response(
        &self,
        rules: &RetryRules,
        operation: &Operation,
        retry: u32,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Option<Duration> {
        let seen = Seen::new(status.as_u16(), headers, body);
        match rules.verdict(&seen) {
            Verdict::Final => return None,
            Verdict::Transient if !self.may_resend(operation) => return None,
            Verdict::Throttled | Verdict::Transient => {}
        }
        let hint = rules
            .wait(&seen, SystemTime::now())
            .or_else(|| body_hint(operation, status.as_u16(), body));
        Some(
            hint.unwrap_or_else(|| self.backoff(retry))
                .min(self.max_delay),
        )
    }
}

/// Parses a `Retry-After` value: delta-seconds, or an HTTP-date (a date in the
/// past means "now").
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // All digits, so parsing fails only on overflow: a very long wait.
        return Some(value.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The seconds to wait from the operation's retry hint field for `status`: a
/// top-level non-negative number in a JSON object body.
fn body_hint(operation: &Operation, status: u16, body: &[u8]) -> Option<Duration> {
    let fields: Vec<&str> = operation
        .retry_after_fields
        .iter()
        .filter(|(s, _)| *s == status)
        .map(|(_, field)| *field)
        .collect();
    if fields.is_empty() {
        return None;
    }
    let pointers: Vec<String> = fields
        .iter()
        .map(|f| format!("/{}", f.replace('~', "~0").replace('/', "~1")))
        .collect();
    let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
    let found = super::pointer::select(body, &pointers)?;
    found.into_iter().find_map(|values| {
        let value = values.first()?;
        match value.as_u64() {
            Some(seconds) => Some(Duration::from_secs(seconds)),
            None => {
                let seconds = value.as_f64().filter(|s| *s >= 0.0)?;
                Some(Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX))
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::throttle::{Condition, Wait};
    use http::{HeaderValue, Method, header};

    /// What the generator emits for a spec without `retry:`.
    const DEFAULT_RULES: RetryRules = RetryRules {
        throttled: &[Condition {
            status: Some((429, 429)),
            headers: &[],
            body: &[],
        }],
        transient: &[Condition {
            status: Some((503, 503)),
            headers: &[],
            body: &[],
        }],
        wait: &[Wait::RetryAfter],
    };

    const OP: Operation = Operation {
        name: "list",
        method: Method::GET,
        path: "/items",
        idempotent: true,
        retry_after_fields: &[(429, "retry_after"), (503, "wait")],
        content_type: None,
        accept: "application/json",
        auth: &[],
        auth_optional: true,
        headers: &[],
        sensitive_bodies: false,
        error_messages: &[],
    };

    const POST: Operation = Operation {
        method: Method::POST,
        idempotent: false,
        ..OP
    };

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_str(retry_after).unwrap(),
        );
        headers
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::MAX)
        );
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn defaults_and_builders() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.attempts(), 3);
        assert!(policy.may_resend(&OP) && !policy.may_resend(&POST));
        assert!(policy.clone().retry_non_idempotent(true).may_resend(&POST));
        assert_eq!(RetryPolicy::none().attempts(), 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    }

    #[test]
    fn throttled_responses_are_retried_whatever_the_method_transient_ones_not() {
        let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(1));
        let none = HeaderMap::new();
        let wait = |op: &Operation, status| {
            policy.wait_after_response(&DEFAULT_RULES, op, 1, status, &none, b"")
        };
        assert!(wait(&POST, StatusCode::TOO_MANY_REQUESTS).is_some());
        assert!(wait(&POST, StatusCode::SERVICE_UNAVAILABLE).is_none());
        assert!(wait(&OP, StatusCode::SERVICE_UNAVAILABLE).is_some());
        assert!(wait(&OP, StatusCode::INTERNAL_SERVER_ERROR).is_none());
    }

    #[test]
    fn backoff_doubles_is_jittered_and_capped() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_delay(Duration::from_millis(350));
        for _ in 0..100 {
            assert!(policy.backoff(1) <= Duration::from_millis(100));
            assert!(policy.backoff(2) <= Duration::from_millis(200));
            assert!(policy.backoff(3) <= Duration::from_millis(350));
            assert!(policy.backoff(40) <= Duration::from_millis(350));
        }
        let waits: Vec<Duration> = (0..20).map(|_| policy.backoff(3)).collect();
        assert!(
            waits.iter().any(|w| *w != waits[0]),
            "backoff is not jittered"
        );
    }

    #[test]
    fn wait_prefers_header_then_body_then_backoff() {
        let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(1));
        let body = br#"{"retry_after": 7, "wait": 2.5}"#;
        let status = StatusCode::TOO_MANY_REQUESTS;
        let wait = |h: &HeaderMap, s: StatusCode, b: &[u8]| {
            policy.wait_after_response(&DEFAULT_RULES, &OP, 1, s, h, b)
        };

        assert_eq!(
            wait(&headers("3"), status, body),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            wait(&HeaderMap::new(), status, body),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            wait(&headers("junk"), status, body),
            Some(Duration::from_secs(7))
        );
        let unavailable = StatusCode::SERVICE_UNAVAILABLE;
        assert_eq!(
            wait(&HeaderMap::new(), unavailable, body),
            Some(Duration::from_millis(2500))
        );
        let backoff = wait(&HeaderMap::new(), status, b"not json").unwrap();
        assert!(backoff <= Duration::from_millis(1));
        assert_eq!(
            wait(&headers("3"), StatusCode::INTERNAL_SERVER_ERROR, body),
            None
        );
        assert_eq!(wait(&HeaderMap::new(), StatusCode::OK, body), None);
    }

    #[test]
    fn hints_are_capped_at_max_delay() {
        let policy = RetryPolicy::default().max_delay(Duration::from_secs(10));
        let status = StatusCode::TOO_MANY_REQUESTS;
        let capped =
            policy.wait_after_response(&DEFAULT_RULES, &OP, 1, status, &headers("3600"), b"");
        assert_eq!(capped, Some(Duration::from_secs(10)));
        let capped = policy.wait_after_response(
            &DEFAULT_RULES,
            &OP,
            1,
            status,
            &HeaderMap::new(),
            br#"{"retry_after": 1e300}"#,
        );
        assert_eq!(capped, Some(Duration::from_secs(10)));
    }
}
