//! Typed mocks (cargo feature `mock` of each generated crate): for every
//! endpoint, how a mock answers each of its outcomes (`runtime::mock::Reply`)
//! and example values of its inputs and outcomes (`runtime::mock::Example`),
//! and per API a `mock` module with one expectation method per endpoint and a
//! test per endpoint that runs the mock end to end.
//!
//! Everything here is behind `#[cfg(feature = "mock")]`: a crate built
//! without the feature never type-checks it.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::{Value, json};

use super::{doc, id, ty};
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
fn answer(e: &EndpointItem, r: &ResponseItem, b: TokenStream) -> TokenStream {
    let status = Literal::u16_unsuffixed(status_of(e, r));
    let ct = &r.content_type;
    match (&r.body, r.media) {
        (None, _) => quote!(runtime::mock::Answer::empty(#status)),
        (Some(_), Media::Json) => quote!(runtime::mock::Answer::json(#status, #ct, #b)),
        (Some(_), Media::Form) => quote!(runtime::mock::Answer::form(#status, #ct, #b)),
        (Some(_), Media::Text) => quote!(runtime::mock::Answer::raw(#status, #ct, #b.clone())),
        (Some(_), Media::Bytes) => quote!(runtime::mock::Answer::raw(#status, #ct, #b.to_vec())),
    }
}

/// `impl runtime::mock::Reply` and, when every input has an example,
/// `impl runtime::mock::Example` for the endpoint.
pub(super) fn endpoint_mock(api: &Api, e: &EndpointItem) -> TokenStream {
    let request = id(&e.request);
    let response = id(&e.response);
    let error = id(&e.error_enum);
    let successes: Vec<&ResponseItem> = e.successes().collect();
    let output = if let [only] = successes.as_slice() {
        let a = answer(e, only, quote!(output));
        match only.body {
            Some(_) => a,
            None => quote!({ let _ = output; #a }),
        }
    } else {
        let arms = successes.iter().map(|r| {
            let v = id(&r.variant);
            let a = answer(e, r, quote!(b));
            match r.body {
                Some(_) => quote!(#response::#v(b) => #a),
                None => quote!(#response::#v => #a),
            }
        });
        quote!(match output { #(#arms,)* })
    };
    let mut error_arms: Vec<TokenStream> = e
        .errors()
        .filter(|r| r.body.is_some())
        .map(|r| {
            let v = id(&r.variant);
            let a = answer(e, r, quote!(b));
            quote!(#error::#v(b) => #a)
        })
        .collect();
    for r in e.successes() {
        if let (Some(v), Some(_)) = (&r.error_variant, &r.body) {
            let v = id(v);
            let a = answer(e, r, quote!(b));
            error_arms.push(quote!(#error::#v(b) => #a));
        }
    }
    // No error with a body: the error enum has no variants.
    let error_fn = if error_arms.is_empty() {
        quote! {
            fn error(error: &Self::Error) -> runtime::mock::Answer {
                match *error {}
            }
        }
    } else {
        quote! {
            #[allow(unreachable_patterns)]
            fn error(error: &Self::Error) -> runtime::mock::Answer {
                match error {
                    #(#error_arms,)*
                    _ => runtime::mock::Answer::empty(500),
                }
            }
        }
    };
    let reply = quote! {
        #[cfg(feature = "mock")]
        impl runtime::mock::Reply for #request {
            fn output(output: &Self::Output) -> runtime::mock::Answer {
                #output
            }
            #error_fn
        }
    };
    let Some(example) = example_impl(api, e) else {
        return reply;
    };
    quote!(#reply #example)
}

/// `impl runtime::mock::Example`, or `None` when an input has no example
/// (a pattern none of the candidates matches).
fn example_impl(api: &Api, e: &EndpointItem) -> Option<TokenStream> {
    let request = id(&e.request);
    let response = id(&e.response);
    let error = id(&e.error_enum);
    let mut fields = Vec::new();
    for p in &e.params {
        let f = id(&p.rust);
        if p.required {
            let v = value(&p.ty, &example_json(api, &p.ty, Some(&p.constraints), 0)?);
            fields.push(quote!(#f: #v));
        } else {
            fields.push(quote!(#f: None));
        }
    }
    if let Some(b) = &e.body {
        if b.required {
            let v = value(&b.ty, &example_json(api, &b.ty, None, 0)?);
            fields.push(quote!(body: #v));
        } else {
            fields.push(quote!(body: None));
        }
    }
    let successes: Vec<&ResponseItem> = e.successes().collect();
    let output = match successes.as_slice() {
        [only] => match &only.body {
            Some(t) => value(t, &example_json(api, t, None, 0)?),
            None => quote!(
                #[allow(clippy::unused_unit)]
                ()
            ),
        },
        _ => {
            let first = successes.first()?;
            let v = id(&first.variant);
            match &first.body {
                Some(t) => {
                    let b = value(t, &example_json(api, t, None, 0)?);
                    quote!(#response::#v(#b))
                }
                None => quote!(#response::#v),
            }
        }
    };
    let error_value = match e.errors().find(|r| r.body.is_some()) {
        Some(r) => {
            let v = id(&r.variant);
            let t = r.body.as_ref()?;
            let b = value(t, &example_json(api, t, None, 0)?);
            quote!(Some(#error::#v(#b)))
        }
        None => quote!(None),
    };
    Some(quote! {
        #[cfg(feature = "mock")]
        impl runtime::mock::Example for #request {
            fn example() -> Self {
                #request { #(#fields,)* }
            }
            fn example_output() -> Self::Output {
                #output
            }
            fn example_error() -> Option<Self::Error> {
                #error_value
            }
        }
    })
}

/// The Rust value of type `t` whose JSON is `json`.
fn value(t: &TypeRef, json: &Value) -> TokenStream {
    if matches!(t, TypeRef::Prim(Prim::Bytes)) {
        // A raw body: bytes, not JSON.
        return quote!(runtime::Bytes::from_static(b"example"));
    }
    let t = ty(t);
    let text = json.to_string();
    quote!(::serde_json::from_str::<#t>(#text).expect("the example decodes"))
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
        while (s.chars().count() as u64) < min {
            s.push('x');
        }
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

/// A JSON value of `t`: required fields only, each enum's first value.
fn example_json(api: &Api, t: &TypeRef, c: Option<&ir::Constraints>, depth: u32) -> Option<Value> {
    if depth > 16 {
        return None;
    }
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
        TypeRef::Array(_) => json!([]),
        TypeRef::Map(_) => json!({}),
        TypeRef::Named(n) => match &find_type(&api.types, n)?.kind {
            TypeKind::Struct(fields) => object(api, fields, depth)?,
            TypeKind::StringEnum(vs) => json!(vs.first()?.value),
            TypeKind::IntEnum(vs) => json!(vs.first()?.value),
            TypeKind::Alias(t) => example_json(api, t, c, depth + 1)?,
            TypeKind::Union { tag, members } => {
                let m = members.first()?;
                let mut v = match &m.ty {
                    Some(t) => example_json(api, t, None, depth + 1)?,
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

fn object(api: &Api, fields: &[FieldItem], depth: u32) -> Option<Value> {
    let mut map = serde_json::Map::new();
    for f in fields.iter().filter(|f| !f.optional) {
        let v = match &f.constant {
            Some(c) => c.clone(),
            None if f.nullable => Value::Null,
            None => example_json(api, &f.ty, Some(&f.constraints), depth + 1)?,
        };
        map.insert(f.wire.clone(), v);
    }
    Some(Value::Object(map))
}

/// The builder of the API's client with placeholder credentials for every
/// scheme and placeholder values for server variables.
fn placeholder_builder(api: &Api) -> TokenStream {
    let client = id(&api.client);
    let placeholder = |n: usize| (0..n).map(|_| quote!("mock")).collect::<Vec<_>>();
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
    let mut args = placeholder(vars);
    if let Some(s) = builder_scheme {
        args.extend(placeholder(arity(s)));
    }
    let credential = id(&api.credential_enum);
    let others = api
        .auth
        .schemes
        .iter()
        .filter(|s| builder_scheme.is_none_or(|b| b.wire != s.wire))
        .map(|s| {
            let ctor = id(&s.wire);
            let a = placeholder(arity(s));
            quote!(.credential(super::#credential::#ctor(#(#a),*)))
        });
    quote!(super::#client::builder(#(#args),*) #(#others)*)
}

/// The API's `mock` module: the mock server type, one expectation method per
/// endpoint, and a test per endpoint with an example.
pub(super) fn mock_module(api: &Api) -> TokenStream {
    let client = id(&api.client);
    let mock = id(&format!("{}Mock", api.client.trim_end_matches("Client")));
    let module_doc = super::inner_doc(&format!(
        "Typed mocks of the {} for tests of code that uses [`{}`] (cargo feature `mock`, for dev-dependencies).\n\n\
         [`{mock}`] is a real HTTP server on loopback: expect a call with the `expect_` method of its endpoint, \
         giving the request's typed inputs, and answer it with a typed response, a declared error, or any status \
         and body. Calls match on what the client sends for those inputs; credentials are not compared.",
        api.title, api.client
    ));
    let builder = placeholder_builder(api);
    let methods = api.endpoints.iter().map(|e| {
        let m = id(&format!("expect_{}", e.method_name.trim_start_matches("r#")));
        let request = id(&e.request);
        let d = doc(&format!(
            "Expects a call of [`{}::{}`](super::{}::{}) with exactly `request`'s inputs; answer it with \
             [`respond`](runtime::mock::Expectation::respond), [`fail`](runtime::mock::Expectation::fail) or \
             [`respond_raw`](runtime::mock::Expectation::respond_raw).",
            api.client, e.method_name, api.client, e.method_name
        ));
        quote! {
            #d
            pub fn #m(&self, request: super::#request) -> runtime::mock::Expectation<'_, super::#request> {
                self.0.expect(request)
            }
        }
    });
    let tests: Vec<TokenStream> = api
        .endpoints
        .iter()
        .filter(|e| example_impl(api, e).is_some())
        .map(|e| {
            let name = id(&e.method_name);
            let request = id(&e.request);
            quote! {
                #[tokio::test]
                async fn #name() {
                    runtime::mock::check_endpoint::<super::super::#client, super::super::#request>(super::builder).await;
                }
            }
        })
        .collect();
    let tests = (!tests.is_empty()).then(|| {
        quote! {
            /// Every endpoint with example inputs, through the mock and a client.
            #[cfg(test)]
            mod tests {
                use super::runtime;
                #(#tests)*
            }
        }
    });
    let mock_doc = doc(&format!(
        "A loopback server answering as the {} would.",
        api.title
    ));
    quote! {
        #[cfg(feature = "mock")]
        pub mod mock {
            #module_doc

            use super::runtime;

            #mock_doc
            #[derive(Debug)]
            pub struct #mock(runtime::mock::MockServer<super::#client>);

            impl #mock {
                /// Starts a server on a free loopback port.
                pub async fn start() -> Self {
                    Self(runtime::mock::MockServer::start().await)
                }
                /// Its base URL.
                pub fn uri(&self) -> String {
                    self.0.uri()
                }
                /// A client of this server, with placeholder credentials.
                pub fn client(&self) -> super::#client {
                    self.builder().build().expect("a client of the mock server")
                }
                /// A builder pointed at this server, with placeholder credentials.
                pub fn builder(&self) -> runtime::Builder<super::#client> {
                    self.0.configure(builder())
                }
                /// The untyped server: counts per endpoint, verification.
                pub fn server(&self) -> &runtime::mock::MockServer<super::#client> {
                    &self.0
                }
                /// How many requests it received.
                pub async fn calls(&self) -> usize {
                    self.0.calls().await
                }
                /// Panics if an expectation given a number of calls was not met.
                pub async fn verify(&self) {
                    self.0.verify().await
                }
                #(#methods)*
            }

            /// The client's builder with placeholder credentials for every scheme.
            pub fn builder() -> runtime::Builder<super::#client> {
                #builder
            }

            #tests
        }
    }
}
