//! Emit: [`crate::ir`] -> Rust source. The fixed shapes that are most of a
//! large API (types, requests, responses, most `Endpoint` impls, client
//! methods, mocks) are written as text in prettyplease's layout (`text`,
//! `mock`); the varied ones (the client, credentials, servers, unions, checks,
//! the `Endpoint` impls `text` leaves) are token streams that
//! [`crate::render`] formats. Every string from a spec reaches either through
//! [`crate::escape`].
//!
//! The generated code calls the hand-written runtime crate (re-exported as
//! `runtime` by every generated crate) for everything that is the same for every endpoint, so what is
//! emitted per endpoint is only its data: names, types, wire names and statuses.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident;
use crate::ir::Api;

use parts::{doc, id, inner_doc};
pub(crate) use text::{gate_attr, gate_items};

/// The items of an API's crate root that are emitted as formatted text (see
/// [`Chunk::text`]), in file order; [`api_module`] has the rest.
pub fn api_text(api: &Api) -> String {
    let (_, chunks) = api_chunks(api);
    chunks
        .iter()
        .flat_map(|c| c.pieces(api))
        .filter_map(|p| match p {
            Piece::Text(t) | Piece::TokensThen(_, t) => Some(t),
            Piece::Tokens(_) | Piece::Gate(_) => None,
        })
        .collect()
}

