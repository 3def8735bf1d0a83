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
