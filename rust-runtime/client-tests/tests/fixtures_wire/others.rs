//! Vault (API key header, constant header, secrets in request and response
//! bodies), Warpgate (an API key in a cookie), Shodan (an API key in the
//! query), Google's revocation endpoint (no authentication, form body).

use api_clients_runtime::Error;
use wiremock::ResponseTemplate;

use super::{header, sent, server, target};
use crate::google_oauth::{GoogleOAuthClient, RevokeTokenBody, RevokeTokenRequest};
use crate::shodan::{GetApiInfoRequest, ShodanClient};
use crate::vault::{
    CreateTokenRequest, RevokeTokenRequest as VaultRevoke, TokenRevokeBody, VaultClient,
};
use crate::warpgate::{DeleteMyApiTokenRequest, WarpgateClient, WarpgateCredential};

#[tokio::test]
async fn vault_sends_its_token_header_the_constant_header_and_a_json_body() {
    let server = server(ResponseTemplate::new(204)).await;
    let client = VaultClient::builder("hvs.CAESIJ-SECRET")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    client
        .revoke_token(VaultRevoke::new(TokenRevokeBody::new("hvs.victim-SECRET")))
        .await
        .expect("revoked");
    let request = sent(&server).await;
    assert_eq!(target(&request), "/v1/auth/token/revoke");
    assert_eq!(header(&request, "x-vault-token"), Some("hvs.CAESIJ-SECRET"));
    assert_eq!(header(&request, "x-vault-request"), Some("true"));
    assert_eq!(request.body, br#"{"token":"hvs.victim-SECRET"}"#);
    let printed = format!(
        "{client:?} {:?}",
        VaultRevoke::new(TokenRevokeBody::new("hvs.victim-SECRET"))
    );
    assert!(!printed.contains("SECRET"), "{printed}");
}

#[tokio::test]
async fn a_new_token_in_a_response_is_redacted_and_never_in_errors() {
    let created = r#"{"auth":{"client_token":"hvs.NEW-SECRET","accessor":"acc-SECRET","policies":["default"]}}"#;
    let server = server(ResponseTemplate::new(200).set_body_raw(created, "application/json")).await;
    let client = VaultClient::builder("hvs.root")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let response = client
        .create_token(CreateTokenRequest::new())
        .await
        .expect("created");
    let auth = response.body().auth.as_ref().expect("auth");
    assert_eq!(
        auth.client_token, "hvs.NEW-SECRET",
        "the value itself is readable"
    );
    let printed = format!("{response:?}");
    assert!(
        !printed.contains("NEW-SECRET") && !printed.contains("acc-SECRET"),
        "{printed}"
    );

    // The same body with a field of the wrong type: the decode error must not quote it.
    let broken = r#"{"auth":{"client_token":"hvs.NEW-SECRET","accessor":7}}"#;
    let server =
        server_with(ResponseTemplate::new(200).set_body_raw(broken, "application/json")).await;
    let client = VaultClient::builder("hvs.root")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let err = client
        .create_token(CreateTokenRequest::new())
        .await
        .unwrap_err();
    let printed = format!("{err} {err:?}");
    assert!(matches!(err, Error::Decode(_)), "{printed}");
    assert!(!printed.contains("NEW-SECRET"), "{printed}");
}

async fn server_with(template: ResponseTemplate) -> wiremock::MockServer {
    server(template).await
}

#[tokio::test]
async fn warpgate_sends_its_session_key_as_a_cookie() {
    let server = server(ResponseTemplate::new(204)).await;
    let client = WarpgateClient::builder("warpgate.example.com")
        .credential(WarpgateCredential::session("sess-SECRET"))
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    client
        .delete_my_api_token(DeleteMyApiTokenRequest::new("7f1c"))
        .await
        .expect("deleted");
    let request = sent(&server).await;
    assert_eq!(target(&request), "/profile/api-tokens/7f1c");
    assert_eq!(
        header(&request, "cookie"),
        Some("warpgate-http-session=sess-SECRET")
    );
    assert_eq!(header(&request, "x-warpgate-token"), None);
    assert!(!format!("{client:?}").contains("sess-SECRET"));
    let refused = WarpgateClient::builder("warpgate.example.com")
        .credential(WarpgateCredential::session("a; admin=1"))
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("`session`") && !refused.contains("admin=1"),
        "{refused}"
    );
}

