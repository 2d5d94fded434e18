//! `cruddur completions <shell>`: shell completion scripts generated from
//! the command tree, so they never fall behind it.

use clap::Args;
use clap_complete::Shell;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to write the completion script for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut cmd = crate::command_tree();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "cruddur", &mut out);
    out
}

pub fn run(args: CompletionsArgs) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&script(args.shell))?;
    stdout.flush()?;
    Ok(())
}
