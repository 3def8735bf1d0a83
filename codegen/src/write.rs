//! Write: compare the rendered files with what is on disk; write only what
//! changed, remove generated files whose spec is gone, or (in check mode) report
//! every difference and write nothing.

use std::path::{Path, PathBuf};

use crate::render::MARKER;

/// One file the generator wants to exist, with its full content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// Where it goes.
    pub path: PathBuf,
    /// What it must contain.
    pub content: String,
}

/// What a sync did, or (in check mode) would do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Files whose content differs (or that are missing), with a short diff
    /// (empty unless the plan was asked for diffs).
    pub changed: Vec<(PathBuf, String)>,
    /// Generated files no spec produces any more.
    pub orphans: Vec<PathBuf>,
    /// Files (or links) under the managed folders that the generator did not
    /// write: hand-written code hiding among generated files, where a
    /// `build.rs` would run at the next build and a reviewer would not see it.
    pub foreign: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Nothing was generated: the cache showed inputs and outputs unchanged
    /// since the last run.
    pub reused: bool,
    /// How many API crates were rendered, of how many: the others were taken
    /// from the last run because their specs did not change. `None` when
    /// nothing was generated.
    pub rendered_apis: Option<(usize, usize)>,
}

impl Report {
    /// True when the disk already matches the specs.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.orphans.is_empty() && self.foreign.is_empty()
    }
}

/// Compares `files` with the disk. `managed_dirs` are scanned, at any depth,
/// for generated files (those starting with the generated header) that `files`
/// no longer lists, the files of an API whose spec was removed, and for
/// anything else, which is [`Report::foreign`].
/// With `diffs`, each changed file comes with a short unified diff.
pub fn plan(files: &[OutFile], managed_dirs: &[PathBuf], diffs: bool) -> std::io::Result<Report> {
    let mut report = Report::default();
    for f in files {
        let old = match std::fs::read_to_string(&f.path) {
            Ok(s) => Some(s),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => Some(String::new()),
            Err(e) => return Err(e),
        };
        if old.as_deref() == Some(f.content.as_str()) {
            report.unchanged += 1;
        } else {
            let diff = match (diffs, &old) {
                (false, _) => String::new(),
                (true, Some(old)) => short_diff(old, &f.content),
                (true, None) => "(new file)\n".to_owned(),
            };
            report.changed.push((f.path.clone(), diff));
        }
    }
    for dir in managed_dirs {
        for path in files_under(dir) {
            if files.iter().any(|f| f.path == path) {
                continue;
            }
            if is_generated(&path) {
                report.orphans.push(path);
            } else {
                report.foreign.push(path);
            }
        }
    }
    Ok(report)
}

/// Every file under `dir`, at any depth, sorted, with every symbolic link (never
/// followed) and other entry that is not a folder; nothing when `dir` is missing.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(entry.path()),
                _ => found.push(entry.path()),
            }
        }
    }
    found.sort();
    found
}

/// A regular file that starts with the generated header; never a link.
fn is_generated(path: &Path) -> bool {
    let regular = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
    regular
        && std::fs::read_to_string(path)
            .map(|s| s.lines().take(3).any(|l| l.contains(MARKER)))
            .unwrap_or(false)
}

/// Carries out a plan: writes changed files (through a temporary file and a
/// rename, so a reader never sees half a file) and removes orphans, and the
/// folders they leave empty below `managed_dirs`.
pub fn apply(files: &[OutFile], report: &Report, managed_dirs: &[PathBuf]) -> std::io::Result<()> {
    for (path, _) in &report.changed {
        let Some(f) = files.iter().find(|f| &f.path == path) else {
            continue;
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let tmp = path.with_extension("gen-tmp");
        std::fs::write(&tmp, &f.content)?;
        std::fs::rename(&tmp, path)?;
    }
    for path in &report.orphans {
        std::fs::remove_file(path)?;
        // An API whose spec is gone leaves folders with nothing in them.
        let mut dir = path.parent();
        while let Some(d) = dir {
            let below_managed = managed_dirs.iter().any(|m| d != m && d.starts_with(m));
            if !below_managed || std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}

/// A unified diff cut to a length a terminal can show.
fn short_diff(old: &str, new: &str) -> String {
    const MAX_LINES: usize = 40;
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header("on disk", "from specs")
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= MAX_LINES {
        text
    } else {
        format!(
            "{}\n... ({} more diff lines)\n",
            lines[..MAX_LINES].join("\n"),
            lines.len() - MAX_LINES
        )
    }
}
