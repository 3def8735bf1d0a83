//! No input makes the generator panic or hang: arbitrary bytes, mutated real
//! specs, and a YAML alias bomb that must be refused quickly.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;

fn generate(name: &str, bytes: Vec<u8>) -> Result<Vec<codegen::OutFile>, codegen::Error> {
    codegen::generate(
        &[codegen::RawSpec {
            name: name.to_owned(),
            bytes,
        }],
        Path::new("out"),
    )
}

fn real_specs() -> Vec<String> {
    let mut specs: Vec<String> = support::yaml_files(&support::workspace_root().join("specs"))
        .into_iter()
        .chain(support::yaml_files(&support::tests_dir().join("fixtures")))
        .map(|p| std::fs::read_to_string(p).expect("read spec"))
        .collect();
    specs.sort();
    specs
}

/// One edit of a spec's text, as a maintainer's slip might make it.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Insert(usize, String),
    Truncate(usize),
    Reindent(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (
            any::<usize>(),
            prop::sample::select(vec![
                ":", "- ", "{", "}", "[", "]", "&a ", "*a", "!!str ", "'", "\"", "\t", "  ", "\n",
                "#", "~", "null", "0x", "{x}", "array<", "map<>", "default", "r#", "\u{0}",
                "\u{feff}",
            ])
            .prop_map(str::to_owned)
        )
            .prop_map(|(at, s)| Mutation::Insert(at, s)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 0usize..6).prop_map(|(l, n)| Mutation::Reindent(l, n)),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let n = lines.len().max(1);
    match m {
        Mutation::DeleteLine(i) if !lines.is_empty() => {
            lines.remove(i % n);
        }
        Mutation::DuplicateLine(i) if !lines.is_empty() => {
            let l = lines[i % n].clone();
            lines.insert(i % n, l);
        }
        Mutation::SwapLines(a, b) if !lines.is_empty() => lines.swap(a % n, b % n),
        Mutation::Insert(at, s) => {
            let mut t = lines.join("\n");
            let mut i = at % (t.len() + 1);
            while !t.is_char_boundary(i) {
                i -= 1;
            }
            t.insert_str(i, s);
            return t;
        }
        Mutation::Truncate(at) => {
            let t = lines.join("\n");
            let mut i = at % (t.len() + 1);
            while !t.is_char_boundary(i) {
                i -= 1;
            }
            return t[..i].to_owned();
        }
        Mutation::Reindent(l, k) if !lines.is_empty() => {
            let line = lines[l % n].trim_start().to_owned();
            lines[l % n] = format!("{}{line}", " ".repeat(*k));
        }
        _ => {}
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = generate("fuzz/bytes.yaml", bytes);
    }

    #[test]
    fn arbitrary_yaml_like_text_never_panics(text in "[a-z_:\\-\\[\\]{}&*!#'\" \n0-9<>]{0,400}") {
        let _ = generate("fuzz/text.yaml", text.into_bytes());
    }

    #[test]
    fn mutated_real_specs_never_panic_and_errors_are_located(
        which in any::<usize>(),
        edits in prop::collection::vec(mutation(), 1..4),
    ) {
        let specs = real_specs();
        let mut text = specs[which % specs.len()].clone();
        for m in &edits {
            text = apply(&text, m);
        }
        let started = Instant::now();
        let result = generate("fuzz/mutated.yaml", text.into_bytes());
        prop_assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
        if let Err(codegen::Error::Specs(d)) = result {
            prop_assert!(!d.is_empty());
            for diag in &d.0 {
                prop_assert_eq!(diag.file.as_str(), "fuzz/mutated.yaml");
                prop_assert!(!diag.message.is_empty());
            }
        }
    }
}

#[test]
fn an_alias_bomb_fails_fast() {
    let bomb =
        std::fs::read(support::tests_dir().join("errors/alias_bomb.yaml")).expect("read bomb");
    let started = Instant::now();
    let err = generate("errors/alias_bomb.yaml", bomb).expect_err("refused");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    let text = err.to_string();
    assert!(text.contains("alias") || text.contains("budget"), "{text}");
}

/// A large spec without aliases is not an attack: the parser's limits grow with
/// the file (a 50,000-endpoint API has millions of nodes), while alias replay
/// stays capped (the test above).
#[test]
fn a_large_document_without_aliases_is_accepted() {
    let values: String = (0..300_000).map(|i| format!("      - v{i}\n")).collect();
    let text = format!(
        "name: big\ntitle: Big\nsource: test\nservers:\n  main: https://api.example.com\nauth: none\n\
         types:\n  Code:\n    enum:\n{values}endpoints:\n  ping: {{ method: GET, path: /ping, summary: Ping., responses: {{ 200: Code }} }}\n"
    );
    let raw = codegen::RawSpec {
        name: "specs/big.yaml".to_owned(),
        bytes: text.into_bytes(),
    };
    let started = std::time::Instant::now();
    let loaded = codegen::load::parse(&raw);
    assert!(
        loaded.is_ok(),
        "{:?}",
        loaded
            .err()
            .map(|d| d.iter().map(ToString::to_string).collect::<Vec<_>>())
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
