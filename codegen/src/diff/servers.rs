//! Servers, judged from what is generated and what is resolved: the Rust
//! verdict from the server enum (unit or struct variants, their fields, the
//! derives a variable takes away, the builder's arguments), the wire verdict
//! from the URLs an old client can build (its template, each variable's
//! values) against the URLs the new spec declares.

use super::Verdict;
use super::out::{Out, same_text};
use crate::ir::{Api, Server, ServerVariable};

/// The traits the server enum derives beyond `Debug, Clone, PartialEq, Eq,
/// Hash`: `Copy` while no server has variables, `Default` while the default
/// server has none (or no server has any).
fn derives(a: &Api) -> (bool, bool) {
    let any_variables = a.servers.iter().any(|s| !s.variables.is_empty());
    let default_is_unit = a
        .servers
        .iter()
        .any(|s| s.default && s.variables.is_empty());
    (!any_variables, !any_variables || default_is_unit)
}

/// What constructing a variant takes: each variable's Rust name and whether
/// it is optional (`Option<String>`); `None` for a unit variant.
fn fields(s: &Server) -> Option<Vec<(&str, bool)>> {
    (!s.variables.is_empty()).then(|| {
        s.variables
            .iter()
            .map(|v| (v.rust.as_str(), v.default.is_some()))
            .collect()
    })
}

/// The builder's arguments for the default server: its required variables.
fn builder_args(a: &Api) -> Vec<&str> {
    a.servers
        .iter()
        .filter(|s| s.default)
        .flat_map(|s| &s.variables)
        .filter(|v| v.default.is_none())
        .map(|v| v.rust.as_str())
        .collect()
}

/// A URL template with each `{variable}` as `{}` (a variable's name never
/// travels), and the variables in the order they appear.
fn template(s: &Server) -> (String, Vec<Option<&ServerVariable>>) {
    let mut shape = String::new();
    let mut order = Vec::new();
    let mut rest = s.url.as_str();
    while let Some(open) = rest.find('{') {
        shape.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        shape.push_str("{}");
        order.push(s.variables.iter().find(|v| v.wire == name));
        rest = &rest[open + close + 1..];
    }
    shape.push_str(rest);
    (shape, order)
}

/// The URL with every variable at its default (a required one left as is).
fn resolved(s: &Server) -> String {
    let mut url = s.url.clone();
    for v in &s.variables {
        if let Some(d) = &v.default {
            url = url.replace(&format!("{{{}}}", v.wire), d);
        }
    }
    url
}

/// Whether every value an old client may give `old` is one `new` allows.
fn values_kept(old: Option<&ServerVariable>, new: Option<&ServerVariable>) -> bool {
    let (Some(old), Some(new)) = (old, new) else {
        return false;
    };
    new.allowed.is_empty()
        || (!old.allowed.is_empty() && old.allowed.iter().all(|a| new.allowed.contains(a)))
}

/// What of a server's variables reaches a URL: names, defaults, values.
fn url_inputs(s: &Server) -> Vec<(&str, Option<&str>, &[String])> {
    s.variables
        .iter()
        .map(|v| (v.wire.as_str(), v.default.as_deref(), v.allowed.as_slice()))
        .collect()
}

/// Whether every URL an old client builds for `old` is one of `new`'s.
fn urls_kept(old: &Server, new: &Server) -> bool {
    if old.variables.is_empty() {
        // One URL: the new server's, filled with its defaults.
        return !resolved(new).contains('{') && resolved(new) == old.url;
    }
    let ((a, va), (b, vb)) = (template(old), template(new));
    a == b && va.iter().zip(&vb).all(|(x, y)| values_kept(*x, *y))
}

