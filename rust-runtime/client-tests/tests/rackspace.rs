//! The generated Rackspace Identity client (`DELETE /v2.0/tokens` and
//! `DELETE /v2.0/tokens/{tokenId}`) against a real HTTP server on loopback,
//! used only through the crate's public API.

mod common;

use common::{answer, api_error, requests};

use std::time::Duration;

use api_clients_rackspace::*;
use api_clients_runtime::{BuildError, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{any, header, header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "s3cr3t-token-value";

/// Every error status the spec declares for both endpoints (none declares a body).
const DECLARED_ERRORS: [u16; 7] = [400, 401, 403, 404, 405, 413, 503];

fn client(server: &MockServer) -> RackspaceClient {
    RackspaceClient::builder(KEY)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(5)),
        )
        .build()
        .expect("client builds")
}

/// Calls one of the two endpoints and returns the error as `ApiError<()>`-like
/// facts: the endpoints' typed error enums are empty, so `typed()` is checked here.
async fn call_expecting_api_error(
    client: &RackspaceClient,
    own: bool,
) -> (u16, bool, Vec<u8>, Option<String>, String) {
    if own {
        let err = api_error(client.revoke_own_token(RevokeOwnTokenRequest::new()).await);
        assert!(err.typed().is_none());
        assert_eq!(err.operation(), "revoke_own_token");
        (
            err.status().as_u16(),
            err.is_declared(),
            err.body().to_vec(),
            err.message().map(str::to_owned),
            err.to_string(),
        )
    } else {
        let err = api_error(client.revoke_token(RevokeTokenRequest::new("tok-1")).await);
        assert!(err.typed().is_none());
        assert_eq!(err.operation(), "revoke_token");
        (
            err.status().as_u16(),
            err.is_declared(),
            err.body().to_vec(),
            err.message().map(str::to_owned),
            err.to_string(),
        )
    }
}

