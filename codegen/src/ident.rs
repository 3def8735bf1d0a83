//! Every naming decision: case conversion, keywords, reserved names, status names.
//!
//! The rest of the generator never converts a name itself; it asks this module,
//! so the rules live (and are table-tested) in one place.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code uses unqualified, so a spec type may not take them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "From",
    "Into",
    "Self",
];

/// The variant that keeps enum values the spec does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Why a name could not be made into an identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Nothing identifier-like is left after conversion (e.g. `"+"`, `""`).
    Empty,
    /// The name has letters outside ASCII; Rust names are kept ASCII so they can
    /// be typed everywhere, so such a name needs a `rust_name`.
    NonAscii,
}

/// Converts a wire name to a `snake_case` Rust identifier (fields, methods, modules).
///
/// Keywords become raw identifiers (`type` -> `r#type`), `self`-like keywords get a
/// trailing underscore, and a leading digit gets a leading underscore.
pub fn snake(wire: &str) -> Result<String, NameError> {
    let base = wire.to_snake_case();
    finish(base, "_")
}

/// Converts a wire name to an `UpperCamelCase` Rust identifier (types, variants).
///
/// A leading digit gets a `V` prefix (`3d` -> `V3d`); `Self` gets a trailing underscore.
pub fn upper_camel(wire: &str) -> Result<String, NameError> {
    let base = wire.to_upper_camel_case();
    finish(base, "V")
}

fn finish(base: String, digit_prefix: &str) -> Result<String, NameError> {
    if !base.is_ascii() {
        return Err(NameError::NonAscii);
    }
    // heck keeps only alphanumerics and underscores; a name made only of
    // separators converts to nothing or to underscores alone.
    if base.trim_matches('_').is_empty() {
        return Err(NameError::Empty);
    }
    let base = if base.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{base}")
    } else {
        base
    };
    Ok(escape_keyword(&base))
}

/// Escapes a keyword so it can be used as an identifier.
pub fn escape_keyword(name: &str) -> String {
    if NON_RAW_KEYWORDS.contains(&name) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// Checks a `rust_name` override: it must already be a valid identifier.
pub fn check_override(name: &str) -> Result<String, String> {
    let unraw = name.strip_prefix("r#").unwrap_or(name);
    let valid = !unraw.is_empty()
        && unraw
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && unraw.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(format!("`{name}` is not a valid Rust identifier"));
    }
    Ok(escape_keyword(unraw))
}

/// The identifier without a raw prefix, for building derived names.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The name of a credential argument of a client's `builder` (`token`, `key`,
/// `username`, `password`), suffixed with `_credential` when a server variable
/// among the same arguments already has that name.
pub fn credential_arg(base: &str, taken: &[&str]) -> String {
    if taken.iter().any(|t| unraw(t) == base) {
        format!("{base}_credential")
    } else {
        base.to_owned()
    }
}

/// The setter of a field is named like the field, except where that would clash
/// with the constructor.
pub fn setter(field: &str) -> String {
    match unraw(field) {
        "new" => "set_new".to_owned(),
        _ => field.to_owned(),
    }
}

/// The error enum shared by endpoints whose error bodies are the same, named
/// after its variants (`NotFoundTooManyRequestsDefaultError`): the name stays
/// the same however many endpoints share it, so adding one changes no name.
pub fn shared_error_type(variants: &[&str]) -> String {
    format!("{}Error", variants.concat())
}

/// The package name of the convenience crate that re-exports every API.
pub const UMBRELLA_CRATE: &str = "api-clients";

/// The cargo feature of a generated API crate that adds its `mock` module.
pub const MOCK_FEATURE: &str = "mock";

/// The cargo feature of a generated API crate with groups that turns every
/// group on (the default), and the only one that compiles the types no
/// endpoint uses.
pub const ALL_FEATURE: &str = "all";

/// The module (and file, `src/<module>.rs`) of a grouped API's crate that
/// holds the items compiled under `feature` alone: declared behind that
/// feature, so rustc does not even read it when the feature is off.
pub fn feature_module(feature: &str) -> String {
    format!("group_{feature}")
}

/// The feature names a group may not take: the crate's own features
/// (`full-serde` as a group would be `full_serde`).
pub const RESERVED_FEATURES: [&str; 4] = [ALL_FEATURE, "default", MOCK_FEATURE, "full_serde"];

/// The file in the specs directory that holds the convenience crate's version.
pub const UMBRELLA_VERSION_FILE: &str = "api-clients.toml";

/// The cargo feature of a generated API crate that gives every type both
/// serde impls; without it a type implements only the direction it travels in.
pub const FULL_SERDE_FEATURE: &str = "full-serde";

