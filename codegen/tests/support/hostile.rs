//! Specs written by a stranger: random, seeded, with hostile text in every
//! string position (quotes, backslashes, `*/`, `#[`, `"#`, CR, NUL, U+2028,
//! bidi controls, code blocks of every form, raw HTML) and names that are
//! keywords, clash with generated items or std's prelude, or collide after
//! case conversion. Many are refused; whatever the generator accepts must
//! generate code that parses, is laid out as prettyplease lays it out, and
//! compiles with warnings denied.

/// A small seeded generator (xorshift64*), so a failing seed is reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// Usually one of `plain`, sometimes one of `hostile`: specs with a
    /// hostile name in every position would all be refused.
    fn name<'a>(&mut self, plain: &[&'a str], hostile: &[&'a str]) -> &'a str {
        if self.chance(25) {
            self.pick(hostile)
        } else {
            self.pick(plain)
        }
    }
}

const PLAIN_NAMES: &[&str] = &[
    "id",
    "name",
    "count",
    "label",
    "created_at",
    "owner",
    "note",
];
const PLAIN_VALUES: &[&str] = &["red", "green", "blue", "dark-red", "light_blue"];

/// Prose a vendor might write, or an attacker.
const TEXT: &[&str] = &[
    "Plain words.",
    "Quotes \" and 'single' and `ticks`.",
    "A back\\slash, \\n not a newline, \\u{202e} written out.",
    "Closers */ /* {} }} #[attr] #![inner] \"# r#\"raw\"# \"##",
    "Line one\r\nline two\rline three",
    "NUL \0 bell \x07 escape \x1b[31m red",
    "Bidi \u{202e}evil\u{202c} and \u{2066}isolate\u{2069} and \u{200f}",
    "Separators \u{2028} and \u{2029}, zero width \u{200b}, BOM \u{feff}",
    "```rust\ncompile_error!(\"a rust fence ran\");\n```",
    "```\ncompile_error!(\"a bare fence ran\");\n```",
    "~~~\ncompile_error!(\"a tilde fence ran\");\n~~~",
    "``` should_panic\ncompile_error!(\"an attribute fence ran\");\n```",
    "Example:\n\n    compile_error!(\"an indented block ran\");\n",
    "- item\n\n      compile_error!(\"a block in a list ran\");",
    "> quote\n>\n>     compile_error!(\"a quoted block ran\");",
    "````\ncompile_error!(\"an unclosed fence ran\");",
    "~~~\t\ncompile_error!(\"fence with a tab\");\n~~~\t\n",
    "<script>alert(1)</script> <b>bold</b> <img src=x onerror=alert(1)>",
    "/// a doc in a doc\n//! an inner doc\n//// four slashes",
    "Crab \u{1f980} and \u{6f22}\u{5b57}, trailing spaces   \n   \n",
    "",
];

/// Names for fields, parameters and variables.
const NAMES: &[&str] = &[
    "id",
    "type",
    "self",
    "Self",
    "fn",
    "crate",
    "super",
    "async",
    "await",
    "dyn",
    "new",
    "default",
    "name",
    "value",
    "body",
    "req",
    "v",
    "key",
    "token",
    "username",
    "password",
    "a-b",
    "a_b",
    "aB",
    "AB",
    "1st",
    "_",
    "__x",
    "type_",
    "\u{e9}t\u{e9}",
    "with space",
    "x.y",
    "$ref",
    "Unknown",
    "builder",
    "output",
    "status",
    // Long enough to overflow every line it is on.
    "an_extremely_long_parameter_name_that_no_line_of_prettyplease_width_can_hold_with_anything_else",
];

/// Values of string enums.
const VALUES: &[&str] = &[
    "a",
    "b",
    "a-b",
    "a_b",
    "A B",
    "\"quoted\"",
    "back\\slash",
    "line\nbreak",
    "cr\rx",
    "bidi\u{202e}x",
    "Unknown",
    "unknown",
    "self",
    "Self",
    "type",
    "123",
    "-",
    "",
    "\u{1f980}crab",
    "r#x",
    "*/",
    "}",
];

/// Names of types, some of them std's.
const TYPE_NAMES: &[&str] = &[
    "Thing",
    "Item",
    "Box",
    "Option",
    "String",
    "Vec",
    "Result",
    "Error",
    "Client",
    "Self",
    "Value",
    "Request",
    "Response",
    // At the width where an impl head breaks before `for`, on either side.
    "ThingAbcdefghijAbcdefghijAbcdefghijAbcdefghijAb",
    "ThingAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbc",
    "ThingAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcd",
];

