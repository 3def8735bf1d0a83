//! An endpoint's `runtime::Endpoint` impl, and a struct's `runtime::Validate`
//! impl, as text: the one implementation of each. The common shapes are
//! written in prettyplease's layout; the others (a success body that can say
//! it failed, bodies that are not JSON, a line too long for the fixed layout)
//! are written plainly and marked [`Written::Plain`], for `render` to lay out
//! with prettyplease.

use std::fmt::Write as _;

use super::*;
use crate::ir::{
    self, Api, EndpointItem, FieldItem, Media, ParamIn, ParamStyle, ResponseItem, Status, TypeItem,
};

/// Text of an item, and whether it is laid out already.
pub(in crate::emit) enum Written {
    /// In prettyplease's layout, byte for byte.
    Laid(String),
    /// Valid Rust that prettyplease must still lay out.
    Plain(String),
}

/// The impl.
pub(in crate::emit) fn endpoint_impl(api: &Api, e: &EndpointItem) -> Written {
    let mut laid = true;
    let mut out = Writer::new();
    if let Some(b) = e.body.as_ref().filter(|b| b.media == Media::Multipart) {
        // The order of the parts: the spec's, where the struct's fields are
        // sorted.
        let _ = writeln!(out, "impl {} {{", e.request);
        out.docs(
            "    ",
            "The multipart body's parts, in the order they are sent.",
        );
        let parts: Vec<String> = b.parts.iter().map(|p| lit(p)).collect();
        laid &= out.array(
            "    ",
            "const PARTS: &'static [&'static str] = ",
            &parts,
            ";",
        );
        let _ = writeln!(out, "}}\n");
    }
    out.impl_for("impl runtime::Endpoint", &e.request);
    let _ = writeln!(out, "    type Output = {};", e.response);
    let _ = writeln!(out, "    type Error = {};", e.error_enum);
    let _ = writeln!(
        out,
        "    const OPERATION: &'static runtime::Operation = &runtime::Operation {{"
    );
    let i = "        ";
    let _ = writeln!(out, "{i}name: {},", lit(&e.wire));
    let _ = writeln!(out, "{i}method: runtime::Method::{},", e.method.as_str());
    let _ = writeln!(out, "{i}path: {},", lit(&e.path));
    let _ = writeln!(out, "{i}idempotent: {},", e.idempotent);
    let hints: Vec<String> = e
        .responses
        .iter()
        .filter_map(|r| {
            let field = r.retry_after_field.as_ref()?;
            let Status::Code(code) = r.status else {
                return None;
            };
            Some(format!("({code}, {})", lit(field)))
        })
        .collect();
    laid &= out.array(i, "retry_after_fields: ", &hints, ",");
    match &e.body {
        Some(b) => {
            let _ = writeln!(out, "{i}content_type: Some({}),", lit(&b.content_type));
        }
        None => {
            let _ = writeln!(out, "{i}content_type: None,");
        }
    }
    let _ = writeln!(out, "{i}accept: {},", lit(&e.accept));
    let auth: Vec<String> = e.auth.schemes.iter().map(|s| lit(s)).collect();
    laid &= out.array(i, "auth: ", &auth, ",");
    let _ = writeln!(out, "{i}auth_optional: {},", e.auth.optional);
    let headers: Vec<String> = e
        .constant_headers
        .iter()
        .map(|(n, v)| format!("({}, {})", lit(n), lit(v)))
        .collect();
    laid &= out.array(i, "headers: ", &headers, ",");
    let _ = writeln!(out, "{i}sensitive_bodies: {},", e.sensitive_bodies);
    let messages: Vec<String> = e
        .responses
        .iter()
        .filter_map(|r| {
            let paths = r.error_message.as_ref()?;
            let (low, high) = match r.status {
                Status::Code(c) => (c, c),
                Status::Range(c) => (u16::from(c) * 100, u16::from(c) * 100 + 99),
                Status::Default => (100, 599),
            };
            let paths: Vec<String> = paths.iter().map(|p| lit(p)).collect();
            Some(format!("({low}, {high}, &[{}])", paths.join(", ")))
        })
        .collect();
    laid &= out.array(i, "error_messages: ", &messages, ",");
    let _ = writeln!(out, "    }};");
    laid &= write_fn(&mut out, api, e);
    laid &= decode_fn(&mut out, e);
    let _ = writeln!(out, "}}");
    let out = out.finish();
    // prettyplease does not count a match arm's comma against the width.
    let fits = |l: &str| {
        l.len() <= WIDTH
            || (l.len() == WIDTH + 1 && l.contains(" => ") && l.ends_with(','))
            || unbreakable(l)
    };
    if laid && out.lines().all(fits) {
        Written::Laid(out)
    } else {
        Written::Plain(out)
    }
}

