//! The spec format as written in YAML: a serde model and nothing else.
//!
//! Every struct rejects unknown keys; every value a later stage may need to point
//! at is wrapped in [`Sp`] so its line and column survive deserialization. The
//! JSON Schema published for editors is derived from these types (`schemars`), so
//! the documentation comments here are what an editor shows on hover.

use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, de::value::MapAccessDeserializer};

/// A value with the line and column (1-based) where it stands in the spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    /// The value as written.
    pub value: T,
    /// Line and column of the value in its file (1-based; 0 when unknown).
    pub pos: Pos,
}

/// A 1-based position in a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    /// Line, from 1.
    pub line: u64,
    /// Column, from 1.
    pub column: u64,
}

impl<T> Sp<T> {
    /// A value with no known position (used for synthesized values).
    pub fn unpositioned(value: T) -> Self {
        Sp {
            value,
            pos: Pos::default(),
        }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let loc = s.referenced;
        Ok(Sp {
            value: s.value,
            pos: Pos {
                line: loc.line(),
                column: loc.column(),
            },
        })
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        T::json_schema(g)
    }
}

/// A YAML mapping kept in the order it was written, each key with its position.
///
/// Order is kept only so that diagnostics follow the file; generated output is
/// sorted by name, so reordering keys never changes it.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedMap<T>(pub Vec<(Sp<String>, T)>);

impl<T> Default for NamedMap<T> {
    fn default() -> Self {
        NamedMap(Vec::new())
    }
}

impl<T> NamedMap<T> {
    /// Iterates over `(key, value)` in file order.
    pub fn iter(&self) -> impl Iterator<Item = &(Sp<String>, T)> {
        self.0.iter()
    }
    /// True when the mapping has no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for NamedMap<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = NamedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of names to definitions")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(NamedMap(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Sp<String>>()? {
                    let v = map.next_value::<T>()?;
                    out.push((k, v));
                }
                Ok(NamedMap(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for NamedMap<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", T::schema_name()).into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let inner = g.subschema_for::<T>();
        json_schema!({ "type": ["object", "null"], "additionalProperties": inner })
    }
}

/// Implements `Deserialize` for a type that may be written either as a plain
/// scalar (its shorthand) or as a mapping with every key spelled out.
macro_rules! shorthand {
    ($ty:ident, $full:ident, $expecting:literal, |$s:ident| $from_str:expr) => {
        shorthand!($ty, $full, $expecting, |$s| $from_str, unit: {});
    };
    ($ty:ident, $full:ident, $expecting:literal, |$s:ident| $from_str:expr, unit: {$($unit:tt)*}) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, $s: &str) -> Result<$ty, E> {
                        Ok($from_str)
                    }
                    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$ty, A::Error> {
                        $full::deserialize(MapAccessDeserializer::new(map)).map(Into::into)
                    }
                    $($unit)*
                }
                d.deserialize_any(V)
            }
        }
    };
}

mod auth;
mod retry;
mod server;

pub use auth::{ApiKey, Auth, AuthFull, BodyFields, Empty, EndpointAuth, Scheme, SchemeFull};
pub use retry::{Condition, ConditionFull, Retry, StatusText, WaitFull, WaitSource};
pub use server::{Server, ServerFull, ServerVariable, ServerVariableFull};

/// One API: a file under `specs/`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Optional pointer to the JSON Schema of this format, for editors.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// Short machine name of the API, in snake_case: the Rust module and cargo feature.
    pub name: Sp<String>,
    /// The generated crate's version (semver, e.g. `1.2.0`); `0.1.0` when absent.
    /// Each API is its own crate, released on its own.
    #[serde(default)]
    pub version: Option<Sp<String>>,
    /// Human title of the API, used in documentation.
    pub title: String,
    /// What the API is for (Markdown, becomes rustdoc).
    #[serde(default)]
    pub description: Option<String>,
    /// The document this spec was transcribed from (path or URL).
    pub source: String,
    /// Override of the Rust name prefix used for the client and server types.
    #[serde(default)]
    pub rust_name: Option<Sp<String>>,
    /// Servers by name. One of them is marked `default: true` (or the only one is the default).
    pub servers: NamedMap<Sp<Server>>,
    /// How requests authenticate: one scheme (`bearer`, `basic`, `none`,
    /// `{ api_key: ... }`, `{ body_fields: ... }`) or `{ schemes: ..., default: ... }`.
    pub auth: Sp<Auth>,
    /// Headers with fixed values sent on every request (e.g. an API version), by name.
    #[serde(default)]
    pub constant_headers: NamedMap<Sp<String>>,
    /// Top-level JSON fields of an error body that hold the server's message, tried in
    /// order. Shorthand for `error_message` with one-segment pointers.
    #[serde(default)]
    pub error_message_fields: Vec<Sp<String>>,
    /// Where an error body holds the server's message: JSON Pointers (RFC 6901),
    /// with `*` for the only key of an object or each element of an array, tried in order.
    #[serde(default)]
    pub error_message: Vec<Sp<String>>,
    /// Which responses are throttling (retried whatever the method) or transient
    /// (retried when idempotent), and where waits come from.
    #[serde(default)]
    pub retry: Option<Sp<Retry>>,
    /// Named types, by schema name.
    #[serde(default)]
    pub types: NamedMap<Sp<TypeDef>>,
    /// Endpoints, by operation name (snake_case).
    pub endpoints: NamedMap<Sp<Endpoint>>,
}

