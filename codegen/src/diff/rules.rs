//! The rules: for each kind of difference, its Rust and wire verdicts and why.
//!
//! Things are matched by what identifies them on the wire (an endpoint's
//! operation name, a parameter's location and name, a field's JSON name, an
//! enum's value, a response's status) except types, which have no wire name
//! and are matched by Rust name. A changed Rust name with the same wire name
//! is reported as a rename: Rust-breaking, wire-compatible.

use std::collections::HashMap;

use super::out::{Out, same_text};
use super::{Change, Verdict, behaviour};
use crate::ir::{
    Api, BodyItem, EndpointItem, FieldItem, ParamItem, Prim, ResponseItem, SerdeUse, TypeItem,
    TypeKind, TypeRef, find_type,
};

/// How a type reference reads in a report (`Vec<Account>`, `i64`).
fn show(t: &TypeRef) -> String {
    match t {
        TypeRef::Prim(p) => match p {
            Prim::String => "string".to_owned(),
            Prim::Bool => "bool".to_owned(),
            Prim::I32 => "i32".to_owned(),
            Prim::I64 => "i64".to_owned(),
            Prim::U32 => "u32".to_owned(),
            Prim::U64 => "u64".to_owned(),
            Prim::F32 => "f32".to_owned(),
            Prim::F64 => "f64".to_owned(),
            Prim::Json => "json".to_owned(),
            Prim::Bytes => "bytes".to_owned(),
            Prim::Date => "date".to_owned(),
            Prim::DateTime => "date_time".to_owned(),
        },
        TypeRef::Named(n) => n.clone(),
        TypeRef::Array(inner) => format!("array of {}", show(inner)),
        TypeRef::Map(inner) => format!("map of {}", show(inner)),
    }
}

/// Whether every value of `from` is a value of `to` on the wire (`i32` -> `i64`).
fn widens(from: &TypeRef, to: &TypeRef) -> bool {
    use Prim::*;
    matches!(
        (from, to),
        (TypeRef::Prim(I32), TypeRef::Prim(I64))
            | (TypeRef::Prim(U32), TypeRef::Prim(U64 | I64))
            | (TypeRef::Prim(F32), TypeRef::Prim(F64))
    )
}

pub(super) fn api(name: &str, old: Option<&Api>, new: Option<&Api>) -> Vec<Change> {
    let mut out = Out::new(name);
    match (old, new) {
        (None, Some(_)) => out.push(
            "API",
            "added",
            Verdict::ok("a new crate"),
            Verdict::ok("no client used it before"),
        ),
        (Some(_), None) => out.push(
            "API",
            "removed",
            Verdict::breaks("its crate is no longer generated"),
            Verdict::ok("deployed clients keep working until the server changes"),
        ),
        (Some(o), Some(n)) => {
            if o.title != n.title || !same_text(&o.description, &n.description) {
                out.docs("API", "title or description");
            }
            behaviour::servers(&mut out, o, n);
            behaviour::auth(&mut out, o, n);
            behaviour::retry(&mut out, o, n);
            endpoints(&mut out, o, n);
            types(&mut out, o, n);
        }
        (None, None) => {}
    }
    out.into_changes()
}

fn endpoints(out: &mut Out<'_>, o: &Api, n: &Api) {
    // By operation name, at once: an API may have tens of thousands.
    let by_wire = |a: &'_ Api| -> HashMap<String, usize> {
        a.endpoints
            .iter()
            .enumerate()
            .map(|(i, e)| (e.wire.clone(), i))
            .collect()
    };
    let (old_index, new_index) = (by_wire(o), by_wire(n));
    for e in &o.endpoints {
        match new_index.get(&e.wire).map(|&i| &n.endpoints[i]) {
            None => out.push(
                &e.method_name,
                "endpoint removed",
                Verdict::breaks(format!(
                    "method {} and {} are gone",
                    e.method_name, e.request
                )),
                Verdict::breaks("old clients call an operation the server no longer has"),
            ),
            Some(x) => endpoint(out, e, x),
        }
    }
    for e in n
        .endpoints
        .iter()
        .filter(|e| !old_index.contains_key(&e.wire))
    {
        out.push(
            &e.method_name,
            format!("endpoint added: {} {}", e.method.as_str(), e.path),
            Verdict::ok("a new method"),
            Verdict::ok("old clients do not call it"),
        );
    }
}

