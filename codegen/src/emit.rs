//! Emit: [`crate::ir`] -> token streams, one small function per kind of item.
//!
//! The generated code calls the hand-written runtime (`crate::runtime` in the
//! generated crate) for everything that is the same for every endpoint, so what is
//! emitted per endpoint is only its data: names, types, wire names and statuses.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ident;
use crate::ir::{self, Api, EndpointItem, FieldItem, ParamIn, Prim, TypeItem, TypeKind, TypeRef};

/// The generated crate's name, as downstream code spells it.
pub const CRATE_NAME: &str = "api_clients";

/// An identifier, raw when the name is a keyword (`r#type`).
fn id(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Outer doc attributes from Markdown text. Code fences without a language are
/// marked `text` so prose never becomes a doctest.
fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// Inner (`//!`) doc attributes.
fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#![doc = #lines])* }
}

fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    text.trim_end()
        .lines()
        .map(|l| {
            let l = l.trim_end();
            let t = l.trim_start();
            if t.starts_with("```") {
                let opening = !in_fence;
                in_fence = !in_fence;
                if opening && t == "```" {
                    return format!(" {l}text");
                }
            }
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect()
}

fn doc_or(text: &Option<String>, fallback: impl FnOnce() -> String) -> TokenStream {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => doc(t),
        None => doc(&fallback()),
    }
}

