//! Sending requests through a configured client ([`Client`]).

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use reqwest::Url;
use tracing::Instrument;

use super::api::{ApiInfo, Decoded, Endpoint, Operation};
use super::auth::{self, Applied};
use super::body::Body;
use super::error::{ApiError, DecodeError, Error};
use super::hooks::{AttemptOutcome, CallInfo, Hook, OutgoingRequest};
use super::observe;
use super::provider::{CredentialProvider, CredentialRequest};
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
    /// The base URL's host and port, for traces.
    pub(crate) host: String,
    pub(crate) port: Option<u16>,
    /// Run around every attempt, in order.
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    /// Asked for a credential when no fixed one fits.
    pub(crate) provider: Option<Arc<dyn CredentialProvider>>,
}

/// The credential of one attempt.
struct Chosen<'a> {
    scheme: &'static str,
    applied: Cow<'a, Applied>,
    from_provider: bool,
}

/// Why an attempt ended without a response to decode.
pub(crate) enum AttemptError {
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
            .field("hooks", &self.inner.hooks.len())
            .field("credential_provider", &self.inner.provider.is_some())
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
    /// written by the endpoint. The call runs in a `tracing` span named
    /// `api_call` (see [`crate::observe`]); hooks run around each attempt.
    pub async fn send<R: Endpoint>(
        &self,
        request: R,
    ) -> Result<Response<R::Output>, Error<R::Error>> {
        let span = observe::call_span(&self.inner, R::OPERATION);
        let started = Instant::now();
        let attempts = AtomicU32::new(0);
        let result = self
            .send_in_span(&request, &attempts)
            .instrument(span.clone())
            .await;
        observe::record_end(
            &span,
            &result,
            attempts.load(Ordering::Relaxed),
            started.elapsed(),
        );
        result
    }

