//! DynamoDB's own export and import engine, for tables bigger than one
//! machine should scan: `ddb export --s3` (ExportTableToPointInTime),
//! `ddb import --s3` (download an export's data files and write them through
//! the bulk writer) and `ddb import --s3 --create-table` (ImportTable).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use aws_sdk_dynamodb::types::{
    ExportDescription, ExportFormat, ExportStatus, ImportStatus, ImportTableDescription,
    InputCompressionType, InputFormat, S3BucketSource, TableCreationParameters,
};

use super::source::{is_manifest, Input};
use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};
use crate::app::interrupt;
use crate::app::output;
use crate::app::wait::poll;
use crate::aws::errors::{aws_error, service_code, OperationError};
use crate::dynamo::client::Writer;
use crate::dynamo::errors::ddb_error;
use crate::dynamo::guard::writer;
use crate::dynamo::tables::describe_table;
use crate::model::schema;

/// `s3://BUCKET/PREFIX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Uri {
    pub bucket: String,
    /// Without leading or trailing `/`; may be empty.
    pub prefix: String,
}

impl FromStr for S3Uri {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let rest = s
            .strip_prefix("s3://")
            .ok_or_else(|| "expected s3://BUCKET/PREFIX".to_string())?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err("expected s3://BUCKET/PREFIX (the bucket is missing)".to_string());
        }
        Ok(S3Uri {
            bucket: bucket.to_string(),
            prefix: prefix.trim_matches('/').to_string(),
        })
    }
}

impl fmt::Display for S3Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.prefix)
    }
}

impl S3Uri {
    /// The prefix as a key prefix of objects under it (`prefix/`, or nothing).
    fn dir(&self) -> String {
        if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        }
    }
}

fn s3_error<E: OperationError, R: std::fmt::Debug + 'static>(
    err: aws_sdk_s3::error::SdkError<E, R>,
    doing: &str,
) -> CliError {
    aws_error(
        err,
        doing,
        "S3",
        "check the bucket name, the region (--region / AWS_REGION) and AWS_ENDPOINT_URL_S3",
    )
}

/// A job DynamoDB runs itself: an export to S3, an ImportTable.
trait AwsJob {
    /// The job's description when it has ended.
    type Ended;
    /// Its kind as the AWS CLI names it (`export`: `describe-export
    /// --export-arn`).
    const KIND: &'static str;
    fn arn(&self) -> &str;
    /// Its description if it has ended, `None` while it runs.
    async fn ended(&self) -> Result<Option<Self::Ended>, CliError>;
}

/// Waits until `job` has ended, polling every 1 to 20 s for at most
/// `timeout` with a spinner saying `doing`. The waiting, not the job, stops
/// at the timeout or at a first SIGINT or SIGTERM, with one line saying how
/// to follow the job.
async fn follow<J: AwsJob>(
    job: &J,
    doing: String,
    timeout: Duration,
) -> Result<J::Ended, CliError> {
    let kind = J::KIND;
    let what = format!("the {kind}");
    let command = format!("`aws dynamodb describe-{kind} --{kind}-arn {}`", job.arn());
    let bar = output::spinner(doing);
    let shutdown = interrupt::listen();
    let check = |_| async { job.ended().await.transpose() };
    let waited = tokio::select! {
        done = poll(timeout, Duration::from_secs(1), Duration::from_secs(20), check) => done,
        signal = shutdown.received() => {
            bar.finish_and_clear();
            return Err(CliError::interrupted(
                signal,
                format!("interrupted: stopped waiting for {what}, which goes on in AWS; follow it with {command}"),
            ));
        }
    };
    bar.finish_and_clear();
    match waited {
        Ok(result) => result,
        Err(_) => Err(CliError::new(format!(
            "timed out after {}s waiting for {what}",
            timeout.as_secs()
        ))
        .hint(format!("it goes on in AWS: {command}"))),
    }
}

/// An export of a table to S3 (ExportTableToPointInTime).
struct ExportJob<'a> {
    ctx: &'a Ctx,
    arn: String,
}

