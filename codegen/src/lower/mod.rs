//! Check and lower: the spec model -> [`crate::ir`].
//!
//! Resolves type references, decides every Rust name (through [`crate::ident`]),
//! and rejects what cannot be generated. Every problem is collected; nothing stops
//! at the first one.

use rayon::prelude::*;
use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::ident::{self};
use crate::ir::{self, TypeRef};
use crate::load::Loaded;
use crate::spec::{self, Pos};

pub(crate) mod api;
mod auth;
mod constraints;
mod endpoint;
mod gates;
mod pointer;
mod reach;
mod responses;
mod retry;
mod serde_use;
mod shared_errors;
mod types;
mod union;
pub(crate) mod wire;

/// Lowers every loaded spec, then checks what spans files (API names).
pub fn lower_all(loaded: &[Loaded]) -> Result<Vec<ir::Api>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut apis = Vec::new();
    let mut seen: BTreeMap<String, (String, Pos)> = BTreeMap::new();
    // Each spec lowers on its own, on all cores; only names are compared across them.
    let lowered: Vec<(ir::Api, Diagnostics)> = loaded
        .par_iter()
        .map(|l| {
            let mut cx = Cx {
                src: &l.source,
                diags: Diagnostics::default(),
            };
            let api = cx.api(&l.spec);
            (api, cx.diags)
        })
        .collect();
    for (l, (api, more)) in loaded.iter().zip(lowered) {
        let mut cx = Cx {
            src: &l.source,
            diags: more,
        };
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
    types: Types,
    /// The API's authentication schemes.
    auth: ir::Auth,
    /// The API's constant headers.
    constant_headers: Vec<(String, String)>,
    /// Struct name -> its fields' wire names in the spec's order (fields
    /// are sorted by Rust name; a multipart body sends parts in this order).
    field_order: BTreeMap<String, Vec<String>>,
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
                "it names the crate `api-clients-<name>`, a module and a cargo feature; write `{suggestion}`"
            ));
        } else if ["runtime", "full", "default"].contains(&name.as_str()) {
            self.err(s.name.pos, format!("the API name `{name}` is reserved"))
                .help("`runtime`, `full` and `default` are a module and features of the convenience crate `api-clients`; pick another name");
        }
        let prefix = match &s.rust_name {
            Some(o) => self.override_name(o),
            None => self.derive(&name, s.name.pos, "API name", ident::upper_camel),
        };
        let version = self.version(s);
        let client = ident::client_type(&prefix);
        let server_enum = ident::server_type(&prefix);
        let credential_enum = ident::credential_type(&prefix);

        let servers = self.servers(s);
        let auth = self.auth(s);
        let constant_headers = self.constant_headers(&s.constant_headers);
        self.check_auth_headers(&auth, &constant_headers, &s.constant_headers);
        let mut cx = ApiCx {
            named: BTreeMap::new(),
            type_names: Names::default(),
            types: Types::default(),
            auth,
            constant_headers,
            field_order: BTreeMap::new(),
        };
        for (rust, what) in [
            (&client, "the client type"),
            (&server_enum, "the server enum"),
            (&credential_enum, "the credential enum"),
        ] {
            let _ = cx.type_names.claim(rust, s.name.pos, what.to_owned());
        }

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
                    validated: false,
                    serde: ir::SerdeUse::BOTH,
                    gate: ir::Gate::Always,
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
        self.check_bytes_fields(&cx.types);
        Cx::mark_validated(&mut cx.types);
        serde_use::mark(&mut cx.types, &endpoints);
        shared_errors::share(&mut cx.type_names, &mut endpoints);
        let groups = gates::mark(&mut cx.types, &mut endpoints);
        let error_message = self.api_error_message(s, &cx.types, &endpoints);
        let retry = self.retry(s.retry.as_ref(), &cx.types, &endpoints);
        if s.endpoints.is_empty() {
            self.err(s.name.pos, "the API has no endpoints")
                .help("add at least one endpoint under `endpoints:`");
        }

        ir::Api {
            spec_file: self.src.name.clone(),
            crate_name: ident::api_crate(&name),
            name,
            version,
            title: s.title.clone(),
            description: s.description.clone(),
            source: s.source.clone(),
            client,
            server_enum,
            servers,
            auth: cx.auth,
            credential_enum,
            error_message,
            retry,
            types: cx.types.into_sorted(),
            endpoints,
            groups,
        }
    }
}

