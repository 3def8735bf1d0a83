//! Helpers shared by the client tests: reading what the mock server received
//! and unwrapping the error a call is expected to fail with.
#![allow(dead_code)]

use std::fmt::Debug;

use api_clients_runtime::{ApiError, Error, Response};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every request the server received, in order.
pub async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording is on")
}

/// Makes the server answer the next (and only) request with `template`.
pub async fn answer(server: &MockServer, template: ResponseTemplate) {
    server.reset().await;
    Mock::given(any())
        .respond_with(template)
        .expect(1)
        .mount(server)
        .await;
}

/// The `Error::Api` a call failed with; panics on anything else.
pub fn api_error<T: Debug, E: Debug>(result: Result<Response<T>, Error<E>>) -> ApiError<E> {
    match result {
        Err(Error::Api(e)) => e,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}
