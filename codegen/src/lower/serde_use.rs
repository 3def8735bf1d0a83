//! Which serde impls each type needs: the directions it travels in.
//!
//! A type reached from a request body or an object query parameter is
//! serialized; one reached from a response body (success or error) is
//! deserialized. Generating only those
//! impls halves what rustc checks for most types of a large API, since most
//! are either sent or received, rarely both.

use std::collections::HashMap;

use crate::ir::{self, EndpointItem, SerdeUse, TypeKind, TypeRef};

/// Sets [`ir::TypeItem::serde`] from how `endpoints` use each type. A type
/// in no body at all keeps both impls (the generator cannot see its use), and
/// so does every type it reaches.
pub(super) fn mark(types: &mut [ir::TypeItem], endpoints: &[EndpointItem]) {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.rust.as_str(), i))
        .collect();
    let mut sent = vec![false; types.len()];
    let mut received = vec![false; types.len()];
    for e in endpoints {
        if let Some(body) = &e.body {
            reach(types, &index, &body.ty, &mut sent);
        }
        // Objects and maps in the query, and values sent as JSON text, are
        // serialized into parameters.
        for p in &e.params {
            let object = match &p.ty {
                TypeRef::Map(_) => true,
                TypeRef::Named(n) => index.get(n.as_str()).is_some_and(|&i| {
                    matches!(types[i].kind, TypeKind::Struct(_) | TypeKind::Alias(_))
                }),
                _ => false,
            };
            if object || p.json {
                reach(types, &index, &p.ty, &mut sent);
            }
        }
        for r in &e.responses {
            if let Some(ty) = &r.body {
                reach(types, &index, ty, &mut received);
            }
        }
    }
    // A type in no body keeps both impls, and so must every type it reaches,
    // or its derives would not compile.
    let unused: Vec<TypeRef> = types
        .iter()
        .enumerate()
        .filter(|&(i, _)| !sent[i] && !received[i])
        .map(|(_, t)| TypeRef::Named(t.rust.clone()))
        .collect();
    for root in &unused {
        reach(types, &index, root, &mut sent);
        reach(types, &index, root, &mut received);
    }
    let marks: Vec<SerdeUse> = sent
        .iter()
        .zip(&received)
        .map(|(&ser, &de)| SerdeUse { ser, de })
        .collect();
    for (t, m) in types.iter_mut().zip(marks) {
        t.serde = m;
    }
}

/// Marks every named type `ty` reaches (through fields, members, items,
/// map values and aliases) in `seen`.
pub(super) fn reach(
    types: &[ir::TypeItem],
    index: &HashMap<&str, usize>,
    ty: &TypeRef,
    seen: &mut [bool],
) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Prim(_) => {}
            TypeRef::Array(inner) | TypeRef::Map(inner) => stack.push(inner),
            TypeRef::Named(name) => {
                let Some(&i) = index.get(name.as_str()) else {
                    continue;
                };
                if std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                match &types[i].kind {
                    TypeKind::Struct(fields) => stack.extend(fields.iter().map(|f| &f.ty)),
                    TypeKind::Union { members, .. } => {
                        stack.extend(members.iter().filter_map(|m| m.ty.as_ref()));
                    }
                    TypeKind::Alias(t) => stack.push(t),
                    TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
                }
            }
        }
    }
}
