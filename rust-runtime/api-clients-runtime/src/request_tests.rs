//! Tests of `RequestParts`: paths, queries, headers, bodies and the checks
//! before sending.

use super::*;
use http::Method;

static OP: Operation = Operation {
    name: "get_thing",
    method: Method::GET,
    path: "/things/{id}/parts/{part}",
    idempotent: true,
    retry_after_fields: &[],
    content_type: None,
    accept: "application/json",
    auth: &[],
    auth_optional: true,
    headers: &[("X-Api-Version", "2")],
    sensitive_bodies: false,
    error_messages: &[],
};

fn prepare(write: impl FnOnce(&mut RequestParts)) -> Result<Prepared, String> {
    let mut parts = RequestParts::new(&OP);
    write(&mut parts);
    parts.prepare("https://api.test/2.0")
}

fn with_id(id: &str) -> Result<Prepared, String> {
    prepare(|r| {
        r.path_param("id", &id);
        r.path_param("part", &7);
    })
}

#[test]
fn path_params_are_substituted_and_encoded() {
    let url = with_id("abc-_.~9").unwrap().url;
    assert_eq!(url.as_str(), "https://api.test/2.0/things/abc-_.~9/parts/7");
    let url = with_id("a/b?c#d e%f").unwrap().url;
    assert_eq!(url.path(), "/2.0/things/a%2Fb%3Fc%23d%20e%25f/parts/7");
    assert_eq!(url.query(), None);
    assert_eq!(url.fragment(), None);
    let url = with_id("é✓").unwrap().url;
    assert_eq!(url.path(), "/2.0/things/%C3%A9%E2%9C%93/parts/7");
    let url = with_id("{part}").unwrap().url;
    assert_eq!(url.path(), "/2.0/things/%7Bpart%7D/parts/7");
}

#[test]
fn path_params_that_change_the_path_are_refused() {
    for bad in ["", ".", ".."] {
        let err = with_id(bad).unwrap_err();
        assert!(err.contains("`id`"), "{err}");
    }
    assert!(with_id("..a").is_ok());
}

#[test]
fn missing_or_unknown_path_params_are_refused() {
    let err = prepare(|r| r.path_param("id", &1)).unwrap_err();
    assert_eq!(err, "path parameter `part` was not set");
    let err = prepare(|r| r.path_param("nope", &1)).unwrap_err();
    assert_eq!(err, "the path has no parameter `nope`");
}

#[test]
fn query_is_appended_in_order_and_encoded() {
    let url = prepare(|r| {
        r.path_param("id", &1);
        r.path_param("part", &2);
        r.query("flag", &true);
        r.query("n", &-1.5);
        r.query("q", &"a b&c=d+e/é");
        r.query("flag", &false);
    })
    .unwrap()
    .url;
    assert_eq!(
        url.query(),
        Some("flag=true&n=-1.5&q=a%20b%26c%3Dd%2Be%2F%C3%A9&flag=false")
    );
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(pairs[2], ("q".into(), "a b&c=d+e/é".into()));
}

#[test]
fn headers_with_line_breaks_are_refused_without_echoing_the_value() {
    for bad in ["x\r\nInjected: yes", "x\ny", "x\0y"] {
        let err = prepare(|r| {
            r.path_param("id", &1);
            r.path_param("part", &2);
            r.header("X-Trace", &bad);
        })
        .unwrap_err();
        assert!(err.contains("`X-Trace`"), "{err}");
        assert!(!err.contains("Injected") && !err.contains("x\n"), "{err}");
    }
    let err = prepare(|r| r.header("bad name", &"v")).unwrap_err();
    assert!(err.contains("bad name"), "{err}");
}

#[test]
fn the_first_problem_is_reported() {
    let err = prepare(|r| {
        r.header("X-A", &"\n");
        r.path_param("id", &"");
    })
    .unwrap_err();
    assert!(err.contains("X-A"), "{err}");
}

