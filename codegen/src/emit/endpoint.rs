//! Per endpoint, the parts built as tokens: the request's redacting `Debug`,
//! and the `runtime::Endpoint` impl of the shapes `text::endpoint_impl` leaves
//! (a success body that can say it failed, inputs with checks, bodies that
//! are not JSON, lines too long for its layout). The inputs and the texts of
//! statuses are shared with the text writer.

use proc_macro2::TokenStream;
use quote::quote;

use super::parts::id;
use super::types::redacting_debug;
use crate::ir::{EndpointItem, ResponseHeaders};

/// The request's redacting `Debug` (when an input is secret); the request
/// type, response type and error enum are text (`super::text`).
pub(super) fn request_debug(e: &EndpointItem) -> TokenStream {
    let inputs = super::parts::inputs(e);
    if !inputs.iter().any(|i| i.sensitive) {
        return quote!();
    }
    redacting_debug(
        &id(&e.request),
        inputs.iter().map(|i| (&i.rust, i.sensitive, !i.required)),
    )
}

/// A redacting `Debug` for a response's headers, when one is secret.
pub(super) fn headers_debug(h: &ResponseHeaders) -> TokenStream {
    if !h.fields.iter().any(|f| f.sensitive) {
        return quote!();
    }
    let idents: Vec<_> = h.fields.iter().map(|f| id(&f.rust)).collect();
    redacting_debug(
        &id(&h.rust),
        h.fields
            .iter()
            .zip(&idents)
            .map(|(f, n)| (n, f.sensitive, true)),
    )
}
