//! An operation's parameters (path-level and operation-level merged): where
//! each goes, and what it is (a scalar, an array or object in a style, or a
//! value sent as JSON text), named for Rust.

use std::collections::BTreeSet;

use serde_json::Value;

use super::doc::{Doc, child, placeholders};
use super::keywords::{describe, types_of};
use super::ops::{Op, SplitPath, is_header_name, scalar};
use super::schema::Types;
use super::yaml::Node;
use super::{Level, Notes};
/// Headers the client computes (credentials go in `auth`, media types follow
/// from the body and responses): the generator's own list.
use crate::lower::api::CLIENT_HEADERS as IMPLIED_HEADERS;

/// One step's outcome: go on with a value, skip the parameter (a note says
/// why), or leave the whole operation out (an error note says why).
enum Step<T> {
    Go(T),
    Skip,
    LeaveOut,
}

/// Skips the parameter, or leaves the operation out when it is required.
fn cannot(types: &mut Types<'_>, at: &str, what: &str, required: bool) -> Step<()> {
    if types.notes.cannot_express(at, what, required) {
        Step::LeaveOut
    } else {
        Step::Skip
    }
}

macro_rules! step {
    ($e:expr) => {
        match $e {
            Step::Go(v) => v,
            Step::Skip => continue,
            Step::LeaveOut => return None,
        }
    };
}

/// Where a parameter goes.
struct Place<'p> {
    name: &'p str,
    location: &'p str,
    /// 0 path, 1 query, 2 headers, 3 cookies.
    group: usize,
    required: bool,
}

/// The operation's parameters, into `e`'s `path_params`, `query` and
/// `headers`; `None` when a required one cannot be expressed.
pub(super) fn params(
    doc: &Doc,
    op: &Op<'_>,
    camel: &str,
    split: &mut SplitPath,
    e: &mut Node,
    types: &mut Types<'_>,
) -> Option<()> {
    let mut groups = [
        ("path_params", Node::Map(Vec::new())),
        ("query", Node::Map(Vec::new())),
        ("headers", Node::Map(Vec::new())),
        ("cookies", Node::Map(Vec::new())),
    ];
    let mut rust_names = BTreeSet::new();
    // The request type's field for the body.
    if op.op.get("requestBody").is_some() {
        rust_names.insert("body".to_owned());
    }
    for (p, at) in merged(doc, op, &mut types.notes) {
        let place = step!(place(doc, p, &at, split, types));
        let mut node = step!(shape(p, &at, &place, camel, types));
        name_param(p, place.name, &mut node, &mut rust_names);
        groups[place.group].1.push(place.name, node);
    }
    // A `{name}` of the path no parameter declares: a string, as the path
    // is text.
    for name in placeholders(&split.path) {
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

/// Where the parameter `p` goes, or why it does not: fixed by the path, a
/// header the client computes, a location the format lacks.
fn place<'p>(
    doc: &Doc,
    p: &'p Value,
    at: &str,
    split: &'p mut SplitPath,
    types: &mut Types<'_>,
) -> Step<Place<'p>> {
    let (Some(name), Some(location)) = (
        p.get("name").and_then(Value::as_str),
        p.get("in").and_then(Value::as_str),
    ) else {
        types.notes.push(
            Level::Warning,
            at,
            "a parameter without `name` or `in`: left out",
        );
        return Step::Skip;
    };
    let required =
        location == "path" || p.get("required").and_then(Value::as_bool).unwrap_or(false);
    let fixed = split.header.as_ref().map(|(n, _)| n.to_ascii_lowercase());
    // A parameter the path's query templates goes in the query, under
    // the name the template gives it.
    let (name, location) = match split.templated.iter().find(|(_, v)| v == name) {
        Some((query_name, _)) => (query_name.as_str(), "query"),
        None => (name, location),
    };
    let lower = name.to_ascii_lowercase();
    let group = match location {
        "path" if !split.path.contains(&format!("{{{name}}}")) => {
            types.notes.push(
                Level::Warning,
                at,
                format!("`{name}` is not in the path: left out"),
            );
            return Step::Skip;
        }
        "path" => 0,
        "query" if split.fixed_query.iter().any(|(n, _)| n == name) => {
            types.notes.push(
                Level::Info,
                at,
                format!("`{name}` is fixed by the path: left out"),
            );
            return Step::Skip;
        }
        // A required parameter of one value is sent on every call.
        "query"
            if required && let Some(v) = p.get("schema").and_then(|s| one_value(doc, s, at)) =>
        {
            split.fixed_query.push((name.to_owned(), v));
            return Step::Skip;
        }
        "query" => 1,
        "header" if IMPLIED_HEADERS.contains(&lower.as_str()) => {
            types.notes.push(
                Level::Info,
                at,
                format!(
                    "the header `{name}` follows from `auth`, the body and the responses: left out"
                ),
            );
            return Step::Skip;
        }
        "header" if fixed.as_deref() == Some(lower.as_str()) => {
            types.notes.push(
                Level::Info,
                at,
                format!("the header `{name}` is fixed by the path: left out"),
            );
            return Step::Skip;
        }
        "header" if !is_header_name(name) => {
            let what = format!("`{name}` is not a header name");
            return match cannot(types, at, &what, required) {
                Step::LeaveOut => Step::LeaveOut,
                _ => Step::Skip,
            };
        }
        "header" => 2,
        "cookie" if !is_header_name(name) => {
            let what = format!("`{name}` is not a cookie name");
            return match cannot(types, at, &what, required) {
                Step::LeaveOut => Step::LeaveOut,
                _ => Step::Skip,
            };
        }
        "cookie" => 3,
        other => {
            let what = format!("{other} parameters (`{name}`) cannot be expressed yet");
            return match cannot(types, at, &what, required) {
                Step::LeaveOut => Step::LeaveOut,
                _ => Step::Skip,
            };
        }
    };
    Step::Go(Place {
        name,
        location,
        group,
        required,
    })
}

