//! Throttling and retries: `retry:` -> [`ir::RetryRules`], each status, header
//! and body path checked.

use super::Cx;
use super::pointer::{self, Want};
use super::responses::parse_status;
use crate::ident;
use crate::ir::{self, TypeRef};
use crate::spec::{self, Sp};

impl Cx<'_> {
    /// The API's retry rules; each list left out takes its default (throttled
    /// 429, transient 503, wait `Retry-After`).
    pub(super) fn retry(
        &mut self,
        spec: Option<&Sp<spec::Retry>>,
        types: &super::Types,
        endpoints: &[ir::EndpointItem],
    ) -> ir::RetryRules {
        let bodies: Vec<&TypeRef> = endpoints
            .iter()
            .flat_map(|e| e.responses.iter())
            .filter(|r| r.media == ir::Media::Json)
            .filter_map(|r| r.body.as_ref())
            .collect();
        let status_only = |code: u16| ir::Condition {
            status: Some((code, code)),
            headers: Vec::new(),
            body: Vec::new(),
        };
        let given = spec.map(|s| &s.value);
        let throttled = match given.and_then(|r| r.throttled.as_ref()) {
            Some(list) => list
                .iter()
                .filter_map(|c| self.condition(c, types, &bodies))
                .collect(),
            None => vec![status_only(429)],
        };
        let transient = match given.and_then(|r| r.transient.as_ref()) {
            Some(list) => list
                .iter()
                .filter_map(|c| self.condition(c, types, &bodies))
                .collect(),
            None => vec![status_only(503)],
        };
        let wait = match given.and_then(|r| r.wait.as_ref()) {
            Some(list) => list
                .iter()
                .filter_map(|w| self.wait(w, types, &bodies))
                .collect(),
            None => vec![ir::Wait::RetryAfter],
        };
        ir::RetryRules {
            throttled,
            transient,
            wait,
        }
    }

    fn condition(
        &mut self,
        c: &Sp<spec::Condition>,
        types: &super::Types,
        bodies: &[&TypeRef],
    ) -> Option<ir::Condition> {
        let full = match &c.value {
            spec::Condition::Status(s) => spec::ConditionFull {
                status: Some(Sp {
                    value: s.clone(),
                    pos: c.pos,
                }),
                ..Default::default()
            },
            spec::Condition::Full(f) => f.clone(),
        };
        let status = match &full.status {
            None => None,
            Some(s) => match parse_status(&s.text()) {
                Some(ir::Status::Code(code)) => Some((code, code)),
                Some(ir::Status::Range(class)) => {
                    let low = u16::from(class) * 100;
                    Some((low, low + 99))
                }
                _ => {
                    self.err(
                        s.pos,
                        format!("`{}` is not a status code or class", s.text()),
                    )
                    .help("write a code from 100 to 599 (`429`) or a class (`\"5XX\"`)");
                    return None;
                }
            },
        };
        let mut headers = Vec::new();
        for (name, value) in full.header.iter() {
            self.check_header_name(name);
            headers.push((
                name.value.to_ascii_lowercase(),
                value.value.trim().to_owned(),
            ));
        }
        let mut body = Vec::new();
        for (path, value) in full.body.iter() {
            let Ok(segments) = pointer::parse(&path.value) else {
                self.err(path.pos, format!("`{}` is not a JSON Pointer", path.value))
                    .help("write a path such as `/errorCode` or `/error/code`");
                continue;
            };
            if !bodies.is_empty()
                && !bodies
                    .iter()
                    .any(|b| pointer::check(types, b, &segments, Want::Scalar).is_ok())
            {
                let (why, hint) = pointer::check(types, bodies[0], &segments, Want::Scalar)
                    .err()
                    .unwrap_or_default();
                self.err(path.pos, format!("the body path `{}` fits none of the declared response bodies (first: {why})", path.value))
                    .help(hint.unwrap_or_else(|| "point at a field that some response body declares".to_owned()));
            }
            let values = match &value.value {
                serde_json::Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            };
            if values.is_empty() || values.iter().any(|v| v.is_array() || v.is_object()) {
                self.err(value.pos, format!("the value for `{}` must be a string, number, boolean or null, or a list of them", path.value))
                    .help("e.g. `/errorCode: 4003` or `/errorCode: [4001, 4002]`");
                continue;
            }
            body.push((path.value.clone(), values));
        }
        if full.status.is_none() && full.header.is_empty() && full.body.is_empty() {
            self.err(c.pos, "this condition matches every response")
                .help("give a `status`, a `header` or a `body` value");
            return None;
        }
        Some(ir::Condition {
            status,
            headers,
            body,
        })
    }

    fn wait(
        &mut self,
        w: &Sp<spec::WaitSource>,
        types: &super::Types,
        bodies: &[&TypeRef],
    ) -> Option<ir::Wait> {
        let full = match &w.value {
            spec::WaitSource::Name(n) if n == "retry_after" => return Some(ir::Wait::RetryAfter),
            spec::WaitSource::Name(n) => {
                let help = match ident::closest(n, ["retry_after"]) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => "write `retry_after` (the Retry-After header), or `{ header: NAME, as: seconds }` / `{ body: /path, as: seconds }`".to_owned(),
                };
                self.err(w.pos, format!("unknown wait source `{n}`"))
                    .help(help);
                return None;
            }
            spec::WaitSource::Full(f) => f,
        };
        let unit = match full.unit.as_ref().map(|u| u.value.as_str()) {
            None | Some("seconds") => ir::Unit::Seconds,
            Some("milliseconds") => ir::Unit::Milliseconds,
            Some("epoch_seconds") => ir::Unit::EpochSeconds,
            Some(other) => {
                let pos = full.unit.as_ref().map_or(w.pos, |u| u.pos);
                let help = match ident::closest(other, ["seconds", "milliseconds", "epoch_seconds"])
                {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => "use `seconds`, `milliseconds` or `epoch_seconds`".to_owned(),
                };
                self.err(pos, format!("unknown unit `{other}`")).help(help);
                return None;
            }
        };
        match (&full.header, &full.body) {
            (Some(h), None) => {
                self.check_header_name(h);
                Some(ir::Wait::Header(h.value.to_ascii_lowercase(), unit))
            }
            (None, Some(path)) => {
                let Ok(segments) = pointer::parse(&path.value) else {
                    self.err(path.pos, format!("`{}` is not a JSON Pointer", path.value))
                        .help("write a path such as `/retry_after` or `/error/retry_in`");
                    return None;
                };
                if !bodies.is_empty()
                    && !bodies
                        .iter()
                        .any(|b| pointer::check(types, b, &segments, Want::Number).is_ok())
                {
                    let (why, hint) = pointer::check(types, bodies[0], &segments, Want::Number)
                        .err()
                        .unwrap_or_default();
                    self.err(path.pos, format!("the wait path `{}` fits none of the declared response bodies (first: {why})", path.value))
                        .help(hint.unwrap_or_else(|| "point at a number that some response body declares".to_owned()));
                }
                Some(ir::Wait::Body(path.value.clone(), unit))
            }
            _ => {
                self.err(
                    w.pos,
                    "a wait source takes exactly one of `header` and `body`",
                )
                .help("e.g. `{ header: x-ratelimit-reset, as: epoch_seconds }`");
                None
            }
        }
    }
}

