//! Whatever `gen` accepts yields crates that parse, are laid out as
//! prettyplease lays them out, and compile with warnings denied; no spec
//! text becomes a doctest. The specs are random and hostile
//! (`support/hostile.rs`); `HOSTILE_SEED=N` explores other seeds.

#[path = "support/hostile.rs"]
mod hostile;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The seeds of a run: fixed, so CI builds the same crates each time, unless
/// `HOSTILE_SEED` asks for others.
fn base_seed() -> u64 {
    std::env::var("HOSTILE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The generated files of the spec of `seed`, or `None` when it is refused
/// with located errors (anything else fails the test).
fn generated(seed: u64) -> Option<Vec<codegen::OutFile>> {
    let spec = hostile::spec(seed);
    let raw = codegen::RawSpec {
        name: format!("specs/hostile_{seed}.yaml"),
        bytes: spec.clone().into_bytes(),
    };
    match codegen::generate(&[raw], Path::new("out")) {
        Ok(files) => Some(files),
        Err(codegen::Error::Specs(d)) => {
            for diag in &d.0 {
                assert!(
                    diag.file.ends_with(&format!("hostile_{seed}.yaml")) && diag.pos.line > 0,
                    "seed {seed}: an error without a place: {diag}"
                );
            }
            None
        }
        Err(other) => panic!("seed {seed}: {other}\nspec:\n{spec}"),
    }
}

#[test]
fn accepted_hostile_specs_generate_rust_in_prettyplease_layout() {
    let base = base_seed();
    let mut accepted = 0;
    for seed in base..base + 300 {
        let Some(files) = generated(seed) else {
            continue;
        };
        accepted += 1;
        for f in files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        {
            if let Err(e) = codegen::render::check_layout(&f.content) {
                panic!("seed {seed}: {}: {e}", f.path.display());
            }
            let text = &f.content;
            for line in text.lines() {
                assert!(
                    !line
                        .chars()
                        .any(|c| c != '\t' && codegen::escape::is_invisible(c)),
                    "seed {seed}: an invisible character reached {}: {line:?}",
                    f.path.display()
                );
            }
        }
    }
    assert!(
        accepted >= 60,
        "only {accepted} of 300 specs accepted: the generator of specs needs fixing"
    );
}

/// A workspace of the crates generated from the first accepted specs, built
/// with warnings denied (with and without every feature) and run through
/// `cargo test --doc` with doctests turned back on: only each crate's own
/// example may be a doctest, and it must compile.
#[test]
fn accepted_hostile_specs_compile_with_warnings_denied_and_run_no_spec_text() {
    let root = support::workspace_root();
    let dir = root.join("target/tmp/accepted-specs");
    // Two specs written to collide: a required server variable with the
    // name of the builder's credential argument.
    let mut crates: Vec<(String, Vec<codegen::OutFile>)> = [
        ("clash_token", "bearer", "token"),
        ("clash_basic", "basic", "password"),
    ]
    .into_iter()
    .map(|(name, auth, var)| {
        let spec = hostile::server_variable_clash(name, auth, var);
        let raw = codegen::RawSpec {
            name: format!("specs/{name}.yaml"),
            bytes: spec.into_bytes(),
        };
        let files = codegen::generate(&[raw], Path::new("out")).unwrap_or_else(|e| panic!("{e}"));
        (name.to_owned(), files)
    })
    .collect();
    let mut seed = base_seed() + 1000;
    while crates.len() < 10 {
        if let Some(files) = generated(seed) {
            crates.push((format!("hostile_{seed}"), files));
        }
        seed += 1;
        assert!(seed < base_seed() + 3000, "too few specs accepted");
    }
    write_workspace(&root, &dir, &crates);
    let cargo = |args: &[&str]| {
        let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", dir.join("target"))
            .env("RUSTFLAGS", "-D warnings")
            .env_remove("RUSTDOCFLAGS")
            .args(args)
            .output()
            .expect("run cargo");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "cargo {}:\n{text}", args.join(" "));
        text
    };
    cargo(&["build", "--workspace", "--all-features", "--quiet"]);
    cargo(&["build", "--workspace", "--quiet"]);
    // Crates with groups build with none of them, and with one alone.
    cargo(&["build", "--workspace", "--no-default-features", "--quiet"]);
    let grouped: Vec<String> = crates
        .iter()
        .filter_map(|(_, files)| {
            let manifest = files.iter().find(|f| f.path.ends_with("Cargo.toml"))?;
            let group = ["users", "repos", "x1"]
                .into_iter()
                .find(|g| manifest.content.contains(&format!("\n{g} = []")))?;
            let package = manifest
                .content
                .lines()
                .find_map(|l| l.strip_prefix("name = "))?;
            Some(format!("{}/{group}", package.trim_matches('"')))
        })
        .collect();
    assert!(
        !grouped.is_empty(),
        "no crate with groups among {}",
        crates.len()
    );
    cargo(&[
        "build",
        "--workspace",
        "--no-default-features",
        "--features",
        &grouped.join(","),
        "--quiet",
    ]);
    let doc = cargo(&["test", "--workspace", "--doc"]);
    // Each crate's one example (`no_run`: compiled, not run), nothing else.
    let ran: usize = doc
        .lines()
        .filter_map(|l| l.strip_prefix("running "))
        .filter_map(|l| l.split_whitespace().next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(ran, crates.len(), "{doc}");
    assert!(!doc.contains("ran\")"), "{doc}");
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    // Unchanged files keep their time, so cargo rebuilds only what changed.
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).expect("write");
    }
}

