//! How `run` treats the disk: writes only what changed, removes generated files
//! whose spec is gone, leaves everything as it was when a spec is wrong, and in
//! check mode writes nothing and names each stale file.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Copies the fixture specs (not `specs/`, which maintainers may grow or
/// shrink at will) and returns how many files generating them writes: a crate
/// per spec (`Cargo.toml` and `src/lib.rs`), the convenience crate, and
/// `rustfmt.toml`.
fn copy_specs(to: &Path) -> usize {
    std::fs::create_dir_all(to).expect("mkdir");
    let specs = support::yaml_files(&support::tests_dir().join("fixtures"));
    for p in &specs {
        std::fs::copy(p, to.join(p.file_name().expect("name"))).expect("copy spec");
    }
    // A manifest and `src/lib.rs` per spec (and a grouped API's files of
    // one feature each), the convenience crate's two, and rustfmt.toml.
    let grouped_files: usize = specs
        .iter()
        .map(|p| {
            let raw = support::raw("fixtures", p);
            codegen::generate(&[raw], Path::new("out"))
                .expect("generates")
                .iter()
                .filter(|f| f.path.to_string_lossy().contains("/src/group_"))
                .count()
        })
        .sum();
    2 * specs.len() + 3 + grouped_files
}

fn opts(specs: &Path, out: &Path) -> codegen::Options {
    codegen::Options {
        specs_dir: specs.to_path_buf(),
        specs_shown_as: "specs".to_owned(),
        out_dir: out.to_path_buf(),
        schema_path: None,
        cache: None,
    }
}

/// Every file under `dir` with its content and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let m = std::fs::metadata(&p)
                    .and_then(|m| m.modified())
                    .expect("mtime");
                out.insert(p.clone(), (std::fs::read(&p).expect("read"), m));
            }
        }
    }
    out
}

#[test]
fn a_second_run_rewrites_nothing_and_keeps_mtimes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (specs, out) = (tmp.path().join("specs"), tmp.path().join("out"));
    let files = copy_specs(&specs);
    let first = codegen::run(&opts(&specs, &out), false).expect("first run");
    assert_eq!(
        first.changed.len(),
        files,
        "a crate per spec, the convenience crate and rustfmt.toml"
    );
    let before = snapshot(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = codegen::run(&opts(&specs, &out), false).expect("second run");
    assert!(second.is_clean(), "{second:?}");
    assert_eq!(second.unchanged, files);
    assert_eq!(snapshot(&out), before, "contents and mtimes unchanged");
}

#[test]
fn a_removed_spec_removes_its_crate() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (specs, out) = (tmp.path().join("specs"), tmp.path().join("out"));
    copy_specs(&specs);
    codegen::run(&opts(&specs, &out), false).expect("first run");
    for p in ["minimal/Cargo.toml", "minimal/src/lib.rs"] {
        assert!(out.join(p).is_file(), "{p}");
    }
    std::fs::remove_file(specs.join("minimal.yaml")).expect("rm spec");
    let report = codegen::run(&opts(&specs, &out), false).expect("second run");
    assert_eq!(
        report.orphans,
        vec![
            out.join("minimal/Cargo.toml"),
            out.join("minimal/src/lib.rs")
        ]
    );
    assert!(!out.join("minimal").exists(), "its emptied folders go too");
    assert!(out.exists(), "the output folder itself stays");
    let lib = std::fs::read_to_string(out.join("api-clients/src/lib.rs")).expect("lib.rs");
    let manifest = std::fs::read_to_string(out.join("api-clients/Cargo.toml")).expect("toml");
    assert!(
        !lib.contains("minimal") && !manifest.contains("minimal"),
        "{lib}\n{manifest}"
    );
    assert!(
        manifest.contains("vault = [\"dep:api-clients-vault\"]"),
        "{manifest}"
    );
}

