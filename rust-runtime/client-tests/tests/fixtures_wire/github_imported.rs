//! GitHub's credential-revocation operations as `cargo xtask import` wrote
//! them from GitHub's own OpenAPI document, with no hand edit
//! (codegen/tests/fixtures/github_credentials.yaml): each sends the request
//! the document describes (method, path, JSON body), and the limits the
//! document puts on a body are checked before anything is sent.

use wiremock::ResponseTemplate;

use super::{header, sent, server, target};
use crate::github_credentials::runtime::Error;
use crate::github_credentials::{
    AppsDeleteTokenBody, AppsDeleteTokenRequest, AppsRevokeInstallationAccessTokenRequest,
    CredentialsRevokeBody, CredentialsRevokeError, CredentialsRevokeRequest,
    GithubCredentialsClient,
};

fn client(base: &str) -> GithubCredentialsClient {
    GithubCredentialsClient::builder()
        .base_url(base)
        .allow_insecure_http(true)
        .build()
        .expect("client")
}

#[tokio::test]
async fn revoking_exposed_credentials_posts_the_list_as_json() {
    let server = server(ResponseTemplate::new(202).set_body_raw("{}", "application/json")).await;
    let body = CredentialsRevokeBody::new(vec![
        "ghp_1234567890abcdefghijklmnopqrstuvwxyz".to_owned(),
        "github_pat_11ABCDEFG".to_owned(),
    ]);
    let answer = client(&server.uri())
        .credentials_revoke(CredentialsRevokeRequest::new(body))
        .await
        .expect("accepted");
    assert!(answer.body().is_empty());
    let request = sent(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(target(&request), "/credentials/revoke");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(header(&request, "accept"), Some("application/json"));
    // The document names no security scheme: the endpoint is called as it
    // says, without credentials (GitHub refuses authenticated calls here).
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(
        request.body,
        br#"{"credentials":["ghp_1234567890abcdefghijklmnopqrstuvwxyz","github_pat_11ABCDEFG"]}"#
    );
}

#[tokio::test]
async fn the_documents_limits_are_checked_before_sending() {
    let server = server(ResponseTemplate::new(202)).await;
    // `minItems: 1`.
    let empty = CredentialsRevokeRequest::new(CredentialsRevokeBody::new(Vec::new()));
    let err = client(&server.uri())
        .credentials_revoke(empty)
        .await
        .expect_err("refused before sending");
    assert!(err.to_string().contains("credentials"), "{err}");
    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}

#[tokio::test]
async fn a_validation_failure_is_the_documented_typed_error() {
    let server = server(ResponseTemplate::new(422).set_body_raw(
        r#"{"message":"Validation Failed","documentation_url":"https://docs.github.com/rest","errors":["bad token"]}"#,
        "application/json",
    ))
    .await;
    let body = CredentialsRevokeBody::new(vec!["nope".to_owned()]);
    let err = client(&server.uri())
        .credentials_revoke(CredentialsRevokeRequest::new(body))
        .await
        .expect_err("422");
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    match api.typed() {
        Some(CredentialsRevokeError::UnprocessableEntity(e)) => {
            assert_eq!(e.message, "Validation Failed");
            assert_eq!(e.errors.as_deref(), Some(&["bad token".to_owned()][..]));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn deleting_an_app_token_sends_it_in_a_json_body_on_delete() {
    let server = server(ResponseTemplate::new(204)).await;
    let request = AppsDeleteTokenRequest::new(
        "Iv1.8a61f9b3a7aba766",
        AppsDeleteTokenBody::new("gho_16C7e42F292c6912E7710c838347Ae178B4a"),
    );
    client(&server.uri())
        .apps_delete_token(request)
        .await
        .expect("deleted");
    let request = sent(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(target(&request), "/applications/Iv1.8a61f9b3a7aba766/token");
    assert_eq!(
        request.body,
        br#"{"access_token":"gho_16C7e42F292c6912E7710c838347Ae178B4a"}"#
    );
}

#[tokio::test]
async fn revoking_the_installation_token_is_a_bodiless_delete() {
    let server = server(ResponseTemplate::new(204)).await;
    client(&server.uri())
        .apps_revoke_installation_access_token(AppsRevokeInstallationAccessTokenRequest::new())
        .await
        .expect("revoked");
    let request = sent(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(target(&request), "/installation/token");
    assert!(request.body.is_empty());
}
