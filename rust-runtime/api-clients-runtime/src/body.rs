//! A response body as generated `decode` functions see it, decoded per the media
//! type the spec declares (JSON, text or raw bytes), and why decoding failed.

use std::fmt;

use bytes::Bytes;

/// A response body and the media type the server said it has.
#[derive(Clone, Copy, Debug)]
pub struct Body<'a> {
    bytes: &'a Bytes,
    content_type: Option<&'a str>,
}

/// Why a body could not be decoded as the spec declares.
#[derive(Debug)]
#[non_exhaustive]
pub enum BodyError {
    /// The body is not the declared JSON.
    Json(serde_json::Error),
    /// A text body is not UTF-8.
    Text(std::str::Utf8Error),
    /// The server's `Content-Type` is not the kind of media type the spec declares.
    MediaType {
        /// What the spec declares: `JSON` or `text`.
        expected: &'static str,
        /// The response's `Content-Type`.
        got: String,
    },
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Json(e) => e.fmt(f),
            BodyError::Text(e) => write!(f, "the text body is not UTF-8: {e}"),
            BodyError::MediaType { expected, got } => write!(
                f,
                "the spec declares a {expected} body, but the server sent `{got}`"
            ),
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BodyError::Json(e) => Some(e),
            BodyError::Text(e) => Some(e),
            BodyError::MediaType { .. } => None,
        }
    }
}

impl BodyError {
    /// A description that shows no part of the body: serde's messages can quote
    /// values (`invalid type: string "..."`), which must not reach logs when the
    /// body may hold a secret.
    pub(crate) fn without_values(&self) -> String {
        match self {
            BodyError::Json(e) => {
                let what = match e.classify() {
                    serde_json::error::Category::Data => "does not match the declared type",
                    serde_json::error::Category::Eof => "ends too early",
                    serde_json::error::Category::Syntax => "is not valid JSON",
                    serde_json::error::Category::Io => "could not be read",
                };
                format!(
                    "the body {what} (at line {}, column {})",
                    e.line(),
                    e.column()
                )
            }
            other => other.to_string(),
        }
    }
}

impl<'a> Body<'a> {
    /// A body with its `Content-Type` header value, if the response had one.
    pub fn new(bytes: &'a Bytes, content_type: Option<&'a str>) -> Self {
        Body {
            bytes,
            content_type,
        }
    }

    /// The body as received.
    pub(crate) fn raw(&self) -> &[u8] {
        self.bytes
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Decodes JSON. A `Content-Type` that is neither `application/json` nor a
    /// `+json` type is reported as such, not as a confusing parse error.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, BodyError> {
        self.expect("JSON", |essence| {
            essence.eq_ignore_ascii_case("application/json")
                || (starts_with_ci(essence, "application/") && ends_with_ci(essence, "+json"))
        })?;
        serde_json::from_slice(self.bytes).map_err(BodyError::Json)
    }

    /// Decodes a `text/*` body as UTF-8.
    pub fn text(&self) -> Result<String, BodyError> {
        self.expect("text", |essence| starts_with_ci(essence, "text/"))?;
        std::str::from_utf8(self.bytes)
            .map(str::to_owned)
            .map_err(BodyError::Text)
    }

    /// The body as it came, whatever its media type.
    pub fn bytes(&self) -> Result<Bytes, BodyError> {
        Ok(self.bytes.clone())
    }

    fn expect(&self, expected: &'static str, fits: impl Fn(&str) -> bool) -> Result<(), BodyError> {
        let Some(content_type) = self.content_type else {
            return Ok(());
        };
        // Compared without allocating: this runs on every response.
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        if fits(essence) {
            Ok(())
        } else {
            Err(BodyError::MediaType {
                expected,
                got: content_type.chars().take(100).collect(),
            })
        }
    }
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn ends_with_ci(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(bytes: &'static str, ct: Option<&'static str>) -> (Bytes, Option<&'static str>) {
        (Bytes::from_static(bytes.as_bytes()), ct)
    }

    #[test]
    fn json_accepts_json_media_types_and_refuses_others() {
        for ct in [
            None,
            Some("application/json"),
            Some("application/vnd.github+json; charset=utf-8"),
            Some("Application/JSON"),
        ] {
            let (b, ct) = body("[1]", ct);
            assert_eq!(Body::new(&b, ct).json::<Vec<u8>>().unwrap(), vec![1]);
        }
        let (b, ct) = body("<html>", Some("text/html; charset=utf-8"));
        let err = Body::new(&b, ct).json::<Vec<u8>>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "the spec declares a JSON body, but the server sent `text/html; charset=utf-8`"
        );
    }

    #[test]
    fn text_and_bytes() {
        let (b, ct) = body(
            "Keep it logically awesome.",
            Some("text/plain;charset=utf-8"),
        );
        assert_eq!(
            Body::new(&b, ct).text().unwrap(),
            "Keep it logically awesome."
        );
        let (b, ct) = body("{}", Some("application/json"));
        assert!(matches!(
            Body::new(&b, ct).text(),
            Err(BodyError::MediaType {
                expected: "text",
                ..
            })
        ));
        let bad = Bytes::from_static(b"\xff\xfe");
        assert!(matches!(
            Body::new(&bad, None).text(),
            Err(BodyError::Text(_))
        ));
        assert_eq!(Body::new(&bad, Some("image/png")).bytes().unwrap(), bad);
    }

    #[test]
    fn without_values_never_quotes_the_body() {
        let (b, _) = body(r#"{"token": "tok-SECRET"}"#, None);
        let err = Body::new(&b, None)
            .json::<std::collections::BTreeMap<String, u32>>()
            .unwrap_err();
        assert!(
            err.to_string().contains("tok-SECRET"),
            "serde quotes values: {err}"
        );
        let safe = err.without_values();
        assert!(
            !safe.contains("tok-SECRET") && safe.contains("does not match"),
            "{safe}"
        );
    }
}