impl AwsJob for ExportJob<'_> {
    type Ended = ExportDescription;
    const KIND: &'static str = "export";

    fn arn(&self) -> &str {
        &self.arn
    }

    async fn ended(&self) -> Result<Option<ExportDescription>, CliError> {
        let client = self.ctx.dynamodb().await?;
        let out = client
            .describe_export()
            .export_arn(&self.arn)
            .send()
            .await
            .map_err(|e| ddb_error(self.ctx, e, "checking the export", None))?;
        Ok(out.export_description.filter(|d| {
            matches!(
                d.export_status(),
                Some(ExportStatus::Completed) | Some(ExportStatus::Failed)
            )
        }))
    }
}

/// An import of an export into a new table (ImportTable).
struct ImportJob<'a> {
    ctx: &'a Ctx,
    client: &'a Writer,
    arn: String,
}

impl AwsJob for ImportJob<'_> {
    type Ended = ImportTableDescription;
    const KIND: &'static str = "import";

    fn arn(&self) -> &str {
        &self.arn
    }

    async fn ended(&self) -> Result<Option<ImportTableDescription>, CliError> {
        let out = self
            .client
            .describe_import()
            .import_arn(&self.arn)
            .send()
            .await
            .map_err(|e| ddb_error(self.ctx, e, "checking the import", None))?;
        Ok(out.import_table_description.filter(|d| {
            !matches!(
                d.import_status(),
                Some(ImportStatus::InProgress) | Some(ImportStatus::Cancelling) | None
            )
        }))
    }
}

/// Where an ended export's files are: the folder of its manifest (AWS names
/// it), else the `AWSDynamoDB` folder under the prefix.
fn export_location(d: &ExportDescription, uri: &S3Uri) -> String {
    match d.export_manifest() {
        Some(key) => format!(
            "s3://{}/{}",
            uri.bucket,
            key.rsplit_once('/').map(|(dir, _)| dir).unwrap_or_default()
        ),
        None => format!("s3://{}/{}AWSDynamoDB", uri.bucket, uri.dir()),
    }
}

/// `ddb export --s3`: starts a server-side export of the table to `uri`
/// and, unless `no_wait`, waits until it is complete.
pub async fn export(
    ctx: &Ctx,
    uri: &S3Uri,
    no_wait: bool,
    timeout: Duration,
) -> anyhow::Result<()> {
    let table = ctx.table.as_str();
    let desc = describe_table(ctx, table)
        .await?
        .ok_or_else(|| crate::dynamo::errors::table_missing(ctx, table))?;
    let client = &ctx.dynamodb().await?;
    let started = client
        .export_table_to_point_in_time()
        .set_table_arn(desc.table_arn().map(str::to_string))
        .s3_bucket(&uri.bucket)
        .set_s3_prefix((!uri.prefix.is_empty()).then(|| uri.prefix.clone()))
        .export_format(ExportFormat::DynamodbJson)
        .send()
        .await;
    let started = match started {
        Ok(out) => out,
        Err(e) if service_code(&e) == Some("PointInTimeRecoveryUnavailableException") => {
            return Err(CliError::new(format!(
                "table '{table}' cannot be exported to S3: point-in-time recovery is not enabled on it (DynamoDB exports from its continuous backups)"
            ))
            .kind(ErrorKind::Conflict)
            .hint(format!(
                "enable it with `aws dynamodb update-continuous-backups --table-name {table} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true` (billed per GB stored), or use `cruddur ddb export --file` (a Scan) instead"
            ))
            .into());
        }
        Err(e) if service_code(&e) == Some("UnknownOperationException") => {
            return Err(CliError::new(format!(
                "DynamoDB at {} does not export to S3 (ExportTableToPointInTime is unknown there, as on DynamoDB Local)",
                ctx.dynamodb_target()
            ))
            .kind(ErrorKind::Usage)
            .hint("export with a Scan instead: `cruddur ddb export --file PATH`; exports to S3 need AWS (--prod)")
            .into());
        }
        Err(e) => {
            return Err(ddb_error(
                ctx,
                e,
                &format!("exporting table '{table}' to {uri}"),
                Some(table),
            )
            .into())
        }
    };
    let arn = started
        .export_description()
        .and_then(|d| d.export_arn())
        .unwrap_or_default()
        .to_string();
    if no_wait {
        output::note(format!(
            "export of table '{table}' to {uri} started; follow it with `aws dynamodb describe-export --export-arn {arn}`"
        ));
        if ctx.json() {
            output::print_json(&ExportReport {
                table,
                export_arn: &arn,
                status: JobStatus::InProgress,
                items: None,
                s3: uri.to_string(),
            })?;
        } else {
            output::print_line(&arn)?;
        }
        return Ok(());
    }
    let job = ExportJob {
        ctx,
        arn: arn.clone(),
    };
    let d = follow(&job, format!("exporting table '{table}' to {uri}"), timeout).await?;
    if d.export_status() == Some(&ExportStatus::Failed) {
        return Err(CliError::new(format!(
            "the export of table '{table}' to {uri} failed: {} {}",
            d.failure_code().unwrap_or("(no code)"),
            d.failure_message().unwrap_or_default()
        ))
        .into());
    }
    let location = export_location(&d, uri);
    let items = d.item_count().unwrap_or(0);
    output::note(format!(
        "exported {items} item(s) of table '{table}' to {location} (data files under data/); load them with `cruddur ddb import --s3 {location}`"
    ));
    if ctx.json() {
        output::print_json(&ExportReport {
            table,
            export_arn: &arn,
            status: JobStatus::Completed,
            items: Some(items),
            s3: location,
        })?;
    }
    Ok(())
}

