//! Named types, their fields and their enum values. Types have no wire name
//! and are matched by Rust name (where a body's type is renamed, the body is
//! compared by shape); fields by wire name, else by Rust name; enum values by
//! value, else by Rust name. Received data is judged by what the old decoder
//! accepts, sent data by what the new server accepts.

use super::out::{Out, same_text};
use super::pairing::{keyed, pair};
use super::shape::{fits, same_wire, show};
use super::{Verdict, values};
use crate::ir::{Api, FieldItem, Member, SerdeUse, TypeItem, TypeKind, find_type};

pub(super) fn types(out: &mut Out<'_>, o: &Api, n: &Api) {
    for t in &o.types {
        match find_type(&n.types, &t.rust) {
            None => out.push(
                format!("type {}", t.rust),
                "removed",
                Verdict::breaks(format!("{} is gone", t.rust)),
                Verdict::ok("where it was used is reported on its own"),
            ),
            Some(x) => type_change(out, (o, t), (n, x)),
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

/// Verdicts on the wire, by the directions a type travels: a change that
/// breaks either direction it travels in breaks.
fn by_direction(serde: SerdeUse, sent: Verdict, received: Verdict) -> Verdict {
    match (serde.ser, serde.de) {
        (true, false) => sent,
        (false, true) => received,
        _ if sent.breaking => sent,
        _ => received,
    }
}

fn type_change(out: &mut Out<'_>, (oa, a): (&Api, &TypeItem), (na, b): (&Api, &TypeItem)) {
    let TypeItem {
        rust: _,
        origin: _,
        doc: _,
        kind: _,
        validated: _,
        serde: _,
        // Follows from the groups of the endpoints that use it.
        gate: _,
    } = a;
    let subject = format!("type {}", a.rust);
    if !same_text(&a.doc, &b.doc) || a.origin != b.origin {
        out.docs(&subject, "description");
    }
    impls(out, &subject, a, b);
    match (&a.kind, &b.kind) {
        (TypeKind::Struct(fa), TypeKind::Struct(fb)) => {
            fields(out, &subject, b.serde, (oa, fa), (na, fb));
        }
        (TypeKind::StringEnum(va), TypeKind::StringEnum(vb)) => {
            let values = |v: &[crate::ir::Variant<String>]| -> Vec<Value> {
                v.iter()
                    .map(|x| (x.value.clone(), x.rust.clone(), x.doc.clone()))
                    .collect()
            };
            enum_values(out, &subject, b.serde, &values(va), &values(vb));
        }
        (TypeKind::IntEnum(va), TypeKind::IntEnum(vb)) => {
            let values = |v: &[crate::ir::Variant<i64>]| -> Vec<Value> {
                v.iter()
                    .map(|x| (x.value.to_string(), x.rust.clone(), x.doc.clone()))
                    .collect()
            };
            enum_values(out, &subject, b.serde, &values(va), &values(vb));
        }
        _ if a.kind == b.kind => {}
        (TypeKind::Union { members: ma, .. }, TypeKind::Union { members: mb, .. })
            if same_wire(oa, &named(a), na, &named(b)) =>
        {
            let rust = |m: &[Member]| m.iter().map(|x| x.rust.clone()).collect::<Vec<_>>();
            out.push(
                &subject,
                "Rust names of its members",
                if rust(ma) == rust(mb) {
                    Verdict::breaks("the types of its members change")
                } else {
                    Verdict::breaks("its variants are renamed")
                },
                Verdict::ok("the same shape on the wire"),
            );
        }
        (TypeKind::Alias(x), TypeKind::Alias(y)) => out.push(
            &subject,
            format!("{} -> {}", show(x), show(y)),
            Verdict::breaks("a different Rust type under the same name"),
            by_direction(
                b.serde,
                if fits(oa, x, na, y) {
                    Verdict::ok("every old value is still valid")
                } else {
                    Verdict::breaks("old clients send the old shape")
                },
                if fits(na, y, oa, x) {
                    Verdict::ok("every new value fits the old type")
                } else {
                    Verdict::breaks("old clients decode the old shape")
                },
            ),
        ),
        _ => out.push(
            &subject,
            "its shape changes",
            Verdict::breaks("a different Rust type under the same name"),
            if same_wire(oa, &named(a), na, &named(b)) {
                Verdict::ok("the same shape on the wire")
            } else {
                Verdict::breaks("old clients read and write the old shape")
            },
        ),
    }
}

fn named(t: &TypeItem) -> crate::ir::TypeRef {
    crate::ir::TypeRef::Named(t.rust.clone())
}

/// The trait impls a type has: serde's by the directions it travels, and
/// `runtime::Validate` when it holds constrained data.
fn impls(out: &mut Out<'_>, subject: &str, a: &TypeItem, b: &TypeItem) {
    let lost = |was: bool, is: bool, name: &str, out: &mut Out<'_>| {
        if was && !is {
            out.push(
                subject,
                format!("no longer implements {name}"),
                Verdict::breaks(format!("code using it as {name} no longer compiles")),
                Verdict::ok("what travels is compared on its own"),
            );
        } else if is && !was {
            out.behaves(
                subject,
                format!("now implements {name}"),
                "a new impl",
                "what travels is compared on its own",
            );
        }
    };
    lost(
        a.serde.ser,
        b.serde.ser,
        "Serialize (without full-serde)",
        out,
    );
    lost(
        a.serde.de,
        b.serde.de,
        "Deserialize (without full-serde)",
        out,
    );
    lost(a.validated, b.validated, "runtime::Validate", out);
}

/// How a field may be left out or null, in words.
fn presence(x: &FieldItem) -> &'static str {
    match (x.optional, x.nullable) {
        (false, false) => "required",
        (true, false) => "optional",
        (false, true) => "required, nullable",
        (true, true) => "optional, nullable",
    }
}

fn fields(
    out: &mut Out<'_>,
    subject: &str,
    serde: SerdeUse,
    (oa, old): (&Api, &[FieldItem]),
    (na, new): (&Api, &[FieldItem]),
) {
    let paired = pair(
        old.len(),
        new.len(),
        &[
            keyed(old, new, |f| f.wire.clone()),
            keyed(old, new, |f| f.rust.clone()),
        ],
    );
    for &(i, j) in &paired.pairs {
        field(out, subject, serde, (oa, &old[i]), (na, &new[j]));
    }
    for f in paired.removed.iter().map(|&i| &old[i]) {
        out.push(
            subject,
            format!("field {} removed", f.wire),
            Verdict::breaks(format!("the field {} is gone", f.rust)),
            by_direction(
                serde,
                Verdict::ok("old clients send a field the server ignores"),
                if f.is_option() {
                    Verdict::ok("old clients read it as absent")
                } else {
                    Verdict::breaks("old clients require it")
                },
            ),
        );
    }
    for g in paired.added.iter().map(|&j| &new[j]) {
        let label = format!("field {}", g.wire);
        if g.constant.is_some() {
            out.push(
                subject,
                format!("{label} added, fixed"),
                Verdict::ok("new sets it; the struct is #[non_exhaustive]"),
                by_direction(
                    serde,
                    Verdict::breaks("old clients do not send it"),
                    Verdict::ok("old clients ignore it"),
                ),
            );
        } else if g.optional {
            out.push(
                subject,
                format!("{label} added, optional"),
                Verdict::ok("a new field and setter; the struct is #[non_exhaustive]"),
                Verdict::ok("old clients leave it out or ignore it"),
            );
        } else {
            out.push(
                subject,
                format!("{label} added, {}", presence(g)),
                Verdict::breaks("new argument of new"),
                by_direction(
                    serde,
                    Verdict::breaks("old clients do not send it"),
                    Verdict::ok("old clients ignore it"),
                ),
            );
        }
    }
}

fn field(
    out: &mut Out<'_>,
    subject: &str,
    serde: SerdeUse,
    (oa, f): (&Api, &FieldItem),
    (na, g): (&Api, &FieldItem),
) {
    let FieldItem {
        wire: _,
        rust: _,
        ty: _,
        optional: _,
        nullable: _,
        sensitive: _,
        constraints: _,
        constant: _,
        boxed: _,
        doc: _,
    } = f;
    if f.wire != g.wire {
        out.push(
            subject,
            format!("field {} -> {}", f.wire, g.wire),
            Verdict::ok(format!("same field {}", g.rust)),
            by_direction(
                serde,
                Verdict::breaks(format!(
                    "old clients send `{}`, which the server no longer reads",
                    f.wire
                )),
                if f.is_option() {
                    Verdict::ok(format!("old clients read `{}` as absent", f.wire))
                } else {
                    Verdict::breaks(format!("old clients require `{}`", f.wire))
                },
            ),
        );
    }
    let label = format!("field {}", g.wire);
    if f.optional != g.optional || f.nullable != g.nullable {
        presence_change(out, subject, serde, &label, f, g);
    }
    if f.ty != g.ty || f.boxed != g.boxed {
        let sent = fits(oa, &f.ty, na, &g.ty);
        let received = fits(na, &g.ty, oa, &f.ty);
        let boxed = |x: &FieldItem| if x.boxed { " (boxed)" } else { "" };
        out.push(
            subject,
            format!(
                "{label}: {}{} -> {}{}",
                show(&f.ty),
                boxed(f),
                show(&g.ty),
                boxed(g)
            ),
            Verdict::breaks("its Rust type changes"),
            by_direction(
                serde,
                if sent {
                    Verdict::ok("every old value is still valid")
                } else {
                    Verdict::breaks("old clients send the old type")
                },
                if received {
                    Verdict::ok("every new value fits the old type")
                } else {
                    Verdict::breaks("old clients decode the old type")
                },
            ),
        );
    }
    if f.constant != g.constant {
        let show =
            |c: &Option<serde_json::Value>| c.as_ref().map_or("none".to_owned(), |v| v.to_string());
        out.push(
            subject,
            format!(
                "{label}: constant {} -> {}",
                show(&f.constant),
                show(&g.constant)
            ),
            if f.constant.is_some() && g.constant.is_none() {
                Verdict::breaks("it becomes an argument of new")
            } else if f.constant.is_none() {
                Verdict::breaks("it is no longer set by callers")
            } else {
                Verdict::ok("new sets it")
            },
            by_direction(
                serde,
                Verdict::breaks("old clients send the old value"),
                Verdict::ok("old clients do not check it"),
            ),
        );
    }
    values::limits(
        out,
        subject,
        &label,
        (&f.constraints, &g.constraints),
        |sent| by_direction(serde, sent, Verdict::ok("received values are not checked")),
    );
    if f.rust != g.rust {
        out.push(
            subject,
            format!("{label}: Rust name {} -> {}", f.rust, g.rust),
            Verdict::breaks(format!("the field {} is renamed", f.rust)),
            Verdict::ok("same name on the wire"),
        );
    }
    values::sensitivity(out, subject, &label, (f.sensitive, g.sensitive));
    if !same_text(&f.doc, &g.doc) {
        out.docs(subject, format!("{label}: description"));
    }
}

/// A field that may now be left out or null, or no longer. Sent: the new
/// server must accept what old clients send (they leave out an unset
/// optional field, and send null for an unset required nullable one).
/// Received: the old decoder must accept what the new server sends (an
/// `Option` accepts absence and null alike).
fn presence_change(
    out: &mut Out<'_>,
    subject: &str,
    serde: SerdeUse,
    label: &str,
    f: &FieldItem,
    g: &FieldItem,
) {
    // Optional either way, so `Option<T>` left out when `None`, and an
    // `Option` decodes null: the same generated field, the same bytes.
    if f.optional && g.optional {
        return;
    }
    let rust = if f.is_option() == g.is_option() && f.optional == g.optional {
        Verdict::ok("same Rust type")
    } else {
        Verdict::breaks(format!(
            "{} changes between T and Option<T> or moves in or out of new",
            f.rust
        ))
    };
    let omits = f.optional && !g.optional;
    let sends_null = f.nullable && !f.optional && !g.nullable;
    let sent = if omits || sends_null {
        Verdict::breaks(if omits {
            "old clients may leave it out"
        } else {
            "old clients may send null"
        })
    } else {
        Verdict::ok("old clients send what the server accepts")
    };
    let received = if !f.is_option() && g.is_option() {
        Verdict::breaks("old clients fail when it is missing or null")
    } else {
        Verdict::ok("the old decoder accepts what the server sends")
    };
    out.push(
        subject,
        format!("{label}: {} -> {}", presence(f), presence(g)),
        rust,
        by_direction(serde, sent, received),
    );
}

/// An enum value: wire value, Rust variant, rustdoc.
type Value = (String, String, Option<String>);

fn enum_values(out: &mut Out<'_>, subject: &str, serde: SerdeUse, old: &[Value], new: &[Value]) {
    let paired = pair(
        old.len(),
        new.len(),
        &[
            keyed(old, new, |v| v.0.clone()),
            keyed(old, new, |v| v.1.clone()),
        ],
    );
    for &(i, j) in &paired.pairs {
        enum_value(out, subject, serde, &old[i], &new[j]);
    }
    for v in paired.removed.iter().map(|&i| &old[i]) {
        out.push(
            subject,
            format!("value {} removed", v.0),
            Verdict::breaks(format!("the variant {} is gone", v.1)),
            by_direction(
                serde,
                Verdict::breaks("old clients may send it"),
                Verdict::ok("old clients just never see it"),
            ),
        );
    }
    for (value, _, _) in paired.added.iter().map(|&j| &new[j]) {
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

fn enum_value(out: &mut Out<'_>, subject: &str, serde: SerdeUse, v: &Value, w: &Value) {
    if v.0 != w.0 {
        out.push(
            subject,
            format!("value {} -> {} (variant {})", v.0, w.0, w.1),
            Verdict::ok(format!("same variant {}", w.1)),
            by_direction(
                serde,
                Verdict::breaks(format!("old clients send {}", v.0)),
                Verdict::ok("old clients keep the new value as Unknown"),
            ),
        );
    }
    if v.1 != w.1 {
        out.push(
            subject,
            format!("value {}: Rust name {} -> {}", w.0, v.1, w.1),
            Verdict::breaks(format!("the variant {} is renamed", v.1)),
            Verdict::ok("same value on the wire"),
        );
    }
    if !same_text(&v.2, &w.2) {
        out.docs(subject, format!("value {}: description", w.0));
    }
}
