//! `cargo xtask synth`: writes synthetic specs for benchmarks.
//!
//! The specs read like a large vendor API: resources with the usual CRUD
//! endpoints plus sub-resources, actions, search and bulk updates, so every
//! feature of the spec format appears in realistic proportions (path, query and
//! header parameters, named and inline objects, string and integer enums,
//! arrays, maps, optional and nullable fields, several error responses with
//! bodies, a `retry_after_field`, a `default` response, multi-status successes).
//!
//! Output depends only on the arguments: the same `--seed` gives byte-identical
//! files. Randomness comes from a hand-written splitmix64 generator.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// First line of every synthetic spec; `synth` only ever deletes files that start with it.
pub const HEADER: &str = "# Synthetic spec written by `cargo xtask synth`";

/// The seed used when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 1;

/// Endpoints generated per resource (list, get, create, replace, update, delete,
/// get event, action, search, bulk update).
const OPS_PER_RESOURCE: usize = 10;

/// One spec file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFile {
    /// File name (`billing.yaml`).
    pub file_name: String,
    /// The YAML text.
    pub text: String,
}

/// splitmix64: tiny, fast, and good enough to pick names and options.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with the given probability in percent.
    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `k` distinct items of `items`, in the order of `items`.
    fn subset<'a, T>(&mut self, items: &'a [T], k: usize) -> Vec<&'a T> {
        let mut idx: Vec<usize> = (0..items.len()).collect();
        for i in 0..idx.len() {
            let j = i + self.below(idx.len() - i);
            idx.swap(i, j);
        }
        let mut chosen: Vec<usize> = idx.into_iter().take(k.min(items.len())).collect();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| &items[i]).collect()
    }
}

const DOMAINS: &[(&str, &str)] = &[
    ("billing", "Billing"),
    ("catalog", "Catalog"),
    ("crm", "Customer Relations"),
    ("inventory", "Inventory"),
    ("messaging", "Messaging"),
    ("payments", "Payments"),
    ("projects", "Projects"),
    ("shipping", "Shipping"),
    ("storage", "Storage"),
    ("support", "Support Desk"),
    ("analytics", "Analytics"),
    ("identity", "Identity"),
];

const NOUNS: &[&str] = &[
    "account",
    "invoice",
    "order",
    "customer",
    "product",
    "shipment",
    "ticket",
    "project",
    "task",
    "comment",
    "document",
    "folder",
    "payment",
    "refund",
    "subscription",
    "plan",
    "coupon",
    "webhook",
    "report",
    "team",
    "member",
    "role",
    "policy",
    "device",
    "sensor",
    "alert",
    "incident",
    "release",
    "build",
    "artifact",
    "repository",
    "branch",
    "label",
    "milestone",
    "note",
    "contact",
    "address",
    "warehouse",
    "vendor",
    "quote",
];

/// Qualifiers that make further resources from the same nouns
/// (`partner_invoice`); none of them is a noun or a type-name suffix.
const QUALIFIERS: &[&str] = &[
    "partner",
    "internal",
    "legacy",
    "draft",
    "shared",
    "global",
    "regional",
    "scheduled",
    "external",
    "private",
    "public",
    "pending",
    "archived",
    "custom",
    "default",
    "linked",
    "managed",
    "primary",
    "secondary",
    "temporary",
    "verified",
    "remote",
    "local",
    "staged",
];

const VERBS: &[&str] = &[
    "archive", "restore", "approve", "reject", "sync", "lock", "unlock", "publish",
];

const STATUS_VALUES: &[&str] = &[
    "active",
    "inactive",
    "pending",
    "archived",
    "deleted",
    "draft",
    "published",
    "failed",
    "PARTIAL_SUCCESS",
    "in-review",
];

/// Optional extra fields: (wire name, type expression).
const EXTRA_FIELDS: &[(&str, &str)] = &[
    ("color", "string"),
    ("weight", "f64"),
    ("height", "f32"),
    ("region", "string"),
    ("locale", "string"),
    ("timezone", "string"),
    ("externalId", "string"),
    ("notes", "string"),
    ("rank", "i32"),
    ("score", "f64"),
    ("quota", "u64"),
    ("threshold", "u32"),
    ("channel", "string"),
    ("category", "string"),
    ("sku", "string"),
    ("enabled", "bool"),
    ("archivedCount", "i64"),
    ("attributes", "map<json>"),
    ("aliases", "array<string>"),
    ("scores", "map<f64>"),
    ("groups", "map<array<string>>"),
    ("raw", "json"),
];

