//! What applies to a whole API: its servers (with URL variables), its
//! authentication schemes, and its constant headers.

use std::collections::BTreeSet;

use super::{Cx, Names};
use crate::ident;
use crate::ir;
use crate::spec::{self, NamedMap, Pos, Sp};

/// Characters a server URL's fixed parts may hold besides letters and digits.
const URL_CHARS: &str = "-._~:/@!$&'()*+,;=%[]";

impl Cx<'_> {
    pub(super) fn servers(&mut self, s: &spec::Spec) -> Vec<ir::Server> {
        let mut out = Vec::new();
        let mut names = Names::default();
        for (key, server) in s.servers.iter() {
            let full = server.full(server.pos);
            let variant = match &full.rust_name {
                Some(o) => self.override_name(o),
                None => self.derive(&key.value, key.pos, "server name", ident::upper_camel),
            };
            if let Err((p, what)) =
                names.claim(&variant, key.pos, format!("server `{}`", key.value))
            {
                self.err(
                    key.pos,
                    format!(
                        "server `{}` is named `{variant}` in Rust, like {what} (line {})",
                        key.value, p.line
                    ),
                )
                .help("rename one of them or give it a `rust_name`");
            }
            let url = full.url.value.trim().to_owned();
            let variables = self.server_variables(&full, &url);
            out.push(ir::Server {
                wire: key.value.clone(),
                variant,
                url,
                description: full.description.clone(),
                default: full.default,
                variables,
            });
        }
        match (out.len(), out.iter().filter(|s| s.default).count()) {
            (0, _) => {
                self.err(s.name.pos, "the API has no servers")
                    .help("add `servers:` with at least one `name: https://...` entry");
            }
            (1, _) => out[0].default = true,
            (_, 1) => {}
            (_, n) => {
                let pos = s
                    .servers
                    .iter()
                    .next()
                    .map(|(k, _)| k.pos)
                    .unwrap_or_default();
                self.err(
                    pos,
                    format!("{n} servers are marked `default: true`; exactly one must be"),
                )
                .help("mark the server clients use unless told otherwise with `default: true`");
            }
        }
        out.sort_by(|a, b| a.variant.cmp(&b.variant));
        out
    }

    /// Checks a server URL template against its declared variables.
    fn server_variables(&mut self, full: &spec::ServerFull, url: &str) -> Vec<ir::ServerVariable> {
        let pos = full.url.pos;
        let Some(placeholders) = self.url_placeholders(url, pos) else {
            return Vec::new();
        };
        // The URL with every placeholder replaced by a harmless label must be a
        // plain base URL.
        let mut sample = url.to_owned();
        for name in &placeholders {
            sample = sample.replace(&format!("{{{name}}}"), "x");
        }
        if !(sample.starts_with("https://") || sample.starts_with("http://")) {
            self.err(pos, format!("the server URL `{url}` is not an http(s) URL"))
                .help("write the base URL with its scheme, e.g. `https://api.example.com/v1`; the scheme cannot be a variable");
        } else if sample.contains(['?', '#', ' ']) {
            self.err(
                pos,
                format!("the server URL `{url}` has a query, fragment or space"),
            )
            .help("a base URL is a scheme, host and optional base path only");
        } else if let Some(c) = sample
            .chars()
            .find(|c| !c.is_ascii_alphanumeric() && !URL_CHARS.contains(*c))
        {
            self.err(pos, format!("the server URL `{url}` contains `{c}`"))
                .help("server variables are written `{name}`; other characters must be percent-encoded");
        }

        let mut out = Vec::new();
        let mut fields = Names::default();
        for (key, var) in full.variables.iter() {
            let v = var.full();
            if !placeholders.contains(&key.value) {
                self.err(
                    key.pos,
                    format!(
                        "the server variable `{}` does not appear in the URL `{url}`",
                        key.value
                    ),
                )
                .help(format!(
                    "add `{{{}}}` to the URL, or remove the variable",
                    key.value
                ));
                continue;
            }
            let rust = match &v.rust_name {
                Some(o) => self.override_name(o),
                None => self.derive(&key.value, key.pos, "server variable", ident::snake),
            };
            if let Err((p, prev)) =
                fields.claim(&rust, key.pos, format!("variable `{}`", key.value))
            {
                self.err(
                    key.pos,
                    format!(
                        "the server variable `{}` would be named `{rust}`, like {prev} (line {})",
                        key.value, p.line
                    ),
                )
                .help("add a `rust_name` to one of them");
                continue;
            }
            let allowed: Vec<String> = v.enum_.iter().flatten().map(|a| a.value.clone()).collect();
            for value in v.default.iter().chain(v.enum_.iter().flatten()) {
                if let Err(why) = check_variable_value(&value.value) {
                    self.err(value.pos, format!("the value `{}` of server variable `{}` {why}", value.value, key.value))
                        .help("a variable holds one part of a host or path: letters, digits, `-`, `.`, `_`, `~`; split a host and port into two variables");
                }
            }
            if let Some(d) = &v.default
                && !allowed.is_empty()
                && !allowed.contains(&d.value)
            {
                self.err(
                    d.pos,
                    format!(
                        "the default `{}` is not one of the allowed values of `{}`",
                        d.value, key.value
                    ),
                )
                .help(format!("use one of {}", quoted_list(&allowed)));
            }
            out.push(ir::ServerVariable {
                wire: key.value.clone(),
                rust,
                doc: v.description.clone(),
                default: v.default.as_ref().map(|d| d.value.clone()),
                allowed,
            });
        }
        for name in &placeholders {
            if !full.variables.iter().any(|(k, _)| &k.value == name) {
                self.err(pos, format!("the server URL uses `{{{name}}}` but no variable `{name}` is declared"))
                    .help(format!("declare it under the server: `variables: {{ {name}: {{ description: ..., default: ... }} }}` (leave `default` out to make it a required input of the client builder)"));
            }
        }
        out.sort_by(|a, b| a.rust.cmp(&b.rust));
        out
    }

    /// The `{names}` in a URL template, or `None` after reporting a malformed one.
    fn url_placeholders(&mut self, url: &str, pos: Pos) -> Option<BTreeSet<String>> {
        let mut names = BTreeSet::new();
        let mut rest = url;
        while let Some(open) = rest.find(['{', '}']) {
            let close = rest[open..]
                .find('}')
                .filter(|_| rest[open..].starts_with('{'));
            let name = close.map(|c| &rest[open + 1..open + c]);
            match name {
                Some(n) if !n.is_empty() && !n.contains('{') => {
                    names.insert(n.to_owned());
                    rest = &rest[open + n.len() + 2..];
                }
                _ => {
                    self.err(
                        pos,
                        format!("the server URL `{url}` has an unbalanced or empty `{{...}}`"),
                    )
                    .help("server variables are written `{name}`");
                    return None;
                }
            }
        }
        Some(names)
    }

    pub(super) fn auth(&mut self, s: &spec::Spec) -> ir::Auth {
        let pos = s.auth.pos;
        let full = match &s.auth.value {
            spec::Auth::Name(n) if n == "none" => {
                return ir::Auth {
                    schemes: Vec::new(),
                    default: ir::EndpointAuth {
                        schemes: Vec::new(),
                        optional: true,
                    },
                };
            }
            spec::Auth::Name(n) => {
                let scheme = spec::Scheme::Name(n.clone());
                return self.single_scheme(n, &Sp { value: scheme, pos });
            }
            spec::Auth::Full(f) => f.as_ref(),
        };
        let kinds = [
            full.bearer.is_some(),
            full.basic.is_some(),
            full.api_key.is_some(),
            full.body_fields.is_some(),
        ]
        .into_iter()
        .filter(|k| *k)
        .count();
        match (&full.schemes, kinds) {
            (Some(schemes), 0) => self.named_schemes(schemes, full.default.as_ref(), pos),
            (None, 1) => {
                if let Some(d) = &full.default {
                    self.err(d.pos, "`default` only goes with `schemes`")
                        .help("a single scheme is the default by itself; remove `default`");
                }
                let scheme = spec::SchemeFull {
                    bearer: full.bearer.clone(),
                    basic: full.basic.clone(),
                    api_key: full.api_key.clone(),
                    body_fields: full.body_fields.clone(),
                    description: full.description.clone(),
                };
                let name = if full.api_key.is_some() {
                    "api_key"
                } else if full.body_fields.is_some() {
                    "body_fields"
                } else if full.basic.is_some() {
                    "basic"
                } else {
                    "bearer"
                };
                self.single_scheme(
                    name,
                    &Sp {
                        value: spec::Scheme::Full(Box::new(scheme)),
                        pos,
                    },
                )
            }
            _ => {
                self.err(pos, "`auth` must be one scheme or `schemes:` with a `default:`")
                    .help("write `auth: bearer`, `auth: { api_key: { header: X-Api-Key } }`, or `auth: { schemes: { token: bearer, app: basic }, default: token }`");
                ir::Auth {
                    schemes: Vec::new(),
                    default: ir::EndpointAuth::default(),
                }
            }
        }
    }

    fn single_scheme(&mut self, name: &str, scheme: &Sp<spec::Scheme>) -> ir::Auth {
        let schemes: Vec<ir::Scheme> = self
            .scheme(
                &Sp {
                    value: name.to_owned(),
                    pos: scheme.pos,
                },
                scheme,
            )
            .into_iter()
            .collect();
        let default = ir::EndpointAuth {
            schemes: schemes.iter().map(|s| s.wire.clone()).collect(),
            optional: false,
        };
        ir::Auth { schemes, default }
    }

    fn named_schemes(
        &mut self,
        schemes: &NamedMap<Sp<spec::Scheme>>,
        default: Option<&Sp<String>>,
        pos: Pos,
    ) -> ir::Auth {
        let mut out: Vec<ir::Scheme> = Vec::new();
        let mut variants = Names::default();
        for (key, scheme) in schemes.iter() {
            if ident::snake(&key.value).ok().as_deref() != Some(key.value.as_str())
                || key.value == "none"
            {
                self.err(
                    key.pos,
                    format!("the scheme name `{}` is not a snake_case name", key.value),
                )
                .help("scheme names are snake_case and `none` is reserved for no authentication");
                continue;
            }
            let Some(lowered) = self.scheme(key, scheme) else {
                continue;
            };
            if let Err((p, prev)) =
                variants.claim(&lowered.variant, key.pos, format!("scheme `{}`", key.value))
            {
                self.err(
                    key.pos,
                    format!(
                        "scheme `{}` would be the variant `{}`, like {prev} (line {})",
                        key.value, lowered.variant, p.line
                    ),
                )
                .help("rename one of them");
                continue;
            }
            out.push(lowered);
        }
        if out.is_empty() {
            self.err(pos, "`schemes` declares no scheme").help(
                "declare at least one, e.g. `schemes: { token: bearer }`, or write `auth: none`",
            );
        }
        let default = match default {
            None if out.len() == 1 => ir::EndpointAuth {
                schemes: vec![out[0].wire.clone()],
                optional: false,
            },
            None => {
                self.err(
                    pos,
                    "several schemes are declared but none is the `default`",
                )
                .help(format!(
                    "add `default:` with the scheme most endpoints use: {} or `none`",
                    quoted_list(&out.iter().map(|s| s.wire.clone()).collect::<Vec<_>>())
                ));
                ir::EndpointAuth::default()
            }
            Some(d) => self.scheme_refs(&out, std::slice::from_ref(d)),
        };
        out.sort_by(|a, b| a.wire.cmp(&b.wire));
        ir::Auth {
            schemes: out,
            default,
        }
    }

    /// Resolves scheme names (`none` included) against the declared schemes.
    pub(super) fn scheme_refs(
        &mut self,
        schemes: &[ir::Scheme],
        refs: &[Sp<String>],
    ) -> ir::EndpointAuth {
        let mut out = ir::EndpointAuth::default();
        if refs.is_empty() {
            out.optional = true;
        }
        for r in refs {
            if r.value == "none" {
                out.optional = true;
            } else if schemes.iter().any(|s| s.wire == r.value) {
                if out.schemes.contains(&r.value) {
                    self.err(r.pos, format!("the scheme `{}` is listed twice", r.value))
                        .help("remove the second one");
                } else {
                    out.schemes.push(r.value.clone());
                }
            } else {
                let names: Vec<&str> = schemes
                    .iter()
                    .map(|s| s.wire.as_str())
                    .chain(["none"])
                    .collect();
                let help = match ident::closest(&r.value, names.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("declared schemes: {}", quoted_list(&names)),
                };
                self.err(r.pos, format!("unknown auth scheme `{}`", r.value))
                    .help(help);
            }
        }
        out
    }

    fn scheme(&mut self, key: &Sp<String>, scheme: &Sp<spec::Scheme>) -> Option<ir::Scheme> {
        let full = match &scheme.value {
            spec::Scheme::Name(n) => match n.as_str() {
                "bearer" => spec::SchemeFull {
                    bearer: Some(Sp::unpositioned(spec::Empty)),
                    ..Default::default()
                },
                "basic" => spec::SchemeFull {
                    basic: Some(Sp::unpositioned(spec::Empty)),
                    ..Default::default()
                },
                other => {
                    let help = match ident::closest(other, ["bearer", "basic", "none"]) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => "write `bearer`, `basic`, `none`, `{ api_key: { header: NAME } }` (or `query:`/`cookie:`), or `{ body_fields: { username: FIELD, password: FIELD } }`".to_owned(),
                    };
                    self.err(scheme.pos, format!("unknown auth scheme kind `{other}`"))
                        .help(help);
                    return None;
                }
            },
            spec::Scheme::Full(f) => f.as_ref().clone(),
        };
        let mut kinds = Vec::new();
        if full.bearer.is_some() {
            kinds.push(ir::SchemeKind::Bearer);
        }
        if full.basic.is_some() {
            kinds.push(ir::SchemeKind::Basic);
        }
        if let Some(k) = &full.api_key
            && let Some(kind) = self.api_key(k)
        {
            kinds.push(kind);
        }
        if let Some(b) = &full.body_fields {
            for f in [&b.username, &b.password] {
                if f.value.is_empty() {
                    self.err(f.pos, "a body field name cannot be empty")
                        .help("name the field, e.g. `client_id`");
                }
            }
            if b.username.value == b.password.value {
                self.err(
                    b.password.pos,
                    "the username and password fields are the same field",
                )
                .help("name two different fields, e.g. `client_id` and `client_secret`");
            }
            kinds.push(ir::SchemeKind::BodyFields {
                username: b.username.value.clone(),
                password: b.password.value.clone(),
            });
        }
        let given = [
            full.bearer.is_some(),
            full.basic.is_some(),
            full.api_key.is_some(),
            full.body_fields.is_some(),
        ]
        .into_iter()
        .filter(|k| *k)
        .count();
        if given != 1 {
            self.err(scheme.pos, format!("the scheme `{}` must be exactly one of `bearer`, `basic`, `api_key`, `body_fields`", key.value))
                .help("e.g. `{ api_key: { header: X-Api-Key } }`");
            return None;
        }
        let kind = kinds.pop()?;
        let variant = self.derive(&key.value, key.pos, "scheme name", ident::upper_camel);
        Some(ir::Scheme {
            wire: key.value.clone(),
            variant,
            doc: full.description.clone(),
            kind,
        })
    }

    fn api_key(&mut self, k: &Sp<spec::ApiKey>) -> Option<ir::SchemeKind> {
        let places: Vec<(ir::KeyIn, &Sp<String>)> = [
            (ir::KeyIn::Header, &k.header),
            (ir::KeyIn::Query, &k.query),
            (ir::KeyIn::Cookie, &k.cookie),
        ]
        .into_iter()
        .filter_map(|(at, name)| name.as_ref().map(|n| (at, n)))
        .collect();
        let [(location, name)] = places[..] else {
            self.err(
                k.pos,
                "an `api_key` goes in exactly one of `header`, `query`, `cookie`",
            )
            .help("e.g. `api_key: { header: X-Api-Key }`");
            return None;
        };
        match location {
            ir::KeyIn::Header => {
                self.check_header_name(name);
                if [
                    "content-type",
                    "accept",
                    "user-agent",
                    "host",
                    "content-length",
                    "cookie",
                ]
                .contains(&name.value.to_ascii_lowercase().as_str())
                {
                    self.err(
                        name.pos,
                        format!("the header `{}` cannot carry a credential", name.value),
                    )
                    .help("for a cookie write `api_key: { cookie: NAME }`");
                }
            }
            ir::KeyIn::Cookie => {
                if !is_token(&name.value) {
                    self.err(name.pos, format!("`{}` is not a valid cookie name", name.value))
                        .help("cookie names are letters, digits and `-`, `_`, `.` (no spaces, `=` or `;`)");
                }
            }
            ir::KeyIn::Query => {
                if name.value.is_empty() {
                    self.err(name.pos, "the query parameter name is empty")
                        .help("name it, e.g. `api_key`");
                }
            }
        }
        let prefix = match &k.prefix {
            Some(p) if location != ir::KeyIn::Header => {
                self.err(p.pos, "`prefix` only applies to a key sent in a header")
                    .help("remove `prefix`");
                String::new()
            }
            Some(p) if p.value.bytes().any(|b| b.is_ascii_control()) => {
                self.err(p.pos, "the prefix contains a control character")
                    .help("write the text sent before the key, e.g. `\"SSWS \"`");
                String::new()
            }
            Some(p) => p.value.clone(),
            None => String::new(),
        };
        Some(ir::SchemeKind::ApiKey {
            location,
            name: name.value.clone(),
            prefix,
        })
    }

    /// Checks constant headers: valid names and values, and none the client sets itself.
    pub(super) fn constant_headers(
        &mut self,
        headers: &NamedMap<Sp<String>>,
    ) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (name, value) in headers.iter() {
            self.check_header_name(name);
            let lower = name.value.to_ascii_lowercase();
            if CLIENT_HEADERS.contains(&lower.as_str()) {
                self.err(name.pos, format!("the header `{}` is set by the client itself", name.value))
                    .help("credentials come from `auth:`, `Accept` from the endpoint's `accept:`, `Content-Type` from the body; remove this header");
                continue;
            }
            if value
                .value
                .bytes()
                .any(|b| (b.is_ascii_control() && b != b'\t') || b == 0x7f)
                || value.value.trim() != value.value
            {
                self.err(
                    value.pos,
                    format!(
                        "the value of header `{}` has control characters or surrounding spaces",
                        name.value
                    ),
                )
                .help("write the value on one line without leading or trailing spaces");
                continue;
            }
            if out.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name.value)) {
                self.err(
                    name.pos,
                    format!("the header `{}` is given twice", name.value),
                )
                .help("header names are case-insensitive; keep one");
                continue;
            }
            out.push((name.value.clone(), value.value.clone()));
        }
        out
    }
}

