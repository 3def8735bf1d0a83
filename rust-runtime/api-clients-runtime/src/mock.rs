//! Typed mocks for tests of code that uses a client (cargo feature `mock`).
//!
//! A [`MockServer`] is a real HTTP server on loopback (wiremock) that answers
//! as the API would: expect a call with [`MockServer::expect`] (generated
//! crates add one method per endpoint), giving the request's typed inputs,
//! then answer it with a typed response ([`Expectation::respond`]), a declared
//! error ([`Expectation::fail`]) or any status and body
//! ([`Expectation::respond_raw`]). A call matches when it is what the client
//! sends for those inputs: method, path, query parameters, the endpoint's
//! headers and the body (JSON compared as values, so key order does not
//! matter). Credentials and `User-Agent` are not compared.

use std::fmt;
use std::marker::PhantomData;

use bytes::Bytes;
use http::HeaderMap;

use super::api::{ApiClient, Endpoint};
use super::builder::Builder;
use super::request::{Prepared, RequestParts};

/// A response the mock sends: status, body and its media type.
#[derive(Debug, Clone)]
pub struct Answer {
    status: u16,
    body: Option<(Vec<u8>, String)>,
}

impl Answer {
    /// A status without a body.
    pub fn empty(status: u16) -> Self {
        Answer { status, body: None }
    }
    /// A body serialized as JSON.
    pub fn json<T: serde::Serialize + ?Sized>(status: u16, content_type: &str, body: &T) -> Self {
        Answer {
            status,
            body: Some((
                serde_json::to_vec(body).unwrap_or_default(),
                content_type.to_owned(),
            )),
        }
    }
    /// A body serialized as form fields.
    pub fn form<T: serde::Serialize + ?Sized>(status: u16, content_type: &str, body: &T) -> Self {
        let mut parts = RequestParts::new(&FORM_ENCODER);
        parts.form(body);
        let bytes = parts
            .prepare("http://form.invalid")
            .ok()
            .and_then(|p| p.body)
            .map(|b| b.to_vec())
            .unwrap_or_default();
        Answer {
            status,
            body: Some((bytes, content_type.to_owned())),
        }
    }
    /// Text or bytes, as they are.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Answer {
            status,
            body: Some((body.into(), content_type.to_owned())),
        }
    }

    fn template(&self) -> wiremock::ResponseTemplate {
        let t = wiremock::ResponseTemplate::new(self.status);
        match &self.body {
            Some((bytes, media)) => t.set_body_raw(bytes.clone(), media.as_str()),
            None => t,
        }
    }
}

/// An operation only used to encode form bodies.
static FORM_ENCODER: super::api::Operation = super::api::Operation {
    name: "form",
    method: http::Method::POST,
    path: "/",
    idempotent: false,
    retry_after_fields: &[],
    content_type: Some("application/x-www-form-urlencoded"),
    accept: "*/*",
    auth: &[],
    auth_optional: true,
    headers: &[],
    sensitive_bodies: false,
    error_messages: &[],
};

/// How a mock answers for an endpoint: generated for every endpoint, from
/// the statuses and media types its spec declares.
pub trait Reply: Endpoint {
    /// The response that decodes into `output`.
    fn output(output: &Self::Output) -> Answer;
    /// The error response that decodes into `error`.
    fn error(error: &Self::Error) -> Answer;
}

/// Example inputs and outputs of an endpoint, generated for every endpoint:
/// values of the right shape for tests that do not care about the values.
pub trait Example: Endpoint + Sized {
    /// A request with every required input set.
    fn example() -> Self;
    /// A success the server could answer.
    fn example_output() -> Self::Output;
    /// A declared error with a body, when the endpoint has one.
    fn example_error() -> Option<Self::Error>;
}

/// The value whose JSON is `json`, for generated examples; panics (in a
/// test) naming the JSON when it does not decode.
pub fn example<T: serde::de::DeserializeOwned>(json: &str) -> T {
    match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => panic!("the example {json} does not decode: {e}"),
    }
}

/// A loopback server answering as the API of client `C` would.
pub struct MockServer<C> {
    server: wiremock::MockServer,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for MockServer<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .finish()
    }
}