/// A file under the output folder that `gen` did not write (a `build.rs`
/// would run at the next build, unseen by a reviewer) fails `gen` and
/// `--check`, naming it, even when the cache says nothing changed; and the
/// generated manifests build nothing but the library.
#[test]
fn hand_written_files_among_generated_ones_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (specs, out) = (tmp.path().join("specs"), tmp.path().join("out"));
    copy_specs(&specs);
    let cache = codegen::cache::Cache {
        path: tmp.path().join("cache.json"),
        generator_id: "build-1".to_owned(),
    };
    let with_cache = codegen::Options {
        cache: Some(cache),
        ..opts(&specs, &out)
    };
    codegen::run(&with_cache, false).expect("first run");
    let manifest = std::fs::read_to_string(out.join("vault/Cargo.toml")).expect("toml");
    for key in [
        "build = false",
        "autobins = false",
        "autotests = false",
        "autoexamples = false",
        "autobenches = false",
        "doctest = false",
    ] {
        assert!(manifest.contains(key), "{key} missing from\n{manifest}");
    }
    let build_rs = out.join("vault/build.rs");
    std::fs::write(&build_rs, "fn main() { std::process::exit(1) }\n").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        out.join("vault/src/lib.rs"),
        out.join("vault/src/linked.rs"),
    )
    .expect("symlink");
    let before = snapshot(&out);
    for check in [true, false] {
        let err = codegen::run(&with_cache, check).expect_err("a foreign file fails the run");
        let shown = err.to_string();
        assert!(shown.contains("vault/build.rs"), "{shown}");
        #[cfg(unix)]
        assert!(shown.contains("vault/src/linked.rs"), "{shown}");
        assert!(shown.contains("Nothing was written"), "{shown}");
    }
    assert_eq!(snapshot(&out), before, "nothing written or removed");
    std::fs::remove_file(&build_rs).expect("rm");
    #[cfg(unix)]
    std::fs::remove_file(out.join("vault/src/linked.rs")).expect("rm");
    let clean = codegen::run(&with_cache, true).expect("clean again");
    assert!(clean.is_clean(), "{clean:?}");
}

#[test]
fn each_api_is_a_crate_with_the_version_its_spec_gives() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (specs, out) = (tmp.path().join("specs"), tmp.path().join("out"));
    copy_specs(&specs);
    let spec = specs.join("minimal.yaml");
    let text = std::fs::read_to_string(&spec).expect("read");
    let versioned = text.replacen("name: minimal\n", "name: minimal\nversion: 2.3.0-rc.1\n", 1);
    assert_ne!(text, versioned);
    std::fs::write(&spec, versioned).expect("write");
    codegen::run(&opts(&specs, &out), false).expect("run");
    let manifest = std::fs::read_to_string(out.join("minimal/Cargo.toml")).expect("read");
    assert!(manifest.starts_with("# @generated by `cargo xtask gen` from specs/minimal.yaml."));
    assert!(
        manifest.contains("\nname = \"api-clients-minimal\"\nversion = \"2.3.0-rc.1\"\n"),
        "{manifest}"
    );
    assert!(manifest.contains("\n[dependencies]\napi-clients-runtime = { workspace = true }\n"));
    // Without `version:` a spec's crate starts at 0.1.0.
    let other = std::fs::read_to_string(out.join("vault/Cargo.toml")).expect("read");
    assert!(other.contains("\nversion = \"0.1.0\"\n"), "{other}");
    // The convenience crate pins each API crate to exactly its version.
    let umbrella = std::fs::read_to_string(out.join("api-clients/Cargo.toml")).expect("read");
    assert!(
        umbrella.contains("api-clients-minimal = { path = \"../minimal\", version = \"=2.3.0-rc.1\", optional = true }"),
        "{umbrella}"
    );
}

#[test]
fn a_failing_run_leaves_the_output_exactly_as_it_was() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (specs, out) = (tmp.path().join("specs"), tmp.path().join("out"));
    copy_specs(&specs);
    codegen::run(&opts(&specs, &out), false).expect("first run");
    let before = snapshot(&out);
    // One good change and one bad spec: the good change must not be written either.
    let sm = specs.join("kitchen_sink.yaml");
    let text =
        std::fs::read_to_string(&sm)
            .expect("read")
            .replacen("summary: ", "summary: Changed. ", 1);
    std::fs::write(&sm, text).expect("write");
    std::fs::copy(
        support::tests_dir().join("errors/unknown_type.yaml"),
        specs.join("zz_bad.yaml"),
    )
    .expect("copy");
    let err = codegen::run(&opts(&specs, &out), false).expect_err("bad spec");
    assert!(err.to_string().contains("specs/zz_bad.yaml:"), "{err}");
    assert!(err.to_string().contains("nothing was written"), "{err}");
    assert_eq!(snapshot(&out), before);
}

