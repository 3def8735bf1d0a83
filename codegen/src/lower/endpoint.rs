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
            (ir::ParamIn::Cookie, &e.cookies),
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
            group: self.group(e),
            gate: ir::Gate::Always,
            error_enum_gate: ir::Gate::Always,
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
        if loc == ir::ParamIn::Cookie && !super::api::is_token(&key.value) {
            self.err(
                key.pos,
                format!("`{}` is not a valid cookie name", key.value),
            )
            .help("cookie names are letters, digits and `-`, `_`, `.` (no spaces, `=` or `;`)");
            return None;
        }
        let credential = cx.auth.schemes.iter().find(|s| {
            matches!(&s.kind, ir::SchemeKind::ApiKey { location: ir::KeyIn::Cookie, name, .. } if name == &key.value)
        });
        if let (ir::ParamIn::Cookie, Some(s)) = (loc, credential) {
            self.err(
                key.pos,
                format!(
                    "the cookie `{}` carries the credential of scheme `{}`",
                    key.value, s.wire
                ),
            )
            .help("remove the parameter: the credential comes from `auth`");
            return None;
        }
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
        let json = self.param_json(&full, loc, &ty, cx);
        let list = !json
            && loc != ir::ParamIn::Cookie
            && matches!(&ty, TypeRef::Array(inner) if self.is_scalar(cx, inner));
        let object = !json && loc == ir::ParamIn::Query && !list && self.is_query_object(cx, &ty);
        if !json && !list && !object && !self.is_scalar(cx, &ty) {
            let (what, help) = match loc {
                ir::ParamIn::Query => (
                    "a scalar, an array of scalars, or an object or map of those",
                    "objects may nest with `style: deep_object`, but not without end (a recursive type) and not in arrays of arrays",
                ),
                ir::ParamIn::Cookie => {
                    ("a scalar", "a cookie is a string, boolean, number or enum")
                }
                ir::ParamIn::Path | ir::ParamIn::Header => (
                    "a scalar or an array of scalars",
                    "parameters are strings, booleans, numbers, enums, or arrays of those; objects and maps have no agreed form in a path or header",
                ),
            };
            self.err(
                p.pos,
                format!(
                    "the {} parameter `{}` is not {what}",
                    loc.as_str(),
                    key.value
                ),
            )
            .help(help);
            return None;
        }
        // A JSON parameter's `style` and `explode` are refused above.
        let style = if json {
            ir::ParamStyle::Form
        } else {
            self.param_style(full.style.as_ref(), loc, list, object)
        };
        if object && style != ir::ParamStyle::DeepObject && self.nests(cx, &ty) {
            self.err(
                p.pos,
                format!("the query parameter `{}` holds nested objects, which only `style: deep_object` can send", key.value),
            )
            .help("add `style: deep_object` (`name[field][inner]=value`), or flatten the object");
        }
        if object
            && style == ir::ParamStyle::Form
            && full.explode.as_ref().is_some_and(|e| !e.value)
            && self.holds_arrays(cx, &ty)
        {
            self.err(
                p.pos,
                format!("the query parameter `{}` holds arrays, which `explode: false` cannot join into one value", key.value),
            )
            .help("remove `explode: false` (each field becomes a parameter of its own), or use `style: deep_object`");
        }
        if object && full.sensitive {
            self.err(p.pos, "`sensitive` applies to scalar and array parameters")
                .help("mark the object's fields `sensitive` instead");
        }
        let explode = match &full.explode {
            Some(_) if json => true,
            Some(e) if !((list || object) && loc == ir::ParamIn::Query) => {
                self.err(e.pos, "`explode` applies to array, object and map query parameters only")
                    .help("remove it: it says how a query parameter holding several values is sent (path and header arrays are always comma-separated)");
                true
            }
            Some(e) if style != ir::ParamStyle::Form => {
                self.err(
                    e.pos,
                    format!(
                        "`explode` goes with `style: form`, not `{}`",
                        style.as_str()
                    ),
                )
                .help("remove `explode`: the style says how the values are sent");
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
            style,
            json,
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

    /// Whether the parameter is sent as JSON text: `content_type` names a
    /// JSON media type, in the query or a header, on a type without `bytes`.
    fn param_json(
        &mut self,
        full: &spec::ParamFull,
        loc: ir::ParamIn,
        ty: &TypeRef,
        cx: &ApiCx,
    ) -> bool {
        let Some(ct) = &full.content_type else {
            return false;
        };
        let essence = ct
            .value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let is_json = essence == "application/json"
            || (essence.starts_with("application/") && essence.ends_with("+json"));
        if !is_json {
            self.err(ct.pos, format!("a parameter cannot be sent as `{}`", ct.value))
                .help("`content_type: application/json` sends the value as its JSON text; for plain text, remove `content_type`");
            return false;
        }
        if matches!(loc, ir::ParamIn::Path | ir::ParamIn::Cookie) {
            self.err(
                ct.pos,
                format!("a {} parameter cannot be sent as JSON", loc.as_str()),
            )
            .help("it is text: declare the parameter's type without `content_type`");
            return false;
        }
        for (key, given) in [
            ("style", full.style.is_some()),
            ("explode", full.explode.is_some()),
        ] {
            if given {
                self.err(
                    ct.pos,
                    format!("`{key}` does not apply to a parameter sent as JSON"),
                )
                .help(format!("remove `{key}`: the whole value is one JSON text"));
            }
        }
        if super::wire::uses_bytes(&cx.types, ty) {
            self.err(ct.pos, "`bytes` has no JSON form")
                .help("use `string` (e.g. for base64 text)");
            return false;
        }
        true
    }

    /// An object or map a query parameter can hold: its values scalars,
    /// arrays of scalars, or (for `deep_object`) such objects again.
    fn is_query_object(&self, cx: &ApiCx, ty: &TypeRef) -> bool {
        let mut seen = std::collections::BTreeSet::new();
        self.object_of_scalars(cx, ty, &mut seen)
    }

    fn object_of_scalars<'t>(
        &self,
        cx: &'t ApiCx,
        ty: &'t TypeRef,
        seen: &mut std::collections::BTreeSet<&'t str>,
    ) -> bool {
        let value_ok =
            |this: &Self, seen: &mut std::collections::BTreeSet<&'t str>, v: &'t TypeRef| {
                let inner = match v {
                    TypeRef::Array(item) => item.as_ref(),
                    other => other,
                };
                this.is_scalar(cx, inner) || this.object_of_scalars(cx, inner, seen)
            };
        match ty {
            TypeRef::Map(value) => value_ok(self, seen, value),
            TypeRef::Named(n) => {
                if !seen.insert(n) {
                    return false; // a recursive type has no end in a URL
                }
                match cx.types.kind(n) {
                    Some(ir::TypeKind::Struct(fields)) => {
                        fields.iter().all(|f| value_ok(self, seen, &f.ty))
                    }
                    Some(ir::TypeKind::Alias(inner)) => self.object_of_scalars(cx, inner, seen),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// Whether an object query parameter holds arrays.
    fn holds_arrays(&self, cx: &ApiCx, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Map(v) => matches!(v.as_ref(), TypeRef::Array(_)),
            TypeRef::Named(n) => match cx.types.kind(n) {
                Some(ir::TypeKind::Struct(fields)) => {
                    fields.iter().any(|f| matches!(f.ty, TypeRef::Array(_)))
                }
                Some(ir::TypeKind::Alias(inner)) => self.holds_arrays(cx, inner),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether an object query parameter holds objects inside.
    fn nests(&self, cx: &ApiCx, ty: &TypeRef) -> bool {
        let values: Vec<&TypeRef> = match ty {
            TypeRef::Map(v) => vec![v.as_ref()],
            TypeRef::Named(n) => match cx.types.kind(n) {
                Some(ir::TypeKind::Struct(fields)) => fields.iter().map(|f| &f.ty).collect(),
                Some(ir::TypeKind::Alias(inner)) => return self.nests(cx, inner),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        values.into_iter().any(|v| {
            let inner = match v {
                TypeRef::Array(item) => item.as_ref(),
                other => other,
            };
            !self.is_scalar(cx, inner)
        })
    }

    /// The style a parameter declares, checked against what it holds.
    fn param_style(
        &mut self,
        style: Option<&Sp<String>>,
        loc: ir::ParamIn,
        list: bool,
        object: bool,
    ) -> ir::ParamStyle {
        let Some(s) = style else {
            return ir::ParamStyle::Form;
        };
        let styles = [
            ir::ParamStyle::Form,
            ir::ParamStyle::DeepObject,
            ir::ParamStyle::PipeDelimited,
            ir::ParamStyle::SpaceDelimited,
        ];
        let Some(style) = styles.into_iter().find(|k| k.as_str() == s.value) else {
            let help = match ident::closest(&s.value, styles.iter().map(|k| k.as_str())) {
                Some(n) => format!("did you mean `{n}`?"),
                None => {
                    "write `form`, `deep_object`, `pipe_delimited` or `space_delimited`".to_owned()
                }
            };
            self.err(s.pos, format!("unknown parameter style `{}`", s.value))
                .help(help);
            return ir::ParamStyle::Form;
        };
        let fits = match style {
            ir::ParamStyle::Form => true,
            _ if loc != ir::ParamIn::Query => false,
            ir::ParamStyle::DeepObject => list || object,
            ir::ParamStyle::PipeDelimited | ir::ParamStyle::SpaceDelimited => list,
        };
        if !fits {
            self.err(
                s.pos,
                format!("`style: {}` does not fit this parameter", s.value),
            )
            .help("`deep_object` is for arrays, objects and maps in the query; `pipe_delimited` and `space_delimited` for arrays in the query");
            return ir::ParamStyle::Form;
        }
        style
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