const SENTENCES: &[&str] = &[
    "Results are sorted by creation time, newest first.",
    "Only objects the caller can see are returned.",
    "The change is visible to other clients within a few seconds.",
    "Fields left out of the request keep their current value.",
    "Deleted objects stay readable for 30 days.",
    "The operation is rate limited per account.",
    "See the `status` field for the outcome.",
    "Values are stored exactly as sent.",
];

/// A resource: the unit that endpoints and types are made for.
struct Resource {
    /// `partner_invoice`
    snake: String,
    /// `PartnerInvoice`
    camel: String,
    /// `partner-invoices`
    plural_path: String,
    /// `partnerInvoiceId`
    id_param: String,
    /// Whether the id is a string (else `i64`).
    string_id: bool,
}

impl Resource {
    fn nth(k: usize, offset: usize) -> Resource {
        let noun = NOUNS[(k + offset) % NOUNS.len()];
        let round = k / NOUNS.len();
        let mut words: Vec<&str> = Vec::new();
        if round > 0 {
            let q = round - 1;
            if q >= QUALIFIERS.len() {
                words.push(QUALIFIERS[(q / QUALIFIERS.len() - 1) % QUALIFIERS.len()]);
            }
            words.push(QUALIFIERS[q % QUALIFIERS.len()]);
        }
        words.push(noun);
        let snake = words.join("_");
        let camel: String = words.iter().map(|w| upper_first(w)).collect();
        let lower_camel = {
            let mut s = words[0].to_owned();
            s.extend(words[1..].iter().map(|w| upper_first(w)));
            s
        };
        Resource {
            plural_path: format!("{}s", words.join("-")),
            id_param: format!("{lower_camel}Id"),
            snake,
            camel,
            string_id: false,
        }
    }
}

