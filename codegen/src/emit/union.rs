//! Unions (`one_of`): an open enum with serde impls that pick the member by
//! its tag or by trying each shape, keeping anything else raw.

use proc_macro2::TokenStream;
use quote::quote;

use super::parts::{doc, doc_or, id, ty_tokens};
use crate::ident;
use crate::ir::{Member, TypeItem};

pub(super) fn union_item(t: &TypeItem, tag: Option<&str>, members: &[Member]) -> TokenStream {
    let name = id(&t.rust);
    let how = match tag {
        Some(field) => format!("Told apart by the `{field}` field"),
        None => "Told apart by shape: the first member the value decodes as".to_owned(),
    };
    let d = doc_or(&t.doc, || format!("`{}` from the spec.", t.origin));
    let more = doc(&format!(
        "{how}. Forward compatible: a member this version of the spec does not list is kept in `{}` as the server sent it, and sent back unchanged.",
        ident::UNKNOWN_VARIANT
    ));
    let variants = members.iter().map(|m| {
        let v = id(&m.rust);
        let text = match (&m.tag_value, &m.ty) {
            (Some(tag_value), _) => format!("`{tag_value}`."),
            (None, _) => "A member of the union.".to_owned(),
        };
        let d = doc(&text);
        match &m.ty {
            Some(t) => {
                let t = ty_tokens(t);
                quote!(#d #v(#t))
            }
            None => quote!(#d #v),
        }
    });
    let (ser_cfg, de_cfg) = (
        super::parts::full_serde_only(t.serde.ser),
        super::parts::full_serde_only(t.serde.de),
    );
    let ser = {
        let body = serialize(tag, members);
        quote! {
            #ser_cfg
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    #body
                }
            }
        }
    };
    let de = {
        let body = deserialize(tag, members);
        quote! {
            #de_cfg
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                    #body
                }
            }
        }
    };
    quote! {
        #d
        ///
        #more
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A member this version of the spec does not list, kept as the server sent it.
            Unknown(::serde_json::Value),
        }

        #ser
        #de
    }
}

fn serialize(tag: Option<&str>, members: &[Member]) -> TokenStream {
    let arms = members.iter().map(|m| {
        let v = id(&m.rust);
        match (tag, &m.tag_value, &m.ty) {
            (Some(field), Some(value), Some(_)) => {
                quote!(Self::#v(member) => runtime::union::tagged(s, #field, #value, Some(member)))
            }
            (Some(field), Some(value), None) => {
                quote!(Self::#v => runtime::union::tagged::<_, ()>(s, #field, #value, None))
            }
            _ => quote!(Self::#v(member) => ::serde::Serialize::serialize(member, s)),
        }
    });
    quote! {
        match self {
            #(#arms,)*
            Self::Unknown(value) => ::serde::Serialize::serialize(value, s),
        }
    }
}

fn deserialize(tag: Option<&str>, members: &[Member]) -> TokenStream {
    match tag {
        Some(field) => {
            let arms = members.iter().map(|m| {
                let v = id(&m.rust);
                let value = m.tag_value.as_deref().unwrap_or_default();
                match &m.ty {
                    Some(_) => quote!(Some(#value) => runtime::union::member(value, Self::#v)),
                    None => quote!(Some(#value) => Ok(Self::#v)),
                }
            });
            quote! {
                let tag = runtime::union::tag_of(&value, #field).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms,)*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }
        None => {
            let tries = members.iter().map(|m| {
                let v = id(&m.rust);
                quote! {
                    let value = match runtime::union::try_member(value, Self::#v) {
                        Ok(member) => return Ok(member),
                        Err(value) => value,
                    };
                }
            });
            quote! {
                #(#tries)*
                Ok(Self::Unknown(value))
            }
        }
    }
}
