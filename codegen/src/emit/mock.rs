//! Typed mocks (cargo feature `mock` of each generated crate): for every
//! endpoint, how a mock answers each of its outcomes (`runtime::mock::Reply`)
//! and example values of its inputs and outcomes (`runtime::mock::Example`),
//! and per API a `mock` module with one expectation method per endpoint and a
//! test per endpoint that runs the mock end to end.
//!
//! Everything here is behind `#[cfg(feature = "mock")]`: a crate built
//! without the feature never type-checks it.
//!
//! Unlike the rest of the emitter this writes formatted text, not tokens:
//! the code is a few fixed shapes, and sending a third of a large API's
//! output through `syn` and prettyplease for a feature most builds leave off
//! cost a third more generator time (10,000 endpoints: 5 s -> 8 s).

use std::fmt::Write as _;

use rayon::prelude::*;

use serde_json::{Value, json};

use super::text::Writer;
use crate::escape::str_lit;
use crate::ir::{
    self, Api, EndpointItem, FieldItem, Media, Prim, ResponseItem, Status, TypeKind, TypeRef,
    find_type,
};

/// Strings tried, in order, for an input with a `pattern`: the first one the
/// pattern accepts is the example.
const PATTERN_CANDIDATES: &[&str] = &[
    "x",
    "abc",
    "a1",
    "ABC",
    "123",
    "x@example.com",
    "2026-01-01",
    "2026-01-01T00:00:00Z",
    "https://example.com",
    "abc-123",
    "abc_123",
    "00000000-0000-0000-0000-000000000000",
];

/// A status that decodes into the response `r` of `e`.
fn status_of(e: &EndpointItem, r: &ResponseItem) -> u16 {
    let codes: Vec<u16> = e
        .responses
        .iter()
        .filter_map(|r| match r.status {
            Status::Code(c) => Some(c),
            _ => None,
        })
        .collect();
    let ranges: Vec<u16> = e
        .responses
        .iter()
        .filter_map(|r| match r.status {
            Status::Range(n) => Some(u16::from(n)),
            _ => None,
        })
        .collect();
    let free = |c: &u16| !codes.contains(c);
    match r.status {
        Status::Code(c) => c,
        Status::Range(n) => {
            let base = u16::from(n) * 100;
            (base..base + 100).find(free).unwrap_or(base)
        }
        Status::Default => {
            let candidates = if r.error {
                [500, 599, 400, 499, 418]
            } else {
                [200, 299, 200, 200, 200]
            };
            candidates
                .into_iter()
                .find(|c| free(c) && !ranges.contains(&(c / 100)))
                .unwrap_or(599)
        }
    }
}

/// `runtime::mock::Answer` for body `b` of response `r`.
fn answer(e: &EndpointItem, r: &ResponseItem, b: &str) -> String {
    let status = status_of(e, r);
    let ct = str_lit(&r.content_type);
    match (&r.body, r.media) {
        (None, _) => format!("runtime::mock::Answer::empty({status})"),
        // Responses are never multipart (lowering refuses it).
        (Some(_), Media::Json | Media::Multipart) => {
            format!("runtime::mock::Answer::json({status}, {ct}, {b})")
        }
        (Some(_), Media::Form) => format!("runtime::mock::Answer::form({status}, {ct}, {b})"),
        (Some(_), Media::Text) => {
            format!("runtime::mock::Answer::raw({status}, {ct}, {b}.clone())")
        }
        (Some(_), Media::Bytes) => {
            format!("runtime::mock::Answer::raw({status}, {ct}, {b}.to_vec())")
        }
    }
}

