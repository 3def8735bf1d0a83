//! GitHub's REST API: two schemes in one API (bearer by default, HTTP Basic
//! for the OAuth-app endpoints), a vendor JSON `Accept`, a constant version
//! header, a JSON body holding a secret, and text and binary responses.

use wiremock::ResponseTemplate;

use super::{connect_target, header, sent, server, target};
use crate::github::{
    DeleteAppTokenBody, DeleteAppTokenError, DeleteAppTokenRequest, GetOctocatRequest,
    GetZenRequest, GitHubClient, GitHubCredential, GitHubServer, RevokeInstallationTokenRequest,
};

fn client(base: &str) -> GitHubClient {
    GitHubClient::builder()
        .credential(GitHubCredential::token("ghs_installationTOKEN"))
        .credential(GitHubCredential::app("Iv1.8a61f9b3a7aba766", "app-SECRET"))
        .base_url(base)
        .allow_insecure_http(true)
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_app_endpoint_uses_basic_a_json_body_and_the_constant_headers() {
    let server = server(ResponseTemplate::new(204)).await;
    let request = DeleteAppTokenRequest::new(
        "Iv1.8a61f9b3a7aba766",
        DeleteAppTokenBody::new("gho_16C7e42F292c6912E7710c838347Ae178B4a"),
    );
    client(&server.uri())
        .delete_app_token(request)
        .await
        .expect("deleted");
    let request = sent(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(target(&request), "/applications/Iv1.8a61f9b3a7aba766/token");
    // base64("Iv1.8a61f9b3a7aba766:app-SECRET"): the app scheme, not the default bearer.
    assert_eq!(
        header(&request, "authorization"),
        Some("Basic SXYxLjhhNjFmOWIzYTdhYmE3NjY6YXBwLVNFQ1JFVA==")
    );
    assert_eq!(
        header(&request, "accept"),
        Some("application/vnd.github+json")
    );
    assert_eq!(header(&request, "x-github-api-version"), Some("2022-11-28"));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(
        request.body,
        br#"{"access_token":"gho_16C7e42F292c6912E7710c838347Ae178B4a"}"#
    );
}

#[tokio::test]
async fn the_default_scheme_is_bearer() {
    let server = server(ResponseTemplate::new(204)).await;
    client(&server.uri())
        .revoke_installation_token(RevokeInstallationTokenRequest::new())
        .await
        .expect("revoked");
    let request = sent(&server).await;
    assert_eq!(target(&request), "/installation/token");
    assert_eq!(
        header(&request, "authorization"),
        Some("Bearer ghs_installationTOKEN")
    );
    assert_eq!(header(&request, "x-github-api-version"), Some("2022-11-28"));
}

#[tokio::test]
async fn a_validation_error_is_typed_and_its_message_shown() {
    let server = server(ResponseTemplate::new(422).set_body_raw(
        r#"{"message":"Validation Failed","documentation_url":"https://docs.github.com/rest"}"#,
        "application/json; charset=utf-8",
    ))
    .await;
    let err = client(&server.uri())
        .delete_app_token(DeleteAppTokenRequest::new(
            "id",
            DeleteAppTokenBody::new("gho_SECRET"),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "delete_app_token: HTTP 422 Unprocessable Entity: Validation Failed"
    );
    let api_clients_runtime::Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(
        api.typed(),
        Some(DeleteAppTokenError::UnprocessableEntity(_))
    ));
    let printed = format!("{err:?}");
    assert!(
        !printed.contains("gho_SECRET") && !printed.contains("app-SECRET"),
        "{printed}"
    );
}

#[tokio::test]
async fn zen_is_text_and_works_without_credentials() {
    let server = server(
        ResponseTemplate::new(200)
            .set_body_raw("Keep it logically awesome.", "text/plain;charset=utf-8"),
    )
    .await;
    let anonymous = GitHubClient::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let zen = anonymous.get_zen(GetZenRequest::new()).await.expect("zen");
    assert_eq!(zen.body(), "Keep it logically awesome.");
    let request = sent(&server).await;
    assert_eq!(
        header(&request, "authorization"),
        None,
        "no credential, none sent"
    );
    assert_eq!(
        header(&request, "accept"),
        Some("application/vnd.github+json")
    );
}

#[tokio::test]
async fn octocat_is_raw_bytes_and_its_query_is_encoded() {
    let art: &[u8] = b"\xe2\x94\x8c MMM \xe2\x94\x90\n";
    let server =
        server(ResponseTemplate::new(200).set_body_raw(art, "application/octocat-stream")).await;
    let response = client(&server.uri())
        .get_octocat(GetOctocatRequest::new().s("hi & bye"))
        .await
        .expect("octocat");
    assert_eq!(response.body().as_ref(), art);
    let request = sent(&server).await;
    assert_eq!(target(&request), "/octocat?s=hi%20%26%20bye");
    assert_eq!(
        header(&request, "authorization"),
        Some("Bearer ghs_installationTOKEN")
    );
}

#[tokio::test]
async fn a_body_of_another_media_type_is_reported_with_the_raw_body_kept() {
    let server =
        server(ResponseTemplate::new(200).set_body_raw("<html>rate limited</html>", "text/html"))
            .await;
    let err = client(&server.uri())
        .revoke_installation_token(RevokeInstallationTokenRequest::new())
        .await;
    // A 204-only endpoint answering 200 with HTML: not a declared success body.
    assert!(err.is_err(), "{err:?}");
    let server = server_zen_as_json().await;
    let err = client(&server.uri())
        .get_zen(GetZenRequest::new())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "get_zen: could not decode the HTTP 200 response: the spec declares a text body, but the server sent `application/json`"
    );
    let api_clients_runtime::Error::Decode(decode) = err else {
        panic!()
    };
    assert_eq!(decode.body(), br#"{"message":"zen"}"#);
}

async fn server_zen_as_json() -> wiremock::MockServer {
    server(ResponseTemplate::new(200).set_body_raw(r#"{"message":"zen"}"#, "application/json"))
        .await
}

#[tokio::test]
async fn an_enterprise_server_is_reached_at_its_hostname() {
    let line = connect_target(|http| {
        Box::pin(async move {
            let client = GitHubClient::builder()
                .server(GitHubServer::EnterpriseServer {
                    hostname: "github.example.com".into(),
                })
                .http_client(http)
                .build()
                .expect("client");
            assert_eq!(client.base_url(), "https://github.example.com/api/v3");
            let _ = client.get_zen(GetZenRequest::new()).await;
        })
    })
    .await;
    assert_eq!(line, "CONNECT github.example.com:443 HTTP/1.1");
}

/// GitHub's rate-limit headers, declared on `GET /rate_limit`'s 200 from
/// its documentation, are read as numbers and text.
#[tokio::test]
async fn rate_limit_headers_are_read_as_the_docs_describe_them() {
    use crate::github_rate_limits::{
        GetRateLimitOkHeaders, GetRateLimitRequest, GetRateLimitResponse, GitHubRateLimitsClient,
    };

    let body = r#"{"resources":{"core":{"limit":5000,"remaining":4999,"reset":1767225600,"used":1},
        "search":{"limit":30,"remaining":30,"reset":1767225600,"used":0}},
        "rate":{"limit":5000,"remaining":4999,"reset":1767225600,"used":1}}"#;
    let server = server(
        ResponseTemplate::new(200)
            .set_body_raw(body, "application/json")
            .insert_header("x-ratelimit-limit", "5000")
            .insert_header("x-ratelimit-remaining", "4999")
            .insert_header("x-ratelimit-used", "1")
            .insert_header("x-ratelimit-reset", "1767225600")
            .insert_header("x-ratelimit-resource", "core"),
    )
    .await;
    let client = GitHubRateLimitsClient::builder("ghp_TOKEN")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let response = client
        .get_rate_limit(GetRateLimitRequest::new())
        .await
        .expect("read");
    let h = GetRateLimitOkHeaders::from_headers(response.headers());
    assert_eq!(h.x_ratelimit_limit, Some(5000));
    assert_eq!(h.x_ratelimit_remaining, Some(4999));
    assert_eq!(h.x_ratelimit_used, Some(1));
    assert_eq!(h.x_ratelimit_reset, Some(1_767_225_600));
    assert_eq!(h.x_ratelimit_resource.as_deref(), Some("core"));
    let GetRateLimitResponse::Ok(overview) = response.body() else {
        panic!("{:?}", response.body())
    };
    assert_eq!(overview.resources.core.remaining, 4999);
}
