//! Operations as endpoints: method and path, parameters (path-level and
//! operation-level merged), the request body, responses and security.

use serde_json::Value;

use super::bodies;
use super::doc::{Doc, child};
use super::keywords::describe;
use super::schema::{Kind, Types};
use super::yaml::Node;
use super::{Level, Notes};

/// The HTTP methods of a path item, in the order endpoints are written.
pub const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// One selected operation.
pub struct Op<'d> {
    pub path: &'d str,
    pub method: &'static str,
    pub item: &'d Value,
    pub op: &'d Value,
    /// `#/paths/~1pets/get`.
    pub at: String,
    /// Its endpoint key.
    pub key: String,
}

/// The endpoint of `op`, or `None` when it cannot be expressed (with an
/// error note saying why).
pub fn endpoint(
    doc: &Doc,
    op: &Op<'_>,
    security: &mut super::security::Security,
    types: &mut Types<'_>,
) -> Option<Node> {
    let mut e = Node::Map(Vec::new());
    let mut split = split_path(op, &mut types.notes)?;
    let path = split.path.clone();
    e.push("method", Node::str(op.method.to_ascii_uppercase()));
    e.push("path", Node::str(path.clone()));
    e.push("summary", Node::str(summary(op)));
    let summary_text = summary(op);
    if let Some(d) = describe(op.op).filter(|d| d.trim() != summary_text) {
        e.push("description", Node::str(d));
    }
    // What this project's export says in extensions.
    if let Some(r) = op.op.get("x-rust-name").and_then(Value::as_str) {
        e.push("rust_name", Node::str(r));
    }
    if let Some(i) = op.op.get("x-idempotent").and_then(Value::as_bool) {
        e.push("idempotent", Node::Bool(i));
    }
    let camel = crate::ident::upper_camel(&op.key).unwrap_or_default();
    super::params::params(doc, op, &camel, &mut split, &mut e, types)?;
    if !split.fixed_query.is_empty() {
        e.push(
            "constant_query",
            Node::Map(
                std::mem::take(&mut split.fixed_query)
                    .into_iter()
                    .map(|(k, v)| super::yaml::Entry {
                        key: k,
                        value: Node::str(v),
                        comment: None,
                    })
                    .collect(),
            ),
        );
    }
    let mut constant = Node::Map(Vec::new());
    if let Some((name, value)) = split.header {
        constant.push(name, Node::str(value));
    }
    for (name, value) in op
        .op
        .get("x-constant-headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(v) = value.as_str() {
            constant.push(name.clone(), Node::str(v));
        }
    }
    if matches!(&constant, Node::Map(m) if !m.is_empty()) {
        e.push("constant_headers", constant);
    }
    if let Some(auth) = security.endpoint(op.op, &child(&op.at, "security"), &mut types.notes) {
        e.push("auth", auth);
    }
    if let Some(body) = bodies::request_body(doc, op, &camel, types)? {
        e.push("body", body);
    }
    let mut media = Vec::new();
    let responses = bodies::responses(doc, op, &camel, &mut media, types);
    // A media range (`image/*`) is no content type to decode by, but it is
    // what the client must accept.
    if let Some(a) = op.op.get("x-accept").and_then(Value::as_str) {
        e.push("accept", Node::str(a));
    } else if media.iter().any(|m: &String| m.contains('*')) {
        media.dedup();
        e.push("accept", Node::str(media.join(", ")));
    }
    e.push("responses", responses);
    for ignored in ["callbacks", "links"] {
        if op.op.get(ignored).is_some() {
            types.notes.push(
                Level::Warning,
                &child(&op.at, ignored),
                format!("`{ignored}` are not part of a client: left out"),
            );
        }
    }
    Some(e)
}

