//! The hand-written runtime that generated API clients call into.
//!
//! A generated client is a newtype around [`Client`] implementing [`ApiClient`];
//! each generated request type implements [`Endpoint`], and its methods call
//! [`Client::send`]. Configure a client with [`Builder`].
//!
//! Security defaults: plain `http://` base URLs are refused unless allowed,
//! credentials are marked sensitive and never printed, path, query and form
//! values are encoded so they cannot change the request's shape, server URL
//! variables cannot reach outside their place in the URL, header values with
//! line breaks are refused, and redirects leaving the base URL's origin are
//! not followed.

mod api;
mod auth;
mod body;
mod builder;
mod client;
pub mod de;
mod error;
/// Hooks around every attempt: metrics, auditing, request signing.
pub mod hooks;
/// Typed mocks for tests of code that uses a client.
#[cfg(feature = "mock")]
pub mod mock;
pub mod observe;
mod pointer;
/// Credentials that change while a client lives.
pub mod provider;
mod request;
mod response;
mod retry;
mod secret;
mod server;
mod throttle;
mod time;
/// Helpers for generated unions.
pub mod union;
mod validate;

#[cfg(test)]
mod body_limit_tests;
#[cfg(test)]
mod production_tests;
#[cfg(test)]
mod send_tests;
#[cfg(test)]
mod test_support;

pub use api::{ApiClient, ApiInfo, Decoded, Endpoint, Operation, ServerUrl};
pub use auth::{Credential, KeyIn, NoCredential, Scheme, SchemeCredential, SchemeKind};
pub use body::{Body, BodyError};
pub use builder::{Builder, DEFAULT_MAX_RESPONSE_BODY};
pub use bytes::Bytes;
pub use client::Client;
pub use error::{ApiError, BuildError, DecodeError, Error};
pub use http::{HeaderMap, Method};
pub use request::{QueryStyle, RequestParts};
pub use response::{Response, header_text};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use server::{Variable, server_url};
pub use throttle::{Condition, Const, RetryRules, Unit, Wait};
pub use time::{Date, DateTime};
pub use validate::{Validate, Validator};
