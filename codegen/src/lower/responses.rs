//! One declared response: its status, variant, body and media type, the
//! rules that read it (wait field, message, errors in successes), and the
//! headers it carries.

use super::pointer;
use super::{ApiCx, Cx, Names};
use crate::ident::{self};
use crate::ir;
use crate::spec::{self, Method, Sp};

impl Cx<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn response(
        &mut self,
        cx: &mut ApiCx,
        variants: &mut Names,
        endpoint_camel: &str,
        endpoint_key: &Sp<String>,
        method: Method,
        skey: &Sp<String>,
        r: &Sp<spec::Response>,
    ) -> Option<ir::ResponseItem> {
        let status = match parse_status(&skey.value) {
            Some(status) => status,
            None => {
                self.err(skey.pos, format!("`{}` is not a status code", skey.value))
                    .help("use a code from 100 to 599, a class from `1XX` to `5XX`, or `default` for every status not listed");
                return None;
            }
        };
        let full = match &r.value {
            spec::Response::Expr(x) => spec::ResponseFull {
                body: Some(Sp {
                    value: spec::SchemaRef::Expr(x.clone()),
                    pos: r.pos,
                }),
                ..Default::default()
            },
            spec::Response::Full(f) => f.as_ref().clone(),
            spec::Response::Empty => spec::ResponseFull::default(),
        };
        let error = full.error.unwrap_or(status.is_error_by_default());
        let variant = match &full.rust_name {
            Some(o) => self.override_name(o),
            None => ident::status_variant(status),
        };
        // Success and error variants live in different enums.
        let ns = if error { "e:" } else { "s:" };
        if let Err((_, prev)) = variants.claim(
            &format!("{ns}{variant}"),
            skey.pos,
            format!("response `{}`", skey.value),
        ) {
            self.err(
                skey.pos,
                format!(
                    "response `{}` would be the variant `{variant}`, like {prev}",
                    skey.value
                ),
            )
            .help("give one of them a `rust_name`");
            return None;
        }
        let no_body_allowed = method == Method::Head
            || matches!(
                status,
                ir::Status::Code(100..=199 | 204 | 205 | 304) | ir::Status::Range(1)
            );
        let body = match &full.body {
            Some(b) if no_body_allowed => {
                let why = if method == Method::Head {
                    "a response to HEAD".to_owned()
                } else {
                    format!("status {}", skey.value)
                };
                self.err(b.pos, format!("{why} cannot have a body"))
                    .help("remove `body`, or use a status that carries one (e.g. 200)");
                None
            }
            Some(b) => {
                let role = format!("{variant}Body");
                let origin = format!("{}.responses.{}", endpoint_key.value, skey.value);
                Some(self.schema_ref(cx, b, endpoint_camel, &role, &origin)?)
            }
            None => None,
        };
        if let Some(f) = &full.retry_after_field {
            match &body {
                None => {
                    self.err(
                        f.pos,
                        "`retry_after_field` names a body field, but this response has no body",
                    )
                    .help("declare the response's `body`, or remove `retry_after_field`");
                }
                Some(ty) => {
                    let segments = [pointer::Segment::Key(f.value.clone())];
                    self.check_pointer(
                        &cx.types,
                        ty,
                        f,
                        &segments,
                        pointer::Want::Number,
                        "`retry_after_field`",
                    );
                }
            }
        }
        let error_message = full.error_message.as_ref().map(|written| {
            let parsed = self.pointers(written);
            if let Some(ty) = &body {
                for (p, segments) in &parsed {
                    self.check_pointer(
                        &cx.types,
                        ty,
                        p,
                        segments,
                        pointer::Want::Text,
                        "the message path",
                    );
                }
            }
            parsed.into_iter().map(|(p, _)| p.value).collect()
        });
        let (media, content_type) = self.media(full.content_type.as_ref(), false);
        if let (Some(b), Some(ty)) = (&full.body, &body) {
            self.check_media(cx, media, &content_type, ty, b.pos);
        } else if let Some(ct) = &full.content_type
            && body.is_none()
        {
            self.err(ct.pos, "`content_type` describes a body, but this response declares none")
                .help("declare the `body` (`string` for text, `bytes` for other non-JSON media types), or remove `content_type`");
        }
        let error_when = self.error_when(cx, &full.error_when, error, body.as_ref(), media, skey);
        let error_variant = if error_when.is_empty() {
            None
        } else {
            let name = ident::error_in_success_variant(&variant);
            match variants.claim(
                &format!("e:{name}"),
                skey.pos,
                format!("response `{}` as an error", skey.value),
            ) {
                Ok(()) => Some(name),
                Err((_, prev)) => {
                    self.err(
                        skey.pos,
                        format!(
                            "response `{}` as an error would be the variant `{name}`, like {prev}",
                            skey.value
                        ),
                    )
                    .help("give one of them a `rust_name`");
                    None
                }
            }
        };
        let headers = full
            .headers
            .as_ref()
            .and_then(|h| self.response_headers(cx, endpoint_camel, &variant, skey, h));
        Some(ir::ResponseItem {
            headers,
            status,
            variant,
            error,
            body,
            media,
            content_type,
            doc: full.description.clone(),
            retry_after_field: full.retry_after_field.as_ref().map(|f| f.value.clone()),
            error_message,
            error_when,
            error_variant,
        })
    }
}

