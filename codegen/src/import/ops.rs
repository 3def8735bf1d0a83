//! Operations as endpoints: method and path, parameters (path-level and
//! operation-level merged), the request body, responses and security.

use serde_json::Value;

use super::bodies;
use super::doc::{Doc, child, placeholders};
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

/// Headers the client computes (credentials go in `auth`, media types follow
/// from the body and responses): the generator's own list.
use crate::lower::api::CLIENT_HEADERS as IMPLIED_HEADERS;

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
    params(doc, op, &camel, &mut split, &mut e, types)?;
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
struct SplitPath {
    path: String,
    header: Option<(String, String)>,
    fixed_query: Vec<(String, String)>,
    /// `(query name, parameter)`: the parameter is sent in the query.
    templated: Vec<(String, String)>,
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

/// The parameters of the path item and the operation (the operation's win),
/// `$ref`s followed.
fn merged<'d>(doc: &'d Doc, op: &Op<'d>, notes: &mut Notes) -> Vec<(&'d Value, String)> {
    let mut out: Vec<(&Value, String)> = Vec::new();
    let sources = [
        (op.item, child(&child("#/paths", op.path), "parameters")),
        (op.op, child(&op.at, "parameters")),
    ];
    for (holder, at) in sources {
        let Some(list) = holder.get("parameters").and_then(Value::as_array) else {
            continue;
        };
        for (i, p) in list.iter().enumerate() {
            let here = child(&at, &i.to_string());
            match doc.deref(p, &here) {
                Ok((p, _)) => {
                    let key = |q: &Value| (q.get("name").cloned(), q.get("in").cloned());
                    out.retain(|(q, _)| key(q) != key(p));
                    out.push((p, here));
                }
                Err(why) => notes.push(Level::Warning, &here, why),
            }
        }
    }
    out
}
fn params(
    doc: &Doc,
    op: &Op<'_>,
    camel: &str,
    split: &mut SplitPath,
    e: &mut Node,
    types: &mut Types<'_>,
) -> Option<()> {
    let fixed = split.header.as_ref().map(|(n, _)| n.to_ascii_lowercase());
    let fixed = fixed.as_deref();
    let SplitPath {
        path,
        fixed_query,
        templated,
        ..
    } = split;
    let path = path.as_str();
    let mut groups = [
        ("path_params", Node::Map(Vec::new())),
        ("query", Node::Map(Vec::new())),
        ("headers", Node::Map(Vec::new())),
    ];
    let mut rust_names = std::collections::BTreeSet::new();
    // The request type's field for the body.
    if op.op.get("requestBody").is_some() {
        rust_names.insert("body".to_owned());
    }
    for (p, at) in merged(doc, op, &mut types.notes) {
        let (Some(name), Some(location)) = (
            p.get("name").and_then(Value::as_str),
            p.get("in").and_then(Value::as_str),
        ) else {
            types.notes.push(
                Level::Warning,
                &at,
                "a parameter without `name` or `in`: left out",
            );
            continue;
        };
        let required =
            location == "path" || p.get("required").and_then(Value::as_bool).unwrap_or(false);
        // A parameter the path's query templates goes in the query, under
        // the name the template gives it.
        let (name, location) = match templated.iter().find(|(_, v)| v == name) {
            Some((query_name, _)) => (query_name.as_str(), "query"),
            None => (name, location),
        };
        let group = match location {
            "path" => 0,
            "query" if fixed_query.iter().any(|(n, _)| n == name) => {
                types.notes.push(
                    Level::Info,
                    &at,
                    format!("`{name}` is fixed by the path: left out"),
                );
                continue;
            }
            // A required parameter of one value is sent on every call.
            "query"
                if required
                    && let Some(v) = p.get("schema").and_then(|s| one_value(doc, s, &at)) =>
            {
                fixed_query.push((name.to_owned(), v));
                continue;
            }
            "query" => 1,
            "header" if IMPLIED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) => {
                types.notes.push(Level::Info, &at, format!("the header `{name}` follows from `auth`, the body and the responses: left out"));
                continue;
            }
            "header" if fixed == Some(name.to_ascii_lowercase().as_str()) => {
                types.notes.push(
                    Level::Info,
                    &at,
                    format!("the header `{name}` is fixed by the path: left out"),
                );
                continue;
            }
            "header" if !is_header_name(name) => {
                let what = format!("`{name}` is not a header name");
                if types.notes.cannot_express(&at, &what, required) {
                    return None;
                }
                continue;
            }
            "header" => 2,
            other => {
                let what = format!("{other} parameters (`{name}`) cannot be expressed yet");
                if types.notes.cannot_express(&at, &what, required) {
                    return None;
                }
                continue;
            }
        };
        if location == "path" && !path.contains(&format!("{{{name}}}")) {
            types.notes.push(
                Level::Warning,
                &at,
                format!("`{name}` is not in the path: left out"),
            );
            continue;
        }
        let Some(schema) = p.get("schema") else {
            let what = format!("parameter `{name}` has no `schema` (`content` is not read)");
            if types.notes.cannot_express(&at, &what, required) {
                return None;
            }
            continue;
        };
        let hint = format!("{camel}{}", types.names.camel_part(name));
        let slot = types.slot(schema, &child(&at, "schema"), &hint, 0);
        types.drain();
        let list = array_of(&slot.expr).is_some_and(|i| scalar(i, types));
        // OpenAPI's default styles are the format's: `simple` in the path
        // and headers, `form` in the query (exploded unless it says not).
        let style = p.get("style").and_then(Value::as_str);
        let explode = p.get("explode").and_then(Value::as_bool);
        let query = location == "query";
        let deep = query && style == Some("deepObject");
        let object = query
            && !list
            && !scalar(&slot.expr, types)
            && style.is_none_or(|s| s == "form" || s == "deepObject")
            && query_object(&slot.expr, deep, types, 0)
            // Joined into one value: scalars only.
            && (deep
                || explode != Some(false)
                || types.form_fields(&resolve_alias(&slot.expr, types), |e| scalar(e, types)));
        // The format's style, when not its default.
        let own_style = match style {
            Some("deepObject") if list || object => Some("deep_object"),
            // Exploded, these are `form`'s repeated parameters.
            Some("pipeDelimited") if list && explode != Some(true) => Some("pipe_delimited"),
            Some("spaceDelimited") if list && explode != Some(true) => Some("space_delimited"),
            _ => None,
        };
        let default_style = if query { "form" } else { "simple" };
        // (`explode` changes nothing for a list of scalars in `simple`.)
        let plain = style.is_none_or(|s| s == default_style);
        let styled = object
            || (list && (plain || (query && (own_style.is_some() || explode == Some(true)))));
        if !scalar(&slot.expr, types) && !styled {
            let what = match style {
                Some(s) if list => {
                    format!("`{s}` arrays ({name}) have no wire form in this format yet")
                }
                _ => format!(
                    "`{}` parameters ({name}) have no wire form in this format yet",
                    slot.expr
                ),
            };
            if types.notes.cannot_express(&at, &what, required) {
                return None;
            }
            continue;
        }
        let mut node = Node::map([("type", Node::str(slot.expr))]);
        if required && location != "path" {
            node.push("required", Node::Bool(true));
        }
        if let Some(own) = own_style {
            node.push("style", Node::str(own));
        } else if (list || object) && query && explode == Some(false) {
            node.push("explode", Node::Bool(false));
        }
        for (k, v) in slot.limits {
            node.push(k, v);
        }
        if p.get("x-sensitive").and_then(Value::as_bool) == Some(true) {
            node.push("sensitive", Node::Bool(true));
        }
        let derived = crate::ident::snake(name).ok();
        let wanted = p
            .get("x-rust-name")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or(derived.clone());
        let rust = wanted.and_then(|r| {
            // Taken (`body`, or a name differing in case): `<name>_param`.
            [r.clone(), format!("{r}_param")]
                .into_iter()
                .find(|r| rust_names.insert(r.clone()))
        });
        if let Some(r) = rust.as_ref().filter(|r| Some(*r) != derived.as_ref()) {
            node.push("rust_name", Node::str(r.clone()));
        }
        if rust.is_none() {
            let mut r = format!("param_{}", rust_names.len());
            while !rust_names.insert(r.clone()) {
                r.push('_');
            }
            node.push("rust_name", Node::str(r));
        }
        let mut doc_text = describe(p).or(slot.doc);
        if !list && !object && (style.is_some() || explode.is_some()) {
            types.notes.push(
                Level::Info,
                &at,
                "`style` and `explode` do not change a scalar's form: left out",
            );
        }
        if let Some(d) = doc_text.take() {
            node.push("description", Node::str(d));
        }
        groups[group].1.push(name, node);
    }
    // A `{name}` of the path no parameter declares: a string, as the path
    // is text.
    for name in placeholders(path) {
        let declared = matches!(&groups[0].1, Node::Map(m) if m.iter().any(|e| e.key == name));
        if !declared {
            types.notes.push(
                Level::Warning,
                &op.at,
                format!("the path parameter `{name}` is not declared: typed as `string`"),
            );
            let mut node = Node::map([("type", Node::str("string"))]);
            if crate::ident::snake(&name)
                .ok()
                .filter(|r| rust_names.insert(r.clone()))
                .is_none()
            {
                let r = format!("path_param_{}", rust_names.len());
                rust_names.insert(r.clone());
                node.push("rust_name", Node::str(r));
            }
            groups[0].1.push(name, node);
        }
    }
    for (key, node) in groups {
        if matches!(&node, Node::Map(m) if !m.is_empty()) {
            e.push(key, node);
        }
    }
    Some(())
}

