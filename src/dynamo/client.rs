//! The two ways to hold the DynamoDB client. [`Reader`] has the read
//! operations only and is what `Ctx::dynamodb` gives; [`Writer`] has every
//! operation and comes only from [`super::guard::writer`], which applies the
//! local-endpoint guard first. A command that writes takes its `Writer`
//! before it reads, so a refused endpoint fails before any request.

use aws_sdk_dynamodb::operation::{
    describe_export::builders::DescribeExportFluentBuilder,
    describe_import::builders::DescribeImportFluentBuilder,
    describe_table::builders::DescribeTableFluentBuilder,
    export_table_to_point_in_time::builders::ExportTableToPointInTimeFluentBuilder,
    list_tables::builders::ListTablesFluentBuilder, query::builders::QueryFluentBuilder,
    scan::builders::ScanFluentBuilder,
};
use aws_sdk_dynamodb::Client;

/// The DynamoDB client for reads.
#[derive(Debug, Clone)]
pub struct Reader(Client);

impl Reader {
    /// Only `Ctx` builds clients (ARCHITECTURE.md).
    pub(crate) fn new(client: Client) -> Self {
        Reader(client)
    }

    pub fn describe_table(&self) -> DescribeTableFluentBuilder {
        self.0.describe_table()
    }

    pub fn query(&self) -> QueryFluentBuilder {
        self.0.query()
    }

    pub fn scan(&self) -> ScanFluentBuilder {
        self.0.scan()
    }

    pub fn list_tables(&self) -> ListTablesFluentBuilder {
        self.0.list_tables()
    }

    pub fn describe_export(&self) -> DescribeExportFluentBuilder {
        self.0.describe_export()
    }

    pub fn describe_import(&self) -> DescribeImportFluentBuilder {
        self.0.describe_import()
    }

    /// Reads the table into S3; the table itself is not changed.
    pub fn export_table_to_point_in_time(&self) -> ExportTableToPointInTimeFluentBuilder {
        self.0.export_table_to_point_in_time()
    }
}

/// The DynamoDB client for writes (and reads).
#[derive(Debug, Clone)]
pub struct Writer(Client);

impl Writer {
    /// Only the guard makes a writer.
    pub(super) fn after_guard(reader: Reader) -> Self {
        Writer(reader.0)
    }
}

impl std::ops::Deref for Writer {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.0
    }
}