fn ty(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::Prim(p) => prim(*p),
        TypeRef::Named(n) => {
            let n = id(n);
            quote!(#n)
        }
        TypeRef::Array(inner) => {
            let inner = ty(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = ty(inner);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
    }
}

fn prim(p: Prim) -> TokenStream {
    match p {
        Prim::String => quote!(String),
        Prim::Bool => quote!(bool),
        Prim::I32 => quote!(i32),
        Prim::I64 => quote!(i64),
        Prim::U32 => quote!(u32),
        Prim::U64 => quote!(u64),
        Prim::F32 => quote!(f32),
        Prim::F64 => quote!(f64),
        Prim::Json => quote!(::serde_json::Value),
    }
}

/// A setter/constructor argument: strings take `impl Into<String>`.
fn arg(name: &Ident, t: &TypeRef) -> (TokenStream, TokenStream) {
    match t {
        TypeRef::Prim(Prim::String) => (quote!(#name: impl Into<String>), quote!(#name.into())),
        _ => {
            let t = ty(t);
            (quote!(#name: #t), quote!(#name))
        }
    }
}

/// One API's module.
pub fn api_module(api: &Api) -> TokenStream {
    let module_doc = inner_doc(&module_doc_text(api));
    let client = client(api);
    let servers = servers(api);
    let endpoints = api.endpoints.iter().map(|e| endpoint(api, e));
    let types = api.types.iter().map(type_item);
    quote! {
        #module_doc
        use crate::runtime;

        #client
        #servers
        #(#endpoints)*
        #(#types)*
    }
}

fn module_doc_text(api: &Api) -> String {
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
fn example_call(api: &Api) -> Option<(&EndpointItem, String)> {
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

fn example_value(api: &Api, t: &TypeRef) -> Option<String> {
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

fn client(api: &Api) -> TokenStream {
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

fn client_method(e: &EndpointItem) -> TokenStream {
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

fn first_line(s: &str) -> &str {
    s.trim().lines().next().unwrap_or("").trim_end_matches('.')
}

fn servers(api: &Api) -> TokenStream {
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

fn endpoint(api: &Api, e: &EndpointItem) -> TokenStream {
    let request = request_struct(api, e);
    let response = response_type(e);
    let error = error_enum(e);
    let endpoint_impl = endpoint_impl(e);
    quote! {
        #request
        #response
        #error
        #endpoint_impl
    }
}

/// A request input: a parameter or the body, as a field of the request type.
struct Input<'a> {
    rust: Ident,
    ty: &'a TypeRef,
    required: bool,
    sensitive: bool,
    doc: String,
}

fn inputs(e: &EndpointItem) -> Vec<Input<'_>> {
    let mut out: Vec<Input<'_>> = e
        .params
        .iter()
        .map(|p| {
            let what = format!("`{}` ({} parameter)", p.wire, p.location.as_str());
            let doc = match &p.doc {
                Some(d) => format!("{what}: {}", d.trim()),
                None => format!("{what}."),
            };
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

fn request_struct(api: &Api, e: &EndpointItem) -> TokenStream {
    let name = id(&e.request);
    let inputs = inputs(e);
    let d = doc(&format!(
        "Inputs of [`{}::{}`]: `{} {}`.\n\nRequired inputs are the arguments of [`{}::new`]; optional ones are set with the methods named after them.",
        api.client,
        e.method_name,
        e.method.as_str(),
        e.path,
        e.request
    ));
    let all_optional = inputs.iter().all(|i| !i.required);
    let default = all_optional.then(|| quote!(Default,));
    let fields = inputs.iter().map(|i| {
        let d = doc(&i.doc);
        let n = &i.rust;
        let t = ty(i.ty);
        if i.required {
            quote!(#d pub #n: #t)
        } else {
            quote!(#d pub #n: Option<#t>)
        }
    });
    let ctor = constructor(
        "A request with its required inputs; optional ones start unset.",
        inputs.iter().map(|i| {
            (
                &i.rust,
                if i.required {
                    Init::Arg(i.ty)
                } else {
                    Init::Unset
                },
                false,
            )
        }),
    );
    let setters = inputs
        .iter()
        .filter(|i| !i.required)
        .map(|i| setter(&i.rust, i.ty, false, &i.doc));
    let (derive_debug, debug_impl) = if inputs.iter().any(|i| i.sensitive) {
        (quote!(), redacting_debug(&name, &inputs))
    } else {
        (quote!(Debug,), quote!())
    };
    quote! {
        #d
        #[derive(#derive_debug Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
        }

        impl #name {
            #ctor
            #(#setters)*
        }

        #debug_impl
    }
}

/// `Debug` for a request with secret inputs: those print as `[redacted]`.
fn redacting_debug(name: &Ident, inputs: &[Input<'_>]) -> TokenStream {
    let label = name.to_string();
    let fields = inputs.iter().map(|i| {
        let n = &i.rust;
        let shown = ident::unraw(&n.to_string()).to_owned();
        match (i.sensitive, i.required) {
            (false, _) => quote!(.field(#shown, &self.#n)),
            (true, true) => quote!(.field(#shown, &"[redacted]")),
            (true, false) => quote!(.field(#shown, &self.#n.as_ref().map(|_| "[redacted]"))),
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

/// How a field is filled by `new`.
enum Init<'a> {
    /// An argument of the field's type.
    Arg(&'a TypeRef),
    /// An argument of type `Option<T>` (required but nullable).
    NullableArg(&'a TypeRef),
    /// Starts unset.
    Unset,
}

/// `new` taking the required fields, in field order.
fn constructor<'a>(
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

fn setter(name: &Ident, t: &TypeRef, boxed: bool, what: &str) -> TokenStream {
    let method = id(&ident::setter(&name.to_string()));
    let value = format_ident!("value");
    let (a, v) = arg(&value, t);
    let v = if boxed { quote!(Box::new(#v)) } else { v };
    let d = doc(&format!(
        "Sets {}",
        what.trim_end_matches('.').to_owned() + "."
    ));
    quote! {
        #d
        pub fn #method(mut self, #a) -> Self {
            self.#name = Some(#v);
            self
        }
    }
}

fn response_type(e: &EndpointItem) -> TokenStream {
    let name = id(&e.response);
    let successes: Vec<&ir::ResponseItem> = e.successes().collect();
    if successes.len() == 1 {
        let r = successes[0];
        let (t, what) = match &r.body {
            Some(b) => (ty(b), "its decoded body".to_owned()),
            None => (quote!(()), "`()`: the response has no body".to_owned()),
        };
        let d = doc(&format!(
            "What [`{}`] returns on success: {what}.",
            e.request
        ));
        return quote!(#d pub type #name = #t;);
    }
    let variants = successes.iter().map(|r| {
        let v = id(&r.variant);
        let d = doc_or(&r.doc, || status_text(r.status));
        match &r.body {
            Some(b) => {
                let t = ty(b);
                quote!(#d #v(#t))
            }
            None => quote!(#d #v),
        }
    });
    let d = doc(&format!(
        "The success responses of [`{}`], by status.",
        e.request
    ));
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
        }
    }
}

fn status_text(status: Option<u16>) -> String {
    match status {
        Some(s) => match ident::reason_phrase(s) {
            Some(r) => format!("HTTP {s} {r}."),
            None => format!("HTTP {s}."),
        },
        None => "Any status the spec does not list.".to_owned(),
    }
}

fn error_enum(e: &EndpointItem) -> TokenStream {
    let name = id(&e.error);
    let variants = e.errors().filter(|r| r.body.is_some()).map(|r| {
        let v = id(&r.variant);
        let t = r.body.as_ref().map(ty);
        let d = doc_or(&r.doc, || status_text(r.status));
        quote!(#d #v(#t))
    });
    let d = doc(&format!(
        "The typed error bodies of [`{}`], by status; reached through [`runtime::ApiError::typed`].",
        e.request
    ));
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
        }
    }
}

fn endpoint_impl(e: &EndpointItem) -> TokenStream {
    let request = id(&e.request);
    let response = id(&e.response);
    let error = id(&e.error);
    let op_name = &e.wire;
    let method = format_ident!("{}", e.method.as_str());
    let path = &e.path;
    let idempotent = e.idempotent;
    let hints = e.responses.iter().filter_map(|r| {
        let field = r.retry_after_field.as_ref()?;
        let status = Literal::u16_unsuffixed(r.status.unwrap_or(0));
        Some(quote!((#status, #field)))
    });
    let content_type = match &e.body {
        Some(b) => {
            let ct = &b.content_type;
            quote!(Some(#ct))
        }
        None => quote!(None),
    };
    let write = write_fn(e);
    let decode = decode_fn(e);
    quote! {
        impl runtime::Endpoint for #request {
            type Output = #response;
            type Error = #error;
            const OPERATION: &'static runtime::Operation = &runtime::Operation {
                name: #op_name,
                method: ::reqwest::Method::#method,
                path: #path,
                idempotent: #idempotent,
                retry_after_fields: &[#(#hints),*],
                content_type: #content_type,
                accept: "application/json",
            };

            #write
            #decode
        }
    }
}

fn write_fn(e: &EndpointItem) -> TokenStream {
    let mut stmts = Vec::new();
    for p in &e.params {
        let n = id(&p.rust);
        let wire = &p.wire;
        let call = match p.location {
            ParamIn::Path => quote!(path_param),
            ParamIn::Query => quote!(query),
            ParamIn::Header => quote!(header),
        };
        stmts.push(if p.required {
            quote!(req.#call(#wire, &self.#n);)
        } else {
            quote!(if let Some(value) = &self.#n { req.#call(#wire, value); })
        });
    }
    if let Some(b) = &e.body {
        stmts.push(if b.required {
            quote!(req.json(&self.body);)
        } else {
            quote!(if let Some(body) = &self.body {
                req.json(body);
            })
        });
    }
    let req = if stmts.is_empty() {
        quote!(_req)
    } else {
        quote!(req)
    };
    quote! {
        fn write(&self, #req: &mut runtime::RequestParts) {
            #(#stmts)*
        }
    }
}

fn decode_fn(e: &EndpointItem) -> TokenStream {
    let successes: Vec<&ir::ResponseItem> = e.successes().collect();
    let single = successes.len() == 1;
    let response = id(&e.response);
    let error = id(&e.error);
    let uses_body = std::cell::Cell::new(false);
    let arm_value = |r: &ir::ResponseItem| -> TokenStream {
        let v = id(&r.variant);
        match (r.error, &r.body, single) {
            (true, Some(_), _) => {
                uses_body.set(true);
                quote!(runtime::Decoded::error(body, #error::#v))
            }
            (true, None, _) => quote!(runtime::Decoded::error_without_body()),
            (false, Some(_), true) => {
                uses_body.set(true);
                quote!(runtime::Decoded::success(body))
            }
            (false, Some(_), false) => {
                uses_body.set(true);
                quote!(runtime::Decoded::success_as(body, #response::#v))
            }
            (false, None, true) => quote!(runtime::Decoded::Success(Ok(()))),
            (false, None, false) => quote!(runtime::Decoded::Success(Ok(#response::#v))),
        }
    };
    let mut arms = Vec::new();
    for r in e.responses.iter().filter(|r| r.status.is_some()) {
        let status = Literal::u16_unsuffixed(r.status.unwrap_or_default());
        let value = arm_value(r);
        arms.push(quote!(#status => #value,));
    }
    // A success declared without a body accepts an empty body on any 2xx: servers
    // answer 200 where the page says 204 more often than one would hope.
    if let Some(empty) = successes.iter().find(|r| r.body.is_none()) {
        let value = arm_value(empty);
        uses_body.set(true);
        arms.push(quote!(200..=299 if body.is_empty() => #value,));
    }
    let fallback = match e.responses.iter().find(|r| r.status.is_none()) {
        Some(r) => arm_value(r),
        None => quote!(runtime::Decoded::Undeclared),
    };
    let body = if uses_body.get() {
        quote!(body)
    } else {
        quote!(_body)
    };
    let expr = if arms.is_empty() {
        quote!({ let _ = status; #fallback })
    } else {
        quote!(match status { #(#arms)* _ => #fallback, })
    };
    quote! {
        fn decode(status: u16, #body: &[u8]) -> runtime::Decoded<Self::Output, Self::Error> {
            #expr
        }
    }
}

fn type_item(t: &TypeItem) -> TokenStream {
    match &t.kind {
        TypeKind::Struct(fields) => struct_item(t, fields),
        TypeKind::StringEnum(values) => string_enum(t, values),
        TypeKind::IntEnum(values) => int_enum(t, values),
        TypeKind::Alias(target) => {
            let name = id(&t.rust);
            let target = ty(target);
            let d = doc_or(&t.doc, || format!("`{}` from the spec.", t.origin));
            quote!(#d pub type #name = #target;)
        }
    }
}

fn struct_item(t: &TypeItem, fields: &[FieldItem]) -> TokenStream {
    let name = id(&t.rust);
    let d = doc_or(&t.doc, || format!("`{}` from the spec.", t.origin));
    let all_optional = fields.iter().all(FieldItem::is_option);
    let default = all_optional.then(|| quote!(Default,));
    let idents: Vec<Ident> = fields.iter().map(|f| id(&f.rust)).collect();
    let defs = fields.iter().zip(&idents).map(|(f, n)| {
        let d = doc_or(&f.doc, || format!("`{}`.", f.wire));
        let mut t = ty(&f.ty);
        if f.boxed {
            t = quote!(Box<#t>);
        }
        let t = if f.is_option() { quote!(Option<#t>) } else { t };
        let mut serde_args = Vec::new();
        if f.wire != ident::unraw(&f.rust) {
            let wire = &f.wire;
            serde_args.push(quote!(rename = #wire));
        }
        if f.optional {
            serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
        }
        let attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        quote!(#d #attr pub #n: #t)
    });
    let ctor = constructor(
        &format!(
            "A `{}` with its required fields; optional ones start unset.",
            t.rust
        ),
        fields.iter().zip(&idents).map(|(f, n)| {
            let init = match (f.optional, f.nullable) {
                (true, _) => Init::Unset,
                (false, true) => Init::NullableArg(&f.ty),
                (false, false) => Init::Arg(&f.ty),
            };
            (n, init, f.boxed)
        }),
    );
    let setters = fields
        .iter()
        .zip(&idents)
        .filter(|(f, _)| f.optional)
        .map(|(f, n)| setter(n, &f.ty, f.boxed, &format!("`{}`", f.wire)));
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#defs,)*
        }

        impl #name {
            #ctor
            #(#setters)*
        }
    }
}

fn enum_doc(t: &TypeItem) -> TokenStream {
    let text = format!(
        "{}\n\nForward compatible: a value this version of the spec does not list is kept in `{}` and sent back unchanged.",
        t.doc
            .as_deref()
            .map(str::trim)
            .unwrap_or(&format!("`{}` from the spec.", t.origin)),
        ident::UNKNOWN_VARIANT
    );
    doc(&text)
}

fn string_enum(t: &TypeItem, values: &[ir::Variant<String>]) -> TokenStream {
    let name = id(&t.rust);
    let d = enum_doc(t);
    let variants = values.iter().map(|v| {
        let n = id(&v.rust);
        let d = doc_or(&v.doc, || format!("`{}`", v.value));
        quote!(#d #n)
    });
    let to_str = values.iter().map(|v| {
        let n = id(&v.rust);
        let w = &v.value;
        quote!(Self::#n => #w)
    });
    let from_str = values.iter().map(|v| {
        let n = id(&v.rust);
        let w = &v.value;
        quote!(#w => Self::#n)
    });
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum #name {
            #(#variants,)*
            /// A value the spec does not list, kept as the server sent it.
            Unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_str,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> Self {
                match value {
                    #name::Unknown(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn int_enum(t: &TypeItem, values: &[ir::Variant<i64>]) -> TokenStream {
    let name = id(&t.rust);
    let d = enum_doc(t);
    let variants = values.iter().map(|v| {
        let n = id(&v.rust);
        let d = doc_or(&v.doc, || format!("`{}`", v.value));
        quote!(#d #n)
    });
    let to_int = values.iter().map(|v| {
        let n = id(&v.rust);
        let w = Literal::i64_unsuffixed(v.value);
        quote!(Self::#n => #w)
    });
    let from_int = values.iter().map(|v| {
        let n = id(&v.rust);
        let w = Literal::i64_unsuffixed(v.value);
        quote!(#w => Self::#n)
    });
    quote! {
        #d
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(from = "i64", into = "i64")]
        pub enum #name {
            #(#variants,)*
            /// A value the spec does not list, kept as the server sent it.
            Unknown(i64),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(#to_int,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_int,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl From<#name> for i64 {
            fn from(value: #name) -> Self {
                value.value()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }
    }
}

/// The generated crate's `lib.rs`.
pub fn lib_file(apis: &[Api]) -> TokenStream {
    let mut text = String::from(
        "Typed async clients for HTTP APIs, generated from the YAML specs under `specs/`.\n\n\
         Each API is a module behind a cargo feature of the same name; `full` (the default) enables all of them.\n\n\
         | module | API | client |\n|---|---|---|\n",
    );
    for a in apis {
        text.push_str(&format!(
            "| [`{}`] | {} | `{}` |\n",
            a.name, a.title, a.client
        ));
    }
    text.push_str(
        "\nShared behaviour (sending, retries, errors, authentication) lives in the hand-written [`runtime`] module.",
    );
    let d = inner_doc(&text);
    let mods = apis.iter().map(|a| {
        let feature = &a.name;
        let m = id(&a.name);
        let d = doc(&format!("{} (feature `{}`).", a.title, a.name));
        // rustfmt leaves generated modules alone: they are formatted by
        // prettyplease, and `cargo fmt --check` must not fight the generator.
        quote! {
            #[cfg(feature = #feature)]
            #d
            #[rustfmt::skip]
            pub mod #m;
        }
    });
    quote! {
        #d
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]

        pub mod runtime;
        #(#mods)*
    }
}