impl<C: ApiClient> MockServer<C> {
    /// Starts a server on a free loopback port.
    pub async fn start() -> Self {
        MockServer {
            server: wiremock::MockServer::start().await,
            client: PhantomData,
        }
    }

    /// Its base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Points `builder` at this server (plain HTTP allowed).
    pub fn configure(&self, builder: Builder<C>) -> Builder<C> {
        builder.base_url(self.uri()).allow_insecure_http(true)
    }

    /// Expects calls of `R`'s endpoint with exactly these inputs.
    pub fn expect<R: Reply>(&self, request: R) -> Expectation<'_, R> {
        let mut parts = RequestParts::new(R::OPERATION);
        request.write(&mut parts);
        Expectation {
            server: &self.server,
            wire: parts.prepare(&self.uri()),
            times: None,
            request: PhantomData,
        }
    }

    /// How many requests the server received, matched or not.
    pub async fn calls(&self) -> usize {
        self.server.received_requests().await.map_or(0, |r| r.len())
    }

    /// How many requests were for `R`'s endpoint (its method and path
    /// template), whatever their inputs.
    pub async fn calls_to<R: Endpoint>(&self) -> usize {
        let op = R::OPERATION;
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .filter(|r| r.method == op.method && template_matches(op.path, r.url.path()))
            .count()
    }

    /// Panics, listing them, if an expectation given a number of
    /// [`times`](Expectation::times) was not met. Also checked when the
    /// server is dropped.
    pub async fn verify(&self) {
        self.server.verify().await;
    }
}

fn template_matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    // The base URL may carry a prefix: compare from the end.
    p.len() >= t.len()
        && t.iter()
            .rev()
            .zip(p.iter().rev())
            .all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p)
}

/// Checks the mock of `R`'s endpoint end to end, as generated crates do for
/// every endpoint: the example request, expected and answered with the
/// example output, reaches a client built from `builder` (the API's builder
/// with its credentials) as that output; answered with the example error, as
/// that error; answered with a raw status, as that status; each mock sees
/// exactly one call.
pub async fn check_endpoint<C, R>(builder: impl Fn() -> Builder<C>)
where
    C: ApiClient,
    R: Reply + Example,
    R::Output: PartialEq + fmt::Debug,
    R::Error: PartialEq + fmt::Debug,
{
    let name = R::OPERATION.name;
    let started = |mock: &MockServer<C>| {
        mock.configure(builder().retry_policy(super::RetryPolicy::none()))
            .build_client()
            .unwrap_or_else(|e| panic!("{name}: the client does not build: {e}"))
    };

    let mock = MockServer::<C>::start().await;
    mock.expect(R::example())
        .times(1)
        .respond(R::example_output())
        .await;
    let got = started(&mock).send(R::example()).await;
    match got {
        Ok(response) => assert_eq!(response.into_body(), R::example_output(), "{name}"),
        Err(e) => panic!("{name}: the example output did not arrive: {e}"),
    }
    assert_eq!(mock.calls_to::<R>().await, 1, "{name}");
    mock.verify().await;

    if let Some(error) = R::example_error() {
        let mock = MockServer::<C>::start().await;
        mock.expect(R::example()).times(1).fail(error).await;
        match started(&mock).send(R::example()).await {
            Err(super::Error::Api(e)) => {
                assert_eq!(e.typed(), R::example_error().as_ref(), "{name}")
            }
            other => panic!("{name}: expected the example error, got {other:?}"),
        }
        mock.verify().await;
    }

    let mock = MockServer::<C>::start().await;
    mock.expect(R::example())
        .times(1)
        .respond_raw(599, "text/plain", "raw")
        .await;
    let err = started(&mock).send(R::example()).await.err();
    assert_eq!(
        err.and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(599),
        "{name}"
    );
    mock.verify().await;
}

/// Calls expected by [`MockServer::expect`]; mounted by one of the answers.
pub struct Expectation<'a, R> {
    server: &'a wiremock::MockServer,
    wire: Result<Prepared, String>,
    times: Option<u64>,
    request: PhantomData<fn() -> R>,
}

