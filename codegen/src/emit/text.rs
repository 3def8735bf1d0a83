//! Items written as formatted text rather than tokens: fixed shapes that make
//! up much of a large API's output (a struct's `Deserialize`, enums, type
//! aliases), where syn and prettyplease would spend most of the generator's
//! time reading back what was just built. The layout follows prettyplease's
//! (89 columns, its way of breaking a match arm or a call), so the file reads
//! as one.

use std::fmt::Write as _;

use super::doc_lines;
use crate::ident;
use crate::ir::{self, FieldItem, Prim, TypeItem, TypeRef};

/// prettyplease's line width.
const WIDTH: usize = 89;

/// The Rust spelling of a type reference (`Vec<String>`).
pub(super) fn ty(t: &TypeRef) -> String {
    match t {
        TypeRef::Prim(p) => match p {
            Prim::String => "String",
            Prim::Bool => "bool",
            Prim::I32 => "i32",
            Prim::I64 => "i64",
            Prim::U32 => "u32",
            Prim::U64 => "u64",
            Prim::F32 => "f32",
            Prim::F64 => "f64",
            Prim::Json => "::serde_json::Value",
            Prim::Bytes => "runtime::Bytes",
            Prim::Date => "runtime::Date",
            Prim::DateTime => "runtime::DateTime",
        }
        .to_owned(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Array(inner) => format!("Vec<{}>", ty(inner)),
        TypeRef::Map(inner) => format!("::std::collections::BTreeMap<String, {}>", ty(inner)),
    }
}

/// `///` lines of `text` at `indent`.
pub(super) fn docs(out: &mut String, indent: &str, text: &str) {
    for l in doc_lines(text) {
        let _ = writeln!(out, "{indent}///{l}");
    }
}

/// A Rust string literal.
pub(super) fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// `func(args)` followed by `tail`, on one line at `indent` after `head` when
/// it fits, else with one argument per line.
fn call(out: &mut String, indent: &str, head: &str, func: &str, args: &[String], tail: &str) {
    let one = format!("{indent}{head}{func}({}){tail}", args.join(", "));
    if one.len() <= WIDTH {
        out.push_str(&one);
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "{indent}{head}{func}(");
    for a in args {
        let _ = writeln!(out, "{indent}    {a},");
    }
    let _ = writeln!(out, "{indent}){tail}");
}

/// A match arm `pat => body,`, or `pat => {` body `}` when it does not fit,
/// the body being a call of `func` with `args` followed by `tail`.
fn arm(out: &mut String, indent: &str, pat: &str, func: &str, args: &[String], tail: &str) {
    let one = format!("{indent}{pat} => {func}({}){tail},", args.join(", "));
    if one.len() <= WIDTH {
        out.push_str(&one);
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "{indent}{pat} => {{");
    call(out, &format!("{indent}    "), "", func, args, tail);
    let _ = writeln!(out, "{indent}}}");
}

/// `#[cfg(feature = "full-serde")]` when the impl is not always there.
fn full_serde_only(out: &mut String, always: bool) {
    if !always {
        let _ = writeln!(out, "#[cfg(feature = \"{}\")]", ident::FULL_SERDE_FEATURE);
    }
}

/// `Deserialize` of a struct, through `runtime::de`: one match over the wire
/// names, where `#[derive(Deserialize)]` would expand to a visitor, a field
/// enum and a sequence form per struct (a third of a large API's code).
pub(super) fn deserialize_struct(t: &TypeItem, fields: &[FieldItem]) -> String {
    let mut out = String::new();
    let name = &t.rust;
    let always = t.serde.de;
    full_serde_only(&mut out, always);
    let _ = writeln!(out, "impl<'de> ::serde::Deserialize<'de> for {name} {{");
    let _ = writeln!(
        out,
        "    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{"
    );
    let _ = writeln!(out, "        runtime::de::object(d)\n    }}\n}}");
    full_serde_only(&mut out, always);
    let _ = writeln!(out, "impl<'de> runtime::de::Object<'de> for {name} {{");
    let _ = writeln!(
        out,
        "    const EXPECTING: &'static str = {};",
        lit(&format!("struct {}", ident::unraw(name)))
    );
    let _ = writeln!(
        out,
        "    fn from_map<A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {{"
    );
    let slot = |f: &FieldItem| format!("f_{}", ident::unraw(&f.rust));
    if fields.is_empty() {
        let _ = writeln!(
            out,
            "        while map.next_key::<runtime::de::Key<'de>>()?.is_some() {{\n            runtime::de::skip(&mut map)?;\n        }}"
        );
        let _ = writeln!(out, "        Ok(Self {{}})");
    } else {
        for f in fields {
            let _ = writeln!(out, "        let mut {} = None;", slot(f));
        }
        let _ = writeln!(
            out,
            "        while let Some(key) = map.next_key::<runtime::de::Key<'de>>()? {{\n            match key.as_str() {{"
        );
        for f in fields {
            let wire = lit(&f.wire);
            arm(
                &mut out,
                "                ",
                &wire,
                "runtime::de::field",
                &[
                    "&mut map".to_owned(),
                    format!("&mut {}", slot(f)),
                    wire.clone(),
                ],
                "?",
            );
        }
        let _ = writeln!(
            out,
            "                _ => runtime::de::skip(&mut map)?,\n            }}\n        }}"
        );
        let _ = writeln!(out, "        Ok(Self {{");
        for f in fields {
            let head = format!("{}: ", f.rust);
            if f.is_option() {
                call(
                    &mut out,
                    "            ",
                    &head,
                    "runtime::de::optional",
                    &[slot(f)],
                    ",",
                );
            } else {
                call(
                    &mut out,
                    "            ",
                    &head,
                    "runtime::de::required",
                    &[slot(f), lit(&f.wire)],
                    "?,",
                );
            }
        }
        let _ = writeln!(out, "        }})");
    }
    let _ = writeln!(out, "    }}\n}}");
    out
}

/// `pub type Name = Target;` with its doc.
pub(super) fn alias(t: &TypeItem, target: &TypeRef) -> String {
    let mut out = String::new();
    let doc = t
        .doc
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map_or_else(|| format!("`{}` from the spec.", t.origin), str::to_owned);
    docs(&mut out, "", &doc);
    let _ = writeln!(out, "pub type {} = {};", t.rust, ty(target));
    out
}

/// The doc of an enum: its description and how it stays forward compatible.
fn enum_doc(out: &mut String, t: &TypeItem) {
    let text = format!(
        "{}\n\nForward compatible: a value this version of the spec does not list is kept in `{}` and sent back unchanged.",
        t.doc
            .as_deref()
            .map(str::trim)
            .unwrap_or(&format!("`{}` from the spec.", t.origin)),
        ident::UNKNOWN_VARIANT
    );
    docs(out, "", &text);
}

/// A forward-compatible enum of string or integer values, with its
/// conversions, `Display` and serde impls.
pub(super) fn open_enum<V: std::fmt::Display>(
    t: &TypeItem,
    values: &[ir::Variant<V>],
    string: bool,
) -> String {
    let mut out = String::new();
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
        docs(&mut out, "    ", &d);
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
        let one = format!("            Self::{} => {},", v.rust, show(&v.value));
        if one.len() <= WIDTH {
            let _ = writeln!(out, "{one}");
        } else {
            let _ = writeln!(
                out,
                "            Self::{} => {{\n                {}\n            }}",
                v.rust,
                show(&v.value)
            );
        }
    }
    let _ = writeln!(
        out,
        "            Self::Unknown(value) => value,\n        }}\n    }}\n}}"
    );
    let _ = writeln!(
        out,
        "impl From<{wire}> for {name} {{\n    fn from(value: {wire}) -> Self {{"
    );
    if string {
        let _ = writeln!(out, "        match value.as_str() {{");
    } else {
        let _ = writeln!(out, "        match value {{");
    }
    for v in values {
        let one = format!("            {} => Self::{},", show(&v.value), v.rust);
        if one.len() <= WIDTH {
            let _ = writeln!(out, "{one}");
        } else {
            let _ = writeln!(
                out,
                "            {} => {{\n                Self::{}\n            }}",
                show(&v.value),
                v.rust
            );
        }
    }
    let _ = writeln!(
        out,
        "            _ => Self::Unknown(value),\n        }}\n    }}\n}}"
    );
    let _ = writeln!(
        out,
        "impl ::std::fmt::Display for {name} {{\n    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{"
    );
    if string {
        let _ = writeln!(out, "        f.write_str(self.as_str())");
    } else {
        let _ = writeln!(out, "        write!(f, \"{{}}\", self.value())");
    }
    let _ = writeln!(out, "    }}\n}}");
    full_serde_only(&mut out, t.serde.ser);
    let _ = writeln!(
        out,
        "impl ::serde::Serialize for {name} {{\n    fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {{"
    );
    if string {
        let _ = writeln!(out, "        s.serialize_str(self.as_str())");
    } else {
        let _ = writeln!(out, "        s.serialize_i64(self.value())");
    }
    let _ = writeln!(out, "    }}\n}}");
    full_serde_only(&mut out, t.serde.de);
    let _ = writeln!(
        out,
        "impl<'de> ::serde::Deserialize<'de> for {name} {{\n    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{"
    );
    let _ = writeln!(
        out,
        "        <{wire} as ::serde::Deserialize>::deserialize(d).map(Self::from)\n    }}\n}}"
    );
    out
}
