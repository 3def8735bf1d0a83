//! Credentials that change while a client lives: a provider is asked for the
//! credential before each attempt, so a token can be refreshed or rotated, and
//! told when the server answered 401 so it can refresh once before the call
//! is sent again. Give one to
//! [`Builder::credential_provider`](crate::Builder::credential_provider).

use std::future::Future;
use std::pin::Pin;

use super::auth::SchemeCredential;

/// A boxed future, as the provider's methods return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An error of the caller's provider.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What a call needs a credential for.
#[derive(Debug, Clone, Copy)]
pub struct CredentialRequest {
    pub(crate) operation: &'static str,
    pub(crate) schemes: &'static [&'static str],
}

impl CredentialRequest {
    /// The operation's name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }
    /// The schemes the operation accepts, most preferred first. Where one
    /// is combined (its credentials are several schemes' sent together), a
    /// credential for any of its parts answers; the client then takes the
    /// other parts from the builder's credentials, or asks again for each,
    /// with `schemes` naming that one part.
    pub fn schemes(&self) -> &'static [&'static str] {
        self.schemes
    }
}

/// Gives the credential for each attempt. Credentials given to the builder
/// with `credential` take precedence; the provider is asked when none of them
/// is for a scheme the operation accepts. Clones of a client share it.
///
/// ```
/// use std::sync::Mutex;
/// use api_clients_runtime::provider::{BoxError, BoxFuture, CredentialProvider, CredentialRequest};
/// use api_clients_runtime::{Credential, SchemeCredential};
///
/// /// A token read from a store, read again after a 401.
/// struct Rotating { current: Mutex<String> }
///
/// impl CredentialProvider for Rotating {
///     fn credential(&self, _call: &CredentialRequest)
///         -> BoxFuture<'_, Result<Option<SchemeCredential>, BoxError>> {
///         let token = self.current.lock().map(|t| t.clone()).unwrap_or_default();
///         Box::pin(async move {
///             Ok(Some(SchemeCredential::new("bearer", Credential::Token(token.into()))))
///         })
///     }
///     fn unauthorized(&self, _scheme: &'static str) -> BoxFuture<'_, ()> {
///         Box::pin(async move {
///             // Fetch a new token (from a vault, an OAuth refresh) and store it.
///             if let Ok(mut t) = self.current.lock() { *t = "new-token".to_owned(); }
///         })
///     }
/// }
/// ```
pub trait CredentialProvider: Send + Sync + 'static {
    /// The credential for the next attempt of `call`, for one of the schemes
    /// it accepts; `None` when there is none (the call then goes out without
    /// one if the operation allows it, else fails before sending).
    fn credential(
        &self,
        call: &CredentialRequest,
    ) -> BoxFuture<'_, Result<Option<SchemeCredential>, BoxError>>;

    /// The server answered 401 to an attempt made with the credential this
    /// provider gave for `scheme`. Refresh it here: the call is sent once
    /// more, with the credential asked for again.
    fn unauthorized(&self, scheme: &'static str) -> BoxFuture<'_, ()> {
        let _ = scheme;
        Box::pin(async {})
    }
}
