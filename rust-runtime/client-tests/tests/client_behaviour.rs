//! Behaviour shared by every generated client (configuration, user agent,
//! retries, timeouts, transport failures, redirects, error printing), exercised
//! through the generated clients against real HTTP servers on loopback.

mod common;

use common::requests;

use std::time::{Duration, Instant};

use api_clients_devrev::{AuthTokensSelfDeleteBody, AuthTokensSelfDeleteRequest, DevRevClient};
use api_clients_rackspace::{RackspaceClient, RevokeOwnTokenRequest, RevokeTokenRequest};
use api_clients_runtime::{BuildError, Error, RetryPolicy};
use api_clients_smartsheet::{RevokeAccessTokenRequest, SmartsheetClient};
use serde_json::json;
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "s3cr3t-token-value";

/// The `User-Agent` a generated crate sends: its package name and version as
/// its generated manifest states them.
fn user_agent(manifest: &str) -> String {
    let field = |key: &str| {
        manifest
            .lines()
            .find_map(|l| {
                l.strip_prefix(key)?
                    .strip_prefix(" = \"")?
                    .strip_suffix('"')
            })
            .unwrap_or_else(|| panic!("no `{key}` in the manifest"))
            .to_owned()
    };
    format!("{}/{}", field("name"), field("version"))
}

fn smartsheet_agent() -> String {
    user_agent(include_str!("../../../generated/smartsheet/Cargo.toml"))
}

fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .initial_backoff(Duration::from_millis(5))
}

fn smartsheet(base: &str, policy: RetryPolicy) -> SmartsheetClient {
    SmartsheetClient::builder(TOKEN)
        .base_url(base)
        .allow_insecure_http(true)
        .retry_policy(policy)
        .build()
        .unwrap()
}

fn rackspace(base: &str) -> RackspaceClient {
    RackspaceClient::builder(TOKEN)
        .base_url(base)
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn devrev_request() -> AuthTokensSelfDeleteRequest {
    AuthTokensSelfDeleteRequest::new(AuthTokensSelfDeleteBody::new())
}

fn ok_result() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"message": "SUCCESS", "resultCode": 0}))
}

/// A loopback address nothing listens on.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn user_agent_is_the_crate_and_version_plus_the_suffix() {
    let server = MockServer::start().await;
    for manifest in [
        include_str!("../../../generated/devrev/Cargo.toml"),
        include_str!("../../../generated/rackspace/Cargo.toml"),
    ] {
        let agent = user_agent(manifest);
        assert!(agent.starts_with("api-clients-"), "{agent}");
        Mock::given(header("user-agent", format!("{agent} my-app/1.0").as_str()))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
    }

    let devrev = DevRevClient::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .user_agent_suffix("my-app/1.0")
        .build()
        .unwrap();
    devrev
        .auth_tokens_self_delete(devrev_request())
        .await
        .unwrap();
    let rackspace = RackspaceClient::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .user_agent_suffix("my-app/1.0")
        .build()
        .unwrap();
    rackspace
        .revoke_own_token(RevokeOwnTokenRequest::new())
        .await
        .unwrap();

    server.reset().await;
    Mock::given(header("user-agent", smartsheet_agent().as_str()))
        .respond_with(ok_result())
        .expect(1)
        .mount(&server)
        .await;
    smartsheet(&server.uri(), RetryPolicy::none())
        .revoke_access_token(RevokeAccessTokenRequest::new())
        .await
        .unwrap();
    let agents: Vec<_> = requests(&server).await[0]
        .headers
        .get_all("user-agent")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(agents, [smartsheet_agent()]);
}

#[test]
fn a_user_agent_suffix_with_a_line_break_is_refused() {
    let result = SmartsheetClient::builder(TOKEN)
        .user_agent_suffix("my-app/1.0\r\nX-Evil: 1")
        .build();
    assert!(
        matches!(result, Err(BuildError::InvalidUserAgent)),
        "{result:?}"
    );
}

#[test]
fn credentials_that_are_not_header_values_are_refused_without_echoing_them() {
    let smartsheet = SmartsheetClient::builder("s3cr3t\r\nX-Evil: 1").build();
    let rackspace = RackspaceClient::builder("s3cr3t\nX-Evil: 1").build();
    for result in [smartsheet.map(|_| ()), rackspace.map(|_| ())] {
        let err = result.unwrap_err();
        assert!(
            matches!(err, BuildError::InvalidCredential { .. }),
            "{err:?}"
        );
        let printed = format!("{err} {err:?}");
        assert!(
            !printed.contains("s3cr3t") && !printed.contains("X-Evil"),
            "{printed}"
        );
    }
}

