//! Request bodies and responses. A body's type is compared by its shape on
//! the wire (its Rust name matters only for the Rust verdict); responses are
//! matched by status, and an endpoint's only success by being the only one.

use super::Verdict;
use super::out::{Out, same_text};
use super::shape::{same_wire, show};
use crate::ir::{Api, BodyItem, EndpointItem, ResponseItem, TypeRef};

fn required(b: &BodyItem) -> &'static str {
    if b.required { "required" } else { "optional" }
}

pub(super) fn body(
    out: &mut Out<'_>,
    subject: &str,
    (oa, o): (&Api, &EndpointItem),
    (na, n): (&Api, &EndpointItem),
) {
    match (&o.body, &n.body) {
        (None, None) => {}
        (Some(_), None) => out.push(
            subject,
            "request body removed",
            Verdict::breaks(format!("{} loses its body", o.request)),
            Verdict::ok("old clients send a body the server ignores"),
        ),
        (None, Some(b)) => out.push(
            subject,
            format!("request body added, {}", required(b)),
            if b.required {
                Verdict::breaks(format!("new argument of {}::new", n.request))
            } else {
                Verdict::ok("a new setter")
            },
            if b.required {
                Verdict::breaks("old clients send no body")
            } else {
                Verdict::ok("the server must do without it")
            },
        ),
        (Some(a), Some(b)) => {
            let BodyItem {
                ty: _,
                required: _,
                // The media follows from the content type, compared below.
                media: _,
                content_type: _,
                doc: _,
                parts: _,
                deep: _,
            } = a;
            if a.required != b.required {
                out.push(
                    subject,
                    format!("request body: {} -> {}", required(a), required(b)),
                    Verdict::breaks(format!("{}::new changes", n.request)),
                    if b.required {
                        Verdict::breaks("old clients may send no body")
                    } else {
                        Verdict::ok("old clients always send one")
                    },
                );
            }
            if a.ty != b.ty {
                out.push(
                    subject,
                    format!("request body: {} -> {}", show(&a.ty), show(&b.ty)),
                    Verdict::breaks("its Rust type changes"),
                    wire_shape(oa, &a.ty, na, &b.ty, "old clients send the old shape"),
                );
            }
            if a.content_type != b.content_type {
                out.push(
                    subject,
                    format!("request body: {} -> {}", a.content_type, b.content_type),
                    Verdict::ok("same types"),
                    Verdict::breaks("old clients send the old media type"),
                );
            }
            if a.deep != b.deep {
                let form = |deep: bool| if deep { "deep_object" } else { "flat" };
                out.push(
                    subject,
                    format!("request body: style {} -> {}", form(a.deep), form(b.deep)),
                    Verdict::ok("same types"),
                    Verdict::breaks("old clients write nested values the other way"),
                );
            }
            // Parts both sides send, in each side's order: fields added or
            // removed are the type's changes.
            let common = |x: &[String], y: &[String]| -> Vec<String> {
                x.iter().filter(|p| y.contains(p)).cloned().collect()
            };
            let (was, is) = (common(&a.parts, &b.parts), common(&b.parts, &a.parts));
            if was != is {
                out.push(
                    subject,
                    format!(
                        "request body: parts in the order {} -> {}",
                        was.join(", "),
                        is.join(", ")
                    ),
                    Verdict::ok("same types"),
                    Verdict::breaks("old clients send the parts in the old order"),
                );
            }
            if !same_text(&a.doc, &b.doc) {
                out.docs(subject, "request body: description");
            }
        }
    }
}

/// The wire verdict on a body whose type changed: ok when the old and new
/// types have the same shape whatever their names.
fn wire_shape(oa: &Api, a: &TypeRef, na: &Api, b: &TypeRef, breaks: &str) -> Verdict {
    if same_wire(oa, a, na, b) {
        Verdict::ok("the same shape on the wire")
    } else {
        Verdict::breaks(breaks)
    }
}