/// `impl runtime::mock::Reply` and, when every input has an example,
/// `impl runtime::mock::Example` for the endpoint, as formatted text.
pub(super) fn endpoint_mock(api: &Api, e: &EndpointItem) -> String {
    let (request, response, error) = (&e.request, &e.response, &e.error_enum);
    let mut out = Writer::new();
    let successes: Vec<&ResponseItem> = e.successes().collect();
    let _ = writeln!(out, "#[cfg(feature = \"mock\")]");
    out.impl_for("impl runtime::mock::Reply", request);
    let _ = writeln!(
        out,
        "    fn output(output: &Self::Output) -> runtime::mock::Answer {{"
    );
    if let [only] = successes.as_slice() {
        if only.body.is_none() {
            let _ = writeln!(out, "        let _ = output;");
        }
        let _ = writeln!(out, "        {}", answer(e, only, "output"));
    } else {
        let _ = writeln!(out, "        match output {{");
        for r in &successes {
            let a = answer(e, r, "b");
            match r.body {
                Some(_) => {
                    let _ = writeln!(out, "            {response}::{}(b) => {a},", r.variant);
                }
                None => {
                    let _ = writeln!(out, "            {response}::{} => {a},", r.variant);
                }
            }
        }
        let _ = writeln!(out, "        }}");
    }
    let _ = writeln!(out, "    }}");
    let mut arms: Vec<String> = e
        .errors()
        .filter(|r| r.body.is_some())
        .map(|r| format!("{error}::{}(b) => {},", r.variant, answer(e, r, "b")))
        .collect();
    for r in e.successes() {
        if let (Some(v), Some(_)) = (&r.error_variant, &r.body) {
            arms.push(format!("{error}::{v}(b) => {},", answer(e, r, "b")));
        }
    }
    if arms.is_empty() {
        // No error with a body: the error enum has no variants.
        let _ = writeln!(
            out,
            "    fn error(error: &Self::Error) -> runtime::mock::Answer {{"
        );
        let _ = writeln!(out, "        match *error {{}}");
    } else {
        let _ = writeln!(out, "    #[allow(unreachable_patterns)]");
        let _ = writeln!(
            out,
            "    fn error(error: &Self::Error) -> runtime::mock::Answer {{"
        );
        let _ = writeln!(out, "        match error {{");
        for a in arms {
            let _ = writeln!(out, "            {a}");
        }
        let _ = writeln!(out, "            _ => runtime::mock::Answer::empty(500),");
        let _ = writeln!(out, "        }}");
    }
    let _ = writeln!(out, "    }}");
    let _ = writeln!(out, "}}");
    if let Some(example) = example_impl(api, e) {
        out.push_str(&example);
    }
    out.finish()
}

/// `impl runtime::mock::Example` as text, or `None` when an input has no
/// example (a pattern none of the candidates matches).
fn example_impl(api: &Api, e: &EndpointItem) -> Option<String> {
    let (request, response, error) = (&e.request, &e.response, &e.error_enum);
    let mut fields = Vec::new();
    for p in &e.params {
        if p.required {
            // A list in the path holds at least one value.
            let mut c = p.constraints.clone();
            if p.location == ir::ParamIn::Path && matches!(p.ty, TypeRef::Array(_)) {
                c.measure = ir::Measure::Items;
                c.min_length = Some(c.min_length.unwrap_or(1).max(1));
            }
            let v = value(&p.ty, &example_json(api, &p.ty, Some(&c))?);
            fields.push(format!("{}: {v},", p.rust));
        } else {
            fields.push(format!("{}: None,", p.rust));
        }
    }
    if let Some(b) = &e.body {
        if b.required {
            let v = value(&b.ty, &example_json(api, &b.ty, None)?);
            fields.push(format!("body: {v},"));
        } else {
            fields.push("body: None,".to_owned());
        }
    }
    let successes: Vec<&ResponseItem> = e.successes().collect();
    let output = match successes.as_slice() {
        [only] => match &only.body {
            Some(t) => value(t, &example_json(api, t, None)?),
            None => "()".to_owned(),
        },
        _ => {
            let first = successes.first()?;
            match &first.body {
                Some(t) => format!(
                    "{response}::{}({})",
                    first.variant,
                    value(t, &example_json(api, t, None)?)
                ),
                None => format!("{response}::{}", first.variant),
            }
        }
    };
    let error_value = match e.errors().find(|r| r.body.is_some()) {
        Some(r) => {
            let t = r.body.as_ref()?;
            format!(
                "Some({error}::{}({}))",
                r.variant,
                value(t, &example_json(api, t, None)?)
            )
        }
        None => "None".to_owned(),
    };
    let mut out = Writer::new();
    let _ = writeln!(out, "#[cfg(feature = \"mock\")]");
    out.impl_for("impl runtime::mock::Example", request);
    let _ = writeln!(out, "    fn example() -> Self {{");
    if fields.is_empty() {
        let _ = writeln!(out, "        {request} {{}}");
    } else {
        let _ = writeln!(out, "        {request} {{");
        for f in fields {
            let _ = writeln!(out, "            {f}");
        }
        let _ = writeln!(out, "        }}");
    }
    let _ = writeln!(out, "    }}");
    if output == "()" {
        let _ = writeln!(out, "    #[allow(clippy::unused_unit)]");
    }
    let _ = writeln!(out, "    fn example_output() -> Self::Output {{");
    let _ = writeln!(out, "        {output}");
    let _ = writeln!(out, "    }}");
    let _ = writeln!(out, "    fn example_error() -> Option<Self::Error> {{");
    let _ = writeln!(out, "        {error_value}");
    let _ = writeln!(out, "    }}");
    let _ = writeln!(out, "}}");
    Some(out.finish())
}

