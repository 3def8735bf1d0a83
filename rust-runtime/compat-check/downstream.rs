//! Downstream code, written against the crate generated from `base.yaml` the
//! way a user of that crate writes it. The corpus compiles this file against
//! the crate generated from each case's new spec (it must compile exactly
//! when `cargo xtask diff` says the change is Rust-compatible), and runs
//! [`call`] from a binary built against the old crate, against a loopback
//! server that follows the new spec (it must work exactly when `diff` says
//! the change is wire-compatible).
//!
//! Not a module of `compat-check` itself: the corpus places it next to a
//! generated crate root as `crate::downstream`, with the crate root as
//! `crate::api`.
#![allow(dead_code)]

use std::time::Duration;

use crate::api::{
    Color, CompatClient, CompatCredential, CompatServer, CreateNoteError, CreateNoteRequest,
    Draft, GetNoteError, GetNoteRequest, GetStatusRequest, Note, Problem, runtime,
};

/// Every item of the API a caller touches, used the way callers use it:
/// constructors with their arguments, setters, field reads with their types,
/// `match`es on enums, server and credential variants.
pub fn uses() {
    let priority: i32 = 3;
    let draft = Draft::new(priority, "Groceries").color(Color::Blue);
    let sent: i32 = draft.priority;
    let _ = (sent, &draft.title, &draft.color);
    let _ = CreateNoteRequest::new(draft).dry_run(true);
    let _ = GetNoteRequest::new(7_i64);
    let _ = GetStatusRequest::new();

    let note = Note::new(1, true, 2, "Groceries").color(Color::Red);
    let id: i64 = note.id;
    let title: &str = &note.title;
    let pinned: bool = note.pinned;
    let size: i32 = note.size + 1;
    let _ = (id, title, pinned, size);
    let shade = match &note.color {
        Some(Color::Red) => "red",
        Some(Color::Blue) => "blue",
        Some(_) | None => "other",
    };
    let _ = shade;
    let _ = Problem::new("gone").message;

    // The server enum is `Copy` and has a `Default` while no server has
    // variables; callers rely on both.
    let main = CompatServer::Main;
    let copied = main;
    let _ = [main, copied, CompatServer::Eu, CompatServer::default()];
    let _ = CompatCredential::bearer("token");
}

/// What callers do with the typed error bodies.
pub fn errors(create: CreateNoteError, get: GetNoteError) -> [String; 2] {
    let a = match create {
        CreateNoteError::Conflict(p) => p.message,
        _ => "other".to_owned(),
    };
    let b = match get {
        GetNoteError::NotFound(p) => p.message,
        _ => "other".to_owned(),
    };
    [a, b]
}

/// A client of the server at `url`, retrying quickly.
pub fn client(url: &str) -> CompatClient {
    CompatClient::builder("test-token")
        .base_url(url)
        .allow_insecure_http(true)
        .timeout(Duration::from_secs(10))
        .retry_policy(
            runtime::RetryPolicy::default()
                .initial_backoff(Duration::from_millis(5))
                .max_delay(Duration::from_millis(20)),
        )
        .build()
        .expect("a client")
}

/// One call, as an application makes it: `create`, `get` or `status`.
pub async fn call(client: &CompatClient, which: &str) -> Result<String, String> {
    match which {
        "create" => client
            .create_note(CreateNoteRequest::new(
                Draft::new(3, "Groceries").color(Color::Blue),
            ))
            .await
            .map(|r| format!("created {} ({} bytes)", r.body().id, r.body().title.len()))
            .map_err(|e| e.to_string()),
        "get" => client
            .get_note(GetNoteRequest::new(7))
            .await
            .map(|r| format!("note {} of size {}", r.body().id, r.body().size))
            .map_err(|e| e.to_string()),
        "status" => client
            .get_status(GetStatusRequest::new())
            .await
            .map(|r| format!("status {}", r.status()))
            .map_err(|e| e.to_string()),
        other => Err(format!("no call named {other}")),
    }
}
