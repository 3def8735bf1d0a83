//! Sending requests through a configured client ([`Client`]).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderValue, header};

use super::api::{ApiInfo, Decoded, Endpoint, Operation};
use super::auth::{self, Applied};
use super::body::Body;
use super::error::{ApiError, DecodeError, Error};
use super::request::{Prepared, RequestParts};
use super::response::{RawResponse, Response};
use super::retry::RetryPolicy;

/// The shared client state behind every generated client.
///
/// Cheap to clone (an `Arc` inside). `Debug` shows the base URL and settings,
/// never credentials.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
    pub(crate) retry: RetryPolicy,
}

pub(crate) struct Inner {
    pub(crate) api: &'static ApiInfo,
    /// Normalized, without trailing `/`.
    pub(crate) base_url: String,
    pub(crate) http: reqwest::Client,
    /// By scheme name, ready for the wire; `Debug` redacts them.
    pub(crate) credentials: Vec<(&'static str, Applied)>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    /// The most bytes of a response body read before the call fails.
    pub(crate) max_body: usize,
}

/// Why an attempt ended without a response to decode.
enum AttemptError {
    Transport(reqwest::Error),
    TooLarge(http::StatusCode),
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api", &self.inner.api.name)
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("user_agent", &self.inner.user_agent)
            .field("timeout", &self.inner.timeout)
            .field("max_response_body", &self.inner.max_body)
            .field("retry", &self.retry)
            .finish()
    }
}

impl Client {
    /// The base URL, normalized and without trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Facts about the API this client talks to.
    pub fn api(&self) -> &'static ApiInfo {
        self.inner.api
    }

    /// A copy of this client that uses `policy` for the calls made through it.
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            retry: policy,
        }
    }

    /// Sends one request described by a generated endpoint type, retrying per the
    /// retry policy, and decodes the response.
    ///
    /// The client's `User-Agent` and credential headers replace same-named headers
    /// written by the endpoint.
    pub async fn send<R: Endpoint>(
        &self,
        request: R,
    ) -> Result<Response<R::Output>, Error<R::Error>> {
        let operation = R::OPERATION;
        let invalid = |reason| Error::InvalidRequest {
            operation: operation.name,
            reason,
        };
        let mut parts = RequestParts::new(operation);
        request.write(&mut parts);
        if let Some(credential) = self.credential_for(operation).map_err(invalid)? {
            parts.authenticate(credential);
        }
        let mut prepared = parts.prepare(&self.inner.base_url).map_err(invalid)?;
        prepared
            .headers
            .insert(header::USER_AGENT, self.inner.user_agent.clone());

        let attempts = self.retry.attempts();
        let mut attempt = 1;
        loop {
            let last = attempt >= attempts;
            match self.send_once(&operation.method, &prepared).await {
                Ok(response) => {
                    let wait = if last {
                        None
                    } else {
                        self.retry.wait_after_response(
                            &self.inner.api.retry,
                            operation,
                            attempt,
                            response.status,
                            &response.headers,
                            &response.body,
                        )
                    };
                    match wait {
                        Some(wait) => tokio::time::sleep(wait).await,
                        None => return self.finish::<R>(response),
                    }
                }
                Err(AttemptError::TooLarge(status)) => {
                    return Err(Error::BodyTooLarge {
                        operation: operation.name,
                        status,
                        limit: self.inner.max_body,
                    });
                }
                Err(AttemptError::Transport(source))
                    if !last
                        && self.retry.may_resend(operation)
                        && (source.is_connect() || source.is_timeout()) =>
                {
                    tokio::time::sleep(self.retry.backoff(attempt)).await;
                }
                Err(AttemptError::Transport(source)) => {
                    let operation = operation.name;
                    return Err(if source.is_timeout() {
                        Error::Timeout {
                            operation,
                            attempts: attempt,
                            source,
                        }
                    } else {
                        Error::Transport {
                            operation,
                            attempts: attempt,
                            source,
                        }
                    });
                }
            }
            attempt += 1;
        }
    }

    /// The credential for `operation`: the first scheme it accepts that the
    /// client has a credential for; none when it needs none.
    fn credential_for(&self, operation: &Operation) -> Result<Option<&Applied>, String> {
        let found = operation.auth.iter().find_map(|name| {
            self.inner
                .credentials
                .iter()
                .find(|(scheme, _)| scheme == name)
                .map(|(_, applied)| applied)
        });
        match found {
            Some(applied) => Ok(Some(applied)),
            None if operation.auth_optional || operation.auth.is_empty() => Ok(None),
            None => Err(auth::missing(self.inner.api.schemes, operation.auth)),
        }
    }

    /// One attempt: send the request and read the whole body, up to the limit.
    async fn send_once(
        &self,
        method: &http::Method,
        prepared: &Prepared,
    ) -> Result<RawResponse, AttemptError> {
        let mut request = self
            .inner
            .http
            .request(method.clone(), prepared.url.clone())
            .headers(prepared.headers.clone())
            .timeout(self.inner.timeout);
        if let Some(body) = &prepared.body {
            request = request.body(body.clone());
        }
        // The URL is dropped from transport errors: its path can carry values
        // as secret as a credential (a token id to revoke), and errors get logged.
        let transport = |e: reqwest::Error| AttemptError::Transport(e.without_url());
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status();
        let limit = self.inner.max_body;
        // A declared length over the limit fails before anything is read; an
        // undeclared or false one is caught while reading, chunk by chunk.
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(AttemptError::TooLarge(status));
        }
        let headers = std::mem::take(response.headers_mut());
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > limit {
                return Err(AttemptError::TooLarge(status));
            }
            body.extend_from_slice(&chunk);
        }
        let body = body.freeze();
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    /// Turns a final response into the call's result.
    fn finish<R: Endpoint>(
        &self,
        response: RawResponse,
    ) -> Result<Response<R::Output>, Error<R::Error>> {
        let operation = R::OPERATION.name;
        let sensitive = R::OPERATION.sensitive_bodies;
        let fields = R::OPERATION.message_paths(self.inner.api, response.status.as_u16());
        let api_error = |response, typed, declared| {
            Err(Error::Api(ApiError::new(
                operation, response, typed, declared, fields, sensitive,
            )))
        };
        let content_type = response
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let decoded = R::decode(
            response.status.as_u16(),
            &Body::new(&response.body, content_type),
        );
        match decoded {
            Decoded::Success(Ok(body)) => {
                Ok(Response::new(response.status, response.headers, body))
            }
            Decoded::Success(Err(e)) => Err(Error::Decode(DecodeError::new(
                operation, response, e, sensitive,
            ))),
            // An error status stays an API error even when its body is not the
            // declared type (a proxy's HTML page): the status is the news.
            Decoded::Error(Some(Err(e))) => Err(Error::Api(
                ApiError::new(operation, response, None, true, fields, sensitive)
                    .with_body_error(e),
            )),
            Decoded::Error(Some(Ok(typed))) => api_error(response, Some(typed), true),
            Decoded::Error(None) => api_error(response, None, true),
            Decoded::Undeclared => api_error(response, None, false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Builder;
    use crate::test_support::{FakeClient, FakeServer};

    #[test]
    fn with_retry_policy_shares_the_connection_state() {
        let client = Builder::<FakeClient>::new(FakeServer::Production)
            .base_url("https://api.test")
            .build()
            .unwrap()
            .0;
        let other = client.with_retry_policy(RetryPolicy::none());
        assert!(Arc::ptr_eq(&client.inner, &other.inner));
        assert!(format!("{other:?}").contains("max_attempts: 1"));
        assert!(format!("{client:?}").contains("max_attempts: 3"));
    }
}
