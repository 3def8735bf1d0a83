//! An endpoint's request type, response type and error enum as formatted
//! text; its `Endpoint` impl is in `endpoint_impl`.

use std::fmt::Write as _;

use super::*;
use crate::emit::parts::Init;
use crate::emit::parts::{inputs, status_text, when_text};
use crate::ir::{Api, EndpointItem, ResponseItem};

/// `///` lines of `text` when it has text, else of `fallback()`.
fn doc_or(
    out: &mut Writer,
    indent: &str,
    text: &Option<String>,
    fallback: impl FnOnce() -> String,
) {
    out.docs(indent, &crate::emit::parts::doc_text(text, fallback));
}

/// The request struct, `new` and the setters of its optional inputs.
pub(in crate::emit) fn request_def(api: &Api, e: &EndpointItem, debug_derived: bool) -> String {
    let mut out = Writer::new();
    let name = &e.request;
    let inputs = inputs(e);
    out.docs("",
        &format!(
            "Inputs of [`{}::{}`]: `{} {}`.\n\nRequired inputs are the arguments of [`{}::new`]; optional ones are set with the methods named after them.",
            api.client,
            e.method_name,
            e.method.as_str(),
            e.path,
            e.request
        ),
    );
    let mut derives = Vec::new();
    if debug_derived {
        derives.push(Meta::Word("Debug".to_owned()));
    }
    derives.push(Meta::Word("Clone".to_owned()));
    derives.push(Meta::Word("PartialEq".to_owned()));
    if inputs.iter().all(|i| !i.required) {
        derives.push(Meta::Word("Default".to_owned()));
    }
    out.attribute("", &Meta::List("derive".to_owned(), derives));
    if inputs.is_empty() {
        let _ = writeln!(out, "#[non_exhaustive]\npub struct {name} {{}}");
    } else {
        let _ = writeln!(out, "#[non_exhaustive]\npub struct {name} {{");
        for i in &inputs {
            out.docs("    ", &i.doc);
            let t = ty(i.ty);
            let t = if i.required {
                t
            } else {
                format!("Option<{t}>")
            };
            out.generic("    ", &format!("pub {}: ", i.rust), &t, ",");
        }
        let _ = writeln!(out, "}}");
    }
    let _ = writeln!(out, "impl {name} {{");
    let names: Vec<String> = inputs.iter().map(|i| i.rust.to_string()).collect();
    constructor(
        &mut out,
        "A request with its required inputs; optional ones start unset.",
        inputs.iter().zip(&names).map(|(i, n)| {
            (
                n.as_str(),
                if i.required {
                    Init::Arg(i.ty)
                } else {
                    Init::Unset
                },
                false,
            )
        }),
    );
    for (i, n) in inputs.iter().zip(&names).filter(|(i, _)| !i.required) {
        setter(&mut out, n, i.ty, false, &i.doc);
    }
    let _ = writeln!(out, "}}");
    out.finish()
}

/// The response type: an alias of the one success's body, or an enum of the
/// successes ([`error_enum`] and [`error_alias`] follow it).
pub(in crate::emit) fn outcomes(e: &EndpointItem) -> String {
    let mut out = Writer::new();
    let successes: Vec<&ResponseItem> = e.successes().collect();
    if let [r] = successes.as_slice() {
        let (t, what) = match &r.body {
            Some(b) => (ty(b), "its decoded body".to_owned()),
            None => ("()".to_owned(), "`()`: the response has no body".to_owned()),
        };
        out.docs(
            "",
            &format!("What [`{}`] returns on success: {what}.", e.request),
        );
        let _ = writeln!(out, "pub type {} = {t};", e.response);
    } else {
        out.docs(
            "",
            &format!("The success responses of [`{}`], by status.", e.request),
        );
        let _ = writeln!(
            out,
            "#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum {} {{",
            e.response
        );
        for r in &successes {
            doc_or(&mut out, "    ", &r.doc, || status_text(r.status));
            match &r.body {
                Some(b) => {
                    let _ = writeln!(out, "    {}({}),", r.variant, ty(b));
                }
                None => {
                    let _ = writeln!(out, "    {},", r.variant);
                }
            }
        }
        let _ = writeln!(out, "}}");
    }
    out.finish()
}

/// The endpoint's name for the enum of error bodies it shares with others:
/// an alias (nothing for an enum of its own).
pub(in crate::emit) fn error_alias(e: &EndpointItem) -> String {
    let mut out = Writer::new();
    if e.error_enum != e.error {
        out.docs(
            "",
            &format!(
                "The typed error bodies of [`{}`]: those of {} endpoints, in [`{}`].",
                e.request, e.error_enum_users, e.error_enum
            ),
        );
        let _ = writeln!(out, "pub type {} = {};", e.error, e.error_enum);
    }
    out.finish()
}

/// The enum of error bodies, where this endpoint defines it (its own, or
/// the first of those that share it); nothing elsewhere.
pub(in crate::emit) fn error_enum(e: &EndpointItem) -> String {
    let mut out = Writer::new();
    if !e.defines_error_enum {
        return out.finish();
    }
    let shared = e.error_enum != e.error;
    let text = if shared {
        format!(
            "The typed error bodies, by status, of the {} endpoints whose error responses are these \
             (the first is [`{}`]); reached through [`runtime::ApiError::typed`].",
            e.error_enum_users, e.request
        )
    } else {
        format!(
            "The typed error bodies of [`{}`], by status; reached through [`runtime::ApiError::typed`].",
            e.request
        )
    };
    out.docs("", &text);
    let mut variants = Writer::new();
    for r in e.errors().filter(|r| r.body.is_some()) {
        // A shared enum's variant means the status, not one endpoint's
        // description of it (each method's docs keep those).
        if shared {
            variants.docs("    ", &status_text(r.status));
        } else {
            doc_or(&mut variants, "    ", &r.doc, || status_text(r.status));
        }
        let t = r.body.as_ref().map(ty).unwrap_or_default();
        let _ = writeln!(variants, "    {}({t}),", r.variant);
    }
    for r in e.successes() {
        if let (Some(v), Some(body)) = (&r.error_variant, &r.body) {
            variants.docs(
                "    ",
                &format!(
                    "{} whose body says it failed ({}).",
                    status_text(r.status).trim_end_matches('.'),
                    when_text(&r.error_when)
                ),
            );
            let _ = writeln!(variants, "    {v}({}),", ty(body));
        }
    }
    if variants.is_empty() {
        let _ = writeln!(
            out,
            "#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum {} {{}}",
            e.error_enum
        );
    } else {
        let _ = writeln!(
            out,
            "#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum {} {{",
            e.error_enum
        );
        out.push_str(&variants.finish());
        let _ = writeln!(out, "}}");
    }
    out.finish()
}
