//! `codegen::diff`: each kind of spec change gets its Rust and wire verdicts,
//! formatting alone changes nothing, and each API gets the version it needs.

use codegen::diff::{Change, Report, Weight, diff};

const BASE: &str = r#"
name: notes
version: 1.2.0
title: Notes
source: test
servers:
  main: { url: https://api.example.com, default: true }
  eu: https://eu.example.com
auth: bearer
types:
  Draft:
    object:
      title: string
      tags: { array: string, optional: true }
  Note:
    object:
      id: i64
      title: string
      color: { type: Color, optional: true }
  Color:
    enum: [red, blue]
endpoints:
  create_note:
    method: POST
    path: /notes
    summary: Create a note.
    query: { dry_run: bool }
    body: Draft
    responses: { 201: Note, 404: { description: gone } }
  get_note:
    method: GET
    path: /notes/{id}
    summary: Get a note.
    path_params: { id: i64 }
    responses: { 200: Note }
"#;

fn report(old: &str, new: &str) -> Report {
    let lower = |name: &str, text: &str| {
        codegen::lower_specs(&[codegen::RawSpec {
            name: format!("{name}/notes.yaml"),
            bytes: text.as_bytes().to_vec(),
        }])
        .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    diff(&lower("old", old), &lower("new", new))
}

fn changes(old: &str, new: &str) -> Vec<Change> {
    report(old, new)
        .apis
        .into_iter()
        .flat_map(|a| a.changes)
        .collect()
}

/// The one change whose `what` contains `needle`.
fn one(changes: &[Change], needle: &str) -> Change {
    let found: Vec<&Change> = changes.iter().filter(|c| c.what.contains(needle)).collect();
    assert_eq!(found.len(), 1, "`{needle}` in {changes:#?}");
    found[0].clone()
}

fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn formatting_order_and_comments_change_nothing() {
    let reordered = BASE
        .replace(
            "      title: string\n      tags: { array: string, optional: true }",
            "      # the tags\n      tags:\n        array: string\n        optional: true\n      title: string",
        )
        .replace("enum: [red, blue]", "enum:\n      - red\n      - blue");
    assert_ne!(reordered, BASE);
    let r = report(BASE, &reordered);
    assert!(r.is_empty(), "{r:#?}");
    assert!(!r.breaking());
}

#[test]
fn parameters() {
    let required = changes(
        BASE,
        &edit(
            "query: { dry_run: bool }",
            "query: { dry_run: { type: bool, required: true } }",
        ),
    );
    let c = one(&required, "query dry_run: optional -> required");
    assert_eq!(c.subject, "create_note");
    assert!(c.rust.breaking && c.rust.why.contains("CreateNoteRequest::new"));
    assert!(c.wire.breaking);

    let added = changes(
        BASE,
        &edit(
            "query: { dry_run: bool }",
            "query: { dry_run: bool, limit: i32 }",
        ),
    );
    let c = one(&added, "query limit added, optional");
    assert!(!c.rust.breaking && !c.wire.breaking);
    assert_eq!(c.weight(), Weight::Addition);

    let removed = changes(BASE, &edit("    query: { dry_run: bool }\n", ""));
    let c = one(&removed, "query dry_run removed");
    assert!(c.rust.breaking && !c.wire.breaking);

    let widened = changes(
        BASE,
        &edit("path_params: { id: i64 }", "path_params: { id: string }"),
    );
    // A parameter travels as text: any scalar fits a string.
    let c = one(&widened, "path id: i64 -> string");
    assert!(c.rust.breaking && !c.wire.breaking, "{c:?}");
    let narrowed = changes(
        &edit("path_params: { id: i64 }", "path_params: { id: string }"),
        BASE,
    );
    let c = one(&narrowed, "path id: string -> i64");
    assert!(c.rust.breaking && c.wire.breaking, "{c:?}");
}

#[test]
fn endpoints() {
    let moved = changes(BASE, &edit("path: /notes/{id}", "path: /v2/notes/{id}"));
    let c = one(&moved, "GET /notes/{id} -> GET /v2/notes/{id}");
    assert!(!c.rust.breaking && c.wire.breaking, "{c:?}");

    let renamed = changes(
        BASE,
        &edit(
            "    summary: Get a note.\n",
            "    summary: Get a note.\n    rust_name: fetch_note\n",
        ),
    );
    let c = one(&renamed, "Rust name get_note -> fetch_note");
    assert!(c.rust.breaking && !c.wire.breaking);

    let docs = changes(
        BASE,
        &edit("summary: Get a note.", "summary: Get one note."),
    );
    let c = one(&docs, "summary");
    assert!(c.docs_only && !c.breaking());
    assert_eq!(c.weight(), Weight::Docs);

    let removed = changes(BASE, BASE.split("  get_note:").next().expect("split"));
    let c = one(&removed, "endpoint removed");
    assert!(c.rust.breaking && c.wire.breaking);
}

#[test]
fn moving_an_endpoint_between_groups_breaks_crates_that_named_the_old_one() {
    let grouped = edit(
        "    summary: Get a note.\n",
        "    summary: Get a note.\n    group: notes\n",
    );
    let into = changes(BASE, &grouped);
    let c = one(&into, "group none -> notes");
    assert!(c.rust.breaking && !c.wire.breaking, "{c:?}");
    assert!(c.rust.why.contains("without default features"), "{c:?}");

    let moved = changes(&grouped, &grouped.replace("group: notes", "group: archive"));
    let c = one(&moved, "group notes -> archive");
    assert!(c.rust.breaking && !c.wire.breaking, "{c:?}");

    let out = changes(&grouped, BASE);
    let c = one(&out, "group notes -> none");
    assert!(!c.breaking(), "{c:?}");
}

#[test]
fn fields_by_direction() {
    // Draft is only sent: a new required field breaks old clients, which do not send it.
    let sent = changes(
        BASE,
        &edit(
            "      title: string\n      tags:",
            "      title: string\n      body: string\n      tags:",
        ),
    );
    let c = one(&sent, "field body added, required");
    assert!(c.rust.breaking && c.wire.breaking, "{c:?}");
    // Note is only received: old clients ignore a new field.
    let received = changes(
        BASE,
        &edit("      id: i64\n", "      id: i64\n      author: string\n"),
    );
    let c = one(&received, "field author added, required");
    assert!(c.rust.breaking && !c.wire.breaking, "{c:?}");
    // A received field that may now be missing breaks old clients.
    let loosened = changes(
        BASE,
        &edit(
            "      id: i64\n",
            "      id: { type: i64, optional: true }\n",
        ),
    );
    let c = one(&loosened, "field id: required -> optional");
    assert!(c.rust.breaking && c.wire.breaking, "{c:?}");
}

#[test]
fn enum_values_and_responses() {
    let added = changes(BASE, &edit("enum: [red, blue]", "enum: [red, blue, green]"));
    let c = one(&added, "value green added");
    assert!(!c.rust.breaking && !c.wire.breaking, "{c:?}");
    let removed = changes(BASE, &edit("enum: [red, blue]", "enum: [red]"));
    let c = one(&removed, "value blue removed");
    assert!(c.rust.breaking && !c.wire.breaking, "received only: {c:?}");

    let error = changes(
        BASE,
        &edit(
            "{ 201: Note, 404: { description: gone } }",
            "{ 201: Note, 404: { description: gone }, 409: Note }",
        ),
    );
    let c = one(&error, "response 409 added");
    assert!(!c.rust.breaking && !c.wire.breaking, "{c:?}");
    let success = changes(
        BASE,
        &edit(
            "responses: { 200: Note }",
            "responses: { 200: Note, 202: { description: later } }",
        ),
    );
    let c = one(&success, "response 202 added");
    assert!(
        c.rust.breaking && c.wire.breaking,
        "a single success becomes an enum: {c:?}"
    );
}

#[test]
fn servers() {
    let c = one(
        &changes(
            BASE,
            &edit("https://eu.example.com", "https://eu2.example.com"),
        ),
        "URL",
    );
    assert!(!c.rust.breaking && c.wire.breaking);
    let default = changes(
        BASE,
        &edit(
            "main: { url: https://api.example.com, default: true }\n  eu: https://eu.example.com",
            "main: https://api.example.com\n  eu: { url: https://eu.example.com, default: true }",
        ),
    );
    let c = one(&default, "main -> eu");
    assert!(c.wire.breaking, "{c:?}");
}

#[test]
fn authentication() {
    // A second scheme: the builder no longer takes the token directly.
    let two = edit(
        "auth: bearer",
        "auth:\n  schemes:\n    bearer: bearer\n    key: { api_key: { header: X-Key } }\n  default: bearer",
    );
    let c = one(&changes(BASE, &two), "takes a token -> takes no credential");
    assert!(c.rust.breaking && !c.wire.breaking, "{c:?}");
    let c = one(&changes(BASE, &two), "scheme added");
    assert!(!c.rust.breaking && !c.wire.breaking, "{c:?}");

    // With two schemes, one removed: its variant is gone and old clients may
    // hold only that credential.
    let fewer = two.replacen("    key: { api_key: { header: X-Key } }\n", "", 1);
    let c = one(&changes(&two, &fewer), "scheme removed");
    assert!(c.rust.breaking, "{c:?}");
    assert!(!c.wire.breaking, "no endpoint used `key`: {c:?}");

    // The same scheme travelling elsewhere: same constructor, other wire.
    let moved = two.replacen("header: X-Key", "query: key", 1);
    let c = one(
        &changes(&two, &moved),
        "X-Key` header -> an API key, sent as the query",
    );
    assert!(!c.rust.breaking && c.wire.breaking, "{c:?}");

    // An endpoint that stops accepting the default scheme, or newly requires one.
    let get_key = two.replacen(
        "    path_params: { id: i64 }",
        "    path_params: { id: i64 }\n    auth: key",
        1,
    );
    let cs = changes(&two, &get_key);
    let c = one(&cs, "no longer accepts bearer");
    assert!(!c.rust.breaking && c.wire.breaking, "{c:?}");
    let c = one(&cs, "also accepts key");
    assert!(!c.wire.breaking, "{c:?}");
    let optional = two.replacen(
        "    path_params: { id: i64 }",
        "    path_params: { id: i64 }\n    auth: [bearer, none]",
        1,
    );
    let c = one(&changes(&optional, &two), "auth: optional -> required");
    assert!(!c.rust.breaking && c.wire.breaking, "{c:?}");
    let c = one(&changes(&two, &optional), "auth: required -> optional");
    assert!(!c.wire.breaking, "{c:?}");
    let public = two.replacen(
        "    path_params: { id: i64 }",
        "    path_params: { id: i64 }\n    auth: none",
        1,
    );
    let c = one(&changes(&public, &two), "also accepts bearer");
    assert!(
        c.wire.breaking,
        "old clients of a public endpoint send nothing: {c:?}"
    );
}

#[test]
fn combined_schemes_are_judged_by_every_credential_they_send() {
    let two = edit(
        "auth: bearer",
        "auth:\n  schemes:\n    bearer: bearer\n    key: { api_key: { header: X-Key } }\n    user: { api_key: { header: X-User } }\n    both: { all_of: [key, user] }\n  default: bearer",
    );
    let at = |auth: &str| {
        two.replacen(
            "    path_params: { id: i64 }",
            &format!("    path_params: {{ id: i64 }}\n    auth: {auth}"),
            1,
        )
    };
    // Needing both keys where one sufficed: old clients send only `key`.
    let c = one(&changes(&at("key"), &at("both")), "no longer accepts key");
    assert!(!c.rust.breaking && c.wire.breaking, "{c:?}");
    // Needing one of the keys where both were sent: old clients send it.
    let c = one(&changes(&at("both"), &at("key")), "no longer accepts both");
    assert!(!c.rust.breaking && !c.wire.breaking, "{c:?}");
    // A part added to the combined scheme: old clients lack it on the wire;
    // there is no variant to break in Rust.
    let three = at("both").replacen("all_of: [key, user]", "all_of: [key, user, bearer]", 1);
    let c = one(&changes(&at("both"), &three), "together -> ");
    assert!(!c.rust.breaking && c.wire.breaking, "{c:?}");
    let c = one(&changes(&three, &at("both")), "together -> ");
    assert!(!c.rust.breaking && !c.wire.breaking, "{c:?}");
    // Removing the combined scheme: no variant was ever generated for it.
    let gone = at("key").replacen("    both: { all_of: [key, user] }\n", "", 1);
    let c = one(&changes(&at("key"), &gone), "scheme removed");
    assert!(!c.rust.breaking && !c.wire.breaking, "{c:?}");
}

#[test]
fn the_order_of_multipart_parts_is_on_the_wire() {
    let upload = |fields: &str| {
        edit(
            "  get_note:",
            &format!(
                "  upload:\n    method: POST\n    path: /upload\n    summary: Upload.\n    body:\n      content_type: multipart/form-data\n      object:\n{fields}    responses: {{ 204: }}\n  get_note:"
            ),
        )
    };
    let before = upload("        meta: string\n        file: bytes\n");
    let after = upload("        file: bytes\n        meta: string\n");
    let c = one(
        &changes(&before, &after),
        "parts in the order meta, file -> file, meta",
    );
    assert!(!c.rust.breaking && c.wire.breaking, "{c:?}");
    // A part added is the type's change, not a reorder.
    let more = upload(
        "        meta: string\n        file: bytes\n        note: { type: string, optional: true }\n",
    );
    assert!(
        !changes(&before, &more)
            .iter()
            .any(|c| c.what.contains("parts in the order"))
    );
}

#[test]
fn retries_and_idempotency() {
    let rules = |throttled: &str| {
        edit(
            "auth: bearer",
            &format!("auth: bearer\nretry:\n  throttled: [{throttled}]\n  wait: [retry_after]"),
        )
    };
    let (narrow, wide) = (rules("429"), rules("429, 503"));
    let c = one(&changes(&wide, &narrow), "no longer throttling: status 503");
    assert!(!c.rust.breaking && c.wire.breaking, "{c:?}");
    let c = one(&changes(&narrow, &wide), "throttling: status 503");
    assert!(!c.rust.breaking && !c.wire.breaking, "{c:?}");
    let header = narrow.replacen("wait: [retry_after]", "wait: [{ header: X-Wait }]", 1);
    let c = one(
        &changes(&narrow, &header),
        "wait from: Retry-After -> header x-wait",
    );
    assert!(!c.rust.breaking && !c.wire.breaking, "{c:?}");

    // A call that is no longer safe to repeat: old clients still retry it.
    let not = edit(
        "    path_params: { id: i64 }",
        "    path_params: { id: i64 }\n    idempotent: false",
    );
    let c = one(&changes(BASE, &not), "idempotent: true -> false");
    assert!(!c.rust.breaking && c.wire.breaking, "{c:?}");
    let c = one(&changes(&not, BASE), "idempotent: false -> true");
    assert!(!c.wire.breaking, "{c:?}");
}

#[test]
fn versions_follow_semver_and_the_0x_convention() {
    let breaking = report(
        BASE,
        &edit("path_params: { id: i64 }", "path_params: { id: string }"),
    );
    let api = &breaking.apis[0];
    assert_eq!(api.needed_version().as_deref(), Some("2.0.0"));
    assert!(!api.version_is_enough());
    let bumped = edit("path_params: { id: i64 }", "path_params: { id: string }")
        .replace("version: 1.2.0", "version: 2.0.0");
    assert!(report(BASE, &bumped).apis[0].version_is_enough());

    let addition = report(BASE, &edit("enum: [red, blue]", "enum: [red, blue, green]"));
    assert_eq!(addition.apis[0].needed_version().as_deref(), Some("1.3.0"));
    let docs = report(
        BASE,
        &edit("summary: Get a note.", "summary: Get one note."),
    );
    assert_eq!(docs.apis[0].needed_version().as_deref(), Some("1.2.1"));

    let zero = BASE.replace("version: 1.2.0", "version: 0.4.2");
    let zero_breaking = report(
        &zero,
        &zero.replacen("path_params: { id: i64 }", "path_params: { id: string }", 1),
    );
    assert_eq!(
        zero_breaking.apis[0].needed_version().as_deref(),
        Some("0.5.0")
    );
    let zero_addition = report(
        &zero,
        &zero.replacen("enum: [red, blue]", "enum: [red, blue, green]", 1),
    );
    assert_eq!(
        zero_addition.apis[0].needed_version().as_deref(),
        Some("0.4.3")
    );
}

#[test]
fn the_text_report_groups_breaking_first_and_says_the_version() {
    let text = codegen::diff::text(&report(
        BASE,
        &edit("enum: [red, blue]", "enum: [red, blue, green]").replacen(
            "query: { dry_run: bool }",
            "query: { dry_run: { type: bool, required: true } }",
            1,
        ),
    ));
    let breaking = text.find("optional -> required").expect("breaking line");
    let addition = text.find("value green added").expect("addition line");
    assert!(breaking < addition, "{text}");
    assert!(
        text.contains("Rust: BREAKING (new argument of CreateNoteRequest::new)"),
        "{text}"
    );
    assert!(
        text.contains("needs 2.0.0") && text.contains("set `version: 2.0.0`"),
        "{text}"
    );
    assert!(
        text.ends_with("result: breaking changes (exit status 1)\n"),
        "{text}"
    );
}

#[test]
fn markdown_and_json_carry_the_same_verdicts() {
    let r = report(
        BASE,
        &edit(
            "query: { dry_run: bool }",
            "query: { dry_run: { type: bool, required: true } }",
        ),
    );
    let md = codegen::diff::markdown(&r);
    assert!(md.contains("### `notes`"), "{md}");
    assert!(md.contains("| ⚠️ | `create_note` | query dry_run: optional -> required | **breaking**: new argument of CreateNoteRequest::new | **breaking**: old clients may omit it |"), "{md}");
    assert!(md.ends_with("**Result: breaking changes.**\n"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&codegen::diff::json(&r)).expect("valid JSON");
    assert_eq!(json["breaking"], true);
    let api = &json["apis"][0];
    assert_eq!(api["api"], "notes");
    assert_eq!(api["needed_version"], "2.0.0");
    assert_eq!(api["version_is_enough"], false);
    assert_eq!(api["changes"][0]["rust"]["breaking"], true);
    assert_eq!(
        api["changes"][0]["what"],
        "query dry_run: optional -> required"
    );
}

#[test]
fn a_file_unchanged_between_the_sides_is_lowered_as_if_read_twice() {
    let raw = |dir: &str, files: &[(&str, &str)]| -> Vec<codegen::RawSpec> {
        files
            .iter()
            .map(|(name, text)| codegen::RawSpec {
                name: format!("{dir}/{name}"),
                bytes: text.as_bytes().to_vec(),
            })
            .collect()
    };
    let other = BASE.replacen("name: notes", "name: other", 1);
    let edited = edit("summary: Get a note.", "summary: Get one note.");
    let old = raw(
        "HEAD:specs",
        &[("notes.yaml", BASE), ("other.yaml", &other)],
    );
    let new = raw("specs", &[("notes.yaml", &edited), ("other.yaml", &other)]);
    let (a, b) = codegen::lower_spec_pair(&old, &new);
    let (a, b) = (a.expect("old"), b.expect("new"));
    assert_eq!(a, codegen::lower_specs(&old).expect("old"));
    assert_eq!(b, codegen::lower_specs(&new).expect("new"));
    assert_eq!(
        b[1].spec_file, "specs/other.yaml",
        "each side keeps its own names"
    );

    // An error in a file both sides share fails both, with the same diagnostics.
    let broken = raw("x", &[("bad.yaml", "name: bad\nnot: a spec\n")]);
    let (a, b) = codegen::lower_spec_pair(&broken, &broken);
    let (Err(codegen::Error::Specs(a)), Err(codegen::Error::Specs(b))) = (a, b) else {
        panic!("both sides fail");
    };
    assert_eq!(a, b);
    assert!(!a.is_empty());
}

#[test]
fn the_convenience_crate_needs_the_strongest_bump_of_any_api() {
    let mut r = report(BASE, &edit("query: { dry_run: bool }", ""));
    assert!(r.breaking());
    assert_eq!(
        r.umbrella_versions(),
        None,
        "unknown unless the caller sets it"
    );
    r.umbrella = Some(("1.4.2".to_owned(), "1.4.2".to_owned()));
    let v = r.umbrella_versions().expect("set");
    assert_eq!(v.needed().as_deref(), Some("2.0.0"));
    assert!(!v.enough());
    let text = codegen::diff::text(&r);
    assert!(
        text.contains("api-clients\n  version: a breaking change needs 2.0.0 (semver); the file says 1.4.2, was 1.4.2: set `version = \"2.0.0\"` in specs/api-clients.toml"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&codegen::diff::json(&r)).expect("json");
    assert_eq!(json["umbrella"]["needed_version"], "2.0.0");
    assert!(codegen::diff::markdown(&r).contains("### `api-clients`"));

    // Documentation only in one API: a patch, and a raised version is enough.
    let mut docs = report(
        BASE,
        &edit("summary: Get a note.", "summary: Get one note."),
    );
    docs.umbrella = Some(("0.3.0".to_owned(), "0.3.1".to_owned()));
    let v = docs.umbrella_versions().expect("set");
    assert_eq!(v.needed().as_deref(), Some("0.3.1"));
    assert!(v.enough());
}

/// Whether any change breaks Rust, and whether any breaks the wire.
fn verdicts(changes: &[Change]) -> (bool, bool) {
    (
        changes.iter().any(|c| c.rust.breaking),
        changes.iter().any(|c| c.wire.breaking),
    )
}

#[test]
fn a_query_parameter_renamed_on_the_wire_keeps_its_setter_but_breaks_the_wire() {
    let c = changes(
        BASE,
        &edit(
            "query: { dry_run: bool }",
            "query: { dryRun: { type: bool, rust_name: dry_run } }",
        ),
    );
    let r = one(&c, "query dry_run -> query dryRun");
    assert!(!r.rust.breaking && r.wire.breaking, "{r:?}");
    assert_eq!(verdicts(&c), (false, true), "{c:#?}");
}

#[test]
fn a_body_type_renamed_with_the_same_shape_breaks_rust_only() {
    let c = changes(
        BASE,
        &edit("  Draft:\n", "  NoteDraft:\n").replace("body: Draft", "body: NoteDraft"),
    );
    let body = one(&c, "request body: Draft -> NoteDraft");
    assert!(body.rust.breaking && !body.wire.breaking, "{body:?}");
    assert_eq!(verdicts(&c), (true, false), "{c:#?}");
}

#[test]
fn server_variables_judged_by_the_urls_old_clients_build() {
    let with = |region: &str| {
        edit(
            "eu: https://eu.example.com",
            &format!(
                "eu:\n    url: \"https://{{region}}.example.com\"\n    variables:\n      region: {region}"
            ),
        )
    };
    let base = with("{ default: eu, enum: [eu, eu2] }");
    // A changed default, the old one still allowed: a new default, no break.
    let c = changes(&base, &with("{ default: eu2, enum: [eu, eu2] }"));
    assert_eq!(verdicts(&c), (false, false), "{c:#?}");
    assert!(!c.is_empty());
    // A value old clients may choose no longer allowed.
    let c = changes(&base, &with("{ default: eu, enum: [eu] }"));
    assert_eq!(verdicts(&c), (false, true), "{c:#?}");
    // The variable becomes required: a builder argument of the variant.
    let c = changes(&base, &with("{ enum: [eu, eu2] }"));
    assert!(verdicts(&c).0, "{c:#?}");
    // The variable renamed in the URL and in Rust: same URLs.
    let renamed = base
        .replace("{region}", "{zone}")
        .replace("      region:", "      zone:");
    let c = changes(&base, &renamed);
    assert_eq!(verdicts(&c), (true, false), "{c:#?}");
}

#[test]
fn a_scheme_renamed_with_the_same_bytes_breaks_rust_only() {
    let two = edit(
        "auth: bearer\n",
        "auth:\n  schemes:\n    token: bearer\n    key: { api_key: { header: X-Key } }\n  default: token\n",
    );
    let renamed = two
        .replace("    token: bearer\n", "    oauth: bearer\n")
        .replace("default: token", "default: oauth");
    let c = changes(&two, &renamed);
    assert_eq!(verdicts(&c), (true, false), "{c:#?}");
}

#[test]
fn fixed_headers_and_limits_by_direction() {
    let with_header = edit(
        "auth: bearer\n",
        "auth: bearer\nconstant_headers: { X-Version: \"1\" }\n",
    );
    // Removed: old clients send more than needed.
    assert_eq!(verdicts(&changes(&with_header, BASE)), (false, false));
    // Changed value: old clients send the old one.
    let c = changes(&with_header, &with_header.replace("\"1\"", "\"2\""));
    assert_eq!(verdicts(&c), (false, true), "{c:#?}");
    // A limit on a received field is never checked by clients.
    let limited = edit(
        "      id: i64\n      title: string\n",
        "      id: i64\n      title: { type: string, max_length: 10 }\n",
    );
    let c = changes(BASE, &limited);
    assert_eq!(verdicts(&c), (false, false), "{c:#?}");
    assert!(!c.is_empty());
    // On a path parameter, always sent: tighter breaks, looser does not.
    let ranged = |max: u32| {
        edit(
            "path_params: { id: i64 }",
            &format!("path_params: {{ id: {{ type: i64, maximum: {max} }} }}"),
        )
    };
    assert_eq!(verdicts(&changes(&ranged(100), &ranged(10))), (false, true));
    assert_eq!(
        verdicts(&changes(&ranged(10), &ranged(100))),
        (false, false)
    );
}

#[test]
fn a_received_required_nullable_field_becoming_optional_still_decodes() {
    let nullable = edit(
        "      id: i64\n",
        "      id: { type: i64, nullable: true }\n",
    );
    let optional = edit(
        "      id: i64\n",
        "      id: { type: i64, nullable: true, optional: true }\n",
    );
    let c = changes(&nullable, &optional);
    let r = one(&c, "field id");
    // `Option<i64>` either way; it leaves `new`, so Rust breaks.
    assert!(r.rust.breaking && !r.wire.breaking, "{r:?}");
}

#[test]
fn an_array_query_parameter_sent_in_another_form_breaks_the_wire_only() {
    let exploded = edit(
        "query: { dry_run: bool }",
        "query: { dry_run: bool, tags: array<string> }",
    );
    let joined = edit(
        "query: { dry_run: bool }",
        "query: { dry_run: bool, tags: { type: array<string>, explode: false } }",
    );
    let c = changes(&exploded, &joined);
    let r = one(&c, "query tags: explode true -> false");
    assert!(!r.rust.breaking && r.wire.breaking, "{r:?}");
}

#[test]
fn response_headers_are_read_never_required() {
    let base = edit(
        "    responses: { 200: Note }",
        "    responses: { 200: { body: Note } }",
    );
    let with = |headers: &str| {
        base.replace(
            "    responses: { 200: { body: Note } }",
            &format!("    responses: {{ 200: {{ body: Note, headers: {{ {headers} }} }} }}"),
        )
    };
    let one = with("X-Count: i64");
    // Declared: a new type; one added: the struct is #[non_exhaustive].
    assert_eq!(verdicts(&changes(&base, &one)), (false, false));
    assert_eq!(
        verdicts(&changes(&one, &with("X-Count: i64, X-Next: string"))),
        (false, false)
    );
    // Removed or retyped: Rust breaks, the wire never does.
    assert_eq!(
        verdicts(&changes(&one, &with("X-Next: string"))),
        (true, false)
    );
    assert_eq!(
        verdicts(&changes(&one, &with("X-Count: string"))),
        (true, false)
    );
    assert_eq!(verdicts(&changes(&one, &base)), (true, false));
}

#[test]
fn a_fixed_query_parameter_added_or_changed_breaks_the_wire_only() {
    let fixed = |v: &str| {
        edit(
            "    path: /notes/{id}\n",
            &format!("    path: /notes/{{id}}\n    constant_query: {{ v: \"{v}\" }}\n"),
        )
    };
    assert_eq!(verdicts(&changes(BASE, &fixed("1"))), (false, true));
    assert_eq!(verdicts(&changes(&fixed("1"), &fixed("2"))), (false, true));
    assert_eq!(verdicts(&changes(&fixed("1"), BASE)), (false, false));
    assert!(!changes(&fixed("1"), BASE).is_empty());
}
