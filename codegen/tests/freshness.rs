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
