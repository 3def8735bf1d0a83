//! The hand-written runtime that generated API clients call into.
//!
//! A generated client is a newtype around [`Client`] implementing [`ApiClient`];
//! each generated request type implements [`Endpoint`], and its methods call
//! [`Client::send`]. Configure a client with [`Builder`].
//!
//! Security defaults: plain `http://` base URLs are refused unless allowed,
//! credentials are marked sensitive and never printed, path and query values
//! are percent-encoded so they cannot change the URL's shape, header values
//! with line breaks are refused, and redirects leaving the base URL's origin
//! are not followed.

mod api;
mod client;
mod error;
mod request;
mod response;
mod retry;
mod secret;

#[cfg(test)]
mod send_tests;
#[cfg(test)]
mod test_support;

pub use api::{ApiClient, ApiInfo, Decoded, Endpoint, Operation, ServerUrl, json};
pub use client::{Builder, Client};
pub use error::{ApiError, BuildError, DecodeError, Error};
pub use request::RequestParts;
pub use response::Response;
pub use retry::RetryPolicy;
pub use secret::{Auth, Secret};
