//! The resolved model the emitter works from.
//!
//! Every item carries both its wire name and its Rust name, decided once by
//! [`crate::lower`] through [`crate::ident`], so the emitter never derives a name.
//! Collections are sorted by Rust name, so the order keys had in a spec never
//! shows in the output.

pub use crate::spec::Method;

mod behaviour;
pub use behaviour::*;

/// One API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The spec file, as shown in the generated header (`specs/smartsheet.yaml`).
    pub spec_file: String,
    /// The API's machine name: its folder under `generated/` and cargo feature.
    pub name: String,
    /// The generated crate's package name (`api-clients-smartsheet`).
    pub crate_name: String,
    /// The generated crate's version, from the spec.
    pub version: String,
    /// Human title.
    pub title: String,
    /// What the API is for.
    pub description: Option<String>,
    /// Where the spec was transcribed from.
    pub source: String,
    /// The client type (`SmartsheetClient`).
    pub client: String,
    /// The server enum (`SmartsheetServer`).
    pub server_enum: String,
    /// Named servers, sorted by variant name.
    pub servers: Vec<Server>,
    /// Authentication schemes and the default.
    pub auth: Auth,
    /// The credential enum (`SmartsheetCredential`), one variant per scheme.
    pub credential_enum: String,
    /// Where an error body holds the server's message: JSON Pointers, tried in order.
    pub error_message: Vec<String>,
    /// Which responses are retried, and where waits come from.
    pub retry: RetryRules,
    /// Every named and inline type, sorted by Rust name.
    pub types: Vec<TypeItem>,
    /// Endpoints, sorted by method name.
    pub endpoints: Vec<EndpointItem>,
    /// The groups the endpoints are in, sorted: one cargo feature each (and
    /// `all`, the default, for every one). Empty for an API without groups.
    pub groups: Vec<String>,
}

/// A named server.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// Name in the spec.
    pub wire: String,
    /// Variant of the server enum.
    pub variant: String,
    /// Base URL.
    pub url: String,
    /// What it is.
    pub description: Option<String>,
    /// The one used unless the caller picks another.
    pub default: bool,
    /// The `{placeholders}` of `url`, sorted by Rust name.
    pub variables: Vec<ServerVariable>,
}

/// A `{placeholder}` in a server URL, filled in when the client is built.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Name in the URL template.
    pub wire: String,
    /// Rust field / argument name.
    pub rust: String,
    /// What the value is.
    pub doc: Option<String>,
    /// Used when the caller gives none; `None` makes the variable required.
    pub default: Option<String>,
    /// The only values allowed (empty: any value of safe characters).
    pub allowed: Vec<String>,
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeItem {
    /// Rust name.
    pub rust: String,
    /// Where it comes from in the spec (`types.Error`, `BulkItemFailure.error`).
    pub origin: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// A struct whose fields (or the structs they hold) carry constraints, so
    /// it implements `runtime::Validate`; or an alias of a type that holds one.
    pub validated: bool,
    /// Which serde impls it gets: only the directions it travels in.
    pub serde: SerdeUse,
    /// Which of the API's groups compile it.
    pub gate: Gate,
}

/// Which cargo features compile an item of an API whose endpoints are in
/// groups (see [`Api::groups`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gate {
    /// Always compiled: the API has no groups, or every group needs it (or
    /// so many that naming them would cost more than compiling it).
    #[default]
    Always,
    /// Compiled when one of these features is on (sorted, not empty).
    Any(Vec<String>),
}

impl Gate {
    /// The one feature that compiles the item, if it is one.
    pub fn single(&self) -> Option<&str> {
        match self {
            Gate::Any(features) if features.len() == 1 => Some(&features[0]),
            _ => None,
        }
    }
}

/// The type named `rust` among `types`, which the IR keeps sorted by Rust name.
pub fn find_type<'a>(types: &'a [TypeItem], rust: &str) -> Option<&'a TypeItem> {
    types
        .binary_search_by(|t| t.rust.as_str().cmp(rust))
        .ok()
        .map(|i| &types[i])
}

/// The named type or primitive inside `ty`'s arrays and maps.
pub fn innermost(ty: &TypeRef) -> &TypeRef {
    let mut current = ty;
    while let TypeRef::Array(inner) | TypeRef::Map(inner) = current {
        current = inner;
    }
    current
}

