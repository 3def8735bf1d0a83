//! Endpoints whose error bodies are the same share one error enum.
//!
//! A large API repeats a handful of error shapes (`400` validation problem,
//! `404`, `429`, `default`) across hundreds of endpoints; one enum per
//! endpoint made rustc check hundreds of identical enums and their derives.
//! A shape used by two or more endpoints becomes one enum named after its
//! variants, and each endpoint's own error name is an alias of it, so code
//! that names `GetInvoiceError` keeps compiling.

use std::collections::BTreeMap;

use super::Names;
use crate::ident;
use crate::ir::{EndpointItem, TypeRef};
use crate::spec::Pos;

/// What makes two error enums the same: each variant's name, body type and,
/// for a success that can be an error, the condition.
type Shape = Vec<(String, Option<TypeRef>, String)>;

fn shape(e: &EndpointItem) -> Shape {
    let mut shape: Shape = e
        .errors()
        .filter(|r| r.body.is_some())
        .map(|r| (r.variant.clone(), r.body.clone(), String::new()))
        .collect();
    for r in e.successes() {
        if let (Some(v), Some(body)) = (&r.error_variant, &r.body) {
            shape.push((v.clone(), Some(body.clone()), format!("{:?}", r.error_when)));
        }
    }
    shape
}

/// Points endpoints (sorted by method name) with the same shape at one
/// shared enum. A shared name already taken by a type keeps those endpoints'
/// own enums: sharing is an optimization, never a reason for a spec error.
pub(super) fn share(type_names: &mut Names, endpoints: &mut [EndpointItem]) {
    let mut groups: BTreeMap<Shape, Vec<usize>> = BTreeMap::new();
    for (i, e) in endpoints.iter().enumerate() {
        groups.entry(shape(e)).or_default().push(i);
    }
    for (shape, users) in groups {
        if users.len() < 2 || shape.is_empty() {
            continue;
        }
        let variants: Vec<&str> = shape.iter().map(|(v, _, _)| v.as_str()).collect();
        let name = ident::shared_error_type(&variants);
        let what = format!("the error enum shared by {} endpoints", users.len());
        if type_names.claim(&name, Pos::default(), what).is_err() {
            continue;
        }
        for (n, &i) in users.iter().enumerate() {
            let e = &mut endpoints[i];
            e.error_enum = name.clone();
            e.error_enum_users = users.len();
            e.defines_error_enum = n == 0;
        }
    }
}