fn write_workspace(root: &Path, dir: &Path, crates: &[(String, Vec<codegen::OutFile>)]) {
    let runtime = root.join("rust-runtime/api-clients-runtime");
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "# Written by codegen/tests/accepted_specs.rs on every run.\n\
             [workspace]\nresolver = \"3\"\nmembers = [\"crates/*\"]\n\n\
             [workspace.package]\nedition = \"2024\"\nrust-version = \"1.88\"\n\
             license = \"MIT OR Apache-2.0\"\npublish = false\n\n\
             [workspace.dependencies]\n\
             api-clients-runtime = {{ path = {runtime:?} }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\
             serde_json = \"1\"\n\
             tokio = {{ version = \"1\", features = [\"time\"] }}\n"
        ),
    );
    if !dir.join("Cargo.lock").exists() {
        std::fs::create_dir_all(dir).expect("mkdir");
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
    }
    let keep: Vec<&String> = crates.iter().map(|(name, _)| name).collect();
    if let Ok(entries) = std::fs::read_dir(dir.join("crates")) {
        for e in entries.flatten() {
            if !keep.contains(&&e.file_name().to_string_lossy().into_owned()) {
                std::fs::remove_dir_all(e.path()).expect("remove an old crate");
            }
        }
    }
    for (name, files) in crates {
        let written: Vec<&codegen::OutFile> = files
            .iter()
            .filter(|f| f.path.starts_with(Path::new("out").join(name)))
            .collect();
        // A manifest, `src/lib.rs`, and a grouped API's files of one feature.
        let crate_dir = Path::new("out").join(name);
        assert!(
            written.iter().all(|f| {
                let rel = f.path.strip_prefix(&crate_dir).expect("in the crate");
                rel == Path::new("Cargo.toml")
                    || rel == Path::new("src/lib.rs")
                    || rel.to_string_lossy().starts_with("src/group_")
            }) && written.len() >= 2,
            "{name}: {:?}",
            written.iter().map(|f| &f.path).collect::<Vec<_>>()
        );
        for f in written {
            let rel: PathBuf = f.path.strip_prefix("out").expect("under out").to_path_buf();
            let mut text = f.content.clone();
            if rel.ends_with("Cargo.toml") {
                // Doctests back on: the test is that spec text makes none.
                assert!(text.contains("doctest = false"), "{text}");
                text = text.replace("doctest = false", "doctest = true");
            }
            write(&dir.join("crates").join(rel), &text);
        }
    }
}
