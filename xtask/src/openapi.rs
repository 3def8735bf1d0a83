//! The same API as an OpenAPI 3.0 document, written from the checked model
//! (`codegen::ir`), so a peer generator (progenitor) can be measured on
//! exactly what ours generates from: the same operations, parameters,
//! bodies, responses and schemas, under the same names.

use serde_json::{Map, Value, json};

use codegen::ir::{
    self, Api, EndpointItem, KeyIn, Media, ParamIn, Prim, SchemeKind, Status, TypeKind, TypeRef,
};

/// The OpenAPI 3.0.3 document of `api`.
///
/// progenitor 0.15 accepts one body type for an operation's successes and
/// one for its errors (`default` counts as both, a status without a body as a
/// type of its own): it stops at `assert!(response_types.len() <= 1)`
/// otherwise. Where an operation's statuses differ, each status of the group
/// refers to one schema instead, a `oneOf` of the group's body types (named
/// `<Operation>Success`, `<Operation>Failure`, or `<Operation>Response` when a
/// `default` joins both groups), much as our generator makes an enum of an
/// operation's error bodies. The types, parameters and statuses stay the same.
pub fn document(api: &Api) -> Value {
    let mut servers: Vec<&ir::Server> = api.servers.iter().collect();
    servers.sort_by_key(|s| !s.default);
    let servers: Vec<Value> = servers
        .iter()
        .map(|s| {
            let mut v = json!({ "url": s.url });
            if let Some(d) = &s.description {
                v["description"] = json!(d);
            }
            v
        })
        .collect();
    let mut paths = Map::new();
    for e in &api.endpoints {
        let item = paths
            .entry(e.path.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        item[e.method.as_str().to_ascii_lowercase()] = operation(e);
    }
    let mut schemas: Map<String, Value> = api
        .types
        .iter()
        .map(|t| (t.rust.clone(), type_schema(t)))
        .collect();
    for e in &api.endpoints {
        for (name, one_of) in response_groups(e).combined {
            schemas.insert(name, one_of);
        }
    }
    let mut security_schemes = Map::new();
    for s in &api.auth.schemes {
        if let Some(v) = security_scheme(&s.kind) {
            security_schemes.insert(s.wire.clone(), v);
        }
    }
    let security: Vec<Value> = api
        .auth
        .default
        .schemes
        .iter()
        .filter(|s| security_schemes.contains_key(*s))
        .map(|s| json!({ s: [] }))
        .collect();
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": api.title,
            "version": api.version,
            "description": api.description.clone().unwrap_or_default(),
        },
        "servers": servers,
        "security": security,
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": security_schemes,
        },
    })
}

fn operation(e: &EndpointItem) -> Value {
    let mut op = json!({
        "operationId": e.method_name,
        "summary": e.summary,
    });
    if let Some(d) = &e.description {
        op["description"] = json!(d);
    }
    let params: Vec<Value> = e
        .params
        .iter()
        .map(|p| {
            let mut v = json!({
                "name": p.wire,
                "in": p.location.as_str(),
                "required": p.required || p.location == ParamIn::Path,
                "schema": schema(&p.ty),
            });
            if let Some(d) = &p.doc {
                v["description"] = json!(d);
            }
            v
        })
        .collect();
    if !params.is_empty() {
        op["parameters"] = json!(params);
    }
    if let Some(b) = &e.body {
        op["requestBody"] = json!({
            "required": b.required,
            "content": { media_type(b.media, &b.content_type): { "schema": schema(&b.ty) } },
        });
    }
    let groups = response_groups(e);
    let mut responses = Map::new();
    for (r, combined) in e.responses.iter().zip(&groups.per_response) {
        let key = match r.status {
            Status::Code(c) => c.to_string(),
            Status::Range(class) => format!("{class}XX"),
            Status::Default => "default".to_owned(),
        };
        let mut v = json!({ "description": r.doc.clone().unwrap_or_else(|| key.clone()) });
        let media = media_type(r.media, &r.content_type);
        match (combined, &r.body) {
            (Some(name), _) => {
                let media = if r.body.is_some() {
                    media
                } else {
                    "application/json".to_owned()
                };
                let s = json!({ "$ref": format!("#/components/schemas/{name}") });
                v["content"] = json!({ media: { "schema": s } });
            }
            (None, Some(ty)) => v["content"] = json!({ media: { "schema": schema(ty) } }),
            (None, None) => {}
        }
        responses.insert(key, v);
    }
    op["responses"] = Value::Object(responses);
    op
}

/// How an operation's responses are grouped for progenitor (see [`document`]).
struct Groups {
    /// For each response, in order: the combined schema it refers to, if any.
    per_response: Vec<Option<String>>,
    /// The combined schemas: name and `oneOf`.
    combined: Vec<(String, Value)>,
}

