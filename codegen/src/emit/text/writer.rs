//! The one writer of the shapes built as text: Rust source in prettyplease's
//! layout (89 columns; its ways of breaking a call, a match arm, a signature,
//! a generic type, a struct literal and an attribute), with doc comments and
//! string literals made safe by [`crate::escape`]. Every text-built shape is
//! written through it, as cxx writes its C++ through one `OutFile`.

use std::fmt::{self, Write as _};

use super::{Meta, WIDTH};
use crate::emit::parts::doc_lines;

/// Rust source being written.
#[derive(Debug, Default)]
pub(in crate::emit) struct Writer {
    out: String,
}

impl fmt::Write for Writer {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.push_str(s);
        Ok(())
    }
}

impl Writer {
    /// An empty writer.
    pub(in crate::emit) fn new() -> Self {
        Writer::default()
    }

    /// What was written.
    pub(in crate::emit) fn finish(self) -> String {
        self.out
    }

    /// Text written as it is.
    pub(in crate::emit) fn push_str(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// One character written as it is.
    pub(in crate::emit) fn push(&mut self, c: char) {
        self.out.push(c);
    }

    /// `//!` lines of `text` at `indent`: a module's docs.
    pub(in crate::emit) fn inner_docs(&mut self, indent: &str, text: &str) {
        for l in doc_lines(text) {
            let _ = writeln!(self, "{indent}//!{l}");
        }
    }

    /// Whether nothing was written.
    pub(in crate::emit) fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// `///` lines of `text` at `indent`.
    pub(in crate::emit) fn docs(&mut self, indent: &str, text: &str) {
        for l in doc_lines(text) {
            let _ = writeln!(self, "{indent}///{l}");
        }
    }

    /// `func(args)` followed by `tail`, on one line at `indent` after `head` when
    /// it fits, else with one argument per line.
    pub(in crate::emit) fn call(
        &mut self,
        indent: &str,
        head: &str,
        func: &str,
        args: &[String],
        tail: &str,
    ) {
        let one = format!("{indent}{head}{func}({}){tail}", args.join(", "));
        if one.len() <= WIDTH {
            self.push_str(&one);
            self.push('\n');
            return;
        }
        let _ = writeln!(self, "{indent}{head}{func}(");
        for a in args {
            let _ = writeln!(self, "{indent}    {a},");
        }
        let _ = writeln!(self, "{indent}){tail}");
    }

    /// A match arm `pat => body,`, or `pat => {` body `}` when it does not fit,
    /// the body being a call of `func` with `args` followed by `tail`.
    pub(in crate::emit) fn arm(
        &mut self,
        indent: &str,
        pat: &str,
        func: &str,
        args: &[String],
        tail: &str,
    ) {
        let one = format!("{indent}{pat} => {func}({}){tail},", args.join(", "));
        // prettyplease does not count an arm's comma against the width.
        if one.len() - 1 <= WIDTH {
            self.push_str(&one);
            self.push('\n');
            return;
        }
        let _ = writeln!(self, "{indent}{pat} => {{");
        self.call(&format!("{indent}    "), "", func, args, tail);
        let _ = writeln!(self, "{indent}}}");
    }

    /// A match arm `pat => value,` at `indent`, or `pat => {` value `}` when it
    /// does not fit (prettyplease does not count the arm's comma); `None` when
    /// even the value alone does not fit.
    pub(in crate::emit) fn plain_arm(
        &mut self,
        indent: &str,
        pat: &str,
        value: &str,
    ) -> Option<()> {
        let one = format!("{indent}{pat} => {value},");
        if one.len() - 1 <= WIDTH {
            self.push_str(&one);
            self.push('\n');
            return Some(());
        }
        let inner = format!("{indent}    {value}");
        if inner.len() > WIDTH {
            return None;
        }
        let _ = writeln!(self, "{indent}{pat} => {{\n{inner}\n{indent}}}");
        Some(())
    }

    /// The head of a trait impl, `{head} for {ty} {` (`head` being
    /// `impl Trait` or `impl<'de> Trait<'de>`), as prettyplease lays it out:
    /// on one line when it fits, else broken before `for`.
    pub(in crate::emit) fn impl_for(&mut self, head: &str, ty: &str) {
        let one = format!("{head} for {ty} {{");
        if one.len() <= WIDTH {
            let _ = writeln!(self, "{one}");
        } else {
            let _ = writeln!(self, "{head}\nfor {ty} {{");
        }
    }

    /// `#[cfg(feature = "full-serde")]` when the impl is not always there.
    pub(in crate::emit) fn full_serde_only(&mut self, always: bool) {
        if let Some(cfg) = crate::emit::parts::full_serde_cfg(always) {
            let _ = writeln!(self, "{cfg}");
        }
    }

    /// A `fn` signature `{indent}{head}(params){ret} {`, as prettyplease lays
    /// it out: on one line when it fits; else its parameters one per line; and
    /// when even `){ret} {` does not fit, the return type's generic arguments one
    /// per line too (`ret` is ` -> Type` or ` -> Type<A, B>`).
    pub(in crate::emit) fn signature(
        &mut self,
        indent: &str,
        head: &str,
        params: &[String],
        ret: &str,
    ) {
        let one = format!("{indent}{head}({}){ret} {{", params.join(", "));
        if one.len() <= WIDTH || params.is_empty() {
            self.push_str(&one);
            self.push('\n');
            return;
        }
        let _ = writeln!(self, "{indent}{head}(");
        let inner = format!("{indent}    ");
        for (i, p) in params.iter().enumerate() {
            let last = i + 1 == params.len();
            match p.split_once(": ") {
                Some((name, ty)) => self.generic_in(&inner, &format!("{name}: "), ty, ",", last),
                None => {
                    let _ = writeln!(self, "{inner}{p},");
                }
            }
        }
        let close = format!("{indent}){ret} {{");
        match generic_args(ret) {
            Some((outer, args)) if close.len() > WIDTH => {
                let _ = writeln!(self, "{indent}){outer}<");
                self.generic_list(&format!("{indent}    "), &args);
                let _ = writeln!(self, "{indent}> {{");
            }
            _ => {
                self.push_str(&close);
                self.push('\n');
            }
        }
    }

    /// A type `{indent}{head}{ty}{tail}` on one line when it fits, else its
    /// generic arguments one per line, each broken the same way.
    pub(in crate::emit) fn generic(&mut self, indent: &str, head: &str, ty: &str, tail: &str) {
        self.generic_in(indent, head, ty, tail, false);
    }

    /// [`Writer::generic`] of an item of a broken list: the last one's
    /// comma (`tail`), printed only because the list is broken, does not
    /// count against the width.
    fn generic_in(&mut self, indent: &str, head: &str, ty: &str, tail: &str, last: bool) {
        let one = format!("{indent}{head}{ty}{tail}");
        let width = one.len() - usize::from(last && tail == ",");
        match generic_args(ty) {
            Some((outer, args)) if width > WIDTH => {
                let _ = writeln!(self, "{indent}{head}{outer}<");
                self.generic_list(&format!("{indent}    "), &args);
                let _ = writeln!(self, "{indent}>{tail}");
            }
            _ => {
                self.push_str(&one);
                self.push('\n');
            }
        }
    }

    /// Generic arguments one per line at `indent`, each broken as needed.
    fn generic_list(&mut self, indent: &str, args: &[&str]) {
        for (i, a) in args.iter().enumerate() {
            self.generic_in(indent, "", a, ",", i + 1 == args.len());
        }
    }

    /// `{indent}Self { a, b: c }` on one line when it fits, else one field a line.
    pub(in crate::emit) fn struct_literal(&mut self, indent: &str, inits: &[String]) {
        if inits.is_empty() {
            let _ = writeln!(self, "{indent}Self {{}}");
            return;
        }
        // prettyplease keeps a struct literal on one line only while it takes
        // at most 34 columns before its closing brace (`end_with_max_width(34)`).
        let literal = format!("Self {{ {} }}", inits.join(", "));
        let one = format!("{indent}{literal}");
        if literal.len() <= 35 && one.len() <= WIDTH {
            self.push_str(&one);
            self.push('\n');
            return;
        }
        let _ = writeln!(self, "{indent}Self {{");
        for i in inits {
            let _ = writeln!(self, "{indent}    {i},");
        }
        let _ = writeln!(self, "{indent}}}");
    }

    /// `#[meta]` at `indent`.
    pub(in crate::emit) fn attribute(&mut self, indent: &str, meta: &Meta) {
        meta.print(self, indent, "#[", "]");
    }

    /// `{indent}{head}&[a, b]{tail}` on one line when it fits, else one element
    /// a line; `false` when an element alone does not fit.
    pub(in crate::emit) fn array(
        &mut self,
        indent: &str,
        head: &str,
        items: &[String],
        tail: &str,
    ) -> bool {
        let one = format!("{indent}{head}&[{}]{tail}", items.join(", "));
        if one.len() <= WIDTH {
            self.push_str(&one);
            self.push('\n');
            return true;
        }
        let _ = writeln!(self, "{indent}{head}&[");
        let mut fits = true;
        for i in items {
            let line = format!("{indent}    {i},");
            fits &= line.len() <= WIDTH;
            let _ = writeln!(self, "{line}");
        }
        let _ = writeln!(self, "{indent}]{tail}");
        fits
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
