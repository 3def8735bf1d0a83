//! `specs/api-clients.toml`: the version of the convenience crate
//! `api-clients`, which re-exports every API. It is an input like the specs
//! (`cargo xtask diff --bump` raises it, `cargo xtask gen` writes it into the
//! crate's manifest), kept in a file of its own because it belongs to no API.
//! The file holds comments and one line, `version = "X.Y.Z"`.

use std::path::Path;

use super::RawSpec;
use crate::diag::{Diagnostic, Source};
use crate::ident::UMBRELLA_VERSION_FILE;
use crate::lower::{SEMVER_HELP, is_semver};
use crate::spec::Pos;

/// The file in `dir`, if there is one, named `<shown_as>/api-clients.toml`.
pub fn read(dir: &Path, shown_as: &str) -> std::io::Result<Option<RawSpec>> {
    let path = dir.join(UMBRELLA_VERSION_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(RawSpec {
            name: format!("{}/{UMBRELLA_VERSION_FILE}", shown_as.trim_end_matches('/')),
            bytes,
        })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The `version = "..."` line: its number (1-based) and the version.
fn version_line(text: &str) -> Option<(usize, &str)> {
    text.lines().enumerate().find_map(|(i, l)| {
        let (key, value) = l.split_once('=')?;
        (key.trim() == "version").then(|| (i + 1, value.trim()))
    })
}

/// The version the file gives, or what is wrong with it, located.
pub fn version(raw: &RawSpec) -> Result<String, Diagnostic> {
    let source = Source {
        name: raw.name.clone(),
        text: String::from_utf8_lossy(&raw.bytes).into_owned(),
    };
    let at = |line: usize, column: usize| Pos {
        line: line as u64,
        column: column as u64,
    };
    for (i, l) in source.text.lines().enumerate() {
        let t = l.trim();
        if !(t.is_empty()
            || t.starts_with('#')
            || t.split_once('=')
                .is_some_and(|(k, _)| k.trim() == "version"))
        {
            return Err(source
                .error(
                    at(i + 1, l.len() - l.trim_start().len() + 1),
                    "unexpected line",
                )
                .help("this file holds comments and one line, `version = \"X.Y.Z\"`"));
        }
    }
    let Some((line, value)) = version_line(&source.text) else {
        return Err(source
            .error(at(1, 1), "no `version = ...` line")
            .help("add `version = \"0.1.0\"`: the version of the convenience crate api-clients"));
    };
    let column = source
        .line(line as u64)
        .map_or(1, |l| l.find('=').map_or(1, |c| c + 2));
    let Some(v) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return Err(source
            .error(at(line, column), "the version is not a quoted string")
            .help(format!("write `version = \"{}\"`", value.trim_matches('"'))));
    };
    if !is_semver(v) {
        return Err(source
            .error(at(line, column), format!("`{v}` is not a semantic version"))
            .help(SEMVER_HELP));
    }
    Ok(v.to_owned())
}

/// `text` with its version set to `version` (comments kept), or a new file.
pub fn with_version(text: Option<&str>, version: &str) -> String {
    let line = format!("version = \"{version}\"");
    match text {
        Some(t) if version_line(t).is_some() => {
            let mut out: Vec<String> = t.lines().map(str::to_owned).collect();
            if let Some((n, _)) = version_line(t) {
                out[n - 1] = line;
            }
            let mut s = out.join("\n");
            s.push('\n');
            s
        }
        _ => format!(
            "# The convenience crate `api-clients`, which re-exports every API crate\n\
             # behind a feature. `cargo xtask diff --bump` raises its version with the\n\
             # strongest bump any API needs; `cargo xtask gen` writes it into\n\
             # generated/api-clients/Cargo.toml.\n{line}\n"
        ),
    }
}
