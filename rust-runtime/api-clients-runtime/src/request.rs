//! Collects the pieces of one request from generated code and turns them into a
//! URL, headers and body, or into the reason the request cannot be sent.

use std::fmt::{Display, Write as _};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, header};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Url;

#[path = "request_lists.rs"]
mod lists;
#[path = "request_multipart.rs"]
mod multipart;
#[path = "request_styles.rs"]
mod styles;

pub use styles::QueryStyle;

use super::api::Operation;
use super::auth::Applied;

/// Everything except RFC 3986 "unreserved" characters is percent-encoded, so a
/// value can never add a path segment, a query, a fragment or a `{placeholder}`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'~')
    .remove(b'.');

/// Collects the pieces of one request.
///
/// Methods record the first problem instead of returning errors, so generated
/// code stays short; `Client::send` reports it as `Error::InvalidRequest` before
/// anything is sent.
pub struct RequestParts {
    operation: &'static Operation,
    path: String,
    query: String,
    headers: HeaderMap,
    body: Option<BodyParts>,
    problem: Option<String>,
    /// Values of the call's sensitive parameters, kept out of its errors.
    secrets: Vec<String>,
    /// Cookie parameters, `name=value`, joined into one `Cookie` header.
    cookies: Vec<String>,
}

/// A request body before it is finished: credentials may still be added to it.
enum BodyParts {
    /// Serialized JSON.
    Json(Vec<u8>),
    /// Form fields, in order, not yet encoded.
    Form(Vec<(String, String)>),
    /// Text or bytes, sent as they are.
    Raw(Bytes),
    /// `multipart/form-data` parts, in order, not yet encoded.
    Multipart(Vec<(String, multipart::Data)>),
}

/// A request that passed every check, ready to be sent (possibly several times).
pub(crate) struct Prepared {
    pub(crate) url: Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
    /// Values of the call's sensitive parameters (see [`RequestParts::secret`]).
    pub(crate) secrets: Vec<String>,
}

/// Shows the path but not the query (which can hold an API key), the headers
/// redacted, and the body's size only.
impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("path", &self.url.path())
            .field("headers", &super::secret::RedactedHeaders(&self.headers))
            .field("body_bytes", &self.body.as_ref().map(Bytes::len))
            .finish()
    }
}

impl RequestParts {
    /// Starts a request for `operation`, with its path template still unsubstituted.
    pub(crate) fn new(operation: &'static Operation) -> Self {
        let mut parts = RequestParts {
            operation,
            path: operation.path.to_owned(),
            query: String::new(),
            headers: HeaderMap::new(),
            body: None,
            problem: None,
            secrets: Vec::new(),
            cookies: Vec::new(),
        };
        for (name, value) in operation.headers {
            parts.header(name, value);
        }
        parts
    }

    /// Marks `value`, an input the spec calls sensitive, as secret: an error
    /// of this call never shows the response body, and shows the server's
    /// message with every occurrence of the value replaced, since servers
    /// echo what they were sent ("Token abc123 not found").
    pub fn secret(&mut self, value: &dyn Display) {
        let value = value.to_string();
        if !value.is_empty() {
            self.secrets.push(value);
        }
    }

    fn refuse(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    /// Substitutes `{name}` in the operation's path with `value`, percent-encoding
    /// everything except ASCII letters, digits, `-`, `_`, `~` and `.`.
    ///
    /// A value that is empty, `.` or `..` is refused: it would change the path.
    pub fn path_param(&mut self, name: &'static str, value: &dyn Display) {
        let value = value.to_string();
        let encoded = utf8_percent_encode(&value, COMPONENT).to_string();
        self.fill_path(name, &value, &encoded);
    }

    /// Puts `encoded` where `{name}` is, unless `value` (what it encodes)
    /// would change the path: empty, `.` or `..`.
    fn fill_path(&mut self, name: &'static str, value: &str, encoded: &str) {
        if matches!(value, "" | "." | "..") {
            self.refuse(format!(
                "path parameter `{name}` must not be empty, `.` or `..` (it was {value:?})"
            ));
            return;
        }
        let placeholder = format!("{{{name}}}");
        if !self.path.contains(&placeholder) {
            self.refuse(format!("the path has no parameter `{name}`"));
            return;
        }
        self.path = self.path.replace(&placeholder, encoded);
    }

    /// Appends `name=value` to the query string, in call order, both percent-encoded.
    pub fn query(&mut self, name: &'static str, value: &dyn Display) {
        let separator = if self.query.is_empty() { "" } else { "&" };
        let name = utf8_percent_encode(name, COMPONENT);
        let value = utf8_percent_encode(&value.to_string(), COMPONENT).to_string();
        // Writing to a String cannot fail.
        let _ = write!(self.query, "{separator}{name}={value}");
    }

    /// Adds a header. A value that is not a valid header value (for example one
    /// containing CR, LF or NUL) is refused; the message names the header but
    /// never echoes the value.
    pub fn header(&mut self, name: &'static str, value: &dyn Display) {
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.refuse(format!("`{name}` is not a valid HTTP header name"));
            return;
        };
        match HeaderValue::try_from(value.to_string()) {
            Ok(value) => {
                self.headers.append(header_name, value);
            }
            Err(_) => self.refuse(format!(
                "the value of header `{name}` is not a valid HTTP header value \
                 (control characters such as CR, LF or NUL are not allowed)"
            )),
        }
    }

