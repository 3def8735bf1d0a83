//! How calls behave beyond their types: authentication and retries.

/// How an API authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    /// Named schemes, sorted by name.
    pub schemes: Vec<Scheme>,
    /// What endpoints use unless they say otherwise.
    pub default: EndpointAuth,
}

impl Auth {
    /// The scheme the client builder takes a credential for directly: the
    /// default one, when it is the API's only scheme.
    pub fn builder_scheme(&self) -> Option<&Scheme> {
        match (self.schemes.as_slice(), &self.default.schemes[..]) {
            ([only], [default]) if &only.wire == default => Some(only),
            _ => None,
        }
    }

    /// The scheme named `name`.
    pub fn scheme(&self, name: &str) -> Option<&Scheme> {
        self.schemes.iter().find(|s| s.wire == name)
    }

    /// The schemes whose credentials a call with scheme `name` sends: the
    /// scheme itself, or each part of a combined scheme.
    pub fn sent(&self, name: &str) -> Vec<&Scheme> {
        match self.scheme(name) {
            Some(Scheme {
                kind: SchemeKind::AllOf(parts),
                ..
            }) => parts.iter().filter_map(|p| self.scheme(p)).collect(),
            Some(s) => vec![s],
            None => Vec::new(),
        }
    }
}

/// One named authentication scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// Name in the spec (`token`).
    pub wire: String,
    /// Variant of the credential enum (`Token`).
    pub variant: String,
    /// What it is.
    pub doc: Option<String>,
    /// How the credential travels.
    pub kind: SchemeKind,
}

/// How a credential travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic base64(username:password)`.
    Basic,
    /// A key in a header (after `prefix`), query parameter or cookie.
    ApiKey {
        /// Where.
        location: KeyIn,
        /// The header, parameter or cookie name.
        name: String,
        /// Sent before the key (headers only).
        prefix: String,
    },
    /// A username and password as fields of the request body.
    BodyFields {
        /// Username field.
        username: String,
        /// Password field.
        password: String,
    },
    /// The credentials of these other schemes, all sent on every call. The
    /// credential enum has no variant for it: the caller gives each part.
    AllOf(Vec<String>),
}

impl SchemeKind {
    /// How the credential travels, as the docs and `cargo xtask diff` say it.
    pub fn describe(&self) -> String {
        match self {
            SchemeKind::Bearer => {
                "a bearer token, sent as `Authorization: Bearer <token>`".to_owned()
            }
            SchemeKind::Basic => {
                "a username and password, sent as HTTP Basic (`Authorization: Basic ...`)"
                    .to_owned()
            }
            SchemeKind::ApiKey {
                location: KeyIn::Header,
                name,
                prefix,
            } if prefix.is_empty() => {
                format!("an API key, sent in the `{name}` header")
            }
            SchemeKind::ApiKey {
                location: KeyIn::Header,
                name,
                prefix,
            } => {
                format!("an API key, sent in the `{name}` header as `{prefix}<key>`")
            }
            SchemeKind::ApiKey {
                location: KeyIn::Query,
                name,
                ..
            } => {
                format!("an API key, sent as the query parameter `{name}`")
            }
            SchemeKind::ApiKey {
                location: KeyIn::Cookie,
                name,
                ..
            } => {
                format!("an API key, sent as the cookie `{name}`")
            }
            SchemeKind::BodyFields { username, password } => format!(
                "a username and password, sent as the request body fields `{username}` and `{password}`"
            ),
            SchemeKind::AllOf(parts) => format!(
                "the credentials of {}, all sent together",
                parts
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        }
    }
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyIn {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// Which schemes a call accepts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EndpointAuth {
    /// Scheme names, in order of preference; the first one the client has a
    /// credential for is used.
    pub schemes: Vec<String>,
    /// The call may also go out without credentials.
    pub optional: bool,
}

/// Which responses are throttling or transient, and where waits come from.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryRules {
    /// Refused without effect: retried whatever the method.
    pub throttled: Vec<Condition>,
    /// Retried when the call is idempotent.
    pub transient: Vec<Condition>,
    /// Wait sources, first that applies.
    pub wait: Vec<Wait>,
}

/// A response matches when every part given matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Lowest and highest status, if the status matters.
    pub status: Option<(u16, u16)>,
    /// Header names (lower case) and the values they must have.
    pub headers: Vec<(String, String)>,
    /// JSON Pointers and the scalar values (any of) found there.
    pub body: Vec<(String, Vec<serde_json::Value>)>,
}

/// Where a wait comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wait {
    /// The `Retry-After` header.
    RetryAfter,
    /// A header holding a number.
    Header(String, Unit),
    /// A body value (JSON Pointer) holding a number.
    Body(String, Unit),
}

/// What a wait number means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Seconds from now.
    Seconds,
    /// Milliseconds from now.
    Milliseconds,
    /// Seconds since 1970-01-01 UTC.
    EpochSeconds,
}