/// Headers the client computes, which a spec cannot fix or let callers set.
pub(super) const CLIENT_HEADERS: &[&str] = &[
    "authorization",
    "content-type",
    "accept",
    "user-agent",
    "host",
    "content-length",
    "cookie",
];

/// Why a server variable value could change the shape of a URL, if it could.
pub(super) fn check_variable_value(value: &str) -> Result<(), &'static str> {
    if value.is_empty() || value == "." || value == ".." {
        return Err("is empty, `.` or `..`");
    }
    if value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    {
        Ok(())
    } else {
        Err("contains a character that could change the URL's host, port or path")
    }
}

/// An RFC 9110 token: what header and cookie names are made of.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `` `a`, `b` `` for help texts.
pub(super) fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|i| format!("`{}`", i.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Cx<'_> {
    /// An API key header may not also be a constant header.
    pub(super) fn check_auth_headers(
        &mut self,
        auth: &ir::Auth,
        constants: &[(String, String)],
        spec_headers: &NamedMap<Sp<String>>,
    ) {
        for s in &auth.schemes {
            if let ir::SchemeKind::ApiKey {
                location: ir::KeyIn::Header,
                name,
                ..
            } = &s.kind
                && constants.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                let pos = spec_headers
                    .iter()
                    .find(|(k, _)| k.value.eq_ignore_ascii_case(name))
                    .map(|(k, _)| k.pos)
                    .unwrap_or_default();
                self.err(
                    pos,
                    format!(
                        "the header `{name}` carries the credential of scheme `{}`",
                        s.wire
                    ),
                )
                .help("remove it from `constant_headers`");
            }
        }
    }
}