fn response_groups(e: &EndpointItem) -> Groups {
    let base = e.request.strip_suffix("Request").unwrap_or(&e.request);
    let success = |s: Status| match s {
        Status::Code(c) => c < 400,
        Status::Range(class) => class < 4,
        Status::Default => true,
    };
    let failure = |s: Status| !success(s) || s == Status::Default;
    let has_default = e.responses.iter().any(|r| r.status == Status::Default);
    let distinct = |keep: &dyn Fn(Status) -> bool| {
        let mut seen: Vec<Option<&TypeRef>> = Vec::new();
        for r in e.responses.iter().filter(|r| keep(r.status)) {
            if !seen.contains(&r.body.as_ref()) {
                seen.push(r.body.as_ref());
            }
        }
        seen
    };
    let one_of = |types: Vec<Option<&TypeRef>>| {
        let members: Vec<Value> = types.into_iter().flatten().map(schema).collect();
        json!({ "oneOf": members })
    };
    let mut groups = Groups {
        per_response: vec![None; e.responses.len()],
        combined: Vec::new(),
    };
    let (ok, err) = (distinct(&success), distinct(&failure));
    if has_default && (ok.len() > 1 || err.len() > 1) {
        let name = format!("{base}Response");
        groups
            .combined
            .push((name.clone(), one_of(distinct(&|_| true))));
        groups.per_response.fill(Some(name));
        return groups;
    }
    for (types, keep, suffix) in [
        (ok, &success as &dyn Fn(Status) -> bool, "Success"),
        (err, &failure, "Failure"),
    ] {
        if types.len() > 1 {
            let name = format!("{base}{suffix}");
            groups.combined.push((name.clone(), one_of(types)));
            for (slot, r) in groups.per_response.iter_mut().zip(&e.responses) {
                if keep(r.status) {
                    *slot = Some(name.clone());
                }
            }
        }
    }
    groups
}

fn media_type(media: Media, declared: &str) -> String {
    match media {
        Media::Json if declared.is_empty() => "application/json".to_owned(),
        Media::Form if declared.is_empty() => "application/x-www-form-urlencoded".to_owned(),
        _ => declared.to_owned(),
    }
}

fn security_scheme(kind: &SchemeKind) -> Option<Value> {
    Some(match kind {
        SchemeKind::Bearer => json!({ "type": "http", "scheme": "bearer" }),
        SchemeKind::Basic => json!({ "type": "http", "scheme": "basic" }),
        SchemeKind::ApiKey { location, name, .. } => json!({
            "type": "apiKey",
            "name": name,
            "in": match location {
                KeyIn::Header => "header",
                KeyIn::Query => "query",
                KeyIn::Cookie => "cookie",
            },
        }),
        // Credentials in the body have no OpenAPI security scheme.
        SchemeKind::BodyFields { .. } | SchemeKind::AllOf(_) => return None,
    })
}

fn type_schema(t: &ir::TypeItem) -> Value {
    let mut v = match &t.kind {
        TypeKind::Struct(fields) => {
            let mut props = Map::new();
            let mut required = Vec::new();
            for f in fields {
                let mut s = schema(&f.ty);
                if f.nullable {
                    s = nullable(s);
                }
                props.insert(f.wire.clone(), s);
                if !f.optional {
                    required.push(f.wire.clone());
                }
            }
            let mut v = json!({ "type": "object", "properties": props });
            if !required.is_empty() {
                v["required"] = json!(required);
            }
            v
        }
        TypeKind::StringEnum(values) => json!({
            "type": "string",
            "enum": values.iter().map(|v| v.value.clone()).collect::<Vec<_>>(),
        }),
        TypeKind::IntEnum(values) => json!({
            "type": "integer",
            "format": "int64",
            "enum": values.iter().map(|v| v.value).collect::<Vec<_>>(),
        }),
        TypeKind::Alias(t) => schema(t),
        TypeKind::Union { tag, members } => {
            let one_of: Vec<Value> = members
                .iter()
                .filter_map(|m| m.ty.as_ref().map(schema))
                .collect();
            let mut v = json!({ "oneOf": one_of });
            if let Some(tag) = tag {
                v["discriminator"] = json!({ "propertyName": tag });
            }
            v
        }
    };
    if let (Some(d), Value::Object(o)) = (&t.doc, &mut v) {
        o.insert("description".to_owned(), json!(d));
    }
    v
}

/// A schema that also admits `null` (OpenAPI 3.0 style).
fn nullable(s: Value) -> Value {
    match s {
        Value::Object(mut o) if !o.contains_key("$ref") => {
            o.insert("nullable".to_owned(), json!(true));
            Value::Object(o)
        }
        other => json!({ "allOf": [other], "nullable": true }),
    }
}

fn schema(t: &TypeRef) -> Value {
    match t {
        TypeRef::Prim(p) => prim(*p),
        TypeRef::Named(n) => json!({ "$ref": format!("#/components/schemas/{n}") }),
        TypeRef::Array(inner) => json!({ "type": "array", "items": schema(inner) }),
        TypeRef::Map(inner) => json!({ "type": "object", "additionalProperties": schema(inner) }),
    }
}

fn prim(p: Prim) -> Value {
    match p {
        Prim::String => json!({ "type": "string" }),
        Prim::Bool => json!({ "type": "boolean" }),
        Prim::I32 => json!({ "type": "integer", "format": "int32" }),
        Prim::I64 => json!({ "type": "integer", "format": "int64" }),
        Prim::U32 => json!({ "type": "integer", "format": "uint32", "minimum": 0 }),
        Prim::U64 => json!({ "type": "integer", "format": "uint64", "minimum": 0 }),
        Prim::F32 => json!({ "type": "number", "format": "float" }),
        Prim::F64 => json!({ "type": "number", "format": "double" }),
        Prim::Json => json!({}),
        Prim::Bytes => json!({ "type": "string", "format": "binary" }),
        Prim::Date => json!({ "type": "string", "format": "date" }),
        Prim::DateTime => json!({ "type": "string", "format": "date-time" }),
    }
}
