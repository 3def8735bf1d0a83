//! The corpus: one edit of `base.yaml` per rule of the README's table of
//! `cargo xtask diff` verdicts, with the verdicts the rule gives and the call
//! that shows the wire verdict on a loopback server.

use crate::server::Answer;

/// One spec edit and what it must do.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The package name of its downstream crate (`snake_case`).
    pub name: &'static str,
    /// The README row it proves.
    pub rule: &'static str,
    /// Text replacements turning `base.yaml` into the new spec; each `from`
    /// occurs exactly once.
    pub edits: &'static [(&'static str, &'static str)],
    /// Downstream code written against the old crate no longer compiles.
    pub rust_breaks: bool,
    /// A client built from the old spec no longer works with the new server.
    pub wire_breaks: bool,
    /// The call of `downstream::call` that shows it: `create`, `get`, `status`;
    /// `None` when a loopback server cannot show it (a server's address).
    pub call: Option<&'static str>,
    /// How the new server answers.
    pub answer: Answer,
}

const GET_NOTE_PARAMS: &str = "    path_params: { id: i64 }\n";
const NOTE_FIELDS: &str = "      pinned: bool\n      size: i32\n";
const END: &str = "      204: { description: Up. }\n";

const fn case(
    name: &'static str,
    rule: &'static str,
    edits: &'static [(&'static str, &'static str)],
    rust_breaks: bool,
    wire_breaks: bool,
    call: &'static str,
) -> Case {
    Case {
        name,
        rule,
        edits,
        rust_breaks,
        wire_breaks,
        call: Some(call),
        answer: Answer::Minimal,
    }
}

const fn answered(c: Case, answer: Answer) -> Case {
    Case { answer, ..c }
}

