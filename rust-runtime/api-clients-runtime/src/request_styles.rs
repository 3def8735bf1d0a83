//! Query parameters in OpenAPI's other styles: arrays joined by `|` or a
//! space, arrays and objects as `deepObject` (`filter[name]=a`,
//! `expand[]=a`), objects or maps as `form` (each field a parameter of its
//! own, or `name=k1,v1,k2,v2`), values sent as JSON text, and form bodies
//! whose nested values are written the `deepObject` way. Every name and value is percent-encoded
//! on its own (brackets too), so no value can add a parameter.

use std::fmt::{Display, Write as _};

use percent_encoding::utf8_percent_encode;
use serde::Serialize;
use serde_json::Value;

use super::{COMPONENT, RequestParts};

/// How a query parameter holding several values is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// An object's fields as parameters of their own (`a=1&b=2`), an array
    /// repeated (`tags=a&tags=b`).
    Form,
    /// In one value, comma-separated: `tags=a,b`, `point=x,1,y,2`.
    FormJoined,
    /// An array in one value, joined by `|`.
    Pipe,
    /// An array in one value, joined by a space.
    Space,
    /// `name[field]=value`, `name[field][]=item`, `name[]=item`.
    Deep,
}

impl RequestParts {
    /// Adds the values of an array query parameter joined as `style` says.
    pub fn query_styled<T: Display>(
        &mut self,
        name: &'static str,
        values: &[T],
        style: QueryStyle,
    ) {
        let texts: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        self.styled(name, Value::from(texts), style);
    }

    /// Adds an object or map query parameter as `style` says. Unset fields
    /// are left out; only `Deep` can say a nested object.
    pub fn query_object<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: QueryStyle,
    ) {
        match serde_json::to_value(value) {
            Ok(v) => self.styled(name, v, style),
            Err(e) => self.refuse(format!("could not serialize query parameter `{name}`: {e}")),
        }
    }

    /// Makes `body`, an object, the request body as
    /// `application/x-www-form-urlencoded` with nested values written as
    /// OpenAPI's `deepObject` (and Stripe) reads them: `a[b]=v`, `a[]=v` for
    /// an array of scalars, `a[0][b]=v` for an array of objects. Unset
    /// fields are left out; every name and value is encoded on its own.
    pub fn form_deep<T: Serialize + ?Sized>(&mut self, body: &T) {
        let fields = match serde_json::to_value(body) {
            Ok(Value::Object(fields)) => fields,
            Ok(_) => return self.refuse("a form body must be an object".to_owned()),
            Err(e) => return self.refuse(format!("could not serialize the request body: {e}")),
        };
        let mut pairs = Vec::new();
        for (name, value) in fields {
            if let Err(why) = deep(&name, value, &mut pairs, 0) {
                return self.refuse(format!("the form field `{name}` {why}"));
            }
        }
        self.body = Some(super::BodyParts::Form(pairs));
    }

    /// Adds a query parameter whose value is `value`'s JSON text
    /// (percent-encoded like any value).
    pub fn query_json<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match serde_json::to_string(value) {
            Ok(text) => self.push_query(name, &text),
            Err(e) => self.refuse(format!("could not serialize query parameter `{name}`: {e}")),
        }
    }

    /// Sets a header to `value`'s JSON text; a text a header cannot carry
    /// (control characters) is refused.
    pub fn header_json<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match serde_json::to_string(value) {
            Ok(text) => self.header(name, &text),
            Err(e) => self.refuse(format!("could not serialize header `{name}`: {e}")),
        }
    }

    fn styled(&mut self, name: &str, value: Value, style: QueryStyle) {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let problem = match style {
            QueryStyle::Deep => deep(name, value, &mut pairs, 0),
            QueryStyle::Form => form(name, value, &mut pairs),
            QueryStyle::FormJoined | QueryStyle::Pipe | QueryStyle::Space => {
                let separator = match style {
                    QueryStyle::Pipe => "|",
                    QueryStyle::Space => " ",
                    _ => ",",
                };
                joined(value, separator).map(|text| {
                    if let Some(text) = text {
                        pairs.push((name.to_owned(), text));
                    }
                })
            }
        };
        match problem {
            Ok(()) => {
                for (k, v) in pairs {
                    self.push_query(&k, &v);
                }
            }
            Err(why) => self.refuse(format!("query parameter `{name}`: {why}")),
        }
    }

    /// Appends `name=value`, both percent-encoded.
    fn push_query(&mut self, name: &str, value: &str) {
        let separator = if self.query.is_empty() { "" } else { "&" };
        let name = utf8_percent_encode(name, COMPONENT);
        let value = utf8_percent_encode(value, COMPONENT);
        // Writing to a String cannot fail.
        let _ = write!(self.query, "{separator}{name}={value}");
    }
}