fn endpoint(out: &mut Out<'_>, o: &EndpointItem, n: &EndpointItem) {
    let subject = n.method_name.clone();
    if o.method_name != n.method_name {
        out.push(
            &subject,
            format!("Rust name {} -> {}", o.method_name, n.method_name),
            Verdict::breaks(format!("method {} is renamed", o.method_name)),
            Verdict::ok("same operation on the wire"),
        );
    }
    if o.method != n.method || o.path != n.path {
        out.push(
            &subject,
            format!(
                "{} {} -> {} {}",
                o.method.as_str(),
                o.path,
                n.method.as_str(),
                n.path
            ),
            Verdict::ok("same method and types"),
            Verdict::breaks("old clients send the old method and path"),
        );
    }
    behaviour::endpoint(out, &subject, o, n);
    if o.summary.trim() != n.summary.trim() || !same_text(&o.description, &n.description) {
        out.docs(&subject, "summary or description");
    }
    params(out, &subject, n, &o.params, &n.params);
    body(out, &subject, n, o.body.as_ref(), n.body.as_ref());
    responses(out, &subject, o, n);
}

fn params(
    out: &mut Out<'_>,
    subject: &str,
    e: &EndpointItem,
    old: &[ParamItem],
    new: &[ParamItem],
) {
    let key = |p: &ParamItem| (p.location, p.wire.clone());
    let label = |p: &ParamItem| format!("{} {}", p.location.as_str(), p.wire);
    for p in old {
        let Some(q) = new.iter().find(|q| key(q) == key(p)) else {
            out.push(
                subject,
                format!("{} removed", label(p)),
                Verdict::breaks(if p.required {
                    format!("an argument of {}::new is gone", e.request)
                } else {
                    format!("the setter {}::{} is gone", e.request, p.rust)
                }),
                Verdict::ok("old clients send a parameter the server no longer reads"),
            );
            continue;
        };
        if p.required != q.required {
            let (rust, wire) = if q.required {
                (
                    Verdict::breaks(format!("new argument of {}::new", e.request)),
                    Verdict::breaks("old clients may omit it"),
                )
            } else {
                (
                    Verdict::breaks(format!(
                        "an argument of {}::new becomes a setter",
                        e.request
                    )),
                    Verdict::ok("old clients always send it"),
                )
            };
            let (a, b) = if q.required {
                ("optional", "required")
            } else {
                ("required", "optional")
            };
            out.push(subject, format!("{}: {a} -> {b}", label(p)), rust, wire);
        }
        if p.ty != q.ty {
            out.push(
                subject,
                format!("{}: {} -> {}", label(p), show(&p.ty), show(&q.ty)),
                Verdict::breaks("its Rust type changes"),
                if widens(&p.ty, &q.ty) {
                    Verdict::ok("every old value is still valid")
                } else {
                    Verdict::breaks("old clients send the old type")
                },
            );
        }
        if p.rust != q.rust {
            out.push(
                subject,
                format!("{}: Rust name {} -> {}", label(p), p.rust, q.rust),
                Verdict::breaks(format!("field and setter {} are renamed", p.rust)),
                Verdict::ok("same name on the wire"),
            );
        }
        if !same_text(&p.doc, &q.doc) {
            out.docs(subject, format!("{}: description", label(p)));
        }
    }
    for q in new.iter().filter(|q| !old.iter().any(|p| key(p) == key(q))) {
        if q.required {
            out.push(
                subject,
                format!("{} added, required", label(q)),
                Verdict::breaks(format!("new argument of {}::new", e.request)),
                Verdict::breaks("old clients do not send it"),
            );
        } else {
            out.push(
                subject,
                format!("{} added, optional", label(q)),
                Verdict::ok(format!("a new setter; {} is #[non_exhaustive]", e.request)),
                Verdict::ok("the server must do without it"),
            );
        }
    }
}

