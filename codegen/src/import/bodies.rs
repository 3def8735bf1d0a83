//! Request bodies and responses: the media type each is sent or read as,
//! its schema's type, and what a response's status allows.

use serde_json::Value;

use super::doc::{Doc, child};
use super::keywords::describe;
use super::ops::{Op, scalar};
use super::schema::Types;
use super::yaml::Node;
use super::{Level, Notes};

/// The one multipart type a body can be sent as.
const MULTIPART: &str = "multipart/form-data";

/// The entries of a body's or response's `content` whose keys are media
/// types or ranges; others are noted and left out.
fn media_types<'v>(holder: &'v Value, at: &str, notes: &mut Notes) -> Vec<(&'v String, &'v Value)> {
    let Some(content) = holder.get("content").and_then(Value::as_object) else {
        return Vec::new();
    };
    content
        .iter()
        .filter(|(m, v)| {
            let ok = crate::lower::wire::well_formed_media(m, true) && v.is_object();
            if !ok {
                notes.push(
                    Level::Warning,
                    &child(&child(at, "content"), m),
                    "not a media type: left out",
                );
            }
            ok
        })
        .collect()
}

/// Whether a media type's schema is an object with properties: parts a
/// multipart body can send.
fn has_parts(doc: &Doc, media: &Value, at: &str) -> bool {
    media
        .get("schema")
        .and_then(|s| doc.deref(s, at).ok())
        .is_some_and(|(s, _)| s.get("properties").is_some() || s.get("allOf").is_some())
}

/// How a request body of this media type is written, when it is sent as
/// it is: `string` for text (`text/*`, XML), `bytes` for anything else that
/// is neither JSON, a form nor multipart.
fn raw_kind(media: &str) -> Option<&'static str> {
    let essence = essence(media);
    if is_json(&essence)
        || essence == "application/x-www-form-urlencoded"
        || essence.starts_with("multipart/")
    {
        None
    } else if essence.starts_with("text/")
        || essence == "application/xml"
        || essence.ends_with("+xml")
    {
        Some("string")
    } else {
        Some("bytes")
    }
}

/// A media type without its parameters, in lower case.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is sent and read as JSON.
pub fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

