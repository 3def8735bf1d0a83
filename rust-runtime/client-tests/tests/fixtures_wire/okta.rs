//! Okta's OAuth 2.0 revocation endpoint (RFC 7009): a server URL that is the
//! customer's own domain, a form body, and client authentication by HTTP Basic
//! or by form fields, or none for public clients.

use api_clients_runtime::{BuildError, Error};
use wiremock::ResponseTemplate;

use super::{connect_target, header, sent, server, target};
use crate::okta_oauth::{
    IntrospectTokenBody, IntrospectTokenRequest, OktaOAuthClient, OktaOAuthCredential,
    OktaOAuthServer, RevokeTokenBody, RevokeTokenError, RevokeTokenRequest,
    RevokeTokenTypeHintOrgAs,
};

const SECRET_TOKEN: &str = "00a+refresh/tok=en&x";

fn revoke() -> RevokeTokenRequest {
    RevokeTokenRequest::new(
        RevokeTokenBody::new(SECRET_TOKEN).token_type_hint(RevokeTokenTypeHintOrgAs::RefreshToken),
    )
}

fn client(base: &str, credential: Option<OktaOAuthCredential>) -> OktaOAuthClient {
    let mut builder = OktaOAuthClient::builder("dev-123456.okta.com")
        .base_url(base)
        .allow_insecure_http(true);
    if let Some(c) = credential {
        builder = builder.credential(c);
    }
    builder.build().expect("client")
}

#[tokio::test]
async fn client_secret_basic_sends_the_basic_header_and_an_html_form_body() {
    let server = server(ResponseTemplate::new(200)).await;
    let client = client(
        &server.uri(),
        Some(OktaOAuthCredential::client_basic(
            "0oa1client",
            "s3cr3t:with colon",
        )),
    );
    client.revoke_token(revoke()).await.expect("revoked");
    let request = sent(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(target(&request), "/oauth2/v1/revoke");
    // base64("0oa1client:s3cr3t:with colon")
    assert_eq!(
        header(&request, "authorization"),
        Some("Basic MG9hMWNsaWVudDpzM2NyM3Q6d2l0aCBjb2xvbg==")
    );
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        "token=00a%2Brefresh%2Ftok%3Den%26x&token_type_hint=refresh_token"
    );
}

#[tokio::test]
async fn client_secret_post_puts_the_credentials_in_the_form_and_no_header() {
    let server = server(ResponseTemplate::new(200)).await;
    let client = client(
        &server.uri(),
        Some(OktaOAuthCredential::client_post("0oa1client", "s3cr3t&x=1")),
    );
    client.revoke_token(revoke()).await.expect("revoked");
    let request = sent(&server).await;
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        "token=00a%2Brefresh%2Ftok%3Den%26x&token_type_hint=refresh_token&client_id=0oa1client&client_secret=s3cr3t%26x%3D1"
    );
}

#[tokio::test]
async fn a_public_client_sends_only_its_client_id() {
    let server = server(ResponseTemplate::new(200)).await;
    let client = client(&server.uri(), None);
    let body = RevokeTokenBody::new("tok").client_id("0oa1public");
    client
        .revoke_token(RevokeTokenRequest::new(body))
        .await
        .expect("revoked");
    let request = sent(&server).await;
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        "client_id=0oa1public&token=tok"
    );
}

#[tokio::test]
async fn an_endpoint_that_needs_a_credential_sends_nothing_without_one() {
    let server = server(ResponseTemplate::new(200)).await;
    let client = client(&server.uri(), None);
    let err = client
        .introspect_token(IntrospectTokenRequest::new(IntrospectTokenBody::new(
            SECRET_TOKEN,
        )))
        .await
        .unwrap_err();
    let line = err.to_string();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(
        line.contains("`client_basic` (HTTP Basic) or `client_post`"),
        "{line}"
    );
    assert!(!line.contains(SECRET_TOKEN), "{line}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn errors_carry_the_oauth_message_and_never_the_token() {
    let server = server(ResponseTemplate::new(401).set_body_raw(
        r#"{"error":"invalid_client","error_description":"No client credentials found."}"#,
        "application/json",
    ))
    .await;
    let client = client(
        &server.uri(),
        Some(OktaOAuthCredential::client_basic("id", "pw-SECRET")),
    );
    let err = client.revoke_token(revoke()).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "revoke_token: HTTP 401 Unauthorized: No client credentials found."
    );
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(
        api.typed(),
        Some(RevokeTokenError::Unauthorized(_))
    ));
    let printed = format!("{err:?} {client:?} {:?}", revoke());
    for secret in [SECRET_TOKEN, "pw-SECRET"] {
        assert!(!printed.contains(secret), "{printed}");
    }
    assert!(format!("{:?}", revoke()).contains("token: \"[redacted]\""));
}

