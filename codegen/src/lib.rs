//! Turns YAML API specs into typed Rust client code.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`load`] (YAML -> [`spec`]) -> [`lower`] (check, resolve, name -> [`ir`]) ->
//! [`emit`] (IR -> text in prettyplease's layout, and tokens for the varied
//! shapes) -> [`render`] (tokens -> formatted text; files assembled) ->
//! [`write`] (compare with disk; write only what changed). [`diff`] compares
//! two lowered models for reviewers. Every naming decision is in [`ident`];
//! every string from a spec reaches generated code through [`escape`]; every
//! problem found in a spec is a [`diag::Diagnostic`].

pub mod cache;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod escape;
pub mod export;
pub mod ident;
pub mod import;
pub mod ir;
pub mod load;
pub mod lower;
pub mod render;
pub mod spec;
pub mod write;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

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
    /// The output folder holds files the generator did not write.
    #[error(
        "{} holds {} file(s) that `cargo xtask gen` did not write:\n{}\n         Everything there is generated and nothing else may be: a hand-written file \
         (a `build.rs`, a test, a module) would be built without review. Move \
         hand-written code to its own crate outside it and delete these files. \
         Nothing was written.",
        dir.display(),
        files.len(),
        files.iter().map(|f| format!("  {}", f.display())).collect::<Vec<_>>().join("\n")
    )]
    Foreign {
        /// The output folder.
        dir: PathBuf,
        /// What is there that the generator did not write.
        files: Vec<PathBuf>,
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
    /// Where the generated crates go (`generated/`): one folder per API and
    /// one for the convenience crate.
    pub out_dir: PathBuf,
    /// Where to write the JSON Schema of the spec format, if anywhere.
    pub schema_path: Option<PathBuf>,
    /// A record of the last run that lets an unchanged run skip generation.
    pub cache: Option<cache::Cache>,
}

/// Loads, checks and renders every spec into the files under `generated/`
/// (`out_dir`), entirely in memory. Nothing is written.
///
/// Each API becomes its own crate, `<out_dir>/<api>/` (a manifest and
/// `src/lib.rs`); the convenience crate `<out_dir>/api-clients/` re-exports
/// them all behind features; `<out_dir>/rustfmt.toml` keeps `cargo fmt` off
/// the generator's formatting.
pub fn generate(raw: &[RawSpec], out_dir: &Path) -> Result<Vec<OutFile>, Error> {
    generate_reusing(
        raw,
        render::DEFAULT_UMBRELLA_VERSION,
        out_dir,
        &cache::Reuse::default(),
        Verify::Parse,
    )
    .map(|(files, _)| files)
}

/// [`generate`], taking each API crate's `src/lib.rs` from `reuse` where the
/// last run made it from the same spec (and it is unchanged on disk) instead
/// of rendering it again. Every spec is still loaded and checked. Also returns
/// how many APIs were rendered, of how many.
pub fn generate_reusing(
    raw: &[RawSpec],
    umbrella_version: &str,
    out_dir: &Path,
    reuse: &cache::Reuse,
    verify: Verify,
) -> Result<(Vec<OutFile>, (usize, usize)), Error> {
    // The barrier: nothing is emitted unless every file parsed and checked.
    let apis = lower_specs(raw)?;
    let from = raw
        .first()
        .and_then(|r| r.name.rsplit_once('/').map(|(dir, _)| format!("{dir}/")))
        .unwrap_or_else(|| "specs/".to_owned());
    generate_lowered(&apis, &from, umbrella_version, out_dir, reuse, verify)
}

