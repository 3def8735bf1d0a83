//! Rules for how calls behave rather than what types they have:
//! authentication and retries. Their Rust verdict depends only on whether a
//! generated item (a variant, a builder argument) changes; their wire verdict
//! on what an old client sends or does.

use super::Verdict;
use super::out::{Out, same_text};
use crate::ir::{Api, Condition, EndpointItem, KeyIn, Scheme, SchemeKind, Wait};

/// What `Client::builder` takes as a credential: nothing, a token or key, or
/// a username and password.
fn builder_credential(a: &Api) -> &'static str {
    a.auth.builder_scheme().map_or("no credential", arguments)
}

/// What the credential enum's constructor for a scheme takes; a combined
/// scheme has none (its parts are given one by one).
fn arguments(s: &Scheme) -> &'static str {
    match s.kind {
        SchemeKind::Bearer | SchemeKind::ApiKey { .. } => "a token",
        SchemeKind::Basic | SchemeKind::BodyFields { .. } => "a username and password",
        SchemeKind::AllOf(_) => "no constructor",
    }
}

/// What a scheme puts on the wire, so that two spellings of the same bytes
/// compare equal: a bearer token is the header `authorization` with the
/// prefix `Bearer `, whether the spec says `bearer` or an API key.
fn on_the_wire(k: &SchemeKind) -> SchemeKind {
    match k {
        SchemeKind::Bearer => SchemeKind::ApiKey {
            location: KeyIn::Header,
            name: "authorization".to_owned(),
            prefix: "Bearer ".to_owned(),
        },
        SchemeKind::ApiKey {
            location: KeyIn::Header,
            name,
            prefix,
        } => SchemeKind::ApiKey {
            location: KeyIn::Header,
            name: name.to_ascii_lowercase(),
            prefix: prefix.clone(),
        },
        other => other.clone(),
    }
}

/// Whether a server wanting `needed` is satisfied by a client sending `sent`
/// (a combined scheme's client sends more than one part needs).
fn within(needed: &[SchemeKind], sent: &[SchemeKind]) -> bool {
    !needed.is_empty() && needed.iter().all(|k| sent.contains(k))
}

/// Everything a call with scheme `name` of `api` sends, in a stable order: a
/// combined scheme sends each of its parts. Empty for an unknown name.
fn sends(api: &Api, name: &str) -> Vec<SchemeKind> {
    let mut all: Vec<SchemeKind> = api
        .auth
        .sent(name)
        .iter()
        .map(|s| on_the_wire(&s.kind))
        .collect();
    all.sort_by_key(|k| format!("{k:?}"));
    all
}

