//! Groups: the parts of a large API a crate can compile on their own, one
//! cargo feature each. An endpoint is compiled under its group's feature; a
//! type under the features of every group whose endpoints reach it, so that
//! any set of features compiles on its own.

use std::collections::{BTreeSet, HashMap};

use super::Cx;
use crate::ident;
use crate::ir::{self, EndpointItem, Gate, TypeItem, TypeKind};
use crate::spec;

/// A type reached by more groups than this is always compiled: naming them
/// all on each of its items would cost more than compiling it.
pub(crate) const MAX_GATE: usize = 16;

impl Cx<'_> {
    /// The endpoint's group, checked: a `snake_case` name that is not one
    /// of the crate's own features.
    pub(super) fn group(&mut self, e: &spec::Endpoint) -> Option<String> {
        let g = e.group.as_ref()?;
        let name = &g.value;
        let snake = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !snake {
            self.err(g.pos, format!("group `{name}` is not a `snake_case` name"))
                .help("a group is a cargo feature: lower-case letters, digits and `_`, starting with a letter (`users`, `repos_hooks`)");
            return None;
        }
        if ident::RESERVED_FEATURES.contains(&name.as_str()) {
            self.err(
                g.pos,
                format!("group `{name}` is the name of one of the crate's own features"),
            )
            .help(format!(
                "choose another name; {} are taken",
                ident::RESERVED_FEATURES.join(", ")
            ));
            return None;
        }
        Some(name.clone())
    }
}

/// The groups that reach a type, as indexes into the sorted groups, or
/// `Always` once too many do (or an endpoint in no group does).
#[derive(Debug, Clone, PartialEq)]
enum Reached {
    Groups(BTreeSet<usize>),
    Always,
}

impl Reached {
    /// Adds `other`'s groups; whether anything changed. More than
    /// [`MAX_GATE`] groups, or all of them, is `Always`.
    fn absorb(&mut self, other: &Reached, all: usize) -> bool {
        let grown = match (&mut *self, other) {
            (Reached::Always, _) => return false,
            (mine, Reached::Always) => {
                *mine = Reached::Always;
                return true;
            }
            (Reached::Groups(mine), Reached::Groups(theirs)) => {
                let before = mine.len();
                mine.extend(theirs);
                if mine.len() == before {
                    return false;
                }
                mine.len()
            }
        };
        if grown > MAX_GATE || grown == all {
            *self = Reached::Always;
        }
        true
    }
}

/// The API's groups, and the gate of every endpoint, shared error enum and
/// type. Without groups everything is [`Gate::Always`]. What reaches a type
/// flows from the types that hold it to it, over each reference once per
/// change of what reaches the holder: bounded by [`MAX_GATE`], however many
/// endpoints reach a type.
pub(super) fn mark(types: &mut [TypeItem], endpoints: &mut [EndpointItem]) -> Vec<String> {
    let groups: BTreeSet<&str> = endpoints
        .iter()
        .filter_map(|e| e.group.as_deref())
        .collect();
    let groups: Vec<String> = groups.into_iter().map(str::to_owned).collect();
    if groups.is_empty() {
        return groups;
    }
    let all = groups.len();
    let of_group = |g: Option<&str>| match g
        .and_then(|g| groups.binary_search_by(|x| x.as_str().cmp(g)).ok())
    {
        Some(i) => Reached::Groups(BTreeSet::from([i])),
        None => Reached::Always,
    };
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.rust.as_str(), i))
        .collect();
    let named = |ty: &ir::TypeRef| ir::innermost_name(ty).and_then(|n| index.get(n).copied());
    let mut reached = vec![Reached::Groups(BTreeSet::new()); types.len()];
    let mut queue: Vec<usize> = Vec::new();
    let mut by_error_enum: HashMap<String, Reached> = HashMap::new();
    for e in endpoints.iter() {
        let group = of_group(e.group.as_deref());
        let roots = e
            .params
            .iter()
            .map(|p| &p.ty)
            .chain(e.body.iter().map(|b| &b.ty))
            .chain(e.responses.iter().filter_map(|r| r.body.as_ref()))
            .chain(
                e.responses
                    .iter()
                    .filter_map(|r| r.headers.as_ref())
                    .flat_map(|h| h.fields.iter().map(|f| &f.ty)),
            );
        for i in roots.filter_map(named) {
            if reached[i].absorb(&group, all) {
                queue.push(i);
            }
        }
        by_error_enum
            .entry(e.error_enum.clone())
            .or_insert_with(|| Reached::Groups(BTreeSet::new()))
            .absorb(&group, all);
    }
    while let Some(i) = queue.pop() {
        let from = reached[i].clone();
        let held: Vec<&ir::TypeRef> = match &types[i].kind {
            TypeKind::Struct(fields) => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union { members, .. } => {
                members.iter().filter_map(|m| m.ty.as_ref()).collect()
            }
            TypeKind::Alias(t) => vec![t],
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => Vec::new(),
        };
        for j in held.into_iter().filter_map(named) {
            if reached[j].absorb(&from, all) {
                queue.push(j);
            }
        }
    }
    let gate = |r: &Reached| match r {
        Reached::Always => Gate::Always,
        Reached::Groups(s) if s.is_empty() => Gate::Any(vec![ident::ALL_FEATURE.to_owned()]),
        Reached::Groups(s) => Gate::Any(s.iter().map(|&i| groups[i].clone()).collect()),
    };
    for (t, r) in types.iter_mut().zip(&reached) {
        t.gate = gate(r);
    }
    for e in endpoints.iter_mut() {
        e.gate = gate(&of_group(e.group.as_deref()));
        if e.defines_error_enum
            && let Some(r) = by_error_enum.get(&e.error_enum)
        {
            e.error_enum_gate = gate(r);
        }
    }
    groups
}
