//! What the text and the token writers both say about an item: a request's
//! inputs, the words for statuses and conditions, how a constructor sets each
//! field, a field's docs, and the constants and `cfg`s both write. The leaf
//! of `emit`: it uses no other module of it, so every writer can use it.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::id;
use crate::ident;
use crate::ir::{self, EndpointItem, FieldItem, TypeRef};

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

/// A JSON scalar as a `runtime::Const`.
pub(super) fn constant(v: &serde_json::Value) -> TokenStream {
    match v {
        serde_json::Value::Bool(b) => quote!(runtime::Const::Bool(#b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => {
                let i = Literal::i64_unsuffixed(i);
                quote!(runtime::Const::Int(#i))
            }
            None => {
                let f = Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
                quote!(runtime::Const::Float(#f))
            }
        },
        serde_json::Value::String(s) => quote!(runtime::Const::Str(#s)),
        _ => quote!(runtime::Const::Null),
    }
}

/// `#[cfg(feature = "full-serde")]` for a serde impl a type has only with
/// that feature: the direction it does not travel in. Nothing when `always`.
pub(super) fn full_serde_only(always: bool) -> Option<TokenStream> {
    let feature = ident::FULL_SERDE_FEATURE;
    (!always).then(|| quote!(#[cfg(feature = #feature)]))
}
