//! Tracing, hooks and credential providers, end to end against a loopback
//! server: what a team running clients in production relies on.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::HeaderValue;
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::hooks::{AttemptOutcome, CallInfo, Hook, OutgoingRequest};
use super::provider::{BoxError, BoxFuture, CredentialProvider, CredentialRequest};
use super::test_support::{CreateItem, FakeClient, FakeCredential, FakeServer, GetItem, Item};
use super::{Builder, Credential, Error, RetryPolicy, SchemeCredential};

const TOKEN: &str = "tok-SECRET-123";

fn builder(server: &MockServer) -> Builder<FakeClient> {
    Builder::<FakeClient>::new(FakeServer::Production)
        .base_url(format!("{}/2.0/", server.uri()))
        .allow_insecure_http(true)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(5)),
        )
}

async fn answers(server: &MockServer, first: ResponseTemplate, then: ResponseTemplate) {
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(any()).respond_with(then).mount(server).await;
}

fn item() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"id": "a", "name": "Anvil"}))
}

type Entry = (std::thread::ThreadId, String, Vec<(String, String)>);

/// Every span and event with every field, as text, with the thread it was
/// recorded on: tests run in parallel, each call of a test on its thread.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<Entry>>>);

impl Captured {
    fn push(&self, name: String, fields: Vec<(String, String)>) {
        let thread = std::thread::current().id();
        self.0.lock().expect("lock").push((thread, name, fields));
    }
    /// What this thread recorded.
    fn all(&self) -> Vec<(String, Vec<(String, String)>)> {
        let thread = std::thread::current().id();
        self.0
            .lock()
            .expect("lock")
            .iter()
            .filter(|(t, _, _)| *t == thread)
            .map(|(_, n, f)| (n.clone(), f.clone()))
            .collect()
    }
    fn span(&self) -> Vec<(String, String)> {
        self.all()
            .into_iter()
            .filter(|(name, _)| name == "span api_call")
            .flat_map(|(_, f)| f)
            .collect()
    }
    fn field(&self, name: &str) -> Option<String> {
        self.span()
            .into_iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Captured {
    fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        let mut fields = Vec::new();
        attrs.record(&mut Fields(&mut fields));
        self.push(format!("span {}", attrs.metadata().name()), fields);
    }
    fn on_record(&self, _: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut fields = Vec::new();
        values.record(&mut Fields(&mut fields));
        self.push("span api_call".to_owned(), fields);
    }
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.push(format!("event {}", event.metadata().level()), fields);
    }
}

/// The process-wide capture. A global subscriber, not a scoped one: tracing
/// caches per call site whether anyone listens, and a call site first hit by
/// another test's thread without a subscriber would stay silent here.
fn capture() -> Captured {
    static CAPTURED: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            let subscriber = tracing_subscriber::registry().with(captured.clone());
            tracing::subscriber::set_global_default(subscriber)
                .expect("the only global subscriber");
            captured
        })
        .clone()
}

#[tokio::test(flavor = "current_thread")]
async fn a_call_is_a_span_with_the_conventions_fields_and_never_a_secret() {
    let captured = capture();
    let server = MockServer::start().await;
    answers(&server, ResponseTemplate::new(503), item()).await;
    let client = builder(&server)
        .credential(FakeCredential::Token(TOKEN.into()))
        .build()
        .expect("client")
        .0;
    let request = GetItem {
        id: "id-SECRET-7".into(),
        verbose: Some(true),
        trace: Some("trace-SECRET".into()),
    };
    client.send(request).await.expect("retried to success");

    assert_eq!(
        captured.field("otel.name").as_deref(),
        Some("fake get_item")
    );
    assert_eq!(captured.field("otel.kind").as_deref(), Some("client"));
    assert_eq!(captured.field("operation").as_deref(), Some("get_item"));
    assert_eq!(
        captured.field("http.request.method").as_deref(),
        Some("GET")
    );
    assert_eq!(
        captured.field("url.template").as_deref(),
        Some("/items/{id}")
    );
    assert_eq!(
        captured.field("server.address").as_deref(),
        Some("127.0.0.1")
    );
    assert!(captured.field("server.port").is_some());
    assert_eq!(
        captured.field("http.response.status_code").as_deref(),
        Some("200")
    );
    assert_eq!(
        captured.field("http.request.resend_count").as_deref(),
        Some("1")
    );
    assert!(captured.field("duration_ms").is_some());
    assert_eq!(captured.field("error.type"), None);
    let events = captured.all();
    let attempts = events
        .iter()
        .filter(|(n, f)| n.starts_with("event") && f.iter().any(|(_, v)| v == "attempt"))
        .count();
    assert_eq!(attempts, 2, "{events:#?}");
    assert!(
        events
            .iter()
            .any(|(n, f)| n == "event INFO"
                && f.iter().any(|(k, v)| k == "wait_ms" && !v.is_empty())),
        "the retry is an event: {events:#?}"
    );
    // A body with a secret, and a key in the query: neither is recorded.
    let body = Item {
        id: "a".into(),
        name: "name-SECRET".into(),
    };
    let _ = client.send(CreateItem { body }).await;
    let printed = format!("{:?}", captured.all());
    assert!(printed.contains("create_item"), "{printed}");
    assert!(!printed.contains("SECRET"), "{printed}");

    // An error response: its status is the error type.
    let server = MockServer::start().await;
    answers(
        &server,
        ResponseTemplate::new(404).set_body_json(json!({"detail": "gone SECRET"})),
        item(),
    )
    .await;
    let client = builder(&server)
        .credential(FakeCredential::Token(TOKEN.into()))
        .build()
        .expect("client")
        .0;
    let err = client
        .send(GetItem {
            id: "x".into(),
            ..GetItem::default()
        })
        .await
        .expect_err("404");
    assert_eq!(err.kind(), "api");
    assert_eq!(captured.field("error.type").as_deref(), Some("404"));
    assert!(!format!("{:?}", captured.all()).contains("SECRET"));
}

