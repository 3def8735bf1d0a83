//! The generated DevRev client (`POST /auth-tokens.self.delete`) against a real
//! HTTP server on loopback, used only through the crate's public API.

mod common;

use common::{answer, api_error, requests};

use std::time::{Duration, Instant};

use api_clients_devrev::*;
use api_clients_runtime::{BuildError, Error, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{any, body_json, header, header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "s3cr3t-token-value";

fn client(server: &MockServer) -> DevRevClient {
    DevRevClient::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(5)))
        .build()
        .expect("client builds")
}

/// The request with an empty body (`requested_token_type` unset).
fn revoke_all() -> AuthTokensSelfDeleteRequest {
    AuthTokensSelfDeleteRequest::new(AuthTokensSelfDeleteBody::new())
}

fn revoke(kind: AuthTokenRequestedTokenType) -> AuthTokensSelfDeleteRequest {
    AuthTokensSelfDeleteRequest::new(AuthTokensSelfDeleteBody::new().requested_token_type(kind))
}

#[tokio::test]
async fn sends_post_with_an_empty_json_object_when_nothing_is_set() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth-tokens.self.delete"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(header_regex(
            "user-agent",
            r"^api-clients-devrev/\d+\.\d+\.\d+",
        ))
        .and(body_json(json!({})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .auth_tokens_self_delete(revoke_all())
        .await
        .expect("204 succeeds");
    assert_eq!(response.status(), 204);
    let () = response.into_body();

    let sent = &requests(&server).await[0];
    assert_eq!(sent.body, b"{}", "the required body is always sent");
    assert_eq!(sent.url.query(), None);
    assert_eq!(sent.headers.get_all("authorization").iter().count(), 1);
}

#[tokio::test]
async fn sends_the_requested_token_type_as_its_urn() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth-tokens.self.delete"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "requested_token_type": "urn:devrev:params:oauth:token-type:pat"
        })))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .auth_tokens_self_delete(revoke(AuthTokenRequestedTokenType::Pat))
        .await
        .expect("204 succeeds");
}