#[tokio::test]
async fn revoke_own_token_sends_delete_with_x_auth_token() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v2.0/tokens"))
        .and(header("x-auth-token", KEY))
        .and(header("accept", "application/json"))
        .and(header_regex(
            "user-agent",
            r"^api-clients-rackspace/\d+\.\d+\.\d+",
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .revoke_own_token(RevokeOwnTokenRequest::new())
        .await
        .expect("204 succeeds");
    assert_eq!(response.status(), 204);
    let () = response.into_body();

    let sent = &requests(&server).await[0];
    assert_eq!(sent.url.query(), None);
    assert!(
        sent.headers.get("authorization").is_none(),
        "the key goes in X-Auth-Token only"
    );
    assert!(sent.headers.get("content-type").is_none());
    assert!(sent.body.is_empty());
    assert_eq!(sent.headers.get_all("x-auth-token").iter().count(), 1);
}

#[tokio::test]
async fn revoke_token_puts_the_token_id_in_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v2.0/tokens/4f0a9e2b-17c6-4ae1-aa22-5b3c_x~y.z"))
        .and(header("x-auth-token", KEY))
        .and(header("accept", "application/json"))
        .and(header_regex("user-agent", r"^api-clients-rackspace/"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .revoke_token(RevokeTokenRequest::new(
            "4f0a9e2b-17c6-4ae1-aa22-5b3c_x~y.z",
        ))
        .await
        .expect("204 succeeds");
    let sent = &requests(&server).await[0];
    assert!(sent.headers.get("authorization").is_none());
    assert!(sent.body.is_empty());
}

#[tokio::test]
async fn a_token_id_cannot_escape_its_path_segment() {
    let server = MockServer::start().await;
    let client = client(&server);
    // Everything except ALPHA, DIGIT, `-`, `_`, `~` and `.` is percent-encoded (UTF-8).
    let cases = [
        ("../tokens", "/v2.0/tokens/..%2Ftokens"),
        ("a/b", "/v2.0/tokens/a%2Fb"),
        ("x?y#z", "/v2.0/tokens/x%3Fy%23z"),
        ("a b", "/v2.0/tokens/a%20b"),
        ("%2e%2e", "/v2.0/tokens/%252e%252e"),
        ("..%2F", "/v2.0/tokens/..%252F"),
        ("a+b&c=d;e", "/v2.0/tokens/a%2Bb%26c%3Dd%3Be"),
        ("é", "/v2.0/tokens/%C3%A9"),
        ("...", "/v2.0/tokens/..."),
    ];
    for (id, expected) in cases {
        answer(&server, ResponseTemplate::new(204)).await;
        client
            .revoke_token(RevokeTokenRequest::new(id))
            .await
            .unwrap_or_else(|e| panic!("{id:?}: {e}"));
        let sent = &requests(&server).await[0];
        assert_eq!(sent.url.path(), expected, "{id:?}");
        assert_eq!(sent.url.query(), None, "{id:?}");
        assert_eq!(sent.url.fragment(), None, "{id:?}");
        assert_eq!(sent.url.path_segments().unwrap().count(), 3, "{id:?}");
    }
}

#[tokio::test]
async fn token_ids_that_would_change_the_path_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);
    for id in ["..", "", "."] {
        let result = client.revoke_token(RevokeTokenRequest::new(id)).await;
        let err = match result {
            Err(err @ Error::InvalidRequest { .. }) => err,
            other => panic!("{id:?}: expected Error::InvalidRequest, got {other:?}"),
        };
        let line = err.to_string();
        assert!(
            line.starts_with("revoke_token: invalid request: "),
            "{line}"
        );
        assert!(line.contains("tokenId"), "{line}");
        assert!(!line.contains(KEY), "{line}");
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn declared_error_statuses_keep_the_raw_body() {
    let server = MockServer::start().await;
    let client = client(&server).with_retry_policy(RetryPolicy::none());
    for own in [true, false] {
        for status in DECLARED_ERRORS {
            // Rackspace wraps its message one level down, under the fault's name.
            let body = format!(
                r#"{{"fault{status}": {{"code": {status}, "message": "Fault {status}"}}}}"#
            );
            answer(
                &server,
                ResponseTemplate::new(status).set_body_string(body.clone()),
            )
            .await;
            let (got, declared, raw, message, line) = call_expecting_api_error(&client, own).await;
            assert_eq!(got, status);
            assert!(declared, "{status} is declared");
            assert_eq!(raw, body.as_bytes());
            let expected = format!("Fault {status}");
            assert_eq!(
                message.as_deref(),
                Some(expected.as_str()),
                "read at /*/message"
            );
            let operation = if own {
                "revoke_own_token"
            } else {
                "revoke_token"
            };
            assert!(
                line.starts_with(&format!("{operation}: HTTP {status}"))
                    && line.ends_with(&format!(": Fault {status}")),
                "{line}"
            );
            server.verify().await;
        }
    }
}

#[tokio::test]
async fn declared_errors_with_non_json_or_empty_bodies_are_api_errors_not_decode_errors() {
    let server = MockServer::start().await;
    // One attempt: 413 is throttling and would be retried (its own test below).
    let client = client(&server).with_retry_policy(RetryPolicy::none());
    let cases: [(u16, &[u8]); 3] = [
        (401, b"\xff\xfe not utf-8"),
        (404, b""),
        (413, b"<html>too big</html>"),
    ];
    for (status, body) in cases {
        answer(&server, ResponseTemplate::new(status).set_body_bytes(body)).await;
        let err = api_error(client.revoke_token(RevokeTokenRequest::new("t")).await);
        assert_eq!(err.status(), status);
        assert!(err.is_declared());
        assert_eq!(err.body(), body);
    }
}

#[tokio::test]
async fn undeclared_statuses_are_api_errors_with_the_raw_body() {
    let server = MockServer::start().await;
    let client = client(&server);
    // The spec declares only 204 as success and no body at all: a 200 carrying
    // a body is not what it describes, so it is not silently treated as success.
    let cases: [(u16, &[u8]); 3] = [
        (200, br#"{"access": {"token": {"id": "x"}}}"#),
        (418, b"teapot"),
        (500, br#"{"message": "boom"}"#),
    ];
    for own in [true, false] {
        for (status, body) in cases {
            answer(&server, ResponseTemplate::new(status).set_body_bytes(body)).await;
            let (got, declared, raw, _, line) = call_expecting_api_error(&client, own).await;
            assert_eq!(got, status);
            assert!(!declared, "{status} is not in the spec");
            assert_eq!(raw, body);
            assert!(line.contains(&format!("HTTP {status}")), "{line}");
        }
    }
}

#[tokio::test]
async fn an_empty_2xx_is_success() {
    let server = MockServer::start().await;
    let client = client(&server);
    for status in [204_u16, 200, 202] {
        answer(&server, ResponseTemplate::new(status)).await;
        let own = client.revoke_own_token(RevokeOwnTokenRequest::new()).await;
        assert_eq!(
            own.unwrap_or_else(|e| panic!("{status}: {e}")).status(),
            status
        );
        answer(&server, ResponseTemplate::new(status)).await;
        let other = client.revoke_token(RevokeTokenRequest::new("t")).await;
        assert_eq!(
            other.unwrap_or_else(|e| panic!("{status}: {e}")).status(),
            status
        );
    }
}

#[tokio::test]
async fn a_503_is_retried_because_delete_is_idempotent() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(503).set_body_string("Service Fault"))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v2.0/tokens/abc"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .revoke_token(RevokeTokenRequest::new("abc"))
        .await
        .expect("the third attempt succeeds");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_millis(500)))
        .expect(2)
        .mount(&server)
        .await;
    let client = RackspaceClient::builder(KEY)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let own = client.revoke_own_token(RevokeOwnTokenRequest::new()).await;
    assert!(
        matches!(
            own,
            Err(Error::Timeout {
                operation: "revoke_own_token",
                attempts: 1,
                ..
            })
        ),
        "{own:?}"
    );
    let other = client.revoke_token(RevokeTokenRequest::new("t")).await;
    assert!(
        matches!(
            other,
            Err(Error::Timeout {
                operation: "revoke_token",
                attempts: 1,
                ..
            })
        ),
        "{other:?}"
    );
}

