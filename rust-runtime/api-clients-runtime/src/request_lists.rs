//! Parameters holding several values (OpenAPI's array parameters): in the
//! path and in headers as one comma-separated value (the `simple` style),
//! in the query repeated (`tags=a&tags=b`, exploded) or comma-separated
//! (`tags=a,b`). Each value is encoded on its own, so no value can add
//! another or change the request's structure.

use std::fmt::{Display, Write as _};

use percent_encoding::utf8_percent_encode;

use super::{COMPONENT, RequestParts};

impl RequestParts {
    /// Substitutes `{name}` in the path with the values, each percent-encoded
    /// (a comma inside one is `%2C`), joined by `,`. No values is refused:
    /// the path would lose a segment.
    pub fn path_list<T: Display>(&mut self, name: &'static str, values: &[T]) {
        if values.is_empty() {
            self.refuse(format!(
                "path parameter `{name}` must hold at least one value"
            ));
            return;
        }
        let texts: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        let encoded: Vec<String> = texts
            .iter()
            .map(|v| utf8_percent_encode(v, COMPONENT).to_string())
            .collect();
        // One value is checked as a path parameter is; several are joined
        // by a comma, which no check refuses.
        self.fill_path(name, &texts.join(","), &encoded.join(","));
    }

    /// Appends the values to the query: `name=a&name=b` when `explode`,
    /// else `name=a,b`; each value percent-encoded. No values adds nothing.
    pub fn query_list<T: Display>(&mut self, name: &'static str, values: &[T], explode: bool) {
        if values.is_empty() {
            return;
        }
        if explode {
            for v in values {
                self.query(name, v);
            }
            return;
        }
        let separator = if self.query.is_empty() { "" } else { "&" };
        let name = utf8_percent_encode(name, COMPONENT);
        let encoded: Vec<String> = values
            .iter()
            .map(|v| utf8_percent_encode(&v.to_string(), COMPONENT).to_string())
            .collect();
        let _ = write!(self.query, "{separator}{name}={}", encoded.join(","));
    }

    /// Sets a header to the values joined by `,`. A value holding a comma
    /// is refused, since it would read as two; no values sends no header.
    pub fn header_list<T: Display>(&mut self, name: &'static str, values: &[T]) {
        if values.is_empty() {
            return;
        }
        let texts: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        if texts.iter().any(|t| t.contains(',')) {
            self.refuse(format!(
                "a value of the list header `{name}` holds a comma, which would split it in two"
            ));
            return;
        }
        self.header(name, &texts.join(","));
    }
}

#[cfg(test)]
mod tests {
    use http::Method;

    use crate::api::Operation;
    use crate::request::RequestParts;

    static OP: Operation = Operation {
        name: "list",
        method: Method::GET,
        path: "/things/{ids}",
        idempotent: true,
        retry_after_fields: &[],
        content_type: None,
        accept: "application/json",
        auth: &[],
        auth_optional: true,
        headers: &[],
        sensitive_bodies: false,
        error_messages: &[],
    };

    fn url(write: impl FnOnce(&mut RequestParts)) -> Result<String, String> {
        let mut parts = RequestParts::new(&OP);
        write(&mut parts);
        parts.prepare("https://api.test").map(|p| p.url.to_string())
    }

    #[test]
    fn lists_are_encoded_value_by_value_and_cannot_add_parameters() {
        let got = url(|r| {
            r.path_list("ids", &["a,b", "c/d"]);
            r.query_list("tag", &["x&y=1", "z"], true);
            r.query_list("state", &["open", "closed,old"], false);
            r.query_list("none", &[] as &[&str], false);
        })
        .expect("a URL");
        assert_eq!(
            got,
            "https://api.test/things/a%2Cb,c%2Fd?tag=x%26y%3D1&tag=z&state=open,closed%2Cold"
        );
    }

    #[test]
    fn an_empty_path_list_and_a_comma_in_a_header_value_are_refused() {
        let e = url(|r| r.path_list("ids", &[] as &[u32])).expect_err("empty");
        assert!(e.contains("at least one value"), "{e}");
        let e = url(|r| {
            r.path_list("ids", &[1, 2]);
            r.header_list("X-Ids", &["a,b"]);
        })
        .expect_err("comma");
        assert!(e.contains("X-Ids"), "{e}");
        assert!(!e.contains("a,b"), "the value is never echoed: {e}");
    }
}
