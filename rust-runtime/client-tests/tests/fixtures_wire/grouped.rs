//! A grouped API (codegen/tests/fixtures/grouped.yaml, shaped after GitHub's
//! users and repositories endpoints): the methods a group's file adds to the
//! client send exactly what the spec declares, and a call of an endpoint in
//! no group still works beside them.

use wiremock::ResponseTemplate;

use super::{header, sent, server, target};
use crate::grouped::{DeleteRepoRequest, GroupedClient, ListReposRequest, MetaRequest, Visibility};

fn client(base: &str) -> GroupedClient {
    GroupedClient::builder("tok")
        .base_url(base)
        .allow_insecure_http(true)
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_groups_method_sends_its_path_query_and_token() {
    let server = server(ResponseTemplate::new(200).set_body_raw(
        r#"[{"name":"hello","owner":{"login":"octo"}}]"#,
        "application/json",
    ))
    .await;
    let repos = client(&server.uri())
        .list_repos(
            ListReposRequest::new("octo cat")
                .visibility(Visibility::Private)
                .per_page(5),
        )
        .await
        .expect("listed")
        .into_body();
    assert_eq!(repos.len(), 1);
    assert_eq!(repos[0].owner.login, "octo");
    let request = sent(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(
        target(&request),
        "/users/octo%20cat/repos?per_page=5&visibility=private"
    );
    assert_eq!(header(&request, "authorization"), Some("Bearer tok"));
}

#[tokio::test]
async fn a_groups_limits_are_checked_and_an_ungrouped_endpoint_is_called_beside_it() {
    let server = server(ResponseTemplate::new(204)).await;
    let err = client(&server.uri())
        .list_repos(ListReposRequest::new("octo").per_page(101))
        .await
        .expect_err("over the maximum");
    super::refused_unsent(&server, err, "per_page").await;
    client(&server.uri())
        // Required inputs in the order of their Rust names: `name`, `owner`.
        .delete_repo(DeleteRepoRequest::new("hello", "octo"))
        .await
        .expect("deleted");
    let request = sent(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(target(&request), "/repos/octo/hello");

    let meta = super::server(
        ResponseTemplate::new(200).set_body_raw(r#"{"login":"octo"}"#, "application/json"),
    )
    .await;
    let owner = client(&meta.uri())
        .meta(MetaRequest::new())
        .await
        .expect("meta")
        .into_body();
    assert_eq!(owner.login, "octo");
    assert_eq!(target(&sent(&meta).await), "/meta");
}