#[test]
fn check_mode_names_each_stale_file_with_a_diff_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (specs, out) = (tmp.path().join("specs"), tmp.path().join("out"));
    copy_specs(&specs);
    codegen::run(&opts(&specs, &out), false).expect("first run");
    let before = snapshot(&out);
    let rs = specs.join("minimal.yaml");
    let text = std::fs::read_to_string(&rs).expect("read");
    let edited = text.replacen("summary: ", "summary: Edited. ", 1);
    assert_ne!(text, edited);
    std::fs::write(&rs, edited).expect("write");
    let report = codegen::run(&opts(&specs, &out), true).expect("check");
    assert_eq!(report.changed.len(), 1, "{report:?}");
    let (path, diff) = &report.changed[0];
    assert_eq!(path, &out.join("minimal/src/lib.rs"));
    assert!(diff.contains("+") && diff.contains("Edited."), "{diff}");
    assert_eq!(snapshot(&out), before, "check mode writes nothing");
}

#[test]
fn output_does_not_depend_on_the_order_of_files_or_keys() {
    let spec = |types: &str, endpoints: &str| {
        format!(
            "name: order\ntitle: Order\nsource: test\nservers:\n  b: {{ url: https://b.example, default: true }}\n  a: https://a.example\nauth: bearer\ntypes:\n{types}endpoints:\n{endpoints}"
        )
    };
    let ta = "  Alpha:\n    object:\n      z: string\n      a: i32\n";
    let tb = "  Beta:\n    enum: [x, y]\n";
    let e1 = "  first:\n    method: GET\n    path: /a/{id}\n    summary: A.\n    path_params: { id: string }\n    query: { q: string, b: Beta }\n    responses: { 200: Alpha, 404: { description: gone }, default: { description: bad } }\n";
    let e2 = "  second:\n    method: POST\n    path: /b\n    summary: B.\n    body: Alpha\n    responses: { 204: }\n";
    let one = spec(&format!("{ta}{tb}"), &format!("{e1}{e2}"));
    let reordered = spec(&format!("{tb}{ta}"), &format!("{e2}{e1}"))
        .replace("z: string\n      a: i32", "a: i32\n      z: string")
        .replace("{ q: string, b: Beta }", "{ b: Beta, q: string }")
        .replace(
            "{ 200: Alpha, 404: { description: gone }, default: { description: bad } }",
            "{ default: { description: bad }, 404: { description: gone }, 200: Alpha }",
        );
    let generate = |text: &str, other_first: bool| {
        let a = codegen::RawSpec {
            name: "specs/order.yaml".into(),
            bytes: text.as_bytes().to_vec(),
        };
        let b = codegen::RawSpec {
            name: "specs/minimal.yaml".into(),
            bytes: std::fs::read(support::tests_dir().join("fixtures/minimal.yaml")).expect("read"),
        };
        let specs = if other_first { vec![b, a] } else { vec![a, b] };
        codegen::generate(&specs, Path::new("out")).expect("generates")
    };
    let x = generate(&one, false);
    let y = generate(&reordered, true);
    assert_eq!(x.len(), y.len());
    for (a, b) in x.iter().zip(&y) {
        assert_eq!(a.path, b.path);
        assert_eq!(a.content, b.content, "{} differs", a.path.display());
    }
    // And byte-identical on every run.
    assert_eq!(generate(&one, false), x);
}

