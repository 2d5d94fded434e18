//! Reads of the single table that several commands share: one partition
//! (`GRP#` or `MSG#`) in key order, a conversation's rows through the GSI,
//! and one participant's rows of a conversation read consistently.

use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::operation::query::QueryOutput;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnConsumedCapacity, Select};
use uuid::Uuid;

use super::consumed::Consumed;
use super::errors::ddb_error;
use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::aws::errors::OperationError;
use crate::model::attr::Item;
use crate::model::schema::attrs;
use crate::model::{PartitionKey, GSI_NAME};

/// Items of a query and the read capacity it consumed.
#[derive(Debug, Default)]
pub struct QueryResult {
    pub items: Vec<Item>,
    pub consumed_capacity: f64,
    /// The same, split between the table and its indexes.
    pub consumed: Consumed,
    pub requests: u32,
}

/// How to read a partition.
#[derive(Debug, Clone, Copy)]
pub struct PartitionQuery {
    /// Newest `sk` first (ScanIndexForward=false).
    pub newest_first: bool,
    /// Items per request; with `all_pages` false, the only request's limit.
    pub limit: Option<i32>,
    /// Follow LastEvaluatedKey to the end.
    pub all_pages: bool,
}

/// Sends `request`, following LastEvaluatedKey (with the SDK's paginator)
/// while `all_pages`; otherwise the first page only.
async fn collect(
    ctx: &Ctx,
    request: QueryFluentBuilder,
    doing: &str,
    all_pages: bool,
) -> Result<QueryResult, CliError> {
    let table = ctx.table.as_str();
    let mut result = QueryResult::default();
    let mut pages = request.into_paginator().send();
    while let Some(page) = pages.next().await {
        let out = page
            .map_err(|e| ddb_error(ctx, e, &format!("{doing} in table '{table}'"), Some(table)))?;
        result.requests += 1;
        let consumed = out
            .consumed_capacity()
            .map(Consumed::of)
            .unwrap_or_default();
        result.consumed_capacity += consumed.total;
        result.consumed.add(&consumed);
        result.items.extend(out.items.unwrap_or_default());
        if !all_pages {
            break;
        }
    }
    Ok(result)
}

/// A query of one partition key.
async fn partition(ctx: &Ctx, pk: PartitionKey) -> Result<QueryFluentBuilder, CliError> {
    Ok(ctx
        .dynamodb()
        .await?
        .query()
        .table_name(&ctx.table)
        .key_condition_expression("#pk = :pk")
        .expression_attribute_names("#pk", attrs::PK)
        .expression_attribute_values(":pk", AttributeValue::S(pk.to_string())))
}

/// The items of partition `pk`, by `sk`. No condition on `sk`: every year's rows count.
pub async fn query_partition(
    ctx: &Ctx,
    pk: PartitionKey,
    q: PartitionQuery,
) -> Result<QueryResult, CliError> {
    let request = partition(ctx, pk)
        .await?
        .scan_index_forward(!q.newest_first)
        .set_limit(q.limit)
        .return_consumed_capacity(ReturnConsumedCapacity::Indexes);
    collect(ctx, request, &format!("querying '{pk}'"), q.all_pages).await
}

/// A partition read page by page, as the app reads it: each request asks
/// for at most what is still wanted (DynamoDB also ends a page at 1 MB),
/// and the reading can stop between pages and count what is left. Only
/// the page at hand is held.
pub struct PartitionPages<'a> {
    ctx: &'a Ctx,
    pk: PartitionKey,
    newest_first: bool,
    /// Where the next request starts (LastEvaluatedKey).
    start: Option<Item>,
    done: bool,
    /// Capacity consumed so far, every request counted.
    pub consumed: Consumed,
    pub requests: u32,
}

impl<'a> PartitionPages<'a> {
    pub fn new(ctx: &'a Ctx, pk: PartitionKey, newest_first: bool) -> Self {
        PartitionPages {
            ctx,
            pk,
            newest_first,
            start: None,
            done: false,
            consumed: Consumed::default(),
            requests: 0,
        }
    }

