//! Authentication: the schemes a spec declares, the credentials a caller gives
//! for them, and how a credential goes on the wire. No credential is ever
//! printed: `Debug` redacts, and errors name the scheme, never the value.

use std::fmt;

use base64::Engine as _;
use http::{HeaderName, HeaderValue, header};

use super::secret::Secret;

/// One authentication scheme of an API, emitted by the generator.
#[derive(Clone, Copy, Debug)]
pub struct Scheme {
    /// The scheme's name in the spec (`token`, `client_basic`).
    pub name: &'static str,
    /// How its credential travels.
    pub kind: SchemeKind,
}

/// How a scheme's credential travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic base64(username:password)` (RFC 7617).
    Basic,
    /// A key in a header (after `prefix`), a query parameter, or a cookie.
    ApiKey {
        /// Where the key goes.
        location: KeyIn,
        /// The header, query parameter or cookie name.
        name: &'static str,
        /// Text sent before the key (headers only), e.g. `"SSWS "`.
        prefix: &'static str,
    },
    /// A username and password sent as two fields of the request body (OAuth 2.0
    /// `client_secret_post`).
    BodyFields {
        /// The username's field, e.g. `client_id`.
        username: &'static str,
        /// The password's field, e.g. `client_secret`.
        password: &'static str,
    },
    /// The credentials of these other schemes, all sent on every call. No
    /// credential is given for it: the caller gives one for each part.
    AllOf(&'static [&'static str]),
}

impl SchemeKind {
    /// A short description for messages.
    fn describe(self) -> String {
        match self {
            SchemeKind::Bearer => "a bearer token".to_owned(),
            SchemeKind::Basic => "HTTP Basic".to_owned(),
            SchemeKind::ApiKey { location, name, .. } => {
                format!("an API key in the {} `{name}`", location.as_str())
            }
            SchemeKind::BodyFields { username, password } => {
                format!("`{username}` and `{password}` in the request body")
            }
            SchemeKind::AllOf(parts) => {
                let parts: Vec<String> = parts.iter().map(|p| format!("`{p}`")).collect();
                format!("the credentials of {} together", parts.join(" and "))
            }
        }
    }
}

/// Where an API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyIn {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl KeyIn {
    fn as_str(self) -> &'static str {
        match self {
            KeyIn::Header => "header",
            KeyIn::Query => "query parameter",
            KeyIn::Cookie => "cookie",
        }
    }
}

/// A credential for one scheme. `Debug` never prints a secret.
#[derive(Clone, Debug)]
pub enum Credential {
    /// A bearer token or an API key.
    Token(Secret),
    /// A username (client id) and a password (client secret).
    UsernamePassword {
        /// Not secret; shown in `Debug`.
        username: String,
        /// Secret.
        password: Secret,
    },
}

/// A credential together with the name of the scheme it is for. Generated
/// credential enums convert into it.
#[derive(Clone, Debug)]
pub struct SchemeCredential {
    scheme: &'static str,
    credential: Credential,
}

impl SchemeCredential {
    /// A credential for the scheme named `scheme`.
    pub fn new(scheme: &'static str, credential: Credential) -> Self {
        SchemeCredential { scheme, credential }
    }

    /// The scheme's name.
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }

    pub(crate) fn credential(&self) -> &Credential {
        &self.credential
    }
}

/// The credential type of an API without authentication: it has no values.
#[derive(Clone, Copy, Debug)]
pub enum NoCredential {}

impl From<NoCredential> for SchemeCredential {
    fn from(never: NoCredential) -> Self {
        match never {}
    }
}

/// A credential checked and turned into what goes on the wire, once, when the
/// client is built.
#[derive(Clone)]
pub(crate) enum Applied {
    /// A header, marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, Secret),
    /// Two body fields.
    BodyFields {
        username_field: &'static str,
        username: String,
        password_field: &'static str,
        password: Secret,
    },
}

impl fmt::Debug for Applied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Applied::Header(name, _) => write!(f, "header {name}: [redacted]"),
            Applied::Query(name, _) => write!(f, "query {name}=[redacted]"),
            Applied::BodyFields {
                username_field,
                password_field,
                ..
            } => write!(
                f,
                "body fields {username_field}, {password_field}: [redacted]"
            ),
        }
    }
}

