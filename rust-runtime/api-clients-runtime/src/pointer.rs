//! JSON Pointers (RFC 6901) into response bodies, with `*` for the only key of
//! an object or each element of an array, as the specs write them.

use serde_json::Value;

/// Every value `pointer` reaches in `root`, in order (several when `*` walks an
/// array); empty when it reaches none.
pub(crate) fn find<'v>(root: &'v Value, pointer: &str) -> Vec<&'v Value> {
    let segments: Vec<String> = match pointer.strip_prefix('/') {
        Some(rest) => rest
            .split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect(),
        None => Vec::new(),
    };
    let mut out = Vec::new();
    walk(root, &segments, &mut out);
    out
}

fn walk<'v>(value: &'v Value, segments: &[String], out: &mut Vec<&'v Value>) {
    let Some((first, rest)) = segments.split_first() else {
        out.push(value);
        return;
    };
    match (first.as_str(), value) {
        ("*", Value::Object(map)) if map.len() == 1 => {
            map.values().for_each(|v| walk(v, rest, out));
        }
        ("*", Value::Array(items)) => items.iter().for_each(|v| walk(v, rest, out)),
        (key, Value::Object(map)) => {
            if let Some(v) = map.get(key) {
                walk(v, rest, out);
            }
        }
        (index, Value::Array(items)) => {
            if let Some(v) = index.parse::<usize>().ok().and_then(|i| items.get(i)) {
                walk(v, rest, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcards_walk_arrays_and_single_key_objects() {
        let v = json!({"errors": [{"code": 1}, {"code": 2, "m": "x"}], "one": {"inner": 3}});
        assert_eq!(find(&v, "/errors/*/code"), vec![&json!(1), &json!(2)]);
        assert_eq!(find(&v, "/errors/1/m"), vec![&json!("x")]);
        assert_eq!(find(&v, "/one/*"), vec![&json!(3)]);
        assert!(find(&v, "/*").is_empty(), "two keys: `*` matches none");
        assert_eq!(find(&v, ""), vec![&v]);
        assert!(find(&v, "/missing/x").is_empty());
    }
}
