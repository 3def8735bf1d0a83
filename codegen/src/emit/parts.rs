//! What the text and the token writers both say about an item: identifiers,
//! docs, the spelling of types, a request's inputs, the words for statuses
//! and conditions, how a constructor sets each field, a field's docs, and the
//! constants and `cfg`s both write. The leaf of `emit`: it uses no other
//! module of it, so every writer can use it.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ident;
use crate::ir::{self, EndpointItem, FieldItem, Prim, TypeRef};

/// An identifier, raw when the name is a keyword (`r#type`).
pub(super) fn id(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Outer doc attributes from Markdown text, made safe by [`doc_lines`].
pub(super) fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// Inner (`//!`) doc attributes.
pub(super) fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#![doc = #lines])* }
}

pub(super) use crate::escape::doc_lines;

/// `text` when it has more than blanks, else `fallback()`: the doc of an
/// item whose description is optional.
pub(super) fn doc_text(text: &Option<String>, fallback: impl FnOnce() -> String) -> String {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.to_owned(),
        None => fallback(),
    }
}

/// [`doc`] of [`doc_text`].
pub(super) fn doc_or(text: &Option<String>, fallback: impl FnOnce() -> String) -> TokenStream {
    doc(&doc_text(text, fallback))
}

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

/// [`ty`] as tokens, for the shapes still built as tokens.
pub(super) fn ty_tokens(t: &TypeRef) -> TokenStream {
    lex(&ty(t))
}

/// A request input: a parameter or the body, as a field of the request type.
pub(super) struct Input<'a> {
    pub(super) rust: Ident,
    pub(super) ty: &'a TypeRef,
    pub(super) required: bool,
    pub(super) sensitive: bool,
    pub(super) doc: String,
}

pub(super) fn inputs(e: &EndpointItem) -> Vec<Input<'_>> {
    let mut out: Vec<Input<'_>> = e
        .params
        .iter()
        .map(|p| {
            let what = format!("`{}` ({} parameter)", p.wire, p.location.as_str());
            let mut doc = match &p.doc {
                Some(d) => format!("{what}: {}", d.trim()),
                None => format!("{what}."),
            };
            if let Some(rules) = p.constraints.describe() {
                doc.push_str(&format!("\n\nChecked before sending: {rules}."));
            }
            Input {
                rust: id(&p.rust),
                ty: &p.ty,
                required: p.required,
                sensitive: p.sensitive,
                doc,
            }
        })
        .collect();
    if let Some(b) = &e.body {
        let doc = match &b.doc {
            Some(d) => format!("The request body: {}", d.trim()),
            None => format!("The request body, sent as `{}`.", b.content_type),
        };
        out.push(Input {
            rust: id("body"),
            ty: &b.ty,
            required: b.required,
            sensitive: false,
            doc,
        });
    }
    out
}

/// `/ok` is `false`, and ...
pub(super) fn when_text(when: &[(String, Vec<serde_json::Value>)]) -> String {
    when.iter()
        .map(|(path, values)| {
            let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
            format!("`{path}` is {}", values.join(" or "))
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

pub(super) fn status_text(status: ir::Status) -> String {
    match status {
        ir::Status::Code(s) => match ident::reason_phrase(s) {
            Some(r) => format!("HTTP {s} {r}."),
            None => format!("HTTP {s}."),
        },
        ir::Status::Range(c) => format!("Any HTTP {c}xx status the spec does not list."),
        ir::Status::Default => "Any status the spec does not list.".to_owned(),
    }
}

/// How a field is filled by `new`.
pub(super) enum Init<'a> {
    /// An argument of the field's type.
    Arg(&'a TypeRef),
    /// An argument of type `Option<T>` (required but nullable).
    NullableArg(&'a TypeRef),
    /// Starts unset.
    Unset,
    /// Always this value.
    Const(&'a serde_json::Value),
}

/// A field's rustdoc: its description, its constraints and its constant.
pub(super) fn field_doc_text(f: &FieldItem) -> String {
    let mut text = f
        .doc
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map_or_else(|| format!("`{}`.", f.wire), str::to_owned);
    if let Some(rules) = f.constraints.describe() {
        text.push_str(&format!("\n\nChecked before sending: {rules}."));
    }
    if let Some(value) = &f.constant {
        text.push_str(&format!("\n\nAlways `{value}`: set by `new`."));
    }
    text
}

/// A `runtime::Const` for a JSON scalar of a condition (`/ok` is `false`).
pub(super) fn constant_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Bool(b) => format!("runtime::Const::Bool({b})"),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => format!("runtime::Const::Int({i})"),
            None => format!(
                "runtime::Const::Float({})",
                crate::escape::f64_lit(n.as_f64().unwrap_or_default())
            ),
        },
        serde_json::Value::String(s) => {
            format!("runtime::Const::Str({})", crate::escape::str_lit(s))
        }
        _ => "runtime::Const::Null".to_owned(),
    }
}

/// [`constant_text`] as tokens.
pub(super) fn constant(v: &serde_json::Value) -> TokenStream {
    lex(&constant_text(v))
}

/// Tokens of Rust the generator wrote as text, for the shapes built as
/// tokens or laid out by prettyplease. Should the text not lex (a generator
/// bug), the crate says so where it is compiled, rather than the generator
/// panicking.
pub(super) fn lex(text: &str) -> TokenStream {
    text.parse().unwrap_or_else(|e| {
        let message = format!("the generator wrote Rust that does not lex: {e}");
        quote!(compile_error!(#message);)
    })
}

/// `#[cfg(feature = "full-serde")]` for a serde impl a type has only with
/// that feature: the direction it does not travel in. Nothing when `always`.
pub(super) fn full_serde_cfg(always: bool) -> Option<String> {
    (!always).then(|| format!("#[cfg(feature = \"{}\")]", ident::FULL_SERDE_FEATURE))
}

/// [`full_serde_cfg`] as tokens.
pub(super) fn full_serde_only(always: bool) -> Option<TokenStream> {
    full_serde_cfg(always).map(|cfg| lex(&cfg))
}
