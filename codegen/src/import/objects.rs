//! Objects (their properties, `allOf` merged) and unions (`oneOf`, `anyOf`,
//! with or without a `discriminator`) as named types.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::doc::child;
use super::keywords::types_of;
use super::schema::{Kind, Slot, Types};
use super::yaml::Node;
use super::{Level, Notes};

/// One property of an object, after `allOf` is merged.
struct Property {
    wire: String,
    schema: Value,
    at: String,
}

impl Types<'_> {
    /// An object's definition: `object:` and its fields.
    pub(super) fn object(
        &mut self,
        schema: &Value,
        at: &str,
        name: &str,
        depth: usize,
    ) -> Vec<(&'static str, Node)> {
        let files = std::mem::take(&mut self.files) || self.holds_files(at);
        let mut props = Vec::new();
        let mut required = BTreeSet::new();
        self.collect(schema, at, &mut props, &mut required, 0);
        if let Some(order) = self.part_order(at) {
            let rank = |k: &str| order.iter().position(|o| o == k).unwrap_or(order.len());
            props.sort_by_key(|p| rank(&p.wire));
        }
        let mut fields = Node::Map(Vec::new());
        let mut rust_names = BTreeSet::new();
        for (i, p) in props.iter().enumerate() {
            let hint = format!("{name}{}", self.names.camel_part(&p.wire));
            let mut slot = self.slot(&p.schema, &p.at, &hint, depth + 1);
            if files && let Some(file) = self.file(&p.schema, &p.at) {
                slot.expr = file.to_owned();
                slot.limits.clear();
                slot.constant = None;
            }
            let derived = crate::ident::snake(&p.wire).ok();
            let wanted = slot.rust_name.clone().or(derived.clone());
            let rust = wanted.filter(|r| rust_names.insert(r.clone()));
            let rust_name = match rust {
                Some(r) if Some(&r) == derived.as_ref() => None,
                Some(r) => Some(r),
                None => {
                    let mut r = format!("field_{i}");
                    while !rust_names.insert(r.clone()) {
                        r.push('_');
                    }
                    Some(r)
                }
            };
            let field = field(
                slot,
                required.contains(&p.wire),
                rust_name,
                &p.at,
                &mut self.notes,
            );
            fields.push(p.wire.clone(), field);
        }
        vec![("object", fields)]
    }

    /// `bytes` for a binary string (a file of a multipart body),
    /// `array<bytes>` for an array of them.
    fn file(&self, schema: &Value, at: &str) -> Option<&'static str> {
        // 3.0 says `format: binary`; 3.1 a `contentMediaType` without a
        // `contentEncoding` (which would make it text, e.g. base64).
        let binary = |s: &Value| {
            self.doc_deref(s, at).is_ok_and(|(s, _)| {
                types_of(&s) == ["string"]
                    && (s.get("format").and_then(Value::as_str) == Some("binary")
                        || (s.get("contentMediaType").is_some()
                            && s.get("contentEncoding").is_none()))
            })
        };
        let (schema, _) = self.doc_deref(schema, at).ok()?;
        if binary(&schema) {
            return Some("bytes");
        }
        let items = schema.get("items")?;
        (types_of(&schema) == ["array"] && binary(items)).then_some("array<bytes>")
    }

    /// The properties and required names of `schema` and of every `allOf`
    /// member, later ones winning.
    fn collect(
        &mut self,
        schema: &Value,
        at: &str,
        props: &mut Vec<Property>,
        required: &mut BTreeSet<String>,
        depth: usize,
    ) {
        if depth > 32 {
            self.notes.push(
                Level::Warning,
                at,
                "`allOf` nests deeper than 32 levels: the rest is left out",
            );
            return;
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            for (i, m) in members.iter().enumerate() {
                let here = child(&child(at, "allOf"), &i.to_string());
                let (member, pointer) = match self.doc_deref(m, &here) {
                    Ok(x) => x,
                    Err(why) => {
                        self.notes.push(Level::Warning, &here, why);
                        continue;
                    }
                };
                if !self.enter(&pointer) {
                    self.notes.push(
                        Level::Warning,
                        &here,
                        "an `allOf` that contains itself: left out",
                    );
                    continue;
                }
                let member = member.clone();
                self.collect(&member, &pointer, props, required, depth + 1);
                self.leave(&pointer);
            }
        }
        if let Some(own) = schema.get("properties").and_then(Value::as_object) {
            for (wire, s) in own {
                let p = Property {
                    wire: wire.clone(),
                    schema: s.clone(),
                    at: child(&child(at, "properties"), wire),
                };
                match props.iter_mut().find(|q| q.wire == *wire) {
                    Some(q) => *q = p,
                    None => props.push(p),
                }
            }
        }
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(r) = r.as_str() {
                required.insert(r.to_owned());
            }
        }
    }

    /// A union's definition: `one_of:` its members, by tag when a
    /// `discriminator` names the field.
    pub(super) fn union(
        &mut self,
        schema: &Value,
        members: &Value,
        at: &str,
        name: &str,
        depth: usize,
    ) -> (Vec<(&'static str, Node)>, Kind) {
        let key = if schema.get("oneOf").is_some() {
            "oneOf"
        } else {
            "anyOf"
        };
        let list: Vec<&Value> = members
            .as_array()
            .map(|m| m.iter().filter(|m| types_of(m) != ["null"]).collect())
            .unwrap_or_default();
        if list.is_empty() {
            return (vec![("type", Node::str("json"))], Kind::Other);
        }
        if schema.get("properties").is_some() {
            self.notes.push(
                Level::Warning,
                at,
                format!("properties beside `{key}` are left out"),
            );
        }
        if let Some(tagged) = self.tagged(schema, &list) {
            return (tagged, Kind::Union);
        }
        let mut exprs: Vec<String> = Vec::new();
        for (i, m) in list.iter().enumerate() {
            let here = child(&child(at, key), &i.to_string());
            let hint = format!("{name}Member{}", i + 1);
            let e = self.slot(m, &here, &hint, depth + 1).expr;
            if !exprs.contains(&e) {
                exprs.push(e);
            }
        }
        if let [only] = exprs.as_slice() {
            return (vec![("type", Node::str(only.clone()))], Kind::Other);
        }
        let members = exprs.into_iter().map(Node::Str).collect();
        (vec![("one_of", Node::Seq(members))], Kind::Union)
    }

    /// A union told apart by a field: every member a reference to a
    /// component, the tag values from the `discriminator`'s mapping or the
    /// components' names.
    fn tagged(&mut self, schema: &Value, list: &[&Value]) -> Option<Vec<(&'static str, Node)>> {
        let d = schema.get("discriminator")?;
        let tag = d.get("propertyName")?.as_str()?;
        let empty = Map::new();
        let mapping = d
            .get("mapping")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        // Each member: a component, or an object of the tag alone (a tag
        // that carries no data).
        enum Member<'v> {
            Component(&'v str),
            Bare(&'v str),
        }
        // A member that is no object cannot carry the tag (GitHub's
        // `content-directory` is an array): then the union is untagged.
        let doc = self.doc;
        let object = |t: &str| {
            doc.at(t).is_some_and(|s| {
                let types = types_of(s);
                types.is_empty() || types.contains(&"object")
            })
        };
        let members_of: Option<Vec<Member>> = list
            .iter()
            .map(|m| match m.get("$ref").and_then(Value::as_str) {
                Some(t) if is_component(t) && object(t) => Some(Member::Component(t)),
                Some(_) => None,
                None => bare_tag(m, tag).map(Member::Bare),
            })
            .collect();
        let mut members = Node::Map(Vec::new());
        let mut seen = BTreeSet::new();
        for member in members_of? {
            let target = match member {
                Member::Bare(value) => {
                    if seen.insert(value.to_owned()) {
                        members.push(value, Node::Empty);
                    }
                    continue;
                }
                Member::Component(t) => t,
            };
            let values: Vec<&str> = mapping
                .iter()
                .filter(|(_, v)| v.as_str() == Some(target))
                .map(|(k, _)| k.as_str())
                .collect();
            let own = target.rsplit('/').next().unwrap_or(target);
            let values = if values.is_empty() { vec![own] } else { values };
            let name = self.component(&target[1..]);
            for v in values {
                if seen.insert(v.to_owned()) {
                    members.push(v, Node::str(name.clone()));
                }
            }
        }
        Some(vec![("tag", Node::str(tag)), ("one_of", members)])
    }
}

/// The tag value of an object whose only property is the tag, fixed by
/// `const` (or an enum of one value).
fn bare_tag<'v>(m: &'v Value, tag: &str) -> Option<&'v str> {
    let props = m.get("properties")?.as_object()?;
    if props.len() != 1 {
        return None;
    }
    let t = props.get(tag)?;
    t.get("const").and_then(Value::as_str).or_else(|| {
        match t.get("enum").and_then(Value::as_array).map(Vec::as_slice) {
            Some([one]) => one.as_str(),
            _ => None,
        }
    })
}