/// Declares a struct that carries the keys every schema has (`type`, `object`,
/// `enum`, `int_enum`, `array`, `map`, `description`, `rust_name`) plus its own.
///
/// Written out rather than `#[serde(flatten)]`: flattening buffers the input, which
/// loses the positions that diagnostics need and disables `deny_unknown_fields`.
macro_rules! schema_struct {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $field:ident : $fty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// A type expression: `string`, `bool`, `i32`, `i64`, `u32`, `u64`, `f32`,
            /// `f64`, `json`, a named type, `array<T>` or `map<T>` (string keys).
            #[serde(rename = "type", default)]
            pub ty: Option<Sp<String>>,
            /// An inline object: fields by wire name.
            #[serde(default)]
            pub object: Option<NamedMap<Sp<Field>>>,
            /// An inline string enum: its values.
            #[serde(rename = "enum", default)]
            pub enum_: Option<Vec<Sp<EnumValue<String>>>>,
            /// An inline integer enum: its values.
            #[serde(default)]
            pub int_enum: Option<Vec<Sp<EnumValue<i64>>>>,
            /// An array of the given item schema.
            #[serde(default)]
            pub array: Option<Box<Sp<SchemaRef>>>,
            /// A map from strings to the given value schema.
            #[serde(default)]
            pub map: Option<Box<Sp<SchemaRef>>>,
            /// A union: a list of schemas (untagged, tried in order), or, with
            /// `tag`, a map from each tag value to its schema (none for a bare tag).
            #[serde(default)]
            pub one_of: Option<Sp<OneOf>>,
            /// The field whose value says which member of `one_of` a value is
            /// (e.g. `.tag`, `type`).
            #[serde(default)]
            pub tag: Option<Sp<String>>,
            /// What it means (becomes rustdoc).
            #[serde(default)]
            pub description: Option<String>,
            /// Override of the derived Rust name.
            #[serde(default)]
            pub rust_name: Option<Sp<String>>,
            $($(#[$fm])* #[serde(default)] pub $field: $fty,)*
        }

        impl $name {
            /// How many of the six kinds (`type`, `object`, `enum`, `int_enum`,
            /// `array`, `map`) are given; a valid schema gives exactly one.
            pub fn kinds_given(&self) -> usize {
                [
                    self.ty.is_some(),
                    self.object.is_some(),
                    self.enum_.is_some(),
                    self.int_enum.is_some(),
                    self.array.is_some(),
                    self.map.is_some(),
                    self.one_of.is_some(),
                ]
                .into_iter()
                .filter(|given| *given)
                .count()
            }

            /// The schema part, without the keys specific to this context.
            pub fn type_def(&self) -> TypeDef {
                TypeDef {
                    ty: self.ty.clone(),
                    object: self.object.clone(),
                    enum_: self.enum_.clone(),
                    int_enum: self.int_enum.clone(),
                    array: self.array.clone(),
                    map: self.map.clone(),
                    one_of: self.one_of.clone(),
                    tag: self.tag.clone(),
                    description: self.description.clone(),
                    rust_name: self.rust_name.clone(),
                }
            }
        }
    };
}

schema_struct!(
    /// A named or inline type: exactly one of `type`, `object`, `enum`, `int_enum`,
    /// `array`, `map`.
    TypeDef {}
);

/// The members of a union.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum OneOf {
    /// Untagged: the first member the value decodes as.
    List(Vec<Sp<SchemaRef>>),
    /// Tagged: members by tag value; a member without a schema is the tag alone.
    Map(NamedMap<Option<Sp<SchemaRef>>>),
}

