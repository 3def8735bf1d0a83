//! The guard of `cargo xtask diff`: an edit that changes the generated code
//! is never reported as "no changes", and an edit reported as a change
//! changes the generated code. Checked over edits nobody chose: every line
//! of the seed specs and the fixtures deleted in turn, and every scalar value
//! changed in turn (a number incremented, a boolean flipped, a word
//! lengthened); edits the generator refuses are skipped.

use std::path::{Path, PathBuf};

use codegen::RawSpec;

fn raw(text: &str) -> Vec<RawSpec> {
    vec![RawSpec {
        name: "specs/api.yaml".to_owned(),
        bytes: text.as_bytes().to_vec(),
    }]
}

/// What `gen` writes for the spec, or `None` when it refuses it.
fn generated(text: &str) -> Option<Vec<(PathBuf, String)>> {
    let files = codegen::generate(&raw(text), Path::new("out")).ok()?;
    Some(files.into_iter().map(|f| (f.path, f.content)).collect())
}

/// The one-line edits of `text`: each line deleted, each scalar changed.
fn edits(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let join = |replaced: usize, with: Option<String>| {
        let mut l: Vec<String> = lines.iter().map(|s| (*s).to_owned()).collect();
        match with {
            Some(w) => l[replaced] = w,
            None => {
                l.remove(replaced);
            }
        }
        l.join("\n") + "\n"
    };
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        out.push(join(i, None));
        if let Some((key, value)) = line.split_once(": ") {
            let v = value.trim();
            let changed = if let Ok(n) = v.parse::<i64>() {
                Some((n + 1).to_string())
            } else if v == "true" || v == "false" {
                Some((v == "false").to_string())
            } else if v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !v.is_empty() {
                Some(format!("{v}x"))
            } else {
                None
            };
            if let Some(c) = changed {
                out.push(join(i, Some(format!("{key}: {c}"))));
            }
        }
    }
    out
}

#[test]
fn findings_and_generated_code_change_together() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<PathBuf> = ["specs", "codegen/tests/fixtures"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).expect("a directory"))
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let (mut checked, mut failures) = (0, Vec::new());
    for file in &files {
        let base = std::fs::read_to_string(file).expect("the spec");
        let old_code = generated(&base).expect("the spec generates");
        let old = codegen::lower_specs(&raw(&base)).expect("the spec lowers");
        for text in edits(&base) {
            let Some(new_code) = generated(&text) else {
                continue;
            };
            let new = codegen::lower_specs(&raw(&text)).expect("generated, so it lowers");
            let report = codegen::diff::diff(&old, &new);
            checked += 1;
            let reported = !report.is_empty();
            if reported != (new_code != old_code) {
                let edit: Vec<String> = diff_lines(&base, &text);
                failures.push(format!(
                    "{}: {edit:?}: the code {} but diff reports {}",
                    file.display(),
                    if new_code != old_code {
                        "changes"
                    } else {
                        "is the same"
                    },
                    codegen::diff::text(&report)
                ));
            }
        }
    }
    assert!(checked > 500, "only {checked} edits were accepted");
    assert!(
        failures.is_empty(),
        "{} of {checked} edits:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The lines of `a` not in `b` and of `b` not in `a`, for the message.
fn diff_lines(a: &str, b: &str) -> Vec<String> {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let gone = la
        .iter()
        .filter(|l| !lb.contains(l))
        .map(|l| format!("-{l}"));
    let came = lb
        .iter()
        .filter(|l| !la.contains(l))
        .map(|l| format!("+{l}"));
    gone.chain(came).collect()
}
