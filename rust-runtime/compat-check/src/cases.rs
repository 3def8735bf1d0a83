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