/// The named type inside `ty`'s arrays and maps, if any.
pub fn innermost_name(ty: &TypeRef) -> Option<&str> {
    match innermost(ty) {
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

/// Whether a value of `ty` holds constrained data, checked through its
/// `runtime::Validate` impl (a struct's own, or the runtime's for `Vec`,
/// maps, `Box` and `Option` around one).
pub fn is_validated(types: &[TypeItem], ty: &TypeRef) -> bool {
    innermost_name(ty)
        .and_then(|n| find_type(types, n))
        .is_some_and(|t| t.validated)
}

/// The directions a type travels in, and so the serde impls it needs: a type
/// only ever sent gets `Serialize`, one only ever received `Deserialize`.
/// Each impl not generated is code rustc never checks or compiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerdeUse {
    /// Part of a request body: implements `Serialize`.
    pub ser: bool,
    /// Part of a response body: implements `Deserialize`.
    pub de: bool,
}

impl SerdeUse {
    /// Both impls: for types in no body at all (declared for callers' use,
    /// or only parameters), whose use the generator cannot see.
    pub const BOTH: SerdeUse = SerdeUse {
        ser: true,
        de: true,
    };
}

/// The kinds of generated types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct of fields, sorted by Rust name.
    Struct(Vec<FieldItem>),
    /// A forward-compatible string enum, values in spec order.
    StringEnum(Vec<Variant<String>>),
    /// A forward-compatible integer enum, values in spec order.
    IntEnum(Vec<Variant<i64>>),
    /// A type alias.
    Alias(TypeRef),
    /// A union: one of several shapes, told apart by a tag field or by trying.
    Union {
        /// The field whose value names the member (tagged unions).
        tag: Option<String>,
        /// Members, in spec order.
        members: Vec<Member>,
    },
}

/// One member of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Rust variant name.
    pub rust: String,
    /// The tag value (tagged unions).
    pub tag_value: Option<String>,
    /// Its type; `None` for a bare tag.
    pub ty: Option<TypeRef>,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant<V> {
    /// Rust variant name.
    pub rust: String,
    /// Value on the wire.
    pub value: V,
    /// Rustdoc.
    pub doc: Option<String>,
}

/// One struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldItem {
    /// Name on the wire.
    pub wire: String,
    /// Rust field name.
    pub rust: String,
    /// Its type (without the `Option` that `optional`/`nullable` add).
    pub ty: TypeRef,
    /// May be absent.
    pub optional: bool,
    /// May be null.
    pub nullable: bool,
    /// A secret: redacted from `Debug`.
    pub sensitive: bool,
    /// Checked before a request carrying it is sent.
    pub constraints: Constraints,
    /// The field's only value: set by `new`, never by callers.
    pub constant: Option<serde_json::Value>,
    /// Boxed to break a cycle of types containing each other.
    pub boxed: bool,
    /// Rustdoc.
    pub doc: Option<String>,
}

impl FieldItem {
    /// Whether the Rust field is an `Option`.
    pub fn is_option(&self) -> bool {
        self.optional || self.nullable
    }
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// A primitive.
    Prim(Prim),
    /// A generated type, by Rust name.
    Named(String),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
}

/// Primitive types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Prim {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `serde_json::Value`
    Json,
    /// Raw bytes (a non-JSON body only).
    Bytes,
    /// `runtime::Date`: an RFC 3339 full date.
    Date,
    /// `runtime::DateTime`: an RFC 3339 date-time.
    DateTime,
}

impl Prim {
    /// Parses a primitive's spec spelling.
    pub fn parse(s: &str) -> Option<Prim> {
        Some(match s {
            "string" => Prim::String,
            "bool" => Prim::Bool,
            "i32" => Prim::I32,
            "i64" => Prim::I64,
            "u32" => Prim::U32,
            "u64" => Prim::U64,
            "f32" => Prim::F32,
            "f64" => Prim::F64,
            "json" => Prim::Json,
            "bytes" => Prim::Bytes,
            "date" => Prim::Date,
            "date_time" => Prim::DateTime,
            _ => return None,
        })
    }
    /// Every spelling, for suggestions.
    pub const NAMES: &[&str] = &[
        "string",
        "bool",
        "i32",
        "i64",
        "u32",
        "u64",
        "f32",
        "f64",
        "json",
        "bytes",
        "date",
        "date_time",
    ];
}