/// Whether a parameter of this type is an object or a map (through
/// aliases), written as a query object.
fn is_object(api: &Api, ty: &TypeRef, depth: usize) -> bool {
    match ty {
        TypeRef::Map(_) => true,
        TypeRef::Named(n) if depth < 64 => match ir::find_type(&api.types, n).map(|t| &t.kind) {
            Some(ir::TypeKind::Struct(_)) => true,
            Some(ir::TypeKind::Alias(inner)) => is_object(api, inner, depth + 1),
            _ => false,
        },
        _ => false,
    }
}

/// `fn write`: each parameter (checked first when it has constraints) and
/// the body (validated first when it holds constrained data). `false` when
/// the text is not laid out.
fn write_fn(out: &mut Writer, api: &Api, e: &EndpointItem) -> bool {
    let mut laid = true;
    let mut body = Writer::new();
    // Fixed query parameters first, in spec order.
    for (name, value) in &e.constant_query {
        body.call(
            "        ",
            "",
            "req.query",
            &[lit(name), format!("&{}", lit(value))],
            ";",
        );
    }
    for p in &e.params {
        let list = !p.json && matches!(p.ty, TypeRef::Array(_));
        let object = !p.json && p.location == ParamIn::Query && is_object(api, &p.ty, 0);
        // Arrays and objects in the query in a style of their own.
        let style = match (p.style, p.explode) {
            (ParamStyle::DeepObject, _) => Some("Deep"),
            (ParamStyle::PipeDelimited, _) => Some("Pipe"),
            (ParamStyle::SpaceDelimited, _) => Some("Space"),
            (ParamStyle::Form, true) if object => Some("Form"),
            (ParamStyle::Form, false) if object => Some("FormJoined"),
            (ParamStyle::Form, _) => None,
        };
        let call_name = match (p.location, list, style) {
            (ParamIn::Header, _, _) if p.json => "req.header_json",
            (_, _, _) if p.json => "req.query_json",
            (ParamIn::Query, _, Some(_)) if object => "req.query_object",
            (ParamIn::Query, _, Some(_)) => "req.query_styled",
            (ParamIn::Path, false, _) => "req.path_param",
            (ParamIn::Query, false, _) => "req.query",
            (ParamIn::Header, false, _) => "req.header",
            (ParamIn::Path, true, _) => "req.path_list",
            (ParamIn::Query, true, _) => "req.query_list",
            (ParamIn::Header, true, _) => "req.header_list",
            // Lowering refuses arrays in cookies.
            (ParamIn::Cookie, _, _) => "req.cookie",
        };
        // A query list says how its values are joined.
        let args = |value: String| {
            let mut a = vec![lit(&p.wire), value];
            if let Some(style) = style {
                a.push(format!("runtime::QueryStyle::{style}"));
            } else if list && p.location == ParamIn::Query {
                a.push(p.explode.to_string());
            }
            a
        };
        // An object's own limits are checked as a body's are.
        let validated = (object || p.json) && ir::is_validated(&api.types, &p.ty);
        let mut checks = checks(&p.wire, "value", &p.constraints);
        if validated {
            checks.push(Check::nested(&p.wire));
        }
        // A required value without checks is sent as it is; any other in a
        // block that names it `value`.
        let in_block = !(checks.is_empty() && p.required);
        let (value, at) = if in_block {
            laid &= value_block(&mut body, "        ", &p.rust, p.required);
            ("value".to_owned(), "            ")
        } else {
            (format!("&self.{}", p.rust), "        ")
        };
        if !checks.is_empty() {
            let _ = writeln!(body, "{at}req.check(|v| {{");
            write_checks(&mut body, &format!("{at}    "), &checks);
            let _ = writeln!(body, "{at}}});");
        }
        body.call(at, "", call_name, &args(value.clone()), ";");
        // A sensitive value is kept out of what errors show.
        if p.sensitive && list {
            let _ = writeln!(
                body,
                "{at}for v in {value} {{\n{at}    req.secret(v);\n{at}}}"
            );
        } else if p.sensitive {
            let _ = writeln!(body, "{at}req.secret({value});");
        }
        if in_block {
            let _ = writeln!(body, "        }}");
        }
    }
    if let Some(b) = &e.body {
        // `body` names a reference to the value: JSON and forms serialize
        // it, text and bytes are sent as they are (a cheap clone).
        let send = |body_ref: &str| match b.media {
            Media::Form if b.deep => format!("req.form_deep({body_ref});"),
            Media::Form => format!("req.form({body_ref});"),
            Media::Json => format!("req.json({body_ref});"),
            Media::Multipart => format!("req.multipart({body_ref}, Self::PARTS);"),
            Media::Text | Media::Bytes => {
                format!("req.raw({}.clone());", body_ref.trim_start_matches('&'))
            }
        };
        let validate = ir::is_validated(&api.types, &b.ty);
        match (b.required, validate) {
            (true, false) => {
                let _ = writeln!(body, "        {}", send("&self.body"));
            }
            (true, true) => {
                let _ = writeln!(
                    body,
                    "        {{\n            let body = &self.body;\n            req.validate(\"body\", body);\n            {}\n        }}",
                    send("body")
                );
            }
            (false, validate) => {
                let check = if validate {
                    "            req.validate(\"body\", body);\n"
                } else {
                    ""
                };
                let _ = writeln!(
                    body,
                    "        if let Some(body) = &self.body {{\n{check}            {}\n        }}",
                    send("body")
                );
            }
        }
    }
    let _ = writeln!(out, "    #[inline]");
    if body.is_empty() {
        let _ = writeln!(
            out,
            "    fn write(&self, _req: &mut runtime::RequestParts) {{}}"
        );
    } else {
        let _ = writeln!(
            out,
            "    fn write(&self, req: &mut runtime::RequestParts) {{"
        );
        out.push_str(&body.finish());
        let _ = writeln!(out, "    }}");
    }
    laid
}

