//! A loopback server that follows a spec: it accepts a request only if the
//! spec's checked model says a server would (operation, path, required
//! parameters and their values, credentials, body shape), answers with a
//! body the spec declares, and notes every request a client should not have
//! sent (a resend of a call that may have had an effect).

use std::sync::{Arc, Mutex};

use codegen::ir::{
    Api, Constraints, EndpointItem, KeyIn, Media, ParamIn, Prim, ResponseItem, Scheme, SchemeKind,
    Status, TypeKind, TypeRef, find_type,
};
use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

/// How the server answers a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// With the endpoint's first success, leaving out every optional field.
    Minimal,
    /// With the endpoint's first success, every optional field present.
    Full,
    /// With the endpoint's first success, every field present and each
    /// nullable one null.
    Nulls,
    /// With this success status.
    Status(u16),
    /// First with this error status, then with the minimal success.
    ErrorFirst(u16),
}

/// What the server saw.
#[derive(Debug, Default)]
pub struct Seen {
    /// Requests received.
    pub requests: usize,
    /// What a server following the spec refuses, or a client following it
    /// would not do.
    pub violations: Vec<String>,
}

/// A [`Respond`] answering per `api`.
#[derive(Clone)]
pub struct SpecServer {
    api: Arc<Api>,
    answer: Answer,
    seen: Arc<Mutex<Seen>>,
}

impl SpecServer {
    /// A server for `api` answering as `answer` says.
    pub fn new(api: Api, answer: Answer) -> Self {
        SpecServer {
            api: Arc::new(api),
            answer,
            seen: Arc::default(),
        }
    }

    /// What it saw so far.
    pub fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn refuse(&self, status: u16, why: String) -> ResponseTemplate {
        self.seen().violations.push(why.clone());
        ResponseTemplate::new(status).set_body_json(json!({ "message": why }))
    }
}

impl Respond for SpecServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let attempt = {
            let mut seen = self.seen();
            seen.requests += 1;
            seen.requests
        };
        let method = request.method.as_str();
        let path = request.url.path();
        let Some(e) = self
            .api
            .endpoints
            .iter()
            .find(|e| e.method.as_str() == method && path_matches(&e.path, path))
        else {
            return self.refuse(404, format!("no operation {method} {path}"));
        };
        if let Err((status, why)) = check(&self.api, e, request) {
            return self.refuse(status, format!("{}: {why}", e.wire));
        }
        match self.answer {
            Answer::ErrorFirst(status) if attempt == 1 => {
                return ResponseTemplate::new(status)
                    .set_body_json(json!({ "message": "try again" }));
            }
            Answer::ErrorFirst(status) if !e.idempotent && !throttled(&self.api, status) => {
                return self.refuse(
                    409,
                    format!(
                        "{}: resent after {status}, which the spec does not declare as refused \
                         without effect, though the call is not idempotent",
                        e.wire
                    ),
                );
            }
            _ => {}
        }
        let response = match self.answer {
            Answer::Status(s) => e.successes().find(|r| r.status == Status::Code(s)),
            _ => e.successes().next(),
        };
        match response {
            Some(r) => answer(&self.api, r, self.answer),
            None => self.refuse(500, format!("{}: no such success response", e.wire)),
        }
    }
}

/// Whether the API's retry rules call `status` refused without effect.
fn throttled(api: &Api, status: u16) -> bool {
    api.retry
        .throttled
        .iter()
        .any(|c| c.status.is_some_and(|(lo, hi)| (lo..=hi).contains(&status)))
}

fn path_matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p)
}

/// The value of path parameter `name` in `path` per `template`.
fn path_value<'a>(template: &str, path: &'a str, name: &str) -> Option<&'a str> {
    let slot = format!("{{{name}}}");
    template
        .split('/')
        .zip(path.split('/'))
        .find(|(t, _)| *t == slot)
        .map(|(_, p)| p)
}

