//! JSON Schemas (OpenAPI 3.0 and 3.1) as this format's types: every slot
//! (field, parameter, body, response) gets a type expression, and every
//! object, enum and union gets a named type (a component schema under its
//! own name, an inline one named after its parent), so the spec reads as a
//! list of types and names nothing twice. Components are converted when a
//! selected operation first reaches them, so an import holds exactly the
//! types it needs.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::doc::{Doc, child};
use super::keywords::{
    annotation_only, describe, enum_def, flag, limits, pointer_name, strip_doc, types_of,
};
use super::names::Names;
use super::yaml::Node;
use super::{Level, Notes};

/// How deep inline schemas may nest inside one another.
const MAX_DEPTH: usize = 32;

/// A schema in a slot: its type expression and what the slot says of it.
#[derive(Debug, Clone, Default)]
pub struct Slot {
    /// The type expression (`string`, `array<Pet>`, `Pet`).
    pub expr: String,
    /// May be null.
    pub nullable: bool,
    /// Its description, with `deprecated` and `default` said in words.
    pub doc: Option<String>,
    /// Limits, as the format's keys (`max_length: 64`).
    pub limits: Vec<(&'static str, Node)>,
    /// The only value (`const`, or an enum of one value).
    pub constant: Option<Value>,
    /// Sent by servers only (`readOnly`).
    pub read_only: bool,
    /// Sent by clients only (`writeOnly`).
    pub write_only: bool,
    /// A secret (`x-sensitive`, as exported).
    pub sensitive: bool,
    /// Its Rust name (`x-rust-name`, as exported).
    pub rust_name: Option<String>,
}

/// What a named type is, for the checks a slot needs (a parameter must be
/// a scalar or an enum; a form body an object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Object,
    Enum,
    Union,
    Other,
}

/// The named types of an import, converted as they are reached.
pub struct Types<'d> {
    pub(super) doc: &'d Doc,
    /// The names taken.
    pub names: Names,
    /// What could not be said.
    pub notes: Notes,
    /// Component pointer -> its type name.
    components: BTreeMap<String, String>,
    /// Components named but not converted yet.
    queue: Vec<String>,
    /// Type name -> (where it came from, its definition, its kind).
    pub defs: BTreeMap<String, (String, Node, Kind)>,
    /// Component pointers being converted, to tell a recursive `allOf`.
    merging: BTreeSet<String>,
    /// The next object converted is a multipart body: its binary
    /// properties are files (`bytes`). Reset as soon as it is read.
    pub files: bool,
    /// Components only ever used as a multipart body, whose binary
    /// properties are files, by pointer (without `#`); found on first need.
    files_in: Option<BTreeSet<String>>,
    /// The order of a multipart body's fields (an exported spec's
    /// `x-parts`), by the pointer of its object.
    part_orders: BTreeMap<String, Vec<String>>,
}

impl<'d> Types<'d> {
    pub fn new(doc: &'d Doc, names: Names, notes: Notes) -> Self {
        Types {
            doc,
            names,
            notes,
            components: BTreeMap::new(),
            queue: Vec::new(),
            defs: BTreeMap::new(),
            merging: BTreeSet::new(),
            files: false,
            files_in: None,
            part_orders: BTreeMap::new(),
        }
    }

    /// Whether `name` is an object whose every field's type passes `ok`.
    pub fn form_fields(&self, name: &str, ok: impl Fn(&str) -> bool) -> bool {
        let Some((_, def, Kind::Object)) = self.defs.get(name) else {
            return false;
        };
        match def.get("object") {
            Some(Node::Map(fields)) => fields.iter().all(|f| match &f.value {
                Node::Str(e) => ok(e),
                other => matches!(other.get("type"), Some(Node::Str(e)) if ok(e)),
            }),
            _ => false,
        }
    }