    /// Adds a cookie to the request's `Cookie` header. A value that is not
    /// RFC 6265 cookie-octets (spaces, quotes, `,`, `;`, `\`, controls) is
    /// refused, naming the cookie but never echoing the value.
    pub fn cookie(&mut self, name: &'static str, value: &dyn Display) {
        let text = value.to_string();
        let octets_ok = text.bytes().all(|b| {
            b == 0x21
                || (0x23..=0x2B).contains(&b)
                || (0x2D..=0x3A).contains(&b)
                || (0x3C..=0x5B).contains(&b)
                || (0x5D..=0x7E).contains(&b)
        });
        if !octets_ok {
            self.refuse(format!(
                "the value of cookie `{name}` cannot be sent: it has spaces, quotes, `,`, `;`, `\\` or control characters"
            ));
            return;
        }
        self.cookies.push(format!("{name}={text}"));
    }

    /// Serializes `body` as JSON (once) and makes it the request body.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(BodyParts::Json(bytes)),
            Err(e) => self.refuse(format!("could not serialize the request body: {e}")),
        }
    }

    /// Makes `body` the request body as it is: text (`text/*`, XML) as
    /// UTF-8, or bytes; the operation's content type says which.
    pub fn raw(&mut self, body: impl Into<Bytes>) {
        self.body = Some(BodyParts::Raw(body.into()));
    }

    /// Makes `body`, an object of scalars and arrays of scalars, the request body
    /// as `application/x-www-form-urlencoded`, encoded per the HTML form rules
    /// (so no value can add a field). Unset fields are left out, arrays repeat
    /// their field, booleans are `true`/`false`.
    pub fn form<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        let fields = match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(fields)) => fields,
            Ok(_) => return self.refuse("a form body must be an object".to_owned()),
            Err(e) => return self.refuse(format!("could not serialize the request body: {e}")),
        };
        let mut pairs = Vec::new();
        for (name, value) in fields {
            let values = match value {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            for value in values {
                match form_value(value) {
                    Ok(Some(text)) => pairs.push((name.clone(), text)),
                    Ok(None) => {}
                    Err(()) => {
                        return self.refuse(format!(
                            "the form field `{name}` is not a scalar or an array of scalars"
                        ));
                    }
                }
            }
        }
        self.body = Some(BodyParts::Form(pairs));
    }

    /// Checks `value` against its constraints; the first broken one refuses
    /// the request, naming the input but not its value.
    pub fn validate<T: super::Validate + ?Sized>(&mut self, input: &str, value: &T) {
        let mut problem = None;
        value.validate(&mut super::Validator::new(input, &mut problem));
        if let Some(p) = problem {
            self.refuse(p);
        }
    }

    /// A validator for the request's own inputs (parameters), refusing the
    /// request on the first broken constraint.
    pub fn check(&mut self, f: impl FnOnce(&mut super::Validator<'_>)) {
        let mut problem = None;
        f(&mut super::Validator::new("", &mut problem));
        if let Some(p) = problem {
            self.refuse(p);
        }
    }

    /// Adds the credential chosen for this call.
    pub(crate) fn authenticate(&mut self, applied: &Applied) {
        match applied {
            Applied::Header(name, value) => {
                self.headers.insert(name.clone(), value.clone());
            }
            Applied::Query(name, key) => self.query(name, &key.expose()),
            Applied::BodyFields {
                username_field,
                username,
                password_field,
                password,
            } => {
                let fields = [
                    (*username_field, username.as_str()),
                    (*password_field, password.expose()),
                ];
                match &mut self.body {
                    Some(BodyParts::Form(pairs)) => {
                        pairs.retain(|(n, _)| !fields.iter().any(|(f, _)| f == n));
                        pairs.extend(fields.map(|(n, v)| (n.to_owned(), v.to_owned())));
                    }
                    Some(BodyParts::Json(bytes)) => {
                        match serde_json::from_slice::<serde_json::Value>(bytes) {
                            Ok(serde_json::Value::Object(mut object)) => {
                                for (n, v) in fields {
                                    object.insert(n.to_owned(), v.into());
                                }
                                *bytes = serde_json::Value::Object(object).to_string().into_bytes();
                            }
                            _ => self.refuse(
                                "credentials go in the body, but the body is not a JSON object"
                                    .to_owned(),
                            ),
                        }
                    }
                    Some(BodyParts::Multipart(parts)) => {
                        for (n, v) in fields {
                            multipart::set_text(parts, n, v);
                        }
                    }
                    Some(BodyParts::Raw(_)) => self.refuse(
                        "credentials go in the body, but the body is not JSON, a form or multipart"
                            .to_owned(),
                    ),
                    None => self.refuse(
                        "credentials go in the body, but the request has no body".to_owned(),
                    ),
                }
            }
        }
    }

    /// Checks the collected parts and builds the URL (`base_url` has no trailing
    /// `/`) and the endpoint's headers plus `Accept` and `Content-Type`.
    pub(crate) fn prepare(self, base_url: &str) -> Result<Prepared, String> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        if let Some(start) = self.path.find('{') {
            let rest = &self.path[start + 1..];
            let name = rest.split('}').next().unwrap_or(rest);
            return Err(format!("path parameter `{name}` was not set"));
        }
        let slash = if self.path.starts_with('/') { "" } else { "/" };
        let mut url = format!("{base_url}{slash}{}", self.path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&self.query);
        }
        let url = Url::parse(&url).map_err(|e| format!("the URL is not valid: {e}"))?;

        let mut headers = self.headers;
        if !self.cookies.is_empty() {
            // After a cookie credential, if the call carries one.
            let credential = headers.get(header::COOKIE).map(|v| v.as_bytes().to_vec());
            let mut line = credential.clone().unwrap_or_default();
            for c in &self.cookies {
                if !line.is_empty() {
                    line.extend_from_slice(b"; ");
                }
                line.extend_from_slice(c.as_bytes());
            }
            let mut value = HeaderValue::from_bytes(&line)
                .map_err(|_| "the cookies cannot be sent in a header".to_owned())?;
            value.set_sensitive(credential.is_some());
            headers.insert(header::COOKIE, value);
        }
        let accept = HeaderValue::from_str(self.operation.accept)
            .map_err(|_| format!("`{}` is not a valid Accept value", self.operation.accept))?;
        headers.insert(header::ACCEPT, accept);
        let mut media_type = self
            .operation
            .content_type
            .unwrap_or("application/json")
            .to_owned();
        let body = self.body.map(|body| match body {
            BodyParts::Json(bytes) => Bytes::from(bytes),
            BodyParts::Raw(bytes) => bytes,
            BodyParts::Multipart(parts) => {
                let (boundary, bytes) = multipart::encode(&parts);
                media_type = format!("{media_type}; boundary={boundary}");
                bytes
            }
            BodyParts::Form(pairs) => Bytes::from(
                url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish(),
            ),
        });
        if body.is_some() {
            let content_type = HeaderValue::from_str(&media_type)
                .map_err(|_| format!("`{media_type}` is not a valid Content-Type value"))?;
            headers.insert(header::CONTENT_TYPE, content_type);
        }
        Ok(Prepared {
            url,
            headers,
            body,
            secrets: self.secrets,
        })
    }
}

/// One form value as text; `None` for null (left out); `Err` for nested data.
fn form_value(value: serde_json::Value) -> Result<Option<String>, ()> {
    match value {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) => Ok(Some(s)),
        serde_json::Value::Bool(b) => Ok(Some(b.to_string())),
        serde_json::Value::Number(n) => Ok(Some(n.to_string())),
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => Err(()),
    }
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