/// `{indent}if let Some(value) = &self.{field} {` for an optional value,
/// `{indent}{` and `let value = &self.{field};` for a required one: the
/// opening of a block that names the value `value`. `false` when a line is
/// too long for the fixed layout.
fn value_block(out: &mut Writer, indent: &str, field: &str, required: bool) -> bool {
    let head = if required {
        let _ = writeln!(out, "{indent}{{");
        format!("{indent}    let value = &self.{field};")
    } else {
        format!("{indent}if let Some(value) = &self.{field} {{")
    };
    let _ = writeln!(out, "{head}");
    head.len() <= WIDTH
}

/// One check of a value: the statement `{func}(args);`.
struct Check {
    func: &'static str,
    args: Vec<String>,
}

impl Check {
    /// The checks of the data a value holds.
    fn nested(name: &str) -> Check {
        Check {
            func: "v.nested",
            args: vec![lit(name), "value".to_owned()],
        }
    }
}

/// The checks of `value` (an expression of a reference to the value)
/// against `c`, on the validator `v`.
fn checks(name: &str, value: &str, c: &ir::Constraints) -> Vec<Check> {
    let opt_u = |v: Option<u64>| v.map_or("None".to_owned(), |v| format!("Some({v})"));
    let opt_f = |v: Option<f64>| {
        v.map_or("None".to_owned(), |v| {
            format!("Some({})", crate::escape::f64_lit(v))
        })
    };
    let name = lit(name);
    let mut out = Vec::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let len = match c.measure {
            ir::Measure::Items => format!("{value}.len()"),
            _ => format!("{value}.chars().count()"),
        };
        out.push(Check {
            func: "v.length",
            args: vec![name.clone(), len, opt_u(c.min_length), opt_u(c.max_length)],
        });
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        out.push(Check {
            func: "v.range",
            args: vec![
                name.clone(),
                format!("*{value} as f64"),
                opt_f(c.minimum),
                opt_f(c.maximum),
            ],
        });
    }
    if let Some(p) = &c.pattern {
        out.push(Check {
            func: "v.pattern",
            args: vec![name, value.to_owned(), lit(p)],
        });
    }
    out
}

