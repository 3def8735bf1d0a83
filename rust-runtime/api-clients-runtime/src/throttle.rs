//! What a spec declares about throttling and transient failures: which
//! responses they are, and where the server says how long to wait.
//!
//! A *throttled* response means the server refused the request without acting
//! on it, so it is sent again whatever the method. A *transient* one may have
//! had effects, so only idempotent calls are sent again.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, header};
use serde_json::Value;

use super::pointer;
use super::retry::parse_retry_after;

/// An API's retry rules, emitted by the generator.
#[derive(Clone, Copy, Debug)]
pub struct RetryRules {
    /// Responses that refuse the request (retried whatever the method).
    pub throttled: &'static [Condition],
    /// Responses worth retrying when the call is idempotent.
    pub transient: &'static [Condition],
    /// Where the wait comes from, first that applies; otherwise backoff.
    pub wait: &'static [Wait],
}

/// A response matches when every part given matches.
#[derive(Clone, Copy, Debug)]
pub struct Condition {
    /// Lowest and highest status; without one, any error status (400-599),
    /// so a success is never parsed twice to look for a retry reason.
    pub status: Option<(u16, u16)>,
    /// Headers that must have these values (names in any case; values trimmed).
    pub headers: &'static [(&'static str, &'static str)],
    /// Body values by JSON Pointer; each must equal one of its constants.
    pub body: &'static [(&'static str, &'static [Const])],
}

/// A JSON scalar written in a spec.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Const {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// A string.
    Str(&'static str),
}

impl Const {
    /// Whether a JSON value equals this constant.
    pub fn matches(&self, value: &Value) -> bool {
        match (self, value) {
            (Const::Null, Value::Null) => true,
            (Const::Bool(b), Value::Bool(v)) => b == v,
            (Const::Int(i), Value::Number(n)) => {
                n.as_i64() == Some(*i) || n.as_f64() == Some(*i as f64)
            }
            (Const::Float(f), Value::Number(n)) => n.as_f64() == Some(*f),
            (Const::Str(s), Value::String(v)) => s == v,
            _ => false,
        }
    }
}

/// Where a wait comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// The `Retry-After` header: seconds or an HTTP date.
    RetryAfter,
    /// A header holding a number in `Unit`.
    Header(&'static str, Unit),
    /// A body value (JSON Pointer) holding a number in `Unit`.
    Body(&'static str, Unit),
}

/// What a wait number means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Seconds from now.
    Seconds,
    /// Milliseconds from now.
    Milliseconds,
    /// A moment, in seconds since 1970-01-01 UTC.
    EpochSeconds,
}

/// What a response says about sending the request again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Refused without effect: resend whatever the method.
    Throttled,
    /// Failed for now: resend if the call is idempotent.
    Transient,
    /// Final.
    Final,
}

/// A response's parts.
pub(crate) struct Seen<'a> {
    status: u16,
    headers: &'a HeaderMap,
    body: &'a [u8],
}

impl<'a> Seen<'a> {
    pub(crate) fn new(status: u16, headers: &'a HeaderMap, body: &'a [u8]) -> Self {
        Seen {
            status,
            headers,
            body,
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    }

    fn matches(&self, c: &Condition) -> bool {
        let (low, high) = c.status.unwrap_or((400, 599));
        (low..=high).contains(&self.status)
            && c.headers
                .iter()
                .all(|(name, value)| self.header(name) == Some(value))
            && (c.body.is_empty() || body_matches(self.body, c.body))
    }
}

/// Whether `body` is JSON in which every path holds one of its values; read
/// as a stream (see [`pointer::select`]), never as a tree.
pub(crate) fn body_matches(body: &[u8], when: &[(&str, &[Const])]) -> bool {
    let paths: Vec<&str> = when.iter().map(|(path, _)| *path).collect();
    let Some(found) = pointer::select(body, &paths) else {
        return false;
    };
    when.iter()
        .zip(found)
        .all(|((_, allowed), values)| values.iter().any(|v| allowed.iter().any(|a| a.matches(v))))
}

impl RetryRules {
    /// Throttled, transient or final.
    pub(crate) fn verdict(&self, seen: &Seen<'_>) -> Verdict {
        if self.throttled.iter().any(|c| seen.matches(c)) {
            Verdict::Throttled
        } else if self.transient.iter().any(|c| seen.matches(c)) {
            Verdict::Transient
        } else {
            Verdict::Final
        }
    }

