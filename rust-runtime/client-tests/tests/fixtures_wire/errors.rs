//! How real APIs report errors and throttling (issue: spec reach, part 2):
//! Slack's `200 {"ok": false}`, Cloudflare's `4XX` envelope with its message in
//! an array and `success: false`, GitHub's 403 with a spent rate limit and a
//! reset time as epoch seconds.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use api_clients_runtime::{Error, RetryPolicy};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{header, sent, server, target};
use crate::cloudflare_tokens::{
    CloudflareTokensClient, DeleteTokenError, DeleteTokenRequest, RollTokenBody, RollTokenRequest,
    VerifyTokenError, VerifyTokenRequest,
};
use crate::github_rate_limits::{GitHubRateLimitsClient, RevokeInstallationTokenRequest};
use crate::slack_auth::{RevokeBody, RevokeError, RevokeRequest, SlackAuthClient};

fn slack(server: &MockServer) -> SlackAuthClient {
    SlackAuthClient::builder("xoxb-SECRET")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client")
}

#[tokio::test]
async fn slack_ok_false_is_a_typed_error_with_its_message() {
    let server = server(ResponseTemplate::new(200).set_body_raw(
        r#"{"ok": false, "error": "invalid_auth"}"#,
        "application/json; charset=utf-8",
    ))
    .await;
    let err = slack(&server)
        .revoke(RevokeRequest::new().body(RevokeBody::new().test(true)))
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "revoke: HTTP 200 OK: invalid_auth");
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    let Some(RevokeError::OkError(body)) = api.typed() else {
        panic!("{err:?}")
    };
    assert_eq!(body.error.as_deref(), Some("invalid_auth"));
    let request = sent(&server).await;
    assert_eq!(request.body, b"test=true");
    assert_eq!(
        header(&request, "authorization"),
        Some("Bearer xoxb-SECRET")
    );
}

#[tokio::test]
async fn slack_ok_true_is_a_success() {
    let server = server(
        ResponseTemplate::new(200)
            .set_body_raw(r#"{"ok": true, "revoked": true}"#, "application/json"),
    )
    .await;
    let response = slack(&server)
        .revoke(RevokeRequest::new())
        .await
        .expect("revoked");
    assert_eq!(response.body().revoked, Some(true));
    assert!(
        sent(&server).await.body.is_empty(),
        "no body when nothing is set"
    );
}

#[tokio::test]
async fn slack_429_is_retried_although_auth_revoke_is_a_post() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"ok": true}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    slack(&server)
        .revoke(RevokeRequest::new())
        .await
        .expect("the retry succeeds");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After was honoured"
    );
}

fn cloudflare(server: &MockServer) -> CloudflareTokensClient {
    CloudflareTokensClient::builder("cf-SECRET")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client")
}

const FAILURE: &str = r#"{"success": false, "errors": [{"code": 1000, "message": "Invalid API Token"}], "messages": [], "result": null}"#;

#[tokio::test]
async fn cloudflare_4xx_shows_the_first_message_of_its_errors_array() {
    for status in [400_u16, 403, 404] {
        let server =
            server(ResponseTemplate::new(status).set_body_raw(FAILURE, "application/json")).await;
        let err = cloudflare(&server)
            .delete_token(DeleteTokenRequest::new("ed17574386854bf78a67040be0a770b0"))
            .await
            .unwrap_err();
        assert!(err.to_string().ends_with(": Invalid API Token"), "{err}");
        let Error::Api(api) = &err else {
            panic!("{err:?}")
        };
        assert!(
            matches!(api.typed(), Some(DeleteTokenError::ClientError(_))),
            "{status}"
        );
        assert_eq!(
            target(&sent(&server).await),
            "/user/tokens/ed17574386854bf78a67040be0a770b0"
        );
    }
}

#[tokio::test]
async fn cloudflare_200_with_success_false_is_an_error() {
    let server = server(ResponseTemplate::new(200).set_body_raw(FAILURE, "application/json")).await;
    let err = cloudflare(&server)
        .verify_token(VerifyTokenRequest::new())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "verify_token: HTTP 200 OK: Invalid API Token"
    );
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(api.typed(), Some(VerifyTokenError::OkError(_))));
}

#[tokio::test]
async fn cloudflare_rolled_token_is_readable_but_never_printed() {
    let rolled = r#"{"success": true, "errors": [], "messages": [], "result": "8M7wS6hCpXVc-DoRnPPY_UCWPgy8aea4Wy6kCe5T"}"#;
    let server = server(ResponseTemplate::new(200).set_body_raw(rolled, "application/json")).await;
    let response = cloudflare(&server)
        .roll_token(RollTokenRequest::new("ed17", RollTokenBody::new()))
        .await
        .expect("rolled");
    assert_eq!(
        response.body().result.as_deref(),
        Some("8M7wS6hCpXVc-DoRnPPY_UCWPgy8aea4Wy6kCe5T")
    );
    assert!(
        !format!("{response:?}").contains("8M7wS6hC"),
        "{response:?}"
    );
    assert_eq!(sent(&server).await.body, b"{}");
}

