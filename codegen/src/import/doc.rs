//! The OpenAPI document: read from JSON or YAML within bounds, and walked
//! by JSON Pointer, `$ref`s followed within the document.

use serde_json::Value;

use super::ImportError;

/// The largest document read (Microsoft Graph beta is 47 MB).
pub const MAX_BYTES: usize = 128 << 20;

/// How many `$ref`s one lookup follows before calling it a cycle.
const MAX_REF_HOPS: usize = 64;

/// A document and where it came from.
pub struct Doc {
    /// The parsed document.
    pub root: Value,
}

impl Doc {
    /// Parses `text` (JSON when it starts with `{`, else YAML).
    pub fn parse(text: &str) -> Result<Doc, ImportError> {
        if text.len() > MAX_BYTES {
            return Err(ImportError::TooLarge {
                bytes: text.len(),
                limit: MAX_BYTES,
            });
        }
        let root: Value = if text.trim_start().starts_with('{') {
            // serde_json stops at 128 levels of nesting.
            serde_json::from_str(text).map_err(|e| ImportError::Parse {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?
        } else {
            serde_saphyr::from_str(text).map_err(|e| ImportError::Parse {
                line: 0,
                column: 0,
                message: e.to_string(),
            })?
        };
        if !root.is_object() {
            return Err(ImportError::NotOpenApi(
                "the document is not a mapping".to_owned(),
            ));
        }
        Ok(Doc { root })
    }

    /// The value at `pointer` (`#/components/schemas/Pet` or `/paths`).
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        let p = pointer.strip_prefix('#').unwrap_or(pointer);
        if p.is_empty() {
            return Some(&self.root);
        }
        // Percent-encoding in a URI fragment: `#/paths/~1a%7Bb%7D`.
        let decoded = percent_decode(p);
        self.root.pointer(&decoded)
    }

    /// `v` with `$ref`s followed, and the pointer of what it resolved to:
    /// `Err` names a reference that leads nowhere, outside the document, or
    /// round in a circle.
    pub fn deref<'a>(&'a self, v: &'a Value, at: &str) -> Result<(&'a Value, String), String> {
        let mut current = v;
        let mut pointer = at.to_owned();
        for _ in 0..MAX_REF_HOPS {
            let Some(target) = current.get("$ref").and_then(Value::as_str) else {
                return Ok((current, pointer));
            };
            if !target.starts_with('#') {
                return Err(format!(
                    "`$ref: {target}` points outside the document; bundle it first (for example with `redocly bundle`)"
                ));
            }
            current = self
                .at(target)
                .ok_or_else(|| format!("`$ref: {target}` leads nowhere in the document"))?;
            pointer = target.to_owned();
        }
        Err(format!("`$ref`s from {at} go round in a circle"))
    }
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `parent` with the token `key` appended, escaped per RFC 6901.
pub fn child(parent: &str, key: &str) -> String {
    format!("{parent}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// The `{name}`s of a path or URL template, in order, each once.
pub fn placeholders(template: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = rest[open + 1..open + close].to_owned();
        if !out.contains(&name) {
            out.push(name);
        }
        rest = &rest[open + close + 1..];
    }
    out
}