/// The package name of the hand-written runtime crate.
pub const RUNTIME_CRATE: &str = "api-clients-runtime";

/// The package name of an API's generated crate: `api-clients-` and the API's
/// name with hyphens, after the convention of crates.io (`aws-sdk-s3`).
pub fn api_crate(api_name: &str) -> String {
    format!("{UMBRELLA_CRATE}-{}", api_name.replace('_', "-"))
}

/// How Rust code names a crate: its package name with underscores.
pub fn crate_ident(package: &str) -> String {
    package.replace('-', "_")
}

/// The client type of an API (`SmartsheetClient`).
pub fn client_type(api_prefix: &str) -> String {
    format!("{api_prefix}Client")
}

/// The enum of an API's named servers (`SmartsheetServer`).
pub fn server_type(api_prefix: &str) -> String {
    format!("{api_prefix}Server")
}

/// The enum of an API's credentials, one variant per scheme (`GithubCredential`).
pub fn credential_type(api_prefix: &str) -> String {
    format!("{api_prefix}Credential")
}

/// The struct of one response's headers (`ListWidgetsOkHeaders`).
pub fn response_headers_type(endpoint_camel: &str, variant: &str) -> String {
    format!("{endpoint_camel}{variant}Headers")
}

/// The request type of an endpoint (`RevokeTokenRequest`).
pub fn request_type(endpoint_camel: &str) -> String {
    format!("{endpoint_camel}Request")
}

/// The response type of an endpoint (`RevokeTokenResponse`).
pub fn response_type(endpoint_camel: &str) -> String {
    format!("{endpoint_camel}Response")
}

/// The typed error-body enum of an endpoint (`RevokeTokenError`).
pub fn error_type(endpoint_camel: &str) -> String {
    format!("{endpoint_camel}Error")
}

/// The name of an inline type, from the name of what holds it and its role.
pub fn inline_type(parent: &str, role: &str) -> Result<String, NameError> {
    Ok(format!(
        "{parent}{}",
        upper_camel(role)?.trim_start_matches("r#")
    ))
}

/// The variant name of a response status: its reason phrase in `UpperCamelCase`
/// (`404` -> `NotFound`), `Status599` for codes without a standard phrase, and
/// `Default` for the `default` response.
pub fn status_variant(status: crate::ir::Status) -> String {
    let code = match status {
        crate::ir::Status::Code(code) => code,
        crate::ir::Status::Range(class) => {
            return match class {
                1 => "Informational",
                2 => "Success",
                3 => "Redirection",
                4 => "ClientError",
                _ => "ServerError",
            }
            .to_owned();
        }
        crate::ir::Status::Default => return "Default".to_owned(),
    };
    match reason_phrase(code) {
        Some(reason) => reason.to_upper_camel_case(),
        None => format!("Status{code}"),
    }
}

/// The error variant of a success response whose body says it failed
/// (`Ok` -> `OkError`).
pub fn error_in_success_variant(success_variant: &str) -> String {
    format!("{}Error", unraw(success_variant))
}