/// Where an export's data files are: every key of `manifest-files.json`
/// when the prefix holds one, otherwise every `data/*.gz` under the prefix.
struct Located {
    keys: Vec<String>,
    /// The prefix ImportTable reads (the `data/` directory).
    data_prefix: String,
}

async fn locate(ctx: &Ctx, uri: &S3Uri) -> Result<Located, CliError> {
    let s3 = ctx.s3().await?;
    let mut all = Vec::new();
    let mut pages = s3
        .list_objects_v2()
        .bucket(&uri.bucket)
        .prefix(uri.dir())
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| s3_error(e, &format!("listing {uri}")))?;
        all.extend(
            page.contents()
                .iter()
                .filter_map(|o| o.key().map(str::to_string)),
        );
    }
    let manifests: Vec<&String> = all
        .iter()
        .filter(|k| k.ends_with("/manifest-files.json") || *k == "manifest-files.json")
        .collect();
    let keys: Vec<String> = match manifests.as_slice() {
        [] => all
            .iter()
            .filter(|k| k.contains("/data/") && k.ends_with(".gz"))
            .cloned()
            .collect(),
        [manifest] => {
            let body = download(ctx, &uri.bucket, manifest).await?;
            let text = String::from_utf8_lossy(&body);
            let mut keys = Vec::new();
            for (n, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let v: serde_json::Value = serde_json::from_str(line).map_err(|e| {
                    CliError::new(format!(
                        "s3://{}/{manifest}:{}: not JSON ({e})",
                        uri.bucket,
                        n + 1
                    ))
                })?;
                match v["dataFileS3Key"].as_str() {
                    Some(k) => keys.push(k.to_string()),
                    None => {
                        return Err(CliError::new(format!(
                            "s3://{}/{manifest}:{}: no dataFileS3Key",
                            uri.bucket,
                            n + 1
                        )))
                    }
                }
            }
            keys
        }
        several => {
            let dirs: Vec<String> = several
                .iter()
                .map(|k| {
                    format!(
                        "s3://{}/{}",
                        uri.bucket,
                        k.trim_end_matches("/manifest-files.json")
                    )
                })
                .collect();
            return Err(CliError::usage(format!(
                "{uri} holds {} exports: {}",
                dirs.len(),
                dirs.join(", ")
            ))
            .hint("name one of them with --s3"));
        }
    };
    let keys: Vec<String> = keys
        .into_iter()
        .filter(|k| !is_manifest(k.rsplit('/').next().unwrap_or(k)))
        .collect();
    let Some(first) = keys.first() else {
        return Err(CliError::usage(format!(
            "no export data under {uri}: neither a manifest-files.json nor data/*.json.gz files"
        ))
        .hint("give the prefix of an export to S3, e.g. s3://BUCKET/PREFIX/AWSDynamoDB/01234567890123-abcdefgh"));
    };
    let data_prefix = match first.rfind("/data/") {
        Some(i) => first[..i + "/data/".len()].to_string(),
        None => uri.dir(),
    };
    Ok(Located { keys, data_prefix })
}

