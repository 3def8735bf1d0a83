//! Types as formatted text: structs with `new`, setters and `Deserialize`,
//! open enums, aliases.

use std::fmt::Write as _;

use super::*;
use crate::ident;
use crate::ir::{self, FieldItem, TypeItem, TypeRef};

/// `Deserialize` of a struct, through `runtime::de`: one match over the wire
/// names, where `#[derive(Deserialize)]` would expand to a visitor, a field
/// enum and a sequence form per struct (a third of a large API's code).
pub(in crate::emit) fn deserialize_struct(t: &TypeItem, fields: &[FieldItem]) -> String {
    let mut out = Writer::new();
    let name = &t.rust;
    let always = t.serde.de;
    out.full_serde_only(always);
    out.impl_for("impl<'de> ::serde::Deserialize<'de>", name);
    let _ = writeln!(
        out,
        "    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{"
    );
    let _ = writeln!(out, "        runtime::de::object(d)\n    }}\n}}");
    out.full_serde_only(always);
    out.impl_for("impl<'de> runtime::de::Object<'de>", name);
    let _ = writeln!(
        out,
        "    const EXPECTING: &'static str = {};",
        lit(&format!("struct {}", ident::unraw(name)))
    );
    let _ = writeln!(
        out,
        "    fn from_map<A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {{"
    );
    // A local per field, `f_<name>`: without the name's leading `_` (a
    // double underscore is no snake case), numbered where that makes two
    // alike.
    let bases: Vec<&str> = fields
        .iter()
        .map(|f| ident::unraw(&f.rust).trim_start_matches('_'))
        .collect();
    let slots: Vec<String> = bases
        .iter()
        .enumerate()
        .map(|(i, b)| match bases.iter().filter(|x| *x == b).count() {
            1 => format!("f_{b}"),
            _ => format!("f{i}_{b}"),
        })
        .collect();

    if fields.is_empty() {
        let _ = writeln!(
            out,
            "        while map.next_key::<runtime::de::Key<'de>>()?.is_some() {{\n            runtime::de::skip(&mut map)?;\n        }}"
        );
        let _ = writeln!(out, "        Ok(Self {{}})");
    } else {
        for slot in &slots {
            let _ = writeln!(out, "        let mut {slot} = None;");
        }
        let _ = writeln!(
            out,
            "        while let Some(key) = map.next_key::<runtime::de::Key<'de>>()? {{\n            match key.as_str() {{"
        );
        for (f, slot) in fields.iter().zip(&slots) {
            let wire = lit(&f.wire);
            out.arm(
                "                ",
                &wire,
                "runtime::de::field",
                &["&mut map".to_owned(), format!("&mut {slot}"), wire.clone()],
                "?",
            );
        }
        let _ = writeln!(
            out,
            "                _ => runtime::de::skip(&mut map)?,\n            }}\n        }}"
        );
        let _ = writeln!(out, "        Ok(Self {{");
        for (f, slot) in fields.iter().zip(&slots) {
            let head = format!("{}: ", f.rust);
            if f.is_option() {
                out.call(
                    "            ",
                    &head,
                    "runtime::de::optional",
                    std::slice::from_ref(slot),
                    ",",
                );
            } else {
                out.call(
                    "            ",
                    &head,
                    "runtime::de::required",
                    &[slot.clone(), lit(&f.wire)],
                    "?,",
                );
            }
        }
        let _ = writeln!(out, "        }})");
    }
    let _ = writeln!(out, "    }}\n}}");
    out.finish()
}

/// `pub type Name = Target;` with its doc.
pub(in crate::emit) fn alias(t: &TypeItem, target: &TypeRef) -> String {
    let mut out = Writer::new();
    let doc = t
        .doc
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map_or_else(|| format!("`{}` from the spec.", t.origin), str::to_owned);
    out.docs("", &doc);
    let _ = writeln!(out, "pub type {} = {};", t.rust, ty(target));
    out.finish()
}

/// The doc of an enum: its description and how it stays forward compatible.
fn enum_doc(out: &mut Writer, t: &TypeItem) {
    let text = format!(
        "{}\n\nForward compatible: a value this version of the spec does not list is kept in `{}` and sent back unchanged.",
        t.doc
            .as_deref()
            .map(str::trim)
            .unwrap_or(&format!("`{}` from the spec.", t.origin)),
        ident::UNKNOWN_VARIANT
    );
    out.docs("", &text);
}