/// Every case.
pub const CASES: &[Case] = &[
    case("unchanged", "nothing changed", &[], false, false, "get"),
    case(
        "unchanged_create",
        "nothing changed",
        &[],
        false,
        false,
        "create",
    ),
    case(
        "unchanged_status",
        "nothing changed",
        &[],
        false,
        false,
        "status",
    ),
    case(
        "endpoint_added",
        "endpoint added",
        &[(
            END,
            "      204: { description: Up. }\n  list_notes:\n    method: GET\n    path: /notes\n    summary: List notes.\n    responses:\n      200: Note\n",
        )],
        false,
        false,
        "get",
    ),
    case(
        "type_added",
        "type added",
        &[(
            "  Problem:\n",
            "  Tag:\n    object:\n      name: string\n  Problem:\n",
        )],
        false,
        false,
        "get",
    ),
    case(
        "optional_parameter_added",
        "optional parameter added",
        &[(
            GET_NOTE_PARAMS,
            "    path_params: { id: i64 }\n    query: { verbose: bool }\n",
        )],
        false,
        false,
        "get",
    ),
    case(
        "optional_sent_field_added",
        "optional field added",
        &[(
            "      priority: i32\n",
            "      priority: i32\n      note: { type: string, optional: true }\n",
        )],
        false,
        false,
        "create",
    ),
    case(
        "required_parameter_added",
        "required parameter added",
        &[(
            GET_NOTE_PARAMS,
            "    path_params: { id: i64 }\n    query: { verbose: { type: bool, required: true } }\n",
        )],
        true,
        true,
        "get",
    ),
    case(
        "required_sent_field_added",
        "required request-body field added",
        &[(
            "      priority: i32\n",
            "      priority: i32\n      text: string\n",
        )],
        true,
        true,
        "create",
    ),
    case(
        "required_received_field_added",
        "required field added to a received type",
        &[(
            NOTE_FIELDS,
            "      pinned: bool\n      size: i32\n      revision: i32\n",
        )],
        true,
        false,
        "get",
    ),
    case(
        "endpoint_removed",
        "endpoint removed",
        &[(
            "  get_note:\n    method: GET\n    path: /notes/{id}\n    summary: Get a note.\n    path_params: { id: i64 }\n    responses:\n      200: Note\n      404: Problem\n",
            "",
        )],
        true,
        true,
        "get",
    ),
    case(
        "parameter_removed",
        "parameter or field removed",
        &[("    query:\n      dry_run: bool\n", "")],
        true,
        false,
        "create",
    ),
    case(
        "optional_received_field_removed",
        "parameter or field removed",
        &[(
            "      size: i32\n      color: { type: Color, optional: true }\n",
            "      size: i32\n",
        )],
        true,
        false,
        "get",
    ),
    case(
        "required_received_field_removed",
        "parameter or field removed (a required received field)",
        &[(NOTE_FIELDS, "      size: i32\n")],
        true,
        true,
        "get",
    ),
    case(
        "parameter_becomes_required",
        "optional -> required (parameter, sent field)",
        &[(
            "      dry_run: bool\n",
            "      dry_run: { type: bool, required: true }\n",
        )],
        true,
        true,
        "create",
    ),
    case(
        "received_field_becomes_optional",
        "required -> optional, or nullable (received field)",
        &[(
            NOTE_FIELDS,
            "      pinned: bool\n      size: { type: i32, optional: true }\n",
        )],
        true,
        true,
        "get",
    ),
    case(
        "received_field_becomes_nullable",
        "required -> optional, or nullable (received field)",
        &[(
            NOTE_FIELDS,
            "      pinned: bool\n      size: { type: i32, nullable: true }\n",
        )],
        true,
        true,
        "get",
    ),
    case(
        "received_field_type_changed",
        "type of a parameter or field changed",
        &[(NOTE_FIELDS, "      pinned: bool\n      size: string\n")],
        true,
        true,
        "get",
    ),
    case(
        "sent_field_widened",
        "type of a parameter or field changed (sent and widened)",
        &[("      priority: i32\n", "      priority: i64\n")],
        true,
        false,
        "create",
    ),
    case(
        "path_changed",
        "path or method changed",
        &[("    path: /notes/{id}\n", "    path: /v2/notes/{id}\n")],
        false,
        true,
        "get",
    ),
    case(
        "method_changed",
        "path or method changed",
        &[("    method: POST\n", "    method: PUT\n")],
        false,
        true,
        "create",
    ),
    case(
        "field_rust_name_changed",
        "Rust name changed (`rust_name`), same wire name",
        &[(
            NOTE_FIELDS,
            "      pinned: bool\n      size: { type: i32, rust_name: length }\n",
        )],
        true,
        false,
        "get",
    ),
    answered(
        case(
            "enum_value_added",
            "enum value added",
            &[("    enum: [red, blue]\n", "    enum: [red, blue, green]\n")],
            false,
            false,
            "get",
        ),
        Answer::Full,
    ),
    case(
        "enum_value_removed",
        "enum value removed (sent)",
        &[("    enum: [red, blue]\n", "    enum: [red]\n")],
        true,
        true,
        "create",
    ),
    case(
        "error_response_added",
        "error response added",
        &[(
            "      404: Problem\n",
            "      404: Problem\n      410: Problem\n",
        )],
        false,
        false,
        "get",
    ),
    answered(
        case(
            "success_response_added",
            "success response added",
            &[(
                "      200: Note\n",
                "      200: Note\n      202: { description: Accepted. }\n",
            )],
            true,
            true,
            "get",
        ),
        Answer::Status(202),
    ),
    case(
        "server_added",
        "server added",
        &[(
            "  eu: https://eu.example.test\n",
            "  eu: https://eu.example.test\n  ap: https://ap.example.test\n",
        )],
        false,
        false,
        "get",
    ),
    Case {
        call: None,
        ..case(
            "server_url_changed",
            "server URL or default server changed",
            &[("https://eu.example.test", "https://eu2.example.test")],
            false,
            true,
            "get",
        )
    },
    Case {
        call: None,
        ..case(
            "default_server_changed",
            "server URL or default server changed",
            &[(
                "  main: { url: https://api.example.test, default: true }\n  eu: https://eu.example.test\n",
                "  main: https://api.example.test\n  eu: { url: https://eu.example.test, default: true }\n",
            )],
            false,
            true,
            "get",
        )
    },
    case(
        "auth_scheme_added",
        "auth scheme added (the builder took the only scheme's credential)",
        &[(
            "auth: bearer\n",
            "auth:\n  schemes:\n    bearer: bearer\n    key: { api_key: { header: X-Key } }\n  default: bearer\n",
        )],
        true,
        false,
        "get",
    ),
    case(
        "auth_scheme_removed",
        "auth scheme removed (no endpoint needs a credential any more)",
        &[("auth: bearer\n", "auth: none\n")],
        true,
        false,
        "get",
    ),
    case(
        "credential_travels_elsewhere",
        "how a scheme's credential travels",
        &[(
            "auth: bearer\n",
            "auth:\n  schemes:\n    bearer: { api_key: { header: X-Key } }\n  default: bearer\n",
        )],
        false,
        true,
        "get",
    ),
    case(
        "endpoint_needs_no_credential",
        "endpoint stops accepting a scheme (it needs no credential any more)",
        &[(
            GET_NOTE_PARAMS,
            "    path_params: { id: i64 }\n    auth: none\n",
        )],
        false,
        false,
        "get",
    ),
    case(
        "public_endpoint_requires_credential",
        "endpoint accepts another scheme (a public endpoint starts requiring one)",
        &[("    auth: none\n", "")],
        false,
        true,
        "status",
    ),
    answered(
        case(
            "no_longer_idempotent",
            "idempotent: true -> false",
            &[(
                GET_NOTE_PARAMS,
                "    path_params: { id: i64 }\n    idempotent: false\n",
            )],
            false,
            true,
            "get",
        ),
        Answer::ErrorFirst(502),
    ),
    answered(
        case(
            "now_idempotent",
            "idempotent: false -> true",
            &[(
                "    path: /notes\n",
                "    path: /notes\n    idempotent: true\n",
            )],
            false,
            false,
            "create",
        ),
        Answer::ErrorFirst(502),
    ),
    answered(
        case(
            "throttling_removed",
            "throttling condition removed",
            &[("  throttled: [429, 503]\n", "  throttled: [429]\n")],
            false,
            true,
            "create",
        ),
        Answer::ErrorFirst(503),
    ),
    answered(
        case(
            "throttling_added",
            "throttling condition added",
            &[(
                "  throttled: [429, 503]\n",
                "  throttled: [429, 503, 504]\n",
            )],
            false,
            false,
            "create",
        ),
        Answer::ErrorFirst(504),
    ),
    answered(
        case(
            "transient_removed",
            "transient condition removed",
            &[("  transient: [502]\n", "  transient: [500]\n")],
            false,
            false,
            "get",
        ),
        Answer::ErrorFirst(502),
    ),
    answered(
        case(
            "wait_source_changed",
            "wait source changed",
            &[("  wait: [retry_after]\n", "  wait: [{ header: X-Wait }]\n")],
            false,
            false,
            "get",
        ),
        Answer::ErrorFirst(429),
    ),
    // Items matched by what each axis sees (README: "Changes to these
    // rules").
    case(
        "path_parameter_renamed",
        "path parameter renamed, same Rust name",
        &[
            ("    path: /notes/{id}\n", "    path: /notes/{note_id}\n"),
            (
                GET_NOTE_PARAMS,
                "    path_params: { note_id: { type: i64, rust_name: id } }\n",
            ),
        ],
        false,
        false,
        "get",
    ),
    case(
        "endpoint_key_renamed",
        "endpoint key renamed, same Rust method",
        &[(
            "  get_note:\n    method: GET\n",
            "  fetch_note:\n    rust_name: get_note\n    method: GET\n",
        )],
        false,
        false,
        "get",
    ),
    case(
        "bearer_spelled_as_api_key",
        "how a scheme's credential travels (the same bytes)",
        &[(
            "auth: bearer\n",
            "auth:\n  schemes:\n    bearer: { api_key: { header: Authorization, prefix: \"Bearer \" } }\n  default: bearer\n",
        )],
        false,
        false,
        "get",
    ),
    case(
        "sent_field_wire_renamed",
        "wire name changed, same Rust name (sent)",
        &[(
            "      priority: i32\n",
            "      rank: { type: i32, rust_name: priority }\n",
        )],
        false,
        true,
        "create",
    ),
    case(
        "received_field_wire_renamed",
        "wire name changed, same Rust name (received, required)",
        &[(
            NOTE_FIELDS,
            "      pinned: bool\n      length: { type: i32, rust_name: size }\n",
        )],
        false,
        true,
        "get",
    ),
    // Received data judged by what the old decoder accepts.
    answered(
        case(
            "optional_received_field_becomes_nullable",
            "optional -> optional and nullable (received field)",
            &[(
                "      size: i32\n      color: { type: Color, optional: true }\n",
                "      size: i32\n      color: { type: Color, optional: true, nullable: true }\n",
            )],
            false,
            false,
            "get",
        ),
        Answer::Nulls,
    ),
    case(
        "received_field_narrowed",
        "type of a parameter or field changed (received and narrowed)",
        &[(
            "      id: i64\n      title: string\n      pinned",
            "      id: i32\n      title: string\n      pinned",
        )],
        true,
        false,
        "get",
    ),
    // Everything that reaches the wire.
    case(
        "sent_limit_tightened",
        "limits of a sent value tightened",
        &[("max_length: 64", "max_length: 3")],
        false,
        true,
        "create",
    ),
    case(
        "sent_limit_loosened",
        "limits of a sent value loosened",
        &[("max_length: 64", "max_length: 128")],
        false,
        false,
        "create",
    ),
    case(
        "constant_header_added",
        "fixed header added",
        &[(
            "retry:\n",
            "constant_headers:\n  X-Api-Version: \"2\"\nretry:\n",
        )],
        false,
        true,
        "get",
    ),
    case(
        "accept_changed",
        "Accept changed",
        &[(
            GET_NOTE_PARAMS,
            "    path_params: { id: i64 }\n    accept: application/vnd.compat+json\n",
        )],
        false,
        true,
        "get",
    ),
    // Servers judged from the generated enum and the resolved URL.
    Case {
        call: None,
        ..case(
            "server_with_variables_added",
            "server with variables added (the first: Copy goes)",
            &[(
                "  eu: https://eu.example.test\n",
                "  eu: https://eu.example.test\n  custom:\n    url: \"https://{host}.example.test\"\n    variables:\n      host: { default: custom }\n",
            )],
            true,
            false,
            "get",
        )
    },
    Case {
        call: None,
        ..case(
            "server_gains_variables",
            "server gains variables, same URL by default",
            &[(
                "  eu: https://eu.example.test\n",
                "  eu:\n    url: \"https://{region}.example.test\"\n    variables:\n      region: { default: eu }\n",
            )],
            true,
            false,
            "get",
        )
    },
    // Verdicts in context.
    answered(
        case(
            "only_success_replaced",
            "the only success status replaced by another",
            &[("      200: Note\n", "      201: Note\n")],
            false,
            true,
            "get",
        ),
        Answer::Status(201),
    ),
    answered(
        case(
            "throttling_removed_all_idempotent",
            "throttling condition removed (every endpoint idempotent)",
            &[
                ("  throttled: [429, 503]\n", "  throttled: [429]\n"),
                (
                    "    path: /notes\n",
                    "    path: /notes\n    idempotent: true\n",
                ),
            ],
            false,
            false,
            "create",
        ),
        Answer::ErrorFirst(503),
    ),
    // Held out: edits written after the rules, to check them.
    case(
        "enum_value_respelled",
        "enum value respelled, same variant (sent and received)",
        &[(
            "    enum: [red, blue]\n",
            "    enum: [red, { value: azure, rust_name: Blue }]\n",
        )],
        false,
        true,
        "create",
    ),
    case(
        "field_becomes_sensitive",
        "field marked sensitive",
        &[(
            "      priority: i32\n",
            "      priority: { type: i32, sensitive: true }\n",
        )],
        false,
        false,
        "create",
    ),
    case(
        "error_message_pointer_changed",
        "where error messages are",
        &[("retry:\n", "error_message: [\"/message\"]\nretry:\n")],
        false,
        false,
        "get",
    ),
    case(
        "sent_field_becomes_optional",
        "required -> optional (sent field)",
        &[(
            "      priority: i32\n",
            "      priority: { type: i32, optional: true }\n",
        )],
        true,
        false,
        "create",
    ),
    case(
        "method_renamed_same_route",
        "Rust method renamed, same route",
        &[(
            "  get_note:\n    method: GET\n",
            "  read_note:\n    method: GET\n",
        )],
        true,
        false,
        "get",
    ),
    // Held out, written without reading the rules: each checked by the
    // compiler and the loopback server first.
    // Rust: `title` becomes `Vec<String>`, so `let title: &str = &note.title` and `Note::new(.., "Groceries")` stop compiling; wire: the server now sends `"title": ["x"]`, which the old decoder cannot read as a string.
    case(
        "received_field_becomes_array",
        "received field becomes an array of its type",
        &[(
            "      title: string\n      pinned",
            "      title: array<string>\n      pinned",
        )],
        true,
        true,
        "get",
    ),
    // Rust: the request type and `Draft` keep their shape (only `req.json` becomes `req.form`); wire: the old client still sends JSON, which a server expecting a form body refuses (the loopback server does not check form bodies, so no call shows it).
    Case {
        call: None,
        ..case(
            "request_body_becomes_form",
            "request body media type changed from JSON to form",
            &[(
                "    body: Draft\n",
                "    body: { type: Draft, content_type: application/x-www-form-urlencoded }\n",
            )],
            false,
            true,
            "create",
        )
    },
    // Rust: `size` becomes the enum `NoteSize`, so `note.size + 1` and `Note::new(1, true, 2, ..)` break; wire: the server only sends 1 or 2, which the old client reads as an `i32` just fine.
    case(
        "received_field_becomes_int_enum",
        "received integer field becomes an integer enum",
        &[(
            NOTE_FIELDS,
            "      pinned: bool\n      size:\n        int_enum:\n          - { value: 1, rust_name: Small }\n          - { value: 2, rust_name: Large }\n",
        )],
        true,
        false,
        "get",
    ),
    // Rust: `CompatServer::Main` stays, only its URL changes; wire: an old client on the default server sends `/notes/7` where the API now lives under `/v2` (a server's address: the loopback client sets `base_url`).
    Case {
        call: None,
        ..case(
            "default_server_path_prefix_added",
            "default server URL gains a path prefix",
            &[("https://api.example.test", "https://api.example.test/v2")],
            false,
            true,
            "get",
        )
    },
    // Rust: `GetNoteRequest::new` takes a second argument (`x_request_id`); wire: the old client never sends `X-Request-Id`, which the server now requires.
    case(
        "required_header_parameter_added",
        "required header parameter added",
        &[(
            GET_NOTE_PARAMS,
            "    path_params: { id: i64 }\n    headers:\n      X-Request-Id: { type: string, required: true }\n",
        )],
        true,
        true,
        "get",
    ),
    // Rust: `priority` becomes `Option<i32>`, so `Draft::new(priority, ..)` with an `i32` and `let sent: i32 = draft.priority` break; wire: the old client always sends an integer, which a server allowing integer or null accepts.
    case(
        "required_sent_field_becomes_nullable",
        "required sent field becomes nullable",
        &[(
            "      priority: i32\n",
            "      priority: { type: i32, nullable: true }\n",
        )],
        true,
        false,
        "create",
    ),
    // Rust: only a variant `OkError` is added to the `#[non_exhaustive]` `GetNoteError`, matched with `_`; wire: the new server can report a failure as a 200 with `pinned: false`, which the old client returns as a success (it does not fail, so no loopback call can show it).
    Case {
        call: None,
        ..case(
            "success_error_when_added",
            "error_when added to a success response",
            &[(
                "      200: Note\n",
                "      200: { body: Note, error_when: { /pinned: false } }\n",
            )],
            false,
            true,
            "get",
        )
    },
    // Rust: same `NotFound(Problem)` variant, only where the message is read changes; wire: requests and responses are the same bytes.
    case(
        "response_error_message_set",
        "where one response's error message is",
        &[(
            "      404: Problem\n",
            "      404: { body: Problem, error_message: [\"/message\"] }\n",
        )],
        false,
        false,
        "get",
    ),
    // Rust: GET is idempotent by default, so spelling it out changes no generated code; wire: retries are the same.
    answered(
        case(
            "get_idempotent_spelled_out",
            "idempotent: true written on a GET (the default)",
            &[(
                GET_NOTE_PARAMS,
                "    path_params: { id: i64 }\n    idempotent: true\n",
            )],
            false,
            false,
            "get",
        ),
        Answer::ErrorFirst(502),
    ),
    // Rust: `GetNoteRequest` keeps `id: i64` and a (hand-written, redacting) `Debug`; wire: the path is the same bytes.
    case(
        "path_param_becomes_sensitive",
        "path parameter marked sensitive",
        &[(
            GET_NOTE_PARAMS,
            "    path_params: { id: { type: i64, sensitive: true } }\n",
        )],
        false,
        false,
        "get",
    ),
    // Rust: the enum is now `Colour`, so `use crate::api::Color` breaks; wire: the `color` fields keep their wire name and values.
    case(
        "type_renamed",
        "named type renamed, fields keep their wire names",
        &[
            (
                "      priority: i32\n      color: { type: Color, optional: true }\n",
                "      priority: i32\n      color: { type: Colour, optional: true }\n",
            ),
            (
                "      size: i32\n      color: { type: Color, optional: true }\n",
                "      size: i32\n      color: { type: Colour, optional: true }\n",
            ),
            ("  Color:\n", "  Colour:\n"),
        ],
        true,
        false,
        "create",
    ),
    // Rust: retry rules are not API; wire: a wait source only tells the client how long to wait before a retry it makes anyway (429 is throttled in both), so an old client that ignores `X-RateLimit-Reset` still gets through.
    answered(
        case(
            "retry_wait_source_added",
            "wait source added before retry_after",
            &[(
                "  wait: [retry_after]\n",
                "  wait: [{ header: X-RateLimit-Reset, as: epoch_seconds }, retry_after]\n",
            )],
            false,
            false,
            "get",
        ),
        Answer::ErrorFirst(429),
    ),
    // Rust: `CompatServer::Eu` is gone, so `uses()` breaks; wire: an old client configured for `Eu` talks to a host the API no longer declares (a server's address: no loopback call shows it).
    Case {
        call: None,
        ..case(
            "non_default_server_removed",
            "non-default server removed",
            &[("  eu: https://eu.example.test\n", "")],
            true,
            true,
            "get",
        )
    },
    // Rust: fixed headers are not settable, nothing in the API changes; wire: the old client does not send `X-Probe: 1`, which the server now requires on `/status`.
    case(
        "status_endpoint_constant_header",
        "fixed header added to one endpoint (a public one)",
        &[(
            "    auth: none\n",
            "    auth: none\n    constant_headers:\n      X-Probe: \"1\"\n",
        )],
        false,
        true,
        "status",
    ),
    // Rust: `GetNoteError::NotFound` disappears and `GetNoteResponse` becomes an enum, so `errors()` and `r.body().id` break; wire: a 404 the server now means as success is an error to the old client.
    answered(
        case(
            "not_found_becomes_success",
            "error response becomes a success (error: false)",
            &[(
                "      404: Problem\n",
                "      404: { body: Problem, error: false }\n",
            )],
            true,
            true,
            "get",
        ),
        Answer::Status(404),
    ),
    // Rust: the variant `Color::Blue` becomes `Color::Azure`, so `Draft::new(..).color(Color::Blue)` and the match break; wire: the value is still `blue`.
    answered(
        case(
            "enum_variant_rust_name_changed",
            "enum variant renamed (`rust_name`), same wire value",
            &[(
                "    enum: [red, blue]\n",
                "    enum: [red, { value: blue, rust_name: Azure }]\n",
            )],
            true,
            false,
            "get",
        ),
        Answer::Full,
    ),
    // Rust: the builder takes `(username, password)` and `CompatCredential::bearer` is gone; wire: the old client sends `Authorization: Bearer`, which a Basic-only server refuses.
    case(
        "auth_becomes_basic",
        "the only scheme changes kind (bearer -> basic)",
        &[("auth: bearer\n", "auth: basic\n")],
        true,
        true,
        "get",
    ),
    // Rust: no item changes (the credential enum already has `bearer`); wire: the old client calls `/status` anonymously, which `none` in the list still accepts.
    case(
        "public_endpoint_accepts_optional_bearer",
        "public endpoint also accepts a credential (still optional)",
        &[("    auth: none\n", "    auth: [bearer, none]\n")],
        false,
        false,
        "status",
    ),
    // Rust: `GetNoteRequest::new` takes `impl Into<String>`, which `7_i64` is not; wire: the old client's `/notes/7` is a valid string id.
    case(
        "path_param_becomes_string",
        "path parameter type changed (integer -> string, sent and widened)",
        &[(GET_NOTE_PARAMS, "    path_params: { id: string }\n")],
        true,
        false,
        "get",
    ),
    // Rust: a limit only adds a check before sending; wire: the old client sends id 7, below the new minimum 10, which the server refuses.
    case(
        "path_param_minimum_added",
        "limit added to a path parameter",
        &[(
            GET_NOTE_PARAMS,
            "    path_params: { id: { type: i64, minimum: 10 } }\n",
        )],
        false,
        true,
        "get",
    ),
    // Rust: the body is still `Note`; wire: the success is now `application/vnd.compat+json`, so the endpoint expects that in `Accept`, and the old client's `Accept: application/json` is refused (406).
    case(
        "response_media_type_vendor_json",
        "success body's media type changed to a +json vendor type (Accept changes)",
        &[(
            "      200: Note\n",
            "      200: { body: Note, content_type: application/vnd.compat+json }\n",
        )],
        false,
        true,
        "get",
    ),
    // Rust: `Note::new` sets a const field itself, so its arguments do not change, and a new pub field breaks nothing in a `#[non_exhaustive]` struct; wire: the old decoder skips the unknown `kind`.
    case(
        "received_const_field_added",
        "const field added to a received type",
        &[(
            NOTE_FIELDS,
            "      pinned: bool\n      size: i32\n      kind: { type: string, const: note }\n",
        )],
        false,
        false,
        "get",
    ),
    // Rust: `Draft::new` sets the const field itself, so `Draft::new(3, "Groceries")` still compiles; wire: the old client never sends `kind`, a required field of the new body.
    case(
        "sent_const_field_added",
        "const field added to a sent type (required on the wire)",
        &[(
            "      priority: i32\n",
            "      priority: i32\n      kind: { type: string, const: note }\n",
        )],
        false,
        true,
        "create",
    ),
    // Rust: `CreateNoteError::Conflict(p)` no longer exists (the enum is empty), so `errors()` breaks; wire: a 409 is still an error, with or without a body the old client can decode.
    case(
        "error_response_body_removed",
        "error response loses its body",
        &[(
            "      409: Problem\n",
            "      409: { description: A note with this title exists. }\n",
        )],
        true,
        false,
        "create",
    ),
    case(
        "summary_changed",
        "summary or description only",
        &[(
            "    summary: Get a note.\n",
            "    summary: Get one note by its id.\n",
        )],
        false,
        false,
        "get",
    ),
];

/// `base` with the case's edits applied; an edit whose text is not found
/// exactly once is a mistake in the corpus.
pub fn apply(base: &str, c: &Case) -> Result<String, String> {
    let mut text = base.to_owned();
    for (from, to) in c.edits {
        match text.matches(from).count() {
            1 => text = text.replacen(from, to, 1),
            n => return Err(format!("{}: `{from}` occurs {n} times in the spec", c.name)),
        }
    }
    Ok(text)
}
