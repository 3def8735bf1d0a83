//! Escape: every string that came from a spec and reaches a generated file
//! goes through here, so what a spec says can only ever be data.
//!
//! - Rust string literals ([`str_lit`]) keep the exact bytes on the wire and
//!   spell every character a reviewer could not see (controls, bidi
//!   overrides, line separators) as a `\u{..}` escape, which rustc accepts
//!   where it refuses the raw character.
//! - Doc comments ([`doc_lines`]) are Markdown written by strangers: line
//!   breaks are normalised (`\r\n` and a lone `\r` become `\n`), invisible
//!   characters are shown as `\u{..}`, every code block (backtick or tilde
//!   fence with any info string, or indented) becomes a `text` fence rustdoc
//!   never compiles, and raw HTML other than plain formatting tags is shown as
//!   text rather than rendered.
//! - TOML basic strings ([`toml_str`]) for the generated manifests.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Whether `c` is a character a reviewer cannot see, or that rustc refuses
/// in source: control characters but tab, bidi overrides and isolates,
/// line and paragraph separators, zero-width space and byte-order mark.
pub fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// A Rust string literal whose value is exactly `s`: raw (`r#"..."#`) when
/// `s` holds quotes and nothing else that needs escaping, so JSON reads as
/// written; escaped otherwise, every invisible character as a `\u{..}`
/// escape (rustc refuses bidi controls in a literal, a reviewer cannot see
/// them).
pub fn str_lit(s: &str) -> String {
    let plain = !s
        .chars()
        .any(|c| matches!(c, '\n' | '\t' | '\\') || is_invisible(c));
    if plain && !s.contains('"') {
        return format!("\"{s}\"");
    }
    if plain {
        let mut hashes = String::from("#");
        while s.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
        return format!("r{hashes}\"{s}\"{hashes}");
    }
    double_quoted(s, |c| match c {
        0 => "\\0".to_owned(),
        c => format!("\\u{{{c:x}}}"),
    })
}

/// `s` in double quotes, `"` and `\\` escaped, line breaks and tabs as
/// `\\n`, `\\r`, `\\t`, and every other invisible character as `unicode`
/// spells its code point: the one loop behind the Rust, TOML and YAML
/// strings, whose quoting differs only in that spelling.
fn double_quoted(s: &str, unicode: impl Fn(u32) -> String) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_invisible(c) => out.push_str(&unicode(u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A code point as TOML and YAML escape it: `\\uXXXX`, or `\\UXXXXXXXX`
/// beyond the Basic Multilingual Plane.
fn json_like_unicode(c: u32) -> String {
    if c > 0xFFFF {
        format!("\\U{c:08X}")
    } else {
        format!("\\u{c:04X}")
    }
}

/// A YAML scalar whose value is exactly `s`: plain when YAML reads it back
/// as this very string, else double-quoted.
pub fn yaml_str(s: &str) -> String {
    if yaml_plain(s) {
        s.to_owned()
    } else {
        double_quoted(s, json_like_unicode)
    }
}

/// Whether YAML reads `s` unquoted as this very string: letters, digits and
/// a few safe punctuation marks, not starting with an indicator, and not a
/// word YAML reads as a number, boolean or null.
fn yaml_plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let safe = |c: char| c.is_ascii_alphanumeric() || " _-./<>()$@+".contains(c);
    let reserved = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ];
    // A version (`0.1.0`) is no number to YAML; other text starting with a
    // digit may be (`1e3`, `0x1F`, `1_000`).
    let version = first.is_ascii_digit()
        && s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.matches('.').count() >= 2;
    (first.is_ascii_alphabetic() || first == '_' || first == '/' || version)
        && s.chars().all(safe)
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !reserved.contains(&s.to_ascii_lowercase().as_str())
        && s.parse::<f64>().is_err()
}

/// `tokens` with every string literal spelled by [`str_lit`], so that the
/// shapes built as tokens (`quote!` spells literals its own way) write each
/// string as the text writers do: one spelling for all generated code.
pub fn token_literals(tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    use proc_macro2::{Group, TokenTree};
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(g) => {
                let mut again = Group::new(g.delimiter(), token_literals(g.stream()));
                again.set_span(g.span());
                TokenTree::Group(again)
            }
            TokenTree::Literal(l) => {
                let respelled = syn::parse2::<syn::LitStr>(TokenTree::Literal(l.clone()).into())
                    .ok()
                    .and_then(|s| str_lit(&s.value()).parse::<proc_macro2::Literal>().ok());
                TokenTree::Literal(respelled.unwrap_or(l))
            }
            other => other,
        })
        .collect()
}

