//! An endpoint's `runtime::Endpoint` impl as formatted text, for endpoints
//! of the common shapes; the others (a success body that can say it failed,
//! inputs with checks, bodies that are not JSON) stay tokens, formatted by
//! prettyplease (`emit::endpoint::endpoint_impl`).

use std::fmt::Write as _;

use super::*;
use crate::ir::{self, Api, EndpointItem, Media, ParamIn, ResponseItem, Status};

/// `{indent}{head}&[a, b]{tail}` on one line when it fits, else one element
/// a line; `None` when an element alone does not fit.
fn array(out: &mut String, indent: &str, head: &str, items: &[String], tail: &str) -> Option<()> {
    let one = format!("{indent}{head}&[{}]{tail}", items.join(", "));
    if one.len() <= WIDTH {
        out.push_str(&one);
        out.push('\n');
        return Some(());
    }
    let _ = writeln!(out, "{indent}{head}&[");
    for i in items {
        let line = format!("{indent}    {i},");
        if line.len() > WIDTH {
            return None;
        }
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{indent}]{tail}");
    Some(())
}

/// The impl, or `None` for a shape left to tokens.
pub(in crate::emit) fn endpoint_impl(api: &Api, e: &EndpointItem) -> Option<String> {
    let simple = e
        .responses
        .iter()
        .all(|r| r.error_variant.is_none() && (r.body.is_none() || r.media == Media::Json))
        && e.params.iter().all(|p| p.constraints.is_empty())
        && e.body
            .as_ref()
            .is_none_or(|b| !ir::is_validated(&api.types, &b.ty))
        && e.responses
            .iter()
            .any(|r| matches!(r.status, Status::Code(_)));
    if !simple {
        return None;
    }
    let mut out = String::new();
    let _ = writeln!(out, "impl runtime::Endpoint for {} {{", e.request);
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
    array(&mut out, i, "retry_after_fields: ", &hints, ",")?;
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
    array(&mut out, i, "auth: ", &auth, ",")?;
    let _ = writeln!(out, "{i}auth_optional: {},", e.auth.optional);
    let headers: Vec<String> = e
        .constant_headers
        .iter()
        .map(|(n, v)| format!("({}, {})", lit(n), lit(v)))
        .collect();
    array(&mut out, i, "headers: ", &headers, ",")?;
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
    array(&mut out, i, "error_messages: ", &messages, ",")?;
    let _ = writeln!(out, "    }};");
    write_fn(&mut out, e)?;
    decode_fn(&mut out, e)?;
    let _ = writeln!(out, "}}");
    Some(out)
}

fn write_fn(out: &mut String, e: &EndpointItem) -> Option<()> {
    let mut body = String::new();
    for p in &e.params {
        let call_name = match p.location {
            ParamIn::Path => "req.path_param",
            ParamIn::Query => "req.query",
            ParamIn::Header => "req.header",
        };
        if p.required {
            call(
                &mut body,
                "        ",
                "",
                call_name,
                &[lit(&p.wire), format!("&self.{}", p.rust)],
                ";",
            );
            if p.sensitive {
                let _ = writeln!(body, "        req.secret(&self.{});", p.rust);
            }
        } else {
            let head = format!("        if let Some(value) = &self.{} {{", p.rust);
            if head.len() > WIDTH {
                return None;
            }
            let _ = writeln!(body, "{head}");
            call(
                &mut body,
                "            ",
                "",
                call_name,
                &[lit(&p.wire), "value".to_owned()],
                ";",
            );
            if p.sensitive {
                let _ = writeln!(body, "            req.secret(value);");
            }
            let _ = writeln!(body, "        }}");
        }
    }
    if let Some(b) = &e.body {
        let encode = match b.media {
            Media::Form => "form",
            _ => "json",
        };
        if b.required {
            let _ = writeln!(body, "        req.{encode}(&self.body);");
        } else {
            let _ = writeln!(
                body,
                "        if let Some(body) = &self.body {{\n            req.{encode}(body);\n        }}"
            );
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
        out.push_str(&body);
        let _ = writeln!(out, "    }}");
    }
    Some(())
}

/// A decode arm's value: a call of a two-argument constructor (broken
/// like any call when too long), or an expression that must fit.
enum Val {
    Call(&'static str, String),
    Plain(String),
}

fn decode_fn(out: &mut String, e: &EndpointItem) -> Option<()> {
    let successes: Vec<&ResponseItem> = e.successes().collect();
    let single = successes.len() == 1;
    let (response, error) = (&e.response, &e.error_enum);
    let mut uses_body = false;
    let mut value = |r: &ResponseItem| -> Val {
        let v = &r.variant;
        match (r.error, &r.body, single) {
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
        }
    };
    let mut arms: Vec<(String, Val)> = Vec::new();
    for r in &e.responses {
        if let Status::Code(code) = r.status {
            arms.push((code.to_string(), value(r)));
        }
    }
    let empty_success = successes.iter().find(|r| r.body.is_none());
    if let Some(empty) = empty_success {
        arms.push(("200..=299 if body.is_empty()".to_owned(), value(empty)));
    }
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
    arms.push(("_".to_owned(), fallback));
    let body = if uses_body || empty_success.is_some() {
        "body"
    } else {
        "_body"
    };
    let _ = writeln!(
        out,
        "    #[inline]\n    fn decode(\n        status: u16,\n        {body}: &runtime::Body<'_>,\n    ) -> runtime::Decoded<Self::Output, Self::Error> {{\n        match status {{"
    );
    for (pat, v) in arms {
        let (f, arg) = match v {
            Val::Plain(s) => {
                plain_arm(out, "            ", &pat, &s)?;
                continue;
            }
            Val::Call(f, arg) => (f, arg),
        };
        let one = format!("            {pat} => {f}(body, {arg}),");
        // prettyplease does not count an arm's comma against the width.
        if one.len() - 1 <= WIDTH {
            let _ = writeln!(out, "{one}");
            continue;
        }
        let _ = writeln!(out, "            {pat} => {{");
        call(
            out,
            "                ",
            "",
            f,
            &["body".to_owned(), arg],
            "",
        );
        let _ = writeln!(out, "            }}");
    }
    let _ = writeln!(out, "        }}\n    }}");
    Some(())
}
