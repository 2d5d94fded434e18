//! The help of every command is snapshot-tested (`cargo insta review`, or
//! INSTA_UPDATE=always, to accept a change) and every command shows an example.

use clap::CommandFactory;
use cruddur::cli::Cli;

fn walk(cmd: &clap::Command, path: &mut Vec<String>, out: &mut Vec<(String, clap::Command)>) {
    path.push(cmd.get_name().to_string());
    out.push((path.join(" "), cmd.clone()));
    for sub in cmd.get_subcommands() {
        if sub.get_name() != "help" {
            walk(sub, path, out);
        }
    }
    path.pop();
}

fn all_commands() -> Vec<(String, clap::Command)> {
    let mut root = Cli::command().term_width(100);
    root.build();
    let mut out = Vec::new();
    walk(&root, &mut Vec::new(), &mut out);
    out
}

/// `[env: NAME=value]` shows the developer's environment: drop the value.
fn without_env_values(help: &str) -> String {
    help.lines()
        .map(|line| match (line.find("[env: "), line.rfind(']')) {
            (Some(start), Some(end)) if end > start => match line[start..end].find('=') {
                Some(eq) => format!("{}{}", &line[..start + eq + 1], &line[end..]),
                None => line.to_string(),
            },
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn help_of_every_command_matches_its_snapshot() {
    for (path, mut cmd) in all_commands() {
        let help = without_env_values(&cmd.render_long_help().to_string());
        insta::assert_snapshot!(path.replace(' ', "__"), help);
    }
}

#[test]
fn every_leaf_command_has_an_example() {
    for (path, mut cmd) in all_commands() {
        if cmd.get_subcommands().next().is_none() {
            let help = cmd.render_long_help().to_string();
            assert!(help.contains("Example"), "`{path} --help` shows no example");
        }
    }
}

#[test]
fn top_level_help_names_the_five_groups() {
    let out = assert_cmd::Command::cargo_bin("cruddur")
        .unwrap()
        .arg("--help")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for group in ["ddb", "patterns", "cognito", "db", "rds"] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(&format!("{group} "))),
            "group {group} missing:\n{text}"
        );
    }
}