/// An unsuffixed float literal, spelled as `proc_macro2` spells one (`1.0`,
/// `-1.5`, `1000000.0`). Bounds are finite by then: the spec's are checked.
pub fn f64_lit(v: f64) -> String {
    let mut s = v.to_string();
    if !s.contains('.') {
        s.push_str(".0");
    }
    s
}

/// A TOML basic string: quoted, with `\`, `"` and invisible characters escaped.
pub fn toml_str(s: &str) -> String {
    double_quoted(s, json_like_unicode)
}

/// The lines of a doc comment for Markdown `text` from a spec, each to be
/// written after `///` or `//!` (a non-empty line starts with a space, so
/// no line can turn the comment into `////`, a plain comment).
pub fn doc_lines(text: &str) -> Vec<String> {
    // Trailing blanks are dropped before the Markdown is read: the lines are
    // written without them, and a closing fence followed by a tab is no
    // closing fence until the tab is gone.
    let text = visible(text);
    let text = trim_line_ends(&text);
    let text = safe_markdown(&text);
    text.split('\n')
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect()
}

/// `text` with line breaks normalised to `\n` and every other invisible
/// character written out as `\u{..}`; borrowed when there is none.
fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_invisible(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' => out.push('\n'),
            c if is_invisible(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` without trailing blank lines or blanks at the end of any line;
/// borrowed when it has none.
fn trim_line_ends(text: &str) -> Cow<'_, str> {
    let text = text.trim_end();
    if !text.split('\n').any(|l| l.len() != l.trim_end().len()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.split('\n')
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// The Markdown extensions rustdoc parses docs with (its `main_body_opts`),
/// so this module sees the code blocks rustdoc would see.
fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Tags shown as formatting when they carry no attributes; any other raw
/// HTML (a `<script>`, an `<img onerror=..>`) is shown as text.
const PLAIN_TAGS: &[&str] = &[
    "b",
    "i",
    "em",
    "strong",
    "code",
    "br",
    "p",
    "ul",
    "ol",
    "li",
    "pre",
    "tt",
    "sub",
    "sup",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "u",
    "s",
    "del",
    "ins",
    "kbd",
    "var",
    "samp",
    "small",
    "div",
    "span",
];

/// `text` with every code block made a `text` fence and raw HTML other than
/// plain tags escaped. Should the rewrite leave anything rustdoc could run
/// (Markdown has corners), the whole text becomes one `text` block instead.
fn safe_markdown(text: &str) -> Cow<'_, str> {
    if is_plain_prose(text) {
        return Cow::Borrowed(text);
    }
    let rewritten = rewrite_markdown(text);
    if is_safe(&rewritten) {
        Cow::Owned(rewritten)
    } else {
        Cow::Owned(one_text_block(text))
    }
}

/// Text that can hold neither a code block nor raw HTML: no fence (three
/// backticks or tildes), no `<`, and no tab or run of four spaces that could
/// indent a block (in a list or a quote too). Most summaries and
/// descriptions, and the generator's own sentences with their `inline code`,
/// are such prose, and skip the parser. One pass over the bytes.
fn is_plain_prose(text: &str) -> bool {
    let (mut run_of, mut run) = (0u8, 0usize);
    for &b in text.as_bytes() {
        match b {
            b'<' | b'\t' => return false,
            b'`' | b'~' | b' ' => {
                run = if run_of == b { run + 1 } else { 1 };
                run_of = b;
                let limit = if b == b' ' { 4 } else { 3 };
                if run >= limit {
                    return false;
                }
            }
            _ => run = 0,
        }
    }
    true
}

/// One edit of the source: replace `range` with `with`.
struct Edit {
    range: Range<usize>,
    with: String,
}

fn rewrite_markdown(text: &str) -> String {
    let mut edits: Vec<Edit> = Vec::new();
    let mut indented_start: Option<usize> = None;
    let mut in_indented = false;
    for (event, range) in Parser::new_ext(text, rustdoc_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                if let Some(e) = fence_info_edit(text, range.start) {
                    edits.push(e);
                }
                if !fence_is_closed(text, range.clone()) {
                    let indent = line_prefix(text, range.start);
                    let fence = fence_of(text, range.start);
                    edits.push(Edit {
                        range: range.end..range.end,
                        with: format!("\n{indent}{fence}"),
                    });
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                in_indented = true;
                indented_start = None;
            }
            Event::Text(_) if in_indented && indented_start.is_none() => {
                indented_start = Some(range.start);
            }
            Event::End(TagEnd::CodeBlock) if in_indented => {
                in_indented = false;
                if let Some(start) = indented_start.take() {
                    edits.extend(indented_edits(text, start, range.end));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let escaped = escape_html(&html);
                if escaped != html.as_ref() {
                    edits.push(Edit {
                        range,
                        with: escaped,
                    });
                }
            }
            _ => {}
        }
    }
    apply(text, edits)
}

