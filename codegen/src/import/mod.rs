//! Import: an OpenAPI 3.0 or 3.1 document as a spec of this format, for a
//! reviewer to read and `gen` to generate from.
//!
//! The document is read within bounds ([`doc`]); the selected operations
//! become endpoints ([`ops`]), with the servers and security of the
//! document ([`top`]) and exactly the schemas they reach as named types
//! ([`schema`], [`objects`]), named once ([`names`]); the result is written
//! as YAML with the JSON Pointer each endpoint and type came from
//! ([`yaml`]), and checked by lowering it as `gen` would. What the format
//! cannot say is a [`Note`] naming where in the document it was.

mod bodies;
mod doc;
mod groups;
mod keywords;
mod names;
mod objects;
mod ops;
mod overrides;
mod params;
mod recipe;
mod schema;
mod security;
mod top;
mod yaml;

use std::fmt;

pub use doc::MAX_BYTES;
use doc::{Doc, child};
use names::Names;
use ops::{METHODS, Op};
pub use recipe::{Recipe, Select};
use schema::Types;
use serde_json::Value;
use yaml::Node;

/// How much a note matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Carried over in another form (a header the format implies).
    Info,
    /// Left out or approximated.
    Warning,
    /// An operation left out.
    Error,
}

/// Something the format cannot say, where it was, and what was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub level: Level,
    /// A JSON Pointer into the document (`#/paths/~1pets/get`).
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Info => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        };
        write!(f, "{level}: {}: {}", self.pointer, self.message)
    }
}

/// The notes of one import.
#[derive(Debug, Default)]
pub struct Notes(Vec<Note>);

impl Notes {
    pub(crate) fn push(&mut self, level: Level, pointer: &str, message: impl Into<String>) {
        self.0.push(Note {
            level,
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    /// Notes a part the format cannot express, `what`: when the part is
    /// `required` its operation is left out (an error, and `true`), else
    /// the part alone (a warning, and `false`).
    pub(crate) fn cannot_express(&mut self, pointer: &str, what: &str, required: bool) -> bool {
        if required {
            self.push(
                Level::Error,
                pointer,
                format!("{what}: the operation is left out"),
            );
        } else {
            self.push(Level::Warning, pointer, format!("{what}: left out"));
        }
        required
    }
}

/// Which operations to import; empty lists select everything.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `operationId`s.
    pub operations: Vec<String>,
    /// Tags: an operation with any of them.
    pub tags: Vec<String>,
    /// Path patterns, `*` matching any run of characters (`/user/*`).
    pub paths: Vec<String>,
}

impl Selection {
    fn is_empty(&self) -> bool {
        self.operations.is_empty() && self.tags.is_empty() && self.paths.is_empty()
    }

    fn selects(&self, path: &str, op: &Value) -> bool {
        if self.is_empty() {
            return true;
        }
        let id = op.get("operationId").and_then(Value::as_str);
        let tags: Vec<&str> = op
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        id.is_some_and(|id| self.operations.iter().any(|o| o == id))
            || self.tags.iter().any(|t| tags.contains(&t.as_str()))
            || self.paths.iter().any(|p| glob(p, path))
    }
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return pattern == text;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// What to import and how to name it.
#[derive(Debug, Clone)]
pub struct Options {
    /// The API's name (`github`): the spec's `name`.
    pub name: String,
    /// How the document is named in the spec (`api.github.com.json`).
    pub source: String,
    /// Which operations.
    pub selection: Selection,
    /// Reviewed edits applied to what is imported, and where they are kept
    /// (`specs/import/github.yaml`): see [`Recipe`].
    pub overrides: Option<(String, Value)>,
}

/// An imported spec.
#[derive(Debug)]
pub struct Imported {
    /// The spec's text.
    pub spec: String,
    /// What could not be said, where, and what was done.
    pub notes: Vec<Note>,
    /// Operations imported as endpoints.
    pub operations: usize,
    /// Selected operations left out (each with an error note).
    pub left_out: usize,
    /// Named types written.
    pub types: usize,
    /// The spec as `gen` lowered it to check it (named `specs/NAME.yaml`):
    /// what generating from [`Imported::spec`] would lower again.
    pub lowered: crate::ir::Api,
}

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the document is {bytes} bytes, over the limit of {limit}")]
    TooLarge { bytes: usize, limit: usize },
    #[error("the document does not parse (line {line}, column {column}): {message}")]
    Parse {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not an OpenAPI 3 document: {0}")]
    NotOpenApi(String),
    #[error("`{0}` is not a valid API name: use `snake_case` letters and digits (`github`)")]
    Name(String),
    #[error(
        "the selection matches no operation; the document has {available} (by operationId, tag or path)"
    )]
    NothingSelected { available: usize },
    #[error(
        "the document describes no operations (no `paths`, or only `webhooks` and components): there is no client to import"
    )]
    NoOperations,
    #[error(
        "every selected operation was left out:\n{}",
        notes.iter().map(|n| format!("  {n}")).collect::<Vec<_>>().join("\n")
    )]
    NothingImported { notes: Vec<Note> },
    #[error("the imported spec does not check, which is a bug of the importer:\n{report}")]
    Invalid {
        /// `gen`'s located errors.
        report: String,
        /// The spec that does not check, for a bug report.
        spec: String,
    },
    #[error("the recipe does not parse: {0}")]
    Recipe(String),
    #[error("with the overrides applied, the spec does not check; fix the overrides:\n{0}")]
    Overridden(String),
}

