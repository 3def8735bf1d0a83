//! Each type gets the serde impls of the directions it travels in: request
//! bodies `Serialize`, response bodies `Deserialize`, both when a type is in
//! both or in no body at all; the other direction only with `full-serde`.

use codegen::ir::{SerdeUse, TypeItem};

const SPEC: &str = r#"
name: directions
title: Directions
source: test
servers:
  main: https://api.example.com
auth: bearer
types:
  Draft:
    object:
      title: string
      tags: { array: Tag, optional: true }
  Tag:
    enum: [red, blue]
  Note:
    object:
      id: i64
      draft: Draft
      parent: { type: Parent, optional: true }
      stamp: { type: Stamp, optional: true }
  Parent:
    object:
      id: i64
  Problem:
    object:
      message: { type: string, optional: true }
  Sort:
    enum: [asc, desc]
  Spare:
    object:
      x: { type: string, optional: true }
  Stamp:
    object:
      at: string
  Archive:
    object:
      stamps: { type: array<Stamp>, optional: true }
endpoints:
  create_note:
    method: POST
    path: /notes
    summary: Create.
    query: { sort: Sort }
    body: Draft
    responses: { 201: Note, 400: Problem }
"#;

fn types() -> Vec<TypeItem> {
    let raw = codegen::RawSpec {
        name: "specs/directions.yaml".to_owned(),
        bytes: SPEC.as_bytes().to_vec(),
    };
    let mut apis = codegen::lower_specs(&[raw]).unwrap_or_else(|e| panic!("{e}"));
    apis.remove(0).types
}

fn serde_of(types: &[TypeItem], name: &str) -> SerdeUse {
    types
        .iter()
        .find(|t| t.rust == name)
        .unwrap_or_else(|| panic!("no type {name}"))
        .serde
}

#[test]
fn each_type_gets_the_directions_it_travels_in() {
    let types = types();
    let received = SerdeUse {
        ser: false,
        de: true,
    };
    // Draft is the request body and a field of the response: both.
    assert_eq!(serde_of(&types, "Draft"), SerdeUse::BOTH);
    // Tag is reached from Draft, so from both directions too.
    assert_eq!(serde_of(&types, "Tag"), SerdeUse::BOTH);
    assert_eq!(serde_of(&types, "Note"), received);
    assert_eq!(
        serde_of(&types, "Parent"),
        received,
        "reached through a field"
    );
    assert_eq!(serde_of(&types, "Problem"), received, "an error body");
    // In no body: its use cannot be seen, so it keeps both.
    assert_eq!(
        serde_of(&types, "Sort"),
        SerdeUse::BOTH,
        "a query parameter"
    );
    assert_eq!(
        serde_of(&types, "Spare"),
        SerdeUse::BOTH,
        "declared, unused"
    );
    // Archive keeps both, so the types its fields name must have both too,
    // or its derives do not compile.
    assert_eq!(serde_of(&types, "Archive"), SerdeUse::BOTH);
    assert_eq!(
        serde_of(&types, "Stamp"),
        SerdeUse::BOTH,
        "received through Note, and reached from Archive, which is in no body"
    );
}

#[test]
fn the_other_direction_is_behind_the_full_serde_feature() {
    let raw = codegen::RawSpec {
        name: "specs/directions.yaml".to_owned(),
        bytes: SPEC.replace("body: Draft", "body: Spare").into_bytes(),
    };
    let files =
        codegen::generate(&[raw], std::path::Path::new("out")).unwrap_or_else(|e| panic!("{e}"));
    let lib = files
        .iter()
        .find(|f| f.path.ends_with("directions/src/lib.rs"))
        .expect("lib.rs");
    let text = &lib.content;
    // Spare is now only sent: Serialize derived, Deserialize behind the feature.
    let spare = text.find("pub struct Spare").expect("Spare");
    let before = &text[..spare];
    let derive = before.rfind("#[derive(").expect("derive");
    assert!(
        before[derive..].contains("::serde::Serialize"),
        "{}",
        &before[derive..]
    );
    assert!(
        !before[derive..].contains("Deserialize"),
        "{}",
        &before[derive..]
    );
    assert!(
        text.contains(
            "#[cfg(feature = \"full-serde\")]\nimpl<'de> ::serde::Deserialize<'de> for Spare"
        ),
        "Deserialize of Spare is not behind the feature"
    );
    // Note is only received: Serialize only with the feature.
    assert!(text.contains("#[cfg_attr(feature = \"full-serde\", derive(::serde::Serialize))]\n#[non_exhaustive]\npub struct Note"));
    assert!(text.contains("impl<'de> ::serde::Deserialize<'de> for Note"));
    let manifest = files
        .iter()
        .find(|f| f.path.ends_with("directions/Cargo.toml"))
        .expect("Cargo.toml");
    assert!(
        manifest.content.contains("\nfull-serde = []\n"),
        "{}",
        manifest.content
    );
}
