//! Groups: the parts of a large API a crate can compile on their own, one
//! cargo feature each. An endpoint is compiled under its group's feature; a
//! type under the features of every group whose endpoints reach it, so that
//! any set of features compiles on its own.

use std::collections::{BTreeSet, HashMap};

use super::Cx;
use crate::ident;
use crate::ir::{EndpointItem, Gate, TypeItem};
use crate::spec;

/// A type reached by more groups than this is always compiled: naming them
/// all on each of its items would cost more than compiling it.
pub(crate) const MAX_GATE: usize = 16;

/// Feature names a group may not take: the crate's own features.
const RESERVED: [&str; 4] = [
    ident::ALL_FEATURE,
    "default",
    ident::MOCK_FEATURE,
    "full_serde",
];

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
        if RESERVED.contains(&name.as_str()) {
            self.err(
                g.pos,
                format!("group `{name}` is the name of one of the crate's own features"),
            )
            .help(format!(
                "choose another name; {} are taken",
                RESERVED.join(", ")
            ));
            return None;
        }
        Some(name.clone())
    }
}

/// The API's groups, and the gate of every endpoint, shared error enum and
/// type. Without groups everything is [`Gate::Always`].
pub(super) fn mark(types: &mut [TypeItem], endpoints: &mut [EndpointItem]) -> Vec<String> {
    let groups: BTreeSet<&str> = endpoints
        .iter()
        .filter_map(|e| e.group.as_deref())
        .collect();
    let groups: Vec<String> = groups.into_iter().map(str::to_owned).collect();
    if groups.is_empty() {
        return groups;
    }
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.rust.as_str(), i))
        .collect();
    // By type: the groups that reach it; `None` once an endpoint in no
    // group does (then it is always compiled).
    let mut reached: Vec<Option<BTreeSet<String>>> = vec![Some(BTreeSet::new()); types.len()];
    let mut by_error_enum: HashMap<String, Option<BTreeSet<String>>> = HashMap::new();
    for e in endpoints.iter() {
        let mut seen = vec![false; types.len()];
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
        for ty in roots {
            super::serde_use::reach(types, &index, ty, &mut seen);
        }
        for (i, _) in seen.iter().enumerate().filter(|(_, s)| **s) {
            add(&mut reached[i], e.group.as_deref());
        }
        add(
            by_error_enum
                .entry(e.error_enum.clone())
                .or_insert_with(|| Some(BTreeSet::new())),
            e.group.as_deref(),
        );
    }
    let all = groups.len();
    let gate = |set: Option<BTreeSet<String>>| match set {
        Some(s) if s.is_empty() => Gate::Any(vec![ident::ALL_FEATURE.to_owned()]),
        Some(s) if s.len() < all && s.len() <= MAX_GATE => Gate::Any(s.into_iter().collect()),
        _ => Gate::Always,
    };
    for (t, set) in types.iter_mut().zip(reached) {
        t.gate = gate(set);
    }
    for e in endpoints.iter_mut() {
        e.gate = gate(e.group.clone().map(|g| BTreeSet::from([g])));
        if e.defines_error_enum {
            e.error_enum_gate = gate(by_error_enum.get(&e.error_enum).cloned().flatten());
        }
    }
    groups
}

/// Adds `group` to `set`; an endpoint in no group makes the set `None`.
fn add(set: &mut Option<BTreeSet<String>>, group: Option<&str>) {
    match (set.as_mut(), group) {
        (Some(s), Some(g)) => {
            s.insert(g.to_owned());
        }
        (_, None) => *set = None,
        (None, Some(_)) => {}
    }
}