/// The API's schemes and what the client builder takes.
pub(super) fn auth(out: &mut Out<'_>, o: &Api, n: &Api) {
    let (was, is) = (builder_credential(o), builder_credential(n));
    if was != is {
        out.push(
            format!("{}::builder", n.client),
            format!("takes {was} -> takes {is}"),
            Verdict::breaks(format!("the arguments of {}::builder change", o.client)),
            Verdict::ok("only how clients are built changes"),
        );
    }
    for s in &o.auth.schemes {
        let subject = format!("auth {}", s.wire);
        // Old clients holding only this credential break where an endpoint
        // used it and still requires one it is not, or one that sends other bytes.
        let bytes = sends(o, &s.wire);
        let accepts = |x: &EndpointItem| {
            x.auth
                .schemes
                .iter()
                .any(|name| within(&sends(n, name), &bytes))
        };
        let used = o.endpoints.iter().any(|e| {
            e.auth.schemes.contains(&s.wire)
                && n.endpoints
                    .iter()
                    .find(|x| x.wire == e.wire)
                    .is_some_and(|x| requires(x) && !accepts(x))
        });
        let Some(x) = n.auth.schemes.iter().find(|x| x.wire == s.wire) else {
            out.push(
                subject,
                "scheme removed",
                if matches!(s.kind, SchemeKind::AllOf(_)) {
                    Verdict::ok(format!("{} had no variant for it", o.credential_enum))
                } else {
                    Verdict::breaks(format!("{}::{} is gone", o.credential_enum, s.variant))
                },
                if used {
                    Verdict::breaks("old clients may hold only this credential")
                } else {
                    Verdict::ok("no endpoint that used it still requires a credential")
                },
            );
            continue;
        };
        if x.kind != s.kind {
            out.push(
                &subject,
                format!("{} -> {}", s.kind.describe(), x.kind.describe()),
                if arguments(s) == "no constructor" && arguments(x) == "no constructor" {
                    Verdict::ok(format!("{} has no variant for it", n.credential_enum))
                } else if arguments(s) == arguments(x) {
                    Verdict::ok(format!(
                        "{}::{} takes the same arguments",
                        n.credential_enum, x.wire
                    ))
                } else {
                    Verdict::breaks(format!(
                        "{}::{} takes other arguments",
                        n.credential_enum, x.wire
                    ))
                },
                if sends(n, &x.wire) == bytes {
                    Verdict::ok("the same bytes travel")
                } else if within(&sends(n, &x.wire), &bytes) {
                    Verdict::ok("old clients send every credential it needs, and more")
                } else {
                    Verdict::breaks("old clients send the credential the old way")
                },
            );
        }
        if x.variant != s.variant
            && arguments(s) != "no constructor"
            && arguments(x) != "no constructor"
        {
            out.push(
                &subject,
                format!("Rust name {} -> {}", s.variant, x.variant),
                Verdict::breaks(format!(
                    "the variant {}::{} is renamed",
                    o.credential_enum, s.variant
                )),
                Verdict::ok("the credential travels as before"),
            );
        }
        if !same_text(&s.doc, &x.doc) {
            out.docs(&subject, "description");
        }
    }
    for s in n
        .auth
        .schemes
        .iter()
        .filter(|s| !o.auth.schemes.iter().any(|x| x.wire == s.wire))
    {
        out.push(
            format!("auth {}", s.wire),
            "scheme added",
            Verdict::ok(format!("{} is #[non_exhaustive]", n.credential_enum)),
            Verdict::ok("old clients keep sending the credentials they have"),
        );
    }
}

/// Whether a call must carry a credential.
fn requires(e: &EndpointItem) -> bool {
    !e.auth.schemes.is_empty() && !e.auth.optional
}

/// One endpoint's idempotency and accepted credentials.
pub(super) fn endpoint(
    out: &mut Out<'_>,
    subject: &str,
    (oa, o): (&Api, &EndpointItem),
    (na, n): (&Api, &EndpointItem),
) {
    if o.idempotent != n.idempotent {
        out.push(
            subject,
            format!("idempotent: {} -> {}", o.idempotent, n.idempotent),
            Verdict::ok("same types"),
            if n.idempotent {
                Verdict::ok("old clients retry it less than they could")
            } else {
                Verdict::breaks("old clients still retry it after transient failures, which may repeat its effect")
            },
        );
    }
    let (a, b) = (&o.auth, &n.auth);
    let still_accepted = |s: &str| {
        let old = sends(oa, s);
        !old.is_empty() && b.schemes.iter().any(|x| within(&sends(na, x), &old))
    };
    for s in a.schemes.iter().filter(|s| !b.schemes.contains(s)) {
        out.push(
            subject,
            format!("auth: no longer accepts {s}"),
            Verdict::ok("same types"),
            if still_accepted(s) {
                Verdict::ok("it accepts the same credential under another name")
            } else if requires(n) {
                Verdict::breaks(format!("old clients holding only `{s}` send it"))
            } else {
                Verdict::ok("the endpoint no longer needs a credential")
            },
        );
    }
    for s in b.schemes.iter().filter(|s| !a.schemes.contains(s)) {
        out.push(
            subject,
            format!("auth: also accepts {s}"),
            Verdict::ok("same types"),
            if a.schemes.is_empty() && !b.optional {
                Verdict::breaks("old clients send no credential")
            } else {
                Verdict::ok("old clients send a credential it still accepts")
            },
        );
    }
    if a.optional != b.optional && !a.schemes.is_empty() {
        out.push(
            subject,
            if b.optional {
                "auth: required -> optional"
            } else {
                "auth: optional -> required"
            },
            Verdict::ok("same types"),
            if b.optional {
                Verdict::ok("old clients send a credential when they have one")
            } else {
                Verdict::breaks("old clients without a credential send none")
            },
        );
    } else if a.optional != b.optional {
        out.patch(
            subject,
            "auth: optional flag of an endpoint without schemes",
            "it needs no credential either way",
        );
    }
}

