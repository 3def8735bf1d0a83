//! Keeps credentials out of logs: the [`Secret`] string, the [`Auth`] choice and
//! redacted printing of header maps.

use std::fmt;

use http::{HeaderMap, HeaderName, HeaderValue, header};

/// What every redacted value prints as.
const REDACTED: &str = "[redacted]";

/// A secret string such as a token or an API key.
///
/// `Debug` and `Display` print `[redacted]`; the only way to read the value is
/// [`Secret::expose`].
///
/// ```
/// use api_clients::runtime::Secret;
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

/// How requests authenticate. `Debug` never prints the secret.
#[derive(Clone, Debug)]
pub enum Auth {
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// `<header>: <key>`, for APIs that take a key in a header of their own.
    ApiKey {
        /// The header name, e.g. `"X-Api-Key"`.
        header: &'static str,
        /// The key sent as the header's value.
        key: Secret,
    },
    /// No credentials are sent.
    None,
}

impl Auth {
    /// The header this authentication adds to every request, marked sensitive
    /// (so HTTP/2 never indexes it and `Debug` of the value hides it).
    ///
    /// The error says which part is wrong without echoing the secret.
    pub(crate) fn header(&self) -> Result<Option<(HeaderName, HeaderValue)>, String> {
        let (name, value) = match self {
            Auth::None => return Ok(None),
            Auth::Bearer(token) => (
                header::AUTHORIZATION,
                HeaderValue::try_from(format!("Bearer {}", token.expose())),
            ),
            Auth::ApiKey { header, key } => (
                HeaderName::from_bytes(header.as_bytes())
                    .map_err(|_| format!("`{header}` is not a valid HTTP header name"))?,
                HeaderValue::try_from(key.expose()),
            ),
        };
        let mut value = value.map_err(|_| {
            format!("the credential for the `{name}` header is not a valid HTTP header value")
        })?;
        value.set_sensitive(true);
        Ok(Some((name, value)))
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
    fn auth_debug_hides_the_secret() {
        let bearer = Auth::Bearer("tok-123".into());
        let key = Auth::ApiKey {
            header: "X-Api-Key",
            key: "key-456".into(),
        };
        let printed = format!("{bearer:?} {key:?} {bearer:#?}");
        assert!(
            !printed.contains("tok-123") && !printed.contains("key-456"),
            "{printed}"
        );
        assert!(printed.contains("X-Api-Key"), "{printed}");
    }

    #[test]
    fn auth_headers_are_sensitive() {
        let (name, value) = Auth::Bearer("tok".into()).header().unwrap().unwrap();
        assert_eq!(name, header::AUTHORIZATION);
        assert_eq!(value, "Bearer tok");
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("tok"));

        let key = Auth::ApiKey {
            header: "X-Api-Key",
            key: "k".into(),
        };
        let (name, value) = key.header().unwrap().unwrap();
        assert_eq!(name, "x-api-key");
        assert_eq!(value, "k");
        assert!(value.is_sensitive());

        assert!(Auth::None.header().unwrap().is_none());
    }

    #[test]
    fn bad_credentials_are_refused_without_echoing_them() {
        let err = Auth::Bearer("tok\r\nX-Evil: 1".into())
            .header()
            .unwrap_err();
        assert!(
            err.contains("authorization") && !err.contains("tok"),
            "{err}"
        );
        let err = Auth::ApiKey {
            header: "bad header",
            key: "k".into(),
        }
        .header()
        .unwrap_err();
        assert!(err.contains("bad header"), "{err}");
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
