//! A small hand-written fake API, written the way the generator writes clients,
//! for the runtime's own tests.

use serde::{Deserialize, Serialize};

use super::{
    ApiClient, ApiInfo, Body, BuildError, Client, Condition, Credential, Decoded, Endpoint, KeyIn,
    Operation, RequestParts, RetryRules, Scheme, SchemeCredential, SchemeKind, Secret, ServerUrl,
    Wait,
};

pub(crate) const FAKE_API: ApiInfo = ApiInfo {
    name: "fake",
    title: "Fake API",
    user_agent: "fake-client/1.2.3",
    error_message: &["/detail", "/message"],
    schemes: &[
        Scheme {
            name: "key",
            kind: SchemeKind::ApiKey {
                location: KeyIn::Header,
                name: "X-Api-Key",
                prefix: "",
            },
        },
        Scheme {
            name: "token",
            kind: SchemeKind::Bearer,
        },
        Scheme {
            name: "pair",
            kind: SchemeKind::AllOf(&["token", "key"]),
        },
    ],
    retry: RetryRules {
        throttled: &[Condition {
            status: Some((429, 429)),
            headers: &[],
            body: &[],
        }],
        transient: &[Condition {
            status: Some((503, 503)),
            headers: &[],
            body: &[],
        }],
        wait: &[Wait::RetryAfter],
    },
};

/// The API's credentials.
#[derive(Debug)]
pub(crate) enum FakeCredential {
    Key(Secret),
    Token(Secret),
}

impl From<FakeCredential> for SchemeCredential {
    fn from(c: FakeCredential) -> Self {
        match c {
            FakeCredential::Key(k) => SchemeCredential::new("key", Credential::Token(k)),
            FakeCredential::Token(t) => SchemeCredential::new("token", Credential::Token(t)),
        }
    }
}

/// The generated client type.
#[derive(Clone, Debug)]
pub(crate) struct FakeClient(pub(crate) Client);

impl From<Client> for FakeClient {
    fn from(client: Client) -> Self {
        FakeClient(client)
    }
}

/// The API's named servers.
pub(crate) enum FakeServer {
    Production,
    Sandbox,
}

impl ServerUrl for FakeServer {
    fn url(&self) -> Result<String, BuildError> {
        Ok(match self {
            FakeServer::Production => "https://api.fake.test/2.0",
            FakeServer::Sandbox => "https://sandbox.fake.test/2.0/",
        }
        .to_owned())
    }
}

impl ApiClient for FakeClient {
    type Server = FakeServer;
    type Credential = FakeCredential;
    const API: &'static ApiInfo = &FAKE_API;
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Item {
    pub(crate) id: String,
    pub(crate) name: String,
}

#[derive(Debug, PartialEq, Deserialize)]
pub(crate) struct Problem {
    pub(crate) detail: String,
}

/// `GET /items/{id}`.
#[derive(Default)]
pub(crate) struct GetItem {
    pub(crate) id: String,
    pub(crate) verbose: Option<bool>,
    pub(crate) trace: Option<String>,
}

#[derive(Debug, PartialEq)]
pub(crate) enum GetItemError {
    NotFound(Problem),
}

impl Endpoint for GetItem {
    type Output = Item;
    type Error = GetItemError;
    const OPERATION: &'static Operation = &Operation {
        name: "get_item",
        method: http::Method::GET,
        path: "/items/{id}",
        idempotent: true,
        retry_after_fields: &[(429, "retry_after")],
        content_type: None,
        accept: "application/json",
        auth: &["token", "key"],
        auth_optional: false,
        headers: &[],
        sensitive_bodies: false,
        error_messages: &[],
    };

    fn write(&self, req: &mut RequestParts) {
        req.path_param("id", &self.id);
        if let Some(verbose) = &self.verbose {
            req.query("verbose", verbose);
        }
        if let Some(trace) = &self.trace {
            req.header("X-Trace", trace);
        }
    }

    fn decode(status: u16, body: &Body<'_>) -> Decoded<Item, GetItemError> {
        match status {
            200 => Decoded::Success(body.json()),
            404 => Decoded::Error(Some(body.json().map(GetItemError::NotFound))),
            429 | 503 => Decoded::Error(None),
            _ => Decoded::Undeclared,
        }
    }
}

/// `GET /status`: both credentials together, or the key alone.
pub(crate) struct Status;

impl Endpoint for Status {
    type Output = ();
    type Error = GetItemError;
    const OPERATION: &'static Operation = &Operation {
        name: "status",
        method: http::Method::GET,
        path: "/status",
        idempotent: true,
        retry_after_fields: &[],
        content_type: None,
        accept: "application/json",
        auth: &["pair", "key"],
        auth_optional: false,
        headers: &[],
        sensitive_bodies: false,
        error_messages: &[],
    };

    fn write(&self, _: &mut RequestParts) {}

    fn decode(status: u16, _: &Body<'_>) -> Decoded<(), GetItemError> {
        match status {
            200..=299 => Decoded::Success(Ok(())),
            _ => Decoded::Undeclared,
        }
    }
}

/// `POST /items`: not idempotent.
pub(crate) struct CreateItem {
    pub(crate) body: Item,
}

#[derive(Debug)]
pub(crate) enum CreateItemError {}

impl Endpoint for CreateItem {
    type Output = Item;
    type Error = CreateItemError;
    const OPERATION: &'static Operation = &Operation {
        name: "create_item",
        method: http::Method::POST,
        path: "/items",
        idempotent: false,
        retry_after_fields: &[],
        content_type: Some("application/json"),
        accept: "application/json",
        auth: &["token", "key"],
        auth_optional: false,
        headers: &[],
        sensitive_bodies: false,
        error_messages: &[],
    };

    fn write(&self, req: &mut RequestParts) {
        req.json(&self.body);
    }

    fn decode(status: u16, body: &Body<'_>) -> Decoded<Item, CreateItemError> {
        match status {
            201 => Decoded::Success(body.json()),
            429 | 503 => Decoded::Error(None),
            _ => Decoded::Undeclared,
        }
    }
}

/// `DELETE /items/{id}`: success without a body; needs no authentication.
pub(crate) struct DeleteItem {
    pub(crate) id: String,
}

impl Endpoint for DeleteItem {
    type Output = ();
    type Error = CreateItemError;
    const OPERATION: &'static Operation = &Operation {
        name: "delete_item",
        method: http::Method::DELETE,
        path: "/items/{id}",
        idempotent: true,
        retry_after_fields: &[],
        content_type: None,
        accept: "application/json",
        auth: &[],
        auth_optional: true,
        headers: &[],
        sensitive_bodies: false,
        error_messages: &[],
    };

    fn write(&self, req: &mut RequestParts) {
        req.path_param("id", &self.id);
    }

    fn decode(status: u16, body: &Body<'_>) -> Decoded<(), CreateItemError> {
        match status {
            200..=299 if body.is_empty() => Decoded::Success(Ok(())),
            _ => Decoded::Undeclared,
        }
    }
}