#[tokio::test]
async fn the_key_is_never_printed() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_string("Unauthorized"))
        .mount(&server)
        .await;
    let builder = RackspaceClient::builder(KEY)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .timeout(Duration::from_secs(5));
    let printed_builder = format!("{builder:?} {builder:#?}");
    assert!(
        printed_builder.contains("X-Auth-Token"),
        "{printed_builder}"
    );
    let client = builder.build().unwrap();
    let printed_client = format!("{client:?} {client:#?}");

    let api = client
        .revoke_own_token(RevokeOwnTokenRequest::new())
        .await
        .unwrap_err();
    let invalid = client
        .revoke_token(RevokeTokenRequest::new(".."))
        .await
        .unwrap_err();
    assert!(matches!(api, Error::Api(_)) && matches!(invalid, Error::InvalidRequest { .. }));
    let printed_errors = format!("{api} {api:?} {invalid} {invalid:?}");

    for printed in [printed_builder, printed_client, printed_errors] {
        assert!(!printed.contains("s3cr3t"), "key leaked: {printed}");
    }
}

#[test]
fn default_server_and_plain_http() {
    let client = RackspaceClient::builder(KEY).build().unwrap();
    assert_eq!(client.base_url(), "https://identity.api.rackspacecloud.com");
    let client = RackspaceClient::builder(KEY)
        .server(RackspaceServer::Identity)
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://identity.api.rackspacecloud.com");
    let refused = RackspaceClient::builder(KEY)
        .base_url("http://identity.test")
        .build();
    assert!(
        matches!(refused, Err(BuildError::InsecureHttp)),
        "{refused:?}"
    );
}

