//! Throttling and retries, as written in a spec.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, de::value::MapAccessDeserializer};

use super::{NamedMap, Sp};

/// Which responses are retried, and where the wait comes from.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retry {
    /// Responses that refuse the request without acting on it: retried whatever
    /// the method. Default: `[429]`.
    #[serde(default)]
    pub throttled: Option<Vec<Sp<Condition>>>,
    /// Responses worth retrying when the call is idempotent. Default: `[503]`.
    #[serde(default)]
    pub transient: Option<Vec<Sp<Condition>>>,
    /// Where the wait before the next attempt comes from, first that applies.
    /// Default: `[retry_after]`.
    #[serde(default)]
    pub wait: Option<Vec<Sp<WaitSource>>>,
}

/// A status (`429`, `4XX`), or a mapping of status, headers and body values.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum Condition {
    /// Shorthand: a status code or class.
    Status(StatusText),
    /// Full form: every part given must match.
    Full(ConditionFull),
}

/// A status code (`429`) or class (`"4XX"`).
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum StatusText {
    /// A code.
    Code(u16),
    /// A class or code as text.
    Text(String),
}

impl StatusText {
    /// As the spec would write it.
    pub fn text(&self) -> String {
        match self {
            StatusText::Code(c) => c.to_string(),
            StatusText::Text(t) => t.clone(),
        }
    }
}

impl<'de> Deserialize<'de> for StatusText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StatusText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a status code such as 429 or a class such as 4XX")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<StatusText, E> {
                Ok(StatusText::Code(u16::try_from(v).unwrap_or(0)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<StatusText, E> {
                Ok(StatusText::Code(u16::try_from(v).unwrap_or(0)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StatusText, E> {
                Ok(StatusText::Text(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A condition written out in full.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionFull {
    /// The status code or class; any error status (4xx, 5xx) when left out.
    #[serde(default)]
    pub status: Option<Sp<StatusText>>,
    /// Headers that must have these values (e.g. `x-ratelimit-remaining: "0"`).
    #[serde(default)]
    pub header: NamedMap<Sp<String>>,
    /// Body values by JSON Pointer; a list means any of its values.
    #[serde(default)]
    pub body: NamedMap<Sp<serde_json::Value>>,
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Condition;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a status (429, \"4XX\") or a mapping with `status`, `header`, `body`")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Condition, E> {
                Ok(Condition::Status(StatusText::Code(
                    u16::try_from(v).unwrap_or(0),
                )))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Condition, E> {
                Ok(Condition::Status(StatusText::Code(
                    u16::try_from(v).unwrap_or(0),
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Condition, E> {
                Ok(Condition::Status(StatusText::Text(v.to_owned())))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Condition, A::Error> {
                ConditionFull::deserialize(MapAccessDeserializer::new(map)).map(Condition::Full)
            }
        }
        d.deserialize_any(V)
    }
}

/// Where a wait comes from: `retry_after`, or a header or body value.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum WaitSource {
    /// Shorthand: `retry_after`, the `Retry-After` header (seconds or an HTTP date).
    Name(String),
    /// Full form.
    Full(WaitFull),
}

/// A wait from a header or a body value.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitFull {
    /// A header holding a number.
    #[serde(default)]
    pub header: Option<Sp<String>>,
    /// A JSON Pointer to a number in the body.
    #[serde(default)]
    pub body: Option<Sp<String>>,
    /// What the number means: `seconds` (default), `milliseconds`, or
    /// `epoch_seconds` (a moment, in seconds since 1970-01-01 UTC).
    #[serde(rename = "as", default)]
    pub unit: Option<Sp<String>>,
}

impl From<WaitFull> for WaitSource {
    fn from(f: WaitFull) -> Self {
        WaitSource::Full(f)
    }
}

shorthand!(
    WaitSource,
    WaitFull,
    "`retry_after` or a mapping with `header` or `body`",
    |s| { WaitSource::Name(s.to_owned()) }
);
