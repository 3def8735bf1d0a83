//! The contract between generated code and the runtime: the facts the generator
//! emits about an API and its endpoints, and the traits generated types implement.

use super::client::Client;
use super::request::RequestParts;

/// Static facts about one API, emitted as a `const` by the generator.
#[derive(Clone, Copy, Debug)]
pub struct ApiInfo {
    /// Short machine name, e.g. `"smartsheet"`.
    pub name: &'static str,
    /// Human-readable title from the spec.
    pub title: &'static str,
    /// Base URL used when the caller picks neither a server nor a base URL.
    pub default_base_url: &'static str,
    /// Top-level JSON fields of an error body that hold the server's message,
    /// tried in order. Empty when the API documents none: then no message is
    /// guessed, and error lines show the start of the raw body instead.
    pub error_message_fields: &'static [&'static str],
}

/// Implemented by each generated client type (a newtype around [`Client`]).
pub trait ApiClient: From<Client> {
    /// The API's named servers (a generated enum implementing [`ServerUrl`]).
    type Server: ServerUrl;
    /// Facts about the API.
    const API: &'static ApiInfo;
}

/// A named server of an API.
pub trait ServerUrl {
    /// The server's base URL.
    fn url(&self) -> &'static str;
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
    fn decode(status: u16, body: &[u8]) -> Decoded<Self::Output, Self::Error>;
}

/// What [`Endpoint::decode`] says about a response.
#[derive(Debug)]
pub enum Decoded<T, E> {
    /// A declared success status: the decoded body, or why it did not decode.
    Success(Result<T, serde_json::Error>),
    /// A declared error status: the decoded error body, or why it did not decode;
    /// `None` when that status declares no body.
    Error(Option<Result<E, serde_json::Error>>),
    /// The status is not in the spec.
    Undeclared,
}

/// Decodes a JSON body; generated `decode` functions call this.
pub fn json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

impl<T, E> Decoded<T, E> {
    /// A declared success whose JSON body is the success type itself.
    pub fn success(body: &[u8]) -> Self
    where
        T: serde::de::DeserializeOwned,
    {
        Decoded::Success(json(body))
    }

    /// A declared success whose JSON body becomes one variant of the success
    /// type (`variant` is that variant's constructor).
    pub fn success_as<B: serde::de::DeserializeOwned>(body: &[u8], variant: fn(B) -> T) -> Self {
        Decoded::Success(json(body).map(variant))
    }

    /// A declared error whose JSON body becomes one variant of the error type.
    pub fn error<B: serde::de::DeserializeOwned>(body: &[u8], variant: fn(B) -> E) -> Self {
        Decoded::Error(Some(json(body).map(variant)))
    }

    /// A declared error status that has no body.
    pub fn error_without_body() -> Self {
        Decoded::Error(None)
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
        let ok: Decoded<u32, Wrapped> = Decoded::success(b"7");
        assert!(matches!(ok, Decoded::Success(Ok(7))));
        let bad: Decoded<u32, Wrapped> = Decoded::success(b"x");
        assert!(matches!(bad, Decoded::Success(Err(_))));
        let as_variant: Decoded<Wrapped, ()> = Decoded::success_as(b"8", Wrapped::Number);
        assert!(matches!(
            as_variant,
            Decoded::Success(Ok(Wrapped::Number(8)))
        ));
        let err: Decoded<(), Wrapped> = Decoded::error(b"9", Wrapped::Number);
        assert!(matches!(err, Decoded::Error(Some(Ok(Wrapped::Number(9))))));
        let bodiless: Decoded<(), Wrapped> = Decoded::error_without_body();
        assert!(matches!(bodiless, Decoded::Error(None)));
    }

    #[test]
    fn json_decodes_and_reports_errors() {
        let n: u32 = json(b"42").unwrap();
        assert_eq!(n, 42);
        assert!(json::<u32>(b"\"no\"").is_err());
    }
}
