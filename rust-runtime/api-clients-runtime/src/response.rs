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

/// The value of header `name`, trimmed, when the response carries it once as
/// visible text: what a generated `from_headers` reads each declared header
/// from (an absent, repeated or binary header is `None`).
pub fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    let mut values = headers.get_all(name).iter();
    let first = values.next()?;
    if values.next().is_some() {
        return None;
    }
    first.to_str().ok().map(str::trim)
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

    #[test]
    fn a_header_is_read_once_trimmed_and_visible() {
        let mut headers = HeaderMap::new();
        headers.insert("x-count", HeaderValue::from_static(" 42 "));
        headers.append("x-twice", HeaderValue::from_static("a"));
        headers.append("x-twice", HeaderValue::from_static("b"));
        headers.insert(
            "x-binary",
            HeaderValue::from_bytes(b"\xff").expect("a value"),
        );
        assert_eq!(header_text(&headers, "X-Count"), Some("42"));
        assert_eq!(header_text(&headers, "x-twice"), None);
        assert_eq!(header_text(&headers, "x-binary"), None);
        assert_eq!(header_text(&headers, "x-absent"), None);
    }
}