/// The standard reason phrase of a status code (RFC 9110 and friends).
pub fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "Im A Teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// Names longer than this get no typo suggestion: typos are made in names
/// one types, and the distance costs the product of the two lengths.
const MAX_SUGGESTED_LEN: usize = 64;

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    let len = w.chars().count();
    if len > MAX_SUGGESTED_LEN {
        return None;
    }
    candidates
        .into_iter()
        // The distance is at least the difference in length.
        .filter(|c| c.len().abs_diff(word.len()) <= (c.len().max(word.len()) / 3).max(1))
        .filter(|c| c.chars().count() <= MAX_SUGGESTED_LEN)
        .map(|c| (edit_distance(&w, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_table() {
        let table = [
            ("deleteAllForApiClient", "delete_all_for_api_client"),
            (
                "smartsheet-integration-source",
                "smartsheet_integration_source",
            ),
            ("requested_token_type", "requested_token_type"),
            ("tokenId", "token_id"),
            ("X-Auth-Token", "x_auth_token"),
            ("HTTPStatus", "http_status"),
            ("rowId", "row_id"),
            ("type", "r#type"),
            ("ref", "r#ref"),
            ("gen", "r#gen"),
            ("async", "r#async"),
            ("self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("2fa", "_2fa"),
            ("is_same", "is_same"),
            ("a.b", "a_b"),
        ];
        for (wire, rust) in table {
            assert_eq!(snake(wire).as_deref(), Ok(rust), "snake({wire:?})");
        }
    }

    #[test]
    fn upper_camel_table() {
        let table = [
            ("PARTIAL_SUCCESS", "PartialSuccess"),
            ("SUCCESS", "Success"),
            (
                "artifact_already_attached_to_a_parent",
                "ArtifactAlreadyAttachedToAParent",
            ),
            ("too_many_requests", "TooManyRequests"),
            ("revoke_token", "RevokeToken"),
            (
                "urn:devrev:params:oauth:token-type:aat",
                "UrnDevrevParamsOauthTokenTypeAat",
            ),
            ("3d", "V3d"),
            ("self", "Self_"),
            ("bulkItemFailure", "BulkItemFailure"),
        ];
        for (wire, rust) in table {
            assert_eq!(
                upper_camel(wire).as_deref(),
                Ok(rust),
                "upper_camel({wire:?})"
            );
        }
    }

    #[test]
    fn names_without_letters_are_refused() {
        for wire in ["", "+", "--", "___", " "] {
            assert_eq!(snake(wire), Err(NameError::Empty), "snake({wire:?})");
            assert_eq!(
                upper_camel(wire),
                Err(NameError::Empty),
                "upper_camel({wire:?})"
            );
        }
    }

    #[test]
    fn non_ascii_names_need_an_override() {
        for wire in ["größe", "٣", "名前", "café"] {
            assert_eq!(snake(wire), Err(NameError::NonAscii), "snake({wire:?})");
            assert_eq!(
                upper_camel(wire),
                Err(NameError::NonAscii),
                "upper_camel({wire:?})"
            );
        }
        assert!(check_override("größe").is_err());
    }

    proptest::proptest! {
        /// Whatever a spec says, a name this module hands out is a Rust identifier.
        #[test]
        fn every_name_handed_out_is_an_identifier(wire in "\\PC{0,12}") {
            for name in [snake(&wire), upper_camel(&wire), check_override(&wire).map_err(|_| NameError::Empty)]
                .into_iter()
                .flatten()
            {
                proptest::prop_assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{wire:?} -> {name:?}");
            }
        }
    }

    #[test]
    fn overrides_must_be_identifiers() {
        assert_eq!(check_override("Aat").as_deref(), Ok("Aat"));
        assert_eq!(check_override("type").as_deref(), Ok("r#type"));
        assert_eq!(check_override("r#type").as_deref(), Ok("r#type"));
        assert_eq!(check_override("self").as_deref(), Ok("self_"));
        assert!(check_override("has space").is_err());
        assert!(check_override("9lives").is_err());
        assert!(check_override("").is_err());
    }

    #[test]
    fn derived_names() {
        assert_eq!(client_type("Smartsheet"), "SmartsheetClient");
        assert_eq!(server_type("DevRev"), "DevRevServer");
        assert_eq!(request_type("RevokeToken"), "RevokeTokenRequest");
        assert_eq!(response_type("RevokeToken"), "RevokeTokenResponse");
        assert_eq!(error_type("RevokeToken"), "RevokeTokenError");
        assert_eq!(
            inline_type("BulkItemFailure", "error").as_deref(),
            Ok("BulkItemFailureError")
        );
        assert_eq!(inline_type("Thing", "type").as_deref(), Ok("ThingType"));
        assert_eq!(setter("new"), "set_new");
        assert_eq!(setter("r#type"), "r#type");
        assert_eq!(setter("token_id"), "token_id");
    }

    #[test]
    fn status_variants() {
        use crate::ir::Status;
        assert_eq!(status_variant(Status::Code(200)), "Ok");
        assert_eq!(status_variant(Status::Code(204)), "NoContent");
        assert_eq!(status_variant(Status::Code(404)), "NotFound");
        assert_eq!(status_variant(Status::Code(413)), "PayloadTooLarge");
        assert_eq!(status_variant(Status::Code(429)), "TooManyRequests");
        assert_eq!(status_variant(Status::Code(500)), "InternalServerError");
        assert_eq!(status_variant(Status::Code(599)), "Status599");
        assert_eq!(status_variant(Status::Default), "Default");
        assert_eq!(status_variant(Status::Range(4)), "ClientError");
        assert_eq!(status_variant(Status::Range(5)), "ServerError");
        assert_eq!(status_variant(Status::Range(2)), "Success");
    }

    #[test]
    fn closest_suggests_typos_only() {
        let keys = ["type", "object", "optional", "nullable", "description"];
        assert_eq!(closest("optionl", keys), Some("optional"));
        assert_eq!(closest("nulable", keys), Some("nullable"));
        assert_eq!(closest("descripton", keys), Some("description"));
        assert_eq!(closest("zzzzzz", keys), None);
        assert_eq!(closest("i46", ["i32", "i64", "string"]), Some("i64"));
    }
}
