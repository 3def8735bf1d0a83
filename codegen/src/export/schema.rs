//! Types as JSON Schemas (OpenAPI 3.1): structs as objects, enums with
//! their values, unions as `oneOf` (with a `discriminator` when tagged),
//! aliases as what they name; Rust names and secrets in `x-` extensions.

use serde_json::{Map, Value, json};

use crate::ident;
use crate::ir::{Constraints, FieldItem, Measure, Prim, TypeItem, TypeKind, TypeRef, Variant};

/// The schema of a type reference.
pub fn schema(t: &TypeRef) -> Value {
    match t {
        TypeRef::Prim(p) => match p {
            Prim::String => json!({ "type": "string" }),
            Prim::Bool => json!({ "type": "boolean" }),
            Prim::I32 => json!({ "type": "integer", "format": "int32" }),
            Prim::I64 => json!({ "type": "integer", "format": "int64" }),
            Prim::U32 => json!({ "type": "integer", "format": "uint32" }),
            Prim::U64 => json!({ "type": "integer", "format": "uint64" }),
            Prim::F32 => json!({ "type": "number", "format": "float" }),
            Prim::F64 => json!({ "type": "number", "format": "double" }),
            Prim::Json => json!({}),
            Prim::Bytes => json!({ "type": "string", "format": "binary" }),
            Prim::Date => json!({ "type": "string", "format": "date" }),
            Prim::DateTime => json!({ "type": "string", "format": "date-time" }),
        },
        TypeRef::Named(n) => json!({ "$ref": format!("#/components/schemas/{n}") }),
        TypeRef::Array(inner) => json!({ "type": "array", "items": schema(inner) }),
        TypeRef::Map(inner) => json!({ "type": "object", "additionalProperties": schema(inner) }),
    }
}

/// `s` with the limits `c`, in JSON Schema's words for what they measure.
pub fn with_limits(mut s: Value, c: &Constraints) -> Value {
    let (min, max) = match c.measure {
        Measure::Items => ("minItems", "maxItems"),
        _ => ("minLength", "maxLength"),
    };
    if let Some(v) = c.min_length {
        s[min] = json!(v);
    }
    if let Some(v) = c.max_length {
        s[max] = json!(v);
    }
    if let Some(v) = c.minimum {
        s["minimum"] = number(v);
    }
    if let Some(v) = c.maximum {
        s["maximum"] = number(v);
    }
    if let Some(p) = &c.pattern {
        s["pattern"] = json!(p);
    }
    s
}

/// A bound as an integer when it is one.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// A schema that may also be null: a type list for a primitive, `anyOf`
/// with `null` for a reference.
fn nullable(s: Value) -> Value {
    match s.get("type").cloned() {
        Some(Value::String(t)) => {
            let mut s = s;
            s["type"] = json!([t, "null"]);
            s
        }
        _ => json!({ "anyOf": [s, { "type": "null" }] }),
    }
}

/// The schema of a named type.
pub fn type_schema(t: &TypeItem) -> Value {
    let mut s = match &t.kind {
        TypeKind::Struct(fields) => object(fields),
        TypeKind::StringEnum(values) => enumeration("string", values, |v| json!(v)),
        TypeKind::IntEnum(values) => enumeration("integer", values, |v| json!(v)),
        TypeKind::Alias(inner) => schema(inner),
        TypeKind::Union { tag, members } => {
            let one_of: Vec<Value> = members
                .iter()
                .map(|m| match (&m.ty, tag, &m.tag_value) {
                    (Some(ty), _, _) => schema(ty),
                    // A tag that carries no data: an object of the tag alone.
                    (None, Some(tag), Some(value)) => json!({
                        "type": "object",
                        "properties": { tag: { "const": value } },
                        "required": [tag],
                    }),
                    (None, _, _) => json!({}),
                })
                .collect();
            let mut u = json!({ "oneOf": one_of });
            if let Some(tag) = tag {
                let mapping: Map<String, Value> = members
                    .iter()
                    .filter_map(|m| {
                        let value = m.tag_value.clone()?;
                        let TypeRef::Named(n) = m.ty.as_ref()? else {
                            return None;
                        };
                        Some((value, json!(format!("#/components/schemas/{n}"))))
                    })
                    .collect();
                u["discriminator"] = json!({ "propertyName": tag, "mapping": mapping });
            }
            u
        }
    };
    // A type without words of its own is described as the generated code
    // describes it.
    let doc = t
        .doc
        .clone()
        .unwrap_or_else(|| format!("`{}` from the spec.", t.origin));
    s["description"] = json!(doc);
    s
}

fn object(fields: &[FieldItem]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in fields {
        let mut s = with_limits(schema(&f.ty), &f.constraints);
        if let Some(c) = &f.constant {
            s["const"] = c.clone();
        }
        if f.nullable {
            s = nullable(s);
        }
        if let Some(d) = &f.doc {
            s["description"] = json!(d);
        }
        if f.sensitive {
            s["x-sensitive"] = json!(true);
        }
        if ident::snake(&f.wire).ok().as_deref() != Some(f.rust.as_str()) {
            s["x-rust-name"] = json!(f.rust);
        }
        if !f.optional {
            required.push(json!(f.wire));
        }
        properties.insert(f.wire.clone(), s);
    }
    let mut o = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        o["required"] = Value::Array(required);
    }
    o
}

fn enumeration<V>(kind: &str, values: &[Variant<V>], value: impl Fn(&V) -> Value) -> Value {
    let mut s = json!({
        "type": kind,
        "enum": values.iter().map(|v| value(&v.value)).collect::<Vec<_>>(),
        "x-enum-rust-names": values.iter().map(|v| json!(v.rust)).collect::<Vec<_>>(),
    });
    if values.iter().any(|v| v.doc.is_some()) {
        s["x-enum-descriptions"] = values
            .iter()
            .map(|v| v.doc.clone().map_or(Value::Null, Value::String))
            .collect();
    }
    s
}
