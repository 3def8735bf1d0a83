//! What a value looks like on the wire, for the wire verdicts: how a type
//! reads in a report, which type changes every old value survives, whether
//! two types (of the old and the new API) have the same shape whatever their
//! Rust names, and whether new limits accept every value old ones did.

use std::collections::{BTreeSet, HashSet};

use crate::ir::{Api, Constraints, Prim, TypeKind, TypeRef, find_type};

/// How a type reference reads in a report (`array of Account`, `i64`).
pub(super) fn show(t: &TypeRef) -> String {
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

/// Whether every value of `from` is a value of `to` on the wire (`i32` ->
/// `i64`). A sent value may widen; a received one may narrow (the old
/// decoder's type is the wider).
pub(super) fn widens(from: &TypeRef, to: &TypeRef) -> bool {
    use Prim::*;
    matches!(
        (from, to),
        (TypeRef::Prim(I32), TypeRef::Prim(I64))
            | (TypeRef::Prim(U32), TypeRef::Prim(U64 | I64))
            | (TypeRef::Prim(F32), TypeRef::Prim(F64))
    )
}

/// Whether every value of `from` (a type of `fa`) is a value of `to` (of
/// `ta`) on the wire: the same shape, a wider number, an enum whose values
/// the other type holds, arrays and maps of such. Sent values must fit from
/// the old type into the new; received ones from the new into the old.
pub(super) fn fits(fa: &Api, from: &TypeRef, ta: &Api, to: &TypeRef) -> bool {
    if widens(from, to) || same_wire(fa, from, ta, to) {
        return true;
    }
    match (resolve(fa, from.clone()), resolve(ta, to.clone())) {
        (TypeRef::Array(x), TypeRef::Array(y)) | (TypeRef::Map(x), TypeRef::Map(y)) => {
            fits(fa, &x, ta, &y)
        }
        (TypeRef::Named(n), TypeRef::Prim(p)) => match find_type(&fa.types, &n).map(|t| &t.kind) {
            Some(TypeKind::StringEnum(_)) => p == Prim::String,
            Some(TypeKind::IntEnum(values)) => values.iter().all(|v| holds(p, v.value)),
            _ => false,
        },
        (TypeRef::Prim(p), TypeRef::Prim(q)) => {
            // Integers of a narrower range into a wider one.
            let range = |p: Prim| match p {
                Prim::I32 => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
                Prim::U32 => Some((0, i64::from(u32::MAX))),
                Prim::I64 => Some((i64::MIN, i64::MAX)),
                _ => None,
            };
            matches!((range(p), range(q)), (Some(a), Some(b)) if b.0 <= a.0 && a.1 <= b.1)
        }
        _ => false,
    }
}

/// Whether the integer primitive `p` holds `v`.
fn holds(p: Prim, v: i64) -> bool {
    match p {
        Prim::I32 => i32::try_from(v).is_ok(),
        Prim::U32 => u32::try_from(v).is_ok(),
        Prim::I64 | Prim::F64 => true,
        Prim::U64 => v >= 0,
        Prim::F32 => v.unsigned_abs() < 1 << 24,
        _ => false,
    }
}

/// Whether every value of a parameter of type `from` is one of type `to`:
/// a parameter travels as text, so any scalar fits a string.
pub(super) fn param_fits(fa: &Api, from: &TypeRef, ta: &Api, to: &TypeRef) -> bool {
    let scalar = match resolve(fa, from.clone()) {
        TypeRef::Prim(p) => !matches!(p, Prim::Json | Prim::Bytes),
        TypeRef::Named(n) => matches!(
            find_type(&fa.types, &n).map(|t| &t.kind),
            Some(TypeKind::StringEnum(_) | TypeKind::IntEnum(_))
        ),
        _ => false,
    };
    (scalar && resolve(ta, to.clone()) == TypeRef::Prim(Prim::String)) || fits(fa, from, ta, to)
}

/// Whether `a` (a type of `old`) and `b` (of `new`) look the same on the
/// wire: same primitives, same fields by wire name with the same presence,
/// same enum values, same union members, whatever the Rust names. Aliases
/// are looked through. Walks the pairs of types with an explicit stack and
/// each pair once, so a recursive or very deep type costs no stack and
/// linear work; a pair met again is assumed equal (it is being checked).
pub(super) fn same_wire(old: &Api, a: &TypeRef, new: &Api, b: &TypeRef) -> bool {
    let mut seen: BTreeSet<(TypeRef, TypeRef)> = BTreeSet::new();
    let mut todo = vec![(a.clone(), b.clone())];
    while let Some((a, b)) = todo.pop() {
        if !seen.insert((a.clone(), b.clone())) {
            continue;
        }
        let a = resolve(old, a);
        let b = resolve(new, b);
        match (&a, &b) {
            (TypeRef::Prim(x), TypeRef::Prim(y)) if x == y => {}
            (TypeRef::Array(x), TypeRef::Array(y)) | (TypeRef::Map(x), TypeRef::Map(y)) => {
                todo.push(((**x).clone(), (**y).clone()));
            }
            (TypeRef::Named(x), TypeRef::Named(y)) => {
                let (Some(x), Some(y)) = (find_type(&old.types, x), find_type(&new.types, y))
                else {
                    return false;
                };
                if !same_kind(&x.kind, &y.kind, &mut todo) {
                    return false;
                }
            }
            _ => return false,
        }
    }
    true
}

/// `t` with aliases looked through (a bounded number of times: aliases
/// cannot form a cycle in a checked model, but the bound costs nothing).
fn resolve(api: &Api, mut t: TypeRef) -> TypeRef {
    for _ in 0..64 {
        let TypeRef::Named(n) = &t else { break };
        match find_type(&api.types, n).map(|x| &x.kind) {
            Some(TypeKind::Alias(inner)) => t = inner.clone(),
            _ => break,
        }
    }
    t
}

/// Whether two kinds match at their top level, pushing the pairs of types
/// they hold.
fn same_kind(a: &TypeKind, b: &TypeKind, todo: &mut Vec<(TypeRef, TypeRef)>) -> bool {
    match (a, b) {
        (TypeKind::Struct(fa), TypeKind::Struct(fb)) => {
            fa.len() == fb.len()
                && fa.iter().all(|f| {
                    fb.iter().find(|g| g.wire == f.wire).is_some_and(|g| {
                        let same = g.optional == f.optional
                            && g.nullable == f.nullable
                            && g.constant == f.constant;
                        if same {
                            todo.push((f.ty.clone(), g.ty.clone()));
                        }
                        same
                    })
                })
        }
        (TypeKind::StringEnum(va), TypeKind::StringEnum(vb)) => {
            let values = |v: &[crate::ir::Variant<String>]| {
                v.iter().map(|x| x.value.clone()).collect::<HashSet<_>>()
            };
            values(va) == values(vb)
        }
        (TypeKind::IntEnum(va), TypeKind::IntEnum(vb)) => {
            let values =
                |v: &[crate::ir::Variant<i64>]| v.iter().map(|x| x.value).collect::<HashSet<_>>();
            values(va) == values(vb)
        }
        (
            TypeKind::Union {
                tag: ta,
                members: ma,
            },
            TypeKind::Union {
                tag: tb,
                members: mb,
            },
        ) => {
            ta == tb
                && ma.len() == mb.len()
                && ma.iter().zip(mb).all(|(x, y)| {
                    x.tag_value == y.tag_value
                        && match (&x.ty, &y.ty) {
                            (Some(p), Some(q)) => {
                                todo.push((p.clone(), q.clone()));
                                true
                            }
                            (None, None) => true,
                            _ => false,
                        }
                })
        }
        _ => false,
    }
}

/// Whether the limits `new` let through every value `old` let through.
pub(super) fn no_tighter(old: &Constraints, new: &Constraints) -> bool {
    let measured_alike = old.measure == new.measure || new.is_empty();
    measured_alike
        && lower_bound_kept(old.min_length, new.min_length)
        && upper_bound_kept(old.max_length, new.max_length)
        && lower_bound_kept(old.minimum, new.minimum)
        && upper_bound_kept(old.maximum, new.maximum)
        && (new.pattern.is_none() || new.pattern == old.pattern)
}

/// Whether a new lower bound lets through everything the old one did.
fn lower_bound_kept<T: PartialOrd>(old: Option<T>, new: Option<T>) -> bool {
    match (old, new) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(o), Some(n)) => n <= o,
    }
}

/// Whether a new upper bound lets through everything the old one did.
fn upper_bound_kept<T: PartialOrd>(old: Option<T>, new: Option<T>) -> bool {
    match (old, new) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(o), Some(n)) => n >= o,
    }
}

/// How limits read in a report.
pub(super) fn show_limits(c: &Constraints) -> String {
    c.describe().unwrap_or_else(|| "none".to_owned())
}
