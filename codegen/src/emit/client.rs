//! The client type, its methods, and the server enum.

use proc_macro2::TokenStream;
use quote::quote;

use super::*;
use crate::ir::{self, Api, EndpointItem, FieldItem, Prim, TypeKind, TypeRef};

pub(super) fn module_doc_text(api: &Api) -> String {
    let mut s = format!("# {}\n\n", api.title);
    if let Some(d) = &api.description {
        s.push_str(d.trim());
        s.push_str("\n\n");
    }
    s.push_str(&format!(
        "Client: [`{}`]. Enabled by the cargo feature `{}` (or `full`). Transcribed from `{}`.\n\n",
        api.client, api.name, api.source
    ));
    s.push_str("# Example\n\n```no_run\n");
    s.push_str("# async fn example() -> Result<(), Box<dyn std::error::Error>> {\n");
    let credential = match api.auth {
        ir::Auth::None => String::new(),
        _ => "\"YOUR_TOKEN\"".to_owned(),
    };
    match example_call(api) {
        Some((e, args)) => {
            s.push_str(&format!(
                "use {CRATE_NAME}::{}::{{{}, {}}};\n\n",
                api.name, api.client, e.request
            ));
            s.push_str(&format!(
                "let client = {}::builder({credential}).build()?;\n",
                api.client
            ));
            s.push_str(&format!(
                "let response = client.{}({}::new({args})).await?;\nprintln!(\"{{}}\", response.status());\n",
                e.method_name,
                e.request
            ));
        }
        None => {
            s.push_str(&format!(
                "use {CRATE_NAME}::{}::{};\n\n",
                api.name, api.client
            ));
            s.push_str(&format!(
                "let client = {}::builder({credential}).build()?;\n",
                api.client
            ));
            s.push_str("println!(\"{}\", client.base_url());\n");
        }
    }
    s.push_str("# Ok(())\n# }\n```");
    s
}

/// The first endpoint whose required inputs all have an obvious example value.
pub(super) fn example_call(api: &Api) -> Option<(&EndpointItem, String)> {
    api.endpoints.iter().find_map(|e| {
        let mut args = Vec::new();
        for p in e.params.iter().filter(|p| p.required) {
            args.push(example_value(api, &p.ty)?);
        }
        if let Some(b) = e.body.as_ref().filter(|b| b.required) {
            args.push(example_value(api, &b.ty)?);
        }
        Some((e, args.join(", ")))
    })
}

pub(super) fn example_value(api: &Api, t: &TypeRef) -> Option<String> {
    Some(match t {
        TypeRef::Prim(Prim::String) => "\"example\"".to_owned(),
        TypeRef::Prim(Prim::Bool) => "true".to_owned(),
        TypeRef::Prim(Prim::F32 | Prim::F64) => "1.0".to_owned(),
        TypeRef::Prim(Prim::Json) => return None,
        TypeRef::Prim(_) => "1".to_owned(),
        TypeRef::Named(n) => {
            let item = api.types.iter().find(|t| &t.rust == n)?;
            match &item.kind {
                TypeKind::StringEnum(v) => {
                    format!("{CRATE_NAME}::{}::{n}::{}", api.name, v.first()?.rust)
                }
                TypeKind::IntEnum(v) => {
                    format!("{CRATE_NAME}::{}::{n}::{}", api.name, v.first()?.rust)
                }
                TypeKind::Struct(f) if f.iter().all(FieldItem::is_option) => {
                    format!("{CRATE_NAME}::{}::{n}::new()", api.name)
                }
                _ => return None,
            }
        }
        TypeRef::Array(_) => "Vec::new()".to_owned(),
        TypeRef::Map(_) => "Default::default()".to_owned(),
    })
}