/// Each check as a statement at `indent`, a long one broken as prettyplease
/// breaks a call.
fn write_checks(out: &mut Writer, indent: &str, checks: &[Check]) {
    for c in checks {
        out.call(indent, "", c.func, &c.args, ";");
    }
}

/// `runtime::Validate` for a struct whose fields (or the data they hold)
/// carry constraints; nothing for one whose do not. A line too long for
/// the fixed layout is laid out by prettyplease (see `emit::laid_out`).
pub(in crate::emit) fn validate_impl(
    t: &TypeItem,
    fields: &[FieldItem],
    types: &[TypeItem],
) -> String {
    if !t.validated {
        return String::new();
    }
    let mut out = Writer::new();
    out.impl_for("impl runtime::Validate", &t.rust);
    let _ = writeln!(
        out,
        "    fn validate(&self, v: &mut runtime::Validator<'_>) {{"
    );
    for f in fields {
        let mut checks = checks(&f.wire, "value", &f.constraints);
        if ir::is_validated(types, &f.ty) {
            checks.push(Check::nested(&f.wire));
        }
        if checks.is_empty() {
            continue;
        }
        value_block(&mut out, "        ", &f.rust, !f.is_option());
        write_checks(&mut out, "            ", &checks);
        let _ = writeln!(out, "        }}");
    }
    let _ = writeln!(out, "    }}\n}}");
    out.finish()
}

