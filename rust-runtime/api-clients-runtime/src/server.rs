//! Server URLs with `{variables}`: filled in when a client is built, with values
//! that can never change the URL's scheme, host boundary, port or path.

use super::error::BuildError;

/// One `{variable}` of a server URL template and the value given for it.
#[derive(Clone, Copy, Debug)]
pub struct Variable<'a> {
    /// The name in the template.
    pub name: &'static str,
    /// The caller's value, if any.
    pub value: Option<&'a str>,
    /// Used when the caller gives none.
    pub default: Option<&'static str>,
    /// The only values allowed; empty when any safe value is.
    pub allowed: &'static [&'static str],
}

/// Fills `template`'s `{variables}`. A value is refused, with an error that names
/// the variable but not the value, when it is missing, empty, `.` or `..`, not
/// among the allowed values, or holds anything but ASCII letters, digits, `-`,
/// `.`, `_` and `~` (so no `/`, `@`, `?`, `#`, `:` or `%` can reshape the URL).
pub fn server_url(
    template: &'static str,
    variables: &[Variable<'_>],
) -> Result<String, BuildError> {
    let mut url = template.to_owned();
    for v in variables {
        let invalid = |reason: String| BuildError::InvalidServerVariable {
            name: v.name,
            reason,
        };
        let value = v
            .value
            .or(v.default)
            .ok_or_else(|| invalid("no value was given and it has no default".to_owned()))?;
        if !v.allowed.is_empty() && !v.allowed.contains(&value) {
            return Err(invalid(format!(
                "the value is not one of the allowed values ({})",
                v.allowed.join(", ")
            )));
        }
        if value.is_empty() || value == "." || value == ".." {
            return Err(invalid("the value is empty, `.` or `..`".to_owned()));
        }
        if !value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        {
            return Err(invalid(
                "the value may only hold ASCII letters, digits, `-`, `.`, `_` and `~`, so that it cannot change the URL's host, port or path".to_owned(),
            ));
        }
        url = url.replace(&format!("{{{}}}", v.name), value);
    }
    match url.find('{') {
        Some(at) => Err(BuildError::InvalidBaseUrl {
            reason: format!(
                "the server URL still has the variable `{}`",
                url[at..].split('}').next().unwrap_or_default()
            ),
        }),
        None => Ok(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "https://{tenant}.auth.test:{port}/realms/{realm}";

    fn fill(tenant: &str, realm: Option<&str>) -> Result<String, BuildError> {
        server_url(
            TEMPLATE,
            &[
                Variable {
                    name: "tenant",
                    value: Some(tenant),
                    default: None,
                    allowed: &[],
                },
                Variable {
                    name: "port",
                    value: None,
                    default: Some("8443"),
                    allowed: &["443", "8443"],
                },
                Variable {
                    name: "realm",
                    value: realm,
                    default: Some("master"),
                    allowed: &[],
                },
            ],
        )
    }

    #[test]
    fn values_and_defaults_fill_the_template() {
        assert_eq!(
            fill("acme", None).unwrap(),
            "https://acme.auth.test:8443/realms/master"
        );
        assert_eq!(
            fill("eu-1.acme", Some("ops_2~x")).unwrap(),
            "https://eu-1.acme.auth.test:8443/realms/ops_2~x"
        );
    }

    #[test]
    fn values_that_would_reshape_the_url_are_refused_without_echoing_them() {
        for evil in [
            "evil.test/x",
            "evil.test#",
            "evil.test?",
            "user@evil.test",
            "evil.test:1",
            "",
            ".",
            "..",
            "a%2Fb",
            "a b",
            "é",
            "[::1]",
            "a\\b",
        ] {
            let err = fill(evil, None).unwrap_err();
            let text = err.to_string();
            assert!(text.contains("`tenant`"), "{evil}: {text}");
            if !evil.is_empty() && evil.len() > 2 {
                assert!(!text.contains(evil), "{evil}: {text}");
            }
        }
        let err = fill("acme", Some("..")).unwrap_err().to_string();
        assert!(err.contains("`realm`"), "{err}");
    }

    #[test]
    fn allowed_values_and_missing_values() {
        let err = server_url(
            "https://{site}",
            &[Variable {
                name: "site",
                value: Some("elsewhere.test"),
                default: None,
                allowed: &["a.test", "b.test"],
            }],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("`site`") && err.contains("a.test, b.test"),
            "{err}"
        );
        let err = server_url(
            "https://{host}",
            &[Variable {
                name: "host",
                value: None,
                default: None,
                allowed: &[],
            }],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("`host`") && err.contains("no value"), "{err}");
    }
}
