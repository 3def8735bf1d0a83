//! How an endpoint goes on the wire: its body and media types, the `Accept`
//! it sends, its constant headers, the credentials it takes, and whether its
//! bodies can hold secrets.

use super::{ApiCx, Cx, Names, reach};
use crate::ir::{self, Media, Prim, TypeKind, TypeRef};
use crate::spec::{self, Method, Sp};

/// The media type a body has unless the spec says otherwise.
const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

impl Cx<'_> {
    pub(super) fn body(
        &mut self,
        cx: &mut ApiCx,
        fields: &mut Names,
        camel: &str,
        key: &Sp<String>,
        method: Method,
        b: &Sp<spec::Body>,
    ) -> Option<ir::BodyItem> {
        if matches!(method, Method::Get | Method::Head) {
            self.err(
                b.pos,
                format!("a {} request cannot have a body", method.as_str()),
            )
            .help("remove `body`, or send the data as query parameters");
            return None;
        }
        if let Err((_, prev)) = fields.claim("body", b.pos, "the body".to_owned()) {
            self.err(
                b.pos,
                format!("the request type already has a field `body`, from {prev}"),
            )
            .help("give that parameter a `rust_name`");
        }
        let (def, required, content_type) = match &b.value {
            spec::Body::Expr(x) => (
                spec::TypeDef {
                    ty: Some(Sp {
                        value: x.clone(),
                        pos: b.pos,
                    }),
                    ..Default::default()
                },
                true,
                None,
            ),
            spec::Body::Full(f) => (f.type_def(), !f.optional, f.content_type.clone()),
        };
        let (media, content_type) = self.media(content_type.as_ref(), true);
        let deep = match &b.value {
            spec::Body::Full(f) => self.body_style(f.style.as_ref(), media),
            spec::Body::Expr(_) => false,
        };
        let ty = self.inline_or_expr(
            cx,
            &def,
            b.pos,
            camel,
            "body",
            &format!("{}.body", key.value),
        )?;
        if deep {
            if let Some(problem) = self.deep_form_problem(cx, &ty) {
                self.err(b.pos, problem)
                    .help("a deep-object form body is an object; its values may nest, but `bytes` has no form");
            }
        } else {
            self.check_media(cx, media, &content_type, &ty, b.pos);
        }
        let parts = match (media, resolve(&cx.types, &ty)) {
            (Media::Multipart, TypeRef::Named(n)) => {
                cx.field_order.get(n).cloned().unwrap_or_default()
            }
            _ => Vec::new(),
        };
        Some(ir::BodyItem {
            parts,
            deep,
            ty,
            required,
            media,
            content_type,
            doc: def.description.clone(),
        })
    }

    /// Classifies a declared media type (JSON when none is declared).
    pub(super) fn media(&mut self, ct: Option<&Sp<String>>, request: bool) -> (Media, String) {
        let Some(ct) = ct else {
            return (Media::Json, JSON.to_owned());
        };
        let text = ct.value.trim().to_owned();
        let essence = essence(&text);
        if !well_formed_media(&text, false) {
            self.err(ct.pos, format!("`{}` is not a media type", ct.value))
                .help("write `type/subtype`, e.g. `application/json` or `text/plain`");
            return (Media::Json, JSON.to_owned());
        }
        let media = if is_json(&essence) {
            Media::Json
        } else if request && essence == FORM {
            Media::Form
        } else if request && essence == "multipart/form-data" {
            Media::Multipart
        } else if essence.starts_with("multipart/") {
            self.err(ct.pos, format!("bodies of type `{text}` are not supported"))
                .help(if request {
                    "a request body is JSON, a form, `multipart/form-data`, text or bytes"
                } else {
                    "a response body is JSON, text or bytes"
                });
            Media::Json
        } else if is_text(&essence, request) {
            Media::Text
        } else {
            Media::Bytes
        };
        (media, text)
    }

    /// The body's type must fit how its media type is encoded.
    pub(super) fn check_media(
        &mut self,
        cx: &ApiCx,
        media: Media,
        content_type: &str,
        ty: &TypeRef,
        pos: spec::Pos,
    ) {
        let resolved = resolve(&cx.types, ty);
        let problem = match media {
            Media::Json if uses_bytes(&cx.types, ty) => {
                Some("`bytes` cannot be part of a JSON body".to_owned())
            }
            Media::Json => None,
            Media::Text if resolved != &TypeRef::Prim(Prim::String) => Some(format!(
                "a `{content_type}` body is text, so its type must be `string`"
            )),
            Media::Bytes if resolved != &TypeRef::Prim(Prim::Bytes) => Some(format!(
                "a body of type `{content_type}` is neither JSON nor text, so it must be `bytes`"
            )),
            Media::Text | Media::Bytes => None,
            Media::Form => self.form_problem(cx, resolved),
            Media::Multipart => match resolved {
                TypeRef::Named(n) if matches!(cx.types.kind(n), Some(TypeKind::Struct(_))) => None,
                _ => Some("a multipart body must be an object: each field is a part".to_owned()),
            },
        };
        if let Some(problem) = problem {
            let help = match media {
                Media::Multipart => {
                    "declare an `object` whose fields are the parts; `bytes` fields are files"
                }
                Media::Form => {
                    "a form body is an object whose fields are strings, numbers, booleans, enums or arrays of those"
                }
                Media::Json => {
                    "a raw body declares its media type: `{ body: bytes, content_type: application/octet-stream }`"
                }
                _ => {
                    "declare the body as `string` (text/*), `bytes` (other non-JSON types), or give a JSON `content_type`"
                }
            };
            self.err(pos, problem).help(help);
        }
    }

    fn form_problem(&self, cx: &ApiCx, ty: &TypeRef) -> Option<String> {
        let TypeRef::Named(n) = ty else {
            return Some("a form body must be an object".to_owned());
        };
        let Some(TypeKind::Struct(fields)) = cx.types.kind(n) else {
            return Some(format!("the form body `{n}` is not an object"));
        };
        fields.iter().find_map(|f| {
            let inner = match resolve(&cx.types, &f.ty) {
                TypeRef::Array(item) => resolve(&cx.types, item),
                other => other,
            };
            (!self.is_scalar(cx, inner)).then(|| {
                format!(
                    "the form field `{}` is not a scalar or an array of scalars",
                    f.wire
                )
            })
        })
    }

    /// Whether a body declares `style: deep_object`, which only a form can.
    fn body_style(&mut self, style: Option<&Sp<String>>, media: Media) -> bool {
        let Some(s) = style else {
            return false;
        };
        if s.value != "deep_object" {
            self.err(s.pos, format!("unknown body style `{}`", s.value))
                .help("the one body style is `deep_object`, for form bodies with nested objects");
            return false;
        }
        if media != Media::Form {
            self.err(s.pos, "`style` applies to form bodies only").help(
                "remove it, or make the body `content_type: application/x-www-form-urlencoded`",
            );
            return false;
        }
        true
    }

    /// What keeps a type from being a deep-object form body: it must be an
    /// object, holding no `bytes`.
    fn deep_form_problem(&self, cx: &ApiCx, ty: &TypeRef) -> Option<String> {
        let resolved = resolve(&cx.types, ty);
        let TypeRef::Named(n) = resolved else {
            return Some("a form body must be an object".to_owned());
        };
        if !matches!(cx.types.kind(n), Some(TypeKind::Struct(_))) {
            return Some(format!("the form body `{n}` is not an object"));
        }
        uses_bytes(&cx.types, ty).then(|| "`bytes` cannot be part of a form body".to_owned())
    }

    /// Credentials sent as body fields need a body to go into.
    pub(super) fn check_body_credentials(
        &mut self,
        cx: &ApiCx,
        auth: &ir::EndpointAuth,
        body: Option<&ir::BodyItem>,
        key: &Sp<String>,
    ) {
        for name in &auth.schemes {
            let sent = cx.auth.sent(name);
            if !sent
                .iter()
                .any(|s| matches!(s.kind, ir::SchemeKind::BodyFields { .. }))
            {
                continue;
            }
            let fits = body.is_some_and(|b| {
                b.required
                    && (b.media == Media::Form
                        || b.media == Media::Multipart
                        || matches!(resolve(&cx.types, &b.ty), TypeRef::Named(n)
                            if matches!(cx.types.kind(n), Some(TypeKind::Struct(_)))))
            });
            if !fits {
                self.err(key.pos, format!("endpoint `{}` may authenticate with `{name}`, which sends credentials as body fields, but it has no required form or JSON object body", key.value))
                    .help("declare the request body (e.g. `content_type: application/x-www-form-urlencoded` with an `object`), or choose another scheme with `auth:`");
            }
        }
    }

    /// The API's constant headers overlaid with the endpoint's, sorted by name.
    /// A constant header cannot also be a parameter or carry a credential.
    pub(super) fn endpoint_headers(
        &mut self,
        cx: &ApiCx,
        e: &spec::Endpoint,
    ) -> Vec<(String, String)> {
        let own = self.constant_headers(&e.constant_headers);
        for (key, _) in e.constant_headers.iter() {
            let credential = cx.auth.schemes.iter().find(|s| {
                matches!(&s.kind, ir::SchemeKind::ApiKey { location: ir::KeyIn::Header, name, .. }
                    if name.eq_ignore_ascii_case(&key.value))
            });
            if let Some(s) = credential {
                self.err(
                    key.pos,
                    format!(
                        "the header `{}` carries the credential of scheme `{}`",
                        key.value, s.wire
                    ),
                )
                .help("remove it from `constant_headers`");
            }
        }
        let mut out: Vec<(String, String)> = cx
            .constant_headers
            .iter()
            .filter(|(n, _)| !own.iter().any(|(o, _)| o.eq_ignore_ascii_case(n)))
            .cloned()
            .chain(own.iter().cloned())
            .collect();
        for (key, _) in e.headers.iter() {
            if out.iter().any(|(n, _)| n.eq_ignore_ascii_case(&key.value)) {
                self.err(key.pos, format!("the header `{}` is a constant header of this endpoint or API", key.value))
                    .help("a constant header is always sent with its fixed value; remove the parameter or the constant");
            }
        }
        out.sort_by_key(|(n, _)| n.to_ascii_lowercase());
        out
    }

    /// The declared `Accept`, or the media types of the declared response
    /// bodies (successes first), or JSON.
    pub(super) fn accept(&mut self, e: &spec::Endpoint, responses: &[ir::ResponseItem]) -> String {
        if let Some(a) = &e.accept {
            let ok = !a.value.trim().is_empty()
                && !a.value.bytes().any(|b| b.is_ascii_control())
                && a.value.split(',').all(|part| essence(part).contains('/'));
            if !ok {
                self.err(a.pos, format!("`{}` is not a valid Accept value", a.value))
                    .help(
                        "list media types separated by commas, e.g. `application/vnd.github+json`",
                    );
            }
            return a.value.trim().to_owned();
        }
        let mut types: Vec<&str> = Vec::new();
        let ordered = responses
            .iter()
            .filter(|r| !r.error)
            .chain(responses.iter().filter(|r| r.error));
        for r in ordered.filter(|r| r.body.is_some()) {
            if !types.contains(&r.content_type.as_str()) {
                types.push(&r.content_type);
            }
        }
        if types.is_empty() {
            JSON.to_owned()
        } else {
            types.join(", ")
        }
    }
}

