//! Export: an API (the checked model) as an OpenAPI 3.1 document, for
//! documentation tools, gateways and other languages' generators.
//!
//! Everything OpenAPI has a word for is said in OpenAPI's words; what this
//! format adds (Rust names, `sensitive`, idempotency, retry rules, error
//! messages, fixed headers) is kept in `x-` extensions, which
//! [`crate::import`] reads back, so that importing an exported spec
//! generates the same code.

mod schema;

use serde_json::{Map, Value, json};

use crate::ident;
use crate::ir::{Api, EndpointItem, KeyIn, ParamIn, ParamStyle, ResponseItem, SchemeKind, Server};
use schema::{schema, type_schema};

/// The OpenAPI 3.1 document of `api`.
pub fn document(api: &Api) -> Value {
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": { "title": api.title, "version": api.version },
        "servers": servers(api),
        "paths": paths(api),
        "components": { "schemas": schemas(api) },
        "x-source": api.source,
        "x-crate-version": api.version,
        "x-retry": retry(api),
    });
    if let Some(d) = &api.description {
        doc["info"]["description"] = json!(d);
    }
    let prefix = api.client.strip_suffix("Client").unwrap_or(&api.client);
    if ident::upper_camel(&api.name).ok().as_deref() != Some(prefix) {
        doc["x-rust-name"] = json!(prefix);
    }
    if !api.error_message.is_empty() {
        doc["x-error-message"] = json!(api.error_message);
    }
    // A combined scheme is a requirement with several keys in OpenAPI; its
    // name and description are kept beside the schemes.
    let (mut schemes, mut combined) = (Map::new(), Map::new());
    for s in &api.auth.schemes {
        let mut v = scheme(&s.kind);
        if let Some(d) = &s.doc {
            v["description"] = json!(d);
        }
        match s.kind {
            SchemeKind::AllOf(_) => combined.insert(s.wire.clone(), v),
            _ => schemes.insert(s.wire.clone(), v),
        };
    }
    if !schemes.is_empty() {
        doc["components"]["securitySchemes"] = Value::Object(schemes);
        doc["security"] = requirement(api, &api.auth.default.schemes, api.auth.default.optional);
    }
    if !combined.is_empty() {
        doc["components"]["x-all-of-schemes"] = Value::Object(combined);
    }
    doc
}

/// The default server first, each with its name and variables.
fn servers(api: &Api) -> Value {
    let mut list: Vec<&Server> = api.servers.iter().collect();
    list.sort_by_key(|s| !s.default);
    Value::Array(
        list.into_iter()
            .map(|s| {
                let mut v = json!({ "url": s.url, "x-name": s.wire });
                if let Some(d) = &s.description {
                    v["description"] = json!(d);
                }
                if ident::upper_camel(&s.wire).ok().as_deref() != Some(s.variant.as_str()) {
                    v["x-rust-name"] = json!(s.variant);
                }
                let vars: Map<String, Value> = s
                    .variables
                    .iter()
                    .map(|var| {
                        let mut x = json!({});
                        // OpenAPI requires a default; a required variable has none here.
                        match &var.default {
                            Some(d) => x["default"] = json!(d),
                            None => {
                                x["default"] = json!("");
                                x["x-required"] = json!(true);
                            }
                        }
                        if !var.allowed.is_empty() {
                            x["enum"] = json!(var.allowed);
                        }
                        if let Some(d) = &var.doc {
                            x["description"] = json!(d);
                        }
                        if ident::snake(&var.wire).ok().as_deref() != Some(var.rust.as_str()) {
                            x["x-rust-name"] = json!(var.rust);
                        }
                        (var.wire.clone(), x)
                    })
                    .collect();
                if !vars.is_empty() {
                    v["variables"] = Value::Object(vars);
                }
                v
            })
            .collect(),
    )
}

fn scheme(kind: &SchemeKind) -> Value {
    match kind {
        SchemeKind::Bearer => json!({ "type": "http", "scheme": "bearer" }),
        SchemeKind::Basic => json!({ "type": "http", "scheme": "basic" }),
        SchemeKind::ApiKey {
            location,
            name,
            prefix,
        } => {
            let place = match location {
                KeyIn::Header => "header",
                KeyIn::Query => "query",
                KeyIn::Cookie => "cookie",
            };
            let mut v = json!({ "type": "apiKey", "in": place, "name": name });
            if !prefix.is_empty() {
                v["x-prefix"] = json!(prefix);
            }
            v
        }
        // OpenAPI has no word for credentials in the body: HTTP Basic is
        // the nearest (the same two secrets), the extension says where.
        SchemeKind::BodyFields { username, password } => json!({
            "type": "http", "scheme": "basic",
            "x-body-fields": { "username": username, "password": password },
        }),
        // Exported as the requirements that name its parts.
        SchemeKind::AllOf(parts) => json!({ "parts": parts }),
    }
}