/// [`generate_reusing`] of APIs already lowered (by the importer, which
/// lowers what it writes to check it), read from the folder `from`.
pub fn generate_lowered(
    apis: &[ir::Api],
    from: &str,
    umbrella_version: &str,
    out_dir: &Path,
    reuse: &cache::Reuse,
    verify: Verify,
) -> Result<(Vec<OutFile>, (usize, usize)), Error> {
    // Each API: its text, and whether it was rendered (not reused).
    // Each API: its sources (name, text), and whether they were rendered.
    type Sources = Vec<(String, String)>;
    let rendered: Vec<Result<(Sources, bool), Error>> = apis
        .par_iter()
        .map(|api| match reused(api, out_dir, reuse) {
            Some(files) => Ok((files, false)),
            None => api_crate_files(api, verify).map(|files| (files, true)),
        })
        .collect();
    let mut rendered_apis = 0;
    let mut files = Vec::with_capacity(2 * apis.len() + 3);
    for (api, text) in apis.iter().zip(rendered) {
        let dir = out_dir.join(&api.name);
        files.push(OutFile {
            path: dir.join("Cargo.toml"),
            content: render::api_manifest(api),
        });
        let (sources, fresh) = text?;
        rendered_apis += usize::from(fresh);
        for (name, content) in sources {
            files.push(OutFile {
                path: dir.join("src").join(name),
                content,
            });
        }
    }
    let umbrella = out_dir.join(ident::UMBRELLA_CRATE);
    let lib = render::rust_file(emit::umbrella_lib(apis), from).map_err(|e| Error::Render {
        file: "lib.rs".to_owned(),
        message: e.to_string(),
    })?;
    files.push(OutFile {
        path: umbrella.join("src/lib.rs"),
        content: lib,
    });
    files.push(OutFile {
        path: umbrella.join("Cargo.toml"),
        content: render::umbrella_manifest(apis, from, umbrella_version),
    });
    files.push(OutFile {
        path: out_dir.join("rustfmt.toml"),
        content: render::rustfmt_config(from),
    });
    Ok((files, (rendered_apis, apis.len())))
}

/// Loads and checks every spec into the model the emitter works from, one
/// [`ir::Api`] per spec with every name decided; all problems of all specs at
/// once, or none.
pub fn lower_specs(raw: &[RawSpec]) -> Result<Vec<ir::Api>, Error> {
    let (loaded, diags) = load::parse_all(raw);
    lower_loaded(&loaded, diags)
}

/// The barrier after parsing: the parsed specs lowered, or every problem of
/// parsing (`diags`) and lowering at once.
fn lower_loaded(loaded: &[load::Loaded], mut diags: Diagnostics) -> Result<Vec<ir::Api>, Error> {
    let apis = match lower::lower_all(loaded) {
        Ok(apis) => apis,
        Err(more) => {
            diags.extend(more);
            Vec::new()
        }
    };
    diags.into_result(apis).map_err(Error::Specs)
}

/// [`lower_specs`] of two spec sets (the two sides of a diff), parsing a file
/// whose bytes are the same on both sides once: a change usually touches few
/// of an API set's files, and parsing is most of the time.
pub fn lower_spec_pair(
    old: &[RawSpec],
    new: &[RawSpec],
) -> (Result<Vec<ir::Api>, Error>, Result<Vec<ir::Api>, Error>) {
    let mut index: std::collections::HashMap<&[u8], usize> = Default::default();
    let mut distinct: Vec<&RawSpec> = Vec::new();
    for r in old.iter().chain(new) {
        index.entry(r.bytes.as_slice()).or_insert_with(|| {
            distinct.push(r);
            distinct.len() - 1
        });
    }
    let parsed: Vec<Result<load::Loaded, Vec<diag::Diagnostic>>> =
        distinct.par_iter().map(|r| load::parse(r)).collect();
    // A file shared by both sides fails both, with the same diagnostics
    // (named as first read).
    let side = |raw: &[RawSpec]| {
        let mut diags = Diagnostics::default();
        let mut loaded = Vec::with_capacity(raw.len());
        for r in raw {
            let i = index[r.bytes.as_slice()];
            match &parsed[i] {
                Ok(l) => {
                    let mut l = l.clone();
                    l.source.name.clone_from(&r.name);
                    loaded.push(l);
                }
                Err(ds) => ds.iter().for_each(|d| diags.push(d.clone())),
            }
        }
        lower_loaded(&loaded, diags)
    };
    rayon::join(|| side(old), || side(new))
}

