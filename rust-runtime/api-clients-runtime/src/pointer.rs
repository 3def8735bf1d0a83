//! JSON Pointers (RFC 6901) into response bodies, with `*` for the only key of
//! an object or each element of an array, as the specs write them.

use std::fmt;

use serde::Deserialize as _;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The scalars (strings, numbers, booleans, null) each of `pointers` reaches
/// in a JSON `body`, in document order; `None` when the body is not JSON.
///
/// One streaming pass that keeps only what the pointers select (and the
/// current key): an error body of many megabytes is never built as a tree,
/// so the memory a message or a retry condition costs stays a fraction of
/// the body. Arrays and objects at a pointer's end select nothing: every
/// caller wants a scalar. `*` matches each element of an array, and the
/// value of an object that has exactly one key.
pub(crate) fn select(body: &[u8], pointers: &[&str]) -> Option<Vec<Vec<Value>>> {
    let paths: Vec<Vec<String>> = pointers.iter().map(|p| segments(p)).collect();
    let mut out = vec![Vec::new(); pointers.len()];
    let states = (0..pointers.len()).map(|i| (i, 0)).collect();
    let mut de = serde_json::Deserializer::from_slice(body);
    Node {
        paths: &paths,
        states,
        out: &mut out,
    }
    .deserialize(&mut de)
    .ok()?;
    de.end().ok()?;
    Some(out)
}

fn segments(pointer: &str) -> Vec<String> {
    match pointer.strip_prefix('/') {
        Some(rest) => rest
            .split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect(),
        None => Vec::new(),
    }
}

/// A pointer that reaches the value being read: (which pointer, how many of
/// its segments are behind).
type State = (usize, usize);

/// A value being read, with the pointers that reach it.
struct Node<'a> {
    paths: &'a [Vec<String>],
    states: Vec<State>,
    out: &'a mut Vec<Vec<Value>>,
}

impl Node<'_> {
    /// The states one level down, through `key` (an object key or an array
    /// index), split into those that took a `*` and those that named it.
    fn down(&self, key: &str) -> (Vec<State>, Vec<State>) {
        let (mut star, mut named) = (Vec::new(), Vec::new());
        for &(i, depth) in &self.states {
            match self.paths[i].get(depth).map(String::as_str) {
                Some("*") => star.push((i, depth + 1)),
                Some(seg) if seg == key => named.push((i, depth + 1)),
                _ => {}
            }
        }
        (star, named)
    }

    fn scalar(self, value: Value) {
        for &(i, depth) in &self.states {
            if depth == self.paths[i].len() {
                self.out[i].push(value.clone());
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.states.is_empty() {
            IgnoredAny::deserialize(d)?;
            return Ok(());
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.scalar(Value::Null);
        Ok(())
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.scalar(Value::Bool(v));
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.scalar(Value::from(v));
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.scalar(Value::from(v));
        Ok(())
    }

    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.scalar(Value::from(v));
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.scalar(Value::from(v));
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            let (mut states, named) = self.down(&index.to_string());
            states.extend(named);
            let child = Node {
                paths: self.paths,
                states,
                out: &mut *self.out,
            };
            if seq.next_element_seed(child)?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // What `*` found is kept only if the object turns out to have one key.
        let mut starred: Vec<Vec<Value>> = vec![Vec::new(); self.out.len()];
        let mut keys = 0usize;
        while let Some(key) = map.next_key::<String>()? {
            keys += 1;
            let (star, named) = self.down(&key);
            if star.is_empty() {
                map.next_value_seed(Node {
                    paths: self.paths,
                    states: named,
                    out: &mut *self.out,
                })?;
                continue;
            }
            let mut found = vec![Vec::new(); self.out.len()];
            let star_pointers: Vec<usize> = star.iter().map(|s| s.0).collect();
            map.next_value_seed(Node {
                paths: self.paths,
                states: star.into_iter().chain(named).collect(),
                out: &mut found,
            })?;
            for (i, values) in found.into_iter().enumerate() {
                if star_pointers.contains(&i) {
                    starred[i].extend(values);
                } else {
                    self.out[i].extend(values);
                }
            }
        }
        if keys == 1 {
            for (i, values) in starred.into_iter().enumerate() {
                self.out[i].extend(values);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn find(v: &Value, pointer: &str) -> Vec<Value> {
        let body = serde_json::to_vec(v).expect("JSON");
        select(&body, &[pointer]).expect("JSON").remove(0)
    }

    #[test]
    fn wildcards_walk_arrays_and_single_key_objects() {
        let v = json!({"errors": [{"code": 1}, {"code": 2, "m": "x"}], "one": {"inner": 3}});
        assert_eq!(find(&v, "/errors/*/code"), vec![json!(1), json!(2)]);
        assert_eq!(find(&v, "/errors/1/m"), vec![json!("x")]);
        assert_eq!(find(&v, "/one/*"), vec![json!(3)]);
        assert!(find(&v, "/*").is_empty(), "two keys: `*` matches none");
        assert!(find(&v, "").is_empty(), "an object is not a scalar");
        assert_eq!(find(&json!("top"), ""), vec![json!("top")]);
        assert!(find(&v, "/missing/x").is_empty());
        assert_eq!(
            find(&json!({"a/b": {"~": null}}), "/a~1b/~0"),
            vec![json!(null)]
        );
    }

    #[test]
    fn several_pointers_in_one_pass() {
        let body = br#"{"error": {"message": "no", "code": 429}, "retry": 2.5, "big": [1, [2, {"x": 3}]]}"#;
        let found = select(
            body,
            &["/error/message", "/error/code", "/retry", "/big/1/1/x"],
        );
        assert_eq!(
            found,
            Some(vec![
                vec![json!("no")],
                vec![json!(429)],
                vec![json!(2.5)],
                vec![json!(3)]
            ])
        );
        assert_eq!(select(b"{not json", &["/a"]), None);
        assert_eq!(select(b"{} trailing", &["/a"]), None);
    }
}