pub(super) fn request_body(
    doc: &Doc,
    op: &Op<'_>,
    camel: &str,
    types: &mut Types<'_>,
) -> Option<Option<Node>> {
    let Some(raw) = op.op.get("requestBody") else {
        return Some(None);
    };
    let at = child(&op.at, "requestBody");
    if matches!(op.method, "get" | "head") {
        types.notes.push(
            Level::Warning,
            &at,
            format!(
                "a {} request carries no body: left out",
                op.method.to_ascii_uppercase()
            ),
        );
        return Some(None);
    }
    let body = match doc.deref(raw, &at) {
        Ok((b, _)) => b,
        Err(why) => {
            types.notes.push(Level::Warning, &at, why);
            return Some(None);
        }
    };
    let required = body
        .get("required")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let content = media_types(body, &at, &mut types.notes);
    // JSON first, then a form, then multipart, then text (and XML), then
    // any raw type.
    let chosen = content
        .iter()
        .find(|(m, _)| is_json(m))
        .or_else(|| {
            content
                .iter()
                .find(|(m, _)| m.starts_with("application/x-www-form-urlencoded"))
        })
        // Multipart when it has parts to send; a stream offered both ways
        // (Azure's `format: file`) goes as bytes instead.
        .or_else(|| {
            content
                .iter()
                .find(|(m, mo)| essence(m) == MULTIPART && has_parts(doc, mo, &at))
        })
        .or_else(|| content.iter().find(|(m, _)| raw_kind(m) == Some("string")))
        .or_else(|| content.iter().find(|(m, _)| raw_kind(m).is_some()))
        .or_else(|| content.iter().find(|(m, _)| essence(m) == MULTIPART));
    let Some(&(media, media_obj)) = chosen else {
        let kinds: Vec<&str> = content.iter().map(|(m, _)| m.as_str()).collect();
        let what = if kinds.is_empty() {
            "the request body names no valid media type".to_owned()
        } else {
            format!(
                "request bodies of {} cannot be expressed yet",
                kinds.join(", ")
            )
        };
        return (!types.notes.cannot_express(&at, &what, required)).then_some(None);
    };
    let here = child(&child(&child(&at, "content"), media), "schema");
    let raw = raw_kind(media);
    let multipart = essence(media) == MULTIPART;
    let expr = match (raw, media_obj.get("schema")) {
        (Some(kind), _) => kind.to_owned(),
        (None, s) if multipart => {
            let order: Vec<&str> = media_obj
                .get("x-parts")
                .and_then(Value::as_array)
                .map(|o| o.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let made = s.and_then(|s| types.multipart(s, &here, &format!("{camel}Body"), &order));
            let Some(name) = made else {
                let what = "a multipart body must be an object: each property is a part";
                return (!types.notes.cannot_express(&here, what, required)).then_some(None);
            };
            types.drain();
            if media_obj.get("encoding").is_some() {
                types.notes.push(
                    Level::Info,
                    &child(&child(&child(&at, "content"), media), "encoding"),
                    "per-part `encoding` is not kept: files are sent as `application/octet-stream`, objects as JSON, the rest as text",
                );
            }
            name
        }
        (None, Some(s)) => {
            let slot = types.slot(s, &here, &format!("{camel}Body"), 0);
            types.drain();
            slot.expr
        }
        (None, None) => "json".to_owned(),
    };
    let form = !is_json(media) && raw.is_none() && !multipart;
    let flat = |types: &Types<'_>| {
        types.form_fields(&expr, |e| {
            scalar(e, types)
                || e.strip_prefix("array<")
                    .and_then(|i| i.strip_suffix('>'))
                    .is_some_and(|i| scalar(i, types))
        })
    };
    // Nested values the `deepObject` way: where the document says so, or
    // where it names no encoding for them (servers reading forms with
    // nested values read brackets).
    let says_deep = media_obj
        .get("encoding")
        .and_then(Value::as_object)
        .is_some_and(|enc| {
            enc.values()
                .any(|e| e.get("style").and_then(Value::as_str) == Some("deepObject"))
        });
    let deep = form && types.form_fields(&expr, |_| true) && (says_deep || !flat(types));
    if form && !deep && !flat(types) {
        let what = format!("a form body must be an object, not `{expr}`");
        return (!types.notes.cannot_express(&at, &what, required)).then_some(None);
    }
    if deep && !says_deep {
        types.notes.push(
            Level::Info,
            &child(&child(&at, "content"), media),
            "a form body with nested values names no encoding: they are written as `a[b]=v` (`style: deep_object`)",
        );
    }
    if content.len() > 1 {
        types.notes.push(
            Level::Info,
            &child(&at, "content"),
            format!("several media types: `{media}` is sent"),
        );
    }
    if required
        && (media == "application/json" || (is_json(media) && media.contains('*')))
        && describe(body).is_none()
    {
        return Some(Some(Node::str(expr)));
    }
    let mut node = Node::map([("type", Node::str(expr))]);
    if !required {
        node.push("optional", Node::Bool(true));
    }
    // A media range (`*/*`, `application/*+json`) names no type: sent as
    // JSON, or as bytes of `application/octet-stream`.
    if raw.is_some() && media.contains('*') {
        types.notes.push(
            Level::Warning,
            &child(&at, "content"),
            format!("the media range `{media}` names no type to send: `application/octet-stream` is sent"),
        );
        node.push("content_type", Node::str("application/octet-stream"));
    } else if multipart {
        // Without the document's parameters: the client adds the boundary.
        node.push("content_type", Node::str(MULTIPART));
    } else if media != "application/json" && !media.contains('*') {
        node.push("content_type", Node::str(media.clone()));
    }
    if deep {
        node.push("style", Node::str("deep_object"));
    }
    if let Some(d) = describe(body) {
        node.push("description", Node::str(d));
    }
    Some(Some(node))
}