/// One API's `src/lib.rs`, rendered. Each endpoint and type is emitted,
/// parsed and formatted on its own, on all cores: a large API is not one
/// long job on one core, and only text outlives each piece.
/// Whether the generator parses the Rust it wrote as text before returning it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verify {
    /// Every chunk written as text is parsed; one that does not parse fails
    /// the run, naming its spec item, before anything is written. It about
    /// triples the time of a large API (10,000 endpoints: 1.9 s -> 5.1 s),
    /// so `gen --check` and the tests do it and `gen` does not.
    Parse,
    /// Trust the text writers.
    Trust,
}

/// The sources the last run made from the API's unchanged spec, if all of
/// them are on disk as it wrote them: `src/lib.rs`, and the feature files
/// it declares.
fn reused(api: &ir::Api, out_dir: &Path, reuse: &cache::Reuse) -> Option<Vec<(String, String)>> {
    let src = out_dir.join(&api.name).join("src");
    let lib = reuse.file(&api.spec_file, &src.join("lib.rs"))?;
    let mut files = vec![("lib.rs".to_owned(), String::new())];
    for module in lib
        .lines()
        .filter_map(|l| l.strip_prefix("mod ")?.strip_suffix(';'))
    {
        let name = format!("{module}.rs");
        let text = reuse.file(&api.spec_file, &src.join(&name))?;
        files.push((name, text));
    }
    files[0].1 = lib;
    Some(files)
}

/// An API's crate sources, `src/lib.rs` first: one file for an API without
/// groups; for one with groups, also a file per feature that alone compiles
/// some items (`src/group_<feature>.rs`), declared behind that feature so
/// that rustc does not read it unless it is on.
fn api_crate_files(api: &ir::Api, verify: Verify) -> Result<Vec<(String, String)>, Error> {
    let (head, chunks) = emit::api_chunks(api);
    let head = render::format_items(head).map_err(|e| render_error(api, e))?;
    let parts: Vec<Parts> = chunks
        .par_iter()
        .map(|c| chunk_parts(api, c, verify))
        .collect::<Result<_, _>>()?;
    let mut lib = vec![render::space_items(&head)];
    let mut files: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for p in parts {
        lib.push(p.lib);
        for (feature, text) in p.files {
            files.entry(feature).or_default().push(text);
        }
    }
    let mut declarations = String::new();
    for feature in files.keys() {
        let attr = emit::gate_attr(&ir::Gate::Any(vec![feature.clone()]), "");
        let module = ident::feature_module(feature);
        declarations.push_str(&format!(
            "{attr}mod {module};\n{attr}pub use {module}::*;\n"
        ));
    }
    lib.push(render::space_items(&declarations));
    let mut out = vec![(
        "lib.rs".to_owned(),
        render::assemble_spaced(&api.spec_file, &lib),
    )];
    for (feature, mut texts) in files {
        let module = ident::feature_module(&feature);
        texts.insert(
            0,
            render::space_items(&format!(
                "//! The items compiled with the feature `{feature}` alone: this file is not \
                 read unless it is on.\n#[allow(unused_imports)]\nuse super::*;\n"
            )),
        );
        out.push((
            format!("{module}.rs"),
            render::assemble_spaced(&api.spec_file, &texts),
        ));
    }
    Ok(out)
}

fn render_error(api: &ir::Api, e: syn::Error) -> Error {
    Error::Render {
        file: api.spec_file.clone(),
        message: e.to_string(),
    }
}

/// One chunk of an API's crate, rendered: what goes into `src/lib.rs` (each
/// item of a grouped API under its `cfg`), and what goes into the file of
/// the one feature that compiles it, each with blank lines between items
/// (here, on all cores, rather than in one pass over a whole file).
struct Parts {
    lib: String,
    files: Vec<(String, String)>,
}