/// One API's crate root (`generated/<api>/src/lib.rs`) as one token stream,
/// but for the items emitted as text ([`api_text`]).
pub fn api_module(api: &Api) -> TokenStream {
    let (head, chunks) = api_chunks(api);
    let chunks = chunks
        .iter()
        .flat_map(|c| c.pieces(api))
        .filter_map(|p| match p {
            Piece::Tokens(t) | Piece::TokensThen(t, _) => Some(t),
            Piece::Text(_) | Piece::Gate(_) => None,
        });
    quote!(#head #(#chunks)*)
}

/// A piece of an API's crate root that is emitted, parsed and formatted on
/// its own, so a large API renders on every core and never holds the whole
/// crate's tokens or syntax tree at once.
#[derive(Debug, Clone, Copy)]
pub enum Chunk<'a> {
    /// The client type, its credentials and its servers.
    Client,
    /// One endpoint: request, responses, errors, `Endpoint` impl.
    Endpoint(&'a crate::ir::EndpointItem),
    /// One named or inline type.
    Type(&'a crate::ir::TypeItem),
}

/// A part of a chunk: tokens to format, or text already formatted.
#[derive(Debug)]
pub enum Piece {
    /// Items as tokens, formatted by prettyplease.
    Tokens(TokenStream),
    /// Items written as formatted text (see `text` and `mock`).
    Text(String),
    /// Items as tokens whose last is an `impl` block, then text that goes
    /// inside that block, before its closing brace (the client's methods).
    TokensThen(TokenStream, String),
    /// Which of a grouped API's features compile the items of the pieces
    /// after it, up to the next `Gate`.
    Gate(crate::ir::Gate),
}

impl Chunk<'_> {
    /// The spec item the chunk comes from, for messages.
    pub fn what(&self) -> String {
        match self {
            Chunk::Client => "the client".to_owned(),
            Chunk::Endpoint(e) => format!("endpoint `{}`", e.wire),
            Chunk::Type(t) => format!("`{}`", t.origin),
        }
    }

    /// The chunk's items, in file order.
    pub fn pieces(&self, api: &Api) -> Vec<Piece> {
        match self {
            Chunk::Client => {
                let credentials = auth::credential_enum(api);
                let servers = servers(api);
                vec![
                    Piece::TokensThen(client(api), client::client_methods_text(api)),
                    Piece::Tokens(quote!(#credentials #servers)),
                    Piece::Text(mock::mock_module(api)),
                ]
            }
            Chunk::Endpoint(e) => {
                let debug = !parts::inputs(e).iter().any(|i| i.sensitive);
                let gate = || Piece::Gate(e.gate.clone());
                let mut pieces = vec![
                    gate(),
                    laid_out(text::request_def(api, e, debug)),
                    Piece::Tokens(endpoint::request_debug(e)),
                    laid_out(text::outcomes(e)),
                    Piece::Gate(e.error_enum_gate.clone()),
                    laid_out(text::error_enum(e)),
                    gate(),
                    laid_out(text::error_alias(e)),
                    match text::endpoint_impl(api, e) {
                        text::Written::Laid(text) => laid_out(text),
                        text::Written::Plain(text) => Piece::Tokens(parts::lex(&text)),
                    },
                    Piece::Text(mock::endpoint_mock(api, e)),
                ];
                if in_feature_file(api, e) {
                    pieces.push(Piece::Text(client::client_method_impl(api, e)));
                    pieces.push(Piece::Text(mock::expect_method_impl(api, e)));
                }
                for r in &e.responses {
                    if let Some(h) = &r.headers {
                        pieces.push(Piece::Tokens(parts::lex(&text::response_headers(
                            api, e, r, h,
                        ))));
                        pieces.push(Piece::Tokens(endpoint::headers_debug(h)));
                    }
                }
                pieces
            }
            Chunk::Type(t) => {
                let mut pieces = vec![Piece::Gate(t.gate.clone())];
                pieces.extend(Self::type_pieces(api, t));
                pieces
            }
        }
    }

    /// A type's items.
    fn type_pieces(api: &Api, t: &crate::ir::TypeItem) -> Vec<Piece> {
        use crate::ir::TypeKind;
        match &t.kind {
            TypeKind::Struct(fields) => {
                let debug = !fields.iter().any(|f| f.sensitive);
                vec![
                    laid_out(text::struct_def(t, fields, debug)),
                    Piece::Tokens(types::struct_debug(t, fields)),
                    laid_out(text::deserialize_struct(t, fields)),
                    laid_out(text::validate_impl(t, fields, &api.types)),
                ]
            }
            TypeKind::StringEnum(values) => vec![laid_out(text::open_enum(t, values, true))],
            TypeKind::IntEnum(values) => vec![laid_out(text::open_enum(t, values, false))],
            TypeKind::Alias(target) => vec![laid_out(text::alias(t, target))],
            TypeKind::Union { .. } => vec![Piece::Tokens(type_item(t))],
        }
    }
}

/// Whether the endpoint's items (its client and mock methods too) go into
/// the file of the one feature that compiles it: the API has groups and
/// the endpoint is in one.
pub(crate) fn in_feature_file(api: &Api, e: &crate::ir::EndpointItem) -> bool {
    !api.groups.is_empty() && e.gate.single().is_some()
}

/// Items written as text in prettyplease's layout, unless a line of code
/// overflows the width in a way the text writers do not follow (a long name
/// inside a call or a generic type): such items are laid out by prettyplease
/// from the same text. Doc lines and the lines prettyplease cannot break
/// either ([`text::unbreakable`]) do not count: with Microsoft Graph's names, they
/// were half of all the items.
fn laid_out(text: String) -> Piece {
    let overflows = text.lines().any(|l| {
        l.len() > text::WIDTH && !l.trim_start().starts_with("//") && !text::unbreakable(l)
    });
    if overflows {
        Piece::Tokens(parts::lex(&text))
    } else {
        Piece::Text(text)
    }
}

/// The crate root's head (docs, crate attributes, the runtime re-export) and
/// its chunks, in file order.
pub fn api_chunks(api: &Api) -> (TokenStream, Vec<Chunk<'_>>) {
    let module_doc = inner_doc(&module_doc_text(api));
    let example = module_example(api);
    let example = std::iter::once(String::new())
        .chain(std::iter::once(" ```no_run".to_owned()))
        .chain(example.lines().map(|l| format!(" {l}")))
        .chain(std::iter::once(" ```".to_owned()));
    let module_doc = quote!(#module_doc #(#![doc = #example])*);
    let runtime_crate = id(&ident::crate_ident(ident::RUNTIME_CRATE));
    // Method names come from vendors' wire names (a JWT's `sub` claim is no
    // subtraction) and response enums mirror the wire, where one variant may be
    // far larger than another: neither lint can be met without renaming the
    // vendor's fields or boxing what callers match on. A status range overlaps
    // the exact codes before it on purpose: `404` wins over `4XX`.
    let head = quote! {
        #module_doc
        #![allow(
            clippy::should_implement_trait,
            clippy::large_enum_variant,
            clippy::match_overlapping_arm
        )]
        #![forbid(unsafe_code)]

        /// The shared runtime this client calls into: its builder, errors and
        /// helper types, so one dependency is all a caller needs.
        pub use #runtime_crate as runtime;
    };
    let chunks = std::iter::once(Chunk::Client)
        .chain(api.endpoints.iter().map(Chunk::Endpoint))
        .chain(api.types.iter().map(Chunk::Type))
        .collect();
    (head, chunks)
}

mod auth;
mod client;
mod endpoint;
mod mock;
mod parts;
mod servers;
mod text;
mod types;
mod union;

use client::{client, module_doc_text, module_example};
use servers::servers;
use types::type_item;

/// The convenience crate's `lib.rs`: every API crate re-exported under its
/// API's name behind a cargo feature, so code written against one crate for
/// all APIs (`api_clients::smartsheet::...`) keeps compiling.
pub fn umbrella_lib(apis: &[Api]) -> TokenStream {
    let mut text = String::from(
        "Typed async clients for HTTP APIs, generated from the YAML specs under `specs/`.\n\n\
         Each API is its own crate with its own version; this crate re-exports each one \
         under the API's name, behind a cargo feature of the same name (`full`, the \
         default, enables all of them). A crate that uses one API can depend on that \
         API's crate alone and compiles only its code.\n\n\
         | module | API | crate | client |\n|---|---|---|---|\n",
    );
    for a in apis {
        text.push_str(&format!(
            "| `{}` | {} | `{}` {} | `{}` |\n",
            a.name, a.title, a.crate_name, a.version, a.client
        ));
    }
    text.push_str(&format!(
        "\nShared behaviour (sending, retries, errors, authentication) lives in the \
         hand-written [`runtime`] crate (`{}`).",
        ident::RUNTIME_CRATE
    ));
    let d = inner_doc(&text);
    let runtime_crate = id(&ident::crate_ident(ident::RUNTIME_CRATE));
    let mods = apis.iter().map(|a| {
        let feature = &a.name;
        let m = id(&a.name);
        let krate = id(&ident::crate_ident(&a.crate_name));
        let d = doc(&format!(
            "{} (feature `{}`): the crate `{}`.",
            a.title, a.name, a.crate_name
        ));
        quote! {
            #[cfg(feature = #feature)]
            #d
            pub use #krate as #m;
        }
    });
    quote! {
        #d
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]

        pub use #runtime_crate as runtime;
        #(#mods)*
    }
}

#[cfg(test)]
mod layout_tests;