#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<String>>,
}

struct Sign(Arc<Recorder>);

impl Hook for Sign {
    fn before_attempt(&self, call: &CallInfo, request: &mut OutgoingRequest<'_>) {
        // A signature over the method, the path and the body.
        let signed = format!(
            "{} {} {}",
            request.method(),
            request.url().path(),
            request.body().map_or(0, <[u8]>::len)
        );
        request.headers_mut().insert(
            "x-signature",
            HeaderValue::from_str(&signed).expect("header"),
        );
        self.0.seen.lock().expect("lock").push(format!(
            "before {} {} attempt {}",
            call.operation(),
            call.path_template(),
            call.attempt()
        ));
    }
    fn after_attempt(&self, call: &CallInfo, outcome: &AttemptOutcome<'_>) {
        self.0.seen.lock().expect("lock").push(format!(
            "after {} attempt {} status {:?} has headers {}",
            call.api(),
            call.attempt(),
            outcome.status().map(|s| s.as_u16()),
            outcome.headers().is_some()
        ));
    }
}

#[tokio::test]
async fn hooks_run_around_every_attempt_and_can_sign_the_request() {
    let server = MockServer::start().await;
    answers(&server, ResponseTemplate::new(503), item()).await;
    let recorder = Arc::new(Recorder::default());
    let client = builder(&server)
        .credential(FakeCredential::Token(TOKEN.into()))
        .hook(Sign(recorder.clone()))
        .build()
        .expect("client")
        .0;
    let clone = client.clone();
    clone
        .send(GetItem {
            id: "a".into(),
            ..GetItem::default()
        })
        .await
        .expect("ok");
    assert_eq!(
        *recorder.seen.lock().expect("lock"),
        [
            "before get_item /items/{id} attempt 1",
            "after fake attempt 1 status Some(503) has headers true",
            "before get_item /items/{id} attempt 2",
            "after fake attempt 2 status Some(200) has headers true",
        ]
    );
    let requests = server.received_requests().await.expect("recorded");
    for r in &requests {
        assert_eq!(
            r.headers.get("x-signature").and_then(|v| v.to_str().ok()),
            Some("GET /2.0/items/a 0")
        );
    }
}

/// Hands out `token-N`, N counting refreshes; records what it was asked.
#[derive(Default)]
struct Rotating {
    refreshes: AtomicU32,
    asked: Mutex<Vec<String>>,
}

impl CredentialProvider for Arc<Rotating> {
    fn credential(
        &self,
        call: &CredentialRequest,
    ) -> BoxFuture<'_, Result<Option<SchemeCredential>, BoxError>> {
        self.asked
            .lock()
            .expect("lock")
            .push(format!("{} {:?}", call.operation(), call.schemes()));
        let n = self.refreshes.load(Ordering::SeqCst);
        Box::pin(async move {
            Ok(Some(SchemeCredential::new(
                "token",
                Credential::Token(format!("token-{n}").into()),
            )))
        })
    }
    fn unauthorized(&self, scheme: &'static str) -> BoxFuture<'_, ()> {
        assert_eq!(scheme, "token");
        Box::pin(async move {
            self.refreshes.fetch_add(1, Ordering::SeqCst);
        })
    }
}