/// Checks `credential` against `scheme` and prepares it for the wire. The
/// error says what is wrong without the secret.
pub(crate) fn apply(scheme: &Scheme, credential: &Credential) -> Result<Applied, String> {
    let wrong_kind = || {
        format!(
            "the credential given for scheme `{}` does not fit {}",
            scheme.name,
            scheme.kind.describe()
        )
    };
    let invalid = |what: &str| {
        format!(
            "the {what} for scheme `{}` cannot be sent ({}); control characters are not allowed",
            scheme.name,
            scheme.kind.describe()
        )
    };
    let sensitive = |value: String, what: &str| {
        let mut value = HeaderValue::try_from(value).map_err(|_| invalid(what))?;
        value.set_sensitive(true);
        Ok::<_, String>(value)
    };
    Ok(match (scheme.kind, credential) {
        (SchemeKind::Bearer, Credential::Token(token)) => Applied::Header(
            header::AUTHORIZATION,
            sensitive(format!("Bearer {}", token.expose()), "token")?,
        ),
        (SchemeKind::Basic, Credential::UsernamePassword { username, password }) => {
            if username.contains(':') {
                return Err(format!(
                    "the username for scheme `{}` contains `:`, which HTTP Basic cannot carry",
                    scheme.name
                ));
            }
            let pair = format!("{username}:{}", password.expose());
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            if username
                .chars()
                .chain(password.expose().chars())
                .any(char::is_control)
            {
                return Err(invalid("username or password"));
            }
            Applied::Header(
                header::AUTHORIZATION,
                sensitive(format!("Basic {encoded}"), "username or password")?,
            )
        }
        (
            SchemeKind::ApiKey {
                location,
                name,
                prefix,
            },
            Credential::Token(key),
        ) => match location {
            KeyIn::Header => {
                let header_name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| format!("`{name}` is not a valid HTTP header name"))?;
                Applied::Header(
                    header_name,
                    sensitive(format!("{prefix}{}", key.expose()), "key")?,
                )
            }
            KeyIn::Query => {
                if key.expose().chars().any(char::is_control) {
                    return Err(invalid("key"));
                }
                Applied::Query(name, key.clone())
            }
            KeyIn::Cookie => {
                // RFC 6265 cookie-octets: no spaces, quotes, commas, semicolons or backslashes.
                let octets_ok = !key.expose().is_empty()
                    && key.expose().bytes().all(|b| {
                        b == 0x21
                            || (0x23..=0x2B).contains(&b)
                            || (0x2D..=0x3A).contains(&b)
                            || (0x3C..=0x5B).contains(&b)
                            || (0x5D..=0x7E).contains(&b)
                    });
                if !octets_ok {
                    return Err(format!(
                        "the key for scheme `{}` cannot be sent in a cookie: it is empty or has spaces, quotes, `,`, `;` or `\\`",
                        scheme.name
                    ));
                }
                Applied::Header(
                    header::COOKIE,
                    sensitive(format!("{name}={}", key.expose()), "key")?,
                )
            }
        },
        (
            SchemeKind::BodyFields {
                username: uf,
                password: pf,
            },
            Credential::UsernamePassword { username, password },
        ) => Applied::BodyFields {
            username_field: uf,
            username: username.clone(),
            password_field: pf,
            password: password.clone(),
        },
        _ => return Err(wrong_kind()),
    })
}

/// `name (what it is): [redacted]`, for `Debug` of a builder.
pub(crate) fn label(schemes: &[Scheme], name: &str) -> String {
    match schemes.iter().find(|s| s.name == name) {
        Some(s) => format!("{name} ({}): [redacted]", s.kind.describe()),
        None => format!("{name}: [redacted]"),
    }
}