#[test]
fn unusable_base_urls_are_refused_without_echoing_them() {
    for bad in [
        "not a url",
        "/2.0",
        "ftp://api.smartsheet.com/2.0",
        "https://api.smartsheet.com/2.0?key=hunter2",
        "https://api.smartsheet.com/2.0#hunter2",
        "https://user:hunter2@api.smartsheet.com/2.0",
    ] {
        let err = SmartsheetClient::builder(TOKEN)
            .base_url(bad)
            .build()
            .unwrap_err();
        assert!(
            matches!(err, BuildError::InvalidBaseUrl { .. }),
            "{bad}: {err:?}"
        );
        let printed = format!("{err} {err:?}");
        assert!(
            !printed.contains("hunter2") && !printed.contains(TOKEN),
            "{printed}"
        );
    }
}

#[tokio::test]
async fn a_caller_supplied_http_client_is_used() {
    let server = MockServer::start().await;
    Mock::given(header("x-from-caller-client", "yes"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("user-agent", smartsheet_agent().as_str()))
        .respond_with(ok_result())
        .expect(1)
        .mount(&server)
        .await;

    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-from-caller-client", "yes".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .build()
        .unwrap();
    let client = SmartsheetClient::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .http_client(http)
        .build()
        .unwrap();
    client
        .revoke_access_token(RevokeAccessTokenRequest::new())
        .await
        .expect("the caller's client sends the request");
}

#[tokio::test]
async fn a_plain_caller_supplied_client_works_and_still_gets_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(path("/v2.0/tokens"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v2.0/tokens/slow"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_millis(500)))
        .expect(1)
        .mount(&server)
        .await;
    let client = RackspaceClient::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    client
        .revoke_own_token(RevokeOwnTokenRequest::new())
        .await
        .unwrap();
    let slow = client.revoke_token(RevokeTokenRequest::new("slow")).await;
    assert!(matches!(slow, Err(Error::Timeout { .. })), "{slow:?}");
}

#[tokio::test]
async fn timeouts_of_idempotent_calls_are_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok_result().set_delay(Duration::from_millis(500)))
        .expect(2)
        .mount(&server)
        .await;
    let client = SmartsheetClient::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .timeout(Duration::from_millis(100))
        .retry_policy(fast_retries(2))
        .build()
        .unwrap();

    let err = client
        .revoke_access_token(RevokeAccessTokenRequest::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 2, .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "revoke_access_token: timed out after 2 attempts"
    );
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn timeouts_of_non_idempotent_calls_are_not_retried() {
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
        .retry_policy(fast_retries(3))
        .build()
        .unwrap();

    let err = client
        .auth_tokens_self_delete(devrev_request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error_after_the_allowed_attempts() {
    let base = closed_port_url();

    let err = smartsheet(&base, fast_retries(3))
        .revoke_access_token(RevokeAccessTokenRequest::new())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
    let line = err.to_string();
    assert!(
        line.starts_with("revoke_access_token: transport error: "),
        "{line}"
    );
    assert!(!format!("{line} {err:?}").contains(TOKEN));
    assert_eq!(err.status(), None);

    // POST is not retried after a connection failure either (by default).
    let devrev = DevRevClient::builder(TOKEN)
        .base_url(base)
        .allow_insecure_http(true)
        .build()
        .unwrap();
    let err = devrev
        .auth_tokens_self_delete(devrev_request())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn redirects_to_another_origin_are_not_followed() {
    let origin = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&elsewhere)
        .await;
    let target = format!("{}/v2.0/tokens", elsewhere.uri());
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", target.as_str()))
        .expect(1)
        .mount(&origin)
        .await;

    let result = rackspace(&origin.uri())
        .revoke_own_token(RevokeOwnTokenRequest::new())
        .await;
    let Err(Error::Api(err)) = result else {
        panic!("expected the redirect as an Error::Api, got {result:?}");
    };
    assert_eq!(err.status(), 307);
    assert!(!err.is_declared());
    assert_eq!(err.headers()["location"], target.as_str());
    assert!(
        requests(&elsewhere).await.is_empty(),
        "the X-Auth-Token left the origin"
    );
}

#[tokio::test]
async fn redirects_within_the_origin_are_followed_with_credentials() {
    let server = MockServer::start().await;
    Mock::given(path("/v2.0/tokens"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/v2.0/tokens-moved"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v2.0/tokens-moved"))
        .and(header("x-auth-token", TOKEN))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = rackspace(&server.uri())
        .revoke_own_token(RevokeOwnTokenRequest::new())
        .await
        .expect("the redirect is followed");
    assert_eq!(response.status(), 204);
}

#[tokio::test]
async fn a_server_wait_longer_than_max_delay_is_capped() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "3600")
                .set_body_json(json!({"errorCode": 4003})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ok_result())
        .expect(1)
        .mount(&server)
        .await;

    let started = Instant::now();
    smartsheet(
        &server.uri(),
        fast_retries(2).max_delay(Duration::from_millis(50)),
    )
    .revoke_access_token(RevokeAccessTokenRequest::new())
    .await
    .expect("retried after max_delay");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn with_retry_policy_changes_only_the_copy() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"message": "down"})))
        .mount(&server)
        .await;
    let original = smartsheet(&server.uri(), RetryPolicy::none());
    let retrying = original.with_retry_policy(fast_retries(3));

    retrying
        .revoke_access_token(RevokeAccessTokenRequest::new())
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await.len(), 3);
    original
        .revoke_access_token(RevokeAccessTokenRequest::new())
        .await
        .unwrap_err();
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 4, "the original client kept its own policy");
    let bearer = format!("Bearer {TOKEN}");
    assert!(
        sent.iter()
            .all(|r| r.headers["authorization"] == bearer.as_str()),
        "every attempt carries the credentials"
    );
}

