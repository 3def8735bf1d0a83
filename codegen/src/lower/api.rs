//! What applies to a whole API besides auth: its servers (with URL
//! variables) and its constant headers.

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
pub(crate) const CLIENT_HEADERS: &[&str] = &[
    "authorization",
    "content-type",
    "accept",
    "user-agent",
    "host",
    "content-length",
    "cookie",
];

/// Why a server variable value could change the shape of a URL, if it could.
pub(crate) fn check_variable_value(value: &str) -> Result<(), &'static str> {
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
pub(super) fn is_token(s: &str) -> bool {
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
