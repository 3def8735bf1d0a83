//! The compatibility corpus of `cargo xtask diff`: one spec edit per rule of
//! the README's table ([`cases`]), each checked four ways by
//! `tests/corpus.rs`:
//!
//! 1. `codegen::diff` gives the verdicts the case expects;
//! 2. the Rust verdict is the compiler's: `downstream.rs`, written against
//!    the crate generated from `base.yaml`, is compiled against the crate
//!    generated from the edited spec ([`workspace`]);
//! 3. the wire verdict is a loopback server's: a client built from the old
//!    spec makes a call against a server that follows the new one
//!    ([`server`]);
//! 4. the crates generated from the old and the new spec differ exactly when
//!    `diff` reports a change (no edit that changes the code is "no changes").

pub mod cases;
pub mod server;
pub mod workspace;