fn chunk_parts(api: &ir::Api, c: &emit::Chunk<'_>, verify: Verify) -> Result<Parts, Error> {
    let mut lib = String::new();
    let mut files: Vec<(String, String)> = Vec::new();
    let mut written_as_text = false;
    // Where the items of the pieces that follow go, and their cfg attribute.
    let mut gate = ir::Gate::Always;
    let mut attr = String::new();
    let mut put = |items: &str, gate: &ir::Gate, attr: &str| match gate.single() {
        Some(feature) if !api.groups.is_empty() => match files.last_mut() {
            Some((f, text)) if f == feature => text.push_str(items),
            _ => files.push((feature.to_owned(), items.to_owned())),
        },
        _ if attr.is_empty() => lib.push_str(items),
        _ => lib.push_str(&emit::gate_items(items, attr)),
    };
    for piece in c.pieces(api) {
        match piece {
            emit::Piece::Gate(g) => {
                attr = emit::gate_attr(&g, "");
                gate = g;
            }
            emit::Piece::Tokens(t) => {
                let items = render::format_items(t).map_err(|e| render_error(api, e))?;
                put(&items, &gate, &attr);
            }
            emit::Piece::Text(t) => {
                written_as_text |= !t.is_empty();
                put(&t, &gate, &attr);
            }
            emit::Piece::TokensThen(tokens, inside) => {
                let items = render::format_items(tokens).map_err(|e| render_error(api, e))?;
                // The last item's closing brace goes after the text.
                let open = items.strip_suffix("}\n").unwrap_or(&items);
                let mut text = String::with_capacity(items.len() + inside.len());
                text.push_str(open);
                text.push_str(&inside);
                text.push_str("}\n");
                put(&text, &gate, &attr);
            }
        }
    }
    // Text is checked by nothing else: it must parse, or the run fails
    // naming the spec item, before anything is written.
    if written_as_text && verify == Verify::Parse {
        for text in std::iter::once(&lib).chain(files.iter().map(|(_, t)| t)) {
            if let Err(e) = syn::parse_file(text) {
                return Err(Error::Render {
                    file: api.spec_file.clone(),
                    message: format!("{}: {e}", c.what()),
                });
            }
        }
    }
    Ok(Parts {
        lib: render::space_items(&lib),
        files: files
            .into_iter()
            .map(|(f, t)| (f, render::space_items(&t)))
            .collect(),
    })
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
    let umbrella =
        load::umbrella::read(&opts.specs_dir, &opts.specs_shown_as).map_err(|source| {
            Error::Io {
                action: "cannot read",
                path: opts.specs_dir.join(ident::UMBRELLA_VERSION_FILE),
                source,
            }
        })?;
    // The cache covers the version file like a spec.
    let inputs: Vec<RawSpec> = raw.iter().chain(&umbrella).cloned().collect();
    let managed = [opts.out_dir.clone()];
    if let Some(cache) = &opts.cache
        && let Some(unchanged) = cache::up_to_date(cache, &inputs, opts, &managed)
    {
        return Ok(Report {
            unchanged,
            reused: true,
            ..Report::default()
        });
    }
    let reuse = match &opts.cache {
        Some(cache) => cache::reuse(cache, &raw, opts),
        None => cache::Reuse::default(),
    };
    let umbrella_version = match &umbrella {
        Some(file) => load::umbrella::version(file).map_err(|d| {
            let mut diags = Diagnostics::default();
            diags.push(d);
            Error::Specs(diags)
        })?,
        None => render::DEFAULT_UMBRELLA_VERSION.to_owned(),
    };
    let (mut files, rendered_apis) = generate_reusing(
        &raw,
        &umbrella_version,
        &opts.out_dir,
        &reuse,
        match check {
            true => Verify::Parse,
            false => Verify::Trust,
        },
    )?;
    if let Some(path) = &opts.schema_path {
        files.push(OutFile {
            path: path.clone(),
            content: json_schema(),
        });
    }
    // Diffs are only shown by `--check`; a write run does not pay for them.
    let mut report = write::plan(&files, &managed, check).map_err(|source| Error::Io {
        action: "cannot read",
        path: opts.out_dir.clone(),
        source,
    })?;
    report.rendered_apis = Some(rendered_apis);
    if !report.foreign.is_empty() {
        return Err(Error::Foreign {
            dir: opts.out_dir.clone(),
            files: report.foreign,
        });
    }
    if !check {
        write::apply(&files, &report, &managed).map_err(|source| Error::Io {
            action: "cannot write into",
            path: opts.out_dir.clone(),
            source,
        })?;
    }
    if let Some(cache) = &opts.cache
        && (!check || report.is_clean())
    {
        cache::save(cache, &inputs, opts, &files);
    }
    Ok(report)
}
