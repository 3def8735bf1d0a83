//! Plaid's Item endpoints (codegen/tests/fixtures/plaid_items.yaml): one call
//! sends two credentials together (`keys`, an `all_of` of the client id and
//! the secret headers), or both as body fields (`body_keys`). Each path is
//! checked on the wire, with fixed credentials and with a provider.

use std::sync::{Arc, Mutex};

use wiremock::ResponseTemplate;

use super::{header, refused_unsent, sent, server, target};
use crate::plaid_items::runtime::provider::{
    BoxError, BoxFuture, CredentialProvider, CredentialRequest,
};
use crate::plaid_items::runtime::{Credential, Error, SchemeCredential};
use crate::plaid_items::{
    InvalidateAccessTokenBody, InvalidateAccessTokenRequest, PlaidItemsClient,
    PlaidItemsCredential, RemoveItemBody, RemoveItemRequest,
};

const ROTATED: &str = r#"{"new_access_token":"access-sandbox-NEW","request_id":"req-1"}"#;

fn rotate() -> InvalidateAccessTokenRequest {
    InvalidateAccessTokenRequest::new(InvalidateAccessTokenBody::new("access-sandbox-OLD"))
}

fn builder(base: &str) -> crate::plaid_items::runtime::Builder<PlaidItemsClient> {
    PlaidItemsClient::builder()
        .base_url(base)
        .allow_insecure_http(true)
}

#[tokio::test]
async fn both_header_credentials_travel_on_one_call() {
    let server = server(ResponseTemplate::new(200).set_body_raw(ROTATED, "application/json")).await;
    let client = builder(&server.uri())
        .credential(PlaidItemsCredential::client_id("client-123"))
        .credential(PlaidItemsCredential::secret("SECRET-456"))
        .build()
        .expect("client");
    let answer = client
        .invalidate_access_token(rotate())
        .await
        .expect("rotated");
    assert_eq!(answer.body().new_access_token, "access-sandbox-NEW");
    assert!(!format!("{answer:?}").contains("NEW"), "{answer:?}");
    let request = sent(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(target(&request), "/item/access_token/invalidate");
    assert_eq!(header(&request, "plaid-client-id"), Some("client-123"));
    assert_eq!(header(&request, "plaid-secret"), Some("SECRET-456"));
    assert_eq!(header(&request, "plaid-version"), Some("2020-09-14"));
    assert_eq!(request.body, br#"{"access_token":"access-sandbox-OLD"}"#);
    assert!(!format!("{client:?}").contains("SECRET-456"), "{client:?}");
}

#[tokio::test]
async fn one_part_of_a_combined_scheme_is_not_enough_and_nothing_is_sent() {
    let server = server(ResponseTemplate::new(200)).await;
    let client = builder(&server.uri())
        .credential(PlaidItemsCredential::client_id("client-123"))
        .build()
        .expect("client");
    let err = client
        .remove_item(RemoveItemRequest::new(RemoveItemBody::new("access-1")))
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    let words = "`keys` (the credentials of `client_id` and `secret` together) or `body_keys`";
    refused_unsent(&server, &err, words).await;
}

#[tokio::test]
async fn the_body_alternative_puts_both_in_the_json_body_and_no_headers() {
    let server = server(ResponseTemplate::new(200).set_body_raw(ROTATED, "application/json")).await;
    let client = builder(&server.uri())
        .credential(PlaidItemsCredential::body_keys("client-123", "SECRET-456"))
        .build()
        .expect("client");
    client
        .invalidate_access_token(rotate())
        .await
        .expect("rotated");
    let request = sent(&server).await;
    assert_eq!(header(&request, "plaid-client-id"), None);
    assert_eq!(header(&request, "plaid-secret"), None);
    let body: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(
        body,
        serde_json::json!({
            "access_token": "access-sandbox-OLD",
            "client_id": "client-123",
            "secret": "SECRET-456",
        })
    );
}

/// Gives the client id when asked for the operation's schemes, the secret
/// (`secret-N`, N counting refreshes) when asked for it alone.
#[derive(Default, Clone)]
struct Vault(Arc<Asked>);

#[derive(Default)]
struct Asked {
    asked: Mutex<Vec<String>>,
    refreshed: Mutex<Vec<&'static str>>,
}

impl std::ops::Deref for Vault {
    type Target = Asked;
    fn deref(&self) -> &Asked {
        &self.0
    }
}

impl CredentialProvider for Vault {
    fn credential(
        &self,
        call: &CredentialRequest,
    ) -> BoxFuture<'_, Result<Option<SchemeCredential>, BoxError>> {
        self.asked
            .lock()
            .expect("lock")
            .push(call.schemes().join(","));
        let n = self.refreshed.lock().expect("lock").len();
        let given = match call.schemes() {
            ["secret"] => {
                SchemeCredential::new("secret", Credential::Token(format!("secret-{n}").into()))
            }
            _ => SchemeCredential::new("client_id", Credential::Token("client-123".into())),
        };
        Box::pin(async move { Ok(Some(given)) })
    }
    fn unauthorized(&self, scheme: &'static str) -> BoxFuture<'_, ()> {
        self.refreshed.lock().expect("lock").push(scheme);
        Box::pin(async {})
    }
}

#[tokio::test]
async fn a_provider_answers_one_part_and_is_asked_for_the_other_then_refreshes_both() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"error_type":"INVALID_INPUT","error_code":"INVALID_API_KEYS","error_message":"invalid client_id or secret provided"}"#,
            "application/json",
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(ROTATED, "application/json"))
        .mount(&server)
        .await;
    let vault = Vault::default();
    let client = builder(&server.uri())
        .credential_provider(vault.clone())
        .build()
        .expect("client");
    client
        .invalidate_access_token(rotate())
        .await
        .expect("rotated after a refresh");
    assert_eq!(
        *vault.asked.lock().expect("lock"),
        ["keys,body_keys", "secret", "keys,body_keys", "secret"]
    );
    assert_eq!(
        *vault.refreshed.lock().expect("lock"),
        ["secret", "client_id"]
    );
    let requests = server.received_requests().await.expect("recorded");
    let secrets: Vec<_> = requests.iter().map(|r| header(r, "plaid-secret")).collect();
    assert_eq!(secrets, [Some("secret-0"), Some("secret-2")]);
    assert!(
        requests
            .iter()
            .all(|r| header(r, "plaid-client-id") == Some("client-123"))
    );
}

#[tokio::test]
async fn a_provider_credential_for_the_combined_scheme_itself_is_refused() {
    // The credential enum has no variant for `keys`; a hand-made one is refused.
    struct Direct;
    impl CredentialProvider for Direct {
        fn credential(
            &self,
            _: &CredentialRequest,
        ) -> BoxFuture<'_, Result<Option<SchemeCredential>, BoxError>> {
            Box::pin(async {
                Ok(Some(SchemeCredential::new(
                    "keys",
                    Credential::Token("x".into()),
                )))
            })
        }
    }
    let server = server(ResponseTemplate::new(200)).await;
    let client = builder(&server.uri())
        .credential_provider(Direct)
        .build()
        .expect("client");
    let err = client
        .invalidate_access_token(rotate())
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::Credential { .. }), "{err:?}");
    refused_unsent(&server, &err, "keys").await;
}
