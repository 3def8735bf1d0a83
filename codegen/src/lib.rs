//! Turns YAML API specs into typed Rust client code.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`load`] (YAML -> [`spec`]) -> [`lower`] (check, resolve, name -> [`ir`]) ->
//! [`emit`] (IR -> tokens) -> [`render`] (tokens -> formatted text) -> [`write`]
//! (compare with disk; write only what changed). Every naming decision is in
//! [`ident`]; every problem found in a spec is a [`diag::Diagnostic`].

pub mod cache;
pub mod diag;
pub mod emit;
pub mod ident;
pub mod ir;
pub mod load;
pub mod lower;
pub mod render;
pub mod spec;
pub mod write;

use std::path::{Path, PathBuf};

pub use diag::Diagnostics;
pub use load::RawSpec;
pub use write::{OutFile, Report};

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more specs are wrong; each diagnostic says where and how to fix it.
    #[error("{0}")]
    Specs(Diagnostics),
    /// A file or directory could not be read or written.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The emitter produced tokens that are not Rust: a bug in the generator.
    #[error(
        "internal error: the generator produced invalid Rust for {file}: {message}\n\
         This is a bug in codegen, not in the spec; please report it with the spec."
    )]
    Render {
        /// The spec being generated.
        file: String,
        /// The parser's complaint.
        message: String,
    },
}

/// Where to read specs from and write the generated crate to.
#[derive(Debug, Clone)]
pub struct Options {
    /// Directory of `*.yaml` specs.
    pub specs_dir: PathBuf,
    /// How the specs directory is named in headers and diagnostics (e.g. `specs`).
    pub specs_shown_as: String,
    /// Root of the generated crate (its `Cargo.toml` and `src/` are written).
    pub out_dir: PathBuf,
    /// Where to write the JSON Schema of the spec format, if anywhere.
    pub schema_path: Option<PathBuf>,
    /// A record of the last run that lets an unchanged run skip generation.
    pub cache: Option<cache::Cache>,
}

/// Loads, checks and renders every spec into the files of the generated crate,
/// entirely in memory. Nothing is written.
pub fn generate(raw: &[RawSpec], out_dir: &Path) -> Result<Vec<OutFile>, Error> {
    let (loaded, mut diags) = load::parse_all(raw);
    let apis = match lower::lower_all(&loaded) {
        Ok(apis) => apis,
        Err(more) => {
            diags.extend(more);
            Vec::new()
        }
    };
    // The barrier: nothing is emitted unless every file parsed and checked.
    let apis = diags.into_result(apis).map_err(Error::Specs)?;
    let src = out_dir.join("src");
    let mut files = Vec::with_capacity(apis.len() + 2);
    // Each API's module is independent of the others: render them on all cores.
    for (api, text) in apis.iter().zip(par_map(&apis, |api| {
        render::rust_file(emit::api_module(api), &api.spec_file)
    })) {
        let text = text.map_err(|e| Error::Render {
            file: api.spec_file.clone(),
            message: e.to_string(),
        })?;
        files.push(OutFile {
            path: src.join(format!("{}.rs", api.name)),
            content: text,
        });
    }
    let from = raw
        .first()
        .and_then(|r| r.name.rsplit_once('/').map(|(dir, _)| format!("{dir}/")))
        .unwrap_or_else(|| "specs/".to_owned());
    let lib = render::rust_file(emit::lib_file(&apis), &from).map_err(|e| Error::Render {
        file: "lib.rs".to_owned(),
        message: e.to_string(),
    })?;
    files.push(OutFile {
        path: src.join("lib.rs"),
        content: lib,
    });
    let names: Vec<&str> = apis.iter().map(|a| a.name.as_str()).collect();
    files.push(OutFile {
        path: out_dir.join("Cargo.toml"),
        content: render::manifest(&names),
    });
    Ok(files)
}

/// Applies `f` to every item using all cores, and returns the results in the
/// items' order, so the output never depends on which thread finished first.
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            match handle.join() {
                Ok(done) => {
                    for (i, r) in done {
                        slots[i] = Some(r);
                    }
                }
                // A panic in a worker is a bug; let it surface as it would have
                // on one thread.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
    });
    slots.into_iter().flatten().collect()
}

/// The JSON Schema of the spec format, for editors.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(spec::Spec);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Generates from `opts.specs_dir` and brings `opts.out_dir` up to date, or with
/// `check` only reports what is stale. Everything is rendered before anything is
/// written, so a failing run leaves the output as it was.
pub fn run(opts: &Options, check: bool) -> Result<Report, Error> {
    let raw =
        load::read_dir(&opts.specs_dir, &opts.specs_shown_as).map_err(|source| Error::Io {
            action: "cannot read the specs directory",
            path: opts.specs_dir.clone(),
            source,
        })?;
    let managed = [opts.out_dir.join("src")];
    if let Some(cache) = &opts.cache
        && let Some(unchanged) = cache::up_to_date(cache, &raw, opts, &managed)
    {
        return Ok(Report {
            unchanged,
            reused: true,
            ..Report::default()
        });
    }
    let mut files = generate(&raw, &opts.out_dir)?;
    if let Some(path) = &opts.schema_path {
        files.push(OutFile {
            path: path.clone(),
            content: json_schema(),
        });
    }
    // Diffs are only shown by `--check`; a write run does not pay for them.
    let report = write::plan(&files, &managed, check).map_err(|source| Error::Io {
        action: "cannot read",
        path: opts.out_dir.clone(),
        source,
    })?;
    if !check {
        write::apply(&files, &report).map_err(|source| Error::Io {
            action: "cannot write into",
            path: opts.out_dir.clone(),
            source,
        })?;
    }
    if let Some(cache) = &opts.cache
        && (!check || report.is_clean())
    {
        cache::save(cache, &raw, opts, &files);
    }
    Ok(report)
}
