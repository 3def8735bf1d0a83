//! Named and inline types: structs, open enums, aliases; constructors and setters.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::parts::id;
use crate::ident;
use crate::ir::{self, FieldItem, TypeItem, TypeKind};

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

/// A union's tokens; every other kind of type is text (`super::text`).
pub(super) fn type_item(t: &TypeItem) -> TokenStream {
    match &t.kind {
        TypeKind::Union { tag, members } => super::union::union_item(t, tag.as_deref(), members),
        _ => quote!(),
    }
}

/// A redacting `Debug` for a struct with secret fields (the struct itself,
/// `new`, setters and `Deserialize` are text: `super::text`).
pub(super) fn struct_debug(t: &TypeItem, fields: &[FieldItem]) -> TokenStream {
    if !fields.iter().any(|f| f.sensitive) {
        return quote!();
    }
    let idents: Vec<Ident> = fields.iter().map(|f| id(&f.rust)).collect();
    redacting_debug(
        &id(&t.rust),
        fields
            .iter()
            .zip(&idents)
            .map(|(f, n)| (n, f.sensitive, f.is_option())),
    )
}

/// `runtime::Validate` for a struct whose fields (or their fields) carry constraints.
pub(super) fn validate_impl(t: &TypeItem, fields: &[FieldItem], types: &[TypeItem]) -> TokenStream {
    if !t.validated {
        return quote!();
    }
    let name = id(&t.rust);
    let checks = fields.iter().map(|f| {
        let n = id(&f.rust);
        let wire = &f.wire;
        let mut body = checks(wire, &quote!(value), &f.constraints);
        if ir::is_validated(types, &f.ty) {
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
