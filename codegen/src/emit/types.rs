//! Named and inline types: structs, open enums, aliases; constructors and setters.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::parts::id;
use crate::ident;
use crate::ir::{FieldItem, TypeItem, TypeKind};

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
