//! `docs/commands.md`, the command reference, is generated from the command
//! tree: every command's long help, as `cruddur ... --help` prints it at a
//! width of 100 columns, with environment values left out. After changing a
//! command, run `scripts/update-docs` (this test with `CRUDDUR_UPDATE_DOCS=1`,
//! which rewrites the file) and commit `docs/commands.md`.

use std::fmt::Write as _;
use std::path::PathBuf;

const FILE: &str = "docs/commands.md";
const WIDTH: usize = 100;

/// The tree as the reference shows it: `[env: NAME]` without the value the
/// developer's environment happens to hold, wrapped at a fixed width.
fn tree() -> clap::Command {
    fn hide_env_values(cmd: clap::Command) -> clap::Command {
        cmd.mut_args(|arg| arg.hide_env_values(true))
            .mut_subcommands(hide_env_values)
    }
    let mut root = hide_env_values(cruddur::command_tree()).term_width(WIDTH);
    root.build();
    root
}

/// Every command, depth first, in the order `--help` lists them: its path
/// (`cruddur ddb seed`), its depth and the command. Hidden commands and
/// clap's `help` are left out.
fn walk(
    cmd: &clap::Command,
    path: &mut Vec<String>,
    out: &mut Vec<(String, usize, clap::Command)>,
) {
    path.push(cmd.get_name().to_string());
    out.push((path.join(" "), path.len() - 1, cmd.clone()));
    for sub in cmd.get_subcommands() {
        if sub.get_name() != "help" && !sub.is_hide_set() {
            walk(sub, path, out);
        }
    }
    path.pop();
}

/// GitHub's anchor of a heading made of a command's path.
fn anchor(path: &str) -> String {
    path.replace(' ', "-")
}

/// A fence longer than any run of backticks in `text`.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// The whole of `docs/commands.md`.
fn render() -> String {
    let mut commands = Vec::new();
    walk(&tree(), &mut Vec::new(), &mut commands);

    let mut doc = String::new();
    doc.push_str(
        "# Command reference\n\
         \n\
         <!-- Generated from the command tree by scripts/update-docs; do not edit by hand. -->\n\
         \n\
         Every command's `--help`, generated from the command tree (environment\n\
         variables are named, their values left out). How the commands fit together\n\
         is in the [README](../README.md); the options every command takes are under\n\
         [`cruddur`](#cruddur).\n\
         \n",
    );
    for (path, depth, cmd) in &commands {
        let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
        let about = about.lines().next().unwrap_or_default().trim();
        let indent = "  ".repeat(*depth);
        let sep = if about.is_empty() { "" } else { ": " };
        writeln!(doc, "{indent}- [`{path}`](#{}){sep}{about}", anchor(path)).unwrap();
    }
    for (path, _, cmd) in &commands {
        let help = cmd.clone().render_long_help().to_string();
        let help: Vec<&str> = help.lines().map(str::trim_end).collect();
        let help = help.join("\n");
        let help = help.trim_matches('\n');
        let fence = fence(help);
        write!(doc, "\n## {path}\n\n{fence}text\n{help}\n{fence}\n").unwrap();
    }
    doc
}

#[test]
fn the_committed_command_reference_is_up_to_date() {
    let want = render();
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(FILE);
    if std::env::var("CRUDDUR_UPDATE_DOCS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(file.parent().expect("docs/")).expect("create docs/");
        std::fs::write(&file, &want).unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
        return;
    }
    let have = std::fs::read_to_string(&file).unwrap_or_default();
    if have != want {
        let first = have
            .lines()
            .zip(want.lines())
            .position(|(h, w)| h != w)
            .unwrap_or_else(|| have.lines().count().min(want.lines().count()));
        panic!(
            "{FILE} differs from the command tree (first at line {}: have {:?}, want {:?});\n\
             run scripts/update-docs and commit {FILE}",
            first + 1,
            have.lines().nth(first).unwrap_or("<end of file>"),
            want.lines().nth(first).unwrap_or("<end of file>"),
        );
    }
}

#[test]
fn the_reference_has_every_group_and_no_environment_value() {
    let doc = render();
    for group in [
        "ddb",
        "patterns",
        "db",
        "cognito",
        "rds",
        "setup",
        "doctor",
        "init",
        "completions",
    ] {
        assert!(
            doc.contains(&format!("\n## cruddur {group}\n")),
            "group `{group}` missing"
        );
    }
    for line in doc.lines().filter(|l| l.contains("[env: ")) {
        let spec = &line[line.find("[env: ").unwrap() + "[env: ".len()..];
        let name = spec.split(']').next().unwrap_or_default();
        assert!(
            !name.is_empty() && !name.contains('='),
            "an environment value reached the reference: {line}"
        );
    }
}
