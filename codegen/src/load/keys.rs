//! Every unknown key of a file, not only the first.
//!
//! serde stops at the first key a struct does not know. When that happens,
//! the file is read again as a plain tree of mappings, sequences and scalars
//! (keys keep their positions) and walked against the JSON Schema derived from
//! the spec model, so every misspelt key is reported in one run, each with
//! the keys allowed in its place.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::ident;
use crate::spec::{Pos, Sp};

/// A YAML document as mappings (with positioned keys), sequences and scalars.
enum Node {
    Map(Vec<(Sp<String>, Node)>),
    Seq(Vec<Node>),
    Scalar,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Sp<String>>()? {
                    out.push((k, map.next_value::<Node>()?));
                }
                Ok(Node::Map(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(n) = seq.next_element::<Node>()? {
                    out.push(n);
                }
                Ok(Node::Seq(out))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
        }
        d.deserialize_any(V)
    }
}

/// An unknown key: where, what, and the keys allowed there.
pub(super) struct Unknown {
    pub(super) pos: Pos,
    pub(super) key: String,
    pub(super) allowed: Vec<String>,
}

impl Unknown {
    pub(super) fn help(&self) -> String {
        match ident::closest(&self.key, self.allowed.iter().map(String::as_str)) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!(
                "remove `{}`; the keys allowed here are: {}",
                self.key,
                self.allowed.join(", ")
            ),
        }
    }
}

/// Every key of `text` that the spec format does not know, in file order.
pub(super) fn unknown_keys(text: &str, options: serde_saphyr::Options) -> Vec<Unknown> {
    let Ok(root) = serde_saphyr::from_str_with_options::<Node>(text, options) else {
        return Vec::new();
    };
    let Ok(schema) = serde_json::from_str::<Value>(&crate::json_schema()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(&root, &schema, &schema, &mut out);
    out.sort_by_key(|u| u.pos);
    out
}

fn walk(node: &Node, schema: &Value, root: &Value, out: &mut Vec<Unknown>) {
    let schema = resolve(schema, root);
    match node {
        Node::Map(entries) => {
            let Some(object) = object_schema(schema, root) else {
                return;
            };
            let properties = object.get("properties").and_then(Value::as_object);
            let additional = object.get("additionalProperties");
            for (key, value) in entries {
                match (properties.and_then(|p| p.get(&key.value)), additional) {
                    (Some(property), _) => walk(value, property, root, out),
                    (None, Some(Value::Bool(false))) => out.push(Unknown {
                        pos: key.pos,
                        key: key.value.clone(),
                        allowed: properties
                            .map(|p| p.keys().cloned().collect())
                            .unwrap_or_default(),
                    }),
                    (None, Some(extra)) if extra.is_object() => walk(value, extra, root, out),
                    (None, _) => {}
                }
            }
        }
        Node::Seq(items) => {
            let item_schema = alternatives(schema, root)
                .into_iter()
                .find_map(|s| s.get("items"));
            if let Some(item_schema) = item_schema {
                for item in items {
                    walk(item, item_schema, root, out);
                }
            }
        }
        Node::Scalar => {}
    }
}

/// Follows `$ref`s into `$defs`.
fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    let mut current = schema;
    for _ in 0..32 {
        let Some(name) = current
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        else {
            break;
        };
        match root.get("$defs").and_then(|d| d.get(name)) {
            Some(next) => current = next,
            None => break,
        }
    }
    current
}

/// The schema and its `anyOf`/`oneOf` alternatives, resolved.
fn alternatives<'a>(schema: &'a Value, root: &'a Value) -> Vec<&'a Value> {
    let mut out = vec![schema];
    for key in ["anyOf", "oneOf"] {
        if let Some(list) = schema.get(key).and_then(Value::as_array) {
            for s in list {
                out.extend(alternatives(resolve(s, root), root));
            }
        }
    }
    out
}

/// The alternative that describes a mapping: one with `properties` or
/// `additionalProperties`.
fn object_schema<'a>(schema: &'a Value, root: &'a Value) -> Option<&'a Value> {
    alternatives(schema, root)
        .into_iter()
        .find(|s| s.get("properties").is_some() || s.get("additionalProperties").is_some())
}