/// One endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointItem {
    /// Operation name in the spec.
    pub wire: String,
    /// Client method name.
    pub method_name: String,
    /// HTTP method.
    pub method: Method,
    /// Path template.
    pub path: String,
    /// One-line summary.
    pub summary: String,
    /// Longer description.
    pub description: Option<String>,
    /// Whether retrying is safe.
    pub idempotent: bool,
    /// Which credentials the call accepts.
    pub auth: EndpointAuth,
    /// The `Accept` header.
    pub accept: String,
    /// Fixed headers (the API's and the endpoint's), sorted by lower-case name.
    pub constant_headers: Vec<(String, String)>,
    /// Fixed query parameters, in spec order, sent before the others.
    pub constant_query: Vec<(String, String)>,
    /// Whether a body of this call (request or response) can hold a secret, so
    /// errors must not show raw bodies.
    pub sensitive_bodies: bool,
    /// Request type name.
    pub request: String,
    /// Response type name.
    pub response: String,
    /// Error-body enum name, as callers spell it for this endpoint.
    pub error: String,
    /// The enum that holds the error bodies: `error` itself, or one shared
    /// with the other endpoints whose error bodies are the same (then `error`
    /// is an alias of it).
    pub error_enum: String,
    /// How many endpoints share `error_enum` (1 when it is the endpoint's own).
    pub error_enum_users: usize,
    /// Whether this endpoint's code defines `error_enum`: its own, or the
    /// first (by method name) of the endpoints sharing it.
    pub defines_error_enum: bool,
    /// The group the endpoint is in (a feature), if the API has groups.
    pub group: Option<String>,
    /// Which features compile the endpoint's items: its group's.
    pub gate: Gate,
    /// Which features compile `error_enum`, where this endpoint defines it:
    /// those of every endpoint that shares it.
    pub error_enum_gate: Gate,
    /// Parameters, path first, then query, then headers; each group by Rust name.
    pub params: Vec<ParamItem>,
    /// Request body.
    pub body: Option<BodyItem>,
    /// Responses by status, `default` last.
    pub responses: Vec<ResponseItem>,
}

impl EndpointItem {
    /// The success responses.
    pub fn successes(&self) -> impl Iterator<Item = &ResponseItem> {
        self.responses.iter().filter(|r| !r.error)
    }
    /// The error responses.
    pub fn errors(&self) -> impl Iterator<Item = &ResponseItem> {
        self.responses.iter().filter(|r| r.error)
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamIn {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// A cookie, in the `Cookie` header.
    Cookie,
}

impl ParamIn {
    /// How the spec and docs call it.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
        }
    }
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamItem {
    /// Name on the wire.
    pub wire: String,
    /// Rust field name in the request type.
    pub rust: String,
    /// Where it goes.
    pub location: ParamIn,
    /// Its type (scalar or enum).
    pub ty: TypeRef,
    /// Must be given.
    pub required: bool,
    /// Redacted from `Debug`.
    pub sensitive: bool,
    /// Checked before sending.
    pub constraints: Constraints,
    /// For an array in the query: each value as its own `name=value`
    /// (else one comma-separated value); for an object or map, each field
    /// as its own parameter (else `name=k1,v1,...`). Always `true` for
    /// scalars.
    pub explode: bool,
    /// How an array, object or map in the query is written.
    pub style: ParamStyle,
    /// Sent as its JSON text (a query or header parameter declared with
    /// `content_type: application/json`), whatever its type.
    pub json: bool,
    /// Rustdoc.
    pub doc: Option<String>,
}

/// How a query parameter holding several values is written (OpenAPI's
/// `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParamStyle {
    /// Arrays repeated or comma-separated, objects as parameters of their
    /// own or `name=k1,v1,...`, as `explode` says.
    #[default]
    Form,
    /// `name[field]=value`, `name[]=item`.
    DeepObject,
    /// An array in one value joined by `|`.
    PipeDelimited,
    /// An array in one value joined by a space.
    SpaceDelimited,
}

impl ParamStyle {
    /// As the spec writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamStyle::Form => "form",
            ParamStyle::DeepObject => "deep_object",
            ParamStyle::PipeDelimited => "pipe_delimited",
            ParamStyle::SpaceDelimited => "space_delimited",
        }
    }
}

/// Limits on a value that the client checks before sending it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// A regular expression the whole string must match.
    pub pattern: Option<String>,
    /// Fewest characters or items.
    pub min_length: Option<u64>,
    /// Most characters or items.
    pub max_length: Option<u64>,
    /// Smallest number.
    pub minimum: Option<f64>,
    /// Largest number.
    pub maximum: Option<f64>,
    /// What is measured: characters, items or the number itself.
    pub measure: Measure,
}

