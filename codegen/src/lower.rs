//! Check and lower: the spec model -> [`crate::ir`].
//!
//! Resolves type references, decides every Rust name (through [`crate::ident`]),
//! and rejects what cannot be generated. Every problem is collected; nothing stops
//! at the first one.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::ident::{self, NameError};
use crate::ir::{self, Prim, TypeRef};
use crate::load::Loaded;
use crate::spec::{self, Method, NamedMap, Pos, Sp};

/// Lowers every loaded spec, then checks what spans files (API names).
pub fn lower_all(loaded: &[Loaded]) -> Result<Vec<ir::Api>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut apis = Vec::new();
    let mut seen: BTreeMap<String, (String, Pos)> = BTreeMap::new();
    for l in loaded {
        let mut cx = Cx {
            src: &l.source,
            diags: Diagnostics::default(),
        };
        let api = cx.api(&l.spec);
        if let Some((file, pos)) = seen.get(&api.name) {
            cx.err(
                l.spec.name.pos,
                format!(
                    "the API name `{}` is already used by {file}:{}",
                    api.name, pos.line
                ),
            )
            .help("each API needs its own `name`; it becomes the module and the cargo feature");
        } else {
            seen.insert(api.name.clone(), (l.source.name.clone(), l.spec.name.pos));
        }
        diags.extend(cx.diags);
        apis.push(api);
    }
    apis.sort_by(|a, b| a.name.cmp(&b.name));
    diags.into_result(apis)
}

struct Cx<'a> {
    src: &'a Source,
    diags: Diagnostics,
}

/// Rust names already taken in one namespace, with where they came from.
#[derive(Default)]
struct Names(BTreeMap<String, (Pos, String)>);

impl Names {
    /// Claims `rust` for `what`; on a clash returns the earlier owner.
    fn claim(&mut self, rust: &str, pos: Pos, what: String) -> Result<(), (Pos, String)> {
        let key = ident::unraw(rust).to_owned();
        if let Some(prev) = self.0.get(&key) {
            return Err(prev.clone());
        }
        self.0.insert(key, (pos, what));
        Ok(())
    }
}

/// Everything known while lowering one API.
struct ApiCx {
    /// Spec type key -> Rust name, for resolving references.
    named: BTreeMap<String, String>,
    /// Type-level names of the module.
    type_names: Names,
    /// Types produced so far (named and inline).
    types: Vec<ir::TypeItem>,
}