/// Whether a request is one the spec's server accepts: `Err((status, why))`.
fn check(api: &Api, e: &EndpointItem, r: &Request) -> Result<(), (u16, String)> {
    let query: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
    let header = |name: &str| r.headers.get(name).and_then(|v| v.to_str().ok());
    for (name, value) in &e.constant_headers {
        if header(name) != Some(value.as_str()) {
            return Err((400, format!("header `{name}` must be `{value}`")));
        }
    }
    let wanted = e.accept.split(';').next().unwrap_or_default().trim();
    let accepts = header("accept").unwrap_or("*/*");
    if !accepts.contains(wanted) && !accepts.contains("*/*") {
        return Err((406, format!("it answers only {wanted}, not {accepts}")));
    }
    for p in &e.params {
        let value = match p.location {
            ParamIn::Path => path_value(&e.path, r.url.path(), &p.wire).map(str::to_owned),
            ParamIn::Query => query
                .iter()
                .find(|(k, _)| *k == p.wire)
                .map(|(_, v)| v.clone()),
            ParamIn::Header => header(&p.wire).map(str::to_owned),
            ParamIn::Cookie => header("cookie").and_then(|c| {
                c.split("; ")
                    .find_map(|kv| kv.strip_prefix(&format!("{}=", p.wire)))
                    .map(str::to_owned)
            }),
        };
        match value {
            None if p.required => {
                return Err((400, format!("missing required parameter `{}`", p.wire)));
            }
            None => {}
            Some(v) => scalar(api, &p.ty, &v)
                .and_then(|()| within(&p.constraints, &Value::from(v.as_str()), "value"))
                .map_err(|why| (400, format!("parameter `{}`: {why}", p.wire)))?,
        }
    }
    let body: Option<Value> = if r.body.is_empty() {
        None
    } else {
        serde_json::from_slice(&r.body).ok()
    };
    let present = |s: &Scheme| {
        let auth = header("authorization").unwrap_or_default();
        match &s.kind {
            SchemeKind::Bearer => auth.starts_with("Bearer "),
            SchemeKind::Basic => auth.starts_with("Basic "),
            SchemeKind::ApiKey {
                location: KeyIn::Header,
                name,
                prefix,
            } => header(name).is_some_and(|v| v.starts_with(prefix.as_str())),
            SchemeKind::ApiKey {
                location: KeyIn::Query,
                name,
                ..
            } => query.iter().any(|(k, _)| k == name),
            SchemeKind::ApiKey {
                location: KeyIn::Cookie,
                name,
                ..
            } => header("cookie").is_some_and(|c| c.contains(&format!("{name}="))),
            SchemeKind::BodyFields { username, .. } => {
                body.as_ref().is_some_and(|b| b.get(username).is_some())
            }
            // Expanded into its parts by `sent`.
            SchemeKind::AllOf(_) => false,
        }
    };
    // A combined scheme is accepted when every part arrived.
    let accepted = e.auth.schemes.iter().any(|name| {
        let parts = api.auth.sent(name);
        !parts.is_empty() && parts.into_iter().all(present)
    });
    if !e.auth.schemes.is_empty() && !e.auth.optional && !accepted {
        return Err((401, "no credential it accepts".to_owned()));
    }
    match (&e.body, body) {
        (Some(b), None) if b.required && r.body.is_empty() => {
            Err((400, "missing request body".to_owned()))
        }
        (Some(b), None) if b.media == Media::Json && !r.body.is_empty() => {
            Err((400, "the body is not JSON".to_owned()))
        }
        (Some(b), Some(v)) if b.media == Media::Json => {
            valid(api, &b.ty, &v, "body").map_err(|why| (422, why))
        }
        _ => Ok(()),
    }
}

/// Whether the text of a parameter is a value of `ty`.
fn scalar(api: &Api, ty: &TypeRef, v: &str) -> Result<(), String> {
    let json = match ty {
        TypeRef::Prim(Prim::Bool) => v.parse::<bool>().map(Value::from).ok(),
        TypeRef::Prim(Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64) => {
            v.parse::<i64>().map(Value::from).ok()
        }
        TypeRef::Prim(Prim::F32 | Prim::F64) => v.parse::<f64>().ok().map(Value::from),
        _ => Some(Value::from(v)),
    };
    match json {
        Some(j) => valid(api, ty, &j, "value"),
        None => Err(format!("`{v}` is not a {ty:?}")),
    }
}

