//! Named and inline types: structs, open enums, aliases; constructors and setters.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::*;
use crate::ident;
use crate::ir::{self, FieldItem, TypeItem, TypeKind, TypeRef};

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

/// `new` taking the required fields, in field order.
pub(super) fn constructor<'a>(
    text: &str,
    fields: impl Iterator<Item = (&'a Ident, Init<'a>, bool)>,
) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for (name, init, boxed) in fields {
        match init {
            Init::Unset => inits.push(quote!(#name: None)),
            Init::Arg(t) => {
                let (a, v) = arg(name, t);
                args.push(a);
                inits.push(match (boxed, *name == v.to_string()) {
                    (true, _) => quote!(#name: Box::new(#v)),
                    (false, true) => quote!(#name),
                    (false, false) => quote!(#name: #v),
                });
            }
            Init::Const(value) => inits.push(match value {
                serde_json::Value::String(text) => quote!(#name: #text.to_owned()),
                serde_json::Value::Bool(b) => quote!(#name: #b),
                serde_json::Value::Number(n) => {
                    let lit = match n.as_i64() {
                        Some(i) => Literal::i64_unsuffixed(i),
                        None => Literal::f64_unsuffixed(n.as_f64().unwrap_or_default()),
                    };
                    quote!(#name: #lit)
                }
                _ => quote!(#name: Default::default()),
            }),
            Init::NullableArg(t) => {
                let t = ty(t);
                let t = if boxed { quote!(Box<#t>) } else { t };
                args.push(quote!(#name: Option<#t>));
                inits.push(quote!(#name));
            }
        }
    }
    let d = doc(text);
    quote! {
        #d
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits,)* }
        }
    }
}

/// `Debug` for a type with secret fields: those print as `[redacted]` (or
/// `None` when unset). Takes `(field, sensitive, is_option)`.
pub(super) fn redacting_debug<'a>(
    name: &Ident,
    fields: impl Iterator<Item = (&'a Ident, bool, bool)>,
) -> TokenStream {
    let label = name.to_string();
    let fields = fields.map(|(n, sensitive, option)| {
        let shown = ident::unraw(&n.to_string()).to_owned();
        match (sensitive, option) {
            (false, _) => quote!(.field(#shown, &self.#n)),
            (true, false) => quote!(.field(#shown, &"[redacted]")),
            (true, true) => quote!(.field(#shown, &self.#n.as_ref().map(|_| "[redacted]"))),
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}

pub(super) fn setter(name: &Ident, t: &TypeRef, boxed: bool, what: &str) -> TokenStream {
    let method = id(&ident::setter(&name.to_string()));
    let value = format_ident!("value");
    let (a, v) = arg(&value, t);
    let v = if boxed { quote!(Box::new(#v)) } else { v };
    // "Sets the request body, ..." rather than "Sets The request body":
    // a description that starts a sentence continues this one.
    let what = what.trim_end_matches('.');
    let mut chars = what.chars();
    let what = match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(what.chars().skip(1)).collect()
        }
        _ => what.to_owned(),
    };
    let d = doc(&format!("Sets {what}."));
    quote! {
        #d
        pub fn #method(mut self, #a) -> Self {
            self.#name = Some(#v);
            self
        }
    }
}

pub(super) fn type_item(t: &TypeItem, types: &[TypeItem]) -> TokenStream {
    match &t.kind {
        TypeKind::Struct(fields) => struct_item(t, fields, types),
        TypeKind::Union { tag, members } => super::union::union_item(t, tag.as_deref(), members),
        // Written as text: see `super::text`.
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Alias(_) => quote!(),
    }
}

/// The parts of a struct still emitted as tokens: a redacting `Debug` (for
/// a struct with secret fields) and `runtime::Validate`; the struct itself,
/// `new`, setters and `Deserialize` are text (`super::text`).
pub(super) fn struct_item(t: &TypeItem, fields: &[FieldItem], types: &[TypeItem]) -> TokenStream {
    let name = id(&t.rust);
    let idents: Vec<Ident> = fields.iter().map(|f| id(&f.rust)).collect();
    let debug_impl = if fields.iter().any(|f| f.sensitive) {
        redacting_debug(
            &name,
            fields
                .iter()
                .zip(&idents)
                .map(|(f, n)| (n, f.sensitive, f.is_option())),
        )
    } else {
        quote!()
    };
    let validate = validate_impl(t, fields, types);
    quote! {
        #debug_impl
        #validate
    }
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

/// `runtime::Validate` for a struct whose fields (or their fields) carry constraints.
fn validate_impl(t: &TypeItem, fields: &[FieldItem], types: &[TypeItem]) -> TokenStream {
    if !t.validated {
        return quote!();
    }
    let name = id(&t.rust);
    let checks = fields.iter().map(|f| {
        let n = id(&f.rust);
        let wire = &f.wire;
        let mut body = checks(wire, &quote!(value), &f.constraints);
        if let TypeRef::Named(inner) = &f.ty
            && ir::find_type(types, inner).is_some_and(|t| t.validated)
        {
            body = quote!(#body v.nested(#wire, value);)
        }
        if body.is_empty() {
            return quote!();
        }
        if f.is_option() {
            quote!(if let Some(value) = &self.#n { #body })
        } else {
            quote!({ let value = &self.#n; #body })
        }
    });
    quote! {
        impl runtime::Validate for #name {
            fn validate(&self, v: &mut runtime::Validator<'_>) {
                #(#checks)*
            }
        }
    }
}

/// The checks of one value's constraints, on the validator `v`.
pub(super) fn checks(name: &str, value: &TokenStream, c: &ir::Constraints) -> TokenStream {
    if c.is_empty() {
        return quote!();
    }
    let opt_u = |v: Option<u64>| match v {
        Some(v) => {
            let v = Literal::u64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let opt_f = |v: Option<f64>| match v {
        Some(v) => {
            let v = Literal::f64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let mut out = Vec::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let (min, max) = (opt_u(c.min_length), opt_u(c.max_length));
        let len = match c.measure {
            ir::Measure::Items => quote!(#value.len()),
            _ => quote!(#value.chars().count()),
        };
        out.push(quote!(v.length(#name, #len, #min, #max);));
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let (min, max) = (opt_f(c.minimum), opt_f(c.maximum));
        out.push(quote!(v.range(#name, *#value as f64, #min, #max);));
    }
    if let Some(p) = &c.pattern {
        out.push(quote!(v.pattern(#name, #value, #p);));
    }
    quote!(#(#out)*)
}

/// `#[cfg(feature = "full-serde")]` for a serde impl a type has only with
/// that feature: the direction it does not travel in. Nothing when `always`.
pub(super) fn full_serde_only(always: bool) -> Option<TokenStream> {
    let feature = ident::FULL_SERDE_FEATURE;
    (!always).then(|| quote!(#[cfg(feature = #feature)]))
}