impl<'de> Deserialize<'de> for OneOf {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOf;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of schemas, or a mapping of tag values to schemas")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOf, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<Sp<SchemaRef>>()? {
                    out.push(s);
                }
                Ok(OneOf::List(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OneOf, A::Error> {
                NamedMap::deserialize(MapAccessDeserializer::new(map)).map(OneOf::Map)
            }
        }
        d.deserialize_any(V)
    }
}

/// A schema reference: a type expression string or an inline [`TypeDef`].
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum SchemaRef {
    /// A type expression such as `i64` or `array<Foo>`.
    Expr(String),
    /// An inline definition.
    Inline(Box<TypeDef>),
}

impl From<TypeDef> for SchemaRef {
    fn from(t: TypeDef) -> Self {
        SchemaRef::Inline(Box::new(t))
    }
}

shorthand!(
    SchemaRef,
    TypeDef,
    "a type expression or a type definition",
    |s| { SchemaRef::Expr(s.to_owned()) }
);

/// An object field: a type expression, or a mapping.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum Field {
    /// Shorthand: a required, non-nullable field of this type.
    Expr(String),
    /// Full form.
    Full(Box<FieldFull>),
}

schema_struct!(
    /// A field written out in full: its schema plus presence rules.
    FieldFull {
        /// The field may be absent.
        optional: bool,
        /// The field may be `null`.
        nullable: bool,
        /// The value is a secret (a token, a password): `Debug` prints
        /// `[redacted]` and errors never show the body it came in.
        sensitive: bool,
        /// A regular expression the string value must match somewhere, as in
        /// JSON Schema (anchor it with `^...$` for the whole value); checked
        /// before sending.
        pattern: Option<Sp<String>>,
        /// Fewest characters (strings) or items (arrays).
        min_length: Option<Sp<u64>>,
        /// Most characters (strings) or items (arrays).
        max_length: Option<Sp<u64>>,
        /// Smallest allowed number.
        minimum: Option<Sp<f64>>,
        /// Largest allowed number.
        maximum: Option<Sp<f64>>,
        /// The only value the field has (e.g. `true`): a request always sends
        /// it, and callers do not set it.
        #[serde(rename = "const")]
        const_: Option<Sp<serde_json::Value>>,
    }
);

impl From<FieldFull> for Field {
    fn from(f: FieldFull) -> Self {
        Field::Full(Box::new(f))
    }
}

shorthand!(
    Field,
    FieldFull,
    "a type expression or a field mapping",
    |s| Field::Expr(s.to_owned())
);

/// An enum value: the value alone, or `{ value, description, rust_name }`.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged, rename = "EnumValue_of_{V}")]
pub enum EnumValue<V> {
    /// Shorthand: the wire value.
    Plain(V),
    /// Full form.
    Full(EnumValueFull<V>),
}

/// An enum value written out in full.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EnumValueFull_of_{V}")]
pub struct EnumValueFull<V> {
    /// The value on the wire.
    pub value: V,
    /// What the value means.
    #[serde(default)]
    pub description: Option<String>,
    /// Override of the derived Rust variant name.
    #[serde(default)]
    pub rust_name: Option<Sp<String>>,
}

impl<V: Clone> EnumValue<V> {
    /// The value in its full form.
    pub fn full(&self) -> EnumValueFull<V> {
        match self {
            EnumValue::Plain(v) => EnumValueFull {
                value: v.clone(),
                description: None,
                rust_name: None,
            },
            EnumValue::Full(f) => f.clone(),
        }
    }
}

impl<'de> Deserialize<'de> for EnumValue<String> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EnumValue<String>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string value or a mapping with `value`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(EnumValue::Plain(s.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                EnumValueFull::deserialize(MapAccessDeserializer::new(map)).map(EnumValue::Full)
            }
        }
        // Unquoted `yes`, `1`, `null` arrive as other types and are refused, which
        // is what we want: the README tells authors to quote such values.
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for EnumValue<i64> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EnumValue<i64>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer value or a mapping with `value`")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(EnumValue::Plain(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(EnumValue::Plain)
                    .map_err(|_| E::custom(format!("integer enum value {v} does not fit in i64")))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                EnumValueFull::deserialize(MapAccessDeserializer::new(map)).map(EnumValue::Full)
            }
        }
        d.deserialize_any(V)
    }
}

