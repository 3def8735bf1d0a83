//! `multipart/form-data` request bodies (RFC 7578): an object whose fields
//! become parts. `bytes` travel as they are, as a file; strings, numbers,
//! booleans and enums as text; an array as one part per item; objects and
//! maps as JSON. The boundary is chosen so that no part contains it, so no
//! value can add a part or end the body early.

use std::fmt::{self, Display};

use bytes::{BufMut, Bytes, BytesMut};
use serde::Serialize;
use serde::ser::{self, Impossible};

use super::{BodyParts, RequestParts};

/// One part's content.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Data {
    /// Text, sent as UTF-8 without a content type of its own.
    Text(String),
    /// Bytes, sent as a file (`application/octet-stream`).
    File(Bytes),
    /// JSON (`application/json`).
    Json(Vec<u8>),
}

impl RequestParts {
    /// Makes `body`, an object, the request body as `multipart/form-data`:
    /// one part per set field, named after it (unset fields are left out),
    /// in the order of `order` (fields it does not name go last).
    pub fn multipart<T: Serialize + ?Sized>(&mut self, body: &T, order: &[&str]) {
        match body.serialize(Parts(Level::Top)) {
            Ok(mut parts) => {
                let rank =
                    |name: &str| order.iter().position(|o| *o == name).unwrap_or(order.len());
                parts.sort_by_key(|(name, _)| rank(name));
                self.body = Some(BodyParts::Multipart(parts));
            }
            Err(Refused(why)) => self.refuse(why),
        }
    }
}

/// Adds a text part (credentials sent as body fields), replacing parts of
/// the same name.
pub(super) fn set_text(parts: &mut Vec<(String, Data)>, name: &str, value: &str) {
    parts.retain(|(n, _)| n != name);
    parts.push((name.to_owned(), Data::Text(value.to_owned())));
}

/// The body and its boundary. The boundary starts from a fixed text and
/// changes until no part contains it.
pub(super) fn encode(parts: &[(String, Data)]) -> (String, Bytes) {
    let contents = |d: &Data| -> Vec<u8> {
        match d {
            Data::Text(t) => t.as_bytes().to_vec(),
            Data::File(b) => b.to_vec(),
            Data::Json(j) => j.clone(),
        }
    };
    let all: Vec<Vec<u8>> = parts.iter().map(|(_, d)| contents(d)).collect();
    let mut n: u64 = 0;
    let boundary = loop {
        let candidate = format!("api-clients-boundary-{n:016x}");
        let found = |haystack: &[u8]| {
            haystack
                .windows(candidate.len())
                .any(|w| w == candidate.as_bytes())
        };
        if !all.iter().any(|c| found(c)) {
            break candidate;
        }
        n += 1;
    };
    let mut out = BytesMut::new();
    for ((name, data), content) in parts.iter().zip(&all) {
        out.put_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"").as_bytes(),
        );
        out.put_slice(quoted(name).as_bytes());
        out.put_slice(b"\"");
        match data {
            Data::Text(_) => out.put_slice(b"\r\n"),
            Data::File(_) => {
                out.put_slice(b"; filename=\"");
                out.put_slice(quoted(name).as_bytes());
                out.put_slice(b"\"\r\nContent-Type: application/octet-stream\r\n");
            }
            Data::Json(_) => out.put_slice(b"\r\nContent-Type: application/json\r\n"),
        }
        out.put_slice(b"\r\n");
        out.put_slice(content);
        out.put_slice(b"\r\n");
    }
    out.put_slice(format!("--{boundary}--\r\n").as_bytes());
    (boundary, out.freeze())
}

/// A name inside `"..."` of a `Content-Disposition`, as HTML forms write
/// it: `"`, CR and LF percent-encoded.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Why a body cannot be written as parts.
#[derive(Debug)]
struct Refused(String);

impl Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: Display>(msg: T) -> Self {
        Refused(format!("could not serialize the request body: {msg}"))
    }
}

/// What a compound value inside a part is written as: JSON.
const COMPOUND: &str = "\u{0}compound";

fn compound<T>() -> Result<T, Refused> {
    Err(Refused(COMPOUND.to_owned()))
}

/// Where a value sits: the body, a field, or an item of a field's array.
#[derive(Clone, Copy, PartialEq)]
enum Level {
    Top,
    Field,
    Item,
}

/// Serializes into named parts (at the top) or into one field's contents
/// (the name left empty).
struct Parts(Level);

type Out = Vec<(String, Data)>;

impl Parts {
    fn one(self, data: Data) -> Result<Out, Refused> {
        if self.0 == Level::Top {
            return Err(Refused("a multipart body must be an object".to_owned()));
        }
        Ok(vec![(String::new(), data)])
    }
    fn text(self, v: impl Display) -> Result<Out, Refused> {
        self.one(Data::Text(v.to_string()))
    }
}

/// A field's or an item's parts: as a scalar, file or array if it is one,
/// else as one JSON part.
fn contents<T: Serialize + ?Sized>(level: Level, value: &T) -> Result<Out, Refused> {
    match value.serialize(Parts(level)) {
        Err(Refused(why)) if why == COMPOUND => serde_json::to_vec(value)
            .map(|json| vec![(String::new(), Data::Json(json))])
            .map_err(|e| Refused(format!("could not serialize the request body: {e}"))),
        other => other,
    }
}

