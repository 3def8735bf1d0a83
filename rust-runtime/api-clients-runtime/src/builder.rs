//! Configuring a client ([`Builder`]).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;
use reqwest::Url;

use super::api::{ApiClient, ServerUrl};
use super::auth::{self, SchemeCredential};
use super::client::{Client, Inner};
use super::error::BuildError;
use super::hooks::Hook;
use super::provider::CredentialProvider;
use super::retry::RetryPolicy;

/// Most redirects one request follows.
const MAX_REDIRECTS: usize = 10;

/// Configures a client; `C` is the generated client type.
pub struct Builder<C: ApiClient> {
    credentials: Vec<SchemeCredential>,
    /// The base URL, or why the chosen server's URL could not be filled in.
    base_url: Result<String, BuildError>,
    http_client: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent_suffix: Option<String>,
    retry: RetryPolicy,
    allow_insecure_http: bool,
    max_body: usize,
    hooks: Vec<Arc<dyn Hook>>,
    provider: Option<Arc<dyn CredentialProvider>>,
    client: PhantomData<fn() -> C>,
}

/// The default of [`Builder::max_response_body`]: 16 MiB, far above any
/// answer these APIs give, far below what hurts a process.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 16 << 20;

impl<C: ApiClient> Builder<C> {
    /// Starts with `server` and no credentials.
    pub fn new(server: C::Server) -> Self {
        Builder {
            credentials: Vec::new(),
            base_url: server.url(),
            http_client: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent_suffix: None,
            retry: RetryPolicy::default(),
            allow_insecure_http: false,
            max_body: DEFAULT_MAX_RESPONSE_BODY,
            hooks: Vec::new(),
            provider: None,
            client: PhantomData,
        }
    }

    /// Uses one of the API's named servers (with its variables, if it has any).
    pub fn server(mut self, server: C::Server) -> Self {
        self.base_url = server.url();
        self
    }