pub(super) fn client(api: &Api) -> TokenStream {
    let client = id(&api.client);
    let server = id(&api.server_enum);
    let name = &api.name;
    let title = &api.title;
    let default_url = api
        .servers
        .iter()
        .find(|s| s.default)
        .map(|s| s.url.clone())
        .unwrap_or_default();
    let fields = &api.error_message_fields;
    let client_doc = doc(&format!(
        "Client for the {title}.\n\nCheap to clone: clones share one connection pool. Build one with [`{}::builder`].",
        api.client
    ));
    let (builder_args, auth) = match &api.auth {
        ir::Auth::Bearer => (
            quote!(token: impl Into<runtime::Secret>),
            quote!(runtime::Auth::Bearer(token.into())),
        ),
        ir::Auth::ApiKey(header) => (
            quote!(key: impl Into<runtime::Secret>),
            quote!(runtime::Auth::ApiKey { header: #header, key: key.into() }),
        ),
        ir::Auth::None => (quote!(), quote!(runtime::Auth::None)),
    };
    let builder_doc = doc(&match &api.auth {
        ir::Auth::Bearer => {
            "Starts configuring a client that sends `token` as a bearer token.".to_owned()
        }
        ir::Auth::ApiKey(h) => {
            format!("Starts configuring a client that sends `key` in the `{h}` header.")
        }
        ir::Auth::None => "Starts configuring a client (this API needs no credentials).".to_owned(),
    });
    let methods = api.endpoints.iter().map(client_method);
    quote! {
        #client_doc
        #[derive(Debug, Clone)]
        pub struct #client {
            inner: runtime::Client,
        }

        impl From<runtime::Client> for #client {
            fn from(inner: runtime::Client) -> Self {
                Self { inner }
            }
        }

        impl runtime::ApiClient for #client {
            type Server = #server;
            const API: &'static runtime::ApiInfo = &runtime::ApiInfo {
                name: #name,
                title: #title,
                default_base_url: #default_url,
                error_message_fields: &[#(#fields),*],
            };
        }

        impl #client {
            #builder_doc
            pub fn builder(#builder_args) -> runtime::Builder<Self> {
                runtime::Builder::new(#auth)
            }

            /// A copy of this client whose calls use `policy` instead of the client's
            /// retry policy (for example [`runtime::RetryPolicy::none`]).
            pub fn with_retry_policy(&self, policy: runtime::RetryPolicy) -> Self {
                Self { inner: self.inner.with_retry_policy(policy) }
            }

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            #(#methods)*
        }
    }
}

pub(super) fn client_method(e: &EndpointItem) -> TokenStream {
    let method = id(&e.method_name);
    let request = id(&e.request);
    let response = id(&e.response);
    let error = id(&e.error);
    let mut text = format!("`{} {}`: {}", e.method.as_str(), e.path, e.summary.trim());
    if let Some(d) = &e.description {
        text.push_str("\n\n");
        text.push_str(d.trim());
    }
    text.push_str("\n\n# Errors\n\nFails with [`runtime::Error::Api`] when the server answers with an error status");
    let errors: Vec<String> = e
        .errors()
        .map(|r| {
            let status = match r.status {
                Some(s) => format!("`{s}`"),
                None => "any other status".to_owned(),
            };
            let what = r
                .doc
                .as_deref()
                .map(|d| format!(": {}", first_line(d)))
                .unwrap_or_default();
            let typed = if r.body.is_some() {
                format!(" (typed body: [`{}::{}`])", e.error, r.variant)
            } else {
                String::new()
            };
            format!("- {status}{what}{typed}")
        })
        .collect();
    if errors.is_empty() {
        text.push_str(".\n\n");
    } else {
        text.push_str(":\n\n");
        text.push_str(&errors.join("\n"));
        text.push_str("\n\n");
    }
    text.push_str(
        "Any other status is an [`runtime::Error::Api`] that keeps the raw body. Bodies that do not \
         decode, invalid inputs, timeouts and transport failures are the other variants of \
         [`runtime::Error`].",
    );
    if e.idempotent {
        text.push_str(" Retried per the client's retry policy (the call is idempotent).");
    }
    let d = doc(&text);
    quote! {
        #d
        pub async fn #method(
            &self,
            request: #request,
        ) -> Result<runtime::Response<#response>, runtime::Error<#error>> {
            self.inner.send(request).await
        }
    }
}

pub(super) fn first_line(s: &str) -> &str {
    s.trim().lines().next().unwrap_or("").trim_end_matches('.')
}

pub(super) fn servers(api: &Api) -> TokenStream {
    let name = id(&api.server_enum);
    let d = doc(&format!(
        "The servers of the {}; the default is marked `#[default]`.",
        api.title
    ));
    let variants = api.servers.iter().map(|s| {
        let v = id(&s.variant);
        let text = match &s.description {
            Some(desc) => format!("{} (`{}`).", desc.trim().trim_end_matches('.'), s.url),
            None => format!("`{}`", s.url),
        };
        let d = doc(&text);
        let default = s.default.then(|| quote!(#[default]));
        quote!(#d #default #v)
    });
    let arms = api.servers.iter().map(|s| {
        let v = id(&s.variant);
        let url = &s.url;
        quote!(Self::#v => #url)
    });
    quote! {
        #d
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum #name {
            #(#variants,)*
        }

        impl runtime::ServerUrl for #name {
            fn url(&self) -> &'static str {
                match self {
                    #(#arms,)*
                }
            }
        }
    }
}