#[test]
fn the_cache_skips_generation_only_when_nothing_changed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (specs, out) = (tmp.path().join("specs"), tmp.path().join("out"));
    let files = copy_specs(&specs);
    let with_cache = |id: &str| codegen::Options {
        cache: Some(codegen::cache::Cache {
            path: tmp.path().join("cache/gen.json"),
            generator_id: id.to_owned(),
        }),
        ..opts(&specs, &out)
    };
    let first = codegen::run(&with_cache("build-1"), false).expect("first run");
    assert!(!first.reused && first.changed.len() == files, "{first:?}");
    let pristine = snapshot(&out);

    let again = codegen::run(&with_cache("build-1"), false).expect("no-op");
    assert!(
        again.reused && again.is_clean() && again.unchanged == files,
        "{again:?}"
    );
    assert_eq!(snapshot(&out), pristine);

    // A hand-edited generated file is found and put back.
    let module = out.join("minimal/src/lib.rs");
    let original = std::fs::read_to_string(&module).expect("read");
    std::fs::write(&module, format!("{original}// edited by hand\n")).expect("write");
    let check = codegen::run(&with_cache("build-1"), true).expect("check");
    assert!(!check.reused && check.changed.len() == 1, "{check:?}");
    let repaired = codegen::run(&with_cache("build-1"), false).expect("repair");
    assert!(
        !repaired.reused && repaired.changed.len() == 1,
        "{repaired:?}"
    );
    assert_eq!(std::fs::read_to_string(&module).expect("read"), original);

    // Another generator build does not trust the record.
    let rebuilt = codegen::run(&with_cache("build-2"), false).expect("rebuilt generator");
    assert!(!rebuilt.reused && rebuilt.is_clean(), "{rebuilt:?}");

    // A stray generated file is found and removed.
    std::fs::write(out.join("minimal/src/stray.rs"), &original).expect("write");
    let stray = codegen::run(&with_cache("build-2"), false).expect("stray");
    assert!(
        !stray.reused && stray.orphans == vec![out.join("minimal/src/stray.rs")],
        "{stray:?}"
    );

    // An edited spec is generated again, and only its API is rendered.
    let apis = support::yaml_files(&specs).len();
    let sm = specs.join("kitchen_sink.yaml");
    let text = std::fs::read_to_string(&sm).expect("read");
    std::fs::write(&sm, text.replacen("summary: ", "summary: Edited. ", 1)).expect("write");
    let edited = codegen::run(&with_cache("build-2"), false).expect("edited spec");
    assert!(!edited.reused && edited.changed.len() == 1, "{edited:?}");
    assert_eq!(edited.rendered_apis, Some((1, apis)), "{edited:?}");
    // What it wrote is what a run without any record writes.
    let fresh = tmp.path().join("fresh");
    codegen::run(&opts(&specs, &fresh), false).expect("fresh run");
    let strip = |dir: &Path| -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(dir)
            .into_iter()
            .map(|(p, (bytes, _))| (p.strip_prefix(dir).expect("under dir").to_path_buf(), bytes))
            .collect()
    };
    assert_eq!(strip(&out), strip(&fresh));
    // A reused API whose generated file was edited by hand is rendered again.
    let module = out.join("vault/src/lib.rs");
    let original = std::fs::read_to_string(&module).expect("read");
    std::fs::write(&module, format!("{original}// edited by hand\n")).expect("write");
    std::fs::write(
        &sm,
        text.replacen("summary: ", "summary: Edited twice. ", 1),
    )
    .expect("write");
    let both = codegen::run(&with_cache("build-2"), false).expect("two APIs");
    assert_eq!(both.rendered_apis, Some((2, apis)), "{both:?}");
    assert_eq!(std::fs::read_to_string(&module).expect("read"), original);
    let settled = codegen::run(&with_cache("build-2"), false).expect("no-op again");
    assert!(settled.reused, "{settled:?}");
}

#[test]
fn the_convenience_crate_takes_its_version_from_api_clients_toml() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (specs, out) = (tmp.path().join("specs"), tmp.path().join("out"));
    copy_specs(&specs);
    let with_cache = codegen::Options {
        cache: Some(codegen::cache::Cache {
            path: tmp.path().join("cache/gen.json"),
            generator_id: "build-1".to_owned(),
        }),
        ..opts(&specs, &out)
    };
    let manifest = out.join("api-clients/Cargo.toml");
    let version = || {
        std::fs::read_to_string(&manifest)
            .expect("manifest")
            .lines()
            .find(|l| l.starts_with("version = "))
            .map(str::to_owned)
    };
    // Without the file: the default.
    codegen::run(&with_cache, false).expect("first run");
    assert_eq!(version().as_deref(), Some("version = \"0.1.0\""));

    // The file's version, even when the cache says the specs are unchanged.
    let file = specs.join("api-clients.toml");
    std::fs::write(&file, "# comment\nversion = \"2.3.0\"\n").expect("write");
    let run = codegen::run(&with_cache, false).expect("second run");
    let changed: Vec<&PathBuf> = run.changed.iter().map(|(p, _)| p).collect();
    assert!(!run.reused && changed == vec![&manifest], "{run:?}");
    assert_eq!(version().as_deref(), Some("version = \"2.3.0\""));

    // A wrong file is a located error with a fix, and nothing is written.
    std::fs::write(&file, "# comment\nversion = \"2.3\"\n").expect("write");
    let err = codegen::run(&with_cache, false).expect_err("bad version");
    let text = err.to_string();
    assert!(
        text.contains("specs/api-clients.toml:2:")
            && text.contains("`2.3` is not a semantic version")
            && text.contains("MAJOR.MINOR.PATCH"),
        "{text}"
    );
    std::fs::write(&file, "version = \"2.3.0\"\nname = \"x\"\n").expect("write");
    let text = codegen::run(&with_cache, false)
        .expect_err("extra line")
        .to_string();
    assert!(
        text.contains(":2:1") && text.contains("unexpected line"),
        "{text}"
    );
    assert_eq!(version().as_deref(), Some("version = \"2.3.0\""));
}