#[tokio::test]
async fn a_token_type_the_spec_does_not_list_is_sent_unchanged() {
    let server = MockServer::start().await;
    let future = "urn:devrev:params:oauth:token-type:from-the-future";
    Mock::given(body_json(json!({"requested_token_type": future})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .auth_tokens_self_delete(revoke(AuthTokenRequestedTokenType::Unknown(future.into())))
        .await
        .expect("204 succeeds");
}

#[test]
fn every_listed_token_type_round_trips_through_its_urn() {
    use AuthTokenRequestedTokenType::*;
    let all = [
        (Aat, "urn:devrev:params:oauth:token-type:aat"),
        (AatActAs, "urn:devrev:params:oauth:token-type:aat:act-as"),
        (AatPublic, "urn:devrev:params:oauth:token-type:aat:public"),
        (Dev, "urn:devrev:params:oauth:token-type:dev"),
        (DevConnect, "urn:devrev:params:oauth:token-type:dev:connect"),
        (Gat, "urn:devrev:params:oauth:token-type:gat"),
        (Pat, "urn:devrev:params:oauth:token-type:pat"),
        (PatActAs, "urn:devrev:params:oauth:token-type:pat:act-as"),
        (Rat, "urn:devrev:params:oauth:token-type:rat"),
        (Rev, "urn:devrev:params:oauth:token-type:rev"),
        (Session, "urn:devrev:params:oauth:token-type:session"),
        (
            SessionDev0,
            "urn:devrev:params:oauth:token-type:session:dev0",
        ),
        (
            SessionOnetime,
            "urn:devrev:params:oauth:token-type:session:onetime",
        ),
        (
            SessionRevActAs,
            "urn:devrev:params:oauth:token-type:session:rev:act-as",
        ),
        (Super, "urn:devrev:params:oauth:token-type:super"),
        (Sys, "urn:devrev:params:oauth:token-type:sys"),
        (Jwt, "urn:ietf:params:oauth:token-type:jwt"),
    ];
    for (kind, urn) in all {
        assert_eq!(serde_json::to_value(&kind).unwrap(), json!(urn));
        // Only sent, so read back only with `full-serde`.
        #[cfg(feature = "full-serde")]
        assert_eq!(
            serde_json::from_value::<AuthTokenRequestedTokenType>(json!(urn)).unwrap(),
            kind
        );
        assert_eq!(kind.to_string(), urn);
    }
}

#[tokio::test]
async fn an_empty_2xx_is_success() {
    let server = MockServer::start().await;
    for status in [204_u16, 200, 202] {
        answer(&server, ResponseTemplate::new(status)).await;
        let response = client(&server)
            .auth_tokens_self_delete(revoke_all())
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(response.status(), status);
    }
}

#[tokio::test]
async fn every_declared_error_status_decodes_to_its_variant() {
    use AuthTokensSelfDeleteError as E;
    let server = MockServer::start().await;
    let cases: Vec<(u16, Value, E)> = vec![
        (
            400,
            json!({
                "type": "artifact_already_attached_to_a_parent",
                "message": "Bad request",
                "detail": "already attached",
                "existing_parent": "don:core:dvrv-us-1:devo/1:issue/2",
                "is_same": true
            }),
            E::BadRequest(
                ErrorBadRequest::new(ErrorBadRequestType::ArtifactAlreadyAttachedToAParent)
                    .message("Bad request")
                    .detail("already attached")
                    .existing_parent("don:core:dvrv-us-1:devo/1:issue/2")
                    .is_same(true),
            ),
        ),
        (
            401,
            json!({"type": "unauthenticated", "message": "Unauthenticated", "detail": "token expired"}),
            E::Unauthorized(
                ErrorUnauthorized::new(ErrorUnauthorizedType::Unauthenticated)
                    .message("Unauthenticated")
                    .detail("token expired"),
            ),
        ),
        (
            403,
            json!({"type": "forbidden", "message": "Forbidden", "detail": "no access"}),
            E::Forbidden(
                ErrorForbidden::new(ErrorForbiddenType::Forbidden)
                    .message("Forbidden")
                    .detail("no access"),
            ),
        ),
        (
            404,
            json!({"type": "not_found", "message": "Not found", "detail": "no such token"}),
            E::NotFound(
                ErrorNotFound::new(ErrorNotFoundType::NotFound)
                    .message("Not found")
                    .detail("no such token"),
            ),
        ),
        (
            429,
            json!({"type": "too_many_requests", "message": "Slow down", "detail": "quota", "retry_after": 0}),
            E::TooManyRequests(
                ErrorTooManyRequests::new(ErrorTooManyRequestsType::TooManyRequests)
                    .message("Slow down")
                    .detail("quota")
                    .retry_after(0),
            ),
        ),
        (
            500,
            json!({"type": "internal_error", "message": "Oops", "detail": "bug", "reference_id": "ref-500"}),
            E::InternalServerError(
                ErrorInternalServerError::new(ErrorInternalServerErrorType::InternalError)
                    .message("Oops")
                    .detail("bug")
                    .reference_id("ref-500"),
            ),
        ),
        (
            503,
            json!({"type": "service_unavailable", "message": "Maintenance", "detail": "back soon"}),
            E::ServiceUnavailable(
                ErrorServiceUnavailable::new(ErrorServiceUnavailableType::ServiceUnavailable)
                    .message("Maintenance")
                    .detail("back soon"),
            ),
        ),
    ];
    // One attempt each: this test is about decoding (retries have their own tests).
    let client = client(&server).with_retry_policy(RetryPolicy::none());
    for (status, body, expected) in cases {
        answer(&server, ResponseTemplate::new(status).set_body_json(&body)).await;
        let err = api_error(client.auth_tokens_self_delete(revoke_all()).await);
        assert_eq!(err.status(), status);
        assert!(err.is_declared());
        assert_eq!(err.typed(), Some(&expected), "status {status}");
        let message = body["message"].as_str().unwrap();
        assert_eq!(err.message(), Some(message));
        assert_eq!(serde_json::from_slice::<Value>(err.body()).unwrap(), body);
        let line = err.to_string();
        assert!(
            line.starts_with(&format!("auth_tokens_self_delete: HTTP {status} "))
                && line.ends_with(&format!(": {message}")),
            "{line}"
        );
        assert_eq!(err.into_typed(), Some(expected));
        assert_eq!(
            requests(&server).await.len(),
            1,
            "status {status} was retried"
        );
        server.verify().await;
    }
}

#[tokio::test]
async fn the_message_falls_back_to_detail_then_to_the_body() {
    let server = MockServer::start().await;
    let client = client(&server);

    answer(
        &server,
        ResponseTemplate::new(401)
            .set_body_json(json!({"type": "unauthenticated", "detail": "token expired"})),
    )
    .await;
    let err = api_error(client.auth_tokens_self_delete(revoke_all()).await);
    assert_eq!(err.message(), Some("token expired"));
    assert_eq!(
        err.to_string(),
        "auth_tokens_self_delete: HTTP 401 Unauthorized: token expired"
    );

    answer(
        &server,
        ResponseTemplate::new(403).set_body_json(json!({"type": "forbidden"})),
    )
    .await;
    let err = api_error(client.auth_tokens_self_delete(revoke_all()).await);
    assert_eq!(err.message(), None);
    assert_eq!(
        err.to_string(),
        r#"auth_tokens_self_delete: HTTP 403 Forbidden: {"type":"forbidden"}"#
    );
}

#[tokio::test]
async fn an_undeclared_status_is_an_api_error_with_the_raw_body() {
    let server = MockServer::start().await;
    let client = client(&server);
    let cases: [(u16, &[u8]); 4] = [
        (418, b"I'm a teapot"),
        (418, br#"{"type": "teapot", "message": "short and stout"}"#),
        (502, b"<html>Bad gateway</html>"),
        // Success is 204 with no body; a 200 with a body is not in the spec.
        (200, br#"{"revoked": 3}"#),
    ];
    for (status, body) in cases {
        answer(&server, ResponseTemplate::new(status).set_body_bytes(body)).await;
        let err = api_error(client.auth_tokens_self_delete(revoke_all()).await);
        assert_eq!(err.status(), status);
        assert!(!err.is_declared(), "{status}");
        assert!(err.typed().is_none());
        assert_eq!(err.body(), body);
        assert!(
            err.to_string()
                .starts_with(&format!("auth_tokens_self_delete: HTTP {status}")),
            "{err}"
        );
    }
}

#[tokio::test]
async fn a_malformed_error_body_is_an_untyped_api_error_keeping_the_raw_bytes() {
    let server = MockServer::start().await;
    let client = client(&server);
    let cases: [(u16, &[u8]); 4] = [
        (400, br#"{"message": "no type field"}"#),
        (404, br#"{"type": 7}"#),
        (429, b""),
        (500, b"<html>Internal error</html>"),
    ];
    for (status, body) in cases {
        answer(&server, ResponseTemplate::new(status).set_body_bytes(body)).await;
        let result = client.auth_tokens_self_delete(revoke_all()).await;
        let Err(Error::Api(err)) = result else {
            panic!("{status}: expected Error::Api, got {result:?}");
        };
        assert_eq!(err.status(), status);
        assert_eq!(err.body(), body);
        assert_eq!(err.operation(), "auth_tokens_self_delete");
        assert!(err.typed().is_none(), "{err:?}");
        assert!(err.body_error().is_some(), "{err:?}");
    }
}

/// Error bodies are only received: serializing them needs `full-serde`.
#[cfg(feature = "full-serde")]
#[tokio::test]
async fn an_unknown_error_type_is_kept_and_serializes_back_unchanged() {
    use AuthTokensSelfDeleteError as E;
    let server = MockServer::start().await;
    let client = client(&server);
    for status in [400_u16, 401, 403, 404, 429, 500, 503] {
        let body = json!({"type": "brand_new_kind", "message": "new", "detail": "newer"});
        answer(&server, ResponseTemplate::new(status).set_body_json(&body)).await;
        let err = api_error(client.auth_tokens_self_delete(revoke_all()).await);
        let unknown = "brand_new_kind".to_owned();
        let reserialized = match err.typed().expect("typed body") {
            E::BadRequest(b) => {
                assert_eq!(b.r#type, ErrorBadRequestType::Unknown(unknown));
                serde_json::to_value(b)
            }
            E::Unauthorized(b) => {
                assert_eq!(b.r#type, ErrorUnauthorizedType::Unknown(unknown));
                serde_json::to_value(b)
            }
            E::Forbidden(b) => {
                assert_eq!(b.r#type, ErrorForbiddenType::Unknown(unknown));
                serde_json::to_value(b)
            }
            E::NotFound(b) => {
                assert_eq!(b.r#type, ErrorNotFoundType::Unknown(unknown));
                serde_json::to_value(b)
            }
            E::TooManyRequests(b) => {
                assert_eq!(b.r#type, ErrorTooManyRequestsType::Unknown(unknown));
                serde_json::to_value(b)
            }
            E::InternalServerError(b) => {
                assert_eq!(b.r#type, ErrorInternalServerErrorType::Unknown(unknown));
                serde_json::to_value(b)
            }
            E::ServiceUnavailable(b) => {
                assert_eq!(b.r#type, ErrorServiceUnavailableType::Unknown(unknown));
                serde_json::to_value(b)
            }
            other => panic!("{status}: unexpected variant {other:?}"),
        };
        assert_eq!(reserialized.unwrap(), body, "status {status}");
    }
}

#[tokio::test]
async fn a_503_is_not_retried_because_the_call_is_a_post() {
    // A 503 may come after the server acted; the call is not idempotent.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_json(json!({"type": "service_unavailable"}))
                .insert_header("retry-after", "1"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let started = Instant::now();
    let err = api_error(client(&server).auth_tokens_self_delete(revoke_all()).await);
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "it waited to retry"
    );
    assert_eq!(err.status(), 503);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_429_is_retried_after_retry_after_seconds_although_the_call_is_a_post() {
    let server = MockServer::start().await;
    // The wait comes from the body's `retry_after` field only (no header).
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).set_body_json(
            json!({"type": "too_many_requests", "message": "Slow down", "retry_after": 1}),
        ))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_json(
            json!({"requested_token_type": "urn:devrev:params:oauth:token-type:session"}),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    // The default policy: a 429 means DevRev refused the request without acting
    // on it, so it is sent again whatever the method.
    let client = client(&server);
    let started = Instant::now();
    let response = client
        .auth_tokens_self_delete(revoke(AuthTokenRequestedTokenType::Session))
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();
    assert_eq!(response.status(), 204);
    assert!(
        elapsed >= Duration::from_millis(950),
        "retry_after: 1 was not honoured ({elapsed:?})"
    );
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, sent[1].body, "the retry sends the same body");
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_millis(500)))
        .expect(1)
        .mount(&server)
        .await;

    let client = DevRevClient::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let result = client.auth_tokens_self_delete(revoke_all()).await;
    assert!(
        matches!(
            result,
            Err(Error::Timeout {
                operation: "auth_tokens_self_delete",
                attempts: 1,
                ..
            })
        ),
        "{result:?}"
    );
}

#[tokio::test]
async fn the_token_is_never_printed() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"type": "unauthenticated", "message": "bad token"})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("unexpected"))
        .mount(&server)
        .await;
    let builder = DevRevClient::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http(true);
    let printed_builder = format!("{builder:?} {builder:#?}");
    let client = builder.build().unwrap();
    let printed_client = format!("{client:?} {client:#?}");

    let api = client
        .auth_tokens_self_delete(revoke_all())
        .await
        .unwrap_err();
    let undeclared = client
        .auth_tokens_self_delete(revoke_all())
        .await
        .unwrap_err();
    assert!(matches!(api, Error::Api(_)) && matches!(undeclared, Error::Api(_)));
    let printed_errors = format!("{api} {api:?} {undeclared} {undeclared:?}");

    for printed in [printed_builder, printed_client, printed_errors] {
        assert!(!printed.contains("s3cr3t"), "token leaked: {printed}");
    }
}

#[tokio::test]
async fn base_url_may_have_a_base_path_and_trailing_slash() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth-tokens.self.delete"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = DevRevClient::builder(TOKEN)
        .base_url(format!("{}/v1/", server.uri()))
        .allow_insecure_http(true)
        .build()
        .unwrap();
    client.auth_tokens_self_delete(revoke_all()).await.unwrap();
}

#[test]
fn default_server_and_plain_http() {
    let client = DevRevClient::builder(TOKEN).build().unwrap();
    assert_eq!(client.base_url(), "https://api.devrev.ai");
    let client = DevRevClient::builder(TOKEN)
        .server(DevRevServer::Production)
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://api.devrev.ai");
    let refused = DevRevClient::builder(TOKEN)
        .base_url("http://api.devrev.test")
        .build();
    assert!(
        matches!(refused, Err(BuildError::InsecureHttp)),
        "{refused:?}"
    );
}
