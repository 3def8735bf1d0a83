//! `cargo xtask export [--specs DIR] --out DIR`: every spec as an OpenAPI 3.1
//! document, `DIR/<api>.openapi.json`, this format's extra semantics kept as
//! `x-` extensions (which `cargo xtask import` reads back). Exit status: 0
//! written, 2 when the specs cannot be read (with `gen`'s located errors).

use std::path::PathBuf;
use std::process::ExitCode;

/// `cargo xtask export ...`.
pub fn cmd(args: &[String]) -> ExitCode {
    let mut specs = None;
    let mut out = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let target = match a.as_str() {
            "--specs" => &mut specs,
            "--out" => &mut out,
            other => return crate::usage_error(&format!("unexpected argument {other}")),
        };
        match it.next() {
            Some(v) => *target = Some(PathBuf::from(v)),
            None => return crate::usage_error(&format!("{a} needs a directory")),
        }
    }
    let Some(out) = out else {
        return crate::usage_error("export needs --out DIR");
    };
    let dir = specs.unwrap_or_else(|| crate::workspace_root().join("specs"));
    let raw = match codegen::load::read_dir(&dir, &dir.display().to_string()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let apis = match codegen::lower_specs(&raw) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("error: {}: {e}", out.display());
        return ExitCode::from(2);
    }
    for api in &apis {
        let path = out.join(format!("{}.openapi.json", api.name));
        let mut text =
            serde_json::to_string_pretty(&codegen::export::document(api)).unwrap_or_default();
        text.push('\n');
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_becomes_a_document_the_importer_reads_back() {
        let out = tempfile::tempdir().expect("a temp dir");
        let specs = crate::workspace_root().join("specs");
        let args: Vec<String> = vec![
            "--specs".into(),
            specs.display().to_string(),
            "--out".into(),
            out.path().display().to_string(),
        ];
        assert_eq!(cmd(&args), ExitCode::SUCCESS);
        for name in ["devrev", "rackspace", "smartsheet"] {
            let text = std::fs::read_to_string(out.path().join(format!("{name}.openapi.json")))
                .expect("written");
            let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
            assert_eq!(doc["openapi"], "3.1.0");
            let opts = codegen::import::Options {
                name: name.to_owned(),
                source: "exported".to_owned(),
                selection: codegen::import::Selection::default(),
                overrides: None,
            };
            codegen::import::import(&text, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert_eq!(cmd(&["--out".into()]), ExitCode::from(2));
    }
}
