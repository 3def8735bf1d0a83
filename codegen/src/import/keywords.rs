//! What single keywords of a JSON Schema say: its types, its description
//! (with `deprecated` and `default`), its limits, its enum values, and the
//! name a schema a `$ref` points at gets.

use std::collections::BTreeSet;

use serde_json::Value;

use super::doc::child;
use super::schema::{Kind, Slot};
use super::yaml::Node;
use super::{Level, Notes};

/// A type name for the schema at `pointer`: a component's name, followed by
/// the property names leading inside it (`A` + `b` -> `AB`), structural
/// keywords and indexes left out.
pub(super) fn pointer_name(pointer: &str) -> String {
    const STRUCTURAL: [&str; 12] = [
        "components",
        "schemas",
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
        "content",
        "schema",
        "paths",
        "not",
    ];
    let parts: Vec<String> = pointer
        .split('/')
        .filter(|s| {
            !s.is_empty() && !STRUCTURAL.contains(s) && !s.bytes().all(|b| b.is_ascii_digit())
        })
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut name = String::new();
    for p in parts.iter().rev().take(4).rev() {
        name.push_str(&crate::ident::upper_camel(p).unwrap_or_default());
    }
    if name.is_empty() {
        "Type".to_owned()
    } else {
        name
    }
}

/// Whether a schema only annotates (a description, `nullable`, a default)
/// and says nothing of the shape of a value.
pub(super) fn annotation_only(schema: &Value) -> bool {
    const SHAPE: [&str; 10] = [
        "$ref",
        "type",
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "enum",
        "const",
        "additionalProperties",
    ];
    schema
        .as_object()
        .is_some_and(|m| !m.keys().any(|k| SHAPE.contains(&k.as_str())))
}

/// `schema` without its description, for an alias whose description the
/// alias itself carries.
pub(super) fn strip_doc(schema: &Value) -> Value {
    let mut s = schema.clone();
    if let Some(m) = s.as_object_mut() {
        m.remove("description");
        m.remove("title");
    }
    s
}