impl Cx<'_> {
    /// `bytes` has no JSON form: an object field may be `bytes` or
    /// `array<bytes>` (a multipart body's files, also through an alias), and
    /// no other field may reach `bytes`. Bodies refuse objects with files
    /// unless they are multipart.
    pub(super) fn check_bytes_fields(&mut self, types: &super::Types) {
        // Which types hold `bytes`, found once for all fields.
        let holders = reach::holders(
            types,
            |t| match &t.kind {
                TypeKind::Alias(target) => *ir::innermost(target) == TypeRef::Prim(Prim::Bytes),
                TypeKind::Struct(fields) => fields
                    .iter()
                    .any(|f| *ir::innermost(&f.ty) == TypeRef::Prim(Prim::Bytes)),
                _ => false,
            },
            true,
        );
        let holds_bytes = |ty: &TypeRef| match ir::innermost(ty) {
            TypeRef::Prim(p) => *p == Prim::Bytes,
            TypeRef::Named(n) => types.position(n).is_some_and(|i| holders[i]),
            _ => false,
        };
        for t in types.iter() {
            let TypeKind::Struct(fields) = &t.kind else {
                continue;
            };
            for f in fields {
                let file = super::types::is_file(resolve(types, &f.ty))
                    || matches!(resolve(types, &f.ty), TypeRef::Array(item)
                        if *resolve(types, item) == TypeRef::Prim(Prim::Bytes));
                if holds_bytes(&f.ty) && !file {
                    self.err(
                        spec::Pos::default(),
                        format!("the field `{}.{}` holds `bytes` inside another type, which no body can send", t.origin, f.wire),
                    )
                    .help("a `bytes` field (or `array<bytes>`) is a file of a multipart body; use `string` (e.g. for base64 text) elsewhere");
                }
            }
        }
    }
}

