//! End-to-end tests of `Client::send` against a real local HTTP server (wiremock),
//! through the fake generated API in `test_support`.

use std::time::{Duration, Instant};

use http::StatusCode;
use serde_json::json;
use wiremock::matchers::{any, body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::test_support::{
    CreateItem, DeleteItem, FakeClient, FakeCredential, FakeServer, GetItem, GetItemError, Item,
    Problem,
};
use super::{Builder, Client, Error, RetryPolicy};

const TOKEN: &str = "tok-SECRET-123";

/// Retries with millisecond backoff, so tests stay fast.
fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .initial_backoff(Duration::from_millis(5))
}

fn builder(server: &MockServer) -> Builder<FakeClient> {
    Builder::<FakeClient>::new(FakeServer::Production)
        .credential(FakeCredential::Token(TOKEN.into()))
        .base_url(format!("{}/2.0/", server.uri()))
        .allow_insecure_http(true)
        .retry_policy(fast_retries(3))
}

fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap().0
}

fn get(id: &str) -> GetItem {
    GetItem {
        id: id.into(),
        ..GetItem::default()
    }
}

fn item_json() -> serde_json::Value {
    json!({"id": "a", "name": "Anvil"})
}

fn anvil() -> Item {
    Item {
        id: "a".into(),
        name: "Anvil".into(),
    }
}

/// Mounts a mock that answers `status` once, then nothing (later mocks take over).
async fn once(server: &MockServer, template: ResponseTemplate) {
    Mock::given(any())
        .respond_with(template)
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn sends_path_query_and_headers_and_decodes_the_body() {
    let server = MockServer::start().await;
    let user_agent = "fake-client/1.2.3";
    Mock::given(method("GET"))
        .and(path("/2.0/items/a%20b%2Fc%3Fd%23e%25%C3%A9"))
        .and(query_param("verbose", "true"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .and(header("user-agent", user_agent))
        .and(header("x-trace", "t-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(item_json())
                .insert_header("x-request-id", "r-9"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let request = GetItem {
        id: "a b/c?d#e%é".into(),
        verbose: Some(true),
        trace: Some("t-1".into()),
    };
    let response = client(&server).send(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-request-id"], "r-9");
    assert_eq!(response.body(), &anvil());
    assert_eq!(response.into_body(), anvil());
}

#[tokio::test]
async fn base_url_without_trailing_slash_joins_the_same_way() {
    let server = MockServer::start().await;
    Mock::given(path("/2.0/items/a"))
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .expect(2)
        .mount(&server)
        .await;
    for base in [
        format!("{}/2.0", server.uri()),
        format!("{}/2.0/", server.uri()),
    ] {
        let client = builder(&server).base_url(base).build().unwrap().0;
        client.send(get("a")).await.unwrap();
    }
}

#[tokio::test]
async fn user_agent_suffix_and_api_key_header() {
    let server = MockServer::start().await;
    let user_agent = "fake-client/1.2.3 my-app/1.0";
    Mock::given(header("user-agent", user_agent))
        .and(header("x-api-key", "key-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Builder::<FakeClient>::new(FakeServer::Production)
        .credential(FakeCredential::Key("key-1".into()))
        .base_url(server.uri())
        .allow_insecure_http(true)
        .user_agent_suffix("my-app/1.0")
        .build()
        .unwrap();
    client.0.send(get("a")).await.unwrap();
}

#[tokio::test]
async fn json_body_and_content_type_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2.0/items"))
        .and(header("content-type", "application/json"))
        .and(body_json(item_json()))
        .respond_with(ResponseTemplate::new(201).set_body_json(item_json()))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .send(CreateItem { body: anvil() })
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn success_without_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .send(DeleteItem { id: "a".into() })
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // The endpoint takes no authentication: the client's token stays home.
    let received = server.received_requests().await.unwrap();
    assert!(received[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn declared_error_is_typed_with_the_server_message() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"detail": "no item a"})))
        .mount(&server)
        .await;
    let err = client(&server).send(get("a")).await.unwrap_err();
    assert_eq!(err.to_string(), "get_item: HTTP 404 Not Found: no item a");
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    let Error::Api(api) = err else {
        panic!("{err:?}")
    };
    assert!(api.is_declared());
    assert_eq!(api.message(), Some("no item a"));
    assert_eq!(
        api.typed(),
        Some(&GetItemError::NotFound(Problem {
            detail: "no item a".into()
        }))
    );
}

#[tokio::test]
async fn undeclared_statuses_are_api_errors_with_the_raw_body() {
    let server = MockServer::start().await;
    once(
        &server,
        ResponseTemplate::new(500).set_body_string("boom\n  at line 3"),
    )
    .await;
    once(
        &server,
        ResponseTemplate::new(202).set_body_string("queued"),
    )
    .await;
    let client = client(&server);

    let err = client.send(get("a")).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "get_item: HTTP 500 Internal Server Error: boom at line 3"
    );
    let Error::Api(api) = err else {
        panic!("{err:?}")
    };
    assert!(!api.is_declared() && api.typed().is_none());
    assert_eq!(api.body(), b"boom\n  at line 3");

    // An undeclared 2xx is an unexpected status too.
    let err = client.send(get("a")).await.unwrap_err();
    assert_eq!(err.to_string(), "get_item: HTTP 202 Accepted: queued");
}

#[tokio::test]
async fn success_bodies_that_do_not_decode_are_decode_errors_error_bodies_stay_api_errors() {
    let server = MockServer::start().await;
    once(
        &server,
        ResponseTemplate::new(200).set_body_raw("{\"id\": 1}", "application/json"),
    )
    .await;
    once(
        &server,
        ResponseTemplate::new(404).set_body_raw("<html>", "text/html"),
    )
    .await;
    let client = client(&server);

    let err = client.send(get("a")).await.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("get_item: could not decode the HTTP 200 response: invalid type"),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());
    let Error::Decode(decode) = err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.body(), b"{\"id\": 1}");

    // An error status whose body is not the declared type (a proxy's HTML
    // page) is still the API error: status, raw body, and why it is not typed.
    let err = client.send(get("a")).await.unwrap_err();
    assert_eq!(err.to_string(), "get_item: HTTP 404 Not Found: <html>");
    let Error::Api(api) = err else {
        panic!("{err:?}")
    };
    assert!(api.typed().is_none() && api.is_declared());
    assert_eq!(api.body(), b"<html>");
    assert_eq!(
        api.body_error().map(ToString::to_string).as_deref(),
        Some("the spec declares a JSON body, but the server sent `text/html`")
    );
}

#[tokio::test]
async fn invalid_requests_send_nothing() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);

    let request = GetItem {
        id: "a".into(),
        trace: Some("x\r\nX-Injected: 1".into()),
        ..GetItem::default()
    };
    let err = client.send(request).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    let line = err.to_string();
    assert!(
        line.starts_with("get_item: invalid request: the value of header `X-Trace`"),
        "{line}"
    );
    assert!(!line.contains("Injected"), "{line}");

    for id in ["", ".", ".."] {
        let err = client.send(get(id)).await.unwrap_err();
        assert!(err.to_string().contains("path parameter `id`"), "{err}");
    }
}

#[tokio::test]
async fn retries_429_then_succeeds() {
    let server = MockServer::start().await;
    once(&server, ResponseTemplate::new(429)).await;
    once(&server, ResponseTemplate::new(503)).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server).send(get("a")).await.unwrap();
    assert_eq!(response.body(), &anvil());
}