/// The `type` of a schema: 3.0's string, or 3.1's list.
pub fn types_of(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

pub(super) fn flag(schema: &Value, key: &str) -> bool {
    schema.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The schema's description (or title), with `deprecated` and `default`
/// said in words.
pub fn describe(schema: &Value) -> Option<String> {
    let mut text = schema
        .get("description")
        .or_else(|| schema.get("title"))
        .and_then(Value::as_str)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    if flag(schema, "deprecated") {
        text = Some(match text {
            Some(t) => format!("**Deprecated.** {t}"),
            None => "**Deprecated.**".to_owned(),
        });
    }
    if let Some(d) = schema.get("default").filter(|d| !d.is_null()) {
        let note = format!(
            "Default: `{}`.",
            d.to_string().chars().take(200).collect::<String>()
        );
        text = Some(match text {
            Some(t) => format!("{t}\n\n{note}"),
            None => note,
        });
    }
    text
}

/// The limits of a schema that fit its type, as the format's keys.
pub(super) fn limits(schema: &Value, at: &str, expr: &str, slot: &mut Slot, notes: &mut Notes) {
    let is = |t: &str| match t {
        "string" => expr == "string",
        "array" => expr.starts_with("array<"),
        "integer" => matches!(expr, "i32" | "i64" | "u32" | "u64"),
        "number" => matches!(expr, "f32" | "f64"),
        _ => false,
    };
    let uint = |k: &str| schema.get(k).and_then(Value::as_u64);
    let num = |k: &str| {
        schema
            .get(k)
            .and_then(Value::as_f64)
            .filter(|f| f.is_finite())
    };
    if is("string") {
        if let Some(n) = uint("minLength").filter(|n| *n > 0) {
            slot.limits
                .push(("min_length", Node::Int(n.min(i64::MAX as u64) as i64)));
        }
        if let Some(n) = uint("maxLength") {
            slot.limits
                .push(("max_length", Node::Int(n.min(i64::MAX as u64) as i64)));
        }
        if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
            if regex::Regex::new(p).is_ok() && p.len() <= 1024 {
                slot.limits.push(("pattern", Node::str(p)));
            } else {
                notes.push(
                    Level::Warning,
                    &child(at, "pattern"),
                    "a pattern the `regex` crate cannot compile (lookaround, backreferences) is not checked",
                );
            }
        }
    }
    if is("array") {
        if let Some(n) = uint("minItems").filter(|n| *n > 0) {
            slot.limits
                .push(("min_length", Node::Int(n.min(i64::MAX as u64) as i64)));
        }
        if let Some(n) = uint("maxItems") {
            slot.limits
                .push(("max_length", Node::Int(n.min(i64::MAX as u64) as i64)));
        }
    }
    if is("integer") || is("number") {
        let float = is("number");
        let bound = |v: f64| {
            if float {
                Node::Float(v)
            } else {
                Node::Int(v as i64)
            }
        };
        if let Some(v) = num("minimum") {
            slot.limits.push(("minimum", bound(v)));
        }
        if let Some(v) = num("maximum") {
            slot.limits.push(("maximum", bound(v)));
        }
        if schema.get("exclusiveMinimum").is_some_and(Value::is_number)
            || schema.get("exclusiveMaximum").is_some_and(Value::is_number)
        {
            notes.push(
                Level::Info,
                at,
                "exclusive bounds are not checked by the client",
            );
        }
    }
}

/// A string or integer enum's definition; `null` among the values makes
/// the slots that use it nullable, other kinds of values make it `json`.
/// Names and descriptions of values exported by this project
/// (`x-enum-rust-names`, `x-enum-descriptions`) are kept.
pub(super) fn enum_def(
    schema: &Value,
    at: &str,
    notes: &mut Notes,
) -> (Vec<(&'static str, Node)>, Kind) {
    let values: &[Value] = schema
        .get("enum")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let listed = |key: &str, i: usize| {
        schema
            .get(key)
            .and_then(Value::as_array)
            .and_then(|l| l.get(i))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let present: Vec<(usize, &Value)> = values
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_null())
        .collect();
    let strings = present.iter().all(|(_, v)| v.is_string());
    let ints = present.iter().all(|(_, v)| v.is_i64());
    if present.is_empty() || !(strings || ints) {
        notes.push(
            Level::Warning,
            &child(at, "enum"),
            "an enum of mixed or non-scalar values is typed as `json`",
        );
        return (vec![("type", Node::str("json"))], Kind::Other);
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut items = Vec::new();
    for (i, v) in present {
        let (node, derived) = match v {
            Value::String(s) => (Node::str(s.clone()), crate::ident::upper_camel(s).ok()),
            _ => {
                let n = v.as_i64().unwrap_or(0);
                let name = if n < 0 {
                    format!("Minus{}", n.unsigned_abs())
                } else {
                    format!("Value{n}")
                };
                (Node::Int(n), Some(name))
            }
        };
        if !seen.insert(v.to_string()) {
            continue;
        }
        let wanted = listed("x-enum-rust-names", i)
            .or(derived.clone())
            .filter(|d| d != "Unknown");
        let rust = match wanted {
            Some(w) if taken.insert(w.clone()) => w,
            _ => {
                let mut name = format!("Value{i}");
                while !taken.insert(name.clone()) {
                    name.push('_');
                }
                name
            }
        };
        let description = listed("x-enum-descriptions", i);
        if ints || Some(&rust) != derived.as_ref() || description.is_some() {
            let mut full = Node::map([("value", node)]);
            if ints || Some(&rust) != derived.as_ref() {
                full.push("rust_name", Node::str(rust));
            }
            if let Some(d) = description {
                full.push("description", Node::str(d));
            }
            items.push(full);
        } else {
            items.push(node);
        }
    }
    let key = if strings { "enum" } else { "int_enum" };
    (vec![(key, Node::Seq(items))], Kind::Enum)
}
