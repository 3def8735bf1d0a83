//! The golden outputs of codegen's fixture specs (every feature of the spec
//! format) compile against the runtime with warnings denied, and behave.
#![deny(warnings, missing_docs)]

/// The generated modules reach the runtime as `crate::runtime`.
mod runtime {
    pub use api_clients::runtime::*;
}

#[path = "../../codegen/tests/golden/kitchen_sink.rs"]
#[rustfmt::skip]
pub mod kitchen_sink;

#[path = "../../codegen/tests/golden/minimal.rs"]
#[rustfmt::skip]
pub mod minimal;

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