impl Cx<'_> {
    /// The crate version: semver 2.0 without build metadata, as cargo accepts it.
    fn version(&mut self, s: &spec::Spec) -> String {
        let Some(v) = &s.version else {
            return DEFAULT_VERSION.to_owned();
        };
        if !is_semver(&v.value) {
            self.err(v.pos, format!("`{}` is not a semantic version", v.value))
                .help(SEMVER_HELP);
        }
        v.value.clone()
    }
}

/// The version of an API whose spec gives none.
pub const DEFAULT_VERSION: &str = "0.1.0";

/// How to write a version cargo accepts.
pub const SEMVER_HELP: &str =
    "write MAJOR.MINOR.PATCH without leading zeros, e.g. `1.4.0` or `0.3.1-beta.1`";

/// Whether `v` is semver 2.0 without build metadata, as cargo accepts it.
pub fn is_semver(v: &str) -> bool {
    let numeric = r"(0|[1-9][0-9]*)";
    let pattern = format!(r"^{numeric}\.{numeric}\.{numeric}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$");
    regex::Regex::new(&pattern).is_ok_and(|re| re.is_match(v))
}

/// The API's types as lowering builds them, found by Rust name at once:
/// checks that follow types from field to field ask for thousands of names
/// in a large API, and a scan of the list each time made lowering quadratic.
#[derive(Debug, Default)]
pub(super) struct Types {
    items: Vec<ir::TypeItem>,
    index: std::collections::HashMap<String, usize>,
    /// What the types there were when first asked hold (see
    /// [`Types::holds`]): each endpoint's walk stops at them, so a large
    /// API's endpoints do not each walk the same thousands of types.
    held: std::cell::OnceCell<reach::Held>,
}

impl Types {
    /// Adds a type; its name must not change afterwards.
    pub(super) fn push(&mut self, t: ir::TypeItem) {
        self.index.insert(t.rust.clone(), self.items.len());
        self.items.push(t);
    }

    /// Where the type named `rust` is in the list.
    pub(super) fn position(&self, rust: &str) -> Option<usize> {
        self.index.get(rust).copied()
    }

    /// The type named `rust`.
    pub(super) fn get(&self, rust: &str) -> Option<&ir::TypeItem> {
        self.index.get(rust).map(|&i| &self.items[i])
    }

    /// The kind of the type named `rust`.
    pub(super) fn kind(&self, rust: &str) -> Option<&ir::TypeKind> {
        self.get(rust).map(|t| &t.kind)
    }

    /// The types, to change anything but their names.
    pub(super) fn items_mut(&mut self) -> impl Iterator<Item = &mut ir::TypeItem> {
        self.held.take();
        self.items.iter_mut()
    }

    /// Whether a value of `ty` can hold `what` (through arrays, maps,
    /// aliases, fields and union members): [`reach::holds_known`], with the
    /// answers for the types already there computed once, by one walk over
    /// the reversed graph. Types are only added while endpoints are lowered,
    /// so those answers stay right.
    pub(in crate::lower) fn holds(&self, ty: &TypeRef, what: reach::What) -> bool {
        let held = self.held.get_or_init(|| reach::Held::of(&self.items));
        let known = |n: &str| self.index.get(n).and_then(|&i| held.get(i, what));
        reach::holds_known(|n| self.kind(n), ty, what, known)
    }

    /// The types, sorted by Rust name, as the IR holds them.
    fn into_sorted(mut self) -> Vec<ir::TypeItem> {
        self.items.sort_by(|a, b| a.rust.cmp(&b.rust));
        self.items
    }
}

impl std::ops::Deref for Types {
    type Target = [ir::TypeItem];
    fn deref(&self) -> &[ir::TypeItem] {
        &self.items
    }
}

/// In-place changes that keep every name (boxing, marks).
impl std::ops::DerefMut for Types {
    fn deref_mut(&mut self) -> &mut [ir::TypeItem] {
        self.held.take();
        &mut self.items
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
