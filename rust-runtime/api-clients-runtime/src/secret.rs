//! Keeps credentials out of logs: the [`Secret`] string and redacted printing
//! of header maps.

use std::fmt;

use http::{HeaderMap, HeaderName, HeaderValue, header};

/// What every redacted value prints as.
pub(crate) const REDACTED: &str = "[redacted]";

/// A secret string such as a token or an API key.
///
/// `Debug` and `Display` print `[redacted]`; the only way to read the value is
/// [`Secret::expose`].
///
/// ```
/// use api_clients_runtime::Secret;
/// let token = Secret::from("s3cr3t");
/// assert_eq!(format!("{token} {token:?}"), "[redacted] [redacted]");
/// assert_eq!(token.expose(), "s3cr3t");
/// ```
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// The secret value itself. Call this only where the value must leave the program.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Prints a header map like `HeaderMap`'s own `Debug`, but with the values of
/// sensitive headers (cookies, authorization, anything marked sensitive) redacted.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a HeaderMap);

impl RedactedHeaders<'_> {
    fn is_secret(name: &HeaderName, value: &HeaderValue) -> bool {
        value.is_sensitive()
            || [
                header::AUTHORIZATION,
                header::PROXY_AUTHORIZATION,
                header::COOKIE,
                header::SET_COOKIE,
            ]
            .contains(name)
    }
}

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if Self::is_secret(name, value) {
                map.entry(name, &format_args!("{REDACTED}"));
            } else {
                map.entry(name, value);
            }
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_is_redacted_but_exposable() {
        let secret = Secret::from(String::from("tok-123"));
        assert_eq!(format!("{secret}"), "[redacted]");
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert_eq!(secret.expose(), "tok-123");
    }

    #[test]
    fn redacted_headers_hide_sensitive_values() {
        let mut headers = HeaderMap::new();
        headers.insert(header::SET_COOKIE, HeaderValue::from_static("session=abc"));
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        let mut key = HeaderValue::from_static("xyz");
        key.set_sensitive(true);
        headers.insert("x-api-key", key);
        let printed = format!("{:?}", RedactedHeaders(&headers));
        assert!(
            !printed.contains("abc") && !printed.contains("xyz"),
            "{printed}"
        );
        assert!(
            printed.contains("text/plain") && printed.contains("set-cookie"),
            "{printed}"
        );
    }
}