/// `type/subtype` in lower case, without parameters.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json(essence: &str) -> bool {
    essence == JSON || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Follows aliases to the type they stand for.
fn resolve<'a>(types: &'a super::Types, ty: &'a TypeRef) -> &'a TypeRef {
    let mut current = ty;
    for _ in 0..types.len() + 1 {
        let TypeRef::Named(n) = current else { break };
        match types.kind(n) {
            Some(TypeKind::Alias(target)) => current = target,
            _ => break,
        }
    }
    current
}

/// Whether a value of `ty` can hold `bytes`, which has no JSON form.
pub(super) fn uses_bytes(types: &super::Types, ty: &TypeRef) -> bool {
    types.holds(ty, reach::What::Bytes)
}

/// Whether a value of this type can hold a field marked `sensitive`.
pub(super) fn holds_secret(types: &super::Types, ty: &TypeRef) -> bool {
    types.holds(ty, reach::What::Secret)
}

/// Whether `text` is a media type (`type/subtype`, parameters after `;`),
/// or with `ranges` also a media range (`image/*`, `*/*`).
pub(crate) fn well_formed_media(text: &str, ranges: bool) -> bool {
    let essence = essence(text.trim());
    essence.split_once('/').is_some_and(|(t, s)| {
        is_token(t) && is_token(s) && (ranges || (!t.contains('*') && !s.contains('*')))
    }) && !text.bytes().any(|b| b.is_ascii_control())
}

/// Whether a body of this media type is text: `text/*`, and for a request
/// also XML (`application/xml`, any `+xml`), which is written as a string.
fn is_text(essence: &str, request: bool) -> bool {
    essence.starts_with("text/")
        || (request && (essence == "application/xml" || essence.ends_with("+xml")))
}