/// A decode arm's value: a call of a two-argument constructor (broken
/// like any call when too long), or an expression that must fit.
enum Val {
    Call(&'static str, String),
    Plain(String),
}

/// `fn decode`: one arm per declared status, ranges after exact codes.
/// `false` when the text is not laid out.
fn decode_fn(out: &mut Writer, e: &EndpointItem) -> bool {
    let successes: Vec<&ResponseItem> = e.successes().collect();
    let single = successes.len() == 1;
    let (response, error) = (&e.response, &e.error_enum);
    let mut uses_body = false;
    let mut laid = true;
    let mut value = |r: &ResponseItem| -> Val {
        let v = &r.variant;
        let plain = match (r.body.is_some(), r.media) {
            (true, Media::Text | Media::Bytes) => {
                let read = if r.media == Media::Text {
                    "body.text()"
                } else {
                    "body.bytes()"
                };
                uses_body = true;
                Some(match (r.error, single) {
                    (true, _) => format!("runtime::Decoded::Error(Some({read}.map({error}::{v})))"),
                    (false, true) => format!("runtime::Decoded::Success({read})"),
                    (false, false) => {
                        format!("runtime::Decoded::Success({read}.map({response}::{v}))")
                    }
                })
            }
            _ => None,
        };
        let val = match plain {
            Some(p) => Val::Plain(p),
            None => match (r.error, &r.body, single) {
                (true, Some(_), _) => {
                    uses_body = true;
                    Val::Call("runtime::Decoded::error", format!("{error}::{v}"))
                }
                (true, None, _) => Val::Plain("runtime::Decoded::error_without_body()".to_owned()),
                (false, Some(_), true) => {
                    uses_body = true;
                    Val::Plain("runtime::Decoded::success(body)".to_owned())
                }
                (false, Some(_), false) => {
                    uses_body = true;
                    Val::Call("runtime::Decoded::success_as", format!("{response}::{v}"))
                }
                (false, None, true) => Val::Plain("runtime::Decoded::Success(Ok(()))".to_owned()),
                (false, None, false) => {
                    Val::Plain(format!("runtime::Decoded::Success(Ok({response}::{v}))"))
                }
            },
        };
        // A success whose body can say it failed checks that first.
        match &r.error_variant {
            Some(ev) => {
                laid = false;
                uses_body = true;
                let val = match val {
                    Val::Plain(p) => p,
                    Val::Call(f, arg) => format!("{f}(body, {arg})"),
                };
                let when: Vec<String> = r
                    .error_when
                    .iter()
                    .map(|(path, values)| {
                        let values: Vec<String> = values
                            .iter()
                            .map(crate::emit::parts::constant_text)
                            .collect();
                        format!("({}, &[{}])", lit(path), values.join(", "))
                    })
                    .collect();
                Val::Plain(format!(
                    "runtime::Decoded::error_when(body, &[{}], {error}::{ev}).unwrap_or_else(|| {val})",
                    when.join(", ")
                ))
            }
            None => val,
        }
    };
    let mut arms: Vec<(String, Val)> = Vec::new();
    for r in &e.responses {
        if let Status::Code(code) = r.status {
            arms.push((code.to_string(), value(r)));
        }
    }
    // A success declared without a body accepts an empty body on any 2xx:
    // servers answer 200 where the page says 204 more often than one would hope.
    let empty_success = successes.iter().find(|r| r.body.is_none());
    if let Some(empty) = empty_success {
        arms.push(("200..=299 if body.is_empty()".to_owned(), value(empty)));
    }
    // Ranges come after every exact code, so `404` wins over `4XX`.
    for r in &e.responses {
        if let Status::Range(class) = r.status {
            let low = u16::from(class) * 100;
            arms.push((format!("{low}..={}", low + 99), value(r)));
        }
    }
    let fallback = match e.responses.iter().find(|r| r.status == Status::Default) {
        Some(r) => value(r),
        None => Val::Plain("runtime::Decoded::Undeclared".to_owned()),
    };
    let body = if uses_body || empty_success.is_some() {
        "body"
    } else {
        "_body"
    };
    // Inline: the decoders it instantiates (serde_json for each body type)
    // are compiled only in crates that call the endpoint.
    let _ = writeln!(
        out,
        "    #[inline]\n    fn decode(\n        status: u16,\n        {body}: &runtime::Body<'_>,\n    ) -> runtime::Decoded<Self::Output, Self::Error> {{"
    );
    if arms.is_empty() {
        let fallback = match fallback {
            Val::Plain(p) => p,
            Val::Call(f, arg) => format!("{f}(body, {arg})"),
        };
        let _ = writeln!(out, "        let _ = status; {fallback}\n    }}");
        return false;
    }
    let _ = writeln!(out, "        match status {{");
    arms.push(("_".to_owned(), fallback));
    for (pat, v) in arms {
        let (f, arg) = match v {
            Val::Plain(s) => {
                if out.plain_arm("            ", &pat, &s).is_none() {
                    laid = false;
                    let _ = writeln!(out, "            {pat} => {s},");
                }
                continue;
            }
            Val::Call(f, arg) => (f, arg),
        };
        out.arm("            ", &pat, f, &["body".to_owned(), arg], "");
    }
    let _ = writeln!(out, "        }}\n    }}");
    laid
}