fn upper_first(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// A YAML double-quoted scalar.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Generates `apis` spec files holding `endpoints` endpoints in total.
pub fn generate(apis: usize, endpoints: usize, seed: u64) -> Result<Vec<SpecFile>, String> {
    if apis == 0 {
        return Err("--apis must be at least 1".to_owned());
    }
    if endpoints < apis {
        return Err(format!(
            "--endpoints ({endpoints}) must be at least --apis ({apis}): every API needs an endpoint"
        ));
    }
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(apis);
    for i in 0..apis {
        let n = endpoints / apis + usize::from(i < endpoints % apis);
        let (domain, title) = DOMAINS[i % DOMAINS.len()];
        // Past the word list, pair domains up (`billing_catalog`): no digits, so
        // the derived Rust names stay obvious.
        let name = match i / DOMAINS.len() {
            0 => domain.to_owned(),
            round if round <= DOMAINS.len() => format!("{domain}_{}", DOMAINS[round - 1].0),
            _ => {
                return Err(format!(
                    "at most {} APIs",
                    DOMAINS.len() * (DOMAINS.len() + 1)
                ));
            }
        };
        let text = api(&mut rng, i, &name, title, n, seed);
        out.push(SpecFile {
            file_name: format!("{name}.yaml"),
            text,
        });
    }
    Ok(out)
}

fn api(rng: &mut Rng, index: usize, name: &str, title: &str, n: usize, seed: u64) -> String {
    let mut s = String::with_capacity(n * 3000 + 4000);
    let w = &mut s;
    // `writeln!` into a String cannot fail.
    macro_rules! out {
        ($($t:tt)*) => {{ let _ = writeln!(w, $($t)*); }};
    }
    out!("{HEADER} (seed {seed}); do not edit.");
    out!("name: {name}");
    out!("title: {}", q(&format!("{title} API (synthetic)")));
    out!("description: |");
    out!(
        "  A made-up {} API with {n} endpoints, for benchmarking the generator.",
        title.to_lowercase()
    );
    out!("  Every feature of the spec format appears in it.");
    out!("source: {}", q(&format!("cargo xtask synth --seed {seed}")));
    if index % 4 == 1 {
        out!(
            "rust_name: {}Api",
            name.split('_').map(upper_first).collect::<String>()
        );
    }
    out!("servers:");
    out!("  production:");
    out!("    url: {}", q(&format!("https://api.{name}.example/v1")));
    out!("    description: Live data.");
    out!("    default: true");
    out!(
        "  sandbox: {}",
        q(&format!("https://sandbox.{name}.example/v1"))
    );
    if rng.chance(50) {
        out!(
            "  eu: {{ url: {}, description: EU region., rust_name: Europe }}",
            q(&format!("https://eu.{name}.example/v1"))
        );
    }
    match index % 3 {
        0 => out!("auth: bearer"),
        1 => out!("auth: {{ api_key: {{ header: X-Api-Key }} }}"),
        _ => out!("auth: none"),
    }
    out!("error_message_fields: [message, detail]");
    out!("types:");
    shared_types(w);
    let resources: Vec<Resource> = (0..n.div_ceil(OPS_PER_RESOURCE))
        .map(|k| {
            let mut r = Resource::nth(k, index * 7);
            r.string_id = rng.chance(30);
            r
        })
        .collect();
    for r in &resources {
        resource_types(rng, w, r);
    }
    out!("endpoints:");
    for j in 0..n {
        let r = &resources[j / OPS_PER_RESOURCE];
        endpoint(rng, w, r, j % OPS_PER_RESOURCE);
    }
    s
}

fn shared_types(w: &mut String) {
    w.push_str(
        r#"  ApiError:
    description: An error reported by the service.
    object:
      message: { type: string, optional: true, description: What went wrong. }
      detail: { type: string, optional: true, nullable: true }
      code: { type: i32, optional: true, description: Service-specific error code. }
      requestId: { type: string, optional: true }
  ValidationError:
    description: The request was understood but some fields are invalid.
    object:
      message: { type: string, optional: true }
      fieldErrors:
        optional: true
        description: One entry per invalid field.
        array:
          object:
            field: string
            problem: string
  RateLimited:
    description: The caller sent too many requests.
    object:
      message: { type: string, optional: true }
      retry_after: { type: i64, optional: true, description: Seconds to wait. }
  Priority:
    description: How urgent something is.
    int_enum:
      - { value: 0, rust_name: Low }
      - { value: 1, rust_name: Normal, description: The default. }
      - { value: 2, rust_name: High }
      - { value: 3, rust_name: Urgent }
  Owner:
    description: Who owns an object.
    object:
      id: i64
      displayName: { type: string, optional: true }
      email: { type: string, optional: true, nullable: true }
      kind: { optional: true, enum: [user, team, service] }
  Money:
    object:
      amount: { type: i64, description: In minor units (cents). }
      currency: { type: string, description: ISO 4217 code. }
  Labels:
    description: Free-form labels, by label name.
    map: string
  Timestamp:
    description: An RFC 3339 date and time.
    type: string
"#,
    );
}

fn resource_types(rng: &mut Rng, w: &mut String, r: &Resource) {
    let c = &r.camel;
    macro_rules! out {
        ($($t:tt)*) => {{ let _ = writeln!(w, $($t)*); }};
    }
    out!("  {c}:");
    out!(
        "    description: {}",
        q(&format!(
            "A {} as stored by the service.",
            r.snake.replace('_', " ")
        ))
    );
    out!("    object:");
    out!("      id: {}", if r.string_id { "string" } else { "i64" });
    out!("      name: string");
    out!("      status: {c}Status");
    out!("      createdAt: Timestamp");
    if rng.chance(70) {
        out!("      updatedAt: {{ type: Timestamp, nullable: true }}");
    }
    if rng.chance(60) {
        out!(
            "      description: {{ type: string, optional: true, nullable: true, description: Free text. }}"
        );
    }
    if rng.chance(50) {
        out!("      type: {{ type: string, optional: true, description: A keyword-named field. }}");
    }
    if rng.chance(60) {
        out!("      priority: {{ type: Priority, optional: true }}");
    }
    if rng.chance(60) {
        out!("      owner: {{ type: Owner, optional: true }}");
    }
    if rng.chance(50) {
        out!("      tags: {{ type: array<string>, optional: true }}");
    }
    if rng.chance(50) {
        out!("      labels: {{ type: Labels, optional: true }}");
    }
    if rng.chance(40) {
        out!("      amount: {{ type: Money, optional: true, nullable: true }}");
    }
    if rng.chance(25) {
        out!(
            "      parent: {{ type: {c}, optional: true, description: The containing {}. }}",
            r.snake.replace('_', " ")
        );
    }
    if rng.chance(30) {
        out!("      \"@etag\": {{ type: string, optional: true, rust_name: etag }}");
    }
    if rng.chance(60) {
        out!("      metadata:");
        out!("        optional: true");
        out!("        description: Bookkeeping, an inline object.");
        out!("        object:");
        out!("          source: string");
        out!("          revision: {{ type: i32, optional: true }}");
        out!("          attributes: {{ type: map<json>, optional: true }}");
    }
    if rng.chance(40) {
        out!("      visibility: {{ optional: true, enum: [public, private, internal] }}");
    }
    if rng.chance(30) {
        out!("      history:");
        out!("        optional: true");
        out!("        array:");
        out!("          object:");
        out!("            at: Timestamp");
        out!("            actor: string");
        out!("            action: {{ type: string, nullable: true }}");
    }
    let k = 1 + rng.below(5);
    for (wire, ty) in rng.subset(EXTRA_FIELDS, k) {
        out!("      {wire}: {{ type: {ty}, optional: true }}");
    }

    out!("  {c}Status:");
    out!(
        "    description: {}",
        q(&format!(
            "Lifecycle state of a {}.",
            r.snake.replace('_', " ")
        ))
    );
    out!("    enum:");
    let k = 3 + rng.below(4);
    for v in rng.subset(STATUS_VALUES, k) {
        if rng.chance(30) {
            out!(
                "      - {{ value: {}, description: {} }}",
                q(v),
                q(&format!("The object is {v}."))
            );
        } else {
            out!("      - {}", q(v));
        }
    }

    out!("  {c}List:");
    out!("    description: One page of results.");
    out!("    object:");
    out!("      items: array<{c}>");
    out!("      nextPageToken: {{ type: string, optional: true, nullable: true }}");
    out!("      total: {{ type: i64, optional: true }}");

    out!("  {c}Input:");
    out!(
        "    description: {}",
        q(&format!(
            "The fields a client sets when creating a {}.",
            r.snake.replace('_', " ")
        ))
    );
    out!("    object:");
    out!("      name: string");
    out!("      description: {{ type: string, optional: true }}");
    out!("      status: {{ type: {c}Status, optional: true }}");
    if rng.chance(50) {
        out!("      labels: {{ type: Labels, optional: true }}");
    }
    if rng.chance(50) {
        out!("      owner: {{ type: Owner, optional: true }}");
    }
}

fn endpoint(rng: &mut Rng, w: &mut String, r: &Resource, op: usize) {
    let c = &r.camel;
    let s = &r.snake;
    let human = s.replace('_', " ");
    let plural = &r.plural_path;
    let id = &r.id_param;
    let id_ty = if r.string_id { "string" } else { "i64" };
    macro_rules! out {
        ($($t:tt)*) => {{ let _ = writeln!(w, $($t)*); }};
    }
    let describe = |rng: &mut Rng, w: &mut String| {
        if rng.chance(40) {
            let a = *rng.pick(SENTENCES);
            let b = *rng.pick(SENTENCES);
            let _ = writeln!(w, "    description: |\n      {a}\n      {b}");
        }
    };
    let request_id = |rng: &mut Rng, w: &mut String| {
        if rng.chance(40) {
            let _ = writeln!(
                w,
                "      X-Request-Id: {{ type: string, description: Echoed in the logs. }}"
            );
        }
    };
    let path_id = |w: &mut String| {
        let _ = writeln!(w, "    path_params:");
        let _ = writeln!(
            w,
            "      {id}: {{ type: {id_ty}, description: {} }}",
            q(&format!("The {human}."))
        );
    };
    let rate_limited =
        "      429: { description: Slow down., body: RateLimited, retry_after_field: retry_after }";
    let default = "      default: { description: Any other failure., body: ApiError }";
    match op {
        0 => {
            out!("  list_{s}s:");
            out!("    method: GET");
            out!("    path: {}", q(&format!("/{plural}")));
            out!("    summary: {}", q(&format!("List {human}s.")));
            describe(rng, w);
            out!("    query:");
            out!("      limit: {{ type: i32, description: Page size (1-100). }}");
            out!("      pageToken: string");
            if rng.chance(60) {
                out!("      includeArchived: bool");
            }
            if rng.chance(50) {
                out!(
                    "      since: {{ type: i64, description: Only objects changed after this Unix time. }}"
                );
            }
            if rng.chance(60) {
                out!("      status: {c}Status");
            }
            out!(
                "      sort: {{ enum: [newest, oldest, name], description: Order of the results. }}"
            );
            if rng.chance(30) {
                out!("      minScore: f64");
            }
            out!("    headers:");
            out!("      Accept-Language: string");
            request_id(rng, w);
            out!("    responses:");
            out!("      200: {c}List");
            out!("      400: {{ description: Invalid filter., body: ValidationError }}");
            out!("      401: {{ description: Not signed in. }}");
            out!("{rate_limited}");
            out!("{default}");
        }
        1 => {
            out!("  get_{s}:");
            out!("    method: GET");
            out!("    path: {}", q(&format!("/{plural}/{{{id}}}")));
            out!("    summary: {}", q(&format!("Fetch one {human}.")));
            describe(rng, w);
            path_id(w);
            if rng.chance(50) {
                out!("    query:");
                out!("      expand: {{ type: bool, description: Include nested objects. }}");
            }
            out!("    headers:");
            out!("      If-None-Match: string");
            request_id(rng, w);
            out!("    responses:");
            out!("      200: {c}");
            out!("      304: {{ description: Unchanged since the given ETag. }}");
            out!("      404: {{ description: No such {human}., body: ApiError }}");
            out!("{rate_limited}");
            out!("{default}");
        }
        2 => {
            out!("  create_{s}:");
            out!("    method: POST");
            out!("    path: {}", q(&format!("/{plural}")));
            out!("    summary: {}", q(&format!("Create a {human}.")));
            describe(rng, w);
            if rng.chance(50) {
                out!("    idempotent: true");
                out!("    headers:");
                out!("      Idempotency-Key: {{ type: string, required: true }}");
                request_id(rng, w);
            }
            out!("    body: {c}Input");
            out!("    responses:");
            out!("      201: {c}");
            out!("      400: {{ description: Invalid {human}., body: ValidationError }}");
            out!("      409: {{ description: A {human} with this name exists., body: ApiError }}");
            out!("{rate_limited}");
            out!("{default}");
        }
        3 => {
            out!("  replace_{s}:");
            out!("    method: PUT");
            out!("    path: {}", q(&format!("/{plural}/{{{id}}}")));
            out!(
                "    summary: {}",
                q(&format!("Create or replace a {human}."))
            );
            describe(rng, w);
            path_id(w);
            out!("    headers:");
            out!("      If-Match: {{ type: string, description: Only replace this version. }}");
            out!("    body: {c}");
            out!("    responses:");
            out!("      200: {{ description: Replaced., body: {c} }}");
            out!("      201: {{ description: Created., body: {c} }}");
            out!("      412: {{ description: The version did not match. }}");
            out!("      422: {{ description: Invalid {human}., body: ValidationError }}");
            out!("{default}");
        }
        4 => {
            out!("  update_{s}:");
            out!("    method: PATCH");
            out!("    path: {}", q(&format!("/{plural}/{{{id}}}")));
            out!(
                "    summary: {}",
                q(&format!("Change some fields of a {human}."))
            );
            describe(rng, w);
            path_id(w);
            out!("    body:");
            out!("      description: The fields to change.");
            out!("      object:");
            out!("        name: {{ type: string, optional: true }}");
            out!("        status: {{ type: {c}Status, optional: true }}");
            out!("        labels: {{ type: map<string>, optional: true, nullable: true }}");
            if rng.chance(50) {
                out!("        priority: {{ type: Priority, optional: true }}");
            }
            out!("    responses:");
            out!("      200: {c}");
            out!("      404: {{ description: No such {human}. }}");
            out!("      422: {{ body: ValidationError }}");
            out!("{rate_limited}");
            out!("{default}");
        }
        5 => {
            out!("  delete_{s}:");
            out!("    method: DELETE");
            out!("    path: {}", q(&format!("/{plural}/{{{id}}}")));
            out!("    summary: {}", q(&format!("Delete a {human}.")));
            describe(rng, w);
            path_id(w);
            if rng.chance(50) {
                out!("    query:");
                out!("      force: {{ type: bool, description: Also delete what depends on it. }}");
            }
            out!("    responses:");
            out!("      204: {{ description: Deleted. }}");
            out!("      404: {{ description: No such {human}. }}");
            out!("      409: {{ description: Still in use., body: ApiError }}");
            out!("{default}");
        }
        6 => {
            out!("  get_{s}_event:");
            out!("    method: GET");
            out!(
                "    path: {}",
                q(&format!("/{plural}/{{{id}}}/events/{{eventId}}"))
            );
            out!(
                "    summary: {}",
                q(&format!("Fetch one event of a {human}."))
            );
            describe(rng, w);
            path_id(w);
            out!("      eventId: string");
            out!("    query:");
            out!(
                "      fields: {{ type: string, required: true, description: Comma-separated field names. }}"
            );
            if rng.chance(50) {
                out!("      detail: {{ enum: [summary, full], description: How much to return. }}");
            }
            out!("    responses:");
            out!("      200:");
            out!("        description: The event.");
            out!("        body:");
            out!("          object:");
            out!("            id: string");
            out!("            kind: {{ enum: [created, updated, deleted] }}");
            out!("            at: Timestamp");
            out!("            data: {{ type: json, optional: true }}");
            out!("      404: {{ description: No such event. }}");
            out!("{default}");
        }
        7 => {
            let verb = *rng.pick(VERBS);
            out!("  {verb}_{s}:");
            out!("    method: POST");
            out!("    path: {}", q(&format!("/{plural}/{{{id}}}/{verb}")));
            out!(
                "    summary: {}",
                q(&format!("{} a {human}.", upper_first(verb)))
            );
            describe(rng, w);
            if rng.chance(30) {
                out!("    idempotent: true");
            }
            path_id(w);
            out!("    body:");
            out!("      optional: true");
            out!("      content_type: application/json");
            out!("      object:");
            out!("        reason: {{ type: string, optional: true }}");
            out!("        notify: {{ type: bool, optional: true }}");
            out!("    responses:");
            out!("      200: {{ description: Done at once., body: {c} }}");
            out!("      202: {{ description: Accepted; done later. }}");
            out!(
                "      409: {{ description: Not possible in the current state., body: ApiError }}"
            );
            out!("{rate_limited}");
            out!("{default}");
        }
        8 => {
            out!("  search_{s}s:");
            out!("    method: POST");
            out!("    path: {}", q(&format!("/{plural}/search")));
            out!("    summary: {}", q(&format!("Search {human}s.")));
            describe(rng, w);
            out!("    idempotent: true");
            out!("    body:");
            out!("      object:");
            out!("        query: string");
            out!("        filters: {{ type: map<string>, optional: true }}");
            out!("        limit: {{ type: i32, optional: true }}");
            out!("        priority:");
            out!("          optional: true");
            out!(
                "          int_enum: [{{ value: 0, rust_name: Any }}, {{ value: 2, rust_name: HighOnly }}]"
            );
            out!("    responses:");
            out!("      200: {c}List");
            out!("      400: {{ description: Invalid query., body: ValidationError }}");
            out!("{rate_limited}");
            out!("{default}");
        }
        _ => {
            out!("  bulk_update_{s}s:");
            out!("    method: PATCH");
            out!("    path: {}", q(&format!("/{plural}")));
            out!(
                "    summary: {}",
                q(&format!("Change many {human}s at once."))
            );
            describe(rng, w);
            out!("    body:");
            out!("      array:");
            out!("        object:");
            out!("          id: {id_ty}");
            out!("          status: {{ type: {c}Status, optional: true }}");
            out!("          owner: {{ type: Owner, optional: true, nullable: true }}");
            out!("    responses:");
            out!("      200:");
            out!("        body:");
            out!("          object:");
            out!("            updated: i32");
            out!("            failed: {{ type: array<ApiError>, optional: true }}");
            out!("      413: {{ description: Too many items., rust_name: TooManyItems }}");
            out!("{rate_limited}");
            out!("{default}");
        }
    }
}

/// Writes `specs` into `dir`, first removing synthetic specs already there (and
/// nothing else).
pub fn write(dir: &Path, specs: &[SpecFile]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if is_yaml && std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with(HEADER)) {
            std::fs::remove_file(&path)?;
        }
    }
    for s in specs {
        std::fs::write(dir.join(&s.file_name), &s.text)?;
    }
    Ok(())
}