/// Whether `v` is a value of `ty`; unknown object keys are ignored, as
/// servers do.
fn valid(api: &Api, ty: &TypeRef, v: &Value, at: &str) -> Result<(), String> {
    let fits = match ty {
        TypeRef::Prim(p) => match p {
            Prim::String | Prim::Bytes | Prim::Date | Prim::DateTime => v.is_string(),
            Prim::Bool => v.is_boolean(),
            Prim::I32 => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            Prim::I64 => v.is_i64(),
            Prim::U32 => v.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
            Prim::U64 => v.is_u64(),
            Prim::F32 | Prim::F64 => v.is_number(),
            Prim::Json => true,
        },
        TypeRef::Array(inner) => {
            let items = v.as_array().ok_or(format!("{at}: not an array"))?;
            for (i, item) in items.iter().enumerate() {
                valid(api, inner, item, &format!("{at}[{i}]"))?;
            }
            true
        }
        TypeRef::Map(inner) => {
            let map = v.as_object().ok_or(format!("{at}: not an object"))?;
            for (k, item) in map {
                valid(api, inner, item, &format!("{at}.{k}"))?;
            }
            true
        }
        TypeRef::Named(n) => match find_type(&api.types, n).map(|t| &t.kind) {
            Some(TypeKind::Struct(fields)) => {
                let map = v.as_object().ok_or(format!("{at}: not an object"))?;
                for f in fields {
                    let here = format!("{at}.{}", f.wire);
                    match map.get(&f.wire) {
                        None if !f.optional => return Err(format!("{here}: missing")),
                        Some(Value::Null) if !f.nullable => return Err(format!("{here}: null")),
                        Some(Value::Null) | None => {}
                        Some(x) => {
                            valid(api, &f.ty, x, &here)?;
                            within(&f.constraints, x, &here)?;
                        }
                    }
                }
                true
            }
            Some(TypeKind::StringEnum(vs)) => vs.iter().any(|x| v.as_str() == Some(&x.value)),
            Some(TypeKind::IntEnum(vs)) => vs.iter().any(|x| v.as_i64() == Some(x.value)),
            Some(TypeKind::Alias(t)) => return valid(api, t, v, at),
            Some(TypeKind::Union { .. }) | None => true,
        },
    };
    if fits {
        Ok(())
    } else {
        Err(format!("{at}: {v} is not a {ty:?}"))
    }
}

/// Whether `v` keeps the limits `c` (lengths and bounds; a parameter's
/// number arrives as text and is read as one).
fn within(c: &Constraints, v: &Value, at: &str) -> Result<(), String> {
    let length = match v {
        Value::String(s) => Some(s.chars().count() as u64),
        Value::Array(a) => Some(a.len() as u64),
        _ => None,
    };
    let number = v
        .as_f64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()));
    let fails = length.is_some_and(|n| {
        c.min_length.is_some_and(|m| n < m) || c.max_length.is_some_and(|m| n > m)
    }) || number
        .is_some_and(|n| c.minimum.is_some_and(|m| n < m) || c.maximum.is_some_and(|m| n > m));
    if fails {
        Err(format!("{at}: {v} breaks the limits {:?}", c.describe()))
    } else {
        Ok(())
    }
}

/// The response `r` with a body of its type.
fn answer(api: &Api, r: &ResponseItem, how: Answer) -> ResponseTemplate {
    let status = match r.status {
        Status::Code(c) => c,
        Status::Range(n) => u16::from(n) * 100,
        Status::Default => 200,
    };
    let t = ResponseTemplate::new(status);
    match &r.body {
        Some(ty) => t.set_body_raw(
            serde_json::to_vec(&example(api, ty, how)).unwrap_or_default(),
            r.content_type.as_str(),
        ),
        None => t,
    }
}

/// A value of `ty`: required fields only (nullable ones null), every field
/// ([`Answer::Full`]), or every field with the nullable ones null
/// ([`Answer::Nulls`]); an enum's last value, the one most likely new.
fn example(api: &Api, ty: &TypeRef, how: Answer) -> Value {
    let every = matches!(how, Answer::Full | Answer::Nulls);
    match ty {
        TypeRef::Prim(p) => match p {
            Prim::String | Prim::Bytes => json!("x"),
            Prim::Bool => json!(true),
            Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64 => json!(7),
            Prim::F32 | Prim::F64 => json!(1.5),
            Prim::Json => json!({}),
            Prim::Date => json!("2026-01-01"),
            Prim::DateTime => json!("2026-01-01T00:00:00Z"),
        },
        TypeRef::Array(inner) => json!([example(api, inner, how)]),
        TypeRef::Map(_) => json!({}),
        TypeRef::Named(n) => match find_type(&api.types, n).map(|t| &t.kind) {
            Some(TypeKind::Struct(fields)) => Value::Object(
                fields
                    .iter()
                    .filter(|f| every || !f.optional)
                    .map(|f| {
                        let v = match &f.constant {
                            Some(c) => c.clone(),
                            None if f.nullable && how != Answer::Full => Value::Null,
                            None => example(api, &f.ty, how),
                        };
                        (f.wire.clone(), v)
                    })
                    .collect(),
            ),
            Some(TypeKind::StringEnum(vs)) => vs.last().map_or(json!("x"), |v| json!(v.value)),
            Some(TypeKind::IntEnum(vs)) => vs.last().map_or(json!(0), |v| json!(v.value)),
            Some(TypeKind::Alias(t)) => example(api, t, how),
            Some(TypeKind::Union { .. }) | None => json!({}),
        },
    }
}
