//! Helpers for generated unions (`one_of`): pick the member by its tag or by
//! trying each shape; an unknown tag or shape is kept as raw JSON.

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// The string value of the tag field, if the value is an object that has one.
pub fn tag_of<'a>(value: &'a Value, field: &str) -> Option<&'a str> {
    value.get(field).and_then(Value::as_str)
}

/// Decodes a known member; a known tag with the wrong shape is an error.
pub fn member<T: DeserializeOwned, U, E: serde::de::Error>(
    value: Value,
    variant: fn(T) -> U,
) -> Result<U, E> {
    serde_json::from_value(value)
        .map(variant)
        .map_err(E::custom)
}

/// Tries a member of an untagged union; gives the value back if it is not one.
pub fn try_member<T: DeserializeOwned, U>(value: Value, variant: fn(T) -> U) -> Result<U, Value> {
    match T::deserialize(&value) {
        Ok(member) => Ok(variant(member)),
        Err(_) => Err(value),
    }
}

/// Serializes a tagged member: its object with the tag field set (or the tag
/// alone for a member without fields).
pub fn tagged<S: Serializer, T: Serialize>(
    s: S,
    field: &str,
    tag: &str,
    member: Option<&T>,
) -> Result<S::Ok, S::Error> {
    let mut object = match member.map(serde_json::to_value).transpose() {
        Ok(Some(Value::Object(object))) => object,
        Ok(_) => serde_json::Map::new(),
        Err(e) => return Err(serde::ser::Error::custom(e)),
    };
    object.insert(field.to_owned(), Value::String(tag.to_owned()));
    Value::Object(object).serialize(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct MissingScope {
        required_scope: String,
    }

    #[derive(Debug, PartialEq)]
    enum AuthError {
        MissingScope(MissingScope),
        Expired,
        Unknown(Value),
    }

    fn decode(v: Value) -> Result<AuthError, serde_json::Error> {
        match tag_of(&v, ".tag") {
            Some("missing_scope") => member(v, AuthError::MissingScope),
            Some("expired_access_token") => Ok(AuthError::Expired),
            _ => Ok(AuthError::Unknown(v)),
        }
    }

    #[test]
    fn tags_pick_members_and_unknown_ones_are_kept() {
        let v = serde_json::json!({".tag": "missing_scope", "required_scope": "files.read"});
        assert_eq!(
            decode(v).unwrap(),
            AuthError::MissingScope(MissingScope {
                required_scope: "files.read".into()
            })
        );
        assert_eq!(
            decode(serde_json::json!({".tag": "expired_access_token"})).unwrap(),
            AuthError::Expired
        );
        let future = serde_json::json!({".tag": "new_kind", "x": 1});
        assert_eq!(decode(future.clone()).unwrap(), AuthError::Unknown(future));
        assert!(
            decode(serde_json::json!({".tag": "missing_scope"})).is_err(),
            "known tag, wrong shape"
        );
        let out = tagged(
            serde_json::value::Serializer,
            ".tag",
            "missing_scope",
            Some(&MissingScope {
                required_scope: "a".into(),
            }),
        )
        .unwrap();
        assert_eq!(
            out,
            serde_json::json!({".tag": "missing_scope", "required_scope": "a"})
        );
        let bare = tagged::<_, ()>(serde_json::value::Serializer, ".tag", "other", None).unwrap();
        assert_eq!(bare, serde_json::json!({".tag": "other"}));
    }

    #[test]
    fn untagged_members_are_tried_in_order() {
        #[derive(Debug, PartialEq)]
        enum Audience {
            One(String),
            Many(Vec<String>),
        }
        let one = try_member(serde_json::json!("api://x"), Audience::One).unwrap();
        assert_eq!(one, Audience::One("api://x".into()));
        let many = serde_json::json!(["a", "b"]);
        let many = try_member(many, Audience::One)
            .or_else(|v| try_member(v, Audience::Many))
            .unwrap();
        assert_eq!(many, Audience::Many(vec!["a".into(), "b".into()]));
        assert!(try_member(serde_json::json!(5), Audience::One).is_err());
    }
}
