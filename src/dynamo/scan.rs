//! Scan pages: one segment of a parallel scan as a stream of pages, for
//! `ddb scan` and `ddb export`.

use aws_sdk_dynamodb::operation::scan::ScanOutput;
use futures::stream::{self, BoxStream, StreamExt};

use super::client::Reader;

pub type ScanResult = Result<
    ScanOutput,
    aws_sdk_dynamodb::error::SdkError<
        aws_sdk_dynamodb::operation::scan::ScanError,
        aws_sdk_dynamodb::config::http::HttpResponse,
    >,
>;

/// The pages of one segment (the SDK's paginator follows LastEvaluatedKey),
/// each request sent when the previous page is consumed.
pub fn segment_pages(
    client: Reader,
    table: String,
    segment: i32,
    total: i32,
    page_size: Option<i32>,
) -> BoxStream<'static, ScanResult> {
    let mut request = client.scan().table_name(table).set_limit(page_size);
    if total > 1 {
        request = request.segment(segment).total_segments(total);
    }
    let pages = request.into_paginator().send();
    stream::unfold(pages, |mut pages| async move {
        pages.next().await.map(|page| (page, pages))
    })
    .boxed()
}
