//! Authentication: the API's schemes and default, and the scheme names
//! endpoints refer to.

use super::api::{is_token, quoted_list};
use super::{Cx, Names};
use crate::ident;
use crate::ir;
use crate::spec::{self, NamedMap, Pos, Sp};

impl Cx<'_> {
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
                let scheme = full.scheme();
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
        self.check_all_of(schemes, &out);
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
        if let Some(parts) = &full.all_of {
            kinds.push(ir::SchemeKind::AllOf(
                parts.value.iter().map(|p| p.value.clone()).collect(),
            ));
        }
        let given = [
            full.bearer.is_some(),
            full.basic.is_some(),
            full.api_key.is_some(),
            full.body_fields.is_some(),
            full.all_of.is_some(),
        ]
        .into_iter()
        .filter(|k| *k)
        .count();
        if given != 1 {
            self.err(scheme.pos, format!("the scheme `{}` must be exactly one of `bearer`, `basic`, `api_key`, `body_fields`, `all_of`", key.value))
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
}

impl Cx<'_> {
    /// Each `all_of` names two or more distinct single schemes whose
    /// credentials go to different places.
    fn check_all_of(&mut self, spec: &NamedMap<Sp<spec::Scheme>>, schemes: &[ir::Scheme]) {
        for (key, scheme) in spec.iter() {
            let spec::Scheme::Full(full) = &scheme.value else {
                continue;
            };
            let Some(parts) = &full.all_of else { continue };
            if parts.value.len() < 2 {
                self.err(
                    parts.pos,
                    format!(
                        "`all_of` of scheme `{}` names fewer than two schemes",
                        key.value
                    ),
                )
                .help("name two or more schemes sent together, or use the one scheme directly");
            }
            let mut places: Vec<(String, &str)> = Vec::new();
            for (i, part) in parts.value.iter().enumerate() {
                let Some(s) = schemes.iter().find(|s| s.wire == part.value) else {
                    let names: Vec<&str> = schemes.iter().map(|s| s.wire.as_str()).collect();
                    let help = match ident::closest(&part.value, names.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!("declared schemes: {}", quoted_list(&names)),
                    };
                    self.err(part.pos, format!("unknown auth scheme `{}`", part.value))
                        .help(help);
                    continue;
                };
                if parts.value[..i].iter().any(|p| p.value == part.value) {
                    self.err(
                        part.pos,
                        format!("the scheme `{}` is listed twice", part.value),
                    )
                    .help("remove the second one");
                    continue;
                }
                let place = match &s.kind {
                    ir::SchemeKind::AllOf(_) => {
                        self.err(
                            part.pos,
                            format!("`{}` is itself an `all_of` scheme", part.value),
                        )
                        .help("list its parts instead");
                        continue;
                    }
                    ir::SchemeKind::Bearer | ir::SchemeKind::Basic => {
                        "the header `authorization`".to_owned()
                    }
                    ir::SchemeKind::ApiKey { location, name, .. } => match location {
                        ir::KeyIn::Header => format!("the header `{}`", name.to_ascii_lowercase()),
                        ir::KeyIn::Query => format!("the query parameter `{name}`"),
                        ir::KeyIn::Cookie => format!("the cookie `{name}`"),
                    },
                    ir::SchemeKind::BodyFields { username, .. } => {
                        format!("the body field `{username}`")
                    }
                };
                if let Some((_, other)) = places.iter().find(|(p, _)| *p == place) {
                    self.err(
                        part.pos,
                        format!(
                            "`{}` and `{other}` both send {place}; one request cannot carry both",
                            part.value
                        ),
                    )
                    .help("keep one of them: a call sends one value there");
                    continue;
                }
                places.push((place, part.value.as_str()));
            }
        }
    }

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
