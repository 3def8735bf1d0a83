//! A downstream crate as a user would write it against the convenience crate
//! `api-clients`: it enables only the features it needs and reaches every
//! client through the public API, by the paths code used before each API became
//! its own crate (`api_clients::smartsheet::...`), so those keep compiling. CI
//! builds it once per feature alone, so a re-export that only compiles
//! alongside the others, or a public item that went private, fails.
#![deny(missing_docs, warnings)]

use api_clients::runtime::Error;

/// What this crate reports after a revocation attempt.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The token is revoked.
    Revoked,
    /// The server refused; its status and message.
    Refused(u16, String),
    /// Anything else (transport, timeout, invalid input); the log line.
    Failed(String),
}

fn outcome<E: std::fmt::Debug>(result: Result<(), Error<E>>) -> Outcome {
    match result {
        Ok(()) => Outcome::Revoked,
        Err(Error::Api(api)) => Outcome::Refused(
            api.status().as_u16(),
            api.message().unwrap_or_default().to_owned(),
        ),
        Err(other) => Outcome::Failed(other.to_string()),
    }
}

/// Smartsheet: revoke the calling token, optionally every token of its API client.
#[cfg(feature = "smartsheet")]
pub async fn revoke_smartsheet(base_url: &str, token: &str, all_for_client: bool) -> Outcome {
    use api_clients::smartsheet::{
        RevokeAccessTokenError, RevokeAccessTokenRequest, SmartsheetClient, SmartsheetServer,
    };
    let builder = SmartsheetClient::builder(token).server(SmartsheetServer::Eu);
    let client = match builder
        .base_url(base_url)
        .allow_insecure_http(true)
        .timeout(std::time::Duration::from_secs(10))
        .user_agent_suffix("downstream-check/0.1")
        .build()
    {
        Ok(c) => c,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let request = RevokeAccessTokenRequest::new()
        .delete_all_for_api_client(all_for_client)
        .smartsheet_integration_source("SCRIPT,Example,downstream-check");
    let result = client.revoke_access_token(request).await.map(|response| {
        let _code = response.body().result_code;
        let _failed = response.body().failed_items.as_ref().map(Vec::len);
    });
    if let Err(Error::Api(api)) = &result
        && let Some(RevokeAccessTokenError::TooManyRequests(body)) = api.typed()
    {
        let _code = body.error_code;
    }
    outcome(result)
}

/// DevRev: revoke the caller's personal access tokens, without retries.
#[cfg(feature = "devrev")]
pub async fn revoke_devrev(base_url: &str, token: &str) -> Outcome {
    use api_clients::devrev::{
        AuthTokenRequestedTokenType, AuthTokensSelfDeleteBody, AuthTokensSelfDeleteRequest,
        DevRevClient,
    };
    let client = match DevRevClient::builder(token)
        .base_url(base_url)
        .allow_insecure_http(true)
        .build()
    {
        Ok(c) => c.with_retry_policy(api_clients::runtime::RetryPolicy::none()),
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let body =
        AuthTokensSelfDeleteBody::new().requested_token_type(AuthTokenRequestedTokenType::Pat);
    let result = client
        .auth_tokens_self_delete(AuthTokensSelfDeleteRequest::new(body))
        .await;
    outcome(result.map(|response| response.into_body()))
}

/// Rackspace: revoke the caller's own token, or another user's by id.
#[cfg(feature = "rackspace")]
pub async fn revoke_rackspace(base_url: &str, key: &str, token_id: Option<&str>) -> Outcome {
    use api_clients::rackspace::{RackspaceClient, RevokeOwnTokenRequest, RevokeTokenRequest};
    let client = match RackspaceClient::builder(key)
        .base_url(base_url)
        .allow_insecure_http(true)
        .retry_policy(api_clients::runtime::RetryPolicy::default().max_attempts(2))
        .build()
    {
        Ok(c) => c,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    match token_id {
        Some(id) => outcome(
            client
                .revoke_token(RevokeTokenRequest::new(id))
                .await
                .map(|r| r.into_body()),
        ),
        None => outcome(
            client
                .revoke_own_token(RevokeOwnTokenRequest::new())
                .await
                .map(|r| r.into_body()),
        ),
    }
}
