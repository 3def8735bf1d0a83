//! Unions: Dropbox's `.tag`-tagged errors and account types (an unknown tag is
//! kept, not a decode failure), and OAuth introspection's `aud`, a string or a
//! list of strings (RFC 7662).

use api_clients_runtime::Error;
use wiremock::ResponseTemplate;

use super::{sent, server};
use crate::dropbox::{
    AccountType, AuthError, DropboxClient, GetCurrentAccountRequest, RevokeTokenError,
    RevokeTokenRequest,
};

fn dropbox(server: &wiremock::MockServer) -> DropboxClient {
    DropboxClient::builder("sl.SECRET")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client")
}

async fn revoke_error(
    status: u16,
    body: &'static str,
    media: &'static str,
) -> Error<RevokeTokenError> {
    let server = server(ResponseTemplate::new(status).set_body_raw(body, media)).await;
    let err = dropbox(&server)
        .revoke_token(RevokeTokenRequest::new())
        .await
        .unwrap_err();
    assert_eq!(sent(&server).await.url.path(), "/auth/token/revoke");
    err
}

#[tokio::test]
async fn a_tagged_member_with_data_decodes_to_its_variant() {
    let err = revoke_error(
        401,
        r#"{"error_summary": "missing_scope/..", "error": {".tag": "missing_scope", "required_scope": "account_info.read"}}"#,
        "application/json",
    )
    .await;
    assert_eq!(
        err.to_string(),
        "revoke_token: HTTP 401 Unauthorized: missing_scope/.."
    );
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    let Some(RevokeTokenError::Unauthorized(body)) = api.typed() else {
        panic!("{err:?}")
    };
    let AuthError::MissingScope(scope) = &body.error else {
        panic!("{body:?}")
    };
    assert_eq!(scope.required_scope, "account_info.read");
    // Sent back (the type is only received: with `full-serde`), the member
    // carries its tag again.
    #[cfg(feature = "full-serde")]
    assert_eq!(
        serde_json::to_value(&body.error).unwrap(),
        serde_json::json!({".tag": "missing_scope", "required_scope": "account_info.read"})
    );
}

#[tokio::test]
async fn a_bare_tag_and_an_unknown_tag_both_decode() {
    let err = revoke_error(
        401,
        r#"{"error_summary": "expired_access_token/", "error": {".tag": "expired_access_token"}}"#,
        "application/json",
    )
    .await;
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    let Some(RevokeTokenError::Unauthorized(body)) = api.typed() else {
        panic!("{err:?}")
    };
    assert_eq!(body.error, AuthError::ExpiredAccessToken);

    let future =
        r#"{"error_summary": "new_reason/", "error": {".tag": "new_reason", "detail": 1}}"#;
    let err = revoke_error(401, future, "application/json").await;
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    let Some(RevokeTokenError::Unauthorized(body)) = api.typed() else {
        panic!("{err:?}")
    };
    let AuthError::Unknown(raw) = &body.error else {
        panic!("{body:?}")
    };
    assert_eq!(raw, &serde_json::json!({".tag": "new_reason", "detail": 1}));
    #[cfg(feature = "full-serde")]
    assert_eq!(
        serde_json::to_value(&body.error).unwrap(),
        *raw,
        "sent back unchanged"
    );
}

#[tokio::test]
async fn a_plain_text_error_body_is_typed_as_text() {
    let err = revoke_error(
        400,
        "Error in call to API function \"auth/token/revoke\"",
        "text/plain; charset=utf-8",
    )
    .await;
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    let Some(RevokeTokenError::BadRequest(text)) = api.typed() else {
        panic!("{err:?}")
    };
    assert!(text.starts_with("Error in call to API function"), "{text}");
}

#[tokio::test]
async fn the_account_type_is_a_tagged_union_too() {
    let account = r#"{"account_id": "dbid:AAH4", "email": "a@example.com", "email_verified": true, "disabled": false, "account_type": {".tag": "business"}}"#;
    let server = server(ResponseTemplate::new(200).set_body_raw(account, "application/json")).await;
    let response = dropbox(&server)
        .get_current_account(GetCurrentAccountRequest::new())
        .await
        .expect("account");
    assert_eq!(response.body().account_type, AccountType::Business);
}

#[tokio::test]
async fn an_audience_is_a_string_or_a_list() {
    use crate::okta_oauth::{
        IntrospectTokenBody, IntrospectTokenRequest, IntrospectionResultAud, OktaOAuthClient,
        OktaOAuthCredential,
    };
    for (aud, expected) in [
        (
            r#""api://default""#,
            IntrospectionResultAud::String("api://default".into()),
        ),
        (
            r#"["a", "b"]"#,
            IntrospectionResultAud::ListOfString(vec!["a".into(), "b".into()]),
        ),
        (
            r#"7"#,
            IntrospectionResultAud::Unknown(serde_json::json!(7)),
        ),
    ] {
        let body = format!(r#"{{"active": true, "aud": {aud}}}"#);
        let server =
            server(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
        let client = OktaOAuthClient::builder("dev-1.okta.com")
            .credential(OktaOAuthCredential::client_basic("id", "pw"))
            .base_url(server.uri())
            .allow_insecure_http(true)
            .build()
            .expect("client");
        let response = client
            .introspect_token(IntrospectTokenRequest::new(IntrospectTokenBody::new("t")))
            .await
            .expect("introspected");
        assert_eq!(response.body().aud.as_ref(), Some(&expected));
    }
}