pub(super) fn responses(
    doc: &Doc,
    op: &Op<'_>,
    camel: &str,
    media: &mut Vec<String>,
    types: &mut Types<'_>,
) -> Node {
    let mut out = Node::Map(Vec::new());
    let at = child(&op.at, "responses");
    let Some(list) = op.op.get("responses").and_then(Value::as_object) else {
        types.notes.push(
            Level::Warning,
            &at,
            "no responses: a 200 without a body is assumed",
        );
        out.push("200", Node::Empty);
        return out;
    };
    let mut codes: Vec<(&String, &Value)> = list.iter().collect();
    codes.sort_by_key(|(k, _)| (k.as_str() == "default", k.to_ascii_uppercase()));
    for (code, raw) in codes {
        let here = child(&at, code);
        let key = code.to_ascii_uppercase();
        let valid = key == "DEFAULT"
            || (key.len() == 3
                && key.starts_with(['1', '2', '3', '4', '5'])
                && (key[1..].chars().all(|c| c.is_ascii_digit()) || &key[1..] == "XX"));
        if !valid {
            types.notes.push(
                Level::Warning,
                &here,
                format!("`{code}` is not a status: left out"),
            );
            continue;
        }
        let r = match doc.deref(raw, &here) {
            Ok((r, _)) => r,
            Err(why) => {
                types.notes.push(Level::Warning, &here, why);
                continue;
            }
        };
        let key = if key == "DEFAULT" {
            "default".to_owned()
        } else {
            key
        };
        let status = match key.as_str() {
            "default" => crate::ir::Status::Default,
            k if k.ends_with("XX") => crate::ir::Status::Range(k.as_bytes()[0] - b'0'),
            k => crate::ir::Status::Code(k.parse().unwrap_or(200)),
        };
        let hint = format!("{camel}{}", crate::ident::status_variant(status));
        let bodiless = op.method == "head"
            || matches!(
                status,
                crate::ir::Status::Code(100..=199 | 204 | 205 | 304) | crate::ir::Status::Range(1)
            );
        out.push(key, response(doc, r, &here, &hint, bodiless, media, types));
    }
    let success = |k: &str| k.starts_with(['1', '2', '3']);
    let keys: Vec<String> = match &out {
        Node::Map(m) => m.iter().map(|e| e.key.clone()).collect(),
        _ => Vec::new(),
    };
    if !keys.iter().any(|k| success(k)) {
        if let Node::Map(entries) = &mut out
            && let Some(d) = entries.iter_mut().find(|e| e.key == "default")
        {
            // `default` alone describes every answer, successes included.
            types.notes.push(
                Level::Info,
                &child(&at, "default"),
                "no success status is listed: `default` is the success",
            );
            let mut node = match std::mem::replace(&mut d.value, Node::Empty) {
                Node::Empty => Node::Map(Vec::new()),
                other => other,
            };
            node.push("error", Node::Bool(false));
            d.value = node;
        } else {
            types.notes.push(
                Level::Warning,
                &at,
                "no success status is listed: a 200 without a body is assumed",
            );
            out.push("200", Node::Empty);
        }
    }
    out
}