    /// What the alias named `name` stands for (`type: string`), once defined.
    pub fn alias_of(&self, name: &str) -> Option<String> {
        match self.defs.get(name) {
            Some((_, def, Kind::Other)) => match def.get("type") {
                Some(Node::Str(e)) => Some(e.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The kind of the type named `name`, once defined.
    pub fn kind(&self, name: &str) -> Option<Kind> {
        self.defs.get(name).map(|d| d.2)
    }

    /// Converts every component reached so far, and those they reach.
    pub fn drain(&mut self) {
        while let Some(pointer) = self.queue.pop() {
            let name = self.components[&pointer].clone();
            let Some(schema) = self.doc.at(&pointer) else {
                continue;
            };
            let def = self.definition(schema, &pointer, &name, 0);
            self.defs.insert(name, (pointer, def.0, def.1));
        }
    }

    /// The slot of `schema` found at `at`; `hint` names an inline type it
    /// needs (`PetOwner`).
    pub fn slot(&mut self, schema: &Value, at: &str, hint: &str, depth: usize) -> Slot {
        let mut slot = Slot {
            doc: describe(schema),
            read_only: flag(schema, "readOnly"),
            write_only: flag(schema, "writeOnly"),
            nullable: flag(schema, "nullable"),
            sensitive: flag(schema, "x-sensitive"),
            rust_name: schema
                .get("x-rust-name")
                .and_then(Value::as_str)
                .map(str::to_owned),
            ..Slot::default()
        };
        if depth > MAX_DEPTH {
            self.notes.push(
                Level::Warning,
                at,
                "schemas nest deeper than 32 levels: typed as `json`",
            );
            slot.expr = "json".to_owned();
            return slot;
        }
        if let Some(members) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            slot.nullable |= members.iter().any(|m| types_of(m) == ["null"]);
            // One schema, or one and null (3.1's nullable reference), is
            // that schema: no type of its own (an alias would only rename).
            let key = if schema.get("oneOf").is_some() {
                "oneOf"
            } else {
                "anyOf"
            };
            let shaped: Vec<(usize, &Value)> = members
                .iter()
                .enumerate()
                .filter(|(_, m)| types_of(m) != ["null"])
                .collect();
            if let [(i, only)] = shaped.as_slice()
                && schema.get("properties").is_none()
            {
                let inner = self.slot(
                    only,
                    &child(&child(at, key), &i.to_string()),
                    hint,
                    depth + 1,
                );
                return Slot {
                    doc: slot.doc.or(inner.doc.clone()),
                    nullable: slot.nullable || inner.nullable,
                    sensitive: slot.sensitive || inner.sensitive,
                    rust_name: slot.rust_name.or(inner.rust_name.clone()),
                    read_only: slot.read_only || inner.read_only,
                    write_only: slot.write_only || inner.write_only,
                    ..inner
                };
            }
        }
        if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
            slot.expr = self.reference(target, at, hint, depth);
            if let Ok((resolved, _)) = self.doc.deref(schema, at) {
                slot.nullable |= flag(resolved, "nullable") || types_of(resolved).contains(&"null");
            }
            return slot;
        }
        // `allOf` of one schema and annotations (a description, `nullable`)
        // is that schema.
        if let Some(members) = schema.get("allOf").and_then(Value::as_array)
            && schema.get("properties").is_none()
        {
            let shaped: Vec<(usize, &Value)> = members
                .iter()
                .enumerate()
                .filter(|(_, m)| !annotation_only(m))
                .collect();
            if let [(i, only)] = shaped.as_slice() {
                let inner = self.slot(
                    only,
                    &child(&child(at, "allOf"), &i.to_string()),
                    hint,
                    depth + 1,
                );
                let annotations = members.iter().filter(|m| annotation_only(m));
                let mut doc = slot.doc.or(inner.doc.clone());
                let mut nullable = slot.nullable || inner.nullable;
                for a in annotations {
                    doc = describe(a).or(doc);
                    nullable |= flag(a, "nullable");
                }
                return Slot {
                    doc,
                    nullable,
                    ..inner
                };
            }
        }
        let types = types_of(schema);
        slot.nullable |= types.contains(&"null");
        if let Some(c) = schema.get("const") {
            slot.constant = Some(c.clone());
        }
        slot.expr = self.expr(schema, at, hint, &types, depth);
        let expr = slot.expr.clone();
        limits(schema, at, &expr, &mut slot, &mut self.notes);
        if let Some(values) = schema.get("enum").and_then(Value::as_array)
            && values.iter().any(Value::is_null)
        {
            slot.nullable = true;
        }
        slot
    }

    /// The type name of the component `target` refers to, or the type of
    /// what it points at.
    fn reference(&mut self, target: &str, at: &str, hint: &str, depth: usize) -> String {
        if !target.starts_with('#') {
            self.notes.push(
                Level::Warning,
                at,
                format!("`$ref: {target}` points outside the document (bundle it first): typed as `json`"),
            );
            return "json".to_owned();
        }
        let pointer = target.strip_prefix('#').unwrap_or(target).to_owned();
        let Some(schema) = self.doc.at(&pointer) else {
            self.notes.push(
                Level::Warning,
                at,
                format!("`$ref: {target}` leads nowhere: typed as `json`"),
            );
            return "json".to_owned();
        };
        let _ = (schema, hint, depth);
        // Any schema a `$ref` points at, a component or one inside another
        // (`#/components/schemas/A/properties/b`), is a named type: a
        // reference cycle through inner schemas is then a recursive type.
        self.component(&pointer)
    }

    /// The type name of the component schema at `pointer`, queued for
    /// conversion the first time.
    pub(super) fn component(&mut self, pointer: &str) -> String {
        if let Some(name) = self.components.get(pointer) {
            return name.clone();
        }
        let name = self.names.type_name(&pointer_name(pointer));
        self.components.insert(pointer.to_owned(), name.clone());
        self.queue.push(pointer.to_owned());
        name
    }

    /// Names every component schema of the document, so that each is
    /// converted.
    pub fn every_component(&mut self) {
        let names: Vec<String> = self
            .doc
            .root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for n in names {
            self.component(&super::doc::child("/components/schemas", &n));
        }
    }

    /// Types that are only aliases of one another round a circle (`A`
    /// is `B`, `B` is `A`; Stripe's expandable fields name themselves) say
    /// nothing of a shape: the first of each circle becomes `json`.
    pub fn break_alias_cycles(&mut self) {
        let names: Vec<String> = self.defs.keys().cloned().collect();
        for start in names {
            let mut current = start.clone();
            for _ in 0..64 {
                let Some(next) = self.alias_of(&current) else {
                    break;
                };
                if next == start {
                    if let Some((pointer, def, _)) = self.defs.get_mut(&start) {
                        self.notes.push(
                            Level::Warning,
                            &format!("#{}", pointer.trim_start_matches('#')),
                            "this schema only refers to itself: typed as `json`",
                        );
                        *def = Node::map([("type", Node::str("json"))]);
                    }
                    break;
                }
                current = next;
            }
        }
    }

    /// `v` with `$ref`s followed, and where it was found.
    pub(super) fn doc_deref(&self, v: &Value, at: &str) -> Result<(Value, String), String> {
        self.doc.deref(v, at).map(|(v, p)| (v.clone(), p))
    }

    /// Marks a component as being merged; `false` when it already is.
    pub(super) fn enter(&mut self, pointer: &str) -> bool {
        self.merging.insert(pointer.to_owned())
    }

    pub(super) fn leave(&mut self, pointer: &str) {
        self.merging.remove(pointer);
    }

    /// The type expression of an inline schema, defining a named type for
    /// an object, enum or union.
    fn expr(
        &mut self,
        schema: &Value,
        at: &str,
        hint: &str,
        types: &[&str],
        depth: usize,
    ) -> String {
        let named = schema.get("properties").is_some()
            || schema.get("allOf").is_some()
            || schema.get("oneOf").is_some()
            || schema.get("anyOf").is_some()
            || (schema.get("enum").is_some() && !types.contains(&"boolean"));
        if named {
            let name = self.names.type_name(hint);
            let (def, kind) = self.definition(schema, at, &name, depth + 1);
            self.defs.insert(name.clone(), (at.to_owned(), def, kind));
            return name;
        }
        let non_null: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
        match non_null.as_slice() {
            [] if schema.get("items").is_some() => self.array(schema, at, hint, depth),
            [] if schema.get("additionalProperties").is_some() => self.map(schema, at, hint, depth),
            [] => "json".to_owned(),
            [one] => self.single(one, schema, at, hint, depth),
            _ => {
                // 3.1 `type: [string, integer]`: a union of the scalars.
                let name = self.names.type_name(hint);
                let members: Vec<Node> = non_null
                    .iter()
                    .map(|t| Node::str(self.single(t, schema, at, hint, depth)))
                    .collect();
                self.defs.insert(
                    name.clone(),
                    (
                        at.to_owned(),
                        Node::map([("one_of", Node::Seq(members))]),
                        Kind::Union,
                    ),
                );
                name
            }
        }
    }
    fn single(&mut self, ty: &str, schema: &Value, at: &str, hint: &str, depth: usize) -> String {
        let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
        match ty {
            "string" => match format {
                "date" => "date",
                "date-time" => "date_time",
                _ => "string",
            }
            .to_owned(),
            "integer" => match format {
                "int32" => "i32",
                "uint32" => "u32",
                "uint64" => "u64",
                _ => "i64",
            }
            .to_owned(),
            "number" => match format {
                "float" => "f32",
                _ => "f64",
            }
            .to_owned(),
            "boolean" => "bool".to_owned(),
            "array" => self.array(schema, at, hint, depth),
            "object" => self.map(schema, at, hint, depth),
            other => {
                self.notes.push(
                    Level::Warning,
                    at,
                    format!("unknown type `{other}`: typed as `json`"),
                );
                "json".to_owned()
            }
        }
    }

    fn array(&mut self, schema: &Value, at: &str, hint: &str, depth: usize) -> String {
        match schema.get("items") {
            Some(items) if items.is_object() => {
                let inner = self.slot(
                    items,
                    &child(at, "items"),
                    &format!("{hint}Item"),
                    depth + 1,
                );
                format!("array<{}>", inner.expr)
            }
            _ => "array<json>".to_owned(),
        }
    }

    fn map(&mut self, schema: &Value, at: &str, hint: &str, depth: usize) -> String {
        match schema.get("additionalProperties") {
            Some(values)
                if values.is_object() && values.as_object().is_some_and(|m| !m.is_empty()) =>
            {
                let inner = self.slot(
                    values,
                    &child(at, "additionalProperties"),
                    &format!("{hint}Value"),
                    depth + 1,
                );
                format!("map<{}>", inner.expr)
            }
            _ => "map<json>".to_owned(),
        }
    }

    /// The definition of a named type from `schema`.
    /// A multipart body's type: an object of its own (even where the
    /// document refers to a shared schema), its binary properties files.
    /// `None` when the schema is not an object.
    /// `order` (an exported spec's `x-parts`) puts its fields in that order.
    pub fn multipart(
        &mut self,
        schema: &Value,
        at: &str,
        hint: &str,
        order: &[&str],
    ) -> Option<String> {
        let (resolved, pointer) = self.doc_deref(schema, at).ok()?;
        let schema = resolved;
        let object = (schema.get("properties").is_some() || schema.get("allOf").is_some())
            && schema.get("oneOf").is_none()
            && schema.get("anyOf").is_none()
            && schema.get("enum").is_none();
        if !object {
            return None;
        }
        // A component no other schema or body uses is the body's type, so
        // its name is kept; another is copied into a type of its own.
        let key = pointer.trim_start_matches('#').to_owned();
        if !order.is_empty() {
            self.part_orders
                .insert(key.clone(), order.iter().map(|o| (*o).to_owned()).collect());
        }
        if self.multipart_only().contains(&key) {
            return Some(self.component(&key));
        }
        let name = self.names.type_name(hint);
        self.files = true;
        let (def, kind) = self.definition(&schema, &pointer, &name, 0);
        self.files = false;
        self.defs.insert(name.clone(), (pointer, def, kind));
        Some(name)
    }

    /// The components (pointers without `#`) whose every reference is the
    /// schema of a `multipart/form-data` body.
    fn multipart_only(&mut self) -> &BTreeSet<String> {
        let doc = self.doc;
        self.files_in.get_or_insert_with(|| {
            let mut all: BTreeMap<&str, usize> = BTreeMap::new();
            let mut multipart: BTreeMap<&str, usize> = BTreeMap::new();
            // (value, whether it is a multipart media type's schema)
            let mut stack: Vec<(&Value, bool)> = vec![(&doc.root, false)];
            while let Some((v, body)) = stack.pop() {
                match v {
                    Value::Object(m) => {
                        if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                            let r = r.trim_start_matches('#');
                            *all.entry(r).or_default() += 1;
                            if body {
                                *multipart.entry(r).or_default() += 1;
                            }
                        }
                        for (k, child) in m {
                            let media = k.to_ascii_lowercase().starts_with("multipart/form-data");
                            match (media, child.get("schema")) {
                                (true, Some(schema)) => {
                                    stack.push((schema, true));
                                    stack.extend(
                                        child
                                            .as_object()
                                            .into_iter()
                                            .flatten()
                                            .filter(|(k, _)| *k != "schema")
                                            .map(|(_, c)| (c, false)),
                                    );
                                }
                                _ => stack.push((child, false)),
                            }
                        }
                    }
                    Value::Array(items) => stack.extend(items.iter().map(|i| (i, false))),
                    _ => {}
                }
            }
            multipart
                .into_iter()
                .filter(|(r, n)| all.get(r) == Some(n))
                .map(|(r, _)| r.to_owned())
                .collect()
        })
    }

    /// The order of the fields of the multipart body at `at`, when given.
    pub(super) fn part_order(&self, at: &str) -> Option<&Vec<String>> {
        self.part_orders.get(at.trim_start_matches('#'))
    }

    /// Whether the object at `at` is a component only used as a multipart
    /// body.
    pub(super) fn holds_files(&self, at: &str) -> bool {
        self.files_in
            .as_ref()
            .is_some_and(|f| f.contains(at.trim_start_matches('#')))
    }

    fn definition(&mut self, schema: &Value, at: &str, name: &str, depth: usize) -> (Node, Kind) {
        let mut def = Node::map(Vec::<(String, Node)>::new());
        let (body, kind) = if schema.get("enum").and_then(Value::as_array).is_some() {
            enum_def(schema, at, &mut self.notes)
        } else if let Some(members) = schema.get("oneOf").or_else(|| schema.get("anyOf")) {
            self.union(schema, members, at, name, depth)
        } else if schema.get("properties").is_some() || schema.get("allOf").is_some() {
            (self.object(schema, at, name, depth), Kind::Object)
        } else {
            let slot = self.slot(&strip_doc(schema), at, &format!("{name}Inner"), depth + 1);
            (vec![("type", Node::str(slot.expr))], Kind::Other)
        };
        for (k, v) in body {
            def.push(k, v);
        }
        if let Some(d) = describe(schema) {
            def.push("description", Node::str(d));
        }
        (def, kind)
    }
}
