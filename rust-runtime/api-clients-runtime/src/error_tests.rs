//! Unit tests of `error`: what each error shows, and what it withholds.

use super::*;
use http::{HeaderValue, header};

#[derive(Debug, PartialEq)]
struct NotFound {
    code: u32,
}

fn raw(status: u16, body: &str) -> RawResponse {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::SET_COOKIE,
        HeaderValue::from_static("sid=cookie-secret"),
    );
    RawResponse {
        status: StatusCode::from_u16(status).unwrap(),
        headers,
        body: Bytes::from(body.to_owned()),
    }
}

fn api(status: u16, body: &str, fields: &[&str]) -> Error<NotFound> {
    Error::Api(ApiError::new(
        "get_item",
        raw(status, body),
        None,
        false,
        fields,
        false,
    ))
}

#[test]
fn api_display_uses_the_server_message() {
    let err = api(
        404,
        r#"{"code": 7, "detail": "no such\n item", "message": "m"}"#,
        &["/detail", "/message"],
    );
    assert_eq!(
        err.to_string(),
        "get_item: HTTP 404 Not Found: no such item"
    );
    let Error::Api(api) = &err else {
        unreachable!()
    };
    assert_eq!(api.message(), Some("no such\n item"));
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(err.operation(), "get_item");
}

#[test]
fn messages_are_found_by_pointer_with_wildcards() {
    let cases = [
        (
            r#"{"error": {"code": 5, "message": "nested"}}"#,
            "/error/message",
            Some("nested"),
        ),
        (
            r#"{"errors": ["first", "second"]}"#,
            "/errors/0",
            Some("first"),
        ),
        (
            r#"{"errors": [{"code": 1}, {"message": "second"}]}"#,
            "/errors/*/message",
            Some("second"),
        ),
        (
            r#"{"itemNotFound": {"code": 404, "message": "Token not found"}}"#,
            "/*/message",
            Some("Token not found"),
        ),
        (
            r#"{"a": {"message": "x"}, "b": {"message": "y"}}"#,
            "/*/message",
            None,
        ),
        (r#""a plain string""#, "", Some("a plain string")),
        (
            r#"{"a/b": {"m~n": "escaped"}}"#,
            "/a~1b/m~0n",
            Some("escaped"),
        ),
        (r#"{"error": 7}"#, "/error", None),
        ("<html>", "/error", None),
    ];
    for (body, path, expected) in cases {
        assert_eq!(
            server_message(body.as_bytes(), &[path]).as_deref(),
            expected,
            "{body} {path}"
        );
    }
    // Tried in order; blank strings do not count.
    let body = br#"{"message": " ", "detail": "the detail"}"#;
    assert_eq!(
        server_message(body, &["/message", "/detail"]).as_deref(),
        Some("the detail")
    );
}

#[test]
fn api_display_falls_back_to_the_body() {
    let err = api(
        503,
        "<html>\n  <body>down   for\tmaintenance</body>\n</html>",
        &["/message"],
    );
    assert_eq!(
        err.to_string(),
        "get_item: HTTP 503 Service Unavailable: <html> <body>down for maintenance</body> </html>"
    );
    // A message field that is not a string is ignored.
    let err = api(500, r#"{"message": 5}"#, &["/message"]);
    assert_eq!(
        err.to_string(),
        r#"get_item: HTTP 500 Internal Server Error: {"message": 5}"#
    );
    let err = api(599, "", &["/message"]);
    assert_eq!(err.to_string(), "get_item: HTTP 599");
}

#[test]
fn api_display_truncates_long_bodies_to_one_line() {
    let body = format!("{}\n\u{1b}[31m{}", "a".repeat(150), "b".repeat(300));
    let line = api(500, &body, &[]).to_string();
    let detail = line
        .strip_prefix("get_item: HTTP 500 Internal Server Error: ")
        .unwrap();
    assert_eq!(detail.chars().count(), SNIPPET_CHARS + 1);
    assert!(detail.ends_with('…') && !detail.contains('\u{1b}') && !detail.contains('\n'));
}

#[test]
fn api_accessors() {
    let typed = ApiError::new(
        "get_item",
        raw(404, "{}"),
        Some(NotFound { code: 1 }),
        true,
        &[],
        false,
    );
    assert!(typed.is_declared());
    assert_eq!(typed.typed(), Some(&NotFound { code: 1 }));
    assert_eq!(typed.body(), b"{}");
    assert_eq!(typed.headers()[header::SET_COOKIE], "sid=cookie-secret");
    assert_eq!(typed.into_typed(), Some(NotFound { code: 1 }));
}

#[test]
fn debug_truncates_the_body_and_hides_cookies() {
    let err = api(500, &"x".repeat(1000), &[]);
    let printed = format!("{err:?}");
    assert!(printed.contains("(1000 bytes)"), "{printed}");
    assert!(printed.len() < 600, "{printed}");
    assert!(!printed.contains("cookie-secret"), "{printed}");
}

#[test]
fn decode_display_and_source() {
    let source = BodyError::Json(serde_json::from_str::<u32>("\"x\"").unwrap_err());
    let expected = source.to_string();
    let err: Error<NotFound> = Error::Decode(DecodeError::new(
        "get_item",
        raw(200, "\"x\""),
        source,
        false,
    ));
    assert_eq!(
        err.to_string(),
        format!("get_item: could not decode the HTTP 200 response: {expected}")
    );
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(err.status(), Some(StatusCode::OK));
    let Error::Decode(decode) = &err else {
        unreachable!()
    };
    assert_eq!(decode.body(), b"\"x\"");
    assert!(!format!("{err:?}").contains("cookie-secret"));
}

#[test]
fn sensitive_bodies_are_withheld_from_display_and_debug() {
    let api = Error::<NotFound>::Api(ApiError::new(
        "create_token",
        raw(500, r#"{"token": "tok-SECRET"}"#),
        None,
        true,
        &["/message"],
        true,
    ));
    let source = BodyError::Json(serde_json::from_str::<u32>(r#""tok-SECRET""#).unwrap_err());
    let decode = Error::<NotFound>::Decode(DecodeError::new(
        "create_token",
        raw(200, r#""tok-SECRET""#),
        source,
        true,
    ));
    for err in [api, decode] {
        let printed = format!("{err} {err:?} {err:#?}");
        assert!(!printed.contains("tok-SECRET"), "{printed}");
        assert!(
            printed.contains("withheld") || printed.contains("does not match"),
            "{printed}"
        );
    }
}

#[test]
fn invalid_request_display() {
    let err: Error<NotFound> = Error::InvalidRequest {
        operation: "get_item",
        reason: "path parameter `id` was not set".into(),
    };
    assert_eq!(
        err.to_string(),
        "get_item: invalid request: path parameter `id` was not set"
    );
    assert_eq!(err.status(), None);
    assert!(std::error::Error::source(&err).is_none());
}

#[test]
fn build_error_display() {
    assert_eq!(
        BuildError::InvalidBaseUrl {
            reason: "it has a query".into()
        }
        .to_string(),
        "invalid base URL: it has a query"
    );
}