/// A scalar as query text; `None` for null; `Err` for arrays and objects.
fn text(v: &Value) -> Result<Option<String>, ()> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Array(_) | Value::Object(_) => Err(()),
    }
}

/// Scalars and arrays of scalars as `key=value` pairs, arrays repeated.
fn form(name: &str, value: Value, out: &mut Vec<(String, String)>) -> Result<(), String> {
    let nested = || "a nested value has no form in this style".to_owned();
    let fields: Vec<(String, Value)> = match value {
        Value::Object(m) => m.into_iter().collect(),
        other => vec![(name.to_owned(), other)],
    };
    for (k, v) in fields {
        let items = match v {
            Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            if let Some(t) = text(&item).map_err(|()| nested())? {
                out.push((k.clone(), t));
            }
        }
    }
    Ok(())
}

/// One value: array items, or an object's keys and values, joined by
/// `separator`; `None` when there is nothing to send.
fn joined(value: Value, separator: &str) -> Result<Option<String>, String> {
    let nested = || "a nested value has no form in this style".to_owned();
    let mut texts = Vec::new();
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                if let Some(t) = text(&v).map_err(|()| nested())? {
                    texts.push(k);
                    texts.push(t);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                texts.extend(text(&item).map_err(|()| nested())?);
            }
        }
        other => texts.extend(text(&other).map_err(|()| nested())?),
    }
    if separator != "," && texts.iter().any(|t| t.contains(separator)) {
        return Err(format!(
            "a value holds `{separator}`, which would split it in two"
        ));
    }
    Ok((!texts.is_empty()).then(|| texts.join(separator)))
}

/// How deep `deepObject` nesting may go.
const MAX_DEPTH: usize = 32;