fn response(
    doc: &Doc,
    r: &Value,
    at: &str,
    hint: &str,
    bodiless: bool,
    accepted: &mut Vec<String>,
    types: &mut Types<'_>,
) -> Node {
    let mut node = Node::Map(Vec::new());
    if let Some(d) = describe(r) {
        node.push("description", Node::str(d));
    }
    // What this project's export says in extensions.
    for (x, key) in [
        ("x-error", "error"),
        ("x-rust-name", "rust_name"),
        ("x-retry-after-field", "retry_after_field"),
        ("x-error-message", "error_message"),
        ("x-error-when", "error_when"),
    ] {
        if let Some(v) = r.get(x) {
            node.push(key, super::overrides::node(v));
        }
    }
    if let Some(h) = headers(doc, r, at, hint, types) {
        node.push("headers", h);
    }
    let mut content = media_types(r, at, &mut types.notes);
    content.retain(|(m, _)| {
        let multipart = m.to_ascii_lowercase().starts_with("multipart/");
        if multipart {
            types.notes.push(
                Level::Warning,
                &child(&child(at, "content"), m),
                "multipart responses cannot be read yet: left out",
            );
        }
        !multipart
    });
    if bodiless && !content.is_empty() {
        types.notes.push(
            Level::Warning,
            &child(at, "content"),
            "this response carries no body on the wire: its body is left out",
        );
    }
    let chosen = if bodiless {
        None
    } else {
        content
            .iter()
            .find(|(m, _)| is_json(m))
            .or_else(|| content.iter().find(|(m, _)| m.starts_with("text/")))
            .or_else(|| content.first())
    };
    if let Some(&(media, m)) = chosen {
        let here = child(&child(&child(at, "content"), media), "schema");
        let body = if is_json(media) {
            match m.get("schema") {
                Some(s) => {
                    let slot = types.slot(s, &here, &format!("{hint}Body"), 0);
                    types.drain();
                    slot.expr
                }
                None => "json".to_owned(),
            }
        } else if media.starts_with("text/") {
            "string".to_owned()
        } else {
            "bytes".to_owned()
        };
        if !accepted.contains(media) {
            accepted.push(media.clone());
        }
        let content_type = match media.as_str() {
            m if !m.contains('*') => m,
            _ if body == "bytes" => "application/octet-stream",
            _ if body == "string" => "text/plain",
            _ => "application/json",
        };
        node.push("body", Node::str(body));
        if content_type != "application/json" {
            node.push("content_type", Node::str(content_type));
        }
        if content.len() > 1 {
            types.notes.push(
                Level::Info,
                &child(at, "content"),
                format!("several media types: `{media}` is read"),
            );
        }
    }
    if matches!(&node, Node::Map(m) if m.is_empty()) {
        Node::Empty
    } else {
        node
    }
}

/// The headers a response declares, each a scalar (or enum) the client can
/// read; others are noted and left out.
fn headers(doc: &Doc, r: &Value, at: &str, hint: &str, types: &mut Types<'_>) -> Option<Node> {
    let declared = r.get("headers")?.as_object()?;
    let mut out = Node::Map(Vec::new());
    let mut seen = std::collections::BTreeSet::new();
    let mut rust_names = std::collections::BTreeSet::new();
    for (name, raw) in declared {
        let here = child(&child(at, "headers"), name);
        let h = match doc.deref(raw, &here) {
            Ok((h, _)) => h,
            Err(why) => {
                types.notes.push(Level::Warning, &here, why);
                continue;
            }
        };
        if !super::ops::is_header_name(name) || !seen.insert(name.to_ascii_lowercase()) {
            types.notes.push(
                Level::Warning,
                &here,
                "not a header name, or a header declared twice: left out",
            );
            continue;
        }
        let Some(schema) = h.get("schema") else {
            types
                .notes
                .push(Level::Warning, &here, "a header without `schema`: left out");
            continue;
        };
        let slot = types.slot(
            schema,
            &child(&here, "schema"),
            &format!("{hint}{}", types.names.camel_part(name)),
            0,
        );
        types.drain();
        if !scalar(&slot.expr, types) {
            types.notes.push(
                Level::Warning,
                &here,
                format!(
                    "a `{}` header cannot be read as one value: left out",
                    slot.expr
                ),
            );
            continue;
        }
        let mut node = Node::map([("type", Node::str(slot.expr.clone()))]);
        let derived = crate::ident::snake(name).ok();
        let wanted = h
            .get("x-rust-name")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or(derived.clone());
        match wanted.filter(|r| rust_names.insert(r.clone())) {
            Some(r) if Some(&r) != derived.as_ref() => node.push("rust_name", Node::str(r)),
            Some(_) => {}
            None => {
                let r = format!("header_{}", rust_names.len());
                rust_names.insert(r.clone());
                node.push("rust_name", Node::str(r));
            }
        }
        if h.get("x-sensitive").and_then(Value::as_bool) == Some(true) {
            node.push("sensitive", Node::Bool(true));
        }
        if let Some(d) = describe(h).or(slot.doc) {
            node.push("description", Node::str(d));
        }
        out.push(name.clone(), node);
    }
    matches!(&out, Node::Map(m) if !m.is_empty()).then_some(out)
}
