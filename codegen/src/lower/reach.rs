//! What a value of a type can hold, through the types it names: the walks
//! every check over the type graph shares. Each uses an explicit stack or
//! queue, never recursion, so thousands of types chained one into the next
//! cost no stack; each visits a type once.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{FieldItem, Prim, TypeItem, TypeKind, TypeRef, innermost};

/// Whether a value of `ty` can hold a primitive `prim` accepts or a struct
/// field `field` accepts, through arrays, maps, aliases, struct fields and
/// union members. `kind` looks a named type up.
pub(super) fn holds<'a>(
    kind: impl Fn(&str) -> Option<&'a TypeKind>,
    ty: &'a TypeRef,
    prim: impl Fn(Prim) -> bool,
    field: impl Fn(&FieldItem) -> bool,
) -> bool {
    let mut stack = vec![ty];
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Prim(p) => {
                if prim(*p) {
                    return true;
                }
            }
            TypeRef::Array(t) | TypeRef::Map(t) => stack.push(t),
            TypeRef::Named(n) => {
                if !seen.insert(n) {
                    continue;
                }
                match kind(n) {
                    Some(TypeKind::Struct(fields)) => {
                        if fields.iter().any(&field) {
                            return true;
                        }
                        stack.extend(fields.iter().map(|f| &f.ty));
                    }
                    Some(TypeKind::Union { members, .. }) => {
                        stack.extend(members.iter().filter_map(|m| m.ty.as_ref()));
                    }
                    Some(TypeKind::Alias(t)) => stack.push(t),
                    _ => {}
                }
            }
        }
    }
    false
}

/// For each of `types`, whether its values hold one of the types `direct`
/// accepts: itself, or through the structs' fields and the aliases' targets
/// (and the unions' members with `through_unions`). A walk back from the
/// direct ones over the reversed graph: linear in the size of the types.
pub(super) fn holders(
    types: &[TypeItem],
    direct: impl Fn(&TypeItem) -> bool,
    through_unions: bool,
) -> Vec<bool> {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.rust.as_str(), i))
        .collect();
    // users[t]: the types whose values hold a `t`.
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    let mut marked: Vec<bool> = types.iter().map(&direct).collect();
    let mut queue: Vec<usize> = (0..types.len()).filter(|&i| marked[i]).collect();
    for (i, t) in types.iter().enumerate() {
        let held: Vec<&TypeRef> = match &t.kind {
            TypeKind::Struct(fields) => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Alias(target) => vec![target],
            TypeKind::Union { members, .. } if through_unions => {
                members.iter().filter_map(|m| m.ty.as_ref()).collect()
            }
            _ => Vec::new(),
        };
        for ty in held {
            if let TypeRef::Named(n) = innermost(ty)
                && let Some(&named) = index.get(n.as_str())
            {
                users[named].push(i);
            }
        }
    }
    while let Some(t) = queue.pop() {
        for &user in &users[t] {
            if !std::mem::replace(&mut marked[user], true) {
                queue.push(user);
            }
        }
    }
    marked
}