/// A forward-compatible enum of string or integer values, with its
/// conversions, `Display` and serde impls.
pub(in crate::emit) fn open_enum<V: std::fmt::Display>(
    t: &TypeItem,
    values: &[ir::Variant<V>],
    string: bool,
) -> String {
    let mut out = Writer::new();
    let name = &t.rust;
    let (wire, derive_copy) = if string {
        ("String", "")
    } else {
        ("i64", "Copy, ")
    };
    let show = |v: &V| -> String {
        if string {
            lit(&v.to_string())
        } else {
            v.to_string()
        }
    };
    enum_doc(&mut out, t);
    let _ = writeln!(
        out,
        "#[derive(Debug, Clone, {derive_copy}PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub enum {name} {{"
    );
    for v in values {
        let d = v
            .doc
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map_or_else(|| format!("`{}`", v.value), str::to_owned);
        out.docs("    ", &d);
        let _ = writeln!(out, "    {},", v.rust);
    }
    let _ = writeln!(
        out,
        "    /// A value the spec does not list, kept as the server sent it.\n    Unknown({wire}),\n}}"
    );
    let _ = writeln!(
        out,
        "impl {name} {{\n    /// The value as sent on the wire."
    );
    if string {
        let _ = writeln!(out, "    pub fn as_str(&self) -> &str {{");
    } else {
        let _ = writeln!(out, "    pub fn value(self) -> i64 {{");
    }
    let _ = writeln!(out, "        match self {{");
    for v in values {
        let pat = format!("Self::{}", v.rust);
        if out
            .plain_arm("            ", &pat, &show(&v.value))
            .is_none()
        {
            let _ = writeln!(out, "            {pat} => {},", show(&v.value));
        }
    }
    let _ = writeln!(
        out,
        "            Self::Unknown(value) => value,\n        }}\n    }}\n}}"
    );
    out.impl_for(&format!("impl From<{wire}>"), name);
    let _ = writeln!(out, "    fn from(value: {wire}) -> Self {{");
    if string {
        let _ = writeln!(out, "        match value.as_str() {{");
    } else {
        let _ = writeln!(out, "        match value {{");
    }
    for v in values {
        let value = format!("Self::{}", v.rust);
        if out
            .plain_arm("            ", &show(&v.value), &value)
            .is_none()
        {
            let _ = writeln!(out, "            {} => {value},", show(&v.value));
        }
    }
    let _ = writeln!(
        out,
        "            _ => Self::Unknown(value),\n        }}\n    }}\n}}"
    );
    out.impl_for("impl ::std::fmt::Display", name);
    let _ = writeln!(
        out,
        "    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{"
    );
    if string {
        let _ = writeln!(out, "        f.write_str(self.as_str())");
    } else {
        let _ = writeln!(out, "        write!(f, \"{{}}\", self.value())");
    }
    let _ = writeln!(out, "    }}\n}}");
    out.full_serde_only(t.serde.ser);
    out.impl_for("impl ::serde::Serialize", name);
    let _ = writeln!(
        out,
        "    fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {{"
    );
    if string {
        let _ = writeln!(out, "        s.serialize_str(self.as_str())");
    } else {
        let _ = writeln!(out, "        s.serialize_i64(self.value())");
    }
    let _ = writeln!(out, "    }}\n}}");
    out.full_serde_only(t.serde.de);
    out.impl_for("impl<'de> ::serde::Deserialize<'de>", name);
    let _ = writeln!(
        out,
        "    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{"
    );
    let _ = writeln!(
        out,
        "        <{wire} as ::serde::Deserialize>::deserialize(d).map(Self::from)\n    }}\n}}"
    );
    out.finish()
}

/// `new` taking the required fields, in field order (see [`crate::emit::parts::Init`]).
pub(in crate::emit) fn constructor<'a>(
    out: &mut Writer,
    doc: &str,
    fields: impl Iterator<Item = (&'a str, crate::emit::parts::Init<'a>, bool)>,
) {
    use crate::emit::parts::Init;
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for (name, init, boxed) in fields {
        match init {
            Init::Unset => inits.push(format!("{name}: None")),
            Init::Arg(t) => {
                let (a, v) = arg(name, t);
                params.push(a);
                inits.push(match (boxed, name == v) {
                    (true, _) => format!("{name}: Box::new({v})"),
                    (false, true) => name.to_owned(),
                    (false, false) => format!("{name}: {v}"),
                });
            }
            Init::Const(value) => inits.push(match value {
                serde_json::Value::String(text) => format!("{name}: {}.to_owned()", lit(text)),
                serde_json::Value::Bool(b) => format!("{name}: {b}"),
                serde_json::Value::Number(n) => match n.as_i64() {
                    Some(i) => format!("{name}: {i}"),
                    None => {
                        let mut f = n.as_f64().unwrap_or_default().to_string();
                        if !f.contains(['.', 'e', 'E']) {
                            f.push_str(".0");
                        }
                        format!("{name}: {f}")
                    }
                },
                _ => format!("{name}: Default::default()"),
            }),
            Init::NullableArg(t) => {
                let t = if boxed {
                    format!("Box<{}>", ty(t))
                } else {
                    ty(t)
                };
                params.push(format!("{name}: Option<{t}>"));
                inits.push(name.to_owned());
            }
        }
    }
    out.docs("    ", doc);
    out.signature("    ", "pub fn new", &params, " -> Self");
    out.struct_literal("        ", &inits);
    let _ = writeln!(out, "    }}");
}

