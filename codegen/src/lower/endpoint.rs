//! Endpoints: parameters, path templates, bodies and responses.

use std::collections::BTreeSet;

use super::wire::holds_secret;
use super::{ApiCx, Cx, Names};
use crate::ident::{self};
use crate::ir::{self, Prim, TypeRef};
use crate::spec::{self, Sp};

impl Cx<'_> {
    pub(super) fn endpoint(
        &mut self,
        cx: &mut ApiCx,
        methods: &mut Names,
        key: &Sp<String>,
        ep: &Sp<spec::Endpoint>,
    ) -> Option<ir::EndpointItem> {
        let method_name = match &ep.rust_name {
            Some(o) => self.override_name(o),
            None => {
                if ident::snake(&key.value).ok().as_deref() != Some(key.value.as_str()) {
                    let suggestion = ident::snake(&key.value).unwrap_or_default();
                    self.err(
                        key.pos,
                        format!("the endpoint name `{}` is not snake_case", key.value),
                    )
                    .help(format!(
                        "write `{suggestion}`, or keep it and add `rust_name: {suggestion}`"
                    ));
                }
                self.derive(&key.value, key.pos, "endpoint name", ident::snake)
            }
        };
        if let Err((p, prev)) =
            methods.claim(&method_name, key.pos, format!("endpoint `{}`", key.value))
        {
            let at = if p.line > 0 {
                format!(" (line {})", p.line)
            } else {
                String::new()
            };
            self.err(
                key.pos,
                format!(
                    "endpoint `{}` would be the method `{method_name}`, like {prev}{at}",
                    key.value
                ),
            )
            .help("rename the endpoint or add a `rust_name`");
            return None;
        }
        let camel = ident::upper_camel(ident::unraw(&method_name)).unwrap_or_default();
        let request = ident::request_type(&camel);
        let response = ident::response_type(&camel);
        let error = ident::error_type(&camel);
        for (rust, role) in [
            (&request, "request"),
            (&response, "response"),
            (&error, "error"),
        ] {
            self.claim_type(
                cx,
                rust,
                key.pos,
                format!("the {role} type of endpoint `{}`", key.value),
            );
        }
        let e = &ep.value;
        let method = e.method.value;

        // Parameters.
        let mut fields = Names::default();
        let mut params = Vec::new();
        for (loc, map) in [
            (ir::ParamIn::Path, &e.path_params),
            (ir::ParamIn::Query, &e.query),
            (ir::ParamIn::Header, &e.headers),
        ] {
            for (pkey, p) in map.iter() {
                if let Some(param) = self.param(cx, &mut fields, &camel, loc, pkey, p) {
                    params.push(param);
                }
            }
        }
        params.sort_by(|a, b| {
            (a.location, ident::unraw(&a.rust)).cmp(&(b.location, ident::unraw(&b.rust)))
        });
        self.check_path(e, &params);

        let body = e
            .body
            .as_ref()
            .and_then(|b| self.body(cx, &mut fields, &camel, key, method, b));

        // Responses.
        let mut responses = Vec::new();
        let mut variants = Names::default();
        for (skey, r) in e.responses.iter() {
            if let Some(resp) = self.response(cx, &mut variants, &camel, key, method, skey, r) {
                responses.push(resp);
            }
        }
        responses.sort_by_key(|r| r.status);
        if !responses.is_empty() && responses.iter().all(|r| r.error) {
            self.err(e.responses.iter().next().map(|(k, _)| k.pos).unwrap_or(ep.pos), format!("endpoint `{}` has no success response", key.value))
                .help("declare the status the server answers on success, e.g. `204: { description: Done }`");
        }
        if e.responses.is_empty() {
            self.err(
                ep.pos,
                format!("endpoint `{}` declares no responses", key.value),
            )
            .help("add `responses:` with at least the success status");
        }

        let idempotent = e.idempotent.unwrap_or(method.idempotent_by_default());
        let auth = match &e.auth {
            None => cx.auth.default.clone(),
            Some(a) => match &a.value {
                spec::EndpointAuth::One(n) => {
                    let one = [Sp {
                        value: n.clone(),
                        pos: a.pos,
                    }];
                    self.scheme_refs(&cx.auth.schemes, &one)
                }
                spec::EndpointAuth::AnyOf(list) => {
                    if list.is_empty() {
                        self.err(a.pos, "the list of auth schemes is empty")
                            .help("write `auth: none` for an endpoint without authentication");
                    }
                    self.scheme_refs(&cx.auth.schemes, list)
                }
            },
        };
        self.check_body_credentials(cx, &auth, body.as_ref(), key);
        let constant_headers = self.endpoint_headers(cx, e);
        let constant_query = self.constant_query(e);
        let accept = self.accept(e, &responses);
        let sensitive_bodies = body
            .iter()
            .map(|b| &b.ty)
            .chain(responses.iter().filter_map(|r| r.body.as_ref()))
            .any(|t| holds_secret(&cx.types, t))
            || auth.schemes.iter().any(|name| {
                cx.auth
                    .sent(name)
                    .iter()
                    .any(|s| matches!(s.kind, ir::SchemeKind::BodyFields { .. }))
            });
        Some(ir::EndpointItem {
            wire: key.value.clone(),
            method_name,
            method,
            path: e.path.value.clone(),
            summary: e.summary.clone(),
            description: e.description.clone(),
            idempotent,
            auth,
            accept,
            constant_headers,
            constant_query,
            sensitive_bodies,
            request,
            response,
            error_enum: error.clone(),
            error_enum_users: 1,
            defines_error_enum: true,
            error,
            params,
            body,
            responses,
        })
    }

    pub(super) fn param(
        &mut self,
        cx: &mut ApiCx,
        fields: &mut Names,
        endpoint_camel: &str,
        loc: ir::ParamIn,
        key: &Sp<String>,
        p: &Sp<spec::Param>,
    ) -> Option<ir::ParamItem> {
        let full = match &p.value {
            spec::Param::Expr(x) => spec::ParamFull {
                ty: Some(Sp {
                    value: x.clone(),
                    pos: p.pos,
                }),
                ..Default::default()
            },
            spec::Param::Full(f) => f.as_ref().clone(),
        };
        if loc == ir::ParamIn::Header {
            self.check_header_name(key);
            let lower = key.value.to_ascii_lowercase();
            if super::api::CLIENT_HEADERS.contains(&lower.as_str()) {
                self.err(key.pos, format!("the header `{}` is set by the client itself", key.value))
                    .help("authentication comes from `auth:`, media types from the body and responses; remove this parameter");
                return None;
            }
        }
        let rust = match &full.rust_name {
            Some(o) => self.override_name(o),
            None => self.derive(&key.value, key.pos, "parameter name", ident::snake),
        };
        if let Err((pp, prev)) = fields.claim(
            &rust,
            key.pos,
            format!("{} parameter `{}`", loc.as_str(), key.value),
        ) {
            self.err(
                key.pos,
                format!(
                    "{} parameter `{}` would be the field `{rust}`, like {prev} (line {})",
                    loc.as_str(),
                    key.value,
                    pp.line
                ),
            )
            .help("add a `rust_name` to one of them");
            return None;
        }
        let def = spec::TypeDef {
            rust_name: None,
            ..full.type_def()
        };
        let ty = self.inline_or_expr(
            cx,
            &def,
            p.pos,
            endpoint_camel,
            &key.value,
            &format!("{} parameter `{}`", loc.as_str(), key.value),
        )?;
        let list = matches!(&ty, TypeRef::Array(inner) if self.is_scalar(cx, inner));
        if !list && !self.is_scalar(cx, &ty) {
            self.err(
                p.pos,
                format!(
                    "the {} parameter `{}` is not a scalar or an array of scalars",
                    loc.as_str(),
                    key.value
                ),
            )
            .help("parameters are strings, booleans, numbers, enums, or arrays of those; objects and maps have no agreed form in a URL or header");
            return None;
        }
        let explode = match &full.explode {
            Some(e) if !(list && loc == ir::ParamIn::Query) => {
                self.err(e.pos, "`explode` applies to array query parameters only")
                    .help("remove it: it says how an array query parameter's values are sent (path and header arrays are always comma-separated)");
                true
            }
            Some(e) => e.value,
            None => true,
        };
        let required = loc == ir::ParamIn::Path || full.required;
        let written = super::constraints::Written {
            pattern: &full.pattern,
            min_length: &full.min_length,
            max_length: &full.max_length,
            minimum: &full.minimum,
            maximum: &full.maximum,
        };
        let what = format!("the {} parameter `{}`", loc.as_str(), key.value);
        let constraints = self.constraints(&cx.types, &ty, &written, &what);
        Some(ir::ParamItem {
            constraints,
            wire: key.value.clone(),
            rust,
            location: loc,
            ty,
            required,
            sensitive: full.sensitive,
            explode,
            doc: def.description.clone(),
        })
    }

    /// Fixed query parameters: a name no query parameter also has.
    fn constant_query(&mut self, e: &spec::Endpoint) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (name, value) in e.constant_query.iter() {
            if name.value.is_empty() {
                self.err(name.pos, "a query parameter needs a name")
                    .help("write `constant_query: { name: value }`");
                continue;
            }
            if e.query.iter().any(|(q, _)| q.value == name.value) {
                self.err(
                    name.pos,
                    format!(
                        "`{}` is both a fixed and a settable query parameter",
                        name.value
                    ),
                )
                .help("keep one of them");
                continue;
            }
            out.push((name.value.clone(), value.value.clone()));
        }
        out
    }

    pub(super) fn is_scalar(&self, cx: &ApiCx, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Prim(Prim::Json | Prim::Bytes) | TypeRef::Array(_) | TypeRef::Map(_) => false,
            TypeRef::Prim(_) => true,
            TypeRef::Named(n) => match cx.types.kind(n) {
                Some(ir::TypeKind::StringEnum(_) | ir::TypeKind::IntEnum(_)) => true,
                Some(ir::TypeKind::Alias(inner)) => self.is_scalar(cx, inner),
                // Named types not lowered yet (errors elsewhere) are given the benefit of the doubt.
                None => true,
                Some(ir::TypeKind::Struct(_) | ir::TypeKind::Union { .. }) => false,
            },
        }
    }

    pub(super) fn check_header_name(&mut self, name: &Sp<String>) {
        let ok = !name.value.is_empty()
            && name
                .value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !ok {
            self.err(
                name.pos,
                format!("`{}` is not a valid HTTP header name", name.value),
            )
            .help("header names are letters, digits and `-` (no spaces or colons)");
        }
    }

    pub(super) fn check_path(&mut self, e: &spec::Endpoint, params: &[ir::ParamItem]) {
        let path = &e.path;
        if !path.value.starts_with('/') {
            self.err(
                path.pos,
                format!("the path `{}` does not start with `/`", path.value),
            )
            .help(format!("write `/{}`", path.value));
        }
        if path.value.contains(['?', '#']) {
            self.err(
                path.pos,
                format!("the path `{}` has a query or fragment", path.value),
            )
            .help("declare query parameters under `query:` instead");
        }
        let mut in_path = BTreeSet::new();
        let mut rest = path.value.as_str();
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                self.err(
                    path.pos,
                    format!("the path `{}` has a `}}` without `{{`", path.value),
                )
                .help("parameters are written `{name}`");
                return;
            }
            let Some(close) = rest[open..].find('}') else {
                self.err(
                    path.pos,
                    format!("the path `{}` has a `{{` that is never closed", path.value),
                )
                .help("parameters are written `{name}`");
                return;
            };
            let name = &rest[open + 1..open + close];
            if name.is_empty() || name.contains('{') {
                self.err(
                    path.pos,
                    format!(
                        "the path `{}` has a malformed parameter `{{{name}}}`",
                        path.value
                    ),
                )
                .help("parameters are written `{name}`");
                return;
            }
            in_path.insert(name.to_owned());
            rest = &rest[open + close + 1..];
        }
        for name in &in_path {
            if !params
                .iter()
                .any(|p| p.location == ir::ParamIn::Path && &p.wire == name)
            {
                self.err(
                    path.pos,
                    format!(
                        "the path uses `{{{name}}}` but no path parameter `{name}` is declared"
                    ),
                )
                .help(format!("declare it: `path_params: {{ {name}: string }}`"));
            }
        }
        for (k, _) in e.path_params.iter() {
            if !in_path.contains(&k.value) {
                self.err(
                    k.pos,
                    format!(
                        "the path parameter `{}` does not appear in the path `{}`",
                        k.value, path.value
                    ),
                )
                .help(format!(
                    "add `{{{}}}` to the path, or remove the parameter",
                    k.value
                ));
            }
        }
    }
}