/// The body of one object, and what a failure reading it should say.
async fn object(
    ctx: &Ctx,
    bucket: &str,
    key: &str,
) -> Result<(aws_sdk_s3::primitives::ByteStream, String), CliError> {
    let doing = format!("downloading s3://{bucket}/{key}");
    let out = ctx
        .s3()
        .await?
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .map_err(|e| s3_error(e, &doing))?;
    Ok((out.body, doing))
}

/// One (small) object in memory: a manifest.
async fn download(ctx: &Ctx, bucket: &str, key: &str) -> Result<Vec<u8>, CliError> {
    let (body, doing) = object(ctx, bucket, key).await?;
    let body = body
        .collect()
        .await
        .map_err(|e| CliError::new(format!("{doing}: {e}")))?;
    Ok(body.into_bytes().to_vec())
}

/// Downloads one object into a temporary file, chunk by chunk, so that an
/// export's data files take disk, not memory.
async fn download_to_file(
    ctx: &Ctx,
    bucket: &str,
    key: &str,
) -> Result<tempfile::NamedTempFile, CliError> {
    use std::io::Write;
    let (mut body, doing) = object(ctx, bucket, key).await?;
    let failed = |e: String| CliError::new(format!("{doing}: {e}"));
    let mut file = tempfile::NamedTempFile::new().map_err(|e| {
        failed(format!("cannot create a temporary file: {e}"))
            .hint("set TMPDIR to a writable directory with room for the export")
    })?;
    while let Some(chunk) = body.try_next().await.map_err(|e| failed(e.to_string()))? {
        file.write_all(&chunk).map_err(|e| failed(e.to_string()))?;
    }
    file.flush().map_err(|e| failed(e.to_string()))?;
    Ok(file)
}

/// `ddb import --s3` without `--create-table`: the export's data files, downloaded.
pub async fn inputs(ctx: &Ctx, uri: &S3Uri) -> Result<Vec<Input>, CliError> {
    let located = locate(ctx, uri).await?;
    let bar = output::spinner(format!(
        "downloading {} data file(s) from {uri}",
        located.keys.len()
    ));
    let mut inputs = Vec::with_capacity(located.keys.len());
    for key in &located.keys {
        let file = download_to_file(ctx, &uri.bucket, key).await?;
        inputs.push(Input::Spooled {
            name: format!("s3://{}/{key}", uri.bucket),
            file,
        });
    }
    bar.finish_and_clear();
    Ok(inputs)
}

