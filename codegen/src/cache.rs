//! Cache: what the last successful run read and wrote, kept outside the
//! repository, so that `gen` with nothing changed costs reading and hashing
//! files instead of a full generation.
//!
//! The cache only ever short-cuts to "everything is up to date". It is trusted
//! only when the generator build, every input and every output file on disk are
//! exactly as recorded, and no other generated file lies in the output; any
//! difference (a spec edit, a rebuilt generator, a hand-edited generated file)
//! takes the full path, which then refreshes the record.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{Options, OutFile, RawSpec};

/// Where the record lives and which generator build made it.
#[derive(Debug, Clone)]
pub struct Cache {
    /// The record file (e.g. under `target/`).
    pub path: PathBuf,
    /// Identifies the generator build; a different build never trusts the record.
    pub generator_id: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Record {
    generator: String,
    inputs: u64,
    outputs: Vec<(PathBuf, u64)>,
    /// Everything but the specs' bytes that the output depends on.
    options: u64,
    /// Each spec's name and the hash of its bytes.
    specs: Vec<(String, u64)>,
}

/// What the last run recorded, for regenerating only the APIs whose spec
/// changed: an API's crate depends on its own spec alone.
#[derive(Debug, Default)]
pub struct Reuse {
    /// Specs whose bytes are as the last run of this generator build read them.
    unchanged_specs: std::collections::HashSet<String>,
    /// The hash of each file that run wrote.
    outputs: std::collections::HashMap<PathBuf, u64>,
}

impl Reuse {
    /// The content of `path`, generated from `spec` by the last run, when the
    /// spec is unchanged and the file on disk is exactly what that run wrote.
    pub fn file(&self, spec: &str, path: &Path) -> Option<String> {
        if !self.unchanged_specs.contains(spec) {
            return None;
        }
        let expected = self.outputs.get(path)?;
        let text = std::fs::read_to_string(path).ok()?;
        (hash_of(&[text.as_bytes()]) == *expected).then_some(text)
    }
}

/// The record's view for a run that cannot skip everything; empty when there
/// is no usable record.
pub fn reuse(cache: &Cache, raw: &[RawSpec], opts: &Options) -> Reuse {
    let Some(record) = std::fs::read_to_string(&cache.path)
        .ok()
        .and_then(|t| serde_json::from_str::<Record>(&t).ok())
    else {
        return Reuse::default();
    };
    if record.generator != cache.generator_id || record.options != options_hash(opts) {
        return Reuse::default();
    }
    let unchanged_specs = raw
        .iter()
        .filter(|r| {
            record
                .specs
                .iter()
                .any(|(name, h)| *name == r.name && *h == hash_of(&[&r.bytes]))
        })
        .map(|r| r.name.clone())
        .collect();
    Reuse {
        unchanged_specs,
        outputs: record.outputs.into_iter().collect(),
    }
}

fn options_hash(opts: &Options) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    opts.specs_shown_as.hash(&mut h);
    opts.out_dir.hash(&mut h);
    opts.schema_path.hash(&mut h);
    h.finish()
}

fn hash_of(parts: &[&[u8]]) -> u64 {
    // SipHash with fixed keys: the same bytes hash the same in every run of one
    // generator build, which is all the record needs.
    let mut h = std::hash::DefaultHasher::new();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

fn inputs_hash(raw: &[RawSpec], opts: &Options) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    opts.specs_shown_as.hash(&mut h);
    opts.out_dir.hash(&mut h);
    opts.schema_path.hash(&mut h);
    for r in raw {
        r.name.hash(&mut h);
        r.bytes.hash(&mut h);
    }
    h.finish()
}

/// True when the record shows the output is exactly what `raw` generates; the
/// number of files it covers comes with it.
pub fn up_to_date(
    cache: &Cache,
    raw: &[RawSpec],
    opts: &Options,
    managed: &[PathBuf],
) -> Option<usize> {
    let text = std::fs::read_to_string(&cache.path).ok()?;
    let record: Record = serde_json::from_str(&text).ok()?;
    if record.generator != cache.generator_id || record.inputs != inputs_hash(raw, opts) {
        return None;
    }
    for (path, expected) in &record.outputs {
        let bytes = std::fs::read(path).ok()?;
        if hash_of(&[&bytes]) != *expected {
            return None;
        }
    }
    // A generated file the record does not list (a spec was removed by hand
    // from a copy, say) must be found by the full path.
    let listed: Vec<&Path> = record.outputs.iter().map(|(p, _)| p.as_path()).collect();
    let empty = crate::write::plan(&[], managed, false).ok()?;
    if !empty.foreign.is_empty() || empty.orphans.iter().any(|p| !listed.contains(&p.as_path())) {
        return None;
    }
    Some(record.outputs.len())
}

/// Records a successful run whose output on disk is now exactly `files`.
/// Best effort: a record that cannot be written only costs the next run time.
pub fn save(cache: &Cache, raw: &[RawSpec], opts: &Options, files: &[OutFile]) {
    let record = Record {
        generator: cache.generator_id.clone(),
        inputs: inputs_hash(raw, opts),
        outputs: files
            .iter()
            .map(|f| (f.path.clone(), hash_of(&[f.content.as_bytes()])))
            .collect(),
        options: options_hash(opts),
        specs: raw
            .iter()
            .map(|r| (r.name.clone(), hash_of(&[&r.bytes])))
            .collect(),
    };
    let Ok(text) = serde_json::to_string(&record) else {
        return;
    };
    if let Some(dir) = cache.path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(&cache.path, text);
}