/// How a condition reads in a report.
fn show_condition(c: &Condition) -> String {
    let mut parts = Vec::new();
    if let Some((lo, hi)) = c.status {
        parts.push(if lo == hi {
            format!("status {lo}")
        } else {
            format!("status {lo}-{hi}")
        });
    }
    for (h, v) in &c.headers {
        parts.push(format!("header {h}: {v}"));
    }
    for (p, vs) in &c.body {
        let vs: Vec<String> = vs.iter().map(|v| v.to_string()).collect();
        parts.push(format!("body {p} in [{}]", vs.join(", ")));
    }
    parts.join(", ")
}

fn show_wait(w: &Wait) -> String {
    match w {
        Wait::RetryAfter => "Retry-After".to_owned(),
        Wait::Header(h, u) => format!("header {h} ({u:?})"),
        Wait::Body(p, u) => format!("body {p} ({u:?})"),
    }
}

/// The API's retry rules: which responses are retried, and how long to wait.
pub(super) fn retry(out: &mut Out<'_>, o: &Api, n: &Api) {
    let (a, b) = (&o.retry, &n.retry);
    // Resending an idempotent call is harmless, as the transient rule says.
    let resent_unsafely = n.endpoints.iter().any(|e| !e.idempotent);
    for c in a.throttled.iter().filter(|c| !b.throttled.contains(c)) {
        out.push(
            "retry",
            format!("no longer throttling: {}", show_condition(c)),
            Verdict::ok("retry rules are not part of the types"),
            if resent_unsafely {
                Verdict::breaks(
                    "old clients still resend any call on it, though it may have had an effect",
                )
            } else {
                Verdict::ok("old clients resend only idempotent calls on it, which is safe")
            },
        );
    }
    for c in b.throttled.iter().filter(|c| !a.throttled.contains(c)) {
        out.push(
            "retry",
            format!("throttling: {}", show_condition(c)),
            Verdict::ok("retry rules are not part of the types"),
            Verdict::ok("old clients return it as an error instead of waiting"),
        );
    }
    for c in a.transient.iter().filter(|c| !b.transient.contains(c)) {
        out.push(
            "retry",
            format!("no longer transient: {}", show_condition(c)),
            Verdict::ok("retry rules are not part of the types"),
            Verdict::ok("old clients retry only idempotent calls on it, which is safe"),
        );
    }
    for c in b.transient.iter().filter(|c| !a.transient.contains(c)) {
        out.push(
            "retry",
            format!("transient: {}", show_condition(c)),
            Verdict::ok("retry rules are not part of the types"),
            Verdict::ok("old clients return it as an error instead of retrying"),
        );
    }
    if a.wait != b.wait {
        let show = |w: &[Wait]| w.iter().map(show_wait).collect::<Vec<_>>().join(", then ");
        out.push(
            "retry",
            format!("wait from: {} -> {}", show(&a.wait), show(&b.wait)),
            Verdict::ok("retry rules are not part of the types"),
            Verdict::ok("old clients wait per the old rule, or back off"),
        );
    }
}