/// Names of operations, some of them the client's own methods.
const OPERATIONS: &[&str] = &[
    "get_thing",
    "list",
    "new",
    "builder",
    "base_url",
    "with_retry_policy",
    "type",
    "delete-all",
    "fetch",
    "send",
    "an_operation_whose_name_is_so_long_that_its_request_and_response_types_overflow_every_line",
    // Request types of 60 and 61 characters: `impl runtime::Endpoint for` breaks.
    "list_abcdefghi_abcdefghi_abcdefghi_abcdefghi_abcdefghi_abcd",
    "list_abcdefghi_abcdefghi_abcdefghi_abcdefghi_abcdefghi_abcde",
];

/// A YAML double-quoted scalar holding exactly `s` (JSON's escapes are YAML's).
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string is JSON")
}

/// A spec from `seed`: named `hostile_<seed>`.
pub fn spec(seed: u64) -> String {
    let mut r = Rng::new(seed);
    let mut y = String::new();
    let text = |r: &mut Rng| q(r.pick(TEXT));
    y.push_str(&format!("name: hostile_{seed}\ntitle: {}\n", text(&mut r)));
    if r.chance(70) {
        y.push_str(&format!("description: {}\n", text(&mut r)));
    }
    y.push_str("source: codegen/tests/support/hostile.rs\nservers:\n");
    if r.chance(50) {
        let var = r.name(&["tenant", "region"], NAMES);
        // Sometimes only listed values, the first of which the crate's
        // example writes into a string literal.
        let variable = if r.chance(40) {
            format!(
                "{{ enum: [{}], description: {} }}",
                q(r.pick(VALUES)),
                text(&mut r)
            )
        } else {
            text(&mut r)
        };
        y.push_str(&format!(
            "  tenant:\n    url: {}\n    default: true\n    description: {}\n    variables:\n      {}: {variable}\n",
            q(&format!("https://{{{var}}}.example.com/v1")),
            text(&mut r),
            q(var),
        ));
    }
    y.push_str("  main: https://api.example.com/v1\n");
    let auth = r.pick(&[
        "none",
        "bearer",
        "basic",
        "{ api_key: { header: X-Api-Key } }",
        "{ api_key: { query: key } }",
        "{ schemes: { key: { api_key: { header: X-Api-Key } }, user: { api_key: { cookie: user } }, both: { all_of: [key, user] } }, default: both }",
    ]);
    y.push_str(&format!("auth: {auth}\ntypes:\n"));

    let struct_name = r.name(&["Thing"], TYPE_NAMES);
    let enum_name = r.name(
        &["Color"],
        &[
            "Kind",
            "Option",
            "Self",
            "Str",
            // Where each of an enum's impl heads breaks before `for`.
            "KindAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbc",
            "KindAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcd",
            "KindAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcd",
            "KindAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcde",
            "KindAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcdefghijA",
            "KindAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcdefghijAb",
        ],
    );
    y.push_str(&format!(
        "  {}:\n    description: {}\n    enum:\n",
        q(enum_name),
        text(&mut r)
    ));
    let mut values = Vec::new();
    for _ in 0..1 + r.below(5) {
        let value = r.name(PLAIN_VALUES, VALUES);
        if values.contains(&value) {
            continue;
        }
        values.push(value);
        if r.chance(30) {
            y.push_str(&format!(
                "      - {{ value: {}, description: {} }}\n",
                q(value),
                text(&mut r)
            ));
        } else {
            y.push_str(&format!("      - {}\n", q(value)));
        }
    }
    y.push_str("  Level:\n    int_enum: [1, 2, 7, { value: -3, rust_name: Minus } ]\n");
    y.push_str(
        "  Node:\n    description: Recursive, with a constraint.\n    object:\n      \
         name: { type: string, min_length: 1 }\n      \
         children: { type: array<Node>, optional: true }\n      \
         parent: { type: Node, optional: true }\n",
    );
    y.push_str(&format!(
        "  Problem:\n    object:\n      message: {{ type: string, optional: true, description: {} }}\n",
        text(&mut r)
    ));
    y.push_str(&format!(
        "  {}:\n    description: {}\n    object:\n",
        q(struct_name),
        text(&mut r)
    ));
    let field_types = [
        "string".to_owned(),
        "i64".to_owned(),
        "f64".to_owned(),
        "bool".to_owned(),
        "array<string>".to_owned(),
        "map<i32>".to_owned(),
        "Node".to_owned(),
        "array<Node>".to_owned(),
        "json".to_owned(),
        "date_time".to_owned(),
        enum_name.to_owned(),
        "Level".to_owned(),
    ];
    let mut fields = Vec::new();
    for _ in 0..1 + r.below(5) {
        let name = r.name(PLAIN_NAMES, NAMES);
        if fields.contains(&name) {
            continue;
        }
        fields.push(name);
        let ty = &field_types[r.below(field_types.len())];
        let mut field = format!("type: {ty}, description: {}", text(&mut r));
        if r.chance(40) {
            field.push_str(", optional: true");
        }
        if r.chance(20) {
            field.push_str(", nullable: true");
        }
        if r.chance(20) {
            field.push_str(", sensitive: true");
        }
        match ty.as_str() {
            "string" if r.chance(50) => field.push_str(&format!(
                ", min_length: {}, max_length: 64, pattern: {}",
                r.below(3),
                q(r.pick(&["^[a-z\"\\\\]*$", "^.*$", "\\d+|x", "^(?:a|b)+$"]))
            )),
            "i64" | "f64" if r.chance(50) => field.push_str(", minimum: -1.5, maximum: 1e6"),
            _ => {}
        }
        y.push_str(&format!("      {}: {{ {field} }}\n", q(name)));
    }
    // A query object, sent the deep-object way: hostile names in brackets.
    y.push_str(&format!(
        "  Filter:\n    object:\n      {}: {{ type: string, optional: true }}\n      inner:\n        optional: true\n        object:\n          {}: {{ type: i64, optional: true }}\n",
        q(r.name(PLAIN_NAMES, NAMES)),
        q(r.name(PLAIN_NAMES, NAMES))
    ));
    y.push_str(&format!("  Batch:\n    type: array<{struct_name}>\n"));
    y.push_str(&format!(
        "  Archive:\n    description: In no body.\n    object:\n      items: {{ type: array<{struct_name}>, optional: true }}\n"
    ));

    y.push_str("endpoints:\n");
    let grouped = r.chance(40);
    let mut used = Vec::new();
    for _ in 0..1 + r.below(3) {
        let op = r.name(&["get_thing", "list_things", "update_thing"], OPERATIONS);
        if used.contains(&op) {
            continue;
        }
        used.push(op);
        let method = r.pick(&["GET", "POST", "PUT", "PATCH", "DELETE"]);
        let param = r.name(PLAIN_NAMES, NAMES);
        y.push_str(&format!(
            "  {}:\n    method: {method}\n    path: {}\n    summary: {}\n    description: {}\n",
            q(op),
            q(&format!("/things/{{{param}}}/x")),
            text(&mut r),
            text(&mut r)
        ));
        // Endpoints in groups (cargo features), some in none.
        if grouped && r.chance(80) {
            y.push_str(&format!(
                "    group: {}\n",
                r.pick(&["users", "repos", "x1"])
            ));
        }
        y.push_str(&format!(
            "    path_params:\n      {}: {{ type: string, sensitive: {}, description: {} }}\n",
            q(param),
            r.chance(50),
            text(&mut r)
        ));
        let mut query = String::new();
        if r.chance(60) {
            let name = r.pick(NAMES);
            let ty = if r.chance(50) {
                q(enum_name)
            } else {
                "i32".to_owned()
            };
            query.push_str(&format!(
                "      {}: {{ type: {ty}, description: {} }}\n",
                q(name),
                text(&mut r)
            ));
        }
        if r.chance(30) {
            query.push_str("      filter: { type: Filter, style: deep_object }\n");
        }
        if !query.is_empty() {
            y.push_str(&format!("    query:\n{query}"));
        }
        if r.chance(30) {
            y.push_str("    headers:\n      X-Trace: { type: string, required: true }\n");
        }
        if r.chance(25) {
            y.push_str(&format!(
                "    cookies:\n      {}: {{ type: string, description: {} }}\n",
                q(r.name(PLAIN_NAMES, NAMES)),
                text(&mut r)
            ));
        }
        if r.chance(20) {
            y.push_str(
                "    constant_headers:\n      X-A-Very-Long-Constant-Header-Name-For-Overflow: \"a value long enough to push the tuple past the line width\"\n",
            );
        }
        if method != "GET" && r.chance(20) {
            // Multipart: hostile names become part names.
            y.push_str(&format!(
                "    body:\n      content_type: multipart/form-data\n      object:\n        {}: bytes\n        {}: {{ type: string, optional: true }}\n",
                q(r.name(PLAIN_NAMES, NAMES)),
                q(r.name(PLAIN_NAMES, NAMES))
            ));
        } else if method != "GET" && r.chance(70) {
            let body = r.pick(&["Batch", struct_name, "Node"]);
            y.push_str(&format!("    body: {body}\n"));
        }
        y.push_str(&format!(
            "    responses:\n      200: {}\n      404: {{ description: {}, body: Problem }}\n      default: {{ body: Problem }}\n",
            r.pick(&[struct_name, "Batch", "Node", enum_name]),
            text(&mut r)
        ));
    }
    y
}

/// A spec whose default server needs a variable named `var`, beside an
/// `auth` scheme whose credential argument may have the same name.
pub fn server_variable_clash(name: &str, auth: &str, var: &str) -> String {
    format!(
        "name: {name}\ntitle: Clash\nsource: test\nservers:\n  tenant:\n    \
         url: \"https://{{{var}}}.example.com\"\n    default: true\n    \
         variables:\n      {var}: The tenant.\nauth: {auth}\nendpoints:\n  ping:\n    \
         method: GET\n    path: /ping\n    summary: Ping.\n    responses:\n      204:\n"
    )
}
