//! Pattern E in one place: each conversation's group rows moved to its
//! newest message. `apply` is the core both runners share; `sync` follows
//! a table's stream from here (`ddb stream-sync`, with its `checkpoint`);
//! `lambda` is the same work as the Lambda function (`ddb stream-handler`,
//! or the binary started as `bootstrap`). The stacks that deploy it are
//! written by `crate::infra`.

pub mod apply;
pub mod checkpoint;
pub mod lambda;
pub mod sync;
