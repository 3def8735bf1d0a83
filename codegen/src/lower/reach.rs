//! What a value of a type can hold, through the types it names: the walks
//! every check over the type graph shares. Each uses an explicit stack or
//! queue, never recursion, so thousands of types chained one into the next
//! cost no stack; each visits a type once.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{FieldItem, Prim, TypeItem, TypeKind, TypeRef, innermost};

/// What a walk looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum What {
    /// `bytes`, which has no JSON form.
    Bytes,
    /// A field marked `sensitive`.
    Secret,
}

impl What {
    fn prim(self, p: Prim) -> bool {
        self == What::Bytes && p == Prim::Bytes
    }

    fn field(self, f: &FieldItem) -> bool {
        self == What::Secret && f.sensitive
    }
}

/// What each of a list of types holds, computed at once (see
/// [`holds_known`]).
#[derive(Debug)]
pub(super) struct Held {
    bytes: Vec<bool>,
    secret: Vec<bool>,
}

impl Held {
    /// For every type of `types`: whether it holds bytes, and a secret.
    pub(super) fn of(types: &[TypeItem]) -> Held {
        let direct = |what: What| {
            move |t: &TypeItem| {
                let held: Vec<&TypeRef> = match &t.kind {
                    TypeKind::Struct(fields) => {
                        if fields.iter().any(|f| what.field(f)) {
                            return true;
                        }
                        fields.iter().map(|f| &f.ty).collect()
                    }
                    TypeKind::Alias(target) => vec![target],
                    TypeKind::Union { members, .. } => {
                        members.iter().filter_map(|m| m.ty.as_ref()).collect()
                    }
                    _ => Vec::new(),
                };
                held.into_iter()
                    .any(|ty| matches!(innermost(ty), TypeRef::Prim(p) if what.prim(*p)))
            }
        };
        Held {
            bytes: holders(types, direct(What::Bytes), true),
            secret: holders(types, direct(What::Secret), true),
        }
    }

    /// The answer for the type at `index`, if it was there.
    pub(super) fn get(&self, index: usize, what: What) -> Option<bool> {
        match what {
            What::Bytes => self.bytes.get(index).copied(),
            What::Secret => self.secret.get(index).copied(),
        }
    }
}

/// Whether a value of `ty` can hold `what`, through arrays, maps, aliases,
/// struct fields and union members (`kind` looks a named type up), taking
/// the answer for a named type from `known` where it has one instead of
/// walking on.
pub(super) fn holds_known<'a>(
    kind: impl Fn(&str) -> Option<&'a TypeKind>,
    ty: &'a TypeRef,
    what: What,
    known: impl Fn(&str) -> Option<bool>,
) -> bool {
    let mut stack = vec![ty];
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Prim(p) => {
                if what.prim(*p) {
                    return true;
                }
            }
            TypeRef::Array(t) | TypeRef::Map(t) => stack.push(t),
            TypeRef::Named(n) => {
                if !seen.insert(n) {
                    continue;
                }
                if let Some(answer) = known(n) {
                    if answer {
                        return true;
                    }
                    continue;
                }
                match kind(n) {
                    Some(TypeKind::Struct(fields)) => {
                        if fields.iter().any(|f| what.field(f)) {
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
