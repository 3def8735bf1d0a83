//! Helpers shared by codegen's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The environment variable that rewrites expected files instead of comparing.
pub const UPDATE_VAR: &str = "UPDATE_EXPECT";

pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen sits in the workspace")
        .to_path_buf()
}

/// Compares `actual` with the committed file `expected`, or rewrites it when
/// `UPDATE_EXPECT=1`. Returns a description of the mismatch, if any.
pub fn check_expected(expected: &Path, actual: &str) -> Option<String> {
    if std::env::var_os(UPDATE_VAR).is_some_and(|v| v == "1") {
        std::fs::write(expected, actual).expect("write expected file");
        return None;
    }
    match std::fs::read_to_string(expected) {
        Ok(e) if e == actual => None,
        Ok(e) => Some(format!(
            "{} differs from the output:\n{}\n(if the change is intended: {UPDATE_VAR}=1 cargo test -p codegen)",
            expected.display(),
            similar::TextDiff::from_lines(e.as_str(), actual)
                .unified_diff()
                .header("expected", "actual")
        )),
        Err(_) => Some(format!(
            "{} is missing; create it with {UPDATE_VAR}=1 cargo test -p codegen\noutput was:\n{actual}",
            expected.display()
        )),
    }
}

/// Spec files of a test directory, sorted, as the generator would read them.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read test dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

pub fn raw(dir_name: &str, path: &Path) -> codegen::RawSpec {
    codegen::RawSpec {
        name: format!(
            "{dir_name}/{}",
            path.file_name().expect("file name").to_string_lossy()
        ),
        bytes: std::fs::read(path).expect("read spec"),
    }
}