/// The fence characters (```` ``` ```` or `~~~`, as long as written) of the
/// fence line that starts at or after `at`.
fn fence_of(text: &str, at: usize) -> String {
    let line = &text[at..];
    let line = line.trim_start_matches([' ', '\t', '>']);
    let c = line.chars().next().unwrap_or('`');
    line.chars().take_while(|&x| x == c).collect()
}

/// The opening fence's info string, replaced by `text`.
fn fence_info_edit(text: &str, at: usize) -> Option<Edit> {
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[at..line_end];
    let lead = line.len() - line.trim_start_matches([' ', '\t', '>']).len();
    let fence = fence_of(text, at);
    let info_start = at + lead + fence.len();
    if text[info_start..line_end].trim() == "text" {
        return None;
    }
    Some(Edit {
        range: info_start..line_end,
        with: "text".to_owned(),
    })
}

/// Whether the fenced block in `range` ends with a closing fence rather than
/// at the end of its container.
fn fence_is_closed(text: &str, range: Range<usize>) -> bool {
    let fence = fence_of(text, range.start);
    let block = text[range].trim_end_matches('\n');
    let Some((_, last)) = block.rsplit_once('\n') else {
        return false;
    };
    let last = last.trim_start_matches([' ', '\t', '>']).trim_end();
    let c = fence.chars().next().unwrap_or('`');
    last.len() >= fence.len() && last.chars().all(|x| x == c)
}

/// What stands before `at` on its line, with container markers other than
/// block quotes turned into spaces: the indent a line inserted in the same
/// container needs.
fn line_prefix(text: &str, at: usize) -> String {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at]
        .chars()
        .map(|c| if c == '>' || c == '\t' { c } else { ' ' })
        .collect()
}

/// Fences around an indented code block whose content starts at `start`
/// (after its four spaces of indent) and whose block ends at `end`.
fn indented_edits(text: &str, start: usize, end: usize) -> [Edit; 2] {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = line_prefix(text, start);
    // The container's column: the content's less the block's four spaces.
    let container: String = prefix
        .chars()
        .take(prefix.chars().count().saturating_sub(4))
        .collect();
    let fence = "`".repeat(longest_backtick_run(&text[start..end]).max(2) + 1);
    let end = if text[..end].ends_with('\n') {
        end - 1
    } else {
        end
    };
    [
        Edit {
            range: line_start..line_start,
            with: format!("{container}{fence}text\n"),
        },
        Edit {
            range: end..end,
            with: format!("\n{container}{fence}"),
        },
    ]
}

fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Raw HTML with every `<` that does not open a plain tag written `&lt;`.
fn escape_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match rest.find('>').filter(|&end| is_plain_tag(&rest[..=end])) {
            Some(end) => {
                out.push_str(&rest[..=end]);
                rest = &rest[end + 1..];
            }
            None => {
                out.push_str("&lt;");
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `<tag>`, `</tag>` or `<tag/>` of [`PLAIN_TAGS`], without attributes.
fn is_plain_tag(tag: &str) -> bool {
    let Some(inner) = tag.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
        return false;
    };
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let inner = inner.strip_suffix('/').unwrap_or(inner).trim();
    PLAIN_TAGS.iter().any(|tag| inner.eq_ignore_ascii_case(tag))
}

fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 16 * edits.len());
    let mut at = 0;
    for e in edits {
        if e.range.start < at {
            continue;
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.with);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// True when every code block of `text` is a closed `text` fence and no raw
/// HTML but plain tags is left: what rustdoc would neither run nor render.
fn is_safe(text: &str) -> bool {
    let mut ok = true;
    for (event, range) in Parser::new_ext(text, rustdoc_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                ok &= info.trim() == "text" && fence_is_closed(text, range);
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => ok = false,
            Event::Html(html) | Event::InlineHtml(html) => {
                ok &= escape_html(&html) == html.as_ref()
            }
            _ => {}
        }
    }
    ok
}

/// All of `text` as one `text` block, fenced longer than any backtick run in
/// it, so nothing inside is Markdown or HTML.
fn one_text_block(text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text).max(2) + 1);
    format!("{fence}text\n{text}\n{fence}")
}

#[cfg(test)]
#[path = "escape_tests.rs"]
mod tests;
