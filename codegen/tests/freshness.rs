//! `cargo test` fails, naming the command to run, when `generated/` or the JSON
//! Schema of the spec format no longer match `specs/` and the spec model.

mod support;

#[test]
fn generated_code_is_up_to_date_with_the_specs() {
    let root = support::workspace_root();
    let opts = codegen::Options {
        specs_dir: root.join("specs"),
        specs_shown_as: "specs".to_owned(),
        out_dir: root.join("generated"),
        schema_path: Some(root.join("codegen/spec.schema.json")),
        cache: None,
    };
    let report =
        codegen::run(&opts, true).unwrap_or_else(|e| panic!("the specs do not generate:\n{e}"));
    let stale: Vec<String> = report
        .changed
        .iter()
        .map(|(p, diff)| format!("{}\n{diff}", p.display()))
        .chain(
            report
                .orphans
                .iter()
                .map(|p| format!("{} (spec removed)", p.display())),
        )
        .collect();
    assert!(
        stale.is_empty(),
        "generated files are stale; run `cargo xtask gen` and commit the result:\n{}",
        stale.join("\n")
    );
}

/// The published schema accepts every spec the generator accepts, so editors
/// never flag a valid spec.
#[test]
fn every_spec_validates_against_the_published_json_schema() {
    let root = support::workspace_root();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("codegen/spec.schema.json")).expect("read schema"),
    )
    .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let specs = support::yaml_files(&root.join("specs"))
        .into_iter()
        .chain(support::yaml_files(&support::tests_dir().join("fixtures")));
    let mut failures = Vec::new();
    for path in specs {
        let text = std::fs::read_to_string(&path).expect("read spec");
        let options = serde_saphyr::options! { strict_booleans: true };
        let value: serde_json::Value =
            serde_saphyr::from_str_with_options(&text, options).expect("YAML");
        for error in validator.iter_errors(&value) {
            failures.push(format!(
                "{}: {} at {}",
                path.display(),
                error,
                error.instance_path()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