/// The Rust value whose JSON is `json`, its type inferred from where it goes.
fn value(t: &TypeRef, json: &Value) -> String {
    if matches!(t, TypeRef::Prim(Prim::Bytes)) {
        // A raw body: bytes, not JSON.
        return "runtime::Bytes::from_static(b\"example\")".to_owned();
    }
    format!("runtime::mock::example({})", str_lit(&json.to_string()))
}

/// A string that meets `c`, if there is one among the candidates.
fn example_string(c: Option<&ir::Constraints>) -> Option<String> {
    let Some(c) = c else {
        return Some("x".to_owned());
    };
    let mut s = match &c.pattern {
        Some(p) => {
            let re = regex::Regex::new(p).ok()?;
            (*PATTERN_CANDIDATES.iter().find(|s| re.is_match(s))?).to_owned()
        }
        None => "x".to_owned(),
    };
    if let Some(min) = c.min_length {
        if min > MAX_EXAMPLE_LEN {
            return None;
        }
        let missing = (min as usize).saturating_sub(s.chars().count());
        s.push_str(&"x".repeat(missing));
    }
    if c.max_length
        .is_some_and(|max| (s.chars().count() as u64) > max)
    {
        return None;
    }
    Some(s)
}

/// A number that meets `c`.
fn example_number(c: Option<&ir::Constraints>, float: bool) -> Value {
    let mut n: f64 = 7.0;
    if let Some(c) = c {
        if let Some(min) = c.minimum {
            n = n.max(min.ceil());
        }
        if let Some(max) = c.maximum {
            n = n.min(max.floor());
        }
    }
    if float { json!(n) } else { json!(n as i64) }
}

/// A JSON example of `t` (see [`example_value`]), or `None` when its
/// constraints cannot be met or it is too large to be worth writing.
fn example_json(api: &Api, t: &TypeRef, c: Option<&ir::Constraints>) -> Option<Value> {
    let mut budget = MAX_EXAMPLE_VALUES;
    example_value(api, t, c, 0, &mut budget)
}

/// How many JSON values one example may hold: a spec whose required fields
/// nest wide and deep would otherwise ask for exponentially many.
const MAX_EXAMPLE_VALUES: usize = 4096;
/// The longest example string: a `min_length` beyond it gets no example (and
/// so no generated mock test), rather than megabytes of `x` in the source.
const MAX_EXAMPLE_LEN: u64 = 1024;

/// A JSON value of `t`: required fields only, each enum's first value.
fn example_value(
    api: &Api,
    t: &TypeRef,
    c: Option<&ir::Constraints>,
    depth: u32,
    budget: &mut usize,
) -> Option<Value> {
    if depth > 16 || *budget == 0 {
        return None;
    }
    *budget -= 1;
    Some(match t {
        TypeRef::Prim(p) => match p {
            Prim::String => json!(example_string(c)?),
            Prim::Bool => json!(true),
            Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64 => example_number(c, false),
            Prim::F32 | Prim::F64 => example_number(c, true),
            Prim::Json => json!({}),
            Prim::Bytes => json!(""),
            Prim::Date => json!("2026-01-01"),
            Prim::DateTime => json!("2026-01-01T00:00:00Z"),
        },
        // As many items as the limits ask for (none unless they do).
        TypeRef::Array(item) => {
            let n = c
                .filter(|c| c.measure == ir::Measure::Items)
                .and_then(|c| c.min_length)
                .unwrap_or(0);
            if n > 16 {
                return None;
            }
            let one = if n > 0 {
                example_value(api, item, None, depth + 1, budget)?
            } else {
                Value::Null
            };
            Value::Array(vec![one; n as usize])
        }
        TypeRef::Map(_) => json!({}),
        TypeRef::Named(n) => match &find_type(&api.types, n)?.kind {
            TypeKind::Struct(fields) => object(api, fields, depth, budget)?,
            TypeKind::StringEnum(vs) => json!(vs.first()?.value),
            TypeKind::IntEnum(vs) => json!(vs.first()?.value),
            TypeKind::Alias(t) => example_value(api, t, c, depth + 1, budget)?,
            TypeKind::Union { tag, members } => {
                let m = members.first()?;
                let mut v = match &m.ty {
                    Some(t) => example_value(api, t, None, depth + 1, budget)?,
                    None => json!({}),
                };
                if let (Some(tag), Some(value), Some(map)) = (tag, &m.tag_value, v.as_object_mut())
                {
                    map.insert(tag.clone(), json!(value));
                }
                v
            }
        },
    })
}