impl<'a> Cx<'a> {
    fn err(&mut self, pos: Pos, msg: impl Into<String>) -> ErrHandle<'_> {
        self.diags.push(self.src.error(pos, msg));
        ErrHandle(self.diags.0.last_mut())
    }

    fn api(&mut self, s: &spec::Spec) -> ir::Api {
        let name = s.name.value.clone();
        let snake_ok = ident::snake(&name).is_ok_and(|n| n == name);
        if !snake_ok || name.starts_with('_') {
            let suggestion = ident::snake(&name).unwrap_or_else(|_| "my_api".to_owned());
            self.err(
                s.name.pos,
                format!("the API name `{name}` is not a snake_case identifier"),
            )
            .help(format!(
                "it becomes a Rust module and a cargo feature; write `{suggestion}`"
            ));
        } else if ["runtime", "lib", "full", "default"].contains(&name.as_str()) {
            self.err(s.name.pos, format!("the API name `{name}` is reserved"))
                .help("`runtime`, `lib`, `full` and `default` are used by the generated crate; pick another name");
        }
        let prefix = match &s.rust_name {
            Some(o) => self.override_name(o),
            None => self.derive(&name, s.name.pos, "API name", ident::upper_camel),
        };
        let client = ident::client_type(&prefix);
        let server_enum = ident::server_type(&prefix);

        let mut cx = ApiCx {
            named: BTreeMap::new(),
            type_names: Names::default(),
            types: Vec::new(),
        };
        for (rust, what) in [
            (&client, "the client type"),
            (&server_enum, "the server enum"),
        ] {
            let _ = cx.type_names.claim(rust, s.name.pos, what.to_owned());
        }

        let servers = self.servers(s);
        let auth = match &s.auth.value {
            spec::Auth::Bearer => ir::Auth::Bearer,
            spec::Auth::None => ir::Auth::None,
            spec::Auth::ApiKey { header } => {
                self.check_header_name(header);
                ir::Auth::ApiKey(header.value.clone())
            }
        };

        // Pass 1: every named type gets its Rust name before any is lowered, so
        // references may point forward.
        for (key, def) in s.types.iter() {
            let rust = match &def.rust_name {
                Some(o) => self.override_name(o),
                None => {
                    if ident::upper_camel(&key.value).ok().as_deref() != Some(key.value.as_str()) {
                        let suggestion = ident::upper_camel(&key.value).unwrap_or_default();
                        self.err(key.pos, format!("the type name `{}` is not UpperCamelCase", key.value))
                            .help(format!("write `{suggestion}`, or keep the name and add `rust_name: {suggestion}`"));
                    }
                    self.derive(&key.value, key.pos, "type name", ident::upper_camel)
                }
            };
            self.claim_type(&mut cx, &rust, key.pos, format!("the type `{}`", key.value));
            cx.named.insert(key.value.clone(), rust);
        }
        // Pass 2: lower definitions; inline types are added as they are met.
        for (key, def) in s.types.iter() {
            let rust = cx.named.get(&key.value).cloned().unwrap_or_default();
            let origin = format!("types.{}", key.value);
            let kind = self.type_kind(&mut cx, &def.value, def.pos, &rust, &origin);
            if let Some(kind) = kind {
                cx.types.push(ir::TypeItem {
                    rust,
                    origin,
                    doc: def.description.clone(),
                    kind,
                });
            }
        }

        let mut endpoints = Vec::new();
        let mut methods = Names::default();
        for reserved in [
            "builder",
            "with_retry_policy",
            "runtime",
            "base_url",
            "from",
            "clone",
            "fmt",
        ] {
            let _ = methods.claim(
                reserved,
                Pos::default(),
                "a method every client has".to_owned(),
            );
        }
        for (key, ep) in s.endpoints.iter() {
            if let Some(e) = self.endpoint(&mut cx, &mut methods, key, ep) {
                endpoints.push(e);
            }
        }
        endpoints.sort_by(|a, b| a.method_name.cmp(&b.method_name));

        self.break_cycles(&mut cx.types);
        cx.types.sort_by(|a, b| a.rust.cmp(&b.rust));
        if s.endpoints.is_empty() {
            self.err(s.name.pos, "the API has no endpoints")
                .help("add at least one endpoint under `endpoints:`");
        }

        ir::Api {
            spec_file: self.src.name.clone(),
            name,
            title: s.title.clone(),
            description: s.description.clone(),
            source: s.source.clone(),
            client,
            server_enum,
            servers,
            auth,
            error_message_fields: s
                .error_message_fields
                .iter()
                .map(|f| f.value.clone())
                .collect(),
            types: cx.types,
            endpoints,
        }
    }

    fn servers(&mut self, s: &spec::Spec) -> Vec<ir::Server> {
        let mut out = Vec::new();
        let mut names = Names::default();
        for (key, server) in s.servers.iter() {
            let full = server.full(server.pos);
            let variant = match &full.rust_name {
                Some(o) => self.override_name(o),
                None => self.derive(&key.value, key.pos, "server name", ident::upper_camel),
            };
            if let Err((p, what)) =
                names.claim(&variant, key.pos, format!("server `{}`", key.value))
            {
                self.err(
                    key.pos,
                    format!(
                        "server `{}` is named `{variant}` in Rust, like {what} (line {})",
                        key.value, p.line
                    ),
                )
                .help("rename one of them or give it a `rust_name`");
            }
            let url = full.url.value.trim().to_owned();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                self.err(
                    full.url.pos,
                    format!("the server URL `{url}` is not an http(s) URL"),
                )
                .help("write the base URL with its scheme, e.g. `https://api.example.com/v1`");
            } else if url.contains(['?', '#', ' ']) {
                self.err(
                    full.url.pos,
                    format!("the server URL `{url}` has a query, fragment or space"),
                )
                .help("a base URL is a scheme, host and optional base path only");
            }
            out.push(ir::Server {
                wire: key.value.clone(),
                variant,
                url,
                description: full.description.clone(),
                default: full.default,
            });
        }
        match (out.len(), out.iter().filter(|s| s.default).count()) {
            (0, _) => {
                self.err(s.name.pos, "the API has no servers")
                    .help("add `servers:` with at least one `name: https://...` entry");
            }
            (1, _) => out[0].default = true,
            (_, 1) => {}
            (_, n) => {
                let pos = s
                    .servers
                    .iter()
                    .next()
                    .map(|(k, _)| k.pos)
                    .unwrap_or_default();
                self.err(
                    pos,
                    format!("{n} servers are marked `default: true`; exactly one must be"),
                )
                .help("mark the server clients use unless told otherwise with `default: true`");
            }
        }
        out.sort_by(|a, b| a.variant.cmp(&b.variant));
        out
    }

    fn override_name(&mut self, o: &Sp<String>) -> String {
        match ident::check_override(&o.value) {
            Ok(n) => n,
            Err(msg) => {
                self.err(o.pos, format!("invalid `rust_name`: {msg}"))
                    .help("use ASCII letters, digits and underscores, not starting with a digit");
                "Invalid".to_owned()
            }
        }
    }

    fn derive(
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

    fn claim_type(&mut self, cx: &mut ApiCx, rust: &str, pos: Pos, what: String) {
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
    fn type_kind(
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
                .help("give exactly one of `type`, `object`, `enum`, `int_enum`, `array`, `map`");
            return None;
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

    fn enum_values<V: Clone + PartialEq + std::fmt::Display>(
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
        let mut seen: Vec<V> = Vec::new();
        let mut out = Vec::new();
        for v in values {
            let full = v.full();
            if seen.contains(&full.value) {
                self.err(
                    v.pos,
                    format!("the value `{}` is listed twice in `{origin}`", full.value),
                )
                .help("remove the second one");
                continue;
            }
            seen.push(full.value.clone());
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

    fn fields(
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
                spec::Field::Full(f) => f.clone(),
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
            out.push(ir::FieldItem {
                wire: key.value.clone(),
                rust,
                ty,
                optional: full.optional,
                nullable: full.nullable,
                boxed: false,
                doc: full.description.clone(),
            });
        }
        out.sort_by(|a, b| ident::unraw(&a.rust).cmp(ident::unraw(&b.rust)));
        out
    }

    /// A schema that is either a type expression (used as is) or an inline
    /// definition (which becomes a new named type `{parent}{role}`).
    fn inline_or_expr(
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
        });
        Some(TypeRef::Named(rust))
    }

    fn schema_ref(
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

    /// Parses a type expression: a primitive, a named type, `array<T>`, `map<T>`.
    fn type_expr(&mut self, cx: &ApiCx, e: &Sp<String>) -> Option<TypeRef> {
        let text = e.value.trim();
        let generic = |kw: &str| {
            text.strip_prefix(kw)
                .and_then(|r| r.trim_start().strip_prefix('<'))
                .and_then(|r| r.strip_suffix('>'))
                .map(str::trim)
        };
        if let Some(inner) = generic("array") {
            let inner = self.type_expr(
                cx,
                &Sp {
                    value: inner.to_owned(),
                    pos: e.pos,
                },
            )?;
            return Some(TypeRef::Array(Box::new(inner)));
        }
        if let Some(inner) = generic("map") {
            let inner = self.type_expr(
                cx,
                &Sp {
                    value: inner.to_owned(),
                    pos: e.pos,
                },
            )?;
            return Some(TypeRef::Map(Box::new(inner)));
        }
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
        self.err(e.pos, format!("unknown type `{text}`")).help(help);
        None
    }

    fn endpoint(
        &mut self,
        cx: &mut ApiCx,
        methods: &mut Names,
        key: &Sp<String>,
        ep: &Sp<spec::Endpoint>,
    ) -> Option<ir::EndpointItem> {
        let method_name = match &ep.rust_name {
            Some(o) => self.override_name(o),
            None => {
                if ident::snake(&key.value).ok().as_deref() != Some(key.value.as_str()) {
                    let suggestion = ident::snake(&key.value).unwrap_or_default();
                    self.err(
                        key.pos,
                        format!("the endpoint name `{}` is not snake_case", key.value),
                    )
                    .help(format!(
                        "write `{suggestion}`, or keep it and add `rust_name: {suggestion}`"
                    ));
                }
                self.derive(&key.value, key.pos, "endpoint name", ident::snake)
            }
        };
        if let Err((p, prev)) =
            methods.claim(&method_name, key.pos, format!("endpoint `{}`", key.value))
        {
            let at = if p.line > 0 {
                format!(" (line {})", p.line)
            } else {
                String::new()
            };
            self.err(
                key.pos,
                format!(
                    "endpoint `{}` would be the method `{method_name}`, like {prev}{at}",
                    key.value
                ),
            )
            .help("rename the endpoint or add a `rust_name`");
            return None;
        }
        let camel = ident::upper_camel(ident::unraw(&method_name)).unwrap_or_default();
        let request = ident::request_type(&camel);
        let response = ident::response_type(&camel);
        let error = ident::error_type(&camel);
        for (rust, role) in [
            (&request, "request"),
            (&response, "response"),
            (&error, "error"),
        ] {
            self.claim_type(
                cx,
                rust,
                key.pos,
                format!("the {role} type of endpoint `{}`", key.value),
            );
        }
        let e = &ep.value;
        let method = e.method.value;

        // Parameters.
        let mut fields = Names::default();
        let mut params = Vec::new();
        for (loc, map) in [
            (ir::ParamIn::Path, &e.path_params),
            (ir::ParamIn::Query, &e.query),
            (ir::ParamIn::Header, &e.headers),
        ] {
            for (pkey, p) in map.iter() {
                if let Some(param) = self.param(cx, &mut fields, &camel, loc, pkey, p) {
                    params.push(param);
                }
            }
        }
        params.sort_by(|a, b| {
            (a.location, ident::unraw(&a.rust)).cmp(&(b.location, ident::unraw(&b.rust)))
        });
        self.check_path(e, &params);

        // Body.
        let body = e.body.as_ref().and_then(|b| {
            if matches!(method, Method::Get | Method::Head) {
                self.err(
                    b.pos,
                    format!("a {} request cannot have a body", method.as_str()),
                )
                .help("remove `body`, or send the data as query parameters");
                return None;
            }
            if let Err((_, prev)) = fields.claim("body", b.pos, "the body".to_owned()) {
                self.err(
                    b.pos,
                    format!("the request type already has a field `body`, from {prev}"),
                )
                .help("give that parameter a `rust_name`");
            }
            let (def, required, content_type) = match &b.value {
                spec::Body::Expr(x) => (
                    spec::TypeDef {
                        ty: Some(Sp {
                            value: x.clone(),
                            pos: b.pos,
                        }),
                        ..Default::default()
                    },
                    true,
                    None,
                ),
                spec::Body::Full(f) => (f.type_def(), !f.optional, f.content_type.clone()),
            };
            if let Some(ct) = &content_type
                && ct.value != "application/json"
            {
                self.err(
                    ct.pos,
                    format!("the body media type `{}` is not supported", ct.value),
                )
                .help(
                    "only `application/json` bodies are generated today; leave `content_type` out",
                );
            }
            let ty = self.inline_or_expr(
                cx,
                &def,
                b.pos,
                &camel,
                "body",
                &format!("{}.body", key.value),
            )?;
            Some(ir::BodyItem {
                ty,
                required,
                content_type: "application/json".to_owned(),
                doc: def.description.clone(),
            })
        });

        // Responses.
        let mut responses = Vec::new();
        let mut variants = Names::default();
        for (skey, r) in e.responses.iter() {
            if let Some(resp) = self.response(cx, &mut variants, &camel, key, method, skey, r) {
                responses.push(resp);
            }
        }
        responses.sort_by_key(|r| r.status.unwrap_or(u16::MAX));
        if !responses.is_empty() && responses.iter().all(|r| r.error) {
            self.err(e.responses.iter().next().map(|(k, _)| k.pos).unwrap_or(ep.pos), format!("endpoint `{}` has no success response", key.value))
                .help("declare the status the server answers on success, e.g. `204: { description: Done }`");
        }
        if e.responses.is_empty() {
            self.err(
                ep.pos,
                format!("endpoint `{}` declares no responses", key.value),
            )
            .help("add `responses:` with at least the success status");
        }

        let idempotent = e.idempotent.unwrap_or(matches!(
            method,
            Method::Get | Method::Head | Method::Put | Method::Delete | Method::Options
        ));
        Some(ir::EndpointItem {
            wire: key.value.clone(),
            method_name,
            method,
            path: e.path.value.clone(),
            summary: e.summary.clone(),
            description: e.description.clone(),
            idempotent,
            request,
            response,
            error,
            params,
            body,
            responses,
        })
    }

    fn param(
        &mut self,
        cx: &mut ApiCx,
        fields: &mut Names,
        endpoint_camel: &str,
        loc: ir::ParamIn,
        key: &Sp<String>,
        p: &Sp<spec::Param>,
    ) -> Option<ir::ParamItem> {
        let full = match &p.value {
            spec::Param::Expr(x) => spec::ParamFull {
                ty: Some(Sp {
                    value: x.clone(),
                    pos: p.pos,
                }),
                ..Default::default()
            },
            spec::Param::Full(f) => f.clone(),
        };
        if loc == ir::ParamIn::Header {
            self.check_header_name(key);
            let lower = key.value.to_ascii_lowercase();
            if [
                "authorization",
                "content-type",
                "accept",
                "user-agent",
                "host",
                "content-length",
            ]
            .contains(&lower.as_str())
            {
                self.err(key.pos, format!("the header `{}` is set by the client itself", key.value))
                    .help("authentication comes from `auth:`, media types from the body and responses; remove this parameter");
                return None;
            }
        }
        let rust = match &full.rust_name {
            Some(o) => self.override_name(o),
            None => self.derive(&key.value, key.pos, "parameter name", ident::snake),
        };
        if let Err((pp, prev)) = fields.claim(
            &rust,
            key.pos,
            format!("{} parameter `{}`", loc.as_str(), key.value),
        ) {
            self.err(
                key.pos,
                format!(
                    "{} parameter `{}` would be the field `{rust}`, like {prev} (line {})",
                    loc.as_str(),
                    key.value,
                    pp.line
                ),
            )
            .help("add a `rust_name` to one of them");
            return None;
        }
        let def = spec::TypeDef {
            rust_name: None,
            ..full.type_def()
        };
        let ty = self.inline_or_expr(
            cx,
            &def,
            p.pos,
            endpoint_camel,
            &key.value,
            &format!("{} parameter `{}`", loc.as_str(), key.value),
        )?;
        if !self.is_scalar(cx, &ty) {
            self.err(
                p.pos,
                format!(
                    "the {} parameter `{}` is not a scalar",
                    loc.as_str(),
                    key.value
                ),
            )
            .help("parameters are strings, booleans, numbers or enums");
            return None;
        }
        let required = loc == ir::ParamIn::Path || full.required;
        Some(ir::ParamItem {
            wire: key.value.clone(),
            rust,
            location: loc,
            ty,
            required,
            sensitive: full.sensitive,
            doc: def.description.clone(),
        })
    }

    fn is_scalar(&self, cx: &ApiCx, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Prim(Prim::Json) | TypeRef::Array(_) | TypeRef::Map(_) => false,
            TypeRef::Prim(_) => true,
            TypeRef::Named(n) => match cx.types.iter().find(|t| &t.rust == n).map(|t| &t.kind) {
                Some(ir::TypeKind::StringEnum(_) | ir::TypeKind::IntEnum(_)) => true,
                Some(ir::TypeKind::Alias(inner)) => self.is_scalar(cx, inner),
                // Named types not lowered yet (errors elsewhere) are given the benefit of the doubt.
                None => true,
                Some(ir::TypeKind::Struct(_)) => false,
            },
        }
    }

    fn check_header_name(&mut self, name: &Sp<String>) {
        let ok = !name.value.is_empty()
            && name
                .value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !ok {
            self.err(
                name.pos,
                format!("`{}` is not a valid HTTP header name", name.value),
            )
            .help("header names are letters, digits and `-` (no spaces or colons)");
        }
    }

    fn check_path(&mut self, e: &spec::Endpoint, params: &[ir::ParamItem]) {
        let path = &e.path;
        if !path.value.starts_with('/') {
            self.err(
                path.pos,
                format!("the path `{}` does not start with `/`", path.value),
            )
            .help(format!("write `/{}`", path.value));
        }
        if path.value.contains(['?', '#']) {
            self.err(
                path.pos,
                format!("the path `{}` has a query or fragment", path.value),
            )
            .help("declare query parameters under `query:` instead");
        }
        let mut in_path = BTreeSet::new();
        let mut rest = path.value.as_str();
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                self.err(
                    path.pos,
                    format!("the path `{}` has a `}}` without `{{`", path.value),
                )
                .help("parameters are written `{name}`");
                return;
            }
            let Some(close) = rest[open..].find('}') else {
                self.err(
                    path.pos,
                    format!("the path `{}` has a `{{` that is never closed", path.value),
                )
                .help("parameters are written `{name}`");
                return;
            };
            let name = &rest[open + 1..open + close];
            if name.is_empty() || name.contains('{') {
                self.err(
                    path.pos,
                    format!(
                        "the path `{}` has a malformed parameter `{{{name}}}`",
                        path.value
                    ),
                )
                .help("parameters are written `{name}`");
                return;
            }
            in_path.insert(name.to_owned());
            rest = &rest[open + close + 1..];
        }
        for name in &in_path {
            if !params
                .iter()
                .any(|p| p.location == ir::ParamIn::Path && &p.wire == name)
            {
                self.err(
                    path.pos,
                    format!(
                        "the path uses `{{{name}}}` but no path parameter `{name}` is declared"
                    ),
                )
                .help(format!("declare it: `path_params: {{ {name}: string }}`"));
            }
        }
        for (k, _) in e.path_params.iter() {
            if !in_path.contains(&k.value) {
                self.err(
                    k.pos,
                    format!(
                        "the path parameter `{}` does not appear in the path `{}`",
                        k.value, path.value
                    ),
                )
                .help(format!(
                    "add `{{{}}}` to the path, or remove the parameter",
                    k.value
                ));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn response(
        &mut self,
        cx: &mut ApiCx,
        variants: &mut Names,
        endpoint_camel: &str,
        endpoint_key: &Sp<String>,
        method: Method,
        skey: &Sp<String>,
        r: &Sp<spec::Response>,
    ) -> Option<ir::ResponseItem> {
        let status = if skey.value == "default" {
            None
        } else {
            match skey.value.parse::<u16>() {
                Ok(s) if (100..=599).contains(&s) => Some(s),
                _ => {
                    self.err(skey.pos, format!("`{}` is not a status code", skey.value))
                        .help(
                            "use a code from 100 to 599, or `default` for every status not listed",
                        );
                    return None;
                }
            }
        };
        let full = match &r.value {
            spec::Response::Expr(x) => spec::ResponseFull {
                body: Some(Sp {
                    value: spec::SchemaRef::Expr(x.clone()),
                    pos: r.pos,
                }),
                ..Default::default()
            },
            spec::Response::Full(f) => f.as_ref().clone(),
            spec::Response::Empty => spec::ResponseFull::default(),
        };
        let error = full.error.unwrap_or(match status {
            Some(s) => s >= 400,
            None => true,
        });
        let variant = match &full.rust_name {
            Some(o) => self.override_name(o),
            None => ident::status_variant(status),
        };
        // Success and error variants live in different enums.
        let ns = if error { "e:" } else { "s:" };
        if let Err((_, prev)) = variants.claim(
            &format!("{ns}{variant}"),
            skey.pos,
            format!("response `{}`", skey.value),
        ) {
            self.err(
                skey.pos,
                format!(
                    "response `{}` would be the variant `{variant}`, like {prev}",
                    skey.value
                ),
            )
            .help("give one of them a `rust_name`");
            return None;
        }
        let no_body_allowed =
            method == Method::Head || matches!(status, Some(100..=199 | 204 | 205 | 304));
        let body = match &full.body {
            Some(b) if no_body_allowed => {
                let why = if method == Method::Head {
                    "a response to HEAD".to_owned()
                } else {
                    format!("status {}", skey.value)
                };
                self.err(b.pos, format!("{why} cannot have a body"))
                    .help("remove `body`, or use a status that carries one (e.g. 200)");
                None
            }
            Some(b) => {
                let role = format!("{variant}Body");
                let origin = format!("{}.responses.{}", endpoint_key.value, skey.value);
                Some(self.schema_ref(cx, b, endpoint_camel, &role, &origin)?)
            }
            None => None,
        };
        if let Some(f) = &full.retry_after_field
            && body.is_none()
        {
            self.err(
                f.pos,
                "`retry_after_field` names a body field, but this response has no body",
            )
            .help("declare the response's `body`, or remove `retry_after_field`");
        }
        Some(ir::ResponseItem {
            status,
            variant,
            error,
            body,
            doc: full.description.clone(),
            retry_after_field: full.retry_after_field.as_ref().map(|f| f.value.clone()),
        })
    }

    /// Boxes struct fields that would make a type contain itself, and rejects
    /// aliases that refer to themselves.
    fn break_cycles(&mut self, types: &mut [ir::TypeItem]) {
        let direct: BTreeMap<String, Vec<String>> = types
            .iter()
            .map(|t| {
                let out = match &t.kind {
                    ir::TypeKind::Struct(fields) => fields
                        .iter()
                        .filter_map(|f| {
                            if let TypeRef::Named(n) = &f.ty {
                                Some(n.clone())
                            } else {
                                None
                            }
                        })
                        .collect(),
                    ir::TypeKind::Alias(TypeRef::Named(n)) => vec![n.clone()],
                    _ => Vec::new(),
                };
                (t.rust.clone(), out)
            })
            .collect();
        let reaches = |from: &str, to: &str| {
            let mut stack = vec![from.to_owned()];
            let mut seen = BTreeSet::new();
            while let Some(n) = stack.pop() {
                if n == to {
                    return true;
                }
                if seen.insert(n.clone()) {
                    stack.extend(direct.get(&n).into_iter().flatten().cloned());
                }
            }
            false
        };
        for t in types.iter_mut() {
            match &mut t.kind {
                ir::TypeKind::Struct(fields) => {
                    for f in fields.iter_mut() {
                        if let TypeRef::Named(n) = &f.ty {
                            f.boxed = reaches(n, &t.rust);
                        }
                    }
                }
                ir::TypeKind::Alias(TypeRef::Named(n)) if reaches(n, &t.rust) => {
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

/// Lets a call site add help to the diagnostic it just pushed.
struct ErrHandle<'d>(Option<&'d mut Diagnostic>);

impl ErrHandle<'_> {
    fn help(self, help: impl Into<String>) {
        if let Some(d) = self.0 {
            d.help = Some(help.into());
        }
    }
}