/// HTTP methods an endpoint may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// HEAD
    Head,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
        }
    }

    /// Whether a call is safe to resend unless the spec says otherwise:
    /// `GET`, `HEAD`, `PUT`, `DELETE` and `OPTIONS` are, by HTTP's rules.
    pub fn idempotent_by_default(self) -> bool {
        matches!(
            self,
            Method::Get | Method::Head | Method::Put | Method::Delete | Method::Options
        )
    }
}

/// One endpoint (operation).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// HTTP method.
    pub method: Sp<Method>,
    /// Path template relative to the server URL, e.g. `/v2.0/tokens/{tokenId}`.
    pub path: Sp<String>,
    /// One-line summary.
    pub summary: String,
    /// Longer description (Markdown).
    #[serde(default)]
    pub description: Option<String>,
    /// Whether a retry is safe. Defaults from the method: GET, HEAD, PUT, DELETE, OPTIONS are.
    #[serde(default)]
    pub idempotent: Option<bool>,
    /// Override of the derived Rust method name.
    #[serde(default)]
    pub rust_name: Option<Sp<String>>,
    /// The part of a large API the endpoint belongs to (`snake_case`, e.g.
    /// OpenAPI's first tag): a cargo feature of the crate, on by default,
    /// that compiles this endpoint and the types it needs. A spec without
    /// groups has no such features.
    #[serde(default)]
    pub group: Option<Sp<String>>,
    /// Parameters in the path template, by wire name. Always required.
    #[serde(default)]
    pub path_params: NamedMap<Sp<Param>>,
    /// Query parameters, by wire name.
    #[serde(default)]
    pub query: NamedMap<Sp<Param>>,
    /// Header parameters, by wire name.
    #[serde(default)]
    pub headers: NamedMap<Sp<Param>>,
    /// Cookie parameters, by cookie name: sent together in one `Cookie`
    /// header (with a cookie credential, if the call uses one).
    #[serde(default)]
    pub cookies: NamedMap<Sp<Param>>,
    /// Which authentication schemes this endpoint accepts, if not the API's default.
    #[serde(default)]
    pub auth: Option<Sp<EndpointAuth>>,
    /// Headers with fixed values sent on every call of this endpoint, by name.
    #[serde(default)]
    pub constant_headers: NamedMap<Sp<String>>,
    /// Query parameters with fixed values sent on every call, by name, before
    /// the others (`Action: DescribeRegions`, `api-version: "2023-01-01"`).
    #[serde(default)]
    pub constant_query: NamedMap<Sp<String>>,
    /// The `Accept` header sent; by default the media types of the declared response bodies.
    #[serde(default)]
    pub accept: Option<Sp<String>>,
    /// Request body: a type expression (a required JSON body) or a mapping.
    #[serde(default)]
    pub body: Option<Sp<Body>>,
    /// Responses by status code (`200`, `404`, ...) or `default`.
    pub responses: NamedMap<Sp<Response>>,
}

/// A parameter: a type expression (optional unless in the path), or a mapping.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum Param {
    /// Shorthand: the type.
    Expr(String),
    /// Full form.
    Full(Box<ParamFull>),
}

schema_struct!(
    /// A parameter written out in full: a scalar or enum schema plus presence.
    ParamFull {
        /// Whether the request must carry it (path parameters always must).
        required: bool,
        /// The value is a secret (a token, a key): `Debug` of the request shows
        /// `[redacted]` instead.
        sensitive: bool,
        /// A regular expression the string value must match somewhere, as in
        /// JSON Schema (anchor it with `^...$` for the whole value); checked
        /// before sending.
        pattern: Option<Sp<String>>,
        /// Fewest characters (strings) or items (arrays).
        min_length: Option<Sp<u64>>,
        /// Most characters (strings) or items (arrays).
        max_length: Option<Sp<u64>>,
        /// Smallest allowed number.
        minimum: Option<Sp<f64>>,
        /// Largest allowed number.
        maximum: Option<Sp<f64>>,
        /// For an array query parameter: each value as its own `name=value`
        /// (`true`, the default, as OpenAPI's `form` style), or all of them
        /// in one, comma-separated (`false`). For an object or map query
        /// parameter: each field as its own parameter (`true`), or
        /// `name=k1,v1,k2,v2` (`false`).
        explode: Option<Sp<bool>>,
        /// `application/json` (or any `+json` type): the value is sent as its
        /// JSON text, whatever its type (OpenAPI's `content` on a parameter).
        content_type: Option<Sp<String>>,
        /// How an array, object or map query parameter is written: `form`
        /// (the default; see `explode`), `deep_object` (`name[field]=v`,
        /// `name[]=item`), `pipe_delimited` or `space_delimited` (an array
        /// in one value, joined by `|` or a space).
        style: Option<Sp<String>>,
    }
);

