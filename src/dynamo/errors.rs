//! DynamoDB errors as [`CliError`]s: the SDK's errors mapped once, the one
//! "table does not exist", an item that cannot be written out, and the
//! flags hints repeat.

use aws_sdk_dynamodb::error::SdkError;

use crate::app::context::Ctx;
use crate::app::error::{CliError, ErrorKind};
use crate::aws::errors::{aws_error, service_code, OperationError};

/// Turns a DynamoDB SDK error into a [`CliError`] naming the endpoint; a
/// missing `table` gets the hint to create it.
pub fn ddb_error<E: OperationError, R: std::fmt::Debug + 'static>(
    ctx: &Ctx,
    err: SdkError<E, R>,
    doing: &str,
    table: Option<&str>,
) -> CliError {
    if let (Some(table), Some("ResourceNotFoundException")) = (table, service_code(&err)) {
        let missing = table_missing(ctx, table);
        return CliError {
            message: format!("{doing}: {}", missing.message),
            ..missing
        };
    }
    if let Some(peer) = other_service(ctx, &err) {
        return CliError::new(format!(
            "{doing}: {} answers at {}, not DynamoDB",
            peer.name(),
            ctx.dynamodb_target()
        ))
        .hint("point --endpoint-url (or AWS_ENDPOINT_URL_DYNAMODB) at DynamoDB: DynamoDB Local listens on port 8000 unless told otherwise")
        .cause(&err);
    }
    aws_error(
        err,
        doing,
        &format!("DynamoDB at {}", ctx.dynamodb_target()),
        &ctx.dynamodb_unreachable_hint(),
    )
}

/// What answers at the DynamoDB endpoint instead of DynamoDB, when a
/// connection was made but the answer was no DynamoDB answer.
fn other_service<E: OperationError, R: std::fmt::Debug + 'static>(
    ctx: &Ctx,
    err: &SdkError<E, R>,
) -> Option<crate::app::peer::Peer> {
    let suspicious = match err {
        SdkError::DispatchFailure(d) => {
            !crate::aws::connection::is_refused(err)
                && !d.is_timeout()
                && !crate::aws::connection::is_tls_failure(err)
        }
        SdkError::ServiceError(s) => s.err().code().is_none(),
        SdkError::ResponseError(_) => true,
        _ => false,
    };
    if !suspicious {
        return None;
    }
    let (host, port) = crate::app::peer::host_port(&ctx.dynamodb_endpoint()?)?;
    crate::app::peer::identify(&host, port).filter(|p| *p != crate::app::peer::Peer::DynamoDb)
}

/// The one error for a table that is not there: kind NotFound, and the
/// command that creates it as the hint (callers may give another hint).
pub fn table_missing(ctx: &Ctx, table: &str) -> CliError {
    CliError::new(format!(
        "table '{table}' does not exist at {}",
        ctx.dynamodb_target()
    ))
    .kind(ErrorKind::NotFound)
    .hint(format!(
        "create it with `cruddur{}{} ddb schema-load`",
        prod_flag(ctx),
        table_flag(table)
    ))
}

/// An item that cannot be written out as it is stored (an attribute of a
/// type this build does not know), named by its keys: no value is ever
/// turned into another type in its place.
pub fn unreadable_item(
    table: &str,
    item: &crate::model::attr::Item,
    e: crate::model::attr::DecodeError,
) -> CliError {
    use crate::model::attr::get_s;
    use crate::model::schema::attrs;
    CliError::new(format!(
        "item pk={} sk={} of table '{table}': {e}",
        get_s(item, attrs::PK).unwrap_or("?"),
        get_s(item, attrs::SK).unwrap_or("?")
    ))
    .hint("no value was changed into another type; a newer cruddur may know this one")
}

/// ` --prod` when the run targets AWS, for hints that show a command line.
pub fn prod_flag(ctx: &Ctx) -> &'static str {
    if ctx.is_prod() {
        " --prod"
    } else {
        ""
    }
}

/// ` --table NAME` unless `table` is the default, for hints.
pub fn table_flag(table: &str) -> String {
    if table == crate::model::DEFAULT_TABLE {
        String::new()
    } else {
        format!(" --table {table}")
    }
}