/// A security requirement: any one of `schemes` (a combined scheme with
/// each of its parts), or none when `optional`.
fn requirement(api: &Api, schemes: &[String], optional: bool) -> Value {
    let mut list: Vec<Value> = schemes
        .iter()
        .map(|name| {
            let parts: Map<String, Value> = api
                .auth
                .sent(name)
                .iter()
                .map(|s| (s.wire.clone(), json!([])))
                .collect();
            Value::Object(parts)
        })
        .collect();
    if optional {
        list.push(json!({}));
    }
    Value::Array(list)
}

fn paths(api: &Api) -> Value {
    let mut paths = Map::new();
    for e in &api.endpoints {
        let item = paths
            .entry(e.path.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        item[e.method.as_str().to_ascii_lowercase()] = operation(api, e);
    }
    Value::Object(paths)
}

fn operation(api: &Api, e: &EndpointItem) -> Value {
    let mut op = json!({
        "operationId": e.wire,
        "summary": e.summary,
        "x-accept": e.accept,
    });
    if let Some(d) = &e.description {
        op["description"] = json!(d);
    }
    if e.method_name != e.wire {
        op["x-rust-name"] = json!(e.method_name);
    }
    if e.idempotent != e.method.idempotent_by_default() {
        op["x-idempotent"] = json!(e.idempotent);
    }
    // The group as a tag for other tools, and as itself for the import.
    if let Some(g) = &e.group {
        op["tags"] = json!([g]);
        op["x-group"] = json!(g);
    }
    if !e.constant_headers.is_empty() {
        op["x-constant-headers"] = Value::Object(
            e.constant_headers
                .iter()
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect(),
        );
    }
    if e.auth != api.auth.default {
        op["security"] = requirement(api, &e.auth.schemes, e.auth.optional);
    }
    let params: Vec<Value> = e
        .params
        .iter()
        .map(|p| {
            let mut v = json!({
                "name": p.wire,
                "in": match p.location {
                    ParamIn::Path => "path",
                    ParamIn::Query => "query",
                    ParamIn::Header => "header",
                    ParamIn::Cookie => "cookie",
                },
                "required": p.required || p.location == ParamIn::Path,
                "schema": schema::with_limits(schema(&p.ty), &p.constraints),
            });
            if let Some(d) = &p.doc {
                v["description"] = json!(d);
            }
            // Sent as JSON text: OpenAPI's `content` instead of `schema`.
            if p.json
                && let Some(obj) = v.as_object_mut()
                && let Some(schema) = obj.remove("schema")
            {
                obj.insert(
                    "content".to_owned(),
                    json!({ "application/json": { "schema": schema } }),
                );
            }
            let query = p.location == ParamIn::Query;
            match p.style {
                ParamStyle::DeepObject => {
                    v["style"] = json!("deepObject");
                    v["explode"] = json!(true);
                }
                ParamStyle::PipeDelimited | ParamStyle::SpaceDelimited => {
                    let s = if p.style == ParamStyle::PipeDelimited {
                        "pipeDelimited"
                    } else {
                        "spaceDelimited"
                    };
                    v["style"] = json!(s);
                    v["explode"] = json!(false);
                }
                ParamStyle::Form if matches!(p.ty, crate::ir::TypeRef::Array(_)) => {
                    v["style"] = json!(if query { "form" } else { "simple" });
                    v["explode"] = json!(query && p.explode);
                }
                // Objects and maps in the query.
                ParamStyle::Form if query && !p.explode => {
                    v["style"] = json!("form");
                    v["explode"] = json!(false);
                }
                ParamStyle::Form => {}
            }
            if p.sensitive {
                v["x-sensitive"] = json!(true);
            }
            if ident::snake(&p.wire).ok().as_deref() != Some(p.rust.as_str()) {
                v["x-rust-name"] = json!(p.rust);
            }
            v
        })
        .collect();
    // Fixed query parameters: required, of one value.
    let params: Vec<Value> = e
        .constant_query
        .iter()
        .map(|(name, value)| {
            json!({ "name": name, "in": "query", "required": true,
                    "schema": { "type": "string", "const": value }, "x-constant": true })
        })
        .chain(params)
        .collect();
    if !params.is_empty() {
        op["parameters"] = json!(params);
    }
    if let Some(b) = &e.body {
        op["requestBody"] = json!({
            "required": b.required,
            "content": { &b.content_type: { "schema": schema(&b.ty) } },
        });
        if let Some(d) = &b.doc {
            op["requestBody"]["description"] = json!(d);
        }
        // Nested form values as `a[b]=v`: OpenAPI says so per property.
        if b.deep
            && let crate::ir::TypeRef::Named(n) = &b.ty
            && let Some(crate::ir::TypeKind::Struct(fields)) =
                crate::ir::find_type(&api.types, n).map(|t| &t.kind)
        {
            let encoding: Map<String, Value> = fields
                .iter()
                .map(|f| {
                    (
                        f.wire.clone(),
                        json!({ "style": "deepObject", "explode": true }),
                    )
                })
                .collect();
            op["requestBody"]["content"][&b.content_type]["encoding"] = Value::Object(encoding);
        }
        // The order a multipart body's parts are sent in (the schema's
        // properties follow the Rust fields' order).
        if !b.parts.is_empty() {
            op["requestBody"]["content"][&b.content_type]["x-parts"] = json!(b.parts);
        }
    }
    op["responses"] = Value::Object(
        e.responses
            .iter()
            .map(|r| (r.status.label(), response(r)))
            .collect(),
    );
    op
}

fn response(r: &ResponseItem) -> Value {
    let mut v = json!({ "description": r.doc.clone().unwrap_or_default() });
    if let Some(b) = &r.body {
        v["content"] = json!({ &r.content_type: { "schema": schema(b) } });
    }
    if r.error != r.status.is_error_by_default() {
        v["x-error"] = json!(r.error);
    }
    if ident::status_variant(r.status) != r.variant {
        v["x-rust-name"] = json!(r.variant);
    }
    if let Some(f) = &r.retry_after_field {
        v["x-retry-after-field"] = json!(f);
    }
    if let Some(m) = &r.error_message {
        v["x-error-message"] = json!(m);
    }
    if let Some(h) = &r.headers {
        v["headers"] = Value::Object(
            h.fields
                .iter()
                .map(|f| {
                    let mut x = json!({ "schema": schema(&f.ty) });
                    if let Some(d) = &f.doc {
                        x["description"] = json!(d);
                    }
                    if f.sensitive {
                        x["x-sensitive"] = json!(true);
                    }
                    if ident::snake(&f.wire).ok().as_deref() != Some(f.rust.as_str()) {
                        x["x-rust-name"] = json!(f.rust);
                    }
                    (f.wire.clone(), x)
                })
                .collect(),
        );
    }
    if !r.error_when.is_empty() {
        v["x-error-when"] = Value::Object(
            r.error_when
                .iter()
                .map(|(p, vals)| (p.clone(), json!(vals)))
                .collect(),
        );
    }
    v
}

fn schemas(api: &Api) -> Value {
    Value::Object(
        api.types
            .iter()
            .map(|t| (t.rust.clone(), type_schema(t)))
            .collect(),
    )
}

/// The retry rules, as the spec writes them.
fn retry(api: &Api) -> Value {
    use crate::ir::{Condition, Unit, Wait};
    let condition = |c: &Condition| {
        let mut v = Map::new();
        if let Some((lo, hi)) = c.status {
            v.insert(
                "status".to_owned(),
                if lo == hi {
                    json!(lo)
                } else {
                    json!(format!("{}XX", lo / 100))
                },
            );
        }
        if !c.headers.is_empty() {
            v.insert(
                "header".to_owned(),
                Value::Object(
                    c.headers
                        .iter()
                        .map(|(h, x)| (h.clone(), json!(x)))
                        .collect(),
                ),
            );
        }
        if !c.body.is_empty() {
            v.insert(
                "body".to_owned(),
                Value::Object(c.body.iter().map(|(p, x)| (p.clone(), json!(x))).collect()),
            );
        }
        Value::Object(v)
    };
    let unit = |u: &Unit| match u {
        Unit::Seconds => "seconds",
        Unit::Milliseconds => "milliseconds",
        Unit::EpochSeconds => "epoch_seconds",
    };
    let wait: Vec<Value> = api
        .retry
        .wait
        .iter()
        .map(|w| match w {
            Wait::RetryAfter => json!("retry_after"),
            Wait::Header(h, u) => json!({ "header": h, "as": unit(u) }),
            Wait::Body(p, u) => json!({ "body": p, "as": unit(u) }),
        })
        .collect();
    json!({
        "throttled": api.retry.throttled.iter().map(condition).collect::<Vec<_>>(),
        "transient": api.retry.transient.iter().map(condition).collect::<Vec<_>>(),
        "wait": wait,
    })
}