/// Says which credentials an operation needs, for the error when none was given.
pub(crate) fn missing(schemes: &[Scheme], needed: &[&str]) -> String {
    let options: Vec<String> = needed
        .iter()
        .map(|name| match schemes.iter().find(|s| s.name == *name) {
            Some(s) => format!("`{name}` ({})", s.kind.describe()),
            None => format!("`{name}`"),
        })
        .collect();
    format!(
        "no credential for this operation, which authenticates with {}; give the client one with `.credential(...)` on its builder",
        options.join(" or ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASIC: Scheme = Scheme {
        name: "client_basic",
        kind: SchemeKind::Basic,
    };

    fn up(u: &str, p: &str) -> Credential {
        Credential::UsernamePassword {
            username: u.to_owned(),
            password: p.into(),
        }
    }

    fn header(applied: Applied) -> (HeaderName, HeaderValue) {
        match applied {
            Applied::Header(n, v) => (n, v),
            other => panic!("expected a header, got {other:?}"),
        }
    }

    #[test]
    fn basic_is_base64_of_username_colon_password_and_sensitive() {
        // RFC 7617's own example.
        let (name, value) = header(apply(&BASIC, &up("Aladdin", "open sesame")).unwrap());
        assert_eq!(name, header::AUTHORIZATION);
        assert_eq!(value, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(value.is_sensitive());
        let err = apply(&BASIC, &up("a:b", "pw-SECRET")).unwrap_err();
        assert!(err.contains("`:`") && !err.contains("pw-SECRET"), "{err}");
        let err = apply(&BASIC, &up("id", "pw\nSECRET")).unwrap_err();
        assert!(!err.contains("SECRET"), "{err}");
    }

    #[test]
    fn api_keys_go_where_the_scheme_says() {
        let key = Credential::Token("k-SECRET".into());
        let ssws = Scheme {
            name: "ssws",
            kind: SchemeKind::ApiKey {
                location: KeyIn::Header,
                name: "Authorization",
                prefix: "SSWS ",
            },
        };
        let (name, value) = header(apply(&ssws, &key).unwrap());
        assert_eq!(
            (name.as_str(), value.to_str().unwrap()),
            ("authorization", "SSWS k-SECRET")
        );
        let cookie = Scheme {
            name: "session",
            kind: SchemeKind::ApiKey {
                location: KeyIn::Cookie,
                name: "sid",
                prefix: "",
            },
        };
        let (name, value) = header(apply(&cookie, &key).unwrap());
        assert_eq!(
            (name, value.to_str().unwrap()),
            (header::COOKIE, "sid=k-SECRET")
        );
        assert!(value.is_sensitive());
        let err = apply(&cookie, &Credential::Token("a; other=1".into())).unwrap_err();
        assert!(
            err.contains("`session`") && !err.contains("other=1"),
            "{err}"
        );
        let query = Scheme {
            name: "key",
            kind: SchemeKind::ApiKey {
                location: KeyIn::Query,
                name: "api_key",
                prefix: "",
            },
        };
        assert!(matches!(
            apply(&query, &key).unwrap(),
            Applied::Query("api_key", _)
        ));
    }

    #[test]
    fn a_credential_of_the_wrong_kind_is_refused() {
        let err = apply(&BASIC, &Credential::Token("t".into())).unwrap_err();
        assert!(
            err.contains("client_basic") && err.contains("HTTP Basic"),
            "{err}"
        );
    }

    #[test]
    fn debug_never_prints_secrets() {
        let applied = apply(&BASIC, &up("id", "pw-SECRET")).unwrap();
        let cred = SchemeCredential::new("client_basic", up("id", "pw-SECRET"));
        let printed = format!("{applied:?} {cred:?}");
        assert!(!printed.contains("pw-SECRET"), "{printed}");
        assert!(printed.contains("id"), "{printed}");
    }

    #[test]
    fn missing_names_every_acceptable_scheme() {
        let post = Scheme {
            name: "client_post",
            kind: SchemeKind::BodyFields {
                username: "client_id",
                password: "client_secret",
            },
        };
        let text = missing(&[BASIC, post], &["client_basic", "client_post"]);
        assert!(text.contains("`client_basic` (HTTP Basic) or `client_post` (`client_id` and `client_secret` in the request body)"), "{text}");
    }
}
