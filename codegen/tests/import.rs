//! `codegen::import`: real documents imported into goldens that generate,
//! one test per mapping rule, located refusals, and documents mutated at
//! random that never make the importer panic, hang or write a spec `gen`
//! refuses.

use std::path::{Path, PathBuf};

use codegen::import::{ImportError, Imported, Level, Options, Selection, import};
use serde_json::{Value, json};

fn options(name: &str) -> Options {
    Options {
        name: name.to_owned(),
        source: "test.json".to_owned(),
        selection: Selection::default(),
        overrides: None,
    }
}

/// Imports `doc` (an OpenAPI document as JSON) as the API `t`.
fn imported(doc: &Value) -> Imported {
    import(&doc.to_string(), &options("t")).unwrap_or_else(|e| panic!("{e}"))
}

/// The imported spec as a JSON value, to look into.
fn spec(i: &Imported) -> Value {
    serde_saphyr::from_str(&i.spec).unwrap_or_else(|e| panic!("{e}\n{}", i.spec))
}

/// A 3.0 document with these paths and component schemas.
fn doc(paths: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "T", "version": "1" },
        "servers": [{ "url": "https://api.example.com/v1" }],
        "paths": paths,
        "components": { "schemas": schemas }
    })
}

/// One GET operation answering 200 with `schema`.
fn answering(schema: Value) -> Value {
    json!({ "/x": { "get": { "operationId": "getX", "responses": {
        "200": { "description": "OK", "content": { "application/json": { "schema": schema } } }
    } } } })
}

fn has_note(i: &Imported, level: Level, pointer: &str, words: &str) -> bool {
    i.notes
        .iter()
        .any(|n| n.level == level && n.pointer == pointer && n.message.contains(words))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import")
}