/// What a constraint measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// A string's characters (and its pattern).
    #[default]
    Chars,
    /// An array's items.
    Items,
    /// A number's value.
    Number,
}

impl Constraints {
    /// Whether nothing is constrained.
    pub fn is_empty(&self) -> bool {
        self.pattern.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
    }

    /// The constraints in words, for rustdoc (`length 1 to 64, matching `^x$``).
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        match (self.min_length, self.max_length) {
            (Some(a), Some(b)) => parts.push(format!("length {a} to {b}")),
            (Some(a), None) => parts.push(format!("length at least {a}")),
            (None, Some(b)) => parts.push(format!("length at most {b}")),
            (None, None) => {}
        }
        match (self.minimum, self.maximum) {
            (Some(a), Some(b)) => parts.push(format!("from {a} to {b}")),
            (Some(a), None) => parts.push(format!("at least {a}")),
            (None, Some(b)) => parts.push(format!("at most {b}")),
            (None, None) => {}
        }
        if let Some(p) = &self.pattern {
            parts.push(format!("matching `{p}`"));
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyItem {
    /// Its type.
    pub ty: TypeRef,
    /// Must be sent.
    pub required: bool,
    /// How it is encoded.
    pub media: Media,
    /// Media type.
    pub content_type: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// A multipart body's parts, by wire name, in the order they are sent
    /// (the spec's); empty for other bodies.
    pub parts: Vec<String>,
    /// A form body whose nested objects and arrays are written as
    /// `a[b]=v` (`style: deep_object`).
    pub deep: bool,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// JSON (`application/json`, any `+json`).
    Json,
    /// `application/x-www-form-urlencoded` (request bodies).
    Form,
    /// Text (`text/*`, response bodies): a `String`.
    Text,
    /// Anything else (response bodies): raw bytes.
    Bytes,
    /// `multipart/form-data` (request bodies): an object whose fields are
    /// parts; `bytes` fields are files.
    Multipart,
}

/// Which statuses a response stands for. Ordered as they are matched: exact
/// codes, then ranges, then `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// One status code.
    Code(u16),
    /// Every status of a class: `4` for `4XX`.
    Range(u8),
    /// Every status the spec does not list otherwise.
    Default,
}

impl Status {
    /// How the spec writes it: `404`, `4XX`, `default`.
    pub fn label(self) -> String {
        match self {
            Status::Code(c) => c.to_string(),
            Status::Range(r) => format!("{r}XX"),
            Status::Default => "default".to_owned(),
        }
    }

    /// Whether a response with this status is an error unless it says otherwise.
    pub fn is_error_by_default(self) -> bool {
        match self {
            Status::Code(c) => c >= 400,
            Status::Range(r) => r >= 4,
            Status::Default => true,
        }
    }
}

/// One declared response.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseItem {
    /// The statuses it stands for.
    pub status: Status,
    /// Variant name in the response or error enum.
    pub variant: String,
    /// Whether it is an error.
    pub error: bool,
    /// Its body, if any.
    pub body: Option<TypeRef>,
    /// How the body is encoded.
    pub media: Media,
    /// The body's media type.
    pub content_type: String,
    /// What it means.
    pub doc: Option<String>,
    /// Body field with seconds to wait before retrying.
    pub retry_after_field: Option<String>,
    /// Where this response's body holds the message, replacing the API's list.
    pub error_message: Option<Vec<String>>,
    /// A success whose body has these values (JSON Pointer, any of) is an error.
    pub error_when: Vec<(String, Vec<serde_json::Value>)>,
    /// The error variant such a response becomes (`OkError`).
    pub error_variant: Option<String>,
    /// The headers callers read, and the struct that holds them
    /// (`ListWidgetsOkHeaders`); none when the spec declares none.
    pub headers: Option<ResponseHeaders>,
}

/// A response's declared headers.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeaders {
    /// The struct's Rust name.
    pub rust: String,
    /// Its fields, sorted by Rust name.
    pub fields: Vec<HeaderItem>,
}

/// One declared response header.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderItem {
    /// Header name as declared.
    pub wire: String,
    /// Rust field name.
    pub rust: String,
    /// A scalar or an enum.
    pub ty: TypeRef,
    /// Redacted from `Debug`.
    pub sensitive: bool,
    /// Rustdoc.
    pub doc: Option<String>,
}