fn object(api: &Api, fields: &[FieldItem], depth: u32, budget: &mut usize) -> Option<Value> {
    let mut map = serde_json::Map::new();
    for f in fields.iter().filter(|f| !f.optional) {
        let v = match &f.constant {
            Some(c) => c.clone(),
            None if f.nullable => Value::Null,
            None => example_value(api, &f.ty, Some(&f.constraints), depth + 1, budget)?,
        };
        map.insert(f.wire.clone(), v);
    }
    Some(Value::Object(map))
}

/// The builder of the API's client with placeholder credentials for every
/// scheme and placeholder values for server variables.
fn placeholder_builder(api: &Api) -> String {
    let placeholder = |n: usize| vec!["\"mock\""; n].join(", ");
    let vars = api
        .servers
        .iter()
        .filter(|s| s.default)
        .flat_map(|s| s.variables.iter().filter(|v| v.default.is_none()))
        .count();
    let arity = |s: &ir::Scheme| match s.kind {
        ir::SchemeKind::Bearer | ir::SchemeKind::ApiKey { .. } => 1,
        _ => 2,
    };
    let builder_scheme = api.auth.builder_scheme();
    let n = vars + builder_scheme.map_or(0, arity);
    let mut out = format!("super::{}::builder({})", api.client, placeholder(n));
    for s in api
        .auth
        .schemes
        .iter()
        .filter(|s| builder_scheme.is_none_or(|b| b.wire != s.wire))
        .filter(|s| !matches!(s.kind, ir::SchemeKind::AllOf(_)))
    {
        let _ = write!(
            out,
            "\n            .credential(super::{}::{}({}))",
            api.credential_enum,
            s.wire,
            placeholder(arity(s))
        );
    }
    out
}

/// The mock's `expect_` method of an endpoint, at `indent` (that of an
/// `impl` block's items), under the endpoint's `cfg` unless it goes into the
/// file of its feature.
fn expect_method(w: &mut Writer, api: &Api, e: &EndpointItem, indent: &str) {
    let client = &api.client;
    w.docs(
        indent,
        &format!(
            "Expects a call of [`{client}::{m}`](super::{client}::{m}) with exactly `request`'s inputs; answer it with \
             [`respond`](runtime::mock::Expectation::respond), [`fail`](runtime::mock::Expectation::fail) or \
             [`respond_raw`](runtime::mock::Expectation::respond_raw).",
            m = e.method_name
        ),
    );
    if !super::in_feature_file(api, e) {
        w.push_str(&super::text::gate_attr(&e.gate, indent));
    }
    // In prettyplease's layout: a file of a feature is checked against it.
    w.signature(
        indent,
        &format!("pub fn expect_{}", e.method_name.trim_start_matches("r#")),
        &["&self".to_owned(), format!("request: super::{}", e.request)],
        &format!(" -> runtime::mock::Expectation<'_, super::{}>", e.request),
    );
    let _ = writeln!(w, "{indent}    self.0.expect(request)");
    let _ = writeln!(w, "{indent}}}");
}

/// An endpoint's `expect_` method in an `impl` block of its own, for the
/// file of the one feature that compiles it.
pub(super) fn expect_method_impl(api: &Api, e: &EndpointItem) -> String {
    let mut w = Writer::new();
    let _ = writeln!(w, "#[cfg(feature = \"mock\")]");
    let _ = writeln!(w, "impl super::mock::{} {{", mock_name(api));
    expect_method(&mut w, api, e, "    ");
    let _ = writeln!(w, "}}");
    w.finish()
}

/// The mock server type's name: `GitHubMock` for `GitHubClient`.
fn mock_name(api: &Api) -> String {
    format!("{}Mock", api.client.trim_end_matches("Client"))
}