#[test]
fn headers_accept_and_content_type_are_set() {
    let prepared = prepare(|r| {
        r.path_param("id", &1);
        r.path_param("part", &2);
        r.header("X-Trace", &"abc");
        r.json(&serde_json::json!({"a": 1}));
    })
    .unwrap();
    assert_eq!(prepared.headers["x-trace"], "abc");
    assert_eq!(
        prepared.headers["x-api-version"], "2",
        "constant headers are sent"
    );
    assert_eq!(prepared.headers[header::ACCEPT], "application/json");
    assert_eq!(prepared.headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(prepared.body.as_deref(), Some(&b"{\"a\":1}"[..]));

    let prepared = prepare(|r| {
        r.path_param("id", &1);
        r.path_param("part", &2);
    })
    .unwrap();
    assert!(prepared.headers.get(header::CONTENT_TYPE).is_none());
    assert!(prepared.body.is_none());
}

fn form(write: impl FnOnce(&mut RequestParts)) -> Result<Prepared, String> {
    prepare(|r| {
        r.path_param("id", &1);
        r.path_param("part", &2);
        write(r);
    })
}

#[test]
fn form_bodies_follow_the_html_form_rules_and_cannot_be_reshaped() {
    let body = serde_json::json!({
        "token": "a b&c=d+e%f/é",
        "token_type_hint": "refresh_token",
        "scope": ["read", "write"],
        "unset": null,
        "n": 5,
        "ok": true,
    });
    let prepared = form(|r| r.form(&body)).unwrap();
    assert_eq!(
        std::str::from_utf8(prepared.body.as_deref().unwrap()).unwrap(),
        "token=a+b%26c%3Dd%2Be%25f%2F%C3%A9&token_type_hint=refresh_token&scope=read&scope=write&n=5&ok=true",
        "fields in the body's order"
    );
    let err = form(|r| r.form(&serde_json::json!({"nested": {"a": 1}}))).unwrap_err();
    assert!(err.contains("`nested`"), "{err}");
}

#[test]
fn body_credentials_join_form_and_json_bodies() {
    let applied = Applied::BodyFields {
        username_field: "client_id",
        username: "app 1".to_owned(),
        password_field: "client_secret",
        password: "s&cret".into(),
    };
    let prepared = form(|r| {
        r.form(&serde_json::json!({"token": "t", "client_id": "stale"}));
        r.authenticate(&applied);
    })
    .unwrap();
    assert_eq!(
        prepared.body.as_deref().unwrap(),
        b"token=t&client_id=app+1&client_secret=s%26cret"
    );
    let prepared = form(|r| {
        r.json(&serde_json::json!({"token": "t"}));
        r.authenticate(&applied);
    })
    .unwrap();
    let sent: serde_json::Value =
        serde_json::from_slice(prepared.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({"token": "t", "client_id": "app 1", "client_secret": "s&cret"})
    );
    assert!(
        form(|r| r.authenticate(&applied))
            .unwrap_err()
            .contains("no body")
    );
}

#[test]
fn body_serialization_failure_is_recorded() {
    struct Unserializable;
    impl serde::Serialize for Unserializable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("boom"))
        }
    }
    let err = prepare(|r| r.json(&Unserializable)).unwrap_err();
    assert_eq!(err, "could not serialize the request body: boom");
}

#[test]
fn cookies_share_one_header_after_a_cookie_credential() {
    let prepared = prepare(|r| {
        r.path_param("id", &1);
        r.path_param("part", &2);
        r.cookie("theme", &"dark");
        r.cookie("n", &7);
        let mut credential = HeaderValue::from_static("session=s3cr3t");
        credential.set_sensitive(true);
        r.authenticate(&Applied::Header(header::COOKIE, credential));
    })
    .unwrap();
    let cookie = &prepared.headers[header::COOKIE];
    assert_eq!(cookie, "session=s3cr3t; theme=dark; n=7");
    assert!(cookie.is_sensitive(), "it carries the credential");
    let err = prepare(|r| {
        r.path_param("id", &1);
        r.path_param("part", &2);
        r.cookie("theme", &"dark; admin=1");
    })
    .unwrap_err();
    assert!(err.contains("`theme`") && !err.contains("admin"), "{err}");
}
