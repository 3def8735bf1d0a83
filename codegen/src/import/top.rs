//! The document's top level: servers (with their variables) and security
//! (schemes, the global requirement and each operation's).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::doc::{Doc, child, placeholders};
use super::yaml::Node;
use super::{Level, Notes};
use crate::lower::api::check_variable_value;

/// The `servers:` of the spec.
pub fn servers(doc: &Doc, notes: &mut Notes) -> Node {
    let mut out = Node::Map(Vec::new());
    let list: Vec<&Value> = doc
        .root
        .get("servers")
        .and_then(Value::as_array)
        .map(|l| l.iter().collect())
        .unwrap_or_default();
    let mut taken = BTreeSet::new();
    for (i, s) in list.iter().enumerate() {
        let at = child("#/servers", &i.to_string());
        let Some(url) = s.get("url").and_then(Value::as_str) else {
            notes.push(Level::Warning, &at, "a server without `url`: left out");
            continue;
        };
        let description = s
            .get("description")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|d| !d.is_empty());
        let exported = s.get("x-name").and_then(Value::as_str).map(str::to_owned);
        let base = if let Some(name) = exported {
            name
        } else if i == 0 {
            "main".to_owned()
        } else {
            description
                .filter(|d| d.len() <= 32)
                .and_then(|d| crate::ident::snake(d).ok())
                .filter(|n| !n.starts_with("r#") && !n.starts_with('_') && !n.ends_with('_'))
                .unwrap_or_else(|| format!("server_{}", i + 1))
        };
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        out.push(name, server(url, s, description, i == 0, &at, notes));
    }
    if matches!(&out, Node::Map(m) if m.is_empty()) {
        notes.push(
            Level::Warning,
            "#/servers",
            "no server: the base URL is `https://{host}`, with `host` a builder argument",
        );
        out.push(
            "main",
            server("", &Value::Null, None, true, "#/servers", notes),
        );
    }
    out
}

