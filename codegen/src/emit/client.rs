//! The client type, its methods, and the server enum.

use std::fmt::Write as _;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::parts::{doc, id};
use super::{auth, servers};
use crate::ident;
use crate::ir::{self, Api, EndpointItem, Prim, TypeKind, TypeRef};

/// The crate's docs up to its example: title, the spec's description, where it
/// comes from and how it is released.
pub(super) fn module_doc_text(api: &Api) -> String {
    let mut s = format!("# {}\n\n", api.title);
    if let Some(d) = &api.description {
        s.push_str(d.trim());
        s.push_str("\n\n");
    }
    s.push_str(&format!(
        "Client: [`{}`]. Transcribed from `{}`.\n\n\
         This is the crate `{}` {}, released on its own version; the convenience crate \
         `{}` re-exports it as `{}::{}` behind the cargo feature `{}`.\n\n",
        api.client,
        api.source,
        api.crate_name,
        api.version,
        ident::UMBRELLA_CRATE,
        ident::crate_ident(ident::UMBRELLA_CRATE),
        api.name,
        api.name,
    ));
    if let Some(first) = api.groups.first() {
        s.push_str(&format!(
            "# Compiling part of the API\n\n\
             The endpoints are in {} groups, one cargo feature each (`{}`, ...), all on by \
             default (the feature `{}`). A crate that calls only some of them compiles only \
             those, with the types they need: `default-features = false, features = \
             [\"{first}\"]`. Types no endpoint uses come with `{}` alone.\n\n",
            api.groups.len(),
            first,
            ident::ALL_FEATURE,
            ident::ALL_FEATURE,
        ));
    }
    s.push_str("# Example");
    s
}

/// The crate's example, Rust written by the generator (the spec's values in
/// it are string literals made by [`crate::escape::str_lit`]), kept apart from
/// the spec's prose so that it alone is a Rust code block.
pub(super) fn module_example(api: &Api) -> String {
    let mut s = String::from("# async fn example() -> Result<(), Box<dyn std::error::Error>> {\n");
    let (builder_args, extra_use) = example_builder(api);
    let credential = builder_args;
    match example_call(api) {
        Some((e, args)) => {
            s.push_str(&format!(
                "use {}::{{{}{extra_use}, {}}};\n\n",
                crate_ident(api),
                api.client,
                e.request
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
                "use {}::{{{}{extra_use}}};\n\n",
                crate_ident(api),
                api.client
            ));
            s.push_str(&format!(
                "let client = {}::builder({credential}).build()?;\n",
                api.client
            ));
            s.push_str("println!(\"{}\", client.base_url());\n");
        }
    }
    s.push_str("# Ok(())\n# }");
    s
}

/// How code names the API's crate (`api_clients_smartsheet`).
fn crate_ident(api: &Api) -> String {
    ident::crate_ident(&api.crate_name)
}

