//! Every verdict of `cargo xtask diff` in the corpus, against what actually
//! happens: the compiler on downstream code, and an old client on a loopback
//! server that follows the new spec.

use std::path::{Path, PathBuf};

use codegen::RawSpec;
use codegen::ir::Api;
use compat_check::cases::{CASES, Case, apply};
use compat_check::server::{Answer, SpecServer};
use compat_check::workspace;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

fn repo() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    here.canonicalize().unwrap_or(here)
}

fn spec(name: &str, text: &str) -> Vec<RawSpec> {
    vec![RawSpec {
        name: format!("{name}/compat.yaml"),
        bytes: text.as_bytes().to_vec(),
    }]
}

fn lower(name: &str, text: &str) -> Api {
    let mut apis =
        codegen::lower_specs(&spec(name, text)).unwrap_or_else(|e| panic!("{name}: {e}"));
    apis.remove(0)
}

/// The crate root `gen` writes for the spec.
fn crate_root(name: &str, text: &str) -> String {
    let files = codegen::generate(&spec(name, text), Path::new("out"))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    files
        .into_iter()
        .find(|f| f.path == Path::new("out/compat/src/lib.rs"))
        .map(|f| f.content)
        .expect("the API's lib.rs")
}

/// Every file `gen` writes for the spec, under one name whatever the case,
/// so that only the spec's content can make two of them differ.
fn generated(text: &str) -> Vec<(PathBuf, String)> {
    codegen::generate(&spec("same", text), Path::new("out"))
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|f| (f.path, f.content))
        .collect()
}

/// Whether the old client's call works against a server following `new`.
async fn works_on_the_wire(old: &Path, new: Api, c: &Case, call: &str) -> (bool, String) {
    let server = MockServer::start().await;
    let spec_server = SpecServer::new(new, c.answer);
    Mock::given(any())
        .respond_with(spec_server.clone())
        .mount(&server)
        .await;
    let out = tokio::process::Command::new(old)
        .args([server.uri().as_str(), call])
        .output()
        .await
        .expect("run the old client");
    let said = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let seen = spec_server.seen();
    let returned = match out.status.code() {
        Some(0) => true,
        Some(1) => false,
        _ => panic!("{}: the old client crashed: {out:?}", c.name),
    };
    // An error answered first may be returned as an error: what matters is
    // whether the client resent a call it should not have.
    let works =
        seen.violations.is_empty() && (returned || matches!(c.answer, Answer::ErrorFirst(_)));
    (
        works,
        format!(
            "client: {said}; server: {} request(s), {:?}",
            seen.requests, seen.violations
        ),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn every_diff_verdict_is_what_the_compiler_and_the_wire_say() {
    let base = std::fs::read_to_string(repo().join("rust-runtime/compat-check/base.yaml"))
        .expect("base.yaml");
    let old = lower("old", &base);
    let base_files = generated(&base);

    // 1. The verdicts of `diff` are the ones each rule gives.
    let mut news = Vec::new();
    let mut failures = Vec::new();
    for c in CASES {
        let text = apply(&base, c).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            c.edits.is_empty() || text != base,
            "{}: the edit changes nothing",
            c.name
        );
        let new = lower(c.name, &text);
        let report = codegen::diff::diff(std::slice::from_ref(&old), std::slice::from_ref(&new));
        let changes: Vec<_> = report.apis.iter().flat_map(|a| &a.changes).collect();
        let rust = changes.iter().any(|ch| ch.rust.breaking);
        let wire = changes.iter().any(|ch| ch.wire.breaking);
        if c.edits.is_empty() {
            assert!(changes.is_empty(), "{}: {changes:#?}", c.name);
        }
        // The guard: the generated crates differ exactly when the report
        // has something to say.
        let code_changed = generated(&text) != base_files;
        let reported = !changes.is_empty();
        if code_changed != reported {
            failures.push(format!(
                "{} ({}): the generated code {} but diff reports {changes:#?}",
                c.name,
                c.rule,
                if code_changed {
                    "changes"
                } else {
                    "is the same"
                }
            ));
        }
        if (rust, wire) != (c.rust_breaks, c.wire_breaks) {
            failures.push(format!(
                "{} ({}): diff says Rust {} wire {}, the rule {} / {}: {changes:#?}",
                c.name, c.rule, rust, wire, c.rust_breaks, c.wire_breaks
            ));
        }
        news.push((c, text, new));
    }

    // 2. The compiler agrees with the Rust verdict.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("compat-check");
    let cases: Vec<(String, String)> = news
        .iter()
        .map(|(c, text, _)| (c.name.to_owned(), crate_root(c.name, text)))
        .collect();
    let built = workspace::build(&repo(), &dir, &crate_root("old", &base), &cases)
        .unwrap_or_else(|e| panic!("{e}"));
    for (c, _, _) in &news {
        let compiled = built.compiled[c.name];
        if compiled == c.rust_breaks {
            failures.push(format!(
                "{} ({}): Rust verdict {} but downstream code {}:\n{}",
                c.name,
                c.rule,
                if c.rust_breaks {
                    "breaking"
                } else {
                    "compatible"
                },
                if compiled {
                    "compiles"
                } else {
                    "does not compile"
                },
                built
                    .errors
                    .get(c.name)
                    .map(|e| e.join("\n"))
                    .unwrap_or_default()
            ));
        }
    }

    // 3. The old client on a server following the new spec agrees with the
    // wire verdict.
    let old_client = built.old.expect("the old client");
    for (c, _, new) in news {
        let Some(call) = c.call else { continue };
        let (works, detail) = works_on_the_wire(&old_client, new, c, call).await;
        if works == c.wire_breaks {
            failures.push(format!(
                "{} ({}): wire verdict {} but the old client {} ({detail})",
                c.name,
                c.rule,
                if c.wire_breaks {
                    "breaking"
                } else {
                    "compatible"
                },
                if works { "works" } else { "fails" },
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