impl Cx<'_> {
    /// `error_when` of a response: only on a success with a JSON body, each
    /// path a scalar of that body, each value a scalar or list of scalars.
    pub(super) fn error_when(
        &mut self,
        cx: &super::ApiCx,
        written: &spec::NamedMap<Sp<serde_json::Value>>,
        error: bool,
        body: Option<&TypeRef>,
        media: ir::Media,
        status: &Sp<String>,
    ) -> Vec<(String, Vec<serde_json::Value>)> {
        if written.is_empty() {
            return Vec::new();
        }
        let Some(body) = body.filter(|_| !error && media == ir::Media::Json) else {
            self.err(status.pos, format!("`error_when` on response `{}` needs a success response with a JSON body", status.value))
                .help("an error response is an error already; declare the success's `body` to say which of its values mean failure");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (path, value) in written.iter() {
            let Ok(segments) = pointer::parse(&path.value) else {
                self.err(path.pos, format!("`{}` is not a JSON Pointer", path.value))
                    .help("write a path such as `/ok` or `/result/status`");
                continue;
            };
            self.check_pointer(
                &cx.types,
                body,
                path,
                &segments,
                Want::Scalar,
                "the `error_when` path",
            );
            let values = match &value.value {
                serde_json::Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            };
            if values.is_empty() || values.iter().any(|v| v.is_array() || v.is_object()) {
                self.err(value.pos, format!("the value for `{}` must be a string, number, boolean or null, or a list of them", path.value))
                    .help("e.g. `/ok: false`");
                continue;
            }
            out.push((path.value.clone(), values));
        }
        out
    }
}
