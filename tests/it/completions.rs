//! The committed completion scripts in `completions/` match the command tree.
//! After changing a command, run `scripts/update-completions` (or this test
//! with `UPDATE_COMPLETIONS=1`, which rewrites the files).

use std::path::PathBuf;

use clap_complete::Shell;
use cruddur::commands::completions::script;

const FILES: &[(Shell, &str)] = &[
    (Shell::Bash, "cruddur.bash"),
    (Shell::Zsh, "_cruddur"),
    (Shell::Fish, "cruddur.fish"),
];

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(name)
}

#[test]
fn committed_completions_are_up_to_date() {
    let update = std::env::var("UPDATE_COMPLETIONS").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for (shell, name) in FILES {
        let want = script(*shell);
        let file = path(name);
        if update {
            std::fs::create_dir_all(file.parent().expect("completions dir"))
                .expect("create completions/");
            std::fs::write(&file, &want)
                .unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
            continue;
        }
        match std::fs::read(&file) {
            Ok(have) if have == want => {}
            Ok(_) => stale.push(format!(
                "completions/{name} differs from `cruddur completions {shell}`"
            )),
            Err(e) => stale.push(format!("completions/{name} cannot be read ({e})")),
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nrun `scripts/update-completions` (or `UPDATE_COMPLETIONS=1 cargo test --test completions`) and commit completions/",
        stale.join("\n")
    );
}

#[test]
fn the_binary_prints_each_script() {
    for (shell, _) in FILES {
        let out = assert_cmd::Command::cargo_bin("cruddur")
            .expect("the cruddur binary")
            .args(["completions", &shell.to_string()])
            .assert()
            .success();
        let stdout = &out.get_output().stdout;
        assert_eq!(stdout, &script(*shell), "{shell}");
        let text = String::from_utf8_lossy(stdout);
        for sub in ["ddb", "rds", "completions"] {
            assert!(text.contains(sub), "{shell} script lacks `{sub}`");
        }
    }
    for shell in ["powershell", "elvish"] {
        assert_cmd::Command::cargo_bin("cruddur")
            .expect("the cruddur binary")
            .args(["completions", shell])
            .assert()
            .success();
    }
    let out = assert_cmd::Command::cargo_bin("cruddur")
        .expect("the cruddur binary")
        .args(["completions", "tcsh"])
        .assert()
        .failure()
        .code(2);
    insta::assert_snapshot!("unknown-shell", crate::support::transcript(&out));
}
