//! Overrides: the reviewed edits a maintainer keeps beside an imported spec,
//! applied on every import so that the vendor's next release loses none.
//!
//! An override is a merge patch (RFC 7386) over the spec the import writes:
//! a mapping merges into a mapping key by key, `null` removes a key, any
//! other value replaces. Two additions make it fit the format: a mapping
//! merged into a shorthand expands it first (`access_token: string` with
//! `{ sensitive: true }` is `{ type: string, sensitive: true }`; a
//! response's shorthand expands to `{ body: ... }`), and an override of an
//! endpoint, type or server the import no longer has is reported, not
//! applied, since the vendor removed or renamed it.

use serde_json::Value;

use super::yaml::{Entry, Node};
use super::{Level, Notes};

/// Applies `patch` (read from `from`) to the spec `root`.
pub fn apply(root: &mut Node, patch: &Value, from: &str, notes: &mut Notes) {
    let Some(patch) = patch.as_object() else {
        notes.push(
            Level::Warning,
            from,
            "`overrides` is not a mapping: nothing is applied",
        );
        return;
    };
    let mut path = Vec::new();
    merge(root, patch, &mut path, from, notes);
}

/// The collections whose entries a vendor's release may remove: an
/// override of a missing entry is reported, not turned into a new one.
const NAMED: [&str; 3] = ["endpoints", "types", "servers"];

fn merge(
    target: &mut Node,
    patch: &serde_json::Map<String, Value>,
    path: &mut Vec<String>,
    from: &str,
    notes: &mut Notes,
) {
    if let Node::Str(expr) = target
        && let Some(key) = shorthand(path)
    {
        *target = Node::map([(key, Node::Str(std::mem::take(expr)))]);
    } else if matches!(target, Node::Empty) {
        *target = Node::Map(Vec::new());
    }
    let Node::Map(entries) = target else {
        *target = node(&Value::Object(patch.clone()));
        return;
    };
    for (key, value) in patch {
        let at = entries.iter().position(|e| &e.key == key);
        let shown = || format!("{}/{key}", path.join("/"));
        match (at, value) {
            (Some(i), Value::Null) => {
                entries.remove(i);
            }
            (None, Value::Null) => notes.push(
                Level::Warning,
                from,
                format!("the override removes `{}`, which the import does not have", shown()),
            ),
            (None, _) if path.len() == 1 && NAMED.contains(&path[0].as_str()) => notes.push(
                Level::Warning,
                from,
                format!(
                    "the import has no `{}` (the document removed or renamed it): its override is not applied",
                    shown()
                ),
            ),
            (None, v) => entries.push(Entry {
                key: key.clone(),
                value: node(v),
                comment: None,
            }),
            (Some(i), Value::Object(inner)) => {
                path.push(key.clone());
                merge(&mut entries[i].value, inner, path, from, notes);
                path.pop();
            }
            (Some(i), v) => entries[i].value = node(v),
        }
        if path.len() == 1
            && NAMED.contains(&path[0].as_str())
            && let Some(e) = entries.iter_mut().find(|e| &e.key == key)
        {
            let note = format!("edited by {from}");
            e.comment = Some(match e.comment.take() {
                Some(c) if !c.contains(&note) => format!("{c}; {note}"),
                Some(c) => c,
                None => note,
            });
        }
    }
}

/// The key a shorthand at `path` stands for: a field's, parameter's or
/// body's type expression is its `type`, a response's its `body`.
fn shorthand(path: &[String]) -> Option<&'static str> {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    match p.as_slice() {
        ["types", _, "object", _] | ["endpoints", _, "body"] => Some("type"),
        ["endpoints", _, "query" | "headers" | "path_params", _] => Some("type"),
        ["endpoints", _, "responses", _] => Some("body"),
        _ => None,
    }
}

/// A JSON value as a YAML node.
pub(super) fn node(v: &Value) -> Node {
    match v {
        Value::Null => Node::Empty,
        Value::Bool(b) => Node::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Node::Int(i),
            None => Node::Float(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => Node::Str(s.clone()),
        Value::Array(a) => Node::Seq(a.iter().map(node).collect()),
        Value::Object(m) => Node::Map(
            m.iter()
                .map(|(k, v)| Entry {
                    key: k.clone(),
                    value: node(v),
                    comment: None,
                })
                .collect(),
        ),
    }
}
