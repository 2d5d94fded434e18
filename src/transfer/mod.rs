//! Items in and out of a table, below the commands: the inputs of an
//! import (files, stdin, FIFOs, S3 objects) and their checks, the two
//! passes of an import, the destinations of an export, and the jobs
//! DynamoDB runs itself with S3 (export to S3, ImportTable).

pub mod destination;
pub mod export;
pub mod import;
pub mod s3;
pub mod source;
