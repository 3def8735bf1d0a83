//! The struct of a response's declared headers, and `from_headers`, which
//! reads each from what the server sent: absent, or not of its type, is
//! `None` (a header is read, never required).

use std::fmt::Write as _;

use super::{Writer, lit, ty};
use crate::ir::{
    Api, EndpointItem, Prim, ResponseHeaders, ResponseItem, TypeKind, TypeRef, find_type,
};

/// The struct and its `from_headers`, as text for prettyplease to lay out.
pub(in crate::emit) fn response_headers(
    api: &Api,
    e: &EndpointItem,
    r: &ResponseItem,
    h: &ResponseHeaders,
) -> String {
    let mut out = Writer::new();
    out.docs(
        "",
        &format!(
            "The headers of the `{}` response of [`{}`] that the spec declares: read them with `{}::from_headers(response.headers())`.",
            r.status.label(),
            e.request,
            h.rust
        ),
    );
    let debug = if h.fields.iter().any(|f| f.sensitive) {
        ""
    } else {
        "Debug, "
    };
    let _ = writeln!(
        out,
        "#[derive({debug}Clone, PartialEq, Default)]\n#[non_exhaustive]"
    );
    let _ = writeln!(out, "pub struct {} {{", h.rust);
    for f in &h.fields {
        let text = f
            .doc
            .clone()
            .unwrap_or_else(|| format!("The `{}` header.", f.wire));
        out.docs("    ", &text);
        let _ = writeln!(out, "    pub {}: Option<{}>,", f.rust, ty(&f.ty));
    }
    let _ = writeln!(out, "}}");
    let _ = writeln!(out, "impl {} {{", h.rust);
    out.docs(
        "    ",
        "Each declared header the response carries, read as its type; one absent or not of its type is `None`.",
    );
    let _ = writeln!(
        out,
        "    pub fn from_headers(headers: &runtime::HeaderMap) -> Self {{\n        Self {{"
    );
    for f in &h.fields {
        let read = format!("runtime::header_text(headers, {})", lit(&f.wire));
        let _ = writeln!(out, "            {}: {read}{},", f.rust, parse(api, &f.ty));
    }
    let _ = writeln!(out, "        }}\n    }}\n}}");
    out.finish()
}

/// How the text of a header becomes a value of `t`.
fn parse(api: &Api, t: &TypeRef) -> String {
    match t {
        TypeRef::Prim(Prim::String) => ".map(str::to_owned)".to_owned(),
        TypeRef::Named(n) => match find_type(&api.types, n).map(|t| &t.kind) {
            Some(TypeKind::StringEnum(_)) => format!(".map(|v| {n}::from(v.to_owned()))"),
            Some(TypeKind::IntEnum(_)) => {
                format!(".and_then(|v| v.parse::<i64>().ok()).map({n}::from)")
            }
            Some(TypeKind::Alias(inner)) => parse(api, inner),
            _ => ".and_then(|v| v.parse().ok())".to_owned(),
        },
        _ => ".and_then(|v| v.parse().ok())".to_owned(),
    }
}
