//! The text writers' rules for long lines, checked against prettyplease
//! itself at every length around its width.

use super::text::{WIDTH, Writer, unbreakable};

fn pretty(src: &str) -> String {
    let file = syn::parse_file(src).unwrap_or_else(|e| panic!("{e}: {src}"));
    prettyplease::unparse(&file)
}

fn name(len: usize) -> String {
    let mut s = "Thing".to_owned();
    while s.len() < len {
        s.push_str("Abcdefghij");
    }
    s.truncate(len);
    s
}

#[test]
fn an_impl_head_breaks_before_for_exactly_where_prettyplease_breaks_it() {
    for head in [
        "impl From<String>",
        "impl ::std::fmt::Display",
        "impl<'de> ::serde::Deserialize<'de>",
        "impl runtime::Endpoint",
    ] {
        for len in 20..WIDTH + 10 {
            let mut w = Writer::new();
            w.impl_for(head, &name(len));
            w.push_str("    fn f() {}\n}\n");
            let text = w.finish();
            assert_eq!(pretty(&text), text, "{head} for a name of {len}");
        }
    }
}

#[test]
fn the_lines_called_unbreakable_are_left_whole_by_prettyplease() {
    for len in WIDTH - 20..WIDTH + 40 {
        let n = name(len);
        let items = [
            format!("pub struct {n} {{\n    pub a: i64,\n}}\n"),
            format!("pub enum {n} {{\n    A,\n}}\n"),
            format!("impl {n} {{\n    fn f() {{}}\n}}\n"),
            format!("pub type {n} = ();\n"),
            format!("pub type {n} = runtime::{n};\n"),
            format!("impl X for Y {{\n    type Output = {n};\n}}\n"),
            format!("impl X for Y {{\n    const EXPECTING: &'static str = \"struct {n}\";\n}}\n"),
            format!("impl runtime::mock::Reply\nfor {n} {{\n    fn f() {{}}\n}}\n"),
            format!("pub enum E {{\n    {n},\n}}\n"),
            format!(
                "pub struct S {{\n    pub value: Option<\n        Vec<\n            runtime::{n},\n        >,\n    >,\n}}\n"
            ),
            format!(
                "const O: runtime::Operation = runtime::Operation {{\n    path: \"/{n}/{{id}}\",\n}};\n"
            ),
        ];
        for item in items {
            assert_eq!(pretty(&item), item);
            for line in item.lines().filter(|l| l.len() > WIDTH) {
                assert!(unbreakable(line), "{line}");
            }
        }
    }
}

#[test]
fn lines_prettyplease_breaks_are_not_called_unbreakable() {
    let n = name(WIDTH);
    for line in [
        format!("pub type {n} = Vec<{n}>;"),
        format!("    pub value: Vec<{n}>,"),
        format!("            {n}: {n}.into(),"),
        format!("impl<'de> ::serde::Deserialize<'de> for {n} {{"),
        format!("pub struct {n}<T> {{"),
        format!("    const X: &'static str = \"{n}\", \"x\";"),
        format!("    path: \"{n}\", \"x\","),
        format!("    Vec<{n}>,"),
        format!("    {n}.into(),"),
    ] {
        assert!(!unbreakable(&line), "{line}");
    }
}

#[test]
fn signatures_and_generic_types_break_where_prettyplease_breaks_them() {
    let ty = |len: usize| format!("Vec<{}>", name(len));
    for len in 60..WIDTH + 10 {
        let cases = [
            // One parameter, then two: only the last one's comma is free.
            vec![format!("value: {}", ty(len))],
            vec![format!("value: {}", ty(len)), "b: i64".to_owned()],
            vec!["a: i64".to_owned(), format!("value: Option<{}>", ty(len))],
        ];
        for params in cases {
            let mut w = Writer::new();
            w.signature("    ", "pub fn f", &params, " -> Self");
            w.push_str("        self\n    }\n");
            let text = format!("impl S {{\n{}}}\n", w.finish());
            assert_eq!(pretty(&text), text, "{params:?}");
        }
        for t in [
            ty(len),
            format!("Option<{}>", ty(len)),
            format!("runtime::Map<String, {}>", ty(len)),
        ] {
            let mut w = Writer::new();
            w.generic("    ", "pub value: ", &t, ",");
            let text = format!("pub struct S {{\n{}}}\n", w.finish());
            assert_eq!(pretty(&text), text, "{t}");
        }
    }
}

#[test]
fn a_return_type_breaks_where_prettyplease_breaks_it() {
    for len in 50..WIDTH + 10 {
        let n = name(len);
        let ret = format!(" -> Result<runtime::Response<{n}>, runtime::Error<{n}E>>");
        let mut w = Writer::new();
        w.signature(
            "    ",
            "pub async fn f",
            &["&self".to_owned(), format!("request: {n}")],
            &ret,
        );
        w.push_str("        todo!()\n    }\n");
        let text = format!("impl S {{\n{}}}\n", w.finish());
        assert_eq!(pretty(&text), text, "{len}");
    }
}

#[test]
fn a_gate_goes_on_every_item_after_its_docs() {
    let items = "/// A.\n#[derive(Debug)]\npub struct A {}\nimpl A {\n    fn f() {}\n}\n\
                 /// B.\npub type B = Vec<\n    A,\n>;\nimpl X\nfor A {}\n";
    let gated = super::gate_items(items, "#[cfg(feature = \"g\")]\n");
    assert_eq!(
        gated,
        "/// A.\n#[cfg(feature = \"g\")]\n#[derive(Debug)]\npub struct A {}\n\
         #[cfg(feature = \"g\")]\nimpl A {\n    fn f() {}\n}\n\
         /// B.\n#[cfg(feature = \"g\")]\npub type B = Vec<\n    A,\n>;\n\
         #[cfg(feature = \"g\")]\nimpl X\nfor A {}\n"
    );
}
