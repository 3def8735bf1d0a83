//! `codegen::export` and the round trips with `import`: every seed spec and
//! fixture, exported as OpenAPI 3.1 and imported again, generates the same
//! code; a real document imported and exported keeps each operation's
//! method, path, parameters, media types and schemas.

use std::path::{Path, PathBuf};

use codegen::RawSpec;
use codegen::import::{Options, Selection, import};

fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<PathBuf> = ["specs", "codegen/tests/fixtures"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).expect("a directory"))
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

fn generated(name: &str, text: &str) -> Vec<(PathBuf, String)> {
    let raw = RawSpec {
        name: format!("specs/{name}.yaml"),
        bytes: text.as_bytes().to_vec(),
    };
    codegen::generate(&[raw], Path::new("out"))
        .unwrap_or_else(|e| panic!("{name}: {e}\n{text}"))
        .into_iter()
        .map(|f| (f.path, f.content))
        .collect()
}

#[test]
fn every_spec_exported_and_imported_again_generates_the_same_code() {
    let mut failures = Vec::new();
    for file in specs() {
        let text = std::fs::read_to_string(&file).expect("the spec");
        let raw = RawSpec {
            name: "specs/x.yaml".to_owned(),
            bytes: text.as_bytes().to_vec(),
        };
        let api = codegen::lower_specs(&[raw])
            .expect("a checked spec")
            .remove(0);
        let doc = codegen::export::document(&api);
        let opts = Options {
            name: api.name.clone(),
            source: "exported".to_owned(),
            selection: Selection::default(),
            overrides: None,
        };
        let again = match import(&doc.to_string(), &opts) {
            Ok(i) => i,
            Err(e) => {
                failures.push(format!("{}: {e}", file.display()));
                continue;
            }
        };
        let (a, b) = (
            generated(&api.name, &text),
            generated(&api.name, &again.spec),
        );
        if a != b {
            let first = a
                .iter()
                .zip(&b)
                .find(|(x, y)| x != y)
                .map(|((p, x), (_, y))| {
                    let line = x
                        .lines()
                        .zip(y.lines())
                        .position(|(l, m)| l != m)
                        .unwrap_or(0);
                    format!(
                        "{}:{line}:\n- {}\n+ {}",
                        p.display(),
                        x.lines().nth(line).unwrap_or(""),
                        y.lines().nth(line).unwrap_or("")
                    )
                })
                .unwrap_or_else(|| "a file more or less".to_owned());
            failures.push(format!("{}: {first}\n{}", file.display(), again.spec));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

use serde_json::Value;

/// The broad kind of a schema: what a peer sees of a parameter's type.
fn kind(doc: &Value, s: &Value) -> String {
    let s = match s.get("$ref").and_then(Value::as_str) {
        Some(r) => doc.pointer(r.trim_start_matches('#')).unwrap_or(s),
        None => s,
    };
    let types: Vec<&str> = match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(t)) => t
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    };
    match types.as_slice() {
        [one] => (*one).to_owned(),
        _ if s.get("enum").is_some() => "string".to_owned(),
        _ => "any".to_owned(),
    }
}

/// `v` with a `$ref` followed.
fn deref<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => doc.pointer(r.trim_start_matches('#')).unwrap_or(v),
        None => v,
    }
}

#[test]
fn a_real_document_imported_and_exported_keeps_its_operations() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(dir.join("docs"))
        .expect("docs")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    docs.push(dir.join("github/api.github.com.credentials.json"));
    let mut checked = 0;
    for path in docs {
        let text = std::fs::read_to_string(&path).expect("the document");
        let original: Value = serde_json::from_str(&text).expect("json");
        let opts = Options {
            name: "t".to_owned(),
            source: "doc".to_owned(),
            selection: Selection::default(),
            overrides: None,
        };
        let imported = import(&text, &opts).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let raw = RawSpec {
            name: "specs/t.yaml".to_owned(),
            bytes: imported.spec.into_bytes(),
        };
        let api = codegen::lower_specs(&[raw]).expect("checks").remove(0);
        let exported = codegen::export::document(&api);
        let at = path.display();
        for (p, item) in exported["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("an item") {
                let old = &original["paths"][p][method];
                assert!(old.is_object(), "{at}: {method} {p} is not in the document");
                checked += 1;
                // Parameters: name, location, required and kind.
                let old_params: Vec<Value> =
                    [&original["paths"][p]["parameters"], &old["parameters"]]
                        .into_iter()
                        .filter_map(Value::as_array)
                        .flatten()
                        .map(|q| deref(&original, q).clone())
                        .collect();
                for q in op["parameters"].as_array().into_iter().flatten() {
                    let o = old_params
                        .iter()
                        .find(|o| o["name"] == q["name"] && o["in"] == q["in"])
                        .unwrap_or_else(|| {
                            panic!("{at}: {method} {p}: parameter {} is new", q["name"])
                        });
                    let required =
                        |v: &Value| v["required"].as_bool().unwrap_or(false) || v["in"] == "path";
                    assert_eq!(required(o), required(q), "{at}: {method} {p} {}", q["name"]);
                    assert_eq!(
                        kind(&original, &o["schema"]),
                        kind(&exported, &q["schema"]),
                        "{at}: {method} {p} {}",
                        q["name"]
                    );
                }
                // Media types of the body and of each response.
                if let Some(content) = op["requestBody"]["content"].as_object() {
                    let old_body = deref(&original, &old["requestBody"]);
                    for media in content.keys() {
                        assert!(
                            old_body["content"].get(media).is_some(),
                            "{at}: {method} {p}: {media}"
                        );
                    }
                }
                for (status, r) in op["responses"].as_object().expect("responses") {
                    let o = old["responses"]
                        .get(status)
                        .or_else(|| old["responses"].get(status.to_ascii_lowercase()));
                    let o = o.unwrap_or_else(|| panic!("{at}: {method} {p}: {status} is new"));
                    let o = deref(&original, o);
                    for (media, m) in r["content"].as_object().into_iter().flatten() {
                        let kept = o["content"].get(media).is_some()
                            || (media == "application/octet-stream"
                                && o["content"]
                                    .as_object()
                                    .is_some_and(|c| c.keys().any(|k| k.contains('*'))));
                        assert!(kept, "{at}: {method} {p} {status}: {media}");
                        // A component's fields keep their names.
                        let (Some(new_ref), Some(old_ref)) = (
                            m["schema"]["$ref"].as_str(),
                            o["content"][media]["schema"]["$ref"].as_str(),
                        ) else {
                            continue;
                        };
                        let names = |doc: &Value, r: &str| -> Vec<String> {
                            let mut n: Vec<String> = doc
                                .pointer(r.trim_start_matches('#'))
                                .and_then(|s| s["properties"].as_object())
                                .map(|m| m.keys().cloned().collect())
                                .unwrap_or_default();
                            n.sort();
                            n
                        };
                        let old_schema = original
                            .pointer(old_ref.trim_start_matches('#'))
                            .expect("a schema");
                        if old_schema.get("allOf").is_none() {
                            assert_eq!(
                                names(&original, old_ref),
                                names(&exported, new_ref),
                                "{at}: {old_ref}"
                            );
                        }
                    }
                }
            }
        }
    }
    assert!(checked >= 15, "{checked} operations");
}
