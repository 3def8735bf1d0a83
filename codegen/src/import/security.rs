//! Security: the document's schemes, the global requirement and each
//! operation's. A requirement naming several schemes becomes a combined
//! (`all_of`) scheme.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::doc::{Doc, child};
use super::yaml::Node;
use super::{Level, Notes};

/// The document's security schemes under their spec names, the global
/// requirement, and the combined schemes requirements with several schemes
/// make.
pub struct Security {
    /// Document scheme name -> spec scheme name, for the schemes kept.
    names: BTreeMap<String, String>,
    /// Spec scheme name -> where its credential goes (`header authorization`).
    places: BTreeMap<String, String>,
    /// The kept schemes, in document order.
    schemes: Node,
    /// Combined schemes so far, in the order requirements made them: name
    /// and parts.
    combined: Vec<(String, Vec<String>)>,
    /// Names the document gave combined schemes (exported specs):
    /// parts -> (name, description).
    named: BTreeMap<Vec<String>, (String, Option<String>)>,
    /// The global requirement as a list of spec scheme names (`none` for
    /// `{}`), when the document has one.
    global: Option<Vec<String>>,
}

impl Security {
    pub fn new(doc: &Doc, notes: &mut Notes) -> Security {
        let mut security = Security {
            names: BTreeMap::new(),
            places: BTreeMap::new(),
            schemes: Node::Map(Vec::new()),
            combined: Vec::new(),
            named: BTreeMap::new(),
            global: None,
        };
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
            let name = unique(&mut taken, spec_name(doc_name));
            security.names.insert(doc_name.clone(), name.clone());
            security.places.insert(name.clone(), place(s));
            security.schemes.push(name, node);
        }
        // Combined schemes by the names an export gave them.
        let combined = doc
            .root
            .pointer("/components/x-all-of-schemes")
            .and_then(Value::as_object);
        for (name, c) in combined.into_iter().flatten() {
            let parts: Vec<String> = c
                .get("parts")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| security.names.get(p.as_str()?).cloned())
                .collect();
            let description = c
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let name = spec_name(name);
            if !taken.contains(&name) {
                taken.insert(name.clone());
                security.named.insert(parts, (name, description));
            }
        }
        security.global = doc
            .root
            .get("security")
            .map(|g| security.requirement(g, "#/security", notes));
        security
    }

    /// The spec's `auth:`, once every requirement has been read.
    pub fn node(&self) -> Node {
        let Node::Map(kept) = &self.schemes else {
            return Node::str("none");
        };
        if kept.is_empty() {
            return Node::str("none");
        }
        let mut schemes = self.schemes.clone();
        for (name, parts) in &self.combined {
            let mut node = Node::map([(
                "all_of",
                Node::Seq(parts.iter().map(|p| Node::str(p.clone())).collect()),
            )]);
            if let Some((_, Some(d))) = self.named.get(parts) {
                node.push("description", Node::str(d.clone()));
            }
            schemes.push(name.clone(), node);
        }
        let default = match self.global.as_deref() {
            Some([first, ..]) => first.clone(),
            _ => "none".to_owned(),
        };
        Node::map([("schemes", schemes), ("default", Node::str(default))])
    }

    /// A requirement list as spec scheme names, `none` for an empty
    /// requirement (optional authentication).
    fn requirement(&mut self, list: &Value, at: &str, notes: &mut Notes) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, r) in list.as_array().into_iter().flatten().enumerate() {
            let Some(r) = r.as_object() else { continue };
            let here = child(at, &i.to_string());
            let name = if r.is_empty() {
                "none".to_owned()
            } else {
                let Some(name) = self.all_of(r.keys(), &here, notes) else {
                    continue;
                };
                name
            };
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    /// The spec scheme sending every scheme of one requirement: the scheme
    /// itself when it names one, else a combined scheme of the kept ones.
    /// Schemes that send the same place (two OAuth schemes, each a bearer
    /// token) are one credential: the first is kept.
    fn all_of<'k>(
        &mut self,
        keys: impl Iterator<Item = &'k String>,
        at: &str,
        notes: &mut Notes,
    ) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        for k in keys {
            let Some(name) = self.names.get(k) else {
                notes.push(
                    Level::Warning,
                    at,
                    format!("the scheme `{k}` is not kept: left out of the requirement"),
                );
                continue;
            };
            let place = &self.places[name];
            if let Some(same) = parts.iter().find(|p| &self.places[*p] == place) {
                notes.push(
                    Level::Info,
                    at,
                    format!("`{k}` and `{same}` both send the {place}, which carries one credential: `{same}`'s is sent"),
                );
                continue;
            }
            parts.push(name.clone());
        }
        // A set: the same schemes in any order are one combined scheme.
        parts.sort();
        match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => {
                if let Some((name, _)) = self.combined.iter().find(|(_, p)| *p == parts) {
                    return Some(name.clone());
                }
                let name = match self.named.get(&parts) {
                    Some((n, _)) => n.clone(),
                    None => {
                        let taken: BTreeSet<String> = self
                            .names
                            .values()
                            .chain(self.combined.iter().map(|(n, _)| n))
                            .chain(self.named.values().map(|(n, _)| n))
                            .cloned()
                            .collect();
                        let mut taken = taken;
                        unique(&mut taken, parts.join("_and_"))
                    }
                };
                self.combined.push((name.clone(), parts));
                Some(name)
            }
        }
    }

    /// An operation's `auth:` when it differs from the default: its own
    /// `security`, or the global one when that lists alternatives.
    pub fn endpoint(&mut self, op: &Value, at: &str, notes: &mut Notes) -> Option<Node> {
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

/// A spec scheme name for a document's name.
fn spec_name(doc_name: &str) -> String {
    crate::ident::snake(doc_name)
        .ok()
        .filter(|n| !n.starts_with("r#") && !n.starts_with('_') && !n.ends_with('_') && n != "none")
        .unwrap_or_else(|| "scheme".to_owned())
}

/// `base`, or `base_2`, `base_3`... when taken; the name is then taken.
fn unique(taken: &mut BTreeSet<String>, base: String) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// Where a kept scheme's credential goes, as notes say it: two schemes with
/// the same place cannot both be sent.
fn place(s: &Value) -> String {
    let field = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or("");
    match field("type") {
        "apiKey" => match field("in") {
            "header" => format!("header `{}`", field("name").to_ascii_lowercase()),
            "query" => format!("query parameter `{}`", field("name")),
            other => format!("{other} `{}`", field("name")),
        },
        "http" if s.get("x-body-fields").is_some() => "request body".to_owned(),
        _ => "header `authorization`".to_owned(),
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
