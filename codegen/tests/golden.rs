//! Golden tests: each fixture spec's generated module, and each bad spec's
//! error report, are committed files. `UPDATE_EXPECT=1` rewrites them on purpose.

mod support;

use std::path::Path;

use support::{check_expected, raw, tests_dir, yaml_files};

#[test]
fn fixtures_generate_their_golden_modules() {
    let mut failures = Vec::new();
    for path in yaml_files(&tests_dir().join("fixtures")) {
        let spec = raw("fixtures", &path);
        let files = codegen::generate(&[spec], Path::new("out"))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stem = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let module = files
            .iter()
            .find(|f| f.path == Path::new("out").join(&stem).join("src/lib.rs"))
            .expect("the module of the fixture");
        // A grouped API's crate has a file per feature beside `lib.rs`: its
        // sources go in a folder of their own (where a module loaded from
        // `lib.rs` by `#[path]` finds its children).
        let src = Path::new("out").join(&stem).join("src");
        let sources: Vec<&codegen::OutFile> =
            files.iter().filter(|f| f.path.starts_with(&src)).collect();
        if sources.len() == 1 {
            let expected = tests_dir().join("golden").join(format!("{stem}.rs"));
            failures.extend(check_expected(&expected, &module.content));
        } else {
            for f in &sources {
                let name = f.path.file_name().expect("a name");
                let expected = tests_dir().join("golden").join(&stem).join(name);
                failures.extend(check_expected(&expected, &f.content));
            }
        }
        // What the generator writes as text is prettyplease's layout, byte
        // for byte, in every fixture (and the synthetic crates: xtask's test).
        for f in files.iter().filter(|f| f.path.starts_with(&src)) {
            if let Err(e) = codegen::render::check_layout(&f.content) {
                failures.push(format!("{}: {}: {e}", path.display(), f.path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn each_kind_of_bad_spec_has_its_expected_error_report() {
    let dir = tests_dir().join("errors");
    let cases = yaml_files(&dir);
    assert!(cases.len() >= 15, "the error cases went missing");
    let mut failures = Vec::new();
    for path in cases {
        let spec = raw("errors", &path);
        let report = match codegen::generate(&[spec], Path::new("out")) {
            Ok(_) => {
                failures.push(format!("{}: generated without error", path.display()));
                continue;
            }
            Err(e) => e.to_string(),
        };
        failures.extend(check_expected(
            &path.with_extension("stderr"),
            &format!("{report}\n"),
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn all_errors_of_a_run_are_reported_across_files() {
    let dir = tests_dir().join("errors");
    let specs: Vec<_> = ["unknown_type.yaml", "body_on_get.yaml", "yaml_syntax.yaml"]
        .iter()
        .map(|f| raw("errors", &dir.join(f)))
        .collect();
    let Err(codegen::Error::Specs(d)) = codegen::generate(&specs, Path::new("out")) else {
        panic!("expected spec errors");
    };
    let files: std::collections::BTreeSet<&str> = d.0.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(files.len(), 3, "every file's errors are reported: {d}");
    assert!(d.len() >= 4, "{d}");
}

#[test]
fn the_complete_example_in_the_spec_reference_generates() {
    let readme = std::fs::read_to_string(support::workspace_root().join("specs/README.md"))
        .expect("read README");
    let section = readme
        .split("## Complete example")
        .nth(1)
        .expect("the README has a complete example");
    let yaml = section
        .split("```yaml\n")
        .nth(1)
        .and_then(|s| s.split("\n```").next())
        .expect("a yaml block");
    let spec = codegen::RawSpec {
        name: "specs/README.md".to_owned(),
        bytes: yaml.as_bytes().to_vec(),
    };
    if let Err(e) = codegen::generate(&[spec], Path::new("out")) {
        panic!("the example in specs/README.md does not generate:\n{e}");
    }
}

#[test]
fn two_specs_may_not_share_an_api_name() {
    let minimal = std::fs::read(tests_dir().join("fixtures/minimal.yaml")).expect("read");
    let specs = [
        codegen::RawSpec {
            name: "specs/a.yaml".to_owned(),
            bytes: minimal.clone(),
        },
        codegen::RawSpec {
            name: "specs/b.yaml".to_owned(),
            bytes: minimal,
        },
    ];
    let Err(codegen::Error::Specs(d)) = codegen::generate(&specs, Path::new("out")) else {
        panic!("expected a duplicate-name error");
    };
    let text = d.to_string();
    assert_eq!(d.len(), 1, "{text}");
    assert!(text.contains("--> specs/b.yaml:1:7"), "{text}");
    assert!(
        text.contains("`minimal` is already used by specs/a.yaml:1"),
        "{text}"
    );
}

/// The mocks are tested for every endpoint: each endpoint of every fixture
/// and of every spec in `specs/` gets example values and a test running its
/// mock end to end (client-tests runs the fixtures' tests, the workspace the
/// real crates').
#[test]
fn every_endpoint_of_every_spec_gets_a_mock_test() {
    let mut specs: Vec<_> = yaml_files(&tests_dir().join("fixtures"))
        .iter()
        .map(|p| raw("fixtures", p))
        .collect();
    specs.extend(
        yaml_files(&support::workspace_root().join("specs"))
            .iter()
            .map(|p| raw("specs", p)),
    );
    for spec in specs {
        let name = spec.name.clone();
        let files = codegen::generate(&[spec], Path::new("out")).expect("generates");
        // The API crate's sources: `lib.rs` and a grouped API's feature files.
        let module: String = files
            .iter()
            .filter(|f| {
                f.path.extension().is_some_and(|e| e == "rs")
                    && !f.path.starts_with("out/api-clients")
            })
            .map(|f| f.content.as_str())
            .collect();
        let count = |needle: &str| module.matches(needle).count();
        let endpoints = count("impl runtime::Endpoint for ");
        assert!(endpoints > 0, "{name}");
        assert_eq!(count("impl runtime::mock::Reply for "), endpoints, "{name}");
        assert_eq!(
            count("impl runtime::mock::Example for "),
            endpoints,
            "{name}"
        );
        assert_eq!(count("pub fn expect_"), endpoints, "{name}");
        assert_eq!(
            count("runtime::mock::check_endpoint::<"),
            endpoints,
            "{name}: an endpoint without a mock test"
        );
    }
}