impl Cx<'_> {
    /// The headers a response declares: each a scalar or an enum, under a
    /// Rust field name unique in its struct, `<Endpoint><Variant>Headers`.
    fn response_headers(
        &mut self,
        cx: &mut ApiCx,
        endpoint_camel: &str,
        variant: &str,
        skey: &Sp<String>,
        declared: &spec::NamedMap<Sp<spec::Header>>,
    ) -> Option<ir::ResponseHeaders> {
        if declared.is_empty() {
            return None;
        }
        let rust = ident::response_headers_type(endpoint_camel, variant);
        self.claim_type(
            cx,
            &rust,
            skey.pos,
            format!("the headers of response `{}`", skey.value),
        );
        let mut fields = Names::default();
        let mut items = Vec::new();
        for (key, h) in declared.iter() {
            self.check_header_name(key);
            let full = match &h.value {
                spec::Header::Expr(x) => spec::HeaderFull {
                    ty: Some(Sp {
                        value: x.clone(),
                        pos: h.pos,
                    }),
                    ..Default::default()
                },
                spec::Header::Full(f) => f.as_ref().clone(),
            };
            let field = match &full.rust_name {
                Some(o) => self.override_name(o),
                None => self.derive(&key.value, key.pos, "header name", ident::snake),
            };
            if let Err((_, prev)) = fields.claim(&field, key.pos, format!("header `{}`", key.value))
            {
                self.err(
                    key.pos,
                    format!(
                        "header `{}` would be the field `{field}`, like {prev}",
                        key.value
                    ),
                )
                .help("add a `rust_name` to one of them");
                continue;
            }
            let def = spec::TypeDef {
                rust_name: None,
                ..full.type_def()
            };
            let what = format!("the header `{}`", key.value);
            let Some(ty) = self.inline_or_expr(cx, &def, h.pos, &rust, &key.value, &what) else {
                continue;
            };
            if !self.is_scalar(cx, &ty) {
                self.err(h.pos, format!("{what} is not a scalar"))
                    .help("a header is a string, boolean, number, date or enum");
                continue;
            }
            items.push(ir::HeaderItem {
                wire: key.value.clone(),
                rust: field,
                ty,
                sensitive: full.sensitive,
                doc: def.description.clone(),
            });
        }
        items.sort_by(|a, b| a.rust.cmp(&b.rust));
        Some(ir::ResponseHeaders {
            rust,
            fields: items,
        })
    }
}

/// `404`, `4XX` (or `4xx`), `default`.
pub(super) fn parse_status(text: &str) -> Option<ir::Status> {
    if text == "default" {
        return Some(ir::Status::Default);
    }
    if let Some(class) = text.strip_suffix("XX").or_else(|| text.strip_suffix("xx")) {
        return match class.parse::<u8>() {
            Ok(c @ 1..=5) => Some(ir::Status::Range(c)),
            _ => None,
        };
    }
    match text.parse::<u16>() {
        Ok(code @ 100..=599) => Some(ir::Status::Code(code)),
        _ => None,
    }
}
