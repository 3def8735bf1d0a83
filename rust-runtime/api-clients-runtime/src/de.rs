//! Deserializing generated structs from JSON objects.
//!
//! A generated struct implements [`Object`] (one match over its wire names)
//! and forwards `Deserialize` to [`object`]. Everything else, the visitor,
//! key handling and error messages, is here once instead of expanded by
//! `#[derive(Deserialize)]` into every struct: for a large API that derive was
//! a third of the code rustc had to check. Behaviour is the derive's: unknown
//! keys are ignored, a repeated key is an error, a missing required field is
//! `missing field `x``, a missing or `null` optional field is `None`, and the
//! messages name the struct the same way (`expected struct Account`).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A generated struct read from a JSON object, field by field.
pub trait Object<'de>: Sized {
    /// What a wrong value is reported as expecting (`struct Account`).
    const EXPECTING: &'static str;

    /// Reads the object's entries from `map` and builds the value.
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a generated struct.
#[inline]
pub fn object<'de, T: Object<'de>, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// An object's key, borrowed from the input when the deserializer can lend it.
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

/// Reads the value of field `name` into `slot`; a second occurrence of the
/// key is an error, as with the derive.
#[inline]
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key the struct does not have.
#[inline]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a required field, or `missing field `name``.
#[inline]
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The value of an optional or nullable field: absent and `null` are `None`.
#[inline]
pub fn optional<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a generated struct's impls look like.
    #[derive(Debug, PartialEq)]
    struct Account {
        id: i64,
        name: Option<String>,
        parent: Option<Box<Account>>,
    }

    impl<'de> Deserialize<'de> for Account {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            object(d)
        }
    }

    impl<'de> Object<'de> for Account {
        const EXPECTING: &'static str = "struct Account";
        fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut id, mut name, mut parent) = (None, None, None);
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.as_str() {
                    "id" => field(&mut map, &mut id, "id")?,
                    "displayName" => field(&mut map, &mut name, "displayName")?,
                    "parent" => field(&mut map, &mut parent, "parent")?,
                    _ => skip(&mut map)?,
                }
            }
            Ok(Account {
                id: required(id, "id")?,
                name: optional(name),
                parent: optional(parent),
            })
        }
    }

    fn parse(json: &str) -> Result<Account, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_fields_by_wire_name_and_ignores_unknown_keys() {
        let a =
            parse(r#"{"extra":[1,{"x":null}],"id":7,"displayName":"A\u00e9","parent":{"id":1}}"#);
        assert_eq!(
            a,
            Ok(Account {
                id: 7,
                name: Some("Aé".to_owned()),
                parent: Some(Box::new(Account {
                    id: 1,
                    name: None,
                    parent: None
                })),
            })
        );
    }

    #[test]
    fn absent_and_null_optional_fields_are_none() {
        let expected = Ok(Account {
            id: 1,
            name: None,
            parent: None,
        });
        assert_eq!(parse(r#"{"id":1}"#), expected);
        assert_eq!(
            parse(r#"{"id":1,"displayName":null,"parent":null}"#),
            expected
        );
    }

    #[test]
    fn errors_read_as_the_derive_s() {
        assert_eq!(
            parse(r#"{"displayName":"x"}"#),
            Err("missing field `id` at line 1 column 19".to_owned())
        );
        assert_eq!(
            parse(r#"{"id":1,"id":2}"#),
            Err("duplicate field `id` at line 1 column 12".to_owned())
        );
        assert_eq!(
            parse("null"),
            Err("invalid type: null, expected struct Account at line 1 column 4".to_owned())
        );
        assert_eq!(
            parse(r#"{"id":"7"}"#),
            Err("invalid type: string \"7\", expected i64 at line 1 column 9".to_owned())
        );
    }
}