/// A document's path taken apart: what is sent as the path, the fixed
/// header its fragment names, the fixed query it carries, and the query
/// names of parameters it templates (`?filename={filename}`).
pub(super) struct SplitPath {
    pub(super) path: String,
    pub(super) header: Option<(String, String)>,
    pub(super) fixed_query: Vec<(String, String)>,
    /// `(query name, parameter)`: the parameter is sent in the query.
    pub(super) templated: Vec<(String, String)>,
}

/// The path to send, and what else a document's path says: documents of
/// AWS APIs tell operations sharing a path apart by a fragment, either
/// `#X-Amz-Target=Service.Operation` (the header `X-Amz-Target`, sent to
/// `/`) or the names of its required query parameters (`#Action=...`,
/// `#uploads`), which the operation declares as parameters anyway. A query
/// in the path is fixed (`?a=b`, the endpoint's `constant_query`) or names
/// where a parameter goes (`?filename={filename}`).
fn split_path(op: &Op<'_>, notes: &mut Notes) -> Option<SplitPath> {
    let (before, fragment) = match op.path.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (op.path, None),
    };
    // A fixed query in the path (`/services?funcs=GetNews`) is sent on
    // every call: the endpoint's `constant_query`.
    let (before, query) = match before.split_once('?') {
        Some((p, q)) => (p, q),
        None => (before, ""),
    };
    let mut fixed_query = Vec::new();
    let mut templated = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let var = value.strip_prefix('{').and_then(|v| v.strip_suffix('}'));
        if let Some(var) = var
            .filter(|v| !v.contains(['{', '}']) && !name.is_empty() && !name.contains(['{', '}']))
        {
            templated.push((name.to_owned(), var.to_owned()));
            continue;
        }
        if name.is_empty() || name.contains(['{', '}']) || value.contains(['{', '}']) {
            notes.push(
                Level::Error,
                &op.at,
                format!("the query `{pair}` in the path is no fixed parameter: the operation is left out"),
            );
            return None;
        }
        fixed_query.push((name.to_owned(), value.to_owned()));
    }
    let header = match fragment.and_then(|f| f.split_once('=')) {
        Some((name, value))
            if name.eq_ignore_ascii_case("x-amz-target") && !value.contains(['&', '#']) =>
        {
            Some((name.to_owned(), value.to_owned()))
        }
        _ => {
            if let Some(f) = fragment {
                notes.push(
                    Level::Info,
                    &op.at,
                    format!("the fragment `#{f}` only tells operations apart: the path is sent without it"),
                );
            }
            None
        }
    };
    Some(SplitPath {
        path: before.to_owned(),
        header,
        fixed_query,
        templated,
    })
}

/// A one-line summary: the operation's, else its description's first
/// sentence, else its method and path.
fn summary(op: &Op<'_>) -> String {
    if let Some(s) = op.op.get("summary").and_then(Value::as_str) {
        let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if !one_line.is_empty() {
            return one_line;
        }
    }
    let text = op
        .op
        .get("summary")
        .and_then(Value::as_str)
        .or_else(|| op.op.get("description").and_then(Value::as_str))
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty());
    match text {
        Some(t) => {
            let first = t.split(". ").next().unwrap_or(&t);
            first.chars().take(200).collect()
        }
        None => format!("{} {}", op.method.to_ascii_uppercase(), op.path),
    }
}

/// Whether `name` is an HTTP header name (a token).
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// An alias of a scalar (`Id: { type: string }`) counts as the scalar.
pub(super) fn scalar(expr: &str, types: &Types<'_>) -> bool {
    let mut expr = expr.to_owned();
    // Aliases cannot form a cycle in a spec that checks; the bound is cheap.
    for _ in 0..32 {
        if matches!(
            expr.as_str(),
            "string"
                | "bool"
                | "i32"
                | "i64"
                | "u32"
                | "u64"
                | "f32"
                | "f64"
                | "date"
                | "date_time"
        ) || types.kind(&expr) == Some(Kind::Enum)
        {
            return true;
        }
        match types.alias_of(&expr) {
            Some(inner) => expr = inner,
            None => return false,
        }
    }
    false
}
