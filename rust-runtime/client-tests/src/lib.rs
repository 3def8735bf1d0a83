//! Tests of the generated clients live in `tests/` and their benchmark in
//! `benches/`; this library is empty. It exists so that the repository
//! README's Rust examples compile as doctests against the generated crates,
//! as a user would write them.
#![forbid(unsafe_code)]

/// The repository README's Rust examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeExamples;