/// Imports the OpenAPI document `text`.
pub fn import(text: &str, opts: &Options) -> Result<Imported, ImportError> {
    let doc = Doc::parse(text)?;
    match doc.root.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.") => {}
        Some(v) => {
            return Err(ImportError::NotOpenApi(format!(
                "`openapi: {v}` is not 3.x"
            )));
        }
        None if doc.root.get("swagger").is_some() => {
            return Err(ImportError::NotOpenApi(
                "Swagger 2.0: convert it to OpenAPI 3 first (for example with `swagger2openapi`)"
                    .to_owned(),
            ));
        }
        None => {
            return Err(ImportError::NotOpenApi(
                "it has no `openapi` version".to_owned(),
            ));
        }
    }
    let prefix = crate::ident::upper_camel(&opts.name)
        .ok()
        .filter(|p| {
            crate::ident::snake(&opts.name).ok().as_deref() == Some(opts.name.as_str())
                && !p.starts_with("r#")
        })
        .ok_or_else(|| ImportError::Name(opts.name.clone()))?;
    let mut names = Names::new(&prefix);
    let (ops, available, unmatched) = selected(&doc, &opts.selection, &mut names);
    if ops.is_empty() {
        return Err(if available == 0 {
            ImportError::NoOperations
        } else {
            ImportError::NothingSelected { available }
        });
    }
    let mut notes = Notes::default();
    let mut security = security::Security::new(&doc, &mut notes);
    let mut types = Types::new(&doc, names, notes);
    let mut endpoints = Node::Map(Vec::new());
    let mut left_out = 0;
    let groups = groups::of(&ops);
    for (i, op) in ops.iter().enumerate() {
        match ops::endpoint(&doc, op, &mut security, &mut types) {
            Some(mut e) => {
                if let Some(g) = groups.as_ref().map(|g| &g[i]).filter(|g| !g.is_empty()) {
                    e.insert_before("method", "group", Node::str(g.clone()));
                }
                endpoints.push_commented(op.key.clone(), e, Some(format!("from {}", op.at)));
            }
            None => left_out += 1,
        }
    }
    if let Some(groups) = &groups {
        let distinct: std::collections::BTreeSet<&String> = groups.iter().collect();
        types.notes.push(
            Level::Info,
            "#/paths",
            format!(
                "{} operations in {} groups (each operation's first tag, else its path's first segment): \
                 one cargo feature each, so a crate compiles only the parts it calls",
                groups.len(),
                distinct.len()
            ),
        );
    }
    if opts.selection.is_empty() {
        // Everything: the schemas no operation uses too (declared for
        // callers' own use).
        types.every_component();
    }
    types.drain();
    types.break_alias_cycles();
    let operations = ops.len() - left_out;
    if operations == 0 {
        return Err(ImportError::NothingImported {
            notes: types.notes.0,
        });
    }
    let n_types = types.defs.len();
    let (mut root, mut notes) = spec(&doc, opts, security.node(), types, endpoints);
    for missing in &unmatched {
        notes.push(
            Level::Warning,
            "#/paths",
            format!("the document has no operation `{missing}`: the selection names it"),
        );
    }
    if let Some((from, patch)) = &opts.overrides {
        // The spec as imported must check on its own; the overrides are
        // then the maintainer's to fix.
        let _ = check(&yaml::write(&[], &root), &opts.name)?;
        overrides::apply(&mut root, patch, from, &mut notes);
    }
    let header = vec![
        format!("Imported by `cargo xtask import` from {}.", opts.source),
        "Each endpoint and type says where in the document it came from.".to_owned(),
    ];
    let text = yaml::write(&header, &root);
    let lowered = check(&text, &opts.name).map_err(|e| match (e, &opts.overrides) {
        (ImportError::Invalid { report, .. }, Some(_)) => ImportError::Overridden(report),
        (e, _) => e,
    })?;
    let mut notes = notes.0;
    notes.sort_by(|a, b| (b.level, &a.pointer).cmp(&(a.level, &b.pointer)));
    Ok(Imported {
        spec: text,
        notes,
        operations,
        left_out,
        types: n_types,
        lowered,
    })
}

