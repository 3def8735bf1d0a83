//! `cargo xtask import DOC --name NAME [--out FILE] [--operation ID]...
//! [--tag TAG]... [--path PATTERN]...`: an OpenAPI 3.0 or 3.1 document as a
//! spec of this format (`specs/NAME.yaml` unless `--out` says otherwise),
//! with every note on what the format could not say printed with its JSON
//! Pointer. `--recipe specs/import/NAME.yaml [DOC]` takes the name, the
//! selection and the reviewed overrides from the recipe (and the document,
//! unless one is named). Exit status: 0 imported, 1 imported with
//! operations left out, 2 nothing imported.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::import::{Level, Options, Recipe, Selection, import};

/// `cargo xtask import ...`.
pub fn cmd(args: &[String]) -> ExitCode {
    let mut doc = None;
    let mut name = None;
    let mut out = None;
    let mut recipe_at: Option<PathBuf> = None;
    let mut selection = Selection::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        let step = match a.as_str() {
            "--name" => value("--name").map(|v| name = Some(v)),
            "--out" => value("--out").map(|v| out = Some(PathBuf::from(v))),
            "--recipe" => value("--recipe").map(|v| recipe_at = Some(PathBuf::from(v))),
            "--operation" => value("--operation").map(|v| selection.operations.push(v)),
            "--tag" => value("--tag").map(|v| selection.tags.push(v)),
            "--path" => value("--path").map(|v| selection.paths.push(v)),
            flag if flag.starts_with('-') => Err(format!("unknown option {flag}")),
            file if doc.is_none() => {
                doc = Some(PathBuf::from(file));
                Ok(())
            }
            extra => Err(format!("unexpected argument {extra}")),
        };
        if let Err(e) = step {
            return crate::usage_error(&e);
        }
    }
    let mut overrides = None;
    let mut source = None;
    if let Some(at) = &recipe_at {
        let recipe = match std::fs::read_to_string(at)
            .map_err(|e| e.to_string())
            .and_then(|t| Recipe::parse(&t).map_err(|e| e.to_string()))
        {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {}: {e}", at.display());
                return ExitCode::from(2);
            }
        };
        if name.is_none() {
            name = at.file_stem().map(|s| s.to_string_lossy().into_owned());
        }
        if doc.is_none() {
            doc = recipe
                .document
                .as_ref()
                .map(|d| at.parent().unwrap_or(Path::new(".")).join(d));
        }
        if selection.operations.is_empty()
            && selection.tags.is_empty()
            && selection.paths.is_empty()
        {
            selection = recipe.selection();
        }
        source = recipe.source.clone();
        overrides = recipe
            .overrides
            .clone()
            .map(|o| (at.display().to_string(), o));
    }
    let (Some(doc), Some(name)) = (doc, name) else {
        return crate::usage_error("import needs a document and --name (or --recipe)");
    };
    let text = match read(&doc) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}: {e}", doc.display());
            return ExitCode::from(2);
        }
    };
    let source = source.unwrap_or_else(|| {
        doc.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let opts = Options {
        name: name.clone(),
        source,
        selection,
        overrides,
    };
    let imported = match import(&text, &opts) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {}: {e}", doc.display());
            if let codegen::import::ImportError::Invalid { spec, .. } = &e {
                // The spec that failed the check, to attach to a bug report.
                let kept = std::env::temp_dir().join(format!("{name}.invalid.yaml"));
                if std::fs::write(&kept, spec).is_ok() {
                    eprintln!("the spec that does not check is at {}", kept.display());
                }
            }
            return ExitCode::from(2);
        }
    };
    let out = out.unwrap_or_else(|| {
        crate::workspace_root()
            .join("specs")
            .join(format!("{name}.yaml"))
    });
    if let Err(e) = std::fs::write(&out, &imported.spec) {
        eprintln!("error: {}: {e}", out.display());
        return ExitCode::from(2);
    }
    for n in &imported.notes {
        eprintln!("{}: {n}", doc.display());
    }
    let count = |l: Level| imported.notes.iter().filter(|n| n.level == l).count();
    println!(
        "wrote {}: {} endpoints, {} types; {} operations left out, {} warnings, {} notes",
        out.display(),
        imported.operations,
        imported.types,
        imported.left_out,
        count(Level::Warning),
        count(Level::Info)
    );
    if imported.left_out > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The document, refused before reading when over the size limit.
fn read(path: &Path) -> Result<String, String> {
    let len = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if len > codegen::import::MAX_BYTES as u64 {
        return Err(format!(
            "{len} bytes, over the limit of {}",
            codegen::import::MAX_BYTES
        ));
    }
    std::fs::read_to_string(path).map_err(|e| e.to_string())
}