/// `ddb import --s3 --create-table NAME`: ImportTable creates the table
/// from the export with the model's schema (without a stream: ImportTable
/// cannot set one), and the command waits until it is done.
pub async fn create_table(
    ctx: &Ctx,
    uri: &S3Uri,
    name: &str,
    timeout: Duration,
) -> anyhow::Result<()> {
    // A new table: the guard, then any request.
    let writer = writer(ctx, &format!("create table '{name}' from an S3 import")).await?;
    let located = locate(ctx, uri).await?;
    let d = schema::definition(false);
    let parameters = TableCreationParameters::builder()
        .table_name(name)
        .set_attribute_definitions(Some(d.attribute_definitions))
        .set_key_schema(Some(d.key_schema))
        .billing_mode(d.billing_mode)
        .provisioned_throughput(d.provisioned_throughput)
        .set_global_secondary_indexes(Some(d.global_secondary_indexes))
        .build()
        .map_err(|e| CliError::new(format!("building the table definition: {e}")))?;
    let source = S3BucketSource::builder()
        .s3_bucket(&uri.bucket)
        .s3_key_prefix(&located.data_prefix)
        .build()
        .map_err(|e| CliError::new(format!("building the S3 source: {e}")))?;
    let client = &writer;
    let started = client
        .import_table()
        .s3_bucket_source(source)
        .input_format(InputFormat::DynamodbJson)
        .input_compression_type(InputCompressionType::Gzip)
        .table_creation_parameters(parameters)
        .send()
        .await
        .map_err(|e| {
            let mut err = ddb_error(ctx, e, &format!("importing {uri} into a new table '{name}'"), None);
            if !ctx.is_prod() {
                err = err.hint("ImportTable runs in AWS (--prod); DynamoDB Local has no server-side import: leave out --create-table to download and write the items instead");
            }
            err
        })?;
    let arn = started
        .import_table_description()
        .and_then(|d| d.import_arn())
        .unwrap_or_default()
        .to_string();
    let job = ImportJob {
        ctx,
        client,
        arn: arn.clone(),
    };
    let doing = format!(
        "importing s3://{}/{} into new table '{name}'",
        uri.bucket, located.data_prefix
    );
    let d = follow(&job, doing, timeout).await?;
    if d.import_status() != Some(&ImportStatus::Completed) {
        return Err(CliError::new(format!(
            "the import of {uri} into table '{name}' ended {}: {} {}",
            d.import_status().map(|s| s.as_str()).unwrap_or("unknown"),
            d.failure_code().unwrap_or("(no code)"),
            d.failure_message().unwrap_or_default()
        ))
        .into());
    }
    let items = d.imported_item_count();
    output::note(format!(
        "created table '{name}' at {} with {items} item(s) from {uri} ({} error(s)); it has no stream: add one in the console or with `aws dynamodb update-table --stream-specification StreamEnabled=true,StreamViewType=NEW_IMAGE` if stream-sync or the stream Lambda need it",
        ctx.dynamodb_target(),
        d.error_count()
    ));
    if ctx.json() {
        output::print_json(&ImportReport {
            table: name,
            import_arn: &arn,
            status: JobStatus::Completed,
            items,
            errors: d.error_count(),
            s3: uri.to_string(),
        })?;
    }
    Ok(())
}

/// Where an export or import job stands, as its report says it.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum JobStatus {
    InProgress,
    Completed,
}

/// What `ddb export --s3` reports (`--output json`).
#[derive(Debug, serde::Serialize)]
struct ExportReport<'a> {
    table: &'a str,
    export_arn: &'a str,
    status: JobStatus,
    /// Known once the export is done.
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<i64>,
    s3: String,
}

/// What `ddb import --s3 --create-table` reports (`--output json`).
#[derive(Debug, serde::Serialize)]
struct ImportReport<'a> {
    table: &'a str,
    import_arn: &'a str,
    status: JobStatus,
    items: i64,
    errors: i64,
    s3: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_uris() {
        let u: S3Uri = "s3://bucket/some/prefix/".parse().unwrap();
        assert_eq!(
            (u.bucket.as_str(), u.prefix.as_str()),
            ("bucket", "some/prefix")
        );
        assert_eq!(u.dir(), "some/prefix/");
        let u: S3Uri = "s3://bucket".parse().unwrap();
        assert_eq!((u.bucket.as_str(), u.dir()), ("bucket", String::new()));
        assert!("bucket/prefix".parse::<S3Uri>().is_err());
        assert!("s3:///prefix".parse::<S3Uri>().is_err());
    }
}
