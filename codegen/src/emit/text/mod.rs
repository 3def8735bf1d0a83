//! Items written as formatted text rather than tokens: fixed shapes that make
//! up much of a large API's output (a struct's `Deserialize`, enums, type
//! aliases), where syn and prettyplease would spend most of the generator's
//! time reading back what was just built. The layout follows prettyplease's
//! (89 columns, its way of breaking a match arm or a call), so the file reads
//! as one.

use std::fmt::Write as _;

use super::parts::doc_lines;
use crate::ir::{Prim, TypeRef};

mod endpoint;
mod endpoint_impl;
mod types;
pub(super) use endpoint::*;
pub(super) use endpoint_impl::*;
pub(super) use types::*;

/// prettyplease's line width.
pub(super) const WIDTH: usize = 89;

pub(in crate::emit) use super::parts::ty;

/// `///` lines of `text` at `indent`.
pub(super) fn docs(out: &mut String, indent: &str, text: &str) {
    for l in doc_lines(text) {
        let _ = writeln!(out, "{indent}///{l}");
    }
}

pub(super) use crate::escape::str_lit as lit;

/// `func(args)` followed by `tail`, on one line at `indent` after `head` when
/// it fits, else with one argument per line.
pub(super) fn call(
    out: &mut String,
    indent: &str,
    head: &str,
    func: &str,
    args: &[String],
    tail: &str,
) {
    let one = format!("{indent}{head}{func}({}){tail}", args.join(", "));
    if one.len() <= WIDTH {
        out.push_str(&one);
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "{indent}{head}{func}(");
    for a in args {
        let _ = writeln!(out, "{indent}    {a},");
    }
    let _ = writeln!(out, "{indent}){tail}");
}

/// A match arm `pat => body,`, or `pat => {` body `}` when it does not fit,
/// the body being a call of `func` with `args` followed by `tail`.
pub(super) fn arm(
    out: &mut String,
    indent: &str,
    pat: &str,
    func: &str,
    args: &[String],
    tail: &str,
) {
    let one = format!("{indent}{pat} => {func}({}){tail},", args.join(", "));
    // prettyplease does not count an arm's comma against the width.
    if one.len() - 1 <= WIDTH {
        out.push_str(&one);
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "{indent}{pat} => {{");
    call(out, &format!("{indent}    "), "", func, args, tail);
    let _ = writeln!(out, "{indent}}}");
}

/// A match arm `pat => value,` at `indent`, or `pat => {` value `}` when it
/// does not fit (prettyplease does not count the arm's comma); `None` when
/// even the value alone does not fit.
pub(super) fn plain_arm(out: &mut String, indent: &str, pat: &str, value: &str) -> Option<()> {
    let one = format!("{indent}{pat} => {value},");
    if one.len() - 1 <= WIDTH {
        out.push_str(&one);
        out.push('\n');
        return Some(());
    }
    let inner = format!("{indent}    {value}");
    if inner.len() > WIDTH {
        return None;
    }
    let _ = writeln!(out, "{indent}{pat} => {{\n{inner}\n{indent}}}");
    Some(())
}

/// `#[cfg(feature = "full-serde")]` when the impl is not always there.
pub(super) fn full_serde_only(out: &mut String, always: bool) {
    if let Some(cfg) = super::parts::full_serde_cfg(always) {
        let _ = writeln!(out, "{cfg}");
    }
}

/// A `fn` signature `{indent}{head}(params){ret} {`, as prettyplease lays
/// it out: on one line when it fits; else its parameters one per line; and
/// when even `){ret} {` does not fit, the return type's generic arguments one
/// per line too (`ret` is ` -> Type` or ` -> Type<A, B>`).
pub(in crate::emit) fn signature(
    out: &mut String,
    indent: &str,
    head: &str,
    params: &[String],
    ret: &str,
) {
    let one = format!("{indent}{head}({}){ret} {{", params.join(", "));
    if one.len() <= WIDTH || params.is_empty() {
        out.push_str(&one);
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "{indent}{head}(");
    for p in params {
        let _ = writeln!(out, "{indent}    {p},");
    }
    let close = format!("{indent}){ret} {{");
    match generic_args(ret) {
        Some((outer, args)) if close.len() > WIDTH => {
            let _ = writeln!(out, "{indent}){outer}<");
            for a in args {
                generic(out, &format!("{indent}    "), "", a, ",");
            }
            let _ = writeln!(out, "{indent}> {{");
        }
        _ => {
            out.push_str(&close);
            out.push('\n');
        }
    }
}

/// A type `{indent}{head}{ty}{tail}` on one line when it fits, else its
/// generic arguments one per line, each broken the same way.
pub(super) fn generic(out: &mut String, indent: &str, head: &str, ty: &str, tail: &str) {
    let one = format!("{indent}{head}{ty}{tail}");
    match generic_args(ty) {
        Some((outer, args)) if one.len() > WIDTH => {
            let _ = writeln!(out, "{indent}{head}{outer}<");
            for a in args {
                generic(out, &format!("{indent}    "), "", a, ",");
            }
            let _ = writeln!(out, "{indent}>{tail}");
        }
        _ => {
            out.push_str(&one);
            out.push('\n');
        }
    }
}

/// `Type<A, B<C>>` split into `Type` and its top-level arguments.
fn generic_args(ty: &str) -> Option<(&str, Vec<&str>)> {
    let inner = ty.strip_suffix('>')?;
    let open = inner.find('<')?;
    let (outer, args) = (&inner[..open], &inner[open + 1..]);
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in args.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(args[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(args[start..].trim());
    Some((outer, parts))
}

/// `{indent}Self { a, b: c }` on one line when it fits, else one field a line.
pub(super) fn struct_literal(out: &mut String, indent: &str, inits: &[String]) {
    if inits.is_empty() {
        let _ = writeln!(out, "{indent}Self {{}}");
        return;
    }
    // prettyplease keeps a struct literal on one line only while it takes
    // at most 34 columns before its closing brace (`end_with_max_width(34)`).
    let literal = format!("Self {{ {} }}", inits.join(", "));
    let one = format!("{indent}{literal}");
    if literal.len() <= 35 && one.len() <= WIDTH {
        out.push_str(&one);
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "{indent}Self {{");
    for i in inits {
        let _ = writeln!(out, "{indent}    {i},");
    }
    let _ = writeln!(out, "{indent}}}");
}

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
    fn print(&self, out: &mut String, indent: &str, prefix: &str, suffix: &str) {
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

/// `#[meta]` at `indent`.
pub(super) fn attribute(out: &mut String, indent: &str, meta: &Meta) {
    meta.print(out, indent, "#[", "]");
}
