//! The shapes built as text, each written once through [`Writer`]: types
//! (structs with `new`, setters and `Deserialize`, open enums, aliases),
//! requests, responses, error enums, `Endpoint` and `Validate` impls. They
//! make up most of a large API's output, where syn and prettyplease would
//! spend most of the generator's time reading back what was just built. The
//! layout is prettyplease's, so the file reads as one; what the writer's
//! layout does not cover is handed to prettyplease (`Written::Plain`).

use std::fmt::Write as _;

use crate::ir::{Gate, Prim, TypeRef};

mod endpoint;
mod endpoint_impl;
mod headers;
mod types;
mod writer;
pub(super) use endpoint::*;
pub(super) use endpoint_impl::*;
pub(super) use headers::*;
pub(super) use types::*;
pub(in crate::emit) use writer::Writer;

/// prettyplease's line width.
pub(super) const WIDTH: usize = 89;

/// The attribute that compiles an item only under `gate`, at `indent`
/// (`#[cfg(feature = "users")]`, `#[cfg(any(feature = "a", ...))]`), in
/// prettyplease's layout; nothing for [`Gate::Always`].
pub(crate) fn gate_attr(gate: &Gate, indent: &str) -> String {
    let features: Vec<Meta> = match gate {
        Gate::Always => return String::new(),
        Gate::Any(features) => features
            .iter()
            .map(|f| Meta::Word(format!("feature = {}", lit(f))))
            .collect(),
    };
    let cfg = match <[Meta; 1]>::try_from(features) {
        Ok([one]) => one,
        Err(features) => Meta::List("any".to_owned(), features),
    };
    let mut out = Writer::new();
    out.attribute(indent, &Meta::List("cfg".to_owned(), vec![cfg]));
    out.finish()
}

/// `text` (top-level items in prettyplease's layout) with `attr` on every
/// item, after the item's doc comments.
pub(crate) fn gate_items(text: &str, attr: &str) -> String {
    let mut out = String::with_capacity(text.len() + attr.len() * 4);
    let mut at_start = true;
    for line in text.lines() {
        if at_start && !line.is_empty() && !line.starts_with("///") {
            out.push_str(attr);
            at_start = false;
        }
        out.push_str(line);
        out.push('\n');
        // An item ends with a closing brace or a semicolon at column 0
        // (`}`, `pub struct X {}`, `pub type X = Y;`).
        if !line.starts_with([' ', '/']) && (line.ends_with('}') || line.ends_with(';')) {
            at_start = true;
        }
    }
    out
}

/// Whether prettyplease prints `line` as it is however long: a struct, enum
/// or inherent impl head, the `for Type {` of a broken impl head, an alias of
/// a path or of `()`, a `&'static str` constant, a field given a string
/// literal, or a lone path (a variant, a generic argument) and its comma.
pub(super) fn unbreakable(line: &str) -> bool {
    let l = line.trim_start();
    let path = |p: &str| {
        !p.is_empty()
            && p.split("::")
                .all(|seg| !seg.is_empty() && seg.chars().all(|c| c.is_alphanumeric() || c == '_'))
    };
    let word = |w: &str| path(w) && !w.contains("::");
    // One string literal: no quote inside but escaped ones.
    let literal = |l: &str| {
        l.strip_prefix('"')
            .and_then(|l| l.strip_suffix('"'))
            .is_some_and(|body| !body.replace("\\\\", "").replace("\\\"", "").contains('"'))
    };
    let head = |prefix: &str| {
        l.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(" {"))
            .is_some_and(word)
    };
    if head("pub struct ") || head("pub enum ") || head("impl ") || head("for ") {
        return true;
    }
    let alias = l
        .strip_prefix("pub type ")
        .or_else(|| l.strip_prefix("type "))
        .and_then(|r| r.strip_suffix(';'))
        .and_then(|r| r.split_once(" = "));
    if let Some((name, target)) = alias {
        return word(name) && (target == "()" || path(target));
    }
    if let Some((name, value)) = l
        .strip_prefix("const ")
        .and_then(|r| r.strip_suffix(';'))
        .and_then(|r| r.split_once(": &'static str = "))
    {
        return word(name) && literal(value);
    }
    if let Some(item) = l.strip_suffix(',') {
        return path(item)
            || item
                .split_once(": ")
                .is_some_and(|(name, value)| word(name) && literal(value));
    }
    false
}

pub(in crate::emit) use super::parts::ty;

pub(super) use crate::escape::str_lit as lit;

/// An argument of a public constructor or setter: `impl Into<String>` for
/// strings, the type itself otherwise; and the value it gives.
pub(super) fn arg(name: &str, t: &TypeRef) -> (String, String) {
    match t {
        TypeRef::Prim(Prim::String) => (
            format!("{name}: impl Into<String>"),
            format!("{name}.into()"),
        ),
        _ => (format!("{name}: {}", ty(t)), name.to_owned()),
    }
}

/// An attribute's meta: `word`, `name = value` (as a word) or `name(items)`.
pub(super) enum Meta {
    /// Printed as is.
    Word(String),
    /// `name(a, b)`.
    List(String, Vec<Meta>),
}

impl Meta {
    pub(super) fn one_line(&self) -> String {
        match self {
            Meta::Word(w) => w.clone(),
            Meta::List(name, items) => format!(
                "{name}({})",
                items
                    .iter()
                    .map(Meta::one_line)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// On one line when it fits, else its items one per line (as prettyplease
    /// breaks a long attribute).
    pub(super) fn print(&self, out: &mut Writer, indent: &str, prefix: &str, suffix: &str) {
        let one = format!("{indent}{prefix}{}{suffix}", self.one_line());
        match self {
            Meta::List(name, items) if one.len() > WIDTH && !items.is_empty() => {
                let _ = writeln!(out, "{indent}{prefix}{name}(");
                let inner = format!("{indent}    ");
                for (i, item) in items.iter().enumerate() {
                    let comma = if i + 1 == items.len() { "" } else { "," };
                    item.print(out, &inner, "", comma);
                }
                let _ = writeln!(out, "{indent}){suffix}");
            }
            _ => {
                out.push_str(&one);
                out.push('\n');
            }
        }
    }
}
