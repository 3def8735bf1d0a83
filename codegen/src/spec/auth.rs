//! Authentication schemes, as written in a spec (API-wide and per endpoint).

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, de::value::MapAccessDeserializer};

use super::{NamedMap, Sp};

/// How an API authenticates: one scheme, or named schemes with a default.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum Auth {
    /// Shorthand: `bearer`, `basic` or `none`.
    Name(String),
    /// A single scheme as a mapping, or `{ schemes, default }`.
    Full(Box<AuthFull>),
}

impl From<AuthFull> for Auth {
    fn from(f: AuthFull) -> Self {
        Auth::Full(Box::new(f))
    }
}

shorthand!(
    Auth,
    AuthFull,
    "`bearer`, `basic`, `none` or an auth mapping",
    |s| { Auth::Name(s.to_owned()) }
);

/// Declares a struct with the keys of one authentication scheme (`bearer`,
/// `basic`, `api_key`, `body_fields`, `description`) plus its own, written
/// out for the same reason as `schema_struct!`.
macro_rules! scheme_struct {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $field:ident : $fty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// `Authorization: Bearer <token>` (`bearer: {}`).
            #[serde(default)]
            pub bearer: Option<Sp<Empty>>,
            /// HTTP Basic: `Authorization: Basic base64(username:password)` (`basic: {}`).
            #[serde(default)]
            pub basic: Option<Sp<Empty>>,
            /// An API key in a header, query parameter or cookie.
            #[serde(default)]
            pub api_key: Option<Sp<ApiKey>>,
            /// A username and password sent as fields of the request body (OAuth 2.0
            /// `client_secret_post`).
            #[serde(default)]
            pub body_fields: Option<Sp<BodyFields>>,
            /// What the credential is and where to get it.
            #[serde(default)]
            pub description: Option<String>,
            $($(#[$fm])* #[serde(default)] pub $field: $fty,)*
        }

        impl $name {
            /// The scheme part, without the keys specific to this context.
            pub fn scheme(&self) -> SchemeFull {
                SchemeFull {
                    bearer: self.bearer.clone(),
                    basic: self.basic.clone(),
                    api_key: self.api_key.clone(),
                    body_fields: self.body_fields.clone(),
                    description: self.description.clone(),
                    ..SchemeFull::default()
                }
            }
        }
    };
}

scheme_struct!(
    /// The `auth` mapping: one scheme's keys, or `schemes` and `default`.
    AuthFull {
        /// Named schemes, by `snake_case` name; endpoints refer to them by name.
        schemes: Option<NamedMap<Sp<Scheme>>>,
        /// The scheme endpoints use unless they say otherwise (`none` for no auth).
        default: Option<Sp<String>>,
    }
);

/// One named authentication scheme: `bearer`, `basic`, or a mapping.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum Scheme {
    /// Shorthand: `bearer` or `basic`.
    Name(String),
    /// Full form.
    Full(Box<SchemeFull>),
}

scheme_struct!(
    /// A named scheme written out in full: exactly one of its kinds.
    SchemeFull {
        /// Several other schemes' credentials sent together, all of them on
        /// every call (OpenAPI's security requirement with several keys).
        all_of: Option<Sp<Vec<Sp<String>>>>,
    }
);

impl From<SchemeFull> for Scheme {
    fn from(f: SchemeFull) -> Self {
        Scheme::Full(Box::new(f))
    }
}

shorthand!(
    Scheme,
    SchemeFull,
    "`bearer`, `basic` or a scheme mapping",
    |s| { Scheme::Name(s.to_owned()) }
);

/// Where an API key goes: exactly one of `header`, `query`, `cookie`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    /// Header that carries the key, e.g. `X-Auth-Token`.
    #[serde(default)]
    pub header: Option<Sp<String>>,
    /// Query parameter that carries the key, e.g. `api_key`.
    #[serde(default)]
    pub query: Option<Sp<String>>,
    /// Cookie that carries the key, e.g. `session`.
    #[serde(default)]
    pub cookie: Option<Sp<String>>,
    /// Text sent before the key in a header, e.g. `"SSWS "`.
    #[serde(default)]
    pub prefix: Option<Sp<String>>,
}

/// The body fields that carry a username (client id) and a password (client secret).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyFields {
    /// Field of the username, e.g. `client_id`.
    pub username: Sp<String>,
    /// Field of the password (a secret), e.g. `client_secret`.
    pub password: Sp<String>,
}

/// An empty mapping (`{}`) or nothing: a key whose presence is its meaning.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(with = "Option<EmptyMap>")]
pub struct Empty;

/// `{}`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct EmptyMap {}

impl<'de> Deserialize<'de> for Empty {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<EmptyMap>::deserialize(d).map(|_| Empty)
    }
}

/// Which schemes an endpoint accepts: a scheme name, `none`, or a list of them.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum EndpointAuth {
    /// One scheme, or `none`.
    One(String),
    /// Any one of these (the first the client has a credential for); `none` in
    /// the list makes authentication optional.
    AnyOf(Vec<Sp<String>>),
}

impl<'de> Deserialize<'de> for EndpointAuth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EndpointAuth;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scheme name, `none`, or a list of scheme names")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<EndpointAuth, E> {
                Ok(EndpointAuth::One(s.to_owned()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<EndpointAuth, A::Error> {
                let mut out = Vec::new();
                while let Some(name) = seq.next_element::<Sp<String>>()? {
                    out.push(name);
                }
                Ok(EndpointAuth::AnyOf(out))
            }
        }
        d.deserialize_any(V)
    }
}