    /// The first wait the response gives, if any.
    pub(crate) fn wait(&self, seen: &Seen<'_>, now: SystemTime) -> Option<Duration> {
        self.wait.iter().find_map(|w| match w {
            Wait::RetryAfter => seen
                .header(header::RETRY_AFTER.as_str())
                .and_then(|v| parse_retry_after(v, now)),
            Wait::Header(name, unit) => {
                let number = seen.header(name)?.parse::<f64>().ok()?;
                from_number(number, *unit, now)
            }
            Wait::Body(path, unit) => pointer::select(seen.body, &[path])?
                .into_iter()
                .flatten()
                .find_map(|v| v.as_f64())
                .and_then(|n| from_number(n, *unit, now)),
        })
    }
}

fn from_number(n: f64, unit: Unit, now: SystemTime) -> Option<Duration> {
    if !n.is_finite() || n < 0.0 {
        return None;
    }
    let seconds = match unit {
        Unit::Seconds => n,
        Unit::Milliseconds => n / 1000.0,
        Unit::EpochSeconds => {
            let now = now
                .duration_since(SystemTime::UNIX_EPOCH)
                .ok()?
                .as_secs_f64();
            (n - now).max(0.0)
        }
    };
    Some(Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    const SMARTSHEET: RetryRules = RetryRules {
        throttled: &[
            Condition {
                status: Some((429, 429)),
                headers: &[],
                body: &[],
            },
            Condition {
                status: None,
                headers: &[],
                body: &[("/errorCode", &[Const::Int(4003)])],
            },
        ],
        transient: &[Condition {
            status: None,
            headers: &[],
            body: &[(
                "/errorCode",
                &[Const::Int(4001), Const::Int(4002), Const::Int(4004)],
            )],
        }],
        wait: &[Wait::RetryAfter],
    };

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            h.insert(*n, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn verdicts_by_status_header_and_body() {
        let none = HeaderMap::new();
        let v = |status, body: &[u8]| SMARTSHEET.verdict(&Seen::new(status, &none, body));
        assert_eq!(v(429, b""), Verdict::Throttled);
        assert_eq!(v(500, br#"{"errorCode": 4003}"#), Verdict::Throttled);
        assert_eq!(v(500, br#"{"errorCode": 4002}"#), Verdict::Transient);
        assert_eq!(v(503, br#"{"errorCode": 4004.0}"#), Verdict::Transient);
        assert_eq!(v(500, br#"{"errorCode": 1006}"#), Verdict::Final);
        assert_eq!(v(500, b"<html>"), Verdict::Final);
        assert_eq!(
            v(200, br#"{"errorCode": 4003}"#),
            Verdict::Final,
            "a condition without a status applies to error statuses only"
        );

        let github = RetryRules {
            throttled: &[Condition {
                status: Some((403, 403)),
                headers: &[("x-ratelimit-remaining", "0")],
                body: &[],
            }],
            transient: &[],
            wait: &[],
        };
        let spent = headers(&[("X-RateLimit-Remaining", " 0 ")]);
        let left = headers(&[("x-ratelimit-remaining", "12")]);
        assert_eq!(
            github.verdict(&Seen::new(403, &spent, b"")),
            Verdict::Throttled
        );
        assert_eq!(github.verdict(&Seen::new(403, &left, b"")), Verdict::Final);
        assert_eq!(
            github.verdict(&Seen::new(403, &HeaderMap::new(), b"")),
            Verdict::Final
        );
    }

    #[test]
    fn waits_come_from_the_first_source_that_has_one() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let rules = RetryRules {
            throttled: &[],
            transient: &[],
            wait: &[
                Wait::RetryAfter,
                Wait::Header("x-ratelimit-reset", Unit::EpochSeconds),
                Wait::Body("/error/retry_in_ms", Unit::Milliseconds),
                Wait::Body("/retry_after", Unit::Seconds),
            ],
        };
        let wait = |h: &HeaderMap, body: &[u8]| rules.wait(&Seen::new(429, h, body), now);
        assert_eq!(
            wait(&headers(&[("retry-after", "3")]), b""),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            wait(&headers(&[("x-ratelimit-reset", "1700000042")]), b""),
            Some(Duration::from_secs(42))
        );
        assert_eq!(
            wait(&headers(&[("x-ratelimit-reset", "1600000000")]), b""),
            Some(Duration::ZERO),
            "a moment in the past means now"
        );
        assert_eq!(
            wait(&HeaderMap::new(), br#"{"error": {"retry_in_ms": 1500}}"#),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            wait(&HeaderMap::new(), br#"{"retry_after": 2}"#),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            wait(
                &headers(&[("retry-after", "soon")]),
                br#"{"retry_after": -1}"#
            ),
            None
        );
    }
}
