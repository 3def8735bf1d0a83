//! The spec an import writes, as a tree of YAML nodes with comments, and the
//! one writer of it: block mappings, flow mappings and lists where they fit
//! on a line, every string quoted unless YAML would read it back unchanged
//! as plain text. The only place imported text becomes YAML.

use std::fmt::Write as _;

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A string, quoted as needed.
    Str(String),
    /// An integer.
    Int(i64),
    /// A number.
    Float(f64),
    /// `true` / `false`.
    Bool(bool),
    /// Nothing (a response without keys: `204:`).
    Empty,
    /// A mapping, in this order.
    Map(Vec<Entry>),
    /// A list.
    Seq(Vec<Node>),
}

/// One key of a mapping, with a comment written on the line before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key, quoted as needed.
    pub key: String,
    /// Its value.
    pub value: Node,
    /// A comment (one line) written before the key.
    pub comment: Option<String>,
}

impl Node {
    /// A mapping of these keys and values.
    pub fn map(entries: impl IntoIterator<Item = (impl Into<String>, Node)>) -> Node {
        Node::Map(
            entries
                .into_iter()
                .map(|(k, v)| Entry {
                    key: k.into(),
                    value: v,
                    comment: None,
                })
                .collect(),
        )
    }

    /// A string.
    pub fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }

    /// Adds `key: value` to a mapping (nothing on other nodes).
    pub fn push(&mut self, key: impl Into<String>, value: Node) {
        self.push_commented(key, value, None);
    }

    /// Adds `key: value`, after a comment line, to a mapping.
    pub fn push_commented(&mut self, key: impl Into<String>, value: Node, comment: Option<String>) {
        if let Node::Map(entries) = self {
            entries.push(Entry {
                key: key.into(),
                value,
                comment,
            });
        }
    }

    /// Adds `key: value` to a mapping just before the entry `before`, or
    /// last when there is none.
    pub fn insert_before(&mut self, before: &str, key: impl Into<String>, value: Node) {
        if let Node::Map(entries) = self {
            let at = entries
                .iter()
                .position(|e| e.key == before)
                .unwrap_or(entries.len());
            let entry = Entry {
                key: key.into(),
                value,
                comment: None,
            };
            entries.insert(at, entry);
        }
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries.iter().find(|e| e.key == key).map(|e| &e.value),
            _ => None,
        }
    }
}

/// The widest line a flow mapping or list may make.
const WIDTH: usize = 100;

/// The document: `root` (a mapping) after a header of comment lines.
pub fn write(header: &[String], root: &Node) -> String {
    let mut out = String::new();
    for line in header {
        let _ = writeln!(out, "# {}", one_line(line));
    }
    if let Node::Map(entries) = root {
        block_map(&mut out, entries, 0);
    }
    out
}

fn block_map(out: &mut String, entries: &[Entry], indent: usize) {
    let pad = " ".repeat(indent);
    for e in entries {
        if let Some(c) = &e.comment {
            let _ = writeln!(out, "{pad}# {}", one_line(c));
        }
        let key = scalar_key(&e.key);
        let prefix = format!("{pad}{key}:");
        value(out, &prefix, &e.value, indent);
    }
}

/// Writes `prefix` (`  key:` or `  -`) and the value after it.
fn value(out: &mut String, prefix: &str, v: &Node, indent: usize) {
    if let Some(flow) = flow(v)
        && prefix.len() + 1 + flow.len() <= WIDTH
    {
        if flow.is_empty() {
            let _ = writeln!(out, "{prefix}");
        } else {
            let _ = writeln!(out, "{prefix} {flow}");
        }
        return;
    }
    match v {
        Node::Map(entries) if !entries.is_empty() => {
            let _ = writeln!(out, "{prefix}");
            block_map(out, entries, indent + 2);
        }
        Node::Seq(items) if !items.is_empty() => {
            let _ = writeln!(out, "{prefix}");
            let pad = " ".repeat(indent + 2);
            for item in items {
                value(out, &format!("{pad}-"), item, indent + 2);
            }
        }
        Node::Str(s) if s.contains('\n') && literal_ok(s) => {
            let _ = writeln!(out, "{prefix} |-");
            let pad = " ".repeat(indent + 2);
            for line in s.lines() {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    let _ = writeln!(out, "{pad}{line}");
                }
            }
        }
        other => {
            let _ = writeln!(out, "{prefix} {}", flow_unbounded(other));
        }
    }
}

