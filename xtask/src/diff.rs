//! `cargo xtask diff [BASE] [--base-specs DIR] [--specs DIR] [--format F]
//! [--bump]`: what the spec changes since `BASE` (a git revision, default
//! `HEAD`) do to each API, breaking or not, and the version each needs.
//! `--bump` writes those versions into the specs. Exit status: 0 nothing
//! breaking, 1 something breaking, 2 the specs could not be read.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The specs of `rev` in the repository at `root`, named `rev:specs/x.yaml`.
fn specs_at(root: &Path, rev: &str) -> Result<Vec<codegen::RawSpec>, String> {
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(format!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    let listing = git(&["ls-tree", "--name-only", rev, "specs/"])?;
    let mut names: Vec<String> = String::from_utf8_lossy(&listing)
        .lines()
        .filter(|p| p.ends_with(".yaml") || p.ends_with(".yml"))
        .map(str::to_owned)
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            Ok(codegen::RawSpec {
                name: format!("{rev}:{path}"),
                bytes: git(&["show", &format!("{rev}:{path}")])?,
            })
        })
        .collect()
}

/// `specs/api-clients.toml` at `rev`, if the revision has one.
fn umbrella_at(root: &Path, rev: &str) -> Option<codegen::RawSpec> {
    let path = format!("specs/{}", codegen::ident::UMBRELLA_VERSION_FILE);
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &format!("{rev}:{path}")])
        .output()
        .ok()?;
    out.status.success().then(|| codegen::RawSpec {
        name: format!("{rev}:{path}"),
        bytes: out.stdout,
    })
}

/// The convenience crate's version in a specs directory's file (the default
/// when there is none), or the file's located error.
fn umbrella_version(file: Option<&codegen::RawSpec>) -> Result<String, String> {
    match file {
        Some(f) => codegen::load::umbrella::version(f).map_err(|d| d.to_string()),
        None => Ok(codegen::render::DEFAULT_UMBRELLA_VERSION.to_owned()),
    }
}

/// The spec files whose bytes differ between the sides. A file with the same
/// bytes on both sides describes the same API both times, so it adds nothing
/// to the report and is not parsed (twice 8 MB of YAML is most of a diff's
/// time); `gen` still checks it. Returns how many pairs were left out.
fn drop_unchanged(
    old: Vec<codegen::RawSpec>,
    new: Vec<codegen::RawSpec>,
) -> (Vec<codegen::RawSpec>, Vec<codegen::RawSpec>, usize) {
    let mut unmatched: std::collections::HashMap<&[u8], Vec<usize>> = Default::default();
    for (i, o) in old.iter().enumerate() {
        unmatched.entry(o.bytes.as_slice()).or_default().push(i);
    }
    let mut same_old = vec![false; old.len()];
    let mut same_new = vec![false; new.len()];
    for (j, n) in new.iter().enumerate() {
        if let Some(i) = unmatched.get_mut(n.bytes.as_slice()).and_then(Vec::pop) {
            same_old[i] = true;
            same_new[j] = true;
        }
    }
    let dropped = same_new.iter().filter(|s| **s).count();
    let keep = |files: Vec<codegen::RawSpec>, same: &[bool]| -> Vec<codegen::RawSpec> {
        files
            .into_iter()
            .zip(same)
            .filter(|(_, s)| !**s)
            .map(|(f, _)| f)
            .collect()
    };
    (keep(old, &same_old), keep(new, &same_new), dropped)
}

fn read(dir: &Path, shown: &str) -> Result<Vec<codegen::RawSpec>, String> {
    codegen::load::read_dir(dir, shown).map_err(|e| format!("cannot read {}: {e}", dir.display()))
}