/// A setter of an optional field: `Sets <what>.`
pub(in crate::emit) fn setter(out: &mut Writer, name: &str, t: &TypeRef, boxed: bool, what: &str) {
    let method = ident::setter(name);
    let (a, v) = arg("value", t);
    let v = if boxed { format!("Box::new({v})") } else { v };
    // "Sets the request body, ..." rather than "Sets The request body":
    // a description that starts a sentence continues this one.
    let what = what.trim_end_matches('.');
    let mut chars = what.chars();
    let what: String = match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(what.chars().skip(1)).collect()
        }
        _ => what.to_owned(),
    };
    out.docs("    ", &format!("Sets {what}."));
    out.signature(
        "    ",
        &format!("pub fn {method}"),
        &["mut self".to_owned(), a],
        " -> Self",
    );
    let one = format!("        self.{name} = Some({v});");
    if one.len() <= WIDTH {
        let _ = writeln!(out, "{one}");
    } else {
        let _ = writeln!(
            out,
            "        self.{name} = Some(\n            {v},\n        );"
        );
    }
    let _ = writeln!(out, "        self\n    }}");
}

/// A struct's rustdoc, attributes, fields, `new` and setters; its
/// `Deserialize` follows ([`deserialize_struct`]).
pub(in crate::emit) fn struct_def(
    t: &TypeItem,
    fields: &[FieldItem],
    debug_derived: bool,
) -> String {
    use crate::emit::parts::Init;
    let mut out = Writer::new();
    let name = &t.rust;
    let doc = t
        .doc
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map_or_else(|| format!("`{}` from the spec.", t.origin), str::to_owned);
    out.docs("", &doc);
    let feature = ident::FULL_SERDE_FEATURE;
    let mut derives: Vec<Meta> = Vec::new();
    if debug_derived {
        derives.push(Meta::Word("Debug".to_owned()));
    }
    derives.push(Meta::Word("Clone".to_owned()));
    derives.push(Meta::Word("PartialEq".to_owned()));
    if fields.iter().all(FieldItem::is_option) {
        derives.push(Meta::Word("Default".to_owned()));
    }
    let sent = t.serde.ser;
    if sent {
        derives.push(Meta::Word("::serde::Serialize".to_owned()));
    }
    out.attribute("", &Meta::List("derive".to_owned(), derives));
    if !sent {
        out.attribute(
            "",
            &Meta::List(
                "cfg_attr".to_owned(),
                vec![
                    Meta::Word(format!("feature = {}", lit(feature))),
                    Meta::List(
                        "derive".to_owned(),
                        vec![Meta::Word("::serde::Serialize".to_owned())],
                    ),
                ],
            ),
        );
    }
    if fields.is_empty() {
        let _ = writeln!(out, "#[non_exhaustive]\npub struct {name} {{}}");
    } else {
        let _ = writeln!(out, "#[non_exhaustive]\npub struct {name} {{");
    }
    for f in fields {
        out.docs("    ", &crate::emit::parts::field_doc_text(f));
        let mut serde_args = Vec::new();
        if f.wire != ident::unraw(&f.rust) {
            serde_args.push(Meta::Word(format!("rename = {}", lit(&f.wire))));
        }
        if f.optional {
            serde_args.push(Meta::Word("default".to_owned()));
            serde_args.push(Meta::Word(
                "skip_serializing_if = \"Option::is_none\"".to_owned(),
            ));
        }
        if !serde_args.is_empty() {
            let serde = Meta::List("serde".to_owned(), serde_args);
            // The attributes serve `#[derive(Serialize)]` only, which a struct
            // that is only received has with the feature alone.
            let meta = if sent {
                serde
            } else {
                Meta::List(
                    "cfg_attr".to_owned(),
                    vec![Meta::Word(format!("feature = {}", lit(feature))), serde],
                )
            };
            out.attribute("    ", &meta);
        }
        let mut t = ty(&f.ty);
        if f.boxed {
            t = format!("Box<{t}>");
        }
        if f.is_option() {
            t = format!("Option<{t}>");
        }
        out.generic("    ", &format!("pub {}: ", f.rust), &t, ",");
    }
    if !fields.is_empty() {
        let _ = writeln!(out, "}}");
    }
    let _ = writeln!(out, "impl {name} {{");
    constructor(
        &mut out,
        &format!(
            "A `{}` with its required fields; optional ones start unset.",
            t.rust
        ),
        fields.iter().map(|f| {
            let init = match (&f.constant, f.optional, f.nullable) {
                (Some(value), _, _) => Init::Const(value),
                (None, true, _) => Init::Unset,
                (None, false, true) => Init::NullableArg(&f.ty),
                (None, false, false) => Init::Arg(&f.ty),
            };
            (f.rust.as_str(), init, f.boxed)
        }),
    );
    for f in fields.iter().filter(|f| f.optional) {
        setter(&mut out, &f.rust, &f.ty, f.boxed, &format!("`{}`", f.wire));
    }
    let _ = writeln!(out, "}}");
    out.finish()
}