fn epoch_seconds_in(seconds: u64) -> String {
    (SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + seconds)
        .to_string()
}

#[tokio::test]
async fn github_403_with_a_spent_limit_waits_until_the_reset_then_retries() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", epoch_seconds_in(2).as_str())
                .set_body_raw(
                    r#"{"message": "API rate limit exceeded"}"#,
                    "application/json",
                ),
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
    let client = GitHubRateLimitsClient::builder("ghs_TOKEN")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let started = Instant::now();
    client
        .revoke_installation_token(RevokeInstallationTokenRequest::new())
        .await
        .expect("the retry succeeds");
    // The reset is 1-2 s away (whole epoch seconds): the client waited for it.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn github_403_with_requests_left_is_final() {
    let server = server(
        ResponseTemplate::new(403)
            .insert_header("x-ratelimit-remaining", "4999")
            .set_body_raw(
                r#"{"message": "Resource not accessible by integration"}"#,
                "application/json",
            ),
    )
    .await;
    let client = GitHubRateLimitsClient::builder("ghs_TOKEN")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::default())
        .build()
        .expect("client");
    let err = client
        .revoke_installation_token(RevokeInstallationTokenRequest::new())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "revoke_installation_token: HTTP 403 Forbidden: Resource not accessible by integration"
    );
    let _ = sent(&server).await; // exactly one request
}

#[tokio::test]
async fn cloudflare_token_ids_longer_than_documented_are_refused_before_sending() {
    let server = server(ResponseTemplate::new(200)).await;
    let too_long = "a".repeat(33);
    let err = cloudflare(&server)
        .delete_token(DeleteTokenRequest::new(too_long.as_str()))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "delete_token: invalid request: `token_id` must have a length of at most 32 (it has 33)"
    );
    assert!(!err.to_string().contains(&too_long));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn cloudflare_token_dates_decode_and_keep_their_text() {
    let verified = r#"{"success": true, "errors": [], "messages": [], "result": {"id": "ed17574386854bf78a67040be0a770b0", "status": "active", "expires_on": "2030-01-01T00:00:00+01:00", "not_before": "2024-05-01T12:30:00.250Z"}}"#;
    let server =
        server(ResponseTemplate::new(200).set_body_raw(verified, "application/json")).await;
    let response = cloudflare(&server)
        .verify_token(VerifyTokenRequest::new())
        .await
        .expect("verified");
    let token = response.body().result.clone().expect("result");
    let expires = token.expires_on.expect("expires_on");
    assert_eq!(
        expires.timestamp().as_second(),
        1_893_452_400,
        "the offset is applied"
    );
    assert_eq!(
        expires.as_str(),
        "2030-01-01T00:00:00+01:00",
        "the server's text is kept"
    );
    let sent_back = serde_json::to_value(token.not_before.expect("not_before")).unwrap();
    assert_eq!(sent_back, serde_json::json!("2024-05-01T12:30:00.250Z"));

    let bad = r#"{"success": true, "errors": [], "messages": [], "result": {"id": "x", "status": "active", "expires_on": "next week"}}"#;
    let server = server_with_body(bad).await;
    let err = cloudflare(&server)
        .verify_token(VerifyTokenRequest::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("RFC 3339"), "{err}");
}

async fn server_with_body(body: &'static str) -> MockServer {
    server(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await
}

/// Constraints are checked wherever a constrained struct is held: in an
/// array, a map, an optional field and through a recursive type's `Box`.
#[tokio::test]
async fn constraints_are_checked_inside_arrays_maps_and_recursive_types() {
    use crate::kitchen_sink::{KitchenSinkClient, Label, LabelBatch, LabelWidgetsRequest, Node};
    let server = server(ResponseTemplate::new(204)).await;
    let client = KitchenSinkClient::builder("key")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let refused = [
        (
            LabelBatch::new(vec![Label::new("ok"), Label::new("Not-OK")]),
            "`body.labels.1.key` does not match `^[a-z]+$`",
        ),
        (
            LabelBatch::new(vec![]).by_name([("env".to_owned(), Label::new("PROD"))].into()),
            "`body.by_name.env.key` does not match `^[a-z]+$`",
        ),
        (
            LabelBatch::new(vec![])
                .tree(Node::new("root").children(vec![Node::new("leaf").parent(Node::new(""))])),
            "`body.tree.children.0.parent.name` must have a length of at least 1 (it has 0)",
        ),
    ];
    for (batch, why) in refused {
        let err = client
            .label_widgets(LabelWidgetsRequest::new(batch))
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("label_widgets: invalid request: {why}")
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());

    let valid = LabelBatch::new(vec![Label::new("ok")])
        .tree(Node::new("root").children(vec![Node::new("leaf")]));
    client
        .label_widgets(LabelWidgetsRequest::new(valid))
        .await
        .expect("a valid batch is sent");
    let request = sent(&server).await;
    assert_eq!(target(&request), "/widgets/labels");
}