/// Sets the top-level `version:` of the spec at `path` to `version`, or adds
/// it after `name:`; every other line, comments included, stays as it was.
fn set_version(path: &Path, version: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let line = format!("version: {version}");
    if let Some(i) = lines.iter().position(|l| l.starts_with("version:")) {
        lines[i] = line;
    } else if let Some(i) = lines.iter().position(|l| l.starts_with("name:")) {
        lines.insert(i + 1, line);
    } else {
        return Err("no top-level `name:` line to put `version:` after".to_owned());
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    std::fs::write(path, out).map_err(|e| e.to_string())
}

/// `cargo xtask diff ...`.
pub fn cmd(args: &[String]) -> ExitCode {
    let root = crate::workspace_root();
    let mut base: Option<String> = None;
    let mut base_specs: Option<PathBuf> = None;
    let mut specs: Option<PathBuf> = None;
    let mut format = "text".to_owned();
    let mut bump = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--base-specs" => match it.next() {
                Some(v) => base_specs = Some(PathBuf::from(v)),
                None => return crate::usage_error("--base-specs needs a directory"),
            },
            "--specs" => match it.next() {
                Some(v) => specs = Some(PathBuf::from(v)),
                None => return crate::usage_error("--specs needs a directory"),
            },
            "--format" => match it.next().map(String::as_str) {
                Some(f @ ("text" | "markdown" | "json")) => format = f.to_owned(),
                _ => return crate::usage_error("--format is text, markdown or json"),
            },
            "--bump" => bump = true,
            other if other.starts_with('-') => {
                return crate::usage_error(&format!("unknown argument `{other}`"));
            }
            rev if base.is_none() => base = Some(rev.to_owned()),
            other => return crate::usage_error(&format!("unexpected argument `{other}`")),
        }
    }
    if base.is_some() && base_specs.is_some() {
        return crate::usage_error("give a git revision or --base-specs, not both");
    }
    let old = match &base_specs {
        Some(dir) => read(dir, &dir.to_string_lossy()),
        None => specs_at(&root, base.as_deref().unwrap_or("HEAD")),
    };
    let specs_dir = specs.clone().unwrap_or_else(|| root.join("specs"));
    let new = match &specs {
        Some(dir) => read(dir, &dir.to_string_lossy()),
        None => read(&root.join("specs"), "specs"),
    };
    let old_umbrella = match &base_specs {
        Some(dir) => codegen::load::umbrella::read(dir, &dir.to_string_lossy())
            .ok()
            .flatten(),
        None => umbrella_at(&root, base.as_deref().unwrap_or("HEAD")),
    };
    let new_umbrella = codegen::load::umbrella::read(&specs_dir, &specs_dir.to_string_lossy())
        .ok()
        .flatten();
    let umbrella = match (
        umbrella_version(old_umbrella.as_ref()),
        umbrella_version(new_umbrella.as_ref()),
    ) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let (old, new) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let (old, new, _unchanged) = drop_unchanged(old, new);
    let started = std::time::Instant::now();
    // Both sides at once, and a file unchanged between them parsed once.
    let (old, new) = match codegen::lower_spec_pair(&old, &new) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(codegen::Error::Specs(mut d)), Err(codegen::Error::Specs(more))) => {
            // Both sides' problems, each once.
            d.merge(more);
            eprintln!("{}", d.report("nothing was compared"));
            return ExitCode::from(2);
        }
        (Err(codegen::Error::Specs(d)), _) | (_, Err(codegen::Error::Specs(d))) => {
            eprintln!("{}", d.report("nothing was compared"));
            return ExitCode::from(2);
        }
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let loaded = started.elapsed();
    let mut report = codegen::diff::diff(&old, &new);
    report.umbrella = Some(umbrella);
    if std::env::var_os(crate::bench::STATS_VAR).is_some() {
        eprintln!(
            "xtask-diff: load_ms={:.1} diff_ms={:.1}",
            loaded.as_secs_f64() * 1e3,
            (started.elapsed() - loaded).as_secs_f64() * 1e3
        );
    }
    print!(
        "{}",
        match format.as_str() {
            "markdown" => codegen::diff::markdown(&report),
            "json" => codegen::diff::json(&report),
            _ => codegen::diff::text(&report),
        }
    );
    if bump {
        for api in &report.apis {
            let (Some(needed), false) = (api.needed_version(), api.version_is_enough()) else {
                continue;
            };
            let Some(spec) = new.iter().find(|a| a.name == api.api) else {
                continue;
            };
            let file = Path::new(&spec.spec_file)
                .file_name()
                .map(|f| specs_dir.join(f));
            match file.map(|f| (set_version(&f, &needed), f)) {
                Some((Ok(()), f)) => eprintln!("bumped {} to {needed} in {}", api.api, f.display()),
                Some((Err(e), f)) => {
                    eprintln!("error: cannot bump {}: {e}", f.display());
                    return ExitCode::from(2);
                }
                None => {}
            }
        }
    }
    if bump
        && let Some(v) = report.umbrella_versions()
        && let (Some(needed), false) = (v.needed(), v.enough())
    {
        let path = specs_dir.join(codegen::ident::UMBRELLA_VERSION_FILE);
        let text = std::fs::read_to_string(&path).ok();
        match std::fs::write(
            &path,
            codegen::load::umbrella::with_version(text.as_deref(), &needed),
        ) {
            Ok(()) => eprintln!(
                "bumped {} to {needed} in {}",
                codegen::ident::UMBRELLA_CRATE,
                path.display()
            ),
            Err(e) => {
                eprintln!("error: cannot bump {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    if report.breaking() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs(old: &str, new: &str) -> (tempfile::TempDir, Vec<String>) {
        let tmp = tempfile::tempdir().expect("tempdir");
        for (dir, text) in [("old", old), ("new", new)] {
            std::fs::create_dir_all(tmp.path().join(dir)).expect("mkdir");
            std::fs::write(tmp.path().join(dir).join("minimal.yaml"), text).expect("write");
        }
        let args = vec![
            "--base-specs".to_owned(),
            tmp.path().join("old").to_string_lossy().into_owned(),
            "--specs".to_owned(),
            tmp.path().join("new").to_string_lossy().into_owned(),
        ];
        (tmp, args)
    }

    #[test]
    fn exit_status_says_nothing_breaking_breaking_or_unreadable() {
        let spec = std::fs::read_to_string(
            crate::workspace_root().join("codegen/tests/fixtures/minimal.yaml"),
        )
        .expect("fixture");
        let (_keep, same) = dirs(&spec, &spec);
        assert_eq!(cmd(&same), ExitCode::SUCCESS);

        let docs = spec.replacen("summary: ", "summary: Reworded. ", 1);
        assert_ne!(docs, spec);
        let (_keep, reworded) = dirs(&spec, &docs);
        assert_eq!(cmd(&reworded), ExitCode::SUCCESS);

        let without_endpoints = match spec.split_once("endpoints:") {
            Some((head, _)) => format!(
                "{head}endpoints:\n  other: {{ method: GET, path: /other, summary: Other., responses: {{ 204: }} }}\n"
            ),
            None => panic!("the fixture has endpoints"),
        };
        let (_keep, removed) = dirs(&spec, &without_endpoints);
        assert_eq!(cmd(&removed), ExitCode::from(1));

        let (_keep, broken) = dirs(&spec, "name: minimal\nnot: a spec\n");
        assert_eq!(cmd(&broken), ExitCode::from(2));
    }

    #[test]
    fn files_unchanged_between_the_sides_are_left_out_and_change_nothing() {
        let spec = std::fs::read_to_string(
            crate::workspace_root().join("codegen/tests/fixtures/minimal.yaml"),
        )
        .expect("fixture");
        let other = spec.replacen("name: minimal", "name: other", 1);
        let edited = spec.replacen("summary: ", "summary: Reworded. ", 1);
        let raw = |side: &str, files: &[(&str, &str)]| -> Vec<codegen::RawSpec> {
            files
                .iter()
                .map(|(n, t)| codegen::RawSpec {
                    name: format!("{side}/{n}"),
                    bytes: t.as_bytes().to_vec(),
                })
                .collect()
        };
        let old = raw("old", &[("minimal.yaml", &spec), ("other.yaml", &other)]);
        let new = raw("new", &[("minimal.yaml", &edited), ("other.yaml", &other)]);
        let full = |o: &[codegen::RawSpec], n: &[codegen::RawSpec]| {
            let (a, b) = codegen::lower_spec_pair(o, n);
            codegen::diff::diff(&a.expect("old"), &b.expect("new"))
        };
        let (o, n, dropped) = drop_unchanged(old.clone(), new.clone());
        assert_eq!(dropped, 1);
        assert_eq!((o.len(), n.len()), (1, 1));
        assert_eq!(o[0].name, "old/minimal.yaml");
        // The same report: the unchanged API contributed nothing.
        let (all, some) = (full(&old, &new), full(&o, &n));
        let changed = |r: &codegen::diff::Report| -> Vec<codegen::diff::ApiReport> {
            r.apis
                .iter()
                .filter(|a| !a.changes.is_empty())
                .cloned()
                .collect()
        };
        assert_eq!(changed(&all), changed(&some));
        assert!(!changed(&all).is_empty());
        // Two identical files on one side match two on the other, one to one.
        let (o, n, dropped) = drop_unchanged(
            raw("old", &[("a.yaml", &spec), ("b.yaml", &spec)]),
            raw("new", &[("a.yaml", &spec)]),
        );
        assert_eq!((o.len(), n.len(), dropped), (1, 0, 1));
    }

    #[test]
    fn bump_writes_the_needed_version_and_keeps_everything_else() {
        let spec = std::fs::read_to_string(
            crate::workspace_root().join("codegen/tests/fixtures/minimal.yaml"),
        )
        .expect("fixture");
        assert!(
            !spec.contains("\nversion:"),
            "the fixture has no version yet"
        );
        let docs = format!(
            "# A comment that must stay.\n{}",
            spec.replacen("summary: ", "summary: Reworded. ", 1)
        );
        let (tmp, mut args) = dirs(&spec, &docs);
        args.push("--bump".to_owned());
        assert_eq!(cmd(&args), ExitCode::SUCCESS);
        let path = tmp.path().join("new/minimal.yaml");
        let bumped = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            bumped,
            docs.replacen("name: minimal\n", "name: minimal\nversion: 0.1.1\n", 1)
        );
        // The convenience crate's file did not exist: it is written with the
        // bump the change needs.
        let umbrella = tmp.path().join("new/api-clients.toml");
        let written = std::fs::read_to_string(&umbrella).expect("umbrella file");
        assert!(written.ends_with("\nversion = \"0.1.1\"\n"), "{written}");
        assert_eq!(
            codegen::load::umbrella::version(&codegen::RawSpec {
                name: "specs/api-clients.toml".to_owned(),
                bytes: written.clone().into_bytes(),
            })
            .expect("valid"),
            "0.1.1"
        );
        // Bumped once, the version is enough: a second run changes nothing.
        assert_eq!(cmd(&args), ExitCode::SUCCESS);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), bumped);
        assert_eq!(std::fs::read_to_string(&umbrella).expect("read"), written);
        // An existing file keeps its comments; only the version line changes.
        std::fs::write(&umbrella, "# mine\nversion = \"0.1.0\"\n").expect("write");
        assert_eq!(cmd(&args), ExitCode::SUCCESS);
        assert_eq!(
            std::fs::read_to_string(&umbrella).expect("read"),
            "# mine\nversion = \"0.1.1\"\n"
        );
        // An existing version line is replaced in place.
        set_version(&path, "0.2.0").expect("set");
        let replaced = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            replaced,
            bumped.replacen("version: 0.1.1", "version: 0.2.0", 1)
        );
    }
}
