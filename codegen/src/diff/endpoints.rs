//! Endpoints and their parameters and headers, matched by what each axis
//! sees: an endpoint by its spec key, else by its Rust method, else by its
//! route on the wire (method and path, parameter names aside); a path
//! parameter by its place in the path; a query or header parameter by its
//! wire name, else by its Rust name. Each pair is then compared on each
//! axis: Rust names for the Rust verdict, what travels for the wire verdict.

use super::out::{Out, same_text};
use super::pairing::{keyed, pair};
use super::shape::{param_fits, show};
use super::{Verdict, behaviour, bodies, values};
use crate::ir::{Api, EndpointItem, ParamIn, ParamItem};

/// The route an old client calls: method and path, each `{parameter}` as
/// `{}` since its name never travels.
fn route(e: &EndpointItem) -> String {
    let mut s = format!("{} ", e.method.as_str());
    let mut rest = e.path.as_str();
    while let Some(open) = rest.find('{') {
        s.push_str(&rest[..open]);
        s.push_str("{}");
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    s.push_str(rest);
    s
}

pub(super) fn endpoints(out: &mut Out<'_>, o: &Api, n: &Api) {
    let (old, new) = (&o.endpoints, &n.endpoints);
    let p = pair(
        old.len(),
        new.len(),
        &[
            keyed(old, new, |e| e.wire.clone()),
            keyed(old, new, |e| e.method_name.clone()),
            keyed(old, new, route),
        ],
    );
    for &(i, j) in &p.pairs {
        endpoint(out, o, n, &old[i], &new[j]);
    }
    for e in p.removed.iter().map(|&i| &old[i]) {
        out.push(
            &e.method_name,
            "endpoint removed",
            Verdict::breaks(format!(
                "method {} and {} are gone",
                e.method_name, e.request
            )),
            Verdict::breaks("old clients call an operation the server no longer has"),
        );
    }
    for e in p.added.iter().map(|&j| &new[j]) {
        out.push(
            &e.method_name,
            format!("endpoint added: {} {}", e.method.as_str(), e.path),
            Verdict::ok("a new method"),
            Verdict::ok("old clients do not call it"),
        );
    }
}

fn endpoint(out: &mut Out<'_>, oa: &Api, na: &Api, o: &EndpointItem, n: &EndpointItem) {
    // Every field of an endpoint is compared below; a field added to the
    // model fails to compile here until it is.
    let EndpointItem {
        wire: _,
        method_name: _,
        method: _,
        path: _,
        summary: _,
        description: _,
        idempotent: _,
        auth: _,
        accept: _,
        constant_headers: _,
        constant_query: _,
        sensitive_bodies: _,
        request: _,
        response: _,
        error: _,
        error_enum: _,
        // Where the shared enum is defined and by how many: follows from
        // `error_enum` of every endpoint, each compared on its own.
        error_enum_users: _,
        defines_error_enum: _,
        group: _,
        // Follow from the groups of the endpoints and types.
        gate: _,
        error_enum_gate: _,
        params: _,
        body: _,
        responses: _,
    } = o;
    let subject = n.method_name.clone();
    if o.wire != n.wire {
        out.behaves(
            &subject,
            format!("operation name {} -> {}", o.wire, n.wire),
            "same method and types",
            "the name is not sent; hooks and tracing see the new one",
        );
    }
    names(out, &subject, na, o, n);
    if route(o) != route(n) {
        out.push(
            &subject,
            format!(
                "{} {} -> {} {}",
                o.method.as_str(),
                o.path,
                n.method.as_str(),
                n.path
            ),
            Verdict::ok("same method and types"),
            Verdict::breaks("old clients send the old method and path"),
        );
    }
    group(out, &subject, o, n);
    behaviour::endpoint(out, &subject, (oa, o), (na, n));
    if o.summary.trim() != n.summary.trim() || !same_text(&o.description, &n.description) {
        out.docs(&subject, "summary or description");
    }
    headers(out, &subject, o, n);
    params(out, &subject, (oa, o), (na, n));
    bodies::body(out, &subject, (oa, o), (na, n));
    bodies::responses(out, &subject, (oa, o), (na, n));
}

/// The cargo feature the endpoint is compiled under. Every group is on by
/// default; a crate that turned the defaults off and named features loses
/// the endpoint when it moves into a group it did not name.
fn group(out: &mut Out<'_>, subject: &str, o: &EndpointItem, n: &EndpointItem) {
    let rust = match (&o.group, &n.group) {
        (a, b) if a == b => return,
        (_, None) => Verdict::ok("the endpoint is now compiled with any features"),
        (None, Some(g)) => Verdict::breaks(format!(
            "compiled only with feature `{g}` (on by default): a crate without default features loses it"
        )),
        (Some(a), Some(g)) => Verdict::breaks(format!(
            "moved from feature `{a}` to `{g}`: a crate that enables only `{a}` loses it"
        )),
    };
    let show = |g: &Option<String>| g.clone().unwrap_or_else(|| "none".to_owned());
    out.push(
        subject,
        format!("group {} -> {}", show(&o.group), show(&n.group)),
        rust,
        Verdict::ok("groups are not sent"),
    );
}

/// The Rust names of the endpoint's method and types.
fn names(out: &mut Out<'_>, subject: &str, na: &Api, o: &EndpointItem, n: &EndpointItem) {
    if o.method_name != n.method_name {
        out.push(
            subject,
            format!("Rust name {} -> {}", o.method_name, n.method_name),
            Verdict::breaks(format!(
                "method {} and its types are renamed",
                o.method_name
            )),
            Verdict::ok("same operation on the wire"),
        );
        return;
    }
    for (what, a, b) in [
        ("request type", &o.request, &n.request),
        ("response type", &o.response, &n.response),
        ("error type", &o.error, &n.error),
    ] {
        if a != b {
            out.push(
                subject,
                format!("{what} {a} -> {b}"),
                Verdict::breaks(format!("{a} is renamed")),
                Verdict::ok("names of types are not sent"),
            );
        }
    }
    if o.error_enum != n.error_enum {
        // The endpoint's own name for its errors stays; the enum behind it
        // is shared with other endpoints or no longer is.
        let kept =
            o.error_enum == o.error || na.endpoints.iter().any(|e| e.error_enum == o.error_enum);
        out.push(
            subject,
            format!("error enum {} -> {}", o.error_enum, n.error_enum),
            if kept {
                Verdict::ok(format!("{} names the same variants", n.error))
            } else {
                Verdict::breaks(format!("the shared enum {} is gone", o.error_enum))
            },
            Verdict::ok("error bodies are compared on their own"),
        );
    }
}

/// Fixed headers and the `Accept` header: what the server may require.
fn headers(out: &mut Out<'_>, subject: &str, o: &EndpointItem, n: &EndpointItem) {
    if o.accept != n.accept {
        out.push(
            subject,
            format!("Accept: {} -> {}", o.accept, n.accept),
            Verdict::ok("same types"),
            Verdict::breaks(format!("old clients ask for {}", o.accept)),
        );
    }
    let value = |e: &EndpointItem, name: &str| {
        e.constant_headers
            .iter()
            .find(|(h, _)| h == name)
            .map(|(_, v)| v.clone())
    };
    for (h, v) in &o.constant_headers {
        match value(n, h) {
            None => out.behaves(
                subject,
                format!("header {h}: {v} no longer sent"),
                "fixed headers are not part of the types",
                "old clients send a header the server no longer needs",
            ),
            Some(w) if &w != v => out.push(
                subject,
                format!("header {h}: {v} -> {w}"),
                Verdict::ok("fixed headers are not part of the types"),
                Verdict::breaks(format!("old clients send {h}: {v}")),
            ),
            Some(_) => {}
        }
    }
    for (h, v) in &n.constant_headers {
        if value(o, h).is_none() {
            out.push(
                subject,
                format!("header {h}: {v} now sent"),
                Verdict::ok("fixed headers are not part of the types"),
                Verdict::breaks("a header the server now requires; old clients do not send it"),
            );
        }
    }
    let fixed = |e: &EndpointItem, name: &str| {
        e.constant_query
            .iter()
            .find(|(q, _)| q == name)
            .map(|(_, v)| v.clone())
    };
    for (q, v) in &o.constant_query {
        match fixed(n, q) {
            None => out.behaves(
                subject,
                format!("query {q}={v} no longer sent"),
                "fixed query parameters are not part of the types",
                "old clients send a parameter the server no longer needs",
            ),
            Some(w) if &w != v => out.push(
                subject,
                format!("query {q}: {v} -> {w}"),
                Verdict::ok("fixed query parameters are not part of the types"),
                Verdict::breaks(format!("old clients send {q}={v}")),
            ),
            Some(_) => {}
        }
    }
    for (q, v) in &n.constant_query {
        if fixed(o, q).is_none() {
            out.push(
                subject,
                format!("query {q}={v} now sent"),
                Verdict::ok("fixed query parameters are not part of the types"),
                Verdict::breaks("a parameter the server now requires; old clients do not send it"),
            );
        }
    }
}

/// What identifies a parameter on the wire: a path parameter's place in the
/// path (its name never travels), another's location and name.
fn wire_key(e: &EndpointItem, p: &ParamItem) -> String {
    if p.location == ParamIn::Path {
        let slot = format!("{{{}}}", p.wire);
        let place = e
            .path
            .find(&slot)
            .map_or(usize::MAX, |at| e.path[..at].matches('{').count());
        format!("path {place}")
    } else {
        label(p)
    }
}

fn label(p: &ParamItem) -> String {
    format!("{} {}", p.location.as_str(), p.wire)
}

fn params(
    out: &mut Out<'_>,
    subject: &str,
    (oa, o): (&Api, &EndpointItem),
    (na, n): (&Api, &EndpointItem),
) {
    let (old, new) = (&o.params, &n.params);
    let by_wire = (
        old.iter().map(|p| wire_key(o, p)).collect(),
        new.iter().map(|q| wire_key(n, q)).collect(),
    );
    // Renamed on the wire, same Rust name (a path parameter stays one).
    let by_rust = keyed(old, new, |p| {
        format!("{}:{}", p.location == ParamIn::Path, p.rust)
    });
    let paired = pair(old.len(), new.len(), &[by_wire, by_rust]);
    for &(i, j) in &paired.pairs {
        param(out, subject, n, (oa, &old[i]), (na, &new[j]));
    }
    for p in paired.removed.iter().map(|&i| &old[i]) {
        out.push(
            subject,
            format!("{} removed", label(p)),
            Verdict::breaks(if p.required {
                format!("an argument of {}::new is gone", o.request)
            } else {
                format!("the setter {}::{} is gone", o.request, p.rust)
            }),
            Verdict::ok("old clients send a parameter the server no longer reads"),
        );
    }
    for q in paired.added.iter().map(|&j| &new[j]) {
        if q.required {
            out.push(
                subject,
                format!("{} added, required", label(q)),
                Verdict::breaks(format!("new argument of {}::new", n.request)),
                Verdict::breaks("old clients do not send it"),
            );
        } else {
            out.push(
                subject,
                format!("{} added, optional", label(q)),
                Verdict::ok(format!("a new setter; {} is #[non_exhaustive]", n.request)),
                Verdict::ok("the server must do without it"),
            );
        }
    }
}

fn param(
    out: &mut Out<'_>,
    subject: &str,
    e: &EndpointItem,
    (oa, p): (&Api, &ParamItem),
    (na, q): (&Api, &ParamItem),
) {
    let ParamItem {
        wire: _,
        rust: _,
        location: _,
        ty: _,
        required: _,
        sensitive: _,
        constraints: _,
        explode: _,
        style: _,
        json: _,
        doc: _,
    } = p;
    if p.location != q.location || p.wire != q.wire {
        if p.location == ParamIn::Path {
            out.patch(
                subject,
                format!("{} -> {}", label(p), label(q)),
                "a path parameter's name is not sent",
            );
        } else {
            out.push(
                subject,
                format!("{} -> {}", label(p), label(q)),
                Verdict::ok(format!("same setter {}", q.rust)),
                Verdict::breaks(format!(
                    "old clients send it as {}, which the server no longer reads",
                    label(p)
                )),
            );
        }
    }
    let label = label(q);
    if p.required != q.required {
        let (rust, wire, change) = if q.required {
            (
                Verdict::breaks(format!("new argument of {}::new", e.request)),
                Verdict::breaks("old clients may omit it"),
                "optional -> required",
            )
        } else {
            (
                Verdict::breaks(format!(
                    "an argument of {}::new becomes a setter",
                    e.request
                )),
                Verdict::ok("old clients always send it"),
                "required -> optional",
            )
        };
        out.push(subject, format!("{label}: {change}"), rust, wire);
    }
    if p.ty != q.ty {
        out.push(
            subject,
            format!("{label}: {} -> {}", show(&p.ty), show(&q.ty)),
            Verdict::breaks("its Rust type changes"),
            if param_fits(oa, &p.ty, na, &q.ty) {
                Verdict::ok("every old value is still valid")
            } else {
                Verdict::breaks("old clients send the old type")
            },
        );
    }
    values::limits(
        out,
        subject,
        &label,
        (&p.constraints, &q.constraints),
        |v| v,
    );
    if p.explode != q.explode {
        out.push(
            subject,
            format!("{label}: explode {} -> {}", p.explode, q.explode),
            Verdict::ok("same setter"),
            Verdict::breaks("old clients send the values in the other form"),
        );
    }
    if p.json != q.json {
        let form = |json: bool| if json { "JSON text" } else { "plain text" };
        out.push(
            subject,
            format!("{label}: sent as {} -> {}", form(p.json), form(q.json)),
            Verdict::ok("same setter"),
            Verdict::breaks("old clients send the value in the other form"),
        );
    }
    if p.style != q.style {
        out.push(
            subject,
            format!(
                "{label}: style {} -> {}",
                p.style.as_str(),
                q.style.as_str()
            ),
            Verdict::ok("same setter"),
            Verdict::breaks("old clients send the values in the other form"),
        );
    }
    if p.rust != q.rust {
        out.push(
            subject,
            format!("{label}: Rust name {} -> {}", p.rust, q.rust),
            Verdict::breaks(format!("field and setter {} are renamed", p.rust)),
            Verdict::ok("same parameter on the wire"),
        );
    }
    values::sensitivity(out, subject, &label, (p.sensitive, q.sensitive));
    if !same_text(&p.doc, &q.doc) {
        out.docs(subject, format!("{label}: description"));
    }
}