macro_rules! as_text {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<Out, Refused> {
            self.text(v)
        })*
    };
}

impl ser::Serializer for Parts {
    type Ok = Out;
    type Error = Refused;
    type SerializeSeq = Items;
    type SerializeTuple = Impossible<Out, Refused>;
    type SerializeTupleStruct = Impossible<Out, Refused>;
    type SerializeTupleVariant = Impossible<Out, Refused>;
    type SerializeMap = Fields;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Impossible<Out, Refused>;

    as_text!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_f32: f32,
        serialize_f64: f64, serialize_char: char, serialize_str: &str,
    );

    fn serialize_bytes(self, v: &[u8]) -> Result<Out, Refused> {
        self.one(Data::File(Bytes::copy_from_slice(v)))
    }
    fn serialize_none(self) -> Result<Out, Refused> {
        Ok(Vec::new())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Out, Refused> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Out, Refused> {
        Ok(Vec::new())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Out, Refused> {
        Ok(Vec::new())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<Out, Refused> {
        self.text(v)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Out, Refused> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Out, Refused> {
        compound()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Items, Refused> {
        match self.0 {
            Level::Field => Ok(Items(Vec::new())),
            Level::Item => compound(),
            Level::Top => Err(Refused("a multipart body must be an object".to_owned())),
        }
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Refused> {
        compound()
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Refused> {
        compound()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Refused> {
        compound()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Fields, Refused> {
        match self.0 {
            Level::Top => Ok(Fields::default()),
            _ => compound(),
        }
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields, Refused> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Refused> {
        compound()
    }
}

/// The items of a field's array: one part each.
struct Items(Out);

impl ser::SerializeSeq for Items {
    type Ok = Out;
    type Error = Refused;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        self.0.extend(contents(Level::Item, value)?);
        Ok(())
    }
    fn end(self) -> Result<Out, Refused> {
        Ok(self.0)
    }
}

/// The body's fields, each named.
#[derive(Default)]
struct Fields {
    parts: Out,
    key: Option<String>,
}

impl Fields {
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Refused> {
        for (_, data) in contents(Level::Field, value)? {
            self.parts.push((name.to_owned(), data));
        }
        Ok(())
    }
}

impl ser::SerializeStruct for Fields {
    type Ok = Out;
    type Error = Refused;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        self.field(key, value)
    }
    fn end(self) -> Result<Out, Refused> {
        Ok(self.parts)
    }
}

impl ser::SerializeMap for Fields {
    type Ok = Out;
    type Error = Refused;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Refused> {
        match serde_json::to_value(key) {
            Ok(serde_json::Value::String(k)) => {
                self.key = Some(k);
                Ok(())
            }
            _ => Err(Refused("a multipart field name must be text".to_owned())),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        let key = self.key.take().unwrap_or_default();
        self.field(&key, value)
    }
    fn end(self) -> Result<Out, Refused> {
        Ok(self.parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<T: Serialize>(body: &T) -> Result<Out, String> {
        body.serialize(Parts(Level::Top)).map_err(|e| e.0)
    }

    #[test]
    fn only_an_object_is_a_multipart_body() {
        for body in [
            serde_json::json!("text"),
            serde_json::json!([1, 2]),
            serde_json::json!(3),
        ] {
            assert_eq!(
                parts(&body).unwrap_err(),
                "a multipart body must be an object"
            );
        }
    }

    #[test]
    fn nested_arrays_and_objects_in_arrays_are_json_parts_nulls_are_left_out() {
        let body = serde_json::json!({
            "grid": [[1, 2], [3]],
            "people": [{"name": "a"}],
            "gone": null,
            "flag": true,
        });
        let got = parts(&body).unwrap();
        let json = |s: &str| Data::Json(s.as_bytes().to_vec());
        assert_eq!(
            got,
            vec![
                ("grid".to_owned(), json("[1,2]")),
                ("grid".to_owned(), json("[3]")),
                ("people".to_owned(), json(r#"{"name":"a"}"#)),
                ("flag".to_owned(), Data::Text("true".to_owned())),
            ]
        );
    }

    #[test]
    fn body_credentials_replace_parts_of_the_same_name() {
        let mut got = parts(&serde_json::json!({ "client_id": "x", "a": "1" })).unwrap();
        set_text(&mut got, "client_id", "id");
        set_text(&mut got, "client_secret", "s");
        let (boundary, bytes) = encode(&got);
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        assert_eq!(text.matches("name=\"client_id\"").count(), 1, "{text}");
        assert!(
            text.contains("name=\"client_secret\"\r\n\r\ns\r\n"),
            "{text}"
        );
        assert!(text.ends_with(&format!("--{boundary}--\r\n")), "{text}");
    }

    #[test]
    fn names_cannot_break_out_of_their_quotes() {
        let got = parts(&serde_json::json!({ "a\"; filename=\"x\r\n": "v" })).unwrap();
        let (_, bytes) = encode(&got);
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        assert!(
            text.contains("name=\"a%22; filename=%22x%0D%0A\"\r\n"),
            "{text}"
        );
    }
}