/// The node on one line, if it has no comments and no multi-line text.
fn flow(v: &Node) -> Option<String> {
    match v {
        Node::Str(s) if s.contains('\n') => None,
        Node::Map(entries) => {
            if entries.iter().any(|e| e.comment.is_some()) {
                return None;
            }
            let parts: Option<Vec<String>> = entries
                .iter()
                .map(|e| flow(&e.value).map(|f| format!("{}: {}", scalar_key(&e.key), or_null(f))))
                .collect();
            Some(format!("{{ {} }}", parts?.join(", "))).map(|s| {
                if entries.is_empty() {
                    "{}".to_owned()
                } else {
                    s
                }
            })
        }
        Node::Seq(items) => {
            let parts: Option<Vec<String>> = items.iter().map(|i| flow(i).map(or_null)).collect();
            Some(format!("[{}]", parts?.join(", ")))
        }
        other => Some(flow_unbounded(other)),
    }
}

/// An empty value inside a flow collection is written `null`, which the
/// spec reads as nothing.
fn or_null(s: String) -> String {
    if s.is_empty() { "null".to_owned() } else { s }
}

fn flow_unbounded(v: &Node) -> String {
    match v {
        Node::Str(s) => scalar_str(s),
        Node::Int(i) => i.to_string(),
        Node::Float(f) if f.is_finite() => {
            let s = f.to_string();
            if s.contains(['.', 'e', 'E']) {
                s
            } else {
                format!("{s}.0")
            }
        }
        Node::Float(_) => "0.0".to_owned(),
        Node::Bool(b) => b.to_string(),
        Node::Empty => String::new(),
        Node::Map(_) | Node::Seq(_) => flow(v).unwrap_or_default(),
    }
}

/// Whether a multi-line string can be a literal block (`|-`): printable,
/// no line starting with a blank (the first would set the indentation), no
/// trailing newline or blank (the `-` chomping drops it).
fn literal_ok(s: &str) -> bool {
    !s.starts_with([' ', '\t', '\n'])
        && !s.ends_with(['\n', ' ', '\t'])
        && s.lines()
            .all(|l| !l.starts_with([' ', '\t']) || l.trim().is_empty())
        && !s.lines().any(|l| l.trim().is_empty() && !l.is_empty())
        && s.chars()
            .all(|c| c == '\n' || !(c.is_control() || crate::escape::is_invisible(c)))
}

/// Comment text on one line, with nothing invisible.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || crate::escape::is_invisible(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// A key: a status code (`200`) is written as the number the format reads
/// status keys as; anything else as a string.
fn scalar_key(s: &str) -> String {
    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.to_owned()
    } else {
        scalar_str(s)
    }
}

/// A string as a YAML scalar (the escaping lives with every other in
/// `crate::escape`).
pub fn scalar_str(s: &str) -> String {
    crate::escape::yaml_str(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_yaml_would_misread_are_quoted() {
        for s in [
            "",
            "true",
            "No",
            "1.5",
            "1e3",
            "a: b",
            "#x",
            "- x",
            "x #y",
            "{a}",
            "*a",
            "&a",
            "!t",
            "a\tb",
            "\u{202e}x",
            "x ",
            "'q'",
            "%x",
            "@x",
        ] {
            let written = scalar_str(s);
            assert!(written.starts_with('"') || s == "@x", "{s:?} -> {written}");
        }
        for s in [
            "get_note",
            "Bearer token",
            "/v1/notes/{id}",
            "application/json",
            "array<Note>",
        ] {
            // Braces are indicators only at the start.
            let written = scalar_str(s);
            assert!(
                !written.starts_with('"') || s.contains('{'),
                "{s:?} -> {written}"
            );
        }
    }

    #[test]
    fn short_mappings_are_flow_and_long_ones_block() {
        let mut root = Node::map(Vec::<(String, Node)>::new());
        root.push("name", Node::str("notes"));
        root.push(
            "types",
            Node::map([("Point", Node::map([("x", Node::str("f64"))]))]),
        );
        root.push_commented("note", Node::str("a\nb"), Some("from #/x".to_owned()));
        let text = write(&["Imported.".to_owned()], &root);
        assert_eq!(
            text,
            "# Imported.\nname: notes\ntypes: { Point: { x: f64 } }\n# from #/x\nnote: |-\n  a\n  b\n"
        );
    }
}