impl<R: Reply> Expectation<'_, R> {
    /// Expects exactly `n` such calls, checked by [`MockServer::verify`] and
    /// when the server is dropped (by default: any number).
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Answers with the success that decodes into `output`.
    pub async fn respond(self, output: R::Output) {
        let answer = R::output(&output);
        self.mount(answer).await;
    }

    /// Answers with the declared error that decodes into `error`.
    pub async fn fail(self, error: R::Error) {
        let answer = R::error(&error);
        self.mount(answer).await;
    }

    /// Answers with any status and body (an undeclared error, a proxy's page).
    pub async fn respond_raw(self, status: u16, content_type: &str, body: impl Into<Vec<u8>>) {
        self.mount(Answer::raw(status, content_type, body)).await;
    }

    /// Answers with a status and no body.
    pub async fn respond_empty(self, status: u16) {
        self.mount(Answer::empty(status)).await;
    }

    async fn mount(self, answer: Answer) {
        let wire = match self.wire {
            Ok(w) => w,
            Err(reason) => panic!(
                "{}: the expected request is not valid: {reason}",
                R::OPERATION.name
            ),
        };
        let mut mock = wiremock::Mock::given(Wire::new(&R::OPERATION.method, &wire))
            .respond_with(answer.template())
            .named(R::OPERATION.name);
        if let Some(n) = self.times {
            mock = mock.expect(n);
        }
        mock.mount(self.server).await;
    }
}

/// Matches the request a client sends for given inputs.
struct Wire {
    method: http::Method,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<Body>,
}

enum Body {
    Json(serde_json::Value),
    Bytes(Bytes),
}

impl Wire {
    fn new(method: &http::Method, p: &Prepared) -> Self {
        let mut headers = p.headers.clone();
        headers.remove(http::header::ACCEPT);
        headers.remove(http::header::CONTENT_TYPE);
        let json = p
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("json"));
        Wire {
            method: method.clone(),
            path: p.url.path().to_owned(),
            query: p.url.query_pairs().into_owned().collect(),
            headers,
            body: p.body.as_ref().map(|b| match serde_json::from_slice(b) {
                Ok(v) if json => Body::Json(v),
                _ => Body::Bytes(b.clone()),
            }),
        }
    }
}

