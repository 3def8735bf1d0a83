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
    if empty.orphans.iter().any(|p| !listed.contains(&p.as_path())) {
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
    };
    let Ok(text) = serde_json::to_string(&record) else {
        return;
    };
    if let Some(dir) = cache.path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(&cache.path, text);
}