/// Whether a parameter of this type has a wire form: a scalar or an enum.
/// The one value a schema allows, when it allows one text: `const`, or an
/// `enum` of one string.
fn one_value(doc: &Doc, schema: &Value, at: &str) -> Option<String> {
    let (schema, _) = doc.deref(schema, at).ok()?;
    match (
        schema.get("const"),
        schema
            .get("enum")
            .and_then(Value::as_array)
            .map(Vec::as_slice),
    ) {
        (Some(Value::String(v)), _) => Some(v.clone()),
        (None, Some([Value::String(v)])) => Some(v.clone()),
        _ => None,
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
/// What an alias stands for, through every alias.
fn resolve_alias(expr: &str, types: &Types<'_>) -> String {
    let mut expr = expr.to_owned();
    for _ in 0..32 {
        match types.alias_of(&expr) {
            Some(inner) => expr = inner,
            None => break,
        }
    }
    expr
}

/// The item type of an `array<...>` expression.
fn array_of(expr: &str) -> Option<&str> {
    expr.strip_prefix("array<")
        .and_then(|i| i.strip_suffix('>'))
}

/// Whether a query parameter of this type is an object or map the format
/// can send: its values scalars or arrays of scalars, or with `deep` such
/// objects again (not without end: a recursive type is refused).
fn query_object(expr: &str, deep: bool, types: &Types<'_>, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    let value_ok = |e: &str| {
        let inner = array_of(e).unwrap_or(e);
        scalar(inner, types) || (deep && query_object(inner, deep, types, depth + 1))
    };
    if let Some(v) = expr.strip_prefix("map<").and_then(|i| i.strip_suffix('>')) {
        return value_ok(v);
    }
    match types.alias_of(expr) {
        Some(inner) => query_object(&inner, deep, types, depth + 1),
        None => types.form_fields(expr, value_ok),
    }
}

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