impl wiremock::Match for Wire {
    fn matches(&self, request: &wiremock::Request) -> bool {
        if request.method != self.method || request.url.path() != self.path {
            return false;
        }
        // Every expected query pair, and no other but a credential's (an API
        // key in the query, which the expectation does not know).
        let got: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        if !self.query.iter().all(|q| got.contains(q)) || got.len() > self.query.len() + 1 {
            return false;
        }
        let headers_match = self.headers.iter().all(|(name, value)| {
            name == http::header::USER_AGENT || request.headers.get(name) == Some(value)
        });
        if !headers_match {
            return false;
        }
        match &self.body {
            None => request.body.is_empty(),
            Some(Body::Json(v)) => serde_json::from_slice::<serde_json::Value>(&request.body)
                .is_ok_and(|got| &got == v),
            Some(Body::Bytes(b)) => request.body == b.as_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{
        CreateItem, FakeClient, FakeCredential, FakeServer, GetItem, GetItemError, Item, Problem,
    };
    use crate::{Error, RetryPolicy};

    impl Reply for GetItem {
        fn output(output: &Item) -> Answer {
            Answer::json(
                200,
                "application/json",
                &serde_json::json!({"id": output.id, "name": output.name}),
            )
        }
        fn error(error: &GetItemError) -> Answer {
            match error {
                GetItemError::NotFound(p) => Answer::json(
                    404,
                    "application/json",
                    &serde_json::json!({"detail": p.detail}),
                ),
            }
        }
    }

    impl Reply for CreateItem {
        fn output(output: &Item) -> Answer {
            Answer::json(
                201,
                "application/json",
                &serde_json::json!({"id": output.id, "name": output.name}),
            )
        }
        fn error(error: &Self::Error) -> Answer {
            match *error {}
        }
    }

    fn anvil() -> Item {
        Item {
            id: "a".into(),
            name: "Anvil".into(),
        }
    }

    async fn client(mock: &MockServer<FakeClient>) -> FakeClient {
        mock.configure(
            Builder::<FakeClient>::new(FakeServer::Production)
                .credential(FakeCredential::Token("t".into()))
                .retry_policy(RetryPolicy::none()),
        )
        .build()
        .expect("client")
    }

    #[tokio::test]
    async fn a_call_with_the_expected_inputs_gets_the_typed_answer() {
        let mock = MockServer::<FakeClient>::start().await;
        let get = |id: &str| GetItem {
            id: id.into(),
            verbose: Some(true),
            trace: Some("t-1".into()),
        };
        mock.expect(get("a")).times(1).respond(anvil()).await;
        mock.expect(get("b"))
            .fail(GetItemError::NotFound(Problem {
                detail: "gone".into(),
            }))
            .await;
        let c = client(&mock).await.0;
        assert_eq!(
            c.send(get("a")).await.expect("typed answer").into_body(),
            anvil()
        );
        match c.send(get("b")).await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status(), 404);
                assert_eq!(
                    e.typed(),
                    Some(&GetItemError::NotFound(Problem {
                        detail: "gone".into()
                    }))
                );
            }
            other => panic!("{other:?}"),
        }
        // Other inputs match nothing: wiremock answers 404 without a body.
        let other = GetItem {
            id: "a".into(),
            verbose: Some(false),
            trace: Some("t-1".into()),
        };
        assert!(c.send(other).await.is_err());
        assert_eq!(mock.calls().await, 3);
        assert_eq!(mock.calls_to::<GetItem>().await, 3);
        assert_eq!(mock.calls_to::<CreateItem>().await, 0);
        mock.verify().await;
    }

    #[tokio::test]
    async fn bodies_match_as_json_values_and_raw_answers_pass_through() {
        let mock = MockServer::<FakeClient>::start().await;
        mock.expect(CreateItem { body: anvil() })
            .respond(anvil())
            .await;
        let c = client(&mock).await.0;
        assert_eq!(
            c.send(CreateItem { body: anvil() })
                .await
                .expect("created")
                .into_body(),
            anvil()
        );
        let other = Item {
            id: "b".into(),
            name: "Bolt".into(),
        };
        assert!(
            c.send(CreateItem {
                body: other.clone()
            })
            .await
            .is_err()
        );
        mock.expect(CreateItem {
            body: other.clone(),
        })
        .respond_raw(502, "text/html", "<html>proxy</html>")
        .await;
        let err = c.send(CreateItem { body: other }).await.expect_err("raw");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    }

    impl Example for GetItem {
        fn example() -> Self {
            GetItem {
                id: "x".into(),
                ..GetItem::default()
            }
        }
        fn example_output() -> Item {
            anvil()
        }
        fn example_error() -> Option<GetItemError> {
            Some(GetItemError::NotFound(Problem {
                detail: "gone".into(),
            }))
        }
    }

    #[tokio::test]
    async fn check_endpoint_runs_the_three_answers() {
        check_endpoint::<FakeClient, GetItem>(|| {
            Builder::<FakeClient>::new(FakeServer::Production)
                .credential(FakeCredential::Token("t".into()))
        })
        .await;
    }

    #[tokio::test]
    #[should_panic(expected = "get_item: the client does not build")]
    async fn check_endpoint_says_what_went_wrong() {
        // No credential for an endpoint that needs one would fail later; a
        // bad one fails at build.
        check_endpoint::<FakeClient, GetItem>(|| {
            Builder::<FakeClient>::new(FakeServer::Production)
                .credential(FakeCredential::Token("bad\nvalue".into()))
        })
        .await;
    }

    #[tokio::test]
    #[should_panic(expected = "Verifications failed")]
    async fn a_missed_expected_count_fails_verification() {
        let mock = MockServer::<FakeClient>::start().await;
        mock.expect(GetItem {
            id: "a".into(),
            ..GetItem::default()
        })
        .times(2)
        .respond(anvil())
        .await;
        let c = client(&mock).await.0;
        c.send(GetItem {
            id: "a".into(),
            ..GetItem::default()
        })
        .await
        .expect("once");
        mock.verify().await;
    }
}