    /// Uses any base URL (proxies, tests). It may end with `/` and may carry a
    /// base path such as `/2.0`; it must not have a query or fragment.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Ok(url.into());
        self
    }

    /// Adds the credential for one of the API's authentication schemes,
    /// replacing an earlier one for the same scheme. Each call uses the first
    /// scheme its operation accepts that the client has a credential for.
    pub fn credential(mut self, credential: C::Credential) -> Self {
        let credential: SchemeCredential = credential.into();
        self.credentials
            .retain(|c| c.scheme() != credential.scheme());
        self.credentials.push(credential);
        self
    }

    /// Uses a caller-supplied HTTP client. Its connect timeout, proxy and redirect
    /// settings are then the caller's business; the request timeout is still applied
    /// to every request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Timeout of each attempt, from connecting until the body is read (default 30 s).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// Connect timeout of the HTTP client built by [`build`](Self::build) (default 10 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Appends ` <suffix>` to the `User-Agent` (the generated crate's name and version, `api-clients-smartsheet/1.0.0`).
    pub fn user_agent_suffix(mut self, s: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(s.into());
        self
    }

    /// The retry policy for calls made through the client (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, p: RetryPolicy) -> Self {
        self.retry = p;
        self
    }

    /// The most bytes of a response body the client reads (default 16 MiB,
    /// [`DEFAULT_MAX_RESPONSE_BODY`]). A larger body, declared or streamed,
    /// ends the call with [`Error::BodyTooLarge`](crate::Error::BodyTooLarge)
    /// naming the limit, so a broken or hostile server cannot make the client
    /// allocate without bound. Not retried.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Adds a hook that runs before and after every attempt of every call
    /// (see [`Hook`]); hooks run in the order they were added. Clones of the
    /// client share them.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Asks `provider` for the credential before each attempt of a call for
    /// which no credential given with [`credential`](Self::credential) fits,
    /// and tells it when the server answered 401 so it can refresh; the call
    /// is then sent once more (see [`CredentialProvider`]). Clones of the
    /// client share the provider.
    pub fn credential_provider(mut self, provider: impl CredentialProvider) -> Self {
        self.provider = Some(Arc::new(provider));
        self
    }

    /// Whether a plain `http://` base URL is accepted (default false).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Validates the configuration and builds the client.
    ///
    /// The HTTP client built here (when none was supplied) uses rustls and
    /// follows at most 10 redirects, and only those that stay on the base URL's
    /// origin, so credentials never travel to another host; any other redirect
    /// is returned as an error response.
    pub fn build(self) -> Result<C, BuildError> {
        self.build_client().map(C::from)
    }

    /// [`build`](Self::build), without the generated newtype.
    pub(crate) fn build_client(self) -> Result<Client, BuildError> {
        let base_url = validate_base_url(&self.base_url?, self.allow_insecure_http)?;
        let (host, port) = Url::parse(&base_url)
            .map(|u| {
                (
                    u.host_str().unwrap_or_default().to_owned(),
                    u.port_or_known_default(),
                )
            })
            .unwrap_or_default();
        let mut user_agent = C::API.user_agent.to_owned();
        if let Some(suffix) = &self.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        let user_agent =
            HeaderValue::try_from(user_agent).map_err(|_| BuildError::InvalidUserAgent)?;
        let mut credentials = Vec::with_capacity(self.credentials.len());
        for given in &self.credentials {
            let Some(scheme) = C::API.schemes.iter().find(|s| s.name == given.scheme()) else {
                return Err(BuildError::InvalidCredential {
                    scheme: given.scheme(),
                    reason: format!("the API has no scheme `{}`", given.scheme()),
                });
            };
            let applied = auth::apply(scheme, given.credential()).map_err(|reason| {
                BuildError::InvalidCredential {
                    scheme: scheme.name,
                    reason,
                }
            })?;
            credentials.push((scheme.name, applied));
        }
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .use_rustls_tls()
                .connect_timeout(self.connect_timeout)
                .redirect(same_origin_redirects())
                .build()
                .map_err(BuildError::HttpClient)?,
        };
        let inner = Inner {
            api: C::API,
            base_url,
            http,
            credentials,
            user_agent,
            timeout: self.timeout,
            max_body: self.max_body,
            host,
            port,
            hooks: self.hooks,
            provider: self.provider,
        };
        Ok(Client {
            inner: Arc::new(inner),
            retry: self.retry,
        })
    }
}

impl<C: ApiClient> fmt::Debug for Builder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("api", &C::API.name)
            .field("base_url", &self.base_url.as_deref().ok())
            .field(
                "credentials",
                &self
                    .credentials
                    .iter()
                    .map(|c| auth::label(C::API.schemes, c.scheme()))
                    .collect::<Vec<_>>(),
            )
            .field("custom_http_client", &self.http_client.is_some())
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("retry", &self.retry)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("max_response_body", &self.max_body)
            .field("hooks", &self.hooks.len())
            .field("credential_provider", &self.provider.is_some())
            .finish()
    }
}