/// Named types count as the same when their Rust names match: their own
/// changes are reported under `type ...`.
fn body(
    out: &mut Out<'_>,
    subject: &str,
    e: &EndpointItem,
    old: Option<&BodyItem>,
    new: Option<&BodyItem>,
) {
    match (old, new) {
        (None, None) => {}
        (Some(_), None) => out.push(
            subject,
            "request body removed",
            Verdict::breaks(format!("{} loses its body", e.request)),
            Verdict::ok("old clients send a body the server ignores"),
        ),
        (None, Some(b)) => out.push(
            subject,
            format!(
                "request body added, {}",
                if b.required { "required" } else { "optional" }
            ),
            if b.required {
                Verdict::breaks(format!("new argument of {}::new", e.request))
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
            if a.required != b.required {
                out.push(
                    subject,
                    format!(
                        "request body: {} -> {}",
                        if a.required { "required" } else { "optional" },
                        if b.required { "required" } else { "optional" }
                    ),
                    Verdict::breaks(format!("{}::new changes", e.request)),
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
                    Verdict::breaks("old clients send the old shape"),
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
        }
    }
}

fn responses(out: &mut Out<'_>, subject: &str, o: &EndpointItem, n: &EndpointItem) {
    let single = |e: &EndpointItem| e.successes().count() == 1;
    for r in &o.responses {
        let label = format!("response {}", r.status.label());
        match n.responses.iter().find(|x| x.status == r.status) {
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
            Some(x) => response(out, subject, &label, r, x),
        }
    }
    for r in n
        .responses
        .iter()
        .filter(|r| !o.responses.iter().any(|x| x.status == r.status))
    {
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

fn response(out: &mut Out<'_>, subject: &str, label: &str, a: &ResponseItem, b: &ResponseItem) {
    if a.error != b.error {
        out.push(
            subject,
            format!("{label}: {} -> {}", kind(a), kind(b)),
            Verdict::breaks("it moves between the success and the error types"),
            Verdict::breaks("old clients read it the other way"),
        );
        return;
    }
    if a.body != b.body {
        out.push(
            subject,
            format!(
                "{label} body: {} -> {}",
                a.body.as_ref().map_or("none".to_owned(), show),
                b.body.as_ref().map_or("none".to_owned(), show)
            ),
            Verdict::breaks("its Rust type changes"),
            Verdict::breaks("old clients decode the old shape"),
        );
    }
    if a.retry_after_field != b.retry_after_field {
        let show = |f: &Option<String>| f.clone().unwrap_or_else(|| "none".to_owned());
        out.push(
            subject,
            format!(
                "{label} wait field: {} -> {}",
                show(&a.retry_after_field),
                show(&b.retry_after_field)
            ),
            Verdict::ok("retry rules are not part of the types"),
            Verdict::ok("old clients wait per the old field, or back off"),
        );
    }
    if !same_text(&a.doc, &b.doc) {
        out.docs(subject, format!("{label}: description"));
    }
}

fn kind(r: &ResponseItem) -> &'static str {
    if r.error { "error" } else { "success" }
}

fn types(out: &mut Out<'_>, o: &Api, n: &Api) {
    for t in &o.types {
        match find_type(&n.types, &t.rust) {
            None => out.push(
                format!("type {}", t.rust),
                "removed",
                Verdict::breaks(format!("{} is gone", t.rust)),
                Verdict::ok("where it was used is reported on its own"),
            ),
            Some(x) => type_change(out, t, x),
        }
    }
    for t in n
        .types
        .iter()
        .filter(|t| find_type(&o.types, &t.rust).is_none())
    {
        out.push(
            format!("type {}", t.rust),
            "added",
            Verdict::ok("a new type"),
            Verdict::ok("old clients do not use it"),
        );
    }
}

fn type_change(out: &mut Out<'_>, a: &TypeItem, b: &TypeItem) {
    let subject = format!("type {}", a.rust);
    if !same_text(&a.doc, &b.doc) {
        out.docs(&subject, "description");
    }
    match (&a.kind, &b.kind) {
        (TypeKind::Struct(fa), TypeKind::Struct(fb)) => fields(out, &subject, b, fa, fb),
        (TypeKind::StringEnum(va), TypeKind::StringEnum(vb)) => {
            let va: Vec<(String, String)> = va
                .iter()
                .map(|v| (v.value.clone(), v.rust.clone()))
                .collect();
            let vb: Vec<(String, String)> = vb
                .iter()
                .map(|v| (v.value.clone(), v.rust.clone()))
                .collect();
            enum_values(out, &subject, b.serde, &va, &vb);
        }
        (TypeKind::IntEnum(va), TypeKind::IntEnum(vb)) => {
            let va: Vec<(String, String)> = va
                .iter()
                .map(|v| (v.value.to_string(), v.rust.clone()))
                .collect();
            let vb: Vec<(String, String)> = vb
                .iter()
                .map(|v| (v.value.to_string(), v.rust.clone()))
                .collect();
            enum_values(out, &subject, b.serde, &va, &vb);
        }
        (TypeKind::Alias(x), TypeKind::Alias(y)) if x == y => {}
        (TypeKind::Union { .. }, TypeKind::Union { .. }) if a.kind == b.kind => {}
        _ if a.kind == b.kind => {}
        _ => out.push(
            &subject,
            "its shape changes",
            Verdict::breaks("a different Rust type under the same name"),
            Verdict::breaks("old clients read and write the old shape"),
        ),
    }
}

/// Verdicts for a field's change on the wire, by the directions its type travels.
fn by_direction(serde: SerdeUse, sent: Verdict, received: Verdict) -> Verdict {
    match (serde.ser, serde.de) {
        (true, false) => sent,
        (false, true) => received,
        // Both directions: the worse of the two.
        _ if sent.breaking => sent,
        _ => received,
    }
}

fn fields(out: &mut Out<'_>, subject: &str, t: &TypeItem, old: &[FieldItem], new: &[FieldItem]) {
    for f in old {
        let label = format!("field {}", f.wire);
        let Some(g) = new.iter().find(|g| g.wire == f.wire) else {
            out.push(
                subject,
                format!("{label} removed"),
                Verdict::breaks(format!("the field {} is gone", f.rust)),
                by_direction(
                    t.serde,
                    Verdict::ok("old clients send a field the server ignores"),
                    if f.is_option() {
                        Verdict::ok("old clients read it as absent")
                    } else {
                        Verdict::breaks("old clients require it")
                    },
                ),
            );
            continue;
        };
        if f.optional != g.optional || f.nullable != g.nullable {
            let state = |x: &FieldItem| match (x.optional, x.nullable) {
                (false, false) => "required",
                (true, false) => "optional",
                (false, true) => "required, nullable",
                (true, true) => "optional, nullable",
            };
            let looser = (g.optional && !f.optional) || (g.nullable && !f.nullable);
            let rust = if f.is_option() == g.is_option() && g.optional == f.optional {
                Verdict::ok("same Rust type")
            } else {
                Verdict::breaks(format!(
                    "{} changes between T and Option<T> or moves in or out of new",
                    f.rust
                ))
            };
            let wire = by_direction(
                t.serde,
                if looser {
                    Verdict::ok("old clients send more than needed")
                } else {
                    Verdict::breaks("old clients may leave it out")
                },
                if looser {
                    Verdict::breaks("old clients fail when it is missing or null")
                } else {
                    Verdict::ok("old clients accept what is always there")
                },
            );
            out.push(
                subject,
                format!("{label}: {} -> {}", state(f), state(g)),
                rust,
                wire,
            );
        }
        if f.ty != g.ty {
            let widening = widens(&f.ty, &g.ty);
            out.push(
                subject,
                format!("{label}: {} -> {}", show(&f.ty), show(&g.ty)),
                Verdict::breaks("its Rust type changes"),
                by_direction(
                    t.serde,
                    if widening {
                        Verdict::ok("every old value is still valid")
                    } else {
                        Verdict::breaks("old clients send the old type")
                    },
                    Verdict::breaks("old clients decode the old type"),
                ),
            );
        }
        if f.rust != g.rust {
            out.push(
                subject,
                format!("{label}: Rust name {} -> {}", f.rust, g.rust),
                Verdict::breaks(format!("the field {} is renamed", f.rust)),
                Verdict::ok("same name on the wire"),
            );
        }
        if !same_text(&f.doc, &g.doc) {
            out.docs(subject, format!("{label}: description"));
        }
    }
    for g in new.iter().filter(|g| !old.iter().any(|f| f.wire == g.wire)) {
        let label = format!("field {}", g.wire);
        if g.is_option() {
            out.push(
                subject,
                format!("{label} added, optional"),
                Verdict::ok("a new field and setter; the struct is #[non_exhaustive]"),
                Verdict::ok("old clients leave it out or ignore it"),
            );
        } else {
            out.push(
                subject,
                format!("{label} added, required"),
                Verdict::breaks("new argument of new"),
                by_direction(
                    t.serde,
                    Verdict::breaks("old clients do not send it"),
                    Verdict::ok("old clients ignore it"),
                ),
            );
        }
    }
}

fn enum_values(
    out: &mut Out<'_>,
    subject: &str,
    serde: SerdeUse,
    old: &[(String, String)],
    new: &[(String, String)],
) {
    for (value, rust) in old {
        match new.iter().find(|(v, _)| v == value) {
            None => out.push(
                subject,
                format!("value {value} removed"),
                Verdict::breaks(format!("the variant {rust} is gone")),
                by_direction(
                    serde,
                    Verdict::breaks("old clients may send it"),
                    Verdict::ok("old clients just never see it"),
                ),
            ),
            Some((_, r)) if r != rust => out.push(
                subject,
                format!("value {value}: Rust name {rust} -> {r}"),
                Verdict::breaks(format!("the variant {rust} is renamed")),
                Verdict::ok("same value on the wire"),
            ),
            Some(_) => {}
        }
    }
    for (value, _) in new.iter().filter(|(v, _)| !old.iter().any(|(o, _)| o == v)) {
        out.push(
            subject,
            format!("value {value} added"),
            Verdict::ok("enums are #[non_exhaustive]"),
            by_direction(
                serde,
                Verdict::ok("old clients never send it"),
                Verdict::ok("old clients keep it as Unknown"),
            ),
        );
    }
}
