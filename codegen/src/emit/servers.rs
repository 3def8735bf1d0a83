//! The server enum: one variant per server, carrying its URL variables, and its
//! `runtime::ServerUrl` impl.

use proc_macro2::TokenStream;
use quote::quote;

use super::parts::{doc, id};
use crate::ir::{Api, Server};

pub(super) fn servers(api: &Api) -> TokenStream {
    let name = id(&api.server_enum);
    let any_variables = api.servers.iter().any(|s| !s.variables.is_empty());
    let default_is_unit = api
        .servers
        .iter()
        .any(|s| s.default && s.variables.is_empty());
    let d = doc(&format!(
        "The servers of the {}{}.",
        api.title,
        if default_is_unit {
            "; the default is marked `#[default]`"
        } else {
            ""
        }
    ));
    let variants = api.servers.iter().map(|s| {
        let v = id(&s.variant);
        let mut text = match &s.description {
            Some(desc) => format!("{} (`{}`).", desc.trim().trim_end_matches('.'), s.url),
            None => format!("`{}`", s.url),
        };
        if s.default && !default_is_unit {
            text.push_str(" The default.");
        }
        let d = doc(&text);
        let default = (s.default && default_is_unit).then(|| quote!(#[default]));
        if s.variables.is_empty() {
            return quote!(#d #default #v);
        }
        let fields = s.variables.iter().map(|var| {
            let f = id(&var.rust);
            let mut text = var
                .doc
                .clone()
                .unwrap_or_else(|| format!("`{{{}}}` in the URL.", var.wire));
            if let Some(default) = &var.default {
                text.push_str(&format!("\n\n`None` means `{default}`."));
            }
            if !var.allowed.is_empty() {
                text.push_str(&format!(
                    "\n\nOne of: {}.",
                    var.allowed
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            let fd = doc(&text);
            if var.default.is_some() {
                quote!(#fd #f: Option<String>)
            } else {
                quote!(#fd #f: String)
            }
        });
        quote!(#d #v { #(#fields,)* })
    });
    let arms = api.servers.iter().map(url_arm);
    let derives = match (any_variables, default_is_unit) {
        (false, _) => quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]),
        (true, true) => quote!(#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]),
        (true, false) => quote!(#[derive(Debug, Clone, PartialEq, Eq, Hash)]),
    };
    // Non-exhaustive: a vendor adding a region is not a breaking change.
    quote! {
        #d
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
        }

        impl runtime::ServerUrl for #name {
            fn url(&self) -> Result<String, runtime::BuildError> {
                match self {
                    #(#arms,)*
                }
            }
        }
    }
}

fn url_arm(s: &Server) -> TokenStream {
    let v = id(&s.variant);
    let url = &s.url;
    if s.variables.is_empty() {
        return quote!(Self::#v => Ok(#url.to_owned()));
    }
    let names: Vec<_> = s.variables.iter().map(|var| id(&var.rust)).collect();
    let vars = s.variables.iter().zip(&names).map(|(var, f)| {
        let wire = &var.wire;
        let allowed = &var.allowed;
        let (value, default) = match &var.default {
            Some(d) => (quote!(#f.as_deref()), quote!(Some(#d))),
            None => (quote!(Some(#f)), quote!(None)),
        };
        quote!(runtime::Variable { name: #wire, value: #value, default: #default, allowed: &[#(#allowed),*] })
    });
    quote!(Self::#v { #(#names),* } => runtime::server_url(#url, &[#(#vars),*]))
}

/// The value of the default server, built from the builder's arguments for its
/// required variables (optional ones start unset), and those arguments.
pub(super) fn default_server(api: &Api) -> (TokenStream, Vec<TokenStream>) {
    let name = id(&api.server_enum);
    let Some(s) = api.servers.iter().find(|s| s.default) else {
        return (quote!(#name::default()), Vec::new());
    };
    let v = id(&s.variant);
    if s.variables.is_empty() {
        return (quote!(#name::#v), Vec::new());
    }
    let mut args = Vec::new();
    let inits = s
        .variables
        .iter()
        .map(|var| {
            let f = id(&var.rust);
            if var.default.is_some() {
                quote!(#f: None)
            } else {
                args.push(quote!(#f: impl Into<String>));
                quote!(#f: #f.into())
            }
        })
        .collect::<Vec<_>>();
    (quote!(#name::#v { #(#inits,)* }), args)
}