pub(super) fn servers(out: &mut Out<'_>, o: &Api, n: &Api) {
    for s in &o.servers {
        let subject = format!("server {}", s.wire);
        match n.servers.iter().find(|x| x.wire == s.wire) {
            None => out.push(
                subject,
                "removed",
                Verdict::breaks(format!("the variant {} is gone", s.variant)),
                if n.servers.iter().any(|x| urls_kept(s, x)) {
                    Verdict::ok("another server is declared at its URLs")
                } else {
                    Verdict::breaks("old clients set to it still send to its URL")
                },
            ),
            Some(x) => server(out, &subject, s, x),
        }
    }
    for s in n
        .servers
        .iter()
        .filter(|s| !o.servers.iter().any(|x| x.wire == s.wire))
    {
        out.push(
            format!("server {}", s.wire),
            "added",
            Verdict::ok("the server enum is #[non_exhaustive]"),
            Verdict::ok("old clients keep their server"),
        );
    }
    let ((copy_was, default_was), (copy_is, default_is)) = (derives(o), derives(n));
    for (was, is, name) in [
        (copy_was, copy_is, "Copy"),
        (default_was, default_is, "Default"),
    ] {
        if was != is {
            out.push(
                &n.server_enum,
                format!("{} {name}", if is { "now implements" } else { "no longer implements" }),
                if is {
                    Verdict::ok("a new impl")
                } else {
                    Verdict::breaks(format!(
                        "a server with variables takes {name} away; code relying on it no longer compiles"
                    ))
                },
                Verdict::ok("only the Rust type changes"),
            );
        }
    }
    let (args_was, args_is) = (builder_args(o), builder_args(n));
    if args_was != args_is {
        out.push(
            format!("{}::builder", n.client),
            format!(
                "server arguments [{}] -> [{}]",
                args_was.join(", "),
                args_is.join(", ")
            ),
            Verdict::breaks(format!("the arguments of {}::builder change", o.client)),
            Verdict::ok("URLs are compared on their own"),
        );
    }
    let default = |a: &Api| a.servers.iter().find(|s| s.default).cloned();
    if let (Some(a), Some(b)) = (default(o), default(n))
        && a.wire != b.wire
    {
        out.push(
            "default server",
            format!("{} -> {}", a.wire, b.wire),
            Verdict::ok("same types; clients built without .server() move to the new default"),
            if urls_kept(&a, &b) {
                Verdict::ok("the new default is at the same URL")
            } else {
                Verdict::breaks("old clients still default to the old server")
            },
        );
    }
}

fn server(out: &mut Out<'_>, subject: &str, s: &Server, x: &Server) {
    let Server {
        wire: _,
        variant: _,
        url: _,
        description: _,
        default: _,
        variables: _,
    } = s;
    if x.variant != s.variant {
        out.push(
            subject,
            format!("Rust name {} -> {}", s.variant, x.variant),
            Verdict::breaks(format!("the variant {} is renamed", s.variant)),
            Verdict::ok("same URL"),
        );
    }
    if fields(s) != fields(x) {
        let shape = |f: Option<Vec<(&str, bool)>>| match f {
            None => "no variables".to_owned(),
            Some(f) => f
                .iter()
                .map(|(name, optional)| format!("{name}{}", if *optional { "?" } else { "" }))
                .collect::<Vec<_>>()
                .join(", "),
        };
        out.push(
            subject,
            format!("variables: {} -> {}", shape(fields(s)), shape(fields(x))),
            Verdict::breaks(format!("constructing {} changes", x.variant)),
            Verdict::ok("URLs are compared on their own"),
        );
    }
    if s.url != x.url || url_inputs(s) != url_inputs(x) {
        let what = if s.url != x.url {
            format!("URL {} -> {}", s.url, x.url)
        } else {
            "values or defaults of its variables".to_owned()
        };
        out.push(
            subject,
            what,
            Verdict::ok("variables are compared on their own"),
            if !urls_kept(s, x) {
                Verdict::breaks("old clients may send to a URL the new spec does not declare")
            } else if resolved(s) != resolved(x) {
                Verdict::ok("clients that set nothing go to the new default, and the old one stays declared")
            } else {
                Verdict::ok("every URL old clients build is still declared")
            },
        );
    }
    let docs = |s: &Server| {
        s.variables
            .iter()
            .map(|v| v.doc.clone())
            .collect::<Vec<_>>()
    };
    if !same_text(&s.description, &x.description) || docs(s) != docs(x) {
        out.docs(subject, "description");
    }
}