/// The example's builder call arguments and chained credential (`"YOUR_TOKEN").build()`
/// without the `.build()`), and an extra type to import.
fn example_builder(api: &Api) -> (String, String) {
    let mut args: Vec<String> = api
        .servers
        .iter()
        .filter(|s| s.default)
        .flat_map(|s| s.variables.iter().filter(|v| v.default.is_none()))
        .map(|v| crate::escape::str_lit(v.allowed.first().map_or("example.test", String::as_str)))
        .collect();
    let credential = |s: &ir::Scheme| match s.kind {
        ir::SchemeKind::Bearer | ir::SchemeKind::ApiKey { .. } => "\"YOUR_TOKEN\"".to_owned(),
        _ => "\"YOUR_CLIENT_ID\", \"YOUR_CLIENT_SECRET\"".to_owned(),
    };
    if let Some(s) = api.auth.builder_scheme() {
        args.push(credential(s));
        return (args.join(", "), String::new());
    }
    // The scheme most endpoints use, else the first declared.
    let first = api
        .auth
        .default
        .schemes
        .first()
        .and_then(|d| api.auth.scheme(d))
        .or(api.auth.schemes.first());
    let Some(first) = first else {
        return (args.join(", "), String::new());
    };
    let mut text = args.join(", ") + ")";
    for s in api.auth.sent(&first.wire) {
        text.push_str(&format!(
            "\n    .credential({}::{}({}))",
            api.credential_enum,
            s.wire,
            credential(s)
        ));
    }
    text.pop();
    (text, format!(", {}", api.credential_enum))
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
        TypeRef::Prim(Prim::Json | Prim::Bytes) => return None,
        TypeRef::Prim(Prim::Date) => "\"2024-05-01\".parse()?".to_owned(),
        TypeRef::Prim(Prim::DateTime) => "\"2024-05-01T12:00:00Z\".parse()?".to_owned(),
        TypeRef::Prim(_) => "1".to_owned(),
        TypeRef::Named(n) => {
            let item = ir::find_type(&api.types, n)?;
            match &item.kind {
                TypeKind::StringEnum(v) => {
                    format!("{}::{n}::{}", crate_ident(api), v.first()?.rust)
                }
                TypeKind::IntEnum(v) => {
                    format!("{}::{n}::{}", crate_ident(api), v.first()?.rust)
                }
                // `new()` takes no argument: every field optional or constant
                // (a required nullable field is an argument of type Option).
                TypeKind::Struct(f) if f.iter().all(|f| f.optional || f.constant.is_some()) => {
                    format!("{}::{n}::new()", crate_ident(api))
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
    let messages = &api.error_message;
    let client_doc = doc(&format!(
        "Client for the {title}.\n\nCheap to clone: clones share one connection pool. Build one with [`{}::builder`].",
        api.client
    ));
    let (credential_ty, schemes) = auth::api_client_parts(api);
    let retry = retry_rules(&api.retry);
    let (server_value, mut builder_args) = servers::default_server(api);
    let mut builder = quote!(runtime::Builder::new(#server_value));
    let mut text = String::from("Starts configuring a client");
    let var_names: Vec<&str> = api
        .servers
        .iter()
        .filter(|s| s.default)
        .flat_map(|s| s.variables.iter().filter(|v| v.default.is_none()))
        .map(|v| v.rust.as_str())
        .collect();
    let vars: Vec<String> = var_names.iter().map(|v| format!("`{v}`")).collect();
    if !vars.is_empty() {
        text.push_str(&format!(
            " for the default server, whose URL needs {}",
            vars.join(" and ")
        ));
    }
    match api.auth.builder_scheme() {
        Some(s) => {
            let (args, value) = auth::credential_args(api, s, &var_names);
            builder_args.push(args);
            builder = quote!(#builder.credential(#value));
            text.push_str(&format!(", authenticated with {}", auth::describe(s)));
            text.push('.');
        }
        None if api.auth.schemes.is_empty() => text.push_str(" (this API needs no credentials)."),
        None => text.push_str(&format!(
            ".\n\nGive it the credentials of the schemes you use with [`credential`](runtime::Builder::credential) and [`{}`]; each call uses the first scheme its endpoint accepts that the client has a credential for.",
            api.credential_enum
        )),
    }
    let builder_doc = doc(&text);
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
            type Credential = #credential_ty;
            const API: &'static runtime::ApiInfo = &runtime::ApiInfo {
                name: #name,
                title: #title,
                user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
                error_message: &[#(#messages),*],
                schemes: #schemes,
                retry: #retry,
            };
        }

        impl #client {
            #builder_doc
            pub fn builder(#(#builder_args),*) -> runtime::Builder<Self> {
                #builder
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
        }
    }
}

/// The rustdoc of the client method of `e`.
fn method_doc(e: &EndpointItem) -> String {
    let mut text = format!("`{} {}`: {}", e.method.as_str(), e.path, e.summary.trim());
    if let Some(d) = &e.description {
        text.push_str("\n\n");
        text.push_str(d.trim());
    }
    text.push_str("\n\n# Errors\n\nFails with [`runtime::Error::Api`] when the server answers with an error status");
    let in_success: Vec<String> = e
        .successes()
        .filter_map(|r| {
            let v = r.error_variant.as_ref()?;
            let status = match r.status {
                ir::Status::Default => "any other status".to_owned(),
                other => format!("`{}`", other.label()),
            };
            Some(format!(
                "- {status} when {} (typed body: [`{}::{v}`])",
                super::parts::when_text(&r.error_when),
                e.error_enum
            ))
        })
        .collect();
    let errors: Vec<String> = e
        .errors()
        .map(|r| {
            let status = match r.status {
                ir::Status::Default => "any other status".to_owned(),
                other => format!("`{}`", other.label()),
            };
            let what = r
                .doc
                .as_deref()
                .map(|d| format!(": {}", first_line(d)))
                .unwrap_or_default();
            let typed = if r.body.is_some() {
                format!(" (typed body: [`{}::{}`])", e.error_enum, r.variant)
            } else {
                String::new()
            };
            format!("- {status}{what}{typed}")
        })
        .chain(in_success)
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
    let headers: Vec<String> = e
        .responses
        .iter()
        .filter_map(|r| {
            let h = r.headers.as_ref()?;
            Some(format!("[`{}`] (`{}`)", h.rust, r.status.label()))
        })
        .collect();
    if !headers.is_empty() {
        text.push_str(&format!(
            "\n\nDeclared response headers: {}, each read with `from_headers(response.headers())`.",
            headers.join(", ")
        ));
    }
    text
}

/// The client's methods, one per endpoint, as formatted text to go inside
/// the client's `impl` block (see `Piece::TokensThen`): the same fixed shape
/// for every endpoint, which as tokens was one long item that prettyplease
/// formatted on one core.
pub(super) fn client_methods_text(api: &Api) -> String {
    let mut out = super::text::Writer::new();
    for e in api
        .endpoints
        .iter()
        .filter(|e| !super::in_feature_file(api, e))
    {
        client_method(&mut out, api, e);
    }
    out.finish()
}

/// An endpoint's client method in an `impl` block of its own, for the file
/// of the one feature that compiles it (see [`super::in_feature_file`]).
pub(super) fn client_method_impl(api: &Api, e: &EndpointItem) -> String {
    let mut out = super::text::Writer::new();
    let _ = writeln!(out, "impl {} {{", api.client);
    client_method(&mut out, api, e);
    out.push_str("}\n");
    out.finish()
}

/// One endpoint's method of the client, at the indentation of an `impl`.
fn client_method(out: &mut super::text::Writer, api: &Api, e: &EndpointItem) {
    {
        out.docs("    ", &method_doc(e));
        if !super::in_feature_file(api, e) {
            out.push_str(&super::text::gate_attr(&e.gate, "    "));
        }
        // `#[inline]` makes the method, and the `send::<Request>` it
        // instantiates, compiled only in crates that call it: a downstream
        // crate using three endpoints of a large API does not pay machine
        // code for the rest.
        out.push_str("    #[inline]\n");
        out.signature(
            "    ",
            &format!("pub async fn {}", e.method_name),
            &["&self".to_owned(), format!("request: {}", e.request)],
            &format!(
                " -> Result<runtime::Response<{}>, runtime::Error<{}>>",
                e.response, e.error
            ),
        );
        out.push_str("        self.inner.send(request).await\n    }\n");
    }
}

pub(super) fn first_line(s: &str) -> &str {
    s.trim().lines().next().unwrap_or("").trim_end_matches('.')
}

/// `runtime::RetryRules { .. }` for the `ApiInfo` const.
fn retry_rules(rules: &ir::RetryRules) -> TokenStream {
    let conditions = |list: &[ir::Condition]| {
        let items = list.iter().map(|c| {
            let status = match c.status {
                Some((low, high)) => {
                    let (low, high) = (Literal::u16_unsuffixed(low), Literal::u16_unsuffixed(high));
                    quote!(Some((#low, #high)))
                }
                None => quote!(None),
            };
            let headers = c.headers.iter().map(|(n, v)| quote!((#n, #v)));
            let body = c.body.iter().map(|(path, values)| {
                let values = values.iter().map(super::parts::constant);
                quote!((#path, &[#(#values),*]))
            });
            quote!(runtime::Condition { status: #status, headers: &[#(#headers),*], body: &[#(#body),*] })
        });
        quote!(&[#(#items),*])
    };
    let unit = |u: ir::Unit| match u {
        ir::Unit::Seconds => quote!(runtime::Unit::Seconds),
        ir::Unit::Milliseconds => quote!(runtime::Unit::Milliseconds),
        ir::Unit::EpochSeconds => quote!(runtime::Unit::EpochSeconds),
    };
    let waits = rules.wait.iter().map(|w| match w {
        ir::Wait::RetryAfter => quote!(runtime::Wait::RetryAfter),
        ir::Wait::Header(name, u) => {
            let u = unit(*u);
            quote!(runtime::Wait::Header(#name, #u))
        }
        ir::Wait::Body(path, u) => {
            let u = unit(*u);
            quote!(runtime::Wait::Body(#path, #u))
        }
    });
    let throttled = conditions(&rules.throttled);
    let transient = conditions(&rules.transient);
    quote! {
        runtime::RetryRules {
            throttled: #throttled,
            transient: #transient,
            wait: &[#(#waits),*],
        }
    }
}
