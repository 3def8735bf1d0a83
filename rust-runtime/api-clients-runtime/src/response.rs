//! Responses: the raw one off the wire, and the successful one handed to callers.

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use super::secret::RedactedHeaders;

/// A response as it came off the wire, before decoding.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// A successful response; status, headers and decoded body stay reachable.
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Response {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Status, headers and decoded body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderValue, header};

    #[test]
    fn parts_stay_reachable_and_cookies_are_not_printed() {
        let mut headers = HeaderMap::new();
        headers.insert(header::SET_COOKIE, HeaderValue::from_static("sid=secret"));
        headers.insert("x-request-id", HeaderValue::from_static("r1"));
        let response = Response::new(StatusCode::CREATED, headers, vec![1, 2]);
        assert_eq!(response.status(), StatusCode::CREATED);
        assert_eq!(response.headers()["x-request-id"], "r1");
        assert_eq!(response.body(), &[1, 2]);
        let printed = format!("{response:?}");
        assert!(
            printed.contains("201") && printed.contains("r1"),
            "{printed}"
        );
        assert!(!printed.contains("sid=secret"), "{printed}");
        assert_eq!(response.into_body(), vec![1, 2]);
    }
}