/// The API's `mock` module, as text: the mock server type, one expectation
/// method per endpoint, and a test per endpoint with an example.
pub(super) fn mock_module(api: &Api) -> String {
    let client = &api.client;
    let mock = mock_name(api);
    let mut out = Writer::new();
    let w = &mut out;
    let _ = writeln!(w, "#[cfg(feature = \"mock\")]");
    let _ = writeln!(w, "pub mod mock {{");
    w.inner_docs(
        "    ",
        &format!(
            "Typed mocks of the {} for tests of code that uses [`{client}`] (cargo feature `mock`, for dev-dependencies).\n\n\
             [`{mock}`] is a real HTTP server on loopback: expect a call with the `expect_` method of its endpoint, \
             giving the request's typed inputs, and answer it with a typed response, a declared error, or any status \
             and body. Calls match on what the client sends for those inputs; credentials are not compared.",
            api.title
        ),
    );
    let _ = writeln!(w, "\n    use super::runtime;\n");
    w.docs(
        "    ",
        &format!("A loopback server answering as the {} would.", api.title),
    );
    let _ = writeln!(w, "    #[derive(Debug)]");
    let _ = writeln!(
        w,
        "    pub struct {mock}({}runtime::mock::MockServer<super::{client}>);\n",
        // The files of a grouped API's features add methods of their own.
        if api.groups.is_empty() {
            ""
        } else {
            "pub(crate) "
        }
    );
    let _ = writeln!(w, "    impl {mock} {{");
    let methods: [(&str, &str, &str); 6] = [
        (
            "Starts a server on a free loopback port.",
            "pub async fn start() -> Self",
            "Self(runtime::mock::MockServer::start().await)",
        ),
        (
            "Its base URL.",
            "pub fn uri(&self) -> String",
            "self.0.uri()",
        ),
        (
            "A client of this server, with placeholder credentials.",
            "pub fn client(&self) -> super::CLIENT",
            "self.builder().build().expect(\"a client of the mock server\")",
        ),
        (
            "A builder pointed at this server, with placeholder credentials.",
            "pub fn builder(&self) -> runtime::Builder<super::CLIENT>",
            "self.0.configure(builder())",
        ),
        (
            "The untyped server: counts per endpoint, verification.",
            "pub fn server(&self) -> &runtime::mock::MockServer<super::CLIENT>",
            "&self.0",
        ),
        (
            "How many requests it received.",
            "pub async fn calls(&self) -> usize",
            "self.0.calls().await",
        ),
    ];
    for (i, (d, sig, body)) in methods.into_iter().enumerate() {
        if i > 0 {
            w.push('\n');
        }
        let _ = writeln!(w, "        /// {d}");
        let _ = writeln!(w, "        {} {{", sig.replace("CLIENT", client));
        let _ = writeln!(w, "            {body}");
        let _ = writeln!(w, "        }}");
    }
    let _ = writeln!(
        w,
        "\n        /// Panics if an expectation given a number of calls was not met."
    );
    let _ = writeln!(w, "        pub async fn verify(&self) {{");
    let _ = writeln!(w, "            self.0.verify().await");
    let _ = writeln!(w, "        }}");
    for e in api
        .endpoints
        .iter()
        .filter(|e| !super::in_feature_file(api, e))
    {
        w.push('\n');
        expect_method(w, api, e, "        ");
    }
    let _ = writeln!(w, "    }}");
    let _ = writeln!(
        w,
        "    /// The client's builder with placeholder credentials for every scheme."
    );
    let _ = writeln!(
        w,
        "    pub fn builder() -> runtime::Builder<super::{client}> {{"
    );
    let _ = writeln!(w, "        {}", placeholder_builder(api));
    let _ = writeln!(w, "    }}");
    // Which endpoints have examples, on all cores: this module is one piece
    // of a crate that is otherwise rendered endpoint by endpoint.
    let tested: Vec<&EndpointItem> = api
        .endpoints
        .par_iter()
        .filter(|e| example_impl(api, e).is_some())
        .collect();
    if !tested.is_empty() {
        let _ = writeln!(
            w,
            "    /// Every endpoint with example inputs, through the mock and a client."
        );
        let _ = writeln!(w, "    #[cfg(test)]");
        let _ = writeln!(w, "    mod tests {{");
        let _ = writeln!(w, "        use super::runtime;");
        for e in tested {
            w.push('\n');
            w.push_str(&super::text::gate_attr(&e.gate, "        "));
            let _ = writeln!(w, "        #[tokio::test]");
            let _ = writeln!(w, "        async fn {}() {{", e.method_name);
            let _ = writeln!(
                w,
                "            runtime::mock::check_endpoint::<super::super::{client}, super::super::{}>(super::builder)\n                .await;",
                e.request
            );
            let _ = writeln!(w, "        }}");
        }
        let _ = writeln!(w, "    }}");
    }
    let _ = writeln!(w, "}}");
    out.finish()
}
