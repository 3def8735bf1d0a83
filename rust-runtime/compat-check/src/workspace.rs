//! The downstream crates of the corpus, built by cargo the way a user builds
//! them: `old` is a binary built against the crate generated from the base
//! spec; each case is a library of the same downstream code built against the
//! crate generated from its new spec. One `cargo build --keep-going` builds
//! them all, so a case that does not compile leaves the others built.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the build produced.
#[derive(Debug, Default)]
pub struct Built {
    /// The `old` binary, when it built.
    pub old: Option<PathBuf>,
    /// Package -> whether it compiled.
    pub compiled: BTreeMap<String, bool>,
    /// Package -> the compiler's errors.
    pub errors: BTreeMap<String, Vec<String>>,
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    // Unchanged files keep their modification time, so cargo rebuilds only
    // what a spec edit changed.
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn manifest(name: &str, bin: bool) -> String {
    let kind = if bin {
        "[[bin]]\nname = \"old\"\npath = \"src/main.rs\"\n"
    } else {
        "[lib]\npath = \"src/lib.rs\"\n"
    };
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition.workspace = true\npublish = false\n\n{kind}\n\
         [dependencies]\napi-clients-runtime.workspace = true\nserde.workspace = true\n\
         serde_json.workspace = true\ntokio.workspace = true\n"
    )
}

/// Writes the workspace under `dir` for the old crate root `old` and each
/// case's `(package, new crate root)`, builds it, and reports what compiled.
pub fn build(
    repo: &Path,
    dir: &Path,
    old: &str,
    cases: &[(String, String)],
) -> Result<Built, String> {
    let downstream = repo.join("rust-runtime/compat-check/downstream.rs");
    let runtime = repo.join("rust-runtime/api-clients-runtime");
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "# Written by the compat-check corpus test; rebuilt on every run.\n\
             [workspace]\nresolver = \"3\"\nmembers = [\"old\", \"cases/*\"]\n\n\
             [workspace.package]\nedition = \"2024\"\n\n\
             [workspace.dependencies]\n\
             api-clients-runtime = {{ path = {runtime:?} }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\
             serde_json = \"1\"\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\", \"time\"] }}\n"
        ),
    )?;
    // The repository's lock file: the same dependency versions, no resolution.
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(repo.join("Cargo.lock"), dir.join("Cargo.lock"))
            .map_err(|e| format!("Cargo.lock: {e}"))?;
    }
    let module = |api: &str| {
        format!(
            "#[allow(warnings)]\n#[rustfmt::skip]\npub mod api;\n#[path = {downstream:?}]\npub mod downstream;\n{api}"
        )
    };
    write(&dir.join("old/Cargo.toml"), &manifest("old", true))?;
    write(&dir.join("old/src/api.rs"), old)?;
    write(
        &dir.join("old/src/main.rs"),
        &module(
            "\n/// `old URL CALL`: makes the call; exit status 0 when it returned Ok.\n\
             fn main() -> std::process::ExitCode {\n\
             \x20   let args: Vec<String> = std::env::args().collect();\n\
             \x20   let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect(\"runtime\");\n\
             \x20   let client = downstream::client(&args[1]);\n\
             \x20   match runtime.block_on(downstream::call(&client, &args[2])) {\n\
             \x20       Ok(s) => { println!(\"{s}\"); std::process::ExitCode::SUCCESS }\n\
             \x20       Err(e) => { println!(\"error: {e}\"); std::process::ExitCode::FAILURE }\n\
             \x20   }\n}\n",
        ),
    )?;
    // Cases no longer in the corpus must not stay members.
    if let Ok(entries) = std::fs::read_dir(dir.join("cases")) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !cases.iter().any(|(c, _)| *c == name) {
                std::fs::remove_dir_all(e.path()).map_err(|e| format!("{name}: {e}"))?;
            }
        }
    }
    for (name, api) in cases {
        let at = dir.join("cases").join(name);
        write(&at.join("Cargo.toml"), &manifest(name, false))?;
        write(&at.join("src/api.rs"), api)?;
        write(&at.join("src/lib.rs"), &module(""))?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .args([
            "build",
            "--workspace",
            "--keep-going",
            "--message-format=json",
        ])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut built = Built::default();
    for (name, _) in cases {
        built.compiled.insert(name.clone(), false);
    }
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let target = msg["target"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        match msg["reason"].as_str() {
            Some("compiler-artifact") if target == "old" => {
                built.old = msg["executable"].as_str().map(PathBuf::from);
            }
            Some("compiler-artifact") => {
                if let Some(ok) = built.compiled.get_mut(&target) {
                    *ok = true;
                }
            }
            Some("compiler-message") if msg["message"]["level"] == "error" => {
                let text = msg["message"]["rendered"].as_str().unwrap_or_default();
                built
                    .errors
                    .entry(target)
                    .or_default()
                    .push(text.to_owned());
            }
            _ => {}
        }
    }
    if built.old.is_none() {
        return Err(format!(
            "the old downstream binary did not build:\n{}\n{}",
            built
                .errors
                .get("old")
                .map(|e| e.join("\n"))
                .unwrap_or_default(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(built)
}