    /// The next page, of at most `limit` items (`None`: as many as a page
    /// holds); `None` once the partition is read.
    pub async fn next_page(&mut self, limit: Option<i32>) -> Result<Option<Vec<Item>>, CliError> {
        if self.done {
            return Ok(None);
        }
        let out = self.request(limit, None).await?;
        Ok(Some(out.items.unwrap_or_default()))
    }

    /// Whether a page may follow.
    pub fn has_more(&self) -> bool {
        !self.done
    }

    /// The items after the pages read so far, counted (Select COUNT, every
    /// page; it reads them as a query of them would, so it costs as much).
    pub async fn count_rest(&mut self) -> Result<u64, CliError> {
        let mut n = 0u64;
        while !self.done {
            n += self.request(None, Some(Select::Count)).await?.count.max(0) as u64;
        }
        Ok(n)
    }

    /// One request from where the last ended, counted with its capacity.
    async fn request(
        &mut self,
        limit: Option<i32>,
        select: Option<Select>,
    ) -> Result<QueryOutput, CliError> {
        let mut out = partition(self.ctx, self.pk)
            .await?
            .scan_index_forward(!self.newest_first)
            .set_limit(limit)
            .set_select(select)
            .set_exclusive_start_key(self.start.take())
            .return_consumed_capacity(ReturnConsumedCapacity::Indexes)
            .send()
            .await
            .map_err(|e| self.error(e))?;
        self.requests += 1;
        self.consumed.add(
            &out.consumed_capacity()
                .map(Consumed::of)
                .unwrap_or_default(),
        );
        self.start = out.last_evaluated_key.take();
        self.done = self.start.is_none();
        Ok(out)
    }

    fn error<E: OperationError, R: std::fmt::Debug + 'static>(
        &self,
        e: aws_sdk_dynamodb::error::SdkError<E, R>,
    ) -> CliError {
        let table = self.ctx.table.as_str();
        ddb_error(
            self.ctx,
            e,
            &format!("querying '{}' in table '{table}'", self.pk),
            Some(table),
        )
    }
}

/// Every message-group row of a conversation (GSI `message-group-sk-index`,
/// all pages; eventually consistent).
pub async fn group_rows(ctx: &Ctx, group_uuid: Uuid) -> Result<Vec<Item>, CliError> {
    Ok(read_group_rows(ctx, group_uuid).await?.items)
}

/// [`group_rows`], with the capacity the query consumed.
pub async fn read_group_rows(ctx: &Ctx, group_uuid: Uuid) -> Result<QueryResult, CliError> {
    let request = ctx
        .dynamodb()
        .await?
        .query()
        .table_name(&ctx.table)
        .index_name(GSI_NAME)
        .key_condition_expression("#g = :g");
    let request = of_group(request, group_uuid);
    collect(ctx, request, &format!("querying index '{GSI_NAME}'"), true).await
}

/// `request` with `#g = :g` naming the conversation `group_uuid`, counting
/// the capacity of the table and its indexes.
fn of_group(request: QueryFluentBuilder, group_uuid: Uuid) -> QueryFluentBuilder {
    request
        .expression_attribute_names("#g", attrs::MESSAGE_GROUP_UUID)
        .expression_attribute_values(":g", AttributeValue::S(group_uuid.hyphenated().to_string()))
        .return_consumed_capacity(ReturnConsumedCapacity::Indexes)
}

/// One participant's rows of a conversation, read consistently from the
/// table (`pk = GRP#<owner>`, filtered on the group): what the GSI, which
/// is only eventually consistent, may not show yet.
pub async fn owner_group_rows(
    ctx: &Ctx,
    owner: Uuid,
    group_uuid: Uuid,
) -> Result<QueryResult, CliError> {
    let pk = PartitionKey::groups_of(owner);
    let request = partition(ctx, pk)
        .await?
        .consistent_read(true)
        .filter_expression("#g = :g");
    let request = of_group(request, group_uuid);
    collect(ctx, request, &format!("querying '{pk}'"), true).await
}