/// The selected operations, in path order and then method order, with
/// their endpoint keys, and how many operations the document has.
fn selected<'d>(
    doc: &'d Doc,
    selection: &Selection,
    names: &mut Names,
) -> (Vec<Op<'d>>, usize, Vec<String>) {
    let mut out = Vec::new();
    let mut available = 0;
    let mut seen_ids = std::collections::BTreeSet::new();
    let Some(paths) = doc.root.get("paths").and_then(Value::as_object) else {
        return (out, 0, Vec::new());
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(method).filter(|o| o.is_object()) else {
                continue;
            };
            available += 1;
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                seen_ids.insert(id);
            }
            if !selection.selects(path, op) {
                continue;
            }
            let base = op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{method} {path}"));
            out.push(Op {
                path,
                method,
                item,
                op,
                at: child(&child("#/paths", path), method),
                key: names.endpoint(&base),
            });
        }
    }
    let unmatched = selection
        .operations
        .iter()
        .filter(|o| !seen_ids.contains(o.as_str()))
        .cloned()
        .collect();
    (out, available, unmatched)
}

/// The spec's root mapping.
fn spec(doc: &Doc, opts: &Options, auth: Node, types: Types<'_>, endpoints: Node) -> (Node, Notes) {
    let Types {
        defs, mut notes, ..
    } = types;
    let info = doc.root.get("info");
    let field = |k: &str| {
        info.and_then(|i| i.get(k))
            .and_then(Value::as_str)
            .map(str::trim)
    };
    let mut root = Node::Map(Vec::new());
    root.push("name", Node::str(opts.name.clone()));
    let x = |k: &str| doc.root.get(k);
    root.push(
        "version",
        Node::str(
            x("x-crate-version")
                .and_then(Value::as_str)
                .unwrap_or("0.1.0"),
        ),
    );
    if let Some(r) = x("x-rust-name").and_then(Value::as_str) {
        root.push("rust_name", Node::str(r));
    }
    root.push(
        "title",
        Node::str(
            field("title")
                .filter(|t| !t.is_empty())
                .unwrap_or(&opts.name),
        ),
    );
    if let Some(d) = field("description").filter(|d| !d.is_empty()) {
        root.push("description", Node::str(d));
    }
    let source = match x("x-source").and_then(Value::as_str) {
        // Exported by this project: the spec's own words.
        Some(s) => s.to_owned(),
        None => format!(
            "{} (OpenAPI {}, API version {})",
            opts.source,
            x("openapi").and_then(Value::as_str).unwrap_or("3"),
            field("version").unwrap_or("not given")
        ),
    };
    root.push("source", Node::str(source));
    root.push("servers", top::servers(doc, &mut notes));
    root.push("auth", auth);
    for (ext, key) in [("x-error-message", "error_message"), ("x-retry", "retry")] {
        if let Some(v) = x(ext) {
            root.push(key, overrides::node(v));
        }
    }
    let mut types = Node::Map(Vec::new());
    for (name, (pointer, def, _)) in defs {
        types.push_commented(
            name,
            def,
            Some(format!("from #{}", pointer.trim_start_matches('#'))),
        );
    }
    if matches!(&types, Node::Map(m) if !m.is_empty()) {
        root.push("types", types);
    }
    root.push("endpoints", endpoints);
    (root, notes)
}

/// Lowers the spec as `gen` would: an importer that writes a spec `gen`
/// refuses has a bug, reported with `gen`'s own located errors.
fn check(text: &str, name: &str) -> Result<crate::ir::Api, ImportError> {
    let raw = crate::RawSpec {
        name: format!("specs/{name}.yaml"),
        bytes: text.as_bytes().to_vec(),
    };
    let invalid = |report: String| ImportError::Invalid {
        report,
        spec: text.to_owned(),
    };
    crate::lower_specs(&[raw])
        .map_err(|e| invalid(e.to_string()))?
        .pop()
        .ok_or_else(|| invalid("lowering one spec gave no API".to_owned()))
}