pub(super) fn responses(
    out: &mut Out<'_>,
    subject: &str,
    (oa, o): (&Api, &EndpointItem),
    (na, n): (&Api, &EndpointItem),
) {
    let single = |e: &EndpointItem| e.successes().count() == 1;
    // An endpoint's only success replaced by another is still its only one:
    // the same response type, another status on the wire.
    let only = match (single(o), single(n)) {
        (true, true) => o.successes().next().zip(n.successes().next()),
        _ => None,
    };
    let counterpart = |r: &ResponseItem| match only {
        Some((a, b)) if std::ptr::eq(a, r) => Some(b),
        _ => n.responses.iter().find(|x| x.status == r.status),
    };
    let matched = |x: &ResponseItem| match only {
        Some((_, b)) if std::ptr::eq(b, x) => true,
        _ => o
            .responses
            .iter()
            .any(|r| r.status == x.status && only.is_none_or(|(a, _)| !std::ptr::eq(a, r))),
    };
    for r in &o.responses {
        let label = format!("response {}", r.status.label());
        match counterpart(r) {
            None if r.error => out.push(
                subject,
                format!("{label} removed"),
                if r.body.is_some() {
                    Verdict::breaks(format!("the variant {}::{} is gone", o.error, r.variant))
                } else {
                    Verdict::ok("it had no typed body")
                },
                Verdict::ok("old clients still accept it if it comes"),
            ),
            None => out.push(
                subject,
                format!("{label} removed"),
                if single(n) && !single(o) {
                    Verdict::breaks(format!("{} is no longer an enum", o.response))
                } else {
                    Verdict::breaks(format!("the variant {}::{} is gone", o.response, r.variant))
                },
                Verdict::ok("old clients still accept it if it comes"),
            ),
            Some(x) => {
                let visible = if r.error {
                    r.body.is_some()
                } else {
                    !single(o)
                };
                response(out, subject, &label, (oa, r), (na, x), visible);
                if shown_doc(o, r) != shown_doc(n, x) {
                    out.docs(subject, format!("{label}: description"));
                }
            }
        }
    }
    for r in n.responses.iter().filter(|r| !matched(r)) {
        let label = format!("response {}", r.status.label());
        if r.error {
            out.push(
                subject,
                format!("{label} added"),
                Verdict::ok(format!("{} is #[non_exhaustive]", n.error)),
                Verdict::ok("old clients report it as an error with the raw body"),
            );
        } else {
            out.push(
                subject,
                format!("{label} added"),
                if single(o) {
                    Verdict::breaks(format!("{} becomes an enum of the successes", o.response))
                } else {
                    Verdict::ok(format!("{} is #[non_exhaustive]", n.response))
                },
                Verdict::breaks("old clients treat the new success as an unexpected status"),
            );
        }
    }
}

fn kind(r: &ResponseItem) -> &'static str {
    if r.error { "error" } else { "success" }
}

/// One response and its counterpart. `visible`: whether its variant name is
/// part of the Rust API (a typed error, or one success of several).
fn response(
    out: &mut Out<'_>,
    subject: &str,
    label: &str,
    (oa, a): (&Api, &ResponseItem),
    (na, b): (&Api, &ResponseItem),
    visible: bool,
) {
    let ResponseItem {
        status: _,
        variant: _,
        error: _,
        body: _,
        // Follows from the content type, compared below.
        media: _,
        content_type: _,
        doc: _,
        retry_after_field: _,
        error_message: _,
        error_when: _,
        error_variant: _,
        headers: _,
    } = a;
    if a.error != b.error {
        out.push(
            subject,
            format!("{label}: {} -> {}", kind(a), kind(b)),
            Verdict::breaks("it moves between the success and the error types"),
            Verdict::breaks("old clients read it the other way"),
        );
        return;
    }
    if a.status != b.status {
        out.push(
            subject,
            format!("{label} -> {}, the only success", b.status.label()),
            Verdict::ok("still the only success: the same response type"),
            Verdict::breaks(format!(
                "old clients treat {} as an unexpected status",
                b.status.label()
            )),
        );
    }
    if a.body != b.body {
        let wire = match (&a.body, &b.body) {
            // An error stays an error: old clients keep the raw body where
            // the typed one no longer decodes, as for an error added.
            _ if a.error => {
                Verdict::ok("old clients still report it as an error, with the raw body")
            }
            (Some(x), Some(y)) => wire_shape(oa, x, na, y, "old clients decode the old shape"),
            _ => Verdict::breaks("old clients decode the old shape"),
        };
        out.push(
            subject,
            format!(
                "{label} body: {} -> {}",
                a.body.as_ref().map_or("none".to_owned(), show),
                b.body.as_ref().map_or("none".to_owned(), show)
            ),
            Verdict::breaks("its Rust type changes"),
            wire,
        );
    }
    if a.content_type != b.content_type {
        if a.media == b.media {
            out.behaves(
                subject,
                format!("{label}: {} -> {}", a.content_type, b.content_type),
                "same types",
                "old clients decode it the same way",
            );
        } else {
            out.push(
                subject,
                format!("{label}: {} -> {}", a.content_type, b.content_type),
                Verdict::ok("types are compared on their own"),
                Verdict::breaks("old clients decode the old media type"),
            );
        }
    }
    if a.variant != b.variant && visible {
        out.push(
            subject,
            format!("{label}: Rust name {} -> {}", a.variant, b.variant),
            Verdict::breaks(format!("the variant {} is renamed", a.variant)),
            Verdict::ok("same status on the wire"),
        );
    }
    error_rules(out, subject, label, a, b);
    headers(out, subject, label, (oa, a), (na, b));
}

