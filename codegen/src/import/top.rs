//! The document's servers, with their variables.

use std::collections::BTreeSet;

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