/// What the parameter is: its type, and how it is written when not as the
/// format's default (a style, `explode: false`, JSON text).
fn shape(p: &Value, at: &str, place: &Place<'_>, camel: &str, types: &mut Types<'_>) -> Step<Node> {
    let Place {
        name,
        location,
        required,
        ..
    } = *place;
    // `content` instead of `schema`: one media type saying how the value
    // is written.
    let content = p
        .get("content")
        .and_then(Value::as_object)
        .and_then(|c| c.iter().next());
    let (schema, schema_at, media) = match (p.get("schema"), content) {
        (Some(s), _) => (s, child(at, "schema"), None),
        (None, Some((media, m))) if m.get("schema").is_some() => (
            &m["schema"],
            child(&child(&child(at, "content"), media), "schema"),
            Some(media.as_str()),
        ),
        _ => {
            let what = format!("parameter `{name}` has no `schema`");
            return retype(cannot(types, at, &what, required));
        }
    };
    let hint = format!("{camel}{}", types.names.camel_part(name));
    // `oneOf: [integer, string]` (GitHub's workflow id or file name): any
    // of them travels as its text, so the parameter is a string.
    let slot = if scalar_union(types, schema, &schema_at) {
        types.notes.push(
            Level::Info,
            &schema_at,
            "a union of scalars travels as text: typed as `string`",
        );
        super::schema::Slot {
            expr: "string".to_owned(),
            doc: types
                .doc_deref(schema, &schema_at)
                .ok()
                .and_then(|(s, _)| describe(&s)),
            ..Default::default()
        }
    } else {
        let slot = types.slot(schema, &schema_at, &hint, 0);
        types.drain();
        slot
    };
    let json = match json_text(media, &slot.expr, location, types, at) {
        Ok(json) => json,
        Err(what) => return retype(cannot(types, at, &what, required)),
    };
    // A cookie is one scalar.
    let list =
        !json && location != "cookie" && array_of(&slot.expr).is_some_and(|i| scalar(i, types));
    // OpenAPI's default styles are the format's: `simple` in the path and
    // headers, `form` in the query (exploded unless it says not).
    let style = p.get("style").and_then(Value::as_str);
    let explode = p.get("explode").and_then(Value::as_bool);
    let query = location == "query";
    let deep = query && style == Some("deepObject");
    let object = query
        && !json
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
        || json
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
        return retype(cannot(types, at, &what, required));
    }
    if !list && !object && !json && (style.is_some() || explode.is_some()) {
        types.notes.push(
            Level::Info,
            at,
            "`style` and `explode` do not change a scalar's form: left out",
        );
    }
    let mut node = Node::map([("type", Node::str(slot.expr))]);
    if required && location != "path" {
        node.push("required", Node::Bool(true));
    }
    if json {
        node.push("content_type", Node::str("application/json"));
    } else if let Some(own) = own_style {
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
    if let Some(d) = describe(p).or(slot.doc) {
        node.push("description", Node::str(d));
    }
    Step::Go(node)
}

