//! Unit tests of `escape`: literals keep their value, doc text never runs.

use super::*;

fn doc(text: &str) -> String {
    doc_lines(text).join("\n")
}

/// Every code block rustdoc would find in the written doc: (fenced?, info).
fn blocks(lines: &str) -> Vec<(bool, String)> {
    let unindented: String = lines
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    Parser::new_ext(&unindented, rustdoc_options())
        .filter_map(|e| match e {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                Some((true, info.to_string()))
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => Some((false, String::new())),
            _ => None,
        })
        .collect()
}

#[test]
fn string_literals_keep_the_value_and_show_what_is_invisible() {
    let cases = [
        ("plain", r#""plain""#),
        (r#"{"a":1}"#, r##"r#"{"a":1}"#"##),
        (r##"say "#hi""##, r###"r##"say "#hi""##"###),
        ("back\\slash", r#""back\\slash""#),
        ("a\r\nb", r#""a\r\nb""#),
        ("tab\there", r#""tab\there""#),
        ("nul\0", r#""nul\0""#),
        ("rtl\u{202e}x", r#""rtl\u{202e}x""#),
        ("ls\u{2028}x\u{feff}", r#""ls\u{2028}x\u{feff}""#),
        ("bell\u{7}\"", r#""bell\u{7}\"""#),
    ];
    for (value, lit) in cases {
        assert_eq!(str_lit(value), lit, "{value:?}");
        let parsed: syn::LitStr = syn::parse_str(&str_lit(value)).expect("a literal");
        assert_eq!(parsed.value(), value);
    }
}

#[test]
fn token_built_literals_are_respelled_like_text() {
    let value = "say \"hi\"\u{202e}";
    let tokens = quote::quote!(const A: [&str; 2] = [#value, "plain"];);
    let written = token_literals(tokens).to_string();
    assert!(written.contains(&str_lit(value)), "{written}");
    assert!(written.contains("\"plain\""), "{written}");
    let json = r#"{"a":1}"#;
    let written = token_literals(quote::quote!(f(#json, 'c', b"x", 1.5))).to_string();
    assert!(written.contains(r##"r#"{"a":1}"#"##), "{written}");
    assert!(
        written.contains("'c'") && written.contains("b\"x\""),
        "{written}"
    );
}

#[test]
fn line_breaks_are_normalised_and_controls_shown() {
    assert_eq!(
        doc_lines("one\r\ntwo\rthree\u{202e}four\0five\u{2028}six"),
        [" one", " two", " three\\u{202e}four\\u{0}five\\u{2028}six"]
    );
    for l in doc_lines("a\u{1b}[31m\u{7f}\u{85}b") {
        assert!(!l.chars().any(is_invisible), "{l:?}");
    }
}

#[test]
fn every_fence_becomes_a_text_block() {
    for fence in [
        "```",
        "```rust",
        "``` rust,no_run",
        "```should_panic",
        "```edition2021",
        "~~~",
        "~~~rust",
        "````",
        "```ignore",
        "```json",
    ] {
        let close = if fence.starts_with('~') {
            "~~~"
        } else {
            "````"
        };
        let close = &close[..fence.chars().take_while(|c| *c == '`' || *c == '~').count()];
        let text = format!("Before.\n\n{fence}\nstd::process::exit(1);\n{close}\n\nAfter.");
        let out = doc(&text);
        assert_eq!(blocks(&out), [(true, "text".to_owned())], "{fence}:\n{out}");
        assert!(out.contains("std::process::exit(1);"), "{out}");
    }
}

#[test]
fn indented_blocks_become_text_fences() {
    let text = "Example:\n\n    std::fs::write(\"/tmp/x\", \"\").unwrap();\n    more();\n\nAfter.";
    let out = doc(text);
    assert_eq!(blocks(&out), [(true, "text".to_owned())], "{out}");
    assert!(out.contains("std::fs::write"), "{out}");
    let in_list = "- item\n\n      code_in_item();\n\n- next\n\n\t\ttabbed();\n";
    let out = doc(in_list);
    assert!(
        blocks(&out)
            .iter()
            .all(|(fenced, info)| *fenced && info == "text"),
        "{out}"
    );
    let quoted = "> quote\n>\n>     quoted_code();\n";
    let out = doc(quoted);
    assert!(
        blocks(&out)
            .iter()
            .all(|(fenced, info)| *fenced && info == "text"),
        "{out}"
    );
}

#[test]
fn an_unclosed_fence_is_closed_so_later_text_stays_prose() {
    let out = doc("```rust\nopen();");
    assert_eq!(blocks(&out), [(true, "text".to_owned())], "{out}");
    let joined = format!("{out}\n\n```no_run\nours();\n```");
    let found = blocks(&joined);
    assert_eq!(found.last(), Some(&(true, "no_run".to_owned())), "{joined}");
}

#[test]
fn raw_html_but_plain_tags_is_shown_as_text() {
    let out =
        doc("Use <b>bold</b> and <br> but <script>alert(1)</script> and <img src=x onerror=y>.");
    assert!(out.contains("<b>bold</b> and <br>"), "{out}");
    assert!(
        out.contains("&lt;script>") && out.contains("&lt;img"),
        "{out}"
    );
    let block = doc("<div onclick=\"x()\">\n<p>hi</p>\n</div>");
    assert!(
        block.contains("&lt;div onclick") && block.contains("<p>hi</p>"),
        "{block}"
    );
}

#[test]
fn no_doc_line_can_become_a_plain_comment() {
    for l in doc_lines("/not a doc\n//still not\n\n!inner") {
        assert!(l.is_empty() || l.starts_with(' '), "{l:?}");
    }
}

#[test]
fn plain_prose_needs_no_rewrite() {
    for text in [
        "Plain words.",
        "- a list\n- of items\n\n> a quote\n\n1. numbered\n   continued",
        "# Heading\n\nA [link](https://example.com) and *emphasis* & an entity &lt;.",
        "   three spaces\n  two\n",
        "`GET /things`: a `code` span, ``two ticks``, ~one~ ~~two~~ tildes.",
    ] {
        assert!(is_plain_prose(text), "{text}");
        assert_eq!(rewrite_markdown(text), text, "{text}");
        assert!(is_safe(text), "{text}");
    }
    for text in ["```", "a ```x``` span", "~~~", "<b>", "\tx", "-     code"] {
        assert!(!is_plain_prose(text), "{text}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2048, ..Default::default() })]
    /// Whatever the text, the doc holds no code block but `text` fences.
    #[test]
    fn no_text_yields_a_runnable_block(parts in proptest::collection::vec(
        proptest::prop_oneof![
            proptest::strategy::Just("```".to_owned()),
            proptest::strategy::Just("~~~".to_owned()),
            proptest::strategy::Just("````rust".to_owned()),
            proptest::strategy::Just("    ".to_owned()),
            proptest::strategy::Just("\t".to_owned()),
            proptest::strategy::Just("\n".to_owned()),
            proptest::strategy::Just("\r".to_owned()),
            proptest::strategy::Just("> ".to_owned()),
            proptest::strategy::Just("- ".to_owned()),
            proptest::strategy::Just("1. ".to_owned()),
            proptest::strategy::Just("<pre>".to_owned()),
            proptest::strategy::Just("<script>".to_owned()),
            proptest::strategy::Just("`".to_owned()),
            "[a-z(); ]{0,8}",
        ],
        0..40,
    )) {
        let out = doc(&parts.concat());
        for (fenced, info) in blocks(&out) {
            proptest::prop_assert!(fenced && info == "text", "{:?}\n{}", parts, out);
        }
        proptest::prop_assert!(!out.chars().any(|c| c != '\n' && is_invisible(c)));
        for line in out.lines() {
            proptest::prop_assert_eq!(line, line.trim_end());
        }
    }
}
