//! The golden outputs of codegen's fixture specs (every feature of the spec
//! format, and specs of real vendors' APIs written from their public docs)
//! compile against the runtime with warnings denied, and behave on the wire.
#![deny(warnings, missing_docs)]

// Each golden file is a generated crate root; here it compiles as a module,
// reaching the runtime through its own `pub use api_clients_runtime as runtime`.

#[path = "../../../codegen/tests/golden/kitchen_sink.rs"]
#[rustfmt::skip]
pub mod kitchen_sink;

#[path = "../../../codegen/tests/golden/minimal.rs"]
#[rustfmt::skip]
pub mod minimal;

#[path = "../../../codegen/tests/golden/cloudflare_tokens.rs"]
#[rustfmt::skip]
pub mod cloudflare_tokens;

#[path = "../../../codegen/tests/golden/github_rate_limits.rs"]
#[rustfmt::skip]
pub mod github_rate_limits;

#[path = "../../../codegen/tests/golden/slack_auth.rs"]
#[rustfmt::skip]
pub mod slack_auth;

#[path = "../../../codegen/tests/golden/dropbox.rs"]
#[rustfmt::skip]
pub mod dropbox;

#[path = "../../../codegen/tests/golden/github.rs"]
#[rustfmt::skip]
pub mod github;

#[path = "../../../codegen/tests/golden/github_credentials.rs"]
#[rustfmt::skip]
pub mod github_credentials;

#[path = "../../../codegen/tests/golden/plaid_items.rs"]
#[rustfmt::skip]
pub mod plaid_items;

#[path = "../../../codegen/tests/golden/google_oauth.rs"]
#[rustfmt::skip]
pub mod google_oauth;

#[path = "../../../codegen/tests/golden/okta_oauth.rs"]
#[rustfmt::skip]
pub mod okta_oauth;

#[path = "../../../codegen/tests/golden/shodan.rs"]
#[rustfmt::skip]
pub mod shodan;

#[path = "../../../codegen/tests/golden/vault.rs"]
#[rustfmt::skip]
pub mod vault;

#[path = "../../../codegen/tests/golden/warpgate.rs"]
#[rustfmt::skip]
pub mod warpgate;

#[path = "../../../codegen/tests/golden/grouped/lib.rs"]
#[rustfmt::skip]
pub mod grouped;

/// Loopback tests of the real-vendor fixtures: the exact request on the wire.
#[path = "fixtures_wire/mod.rs"]
mod wire;

#[test]
fn sensitive_inputs_are_redacted_from_debug() {
    let request = kitchen_sink::GetWidgetRequest::new(7, "req-1").x_session_key("k3y-s3cr3t");
    let printed = format!("{request:?}");
    assert!(
        printed.contains("[redacted]") && printed.contains("req-1"),
        "{printed}"
    );
    assert!(!printed.contains("k3y-s3cr3t"), "{printed}");
    let unset = format!("{:?}", kitchen_sink::GetWidgetRequest::new(7, "req-1"));
    assert!(unset.contains("x_session_key: None"), "{unset}");
}

#[test]
fn status_ranges_match_after_exact_codes() {
    use api_clients_runtime::{Body, Decoded, Endpoint};
    use kitchen_sink::{PutWidgetError, PutWidgetRequest};
    let problem = api_clients_runtime::Bytes::from_static(br#"{"detail":"nope"}"#);
    let body = Body::new(&problem, Some("application/json"));
    let decode = |status| <PutWidgetRequest as Endpoint>::decode(status, &body);
    assert!(matches!(
        decode(400),
        Decoded::Error(Some(Ok(PutWidgetError::Invalid(_))))
    ));
    for status in [401, 404, 418, 499] {
        assert!(
            matches!(
                decode(status),
                Decoded::Error(Some(Ok(PutWidgetError::ClientError(_))))
            ),
            "{status}"
        );
    }
    assert!(matches!(decode(503), Decoded::Error(None)));
    assert!(matches!(decode(302), Decoded::Undeclared));
}