impl From<ParamFull> for Param {
    fn from(f: ParamFull) -> Self {
        Param::Full(Box::new(f))
    }
}

shorthand!(
    Param,
    ParamFull,
    "a type expression or a parameter mapping",
    |s| Param::Expr(s.to_owned())
);

/// A request body: a type expression (required JSON), or a mapping.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum Body {
    /// Shorthand: a required JSON body of this type.
    Expr(String),
    /// Full form.
    Full(Box<BodyFull>),
}

schema_struct!(
    /// A request body written out in full.
    BodyFull {
        /// Whether the body may be left out (default: it must be sent).
        optional: bool,
        /// Media type: `application/json` (the default), any `+json` type,
        /// `application/x-www-form-urlencoded`, `multipart/form-data`, text
        /// or any other type (bytes).
        content_type: Option<Sp<String>>,
        /// For a form body: `deep_object` writes nested objects and arrays
        /// as `a[b]=v`, `a[]=v` and `a[0][b]=v` (OpenAPI's `deepObject`
        /// encoding, as Stripe reads it).
        style: Option<Sp<String>>,
    }
);

impl From<BodyFull> for Body {
    fn from(f: BodyFull) -> Self {
        Body::Full(Box::new(f))
    }
}

shorthand!(Body, BodyFull, "a type expression or a body mapping", |s| {
    Body::Expr(s.to_owned())
});

/// A response: a type expression (its JSON body), or a mapping.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum Response {
    /// Shorthand: the body type.
    Expr(String),
    /// Full form.
    Full(Box<ResponseFull>),
    /// Nothing at all (`204:`): a response without a body or description.
    Empty,
}

/// A response written out in full.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseFull {
    /// What this response means.
    #[serde(default)]
    pub description: Option<String>,
    /// The body's type; absent when the response has no body.
    #[serde(default)]
    pub body: Option<Sp<SchemaRef>>,
    /// The body's media type: `application/json` (the default) or any `+json`
    /// type (body: any type), `text/*` (body: `string`), anything else (body: `bytes`).
    #[serde(default)]
    pub content_type: Option<Sp<String>>,
    /// Whether this response is an error. Defaults to false for 1xx-3xx, true otherwise.
    #[serde(default)]
    pub error: Option<bool>,
    /// A top-level integer field of the body that holds seconds to wait before retrying.
    #[serde(default)]
    pub retry_after_field: Option<Sp<String>>,
    /// Where this response's body holds the server's message (JSON Pointers, as
    /// the top-level `error_message`, which this replaces for the response).
    #[serde(default)]
    pub error_message: Option<Vec<Sp<String>>>,
    /// On a success response: body values (by JSON Pointer) that make it an
    /// error after all, e.g. `{ /ok: false }`. A list means any of its values.
    #[serde(default)]
    pub error_when: NamedMap<Sp<serde_json::Value>>,
    /// Override of the derived Rust variant name in the endpoint's error enum.
    #[serde(default)]
    pub rust_name: Option<Sp<String>>,
    /// Headers this response carries that callers read (`X-RateLimit-Remaining`,
    /// `Location`), by name: each a scalar or enum.
    #[serde(default)]
    pub headers: Option<NamedMap<Sp<Header>>>,
}

/// A response header: a type expression, or a mapping.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum Header {
    /// Shorthand: the type.
    Expr(String),
    /// Full form.
    Full(Box<HeaderFull>),
}

schema_struct!(
    /// A response header written out in full: a scalar or enum schema.
    HeaderFull {
        /// The value is a secret (a token the server issues): `Debug` of the
        /// headers prints `[redacted]` instead.
        sensitive: bool,
    }
);

impl From<HeaderFull> for Header {
    fn from(f: HeaderFull) -> Self {
        Header::Full(Box::new(f))
    }
}

shorthand!(
    Header,
    HeaderFull,
    "a type expression or a header mapping",
    |s| Header::Expr(s.to_owned())
);

impl From<ResponseFull> for Response {
    fn from(f: ResponseFull) -> Self {
        Response::Full(Box::new(f))
    }
}

shorthand!(
    Response,
    ResponseFull,
    "a type expression, a response mapping, or nothing (a response without a body)",
    |s| Response::Expr(s.to_owned()),
    unit: {
        fn visit_unit<E: de::Error>(self) -> Result<Response, E> {
            Ok(Response::Empty)
        }
    }
);