#[tokio::test]
async fn the_domain_variable_is_the_host_the_client_connects_to() {
    let line = connect_target(|http| {
        Box::pin(async move {
            let client = OktaOAuthClient::builder("dev-123456.okta.com")
                .http_client(http)
                .build()
                .expect("client");
            assert_eq!(client.base_url(), "https://dev-123456.okta.com");
            let err = client.revoke_token(revoke()).await.unwrap_err();
            assert!(!err.to_string().contains(SECRET_TOKEN));
        })
    })
    .await;
    assert_eq!(line, "CONNECT dev-123456.okta.com:443 HTTP/1.1");
}

#[test]
fn domains_that_would_leave_their_place_in_the_url_are_refused() {
    for evil in [
        "evil.test/x",
        "evil.test#",
        "evil.test?a",
        "me@evil.test",
        "evil.test:8443",
        "",
        "..",
    ] {
        let err = OktaOAuthClient::builder(evil).build().unwrap_err();
        assert!(
            matches!(
                err,
                BuildError::InvalidServerVariable {
                    name: "yourOktaDomain",
                    ..
                }
            ),
            "{evil}: {err:?}"
        );
        if evil.len() > 3 {
            assert!(!err.to_string().contains(evil), "{err}");
        }
    }
    let client = OktaOAuthClient::builder("x")
        .server(OktaOAuthServer::Org {
            your_okta_domain: "login.example.com".into(),
        })
        .build()
        .expect("client");
    assert_eq!(client.base_url(), "https://login.example.com");
}

#[tokio::test]
async fn a_429_shows_the_message_from_its_own_path() {
    let server = server(ResponseTemplate::new(429).set_body_raw(
        r#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#,
        "application/json",
    ))
    .await;
    let client = client(
        &server.uri(),
        Some(OktaOAuthCredential::client_basic("id", "pw")),
    )
    .with_retry_policy(api_clients_runtime::RetryPolicy::none());
    let err = client.revoke_token(revoke()).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "revoke_token: HTTP 429 Too Many Requests: API call exceeded rate limit due to too many requests."
    );
}

#[tokio::test]
async fn a_refresh_grant_sends_its_constant_and_keeps_new_tokens_out_of_debug() {
    use crate::okta_oauth::{RefreshTokenBody, RefreshTokenRequest};
    let tokens = r#"{"access_token":"eyJ-NEW-ACCESS","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-NEW"}"#;
    let server = server(ResponseTemplate::new(200).set_body_raw(tokens, "application/json")).await;
    let client = client(
        &server.uri(),
        Some(OktaOAuthCredential::client_basic("0oa1client", "pw")),
    );
    let response = client
        .refresh_token(RefreshTokenRequest::new(
            RefreshTokenBody::new("rt-OLD").scope("openid offline_access"),
        ))
        .await
        .expect("refreshed");
    assert_eq!(response.body().access_token, "eyJ-NEW-ACCESS");
    let printed = format!("{response:?}");
    assert!(
        !printed.contains("eyJ-NEW-ACCESS") && !printed.contains("rt-NEW"),
        "{printed}"
    );
    let request = sent(&server).await;
    assert_eq!(target(&request), "/oauth2/v1/token");
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        "grant_type=refresh_token&refresh_token=rt-OLD&scope=openid+offline_access"
    );
}

#[tokio::test]
async fn a_constraint_broken_before_sending_names_the_input_and_sends_nothing() {
    use crate::okta_oauth::{RefreshTokenBody, RefreshTokenRequest};
    let server = server(ResponseTemplate::new(200)).await;
    let client = client(
        &server.uri(),
        Some(OktaOAuthCredential::client_basic("id", "pw")),
    );
    let err = client
        .refresh_token(RefreshTokenRequest::new(RefreshTokenBody::new("")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "refresh_token: invalid request: `body.refresh_token` must have a length of at least 1 (it has 0)"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}