#[tokio::test]
async fn a_provider_is_asked_each_attempt_and_refreshes_once_after_a_401() {
    let server = MockServer::start().await;
    answers(
        &server,
        ResponseTemplate::new(401),
        ResponseTemplate::new(201).set_body_json(json!({"id": "a", "name": "Anvil"})),
    )
    .await;
    let provider = Arc::new(Rotating::default());
    let client = builder(&server)
        .credential_provider(provider.clone())
        .build()
        .expect("client")
        .0;
    let body = Item {
        id: "a".into(),
        name: "Anvil".into(),
    };
    // Not idempotent, yet sent again: a 401 means it had no effect.
    let created = client.send(CreateItem { body }).await.expect("refreshed");
    assert_eq!(created.body().name, "Anvil");
    let requests = server.received_requests().await.expect("recorded");
    let auth: Vec<&str> = requests
        .iter()
        .map(|r| {
            r.headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
        })
        .collect();
    assert_eq!(auth, ["Bearer token-0", "Bearer token-1"]);
    assert_eq!(provider.asked.lock().expect("lock").len(), 2);
    assert_eq!(
        provider.asked.lock().expect("lock")[0],
        "create_item [\"token\", \"key\"]"
    );

    // Only once: a second 401 is the answer, and a clone shares the provider.
    let server2 = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401))
        .mount(&server2)
        .await;
    let client = builder(&server2)
        .credential_provider(provider.clone())
        .build()
        .expect("client")
        .0
        .clone();
    let err = client
        .send(GetItem {
            id: "a".into(),
            ..GetItem::default()
        })
        .await
        .expect_err("still 401");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        server2.received_requests().await.expect("recorded").len(),
        2
    );
    assert_eq!(provider.refreshes.load(Ordering::SeqCst), 2);
}

struct Failing;

impl CredentialProvider for Failing {
    fn credential(
        &self,
        _: &CredentialRequest,
    ) -> BoxFuture<'_, Result<Option<SchemeCredential>, BoxError>> {
        Box::pin(async { Err("the vault is sealed".into()) })
    }
}

struct WrongScheme;

impl CredentialProvider for WrongScheme {
    fn credential(
        &self,
        _: &CredentialRequest,
    ) -> BoxFuture<'_, Result<Option<SchemeCredential>, BoxError>> {
        Box::pin(async {
            Ok(Some(SchemeCredential::new(
                "other",
                Credential::Token("x".into()),
            )))
        })
    }
}

#[tokio::test]
async fn a_failing_provider_or_a_fixed_credential() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(item()).mount(&server).await;
    let get = || GetItem {
        id: "a".into(),
        ..GetItem::default()
    };
    let err = builder(&server)
        .credential_provider(Failing)
        .build()
        .expect("client")
        .0
        .send(get())
        .await
        .expect_err("no credential");
    assert!(matches!(err, Error::Credential { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "get_item: no usable credential: the vault is sealed"
    );
    let err = builder(&server)
        .credential_provider(WrongScheme)
        .build()
        .expect("client")
        .0
        .send(get())
        .await
        .expect_err("wrong scheme");
    assert!(
        err.to_string()
            .contains("`other`, which get_item does not accept"),
        "{err}"
    );
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );

    // A fixed credential takes precedence: the provider is not asked.
    builder(&server)
        .credential(FakeCredential::Token(TOKEN.into()))
        .credential_provider(Failing)
        .build()
        .expect("client")
        .0
        .send(get())
        .await
        .expect("fixed credential");
}

/// Gives only the key, whatever it is asked for.
struct KeyOnly(Arc<Mutex<Vec<String>>>);

impl CredentialProvider for KeyOnly {
    fn credential(
        &self,
        call: &CredentialRequest,
    ) -> BoxFuture<'_, Result<Option<SchemeCredential>, BoxError>> {
        self.0.lock().expect("lock").push(call.schemes().join(","));
        Box::pin(async {
            Ok(Some(SchemeCredential::new(
                "key",
                Credential::Token("key-1".into()),
            )))
        })
    }
}

#[tokio::test]
async fn a_provided_part_the_operation_also_accepts_alone_is_enough() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let asked = Arc::new(Mutex::new(Vec::new()));
    let client = Builder::<FakeClient>::new(FakeServer::Production)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .credential_provider(KeyOnly(asked.clone()))
        .build()
        .expect("client")
        .0;
    client
        .send(crate::test_support::Status)
        .await
        .expect("sent with the key alone");
    // Asked once, for the operation's schemes; never for the pair's token.
    assert_eq!(*asked.lock().expect("lock"), ["pair,key"]);
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests[0].headers["x-api-key"], "key-1");
    assert!(requests[0].headers.get("authorization").is_none());
}