/// Whether a schema is a `oneOf`/`anyOf` (or a 3.1 list of types) whose
/// every member is a string, integer, number or boolean.
fn scalar_union(types: &Types<'_>, schema: &Value, at: &str) -> bool {
    const SCALARS: [&str; 4] = ["string", "integer", "number", "boolean"];
    let Ok((schema, _)) = types.doc_deref(schema, at) else {
        return false;
    };
    let scalar_types = |s: &Value| {
        let types = types_of(s);
        let shaped: Vec<&&str> = types.iter().filter(|t| **t != "null").collect();
        !shaped.is_empty()
            && shaped.iter().all(|t| SCALARS.contains(t))
            && s.get("properties").is_none()
            && s.get("items").is_none()
    };
    match schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)
    {
        Some(members) => {
            !members.is_empty()
                && members.iter().all(|m| {
                    types
                        .doc_deref(m, at)
                        .is_ok_and(|(m, _)| scalar_types(&m) || types_of(&m) == ["null"])
                })
        }
        None => types_of(&schema).len() > 1 && scalar_types(&schema),
    }
}

/// A skip or leave-out of another step's type.
fn retype<T>(s: Step<()>) -> Step<T> {
    match s {
        Step::LeaveOut => Step::LeaveOut,
        _ => Step::Skip,
    }
}

/// Whether a parameter declared with `content` of `media` is sent as JSON
/// text. A scalar is sent as it is, whatever `content` says (vendors write
/// `application/json` on plain strings, which no server reads as JSON
/// text); anything else goes as JSON text, in the query or a header.
fn json_text(
    media: Option<&str>,
    expr: &str,
    location: &str,
    types: &mut Types<'_>,
    at: &str,
) -> Result<bool, String> {
    let Some(m) = media else {
        return Ok(false);
    };
    let lower = m.to_ascii_lowercase();
    let json_media = lower.starts_with("application/json") || lower.contains("+json");
    if scalar(expr, types) {
        types.notes.push(
            Level::Info,
            at,
            format!("a scalar under `content: {m}` is sent as plain text"),
        );
        Ok(false)
    } else if json_media && location != "path" && location != "cookie" {
        Ok(true)
    } else {
        Err(format!(
            "a `{m}` {location} parameter has no wire form in this format"
        ))
    }
}

/// Names the parameter for Rust where the derived name does not do: taken
/// (`body`, or a name differing only in case) or not a name at all.
fn name_param(p: &Value, name: &str, node: &mut Node, rust_names: &mut BTreeSet<String>) {
    let derived = crate::ident::snake(name).ok();
    let wanted = p
        .get("x-rust-name")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or(derived.clone());
    let rust = wanted.and_then(|r| {
        [r.clone(), format!("{r}_param")]
            .into_iter()
            .find(|r| rust_names.insert(r.clone()))
    });
    let rust = rust.unwrap_or_else(|| {
        let mut r = format!("param_{}", rust_names.len());
        while !rust_names.insert(r.clone()) {
            r.push('_');
        }
        r
    });
    if Some(&rust) != derived.as_ref() {
        // Before the description, as a reviewer reads it.
        node.insert_before("description", "rust_name", Node::str(rust));
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
