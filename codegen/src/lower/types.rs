//! Types: named and inline schemas, fields, enum values, type expressions.

use std::collections::BTreeSet;

use super::{ApiCx, Cx, Names};
use crate::ident::{self, NameError};
use crate::ir::{self, Prim, TypeRef};
use crate::spec::{self, NamedMap, Pos, Sp};

/// How deep `array<>` and `map<>` may nest in one type expression; real
/// specs need two or three, and every later stage recurses on the depth.
pub(super) const MAX_TYPE_NESTING: usize = 32;

impl Cx<'_> {
    pub(super) fn override_name(&mut self, o: &Sp<String>) -> String {
        match ident::check_override(&o.value) {
            Ok(n) => n,
            Err(msg) => {
                self.err(o.pos, format!("invalid `rust_name`: {msg}"))
                    .help("use ASCII letters, digits and underscores, not starting with a digit");
                "Invalid".to_owned()
            }
        }
    }

    pub(super) fn derive(
        &mut self,
        wire: &str,
        pos: Pos,
        what: &str,
        f: fn(&str) -> Result<String, NameError>,
    ) -> String {
        match f(wire) {
            Ok(n) => n,
            Err(NameError::Empty) => {
                self.err(
                    pos,
                    format!(
                        "the {what} `{wire}` has no letters or digits to make a Rust name from"
                    ),
                )
                .help("add a `rust_name` to name it in Rust");
                "Invalid".to_owned()
            }
            Err(NameError::NonAscii) => {
                self.err(
                    pos,
                    format!(
                        "the {what} `{wire}` has letters outside ASCII, which Rust names here avoid"
                    ),
                )
                .help("add a `rust_name` with an ASCII name");
                "Invalid".to_owned()
            }
        }
    }

    pub(super) fn claim_type(&mut self, cx: &mut ApiCx, rust: &str, pos: Pos, what: String) {
        if ident::RESERVED_TYPE_NAMES.contains(&ident::unraw(rust)) {
            self.err(pos, format!("{what} would be named `{rust}` in Rust, which the generated code needs for itself"))
                .help("give it another name, or add a `rust_name`");
            return;
        }
        if let Err((p, prev)) = cx.type_names.claim(rust, pos, what.clone()) {
            let at = if p.line > 0 {
                format!(" (line {})", p.line)
            } else {
                String::new()
            };
            self.err(pos, format!("{what} would be named `{rust}` in Rust, like {prev}{at}"))
                .help("names must stay distinct after conversion to Rust case; rename one or add a `rust_name`");
        }
    }

    /// Lowers a type definition to a kind; `rust` is the name it will have.
    pub(super) fn type_kind(
        &mut self,
        cx: &mut ApiCx,
        def: &spec::TypeDef,
        pos: Pos,
        rust: &str,
        origin: &str,
    ) -> Option<ir::TypeKind> {
        let given: Vec<&str> = [
            ("type", def.ty.is_some()),
            ("object", def.object.is_some()),
            ("enum", def.enum_.is_some()),
            ("int_enum", def.int_enum.is_some()),
            ("array", def.array.is_some()),
            ("map", def.map.is_some()),
            ("one_of", def.one_of.is_some()),
        ]
        .into_iter()
        .filter(|(_, present)| *present)
        .map(|(k, _)| k)
        .collect();
        if given.len() != 1 {
            let msg = if given.is_empty() {
                format!("`{origin}` does not say what type it is")
            } else {
                format!(
                    "`{origin}` gives {} at once",
                    given
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                )
            };
            self.err(pos, msg)
                .help("give exactly one of `type`, `object`, `enum`, `int_enum`, `array`, `map`, `one_of`");
            return None;
        }
        if let Some(t) = &def.tag
            && def.one_of.is_none()
        {
            self.err(t.pos, "`tag` names the field that tells the members of a `one_of` apart, but there is no `one_of`")
                .help("remove `tag`, or declare the union's members under `one_of`");
        }
        if let Some(members) = &def.one_of {
            return self.union(cx, members, def.tag.as_ref(), rust, origin);
        }
        if let Some(ty) = &def.ty {
            return self.type_expr(cx, ty).map(ir::TypeKind::Alias);
        }
        if let Some(fields) = &def.object {
            return Some(ir::TypeKind::Struct(self.fields(cx, fields, rust, origin)));
        }
        if let Some(values) = &def.enum_ {
            return self
                .enum_values(values, pos, origin, |v| {
                    let derived = ident::upper_camel(v);
                    (derived, v.clone())
                })
                .map(ir::TypeKind::StringEnum);
        }
        if let Some(values) = &def.int_enum {
            return self
                .enum_values(values, pos, origin, |v| {
                    (Ok(format!("Value{}", v).replace('-', "Minus")), *v)
                })
                .map(ir::TypeKind::IntEnum);
        }
        if let Some(item) = &def.array {
            let item = self.schema_ref(cx, item, rust, "item", &format!("{origin}.array"))?;
            return Some(ir::TypeKind::Alias(TypeRef::Array(Box::new(item))));
        }
        if let Some(value) = &def.map {
            let value = self.schema_ref(cx, value, rust, "value", &format!("{origin}.map"))?;
            return Some(ir::TypeKind::Alias(TypeRef::Map(Box::new(value))));
        }
        None
    }

    pub(super) fn enum_values<V: Clone + Ord + std::fmt::Display>(
        &mut self,
        values: &[Sp<spec::EnumValue<V>>],
        pos: Pos,
        origin: &str,
        derive: impl Fn(&V) -> (Result<String, NameError>, V),
    ) -> Option<Vec<ir::Variant<V>>> {
        if values.is_empty() {
            self.err(pos, format!("the enum `{origin}` has no values"))
                .help("list at least one value");
            return None;
        }
        let mut names = Names::default();
        let _ = names.claim(
            ident::UNKNOWN_VARIANT,
            Pos::default(),
            "the variant that keeps unlisted values".to_owned(),
        );
        let mut seen: BTreeSet<V> = BTreeSet::new();
        let mut out = Vec::new();
        for v in values {
            let full = v.full();
            if !seen.insert(full.value.clone()) {
                self.err(
                    v.pos,
                    format!("the value `{}` is listed twice in `{origin}`", full.value),
                )
                .help("remove the second one");
                continue;
            }
            let (derived, value) = derive(&full.value);
            let rust = match (&full.rust_name, derived) {
                (Some(o), _) => self.override_name(o),
                (None, Ok(n)) => n,
                (None, Err(_)) => {
                    self.err(
                        v.pos,
                        format!(
                            "the value `{}` has no letters or digits to make a Rust name from",
                            full.value
                        ),
                    )
                    .help("write it as `{ value: ..., rust_name: SomeName }`");
                    continue;
                }
            };
            if let Err((_, prev)) = names.claim(&rust, v.pos, format!("value `{}`", full.value)) {
                self.err(v.pos, format!("the value `{}` would be the variant `{rust}`, like {prev}", full.value))
                    .help("give one of them a `rust_name` (`Unknown` is reserved for values the spec does not list)");
                continue;
            }
            out.push(ir::Variant {
                rust,
                value,
                doc: full.description.clone(),
            });
        }
        Some(out)
    }

    pub(super) fn fields(
        &mut self,
        cx: &mut ApiCx,
        fields: &NamedMap<Sp<spec::Field>>,
        parent: &str,
        origin: &str,
    ) -> Vec<ir::FieldItem> {
        let mut names = Names::default();
        let mut out = Vec::new();
        for (key, field) in fields.iter() {
            let full = match &field.value {
                spec::Field::Expr(e) => spec::FieldFull {
                    ty: Some(Sp {
                        value: e.clone(),
                        pos: field.pos,
                    }),
                    ..Default::default()
                },
                spec::Field::Full(f) => f.as_ref().clone(),
            };
            let rust = match &full.rust_name {
                Some(o) => self.override_name(o),
                None => self.derive(&key.value, key.pos, "field name", ident::snake),
            };
            if let Err((p, prev)) = names.claim(&rust, key.pos, format!("field `{}`", key.value)) {
                self.err(key.pos, format!("field `{}` would be named `{rust}` in Rust, like {prev} (line {})", key.value, p.line))
                    .help("names must stay distinct after conversion to snake_case; add a `rust_name` to one");
                continue;
            }
            // A field's `rust_name` renames the field; an inline type under it is
            // always named from its parent and the field.
            let def = spec::TypeDef {
                rust_name: None,
                ..full.type_def()
            };
            let origin = format!("{origin}.{}", key.value);
            let Some(ty) = self.inline_or_expr(cx, &def, field.pos, parent, &key.value, &origin)
            else {
                continue;
            };
            if mentions_bytes(&ty) && !is_file(&ty) {
                self.err(
                    field.pos,
                    format!("the field `{origin}` holds `bytes` inside a map or nested array, which no body can send"),
                )
                .help("a `bytes` field (or `array<bytes>`) is a file of a multipart body; use `string` (e.g. for base64 text) elsewhere");
                continue;
            }
            let what = format!("the field `{origin}`");
            let written = super::constraints::Written {
                pattern: &full.pattern,
                min_length: &full.min_length,
                max_length: &full.max_length,
                minimum: &full.minimum,
                maximum: &full.maximum,
            };
            let constraints = self.constraints(&cx.types, &ty, &written, &what);
            let constant = full.const_.as_ref().and_then(|c| {
                self.constant(&cx.types, &ty, c, full.optional || full.nullable, &what)
            });
            out.push(ir::FieldItem {
                wire: key.value.clone(),
                rust,
                ty,
                optional: full.optional,
                nullable: full.nullable,
                sensitive: full.sensitive,
                constraints,
                constant,
                boxed: false,
                doc: full.description.clone(),
            });
        }
        cx.field_order.insert(
            parent.to_owned(),
            out.iter().map(|f| f.wire.clone()).collect(),
        );
        out.sort_by(|a, b| ident::unraw(&a.rust).cmp(ident::unraw(&b.rust)));
        out
    }

    /// A schema that is either a type expression (used as is) or an inline
    /// definition (which becomes a new named type `{parent}{role}`).
    pub(super) fn inline_or_expr(
        &mut self,
        cx: &mut ApiCx,
        def: &spec::TypeDef,
        pos: Pos,
        parent: &str,
        role: &str,
        origin: &str,
    ) -> Option<TypeRef> {
        let single = def.kinds_given() == 1;
        if let Some(ty) = &def.ty
            && single
        {
            return self.type_expr(cx, ty);
        }
        if let Some(item) = &def.array
            && single
        {
            // An inline array is just `Vec<item>`: only its item may need a name.
            let item = self.schema_ref(cx, item, parent, role, &format!("{origin}.array"))?;
            return Some(TypeRef::Array(Box::new(item)));
        }
        if let Some(value) = &def.map
            && single
        {
            let value = self.schema_ref(cx, value, parent, role, &format!("{origin}.map"))?;
            return Some(TypeRef::Map(Box::new(value)));
        }
        let rust = match &def.rust_name {
            Some(o) => self.override_name(o),
            None => match ident::inline_type(ident::unraw(parent), role) {
                Ok(n) => n,
                Err(_) => {
                    self.err(
                        pos,
                        format!("cannot derive a Rust name for the inline type at `{origin}`"),
                    )
                    .help("add a `rust_name`");
                    return None;
                }
            },
        };
        self.claim_type(cx, &rust, pos, format!("the inline type at `{origin}`"));
        let kind = self.type_kind(cx, def, pos, &rust, origin)?;
        cx.types.push(ir::TypeItem {
            rust: rust.clone(),
            origin: origin.to_owned(),
            doc: def.description.clone(),
            kind,
            validated: false,
            serde: ir::SerdeUse::BOTH,
            gate: ir::Gate::Always,
        });
        Some(TypeRef::Named(rust))
    }

    pub(super) fn schema_ref(
        &mut self,
        cx: &mut ApiCx,
        s: &Sp<spec::SchemaRef>,
        parent: &str,
        role: &str,
        origin: &str,
    ) -> Option<TypeRef> {
        match &s.value {
            spec::SchemaRef::Expr(e) => self.type_expr(
                cx,
                &Sp {
                    value: e.clone(),
                    pos: s.pos,
                },
            ),
            spec::SchemaRef::Inline(def) => {
                self.inline_or_expr(cx, def, s.pos, parent, role, origin)
            }
        }
    }

    /// Parses a type expression: a primitive, a named type, `array<T>`, `map<T>`,
    /// nested at most [`MAX_TYPE_NESTING`] deep.
    pub(super) fn type_expr(&mut self, cx: &ApiCx, e: &Sp<String>) -> Option<TypeRef> {
        // Peeled from the outside in, without recursion: the text is a stranger's.
        let mut text = e.value.trim();
        let mut wrappers = Vec::new();
        loop {
            let generic = |kw: &str| {
                text.strip_prefix(kw)
                    .and_then(|r| r.trim_start().strip_prefix('<'))
                    .and_then(|r| r.strip_suffix('>'))
                    .map(str::trim)
            };
            let (wrap, inner): (fn(Box<TypeRef>) -> TypeRef, _) = match generic("array") {
                Some(inner) => (TypeRef::Array, inner),
                None => match generic("map") {
                    Some(inner) => (TypeRef::Map, inner),
                    None => break,
                },
            };
            if wrappers.len() == MAX_TYPE_NESTING {
                self.err(
                    e.pos,
                    format!(
                        "the type nests `array<>` and `map<>` more than {MAX_TYPE_NESTING} deep"
                    ),
                )
                .help("declare the inner type under `types:` and refer to it by name");
                return None;
            }
            wrappers.push(wrap);
            text = inner;
        }
        let inner = self.named_or_prim(cx, text, e.pos)?;
        Some(
            wrappers
                .into_iter()
                .rev()
                .fold(inner, |t, wrap| wrap(Box::new(t))),
        )
    }

    /// A primitive or a named type, the innermost part of a type expression.
    fn named_or_prim(&mut self, cx: &ApiCx, text: &str, pos: Pos) -> Option<TypeRef> {
        if let Some(p) = Prim::parse(text) {
            return Some(TypeRef::Prim(p));
        }
        if let Some(rust) = cx.named.get(text) {
            return Some(TypeRef::Named(rust.clone()));
        }
        let known: Vec<&str> = Prim::NAMES
            .iter()
            .copied()
            .chain(cx.named.keys().map(String::as_str))
            .collect();
        let help = match ident::closest(text, known.iter().copied()) {
            Some(k) => format!("did you mean `{k}`?"),
            None if text.contains(['<', '>', '[', ']']) => {
                "write arrays as `array<T>` and maps as `map<T>`".to_owned()
            }
            None => format!(
                "use a primitive ({}), `array<T>`, `map<T>`, or a type declared under `types:`",
                Prim::NAMES.join(", ")
            ),
        };
        self.err(pos, format!("unknown type `{text}`")).help(help);
        None
    }

    /// Boxes struct fields that would make a type contain itself, and rejects
    /// aliases that refer to themselves. A field of `S` naming `T` contains
    /// `S` again exactly when `T` reaches `S`, that is when both are in one
    /// strongly connected component of the graph of direct containment: one
    /// linear pass (Tarjan's), whatever the number and depth of the types.
    pub(super) fn break_cycles(&mut self, types: &mut [ir::TypeItem]) {
        let index: std::collections::HashMap<String, usize> = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.rust.clone(), i))
            .collect();
        let named = |ty: Option<&TypeRef>| match ty {
            Some(TypeRef::Named(n)) => index.get(n).copied(),
            _ => None,
        };
        let edges: Vec<Vec<usize>> = types
            .iter()
            .map(|t| match &t.kind {
                ir::TypeKind::Struct(fields) => {
                    fields.iter().filter_map(|f| named(Some(&f.ty))).collect()
                }
                ir::TypeKind::Alias(target) => named(Some(target)).into_iter().collect(),
                ir::TypeKind::Union { members, .. } => members
                    .iter()
                    .filter_map(|m| named(m.ty.as_ref()))
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        let component = strongly_connected(&edges);
        for (i, t) in types.iter_mut().enumerate() {
            let cyclic = |n: &str| index.get(n).is_some_and(|&j| component[j] == component[i]);
            match &mut t.kind {
                ir::TypeKind::Struct(fields) => {
                    for f in fields.iter_mut() {
                        if let TypeRef::Named(n) = &f.ty {
                            f.boxed = cyclic(n);
                        }
                    }
                }
                ir::TypeKind::Alias(TypeRef::Named(n)) if cyclic(n) => {
                    self.diags.push(
                        self.src
                            .error(
                                Pos::default(),
                                format!(
                                    "the type `{}` ({}) is an alias of itself",
                                    t.rust, t.origin
                                ),
                            )
                            .help("an alias must end at a real type"),
                    );
                }
                _ => {}
            }
        }
    }
}

/// The strongly connected component of each node of a directed graph, by
/// Tarjan's algorithm with an explicit stack (no recursion on the input).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut next_order, mut next_component) = (0, 0);
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut calls = vec![(root, 0)];
        while let Some(&mut (v, ref mut next)) = calls.last_mut() {
            if *next == 0 && order[v] == UNSEEN {
                order[v] = next_order;
                low[v] = next_order;
                next_order += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*next) {
                *next += 1;
                if order[w] == UNSEEN {
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Whether a type expression is or contains `bytes` directly.
/// Whether a field of this type is a file (or several) of a multipart body:
/// `bytes` or `array<bytes>`.
pub(super) fn is_file(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Prim(p) => *p == Prim::Bytes,
        TypeRef::Array(t) => **t == TypeRef::Prim(Prim::Bytes),
        _ => false,
    }
}

fn mentions_bytes(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Prim(p) => *p == Prim::Bytes,
        TypeRef::Array(t) | TypeRef::Map(t) => mentions_bytes(t),
        TypeRef::Named(_) => false,
    }
}
