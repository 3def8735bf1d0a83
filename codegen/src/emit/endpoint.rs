//! Per endpoint, the parts built as tokens: the request's redacting `Debug`,
//! and the `runtime::Endpoint` impl of the shapes `text::endpoint_impl` leaves
//! (a success body that can say it failed, inputs with checks, bodies that
//! are not JSON, lines too long for its layout). The inputs and the texts of
//! statuses are shared with the text writer.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::parts::id;
use super::types::redacting_debug;
use crate::ir::{self, Api, EndpointItem, ParamIn};

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

pub(super) fn endpoint_impl(api: &Api, e: &EndpointItem) -> TokenStream {
    let request = id(&e.request);
    let response = id(&e.response);
    let error = id(&e.error_enum);
    let op_name = &e.wire;
    let method = format_ident!("{}", e.method.as_str());
    let path = &e.path;
    let idempotent = e.idempotent;
    let hints = e.responses.iter().filter_map(|r| {
        let field = r.retry_after_field.as_ref()?;
        let ir::Status::Code(code) = r.status else {
            return None;
        };
        let status = Literal::u16_unsuffixed(code);
        Some(quote!((#status, #field)))
    });
    let content_type = match &e.body {
        Some(b) => {
            let ct = &b.content_type;
            quote!(Some(#ct))
        }
        None => quote!(None),
    };
    let accept = &e.accept;
    let auth = &e.auth.schemes;
    let auth_optional = e.auth.optional;
    let headers = e.constant_headers.iter().map(|(n, v)| quote!((#n, #v)));
    let sensitive = e.sensitive_bodies;
    let messages = e.responses.iter().filter_map(|r| {
        let paths = r.error_message.as_ref()?;
        let (low, high) = match r.status {
            ir::Status::Code(c) => (c, c),
            ir::Status::Range(c) => (u16::from(c) * 100, u16::from(c) * 100 + 99),
            ir::Status::Default => (100, 599),
        };
        let (low, high) = (Literal::u16_unsuffixed(low), Literal::u16_unsuffixed(high));
        Some(quote!((#low, #high, &[#(#paths),*])))
    });
    let write = write_fn(api, e);
    let decode = decode_fn(e);
    quote! {
        impl runtime::Endpoint for #request {
            type Output = #response;
            type Error = #error;
            const OPERATION: &'static runtime::Operation = &runtime::Operation {
                name: #op_name,
                method: runtime::Method::#method,
                path: #path,
                idempotent: #idempotent,
                retry_after_fields: &[#(#hints),*],
                content_type: #content_type,
                accept: #accept,
                auth: &[#(#auth),*],
                auth_optional: #auth_optional,
                headers: &[#(#headers),*],
                sensitive_bodies: #sensitive,
                error_messages: &[#(#messages),*],
            };

            #write
            #decode
        }
    }
}

pub(super) fn write_fn(api: &Api, e: &EndpointItem) -> TokenStream {
    let mut stmts = Vec::new();
    for p in &e.params {
        let n = id(&p.rust);
        let wire = &p.wire;
        let call = match p.location {
            ParamIn::Path => quote!(path_param),
            ParamIn::Query => quote!(query),
            ParamIn::Header => quote!(header),
        };
        let checks = super::types::checks(wire, &quote!(value), &p.constraints);
        let check = (!checks.is_empty()).then(|| quote!(req.check(|v| { #checks });));
        // A sensitive value is kept out of what errors show.
        let secret = |v: TokenStream| p.sensitive.then(|| quote!(req.secret(#v);));
        stmts.push(match (p.required, check) {
            (true, None) => {
                let secret = secret(quote!(&self.#n));
                quote!(req.#call(#wire, &self.#n); #secret)
            }
            (true, Some(check)) => {
                let secret = secret(quote!(value));
                quote!({ let value = &self.#n; #check req.#call(#wire, value); #secret })
            }
            (false, check) => {
                let secret = secret(quote!(value));
                quote!(if let Some(value) = &self.#n { #check req.#call(#wire, value); #secret })
            }
        });
    }
    if let Some(b) = &e.body {
        let encode = match b.media {
            ir::Media::Form => quote!(form),
            _ => quote!(json),
        };
        let validated = ir::is_validated(&api.types, &b.ty);
        let check = validated.then(|| quote!(req.validate("body", body);));
        stmts.push(if b.required {
            match check {
                Some(check) => quote!({ let body = &self.body; #check req.#encode(body); }),
                None => quote!(req.#encode(&self.body);),
            }
        } else {
            quote!(if let Some(body) = &self.body {
                #check
                req.#encode(body);
            })
        });
    }
    let req = if stmts.is_empty() {
        quote!(_req)
    } else {
        quote!(req)
    };
    // Inline, like the client method that reaches it: compiled where used.
    quote! {
        #[inline]
        fn write(&self, #req: &mut runtime::RequestParts) {
            #(#stmts)*
        }
    }
}

pub(super) fn decode_fn(e: &EndpointItem) -> TokenStream {
    let successes: Vec<&ir::ResponseItem> = e.successes().collect();
    let single = successes.len() == 1;
    let response = id(&e.response);
    let error = id(&e.error_enum);
    let uses_body = std::cell::Cell::new(false);
    let arm_value = |r: &ir::ResponseItem| -> TokenStream {
        let v = id(&r.variant);
        if r.body.is_some() && r.media != ir::Media::Json {
            uses_body.set(true);
            let read = match r.media {
                ir::Media::Text => quote!(body.text()),
                _ => quote!(body.bytes()),
            };
            return match (r.error, single) {
                (true, _) => quote!(runtime::Decoded::Error(Some(#read.map(#error::#v)))),
                (false, true) => quote!(runtime::Decoded::Success(#read)),
                (false, false) => quote!(runtime::Decoded::Success(#read.map(#response::#v))),
            };
        }
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
    // A success whose body can say it failed checks that first.
    let arm_value = |r: &ir::ResponseItem| -> TokenStream {
        let value = arm_value(r);
        match &r.error_variant {
            Some(v) => {
                let v = id(v);
                let when = r.error_when.iter().map(|(path, values)| {
                    let values = values.iter().map(super::parts::constant);
                    quote!((#path, &[#(#values),*]))
                });
                quote!(runtime::Decoded::error_when(body, &[#(#when),*], #error::#v).unwrap_or_else(|| #value))
            }
            None => value,
        }
    };
    let mut arms = Vec::new();
    for r in &e.responses {
        if let ir::Status::Code(code) = r.status {
            let status = Literal::u16_unsuffixed(code);
            let value = arm_value(r);
            arms.push(quote!(#status => #value,));
        }
    }
    // A success declared without a body accepts an empty body on any 2xx: servers
    // answer 200 where the page says 204 more often than one would hope.
    if let Some(empty) = successes.iter().find(|r| r.body.is_none()) {
        let value = arm_value(empty);
        uses_body.set(true);
        arms.push(quote!(200..=299 if body.is_empty() => #value,));
    }
    // Ranges come after every exact code, so `404` wins over `4XX`.
    for r in &e.responses {
        if let ir::Status::Range(class) = r.status {
            let low = Literal::u16_unsuffixed(u16::from(class) * 100);
            let high = Literal::u16_unsuffixed(u16::from(class) * 100 + 99);
            let value = arm_value(r);
            arms.push(quote!(#low..=#high => #value,));
        }
    }
    let fallback = match e.responses.iter().find(|r| r.status == ir::Status::Default) {
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
    // Inline: the decoders it instantiates (serde_json for each body type)
    // are compiled only in crates that call the endpoint.
    quote! {
        #[inline]
        fn decode(status: u16, #body: &runtime::Body<'_>) -> runtime::Decoded<Self::Output, Self::Error> {
            #expr
        }
    }
}