/// `name[key]=value` for every scalar inside; an array of scalars as
/// `name[]=item`, an array holding objects or arrays by index
/// (`name[0][key]=value`), since `[]` could not tell its items apart.
fn deep(
    name: &str,
    value: Value,
    out: &mut Vec<(String, String)>,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("nests deeper than {MAX_DEPTH} levels"));
    }
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                deep(&format!("{name}[{k}]"), v, out, depth + 1)?;
            }
        }
        Value::Array(items) => {
            let scalars = items
                .iter()
                .all(|i| !matches!(i, Value::Array(_) | Value::Object(_)));
            for (i, item) in items.into_iter().enumerate() {
                let key = if scalars {
                    format!("{name}[]")
                } else {
                    format!("{name}[{i}]")
                };
                deep(&key, item, out, depth + 1)?;
            }
        }
        scalar => {
            if let Ok(Some(t)) = text(&scalar) {
                out.push((name.to_owned(), t));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Operation;

    static OP: Operation = Operation {
        name: "styles",
        method: http::Method::GET,
        path: "/s",
        idempotent: true,
        retry_after_fields: &[],
        auth: &[],
        auth_optional: true,
        headers: &[],
        accept: "application/json",
        content_type: None,
        sensitive_bodies: false,
        error_messages: &[],
    };

    fn query(write: impl FnOnce(&mut RequestParts)) -> Result<String, String> {
        let mut r = RequestParts::new(&OP);
        write(&mut r);
        let prepared = r.prepare("http://x.test")?;
        Ok(prepared.url.query().unwrap_or("").to_owned())
    }

    #[test]
    fn deep_objects_name_each_field_and_array_item_and_encode_brackets() {
        let filter = serde_json::json!({ "name": "a&b=c", "created": { "gt": 5 }, "ids": [1, 2], "gone": null });
        let got = query(|r| r.query_object("filter", &filter, QueryStyle::Deep)).unwrap();
        assert_eq!(
            got,
            "filter%5Bname%5D=a%26b%3Dc&filter%5Bcreated%5D%5Bgt%5D=5&filter%5Bids%5D%5B%5D=1&filter%5Bids%5D%5B%5D=2"
        );
        let got = query(|r| r.query_styled("expand", &["customer", "invoice"], QueryStyle::Deep))
            .unwrap();
        assert_eq!(got, "expand%5B%5D=customer&expand%5B%5D=invoice");
    }

    #[test]
    fn form_objects_are_parameters_of_their_own_or_one_joined_value() {
        let point = serde_json::json!({ "x": 1, "y": "a,b", "tags": ["p", "q"] });
        let got = query(|r| r.query_object("point", &point, QueryStyle::Form)).unwrap();
        assert_eq!(got, "x=1&y=a%2Cb&tags=p&tags=q");
        let flat = serde_json::json!({ "x": 1, "y": 2 });
        let got = query(|r| r.query_object("point", &flat, QueryStyle::FormJoined)).unwrap();
        assert_eq!(got, "point=x%2C1%2Cy%2C2");
        let err = query(|r| {
            r.query_object(
                "point",
                &serde_json::json!({ "a": { "b": 1 } }),
                QueryStyle::Form,
            )
        })
        .unwrap_err();
        assert!(err.contains("`point`") && err.contains("nested"), "{err}");
    }

    #[test]
    fn deep_form_bodies_name_nested_values_and_index_arrays_of_objects() {
        let body = serde_json::json!({
            "email": "a+b@x.test",
            "metadata": { "order": "7" },
            "items": [{ "price": "p_1", "quantity": 2 }, { "price": "p_2" }],
            "expand": ["customer"],
            "gone": null,
        });
        let mut r = RequestParts::new(&OP);
        r.form_deep(&body);
        let prepared = r.prepare("http://x.test").unwrap();
        assert_eq!(
            std::str::from_utf8(prepared.body.as_deref().unwrap()).unwrap(),
            "email=a%2Bb%40x.test&metadata%5Border%5D=7&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2&items%5B1%5D%5Bprice%5D=p_2&expand%5B%5D=customer"
        );
    }

    #[test]
    fn json_parameters_are_the_values_json_text() {
        let got =
            query(|r| r.query_json("payload", &serde_json::json!({ "a": [1, "x&y"] }))).unwrap();
        assert_eq!(got, "payload=%7B%22a%22%3A%5B1%2C%22x%26y%22%5D%7D");
        let mut r = RequestParts::new(&OP);
        r.header_json("X-Meta", &serde_json::json!({ "k": "v" }));
        let prepared = r.prepare("http://x.test").unwrap();
        assert_eq!(prepared.headers["x-meta"], r#"{"k":"v"}"#);
    }

    #[test]
    fn delimited_arrays_are_one_value_and_a_value_cannot_hold_the_delimiter() {
        let got = query(|r| r.query_styled("ids", &["a", "b"], QueryStyle::Pipe)).unwrap();
        assert_eq!(got, "ids=a%7Cb");
        let got = query(|r| r.query_styled("ids", &["a", "b"], QueryStyle::Space)).unwrap();
        assert_eq!(got, "ids=a%20b");
        let err = query(|r| r.query_styled("ids", &["a|b"], QueryStyle::Pipe)).unwrap_err();
        assert!(err.contains("`|`"), "{err}");
        assert_eq!(
            query(|r| r.query_styled::<&str>("ids", &[], QueryStyle::Pipe)).unwrap(),
            ""
        );
    }
}