#[tokio::test]
async fn api_error_display_is_one_log_line() {
    let server = MockServer::start().await;
    let smartsheet = smartsheet(&server.uri(), RetryPolicy::none());
    let rackspace = rackspace(&server.uri());

    Mock::given(any())
        .respond_with(ResponseTemplate::new(500).set_body_json(
            json!({"errorCode": 4000, "message": "An unexpected\n  error occurred.", "refId": "x"}),
        ))
        .mount(&server)
        .await;
    let err = smartsheet
        .revoke_access_token(RevokeAccessTokenRequest::new())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "revoke_access_token: HTTP 500 Internal Server Error: An unexpected error occurred."
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.operation(), "revoke_access_token");

    server.reset().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_string("<html>\n  <h1>Unauthorized</h1>\n</html>\n"),
        )
        .mount(&server)
        .await;
    let err = rackspace
        .revoke_own_token(RevokeOwnTokenRequest::new())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "revoke_own_token: HTTP 401 Unauthorized: <html> <h1>Unauthorized</h1> </html>"
    );

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_string("x\n".repeat(5000)))
        .mount(&server)
        .await;
    // (`revoke_own_token`: `revoke_token`'s id is sensitive, so its raw
    // bodies are withheld.)
    let err = rackspace
        .revoke_own_token(RevokeOwnTokenRequest::new())
        .await
        .unwrap_err();
    let line = err.to_string();
    assert!(
        line.starts_with("revoke_own_token: HTTP 404 Not Found: x x x"),
        "{line}"
    );
    assert!(!line.contains('\n') && line.ends_with('…'), "{line}");
    assert!(line.chars().count() < 300, "{} chars", line.chars().count());
    let debug = format!("{err:?}");
    assert!(
        debug.len() < 1000,
        "Debug keeps the body short: {} bytes",
        debug.len()
    );
    if let Error::Api(api) = &err {
        assert_eq!(api.body().len(), 10_000, "the raw body is kept whole");
    } else {
        panic!("{err:?}");
    }
}

#[tokio::test]
async fn errors_work_with_question_mark_and_box_dyn_error() {
    async fn revoke(
        client: &SmartsheetClient,
    ) -> Result<u16, Box<dyn std::error::Error + Send + Sync>> {
        let response = client
            .revoke_access_token(RevokeAccessTokenRequest::new())
            .await?;
        Ok(response.status().as_u16())
    }
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok_result())
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{broken"))
        .mount(&server)
        .await;
    let client = smartsheet(&server.uri(), RetryPolicy::none());

    assert_eq!(revoke(&client).await.unwrap(), 200);
    let err = revoke(&client).await.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("revoke_access_token: could not decode the HTTP 200 response")
    );
    assert!(
        err.source().is_some(),
        "a decode error exposes the serde error"
    );
}

#[tokio::test]
async fn clients_are_cheap_clones_usable_from_many_tasks() {
    fn assert_shareable<T: Send + Sync + Clone + 'static>() {}
    assert_shareable::<SmartsheetClient>();
    assert_shareable::<DevRevClient>();
    assert_shareable::<RackspaceClient>();

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok_result())
        .expect(8)
        .mount(&server)
        .await;
    let client = smartsheet(&server.uri(), RetryPolicy::none());
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .revoke_access_token(RevokeAccessTokenRequest::new())
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().expect("each call succeeds");
    }
}