/// The OpenAPI 3.0 documents of `specs`, as (file name, JSON text): the same
/// model, read back through the generator's own checks and names.
pub fn openapi(specs: &[SpecFile]) -> Result<Vec<(String, String)>, String> {
    let apis = codegen::lower_specs(&raw_specs(specs)).map_err(|e| e.to_string())?;
    apis.iter()
        .map(|api| {
            let doc = crate::openapi::document(api);
            let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
            Ok((format!("{}.openapi.json", api.name), text + "\n"))
        })
        .collect()
}

/// The specs as the generator reads them, shown as `synth/<file>`.
pub fn raw_specs(specs: &[SpecFile]) -> Vec<codegen::RawSpec> {
    specs
        .iter()
        .map(|s| codegen::RawSpec {
            name: format!("synth/{}", s.file_name),
            bytes: s.text.clone().into_bytes(),
        })
        .collect()
}

/// `cargo xtask synth --apis A --endpoints N --out DIR [--seed S] [--openapi]`.
pub fn cmd(args: &[String]) -> ExitCode {
    let mut apis: Option<usize> = None;
    let mut with_openapi = false;
    let mut endpoints: Option<usize> = None;
    let mut out: Option<String> = None;
    let mut seed = DEFAULT_SEED;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--openapi" {
            with_openapi = true;
            continue;
        }
        let value = it.next();
        let Some(v) = value else {
            return crate::usage_error(&format!("`{a}` needs a value"));
        };
        let number = |what: &str| {
            v.replace('_', "")
                .parse::<u64>()
                .map_err(|_| format!("{what} must be a whole number, not `{v}`"))
        };
        let parsed = match a.as_str() {
            "--apis" => number("--apis").map(|n| apis = Some(n as usize)),
            "--endpoints" => number("--endpoints").map(|n| endpoints = Some(n as usize)),
            "--seed" => number("--seed").map(|n| seed = n),
            "--out" => {
                out = Some(v.clone());
                Ok(())
            }
            other => Err(format!("unknown argument `{other}`")),
        };
        if let Err(msg) = parsed {
            return crate::usage_error(&msg);
        }
    }
    let (Some(apis), Some(endpoints), Some(out)) = (apis, endpoints, out) else {
        return crate::usage_error("synth needs --apis, --endpoints and --out");
    };
    let specs = match generate(apis, endpoints, seed) {
        Ok(s) => s,
        Err(msg) => return crate::usage_error(&msg),
    };
    if let Err(e) = write(Path::new(&out), &specs) {
        eprintln!("error: cannot write into {out}: {e}");
        return ExitCode::FAILURE;
    }
    if with_openapi {
        let docs = match openapi(&specs) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: the synthetic specs do not lower: {e}");
                return ExitCode::FAILURE;
            }
        };
        for (name, text) in &docs {
            if let Err(e) = std::fs::write(Path::new(&out).join(name), text) {
                eprintln!("error: cannot write {name} into {out}: {e}");
                return ExitCode::FAILURE;
            }
        }
        println!(
            "wrote {} OpenAPI 3.0 document(s) of the same model",
            docs.len()
        );
    }
    let bytes: usize = specs.iter().map(|s| s.text.len()).sum();
    println!(
        "wrote {} spec file(s) with {endpoints} endpoints ({bytes} bytes) into {out} (seed {seed})",
        specs.len()
    );
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generates(apis: usize, endpoints: usize, seed: u64) -> Vec<codegen::OutFile> {
        let specs = generate(apis, endpoints, seed).expect("valid arguments");
        assert_eq!(specs.len(), apis);
        let counted: usize = specs
            .iter()
            .map(|s| {
                let body = s
                    .text
                    .split("\nendpoints:\n")
                    .nth(1)
                    .expect("has endpoints");
                body.lines()
                    .filter(|l| l.starts_with("  ") && !l.starts_with("   ") && l.ends_with(':'))
                    .count()
            })
            .sum();
        assert_eq!(counted, endpoints, "endpoint count of {apis} x {endpoints}");
        codegen::generate(&raw_specs(&specs), Path::new("out")).unwrap_or_else(|e| {
            panic!("synthetic specs ({apis} APIs, {endpoints} endpoints, seed {seed}) do not generate:\n{e}")
        })
    }

    /// What the generator writes as text is in prettyplease's layout, byte
    /// for byte: parsing a generated crate root back and formatting it with
    /// prettyplease (plus the blank lines between items) gives the same text.
    /// Every kind of item of the synthetic model is in it, many times over.
    #[test]
    fn text_written_items_are_in_prettyplease_layout() {
        for file in generates(2, 300, 3) {
            if file.path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let umbrella = file
                .path
                .starts_with(Path::new("out").join(codegen::ident::UMBRELLA_CRATE));
            assert!(
                umbrella || file.content.len() > 100_000,
                "{}",
                file.path.display()
            );
            if let Err(e) = codegen::render::check_layout(&file.content) {
                panic!("{}: {e}", file.path.display());
            }
        }
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let a = generate(3, 120, 7).unwrap();
        let b = generate(3, 120, 7).unwrap();
        assert_eq!(a, b);
        let c = generate(3, 120, 8).unwrap();
        assert_eq!(a.len(), c.len());
        assert!(a.iter().zip(&c).any(|(x, y)| x.text != y.text));
        // Names do not depend on the seed; only the options do.
        assert!(a.iter().zip(&c).all(|(x, y)| x.file_name == y.file_name));
    }

    #[test]
    fn written_files_are_identical_across_runs() {
        let dir = tempfile::tempdir().unwrap();
        let one = dir.path().join("one");
        let two = dir.path().join("two");
        write(&one, &generate(2, 30, 5).unwrap()).unwrap();
        write(&two, &generate(2, 30, 5).unwrap()).unwrap();
        for name in ["billing.yaml", "catalog.yaml"] {
            let x = std::fs::read(one.join(name)).unwrap();
            let y = std::fs::read(two.join(name)).unwrap();
            assert!(x == y && !x.is_empty(), "{name}");
        }
        // A rewrite with fewer APIs removes the synthetic files it no longer makes,
        // and leaves other files alone.
        std::fs::write(one.join("mine.yaml"), "name: mine\n").unwrap();
        write(&one, &generate(1, 30, 5).unwrap()).unwrap();
        assert!(one.join("billing.yaml").exists());
        assert!(!one.join("catalog.yaml").exists());
        assert!(one.join("mine.yaml").exists());
    }

    #[test]
    fn every_feature_of_the_format_appears() {
        let specs = generate(3, 100, DEFAULT_SEED).unwrap();
        let all: String = specs.iter().map(|s| s.text.as_str()).collect();
        for needle in [
            "method: GET",
            "method: POST",
            "method: PUT",
            "method: PATCH",
            "method: DELETE",
            "path_params:",
            "query:",
            "headers:",
            "required: true",
            "body:",
            "optional: true",
            "nullable: true",
            "int_enum:",
            "enum: [",
            "array<",
            "map<",
            "array:",
            "map: string",
            "object:",
            "retry_after_field: retry_after",
            "default: {",
            "rust_name:",
            "idempotent: true",
            "auth: bearer",
            "api_key:",
            "auth: none",
            ": bool",
            ": i32",
            ": i64",
            ": string",
        ] {
            assert!(all.contains(needle), "no `{needle}` in the synthetic specs");
        }
        let files = generates(3, 100, DEFAULT_SEED);
        let code: String = files.iter().map(|f| f.content.as_str()).collect();
        for needle in [
            "pub enum",
            "Box<",
            "::std::collections::BTreeMap<String",
            "::serde_json::Value",
            "r#type",
            "Unknown(i64)",
            "retry_after_fields: &[(429, \"retry_after\")]",
        ] {
            assert!(code.contains(needle), "no `{needle}` in the generated code");
        }
    }

    #[test]
    fn small_and_odd_sizes_generate() {
        for (apis, endpoints, seed) in [(1, 1, 0), (1, 11, 3), (3, 7, 4), (5, 57, 9), (12, 40, 2)] {
            generates(apis, endpoints, seed);
        }
        // More APIs than domain names.
        generates(14, 14, 1);
    }

    #[test]
    fn bad_arguments_are_refused() {
        assert!(generate(0, 10, 1).is_err());
        assert!(generate(4, 3, 1).is_err());
    }

    /// A fast smoke run of the biggest benchmark set through the whole generator.
    #[test]
    fn ten_thousand_endpoints_generate() {
        let files = generates(4, 10_000, DEFAULT_SEED);
        // Four API crates (manifest and lib.rs each), the convenience crate's
        // two files, rustfmt.toml.
        assert_eq!(files.len(), 11);
    }
}
