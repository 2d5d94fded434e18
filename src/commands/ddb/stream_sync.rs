//! `ddb stream-sync`: Pattern E without AWS, following the table's stream
//! from this machine (see [`crate::stream::sync`]).

use std::path::PathBuf;

use clap::Args;

use crate::app::context::Ctx;
use crate::stream::sync::{follow, StartFrom, SyncOptions};

#[derive(Debug, Args)]
pub struct StreamSyncArgs {
    /// Drain what the stream holds now, then exit (for scripts and tests)
    #[arg(long)]
    pub once: bool,

    /// Checkpoint file (default: one per endpoint and table under the user's cache directory)
    #[arg(long, value_name = "PATH")]
    pub checkpoint: Option<PathBuf>,

    /// Where to start when there is no checkpoint
    #[arg(long, value_enum, default_value_t = StartFrom::TrimHorizon)]
    pub from: StartFrom,

    /// Longest pause between polls when the stream is idle, in milliseconds
    #[arg(long, default_value_t = 2000, value_name = "MS")]
    pub max_idle_ms: u64,
}

pub async fn run(ctx: &Ctx, args: StreamSyncArgs) -> anyhow::Result<()> {
    follow(
        ctx,
        SyncOptions {
            once: args.once,
            checkpoint: args.checkpoint,
            from: args.from,
            max_idle_ms: args.max_idle_ms,
        },
    )
    .await
}
