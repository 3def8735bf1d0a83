//! Query parameters holding several values in OpenAPI's styles
//! (kitchen_sink's `search_widgets`): deep objects, objects as parameters of
//! their own or one joined value, and arrays joined by `|` or a space. The
//! exact query string is checked, and an object's limits before sending.

use wiremock::ResponseTemplate;

use super::{kitchen_sink, refused_unsent, sent, server, target};
use crate::kitchen_sink::{
    Label, Page, SearchWidgetsRequest, WidgetFilter, WidgetFilterCreated, WidgetKind,
};

#[tokio::test]
async fn every_style_is_written_as_openapi_says() {
    let server = server(ResponseTemplate::new(200).set_body_raw("[]", "application/json")).await;
    let filter = WidgetFilter::new()
        .name("a&b=c")
        .created(WidgetFilterCreated::new().gt(5))
        .kinds(vec![WidgetKind::Small, WidgetKind::ThreeD]);
    let request = SearchWidgetsRequest::new("dark")
        .filter(filter)
        .page(Page::new(2).size(50))
        .corner_page(Page::new(1))
        .meta([("team".to_owned(), "red blue".to_owned())].into())
        .expand(vec!["owner".to_owned()])
        .ids(vec![1, 2, 3])
        .words(vec!["big".to_owned(), "red".to_owned()]);
    kitchen_sink(&server.uri())
        .search_widgets(request)
        .await
        .expect("found");
    let request = sent(&server).await;
    // The one required cookie; `beta` was not set.
    assert_eq!(super::header(&request, "cookie"), Some("theme=dark"));
    let query = target(&request);
    let expected = [
        "/widgets/search?corner=number%2C1",
        "expand%5B%5D=owner",
        "filter%5Bcreated%5D%5Bgt%5D=5",
        "filter%5Bkinds%5D%5B%5D=small",
        "filter%5Bkinds%5D%5B%5D=3d",
        "filter%5Bname%5D=a%26b%3Dc",
        "ids=1%7C2%7C3",
        "meta%5Bteam%5D=red%20blue",
        "number=2",
        "size=50",
        "words=big%20red",
    ]
    .join("&");
    assert_eq!(query, expected);
}

#[tokio::test]
async fn json_parameters_carry_the_values_json_text() {
    let server = server(ResponseTemplate::new(200).set_body_raw("[]", "application/json")).await;
    let request = SearchWidgetsRequest::new("dark")
        .payload(
            WidgetFilter::new()
                .name("a b")
                .kinds(vec![WidgetKind::Small]),
        )
        .x_meta([("k".to_owned(), "v\"w".to_owned())].into());
    kitchen_sink(&server.uri())
        .search_widgets(request)
        .await
        .expect("found");
    let request = sent(&server).await;
    let payload = request
        .url
        .query_pairs()
        .find(|(k, _)| k == "payload")
        .map(|(_, v)| v.into_owned())
        .expect("payload");
    assert_eq!(payload, r#"{"kinds":["small"],"name":"a b"}"#);
    assert_eq!(super::header(&request, "x-meta"), Some(r#"{"k":"v\"w"}"#));
}

#[tokio::test]
async fn an_objects_limits_are_checked_before_sending() {
    let server = server(ResponseTemplate::new(200).set_body_raw("[]", "application/json")).await;
    let request = SearchWidgetsRequest::new("dark")
        .filter(WidgetFilter::new().label(Label::new("NOT lower")));
    let err = kitchen_sink(&server.uri())
        .search_widgets(request)
        .await
        .expect_err("refused");
    refused_unsent(&server, &err, "filter.label").await;
}

#[tokio::test]
async fn a_delimited_value_cannot_hold_its_delimiter() {
    let server = server(ResponseTemplate::new(200).set_body_raw("[]", "application/json")).await;
    let request = SearchWidgetsRequest::new("dark").words(vec!["two words".to_owned()]);
    let err = kitchen_sink(&server.uri())
        .search_widgets(request)
        .await
        .expect_err("refused");
    refused_unsent(&server, &err, "`words`").await;
}

/// A form body with nested values (kitchen_sink's `create_customer`,
/// `style: deep_object`): the exact body Stripe-style servers read.
#[tokio::test]
async fn deep_form_bodies_write_nested_values_in_brackets() {
    use crate::kitchen_sink::{
        CreateCustomerBody, CreateCustomerBodyAddress, CreateCustomerBodyItems,
        CreateCustomerRequest,
    };
    let server = server(ResponseTemplate::new(200)).await;
    let body = CreateCustomerBody::new("a+b@x.test")
        .metadata([("order".to_owned(), "7 8".to_owned())].into())
        .address(CreateCustomerBodyAddress::new("1 Main St"))
        .items(vec![
            CreateCustomerBodyItems::new("p_1").quantity(2),
            CreateCustomerBodyItems::new("p_2"),
        ])
        .expand(vec!["customer".to_owned()]);
    kitchen_sink(&server.uri())
        .create_customer(CreateCustomerRequest::new(body))
        .await
        .expect("created");
    let request = sent(&server).await;
    assert_eq!(
        super::header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let expected = [
        ("address[line1]", "1 Main St"),
        ("email", "a+b@x.test"),
        ("expand[]", "customer"),
        ("items[0][price]", "p_1"),
        ("items[0][quantity]", "2"),
        ("items[1][price]", "p_2"),
        ("metadata[order]", "7 8"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(pairs, expected);
}

/// Cookies go in one `Cookie` header; a value that would add a cookie is
/// refused before sending.
#[tokio::test]
async fn cookies_share_one_header_and_cannot_add_one() {
    let server = server(ResponseTemplate::new(200).set_body_raw("[]", "application/json")).await;
    let client = kitchen_sink(&server.uri());
    client
        .search_widgets(SearchWidgetsRequest::new("dark").beta(true))
        .await
        .expect("found");
    let request = sent(&server).await;
    assert_eq!(
        super::header(&request, "cookie"),
        Some("beta=true; theme=dark")
    );
    let unsent = super::server(ResponseTemplate::new(500)).await;
    let err = kitchen_sink(&unsent.uri())
        .search_widgets(SearchWidgetsRequest::new("dark; admin=1"))
        .await
        .expect_err("refused");
    refused_unsent(&unsent, &err, "`theme`").await;
    assert!(!err.to_string().contains("admin"), "{err}");
}
