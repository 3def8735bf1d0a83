//! Authentication: the API's credential enum, its schemes as runtime data, and
//! the credential arguments of the client builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::parts::{doc, id};
use crate::ident;
use crate::ir::{Api, KeyIn, Scheme, SchemeKind};

/// What a scheme's credential is, in words, for rustdoc.
pub(super) fn describe(s: &Scheme) -> String {
    s.kind.describe()
}

fn takes_token(s: &Scheme) -> bool {
    matches!(s.kind, SchemeKind::Bearer | SchemeKind::ApiKey { .. })
}

/// The arguments a constructor of this scheme's credential takes, and the
/// variant it builds from them.
/// The arguments taking the credential of scheme `s`, beside arguments named
/// `taken` (server variables), and the credential they make.
pub(super) fn credential_args(api: &Api, s: &Scheme, taken: &[&str]) -> (TokenStream, TokenStream) {
    let enum_ = id(&api.credential_enum);
    let v = id(&s.variant);
    let arg = |base: &str| id(&ident::credential_arg(base, taken));
    if takes_token(s) {
        let arg = arg(if matches!(s.kind, SchemeKind::Bearer) {
            "token"
        } else {
            "key"
        });
        (
            quote!(#arg: impl Into<runtime::Secret>),
            quote!(#enum_::#v(#arg.into())),
        )
    } else {
        let (user, pass) = (arg("username"), arg("password"));
        (
            quote!(#user: impl Into<String>, #pass: impl Into<runtime::Secret>),
            quote!(#enum_::#v { username: #user.into(), password: #pass.into() }),
        )
    }
}

/// `type Credential = ...;` and `schemes: &[...]` for the `ApiClient` impl.
pub(super) fn api_client_parts(api: &Api) -> (TokenStream, TokenStream) {
    let ty = if api.auth.schemes.is_empty() {
        quote!(runtime::NoCredential)
    } else {
        let e = id(&api.credential_enum);
        quote!(#e)
    };
    let schemes = api.auth.schemes.iter().map(|s| {
        let name = &s.wire;
        let kind = match &s.kind {
            SchemeKind::Bearer => quote!(runtime::SchemeKind::Bearer),
            SchemeKind::Basic => quote!(runtime::SchemeKind::Basic),
            SchemeKind::ApiKey { location, name, prefix } => {
                let at = match location {
                    KeyIn::Header => quote!(Header),
                    KeyIn::Query => quote!(Query),
                    KeyIn::Cookie => quote!(Cookie),
                };
                quote!(runtime::SchemeKind::ApiKey { location: runtime::KeyIn::#at, name: #name, prefix: #prefix })
            }
            SchemeKind::BodyFields { username, password } => {
                quote!(runtime::SchemeKind::BodyFields { username: #username, password: #password })
            }
            SchemeKind::AllOf(parts) => quote!(runtime::SchemeKind::AllOf(&[#(#parts),*])),
        };
        quote!(runtime::Scheme { name: #name, kind: #kind })
    });
    (ty, quote!(&[#(#schemes),*]))
}

/// The credential enum: one variant per scheme, a constructor per variant, and
/// the conversion the runtime takes.
pub(super) fn credential_enum(api: &Api) -> TokenStream {
    if api.auth.schemes.is_empty() {
        return quote!();
    }
    let name = id(&api.credential_enum);
    let mut text = format!(
        "A credential for one of the authentication schemes of the {}; give it to [`{}::builder`]'s [`credential`](runtime::Builder::credential).",
        api.title, api.client
    );
    for s in &api.auth.schemes {
        if let SchemeKind::AllOf(parts) = &s.kind {
            let parts: Vec<String> = parts.iter().map(|p| format!("`{p}`")).collect();
            text.push_str(&format!(
                "\n\nScheme `{}` sends {} together: give a credential for each.",
                s.wire,
                parts.join(" and ")
            ));
            if let Some(extra) = &s.doc {
                text.push(' ');
                text.push_str(extra.trim());
            }
        }
    }
    text.push_str("\n\n`Debug` never prints a secret.");
    let d = doc(&text);
    let mut variants = Vec::new();
    let mut ctors = Vec::new();
    let mut arms = Vec::new();
    for s in &api.auth.schemes {
        if matches!(s.kind, SchemeKind::AllOf(_)) {
            continue;
        }
        let v = id(&s.variant);
        let wire = &s.wire;
        let mut text = format!("`{wire}`: {}.", describe(s));
        if let Some(extra) = &s.doc {
            text.push_str("\n\n");
            text.push_str(extra.trim());
        }
        let vd = doc(&text);
        let (args, build) = credential_args(api, s, &[]);
        let ctor = id(&s.wire);
        let cd = doc(&format!("A credential for `{wire}`: {}.", describe(s)));
        ctors.push(quote! {
            #cd
            pub fn #ctor(#args) -> Self {
                #build
            }
        });
        if takes_token(s) {
            variants.push(quote!(#vd #v(runtime::Secret)));
            arms.push(quote!(#name::#v(secret) => runtime::SchemeCredential::new(#wire, runtime::Credential::Token(secret))));
        } else {
            variants.push(quote! {
                #vd
                #v {
                    /// The username (for OAuth clients: the client id). Not secret.
                    username: String,
                    /// The password (for OAuth clients: the client secret).
                    password: runtime::Secret,
                }
            });
            arms.push(quote!(#name::#v { username, password } => runtime::SchemeCredential::new(#wire, runtime::Credential::UsernamePassword { username, password })));
        }
    }
    quote! {
        #d
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
        }

        impl #name {
            #(#ctors)*
        }

        impl From<#name> for runtime::SchemeCredential {
            fn from(credential: #name) -> Self {
                match credential {
                    #(#arms,)*
                }
            }
        }
    }
}
