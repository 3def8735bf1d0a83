fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    match serde_saphyr::from_str::<codegen::spec::Spec>(&text) {
        Ok(s) => println!("{s:#?}"),
        Err(e) => { println!("DISPLAY:\n{e}\n---"); println!("LOC: {:?}", e.location().map(|l| (l.line(), l.column()))); println!("NOSNIP: {}", e.without_snippet()); }
    }
}