/// Checks a base URL and returns it normalized, without trailing `/`.
/// Errors never echo the URL (it is the caller's own input).
fn validate_base_url(raw: &str, allow_insecure_http: bool) -> Result<String, BuildError> {
    let invalid = |reason: &str| BuildError::InvalidBaseUrl {
        reason: reason.to_owned(),
    };
    let url = Url::parse(raw).map_err(|e| invalid(&e.to_string()))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http => {}
        "http" => return Err(BuildError::InsecureHttp),
        _ => return Err(invalid("the scheme must be https (or http)")),
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(invalid("it has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "it contains credentials; pass them as `Auth` instead",
        ));
    }
    if url.query().is_some() {
        return Err(invalid("it has a query string"));
    }
    if url.fragment().is_some() {
        return Err(invalid("it has a fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Follows redirects only within the origin of the first request.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{FakeClient, FakeCredential, FakeServer};

    fn build(base: &str, allow_http: bool) -> Result<FakeClient, BuildError> {
        Builder::<FakeClient>::new(FakeServer::Production)
            .base_url(base)
            .allow_insecure_http(allow_http)
            .build()
    }

    fn base(base: &str) -> String {
        build(base, true).unwrap().0.base_url().to_owned()
    }

    #[test]
    fn base_urls_are_normalized() {
        assert_eq!(base("https://api.test"), "https://api.test");
        assert_eq!(base("https://api.test/"), "https://api.test");
        assert_eq!(base("https://API.test/2.0/"), "https://api.test/2.0");
        assert_eq!(base("http://127.0.0.1:8080/v1"), "http://127.0.0.1:8080/v1");
    }

    #[test]
    fn default_and_named_servers() {
        let client = Builder::<FakeClient>::new(FakeServer::Production)
            .build()
            .unwrap();
        assert_eq!(client.0.base_url(), "https://api.fake.test/2.0");
        let client = Builder::<FakeClient>::new(FakeServer::Production)
            .base_url("https://elsewhere.test")
            .server(FakeServer::Production)
            .build()
            .unwrap();
        assert_eq!(client.0.base_url(), "https://api.fake.test/2.0");
        let client = Builder::<FakeClient>::new(FakeServer::Production)
            .server(FakeServer::Sandbox)
            .build()
            .unwrap();
        assert_eq!(client.0.base_url(), "https://sandbox.fake.test/2.0");
        assert_eq!(client.0.api().name, "fake");
    }

    #[test]
    fn plain_http_needs_opting_in() {
        assert!(matches!(
            build("http://api.test", false),
            Err(BuildError::InsecureHttp)
        ));
        assert!(build("http://api.test", true).is_ok());
        assert!(build("https://api.test", false).is_ok());
    }

    #[test]
    fn unusable_base_urls_are_refused_without_echoing_them() {
        for bad in [
            "not a url",
            "/relative",
            "ftp://api.test",
            "https://api.test/?key=1",
            "https://api.test/#frag",
            "https://user:hunter2@api.test/",
            "mailto:someone@api.test",
        ] {
            let err = build(bad, true).map(|_| ()).unwrap_err();
            assert!(
                matches!(err, BuildError::InvalidBaseUrl { .. }),
                "{bad}: {err:?}"
            );
            assert!(!err.to_string().contains("hunter2"), "{err}");
        }
    }

    #[test]
    fn bad_user_agent_suffix_and_credentials_are_refused() {
        let err = Builder::<FakeClient>::new(FakeServer::Production)
            .user_agent_suffix("a\nb")
            .build();
        assert!(matches!(err, Err(BuildError::InvalidUserAgent)));
        let err = Builder::<FakeClient>::new(FakeServer::Production)
            .credential(FakeCredential::Token("x\ny".into()))
            .build();
        assert!(matches!(
            err,
            Err(BuildError::InvalidCredential {
                scheme: "token",
                ..
            })
        ));
    }

    #[test]
    fn debug_of_builder_and_client_hides_credentials() {
        let builder = Builder::<FakeClient>::new(FakeServer::Production)
            .credential(FakeCredential::Token("tok-SECRET".into()))
            .base_url("https://api.test/2.0");
        let printed = format!("{builder:?}");
        assert!(
            printed.contains("api.test/2.0") && !printed.contains("tok-SECRET"),
            "{printed}"
        );

        let client = builder.build().unwrap().0;
        let printed = format!("{client:?} {client:#?}");
        assert!(
            printed.contains("api.test/2.0") && !printed.contains("tok-SECRET"),
            "{printed}"
        );

        let client = Builder::<FakeClient>::new(FakeServer::Production)
            .credential(FakeCredential::Key("key-SECRET".into()))
            .build()
            .unwrap()
            .0;
        let printed = format!("{client:?}");
        assert!(!printed.contains("key-SECRET"), "{printed}");
    }
}