#[tokio::test]
async fn gives_up_after_max_attempts_with_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .expect(4)
        .mount(&server)
        .await;
    let client = builder(&server)
        .retry_policy(fast_retries(4))
        .build()
        .unwrap()
        .0;
    let err = client.send(get("a")).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(err.to_string(), "get_item: HTTP 503 Service Unavailable");
}

#[tokio::test]
async fn other_error_statuses_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).send(get("a")).await.unwrap_err();
}

#[tokio::test]
async fn non_idempotent_operations_are_not_retried_after_a_transient_failure_unless_asked() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .expect(1 + 3)
        .mount(&server)
        .await;
    let client = client(&server);
    let err = client.send(CreateItem { body: anvil() }).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));

    let eager = client.with_retry_policy(fast_retries(3).retry_non_idempotent(true));
    eager.send(CreateItem { body: anvil() }).await.unwrap_err();
}

#[tokio::test]
async fn a_throttled_request_is_retried_whatever_the_method() {
    // 429: the server refused the POST without acting on it, so sending it
    // again cannot do anything twice.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429))
        .expect(3)
        .mount(&server)
        .await;
    let err = client(&server)
        .send(CreateItem { body: anvil() })
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
}

#[tokio::test]
async fn retry_policy_none_and_per_call_override() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429))
        .expect(1 + 2)
        .mount(&server)
        .await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
        .0;
    client.send(get("a")).await.unwrap_err();
    client
        .with_retry_policy(fast_retries(2))
        .send(get("a"))
        .await
        .unwrap_err();
}

