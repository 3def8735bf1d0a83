//! Load: spec files on disk -> the serde model of [`crate::spec`], with
//! diagnostics for unreadable files and YAML that does not fit the model.

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::ident;
mod keys;
pub mod umbrella;

use crate::spec::{Pos, Spec};

/// A spec file read from disk and parsed.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The text, for diagnostics of later stages.
    pub source: Source,
    /// The parsed model.
    pub spec: Spec,
}

/// A spec file's name and bytes, before parsing.
#[derive(Debug, Clone)]
pub struct RawSpec {
    /// The path shown in diagnostics and in generated headers.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Lists `*.yaml` / `*.yml` files of `dir`, sorted by file name so the order the
/// file system returns them in never matters.
pub fn read_dir(dir: &Path, shown_as: &str) -> std::io::Result<Vec<RawSpec>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e == "yaml" || e == "yml")
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let file = p
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = format!("{}/{}", shown_as.trim_end_matches('/'), file);
            Ok(RawSpec {
                name,
                bytes: std::fs::read(&p)?,
            })
        })
        .collect()
}

/// Parses every file: the ones that parse, and a diagnostic for each one that
/// does not (later stages still check the others, so a run reports everything).
pub fn parse_all(raw: &[RawSpec]) -> (Vec<Loaded>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut out = Vec::new();
    for parsed in raw.par_iter().map(parse).collect::<Vec<_>>() {
        match parsed {
            Ok(l) => out.push(l),
            Err(d) => d.into_iter().for_each(|d| diags.push(d)),
        }
    }
    (out, diags)
}

/// Parses one file; every unknown key is reported, not only the first.
pub fn parse(raw: &RawSpec) -> Result<Loaded, Vec<Diagnostic>> {
    parse_one(raw).map_err(|failed| {
        let (d, source) = *failed;
        let unknown = match &source {
            Some(src) if d.message.starts_with("unknown field ") => {
                keys::unknown_keys(&src.text, options(src.text.len()))
            }
            _ => Vec::new(),
        };
        match source {
            Some(src) if unknown.len() > 1 => unknown
                .iter()
                .map(|u| {
                    let line = src.line(u.pos.line).unwrap_or_default();
                    let help = if looks_like_a_split_value(&u.key, line) {
                        split_value_help(&u.key)
                    } else {
                        u.help()
                    };
                    src.error(u.pos, format!("unknown field `{}`", u.key))
                        .help(help)
                })
                .collect(),
            _ => vec![d],
        }
    })
}

/// Parses one file; on failure, the diagnostic and the file's text when it is text.
fn parse_one(raw: &RawSpec) -> Result<Loaded, Box<(Diagnostic, Option<Source>)>> {
    let whole = Pos::default();
    let Ok(text) = std::str::from_utf8(&raw.bytes) else {
        let src = Source {
            name: raw.name.clone(),
            text: String::new(),
        };
        return Err(Box::new((
            src.error(whole, "the file is not UTF-8 text (is it a binary file?)")
                .help("a spec is a YAML text file; move other files out of the specs directory"),
            None,
        )));
    };
    let source = Source {
        name: raw.name.clone(),
        text: text.to_owned(),
    };
    if text.contains('\0') {
        return Err(Box::new((
            source
                .error(whole, "the file contains NUL bytes (is it a binary file?)")
                .help("a spec is a YAML text file; move other files out of the specs directory"),
            None,
        )));
    }
    if text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    }) {
        return Err(Box::new((
            source.error(whole, "the spec file is empty").help(
                "start from the example in specs/README.md: a spec needs at least `name`, `title`, \
                 `source`, `servers`, `auth` and `endpoints`",
            ),
            None,
        )));
    }
    match serde_saphyr::from_str_with_options::<Spec>(text, options(text.len())) {
        Ok(spec) => Ok(Loaded { source, spec }),
        Err(e) => {
            let d = yaml_error(&source, &e);
            Err(Box::new((d, Some(source))))
        }
    }
}

/// Limits that keep hostile input (alias bombs, deep nesting) from costing more
/// than a real spec ever could, for a file of `len` bytes.
///
/// Without aliases a document cannot have more nodes, events or scalar bytes
/// than it has bytes of text (events: a few per node), so those limits grow
/// with the file: a single spec of 50,000 endpoints is fine. What an alias bomb
/// needs is replay, and that stays tightly capped, whatever the file's size.
fn options(len: usize) -> serde_saphyr::Options {
    // Strict booleans: only `true`/`false` are booleans, so an enum value such as
    // `y`, `on` or `no` stays the string it looks like (YAML 1.2 behaviour).
    serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_nodes: len.max(250_000),
            max_events: len.saturating_mul(4).max(1_000_000),
            max_total_scalar_bytes: len.max(64 << 20),
        },
        alias_limits: serde_saphyr::alias_limits! {
            // A real spec replays a few hundred events at most.
            max_total_replayed_events: 20_000,
        },
    }
}