    async fn send_in_span<R: Endpoint>(
        &self,
        request: &R,
        attempts: &AtomicU32,
    ) -> Result<Response<R::Output>, Error<R::Error>> {
        let operation = R::OPERATION;
        let invalid = |reason| Error::InvalidRequest {
            operation: operation.name,
            reason,
        };
        let mut allowed = self.retry.attempts();
        let mut refreshed = false;
        let mut attempt = 1;
        loop {
            attempts.store(attempt, Ordering::Relaxed);
            let last = attempt >= allowed;
            let credentials = self.credential_for(operation).await?;
            let mut parts = RequestParts::new(operation);
            request.write(&mut parts);
            for c in &credentials {
                parts.authenticate(&c.applied);
            }
            let mut prepared = parts.prepare(&self.inner.base_url).map_err(invalid)?;
            let secrets = std::mem::take(&mut prepared.secrets);
            prepared
                .headers
                .insert(header::USER_AGENT, self.inner.user_agent.clone());
            let call = CallInfo {
                api: self.inner.api,
                operation,
                attempt,
            };
            match self.attempt(&call, prepared).await {
                Ok(response) => {
                    // A provider's credential refused: refresh once, send once more.
                    if response.status == StatusCode::UNAUTHORIZED
                        && !refreshed
                        && let Some(provider) = &self.inner.provider
                        && credentials.iter().any(|c| c.from_provider)
                    {
                        for c in credentials.iter().filter(|c| c.from_provider) {
                            tracing::info!(
                                attempt,
                                scheme = c.scheme,
                                "401 with the provider's credential; refreshing it and sending again"
                            );
                            provider.unauthorized(c.scheme).await;
                        }
                        refreshed = true;
                        allowed += 1;
                        attempt += 1;
                        continue;
                    }
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
                        Some(wait) => {
                            tracing::info!(
                                attempt,
                                http.response.status_code = response.status.as_u16(),
                                wait_ms = wait.as_millis() as u64,
                                "retrying after the wait"
                            );
                            tokio::time::sleep(wait).await;
                        }
                        None => return self.finish::<R>(response, &secrets),
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
                    let wait = self.retry.backoff(attempt);
                    tracing::info!(
                        attempt,
                        error.type = observe::transport_kind(&source),
                        wait_ms = wait.as_millis() as u64,
                        "retrying after the wait"
                    );
                    tokio::time::sleep(wait).await;
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

    /// The credentials for `operation`: those of the first scheme it accepts
    /// that the client has fixed credentials for (each part, for a combined
    /// scheme), else the provider's; none when the call needs none.
    async fn credential_for<E>(
        &self,
        operation: &'static Operation,
    ) -> Result<Vec<Chosen<'_>>, Error<E>> {
        if let Some(fixed) = operation
            .auth
            .iter()
            .map(|name| self.parts(name))
            .filter(|parts| !parts.is_empty())
            .find_map(|parts| parts.iter().map(|p| self.fixed(p)).collect())
        {
            return Ok(fixed);
        }
        if let Some(provider) = &self.inner.provider
            && !operation.auth.is_empty()
        {
            let call = CredentialRequest {
                operation: operation.name,
                schemes: operation.auth,
            };
            if let Some(chosen) = self.ask(provider.as_ref(), operation, &call).await? {
                return self.complete(provider.as_ref(), operation, chosen).await;
            }
        }
        if operation.auth_optional || operation.auth.is_empty() {
            Ok(Vec::new())
        } else {
            Err(Error::InvalidRequest {
                operation: operation.name,
                reason: auth::missing(self.inner.api.schemes, operation.auth),
            })
        }
    }

    /// The provider's credential, with the rest of its combined scheme when
    /// it is a part of one (and not accepted alone): the other parts from the
    /// fixed credentials, else asked for one by one.
    async fn complete<'c, E>(
        &'c self,
        provider: &dyn CredentialProvider,
        operation: &'static Operation,
        chosen: Chosen<'c>,
    ) -> Result<Vec<Chosen<'c>>, Error<E>> {
        let combined = operation.auth.iter().find_map(|name| {
            let parts = self.parts(name);
            (parts.len() > 1 && parts.contains(&chosen.scheme)).then_some(parts)
        });
        let parts = match combined {
            Some(parts) if !operation.auth.contains(&chosen.scheme) => parts,
            _ => return Ok(vec![chosen]),
        };
        let mut all = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            if *part == chosen.scheme {
                continue;
            }
            let one = CredentialRequest {
                operation: operation.name,
                schemes: &parts[i..=i],
            };
            let found = match self.fixed(part) {
                Some(c) => Some(c),
                None => self.ask(provider, operation, &one).await?,
            };
            match found {
                Some(c) => all.push(c),
                None => {
                    return Err(Error::InvalidRequest {
                        operation: operation.name,
                        reason: auth::missing(self.inner.api.schemes, &parts[i..=i]),
                    });
                }
            }
        }
        all.push(chosen);
        Ok(all)
    }

    /// The schemes whose credentials scheme `name` sends: its parts when it
    /// is combined, else itself.
    fn parts(&self, name: &'static str) -> &'static [&'static str] {
        match self.inner.api.schemes.iter().find(|s| s.name == name) {
            Some(auth::Scheme {
                kind: auth::SchemeKind::AllOf(parts),
                ..
            }) => parts,
            Some(s) => std::slice::from_ref(&s.name),
            None => &[],
        }
    }

    /// The fixed credential given for scheme `name`.
    fn fixed(&self, name: &str) -> Option<Chosen<'_>> {
        let (scheme, applied) = self.inner.credentials.iter().find(|(s, _)| *s == name)?;
        Some(Chosen {
            scheme,
            applied: Cow::Borrowed(applied),
            from_provider: false,
        })
    }