#[tokio::test]
async fn retry_after_header_is_honoured() {
    let server = MockServer::start().await;
    once(
        &server,
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
    )
    .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .mount(&server)
        .await;
    let started = Instant::now();
    client(&server).send(get("a")).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn body_retry_hint_is_honoured() {
    let server = MockServer::start().await;
    once(
        &server,
        ResponseTemplate::new(429).set_body_json(json!({"retry_after": 1})),
    )
    .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .mount(&server)
        .await;
    let started = Instant::now();
    client(&server).send(get("a")).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn long_server_hints_are_capped_at_max_delay() {
    let server = MockServer::start().await;
    once(
        &server,
        ResponseTemplate::new(429).insert_header("retry-after", "3600"),
    )
    .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .mount(&server)
        .await;
    let policy = fast_retries(2).max_delay(Duration::from_millis(20));
    let client = builder(&server).retry_policy(policy).build().unwrap().0;
    let started = Instant::now();
    client.send(get("a")).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn slow_responses_time_out_after_retries() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(item_json())
                .set_delay(Duration::from_secs(3)),
        )
        .expect(2 + 1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(100))
        .retry_policy(fast_retries(2))
        .build()
        .unwrap()
        .0;
    let err = client.send(get("a")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 2, .. }), "{err:?}");
    assert_eq!(err.to_string(), "get_item: timed out after 2 attempts");
    assert!(std::error::Error::source(&err).is_some());

    let err = client
        .with_retry_policy(RetryPolicy::none())
        .send(DeleteItem { id: "x".into() })
        .await;
    let err = err.unwrap_err();
    assert_eq!(err.to_string(), "delete_item: timed out after 1 attempt");
}

#[tokio::test]
async fn connection_failures_are_retried_then_reported_without_credentials() {
    // A port nobody listens on any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/2.0", listener.local_addr().unwrap());
    drop(listener);
    let client = Builder::<FakeClient>::new(FakeServer::Production)
        .credential(FakeCredential::Token(TOKEN.into()))
        .base_url(base)
        .allow_insecure_http(true)
        .retry_policy(fast_retries(3))
        .build()
        .unwrap()
        .0;
    let err = client.send(get("a")).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
    let line = err.to_string();
    assert!(line.starts_with("get_item: transport error: "), "{line}");
    assert!(
        line.to_lowercase().contains("refused"),
        "the root cause is missing: {line}"
    );
    let printed = format!("{line} {err:?}");
    assert!(!printed.contains(TOKEN), "{printed}");
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn redirects_are_followed_only_within_the_origin() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(path("/2.0/items/old"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/2.0/items/a"))
        .mount(&server)
        .await;
    Mock::given(path("/2.0/items/a"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .expect(1)
        .mount(&server)
        .await;
    let away = format!("{}/steal", elsewhere.uri());
    Mock::given(path("/2.0/items/away"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", away.as_str()))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&elsewhere)
        .await;

    let client = client(&server);
    assert_eq!(client.send(get("old")).await.unwrap().body(), &anvil());
    let err = client.send(get("away")).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::FOUND));
}

#[tokio::test]
async fn send_futures_are_send() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .mount(&server)
        .await;
    let client = client(&server);
    let task = tokio::spawn(async move { client.send(get("a")).await.map(|r| r.into_body()) });
    assert_eq!(task.await.unwrap().unwrap(), anvil());
}

#[tokio::test]
async fn the_first_accepted_scheme_with_a_credential_is_used() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .mount(&server)
        .await;
    // Both credentials: the operation lists `token` first.
    let both = builder(&server)
        .credential(FakeCredential::Key("key-1".into()))
        .build()
        .unwrap()
        .0;
    both.send(get("a")).await.unwrap();
    // None: nothing is sent, and the error says which schemes would do.
    let none = Builder::<FakeClient>::new(FakeServer::Production)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .unwrap()
        .0;
    let err = none.send(get("b")).await.unwrap_err();
    let line = err.to_string();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(
        line.contains("`token` (a bearer token) or `key` (an API key in the header `X-Api-Key`)"),
        "{line}"
    );
    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received.len(),
        1,
        "the call without a credential was not sent"
    );
    assert_eq!(
        received[0].headers["authorization"],
        format!("Bearer {TOKEN}").as_str()
    );
    assert!(received[0].headers.get("x-api-key").is_none());
}
