//! The contract between generated code and the runtime: the facts the generator
//! emits about an API and its endpoints, and the traits generated types implement.

use super::auth::{Scheme, SchemeCredential};
use super::body::{Body, BodyError};
use super::client::Client;
use super::error::BuildError;
use super::request::RequestParts;
use super::throttle::{Const, RetryRules, body_matches};

/// Static facts about one API, emitted as a `const` by the generator.
#[derive(Clone, Copy, Debug)]
pub struct ApiInfo {
    /// Short machine name, e.g. `"smartsheet"`.
    pub name: &'static str,
    /// Human-readable title from the spec.
    pub title: &'static str,
    /// The `User-Agent` product token: the generated crate's name and version
    /// (`api-clients-smartsheet/1.0.0`), so a server's logs tell which client
    /// and release sent a request.
    pub user_agent: &'static str,
    /// Where an error body holds the server's message: JSON Pointers (with `*`
    /// for the only key of an object or each element of an array), tried in
    /// order. Empty when the API documents none: then no message is guessed, and
    /// error lines show the start of the raw body instead.
    pub error_message: &'static [&'static str],
    /// The API's authentication schemes.
    pub schemes: &'static [Scheme],
    /// Which responses are throttling or transient, and where waits come from.
    pub retry: RetryRules,
}

/// Implemented by each generated client type (a newtype around [`Client`]).
pub trait ApiClient: From<Client> {
    /// The API's named servers (a generated enum implementing [`ServerUrl`]).
    type Server: ServerUrl;
    /// The API's credentials, one variant per scheme (a generated enum), or
    /// [`NoCredential`](super::NoCredential) for an API without authentication.
    type Credential: Into<SchemeCredential>;
    /// Facts about the API.
    const API: &'static ApiInfo;
}

/// A named server of an API.
pub trait ServerUrl {
    /// The server's base URL, with its variables filled in (see
    /// [`server_url`](super::server_url)).
    fn url(&self) -> Result<String, BuildError>;
}

/// Static facts about one endpoint, emitted as a `const` by the generator.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Operation name, e.g. `"revoke_token"`; used in errors.
    pub name: &'static str,
    /// The HTTP method.
    pub method: http::Method,
    /// Path template relative to the base URL, e.g. `"/v2.0/tokens/{tokenId}"`.
    pub path: &'static str,
    /// Whether sending the request twice has the same effect as sending it once;
    /// only idempotent operations are retried unless the policy says otherwise.
    pub idempotent: bool,
    /// `(status, field)`: for a response with `status`, the top-level integer JSON
    /// field of its body that holds the number of seconds to wait before retrying.
    pub retry_after_fields: &'static [(u16, &'static str)],
    /// Media type of the request body, when the endpoint has one.
    pub content_type: Option<&'static str>,
    /// Value of the `Accept` header.
    pub accept: &'static str,
    /// Names of the schemes the operation accepts, in order of preference; the
    /// first one the client has a credential for is used.
    pub auth: &'static [&'static str],
    /// Whether the operation may also be sent without a credential.
    pub auth_optional: bool,
    /// Headers with fixed values sent on every call.
    pub headers: &'static [(&'static str, &'static str)],
    /// Whether its bodies can hold secrets, so errors never show them.
    pub sensitive_bodies: bool,
    /// `(lowest, highest status, pointers)`: responses whose message is not
    /// where the API's usually is, first match wins.
    pub error_messages: &'static [(u16, u16, &'static [&'static str])],
}

impl Operation {
    /// Where the message of an error response with `status` is.
    pub(crate) fn message_paths(&self, api: &ApiInfo, status: u16) -> &'static [&'static str] {
        self.error_messages
            .iter()
            .find(|(low, high, _)| (*low..=*high).contains(&status))
            .map_or(api.error_message, |(_, _, paths)| paths)
    }
}

/// Implemented by each generated request type.
pub trait Endpoint: Sized {
    /// The success type (a body type, `()`, or a generated enum).
    type Output;
    /// The endpoint's typed error-body enum (may be an empty enum).
    type Error;
    /// Static facts about the endpoint.
    const OPERATION: &'static Operation;
    /// Writes path parameters, query, headers and body into `req`. Called once per send.
    fn write(&self, req: &mut RequestParts);
    /// Decodes a response body for `status`.
    fn decode(status: u16, body: &Body<'_>) -> Decoded<Self::Output, Self::Error>;
}

/// What [`Endpoint::decode`] says about a response.
#[derive(Debug)]
pub enum Decoded<T, E> {
    /// A declared success status: the decoded body, or why it did not decode.
    Success(Result<T, BodyError>),
    /// A declared error status: the decoded error body, or why it did not decode;
    /// `None` when that status declares no body.
    Error(Option<Result<E, BodyError>>),
    /// The status is not in the spec.
    Undeclared,
}

impl<T, E> Decoded<T, E> {
    /// A declared success whose JSON body is the success type itself.
    pub fn success(body: &Body<'_>) -> Self
    where
        T: serde::de::DeserializeOwned,
    {
        Decoded::Success(body.json())
    }

    /// A declared success whose JSON body becomes one variant of the success
    /// type (`variant` is that variant's constructor).
    pub fn success_as<B: serde::de::DeserializeOwned>(
        body: &Body<'_>,
        variant: fn(B) -> T,
    ) -> Self {
        Decoded::Success(body.json().map(variant))
    }

    /// A declared error whose JSON body becomes one variant of the error type.
    pub fn error<B: serde::de::DeserializeOwned>(body: &Body<'_>, variant: fn(B) -> E) -> Self {
        Decoded::Error(Some(body.json().map(variant)))
    }

    /// A declared error status that has no body.
    pub fn error_without_body() -> Self {
        Decoded::Error(None)
    }

    /// For a success status whose JSON body may say it failed: the `error`
    /// variant when every path in `when` holds one of its values
    /// (`{"ok": false}`); `None` when the body is an ordinary success.
    pub fn error_when<B: serde::de::DeserializeOwned>(
        body: &Body<'_>,
        when: &[(&str, &[Const])],
        error: fn(B) -> E,
    ) -> Option<Self> {
        // A JSON body (by its media type and syntax), checked without a tree.
        body.json::<serde::de::IgnoredAny>().ok()?;
        body_matches(body.raw(), when).then(|| Decoded::Error(Some(body.json().map(error))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_decode_into_the_declared_shapes() {
        #[derive(Debug, PartialEq)]
        enum Wrapped {
            Number(u32),
        }
        let body = |text: &'static str| bytes::Bytes::from_static(text.as_bytes());
        let (seven, x, eight, nine) = (body("7"), body("x"), body("8"), body("9"));
        let ok: Decoded<u32, Wrapped> = Decoded::success(&Body::new(&seven, None));
        assert!(matches!(ok, Decoded::Success(Ok(7))));
        let bad: Decoded<u32, Wrapped> = Decoded::success(&Body::new(&x, None));
        assert!(matches!(bad, Decoded::Success(Err(_))));
        let as_variant: Decoded<Wrapped, ()> =
            Decoded::success_as(&Body::new(&eight, None), Wrapped::Number);
        assert!(matches!(
            as_variant,
            Decoded::Success(Ok(Wrapped::Number(8)))
        ));
        let err: Decoded<(), Wrapped> = Decoded::error(&Body::new(&nine, None), Wrapped::Number);
        assert!(matches!(err, Decoded::Error(Some(Ok(Wrapped::Number(9))))));
        let bodiless: Decoded<(), Wrapped> = Decoded::error_without_body();
        assert!(matches!(bodiless, Decoded::Error(None)));
    }
}
