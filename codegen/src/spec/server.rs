//! Servers and their URL variables, as written in a spec.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, de::value::MapAccessDeserializer};

use super::{NamedMap, Pos, Sp};

/// A server: a URL, or a mapping with `url`, `description` and `default`.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum Server {
    /// Shorthand: just the base URL.
    Url(String),
    /// Full form.
    Full(ServerFull),
}

/// A server written out in full.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerFull {
    /// Base URL; endpoint paths are appended to it.
    pub url: Sp<String>,
    /// What the server is (region, environment).
    #[serde(default)]
    pub description: Option<String>,
    /// Marks the server a client uses unless told otherwise.
    #[serde(default)]
    pub default: bool,
    /// Override of the Rust variant name.
    #[serde(default)]
    pub rust_name: Option<Sp<String>>,
    /// The `{name}` placeholders of `url`, by name.
    #[serde(default)]
    pub variables: NamedMap<Sp<ServerVariable>>,
}

impl From<ServerFull> for Server {
    fn from(f: ServerFull) -> Self {
        Server::Full(f)
    }
}

shorthand!(Server, ServerFull, "a URL or a server mapping", |s| {
    Server::Url(s.to_owned())
});

impl Server {
    /// The server in its full form.
    pub fn full(&self, pos: Pos) -> ServerFull {
        match self {
            Server::Url(u) => ServerFull {
                url: Sp {
                    value: u.clone(),
                    pos,
                },
                description: None,
                default: false,
                rust_name: None,
                variables: NamedMap::default(),
            },
            Server::Full(f) => f.clone(),
        }
    }
}

/// A server variable: its description (shorthand: a required variable), or a mapping.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum ServerVariable {
    /// Shorthand: the description of a variable without a default (the client
    /// cannot be built without it).
    Description(String),
    /// Full form.
    Full(ServerVariableFull),
}

/// A server variable written out in full.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerVariableFull {
    /// What the value is (becomes rustdoc of the builder argument).
    #[serde(default)]
    pub description: Option<String>,
    /// The value used when the caller gives none; without it the variable is required.
    #[serde(default)]
    pub default: Option<Sp<String>>,
    /// The only values allowed, if the set is closed.
    #[serde(rename = "enum", default)]
    pub enum_: Option<Vec<Sp<String>>>,
    /// Override of the derived Rust field name.
    #[serde(default)]
    pub rust_name: Option<Sp<String>>,
}

impl From<ServerVariableFull> for ServerVariable {
    fn from(f: ServerVariableFull) -> Self {
        ServerVariable::Full(f)
    }
}

shorthand!(
    ServerVariable,
    ServerVariableFull,
    "a description or a server variable mapping",
    |s| ServerVariable::Description(s.to_owned())
);

impl ServerVariable {
    /// The variable in its full form.
    pub fn full(&self) -> ServerVariableFull {
        match self {
            ServerVariable::Description(d) => ServerVariableFull {
                description: Some(d.clone()),
                ..Default::default()
            },
            ServerVariable::Full(f) => f.clone(),
        }
    }
}