/// Whether `target` names a component schema (`#/components/schemas/Pet`).
fn is_component(target: &str) -> bool {
    target.starts_with("#/components/schemas/") && target.matches('/').count() == 3
}

/// A field's node: the shorthand when only its type is said.
fn field(
    mut slot: Slot,
    required: bool,
    rust_name: Option<String>,
    at: &str,
    notes: &mut Notes,
) -> Node {
    let optional = !required || slot.read_only || slot.write_only;
    if slot.read_only || slot.write_only {
        let note = if slot.read_only {
            "Read-only: sent by the server, never by clients."
        } else {
            "Write-only: sent by clients, never by the server."
        };
        slot.doc = Some(match slot.doc {
            Some(d) => format!("{d}\n\n{note}"),
            None => note.to_owned(),
        });
    }
    if optional && slot.constant.is_some() {
        notes.push(
            Level::Info,
            at,
            "an optional `const` is kept as a plain field",
        );
        slot.constant = None;
    }
    // A constant is kept where it has the field's own type.
    let fits = |c: &Value| match c {
        Value::String(_) => slot.expr == "string",
        Value::Bool(_) => slot.expr == "bool",
        Value::Number(n) if n.is_i64() => {
            matches!(slot.expr.as_str(), "i32" | "i64" | "u32" | "u64")
        }
        Value::Number(_) => matches!(slot.expr.as_str(), "f32" | "f64"),
        _ => false,
    };
    if let Some(c) = slot.constant.take_if(|c| !fits(c)) {
        notes.push(
            Level::Info,
            at,
            format!(
                "the `const` {c} is not a `{}`: kept as a plain field",
                slot.expr
            ),
        );
    }
    if !optional
        && !slot.nullable
        && slot.doc.is_none()
        && slot.limits.is_empty()
        && slot.constant.is_none()
        && !slot.sensitive
        && rust_name.is_none()
    {
        return Node::str(slot.expr);
    }
    let mut node = Node::map([("type", Node::str(slot.expr))]);
    if optional {
        node.push("optional", Node::Bool(true));
    }
    if slot.nullable {
        node.push("nullable", Node::Bool(true));
    }
    if let Some(c) = slot.constant {
        match c {
            Value::String(s) => node.push("const", Node::str(s)),
            Value::Bool(b) => node.push("const", Node::Bool(b)),
            Value::Number(n) if n.is_i64() => {
                node.push("const", Node::Int(n.as_i64().unwrap_or(0)))
            }
            Value::Number(n) => node.push("const", Node::Float(n.as_f64().unwrap_or(0.0))),
            _ => notes.push(
                Level::Info,
                at,
                "a `const` that is not a scalar is kept as a plain field",
            ),
        }
    }
    for (k, v) in slot.limits {
        node.push(k, v);
    }
    if slot.sensitive {
        node.push("sensitive", Node::Bool(true));
    }
    if let Some(r) = rust_name {
        node.push("rust_name", Node::str(r));
    }
    if let Some(d) = slot.doc {
        node.push("description", Node::str(d));
    }
    node
}