/// A response's declared headers: a struct callers read, filled from what
/// the server sends (every field an `Option`, so the wire never breaks).
fn headers(
    out: &mut Out<'_>,
    subject: &str,
    label: &str,
    (oa, a): (&Api, &ResponseItem),
    (na, b): (&Api, &ResponseItem),
) {
    let (old, new) = match (&a.headers, &b.headers) {
        (None, None) => return,
        (None, Some(h)) => {
            return out.push(
                subject,
                format!("{label}: headers declared ({})", h.rust),
                Verdict::ok(format!("a new type {}", h.rust)),
                Verdict::ok("headers are read, never required"),
            );
        }
        (Some(h), None) => {
            return out.push(
                subject,
                format!("{label}: headers no longer declared"),
                Verdict::breaks(format!("{} is gone", h.rust)),
                Verdict::ok("headers are read, never required"),
            );
        }
        (Some(x), Some(y)) => (x, y),
    };
    if old.rust != new.rust {
        out.push(
            subject,
            format!("{label}: headers type {} -> {}", old.rust, new.rust),
            Verdict::breaks(format!("{} is renamed", old.rust)),
            Verdict::ok("names of types are not sent"),
        );
    }
    let key = |h: &crate::ir::HeaderItem| h.wire.to_ascii_lowercase();
    for h in &old.fields {
        let here = format!("{label}: header {}", h.wire);
        let Some(g) = new.fields.iter().find(|g| key(g) == key(h)) else {
            out.push(
                subject,
                format!("{here} removed"),
                Verdict::breaks(format!("the field {}::{} is gone", old.rust, h.rust)),
                Verdict::ok("headers are read, never required"),
            );
            continue;
        };
        if h.ty != g.ty || h.rust != g.rust {
            out.push(
                subject,
                format!(
                    "{here}: {} {} -> {} {}",
                    h.rust,
                    show(&h.ty),
                    g.rust,
                    show(&g.ty)
                ),
                Verdict::breaks("the field's name or type changes"),
                if crate::diff::shape::fits(na, &g.ty, oa, &h.ty) {
                    Verdict::ok("every new value fits the old type")
                } else {
                    Verdict::ok("a value that does not parse is read as absent")
                },
            );
        }
        if h.sensitive != g.sensitive {
            out.behaves(
                subject,
                format!("{here}: sensitive"),
                "same types",
                "what Debug shows changes",
            );
        }
        if !same_text(&h.doc, &g.doc) {
            out.docs(subject, format!("{here}: description"));
        }
    }
    for g in new
        .fields
        .iter()
        .filter(|g| !old.fields.iter().any(|h| key(h) == key(g)))
    {
        out.push(
            subject,
            format!("{label}: header {} added", g.wire),
            Verdict::ok(format!("{} is #[non_exhaustive]", new.rust)),
            Verdict::ok("headers are read, never required"),
        );
    }
}

/// What of a response's description the generated code shows: an error's
/// first line in its method's docs, and the whole as the doc of its variant
/// (a typed error in an enum of its own, or one success of several).
fn shown_doc(e: &EndpointItem, r: &ResponseItem) -> (Option<String>, Option<String>) {
    let doc = r.doc.as_deref().map(str::trim);
    let first = |d: &str| {
        d.lines()
            .next()
            .unwrap_or("")
            .trim_end_matches('.')
            .to_owned()
    };
    let own_variant = if r.error {
        r.body.is_some() && e.error_enum_users == 1
    } else {
        e.successes().count() > 1
    };
    (
        doc.filter(|_| r.error).map(first),
        doc.filter(|_| own_variant).map(str::to_owned),
    )
}

/// How a response is read beyond its type: its wait field, where its
/// message is, and which successes are errors.
fn error_rules(out: &mut Out<'_>, subject: &str, label: &str, a: &ResponseItem, b: &ResponseItem) {
    if a.retry_after_field != b.retry_after_field {
        let show = |f: &Option<String>| f.clone().unwrap_or_else(|| "none".to_owned());
        out.behaves(
            subject,
            format!(
                "{label} wait field: {} -> {}",
                show(&a.retry_after_field),
                show(&b.retry_after_field)
            ),
            "retry rules are not part of the types",
            "old clients wait per the old field, or back off",
        );
    }
    if a.error_message != b.error_message {
        out.behaves(
            subject,
            format!("{label}: where the message is"),
            "same types",
            "old clients show the raw body where the old pointer finds nothing",
        );
    }
    if a.error_when != b.error_when {
        out.push(
            subject,
            format!("{label}: which successes are errors"),
            match (&a.error_variant, &b.error_variant) {
                (Some(x), Some(y)) if x != y => {
                    Verdict::breaks(format!("the variant {x} is renamed"))
                }
                (Some(x), None) => Verdict::breaks(format!("the variant {x} is gone")),
                _ => Verdict::ok("the error enum is #[non_exhaustive]"),
            },
            Verdict::breaks("old clients take some of these responses the other way"),
        );
    } else if a.error_variant != b.error_variant {
        out.push(
            subject,
            format!("{label}: error variant renamed"),
            Verdict::breaks("the variant is renamed"),
            Verdict::ok("the same responses are errors"),
        );
    }
}