#[test]
fn real_documents_import_into_their_goldens_and_generate() {
    let mut failures = Vec::new();
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    docs.sort();
    assert!(docs.len() >= 4);
    for path in docs {
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("a name");
        let name = codegen::ident::snake(&stem.replace(['.', '-'], "_")).expect("a name");
        let text = std::fs::read_to_string(&path).expect("the document");
        let opts = Options {
            name: name.clone(),
            source: format!("{stem}.json"),
            selection: Selection::default(),
            overrides: None,
        };
        let i = import(&text, &opts).unwrap_or_else(|e| panic!("{stem}: {e}"));
        // The same document gives the same bytes.
        assert_eq!(import(&text, &opts).expect("again").spec, i.spec, "{stem}");
        let notes: String = i.notes.iter().map(|n| format!("{n}\n")).collect();
        for (file, actual) in [
            (format!("{name}.yaml"), &i.spec),
            (format!("{name}.notes"), &notes),
        ] {
            let at = root().join("golden").join(&file);
            if std::env::var_os("UPDATE_EXPECT").is_some() {
                std::fs::write(&at, actual).expect("write the golden");
            } else if std::fs::read_to_string(&at).ok().as_deref() != Some(actual.as_str()) {
                failures.push(format!(
                    "{file} differs (UPDATE_EXPECT=1 rewrites it):\n{actual}"
                ));
            }
        }
        // What `gen` makes of it parses (generate checks every file), and
        // is what generating from the importer's own lowered model makes.
        let raw = codegen::RawSpec {
            name: format!("specs/{name}.yaml"),
            bytes: i.spec.into_bytes(),
        };
        let from_text =
            codegen::generate(&[raw], Path::new("out")).unwrap_or_else(|e| panic!("{stem}: {e}"));
        let (from_model, _) = codegen::generate_lowered(
            std::slice::from_ref(&i.lowered),
            "specs/",
            codegen::render::DEFAULT_UMBRELLA_VERSION,
            Path::new("out"),
            &codegen::cache::Reuse::default(),
            codegen::Verify::Parse,
        )
        .unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(from_model.len(), from_text.len(), "{stem}");
        for (a, b) in from_model.iter().zip(&from_text) {
            assert!(
                a.path == b.path && a.content == b.content,
                "{stem}: {}",
                a.path.display()
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn nullable_in_3_0_and_in_3_1_are_the_same_field() {
    let schemas = json!({ "A": { "type": "object", "required": ["a", "b"], "properties": {
        "a": { "type": "string", "nullable": true },
        "b": { "type": ["string", "null"] },
        "c": { "type": "integer", "format": "int32" }
    } } });
    let mut d = doc(
        answering(json!({ "$ref": "#/components/schemas/A" })),
        schemas,
    );
    let s = spec(&imported(&d));
    let a = &s["types"]["A"]["object"];
    assert_eq!(a["a"], json!({ "type": "string", "nullable": true }));
    assert_eq!(a["b"], a["a"]);
    assert_eq!(a["c"], json!({ "type": "i32", "optional": true }));
    d["openapi"] = json!("3.1.0");
    assert_eq!(spec(&imported(&d))["types"]["A"], s["types"]["A"]);
}

#[test]
fn formats_become_the_matching_scalars() {
    let props: Vec<(&str, Value, &str)> = vec![
        (
            "i32",
            json!({ "type": "integer", "format": "int32" }),
            "i32",
        ),
        (
            "i64",
            json!({ "type": "integer", "format": "int64" }),
            "i64",
        ),
        ("int", json!({ "type": "integer" }), "i64"),
        ("f32", json!({ "type": "number", "format": "float" }), "f32"),
        ("f64", json!({ "type": "number" }), "f64"),
        (
            "date",
            json!({ "type": "string", "format": "date" }),
            "date",
        ),
        (
            "dt",
            json!({ "type": "string", "format": "date-time" }),
            "date_time",
        ),
        (
            "b64",
            json!({ "type": "string", "format": "byte" }),
            "string",
        ),
        ("flag", json!({ "type": "boolean" }), "bool"),
        ("any", json!({}), "json"),
        (
            "tags",
            json!({ "type": "array", "items": { "type": "string" } }),
            "array<string>",
        ),
        (
            "labels",
            json!({ "type": "object", "additionalProperties": { "type": "integer" } }),
            "map<i64>",
        ),
        ("free", json!({ "type": "object" }), "map<json>"),
    ];
    let properties: serde_json::Map<String, Value> = props
        .iter()
        .map(|(k, v, _)| ((*k).to_owned(), v.clone()))
        .collect();
    let required: Vec<&str> = props.iter().map(|(k, _, _)| *k).collect();
    let d = doc(
        answering(json!({ "$ref": "#/components/schemas/A" })),
        json!({ "A": { "type": "object", "required": required, "properties": properties } }),
    );
    let s = spec(&imported(&d));
    for (k, _, expr) in props {
        assert_eq!(s["types"]["A"]["object"][k], json!(expr), "{k}");
    }
}

#[test]
fn a_discriminated_union_with_a_member_that_is_no_object_is_untagged() {
    // GitHub's content endpoint: a directory is an array of entries.
    let schemas = json!({
        "File": { "type": "object", "properties": { "type": { "type": "string" } } },
        "Directory": { "type": "array", "items": { "$ref": "#/components/schemas/File" } },
        "Content": { "oneOf": [{ "$ref": "#/components/schemas/Directory" }, { "$ref": "#/components/schemas/File" }],
                     "discriminator": { "propertyName": "type", "mapping": {
                         "array": "#/components/schemas/Directory", "file": "#/components/schemas/File" } } }
    });
    let i = imported(&doc(
        answering(json!({ "$ref": "#/components/schemas/Content" })),
        schemas,
    ));
    let s = spec(&i);
    assert_eq!(
        s["types"]["Content"]["one_of"],
        json!(["Directory", "File"])
    );
    assert!(s["types"]["Content"].get("tag").is_none());
}

#[test]
fn all_of_is_merged_and_one_of_becomes_a_union() {
    let schemas = json!({
        "Base": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } },
        "Cat": { "allOf": [
            { "$ref": "#/components/schemas/Base" },
            { "type": "object", "required": ["meows"], "properties": {
                "kind": { "type": "string" }, "meows": { "type": "boolean" } } }
        ] },
        "Dog": { "allOf": [{ "$ref": "#/components/schemas/Base" },
            { "properties": { "kind": { "type": "string" } } }] },
        "Pet": { "oneOf": [{ "$ref": "#/components/schemas/Cat" }, { "$ref": "#/components/schemas/Dog" }],
                 "discriminator": { "propertyName": "kind", "mapping": { "cat": "#/components/schemas/Cat" } } },
        "IdOrName": { "anyOf": [{ "type": "integer" }, { "type": "string" }, { "type": "null" }] }
    });
    let paths = json!({
        "/pets": { "get": { "operationId": "listPets", "responses": { "200": { "description": "OK",
            "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Pet" } } } } } } } },
        "/ids": { "get": { "operationId": "getId", "responses": { "200": { "description": "OK",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/IdOrName" } } } } } } }
    });
    let s = spec(&imported(&doc(paths, schemas)));
    let t = &s["types"];
    assert_eq!(t["Cat"]["object"]["id"], json!("string"));
    assert_eq!(t["Cat"]["object"]["meows"], json!("bool"));
    assert_eq!(
        t["Cat"]["object"]["kind"],
        json!({ "type": "string", "optional": true })
    );
    assert_eq!(
        t["Pet"],
        json!({ "tag": "kind", "one_of": { "cat": "Cat", "Dog": "Dog" } })
    );
    assert_eq!(t["IdOrName"]["one_of"], json!(["i64", "string"]));
    assert_eq!(
        s["endpoints"]["list_pets"]["responses"]["200"]["body"],
        json!("array<Pet>")
    );
}

#[test]
fn enums_consts_and_recursion() {
    let schemas = json!({
        "Node": { "type": "object", "required": ["kind"], "properties": {
            "kind": { "type": "string", "enum": ["leaf", "branch", null] },
            "level": { "type": "integer", "enum": [1, 2, -1] },
            "version": { "type": "string", "const": "v1" },
            "children": { "type": "array", "items": { "$ref": "#/components/schemas/Node" } },
            "id": { "type": "string", "readOnly": true }
        }, "required": ["kind", "version", "id"] }
    });
    let i = imported(&doc(
        answering(json!({ "$ref": "#/components/schemas/Node" })),
        schemas,
    ));
    let s = spec(&i);
    let node = &s["types"]["Node"]["object"];
    assert_eq!(
        node["kind"],
        json!({ "type": "NodeKind", "nullable": true })
    );
    assert_eq!(
        s["types"]["NodeKind"],
        json!({ "enum": ["leaf", "branch"] })
    );
    assert_eq!(
        s["types"]["NodeLevel"]["int_enum"][2],
        json!({ "value": -1, "rust_name": "Minus1" })
    );
    assert_eq!(node["version"], json!({ "type": "string", "const": "v1" }));
    assert_eq!(
        node["children"],
        json!({ "type": "array<Node>", "optional": true })
    );
    assert_eq!(node["id"]["optional"], json!(true), "read-only: never sent");
    assert!(
        node["id"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("Read-only"))
    );
}

#[test]
fn security_schemes_requirements_and_optional_auth() {
    let mut d = doc(
        json!({
            "/a": { "get": { "operationId": "a", "responses": { "204": { "description": "ok" } } } },
            "/b": { "get": { "operationId": "b", "security": [{ "key": [] }, {}], "responses": { "204": { "description": "ok" } } } },
            "/c": { "get": { "operationId": "c", "security": [], "responses": { "204": { "description": "ok" } } } }
        }),
        json!({}),
    );
    d["components"]["securitySchemes"] = json!({
        "token": { "type": "http", "scheme": "bearer" },
        "key": { "type": "apiKey", "in": "query", "name": "api_key" },
        "oauth": { "type": "oauth2", "flows": { "clientCredentials": { "tokenUrl": "https://x/token", "scopes": {} } } },
        "digest": { "type": "http", "scheme": "digest" }
    });
    d["security"] = json!([{ "token": [] }]);
    let i = imported(&d);
    let s = spec(&i);
    assert_eq!(s["auth"]["default"], json!("token"));
    assert_eq!(s["auth"]["schemes"]["token"], json!("bearer"));
    assert_eq!(
        s["auth"]["schemes"]["key"],
        json!({ "api_key": { "query": "api_key" } })
    );
    assert!(
        s["auth"]["schemes"]["oauth"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("clientCredentials"))
    );
    assert!(s["auth"]["schemes"].get("digest").is_none());
    assert!(has_note(
        &i,
        Level::Warning,
        "#/components/securitySchemes/digest",
        "digest"
    ));
    assert!(s["endpoints"]["a"].get("auth").is_none(), "the default");
    assert_eq!(s["endpoints"]["b"]["auth"], json!(["key", "none"]));
    assert_eq!(s["endpoints"]["c"]["auth"], json!("none"));
}

#[test]
fn several_schemes_required_together_become_a_combined_scheme() {
    let mut d = doc(
        json!({
            "/a": { "get": { "operationId": "a", "responses": { "204": { "description": "ok" } } } },
            "/b": { "get": { "operationId": "b", "security": [{ "user": [], "key": [] }, { "token": [] }],
                "responses": { "204": { "description": "ok" } } } },
            "/c": { "get": { "operationId": "c", "security": [{ "oauth": ["read"], "oauth_c": ["read"] }],
                "responses": { "204": { "description": "ok" } } } }
        }),
        json!({}),
    );
    d["components"]["securitySchemes"] = json!({
        "key": { "type": "apiKey", "in": "header", "name": "X-Key" },
        "user": { "type": "apiKey", "in": "header", "name": "X-User" },
        "token": { "type": "http", "scheme": "bearer" },
        "oauth": { "type": "oauth2", "flows": {} },
        "oauth_c": { "type": "oauth2", "flows": {} }
    });
    d["security"] = json!([{ "key": [], "user": [] }]);
    let i = imported(&d);
    let s = spec(&i);
    // One combined scheme for both requirements naming `key` and `user`.
    assert_eq!(
        s["auth"]["schemes"]["key_and_user"],
        json!({ "all_of": ["key", "user"] })
    );
    assert_eq!(s["auth"]["default"], json!("key_and_user"));
    assert!(s["endpoints"]["a"].get("auth").is_none(), "the default");
    assert_eq!(
        s["endpoints"]["b"]["auth"],
        json!(["key_and_user", "token"])
    );
    // Two OAuth schemes both send `Authorization`: one token, with a note.
    assert_eq!(s["endpoints"]["c"]["auth"], json!("oauth"));
    assert!(has_note(
        &i,
        Level::Info,
        "#/paths/~1c/get/security/0",
        "`oauth_c` and `oauth` both send the header `authorization`"
    ));
    assert!(
        !i.notes
            .iter()
            .any(|n| n.message.contains("first one is used"))
    );
    // A name an export gave the combined scheme is kept, with its description.
    d["components"]["x-all-of-schemes"] =
        json!({ "both_keys": { "parts": ["key", "user"], "description": "Both keys." } });
    let s = spec(&imported(&d));
    assert_eq!(
        s["auth"]["schemes"]["both_keys"],
        json!({ "all_of": ["key", "user"], "description": "Both keys." })
    );
    assert_eq!(s["auth"]["default"], json!("both_keys"));
}

#[test]
fn servers_with_variables_and_relative_ones() {
    let mut d = doc(answering(json!({ "type": "string" })), json!({}));
    d["servers"] = json!([
        { "url": "https://{region}.example.com/{version}", "variables": {
            "region": { "default": "eu", "enum": ["eu", "us"] },
            "version": { "default": "v2/beta" } } },
        { "url": "/api", "description": "Sandbox" }
    ]);
    let i = imported(&d);
    let s = spec(&i);
    let main = &s["servers"]["main"];
    assert_eq!(
        main["url"],
        json!("https://{region}.example.com/v2/beta"),
        "a value with `/` is written in"
    );
    assert_eq!(
        main["variables"]["region"],
        json!({ "default": "eu", "enum": ["eu", "us"] })
    );
    assert_eq!(s["servers"]["sandbox"]["url"], json!("https://{host}/api"));
    assert!(has_note(&i, Level::Warning, "#/servers/1/url", "relative"));
}

#[test]
fn parameters_the_format_cannot_carry_are_noted_where_they_are() {
    let paths = json!({ "/items/{id}": {
        "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
        "get": { "operationId": "getItem", "parameters": [
            { "name": "session", "in": "cookie", "schema": { "type": "string" } },
            { "name": "tags", "in": "query", "schema": { "type": "array", "items": { "type": "string" } } },
            { "name": "Authorization", "in": "header", "schema": { "type": "string" } },
            { "name": "X-Trace", "in": "header", "required": true, "schema": { "type": "string" } },
            { "name": "type", "in": "query", "schema": { "type": "string", "enum": ["a", "b"] } },
            { "name": "ids", "in": "query", "explode": false, "schema": { "type": "array", "items": { "type": "integer" } } },
            { "name": "sort", "in": "query", "style": "matrix", "schema": { "type": "array", "items": { "type": "string" } } },
            { "name": "prefs", "in": "cookie", "schema": { "type": "array", "items": { "type": "string" } } }
        ], "responses": { "204": { "description": "ok" } } },
        "put": { "operationId": "putItem", "parameters": [
            { "name": "X-Filter", "in": "header", "required": true, "schema": { "type": "object", "properties": { "a": { "type": "string" } } } }
        ], "responses": { "204": { "description": "ok" } } }
    } });
    let i = imported(&doc(paths, json!({})));
    let s = spec(&i);
    let get = &s["endpoints"]["get_item"];
    assert_eq!(get["path_params"]["id"], json!({ "type": "i64" }));
    assert_eq!(
        get["headers"]["X-Trace"],
        json!({ "type": "string", "required": true })
    );
    assert_eq!(get["query"]["type"], json!({ "type": "GetItemType" }));
    assert_eq!(get["query"]["tags"], json!({ "type": "array<string>" }));
    assert_eq!(
        get["query"]["ids"],
        json!({ "type": "array<i64>", "explode": false })
    );
    assert!(get["query"].get("sort").is_none());
    assert_eq!(get["cookies"]["session"], json!({ "type": "string" }));
    let at = "#/paths/~1items~1{id}/get/parameters";
    // A cookie is one scalar.
    assert!(get["cookies"].get("prefs").is_none());
    assert!(has_note(
        &i,
        Level::Warning,
        &format!("{at}/7"),
        "no wire form"
    ));
    assert!(has_note(
        &i,
        Level::Info,
        &format!("{at}/2"),
        "Authorization"
    ));
    assert!(has_note(&i, Level::Warning, &format!("{at}/6"), "matrix"));
    // A required parameter without a wire form leaves the operation out.
    assert!(s["endpoints"].get("put_item").is_none());
    assert!(has_note(
        &i,
        Level::Error,
        "#/paths/~1items~1{id}/put/parameters/0",
        "left out"
    ));
    assert_eq!(i.left_out, 1);
}

#[test]
fn query_parameters_in_openapis_styles() {
    let obj = |props: Value| json!({ "type": "object", "properties": props });
    let strings = json!({ "type": "array", "items": { "type": "string" } });
    let paths = json!({ "/search": { "get": { "operationId": "search", "parameters": [
        { "name": "page", "in": "query", "schema": obj(json!({ "number": { "type": "integer" }, "size": { "type": "integer" } })) },
        { "name": "corner", "in": "query", "explode": false, "schema": obj(json!({ "x": { "type": "integer" } })) },
        { "name": "filter", "in": "query", "style": "deepObject", "explode": true,
          "schema": obj(json!({ "created": obj(json!({ "gt": { "type": "integer" } })), "tags": strings.clone() })) },
        { "name": "meta", "in": "query", "schema": { "type": "object", "additionalProperties": { "type": "string" } } },
        { "name": "expand", "in": "query", "style": "deepObject", "explode": true, "schema": strings.clone() },
        { "name": "ids", "in": "query", "style": "pipeDelimited", "schema": strings.clone() },
        { "name": "words", "in": "query", "style": "spaceDelimited", "explode": false, "schema": strings.clone() },
        { "name": "same", "in": "query", "style": "pipeDelimited", "explode": true, "schema": strings.clone() },
        { "name": "nested", "in": "query", "schema": obj(json!({ "inner": obj(json!({ "a": { "type": "string" } })) })) },
        { "name": "joined", "in": "query", "explode": false, "schema": obj(json!({ "tags": strings })) }
    ], "responses": { "204": { "description": "ok" } } } } });
    let i = imported(&doc(paths, json!({})));
    let s = spec(&i);
    let q = &s["endpoints"]["search"]["query"];
    assert_eq!(q["page"], json!({ "type": "SearchPage" }));
    assert_eq!(
        q["corner"],
        json!({ "type": "SearchCorner", "explode": false })
    );
    assert_eq!(
        q["filter"],
        json!({ "type": "SearchFilter", "style": "deep_object" })
    );
    assert_eq!(q["meta"], json!({ "type": "map<string>" }));
    assert_eq!(
        q["expand"],
        json!({ "type": "array<string>", "style": "deep_object" })
    );
    assert_eq!(
        q["ids"],
        json!({ "type": "array<string>", "style": "pipe_delimited" })
    );
    assert_eq!(
        q["words"],
        json!({ "type": "array<string>", "style": "space_delimited" })
    );
    assert_eq!(
        q["same"],
        json!({ "type": "array<string>" }),
        "exploded: repeated, as form"
    );
    // Nested objects need `deepObject`; arrays cannot be joined into one value.
    assert!(q.get("nested").is_none() && q.get("joined").is_none());
    let at = "#/paths/~1search/get/parameters";
    assert!(has_note(
        &i,
        Level::Warning,
        &format!("{at}/8"),
        "no wire form"
    ));
    assert!(has_note(
        &i,
        Level::Warning,
        &format!("{at}/9"),
        "no wire form"
    ));
}

#[test]
fn parameters_with_content_are_json_text_or_plain_scalars() {
    let json_of = |schema: Value| json!({ "application/json": { "schema": schema } });
    let paths = json!({ "/c/{name}": { "get": { "operationId": "campaigns", "parameters": [
        { "name": "name", "in": "path", "required": true, "content": json_of(json!({ "type": "string" })) },
        { "name": "payload", "in": "query", "content": json_of(json!({ "type": "object", "properties": { "limit": { "type": "integer" } } })) },
        { "name": "X-Meta", "in": "header", "content": json_of(json!({ "type": "array", "items": { "type": "string" } })) },
        { "name": "flag", "in": "query", "content": json_of(json!({ "type": "boolean" })) },
        { "name": "blob", "in": "query", "content": { "application/xml": { "schema": { "type": "object", "properties": { "a": { "type": "string" } } } } } }
    ], "responses": { "204": { "description": "ok" } } } } });
    let i = imported(&doc(paths, json!({})));
    let s = spec(&i);
    let e = &s["endpoints"]["campaigns"];
    assert_eq!(e["path_params"]["name"], json!({ "type": "string" }));
    assert_eq!(
        e["query"]["payload"],
        json!({ "type": "CampaignsPayload", "content_type": "application/json" })
    );
    assert_eq!(
        e["headers"]["X-Meta"],
        json!({ "type": "array<string>", "content_type": "application/json" })
    );
    assert_eq!(e["query"]["flag"], json!({ "type": "bool" }));
    assert!(e["query"].get("blob").is_none());
    let at = "#/paths/~1c~1{name}/get/parameters";
    assert!(has_note(&i, Level::Info, &format!("{at}/0"), "plain text"));
    assert!(has_note(
        &i,
        Level::Warning,
        &format!("{at}/4"),
        "application/xml"
    ));
}

#[test]
fn form_bodies_with_nested_values_are_deep_objects() {
    let nested = json!({ "type": "object", "properties": {
        "email": { "type": "string" },
        "metadata": { "type": "object", "additionalProperties": { "type": "string" } },
        "items": { "type": "array", "items": { "type": "object", "properties": { "price": { "type": "string" } } } }
    } });
    let form = |encoding: Value| {
        json!({ "required": true, "content": { "application/x-www-form-urlencoded": {
            "schema": nested.clone(), "encoding": encoding } } })
    };
    let paths = json!({
        "/customers": { "post": { "operationId": "create", "requestBody": form(json!({
            "metadata": { "style": "deepObject", "explode": true } })),
            "responses": { "200": { "description": "ok" } } } },
        "/guess": { "post": { "operationId": "guess", "requestBody": form(json!({})),
            "responses": { "200": { "description": "ok" } } } }
    });
    let i = imported(&doc(paths, json!({})));
    let s = spec(&i);
    for op in ["create", "guess"] {
        let body = &s["endpoints"][op]["body"];
        assert_eq!(body["style"], json!("deep_object"), "{op}: {body}");
        assert_eq!(
            body["content_type"],
            json!("application/x-www-form-urlencoded")
        );
    }
    assert!(has_note(
        &i,
        Level::Info,
        "#/paths/~1guess/post/requestBody/content/application~1x-www-form-urlencoded",
        "names no encoding"
    ));
    assert!(
        !i.notes
            .iter()
            .any(|n| n.pointer.starts_with("#/paths/~1customers"))
    );
}

#[test]
fn a_union_of_scalars_in_a_parameter_travels_as_text() {
    let paths = json!({ "/workflows/{workflow_id}": { "get": { "operationId": "getWorkflow", "parameters": [
        { "name": "workflow_id", "in": "path", "required": true, "description": "The id or the file name.",
          "schema": { "oneOf": [{ "type": "integer" }, { "type": "string" }] } },
        { "name": "since", "in": "query", "schema": { "type": ["string", "integer"] } },
        { "name": "shape", "in": "query", "schema": { "oneOf": [{ "type": "integer" }, { "type": "object", "properties": { "a": { "type": "string" } } }] } }
    ], "responses": { "204": { "description": "ok" } } } } });
    let i = imported(&doc(paths, json!({})));
    let s = spec(&i);
    let e = &s["endpoints"]["get_workflow"];
    assert_eq!(
        e["path_params"]["workflow_id"],
        json!({ "type": "string", "description": "The id or the file name." })
    );
    assert_eq!(e["query"]["since"], json!({ "type": "string" }));
    assert!(has_note(
        &i,
        Level::Info,
        "#/paths/~1workflows~1{workflow_id}/get/parameters/0/schema",
        "union of scalars"
    ));
    // No type is made for the union.
    assert!(
        s["types"].get("GetWorkflowWorkflowId").is_none(),
        "{}",
        i.spec
    );
    // A union holding an object has no text form: left out, with a warning.
    assert!(e["query"].get("shape").is_none());
    assert!(has_note(
        &i,
        Level::Warning,
        "#/paths/~1workflows~1{workflow_id}/get/parameters/2",
        "no wire form"
    ));
}

#[test]
fn multipart_bodies_keep_their_order_and_binary_properties_are_files() {
    // The body refers to a schema JSON bodies share: the multipart body is
    // a type of its own, so `bytes` never reaches the JSON one.
    let shared = json!({ "type": "object", "required": ["file"], "properties": {
        "metadata": { "type": "object", "properties": { "name": { "type": "string" } } },
        "file": { "type": "string", "format": "binary" },
        "pages": { "type": "array", "items": { "type": "string", "format": "binary" } },
        "logo": { "type": "string", "contentMediaType": "image/png" },
        "note": { "type": "string", "format": "byte" }
    } });
    let paths = json!({
        "/upload": { "post": { "operationId": "upload", "requestBody": { "required": true, "content": {
            "multipart/form-data; charset=utf-8": {
                "schema": { "$ref": "#/components/schemas/Upload" },
                "encoding": { "file": { "contentType": "image/png" } } } } },
            "responses": { "204": { "description": "ok" } } } },
        "/echo": { "post": { "operationId": "echo", "requestBody": { "required": true, "content": {
            "application/json": { "schema": { "$ref": "#/components/schemas/Upload" } } } },
            "responses": { "204": { "description": "ok" } } } },
        "/odd": { "post": { "operationId": "odd", "requestBody": { "required": true, "content": {
            "multipart/form-data": { "schema": { "type": "string" } } } },
            "responses": { "204": { "description": "ok" } } } },
        "/stream": { "post": { "operationId": "stream", "requestBody": { "required": true, "content": {
            "application/octet-stream": { "schema": { "type": "object", "format": "file" } },
            "multipart/form-data": { "schema": { "type": "object", "format": "file" } } } },
            "responses": { "204": { "description": "ok" } } } }
    });
    let i = imported(&doc(paths, json!({ "Upload": shared })));
    let text = &i.spec;
    let s = spec(&i);
    assert_eq!(
        s["endpoints"]["upload"]["body"],
        json!({ "type": "UploadBody", "content_type": "multipart/form-data" })
    );
    let fields = &s["types"]["UploadBody"]["object"];
    assert_eq!(fields["file"], json!("bytes"));
    assert_eq!(fields["pages"]["type"], json!("array<bytes>"));
    assert_eq!(fields["logo"]["type"], json!("bytes"));
    assert_eq!(
        fields["note"]["type"],
        json!("string"),
        "base64 text stays text"
    );
    // The document's order is the order parts are sent.
    let at = |k: &str| text.find(&format!("      {k}:")).unwrap_or(usize::MAX);
    assert!(
        at("metadata") < at("file") && at("file") < at("pages"),
        "{text}"
    );
    // The JSON body keeps the shared schema, binary as text.
    assert_eq!(s["endpoints"]["echo"]["body"], json!("Upload"));
    assert_eq!(s["types"]["Upload"]["object"]["file"], json!("string"));
    assert!(has_note(
        &i,
        Level::Info,
        "#/paths/~1upload/post/requestBody/content/multipart~1form-data; charset=utf-8/encoding",
        "encoding"
    ));
    // A stream offered as multipart without parts, and as bytes: bytes.
    assert_eq!(
        s["endpoints"]["stream"]["body"],
        json!({ "type": "bytes", "content_type": "application/octet-stream" })
    );
    // Not an object: no parts to send.
    assert!(s["endpoints"].get("odd").is_none());
    assert!(has_note(
        &i,
        Level::Error,
        "#/paths/~1odd/post/requestBody/content/multipart~1form-data/schema",
        "must be an object"
    ));
}

#[test]
fn bodies_by_media_type() {
    let body = |media: &str, required: bool| {
        json!({ "required": required, "content": { media: { "schema": {
            "type": "object", "properties": { "name": { "type": "string" } } } } } })
    };
    let paths = json!({
        "/json": { "post": { "operationId": "json", "requestBody": body("application/json", true), "responses": { "204": { "description": "ok" } } } },
        "/form": { "post": { "operationId": "form", "requestBody": body("application/x-www-form-urlencoded", false), "responses": { "204": { "description": "ok" } } } },
        "/multi": { "post": { "operationId": "multi", "requestBody": body("multipart/form-data", true), "responses": { "204": { "description": "ok" } } } },
        "/raw": { "put": { "operationId": "raw", "requestBody": body("application/octet-stream", true), "responses": { "204": { "description": "ok" } } } },
        "/xml": { "post": { "operationId": "xml", "requestBody": body("application/xml", false), "responses": { "204": { "description": "ok" } } } },
        "/file": { "get": { "operationId": "file", "responses": { "200": { "description": "ok",
            "content": { "image/*": { "schema": { "type": "string", "format": "binary" } } } } } } },
        "/text": { "get": { "operationId": "text", "responses": { "200": { "description": "ok",
            "content": { "text/plain": { "schema": { "type": "string" } } } }, "204": { "description": "none",
            "content": { "application/json": { "schema": { "type": "string" } } } } } } }
    });
    let i = imported(&doc(paths, json!({})));
    let s = spec(&i);
    let e = &s["endpoints"];
    assert_eq!(e["json"]["body"], json!("JsonBody"));
    assert_eq!(
        e["form"]["body"],
        json!({ "type": "FormBody", "optional": true, "content_type": "application/x-www-form-urlencoded" })
    );
    assert_eq!(
        e["multi"]["body"],
        json!({ "type": "MultiBody", "content_type": "multipart/form-data" })
    );
    assert_eq!(
        e["raw"]["body"],
        json!({ "type": "bytes", "content_type": "application/octet-stream" })
    );
    assert_eq!(
        e["xml"]["body"],
        json!({ "type": "string", "optional": true, "content_type": "application/xml" })
    );
    assert_eq!(
        e["file"]["responses"]["200"],
        json!({ "description": "ok", "body": "bytes", "content_type": "application/octet-stream" })
    );
    assert_eq!(e["file"]["accept"], json!("image/*"));
    assert_eq!(
        e["text"]["responses"]["200"]["content_type"],
        json!("text/plain")
    );
    assert_eq!(
        e["text"]["responses"]["204"],
        json!({ "description": "none" })
    );
}

#[test]
fn aws_targets_in_the_path_become_a_fixed_header() {
    let paths = json!({ "/#X-Amz-Target=Svc.DoIt": { "post": { "operationId": "DoIt",
        "parameters": [{ "name": "X-Amz-Target", "in": "header", "required": true, "schema": { "type": "string" } }],
        "responses": { "200": { "description": "ok" } } } } });
    let s = spec(&imported(&doc(paths, json!({}))));
    let e = &s["endpoints"]["do_it"];
    assert_eq!(e["path"], json!("/"));
    assert_eq!(e["constant_headers"], json!({ "X-Amz-Target": "Svc.DoIt" }));
    assert!(e.get("headers").is_none());
}

#[test]
fn a_selection_imports_exactly_the_types_it_reaches() {
    let schemas = json!({
        "Token": { "type": "object", "properties": { "owner": { "$ref": "#/components/schemas/User" } } },
        "User": { "type": "object", "properties": { "login": { "type": "string" } } },
        "Repo": { "type": "object", "properties": { "name": { "type": "string" } } }
    });
    let get = |id: &str, tag: &str, schema: &str| {
        json!({ "get": { "operationId": id, "tags": [tag],
        "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } } } } })
    };
    let paths = json!({ "/tokens/{id}": get("getToken", "credentials", "Token"), "/repos": get("listRepos", "repos", "Repo") });
    let d = doc(paths, schemas);
    for selection in [
        Selection {
            operations: vec!["getToken".into()],
            ..Selection::default()
        },
        Selection {
            tags: vec!["credentials".into()],
            ..Selection::default()
        },
        Selection {
            paths: vec!["/tokens/*".into()],
            ..Selection::default()
        },
    ] {
        let opts = Options {
            selection,
            ..options("t")
        };
        let s = spec(&import(&d.to_string(), &opts).expect("imported"));
        let types: Vec<&String> = s["types"].as_object().expect("types").keys().collect();
        assert_eq!(types, ["Token", "User"]);
        assert_eq!(s["endpoints"].as_object().expect("endpoints").len(), 1);
    }
    let none = Options {
        selection: Selection {
            tags: vec!["nope".into()],
            ..Selection::default()
        },
        ..options("t")
    };
    assert!(matches!(
        import(&d.to_string(), &none),
        Err(ImportError::NothingSelected { available: 2 })
    ));
    // A document of webhooks only has nothing to select from.
    let hooks = json!({ "openapi": "3.1.0", "info": { "title": "T", "version": "1" },
        "webhooks": { "paid": { "post": { "responses": { "200": { "description": "ok" } } } } } });
    let err = import(&hooks.to_string(), &options("t")).expect_err("no operations");
    assert!(matches!(err, ImportError::NoOperations), "{err}");
    assert!(err.to_string().contains("webhooks"), "{err}");
}

#[test]
fn a_parameter_named_like_the_body_field_is_renamed() {
    let paths = json!({ "/x": { "post": { "operationId": "send", "parameters": [
        { "name": "body", "in": "query", "schema": { "type": "string" } },
        { "name": "Body", "in": "header", "schema": { "type": "string" } }
    ], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "string" } } } },
       "responses": { "204": { "description": "ok" } } } } });
    let s = spec(&imported(&doc(paths, json!({}))));
    let e = &s["endpoints"]["send"];
    assert_eq!(e["query"]["body"]["rust_name"], json!("body_param"));
    assert!(
        e["headers"]["Body"]["rust_name"]
            .as_str()
            .is_some_and(|r| r != "body" && r != "body_param")
    );
    assert_eq!(e["body"], json!("string"));
}

#[test]
fn what_cannot_be_imported_is_refused_with_where_and_why() {
    let cases: Vec<(String, &str)> = vec![
        (
            json!({ "swagger": "2.0", "paths": {} }).to_string(),
            "Swagger 2.0",
        ),
        (
            "{ \"openapi\": \"3.0.0\", \n  \"paths\": [".to_owned(),
            "line 2",
        ),
        ("[1, 2]".to_owned(), "not a mapping"),
        (json!({ "openapi": "2.5" }).to_string(), "not 3.x"),
        (
            json!({ "openapi": "3.0.0", "paths": {} }).to_string(),
            "describes no operations",
        ),
    ];
    for (text, words) in cases {
        let e = import(&text, &options("t")).expect_err(words).to_string();
        assert!(e.contains(words), "{words}: {e}");
    }
    let bad_name = import(
        &doc(answering(json!({})), json!({})).to_string(),
        &options("Not A Name"),
    );
    assert!(matches!(bad_name, Err(ImportError::Name(_))));
}

#[test]
fn hostile_names_and_text_stay_data() {
    let schemas = json!({
        "String": { "type": "object", "properties": {
            "a-b": { "type": "string" }, "a_b": { "type": "string" }, "$": { "type": "string" },
            "type": { "type": "string", "description": "```rust\nfn main() {}\n```\n\u{202e}evil" }
        } },
        "Client": { "type": "string", "enum": ["", "x y", "x-y", "Unknown"] }
    });
    let paths = json!({ "/a": { "get": { "operationId": "r#type", "summary": "line\nbreak: `x` # not a comment",
        "responses": { "200": { "description": "ok", "content": { "application/json": {
            "schema": { "type": "object", "properties": {
                "s": { "$ref": "#/components/schemas/String" }, "c": { "$ref": "#/components/schemas/Client" } } } } } } } } } });
    let i = imported(&doc(paths, schemas));
    let raw = codegen::RawSpec {
        name: "specs/t.yaml".to_owned(),
        bytes: i.spec.clone().into_bytes(),
    };
    codegen::generate(&[raw], Path::new("out")).unwrap_or_else(|e| panic!("{e}\n{}", i.spec));
    let s = spec(&i);
    assert!(
        s["types"].get("String").is_none(),
        "a name the generated code uses is taken"
    );
    assert!(s["types"].get("String2").is_some());
}

/// Documents mutated at random: the importer returns (a spec `gen`
/// accepts, or a refusal) and never panics, hangs or writes a spec `gen`
/// refuses.
mod mutated {
    use super::*;
    use proptest::prelude::*;

    fn mutate(v: &mut Value, path: &[usize], what: u8) {
        if let Some((step, rest)) = path.split_first() {
            let inner = match v {
                Value::Object(m) if !m.is_empty() => {
                    let k = m.keys().nth(step % m.len()).cloned().unwrap_or_default();
                    m.get_mut(&k)
                }
                Value::Array(a) if !a.is_empty() => {
                    let n = a.len();
                    a.get_mut(step % n)
                }
                _ => None,
            };
            if let Some(inner) = inner {
                return mutate(inner, rest, what);
            }
        }
        *v = match what % 9 {
            0 => Value::Null,
            1 => json!("x"),
            2 => json!(-1),
            3 => json!([]),
            4 => json!({}),
            5 => json!({ "$ref": "#/components/schemas" }),
            6 => json!({ "$ref": "#" }),
            7 => json!({ "type": ["null"], "enum": [null, 1, "a", {}] }),
            _ => {
                json!({ "allOf": [{ "$ref": "#/paths" }], "oneOf": [], "discriminator": { "propertyName": 1 } })
            }
        };
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn import_never_panics_hangs_or_writes_what_gen_refuses(
            which in 0usize..4,
            edits in proptest::collection::vec((proptest::collection::vec(0usize..64, 0..12), any::<u8>()), 1..4),
        ) {
            let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs")).expect("docs")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            docs.sort();
            let text = std::fs::read_to_string(&docs[which % docs.len()]).expect("doc");
            let mut v: Value = serde_json::from_str(&text).expect("json");
            for (path, what) in &edits {
                mutate(&mut v, path, *what);
            }
            let started = std::time::Instant::now();
            let result = import(&v.to_string(), &options("t"));
            prop_assert!(started.elapsed() < std::time::Duration::from_secs(5));
            if let Err(ImportError::Invalid { report: why, .. }) = &result {
                prop_assert!(false, "the importer wrote a spec gen refuses: {why}");
            }
        }
    }
}

/// GitHub's credential-revocation operations.
const GITHUB_OPERATIONS: [&str; 4] = [
    "credentials/revoke",
    "apps/delete-token",
    "apps/delete-authorization",
    "apps/revoke-installation-access-token",
];

/// `full` reduced to the path items of `operations` and every component
/// they reach, transitively: what an import of those operations reads.
fn reduce(full: &Value, operations: &[&str]) -> Value {
    let mut out = json!({
        "openapi": full["openapi"], "info": full["info"], "servers": full["servers"],
        "paths": {}, "components": {}
    });
    for key in ["security"] {
        if let Some(v) = full.get(key) {
            out[key] = v.clone();
        }
    }
    if let Some(s) = full.pointer("/components/securitySchemes") {
        out["components"]["securitySchemes"] = s.clone();
    }
    let mut todo: Vec<String> = Vec::new();
    for (path, item) in full["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            let id = op.get("operationId").and_then(Value::as_str);
            if id.is_some_and(|id| operations.contains(&id)) {
                out["paths"][path][method] = op.clone();
                if let Some(p) = item.get("parameters") {
                    out["paths"][path]["parameters"] = p.clone();
                }
                refs(op, &mut todo);
                refs(&item["parameters"], &mut todo);
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(r) = todo.pop() {
        // A component is copied whole, whatever inside it is referred to.
        let parts: Vec<&str> = r.trim_start_matches("#/").split('/').take(3).collect();
        let [section, kind, name] = parts.as_slice() else {
            continue;
        };
        if !seen.insert(format!("{section}/{kind}/{name}")) {
            continue;
        }
        let value = full[*section][*kind][name.replace("~1", "/").replace("~0", "~")].clone();
        refs(&value, &mut todo);
        out[*section][*kind][name.replace("~1", "/").replace("~0", "~")] = value;
    }
    out
}

fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// GitHub's credential-revocation operations, imported with one command
/// and no hand edit, are the fixture `github_credentials.yaml`: the golden
/// test generates it, `client-tests` compiles it with warnings denied and
/// checks the exact requests on a loopback server. The committed document
/// is GitHub's own (MIT), reduced to what these operations reach; with
/// `GITHUB_OPENAPI` naming `api.github.com.json` of `@octokit/openapi`,
/// the test also checks that the reduction is exact and that importing
/// from the whole document writes the same spec.
#[test]
fn github_credential_revocation_imports_into_the_fixture_with_no_hand_edit() {
    let dir = root().join("github");
    let reduced_at = dir.join("api.github.com.credentials.json");
    let fixture_at = root().join("../fixtures/github_credentials.yaml");
    let opts = Options {
        name: "github_credentials".to_owned(),
        source: "api.github.com.json of @octokit/openapi".to_owned(),
        selection: Selection {
            operations: GITHUB_OPERATIONS.iter().map(|s| (*s).to_owned()).collect(),
            ..Selection::default()
        },
        overrides: None,
    };
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    if let Some(full) = std::env::var_os("GITHUB_OPENAPI") {
        let text = std::fs::read_to_string(full).expect("GITHUB_OPENAPI");
        let full: Value = serde_json::from_str(&text).expect("GitHub's document");
        let reduced =
            serde_json::to_string_pretty(&reduce(&full, &GITHUB_OPERATIONS)).expect("json") + "\n";
        if update {
            std::fs::create_dir_all(&dir).expect("mkdir");
            std::fs::write(&reduced_at, &reduced).expect("write");
        }
        assert_eq!(
            std::fs::read_to_string(&reduced_at).expect("the reduced document"),
            reduced
        );
        let from_full = import(&text, &opts).unwrap_or_else(|e| panic!("{e}"));
        let from_reduced = import(&reduced, &opts).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            from_full.spec, from_reduced.spec,
            "the reduction changes the import"
        );
    }
    let text = std::fs::read_to_string(&reduced_at).expect("the reduced document");
    let i = import(&text, &opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(i.operations, 4);
    assert_eq!(i.left_out, 0, "{:#?}", i.notes);
    if update {
        std::fs::write(&fixture_at, &i.spec).expect("write the fixture");
    }
    assert_eq!(
        std::fs::read_to_string(&fixture_at).expect("the fixture"),
        i.spec,
        "the fixture is the import, unedited (UPDATE_EXPECT=1 rewrites it)"
    );
}

/// The reviewed overrides of `github/recipe.yaml` survive the vendor's
/// releases: GitHub's document of `@octokit/openapi` 18.0.0 and of 23.0.2
/// (each reduced to the operations the recipe selects; with
/// `GITHUB_OPENAPI_18` naming the older whole document, the reduction is
/// checked) both import with every edit applied, an edit of what a release
/// lacks is reported rather than applied, and `diff` between the two specs
/// shows what the vendor changed and nothing of the overrides.
#[test]
fn overrides_survive_two_real_releases_and_diff_shows_the_vendors_changes() {
    let dir = root().join("github");
    let recipe_text = std::fs::read_to_string(dir.join("recipe.yaml")).expect("the recipe");
    let recipe = codegen::import::Recipe::parse(&recipe_text).unwrap_or_else(|e| panic!("{e}"));
    let old_at = dir.join("api.github.com.credentials.18.0.0.json");
    if let Some(full) = std::env::var_os("GITHUB_OPENAPI_18") {
        let full: Value =
            serde_json::from_str(&std::fs::read_to_string(full).expect("read")).expect("json");
        let ops: Vec<&str> = recipe
            .select
            .operations
            .iter()
            .map(String::as_str)
            .collect();
        let reduced = serde_json::to_string_pretty(&reduce(&full, &ops)).expect("json") + "\n";
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&old_at, &reduced).expect("write");
        }
        assert_eq!(
            std::fs::read_to_string(&old_at).expect("the old release"),
            reduced
        );
    }
    let opts = Options {
        name: "github_credentials".to_owned(),
        source: recipe.source.clone().expect("a source"),
        selection: recipe.selection(),
        overrides: recipe
            .overrides
            .clone()
            .map(|o| ("recipe.yaml".to_owned(), o)),
    };
    let releases = [
        "api.github.com.credentials.18.0.0.json",
        "api.github.com.credentials.json",
    ];
    let [old, new] = releases.map(|file| {
        let text = std::fs::read_to_string(dir.join(file)).expect("a release");
        import(&text, &opts).unwrap_or_else(|e| panic!("{file}: {e}"))
    });
    // 18.0.0 lacks `credentials/revoke`: its overrides are reported.
    assert_eq!((old.operations, new.operations), (3, 4));
    assert!(has_note(
        &old,
        Level::Warning,
        "recipe.yaml",
        "endpoints/credentials_revoke"
    ));
    assert!(
        !new.notes.iter().any(|n| n.pointer == "recipe.yaml"),
        "{:#?}",
        new.notes
    );
    let lower = |i: &Imported| {
        let raw = codegen::RawSpec {
            name: "specs/github_credentials.yaml".to_owned(),
            bytes: i.spec.clone().into_bytes(),
        };
        codegen::lower_specs(&[raw]).unwrap_or_else(|e| panic!("{e}"))
    };
    let (old_api, new_api) = (lower(&old), lower(&new));
    for api in [&old_api[0], &new_api[0]] {
        assert_eq!(api.client, "GitHubCredentialsClient");
        let schemes: Vec<&str> = api.auth.schemes.iter().map(|s| s.wire.as_str()).collect();
        assert_eq!(schemes, ["app", "token"]);
        let delete = api
            .endpoints
            .iter()
            .find(|e| e.wire == "apps_delete_token")
            .expect("delete");
        assert_eq!(delete.auth.schemes, ["app"]);
        assert_eq!(
            delete.constant_headers,
            [("X-GitHub-Api-Version".to_owned(), "2022-11-28".to_owned())]
        );
        assert_eq!(api.retry.throttled.len(), 2);
        let body = codegen::ir::find_type(&api.types, "AppsDeleteTokenBody").expect("the body");
        let codegen::ir::TypeKind::Struct(fields) = &body.kind else {
            panic!("a struct")
        };
        assert!(fields.iter().all(|f| f.sensitive));
    }
    let report = codegen::diff::diff(&old_api, &new_api);
    let changes: Vec<String> = report
        .apis
        .iter()
        .flat_map(|a| &a.changes)
        .map(|c| format!("{} {}", c.subject, c.what))
        .collect();
    assert!(
        changes.contains(&"credentials_revoke endpoint added: POST /credentials/revoke".to_owned()),
        "{changes:#?}"
    );
    assert!(
        !changes
            .iter()
            .any(|c| c.starts_with("auth") || c.starts_with("retry") || c.contains("sensitive")),
        "the overrides are the same on both sides: {changes:#?}"
    );
    assert!(!report.breaking(), "{changes:#?}");
}

#[test]
fn an_override_that_breaks_the_spec_is_the_maintainers_to_fix() {
    let d = doc(answering(json!({ "type": "string" })), json!({}));
    let opts = Options {
        overrides: Some((
            "r.yaml".to_owned(),
            json!({ "endpoints": { "get_x": { "auth": "nope" } } }),
        )),
        ..options("t")
    };
    let e = import(&d.to_string(), &opts).expect_err("an unknown scheme");
    assert!(matches!(e, ImportError::Overridden(_)), "{e}");
    assert!(e.to_string().contains("nope"), "{e}");
    // Shorthands expand; `null` removes.
    let opts = Options {
        overrides: Some((
            "r.yaml".to_owned(),
            json!({ "endpoints": { "get_x": { "responses": { "200": { "description": null, "rust_name": "Fine" } }, "idempotent": false } } }),
        )),
        ..options("t")
    };
    let s = spec(&import(&d.to_string(), &opts).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(
        s["endpoints"]["get_x"]["responses"]["200"],
        json!({ "body": "string", "rust_name": "Fine" })
    );
    assert_eq!(s["endpoints"]["get_x"]["idempotent"], json!(false));
}

/// Mistakes found in real documents of the public directory: each is
/// noted where it is, and the rest imports into a spec `gen` accepts.
#[test]
fn mistakes_of_real_documents_are_noted_and_the_rest_imports() {
    let schemas = json!({
        // Stripe: a nullable reference written as `anyOf` of one.
        "Charge": { "type": "object", "properties": {
            "details": { "anyOf": [{ "$ref": "#/components/schemas/Details" }], "nullable": true },
            "kind": { "type": "string", "const": 7 } } },
        "Details": { "type": "object", "properties": { "charge": { "$ref": "#/components/schemas/Charge" } } },
        "Loop": { "anyOf": [{ "$ref": "#/components/schemas/Loop" }] }
    });
    let paths = json!({ "/charges/{id}#expand": { "get": { "operationId": "getCharge",
        "parameters": [
            { "name": "", "in": "header", "schema": { "type": "string" } },
            { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }
        ],
        "responses": { "200": { "description": "ok", "content": {
            "application/json": { "schema": { "$ref": "#/components/schemas/Charge" } },
            "multipart/mixed": { "schema": { "type": "string" } } } } } } },
        "/loop": { "get": { "operationId": "getLoop", "responses": { "200": { "description": "ok",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Loop" } } } } } } } });
    let mut d = doc(paths, schemas);
    d["servers"] = json!([{ "url": "https://<your host>/api" }]);
    d["components"]["securitySchemes"] =
        json!({ "session": { "type": "apiKey", "in": "header", "name": "Cookie" } });
    let i = imported(&d);
    let s = spec(&i);
    assert_eq!(
        s["types"]["Charge"]["object"]["details"],
        json!({ "type": "Details", "optional": true, "nullable": true })
    );
    assert_eq!(
        s["types"]["Charge"]["object"]["kind"],
        json!({ "type": "string", "optional": true })
    );
    assert_eq!(s["types"]["Loop"]["type"], json!("json"));
    assert_eq!(s["servers"]["main"]["url"], json!("https://{host}"));
    assert_eq!(s["endpoints"]["get_charge"]["path"], json!("/charges/{id}"));
    assert!(
        s["auth"].get("schemes").is_none(),
        "a key in the Cookie header cannot be sent"
    );
    for (pointer, words) in [
        ("#/servers/0/url", "not a URL"),
        ("#/components/securitySchemes/session", "Cookie"),
        (
            "#/paths/~1charges~1{id}#expand/get/parameters/0",
            "not a header name",
        ),
        (
            "#/paths/~1charges~1{id}#expand/get/responses/200/content/multipart~1mixed",
            "multipart",
        ),
        ("#/components/schemas/Loop", "only refers to itself"),
    ] {
        assert!(
            i.notes
                .iter()
                .any(|n| n.pointer == pointer && n.message.contains(words)),
            "{pointer}: {:#?}",
            i.notes
        );
    }
}

/// A document is written by a stranger: nesting, reference chains, alias
/// bombs and size are bounded, each refused or imported within a time
/// budget, never a stack overflow or a hang.
mod bounds {
    use std::time::{Duration, Instant};

    use super::*;

    fn within<T>(budget: Duration, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        assert!(start.elapsed() < budget, "took {:?}", start.elapsed());
        out
    }

    #[test]
    fn nesting_beyond_the_parsers_limits_is_refused() {
        let depth = 100_000;
        let json = format!(
            "{{\"openapi\":\"3.0.0\",\"x\":{}1{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let e =
            within(Duration::from_secs(5), || import(&json, &options("t"))).expect_err("too deep");
        assert!(e.to_string().contains("does not parse"), "{e}");
        let yaml = format!(
            "openapi: 3.0.0\nx: {}1{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let e =
            within(Duration::from_secs(5), || import(&yaml, &options("t"))).expect_err("too deep");
        assert!(e.to_string().contains("does not parse"), "{e}");
    }

    #[test]
    fn a_yaml_alias_bomb_is_refused() {
        let mut yaml = String::from("openapi: 3.0.0\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            yaml.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let e =
            within(Duration::from_secs(5), || import(&yaml, &options("t"))).expect_err("a bomb");
        assert!(e.to_string().contains("does not parse"), "{e}");
    }

    #[test]
    fn long_reference_chains_and_all_of_chains_stay_linear() {
        let n = 3_000;
        let mut schemas = serde_json::Map::new();
        for i in 0..n {
            // S<i> holds S<i+1>, and extends it through `allOf`.
            schemas.insert(
                format!("S{i}"),
                json!({ "allOf": [{ "$ref": format!("#/components/schemas/S{}", (i + 1) % n) }],
                        "properties": { "next": { "$ref": format!("#/components/schemas/S{}", (i + 1) % n) } } }),
            );
        }
        let d = doc(
            answering(json!({ "$ref": "#/components/schemas/S0" })),
            Value::Object(schemas),
        );
        let i = within(Duration::from_secs(20), || imported(&d));
        assert!(i.types >= n, "{}", i.types);
        assert!(
            i.notes.iter().any(|n| n.message.contains("deeper than 32")),
            "the allOf chain is cut"
        );
    }

    #[test]
    fn a_wide_document_imports_within_its_budget() {
        let mut paths = serde_json::Map::new();
        for i in 0..5_000 {
            paths.insert(
                format!("/items{i}/{{id}}"),
                json!({ "get": { "operationId": format!("get{i}"), "parameters": [
                    { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "responses": { "200": { "description": "ok", "content": { "application/json": {
                        "schema": { "type": "object", "properties": { "v": { "type": "integer" } } } } } } } } }),
            );
        }
        let d = doc(Value::Object(paths), json!({}));
        let i = within(Duration::from_secs(60), || imported(&d));
        assert_eq!(i.operations, 5_000);
    }
}

#[test]
fn fixed_queries_in_paths_and_one_valued_parameters_become_constant_query() {
    let paths = json!({
        "/services?funcs=GetNews&mobile=1": { "get": { "operationId": "getNews",
            "responses": { "200": { "description": "ok" } } } },
        "/#Action=DescribeRegions": { "get": { "operationId": "describeRegions",
            "parameters": [
                { "name": "Action", "in": "query", "required": true, "schema": { "type": "string", "enum": ["DescribeRegions"] } },
                { "name": "Version", "in": "query", "required": true, "schema": { "type": "string", "const": "2016-11-15" } },
                { "name": "DryRun", "in": "query", "schema": { "type": "string", "enum": ["true"] } }
            ],
            "responses": { "200": { "description": "ok" } } } }
    });
    let s = spec(&imported(&doc(paths, json!({}))));
    let news = &s["endpoints"]["get_news"];
    assert_eq!(news["path"], json!("/services"));
    assert_eq!(
        news["constant_query"],
        json!({ "funcs": "GetNews", "mobile": "1" })
    );
    let regions = &s["endpoints"]["describe_regions"];
    assert_eq!(regions["path"], json!("/"));
    assert_eq!(
        regions["constant_query"],
        json!({ "Action": "DescribeRegions", "Version": "2016-11-15" })
    );
    // An optional one stays a parameter.
    assert_eq!(
        regions["query"]["DryRun"],
        json!({ "type": "DescribeRegionsDryRun" })
    );
}

#[test]
fn a_parameter_the_paths_query_templates_goes_in_the_query() {
    let paths = json!({ "/export?file={name}&v=2": { "get": { "operationId": "export",
        "parameters": [{ "name": "name", "in": "path", "required": true, "schema": { "type": "string" } }],
        "responses": { "200": { "description": "ok" } } } } });
    let s = spec(&imported(&doc(paths, json!({}))));
    let e = &s["endpoints"]["export"];
    assert_eq!(e["path"], json!("/export"));
    assert_eq!(
        e["query"]["file"],
        json!({ "type": "string", "required": true })
    );
    assert_eq!(e["constant_query"], json!({ "v": "2" }));
    assert!(e.get("path_params").is_none());
}