#[tokio::test]
async fn shodan_sends_its_key_in_the_query_and_never_in_errors() {
    let server = server(
        ResponseTemplate::new(500)
            .set_body_raw(r#"{"error":"Internal error"}"#, "application/json"),
    )
    .await;
    let client = ShodanClient::builder("key+SECRET/1")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let err = client
        .get_api_info(GetApiInfoRequest::new())
        .await
        .unwrap_err();
    let request = sent(&server).await;
    assert_eq!(target(&request), "/api-info?key=key%2BSECRET%2F1");
    let printed = format!("{err} {err:?} {client:?}");
    assert!(!printed.contains("SECRET"), "{printed}");
}

#[tokio::test]
async fn google_revocation_sends_no_credentials_and_a_form_body() {
    let server = server(ResponseTemplate::new(400).set_body_raw(
        r#"{"error":"invalid_token","error_description":"Token expired or revoked"}"#,
        "application/json",
    ))
    .await;
    let client = GoogleOAuthClient::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let err = client
        .revoke_token(RevokeTokenRequest::new(RevokeTokenBody::new(
            "ya29.a0-SECRET token",
        )))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "revoke_token: HTTP 400 Bad Request: Token expired or revoked"
    );
    let request = sent(&server).await;
    assert_eq!(target(&request), "/revoke");
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.body, b"token=ya29.a0-SECRET+token");
    assert!(!format!("{err:?}").contains("SECRET"));
}

#[tokio::test]
async fn a_query_key_never_reaches_a_transport_error() {
    // A port nobody listens on any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let client = ShodanClient::builder("key-SECRET")
        .base_url(base)
        .allow_insecure_http(true)
        .retry_policy(api_clients_runtime::RetryPolicy::none())
        .build()
        .expect("client");
    let err = client
        .get_api_info(GetApiInfoRequest::new())
        .await
        .unwrap_err();
    let printed = format!("{err} {err:?} {err:#?}");
    assert!(matches!(err, Error::Transport { .. }), "{printed}");
    assert!(
        !printed.contains("key-SECRET") && !printed.contains("key="),
        "{printed}"
    );
}

#[tokio::test]
async fn vault_errors_are_typed_with_the_first_message_of_their_list() {
    use crate::vault::RevokeTokenError;
    let server = server(
        ResponseTemplate::new(403)
            .set_body_raw(r#"{"errors": ["permission denied"]}"#, "application/json"),
    )
    .await;
    let client = VaultClient::builder("hvs.root")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let err = client
        .revoke_token(VaultRevoke::new(TokenRevokeBody::new("hvs.other")))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "revoke_token: HTTP 403 Forbidden: permission denied"
    );
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    let Some(RevokeTokenError::Forbidden(body)) = api.typed() else {
        panic!("{err:?}")
    };
    assert_eq!(body.errors, vec!["permission denied".to_owned()]);
}

