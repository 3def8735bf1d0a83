//! `multipart/form-data` bodies (kitchen_sink's `attach_files`): the exact
//! bytes on the wire, a boundary no part contains, files as they are, and
//! limits checked before sending.

use wiremock::ResponseTemplate;

use super::{header, kitchen_sink, refused_unsent, sent, server, target};
use crate::kitchen_sink::{AttachFilesBody, AttachFilesRequest, Label, WidgetKind, runtime};

#[tokio::test]
async fn every_field_is_a_part_files_as_they_are_objects_as_json() {
    let server = server(ResponseTemplate::new(201)).await;
    let file = runtime::Bytes::from_static(b"\x89PNG\r\n\x00\xff");
    let body = AttachFilesBody::new(file, "a \"quoted\"\r\ntitle")
        .pages(vec![
            runtime::Bytes::from_static(b"page 1"),
            runtime::Bytes::from_static(b""),
        ])
        .labels(vec!["red".to_owned(), "blue".to_owned()])
        .kind(WidgetKind::ThreeD)
        .label(Label::new("spare"))
        .meta([("k".to_owned(), "v".to_owned())].into());
    kitchen_sink(&server.uri())
        .attach_files(AttachFilesRequest::new(7, body))
        .await
        .expect("attached");
    let request = sent(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(target(&request), "/widgets/7/attachments");
    let b = "api-clients-boundary-0000000000000000";
    assert_eq!(
        header(&request, "content-type"),
        Some(format!("multipart/form-data; boundary={b}").as_str())
    );
    let mut expected: Vec<u8> = Vec::new();
    let mut part = |head: &str, content: &[u8]| {
        expected.extend_from_slice(format!("--{b}\r\n{head}\r\n\r\n").as_bytes());
        expected.extend_from_slice(content);
        expected.extend_from_slice(b"\r\n");
    };
    let file = |name: &str| {
        format!(
            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream"
        )
    };
    let text = |name: &str| format!("Content-Disposition: form-data; name=\"{name}\"");
    let json = |name: &str| format!("{}\r\nContent-Type: application/json", text(name));
    // In the spec's order of the fields (some servers want a file after
    // its metadata); arrays one part per item.
    part(&file("file"), b"\x89PNG\r\n\x00\xff");
    part(&text("title"), b"a \"quoted\"\r\ntitle");
    part(&file("pages"), b"page 1");
    part(&file("pages"), b"");
    part(&text("labels"), b"red");
    part(&text("labels"), b"blue");
    part(&text("kind"), b"3d");
    part(&json("label"), br#"{"key":"spare"}"#);
    part(&json("meta"), br#"{"k":"v"}"#);
    expected.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn a_file_holding_the_boundary_gets_another_one() {
    let server = server(ResponseTemplate::new(201)).await;
    let sneaky = b"--api-clients-boundary-0000000000000000--\r\n".to_vec();
    let body = AttachFilesBody::new(runtime::Bytes::from(sneaky.clone()), "t");
    kitchen_sink(&server.uri())
        .attach_files(AttachFilesRequest::new(1, body))
        .await
        .expect("attached");
    let request = sent(&server).await;
    let content_type = header(&request, "content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a boundary");
    assert_eq!(boundary, "api-clients-boundary-0000000000000001");
    // The file arrives whole: the body splits into exactly its two parts.
    let delimiter = format!("\r\n--{boundary}");
    let text = String::from_utf8_lossy(&request.body).into_owned();
    let pieces: Vec<&str> = text.split(delimiter.as_str()).collect();
    assert_eq!(pieces.len(), 3, "{text}");
    assert!(pieces[0].ends_with(&String::from_utf8_lossy(&sneaky).into_owned()));
}

#[tokio::test]
async fn limits_of_a_json_part_are_checked_before_sending() {
    let server = server(ResponseTemplate::new(201)).await;
    let body = AttachFilesBody::new(runtime::Bytes::new(), "t").label(Label::new("NOT lower"));
    let err = kitchen_sink(&server.uri())
        .attach_files(AttachFilesRequest::new(1, body))
        .await
        .expect_err("refused");
    refused_unsent(&server, &err, "label").await;
}