#[tokio::test]
async fn the_message_is_read_from_under_the_fault_name() {
    // Seeds README: Rackspace Identity wraps every error in one key named after
    // the fault; specs/rackspace.yaml reads the message with `/*/message`.
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(404)
            .set_body_json(json!({"itemNotFound": {"code": 404, "message": "Token not found"}})),
    )
    .await;
    let err = api_error(
        client(&server)
            .revoke_token(RevokeTokenRequest::new("tok-1"))
            .await,
    );
    assert_eq!(err.message(), Some("Token not found"));
    assert_eq!(
        err.to_string(),
        "revoke_token: HTTP 404 Not Found: Token not found"
    );

    // A top-level field is not where Rackspace puts its message, so it is not
    // taken for one; nor is a body with two fault keys.
    for body in [
        json!({"message": "undocumented field"}),
        json!({"a": {"message": "x"}, "b": {"message": "y"}}),
    ] {
        answer(&server, ResponseTemplate::new(400).set_body_json(body)).await;
        let err = api_error(
            client(&server)
                .revoke_own_token(RevokeOwnTokenRequest::new())
                .await,
        );
        assert_eq!(err.message(), None);
    }
}

/// A Rackspace token id is itself a token (the spec marks it `sensitive`): it
/// stays out of the request's `Debug` and out of transport and timeout errors,
/// whose URL would otherwise carry it.
#[tokio::test]
async fn the_token_id_to_revoke_is_never_printed() {
    const TOKEN_ID: &str = "victim-token-0123456789";
    let request = RevokeTokenRequest::new(TOKEN_ID);
    let printed = format!("{request:?} {request:#?}");
    assert!(printed.contains("[redacted]"), "{printed}");
    assert!(!printed.contains(TOKEN_ID), "{printed}");

    // Nothing listens on port 9 of loopback: a connection error.
    let unreachable = RackspaceClient::builder(KEY)
        .base_url("http://127.0.0.1:9")
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = unreachable
        .revoke_token(RevokeTokenRequest::new(TOKEN_ID))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let printed = format!("{err} {err:?}");
    assert!(!printed.contains(TOKEN_ID), "{printed}");

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let slow = RackspaceClient::builder(KEY)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .timeout(Duration::from_millis(50))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = slow
        .revoke_token(RevokeTokenRequest::new(TOKEN_ID))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    let printed = format!("{err} {err:?}");
    assert!(!printed.contains(TOKEN_ID), "{printed}");
}

/// Rackspace echoes the token id in its 404 message; the error keeps the
/// message with the id replaced, and withholds the body and the typed error
/// from `Display` and `Debug`. The caller still reads both on purpose.
#[tokio::test]
async fn a_message_echoing_the_token_id_is_redacted() {
    const TOKEN_ID: &str = "victim-token-0123456789";
    let server = MockServer::start().await;
    let echo = format!("Token {TOKEN_ID} not found");
    answer(
        &server,
        ResponseTemplate::new(404)
            .set_body_json(json!({"itemNotFound": {"code": 404, "message": echo}})),
    )
    .await;
    let err = client(&server)
        .revoke_token(RevokeTokenRequest::new(TOKEN_ID))
        .await
        .unwrap_err();
    let printed = format!("{err} {err:?} {err:#?}");
    assert!(!printed.contains(TOKEN_ID), "{printed}");
    assert_eq!(
        err.to_string(),
        "revoke_token: HTTP 404 Not Found: Token [redacted] not found"
    );
    let Error::Api(err) = err else {
        panic!("an API error")
    };
    assert_eq!(err.message(), Some("Token [redacted] not found"));
    assert!(String::from_utf8_lossy(err.body()).contains(TOKEN_ID));
}

#[tokio::test]
async fn a_413_over_limit_is_retried_after_its_retry_after() {
    // Seeds README: Rackspace rate-limits with 413 `overLimit` and Retry-After;
    // the spec declares 413 as throttling.
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(413)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"overLimit": {"code": 413, "message": "Rate limited"}})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let response = client(&server)
        .revoke_own_token(RevokeOwnTokenRequest::new())
        .await
        .expect("the retry succeeds");
    assert_eq!(response.status(), 204);
    assert!(started.elapsed() >= Duration::from_millis(950), "it waited");
}