/// Array parameters in the path, the query (repeated and comma-separated)
/// and a header, each value encoded on its own; a secret list's values are
/// kept out of `Debug`.
#[tokio::test]
async fn array_parameters_are_sent_in_the_form_the_spec_names() {
    use crate::kitchen_sink::{FindWidgetsRequest, KitchenSinkClient, WidgetKind};

    let server = server(ResponseTemplate::new(200).set_body_raw("[]", "application/json")).await;
    let client = KitchenSinkClient::builder("key")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let request = FindWidgetsRequest::new(vec![1, 22])
        .kinds(vec![WidgetKind::Small, WidgetKind::ThreeD])
        .tags(vec!["a,b".to_owned(), "c&d=e".to_owned()])
        .x_trace_ids(vec!["trace-SECRET".to_owned(), "t2".to_owned()]);
    assert!(!format!("{request:?}").contains("SECRET"), "{request:?}");
    client.find_widgets(request).await.expect("found");
    let request = super::sent(&server).await;
    assert_eq!(
        super::target(&request),
        "/widgets/by-id/1,22?api-version=2024-01-01&kinds=small&kinds=3d&tags=a%2Cb,c%26d%3De"
    );
    assert_eq!(
        super::header(&request, "x-trace-ids"),
        Some("trace-SECRET,t2")
    );

    // Limits on lists count their items, before anything is sent.
    let err = client
        .find_widgets(FindWidgetsRequest::new(Vec::new()))
        .await
        .expect_err("no ids");
    assert!(err.to_string().contains("ids"), "{err}");
}

/// Text and bytes bodies go as they are, with the spec's content type.
#[tokio::test]
async fn text_and_bytes_bodies_are_sent_as_they_are() {
    use crate::kitchen_sink::{
        KitchenSinkClient, UploadManualRequest, UploadPictureRequest, runtime,
    };

    let server = server(ResponseTemplate::new(204)).await;
    let client = KitchenSinkClient::builder("key")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    client
        .upload_manual(UploadManualRequest::new(
            7,
            "# Manual\n\nnot {json} & not a form",
        ))
        .await
        .expect("stored");
    let png = runtime::Bytes::from_static(b"\x89PNG\r\n\x1a\n\x00\xff");
    client
        .upload_picture(UploadPictureRequest::new(7).body(png.clone()))
        .await
        .expect("stored");
    client
        .upload_picture(UploadPictureRequest::new(8))
        .await
        .expect("stored without a body");
    let requests = server.received_requests().await.expect("recording");
    let [manual, picture, none] = requests.as_slice() else {
        panic!("{requests:?}")
    };
    assert_eq!(super::target(manual), "/widgets/7/manual");
    assert_eq!(super::header(manual, "content-type"), Some("text/markdown"));
    assert_eq!(manual.body, b"# Manual\n\nnot {json} & not a form");
    assert_eq!(super::header(picture, "content-type"), Some("image/png"));
    assert_eq!(picture.body, png.as_ref());
    assert!(none.body.is_empty());
    assert_eq!(super::header(none, "content-type"), None);
}

/// A response's declared headers are read as their types; one absent or not
/// of its type is `None`, and a secret one stays out of `Debug`.
#[tokio::test]
async fn declared_response_headers_are_read_as_their_types() {
    use crate::kitchen_sink::{
        KitchenSinkClient, ListWidgetsOkHeaders, ListWidgetsRequest, Priority, WidgetKind,
    };

    let server = server(
        ResponseTemplate::new(200)
            .set_body_raw("[]", "application/json")
            .insert_header("X-Total-Count", "1234")
            .insert_header("X-Next-Cursor", "cursor-SECRET")
            .insert_header("X-Kind", "3d")
            .insert_header("X-Priority", "2")
            .insert_header("X-Updated-At", "not a date"),
    )
    .await;
    let client = KitchenSinkClient::builder("key")
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let response = client
        .list_widgets(ListWidgetsRequest::new())
        .await
        .expect("listed");
    let h = ListWidgetsOkHeaders::from_headers(response.headers());
    assert_eq!(h.x_total_count, Some(1234));
    assert_eq!(h.x_kind, Some(WidgetKind::ThreeD));
    assert_eq!(h.x_priority, Some(Priority::High));
    assert_eq!(h.x_next_cursor.as_deref(), Some("cursor-SECRET"));
    assert_eq!(h.x_updated_at, None, "not a date-time: read as absent");
    assert!(!format!("{h:?}").contains("SECRET"), "{h:?}");
}