    /// The provider's credential for one of `call`'s schemes or of their
    /// parts, checked against the scheme it names.
    async fn ask<E>(
        &self,
        provider: &dyn CredentialProvider,
        operation: &'static Operation,
        call: &CredentialRequest,
    ) -> Result<Option<Chosen<'_>>, Error<E>> {
        let refused = |reason: String| Error::Credential {
            operation: operation.name,
            source: reason.into(),
        };
        let given = provider
            .credential(call)
            .await
            .map_err(|source| Error::Credential {
                operation: operation.name,
                source,
            })?;
        let Some(given) = given else {
            return Ok(None);
        };
        let accepted = call
            .schemes
            .iter()
            .flat_map(|name| self.parts(name))
            .any(|n| *n == given.scheme());
        if !accepted {
            return Err(refused(format!(
                "the provider gave a credential for `{}`, which {} does not accept",
                given.scheme(),
                operation.name
            )));
        }
        let scheme = self
            .inner
            .api
            .schemes
            .iter()
            .find(|s| s.name == given.scheme())
            .ok_or_else(|| refused(format!("the API has no scheme `{}`", given.scheme())))?;
        let applied = auth::apply(scheme, given.credential()).map_err(refused)?;
        Ok(Some(Chosen {
            scheme: scheme.name,
            applied: Cow::Owned(applied),
            from_provider: true,
        }))
    }

    /// One attempt with its hooks and its trace event.
    async fn attempt(
        &self,
        call: &CallInfo,
        prepared: Prepared,
    ) -> Result<RawResponse, AttemptError> {
        let Prepared {
            url,
            mut headers,
            body,
            secrets: _,
        } = prepared;
        for hook in &self.inner.hooks {
            hook.before_attempt(
                call,
                &mut OutgoingRequest {
                    method: &call.operation.method,
                    url: &url,
                    headers: &mut headers,
                    body: body.as_deref(),
                },
            );
        }
        let started = Instant::now();
        let result = self
            .send_once(&call.operation.method, url, headers, body)
            .await;
        let elapsed = started.elapsed();
        let (status, response_headers, error) = match &result {
            Ok(r) => (Some(r.status), Some(&r.headers), None),
            Err(AttemptError::TooLarge(status)) => (Some(*status), None, Some("body_too_large")),
            Err(AttemptError::Transport(e)) => (None, None, Some(observe::transport_kind(e))),
        };
        observe::attempt_event(call.attempt, status, error, elapsed);
        let outcome = AttemptOutcome {
            status,
            headers: response_headers,
            elapsed,
            error,
        };
        for hook in &self.inner.hooks {
            hook.after_attempt(call, &outcome);
        }
        result
    }

    /// Sends the request and reads the whole body, up to the limit.
    async fn send_once(
        &self,
        method: &http::Method,
        url: Url,
        headers: HeaderMap,
        body: Option<Bytes>,
    ) -> Result<RawResponse, AttemptError> {
        let mut request = self
            .inner
            .http
            .request(method.clone(), url)
            .headers(headers)
            .timeout(self.inner.timeout);
        if let Some(body) = body {
            request = request.body(body);
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
        // Sized once from a declared length (checked against the limit above),
        // so the buffer is not regrown, and copied, as the body arrives.
        let declared = response.content_length().unwrap_or(0) as usize;
        let mut body = bytes::BytesMut::with_capacity(declared);
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

    /// Turns a final response into the call's result; `secrets` are the
    /// values of its sensitive inputs, which no error shows.
    fn finish<R: Endpoint>(
        &self,
        response: RawResponse,
        secrets: &[String],
    ) -> Result<Response<R::Output>, Error<R::Error>> {
        let operation = R::OPERATION.name;
        let sensitive = R::OPERATION.sensitive_bodies || !secrets.is_empty();
        let fields = R::OPERATION.message_paths(self.inner.api, response.status.as_u16());
        let new_error = |response, typed, declared| {
            ApiError::new(operation, response, typed, declared, fields, sensitive)
                .redacting(secrets)
        };
        let api_error =
            |response, typed, declared| Err(Error::Api(new_error(response, typed, declared)));
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
                new_error(response, None, true).with_body_error(e),
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