fn yaml_error(source: &Source, e: &serde_saphyr::Error) -> Diagnostic {
    let pos = e
        .location()
        .map(|l| Pos {
            line: l.line(),
            column: l.column(),
        })
        .unwrap_or_default();
    let message = strip_position(e.without_snippet().to_string().trim());
    let line = source.line(pos.line).unwrap_or_default();
    let help = help_for(&message, line);
    let d = source.error(pos, message);
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// The parser ends its message with the position; ours shows it in the `-->` line.
fn strip_position(message: &str) -> String {
    if let Some(cut) = message.rfind(" at line ") {
        let tail = &message[cut + " at line ".len()..];
        let is_position = tail.split(", column ").count() == 2
            && tail
                .chars()
                .all(|c| c.is_ascii_digit() || ", column".contains(c));
        if is_position {
            return message[..cut].to_owned();
        }
    }
    message.to_owned()
}

/// The name serde quotes at the start of `rest` (`` `name`, expected ...``).
/// The name itself may hold backquotes, so it ends at the last quote before
/// the list of expected keys, not at the first one.
fn quoted(rest: &str) -> Option<String> {
    let inner = rest.strip_prefix('`')?;
    let end = inner.find("`, expected").or_else(|| inner.rfind('`'))?;
    Some(inner[..end].to_owned())
}

/// Whether an unknown "key" is really the tail of a value that held a comma
/// inside `{ ... }` (`{ description: Bound to a device, if any. }`).
fn looks_like_a_split_value(key: &str, line: &str) -> bool {
    line.contains('{')
        && line.contains(',')
        && (key.contains(char::is_whitespace)
            || key.ends_with(['.', ')', '!', '?'])
            || key.starts_with(char::is_whitespace))
}

fn split_value_help(key: &str) -> String {
    format!(
        "inside `{{ ... }}` a comma ends the value, so `{key}` was read as a key; put the whole value in quotes (`description: \"..., {key}\"`) or use the block form"
    )
}

/// Turns the parser's complaint into advice.
fn help_for(message: &str, line: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let unknown = quoted(rest)?;
        if looks_like_a_split_value(&unknown, line) {
            return Some(split_value_help(&unknown));
        }
        let expected: Vec<&str> = rest
            .split("expected one of ")
            .nth(1)
            .or_else(|| rest.split("expected ").nth(1))
            .map(|s| s.split(", ").map(|k| k.trim().trim_matches('`')).collect())
            .unwrap_or_default();
        return Some(match ident::closest(&unknown, expected.iter().copied()) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("remove `{unknown}`; the keys allowed here are listed above"),
        });
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let unknown = quoted(rest)?;
        let expected: Vec<&str> = rest
            .split("expected one of ")
            .nth(1)
            .or_else(|| rest.split("expected ").nth(1))
            .map(|s| s.split(", ").map(|k| k.trim().trim_matches('`')).collect())
            .unwrap_or_default();
        return Some(match ident::closest(&unknown, expected.iter().copied()) {
            Some(k) => format!("did you mean `{k}`?"),
            None => "use one of the values listed above".to_owned(),
        });
    }
    if message.starts_with("missing field ") {
        return Some("add the field; specs/README.md describes each one".to_owned());
    }
    if message.contains("duplicate") {
        return Some("each key may appear once in a mapping; remove or rename one".to_owned());
    }
    if message.contains("budget") || message.contains("alias") {
        return Some(
            "the file expands to far more than any real spec (an alias bomb?); write it out \
             without nested aliases"
                .to_owned(),
        );
    }
    if message.starts_with("invalid boolean") {
        return Some("write `true` or `false`".to_owned());
    }
    if message.starts_with("expected string scalar") {
        return Some("this value must be a plain string; put it in quotes if it starts with `[`, `{`, `*` or `&`".to_owned());
    }
    if message.contains("while scanning")
        || message.contains("did not find expected")
        || message.contains("while parsing")
        || message.contains("not allowed in this context")
    {
        return Some("check the quoting and indentation here and on the lines above".to_owned());
    }
    if message.starts_with("invalid type") && message.contains("expected a string") {
        return Some(
            "put the value in quotes to make it a string, e.g. `\"1\"` or `\"true\"`".to_owned(),
        );
    }
    if message.starts_with("invalid type") {
        return Some("check the value's type against specs/README.md".to_owned());
    }
    None
}