fn server(
    url: &str,
    s: &Value,
    description: Option<&str>,
    default: bool,
    at: &str,
    notes: &mut Notes,
) -> Node {
    let mut url = url.trim().trim_end_matches('/').to_owned();
    // Placeholder text (`<your-host>`, `Your API URL`) is no URL.
    if url.contains([' ', '<', '>', '"', '\\', '^', '`', '|', '?', '#']) {
        notes.push(
            Level::Warning,
            &child(at, "url"),
            format!(
                "`{url}` is not a URL: `https://{{host}}` is used, with `host` a builder argument"
            ),
        );
        url = String::new();
    }
    let mut variables = Node::Map(Vec::new());
    // The scheme cannot be a variable: `{protocol}://` becomes its default.
    if url.starts_with('{')
        && let Some((var, rest)) = url[1..].split_once("}://")
    {
        let default = s
            .pointer(&format!(
                "/variables/{}/default",
                var.replace('~', "~0").replace('/', "~1")
            ))
            .and_then(Value::as_str)
            .filter(|d| *d == "http" || *d == "https")
            .unwrap_or("https");
        notes.push(
            Level::Warning,
            &child(at, "url"),
            format!("the scheme cannot be a variable: `{default}` is used"),
        );
        url = format!("{default}://{rest}");
    }
    if !url.contains("://") {
        if !url.is_empty() {
            notes.push(
                Level::Warning,
                &child(at, "url"),
                format!("the relative URL `{url}` becomes `https://{{host}}{url}`, with `host` a builder argument"),
            );
        }
        url = format!(
            "https://{{host}}{}",
            if url.starts_with('/') || url.is_empty() {
                url.clone()
            } else {
                format!("/{url}")
            }
        );
        variables.push(
            "host",
            Node::str("The host serving the API (the document gives no absolute URL)."),
        );
    }
    let declared = s.get("variables").and_then(Value::as_object);
    // A variable whose values could change the URL's shape (`/v1`) is
    // written into the URL at its default.
    for var in placeholders(&url) {
        let Some(v) = declared.and_then(|d| d.get(&var)) else {
            continue;
        };
        let default = v
            .get("default")
            .and_then(Value::as_str)
            .filter(|_| v.get("x-required").and_then(Value::as_bool) != Some(true));
        if let Some(d) =
            default.filter(|d| check_variable_value(d).is_err() && !d.contains(['{', '}']))
        {
            notes.push(
                Level::Warning,
                &child(&child(at, "variables"), &var),
                format!("the value `{d}` could change the URL's shape: written into the URL"),
            );
            url = url.replace(&format!("{{{var}}}"), d.trim_end_matches('/'));
        }
    }
    for var in placeholders(&url) {
        if var == "host" && variables.get("host").is_some() {
            continue;
        }
        let here = child(&child(at, "variables"), &var);
        let Some(v) = declared.and_then(|d| d.get(&var)) else {
            variables.push(
                var,
                Node::str("A part of the URL (the document does not describe it)."),
            );
            continue;
        };
        let mut node = Node::Map(Vec::new());
        // Exported by this project: a required variable has an empty default.
        let required = v.get("x-required").and_then(Value::as_bool) == Some(true);
        let default = v
            .get("default")
            .and_then(Value::as_str)
            .filter(|_| !required);
        if let Some(r) = v.get("x-rust-name").and_then(Value::as_str) {
            node.push("rust_name", Node::str(r));
        }
        let allowed: Vec<&str> = v
            .get("enum")
            .and_then(Value::as_array)
            .map(|e| e.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(d) = v.get("description").and_then(Value::as_str) {
            node.push("description", Node::str(d.trim()));
        }
        let default = default.filter(|d| check_variable_value(d).is_ok());
        if let Some(d) = default {
            node.push("default", Node::str(d));
        }
        if !allowed.is_empty() {
            if allowed.iter().any(|a| check_variable_value(a).is_err()) {
                notes.push(
                    Level::Warning,
                    &here,
                    "an `enum` value could change the URL's shape: any value is allowed",
                );
            } else if default.is_some_and(|d| !allowed.contains(&d)) {
                notes.push(
                    Level::Warning,
                    &here,
                    "the default is not among the `enum` values: any value is allowed",
                );
            } else {
                node.push(
                    "enum",
                    Node::Seq(allowed.iter().map(|a| Node::str(*a)).collect()),
                );
            }
        }
        variables.push(var, node);
    }
    let mut node = Node::map([("url", Node::str(url))]);
    if default {
        node.push("default", Node::Bool(true));
    }
    if let Some(r) = s.get("x-rust-name").and_then(Value::as_str) {
        node.push("rust_name", Node::str(r));
    }
    if let Some(d) = description {
        node.push("description", Node::str(d));
    }
    if matches!(&variables, Node::Map(m) if !m.is_empty()) {
        node.push("variables", variables);
    }
    node
}

/// The document's security schemes under their spec names, and the global
/// requirement.
pub struct Security {
    /// Document scheme name -> spec scheme name, for the schemes kept.
    names: BTreeMap<String, String>,
    /// The global requirement as a list of spec scheme names (`none` for
    /// `{}`), when the document has one.
    global: Option<Vec<String>>,
    /// The spec's `auth:`.
    pub node: Node,
}

impl Security {
    pub fn new(doc: &Doc, notes: &mut Notes) -> Security {
        let mut names = BTreeMap::new();
        let mut schemes = Node::Map(Vec::new());
        let empty = serde_json::Map::new();
        let declared = doc
            .root
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut taken = BTreeSet::new();
        for (doc_name, raw) in declared {
            let at = child("#/components/securitySchemes", doc_name);
            let s = match doc.deref(raw, &at) {
                Ok((s, _)) => s,
                Err(why) => {
                    notes.push(Level::Warning, &at, why);
                    continue;
                }
            };
            let Some(node) = scheme(s, &at, notes) else {
                continue;
            };
            let base = crate::ident::snake(doc_name)
                .ok()
                .filter(|n| {
                    !n.starts_with("r#") && !n.starts_with('_') && !n.ends_with('_') && n != "none"
                })
                .unwrap_or_else(|| "scheme".to_owned());
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            names.insert(doc_name.clone(), name.clone());
            schemes.push(name, node);
        }
        let mut security = Security {
            names,
            global: None,
            node: Node::str("none"),
        };
        security.global = doc
            .root
            .get("security")
            .map(|g| security.requirement(g, "#/security", notes));
        if matches!(&schemes, Node::Map(m) if !m.is_empty()) {
            let default = match security.global.as_deref() {
                Some([first, ..]) => first.clone(),
                _ => "none".to_owned(),
            };
            security.node = Node::map([("schemes", schemes), ("default", Node::str(default))]);
        }
        security
    }

    /// A requirement list as spec scheme names, `none` for an empty
    /// requirement (optional authentication).
    fn requirement(&self, list: &Value, at: &str, notes: &mut Notes) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, r) in list.as_array().into_iter().flatten().enumerate() {
            let Some(r) = r.as_object() else { continue };
            let here = child(at, &i.to_string());
            if r.len() > 1 {
                notes.push(
                    Level::Warning,
                    &here,
                    "several schemes required together cannot be expressed: the first one is used",
                );
            }
            let name = match r.keys().next() {
                None => "none".to_owned(),
                Some(k) => match self.names.get(k) {
                    Some(n) => n.clone(),
                    None => {
                        notes.push(
                            Level::Warning,
                            &here,
                            format!("the scheme `{k}` is not kept: left out of the requirement"),
                        );
                        continue;
                    }
                },
            };
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    /// An operation's `auth:` when it differs from the default: its own
    /// `security`, or the global one when that lists alternatives.
    pub fn endpoint(&self, op: &Value, at: &str, notes: &mut Notes) -> Option<Node> {
        let list = match op.get("security") {
            Some(own) => self.requirement(own, at, notes),
            None => match &self.global {
                Some(g) if g.len() > 1 => g.clone(),
                _ => return None,
            },
        };
        if self.names.is_empty() {
            return None;
        }
        Some(match list.as_slice() {
            [] => Node::str("none"),
            [one] => Node::str(one.clone()),
            many => Node::Seq(many.iter().map(|n| Node::str(n.clone())).collect()),
        })
    }
}

/// A scheme of the format for a security scheme, or `None` (with a note)
/// when the format has no such credential.
fn scheme(s: &Value, at: &str, notes: &mut Notes) -> Option<Node> {
    let ty = s.get("type").and_then(Value::as_str).unwrap_or("");
    let description = s
        .get("description")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|d| !d.is_empty());
    let with_doc = |kind: Node, extra: Option<String>| {
        let text = match (description, extra) {
            (Some(d), Some(e)) => Some(format!("{d}\n\n{e}")),
            (Some(d), None) => Some(d.to_owned()),
            (None, e) => e,
        };
        match (kind, text) {
            (Node::Str(k), None) => Node::Str(k),
            (Node::Str(k), Some(t)) => Node::map([
                (k, Node::Map(Vec::new())),
                ("description".to_owned(), Node::str(t)),
            ]),
            (mut map, Some(t)) => {
                map.push("description", Node::str(t));
                map
            }
            (map, None) => map,
        }
    };
    match ty {
        "http" if s.get("x-body-fields").is_some() => {
            let f = &s["x-body-fields"];
            let field = |k: &str| Node::str(f.get(k).and_then(Value::as_str).unwrap_or(k));
            Some(with_doc(
                Node::map([(
                    "body_fields",
                    Node::map([
                        ("username", field("username")),
                        ("password", field("password")),
                    ]),
                )]),
                None,
            ))
        }
        "http" => match s
            .get("scheme")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("bearer") => Some(with_doc(Node::str("bearer"), None)),
            Some("basic") => Some(with_doc(Node::str("basic"), None)),
            other => {
                notes.push(
                    Level::Warning,
                    at,
                    format!(
                        "the HTTP scheme `{}` cannot be expressed: left out",
                        other.unwrap_or("")
                    ),
                );
                None
            }
        },
        "apiKey" => {
            let name = s.get("name").and_then(Value::as_str)?;
            let place = match s.get("in").and_then(Value::as_str) {
                Some("header") => "header",
                Some("query") => "query",
                Some("cookie") => "cookie",
                _ => {
                    notes.push(Level::Warning, at, "an API key without `in`: left out");
                    return None;
                }
            };
            let token = super::ops::is_header_name(name);
            let lower = name.to_ascii_lowercase();
            let computed = crate::lower::api::CLIENT_HEADERS.contains(&lower.as_str())
                && lower != "authorization";
            if !token || (place == "header" && computed) {
                notes.push(
                    Level::Warning,
                    at,
                    format!("an API key in `{name}` cannot be sent (not a name, or a header the client sets itself): left out"),
                );
                return None;
            }
            let mut key = Node::map([(place, Node::str(name))]);
            if let Some(p) = s.get("x-prefix").and_then(Value::as_str) {
                key.push("prefix", Node::str(p));
            }
            Some(with_doc(Node::map([("api_key", key)]), None))
        }
        "oauth2" => {
            let flows: Vec<String> = s
                .get("flows")
                .and_then(Value::as_object)
                .map(|f| {
                    f.iter()
                        .map(|(name, flow)| {
                            let urls: Vec<&str> = ["authorizationUrl", "tokenUrl"]
                                .iter()
                                .filter_map(|k| flow.get(*k).and_then(Value::as_str))
                                .collect();
                            if urls.is_empty() {
                                format!("`{name}`")
                            } else {
                                format!("`{name}` ({})", urls.join(", "))
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let extra = format!(
                "An OAuth 2.0 access token, sent as a bearer token; flows: {}.",
                if flows.is_empty() {
                    "none named".to_owned()
                } else {
                    flows.join(", ")
                }
            );
            Some(with_doc(Node::str("bearer"), Some(extra)))
        }
        "openIdConnect" => {
            let url = s
                .get("openIdConnectUrl")
                .and_then(Value::as_str)
                .unwrap_or("not given");
            Some(with_doc(
                Node::str("bearer"),
                Some(format!(
                    "An OpenID Connect token, sent as a bearer token (discovery: {url})."
                )),
            ))
        }
        other => {
            notes.push(
                Level::Warning,
                at,
                format!("the security scheme type `{other}` cannot be expressed: left out"),
            );
            None
        }
    }
}
