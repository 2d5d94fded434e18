//! The integration tests: one test binary (linking the AWS SDKs and sqlx once),
//! one module per command group, against DynamoDB Local, moto and PostgreSQL.
//! `scripts/test` starts the services; `scripts/test <filter>` runs a subset,
//! e.g. `scripts/test messaging::`.

mod support;

mod allow_ip;
mod bad_input;
mod cognito;
mod completions;
mod db;
mod ddb_tables;
mod docs;
mod doctor_server;
mod endpoint_guard;
mod faults;
mod help;
mod import_guards;
mod json_reports;
mod load_plan;
mod messaging;
mod migrations;
mod paging;
mod portability;
mod rds;
mod report;
mod setup_doctor;
mod stream_handler;
mod stream_stack;
mod stream_sync;
mod synthetic;
mod terminal;
